"""Connections a team shares: scope filtering, activation refused on a failing test, no edits while active."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from workbench.errors import AccessError, ConfigError, StoreError
from workbench.store import STEWARD, VIEWER, Store
from workbench.team import REFUSED, add_user
from workbench.team.connections import (
    ACTIVE,
    EDITED,
    INACTIVE,
    NOT_ACTIVATED,
    activate_connection,
    connection_states,
    deactivate_connection,
    read_usable_connection,
    scoped_connection,
    usable_connection,
    visible_connections,
)

CSV = "Kundennummer;Firma;Nachname;Land\n1001;Arndt GmbH;Arndt;DE\n1002;;Becker;DK\n"
FILE = """connections:
  crm:
    type: csv
    location: crm.csv
  sales_crm:
    type: csv
    location: crm.csv
    scope: {groups: [sales]}
  alices:
    type: csv
    location: crm.csv
    scope: {users: [alice]}
  broken:
    type: csv
    location: gone.csv
"""


@pytest.fixture
def file(tmp_path: Path) -> Path:
    (tmp_path / "crm.csv").write_text(CSV, encoding="utf-8")
    path = tmp_path / "connections.yaml"
    path.write_text(FILE, encoding="utf-8")
    return path


@pytest.fixture
def team(store: Store) -> Store:
    add_user(store, "ada", actor="ada")
    add_user(store, "sam", STEWARD, ["sales"], actor="ada")
    add_user(store, "tom", STEWARD, actor="ada")
    add_user(store, "vic", VIEWER, actor="ada")
    return store


def refusals(store: Store) -> list[tuple[str, str]]:
    with store.transaction() as tx:
        frame = tx.audit.frame(action=REFUSED)
    return [(actor, payload["action"]) for actor, payload in frame[["actor", "payload"]].itertuples(index=False)][::-1]


def test_a_connection_is_seen_and_used_only_by_its_scope_and_the_admins(team, file) -> None:
    assert set(visible_connections(team, file, actor="sam")) == {"crm", "sales_crm", "broken"}
    assert set(visible_connections(team, file, actor="tom")) == {"crm", "broken"}
    assert set(visible_connections(team, file, actor="ada")) == {"crm", "sales_crm", "alices", "broken"}
    assert set(visible_connections(team, file, actor="eve")) == {"crm", "broken"}  # everyone's, but eve may use none
    activate_connection(team, file, "sales_crm", actor="ada")
    assert read_usable_connection(team, file, "sales_crm", actor="sam").rows == 2
    with pytest.raises(AccessError, match=r"connection 'sales_crm' is not shared with tom \(its scope: groups sales\)"):
        usable_connection(team, file, "sales_crm", actor="tom")
    with pytest.raises(AccessError, match="not shared with tom"):
        scoped_connection(team, file, "sales_crm", actor="tom")  # not even to test it
    assert scoped_connection(team, file, "sales_crm", actor="sam").name == "sales_crm"
    activate_connection(team, file, "crm", actor="ada")
    with pytest.raises(AccessError, match="eve is not a user of this store, so may not use connection crm"):
        usable_connection(team, file, "crm", actor="eve")
    assert usable_connection(team, file, "crm", actor="vic").name == "crm"  # viewers read
    assert refusals(team) == [("tom", "use connection sales_crm"), ("tom", "test connection sales_crm"),
                              ("eve", "use connection crm")]


def test_a_personal_store_sees_and_uses_every_connection_as_before(store, file) -> None:
    assert set(visible_connections(store, file, actor="whoever")) == {"crm", "sales_crm", "alices", "broken"}
    assert read_usable_connection(store, file, "alices", actor="whoever").rows == 2  # never activated: usable
    deactivate_connection(store, file, "crm", actor="whoever")
    with pytest.raises(AccessError, match=r"connection 'crm' is inactive \(deactivated by whoever at"):
        usable_connection(store, file, "crm", actor="whoever")


def test_only_admins_activate_and_activation_runs_the_test_and_refuses_a_failing_one(team, file) -> None:
    with pytest.raises(AccessError, match="sam is a steward: activate connection needs the admin role"):
        activate_connection(team, file, "crm", actor="sam")
    with pytest.raises(AccessError, match=r"connection 'crm' is not active in this store\. An admin \(ada\) "
                                          r"activates it once its test passes: workbench connection activate crm"):
        usable_connection(team, file, "crm", actor="sam")
    with pytest.raises(StoreError, match=r"connection 'broken' fails its test and is not activated: source: "
                                         r".*gone\.csv: file not found"):
        activate_connection(team, file, "broken", actor="ada")
    done = activate_connection(team, file, "crm", actor="ada")
    assert (done.changed, done.state.active, done.state.changed_by, done.report.ok) == (True, True, "ada", True)
    assert activate_connection(team, file, "crm", actor="ada").changed is False  # active already: nothing to do
    with pytest.raises(AccessError, match="tom is a steward: deactivate connection needs the admin role"):
        deactivate_connection(team, file, "crm", actor="tom")
    states = connection_states(team, file, actor="ada").set_index("connection")["state"].to_dict()
    assert states == {"crm": ACTIVE, "sales_crm": NOT_ACTIVATED, "alices": NOT_ACTIVATED, "broken": NOT_ACTIVATED}
    assert refusals(team) == [("sam", "activate connection"), ("sam", "use connection crm"),
                              ("ada", "activate connection"), ("tom", "deactivate connection")]
    with team.transaction() as tx:
        activated = tx.audit.frame(action="activate connection")
    assert activated["payload"].iloc[0]["checks"] == {"connector": "passed", "credentials": "passed",
                                                      "source": "passed", "mapping": "passed", "defaults": "passed"}


def test_the_mapping_of_an_active_connection_may_not_change_until_it_is_deactivated(team, file) -> None:
    activate_connection(team, file, "crm", actor="ada")
    file.write_text(FILE.replace("    location: crm.csv\n  sales_crm:",
                                 "    location: crm.csv\n    mapping: {Firma: null}\n  sales_crm:"), encoding="utf-8")
    with pytest.raises(AccessError, match=r"connection 'crm' was edited in .*connections\.yaml while active "
                                          r"\(activated by ada at .*\): the mapping of an active connection may "
                                          r"not change\. An admin \(ada\) deactivates it before editing"):
        read_usable_connection(team, file, "crm", actor="sam")
    assert connection_states(team, file, actor="sam").set_index("connection").at["crm", "state"] == EDITED
    with pytest.raises(AccessError, match=r"is active and was edited .* since ada activated it"):
        activate_connection(team, file, "crm", actor="ada")
    deactivate_connection(team, file, "crm", actor="ada", reason="company is kept as an extra column now")
    assert connection_states(team, file, actor="sam").set_index("connection").at["crm", "state"] == INACTIVE
    with pytest.raises(AccessError, match=r"connection 'crm' is inactive \(deactivated by ada"):
        usable_connection(team, file, "crm", actor="sam")
    activate_connection(team, file, "crm", actor="ada")  # tests the edited definition, then takes it
    assert "Firma" in read_usable_connection(team, file, "crm", actor="sam").frame.columns


def test_a_scope_that_names_nobody_or_is_not_one_is_refused_where_it_is_written(tmp_path) -> None:
    from workbench.connections import load_connections

    path = tmp_path / "connections.yaml"
    path.write_text("connections:\n  crm:\n    type: csv\n    location: crm.csv\n    scope: {users: []}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"connection 'crm', key 'scope': the scope names no user and no group"):
        load_connections(path)
    path.write_text("connections:\n  crm:\n    type: csv\n    location: crm.csv\n    scope: sales\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"key 'scope': 'sales' is not a scope\. Write 'scope: everyone'"):
        load_connections(path)


def test_no_secret_reaches_the_store(team, tmp_path, monkeypatch) -> None:
    secret = "s3cr3t-Pa55word"
    folder = tmp_path / secret
    folder.mkdir()
    with sa.create_engine(f"sqlite:///{folder / 'erp.sqlite'}").begin() as connection:
        connection.execute(sa.text("CREATE TABLE customers (Kundennummer TEXT, Nachname TEXT)"))
        connection.execute(sa.text("INSERT INTO customers VALUES ('E1', 'Berg')"))
    monkeypatch.setenv("ERP_SECRET", secret)
    path = tmp_path / "connections.yaml"
    path.write_text("connections:\n  erp:\n    type: sql\n    location: sqlite:///" + str(tmp_path)
                    + "/${ERP_SECRET}/erp.sqlite\n    table: customers\n"
                    "  erp_pg:\n    type: sql\n    location: postgresql+psycopg://erp:${ERP_SECRET}@127.0.0.1:9/erp\n"
                    "    table: customers\n", encoding="utf-8")
    with pytest.raises(StoreError, match="fails its test") as refused:
        activate_connection(team, path, "erp_pg", actor="ada")  # unreachable: the refusal is audited, masked
    assert secret not in str(refused.value)
    activate_connection(team, path, "erp", actor="ada")
    assert read_usable_connection(team, path, "erp", actor="sam").rows == 1
    deactivate_connection(team, path, "erp", actor="ada")
    with pytest.raises(AccessError):
        usable_connection(team, path, "erp", actor="sam")
    with team.engine.connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            rows = connection.execute(sa.text(f'SELECT * FROM "{table}"')).all()  # the names come from the database
            assert secret not in repr(rows), table
