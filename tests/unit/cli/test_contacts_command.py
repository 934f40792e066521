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
