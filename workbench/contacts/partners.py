"""Which business partner (company) an incoming contact belongs to: proposed from its
organisation name, its e-mail domain and its address, each piece of evidence explained.

Scoring, per contact and company:

* **organisation name** — similarity of the company keys, word by word (legal form dropped, umlauts
  folded: ``Weiss Logistik G.m.b.H.`` = ``Weiß Logistik GmbH``); below
  :attr:`PartnerRules.name_threshold` it counts as nothing;
* **e-mail domain** — the contact's domain is the company's own (its e-mail, or that of
  one of its contacts) and belongs to that company alone (or to records of one company
  name, duplicates in the base): a domain used by differently named companies or by a
  private customer (``outlook.de``, ``gmx.de``) is no evidence;
* **address** — same postcode and street, or same postcode or city.

The proposal is the company with the highest score at or above
:attr:`PartnerRules.threshold` (name alone or domain alone suffice, an address only
supports); between equal scores the company with more contacts wins. It is
*ambiguous* when a rival comes within :attr:`PartnerRules.margin` (a company entered
twice, or two companies of one name in different towns and no address to tell them
apart).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from workbench.normalize import city_key, company_key, email_key, postcode_key, street_key

_TIE_BREAK = 1e-3
PROPOSAL_COLUMNS = ("partner_no", "partner_company", "partner_score", "partner_ambiguous", "partner_reason")


@dataclass(frozen=True)
class PartnerRules:
    """Weights and thresholds of the proposal (see the module docstring)."""

    name_weight: float = 0.6
    domain_weight: float = 0.5
    address_weight: float = 0.2
    name_threshold: float = 0.9
    threshold: float = 0.5
    margin: float = 0.05


def propose_partners(candidates: pd.DataFrame, partners: pd.DataFrame, contacts: pd.DataFrame | None = None,
                     rules: PartnerRules | None = None) -> pd.DataFrame:
    """The proposed business partner of each candidate contact.

    Args:
        candidates: Incoming contacts (canonical frame: ``company``, ``email``,
            ``street``, ``postcode``, ``city`` as present).
        partners: The customer base; rows with a ``company`` are the business partners,
            the others (private customers) only tell which mail domains are public.
        contacts: Existing contacts with ``partner_no`` and ``email``: their domains are
            their company's domains too.
        rules: Weights and thresholds (default :class:`PartnerRules`).

    Returns:
        One row per candidate (same index): :data:`PROPOSAL_COLUMNS`; ``partner_no`` is
        None when no company reaches the threshold, and the reason says why.

    Examples:
        >>> partners = pd.DataFrame({"customer_no": ["10", "11", "12"],
        ...     "company": ["Weiß Logistik GmbH", "Becker Elektro GmbH", None],
        ...     "email": ["info@weiss-logistik.de", "mail@becker-elektro.de", "anna@gmx.de"],
        ...     "postcode": ["10115", "37073", "10115"], "city": ["Berlin", "Göttingen", "Berlin"]})
        >>> incoming = pd.DataFrame({"company": ["Weiss Logistik G.m.b.H.", None, "Bäckerei Jung"],
        ...     "email": ["m.bauer@weiss-logistik.de", "u.becker@becker-elektro.de", "jung@gmx.de"],
        ...     "postcode": ["10115", None, None]})
        >>> proposal = propose_partners(incoming, partners)
        >>> proposal["partner_no"].tolist()
        ['10', '11', None]
        >>> proposal.loc[0, "partner_reason"].split(", ")
        ['organisation name 1.00 (Weiss Logistik G.m.b.H. / Weiß Logistik GmbH)',
         'same e-mail domain weiss-logistik.de', 'same postcode 10115']
    """
    chosen = rules or PartnerRules()
    business = partners[_column(partners, "company").notna()].reset_index(drop=True)
    if business.empty or candidates.empty:
        return _empty(candidates.index, "no business partners to choose from" if business.empty else "")
    context = _Context(business, _keys(business, "company", company_key), _domain_owners(business, partners, contacts),
                       _contact_share(business, contacts), *_address_keys(business))
    step = max(1, _CELLS // len(business))
    return pd.concat([_propose(candidates.iloc[start:start + step], context, chosen)
                      for start in range(0, len(candidates), step)])


_CELLS = 4_000_000
"""Candidate x company scores computed at once (bounds memory: candidates are scored in chunks)."""


@dataclass(frozen=True)
class _Context:
    """What is computed once about the companies."""

    business: pd.DataFrame
    company_keys: pd.Series
    owners: dict[str, list[str]]
    contact_share: np.ndarray
    postcodes: np.ndarray
    streets: np.ndarray
    cities: np.ndarray


def _propose(candidates: pd.DataFrame, context: _Context, chosen: PartnerRules) -> pd.DataFrame:
    """The proposals for one chunk of candidates."""
    business = context.business
    names = _similarity(_keys(candidates, "company", company_key), context.company_keys)
    names = np.where(names >= chosen.name_threshold, names, 0.0)
    domains = _domain_evidence(candidates, context)
    postcode, street, address = _address_evidence(candidates, context)
    score = chosen.name_weight * names + chosen.domain_weight * domains + chosen.address_weight * address
    best = (score + _TIE_BREAK * context.contact_share[None, :]).argmax(axis=1)
    rows = np.arange(len(candidates))
    best_score = score[rows, best]
    others = score.copy()
    others[rows, best] = -1.0
    rival = others.max(axis=1) if score.shape[1] > 1 else np.zeros(len(candidates))
    proposed = best_score >= chosen.threshold
    numbers = _column(business, "customer_no").to_numpy(dtype=object)
    companies = _column(business, "company").to_numpy(dtype=object)
    theirs = _column(candidates, "company").to_numpy(dtype=object)
    shown_postcode = _column(candidates, "postcode").to_numpy(dtype=object)
    shown_city = _column(candidates, "city").to_numpy(dtype=object)
    domain_names = _domains(candidates).to_numpy(dtype=object)
    reasons = []
    for i, j in enumerate(best):
        if not proposed[i]:
            reasons.append("no company matches the organisation name, e-mail domain or address")
            continue
        parts = []
        if names[i, j]:
            parts.append(f"organisation name {names[i, j]:.2f} ({theirs[i]} / {companies[j]})")
        if domains[i, j]:
            parts.append(f"same e-mail domain {domain_names[i]}")
        if address[i, j]:
            parts.append("same street and postcode" if postcode[i, j] and street[i, j] else
                         f"same postcode {shown_postcode[i]}" if postcode[i, j] else f"same city {shown_city[i]}")
        if rival[i] >= best_score[i] - chosen.margin:
            parts.append("ambiguous: another company scores as high")
        reasons.append(", ".join(parts))
    return pd.DataFrame({
        "partner_no": np.where(proposed, numbers[best], None),
        "partner_company": np.where(proposed, companies[best], None),
        "partner_score": np.round(best_score, 3),
        "partner_ambiguous": proposed & (rival >= best_score - chosen.margin),
        "partner_reason": reasons,
    }, index=candidates.index)


def _contact_share(business: pd.DataFrame, contacts: pd.DataFrame | None) -> np.ndarray:
    """Each company's share of the existing contacts (0..1), to break ties."""
    if contacts is None or "partner_no" not in contacts.columns or contacts.empty:
        return np.zeros(len(business))
    counts = contacts["partner_no"].value_counts()
    return _column(business, "customer_no").map(counts).fillna(0).to_numpy(dtype=float) / max(counts.max(), 1)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series(None, index=frame.index, dtype=object)


