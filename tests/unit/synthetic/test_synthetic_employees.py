"""The employee samples: reproducible, and employees_truth.json agrees with the files themselves
(read here with openpyxl and the csv module, not with the generator or the workbench readers)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from workbench.synthetic import SEED
from workbench.synthetic.__main__ import main
from workbench.synthetic.oracle import classify_pair
from workbench.synthetic.samples import build_staff_samples
from workbench.synthetic.samples.staff import FSM, HR, LINKS_FILE, TRUTH_FILE

DATA = Path(__file__).resolve().parents[3] / "data_samples"
FILES = (HR.file, FSM.file, LINKS_FILE, TRUTH_FILE)


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((DATA / TRUTH_FILE).read_text(encoding="utf-8"))


def _hr_rows() -> dict[int, dict[str, str | None]]:
    sheet = openpyxl.load_workbook(DATA / HR.file, read_only=True)[HR.sheet]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[HR.header_row - 1]
    return {number: dict(zip(header, values, strict=False))
            for number, values in enumerate(rows, start=1) if number >= HR.first_row}


def _fsm_rows() -> dict[int, dict[str, str | None]]:
    records = list(csv.reader(io.StringIO((DATA / FSM.file).read_bytes().decode("cp1252"), newline=""),
                              delimiter=";"))
    return {number: {h: v or None for h, v in zip(records[0], values, strict=True)}
            for number, values in enumerate(records, start=1) if number >= FSM.first_row}


def test_regenerating_gives_the_committed_employee_files(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_another_seed_gives_other_staff_of_the_same_shape() -> None:
    _, committed = build_staff_samples(SEED)
    _, other = build_staff_samples(SEED + 1)
    assert other[HR.file] != committed[HR.file]
    assert json.loads(other[TRUTH_FILE])["summary"]["categories"] == json.loads(committed[TRUTH_FILE])[
        "summary"]["categories"]


def test_the_truths_rows_and_numbers_are_the_files(truth: dict) -> None:
    for dataset, rows, header in (("hr", _hr_rows(), "Personalnummer"), ("fsm", _fsm_rows(), "Medarbejdernr.")):
        assert len(rows) == truth["files"][dataset]["rows"]
        assert {r["row"]: r["no"] for r in truth["sync"][dataset]} == {n: row[header] for n, row in rows.items()}


def test_links_name_records_of_the_files_except_the_deleted_partners(truth: dict) -> None:
    links = list(csv.DictReader((DATA / LINKS_FILE).read_text(encoding="utf-8").splitlines()))
    assert len(links) == truth["summary"]["links"]
    hr = {row["Personalnummer"] for row in _hr_rows().values()}
    fsm = {row["Medarbejdernr."] for row in _fsm_rows().values()}
    missing = sum(link["a_employee_no"] not in hr or link["b_employee_no"] not in fsm for link in links)
    assert missing == truth["summary"]["categories"]["deleted"]
    kept = sum(link["a_employee_no"] == link["b_employee_no"] for link in links)
    assert kept == len(links)  # the earlier sync kept the HR number in field service


def test_dates_are_written_the_way_each_system_writes_them() -> None:
    for rows, header, style in ((_hr_rows(), "Geburtsdatum", "%d.%m.%Y"), (_fsm_rows(), "Fødselsdato", "%d-%m-%Y")):
        written = [row[header] for row in rows.values() if row[header] and row[header] != "31.02.1985"]
        assert written
        for text in written:
            assert datetime.strptime(text, style).strftime(style) == text


def test_the_planted_defects_are_in_the_cells(truth: dict) -> None:
    rows = _hr_rows()
    headers = {field: header for header, field in HR.columns}
    for defect in truth["defects"]:
        assert rows[defect["row"]][headers[defect["field"]]] == defect["value"]


def test_the_oracle_knows_the_birth_date_rule_and_its_veto() -> None:
    base = {"first_name": "Anna", "last_name": "Berg", "email": None, "_email_kind": None, "_mobile": None,
            "_phone": None, "street": None, "postcode": None, "_business": False, "_birth_date": "1980-03-15"}
    assert classify_pair(base, dict(base)).why == "same last name, birth date and first name"
    twin = classify_pair(base, {**base, "first_name": "Berit"})  # sure only with a compatible first name
    assert (twin.klass, twin.vetoed) == ("none", False)
    mobile = {**base, "_mobile": "+49 171 1234567"}
    vetoed = classify_pair(mobile, {**mobile, "_birth_date": "1981-03-15"})
    assert (vetoed.klass, vetoed.why) == ("possible", "same last name and mobile, vetoed: birth dates 1980-03-15 and "
                                                      "1981-03-15 differ")
