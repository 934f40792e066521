"""Realistic ways one customer ends up written differently in several records.

Each variation takes a record (see :mod:`workbench.synthetic.rendering`) and a
``random.Random`` and changes it in place the way people and systems do: a typo,
umlauts spelled out, a nickname, another phone format, a gap, a move, another
spelling of the legal form. It returns False when it does not apply to the record.
Hidden facts are kept true: dropping a mobile clears ``_mobile`` too.

:func:`vary` applies a few at random; :func:`variant_linked` retries until the new
record still shares enough with the entity's other records that the rules can find
the pair (similar names and at least one shared piece of evidence).
"""

from __future__ import annotations

import functools
import itertools
import random
from collections import deque
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench.linkage.classify import NONE
from workbench.synthetic.oracle import Verdict, classify_pair, first_names_compatible
from workbench.synthetic.population import claim_email, mail_provider, new_email, random_street
from workbench.synthetic.rendering import ALL_PHONE_STYLES, Record, format_phone
from workbench.synthetic.vocabulary import FOLDS, LEGAL_FORM_VARIANTS, NICKNAMES, PLACES, ROLE_MAILBOXES

_NEIGHBOURS = {
    "a": "sqe", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo", "j": "hk",
    "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "r": "et", "s": "ad", "t": "rz", "u": "zi",
    "v": "cb", "w": "qe", "z": "tu", "ü": "u", "ö": "o", "ä": "a", "ø": "o", "å": "a", "æ": "a", "ß": "s",
}


def typo(text: str, rng: random.Random) -> str:
    """One slip of the finger: a neighbouring key, a missing, doubled or swapped letter.

    The result always differs from the input (a swap of two equal letters is no typo).

    Examples:
        >>> import random
        >>> typo("Schneider", random.Random(4)) != "Schneider"
        True
    """
    for _ in range(20):
        i = rng.randrange(1, len(text)) if len(text) > 1 else 0
        kind = rng.choice(("neighbour", "drop", "double", "swap"))
        ch = text[i]
        if kind == "neighbour" and ch.lower() in _NEIGHBOURS:
            swap = rng.choice(_NEIGHBOURS[ch.lower()])
            out = text[:i] + (swap.upper() if ch.isupper() else swap) + text[i + 1:]
        elif kind == "drop" and len(text) > 3:
            out = text[:i] + text[i + 1:]
        elif kind == "double" and ch.isalpha():
            out = text[:i] + ch + text[i:]
        elif kind == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
            out = text[:i] + text[i + 1] + ch + text[i + 2:]
        else:
            continue
        if out != text and out.strip() == out:
            return out
    return text + text[-1]


def transliterate(text: str) -> str:
    """Umlauts and Danish letters spelled out: Müller -> Mueller, Jørgensen -> Joergensen, Åse -> Aase.

    Examples:
        >>> transliterate("Jürgen Groß"), transliterate("Søren Ågård")
        ('Juergen Gross', 'Soeren Aagaard')
    """
    return text.translate(_TRANSLITERATION)


_TRANSLITERATION = str.maketrans({**{ch: plain for ch, plain in FOLDS.items() if ch != "é"},
                                  **{ch.upper(): plain.capitalize() for ch, plain in FOLDS.items()
                                     if ch not in ("é", "ß")}})


def first_name_variant(first: str, rng: random.Random) -> str | None:
    """Another way to write a first name: nickname, initial, double-name spacing, typo or transliteration."""
    kinds = ["initial"]
    if first in NICKNAMES:
        kinds += ["nickname"] * 3
    if "-" in first:
        kinds += ["spaced", "joined"]
    if len(first) >= 5:
        kinds.append("typo")
    plain = transliterate(first)
    if plain != first:
        kinds += ["transliterated"] * 2
    kind = rng.choice(kinds)
    out = {"initial": lambda: first[0] + ".", "nickname": lambda: rng.choice(NICKNAMES[first]),
           "spaced": lambda: first.replace("-", " "), "joined": lambda: first.replace("-", "").capitalize(),
           "typo": lambda: typo(first, rng), "transliterated": lambda: plain}[kind]()
    return out if out != first and first_names_compatible(first, out) else None


def _set(record: Record, field: str, value: str | None) -> bool:
    if not value or value == record[field]:
        return False
    record[field] = value
    return True


def _last_typo(record: Record, rng: random.Random) -> bool:
    return bool(record["last_name"]) and _set(record, "last_name", typo(record["last_name"], rng))


