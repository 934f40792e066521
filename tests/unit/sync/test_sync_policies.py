"""Conflict policies decide what no steward decided; their decisions are stored like a steward's."""

from __future__ import annotations

import pytest

from tests.unit.sync.sync_scenarios import categories, customers, link, person
from workbench.errors import ConfigError
from workbench.sync.categories import A_TO_B, B_TO_A, BOTH_CHANGED, CONFLICT, SYNCHRONIZED, categorize
from workbench.sync.policies import (
    CONFLICT_POLICIES,
    FieldPriority,
    NewestWins,
    SystemPriority,
    conflict_policy,
    resolve_by_policy,
)


@pytest.fixture
def scenario(store):
    crm = customers(person("1", "Arndt", city="Bonn", phone="0221 1", updated_at="03.02.2026 10:00"),
                    person("2", "Becker", city="Aachen", updated_at="2026-01-01"),
                    person("3", "Claus", city="Essen", updated_at="2026-01-01"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Berlin", phone="0221 2",
                           updated_at="2026-02-01T09:00:00"),
                    person("E2", "Becker", email="becker@kunde-2.de", city="Kiel", updated_at="2026-03-01"),
                    person("E3", "Claus", email="claus@kunde-3.de", city="Jena", updated_at="2026-01-01"))
    for a_no, b_no in (("1", "E1"), ("2", "E2"), ("3", "E3")):
        link(store, a_no, b_no)
    return crm, erp


def changes_after(policy, store, crm, erp):
    overview = categorize(crm, erp, store, system_a="CRM", system_b="ERP")
    resolve_by_policy(overview, policy, actor="batch").apply(store)
    after = categorize(crm, erp, store, system_a="CRM", system_b="ERP")
    return after, after.changes.set_index(["a_no", "field"])["change"].to_dict()


def test_system_priority_lets_one_system_win_every_conflict(store, scenario) -> None:
    after, changes = changes_after(SystemPriority("b"), store, *scenario)
    assert set(changes.values()) == {B_TO_A}
    assert set(categories(after).values()) == {SYNCHRONIZED}


def test_newest_wins_by_updated_at_and_leaves_ties_open(store, scenario) -> None:
    after, changes = changes_after(NewestWins(), store, *scenario)
    assert changes[("1", "city")] == A_TO_B  # 03.02.2026 (day first) is newer than 2026-02-01
    assert changes[("2", "city")] == B_TO_A
    assert changes[("3", "city")] == BOTH_CHANGED  # same moment: left for a steward
    assert categories(after)[("a", "3")] == CONFLICT


def test_field_priority_with_a_default_for_the_other_fields(store, scenario) -> None:
    _after, changes = changes_after(FieldPriority({"phone": "b"}, default=SystemPriority("a")), store, *scenario)
    assert changes[("1", "phone")] == B_TO_A
    assert changes[("1", "city")] == A_TO_B


def test_policy_decisions_are_audited_and_undoable(store, scenario) -> None:
    crm, erp = scenario
    overview = categorize(crm, erp, store, system_a="CRM", system_b="ERP")
    action = resolve_by_policy(overview, conflict_policy("a-wins"))
    action.apply(store)
    with store.transaction() as tx:
        assert tx.audit.frame().loc[0, ["action", "reason"]].tolist() == ["resolve conflicts", "policy SystemPriority"]
    action.undo(store)
    assert categories(categorize(crm, erp, store, system_a="CRM", system_b="ERP"))[("a", "1")] == CONFLICT


def test_policies_are_named_and_checked() -> None:
    assert set(CONFLICT_POLICIES) == {"a-wins", "b-wins", "newest-wins"}
    with pytest.raises(ConfigError, match="unknown conflict policy 'oldest'"):
        conflict_policy("oldest")
    with pytest.raises(ConfigError, match="'a' or 'b'"):
        SystemPriority("crm")
    with pytest.raises(ConfigError, match="'a' or 'b' per field"):
        FieldPriority({"email": "erp"})
