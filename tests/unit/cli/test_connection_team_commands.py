"""`workbench connection activate|deactivate|list|test` and the contacts commands in a store with users."""

from __future__ import annotations

from pathlib import Path

from workbench.store import STEWARD, open_store
from workbench.team import add_user

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


def test_admins_activate_stewards_use_and_out_of_scope_users_see_nothing(cli, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_SAMPLES", str(SAMPLES))
    store = f"sqlite:///{tmp_path / 'team.db'}"
    file = tmp_path / "connections.yaml"
    file.write_text((SAMPLES / "connections.yaml").read_text(encoding="utf-8").replace(
        "  erp:\n", "  erp:\n    scope: {groups: [finance]}\n"), encoding="utf-8")
    (tmp_path / "crm_customers.xlsx").write_bytes((SAMPLES / "crm_customers.xlsx").read_bytes())
    (tmp_path / "erp_customers.csv").write_bytes((SAMPLES / "erp_customers.csv").read_bytes())
    (tmp_path / "outlook_contacts.vcf").write_bytes((SAMPLES / "outlook_contacts.vcf").read_bytes())
    with open_store(store) as opened:
        add_user(opened, "ada", actor="ada")
        add_user(opened, "sam", STEWARD, actor="ada")
    common = ["--file", str(file), "--store", store]
    contacts = ["--connections", str(file), "--store", store]

    monkeypatch.setenv("WORKBENCH_USER", "sam")
    assert cli(["connection", "test", "erp", *common]) == 2
    assert "connection 'erp' is not shared with sam (its scope: groups finance)" in capsys.readouterr().err
    assert cli(["connection", "list", *common]) == 0
    listed = capsys.readouterr().out
    assert "crm_contacts" in listed
    assert " erp " not in listed
    assert "not activated" in listed
    assert cli(["connection", "activate", "crm", *common]) == 2
    assert "sam is a steward: activate connection needs the admin role" in capsys.readouterr().err
    assert cli(["contacts", "export", str(tmp_path / "o.vcf"), *contacts]) == 2
    assert "connection 'crm_contacts' is not active in this store" in capsys.readouterr().err

    monkeypatch.setenv("WORKBENCH_USER", "ada")
    for name in ("crm_contacts", "crm"):
        assert cli(["connection", "activate", name, *common]) == 0
        assert f"{name} is active (activated by ada at" in capsys.readouterr().out
    assert cli(["connection", "activate", "crm", *common]) == 0
    assert "crm is already active" in capsys.readouterr().out

    monkeypatch.setenv("WORKBENCH_USER", "sam")
    assert cli(["contacts", "export", str(tmp_path / "o.vcf"), "--search", "Bernstein", *contacts]) == 0
    capsys.readouterr()
    monkeypatch.setenv("WORKBENCH_USER", "ada")
    assert cli(["connection", "deactivate", "crm", "--reason", "new sheet", *common]) == 0
    monkeypatch.setenv("WORKBENCH_USER", "sam")
    assert cli(["contacts", "export", str(tmp_path / "o.vcf"), *contacts]) == 2
    assert "connection 'crm' is inactive (deactivated by ada at" in capsys.readouterr().err
    with open_store(store) as opened, opened.transaction() as tx:
        audit = tx.audit.frame()
    assert audit["action"].tolist()[::-1].count("refused") == 4
    assert audit.loc[audit["action"] == "deactivate connection", "reason"].tolist() == ["new sheet"]


def test_test_and_list_leave_no_store_behind(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKBENCH_SAMPLES", str(SAMPLES))
    assert cli(["connection", "test", "erp", "--file", str(SAMPLES / "connections.yaml")]) == 0
    assert cli(["connection", "list", "--file", str(SAMPLES / "connections.yaml")]) == 0
    assert not (tmp_path / "workbench.db").exists()