def _last_transliterated(record: Record, rng: random.Random) -> bool:
    return bool(record["last_name"]) and _set(record, "last_name", transliterate(record["last_name"]))


def _first_variant(record: Record, rng: random.Random) -> bool:
    return bool(record["first_name"]) and _set(record, "first_name", first_name_variant(record["first_name"], rng))


def _name_case(record: Record, rng: random.Random) -> bool:
    if not record["last_name"]:
        return False
    style = rng.choice((str.upper, str.lower))
    changed = _set(record, "last_name", style(record["last_name"]))
    if record["first_name"] and rng.random() < 0.5:
        changed |= _set(record, "first_name", style(record["first_name"]))
    return changed


def _email_case(record: Record, rng: random.Random) -> bool:
    if record["_email_kind"] not in ("personal", "role", "family"):
        return False
    local, _, domain = record["email"].partition("@")
    parts = [p.capitalize() for p in local.split(".")]
    styles = (".".join(parts) + "@" + domain, record["email"].upper(), local + "@" + domain.upper())
    return _set(record, "email", rng.choice(styles))


def _email_spaces(record: Record, rng: random.Random) -> bool:
    if record["_email_kind"] not in ("personal", "role", "family"):
        return False
    return _set(record, "email", rng.choice((" ", "", "  ")) + record["email"].strip() + rng.choice((" ", "  ")))


def _drop(field: str, fact: str | None = None) -> Callable[[Record, random.Random], bool]:
    def drop(record: Record, rng: random.Random) -> bool:
        if not record[field]:
            return False
        record[field] = None
        if fact:
            record[fact] = None
        return True

    return drop


def _reformat(field: str) -> Callable[[Record, random.Random], bool]:
    def reformat(record: Record, rng: random.Random) -> bool:
        number = record[f"_{field}"]
        if not number or not record[field]:
            return False
        styles = ALL_PHONE_STYLES[record["_country"]]
        return any(_set(record, field, format_phone(number, rng.choice(styles))) for _ in range(4))

    return reformat


def _street_abbreviated(record: Record, rng: random.Random) -> bool:
    street = record["street"] or ""
    for long, short in (("straße", "str."), ("Straße", "Str."), ("strasse", "str."), ("Strasse", "Str.")):
        if long in street:
            return _set(record, "street", street.replace(long, rng.choice((short, short, "strasse"))))
    return False


def _street_typo(record: Record, rng: random.Random) -> bool:
    street = record["street"]
    if not street:
        return False
    name, _, rest = street.partition(" ")
    return len(name) > 4 and _set(record, "street", typo(name, rng) + " " + rest)


def _city_transliterated(record: Record, rng: random.Random) -> bool:
    return bool(record["city"]) and _set(record, "city", transliterate(record["city"]))


def move(record: Record, rng: random.Random) -> bool:
    """The customer moved: another street, and usually another town (the old landline is gone then)."""
    country = record["_country"]
    record["street"] = random_street(rng, country)
    if rng.random() < 0.7:
        place = rng.choices(PLACES[country], cum_weights=_PLACE_WEIGHTS[country])[0]
        if place.city != record["city"]:
            record.update(phone=None, _phone=None)
        record["postcode"], record["city"] = rng.choice(place.postcodes), place.city
    return True


_PLACE_WEIGHTS = {cc: list(itertools.accumulate(p.weight for p in places)) for cc, places in PLACES.items()}


def legal_form_variant(company: str, rng: random.Random) -> str | None:
    """The company written with another spelling of its legal form (Müller GmbH -> Mueller G.m.b.H.).

    Examples:
        >>> import random
        >>> legal_form_variant("Jensen & Søn A/S", random.Random(2)) in ("Jensen & Søn AS", "Jensen & Søn A.S.")
        True
    """
    for form in sorted(LEGAL_FORM_VARIANTS, key=len, reverse=True):
        if company.endswith(" " + form):
            base = company[: -len(form) - 1]
            if rng.random() < 0.3:
                base = transliterate(base)
            return f"{base} {rng.choice(LEGAL_FORM_VARIANTS[form])}".strip()
    return None


def _company_legal_form(record: Record, rng: random.Random) -> bool:
    return bool(record["company"]) and _set(record, "company", legal_form_variant(record["company"], rng))


def _company_case(record: Record, rng: random.Random) -> bool:
    return bool(record["company"]) and _set(record, "company", record["company"].upper())


