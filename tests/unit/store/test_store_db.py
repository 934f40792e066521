"""Opening the store: defaults, migrations from older revisions, refusals with clear messages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from workbench.errors import ConfigError, StoreError
from workbench.store import head_revision, open_store, schema_revision
from workbench.store.models import metadata

# The tables as revision 0001 created them: the test writes data the way that version did.
V1_SYSTEMS = sa.table("systems", sa.column("id"), sa.column("name"), sa.column("kind"), sa.column("created_at"))
V1_LINKS = sa.table(
    "links", *(sa.column(c) for c in ("system_a_id", "a_no", "system_b_id", "b_no", "sync", "synced_at",
                                      "pending_side", "version", "created_at", "created_by", "updated_at",
                                      "updated_by")),
    sa.column("snapshot", sa.JSON),
)
V1_AUDIT = sa.table("audit_log", sa.column("at"), sa.column("actor"), sa.column("action"),
                    sa.column("payload", sa.JSON))


def test_a_store_of_the_first_revision_opens_with_its_data_intact_and_gains_the_new_rules(store_url: str) -> None:
    old = open_store(store_url, revision="0001")
    assert schema_revision(old) == "0001"
    t = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    with old.engine.begin() as connection:
        connection.execute(sa.insert(V1_SYSTEMS), [{"id": 1, "name": "CRM", "kind": "customer", "created_at": t},
                                                   {"id": 2, "name": "ERP", "kind": "customer", "created_at": t}])
        connection.execute(sa.insert(V1_LINKS), [{
            "system_a_id": 1, "a_no": "1001", "system_b_id": 2, "b_no": "D-1", "sync": True,
            "snapshot": {"email": "anna@example.de", "city": "Köln"}, "synced_at": t, "pending_side": None,
            "version": 3, "created_at": t, "created_by": "alice", "updated_at": t, "updated_by": "alice",
        }])
        connection.execute(sa.insert(V1_AUDIT), [{"at": t, "actor": "alice", "action": "link",
                                                  "payload": {"link_id": 1}}])
    old.close()

    store = open_store(store_url)
    try:
        assert schema_revision(store) == head_revision() == "0003"
        with store.transaction() as tx:
            crm, erp = tx.systems.get("CRM"), tx.systems.get("ERP")
            [link] = tx.links.frame(crm, erp).itertuples()
            assert (link.a_no, link.b_no, link.version) == ("1001", "D-1", 3)
            assert link.snapshot == {"email": "anna@example.de", "city": "Köln"}
            assert link.synced_at == t
            assert tx.audit.get(1).payload == {"link_id": 1}
        # revision 0002's rule is in force: the database itself refuses a second active link for 1001
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
            connection.execute(sa.insert(V1_LINKS), [{
                "system_a_id": 1, "a_no": "1001", "system_b_id": 2, "b_no": "D-2", "sync": True, "snapshot": None,
                "synced_at": None, "pending_side": None, "version": 1, "created_at": t, "created_by": "bob",
                "updated_at": t, "updated_by": "bob",
            }])
    finally:
        store.close()


def test_the_migrations_build_exactly_the_tables_the_code_describes(store_url: str) -> None:
    with open_store(store_url) as store, store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_opening_twice_is_harmless(store_url: str) -> None:
    open_store(store_url).close()
    with open_store(store_url) as store:
        assert schema_revision(store) == head_revision()


def test_a_store_written_by_a_newer_workbench_is_refused_with_advice(store_url: str) -> None:
    open_store(store_url).close()
    engine = sa.create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": "9999"})
    engine.dispose()
    with pytest.raises(StoreError, match=r"revision 9999.*upgrade the workbench"):
        open_store(store_url)


def test_the_default_store_is_a_sqlite_file_in_the_working_folder_in_wal_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert (tmp_path / "workbench.db").exists()
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert store.size_on_disk() > 0


def test_a_url_that_is_not_one_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a database URL"):
        open_store("workbench.db")


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://steward:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_size_on_disk_grows_with_content(store) -> None:
    before = store.size_on_disk()
    with store.transaction() as tx:
        tx.audit.append("note", {"text": "x" * 200_000}, actor="alice")
    assert store.size_on_disk() >= before
    assert store.size_on_disk() > 0
