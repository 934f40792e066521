"""A steward imports a file: detected header, proposed mapping changed, defaults, validation, confirm."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import ConfigError, InputError
from workbench.review import ImportWizard

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"
KUNDEN = ("Kundenliste\nExport vom 01.11.2026\nKd.-Nr.;Name;Mail;Notiz\n"
          "1;Arndt;arndt@web.de;VIP\n2;Berg;b@x;\n2;Weiß;c@x.de;\n")


@pytest.fixture
def kunden(tmp_path) -> Path:
    path = tmp_path / "kunden.csv"
    path.write_text(KUNDEN, encoding="cp1252")
    return path


def test_the_crm_sample_header_and_mapping_are_proposed():
    wizard = ImportWizard(SAMPLES / "crm_customers.xlsx")
    assert wizard.raw.sheet == "Kunden"
    assert wizard.header_row == 4
    assert wizard.mapping["Kundennummer"] == "customer_no"
    assert wizard.mapping["Handy"] == "mobile"
    assert wizard.mapping["Kundengruppe"] is None  # not a field: kept as an extra column
    assert wizard.missing_fields == []
    assert wizard.samples["Ort"][:2] == ["Aachen", "Köln"]
    assert len(wizard.table.frame) == 350


def test_changing_the_mapping_and_adding_defaults(kunden):
    wizard = ImportWizard(kunden)
    assert wizard.header_row == 3
    assert wizard.mapping == {"Kd.-Nr.": "customer_no", "Name": "last_name", "Mail": "email", "Notiz": None}
    seen = []
    wizard.on_change(seen.append)

    wizard.set_field("Notiz", "company")
    wizard.set_field("Name", "company")  # moves the field: Notiz is an extra column again
    assert wizard.mapping["Notiz"] is None
    assert "last_name" in wizard.missing_fields
    wizard.set_default("country", " DK ")
    wizard.set_default("status", "")
    assert wizard.defaults == {"country": "DK"}

    frame = wizard.table.frame
    assert frame.columns.tolist() == ["customer_no", "company", "email", "country", "Notiz"]
    assert frame["country"].tolist() == ["DK"] * 3
    assert wizard.table.defaults == {"country": 3}
    assert len(seen) == 4


def test_bad_choices_are_named(kunden):
    wizard = ImportWizard(kunden)
    with pytest.raises(ConfigError, match="no column 'Telefon'"):
        wizard.set_field("Telefon", "phone")
    with pytest.raises(ConfigError, match="'birthday' is not a field"):
        wizard.set_field("Notiz", "birthday")
    with pytest.raises(InputError, match="row 40 is not in the source"):
        wizard.set_header_row(40)


def test_a_wrong_header_row_is_a_problem_the_steward_can_fix(kunden):
    wizard = ImportWizard(kunden)
    wizard.set_header_row(1)
    assert wizard.mapping == {}
    assert "none of its columns is named like a field" in wizard.problem
    with pytest.raises(InputError, match="none of its columns"):
        _ = wizard.table
    wizard.set_header_row(3)
    assert wizard.problem is None
    assert wizard.mapping["Mail"] == "email"


def test_an_uploaded_file_is_read_like_a_file(tmp_path):
    wizard = ImportWizard()
    assert wizard.problem == "no file chosen yet"
    written = wizard.upload("../../kunden.csv", KUNDEN.encode("cp1252"), folder=tmp_path)
    assert written == tmp_path / "kunden.csv"  # the name only: no way out of the folder
    assert wizard.source == written
    assert wizard.raw.encoding == "cp1252"
    assert wizard.table.frame["last_name"].tolist() == ["Arndt", "Berg", "Weiß"]
    with pytest.raises(InputError, match="cannot be used"):
        wizard.upload("..", b"x", folder=tmp_path)


def test_validation_summary_and_confirm_leave_out_rows_with_errors(kunden):
    wizard = ImportWizard(kunden)
    report = wizard.validate()
    assert report.counts["error"] == 2  # customer number 2 twice
    assert set(report.rows_with_errors) == {5, 6}

    table = wizard.confirm()
    assert table.frame.index.tolist() == [4]
    assert "left out 2 rows with errors" in table.notes
    assert wizard.confirmed is table
    kept = wizard.confirm(keep_rows_with_errors=True)
    assert len(kept.frame) == 3

    wizard.set_default("country", "DE")  # any change asks for validation again
    assert wizard.report is None
    assert wizard.confirmed is None