VARIATIONS: dict[str, tuple[Callable[[Record, random.Random], bool], int]] = {
    "last_name_typo": (_last_typo, 12),
    "last_name_transliterated": (_last_transliterated, 10),
    "first_name_variant": (_first_variant, 12),
    "name_case": (_name_case, 4),
    "email_case": (_email_case, 8),
    "email_whitespace": (_email_spaces, 2),
    "email_missing": (_drop("email", "_email_kind"), 6),
    "phone_reformatted": (_reformat("phone"), 12),
    "mobile_reformatted": (_reformat("mobile"), 12),
    "phone_missing": (_drop("phone", "_phone"), 6),
    "mobile_missing": (_drop("mobile", "_mobile"), 5),
    "first_name_missing": (_drop("first_name"), 2),
    "street_abbreviated": (_street_abbreviated, 6),
    "street_typo": (_street_typo, 3),
    "city_transliterated": (_city_transliterated, 2),
    "moved": (move, 6),
    "company_legal_form": (_company_legal_form, 14),
    "company_case": (_company_case, 3),
}
"""Every variation by name, with how often :func:`vary` picks it."""


_COMPANY_VARIATIONS = frozenset({"company_legal_form", "company_case"})


@functools.lru_cache(maxsize=64)
def _menu(business: bool, exclude: frozenset[str], only: frozenset[str] | None) -> tuple[list[str], list[int]]:
    """The variations to choose from, with cumulative weights."""
    names = [n for n in VARIATIONS if n not in exclude and (only is None or n in only)
             and (business or n not in _COMPANY_VARIATIONS)]
    return names, list(itertools.accumulate(VARIATIONS[n][1] for n in names))


def vary(record: Record, rng: random.Random, count: int, *, exclude: Collection[str] = (),
         only: Collection[str] | None = None) -> list[str]:
    """Apply up to ``count`` different variations in place; return the names of those applied.

    Args:
        record: The record to change.
        rng: The random source.
        count: How many variations to apply at most.
        exclude: Names of :data:`VARIATIONS` not to use.
        only: When given, the names to choose from.
    """
    names, weights = _menu(bool(record["company"]), frozenset(exclude), None if only is None else frozenset(only))
    applied: list[str] = []
    for name in rng.choices(names, cum_weights=weights, k=count * 3):
        if len(applied) == count:
            break
        if name not in applied and VARIATIONS[name][0](record, rng):
            applied.append(name)
    return applied


@dataclass
class Variant:
    """A varied record, the variations applied, and its verdict with each related record."""

    record: Record
    applied: list[str]
    verdicts: list[Verdict]


def variant_linked(template: Record, related: Sequence[Record], rng: random.Random, *,
                   count: tuple[int, int] = (1, 4), tries: int = 30, exclude: Collection[str] = ()) -> Variant:
    """A varied copy of ``template`` the rules can still pair with every record in ``related``.

    Every pair with a related record must come out sure or possible without a veto (the
    records are one entity), so a variant that lost all shared evidence is drawn again;
    after ``tries`` draws only the formats of phones and email change.
    """
    for _ in range(tries):
        candidate = dict(template)
        applied = vary(candidate, rng, rng.randint(*count), exclude=exclude)
        verdicts = [classify_pair(candidate, other) for other in related]
        if applied and all(_findable(v) for v in verdicts):
            return Variant(candidate, applied, verdicts)
    candidate = dict(template)
    applied = vary(candidate, rng, 2, only=("phone_reformatted", "mobile_reformatted", "email_case"))
    return Variant(candidate, applied, [classify_pair(candidate, other) for other in related])


def _findable(verdict: Verdict) -> bool:
    return verdict.klass != NONE and not verdict.vetoed


class FreshValues:
    """New values for real changes and new people: unused persons of a pool, and unused mail addresses.

    Args:
        people: Persons drawn by :func:`~workbench.synthetic.population.build_people` that no record uses yet.
        taken_emails: Lower-cased addresses already in use; new ones are added.
        rng: The random source for patterns and providers.
    """

    def __init__(self, people: pd.DataFrame, taken_emails: set[str], rng: random.Random) -> None:
        self._queues = {cc: deque(group.to_dict("records")) for cc, group in people.groupby("country", sort=True)}
        self.taken_emails = taken_emails
        self.rng = rng

    def person(self, country: str) -> dict[str, Any]:
        """The next unused person of ``country`` (their email is reserved)."""
        person = self._queues[country].popleft()
        if person["email"]:
            self.taken_emails.add(person["email"].lower())
        return person

    def number(self, country: str, kind: str) -> str:
        """An unused ``"phone"`` or ``"mobile"`` number of ``country`` (spaced international form)."""
        while True:
            number = self.person(country)[kind]
            if number:
                return number

    def claim(self, email: str) -> str:
        """``email``, or with a counter added when it is taken; it is reserved."""
        return claim_email(email, self.taken_emails)

    def email(self, first: str, last: str, country: str, domain: str | None = None) -> str:
        """A new personal address for a person, at ``domain`` or a mail provider of ``country``."""
        return new_email(self.rng, first, last, domain or mail_provider(self.rng, country), self.taken_emails)


