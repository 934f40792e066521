"""`workbench contacts import|export|sync` on the samples (tested on a small app until registered)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from workbench.cli import contacts
from workbench.errors import ConfigError
from workbench.io import read_table

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(contacts.app, name="contacts")
    return app


def run(cli: typer.Typer, *args: str):
    return CliRunner().invoke(cli, ["contacts", *args], terminal_width=200)


def test_import_then_export_then_switch_sync_off(cli: typer.Typer, tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'wb.db'}"
    common = ["--connections", str(SAMPLES / "connections.yaml"), "--store", store]
    imported = run(cli, "import", str(SAMPLES / "outlook_contacts.vcf"), "--out", str(tmp_path / "records.xlsx"),
                   *common)
    assert imported.exit_code == 0, imported.output
    assert "9 imported, 5 updated, 10 unchanged, 26 skipped" in imported.output
    assert "sure duplicate of an existing contact" in imported.output
    exported = run(cli, "export", str(tmp_path / "outlook.vcf"), "--search", "Bernstein", *common)
    assert exported.exit_code == 0, exported.output
    numbers = read_table(tmp_path / "outlook.vcf", "contact").frame["X-WORKBENCH-ID"].tolist()
    assert "50167" in numbers  # known from the import: linked, so pre-selected
    assert len(numbers) == 18  # the 15 known contacts and the 3 Bernstein contacts
    off = run(cli, "sync", numbers[0], "off", "--store", store)
    assert off.exit_code == 0, off.output
    again = run(cli, "export", str(tmp_path / "again.vcf"), "--search", "Bernstein", *common)
    assert numbers[0] not in read_table(tmp_path / "again.vcf", "contact").frame["X-WORKBENCH-ID"].tolist()
    assert again.exit_code == 0


def test_a_failing_connection_is_refused(cli: typer.Typer, tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("connections:\n  crm_contacts:\n    type: csv\n    location: gone.csv\n"
                                     "    kind: contact\n  crm:\n    type: csv\n    location: gone.csv\n",
                                     encoding="utf-8")
    result = run(cli, "export", str(tmp_path / "o.vcf"), "--connections", str(tmp_path / "c.yaml"),
                 "--store", f"sqlite:///{tmp_path / 'wb.db'}")
    assert isinstance(result.exception, ConfigError)
    assert "fails its test and cannot be used" in str(result.exception)


def test_sync_takes_on_or_off(cli: typer.Typer, tmp_path: Path) -> None:
    result = run(cli, "sync", "50001", "maybe", "--store", f"sqlite:///{tmp_path / 'wb.db'}")
    assert result.exit_code == 2
    assert not os.path.exists(tmp_path / "o.vcf")


@pytest.mark.parametrize("uids", [True, False], ids=["cards with UID", "cards without UID"])
def test_importing_one_export_three_times_imports_it_once(cli: typer.Typer, tmp_path: Path, uids: bool) -> None:
    from workbench.contacts import outlook_state
    from workbench.store import open_store

    export = tmp_path / "outlook.vcf"
    lines = (SAMPLES / "outlook_contacts.vcf").read_text(encoding="utf-8").splitlines(keepends=True)
    export.write_text("".join(line for line in lines if uids or not line.startswith("UID:")), encoding="utf-8")
    store = f"sqlite:///{tmp_path / 'wb.db'}"
    common = ["--connections", str(SAMPLES / "connections.yaml"), "--store", store]
    summaries, states = [], []
    for run_no in (1, 2, 3):
        result = run(cli, "import", str(export), "--out",
                     str(tmp_path / f"records{run_no}.csv"), *common)
        assert result.exit_code == 0, result.output
        summaries.append(result.output.split("Records:")[0].splitlines()[-1].strip())
        with open_store(store) as opened:
            states.append(outlook_state(opened)[["contact_no", "link_id", "pending"]])
    assert summaries == ["9 imported, 5 updated, 10 unchanged, 26 skipped.",
                         "0 imported, 0 updated, 24 unchanged, 26 skipped.",
                         "0 imported, 0 updated, 24 unchanged, 26 skipped."]
    assert states[0].equals(states[1])
    assert states[1].equals(states[2])
    assert states[0]["pending"].sum() == 9
    created = read_table(tmp_path / "records1.csv", "contact").frame
    assert created.loc[created["action"] == "create", "customer_no"].tolist() == [str(n) for n in range(50271, 50280)]
    assert read_table(tmp_path / "records3.csv", "contact").frame.empty


def test_a_damaged_card_is_named_and_the_others_are_imported(cli: typer.Typer, tmp_path: Path) -> None:
    export = (SAMPLES / "outlook_contacts.vcf").read_text(encoding="utf-8")
    damaged = tmp_path / "outlook.vcf"
    damaged.write_text(export.replace("END:VCARD", "kaputte zeile\r\nEND:VCARD", 1), encoding="utf-8")
    result = run(cli, "import", str(damaged), "--out", str(tmp_path / "records.csv"),
                 "--connections", str(SAMPLES / "connections.yaml"), "--store", f"sqlite:///{tmp_path / 'wb.db'}")
    assert result.exit_code == 0, result.output
    assert "note: card 1 (" in result.output
    assert "left out: line" in result.output
    summary = result.output.split("Records:")[0].splitlines()[-1]
    assert sum(int(part.split()[0]) for part in summary.split(",")) == 49  # the 49 other cards are all there
