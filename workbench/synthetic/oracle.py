"""The class DESIGN.md's matching rules should give a pair of generated records.

This is the generator's answer key, not the matcher: it reads the visible values the
rules look at plus the hidden facts the generator knows (the E.164 numbers behind
formatted phones, whether an address is a role mailbox or a placeholder).

* **sure**: the same personal email (case and whitespace aside; role and family
  mailboxes are not personal), or the same last name (case, umlauts and Danish letters
  folded) and the same mobile, or (records with birth dates: employees) the same last
  name, the same birth date and compatible first names; or the same first and last name (either way round)
  at the same address — street, house number and postcode — with the same landline or the same VAT id and
  no second mobile; or, for two company records without a person, the same VAT id and company name;
* a sure rule is **vetoed** when the first names are clearly different (by
  :func:`workbench.normalize.first_names_compatible`, the matcher's own definition), or
  when both birth dates are known and differ; the pair is then possible if it has person
  evidence, else none;
* **possible**: person evidence (first names alike — compatible, or Jaro–Winkler ≥ 0.8 —,
  the same personal email or birth date), names similar (last names at most one edit
  apart after folding and compatible first names; two company records without a person:
  the company key at most one edit apart) and at least one shared piece of evidence
  (personal email, mobile, landline, postcode, VAT id, birth date); a shared role or
  family mailbox is no evidence;
* **none**: the rest.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rapidfuzz.distance import OSA, JaroWinkler

from workbench import normalize
from workbench.linkage.classify import NONE, POSSIBLE, SURE
from workbench.synthetic.vocabulary import COMPANY_NOISE_WORDS, FOLDS

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
_FOLD_TABLE = str.maketrans(FOLDS)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Comparison key of a name: NFC, case-folded, whitespace collapsed, umlauts and Danish letters spelled out.

    Examples:
        >>> fold("  MÜLLER ") == fold("Mueller")
        True
        >>> fold("Jørgensen"), fold("Weiß"), fold("Åse")
        ('joergensen', 'weiss', 'aase')
    """
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).strip()).casefold().translate(_FOLD_TABLE)


def company_key(name: str | None) -> str:
    """Comparison key of a company: folded, punctuation and legal forms dropped.

    Examples:
        >>> company_key("Müller GmbH & Co. KG") == company_key("Mueller G.m.b.H.") == "mueller"
        True
        >>> company_key("Jensen & Søn A/S")
        'jensensoen'
    """
    text = fold(name).replace("g.m.b.h.", "gmbh").replace("/", "").replace(".", "")
    return "".join(w for w in _NON_ALNUM.split(text) if w and w not in COMPANY_NOISE_WORDS)


def email_key(record: Mapping[str, Any]) -> str | None:
    """The address trimmed and lower-cased when it is a personal one, else None (role, family, placeholder)."""
    if record.get("_email_kind") != "personal":
        return None
    return record["email"].strip().lower()




@functools.lru_cache(maxsize=65536)
def first_names_compatible(a: str | None, b: str | None) -> bool:
    """Whether two first names may be one person's, by the matching rules' own definition.

    The veto is a rule, not a fact the generator knows, so the answer key asks the one
    definition the matcher uses (:func:`workbench.normalize.first_names_compatible`):
    equal, an initial, a nickname, a spelling variant or a typo that does not change
    the name's ending. A missing first name is compatible with any.

    Examples:
        >>> [first_names_compatible("Johannes", x) for x in ("Hans", "J.", "Johanes", "Jörg", None)]
        [True, True, True, False, True]
        >>> first_names_compatible("Karl-Heinz", "Karl Heinz"), first_names_compatible("Daniel", "Daniela")
        (True, False)
    """
    return bool(normalize.first_names_compatible(pd.Series([a], dtype=object), pd.Series([b], dtype=object)).iloc[0])


