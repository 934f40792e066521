"""Onboarding steps in-process on the samples (no kernel): the auto policy, and decisions taken in the review views."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workbench.batch import Onboarding
from workbench.errors import StateError
from workbench.io import read_table
from workbench.store import open_store

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"
TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))


def _start(tmp_path: Path, policy: str) -> Onboarding:
    return Onboarding.start(source=SAMPLES / "crm_customers.xlsx", target=SAMPLES / "erp_customers.csv",
                            out=tmp_path / "out", policy=policy, store_url=f"sqlite:///{tmp_path / 'w.db'}",
                            links=SAMPLES / "links.csv", source_system="CRM", target_system="ERP")


def _matched(run: Onboarding) -> Onboarding:
    run.read()
    run.match()
    return run


def test_auto_resolves_every_conflict_and_never_accepts_a_trap(tmp_path) -> None:
    run = _matched(_start(tmp_path, "auto"))
    decided = run.decide()["decisions"]
    assert decided["conflicts_resolved"] > 0
    assert run.conflicts_table().empty
    traps = {frozenset((t["a"]["customer_no"], t["b"]["customer_no"])) for t in TRUTH["traps"]}
    accepted = {frozenset(pair) for pair in zip(run.plan.same_duplicates["a_no"], run.plan.same_duplicates["b_no"],
                                                strict=True)}
    assert decided["duplicates_same"] == len(accepted) > 0
    assert not accepted & traps
    policy_links = run.plan.links[run.plan.links["basis"] == "policy"]
    assert not {frozenset(p) for p in zip(policy_links["a_no"], policy_links["b_no"], strict=True)} & traps
    run.export()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["review"]["conflict"] == 0
    assert summary["decisions"] == decided.to_dict()
    run.close()


def test_a_pair_a_steward_called_different_in_the_view_is_not_linked(tmp_path) -> None:
    run = _matched(_start(tmp_path, "review"))
    # a new CRM record whose sure partner in the ERP (its only one, both ways) is not linked: the policy would link them
    erp_partners = {r["customer_no"]: r["sync"]["partners_in_other_system"] for r in TRUTH["records"]["erp"]}
    record = next(r for r in TRUTH["records"]["crm"] if r["sync"]["category"] == "new"
                  and [p["class"] for p in r["sync"]["partners_in_other_system"]] == ["sure"]
                  and len(erp_partners[r["sync"]["partners_in_other_system"][0]["customer_no"]]) == 1)
    partner = record["sync"]["partners_in_other_system"][0]["customer_no"]
    pairs = run.partners.pairs
    label = int(pairs.index[(pairs["a_no"] == record["customer_no"]) & (pairs["b_no"] == partner)][0])
    review = run.review_partners()
    review.show("sure")
    review.go_to(label)
    review.different(reason="two people")
    run.decide()
    linked = set(zip(run.plan.links["a_no"], run.plan.links["b_no"], strict=True))
    assert (record["customer_no"], partner) not in linked
    assert run.plan.reused["partner_pairs"] == 1
    # the steward says it has no partner there: it is created, its sure match notwithstanding
    assert record["customer_no"] in set(run.refused.get("no", [])) ^ {record["customer_no"]}
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store, store.transaction() as tx:
        planned = tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    assert planned.loc[planned["a_no"] == record["customer_no"], "pending_side"].tolist() == ["b"]
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store, store.transaction() as tx:
        decisions = tx.decisions.pair_frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    assert decisions["outcome"].tolist() == ["different"]  # the policy added none and changed none
    run.close()


def test_steps_out_of_order_say_what_to_run_first(tmp_path) -> None:
    run = _start(tmp_path, "review")
    with pytest.raises(StateError, match=r"run read\(\) first"):
        run.match()
    with pytest.raises(StateError, match=r"run match\(\) first"):
        run.decide()
    run.close()


def test_employees_onboard_through_the_same_steps_and_keep_their_numbers(tmp_path) -> None:
    truth = json.loads((SAMPLES / "employees_truth.json").read_text(encoding="utf-8"))["summary"]
    run = Onboarding.start(source=SAMPLES / "hr_employees.xlsx", target=SAMPLES / "fsm_employees.csv",
                           out=tmp_path / "out", policy="review", store_url=f"sqlite:///{tmp_path / 'w.db'}",
                           links=SAMPLES / "employee_links.csv", source_system="HR", target_system="FSM",
                           kind="employee")
    run.read()
    run.validate()
    run.match()
    run.decide()
    run.export()
    run.close()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["kind"] == "employee"
    assert summary["duplicates"] == truth["duplicates"]["hr"]
    assert summary["partners"] == truth["partners"]
    before = summary["sync_before"]
    assert {c: before["HR"][c] + before["FSM"][c] for c in truth["categories"]} == truth["categories"]
    created = pd.read_excel(tmp_path / "out" / "changes_FSM.xlsx", dtype=str)
    created = created[created["action"] == "create"]
    hr_numbers = set(read_table(SAMPLES / "hr_employees.xlsx", "employee").frame["employee_no"])
    assert len(created) == summary["decisions"]["partners_created"] > 0
    assert set(created["employee_no"]) <= hr_numbers  # field service gets the HR numbers


def test_a_connection_file_that_leads_the_fields_leaves_only_unled_fields_for_a_steward(tmp_path) -> None:
    plain = _matched(_start(tmp_path / "plain", "review"))
    plain.decide()
    queued = set(plain.conflicts_table(limit=10_000)["field"])
    plain.close()
    led = Onboarding.start(source=SAMPLES / "crm_customers.xlsx", target=SAMPLES / "erp_customers.csv",
                           out=tmp_path / "led" / "out", store_url=f"sqlite:///{tmp_path / 'led.db'}",
                           links=SAMPLES / "links.csv", source_system="CRM", target_system="ERP",
                           connections=SAMPLES / "connections.yaml", sync="crm-erp")
    _matched(led).decide()
    left = set(led.conflicts_table(limit=10_000)["field"])
    led_fields = {"company", "vat_id", "email", "street", "postcode", "city", "status"}
    assert queued & led_fields  # without the file these fields were conflicts
    assert not left & led_fields  # with it, a side leads them (the samples' links have no snapshots)
    assert led.browse_sync().overview.rules.rule("street").leader == "b"
    led.close()
