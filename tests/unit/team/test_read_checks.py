"""Checks that only read (a role, a connection's scope and state) neither wait for a writer nor block one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.errors import AccessError
from workbench.store import STEWARD, VIEWER, db, open_store
from workbench.team import REFUSED, activate_connection, add_user, require_role, scoped_connection, usable_connection

FILE = "connections:\n  crm: {type: csv, location: crm.csv}\n"


@pytest.fixture
def team_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """A SQLite team store (ada admin, sam steward, vic viewer) with the connection crm active;
    a writer gives up after two attempts of 0.1 s."""
    (tmp_path / "crm.csv").write_text("Kundennummer;Nachname\n1001;Arndt\n", encoding="utf-8")
    file = tmp_path / "connections.yaml"
    file.write_text(FILE, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'workbench.db'}"
    with open_store(url) as store:
        add_user(store, "ada", actor="ada")
        add_user(store, "sam", STEWARD, actor="ada")
        add_user(store, "vic", VIEWER, actor="ada")
        activate_connection(store, file, "crm", actor="ada")
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(db, "WRITE_ATTEMPTS", 2)
    return url, file


def test_role_scope_and_activation_checks_pass_while_another_program_holds_the_write_lock(team_store) -> None:
    url, file = team_store
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    try:
        with open_store(url) as store:
            require_role(store, "decide pair", STEWARD, actor="sam")
            assert usable_connection(store, file, "crm", actor="sam").name == "crm"
            assert scoped_connection(store, file, "crm", actor="vic").name == "crm"
    finally:
        holder.rollback()
        holder.close()


def test_a_refused_check_is_still_audited(team_store) -> None:
    url, _ = team_store
    with open_store(url) as store:
        with pytest.raises(AccessError, match="vic is a viewer: decide pair needs the steward role"):
            require_role(store, "decide pair", STEWARD, actor="vic")
        with store.reading() as tx:
            refused = tx.audit.frame(action=REFUSED)
    assert [(actor, payload["action"]) for actor, payload in refused[["actor", "payload"]].itertuples(index=False)] \
        == [("vic", "decide pair")]
