"""The workbench ID of a contact in Outlook: the contact's number, as ``X-WORKBENCH-ID`` and as UID.

An exported card carries the contact's number in ``X-WORKBENCH-ID`` and a UID derived
from it (a name-based UUID, so exporting again gives the same UID and Outlook updates
the contact instead of adding a second one). A card coming back is recognised by
either: Outlook keeps the UID even where an ``X-`` property is lost. A card with neither
(some exports write no UID) is recognised by its :func:`content_keys`: the ones stored
when an earlier import created its contact.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from workbench.normalize import country_key, email_key, name_key, phone_key

WORKBENCH_ID = "X-WORKBENCH-ID"
"""The vCard property holding the contact's number."""
UID = "UID"
NAMESPACE = uuid.UUID("6f0c5a2e-3d4b-5c1a-9e8f-2b7d4c6a1e90")
"""Namespace of the workbench's contact UIDs (the sample generator uses the same one)."""


def contact_uid(number: str) -> str:
    """The stable vCard UID of contact ``number``.

    Examples:
        >>> contact_uid("50215")
        'urn:uuid:157da0a6-ccc6-5067-b65c-ba0ae433aa1d'
        >>> contact_uid("50215") == contact_uid("50215") != contact_uid("50216")
        True
    """
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'contact:' + number)}"


def content_keys(cards: pd.DataFrame) -> pd.Series:
    """How a card without UID is recognised again: its name together with each of its e-mail, mobile, phone.

    A key is the name key of first and last name (of ``FN`` when the card has neither)
    and, after ``|``, the e-mail key or a phone number's key (region from the card's
    country): case, accents, spacing and number formats do not matter, and a card whose
    e-mail changed is still recognised by its mobile. A card without a name, or with none
    of the three, has no key.

    Examples:
        >>> cards = pd.DataFrame({"first_name": ["Anna", None, "Ole"], "last_name": ["Berg", None, None],
        ...                       "email": [" Anna.Berg@Firma.DE", "x@y.de", None],
        ...                       "mobile": ["0171 1234567", None, None]})
        >>> content_keys(cards).tolist()
        [('anna berg|email:anna.berg@firma.de', 'anna berg|mobile:+491711234567'), (), ()]
    """
    def column(name: str) -> pd.Series:
        return cards[name] if name in cards.columns else pd.Series(None, index=cards.index, dtype=object)

    written = (column("first_name").fillna("").astype(str) + " " + column("last_name").fillna("").astype(str))
    names = name_key(written.str.strip().replace("", None).fillna(column("FN")))
    regions = country_key(column("country"))
    values = {"email": email_key(column("email")), "mobile": phone_key(column("mobile"), regions),
              "phone": phone_key(column("phone"), regions)}
    keys = [tuple(f"{name}|{kind}:{value}" for kind, value in zip(values, row, strict=True) if isinstance(value, str))
            if isinstance(name, str) else ()
            for name, *row in zip(names, *values.values(), strict=True)]
    return pd.Series(keys, index=cards.index, dtype=object, name="content_keys")


def recognised_numbers(cards: pd.DataFrame, numbers: Iterable[str], uids: Mapping[str, str] | None = None,
                       keys: Mapping[str, Sequence[str]] | None = None) -> pd.Series:
    """The contact number each card carries (``X-WORKBENCH-ID``, else a workbench UID), or None.

    Only numbers among ``numbers`` (the contacts that exist) count; a card naming a
    number that no longer exists is treated as a stranger. A card without UID is
    recognised by a content key stored for a contact (``keys``), each contact by one
    card at most (two equal cards of one export stay two contacts).

    Args:
        cards: The cards (``X-WORKBENCH-ID`` and ``UID`` columns as present).
        numbers: The existing contacts' numbers.
        uids: Outlook's own UIDs of contacts imported from Outlook (UID -> number).
        keys: The :func:`content_keys` of contacts imported from cards without UID (number -> keys).

    Examples:
        >>> cards = pd.DataFrame({"X-WORKBENCH-ID": ["7", None, None, "99"],
        ...                       "UID": [None, contact_uid("8"), "other", None]})
        >>> recognised_numbers(cards, ["7", "8"]).tolist()
        ['7', '8', None, None]
        >>> twins = pd.DataFrame({"first_name": ["Anna"] * 3, "last_name": ["Berg"] * 3, "email": ["anna@berg.de"] * 3})
        >>> recognised_numbers(twins, ["7", "8"], keys={"7": ["anna berg|email:anna@berg.de"],
        ...                                             "8": ["anna berg|email:anna@berg.de"]}).tolist()
        ['7', '8', None]
    """
    known = {str(number) for number in numbers}
    by_uid = {contact_uid(number): number for number in known}
    by_uid.update({uid: number for uid, number in (uids or {}).items() if number in known})
    carried = cards[WORKBENCH_ID] if WORKBENCH_ID in cards else pd.Series(None, index=cards.index, dtype=object)
    uids = cards[UID] if UID in cards else pd.Series(None, index=cards.index, dtype=object)
    result = [
        (str(own).strip() if isinstance(own, str) and own.strip() in known else by_uid.get(uid))
        for own, uid in zip(carried, uids, strict=True)
    ]
    owners: dict[str, list[str]] = {}
    for number, stored in (keys or {}).items():
        for key in stored if number in known else ():
            owners.setdefault(key, []).append(number)
    claimed = {number for number in result if number}
    unnamed = [position for position, (number, uid) in enumerate(zip(result, uids, strict=True))
               if number is None and not (isinstance(uid, str) and uid.strip())]
    if owners and unnamed:
        for position, wanted in zip(unnamed, content_keys(cards.iloc[unnamed]), strict=True):
            found = next((number for key in wanted for number in owners.get(key, ()) if number not in claimed), None)
            if found is not None:
                result[position] = found
                claimed.add(found)
    return pd.Series(result, index=cards.index, dtype=object, name="contact_no")
