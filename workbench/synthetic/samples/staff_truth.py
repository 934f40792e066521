"""The employee answer key (``employees_truth.json``), computed from the finished records.

Every pair within and across the two systems is classified by
:mod:`workbench.synthetic.oracle` (the rules, not the matcher); the sure and possible ones are
the truth, and every planned pair is checked to get its planned class. Sync categories follow
from the links (:mod:`workbench.synthetic.categories`).
"""

from __future__ import annotations

import itertools
from typing import Any

from workbench.linkage.classify import NONE, POSSIBLE, SURE
from workbench.synthetic.categories import linked_category, unlinked_category
from workbench.synthetic.oracle import classify_pair
from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.staff import FSM, HR, LINKS_FILE, SYNC_FIELDS, StaffWorld


def _ref(record: Record) -> dict[str, Any]:
    return {"row": record["_row"], "no": record["employee_no"]}


def _pairs(left: list[Record], right: list[Record] | None) -> list[dict[str, Any]]:
    """Every pair the rules call sure or possible (within ``left``, or across to ``right``), in row order."""
    candidates = itertools.combinations(left, 2) if right is None else itertools.product(left, right)
    found = []
    for a, b in candidates:
        if right is None and a["_row"] > b["_row"]:
            a, b = b, a
        verdict = classify_pair(a, b)
        if verdict.klass != NONE:
            found.append({"a": _ref(a), "b": _ref(b), "class": verdict.klass, "why": verdict.why,
                          "same_person": a["_entity"] == b["_entity"]})
    return sorted(found, key=lambda p: (p["a"]["row"], p["b"]["row"]))


def _categories(world: StaffWorld) -> dict[str, list[dict[str, Any]]]:
    by_no = {"hr": {r["employee_no"]: r for r in world.hr}, "fsm": {r["employee_no"]: r for r in world.fsm}}
    found: dict[str, dict[str, str]] = {"hr": {}, "fsm": {}}
    for link in world.links:
        hr, fsm = by_no["hr"].get(link["a_employee_no"]), by_no["fsm"].get(link["b_employee_no"])
        category = ("disabled" if link["sync"] == "off" else "deleted" if hr is None or fsm is None
                    else linked_category(hr, fsm, True, SYNC_FIELDS))
        for system, record in (("hr", hr), ("fsm", fsm)):
            if record is not None:
                found[system][record["employee_no"]] = category
    return {system: [{**_ref(r), "category": found[system].get(r["employee_no"]) or unlinked_category(r)}
                     for r in sorted(records, key=lambda r: r["_row"])]
            for system, records in (("hr", world.hr), ("fsm", world.fsm))}


def _checked(world: StaffWorld, duplicates: dict[str, list[dict[str, Any]]],
             partners: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The planned pairs with their class; raises when the rules give one another class."""
    classes = {(p["a"]["no"], p["b"]["no"]): p["class"] for p in partners}
    for dataset, pairs in duplicates.items():
        classes.update({(dataset, p["a"]["no"], p["b"]["no"]): p["class"] for p in pairs})
    out = []
    for what, a, b, expected, situation in world.planned:
        if what != "partners" and a["_row"] > b["_row"]:
            a, b = b, a
        key = (a["employee_no"], b["employee_no"]) if what == "partners" else (what, a["employee_no"],
                                                                               b["employee_no"])
        got = classes.get(key, NONE)
        if got != expected:
            raise AssertionError(f"planned {situation} pair {key} is {got}, not {expected}")
        out.append({"what": what, "a": _ref(a), "b": _ref(b), "class": expected, "situation": situation})
    return out


def build_truth(world: StaffWorld) -> dict[str, Any]:
    """The employee answer key as JSON-ready data."""
    duplicates = {"hr": _pairs(world.hr, None), "fsm": _pairs(world.fsm, None)}
    partners = _pairs(world.hr, world.fsm)
    categories = _categories(world)
    counts = {c: sum(r["category"] == c for rs in categories.values() for r in rs)
              for c in ("conflict", "new", "deleted", "disabled", "synchronized", "inactive")}
    truth = {
        "generator": {"seed": world.seed, "command": "python -m workbench.synthetic data_samples"},
        "kind": "employee",
        "files": {layout.dataset: {"file": layout.file, "sheet": layout.sheet, "header_row": layout.header_row,
                                   "first_row": layout.first_row, "system": layout.system,
                                   "rows": len(world.hr if layout is HR else world.fsm)} for layout in (HR, FSM)},
        "links_file": LINKS_FILE,
        "duplicates": duplicates,
        "partners": partners,
        "planned": _checked(world, duplicates, partners),
        "sync": categories,
        "defects": world.defects,
    }
    truth["summary"] = {
        "hr_records": len(world.hr), "fsm_records": len(world.fsm), "links": len(world.links),
        "duplicates": {d: {k: sum(p["class"] == k for p in ps) for k in (SURE, POSSIBLE)}
                       for d, ps in duplicates.items()},
        "partners": {k: sum(p["class"] == k for p in partners) for k in (SURE, POSSIBLE)},
        "categories": counts,
        "defects": len(world.defects),
    }
    return truth
