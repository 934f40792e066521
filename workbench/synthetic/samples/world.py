"""The sample world: who exists, in which system, how often, and how the systems were linked.

System A is the CRM (customers and their contacts), system B the ERP, and an Outlook
address book holds contacts. Every record is a dict (see
:mod:`workbench.synthetic.rendering`) with a few more hidden keys:

* ``_rid``: a unique number of the record in the world;
* ``_variations``: the variations and real changes applied to it;
* ``_extra``: the columns a system has beyond the canonical ones;
* ``_tags``: what the record takes part in (duplicate, link, trap, defect...), so
  later steps pick hosts for traps and defects that hide no truth pair.

Customer numbers, rows, defects and timestamps are added by
:mod:`workbench.synthetic.samples.numbering` and :mod:`workbench.synthetic.samples.defects`.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.synthetic.oracle import (
    NONE,
    classify_pair,
    first_names_compatible,
    fold,
    names_similar,
    shared_evidence,
)
from workbench.synthetic.population import RandomDraws, ascii_fold, build_companies, build_people, mail_provider
from workbench.synthetic.rendering import Record, format_phone, phone_style, render, restyle
from workbench.synthetic.variation import FreshValues, change, legal_form_variant, variant_linked, vary
from workbench.synthetic.vocabulary import POSITIONS, ROLE_MAILBOXES_BY_COUNTRY, SURNAMES

SEED = 20261101
"""The seed of the committed samples."""

NO_ADDRESS_VARIATIONS = frozenset({"moved", "street_abbreviated", "street_typo", "city_transliterated"})
"""Variations that make no sense for records without address columns (CRM contacts)."""


@dataclass(frozen=True)
class SamplePlan:
    """How many of each kind of entity and record the samples hold: the generator's promise."""

    crm_private: int = 175
    crm_business: int = 125
    erp_only_private: int = 55
    erp_only_business: int = 30
    synchronized: int = 110
    conflict: int = 24
    disabled: int = 12
    unlinked_partners: int = 34
    deleted_in_erp: int = 8
    """CRM records linked to an ERP record that no longer exists."""
    deleted_in_crm: int = 6
    """ERP records linked to a CRM record that no longer exists."""
    crm_duplicated: tuple[int, ...] = (1,) * 28 + (2,) * 3
    """Extra CRM records of each duplicated entity."""
    erp_duplicated: tuple[int, ...] = (1,) * 6 + (2,)
    contact_duplicated: int = 6
    companies_with_more_contacts: int = 8
    role_mailbox_companies: int = 5
    crm_families: tuple[int, ...] = (1, 1, 1, 1)
    """Family members sharing one mailbox with a CRM customer (per family)."""
    erp_families: tuple[int, ...] = (1, 1)
    cross_families: int = 1
    crm_reassigned_mobiles: int = 3
    erp_reassigned_mobiles: int = 1
    crm_namesakes: int = 4
    erp_namesakes: int = 2
    cross_namesakes: int = 2
    role_mailbox_customers: int = 3
    company_namesakes: int = 2
    cards_known: int = 15
    cards_known_changed: int = 5
    cards_sure: int = 13
    cards_possible: int = 8
    cards_new_at_partner: int = 7
    cards_role_mailbox: int = 2
    cards_other_company: int = 3
    cards_private: int = 2
    cards_photo: int = 12
    cards_version4: int = 5

    @property
    def cards(self) -> int:
        """Number of vCards."""
        return (self.cards_known + self.cards_sure + self.cards_possible + self.cards_new_at_partner
                + self.cards_role_mailbox + self.cards_other_company + self.cards_private)


@dataclass
class Link:
    """A link of the earlier sync; a side is None when its record is gone (its number is ``gone_no`` then)."""

    a: Record | None
    b: Record | None
    sync: bool
    planned: str
    """the category the linked records should get: synchronized, conflict, disabled or deleted"""
    changed_side: str | None = None
    changed_fields: tuple[str, ...] = ()
    gone_no: str | None = None
    synced_at: str | None = None


