"""Two stewards on one store at once: neither loses the other's decisions (two connections each)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from workbench.errors import StaleWriteError, StoreError
from workbench.store import DIFFERENT, SAME, open_store


def run_together(*work: Callable[[], object]) -> list[object]:
    """Run the callables in threads released at the same moment; results or raised errors, in order."""
    barrier = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)

    def run(i: int, job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[i] = job()
        except Exception as error:  # collected for the assertions
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def stewards(store_url: str):
    """Two stores on the same database: alice's and bob's sessions."""
    alice, bob = open_store(store_url), open_store(store_url)
    with alice.transaction() as tx:
        crm, erp = tx.systems.ensure("CRM", "customer"), tx.systems.ensure("ERP", "customer")
        tx.links.create_many(crm, erp, [{"a_no": f"{n}", "b_no": f"D-{n}"} for n in range(1, 41)], actor="setup")
    yield alice, bob
    alice.close()
    bob.close()


def test_a_stale_write_is_refused_and_the_retry_keeps_both_changes(stewards) -> None:
    alice, bob = stewards
    with alice.transaction() as tx:
        seen_by_alice = tx.links.find(tx.systems.get("CRM"), tx.systems.get("ERP"), a_no="1")
    with bob.transaction() as tx:
        seen_by_bob = tx.links.find(tx.systems.get("CRM"), tx.systems.get("ERP"), a_no="1")
    with alice.transaction() as tx:
        tx.links.update(seen_by_alice.id, expected_version=seen_by_alice.version, actor="alice", sync=False)
    with pytest.raises(StaleWriteError, match=r"changed by alice at .* since you loaded it; reload and decide again"), \
            bob.transaction() as tx:
        tx.links.update(seen_by_bob.id, expected_version=seen_by_bob.version, actor="bob",
                        snapshot={"email": "bob@example.de"})
    with bob.transaction() as tx:  # bob reloads and decides again
        reloaded = tx.links.get(seen_by_bob.id)
        tx.links.update(reloaded.id, expected_version=reloaded.version, actor="bob",
                        snapshot={"email": "bob@example.de"})
    with alice.transaction() as tx:
        final = tx.links.get(seen_by_alice.id)
    assert (final.sync, final.snapshot, final.version) == (False, {"email": "bob@example.de"}, 3)


def test_decisions_taken_at_the_same_time_on_different_pairs_are_all_kept(stewards) -> None:
    alice, bob = stewards

    def decide(store, actor: str, numbers: range, outcome: str) -> int:
        for n in numbers:
            with store.transaction() as tx:
                crm = tx.systems.get("CRM")
                tx.decisions.decide_pair(crm, str(n), crm, str(n + 100), outcome, actor=actor)
        return len(numbers)

    results = run_together(lambda: decide(alice, "alice", range(0, 40, 2), SAME),
                           lambda: decide(bob, "bob", range(1, 40, 2), DIFFERENT))
    assert results == [20, 20]
    with alice.transaction() as tx:
        crm = tx.systems.get("CRM")
        frame = tx.decisions.pair_frame(crm, crm)
    assert len(frame) == 40
    assert frame.groupby("decided_by")["outcome"].agg(set).to_dict() == {"alice": {SAME}, "bob": {DIFFERENT}}


def test_two_stewards_deciding_the_same_pair_at_once_get_one_decision_and_one_clear_refusal(stewards) -> None:
    alice, bob = stewards

    def decide(store, actor: str, outcome: str) -> object:
        with store.transaction() as tx:
            crm = tx.systems.get("CRM")
            return tx.decisions.decide_pair(crm, "1", crm, "2", outcome, actor=actor)[0]

    results = run_together(lambda: decide(alice, "alice", SAME), lambda: decide(bob, "bob", DIFFERENT))
    refused = [r for r in results if isinstance(r, Exception)]
    kept = [r for r in results if not isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert len(kept) == 1, results
    assert isinstance(refused[0], StaleWriteError)
    assert "reload and decide again" in str(refused[0])
    with bob.transaction() as tx:
        crm = tx.systems.get("CRM")
        assert tx.decisions.active_pair(crm, "1", crm, "2").id == kept[0].id


def test_two_stewards_linking_one_record_to_different_partners_at_once_cannot_both_succeed(stewards) -> None:
    alice, bob = stewards

    def link(store, actor: str, partner: str) -> object:
        with store.transaction() as tx:
            crm, erp = tx.systems.get("CRM"), tx.systems.get("ERP")
            return tx.links.create(crm, "500", erp, partner, actor=actor)

    results = run_together(lambda: link(alice, "alice", "D-500"), lambda: link(bob, "bob", "D-501"))
    assert sum(isinstance(r, StoreError) for r in results) == 1, results
    with alice.transaction() as tx:
        crm, erp = tx.systems.get("CRM"), tx.systems.get("ERP")
        assert tx.links.find(crm, erp, a_no="500") in results
