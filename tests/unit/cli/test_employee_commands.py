"""The commands with ``--kind employee`` (or ``auto``) on the employee samples."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from workbench.cli import app, main

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"
TRUTH = json.loads((SAMPLES / "employees_truth.json").read_text(encoding="utf-8"))


def _rows(output: str) -> dict[str, list[str]]:
    return {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:5]]
            for line in output.splitlines() if line.count("│") == 5}


def test_validate_with_kind_employee_uses_the_employees_suite(tmp_path, capsys) -> None:
    code = main(["validate", str(SAMPLES / "hr_employees.xlsx"), "--kind", "employee", "--out", str(tmp_path)])
    printed = capsys.readouterr()
    assert code == 1  # the planted leave date before the hire date blocks its row
    assert "employee_no_unique" in printed.out  # a rule of the employees suite
    assert "leave_after_hire" in printed.out
    assert "1 of 77 rows" in printed.err


def test_validate_tells_the_kind_from_the_header(tmp_path, capsys) -> None:
    assert main(["validate", str(SAMPLES / "fsm_employees.csv"), "--kind", "auto", "--out", str(tmp_path)]) == 0
    assert "65 rows: 0 blocked by errors, 0 flagged by warnings." in capsys.readouterr().out


def test_import_links_and_overview_of_employees(tmp_path) -> None:
    store = f"sqlite:///{tmp_path / 'workbench.db'}"
    runner = CliRunner()
    imported = runner.invoke(app, ["links", "import", str(SAMPLES / TRUTH["links_file"]), "--kind", "employee",
                                   "--system-a", "HR", "--system-b", "FSM", "--store", store])
    assert imported.exit_code == 0, imported.output
    assert f"{TRUTH['summary']['links']} links imported" in imported.output
    counted = runner.invoke(app, ["overview", str(SAMPLES / "hr_employees.xlsx"), str(SAMPLES / "fsm_employees.csv"),
                                  "--kind", "employee", "--system-a", "HR", "--system-b", "FSM", "--store", store])
    assert counted.exit_code == 0, counted.output
    totals = {category: int(values[2]) for category, values in _rows(counted.output).items()}
    assert totals == TRUTH["summary"]["categories"]