@dataclass
class SampleWorld:
    """Everything the sample files and the truth are written from."""

    seed: int
    plan: SamplePlan
    crm: list[Record]
    contacts: list[Record]
    erp: list[Record]
    cards: list[Record]
    links: list[Link]
    entities: dict[str, dict[str, Any]]
    defects: list[dict[str, Any]] = field(default_factory=list)
    placeholders: list[dict[str, Any]] = field(default_factory=list)

    def records(self) -> Iterable[Record]:
        """Every record of every dataset."""
        yield from self.crm
        yield from self.contacts
        yield from self.erp
        yield from self.cards


@dataclass
class _Company:
    facts: dict[str, Any]
    entity: str
    role: str
    contacts: list[Record] = field(default_factory=list)
    base: Record | None = None


class _Builder:
    def __init__(self, seed: int, plan: SamplePlan) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
        self.plan = plan
        self.draws = RandomDraws(self.rng)
        people = build_people(self.draws, ["DE"] * 900 + ["DK"] * 700)
        people = people.assign(_key=people["first_name"].map(fold) + " " + people["last_name"].map(fold))
        people = people.drop_duplicates("_key").drop(columns="_key")
        taken = {e.lower() for e in people["email"].dropna()}
        self.fresh = FreshValues(people.iloc[self.rng.sample(range(len(people)), len(people))], taken, self.rng)
        companies = build_companies(self.draws, ["DE"] * 150 + ["DK"] * 110)
        self.companies = {cc: deque(g.to_dict("records")) for cc, g in companies.groupby("country", sort=True)}
        self.entities: dict[str, dict[str, Any]] = {}
        self.by_entity: dict[str, list[Record]] = defaultdict(list)
        self.company_of: dict[str, _Company] = {}
        self.crm: list[Record] = []
        self.erp: list[Record] = []
        self.contacts: list[Record] = []
        self.cards: list[Record] = []
        self.links: list[Link] = []
        self._rid = 0
        self._entity_counts: dict[str, int] = defaultdict(int)

    # -- entities and records -------------------------------------------------------------------

    def entity(self, prefix: str, **info: Any) -> str:
        self._entity_counts[prefix] += 1
        eid = f"{prefix}{self._entity_counts[prefix]:04d}"
        self.entities[eid] = info
        return eid

    def add(self, dataset: list[Record], record: Record, *tags: str, variations: Sequence[str] = ()) -> Record:
        self._rid += 1
        record.update(_rid=self._rid, _variations=list(variations), _extra={}, _tags=set(tags))
        dataset.append(record)
        if dataset is self.crm or dataset is self.erp:
            self.by_entity[record["_entity"]].append(record)
        return record

    def private(self, country: str, system: str, person: dict[str, Any] | None = None) -> Record:
        person = person or self.fresh.person(country)
        eid = self.entity("P", type="person", name=f"{person['first_name']} {person['last_name']}")
        return render(person, system, self.rng, entity=eid)

    def business(self, country: str, system: str, company: dict[str, Any] | None = None) -> Record:
        company = company or self.companies[country].popleft()
        contact = self.fresh.person(country)
        fid = self.entity("F", type="company", name=company["company"])
        pid = self.entity("P", type="person", name=f"{contact['first_name']} {contact['last_name']}", company=fid)
        role = self.rng.choice(ROLE_MAILBOXES_BY_COUNTRY[country])
        info = _Company(company, fid, f"{role}@{company['domain']}")
        self.company_of[fid] = info
        record = render(contact, system, self.rng, entity=fid)
        own = self.fresh.email(contact["first_name"], contact["last_name"], country, company["domain"])
        email, kind = (info.role, "role") if self.rng.random() < 0.55 else (own, "personal")
        record.update(
            company=company["company"], email=email, _email_kind=kind, vat_id=company["vat_id"], _business=True,
            phone=format_phone(company["phone"], phone_style(self.rng, system, country)), _phone=company["phone"],
            street=company["street"], postcode=company["postcode"], city=company["city"],
        )
        if self.rng.random() < 0.5:
            record.update(mobile=None, _mobile=None)
        info.contacts.append({**render(contact, "crm", self.rng, entity=pid), "email": own, "_email_kind": "personal"})
        return record

    def records_of(self, record: Record) -> list[Record]:
        return self.by_entity[record["_entity"]]

    def singles(self, dataset: list[Record], *, business: bool = False) -> list[Record]:
        """Records whose entity has no other record anywhere and that take part in nothing yet."""
        linked = {r["_entity"] for link in self.links for r in (link.a, link.b) if r is not None}
        return [r for r in dataset
                if len(self.records_of(r)) == 1 and not r["_tags"] and r["_business"] == business
                and r["_entity"] not in linked]

    # -- the systems ----------------------------------------------------------------------------

    def build_systems(self) -> None:
        p, rng = self.plan, self.rng
        crm_base = [self.add(self.crm, self.private(cc, "crm"))
                    for cc in _countries(rng, p.crm_private, 0.72)]
        crm_base += [self.add(self.crm, self.business(cc, "crm"))
                     for cc in _countries(rng, p.crm_business, 0.70)]
        order = rng.sample(crm_base, len(crm_base))
        cuts = _cumulative(p.synchronized, p.conflict, p.disabled, p.unlinked_partners, p.deleted_in_erp)
        synchronized, conflict, disabled, unlinked, deleted = (order[a:b] for a, b in cuts)
        for crm in synchronized:
            erp = restyle(crm, "erp", rng)
            applied = vary(erp, rng, 1, only=("email_case",)) if rng.random() < 0.3 else []
            self.add(self.erp, erp, "linked", variations=applied)
            crm["_tags"].add("linked")
            self.links.append(Link(crm, erp, True, "synchronized"))
        for crm in conflict:
            self.links.append(self.conflicting(crm))
        for crm in disabled:
            erp = restyle(crm, "erp", rng)
            applied: list[str] = []
            if rng.random() < 0.5:
                variant = variant_linked(erp, [crm], rng)
                erp, applied = variant.record, variant.applied
            self.add(self.erp, erp, "linked", variations=applied)
            crm["_tags"].add("linked")
            self.links.append(Link(crm, erp, False, "disabled"))
        for crm in unlinked:
            variant = variant_linked(restyle(crm, "erp", rng), [crm], rng)
            erp = self.add(self.erp, variant.record, "partner", variations=variant.applied)
            if rng.random() < 0.3:
                erp["_kept_from"] = crm
        for crm in deleted:
            crm["_tags"].add("linked")
            self.links.append(Link(crm, None, True, "deleted"))
        erp_base = [self.add(self.erp, self.private(cc, "erp")) for cc in _countries(rng, p.erp_only_private, 0.27)]
        erp_base += [self.add(self.erp, self.business(cc, "erp")) for cc in _countries(rng, p.erp_only_business, 0.27)]
        for erp in rng.sample(erp_base, p.deleted_in_crm):
            erp["_tags"].add("linked")
            self.links.append(Link(None, erp, True, "deleted"))
        duplicated = rng.sample([r for r in crm_base if r not in deleted], len(p.crm_duplicated))
        for crm, extra in zip(duplicated, p.crm_duplicated, strict=True):
            self.duplicate(self.crm, crm, "crm", extra)
        erp_candidates = [r for r in self.erp if "linked" not in r["_tags"]]
        for erp, extra in zip(rng.sample(erp_candidates, len(p.erp_duplicated)), p.erp_duplicated, strict=True):
            self.duplicate(self.erp, erp, "erp", extra)

    def conflicting(self, crm: Record) -> Link:
        rng = self.rng
        erp = restyle(crm, "erp", rng)
        for _ in range(50):
            side = "erp" if rng.random() < 0.6 else "crm"
            target = dict(erp if side == "erp" else crm)
            fields = change(target, rng, self.fresh, 1 if rng.random() < 0.6 else 2)
            a, b = (crm, target) if side == "erp" else (target, erp)
            verdict = classify_pair(a, b)
            if fields and len(fields) <= 2 and verdict.klass != NONE and not verdict.vetoed:
                break
        else:
            raise AssertionError(f"no findable conflict for {crm['_entity']}")
        if side == "crm":
            crm.update(target)
            crm["_variations"] = [f"changed:{f}" for f in fields]
        erp = self.add(self.erp, b, "linked", variations=[f"changed:{f}" for f in fields] if side == "erp" else [])
        crm["_tags"].add("linked")
        return Link(crm, erp, True, "conflict", changed_side=side, changed_fields=tuple(fields))

    def duplicate(self, dataset: list[Record], record: Record, system: str, extra: int,
                  exclude: frozenset[str] = frozenset(), target: str | None = None) -> None:
        """Add ``extra`` varied records of ``record``'s entity (of class ``target`` with it, when given)."""
        record["_tags"].add("duplicated")
        related = self.records_of(record) if dataset is not self.contacts else [record]
        for _ in range(extra):
            copy = restyle(record, system, self.rng)
            copy.pop("_kept_from", None)
            for _ in range(40):
                variant = variant_linked(copy, list(related), self.rng, exclude=exclude)
                if target is None or variant.verdicts[0].klass == target:
                    break
            if self.rng.random() < 0.25 and variant.record["status"]:
                variant.record["status"] = "inaktiv"
            added = self.add(dataset, variant.record, "duplicate", variations=variant.applied)
            added["_extra"] = dict(record["_extra"])
            if dataset is self.contacts:
                related = [*related, added]

    # -- traps ------------------------------------------------------------------------------------

    def clearly_other_person(self, country: str, *avoid: Record) -> dict[str, Any]:
        """A fresh person whose first name is clearly not any of ``avoid``'s (other initial, no nickname).

        The person takes the last name of ``avoid[0]``, so the full name must not be anybody's yet.
        """
        taken = {(fold(r["first_name"]), fold(r["last_name"])) for r in (*self.crm, *self.erp, *self.contacts)}
        while True:
            person = self.fresh.person(country)
            if (fold(person["first_name"]), fold(avoid[0]["last_name"])) in taken:
                continue
            if all(not first_names_compatible(person["first_name"], r["first_name"])
                   and fold(person["first_name"])[0] != fold(r["first_name"])[0] for r in avoid):
                return person

    def family(self, origin_set: list[Record], member_set: list[Record], system: str, members: int) -> None:
        origin = self.pick_single(origin_set, lambda r: r["_email_kind"] == "personal")
        cc = origin["_country"]
        last = ascii_fold(origin["last_name"]).replace(" ", "")
        local = f"familie.{last}" if cc == "DE" else f"familien.{last}"
        origin["email"] = self.fresh.claim(f"{local}@{mail_provider(self.rng, cc)}")
        origin["_email_kind"] = "family"
        origin["_tags"].add("trap:family")
        family = [origin]
        for _ in range(members):
            person = self.clearly_other_person(cc, *family)
            record = self.private(cc, system, person)
            record.update(last_name=origin["last_name"], email=origin["email"], _email_kind="family",
                          street=origin["street"], postcode=origin["postcode"], city=origin["city"])
            if origin["_phone"]:
                record.update(_phone=origin["_phone"],
                              phone=format_phone(origin["_phone"], phone_style(self.rng, system, cc)))
            family.append(self.add(member_set, record, "trap:family"))

    def reassigned_mobile(self, dataset: list[Record], system: str) -> None:
        origin = self.pick_single(dataset, lambda r: r["_mobile"] is not None)
        cc = origin["_country"]
        while True:
            person = self.clearly_other_person(cc, origin)
            if person["city"] != origin["city"]:
                break
        record = self.private(cc, system, person)
        email = self.fresh.email(person["first_name"], origin["last_name"], cc) if person["email"] else None
        record.update(last_name=origin["last_name"], email=email, _mobile=origin["_mobile"],
                      mobile=format_phone(origin["_mobile"], phone_style(self.rng, system, cc)))
        origin["_tags"].add("trap:reassigned_mobile")
        self.add(dataset, record, "trap:reassigned_mobile")

    def namesake(self, origin_set: list[Record], member_set: list[Record], system: str) -> None:
        common = {n for names in SURNAMES.values() for n in names[:15]}
        origin = self.pick_single(origin_set, lambda r: r["last_name"] in common)
        while True:
            person = self.fresh.person(origin["_country"])
            if person["city"] != origin["city"]:
                break
        person = {**person, "first_name": origin["first_name"], "last_name": origin["last_name"]}
        person["email"] = self.fresh.email(person["first_name"], person["last_name"], person["country"])
        record = self.private(origin["_country"], system, person)
        if shared_evidence(origin, record):
            raise AssertionError("a namesake shares evidence")
        origin["_tags"].add("trap:namesake")
        self.add(member_set, record, "trap:namesake")

    def role_mailbox_customer(self) -> None:
        company = self.pick_single(self.crm, lambda r: r["_email_kind"] == "role", business=True)
        while True:
            person = self.fresh.person(company["_country"])
            record = self.private(company["_country"], "crm", person)
            record.update(email=company["email"], _email_kind="role")
            if not names_similar(record, company):
                break
        company["_tags"].add("trap:role_mailbox")
        self.add(self.crm, record, "trap:role_mailbox")

    def company_namesake(self) -> None:
        origin = self.pick_single(self.crm, lambda r: True, business=True)
        cc = origin["_country"]
        while True:
            facts = self.companies[cc].popleft()
            if facts["city"] != origin["city"]:
                break
        city = fold(facts["city"]).split()[0]
        facts = {**facts, "company": origin["company"],
                 "domain": f"{origin['email'].partition('@')[2].rsplit('.', 1)[0]}-{city}.{cc.lower()}"
                 if origin["email"] else facts["domain"]}
        record = self.business(cc, "crm", facts)
        origin["_tags"].add("trap:company_namesake")
        self.add(self.crm, record, "trap:company_namesake")

    def pick_single(self, dataset: list[Record], accept: Any, *, business: bool = False) -> Record:
        candidates = [r for r in self.singles(dataset, business=business) if accept(r)]
        return self.rng.choice(candidates)

    def build_traps(self) -> None:
        p = self.plan
        for members in p.crm_families:
            self.family(self.crm, self.crm, "crm", members)
        for members in p.erp_families:
            self.family(self.erp, self.erp, "erp", members)
        for _ in range(p.cross_families):
            self.family(self.crm, self.erp, "erp", 1)
        for _ in range(p.crm_reassigned_mobiles):
            self.reassigned_mobile(self.crm, "crm")
        for _ in range(p.erp_reassigned_mobiles):
            self.reassigned_mobile(self.erp, "erp")
        for _ in range(p.crm_namesakes):
            self.namesake(self.crm, self.crm, "crm")
        for _ in range(p.erp_namesakes):
            self.namesake(self.erp, self.erp, "erp")
        for _ in range(p.cross_namesakes):
            self.namesake(self.crm, self.erp, "erp")
        for _ in range(p.role_mailbox_customers):
            self.role_mailbox_customer()
        for _ in range(p.company_namesakes):
            self.company_namesake()

    def deactivate(self) -> None:
        """Some customers that no link keeps active have been set inactive (duplicates were, by :meth:`duplicate`)."""
        for record in (*self.crm, *self.erp):
            if not record["_tags"] & {"linked", "duplicate"} and self.rng.random() < 0.12:
                record["status"] = "inaktiv"

    # -- contacts -----------------------------------------------------------------------------

    def build_contacts(self) -> None:
        rng, p = self.rng, self.plan
        companies = [self.company_of[r["_entity"]] for r in self.crm if r["_entity"] in self.company_of
                     and r is self.records_of(r)[0]]
        for company in companies:
            company.base = self.by_entity[company.entity][0]
        role_companies = rng.sample([c for c in companies if c.base["_email_kind"] == "role"],
                                    p.role_mailbox_companies)
        more = rng.sample([c for c in companies if c not in role_companies], p.companies_with_more_contacts)
        extra = {id(c): rng.randint(1, 3) for c in role_companies} | {id(c): rng.randint(1, 2) for c in more}
        for company in companies:
            uses_role = company in role_companies
            self.contact(company, company.contacts[0], uses_role)
            for _ in range(extra.get(id(company), 0)):
                self.contact(company, None, uses_role)
        candidates = [c for c in self.contacts if "duplicated" not in c["_tags"]
                      and (c["_email_kind"] in ("personal", "role") or c["_phone"] or c["_mobile"])]
        for i, contact in enumerate(rng.sample(candidates, p.contact_duplicated)):
            self.duplicate(self.contacts, contact, "crm", 1, exclude=NO_ADDRESS_VARIATIONS,
                           target="possible" if i % 2 else "sure")

    def contact(self, company: _Company, main: Record | None, uses_role: bool) -> Record:
        rng = self.rng
        facts = company.facts
        cc = facts["country"]
        while True:
            if main is not None:
                record = dict(main)
            else:
                person = self.fresh.person(cc)
                pid = self.entity("P", type="person", name=f"{person['first_name']} {person['last_name']}",
                                  company=company.entity)
                record = render(person, "crm", rng, entity=pid)
                draw = rng.random()
                if draw < 0.75:
                    email = self.fresh.email(person["first_name"], person["last_name"], cc, facts["domain"])
                    record.update(email=email, _email_kind="personal")
                elif draw >= 0.9:
                    record.update(email=None, _email_kind=None)
            if uses_role:
                record.update(email=company.role, _email_kind="role")
            draw = rng.random()
            if draw < 0.4:
                number = facts["phone"]
            elif draw < 0.8:
                number = facts["phone"][:-2] + f"{rng.randrange(11, 90)}"
            else:
                number = None
            record.update(phone=format_phone(number, phone_style(rng, "crm", cc)) if number else None, _phone=number,
                          company=company.base["company"], street=None, postcode=None, city=None, status=None,
                          _partner=company.base, _company=company)
            if main is not None or all(classify_pair(record, c).klass == NONE for c in company.contacts[1:]):
                break
        added = self.add(self.contacts, record)
        added["_extra"]["Position"] = rng.choice(POSITIONS[cc])
        if main is None:
            company.contacts.append(added)
        else:
            company.contacts[0] = added
        return added

    # -- Outlook cards --------------------------------------------------------------------------

    def build_cards(self) -> None:
        rng, p = self.rng, self.plan
        pool = [c for c in self.contacts if not c["_tags"] and c["_entity"] not in {x["_entity"] for x in self.cards}]
        pool = rng.sample(pool, len(pool))
        for contact in pool[: p.cards_known]:
            card = self.card_from(contact)
            applied = []
            if sum(bool(c["_variations"]) for c in self.cards) < p.cards_known_changed:
                applied = change(card, rng, self.fresh, 1, only=("new_mobile", "new_phone", "new_street"))
            self.add_card(card, "card:known", variations=[f"changed:{f}" for f in applied])
        pool = pool[p.cards_known:]
        for target, count in (("sure", p.cards_sure), ("possible", p.cards_possible)):
            made = 0
            while made < count:
                contact = pool.pop()
                card = self.card_variant(contact, target)
                if card is not None:
                    self.add_card(card, f"card:{target}", variations=card.pop("_applied"))
                    made += 1
        crm_companies = [self.company_of[r["_entity"]] for r in self.crm if r["_entity"] in self.company_of
                         and self.company_of[r["_entity"]].base is r]
        plain = [c for c in crm_companies if c.base["_email_kind"] != "role"]
        for company in rng.sample(plain, p.cards_new_at_partner):
            self.add_card(self.new_card(company, role=False), "card:new")
        role = [c for c in crm_companies if c.contacts and all(x["_email_kind"] == "role" for x in c.contacts)]
        for company in rng.sample(role, p.cards_role_mailbox):
            self.add_card(self.new_card(company, role=True), "card:new", "trap:role_mailbox")
        for _ in range(p.cards_other_company):
            cc = "DE" if rng.random() < 0.6 else "DK"
            facts = self.companies[cc].popleft()
            fid = self.entity("F", type="company", name=facts["company"])
            company = _Company(facts, fid, f"info@{facts['domain']}")
            self.add_card(self.new_card(company, role=False), "card:new")
        for _ in range(p.cards_private):
            card = self.private("DE", "outlook")
            card["_partner"] = None
            self.add_card(card, "card:new")

    def add_card(self, card: Record, *tags: str, variations: Sequence[str] = ()) -> None:
        contact = card.get("_contact")
        company = card.get("_company")
        title = contact["_extra"]["Position"] if contact else \
            self.rng.choice(POSITIONS[company.facts["country"]]) if company else None
        self.add(self.cards, card, *tags, variations=variations)["_extra"]["TITLE"] = title
        if contact:
            contact["_tags"].add("card")

    def card_from(self, contact: Record) -> Record:
        card = {k: v for k, v in restyle(contact, "outlook", self.rng).items() if not k.startswith(("_rid", "_t"))}
        company: _Company = contact["_company"]
        facts = company.facts
        card.update(street=facts["street"], postcode=facts["postcode"], city=facts["city"], _contact=contact,
                    _variations=[])
        if self.rng.random() < 0.4:
            card["company"] = legal_form_variant(card["company"], self.rng) or card["company"]
        return card

    def card_variant(self, contact: Record, target: str) -> Record | None:
        card = self.card_from(contact)
        for _ in range(40):
            candidate = dict(card)
            applied = vary(candidate, self.rng, self.rng.randint(1, 4), exclude=NO_ADDRESS_VARIATIONS)
            verdict = classify_pair(candidate, contact)
            if applied and verdict.klass == target and not verdict.vetoed:
                candidate["_applied"] = applied
                return candidate
        return None

    def new_card(self, company: _Company, *, role: bool) -> Record:
        facts = company.facts
        cc = facts["country"]
        while True:
            person = self.fresh.person(cc)
            pid = self.entity("P", type="person", name=f"{person['first_name']} {person['last_name']}",
                              company=company.entity)
            card = render(person, "outlook", self.rng, entity=pid)
            if role:
                card.update(email=company.role, _email_kind="role")
            else:
                card.update(email=self.fresh.email(person["first_name"], person["last_name"], cc, facts["domain"]),
                            _email_kind="personal")
            number = facts["phone"][:-2] + f"{self.rng.randrange(11, 90)}"
            name = facts["company"]
            if self.rng.random() < 0.5:
                name = legal_form_variant(name, self.rng) or name
            card.update(company=name, street=facts["street"], postcode=facts["postcode"], city=facts["city"],
                        phone=format_phone(number, phone_style(self.rng, "outlook", cc)), _phone=number,
                        _partner=company.base, _company=company)
            if all(classify_pair(card, c).klass == NONE for c in company.contacts):
                return card


def _countries(rng: random.Random, count: int, share_de: float) -> list[str]:
    return ["DE" if rng.random() < share_de else "DK" for _ in range(count)]


def _cumulative(*sizes: int) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for size in sizes:
        bounds.append((start, start + size))
        start += size
    return bounds


def build_world(seed: int = SEED, plan: SamplePlan | None = None) -> SampleWorld:
    """Build the whole sample world: entities, records of every system, links, traps, contacts and cards."""
    builder = _Builder(seed, plan or SamplePlan())
    builder.build_systems()
    builder.build_traps()
    builder.deactivate()
    builder.build_contacts()
    builder.build_cards()
    return SampleWorld(seed=seed, plan=builder.plan, crm=builder.crm, contacts=builder.contacts, erp=builder.erp,
                       cards=builder.cards, links=builder.links, entities=builder.entities)

