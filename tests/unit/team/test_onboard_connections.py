"""Onboarding with a connection file (``-p connections=FILE``) and the overview (``--connections FILE``) use
its sync's two connections only when the user may: in their scope and, in a store with users, active — as
``connection test``, notebooks and contacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.batch import Onboarding
from workbench.errors import AccessError
from workbench.store import STEWARD, open_store
from workbench.team import REFUSED, activate_connection, add_user, deactivate_connection

FILE = """connections:
  crm: {type: csv, location: crm.csv}
  erp: {type: csv, location: erp.csv, scope: {groups: [finance]}}
syncs:
  crm-erp: {a: crm, b: erp, fields: {email: '>'}}
"""


@pytest.fixture
def team(store_url: str, tmp_path: Path) -> tuple[str, Path]:
    """A team store (ada admin; sam and fin stewards, fin in the group finance) and the connection file."""
    (tmp_path / "crm.csv").write_text("Kundennummer;Nachname;E-Mail\n1001;Arndt;a@arndt.de\n", encoding="utf-8")
    (tmp_path / "erp.csv").write_text("Kundennummer;Nachname;E-Mail\nE1;Berg;b@berg.de\n", encoding="utf-8")
    file = tmp_path / "connections.yaml"
    file.write_text(FILE, encoding="utf-8")
    with open_store(store_url) as store:
        add_user(store, "ada", actor="ada")
        add_user(store, "sam", STEWARD, actor="ada")
        add_user(store, "fin", STEWARD, ["finance"], actor="ada")
    return store_url, file


def start(store_url: str, file: Path) -> Onboarding:
    return Onboarding.start(source=file.parent / "crm.csv", target=file.parent / "erp.csv", out=file.parent / "out",
                            store_url=store_url, source_system="CRM", target_system="ERP", connections=file)


def refusals(store_url: str) -> list[tuple[str, str]]:
    with open_store(store_url) as store, store.reading() as tx:
        frame = tx.audit.frame(action=REFUSED)
    return [(actor, payload["action"]) for actor, payload in frame[["actor", "payload"]].itertuples(index=False)][::-1]


def test_onboarding_uses_a_sync_only_when_both_its_connections_are_in_scope_and_active(team, monkeypatch) -> None:
    store_url, file = team
    monkeypatch.setenv("WORKBENCH_USER", "sam")
    with pytest.raises(AccessError, match=r"connection 'crm' is not active in this store\. An admin \(ada\) "
                                          r"activates it once its test passes"):
        start(store_url, file)
    with open_store(store_url) as store:
        activate_connection(store, file, "crm", actor="ada")
        activate_connection(store, file, "erp", actor="ada")
    with pytest.raises(AccessError, match=r"connection 'erp' is not shared with sam \(its scope: groups finance\)"):
        start(store_url, file)
    monkeypatch.setenv("WORKBENCH_USER", "fin")
    run = start(store_url, file)
    assert (run.rules.a, run.rules.b, run.rules.rule("email").leader) == ("crm", "erp", "a")
    run.close()
    with open_store(store_url) as store:
        deactivate_connection(store, file, "erp", actor="ada", reason="new export")
    with pytest.raises(AccessError, match=r"connection 'erp' is inactive \(deactivated by ada at"):
        start(store_url, file)
    assert refusals(store_url) == [("sam", "use connection crm"), ("sam", "use connection erp"),
                                   ("fin", "use connection erp")]


def test_workbench_onboard_refuses_before_a_kernel_starts(team, cli, monkeypatch, capsys) -> None:
    store_url, file = team
    monkeypatch.setenv("WORKBENCH_USER", "sam")
    out = file.parent / "out"
    code = cli(["onboard", "--source", str(file.parent / "crm.csv"), "--target", str(file.parent / "erp.csv"),
                "--out", str(out), "--store", store_url, "-p", f"connections={file}"])
    assert code == 2
    assert "connection 'crm' is not active in this store" in capsys.readouterr().err
    assert not out.exists()  # refused before any output or kernel
    assert refusals(store_url) == [("sam", "use connection crm")]


def test_a_personal_store_onboards_with_any_connection_file_as_before(store_url, tmp_path) -> None:
    (tmp_path / "crm.csv").write_text("Kundennummer;Nachname\n1001;Arndt\n", encoding="utf-8")
    file = tmp_path / "connections.yaml"
    file.write_text(FILE, encoding="utf-8")
    run = start(store_url, file)
    assert run.rules.b == "erp"
    run.close()


def test_workbench_overview_reads_a_syncs_rules_only_in_scope(team, cli, monkeypatch, capsys) -> None:
    store_url, file = team
    with open_store(store_url) as store:
        activate_connection(store, file, "crm", actor="ada")
        activate_connection(store, file, "erp", actor="ada")
    command = ["overview", str(file.parent / "crm.csv"), str(file.parent / "erp.csv"), "--store", store_url,
               "--connections", str(file)]
    monkeypatch.setenv("WORKBENCH_USER", "sam")
    assert cli(command) == 2
    assert "connection 'erp' is not shared with sam" in capsys.readouterr().err
    monkeypatch.setenv("WORKBENCH_USER", "fin")
    assert cli(command) == 0
    assert "new" in capsys.readouterr().out
    assert refusals(store_url) == [("sam", "use connection erp")]
