"""What the systems add to every record: customer numbers, change times, side columns, row order.

* CRM customers are numbered from 10001 in creation order (with gaps: deleted
  records); contacts from 50001. ERP records created from the CRM kept the CRM
  number, the others got the ERP's own numbers from 20001.
* A link whose record is gone still names its number; that number is free in its system.
* Change times: the synchronised side of a link was changed before the last sync, the
  changed side of a conflict after it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.layouts import CRM, CRM_CONTACTS, ERP, OUTLOOK
from workbench.synthetic.samples.world import SampleWorld

START = datetime(2019, 1, 2, 8, 0)
EXPORTED = datetime(2026, 10, 31, 18, 0)
SYNC_FROM, SYNC_TO = datetime(2026, 9, 1, 22, 0), datetime(2026, 10, 28, 22, 0)

_CRM_GROUPS = ("A-Kunde", "B-Kunde", "C-Kunde", "Händler")
_CRM_NOTES = ("VIP", "Mahnsperre", "Rückruf erbeten", "Newsletter: ja", "nur per E-Mail", "Zahlungsziel 30 Tage")
_ERP_NOTES = ("Faktura pr. mail", "Levering bag hus", "Kontant ved levering", "Kreditmaksimum 50.000 kr.",
              "Ring før levering\nKun om formiddagen", "Faktura pr. mail\nEAN-nummer følger",
              "Rabat 5 %\nAftalt med salg", "Lukket i juli\nLeverancer efter aftale")


def number_records(world: SampleWorld, rng: random.Random) -> None:
    """Give every record its customer number (and contacts their company's number)."""
    crm_numbers = _sequence(rng, world.crm, 10001)
    for link in world.links:
        if link.a is not None and link.b is not None and rng.random() < 0.5:
            link.b["_kept_from"] = link.a
    for record in world.erp:
        if "_kept_from" in record:
            record["customer_no"] = record["_kept_from"]["customer_no"]
    erp_numbers = _sequence(rng, [r for r in world.erp if "_kept_from" not in r], 20001)
    for link in world.links:
        if link.a is None:
            link.gone_no = _free(rng, crm_numbers, 10001)
            if rng.random() < 0.5:
                link.b["customer_no"] = link.gone_no
        elif link.b is None:
            link.gone_no = link.a["customer_no"] if rng.random() < 0.5 else _free(rng, erp_numbers, 20001)
    _sequence(rng, world.contacts, 50001)
    for contact in world.contacts:
        contact["partner_no"] = contact["_partner"]["customer_no"]
    for card in world.cards:
        card["partner_no"] = card["_partner"]["customer_no"] if card["_partner"] else None
        if "card:known" in card["_tags"]:
            card["_workbench_id"] = card["_contact"]["customer_no"]
    for record in world.records():
        record["_sort"] = float(record["customer_no"]) if record["customer_no"] else 0.0


def _sequence(rng: random.Random, records: list[Record], first: int) -> set[str]:
    number = first - 1
    for record in rng.sample(records, len(records)):
        number += rng.choice((1, 1, 1, 1, 2, 3))
        record["customer_no"] = str(number)
    return {r["customer_no"] for r in records}


def _free(rng: random.Random, taken: set[str], first: int) -> str:
    last = max(int(n) for n in taken)
    free = [str(n) for n in range(first, last) if str(n) not in taken]
    number = rng.choice(free)
    taken.add(number)
    return number


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    minutes = int((end - start).total_seconds() // 60)
    moment = start + timedelta(minutes=rng.randrange(minutes))
    return moment.replace(hour=7 + moment.hour % 11, second=0)


def stamp_times(world: SampleWorld, rng: random.Random) -> None:
    """Set ``updated_at`` of every record and ``synced_at`` of every link (ISO text, minutes)."""
    for record in world.records():
        record["updated_at"] = _moment(rng, START, EXPORTED).isoformat()
    for link in world.links:
        synced = _moment(rng, SYNC_FROM, SYNC_TO).replace(hour=22, minute=0)
        link.synced_at = synced.isoformat()
        for side, record in (("crm", link.a), ("erp", link.b)):
            if record is None:
                continue
            if link.planned == "conflict" and side == link.changed_side:
                record["updated_at"] = _moment(rng, synced + timedelta(hours=10), EXPORTED).isoformat()
            elif link.planned != "disabled":
                record["updated_at"] = _moment(rng, START, synced - timedelta(days=1)).isoformat()


def fill_side_columns(world: SampleWorld, rng: random.Random) -> None:
    """The CRM's Kundengruppe and Intern, the ERP's Bemærkning (Position and TITLE come with the contacts)."""
    for record in world.crm:
        record["_extra"]["Kundengruppe"] = rng.choice(_CRM_GROUPS) if record["_business"] else "Privatkunde"
        record["_extra"]["Intern"] = rng.choice(_CRM_NOTES) if rng.random() < 0.2 else None
    multi_line = [n for n in _ERP_NOTES if "\n" in n]
    hosts = rng.sample(world.erp, len(multi_line))
    for record in world.erp:
        record["_extra"]["Bemærkning"] = rng.choice(_ERP_NOTES[:4]) if rng.random() < 0.12 else None
    for record, note in zip(hosts, multi_line, strict=True):
        record["_extra"]["Bemærkning"] = note


def order_rows(world: SampleWorld) -> None:
    """Sort each dataset as its system exports it (by customer number) and number the rows."""
    world.crm.sort(key=lambda r: r["_sort"])
    world.contacts.sort(key=lambda r: r["_sort"])
    world.erp.sort(key=lambda r: r["_sort"])
    for layout, records in ((CRM, world.crm), (CRM_CONTACTS, world.contacts), (ERP, world.erp),
                            (OUTLOOK, world.cards)):
        for offset, record in enumerate(records):
            record["_row"] = layout.first_row + offset
            record["_dataset"] = layout.dataset


def mark_cells(world: SampleWorld, rng: random.Random) -> None:
    """Choose the CRM cells written as formulas (with their cached value) or as numbers (after ordering rows).

    Sets ``_cells``: header -> ("formula", formula) or ("number", text of the number).
    """
    for record in world.crm:
        record["_cells"] = {}
    plain = [r for r in world.crm if "defect" not in r["_tags"]]
    german = [r for r in plain if r["country"] == "Deutschland"]
    for record in rng.sample(german, 3):
        record["_cells"]["Land"] = ("formula", '=PROPER("DEUTSCHLAND")')
    towns = [r for r in plain if r["city"] and r["city"].isalpha() and r["city"] == r["city"].capitalize()
             and not r["_cells"]]
    for record in rng.sample(towns, 2):
        record["_cells"]["Ort"] = ("formula", f'=PROPER("{record["city"].lower()}")')
    status = CRM.column_letter(CRM.header_of("status"))
    active = [r for r in plain if r["status"] == "aktiv" and not r["_cells"]]
    for record in rng.sample(active, 4):
        group = record["_extra"]["Kundengruppe"]
        record["_cells"]["Kundengruppe"] = ("formula", f'=IF({status}{record["_row"]}="aktiv","{group}","inaktiv")')
    codes = [r for r in plain if r["postcode"] and len(r["postcode"]) == 5 and r["postcode"][0] != "0"
             and not r["_cells"]]
    for record in rng.sample(codes, 10):
        record["_cells"]["PLZ"] = ("number", record["postcode"])
