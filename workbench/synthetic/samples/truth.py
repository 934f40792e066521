"""The answer key of the samples (``truth.json``): records, pairs, traps, sync categories, cards, defects.

Everything is computed from the finished records, not from the generator's intentions,
and then checked against them: a pair's class comes from :mod:`workbench.synthetic.oracle`,
a record's sync category from the links and the values the two systems hold. A
mismatch with the plan is a generator bug and raises.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from workbench.linkage.classify import MATCH_CLASSES, NONE, POSSIBLE, SURE
from workbench.synthetic.categories import SYNC_FIELDS, differing_fields, linked_category, unlinked_category
from workbench.synthetic.oracle import Verdict, classify_pair, company_key, fold
from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.layouts import (
    CRM,
    CRM_CONTACTS,
    CRM_HIDDEN_COLUMNS,
    ERP,
    ERP_SQLITE_FILE,
    ERP_SQLITE_TABLE,
    EXTRA,
    LAYOUTS,
    LINKS_FILE,
    OUTLOOK,
    Layout,
)
from workbench.synthetic.samples.world import SampleWorld
from workbench.synthetic.vocabulary import NICKNAMES, PLACEHOLDER_EMAILS, PLACEHOLDER_PHONES, ROLE_MAILBOXES

DUPLICATE_SCOPES = ("crm", "crm_contacts", "erp")
TRAP_SCOPES = (("crm", "crm"), ("crm_contacts", "crm_contacts"), ("erp", "erp"), ("crm", "erp"),
               ("outlook", "crm_contacts"))
_TRAP_KINDS = (  # (kind, evidence it needs), first match names the trap
    ("family_mailbox", {"email:family"}), ("reassigned_mobile", {"mobile", "last_name"}),
    ("role_mailbox", {"email:role"}), ("placeholder_email", {"email:placeholder"}),
    ("placeholder_phone", {"placeholder_phone"}), ("namesake", {"name"}), ("company_namesake", {"company"}),
    ("shared_mobile", {"mobile"}), ("shared_landline", {"phone"}), ("shared_address", {"address"}),
)


def ref(record: Record, *, dataset: bool = False) -> dict[str, Any]:
    """How the truth points at a record: its row (as a spreadsheet shows it) and customer number."""
    out = {"dataset": record["_dataset"]} if dataset else {}
    return {**out, "row": record["_row"], "customer_no": record["customer_no"]}


def _datasets(world: SampleWorld) -> dict[str, list[Record]]:
    return {"crm": world.crm, "crm_contacts": world.contacts, "erp": world.erp, "outlook": world.cards}


def _pair(a: Record, b: Record, verdict: Verdict, **more: Any) -> dict[str, Any]:
    return {"a": ref(a), "b": ref(b), **more, "class": verdict.klass, "why": verdict.why}


def _checked(a: Record, b: Record) -> Verdict:
    verdict = classify_pair(a, b)
    if verdict.klass == NONE or verdict.vetoed:
        raise AssertionError(f"records of one entity {a['_entity']} cannot be found: {verdict}")
    return verdict


def duplicate_pairs(world: SampleWorld) -> dict[str, list[dict[str, Any]]]:
    """Pairs of records of one entity inside each dataset, with the class the rules give them."""
    out = {}
    for dataset in DUPLICATE_SCOPES:
        groups: dict[str, list[Record]] = defaultdict(list)
        for record in _datasets(world)[dataset]:
            groups[record["_entity"]].append(record)
        pairs = [_pair(a, b, _checked(a, b), entity=a["_entity"])
                 for records in groups.values() for a, b in itertools.combinations(records, 2)]
        out[dataset] = sorted(pairs, key=lambda p: (p["a"]["row"], p["b"]["row"]))
    return out


def partner_pairs(world: SampleWorld) -> list[dict[str, Any]]:
    """Pairs of a CRM and an ERP record of one entity."""
    erp_by_entity: dict[str, list[Record]] = defaultdict(list)
    for record in world.erp:
        erp_by_entity[record["_entity"]].append(record)
    pairs = []
    for a in world.crm:
        for b in erp_by_entity.get(a["_entity"], ()):
            verdict = _checked(a, b)
            pairs.append({"crm": ref(a), "erp": ref(b), "entity": a["_entity"], "class": verdict.klass,
                          "why": verdict.why})
    return pairs


def _evidence_keys(record: Record) -> Iterator[tuple[str, str]]:
    if record["email"] and record["_email_kind"] not in (None, "invalid"):
        yield f"email:{record['_email_kind']}", record["email"].strip().lower()
    for field in ("mobile", "phone"):
        if record[f"_{field}"]:
            yield field, record[f"_{field}"]
    if record["phone"] in PLACEHOLDER_PHONES.values():
        yield "placeholder_phone", record["phone"]
    if record["street"] and record["postcode"]:
        yield "address", f"{fold(record['street'])}|{record['postcode']}"
    if record["first_name"] and record["last_name"]:
        yield "name", f"{fold(record['first_name'])}|{fold(record['last_name'])}"
    if record["_business"] and record["company"]:
        yield "company", company_key(record["company"])


def trap_pairs(world: SampleWorld) -> list[dict[str, Any]]:
    """Pairs of different entities that share an email, number, address, name or company name.

    These are the traps: the rules must not call them sure (a shared personal mailbox or
    a re-assigned mobile comes out possible by veto, the rest none).
    """
    datasets = _datasets(world)
    out = []
    for left, right in TRAP_SCOPES:
        index: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for record in datasets[right]:
            for key in _evidence_keys(record):
                index[key].append(record)
        shared: dict[tuple[int, int], set[str]] = defaultdict(set)
        records = {}
        for a in datasets[left]:
            for key in _evidence_keys(a):
                for b in index.get(key, ()):
                    if a["_entity"] == b["_entity"] or (left == right and a["_row"] >= b["_row"]):
                        continue
                    shared[(a["_rid"], b["_rid"])].add(key[0])
                    records[a["_rid"]], records[b["_rid"]] = a, b
        for (ra, rb), kinds in shared.items():
            a, b = records[ra], records[rb]
            if fold(a["last_name"]) and fold(a["last_name"]) == fold(b["last_name"]):
                kinds = {*kinds, "last_name"}
            kind = next(k for k, needs in _TRAP_KINDS if needs <= kinds)
            verdict = classify_pair(a, b)
            if verdict.klass == SURE or (verdict.klass == POSSIBLE and not verdict.vetoed):
                raise AssertionError(f"different entities {a['_entity']} and {b['_entity']} look alike: {verdict}")
            out.append({"a": ref(a, dataset=True), "b": ref(b, dataset=True), "kind": kind,
                        "shared": sorted(kinds - {"last_name"}), "same_entity": False, "class": verdict.klass,
                        "why": verdict.why})
    return sorted(out, key=lambda t: (t["a"]["dataset"], t["b"]["dataset"], t["a"]["row"], t["b"]["row"]))


def sync_categories(world: SampleWorld) -> dict[int, dict[str, Any]]:
    """The sync category of every CRM and ERP record given the links (by ``_rid``)."""
    out: dict[int, dict[str, Any]] = {}
    for link in world.links:
        sync = "on" if link.sync else "off"
        if link.a is not None and link.b is not None:
            differing = differing_fields(link.a, link.b)
            category = linked_category(link.a, link.b, link.sync)
            if category != link.planned or (category == "conflict" and set(differing) != set(link.changed_fields)):
                raise AssertionError(f"link {link.a['customer_no']}: {category} {differing}, planned {link.planned}")
            both = {"category": category, "sync": sync, "differing_fields": differing if link.sync else [],
                    "changed_in": {"crm": "A", "erp": "B"}.get(link.changed_side or "")}
            out[link.a["_rid"]] = {**both, "link": link.b["customer_no"]}
            out[link.b["_rid"]] = {**both, "link": link.a["customer_no"]}
        else:
            present = link.a if link.a is not None else link.b
            out[present["_rid"]] = {"category": "deleted", "sync": sync, "link": link.gone_no}
    for record in (*world.crm, *world.erp):
        if record["_rid"] not in out:
            out[record["_rid"]] = {"category": unlinked_category(record), "link": None}
    return out


def _values(record: Record, layout: Layout) -> dict[str, Any]:
    return {field: record[field] for field in layout.fields}


def _extra(record: Record, layout: Layout) -> dict[str, Any]:
    return {header: record["_extra"].get(header) for header, field in layout.columns if field == EXTRA}


def records_truth(world: SampleWorld, categories: dict[int, dict[str, Any]],
                  partners: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every record of every dataset: row, number, entity, values as written, and its sync category."""
    others: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for pair in partners:
        others[("crm", pair["crm"]["row"])].append({**pair["erp"], "class": pair["class"]})
        others[("erp", pair["erp"]["row"])].append({**pair["crm"], "class": pair["class"]})
    out = {}
    for dataset, records in _datasets(world).items():
        layout = LAYOUTS[dataset]
        rows = []
        for record in records:
            entry = {"row": record["_row"], "customer_no": record["customer_no"], "entity": record["_entity"],
                     "values": _values(record, layout), "extra": _extra(record, layout),
                     "variations": record["_variations"]}
            if layout.system:
                entry["sync"] = {**categories[record["_rid"]],
                                 "partners_in_other_system": others[(dataset, record["_row"])]}
            rows.append(entry)
        out[dataset] = rows
    return out