def _keys(frame: pd.DataFrame, name: str, key) -> pd.Series:
    return key(_column(frame, name).astype(object))


def _similarity(left: pd.Series, right: pd.Series) -> np.ndarray:
    # word by word: "Keller Metallbau" and "Müller Metallbau" are two companies, however alike the letters
    scores = process.cdist(left.fillna("").tolist(), right.fillna("").tolist(), scorer=fuzz.token_sort_ratio,
                           dtype=np.float32, workers=1) / 100.0
    missing = left.isna().to_numpy()[:, None] | right.isna().to_numpy()[None, :]
    return np.where(missing, 0.0, scores).astype(float)


def _domains(frame: pd.DataFrame) -> pd.Series:
    keys = email_key(_column(frame, "email").astype(object))
    return keys.map(lambda key: key.rsplit("@", 1)[1] if isinstance(key, str) and "@" in key else None)


def _domain_owners(business: pd.DataFrame, partners: pd.DataFrame,
                   contacts: pd.DataFrame | None) -> dict[str, list[str]]:
    """Mail domain -> the companies it is evidence for (see the module docstring)."""
    owners = pd.DataFrame({"no": _column(business, "customer_no"), "domain": _domains(business)})
    if contacts is not None and "partner_no" in contacts.columns:
        owners = pd.concat([owners, pd.DataFrame({"no": contacts["partner_no"], "domain": _domains(contacts)})])
    owners = owners.dropna().drop_duplicates()
    names = dict(zip(_column(business, "customer_no"), _keys(business, "company", company_key), strict=True))
    owners["name"] = owners["no"].map(names)
    public = set(_domains(partners[_column(partners, "company").isna()]).dropna())
    name_count = owners.groupby("domain")["name"].nunique()
    usable = owners[owners["domain"].map(name_count).eq(1) & ~owners["domain"].isin(public)]
    owned: dict[str, list[str]] = {}
    for domain, no in zip(usable["domain"], usable["no"], strict=True):
        owned.setdefault(domain, []).append(no)
    return owned


def _domain_evidence(candidates: pd.DataFrame, context: _Context) -> np.ndarray:
    """1 where the candidate's mail domain belongs to that company alone."""
    position = {no: j for j, no in enumerate(_column(context.business, "customer_no"))}
    evidence = np.zeros((len(candidates), len(context.business)))
    for i, domain in enumerate(_domains(candidates)):
        for no in context.owners.get(domain, ()) if isinstance(domain, str) else ():
            evidence[i, position[no]] = 1.0
    return evidence


def _address_keys(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (_keys(frame, "postcode", postcode_key).to_numpy(dtype=object),
            _keys(frame, "street", street_key).to_numpy(dtype=object),
            _keys(frame, "city", city_key).to_numpy(dtype=object))


def _address_evidence(candidates: pd.DataFrame, context: _Context) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Same postcode, same street, and the evidence: 1 for both, 0.5 for the same postcode or city."""
    postcodes, streets, cities = _address_keys(candidates)
    postcode = _same(postcodes, context.postcodes)
    street = _same(streets, context.streets)
    city = _same(cities, context.cities)
    return postcode, street, np.where(postcode & street, 1.0, np.where(postcode | city, 0.5, 0.0))


def _same(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    present = pd.notna(left)[:, None] & pd.notna(right)[None, :]
    return present & (left[:, None] == right[None, :])


def _empty(index: pd.Index, reason: str) -> pd.DataFrame:
    return pd.DataFrame({"partner_no": None, "partner_company": None, "partner_score": 0.0,
                         "partner_ambiguous": False, "partner_reason": reason or None}, index=index)
