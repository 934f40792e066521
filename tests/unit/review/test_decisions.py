"""plan_decisions: what a run may decide by policy, on small hand-made matches over a real overview."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.review.decisions import StoredDecisions, plan_decisions, stored_pair_decisions
from workbench.review.policies import onboarding_policy
from workbench.store import open_store
from workbench.sync import DecidePair, ImportLinks, categorize

FIELDS = ["customer_no", "first_name", "last_name", "status"]


def _frame(rows: list[tuple], first_row: int = 2) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=FIELDS, index=pd.Index(range(first_row, first_row + len(rows)), name="row"))


# source (CRM): rows 2..8; target (ERP): rows 2..5
CRM = _frame([("1", "Anna", "Berg", "aktiv"), ("2", "Anna", "Berg", "aktiv"), ("3", "Carl", "Dahl", "aktiv"),
              ("4", "Eva", "Frisk", "aktiv"), ("5", "Gus", "Holm", "aktiv"), ("6", "Ida", "Jung", "aktiv"),
              ("7", "Kai", "Lund", "aktiv")])
ERP = _frame([("D1", "Anna", "Berg", "aktiv"), ("D3", "Carl", "Dahl", "aktiv"), ("D5", "Gus", "Holm", "aktiv"),
              ("D9", "Max", "Olsen", "aktiv")])


def _pairs(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["a_row", "a_no", "b_row", "b_no", "match_class", "score", "veto"])
    frame["explanation"] = "because"
    frame["assigned"] = True
    frame["ambiguous"] = False
    return frame


@pytest.fixture
def store(tmp_path):
    opened = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    yield opened
    opened.close()


def _overview(store):
    return categorize(CRM, ERP, store, system_a="CRM", system_b="ERP")


PARTNERS = _pairs([(2, "1", 2, "D1", "sure", 0.99, None), (4, "3", 3, "D3", "possible", 0.95, None),
                   (6, "5", 4, "D5", "possible", 0.5, None)])
DUPLICATES = _pairs([(2, "1", 3, "2", "sure", 0.99, None),
                     (5, "4", 7, "6", "possible", 0.97, "FirstNamesClearlyDiffer")])


def test_review_links_sure_partners_holds_duplicates_back_and_queues_possible_pairs(store) -> None:
    plan = plan_decisions(PARTNERS, DUPLICATES, _overview(store), StoredDecisions(), onboarding_policy("review"))
    assert plan.links[["a_no", "b_no", "basis"]].values.tolist() == [["1", "D1", "sure"]]
    assert plan.queued_partners["a_no"].tolist() == ["3", "5"]
    assert plan.queued_duplicates["a_no"].tolist() == ["4"]
    held = dict(zip(plan.held_back["no"], plan.held_back["detail"], strict=True))
    assert held["2"] == "duplicate of 1"  # 1 keeps the group: it is being linked
    assert held["3"] == held["5"] == held["4"] == held["6"] == "in a possible pair of the review queue"
    assert plan.create == ["7"]


def test_auto_accepts_possible_pairs_above_its_score_but_never_a_vetoed_one(store) -> None:
    plan = plan_decisions(PARTNERS, DUPLICATES, _overview(store), StoredDecisions(), onboarding_policy("auto"))
    assert plan.links[["a_no", "b_no", "basis"]].values.tolist() == [["1", "D1", "sure"], ["3", "D3", "policy"]]
    assert plan.same_duplicates.empty  # 4/6 scores 0.97 but a veto demoted it
    assert plan.queued_duplicates["a_no"].tolist() == ["4"]
    assert plan.queued_partners["a_no"].tolist() == ["5"]


def test_steward_decisions_are_reused_and_never_overridden(store) -> None:
    for left, right, outcome in (("1", "D1", "different"), ("5", "D5", "same")):
        DecidePair(left_system="CRM", left_no=left, right_system="ERP", right_no=right, outcome=outcome).apply(store)
    DecidePair(left_system="CRM", left_no="2", right_system="CRM", right_no="1", outcome="different").apply(store)
    stored = stored_pair_decisions(store, "CRM", "ERP", "customer")
    assert sorted(map(tuple, stored.partners.values.tolist())) == [("1", "D1", False), ("5", "D5", True)]
    assert stored.duplicates.values.tolist() == [["1", "2", False]]
    plan = plan_decisions(PARTNERS, DUPLICATES, _overview(store), stored, onboarding_policy("auto"))
    links = plan.links[["a_no", "b_no", "basis"]].values.tolist()
    assert ["1", "D1", "sure"] not in links  # a steward said different: the sure class does not win
    assert ["5", "D5", "steward"] in links  # a steward said same: linked although only possible at 0.5
    assert {"1", "2"} <= set(plan.create)  # not duplicates: the steward said so
    assert plan.reused == {"partner_pairs": 2, "duplicate_pairs": 1}


def test_linked_records_and_blocked_rows_are_left_alone(store, tmp_path) -> None:
    links = tmp_path / "links.csv"
    links.write_text("a_customer_no;b_customer_no;sync;synced_at\n1;D1;on;\n", encoding="utf-8")
    ImportLinks(path=links, system_a="CRM", system_b="ERP").apply(store)
    plan = plan_decisions(PARTNERS, DUPLICATES, _overview(store), StoredDecisions(), onboarding_policy("review"),
                          blocked_rows=pd.Index([8]))
    assert plan.links.empty  # 1/D1 is linked already
    held = dict(zip(plan.held_back["no"], plan.held_back["reason"], strict=True))
    assert held["7"] == "blocked by validation"
    assert held["2"] == "duplicate"
    assert plan.create == []
