"""Is an incoming contact already among the contacts? The duplicate check of the import.

The rules are DESIGN.md's, run by :func:`workbench.linkage.find_partners` on the
contact kind: **sure** is the same personal e-mail (role mailboxes such as ``info@``
are no proof) or the same last name and mobile, unless the first names clearly
differ; **possible** are similar names with shared evidence; **none** the rest. Every
candidate gets its best-ranked existing contact and the sentence that explains the class.
"""

from __future__ import annotations

import pandas as pd

from workbench.linkage import LinkageConfig, find_partners

DUPLICATE_COLUMNS = ("duplicate_class", "duplicate_of", "duplicate_reason", "duplicate_score")
_NONE_REASON = "no existing contact shares a personal e-mail, a mobile or similar names with supporting evidence"


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
    chosen = config or LinkageConfig(kind="contact")
    result = pd.DataFrame({"duplicate_class": "none", "duplicate_of": pd.Series(None, index=candidates.index,
                                                                                   dtype=object),
                           "duplicate_reason": _NONE_REASON, "duplicate_score": 0.0},
                          index=candidates.index, columns=list(DUPLICATE_COLUMNS))
    if candidates.empty or contacts.empty:
        return _with_none(result)
    incoming = candidates.assign(customer_no=None) if "customer_no" not in candidates else candidates
    pairs = find_partners(incoming, contacts, chosen).pairs
    pairs = pairs[pairs["match_class"] != "none"]
    if pairs.empty:
        return _with_none(result)
    best = pairs.sort_values(["a_row", "a_rank"]).drop_duplicates("a_row").set_index("a_row")
    result.loc[best.index, "duplicate_class"] = best["match_class"].astype(str)
    result.loc[best.index, "duplicate_of"] = best["b_no"]
    result.loc[best.index, "duplicate_reason"] = best["explanation"]
    result.loc[best.index, "duplicate_score"] = best["score"].round(3)
    return _with_none(result)


def _with_none(result: pd.DataFrame) -> pd.DataFrame:
    found = result["duplicate_of"].astype(object)
    return result.assign(duplicate_of=found.where(found.notna(), None))
