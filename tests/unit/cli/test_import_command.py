"""``workbench import``: what was read, shown; bad input, a message and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


def test_import_shows_rows_mapping_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "erp_customers.csv")]) == 0
    out = capsys.readouterr().out
    assert "281" in out  # rows
    assert "Postnr." in out
    assert "postcode" in out
    assert "Bemærkning" in out
    assert "kept as extra column" in out
    assert "placeholder e-mail" in out
    assert "ingen@ingen.dk" in out
    assert "invalid phone number for DK" in out


def test_import_applies_mapping_and_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "kunden.csv"
    source.write_text("Kd;Firma;Nachname\n1;Acme GmbH;Muster\n", encoding="utf-8")
    assert main(["import", str(source), "--map", "Kd=customer_no", "--default", "country=DE"]) == 0
    out = capsys.readouterr().out
    assert "customer_no" in out
    assert "Kd" in out
    assert "from default (1 cells)" in out


def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "crm.xlsx"
    broken.write_text("this is not a workbook", encoding="utf-8")
    assert main(["import", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "crm.xlsx" in err
    assert "Traceback" not in err


def test_malformed_mapping_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "erp_customers.csv"), "--map", "no-equals-sign"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