def cards_truth(world: SampleWorld) -> list[dict[str, Any]]:
    """Per vCard: known or not, its business partner, and whether it duplicates a CRM contact."""
    contacts_of: dict[str, list[Record]] = defaultdict(list)
    for contact in world.contacts:
        contacts_of[contact["_entity"]].append(contact)
    out = []
    for card in world.cards:
        verdicts = [(classify_pair(card, c), c) for c in contacts_of.get(card["_entity"], ())]
        verdicts.sort(key=lambda vc: MATCH_CLASSES.index(vc[0].klass))
        best, contact = verdicts[0] if verdicts else (Verdict(NONE, "no contact of this person in the CRM"), None)
        partner = card["_partner"]
        out.append({
            "row": card["_row"], "uid": card["_uid"], "version": card["_version"],
            "workbench_id": card.get("_workbench_id"), "known": "card:known" in card["_tags"],
            "entity": card["_entity"],
            "partner": {"customer_no": partner["customer_no"], "row": partner["_row"], "company": partner["company"]}
            if partner else None,
            "duplicate": {"class": best.klass, "why": best.why,
                          "contact": ref(contact) if contact is not None else None},
            "changed_fields": [v.partition(":")[2] for v in card["_variations"] if v.startswith("changed:")],
            "photo_sha256": hashlib.sha256(card["_photo"]).hexdigest() if card["_photo"] else None,
            "values": _values(card, OUTLOOK), "extra": _extra(card, OUTLOOK),
        })
    return out


