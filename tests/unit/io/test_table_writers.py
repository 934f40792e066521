"""The workbench format in xlsx and csv: formula-safe, round-trip exact, atomic."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from workbench.atomic import atomic_open, atomic_path
from workbench.errors import InputError
from workbench.io import read_table, write_table

RISKY = ["=1+1", '=HYPERLINK("http://evil.example","klick")', "+49 30 1234", "-5", "@SUMME(A1)", "\tTab", "\rCR",
         "'=schon geschützt", "O'Brien", "01067", "Müller\nzweite Zeile", " Leerzeichen ", "x\x01y", "a;b,\"c\""]


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = len(RISKY)
    return pd.DataFrame(
        {"customer_no": [f"K{n:03d}" for n in range(rows)], "company": RISKY,
         "email": [None] * (rows - 1) + ["x@example.de"], "Notiz": list(reversed(RISKY))},
        index=pd.Index(range(2, rows + 2), name="row"), dtype=object)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_is_exact(tmp_path: Path, frame: pd.DataFrame, suffix: str) -> None:
    path = write_table(frame, tmp_path / f"export{suffix}")
    assert path == tmp_path / f"export{suffix}"
    table = read_table(path)
    assert table.header_row == 1
    pd.testing.assert_frame_equal(table.frame, frame)


def test_xlsx_stores_text_never_formulas_and_quote_prefixes_risky_text(tmp_path: Path, frame: pd.DataFrame) -> None:
    path = write_table(frame, tmp_path / "export.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    workbook = load_workbook(path)
    company = list(workbook.active["B"])[1:]
    assert [cell.quotePrefix for cell in company] == [value.startswith(("=", "+", "-", "@", "\t", "\r"))
                                                      for value in RISKY]
    assert sum(cell.quotePrefix for cell in company) == 7
    assert {cell.data_type for cell in company} == {"s"}
    assert [c.value for c in workbook.active[1]] == ["customer_no", "company", "email", "Notiz"]


def test_csv_is_utf8_with_bom_semicolons_and_apostrophes(tmp_path: Path) -> None:
    frame = pd.DataFrame({"customer_no": ["1", "2", "3", "4"], "company": ["=1+1", "'=x", "O'Brien", "a;b"]})
    data = write_table(frame, tmp_path / "export.csv").read_bytes()
    assert data == (b"\xef\xbb\xbfcustomer_no;company\r\n1;'=1+1\r\n2;''=x\r\n3;O'Brien\r\n4;\"a;b\"\r\n")


def test_non_text_cells_are_written_as_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"customer_no": [10001, 10002.0], "city": ["Köln", None], "PHOTO": [b"\x00\xff", None]})
    table = read_table(write_table(frame, tmp_path / "t.csv"))
    assert table.frame["customer_no"].tolist() == ["10001", "10002"]
    assert table.frame["PHOTO"].tolist() == ["AP8=", None]


def test_text_longer_than_excel_allows_is_cut_with_a_marker_in_xlsx_and_kept_whole_in_csv(tmp_path: Path) -> None:
    street = "Lange Straße " + "x" * 40_000
    frame = pd.DataFrame({"customer_no": ["1", "2"], "street": ["Kurzweg 1", street]})

    cut = read_table(write_table(frame, tmp_path / "lang.xlsx")).frame["street"].tolist()
    whole = read_table(write_table(frame, tmp_path / "lang.csv")).frame["street"].tolist()

    assert cut[0] == "Kurzweg 1"
    assert len(cut[1]) == 32_767
    assert cut[1].startswith("Lange Straße xxx")
    assert cut[1].endswith(f"… [cut: {len(street):,} characters in all; the full text is in the CSV output and "
                           "the store]")
    assert whole == ["Kurzweg 1", street]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".vcf"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
        tmp_path: Path, frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    target = tmp_path / f"export{suffix}"
    target.write_bytes(b"old content")
    import workbench.atomic as atomic_module

    def failing_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "replace", failing_replace)
    with pytest.raises(InputError, match=r"cannot be written .No space left on device"):
        write_table(frame.rename(columns={"company": "last_name"}), target)
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_writer_failing_half_way_keeps_the_old_file(tmp_path: Path, frame: pd.DataFrame,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "export.xlsx"
    write_table(frame.head(2), target)
    before = target.read_bytes()
    import xlsxwriter.worksheet

    calls = {"n": 0}
    original = xlsxwriter.worksheet.Worksheet.write_string

    def flaky(self: object, *args: object) -> int:
        calls["n"] += 1
        if calls["n"] > 20:
            raise RuntimeError("disk on fire")
        return original(self, *args)

    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "write_string", flaky)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_table(frame, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["export.xlsx"]


def test_writing_into_a_missing_folder(tmp_path: Path, frame: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="cannot be written") as caught:
        write_table(frame, tmp_path / "fehlt" / "x.csv")
    assert "folder exists" in caught.value.hint


def test_atomic_path_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("alt", encoding="utf-8")

    def half_written() -> None:
        with atomic_path(target) as tmp:
            tmp.write_text("halb", encoding="utf-8")
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        half_written()
    assert target.read_text(encoding="utf-8") == "alt"
    with atomic_open(target, encoding="utf-8") as handle:
        handle.write("neu")
        assert target.read_text(encoding="utf-8") == "alt"  # not visible before the block ends
    assert target.read_text(encoding="utf-8") == "neu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_atomic_files_get_the_usual_permissions(tmp_path: Path) -> None:
    reference = tmp_path / "ref.txt"
    reference.write_text("x", encoding="utf-8")
    with atomic_open(tmp_path / "b.txt", encoding="utf-8") as handle:
        handle.write("x")
    assert os.stat(tmp_path / "b.txt").st_mode == os.stat(reference).st_mode


def test_atomic_open_refuses_append_mode(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="whole files"), atomic_open(tmp_path / "x.txt", "a"):
        pass


def test_a_nul_character_cannot_go_into_a_csv(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="NUL character") as caught:
        write_table(pd.DataFrame({"customer_no": ["1", "2\x00"]}), tmp_path / "x.csv")
    assert (caught.value.row, caught.value.column) == (3, "customer_no")
    assert not list(tmp_path.iterdir())


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cn"), blacklist_characters="\x00"), min_size=1,
                max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.one_of(st.none(), _TEXT), min_size=1, max_size=6))
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_any_text_round_trips(tmp_path: Path, suffix: str, values: list[str | None]) -> None:
    frame = pd.DataFrame({"customer_no": [f"K{n}" for n in range(len(values))], "company": values},
                         index=pd.Index(range(2, len(values) + 2), name="row"), dtype=object)
    table = read_table(write_table(frame, tmp_path / f"t{suffix}"), header_row=1)
    pd.testing.assert_frame_equal(table.frame, frame)
