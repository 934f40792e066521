"""Faults of the workbench reach the user as one line and exit 2, the traceback in a log file; odd names print."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import workbench.validation


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("WORKBENCH_LOG_DIR", str(folder))
    return folder


def kunden(folder: Path, name: str = "kunden.csv") -> Path:
    path = folder / name
    path.write_text("Kundennummer;Firma;E-Mail\nK1;Berg GmbH;info@berg.de\n", encoding="utf-8")
    return path


def test_an_unexpected_exception_is_one_line_exit_2_and_a_log_with_the_traceback(cli, tmp_path, log_dir, capsys,
                                                                               monkeypatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("zero-size array while opening postgresql://ann:s3cret@db/crm\nsecond line")

    monkeypatch.setattr(workbench.validation, "validate", broken)  # the command imports it when it runs

    code = cli(["validate", str(kunden(tmp_path)), "--out", str(tmp_path / "out")])

    assert code == 2
    err = capsys.readouterr().err.strip()
    logs = list(log_dir.glob("workbench-*.log"))
    assert len(logs) == 1
    assert err == (f"error: unexpected ValueError: zero-size array while opening postgresql://ann:***@db/crm "
                   f"(a fault in the workbench, please report it; the traceback is in {logs[0]})")
    logged = logs[0].read_text(encoding="utf-8")
    assert logged.startswith("command: workbench validate ")
    assert "Traceback (most recent call last)" in logged
    assert 'raise ValueError("zero-size array' in logged
    assert "s3cret" not in logged


def test_a_file_name_that_is_not_utf8_is_validated_and_shown_with_a_replacement_character(cli, tmp_path, log_dir,
                                                                                       capsys) -> None:
    source = kunden(tmp_path, os.fsdecode(b"kunden_\xff.csv"))
    out = tmp_path / "out"

    code = cli(["validate", str(source), "--out", str(out)])

    assert code == 0, capsys.readouterr().err
    assert "Validation of " in capsys.readouterr().out
    assert f"Validation of {tmp_path}/kunden_\N{REPLACEMENT CHARACTER}.csv" in (
        out / "validation-report.html").read_text(encoding="utf-8")
    assert not log_dir.exists()


def test_an_error_naming_a_file_that_is_not_utf8_prints(cli, tmp_path, capsys) -> None:
    missing = tmp_path / os.fsdecode(b"fehlt_\xff.csv")

    assert cli(["validate", str(missing)]) == 2
    assert "fehlt_\N{REPLACEMENT CHARACTER}.csv" in capsys.readouterr().err