def _cell(dataset: str, record: Record, field: str) -> dict[str, Any]:
    layout = LAYOUTS[dataset]
    header = layout.header_of(field)
    cell = {"dataset": dataset, "file": layout.file, "sheet": layout.sheet, "row": record["_row"],
            "column": header, "field": field, "customer_no": record["customer_no"]}
    if layout.sheet:
        cell["cell"] = f"{layout.column_letter(header)}{record['_row']}"
    return cell


def defects_truth(world: SampleWorld) -> list[dict[str, Any]]:
    """Every planted defect with the cell that holds it."""
    out = [{**_cell(d["dataset"], d["record"], d["field"]), "kind": d["kind"], "value": d["value"]}
           for d in world.defects]
    return sorted(out, key=lambda d: (d["dataset"], d["row"], d["column"]))


def quirks_truth(world: SampleWorld) -> list[dict[str, Any]]:
    """Valid but awkward cells: placeholders, padded values, multi-line text, formulas, numbers."""
    out = [{**_cell(p["dataset"], p["record"], p["field"]), "kind": f"placeholder_{p['field']}", "value": p["value"]}
           for p in world.placeholders]
    for dataset, records in _datasets(world).items():
        layout = LAYOUTS[dataset]
        for record in records:
            for field in layout.fields:
                value = record[field]
                if isinstance(value, str) and value != value.strip():
                    out.append({**_cell(dataset, record, field), "kind": "padded_value", "value": value})
            for header, kind in record.get("_cells", {}).items():
                field = dict(layout.columns)[header]
                cell = _cell(dataset, record, field) if field != EXTRA else {
                    "dataset": dataset, "file": layout.file, "sheet": layout.sheet, "row": record["_row"],
                    "column": header, "field": None, "customer_no": record["customer_no"],
                    "cell": f"{layout.column_letter(header)}{record['_row']}"}
                out.append({**cell, "kind": kind[0], "value": kind[1]})
            note = record["_extra"].get("Bemærkning")
            if note and "\n" in note:
                out.append({"dataset": dataset, "file": layout.file, "sheet": None, "row": record["_row"],
                            "column": "Bemærkning", "field": None, "customer_no": record["customer_no"],
                            "kind": "multi_line_text", "value": note})
    return sorted(out, key=lambda q: (q["dataset"], q["row"], q["column"], q["kind"]))


