"""Readers and writers on one store: readers never take the write lock, writers wait for each other and retry."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import pytest

from workbench.errors import StoreError
from workbench.store import db, open_store


@pytest.fixture
def crm_erp(store_url: str) -> str:
    """A store with the systems CRM and ERP and one link."""
    with open_store(store_url) as store, store.transaction() as tx:
        crm, erp = tx.systems.ensure("CRM", "customer"), tx.systems.ensure("ERP", "customer")
        tx.links.create(crm, "1", erp, "D-1", actor="setup")
    return store_url


def link_count(store_url: str) -> int:
    with open_store(store_url) as store, store.reading() as tx:
        return len(tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP")))


def test_a_writer_commits_while_another_program_is_reading(crm_erp: str) -> None:
    # Before, every transaction took the write lock: the writer waited for the reader and failed.
    with open_store(crm_erp) as reader, open_store(crm_erp) as writer, reader.reading() as seen:
        before = seen.links.frame(seen.systems.get("CRM"), seen.systems.get("ERP"))
        with writer.transaction() as tx:
            tx.links.create(tx.systems.get("CRM"), "2", tx.systems.get("ERP"), "D-2", actor="bob")
    assert len(before) == 1
    assert link_count(crm_erp) == 2


def test_the_store_opens_while_another_program_is_reading(crm_erp: str) -> None:
    with open_store(crm_erp) as reader, reader.reading() as tx:
        tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
        with open_store(crm_erp) as second, second.reading() as other:
            assert other.systems.get("CRM").name == "CRM"


def test_a_reader_registers_a_new_system_without_turning_into_a_writer(crm_erp: str) -> None:
    with open_store(crm_erp) as reader, open_store(crm_erp) as writer, reader.reading() as tx:
        tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))  # the read has begun
        with writer.transaction() as other:  # another program commits meanwhile
            other.links.create(other.systems.get("CRM"), "3", other.systems.get("ERP"), "D-3", actor="bob")
        hr = tx.systems.ensure("HR", "employee")
        assert tx.links.frame(hr, tx.systems.get("ERP")).empty
    with open_store(crm_erp) as store, store.reading() as tx:
        assert tx.systems.get("HR").kind == "employee"


def test_a_writer_waits_for_another_writer_and_both_changes_are_kept(crm_erp: str) -> None:
    holding, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        with open_store(crm_erp) as store, store.transaction() as tx:
            tx.links.create(tx.systems.get("CRM"), "10", tx.systems.get("ERP"), "D-10", actor="alice")
            holding.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert holding.wait(timeout=30)
    with open_store(crm_erp) as store:
        threading.Timer(0.3, release.set).start()  # the second writer is waiting by then
        with store.transaction() as tx:
            tx.links.create(tx.systems.get("CRM"), "11", tx.systems.get("ERP"), "D-11", actor="bob")
    thread.join(timeout=30)
    assert link_count(crm_erp) == 3


@pytest.fixture
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite store whose writers wait 0.1 s per attempt, with two attempts."""
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(db, "WRITE_ATTEMPTS", 2)
    url = f"sqlite:///{tmp_path / 'workbench.db'}"
    open_store(url).close()
    return url


def lock_held_by_another_program(url: str) -> sqlite3.Connection:
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_writer_locked_out_longer_than_its_attempts_says_so(sqlite_store: str,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    holder = lock_held_by_another_program(sqlite_store)
    with open_store(sqlite_store) as store, caplog.at_level(logging.WARNING, logger=db.__name__), \
            pytest.raises(StoreError, match=r"could not be used: database is locked") as refused, \
            store.transaction() as tx:
        tx.systems.ensure("CRM", "customer")
    holder.rollback()
    assert "another program held it for too long" in str(refused.value)
    assert [r.getMessage() for r in caplog.records] == [
        f"the store {sqlite_store} is locked by another writer; waiting again (attempt 2 of 2)"]


def test_a_writer_tries_again_and_succeeds_once_the_lock_is_free(sqlite_store: str) -> None:
    holder = lock_held_by_another_program(sqlite_store)

    class ReleaseOnRetry(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            holder.rollback()

    handler = ReleaseOnRetry()
    logging.getLogger(db.__name__).addHandler(handler)
    try:
        with open_store(sqlite_store) as store:
            with store.transaction() as tx:
                tx.systems.ensure("CRM", "customer")
            with store.reading() as tx:
                assert tx.systems.get("CRM").kind == "customer"
    finally:
        logging.getLogger(db.__name__).removeHandler(handler)
    assert not holder.in_transaction


def test_a_locked_check_sees_what_the_other_holder_committed(crm_erp: str) -> None:
    holding, done = threading.Event(), threading.Event()

    def first() -> None:
        with open_store(crm_erp) as store, store.transaction() as tx:
            tx.lock("linking", "CRM", "ERP")
            holding.set()
            done.wait(timeout=0.5)  # the second transaction is waiting for the lock meanwhile
            tx.links.create(tx.systems.get("CRM"), "20", tx.systems.get("ERP"), "D-20", actor="alice")

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(timeout=30)
    with open_store(crm_erp) as store, store.transaction() as tx:
        tx.lock("linking", "CRM", "ERP")
        seen = set(tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))["a_no"])
    thread.join(timeout=30)
    assert "20" in seen
