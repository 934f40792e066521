"""Is an incoming contact already among the contacts? The duplicate check of the import.

The rules are DESIGN.md's, run by :func:`workbench.linkage.find_partners` on the
contact kind: **sure** is the same personal e-mail (role mailboxes such as ``info@``
are no proof) or the same last name and mobile, unless the first names clearly
differ; **possible** are similar names with shared evidence; **none** the rest. Every
candidate gets its best-ranked existing contact and the sentence that explains the class.
"""

from __future__ import annotations

import pandas as pd

from workbench.linkage import LinkageConfig, MatchResult, find_partners
from workbench.linkage.classify import NONE

DUPLICATE_COLUMNS = ("duplicate_class", "duplicate_of", "duplicate_reason", "duplicate_score")
_NONE_REASON = "no existing contact shares a personal e-mail, a mobile or similar names with supporting evidence"


def card_numbers(cards: pd.DataFrame) -> pd.Series:
    """The number a card goes by in the store (steward decisions): its UID, else ``card <row>``.

    Examples:
        >>> card_numbers(pd.DataFrame({"UID": ["A-1", None]}, index=[4, 5])).tolist()
        ['A-1', 'card 5']
    """
    uids = cards["UID"] if "UID" in cards.columns else pd.Series(None, index=cards.index, dtype=object)
    fallback = pd.Series([f"card {row}" for row in cards.index], index=cards.index, dtype=object)
    return uids.astype(object).where(uids.notna(), fallback).rename("card_no")


def match_candidates(candidates: pd.DataFrame, contacts: pd.DataFrame,
                     config: LinkageConfig | None = None) -> MatchResult:
    """The candidates matched against the contacts (``a_no`` = :func:`card_numbers`), as the review shows them."""
    incoming = candidates.assign(customer_no=card_numbers(candidates))
    return find_partners(incoming, contacts, config or LinkageConfig(kind="contact"))


def duplicate_classes(result: MatchResult | None, index: pd.Index) -> pd.DataFrame:
    """Each candidate's best-ranked existing contact, class and reason from a :func:`match_candidates` result."""
    classes = pd.DataFrame({"duplicate_class": NONE, "duplicate_of": pd.Series(None, index=index, dtype=object),
                            "duplicate_reason": _NONE_REASON, "duplicate_score": 0.0},
                           index=index, columns=list(DUPLICATE_COLUMNS))
    pairs = result.pairs if result is not None else pd.DataFrame(columns=["match_class"])
    pairs = pairs[pairs["match_class"] != NONE]
    if pairs.empty:
        return _with_none(classes)
    best = pairs.sort_values(["a_row", "a_rank"]).drop_duplicates("a_row").set_index("a_row")
    classes.loc[best.index, "duplicate_class"] = best["match_class"].astype(str)
    classes.loc[best.index, "duplicate_of"] = best["b_no"]
    classes.loc[best.index, "duplicate_reason"] = best["explanation"]
    classes.loc[best.index, "duplicate_score"] = best["score"].round(3)
    return _with_none(classes)


def check_duplicates(candidates: pd.DataFrame, contacts: pd.DataFrame,
                     config: LinkageConfig | None = None) -> pd.DataFrame:
    """The duplicate class of each candidate against the existing contacts.

    Args:
        candidates: Incoming contacts (canonical frame; its index is the card number).
        contacts: The existing contacts (canonical frame with ``customer_no``).
        config: Linkage settings (default: the contact kind's defaults).

    Returns:
        One row per candidate (same index): ``duplicate_class`` (sure / possible /
        none), ``duplicate_of`` (the existing contact's number), ``duplicate_reason``
        and ``duplicate_score``.

    Examples:
        >>> existing = pd.DataFrame({"customer_no": ["50001", "50002"], "first_name": ["Anna", "Jens"],
        ...     "last_name": ["Berg", "Holm"], "email": ["anna.berg@firma.de", "info@holm.dk"],
        ...     "mobile": [None, "+45 20 30 40 50"]}, index=pd.Index([2, 3], name="row"))
        >>> incoming = pd.DataFrame({"first_name": ["Anna", "Jens", "Ole"],
        ...     "last_name": ["Berg", "Holm", "Holm"],
        ...     "email": ["Anna.Berg@firma.de", None, "info@holm.dk"],
        ...     "mobile": [None, "20304050", None], "country": ["DE", "DK", "DK"]},
        ...     index=pd.Index([1, 2, 3], name="row"))
        >>> check_duplicates(incoming, existing)[["duplicate_class", "duplicate_of"]].values.tolist()
        [['sure', '50001'], ['sure', '50002'], ['none', None]]
    """
    if candidates.empty or contacts.empty:
        return duplicate_classes(None, candidates.index)
    return duplicate_classes(match_candidates(candidates, contacts, config), candidates.index)


def _with_none(result: pd.DataFrame) -> pd.DataFrame:
    found = result["duplicate_of"].astype(object)
    return result.assign(duplicate_of=found.where(found.notna(), None))
