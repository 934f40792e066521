"""Two stewards in two processes deciding the same pairs at the same moment (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing

from tests.unit.team.deciding import decide_in_step
from workbench.store import STEWARD, open_store
from workbench.team import REFUSED, add_user

PAIRS = [(f"1{n}", f"2{n}") for n in range(6)]  # (10, 20), (11, 21), …: kept in this order


def test_the_same_pair_decided_at_once_by_two_processes_ends_with_one_decision_and_one_clear_refusal(store_url):
    with open_store(store_url) as store:
        add_user(store, "ada", actor="ada")
        add_user(store, "sam", STEWARD, actor="ada")
        add_user(store, "tom", STEWARD, actor="ada")
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=decide_in_step, args=(store_url, actor, outcome, PAIRS, barrier, results))
               for actor, outcome in (("sam", "same"), ("tom", "different"))]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=120) for _ in range(2 * len(PAIRS))]
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0]

    with open_store(store_url) as store, store.transaction() as tx:
        crm = tx.systems.get("CRM")
        decided = tx.decisions.pair_frame(crm, crm).set_index("left_no")
        audit = tx.audit.frame()
    assert sorted(decided.index) == sorted(left for left, _ in PAIRS)  # one active decision per pair
    for left, right in PAIRS:
        winner = decided.at[left, "decided_by"]
        outcomes = {actor: outcome for actor, number, outcome in reports if number == left}
        loser = "tom" if winner == "sam" else "sam"
        assert outcomes[winner] == "decided"
        assert f"the pair CRM {left} / CRM {right} was decided meanwhile by {winner}" in outcomes[loser]
    # one audit entry per attempt: the decision of the one, the refusal of the other; none lost, none twice
    decisions = audit[audit["action"] == "decide pair"]
    refusals = audit[audit["action"] == REFUSED]
    assert len(decisions) == len(refusals) == len(PAIRS)
    assert sorted(decisions["payload"].map(lambda p: p["decision"])) == sorted(decided["decision_id"])
    assert sorted(decisions["actor"]) == sorted(decided["decided_by"])
    assert all("decided meanwhile by" in payload["message"] for payload in refusals["payload"])
