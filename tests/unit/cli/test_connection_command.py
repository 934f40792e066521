"""`workbench connection test NAME --file FILE` (tested on a small app until it is registered)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from workbench.cli import connection
from workbench.errors import ConfigError

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(connection.app, name="connection")
    return app


def test_a_passing_connection_exits_0(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["connection", "test", "erp", "--file", str(SAMPLES / "connections.yaml")])
    assert result.exit_code == 0, result.output
    assert "erp passed every check." in result.output


def test_a_failing_connection_exits_1_and_says_what_to_fix(cli: typer.Typer, tmp_path: Path) -> None:
    file = tmp_path / "connections.yaml"
    file.write_text("connections:\n  crm:\n    type: csv\n    location: gone.csv\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["connection", "test", "crm", "--file", str(file)], terminal_width=200)
    assert result.exit_code == 1
    assert "crm fails its test and cannot be used for a sync" in result.output
    assert "Check the path and the file name." in result.output


def test_a_broken_file_is_a_config_error_for_main_to_report(cli: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["connection", "test", "crm", "--file", str(tmp_path / "none.yaml")])
    assert isinstance(result.exception, ConfigError)
    assert result.exception.exit_code == 2


def test_list_shows_every_connection(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["connection", "list", "--file", str(SAMPLES / "connections.yaml")],
                                terminal_width=200)
    assert result.exit_code == 0
    for name in ("crm", "crm_contacts", "erp", "erp_db", "outlook"):
        assert name in result.output
