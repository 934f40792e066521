"""``workbench demo``: every sample read and validated, with its counts."""

from __future__ import annotations

import pytest

from workbench.cli import main


def test_demo_reads_and_validates_every_sample(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["demo"]) == 0
    lines = capsys.readouterr().out.splitlines()
    cells = [[c.strip() for c in line.split("│")][1:-1] for line in lines if line.count("│") == 9]
    found = {(file, sheet): (kind, rows, errors, warnings)
             for file, sheet, kind, rows, _mapped, _extra, errors, warnings in cells}
    assert found == {
        ("crm_customers.xlsx", "Kunden"): ("customer", "350", "4", "10"),
        ("crm_customers.xlsx", "Ansprechpartner"): ("contact", "159", "0", "2"),
        ("erp_customers.csv", ""): ("customer", "281", "4", "8"),
        ("links.csv", ""): ("link", "160", "0", "0"),
        ("hr_employees.xlsx", "Mitarbeiter"): ("employee", "77", "1", "3"),
        ("fsm_employees.csv", ""): ("employee", "65", "0", "0"),
    }