def _new_email(record: Record, rng: random.Random, fresh: FreshValues) -> list[str]:
    if record["_email_kind"] == "role":
        domain = record["email"].strip().partition("@")[2]
        roles = [r for r in ROLE_MAILBOXES if not record["email"].strip().lower().startswith(r + "@")]
        record["email"] = f"{rng.choice(roles)}@{domain}"
    else:
        domain = record["email"].partition("@")[2] if record["_business"] and record["email"] else None
        record["email"] = fresh.email(record["first_name"] or "kunde", record["last_name"] or "kunde",
                                      record["_country"], domain)
        record["_email_kind"] = "personal"
    return ["email"]


def _new_number(field: str) -> Callable[[Record, random.Random, FreshValues], list[str]]:
    def renumber(record: Record, rng: random.Random, fresh: FreshValues) -> list[str]:
        number = fresh.number(record["_country"], field)
        if field == "phone" and record["_phone"]:  # a new line in the same town
            code, area, subscriber = record["_phone"].split(" ")
            digits = number.split(" ")[2] * 2
            number = f"{code} {area} {digits[: len(subscriber)]}"
        record[f"_{field}"] = number
        record[field] = format_phone(number, rng.choice(ALL_PHONE_STYLES[record["_country"]]))
        return [field]

    return renumber


def _new_street(record: Record, rng: random.Random, fresh: FreshValues) -> list[str]:
    street = random_street(rng, record["_country"])
    return ["street"] if _set(record, "street", street) else []


def _moved_in_town(record: Record, rng: random.Random, fresh: FreshValues) -> list[str]:
    place = next((p for p in PLACES[record["_country"]] if p.city == record["city"]), None)
    others = [c for c in place.postcodes if c != record["postcode"]] if place else []
    if not others:
        return []
    record["postcode"] = rng.choice(others)
    return ["postcode", *_new_street(record, rng, fresh)]


def _married(record: Record, rng: random.Random, fresh: FreshValues) -> list[str]:
    if record["_business"] or not record["last_name"]:
        return []
    other = fresh.person(record["_country"])["last_name"]
    new = f"{record['last_name']}-{other}" if rng.random() < 0.4 else other
    return ["last_name"] if _set(record, "last_name", new) else []


def _renamed(record: Record, rng: random.Random, fresh: FreshValues) -> list[str]:
    if not record["company"]:
        return []
    words = ("Service", "Gruppe", "Technik") if record["_country"] == "DE" else ("Gruppen", "Service", "Holding")
    name = record["company"]
    for form in sorted(LEGAL_FORM_VARIANTS, key=len, reverse=True):
        if name.endswith(" " + form):
            name = f"{name[: -len(form) - 1]} {rng.choice(words)} {form}"
            break
    else:
        name = f"{name} {rng.choice(words)}"
    return ["company"] if _set(record, "company", name) else []


CHANGES: dict[str, Callable[[Record, random.Random, FreshValues], list[str]]] = {
    "new_email": _new_email,
    "new_mobile": _new_number("mobile"),
    "new_phone": _new_number("phone"),
    "new_street": _new_street,
    "moved_in_town": _moved_in_town,
    "married": _married,
    "renamed": _renamed,
}
"""Real changes of a customer (not errors): each returns the fields it changed, empty when it does not apply."""


def change(record: Record, rng: random.Random, fresh: FreshValues, count: int,
           only: Collection[str] | None = None) -> list[str]:
    """Apply ``count`` different real changes in place; return the fields changed.

    Args:
        record: The record to change.
        rng: The random source.
        fresh: Where new numbers, names and addresses come from.
        count: How many changes to apply.
        only: When given, the names of :data:`CHANGES` to choose from.
    """
    names = [n for n in CHANGES if only is None or n in only]
    fields: list[str] = []
    for name in rng.sample(names, len(names)):
        if count == 0:
            break
        if name == "new_email" and record["_email_kind"] not in ("personal", "role", "family"):
            continue
        changed = CHANGES[name](record, rng, fresh)
        if changed:
            fields += changed
            count -= 1
    return fields
