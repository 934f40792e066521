"""The workbench ID of a contact in Outlook: the contact's number, as ``X-WORKBENCH-ID`` and as UID.

An exported card carries the contact's number in ``X-WORKBENCH-ID`` and a UID derived
from it (a name-based UUID, so exporting again gives the same UID and Outlook updates
the contact instead of adding a second one). A card coming back is recognised by
either: Outlook keeps the UID even where an ``X-`` property is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

import pandas as pd

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


def recognised_numbers(cards: pd.DataFrame, numbers: Iterable[str],
                       uids: Mapping[str, str] | None = None) -> pd.Series:
    """The contact number each card carries (``X-WORKBENCH-ID``, else a workbench UID), or None.

    Only numbers among ``numbers`` (the contacts that exist) count; a card naming a
    number that no longer exists is treated as a stranger.

    Args:
        cards: The cards (``X-WORKBENCH-ID`` and ``UID`` columns as present).
        numbers: The existing contacts' numbers.
        uids: Outlook's own UIDs of contacts imported from Outlook (UID -> number).

    Examples:
        >>> cards = pd.DataFrame({"X-WORKBENCH-ID": ["7", None, None, "99"],
        ...                       "UID": [None, contact_uid("8"), "other", None]})
        >>> recognised_numbers(cards, ["7", "8"]).tolist()
        ['7', '8', None, None]
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
    return pd.Series(result, index=cards.index, dtype=object, name="contact_no")
