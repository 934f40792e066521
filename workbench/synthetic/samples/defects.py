"""Planted data defects and placeholder values, each on a record that takes part in no truth pair.

Defects are what validation must find (an email with two @, a German four-digit
postcode, an unknown country, a duplicate or missing customer number...).
Placeholders ("keine@angabe.de", "0000000") are valid-looking stand-ins for "no
value": matching must treat them as missing, and many records share them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.world import SampleWorld
from workbench.synthetic.vocabulary import PLACEHOLDER_EMAILS, PLACEHOLDER_PHONES


def _local(r: Record) -> str:
    return r["email"].partition("@")[0]


def _domain(r: Record) -> str:
    return r["email"].partition("@")[2]


def _digits(number: str) -> str:
    return number.replace(" ", "")[3:]


@dataclass(frozen=True)
class DefectSpec:
    """One defect to plant: where, what kind, which records may carry it, and the bad value."""

    dataset: str
    field: str
    kind: str
    accepts: Callable[[Record], bool]
    value: Callable[[Record], str | None]


def _personal(r: Record) -> bool:
    return r["_email_kind"] == "personal" and "." in _local(r)


def _has(field: str, country: str | None = None) -> Callable[[Record], bool]:
    return lambda r: bool(r[f"_{field}"]) and (country is None or r["_country"] == country)


def _country(country: str, business: bool | None = None) -> Callable[[Record], bool]:
    return lambda r: r["_country"] == country and (business is None or r["_business"] == business)


def _no_numbers(country: str) -> Callable[[Record], bool]:
    """A record of ``country`` without phone numbers (whose region an unknown country would leave open)."""
    return lambda r: r["_country"] == country and not r["phone"] and not r["mobile"]


DEFECTS: tuple[DefectSpec, ...] = (
    DefectSpec("crm", "email", "invalid_email", _personal, lambda r: f"{_local(r)}@@{_domain(r)}"),
    DefectSpec("crm", "email", "invalid_email", _personal, lambda r: f"{_local(r)}(at){_domain(r)}"),
    DefectSpec("crm", "email", "invalid_email", _personal, lambda r: f"{_local(r)}@{_domain(r).rsplit('.', 1)[0]}"),
    DefectSpec("crm", "email", "invalid_email", _personal, lambda r: f"{_local(r).replace('.', ' ', 1)}@{_domain(r)}"),
    DefectSpec("crm", "phone", "invalid_phone", _has("phone", "DE"),
               lambda r: f"0{r['_phone'].split()[1]} {r['_phone'].split()[2][:2]}"),
    DefectSpec("crm", "mobile", "invalid_phone", _has("mobile", "DE"),
               lambda r: f"0{r['_mobile'].split()[1]} {r['_mobile'].split()[2]}123"),
    DefectSpec("crm", "postcode", "invalid_postcode", _country("DE"),
               lambda r: r["postcode"][1:] if r["postcode"].startswith("0") else r["postcode"][:4]),
    DefectSpec("crm", "postcode", "invalid_postcode", _country("DK"), lambda r: r["postcode"] + "0"),
    DefectSpec("crm", "country", "unknown_country", _no_numbers("DE"), lambda r: "Nordfriesland"),
    DefectSpec("crm", "vat_id", "invalid_vat_id", _country("DE", business=True), lambda r: r["vat_id"][:-1]),
    DefectSpec("crm", "status", "invalid_status", lambda r: True, lambda r: "in Prüfung"),
    DefectSpec("crm", "customer_no", "missing_customer_no", lambda r: True, lambda r: None),
    DefectSpec("crm_contacts", "email", "invalid_email", _personal, lambda r: f"{_local(r)}(at){_domain(r)}"),
    DefectSpec("crm_contacts", "mobile", "invalid_phone", _has("mobile", "DE"),
               lambda r: f"0{r['_mobile'].split()[1]} {r['_mobile'].split()[2][:3]}"),
    DefectSpec("erp", "email", "invalid_email", _personal, lambda r: f"{_local(r)}@@{_domain(r)}"),
    DefectSpec("erp", "email", "invalid_email", _personal, lambda r: f"{_local(r)}.{_domain(r)}"),
    DefectSpec("erp", "phone", "invalid_phone", _has("phone", "DK"),
               lambda r: " ".join(_digits(r["_phone"])[:7][i:i + 2] for i in range(0, 7, 2))),
    DefectSpec("erp", "mobile", "invalid_phone", _has("mobile", "DK"), lambda r: "+45 " + _digits(r["_mobile"])[:5]),
    DefectSpec("erp", "postcode", "invalid_postcode", _country("DK"), lambda r: r["postcode"][:3]),
    DefectSpec("erp", "postcode", "invalid_postcode", _country("DE"),
               lambda r: r["postcode"][1:] if r["postcode"].startswith("0") else r["postcode"][:4]),
    DefectSpec("erp", "country", "unknown_country", _country("DE"), lambda r: "Sydslesvig"),
    DefectSpec("erp", "vat_id", "invalid_vat_id", _country("DK", business=True), lambda r: r["vat_id"][:-1]),
    DefectSpec("erp", "status", "invalid_status", lambda r: True, lambda r: "afventer"),
    DefectSpec("erp", "customer_no", "missing_customer_no", lambda r: True, lambda r: None),
)
"""Every planted defect but the duplicate customer numbers (one pair per system, planted apart)."""

_FACTS = {"email": "_email_kind", "phone": "_phone", "mobile": "_mobile"}


def _hosts(world: SampleWorld) -> dict[str, list[Record]]:
    """Per dataset, the records that take part in nothing: no link, pair, trap, card or other defect."""
    counts = Counter(r["_entity"] for r in (*world.crm, *world.erp))
    counts.update(r["_entity"] for r in world.contacts)
    return {
        dataset: [r for r in records if not r["_tags"] and counts[r["_entity"]] == 1]
        for dataset, records in (("crm", world.crm), ("crm_contacts", world.contacts), ("erp", world.erp))
    }


def _take(rng: random.Random, hosts: list[Record], accepts: Callable[[Record], bool], tag: str) -> Record:
    host = rng.choice([r for r in hosts if accepts(r)])
    hosts.remove(host)
    host["_tags"].add(tag)
    return host


def plant_defects(world: SampleWorld, rng: random.Random) -> None:
    """Plant :data:`DEFECTS` and a duplicate customer number in the CRM and in the ERP (after numbering)."""
    hosts = _hosts(world)
    for spec in DEFECTS:
        host = _take(rng, hosts[spec.dataset], spec.accepts, "defect")
        value = spec.value(host)
        host[spec.field] = value
        if spec.field in _FACTS:
            host[_FACTS[spec.field]] = "invalid" if spec.field == "email" else None
        world.defects.append({"dataset": spec.dataset, "record": host, "field": spec.field, "kind": spec.kind,
                              "value": value})
    for dataset in ("crm", "erp"):
        first = _take(rng, hosts[dataset], lambda r: True, "defect")
        second = _take(rng, hosts[dataset], lambda r: True, "defect")
        second["customer_no"] = first["customer_no"]
        second["_sort"] = first["_sort"] + 0.5
        for host in (first, second):
            world.defects.append({"dataset": dataset, "record": host, "field": "customer_no",
                                  "kind": "duplicate_customer_no", "value": first["customer_no"]})


PLACEHOLDERS = (("crm", "email", 4), ("crm", "phone", 2), ("erp", "email", 3), ("erp", "phone", 2))
"""(dataset, field, how many records) carrying a placeholder instead of a value."""


def plant_placeholders(world: SampleWorld, rng: random.Random) -> None:
    """Replace values by the placeholders real exports use for "none" (shared by unrelated records)."""
    hosts = _hosts(world)
    for dataset, field, count in PLACEHOLDERS:
        for _ in range(count):
            if field == "email":
                host = _take(rng, hosts[dataset], lambda r: r["_email_kind"] == "personal", "placeholder")
                host.update(email=PLACEHOLDER_EMAILS[host["_country"]], _email_kind="placeholder")
            else:
                country = "DE" if dataset == "crm" else "DK"
                host = _take(rng, hosts[dataset], lambda r, c=country: r["_country"] == c, "placeholder")
                host.update(phone=PLACEHOLDER_PHONES[country], _phone=None)
            world.placeholders.append({"dataset": dataset, "record": host, "field": field, "value": host[field]})