FIRST_NAMES_ALIKE = 0.8
"""Jaro–Winkler of two first-name keys from which they count as person evidence (a typo the
compatibility rules do not forgive: Björj/Björn); the matcher's ``first_name >= 0.8``."""


def first_names_alike(a: str | None, b: str | None) -> bool:
    """Compatible first names, or both known and similar (Jaro–Winkler ≥ :data:`FIRST_NAMES_ALIKE` of their keys).

    Examples:
        >>> first_names_alike("Björn", "Björj"), first_names_alike("Juri", "Annette"), first_names_alike(None, "Eva")
        (True, False, False)
    """
    if not a or not b:
        return False
    keys = normalize.name_key(pd.Series([a, b], dtype=object)).tolist()
    return first_names_compatible(a, b) or (None not in keys and JaroWinkler.similarity(*keys) >= FIRST_NAMES_ALIKE)


def persons(record: Mapping[str, Any]) -> bool:
    """Whether a record names a person (a first or a last name)."""
    return bool(record.get("first_name") or record.get("last_name"))


def person_evidence(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """What a pair of two persons needs to be possible: first names alike, a personal email, a birth date."""
    if not (persons(a) and persons(b)):
        return True
    same_email = email_key(a) is not None and email_key(a) == email_key(b)
    same_birth = bool(a.get("_birth_date")) and a.get("_birth_date") == b.get("_birth_date")
    return first_names_alike(a["first_name"], b["first_name"]) or same_email or same_birth


def last_names_similar(a: str | None, b: str | None) -> bool:
    """Last names at most one edit (or one swap of neighbours) apart after folding.

    Examples:
        >>> last_names_similar("Müller", "Mueler"), last_names_similar("Meyer", "Meier")
        (True, True)
        >>> last_names_similar("Schmidt", "Schneider")
        False
    """
    return bool(a and b) and OSA.distance(fold(a), fold(b)) <= 1


def shared_evidence(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """What two records share besides names: the supporting evidence of a possible pair."""
    found = []
    ea = email_key(a)
    if ea and ea == email_key(b):
        found.append("same email")
    if a["_mobile"] and a["_mobile"] == b["_mobile"]:
        found.append("same mobile")
    if a["_phone"] and a["_phone"] == b["_phone"]:
        found.append("same landline")
    if a["postcode"] and _postcode(a) == _postcode(b):
        found.append("same postcode")
    if a.get("vat_id") and a["vat_id"] == b.get("vat_id"):
        found.append("same VAT id")
    if a.get("_birth_date") and a["_birth_date"] == b.get("_birth_date"):
        found.append("same birth date")
    return found


def _postcode(record: Mapping[str, Any]) -> str | None:
    return normalize.postcode_key(pd.Series([record.get("postcode")], dtype=object)).iloc[0]


def names_similar(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Similar person names, or for two company records without a person similar company names."""
    if not persons(a) and not persons(b):
        ka, kb = company_key(a.get("company")), company_key(b.get("company"))
        return bool(ka and kb) and OSA.distance(ka, kb) <= 1
    return last_names_similar(a["last_name"], b["last_name"]) and first_names_compatible(a["first_name"],
                                                                                         b["first_name"])


@functools.lru_cache(maxsize=1 << 16)
def _key(function: str, value: str | None) -> str | None:
    """A value's normalised key, by the matcher's own normalisation (``workbench.normalize.<function>``)."""
    if not value:
        return None
    return getattr(normalize, function)(pd.Series([value], dtype=object)).iloc[0]


def _same(function: str, a: str | None, b: str | None) -> bool:
    key = _key(function, a)
    return key is not None and key == _key(function, b)


def same_name_and_address(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same first and last name (either way round) at the same street, house number and postcode.

    Examples:
        >>> home = {"first_name": "Hans", "last_name": "Müller", "street": "Hauptstr. 5", "postcode": "10115"}
        >>> same_name_and_address(home, {**home, "street": "Hauptstraße 5", "last_name": "MÜLLER"})
        True
        >>> same_name_and_address(home, {**home, "street": "Hauptstraße 7"})
        False
    """
    names = [(a["first_name"], b["first_name"], a["last_name"], b["last_name"]),
             (a["first_name"], b["last_name"], a["last_name"], b["first_name"])]
    return (any(_same("name_key", f1, f2) and _same("name_key", l1, l2) for f1, f2, l1, l2 in names)
            and _same("street_key", a.get("street"), b.get("street"))
            and _same("postcode_key", a.get("postcode"), b.get("postcode")))


def _same_vat_id(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return _same("vat_key", a.get("vat_id"), b.get("vat_id"))


@dataclass(frozen=True)
class Verdict:
    """The class of a pair, why, and whether a sure rule was vetoed."""

    klass: str
    why: str
    vetoed: bool = False


def sure_rule(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    """The sure rule two records meet, if any."""
    ea = email_key(a)
    if ea and a["_email_kind"] == b["_email_kind"] == "personal" and ea == email_key(b):
        return "same personal email"
    last = fold(a["last_name"])
    if last and last == fold(b["last_name"]) and a["_mobile"] and a["_mobile"] == b["_mobile"]:
        return "same last name and mobile"
    if (last and last == fold(b["last_name"]) and a.get("_birth_date") and a["_birth_date"] == b.get("_birth_date")
            and a["first_name"] and b["first_name"] and first_names_compatible(a["first_name"], b["first_name"])):
        return "same last name, birth date and first name"
    second_mobile = bool(a["_mobile"] and b["_mobile"] and a["_mobile"] != b["_mobile"])
    if not second_mobile and same_name_and_address(a, b):
        if a["_phone"] and a["_phone"] == b["_phone"]:
            return "same name, address and landline"
        if _same_vat_id(a, b):
            return "same name, address and VAT id"
    if (not persons(a) and not persons(b) and _same_vat_id(a, b)
            and _same("company_key", a.get("company"), b.get("company"))):
        return "same VAT id and company"
    return None


def classify_pair(a: Mapping[str, Any], b: Mapping[str, Any]) -> Verdict:
    """The class DESIGN.md's rules give two records, with the reason.

    Examples:
        >>> base = {"first_name": "Hans", "last_name": "Müller", "email": "hans.mueller@gmx.de",
        ...         "street": "Hauptstraße 5", "postcode": "10115", "vat_id": None, "company": None,
        ...         "_email_kind": "personal", "_mobile": None, "_phone": None, "_business": False}
        >>> classify_pair(base, {**base, "last_name": "Mueller", "email": " Hans.Mueller@GMX.de"}).klass
        'sure'
        >>> classify_pair(base, {**base, "first_name": "Petra"})
        Verdict(klass='possible', why="same personal email, vetoed: first names 'Hans' and 'Petra' differ", vetoed=True)
        >>> classify_pair(base, {**base, "email": None, "_email_kind": None}).why
        'similar names; same postcode'
    """
    rule = sure_rule(a, b)
    if rule:
        births = a.get("_birth_date"), b.get("_birth_date")
        held = POSSIBLE if person_evidence(a, b) else NONE
        if not first_names_compatible(a["first_name"], b["first_name"]):
            return Verdict(held, f"{rule}, vetoed: first names {a['first_name']!r} and {b['first_name']!r} differ",
                           vetoed=True)
        if all(births) and births[0] != births[1]:
            return Verdict(held, f"{rule}, vetoed: birth dates {births[0]} and {births[1]} differ", vetoed=True)
        return Verdict(SURE, rule)
    evidence = shared_evidence(a, b)
    if names_similar(a, b) and evidence and person_evidence(a, b):
        return Verdict(POSSIBLE, "similar names; " + ", ".join(evidence))
    if evidence:
        return Verdict(NONE, "names differ; only " + ", ".join(evidence))
    return Verdict(NONE, "similar names, nothing else shared" if names_similar(a, b) else "nothing shared")