def _count(items: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(items).items()))


def summary(truth: dict[str, Any]) -> dict[str, Any]:
    """Counts per dataset, class, category and defect kind."""
    records = truth["records"]
    return {
        "records": {d: len(r) for d, r in records.items()},
        "duplicates": {d: _count(p["class"] for p in pairs) for d, pairs in truth["duplicates"].items()},
        "partners": _count(p["class"] for p in truth["partners"]),
        "traps": _count(f"{t['kind']}:{t['class']}" for t in truth["traps"]),
        "sync": {d: _count(r["sync"]["category"] for r in records[d]) for d in ("crm", "erp")},
        "links": len(truth["sync"]["links"]),
        "cards": {"known": sum(c["known"] for c in truth["outlook"]),
                  "duplicate_class": _count(c["duplicate"]["class"] for c in truth["outlook"] if not c["known"]),
                  "with_partner": sum(c["partner"] is not None for c in truth["outlook"]),
                  "with_photo": sum(c["photo_sha256"] is not None for c in truth["outlook"]),
                  "version": _count(c["version"] for c in truth["outlook"])},
        "defects": {d: _count(x["kind"] for x in truth["defects"] if x["dataset"] == d)
                    for d in ("crm", "crm_contacts", "erp")},
        "quirks": _count(q["kind"] for q in truth["quirks"]),
    }


def _file_info(layout: Layout) -> dict[str, Any]:
    info: dict[str, Any] = {"file": layout.file, "sheet": layout.sheet, "kind": layout.kind,
                            "system": layout.system, "header_row": layout.header_row, "first_row": layout.first_row,
                            "columns": [{"header": h, "field": f if f != EXTRA else None} for h, f in layout.columns]}
    if layout is CRM:
        info.update(title_rows=[1, 2], merged_title="A1:Q1", empty_rows=[3], hidden_columns=list(CRM_HIDDEN_COLUMNS),
                    empty_columns=["E"], numeric_columns=["Kundennummer"], other_sheets=["Hinweise"],
                    updated_at="date cell, number format dd.mm.yyyy hh:mm")
    elif layout is CRM_CONTACTS:
        info.update(numeric_columns=["Kundennummer", "Firma-Nr."],
                    updated_at="date cell, number format dd.mm.yyyy hh:mm")
    elif layout is ERP:
        info.update(encoding="cp1252", delimiter=";", title_rows=[1], updated_at="text dd-mm-yyyy hh:mm",
                    rows_are_records=True, sqlite={"file": ERP_SQLITE_FILE, "table": ERP_SQLITE_TABLE,
                                                   "row": "row - 2 (ordinal row of the table)"})
    else:
        info.update(rows_are="card number, 1-based")
    return info


def build_truth(world: SampleWorld, links: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole answer key as plain JSON-ready data."""
    categories = sync_categories(world)
    partners = partner_pairs(world)
    truth: dict[str, Any] = {
        "generator": {"seed": world.seed, "command": "python -m workbench.synthetic data_samples"},
        "files": {dataset: _file_info(layout) for dataset, layout in LAYOUTS.items()},
        "vocabulary": {
            "role_mailboxes": list(ROLE_MAILBOXES),
            "placeholder_emails": sorted(PLACEHOLDER_EMAILS.values()),
            "placeholder_phones": sorted(PLACEHOLDER_PHONES.values()),
            "nicknames": {full: list(short) for full, short in sorted(NICKNAMES.items())},
        },
        "entities": world.entities,
        "records": records_truth(world, categories, partners),
        "duplicates": duplicate_pairs(world),
        "partners": partners,
        "traps": trap_pairs(world),
        "sync": {"system_a": "crm", "system_b": "erp", "links_file": LINKS_FILE, "compared_fields": list(SYNC_FIELDS),
                 "links": links},
        "outlook": cards_truth(world),
        "defects": defects_truth(world),
        "quirks": quirks_truth(world),
    }
    truth["summary"] = summary(truth)
    return truth
