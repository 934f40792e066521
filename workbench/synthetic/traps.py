"""Look-alikes of different people: pairs of records that share evidence but are two customers.

Every kind an evaluation of a matcher needs (colleagues at one company, a role mailbox shared by
several people, a household, a namesake, a parent company and its subsidiary, a mobile number
handed on to a new owner — also of the same surname —, and names that read the same swapped)
is made by :func:`trap_pair` from two drawn persons (and a drawn company where it needs one).
The answer key (:func:`workbench.synthetic.oracle.classify_pair`) must call every trap none;
:func:`trap_pair` checks it, so a trap a rule would merge is never handed out.

Examples:
    >>> import random
    >>> from workbench.synthetic.population import RandomDraws, build_companies, build_people
    >>> draws = RandomDraws(random.Random(4))
    >>> people = build_people(draws, ["DE"] * 4)
    >>> company = build_companies(draws, ["DE"]).iloc[0]
    >>> one, other = trap_pair("shared_role_mailbox", people.iloc[0], people.iloc[1], company,
    ...                        random.Random(4), ("crm", "crm"))
    >>> one["email"] == other["email"] and one["email"].split("@")[0] in ("info", "kontakt", "office", "post")
    True
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from workbench.synthetic.oracle import NONE, classify_pair, first_names_alike, fold
from workbench.synthetic.population import email_address, mail_provider
from workbench.synthetic.rendering import Record, format_phone, phone_style, render
from workbench.synthetic.vocabulary import ROLE_MAILBOXES_BY_COUNTRY

TRAP_KINDS: tuple[str, ...] = (
    "colleagues_same_company", "shared_role_mailbox", "household", "name_twin", "parent_vs_subsidiary",
    "recycled_mobile", "recycled_mobile_same_surname", "swapped_name_lookalike",
)
"""The look-alikes of the evaluation set's README, by the names its truth uses."""

SUBSIDIARY_WORDS = ("Holding", "Invest", "Service", "Nord", "Süd", "Verwaltungs")
"""Words that name another company of a group (the parent is "X GmbH", the subsidiary "X Holding GmbH")."""


class NotATrapError(ValueError):
    """The two persons drawn cannot make this trap (e.g. their first names are alike); draw others."""


def trap_pair(kind: str, person: Mapping[str, Any], other: Mapping[str, Any], company: Mapping[str, Any],
              rng: random.Random, systems: tuple[str, str]) -> tuple[Record, Record]:
    """Two records of different customers that look alike in the way ``kind`` says.

    Args:
        kind: One of :data:`TRAP_KINDS`.
        person: Facts of one person (a row of :func:`~workbench.synthetic.population.build_people`).
        other: Facts of another person of the same country.
        company: Facts of a company (a row of :func:`~workbench.synthetic.population.build_companies`),
            for the kinds that need one.
        rng: Random source for formats and choices.
        systems: The system writing each record (``crm`` / ``erp``).

    Raises:
        NotATrapError: The persons cannot make this trap (first names alike, no mobile, …).
    """
    if kind not in TRAP_KINDS:
        raise ValueError(f"unknown trap kind {kind!r}")
    one, two = dict(person), dict(other)
    if fold(one["first_name"])[:1] == fold(two["first_name"])[:1] or first_names_alike(one["first_name"],
                                                                                        two["first_name"]):
        raise NotATrapError("the first names are alike")
    cc = one["country"]
    if kind == "household":
        local = f"{'familie' if cc == 'DE' else 'familien'}.{fold(one['last_name']).replace(' ', '')}"
        family = f"{local}@{mail_provider(rng, cc)}"
        one["email"] = family
        two.update(last_name=one["last_name"], email=family, street=one["street"], postcode=one["postcode"],
                   city=one["city"], phone=one["phone"], mobile=None)
    elif kind == "name_twin":
        two.update(first_name=one["first_name"], last_name=one["last_name"],
                   email=_personal(one["first_name"], one["last_name"], "{i}{l}{y}", rng, cc))
    elif kind == "swapped_name_lookalike":
        two.update(first_name=one["last_name"], last_name=one["first_name"],
                   email=_personal(one["last_name"], one["first_name"], "{f}.{l}{y}", rng, cc))
    elif kind in ("recycled_mobile", "recycled_mobile_same_surname"):
        if not one["mobile"]:
            raise NotATrapError("no mobile to hand on")
        two["mobile"] = one["mobile"]
        if kind == "recycled_mobile_same_surname":
            two.update(last_name=one["last_name"], email=_personal(two["first_name"], one["last_name"], "{f}{y}",
                                                                   rng, cc))
    else:
        one, two = _at_company(kind, one, two, company, rng)
    records = (_render(one, systems[0], rng, kind), _render(two, systems[1], rng, kind))
    if kind == "household":
        for record in records:
            record["_email_kind"] = "family"
    if kind in ("shared_role_mailbox", "parent_vs_subsidiary"):
        for record in records:
            record["_email_kind"] = "role"
    if kind == "parent_vs_subsidiary":
        for record in records:
            record["_business"] = True
    verdict = classify_pair(*records)
    if verdict.klass != NONE:
        raise NotATrapError(f"the rules would call them {verdict.klass}: {verdict.why}")
    return records


def _personal(first: str, last: str, pattern: str, rng: random.Random, cc: str) -> str:
    return email_address(first, last, pattern, rng.randrange(50, 99), mail_provider(rng, cc))


def _at_company(kind: str, one: dict[str, Any], two: dict[str, Any], company: Mapping[str, Any],
                rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two people at one company (colleagues, a shared role mailbox), or a parent and its subsidiary."""
    cc = company["country"]
    place = {"street": company["street"], "postcode": company["postcode"], "city": company["city"],
             "phone": company["phone"], "country": cc, "company": company["company"]}
    role = f"{rng.choice(ROLE_MAILBOXES_BY_COUNTRY[cc])}@{company['domain']}"
    if kind == "parent_vs_subsidiary":
        name, legal = company["company"][: -len(company["legal_form"])].strip(), company["legal_form"]
        parent = {**one, **place, "first_name": None, "last_name": None, "mobile": None, "email": role}
        subsidiary = {**parent, "company": f"{name} {rng.choice(SUBSIDIARY_WORDS)} {legal}",
                      "email": f"{rng.choice(ROLE_MAILBOXES_BY_COUNTRY[cc])}@{company['domain']}"}
        return parent, subsidiary
    if fold(one["last_name"]) == fold(two["last_name"]):
        raise NotATrapError("colleagues of one surname")
    out = []
    for person in (one, two):
        own = email_address(person["first_name"], person["last_name"], "{f}.{l}", 0, company["domain"])
        out.append({**person, **place, "email": role if kind == "shared_role_mailbox" else own})
    return out[0], out[1]


def _render(facts: Mapping[str, Any], system: str, rng: random.Random, kind: str) -> Record:
    """A record of ``system`` for the facts, with the company and names (None for a company record) kept."""
    record = render(facts, system, rng, entity=f"T:{kind}")
    for field in ("company", "first_name", "last_name"):
        record[field] = facts.get(field)
    if record["phone"] and facts.get("phone"):
        record["phone"] = format_phone(facts["phone"], phone_style(rng, system, facts["country"]))
    return record
