"""The employee samples' world: one staff in an HR/payroll system and a field-service system.

System A is HR/payroll (``hr_employees.xlsx``: German headers under title rows, dates
written ``15.03.1980``), system B the field-service system (``fsm_employees.csv``: Danish
headers, cp1252, ``;``, dates written ``15-03-1980``). The earlier sync created most of
the field-service records from HR, keeping the HR employee number (the default of
:class:`workbench.sync.Numbering`); staff the field-service system took on itself have
its own ``8…`` numbers. The world holds, on purpose:

* links in every state: equal (synchronized), one side changed (conflict), sync off
  (disabled), the partner gone (deleted), all in ``employee_links.csv``;
* the same people in both systems, not linked yet (new on both sides), found by a
  personal email, last name and birth date, last name and mobile, or only similar names
  with a shared birth date;
* duplicates within each system: re-hired people (an old inactive record, a new active
  one), variants with the same email or mobile, and a mistyped name at the same address;
* look-alikes that are not duplicates: twins (same last name and birth date, other first
  name: none) and technicians sharing a role mailbox (none);
* planted defects for validation (a leave date before the hire date, an impossible birth
  date, an age of nine at hiring, a malformed email).

The files are written by :mod:`workbench.synthetic.samples.staff_exports`, the answer key by
:mod:`workbench.synthetic.samples.staff_truth`.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from workbench.linkage.classify import NONE, POSSIBLE, SURE
from workbench.normalize import date_key
from workbench.schema import EMPLOYEE
from workbench.synthetic.population import RandomDraws, build_people
from workbench.synthetic.rendering import Record, render
from workbench.synthetic.samples.layouts import EXTRA, Layout
from workbench.synthetic.variation import first_name_variant, typo

HR = Layout(
    dataset="hr", file="hr_employees.xlsx", sheet="Mitarbeiter", header_row=3, first_row=4, kind="employee",
    system="A",
    columns=(("Personalnummer", "employee_no"), ("Vorname", "first_name"), ("Nachname", "last_name"),
             ("E-Mail", "email"), ("Telefon", "phone"), ("Handy", "mobile"), ("Straße", "street"),
             ("PLZ", "postcode"), ("Ort", "city"), ("Land", "country"), ("Geburtsdatum", "birth_date"),
             ("Eintrittsdatum", "hire_date"), ("Austrittsdatum", "leave_date"), ("Status", "status"),
             ("Kostenstelle", EXTRA), ("Geändert", "updated_at")),
)
FSM = Layout(
    dataset="fsm", file="fsm_employees.csv", sheet=None, header_row=1, first_row=2, kind="employee", system="B",
    columns=(("Medarbejdernr.", "employee_no"), ("Fornavn", "first_name"), ("Efternavn", "last_name"),
             ("E-mail", "email"), ("Tlf.", "phone"), ("Mobil", "mobile"), ("Adresse", "street"),
             ("Postnr.", "postcode"), ("By", "city"), ("Land", "country"), ("Fødselsdato", "birth_date"),
             ("Ansættelsesdato", "hire_date"), ("Fratrædelsesdato", "leave_date"), ("Status", "status"),
             ("Team", EXTRA), ("Ændret", "updated_at")),
)
LINKS_FILE = "employee_links.csv"
TRUTH_FILE = "employees_truth.json"
SYNC_FIELDS = tuple(f for f in EMPLOYEE.field_names if f not in ("employee_no", "updated_at"))
"""The fields a sync of employees compares."""

DATE_STYLES = {"hr": "%d.%m.%Y", "fsm": "%d-%m-%Y"}
RENDERING = {"hr": "crm", "fsm": "erp"}
"""Phone and country styles: HR types like the CRM's German users, field service like the Danish ERP's."""
COST_CENTRES = ("4100 Verwaltung", "4200 Service Nord", "4300 Service Süd", "4400 Lager")
TEAMS = ("Team Nord", "Team Syd", "Team Øst", "Vagt")
ROLE_MAILBOX = "service@feltservice.dk"
LAST_HIRE = date(2026, 6, 30)
"""The latest hire date (the exports are from 01.11.2026; leave dates run to the end of September)."""


@dataclass(frozen=True)
class StaffPlan:
    """How many of each situation the employee samples hold."""

    synchronized: int = 24
    conflict: int = 6
    disabled: int = 4
    deleted_in_fsm: int = 3
    deleted_in_hr: int = 2
    partners_email: int = 3
    partners_birth_date: int = 2
    partners_mobile: int = 2
    partners_possible: int = 1
    hr_only: int = 14
    hr_only_inactive: int = 4
    fsm_only: int = 10
    fsm_only_inactive: int = 3
    hr_rehired: int = 3
    hr_same_email: int = 2
    hr_possible: int = 1
    fsm_same_mobile: int = 2
    fsm_possible: int = 1


@dataclass
class StaffWorld:
    """The records of both systems, the links, and the pairs planned with their class."""

    seed: int
    hr: list[Record] = field(default_factory=list)
    fsm: list[Record] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    planned: list[tuple[str, Record, Record, str, str]] = field(default_factory=list)
    """(what, record, record, expected class, situation)"""
    defects: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    def __init__(self, seed: int, plan: StaffPlan) -> None:
        self.rng = random.Random(seed * 13 + 5)  # noqa: S311 - reproducible test data, not security
        self.plan = plan
        self.world = StaffWorld(seed)
        countries = ["DE" if self.rng.random() < 0.6 else "DK" for _ in range(200)]
        people = build_people(RandomDraws(self.rng), countries, rare_surnames=0.95, email_share=0.85,
                              phone_share=0.4, mobile_share=0.9)
        self.people = [{k: (None if v is None or v != v else v) for k, v in row.items()}
                       for row in people.to_dict("records")]
        self.hr_numbers = iter(range(1001, 5000, 7))
        self.fsm_numbers = iter(range(8001, 9000, 3))
        self.entities = itertools.count(1)

    def person(self) -> dict[str, Any]:
        facts = self.people.pop()
        born = date(1958, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 44))
        hired = born + timedelta(days=365 * self.rng.randrange(19, 40) + self.rng.randrange(0, 365))
        hired = min(hired, LAST_HIRE)
        return {**facts, "_birth_date": born.isoformat(), "_hire_date": hired.isoformat(), "_leave_date": None}

    def record(self, facts: dict[str, Any], system: str, number: str | None = None, *, entity: str) -> Record:
        record = render(facts, RENDERING[system], self.rng, entity=entity)
        for name in ("customer_no", "company", "vat_id"):
            record.pop(name)
        record.update({key: facts[key] for key in ("_birth_date", "_hire_date", "_leave_date")})
        record["employee_no"] = number or str(next(self.hr_numbers if system == "hr" else self.fsm_numbers))
        record["_system"] = system
        record["_extra"] = {"Kostenstelle" if system == "hr" else "Team":
                            self.rng.choice(COST_CENTRES if system == "hr" else TEAMS)}
        if facts["_leave_date"]:
            record["status"] = "inaktiv"
        return record

    def add(self, record: Record) -> Record:
        (self.world.hr if record["_system"] == "hr" else self.world.fsm).append(record)
        return record

    def both(self) -> tuple[Record, Record, str]:
        facts, entity = self.person(), f"E{next(self.entities)}"
        hr = self.add(self.record(facts, "hr", entity=entity))
        return hr, self.add(self.record(facts, "fsm", hr["employee_no"], entity=entity)), entity

    def link(self, hr: Record | None, fsm: Record | None, sync: bool, gone: str | None = None) -> None:
        self.world.links.append({"a_employee_no": hr["employee_no"] if hr else gone,
                                 "b_employee_no": fsm["employee_no"] if fsm else gone,
                                 "sync": "on" if sync else "off", "synced_at": "2026-10-01T02:00:00"})

    def build(self) -> StaffWorld:
        plan = self.plan
        for _ in range(plan.synchronized):
            self.link(*self.both()[:2], sync=True)
        changes = itertools.cycle(("mobile", "street", "last_name", "leave", "email"))
        for change in itertools.islice(changes, plan.conflict):
            hr, fsm, _ = self.both()
            self.conflict(hr, fsm, change)
            self.link(hr, fsm, sync=True)
        for _ in range(plan.disabled):
            hr, fsm, _ = self.both()
            fsm["street"] = self.person()["street"]  # moved in field service; nobody syncs it any more
            self.link(hr, fsm, sync=False)
        for _ in range(plan.deleted_in_fsm):
            hr = self.add(self.record(self.person(), "hr", entity=f"E{next(self.entities)}"))
            self.link(hr, None, sync=True, gone=hr["employee_no"])
        for _ in range(plan.deleted_in_hr):
            fsm = self.add(self.record(self.person(), "fsm", str(next(self.hr_numbers)),
                                       entity=f"E{next(self.entities)}"))
            self.link(None, fsm, sync=True, gone=fsm["employee_no"])
        self.partners()
        self.singles()
        self.duplicates()
        self.traps()
        return self.world

    def conflict(self, hr: Record, fsm: Record, change: str) -> None:
        """Change one side of a linked pair after the last sync (a conflict, as the links carry no snapshot)."""
        fresh = self.person()
        while change == "mobile" and not fresh["mobile"]:
            fresh = self.person()
        if change == "mobile":
            fsm["mobile"], fsm["_mobile"] = fresh["mobile"].replace(" ", ""), fresh["mobile"]
        elif change == "street":
            hr["street"] = fresh["street"]
        elif change == "last_name":
            hr["last_name"] = fresh["last_name"]
        elif change == "leave":
            hr["_leave_date"], hr["status"] = "2026-09-30", "inaktiv"
        else:  # email
            fsm["email"], fsm["_email_kind"] = fresh["email"] or "ny.adresse@feltservice.dk", "personal"

    def partners(self) -> None:
        plan = self.plan
        situations = (["email"] * plan.partners_email + ["birth_date"] * plan.partners_birth_date
                      + ["mobile"] * plan.partners_mobile + ["possible"] * plan.partners_possible)
        for situation in situations:
            facts = self.person()
            while (situation == "email" and not facts["email"]) or (situation == "mobile" and not facts["mobile"]):
                facts = self.person()
            entity = f"E{next(self.entities)}"
            hr = self.add(self.record(facts, "hr", entity=entity))
            fsm = self.record(facts, "fsm", entity=entity)
            if situation != "email":
                _clear(fsm, "email")
            if situation != "mobile":
                _clear(fsm, "mobile")
            if situation == "mobile":
                fsm["birth_date"] = fsm["_birth_date"] = None
            if situation == "possible":
                fsm["last_name"] = typo(fsm["last_name"], self.rng)
            _clear(fsm, "phone")
            self.add(fsm)
            self.world.planned.append(("partners", hr, fsm, POSSIBLE if situation == "possible" else SURE,
                                       f"unlinked partners ({situation})"))

    def singles(self) -> None:
        plan = self.plan
        for system, count, inactive in (("hr", plan.hr_only, plan.hr_only_inactive),
                                         ("fsm", plan.fsm_only, plan.fsm_only_inactive)):
            for position in range(count + inactive):
                facts = self.person()
                if position >= count:
                    facts["_leave_date"] = (date.fromisoformat(facts["_hire_date"])
                                            + timedelta(days=self.rng.randrange(200, 3000))).isoformat()
                    facts["_leave_date"] = min(facts["_leave_date"], "2026-09-30")
                self.add(self.record(facts, system, entity=f"E{next(self.entities)}"))

    def duplicates(self) -> None:
        plan, rng = self.plan, self.rng
        for _ in range(plan.hr_rehired):
            facts = self.person()
            first_hired = date.fromisoformat(facts["_birth_date"]) + timedelta(days=365 * 19 + 40)
            left = first_hired + timedelta(days=self.rng.randrange(400, 2000))
            old = dict(facts, _hire_date=first_hired.isoformat(), _leave_date=left.isoformat())
            rehired = left + timedelta(days=self.rng.randrange(300, 3000))
            facts["_hire_date"] = min(rehired, LAST_HIRE).isoformat()
            entity = f"E{next(self.entities)}"
            new = self.add(self.record(facts, "hr", entity=entity))
            first = self.add(self.record(old, "hr", entity=entity))
            _clear(first, "email")
            _clear(first, "mobile")
            self.world.planned.append(("hr", first, new, SURE, "re-hired (last name and birth date)"))
        for _ in range(plan.hr_same_email):
            facts = self.person()
            while not facts["email"]:
                facts = self.person()
            entity = f"E{next(self.entities)}"
            one = self.add(self.record(facts, "hr", entity=entity))
            other = self.record(facts, "hr", entity=entity)
            other["first_name"] = first_name_variant(other["first_name"], rng) or other["first_name"]
            other["birth_date"] = other["_birth_date"] = None
            other["email"] = other["email"].upper()
            self.add(other)
            self.world.planned.append(("hr", one, other, SURE, "same personal email"))
        for system, count, why in (("hr", plan.hr_possible, "mistyped name at the same address"),
                                   ("fsm", plan.fsm_possible, "mistyped name at the same address")):
            for _ in range(count):
                facts, entity = self.person(), f"E{next(self.entities)}"
                one = self.add(self.record(facts, system, entity=entity))
                other = self.record(facts, system, entity=entity)
                other["last_name"] = typo(other["last_name"], rng)
                for name in ("email", "mobile", "phone"):
                    _clear(other, name)
                other["birth_date"] = other["_birth_date"] = None
                self.add(other)
                self.world.planned.append((system, one, other, POSSIBLE, why))
        for _ in range(plan.fsm_same_mobile):
            facts = self.person()
            while not facts["mobile"]:
                facts = self.person()
            entity = f"E{next(self.entities)}"
            one = self.add(self.record(facts, "fsm", entity=entity))
            other = self.record(facts, "fsm", entity=entity)
            _clear(other, "email")
            other["birth_date"] = other["_birth_date"] = None
            other["street"] = self.person()["street"]
            self.add(other)
            self.world.planned.append(("fsm", one, other, SURE, "same last name and mobile"))

    def traps(self) -> None:
        twin = self.person()
        entity = f"E{next(self.entities)}"
        one = self.add(self.record(twin, "hr", entity=entity))
        other_name = self.person()
        while other_name["country"] != twin["country"] or other_name["first_name"][0] == twin["first_name"][0]:
            other_name = self.person()
        sibling = dict(twin, first_name=other_name["first_name"], email=other_name["email"], mobile=None)
        other = self.add(self.record(sibling, "hr", entity=f"E{next(self.entities)}"))
        self.world.planned.append(("hr", one, other, NONE, "twins: same last name and birth date, other first names"))
        shared = []
        for _ in range(2):
            record = self.record(self.person(), "fsm", entity=f"E{next(self.entities)}")
            record["email"], record["_email_kind"] = ROLE_MAILBOX, "role"
            shared.append(self.add(record))
        self.world.planned.append(("fsm", shared[0], shared[1], NONE, "role mailbox shared by two technicians"))


def _clear(record: Record, name: str) -> None:
    record[name] = None
    if name in ("phone", "mobile"):
        record[f"_{name}"] = None
    if name == "email":
        record["_email_kind"] = None


def finish(world: StaffWorld, rng: random.Random) -> None:
    """Shuffle into file order, give rows, write dates and change times, plant the defects."""
    for system, records, layout in (("hr", world.hr, HR), ("fsm", world.fsm, FSM)):
        rng.shuffle(records)
        for position, record in enumerate(records):
            record["_row"] = layout.first_row + position
            for name in ("birth_date", "hire_date", "leave_date"):
                day = record[f"_{name}"]
                record[name] = date.fromisoformat(day).strftime(DATE_STYLES[system]) if day else None
            moment = f"2026-{rng.randrange(1, 11):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(7, 18):02d}:15:00"
            record["updated_at"] = moment
    linked = {link[key] for link in world.links for key in ("a_employee_no", "b_employee_no")}
    planned = {id(r) for item in world.planned for r in item[1:3]}
    hosts = [r for r in world.hr if r["employee_no"] not in linked and id(r) not in planned]
    defects = (("leave_date", "leave_after_hire", lambda r: _day(r, "hire_date", -30)),
               ("birth_date", "birth_date_valid", lambda r: "31.02.1985"),
               ("birth_date", "plausible_age", lambda r: _day(r, "hire_date", -365 * 9)),
               ("email", "email_valid", lambda r: (r["email"] or "anna.berg@example.de").replace("@", " at ")))
    for (name, rule, value), host in zip(defects, hosts, strict=False):
        host[name] = value(host)
        if name in EMPLOYEE.date_fields:  # the fact behind the cell changes with it
            host[f"_{name}"] = date_key(pd.Series([host[name]], dtype=object)).iloc[0]
        world.defects.append({"dataset": "hr", "row": host["_row"], "no": host["employee_no"], "field": name,
                              "rule": rule, "value": host[name]})


def _day(record: Record, name: str, days: int) -> str:
    return (date.fromisoformat(record[f"_{name}"]) + timedelta(days=days)).strftime(DATE_STYLES["hr"])


def build_staff_world(seed: int, plan: StaffPlan | None = None) -> StaffWorld:
    """The employee world of the samples' seed, finished: in file order, dates written, defects planted."""
    world = _Builder(seed, plan or StaffPlan()).build()
    finish(world, random.Random(seed * 13 + 6))  # noqa: S311 - reproducible test data, not security
    return world
