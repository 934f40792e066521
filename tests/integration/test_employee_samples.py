"""Employees through the same engine: import, validation, matching and the sync overview on the
HR and field-service samples, every count and class exactly as ``employees_truth.json`` gives it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workbench.io import read_table
from workbench.linkage import LinkageConfig, find_duplicates, find_partners
from workbench.schema import EMPLOYEE
from workbench.sync.actions import CreatePartners, ImportLinks
from workbench.sync.categories import categorize
from workbench.sync.changeset import build_changeset
from workbench.sync.policies import SystemPriority, resolve_by_policy
from workbench.validation import validate

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"
TRUTH = json.loads((SAMPLES / "employees_truth.json").read_text(encoding="utf-8"))
CONFIG = LinkageConfig(kind="employee")


@pytest.fixture(scope="module")
def hr():
    return read_table(SAMPLES / TRUTH["files"]["hr"]["file"], "employee")


@pytest.fixture(scope="module")
def fsm():
    return read_table(SAMPLES / TRUTH["files"]["fsm"]["file"], "employee")


def _classes(pairs: pd.DataFrame, ordered: bool) -> dict[tuple[int, int], str]:
    rows = zip(pairs["a_row"], pairs["b_row"], strict=True)
    return {((a, b) if ordered else tuple(sorted((a, b)))): str(c)
            for (a, b), c in zip(rows, pairs["match_class"], strict=True) if c != "none"}


def _expected(pairs: list[dict]) -> dict[tuple[int, int], str]:
    return {(p["a"]["row"], p["b"]["row"]): p["class"] for p in pairs}


# -- import ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["hr", "fsm"])
def test_both_exports_are_read_as_employees_with_every_field_mapped(dataset: str) -> None:
    spec = TRUTH["files"][dataset]
    table = read_table(SAMPLES / spec["file"], "auto")  # told by the header: Personalnummer, Medarbejdernr.
    assert table.kind is EMPLOYEE
    assert table.rows == spec["rows"]
    assert table.header_row == spec["header_row"]
    assert set(table.columns) == set(EMPLOYEE.field_names)
    assert table.frame.index[0] == spec["first_row"]
    assert table.unmapped == (["Kostenstelle"] if dataset == "hr" else ["Team"])


def test_the_csv_is_read_as_the_field_service_system_writes_it(fsm) -> None:
    assert (fsm.encoding, fsm.delimiter) == ("cp1252", ";")
    assert fsm.columns["birth_date"] == "Fødselsdato"
    assert fsm.columns["leave_date"] == "Fratrædelsesdato"


# -- validation ------------------------------------------------------------------------------------


def test_validation_finds_exactly_the_planted_defects(hr, fsm) -> None:
    report = validate(hr)
    assert report.suite == "employees"
    found = {(int(row), rule) for row, rule in zip(report.problems["row"], report.problems["rule"], strict=True)}
    assert found == {(d["row"], d["rule"]) for d in TRUTH["defects"]}
    assert set(report.rows_with_errors) == {d["row"] for d in TRUTH["defects"] if d["rule"] == "leave_after_hire"}
    assert len(validate(fsm).problems) == 0


# -- matching --------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["hr", "fsm"])
def test_duplicates_are_exactly_the_truths(dataset: str, hr, fsm) -> None:
    table = hr if dataset == "hr" else fsm
    found = _classes(find_duplicates(table.frame, CONFIG).pairs, ordered=False)
    assert found == _expected(TRUTH["duplicates"][dataset])
    assert {c: list(found.values()).count(c) for c in ("sure", "possible")} == TRUTH["summary"]["duplicates"][dataset]


def test_partners_are_exactly_the_truths(hr, fsm) -> None:
    result = find_partners(hr.frame, fsm.frame, CONFIG)
    assert _classes(result.pairs, ordered=True) == _expected(TRUTH["partners"])


def test_the_employee_rules_decide_the_planned_pairs(hr, fsm) -> None:
    pairs = pd.concat([find_duplicates(hr.frame, CONFIG).pairs, find_duplicates(fsm.frame, CONFIG).pairs])
    rules = set(pairs.loc[pairs["match_class"] == "sure", "rule"])
    assert {"PersonalEmailExact", "LastNameAndMobileExact", "LastNameAndBirthDateExact"} <= rules
    twins = next(p for p in TRUTH["planned"] if p["situation"].startswith("twins"))
    found = pairs[(pairs["a_row"] == twins["a"]["row"]) & (pairs["b_row"] == twins["b"]["row"])]
    assert found.empty  # last name and birth date are sure only with a compatible first name: twins are two people


def test_a_shared_role_mailbox_is_no_evidence(fsm) -> None:
    mailbox = next(p for p in TRUTH["planned"] if p["situation"].startswith("role mailbox"))
    pairs = find_duplicates(fsm.frame, CONFIG.replace(keep_none=True)).pairs
    row = pairs[(pairs["a_row"] == mailbox["a"]["row"]) & (pairs["b_row"] == mailbox["b"]["row"])]
    assert row["match_class"].tolist() in ([], ["none"])


# -- sync ------------------------------------------------------------------------------------------


@pytest.fixture
def overview(store, hr, fsm):
    ImportLinks(path=SAMPLES / TRUTH["links_file"], system_a="HR", system_b="FSM", kind="employee").apply(store)
    return categorize(hr, fsm, store, system_a="HR", system_b="FSM")


def test_every_employee_lands_in_the_category_the_truth_gives(overview) -> None:
    assert overview.kind is EMPLOYEE
    for side, dataset in (("a", "hr"), ("b", "fsm")):
        got = overview.records[overview.records["side"] == side].set_index("row")["category"].to_dict()
        assert got == {r["row"]: r["category"] for r in TRUTH["sync"][dataset]}
    assert overview.counts == TRUTH["summary"]["categories"]


def test_dates_written_differently_are_equal_and_a_leave_date_is_a_difference(overview) -> None:
    assert {"birth_date", "hire_date", "leave_date"} <= set(overview.fields)
    differing = set(overview.changes["field"])
    assert "birth_date" not in differing
    assert "hire_date" not in differing
    assert {"leave_date", "status"} <= differing


def test_created_partners_keep_the_employee_number(store, overview, hr, fsm) -> None:
    matches = find_partners(hr.frame, fsm.frame, CONFIG).pairs
    action = CreatePartners(overview=overview, matches=matches, side="a")
    action.apply(store)
    new = {r["no"] for r in TRUTH["sync"]["hr"] if r["category"] == "new"}
    with_sure_partner = {p["a"]["no"] for p in TRUTH["partners"] if p["class"] == "sure"} & new
    assert set(action.created["no"]) == new - with_sure_partner
    assert (action.created["partner_no"] == action.created["no"]).all()
    assert set(action.refused["no"]) == with_sure_partner


def test_a_change_set_for_employees_creates_numbered_partners_and_carries_the_hr_side(store, overview, hr, fsm) -> None:
    matches = find_partners(hr.frame, fsm.frame, CONFIG).pairs
    CreatePartners(overview=overview, matches=matches).apply(store)
    resolve_by_policy(categorize(hr, fsm, store, system_a="HR", system_b="FSM"), SystemPriority("a")).apply(store)
    changes = build_changeset(categorize(hr, fsm, store, system_a="HR", system_b="FSM"))

    sure = {(p["a"]["no"], p["b"]["no"]) for p in TRUTH["partners"] if p["class"] == "sure"}
    for side, other, dataset in ((changes.b, 0, "hr"), (changes.a, 1, "fsm")):
        new = {r["no"] for r in TRUTH["sync"][dataset] if r["category"] == "new"}
        created = side.records[side.records["action"] == "create"]
        assert set(created["employee_no"]) == new - {pair[other] for pair in sure}  # kept numbers
        assert created[["birth_date", "hire_date"]].notna().any().all()
    fsm_updates = changes.b.records.set_index("employee_no")
    conflicts = TRUTH["summary"]["categories"]["conflict"] // 2
    gone = {r["no"] for r in TRUTH["sync"]["fsm"] if r["category"] == "deleted"}  # their HR record is gone
    assert (fsm_updates["action"] != "create").sum() == conflicts + len(gone)  # HR wins every conflict
    assert set(fsm_updates.index[fsm_updates["action"] == "deactivate"]) >= gone
    left = fsm_updates[fsm_updates["changed_fields"] == "leave_date, status"]
    assert left["action"].tolist() == ["deactivate"]
    assert hr.frame.set_index("employee_no").loc[left.index[0], "leave_date"] == left["leave_date"].iloc[0]


def test_the_review_models_serve_employees_unchanged(store, hr, fsm) -> None:
    from workbench.review.duplicates import DuplicateReview
    from workbench.review.overview import SyncOverviewBrowser

    ImportLinks(path=SAMPLES / TRUTH["links_file"], system_a="HR", system_b="FSM", kind="employee").apply(store)
    browser = SyncOverviewBrowser(hr, fsm, store, system_a="HR", system_b="FSM", actor="test")
    assert browser.counts == TRUTH["summary"]["categories"]
    browser.show("new")
    browser.select_all()
    created = pd.concat([action.created for action in browser.create_partners()])
    assert (created["partner_no"] == created["no"]).all()  # partners matched by the kind's rules, numbers kept
    new = {dataset: {r["no"] for r in TRUTH["sync"][dataset] if r["category"] == "new"} for dataset in ("hr", "fsm")}
    sure_between_new = [p for p in TRUTH["partners"]
                        if p["class"] == "sure" and p["a"]["no"] in new["hr"] and p["b"]["no"] in new["fsm"]]
    assert len(created) == len(new["hr"]) + len(new["fsm"]) - 2 * len(sure_between_new)  # those are linked instead
    review = DuplicateReview(find_duplicates(hr.frame), store, system="HR", actor="test")
    assert review.counts == {**TRUTH["summary"]["duplicates"]["hr"], "none": 0}
    assert "birth_date" in review.result.pairs.filter(like="sim_").columns.str.removeprefix("sim_")

