"""The import wizard view, driven through its widgets: load, change a column's field, defaults, validate, confirm."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workbench.review import ImportWizard
from workbench.widgets import import_wizard

KUNDEN = "Kundenliste\nKd.-Nr.;Name;Notiz\n1;Arndt;VIP\n2;Berg;\n2;Weiß;\n"


@pytest.fixture
def kunden(tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_text(KUNDEN, encoding="utf-8")
    return path


def test_load_a_path_and_see_the_proposed_mapping(kunden):
    view = import_wizard(ImportWizard())
    assert "no file chosen yet" in view.problem.value
    assert view.validate_button.disabled
    assert "Every field has a column" in view.defaults_box.children[0].value

    view.path.value = str(kunden)
    view.load_button.click()

    assert view.problem.value == ""
    assert view.header_row.value == 2
    assert list(view.columns) == ["Kd.-Nr.", "Name", "Notiz"]
    assert view.columns["Name"].field.value == "last_name"
    assert view.columns["Notiz"].field.value == ""
    assert "Arndt · Berg · Weiß" in view.columns["Name"].samples.value
    assert "wb-mapping-row" in view.columns["Name"]._dom_classes
    assert "country" in view.default_boxes
    assert "encoding utf-8" in view.source_text.value


def test_mapping_and_defaults_drive_the_model(kunden):
    view = import_wizard(ImportWizard(kunden))
    view.columns["Notiz"].field.value = "company"
    view.default_boxes["country"].value = "DE"

    frame = view.model.table.frame
    assert frame["company"].tolist() == ["VIP", None, None]
    assert frame["country"].tolist() == ["DE"] * 3
    assert "company" not in view.default_boxes  # mapped now: no default box

    view.columns["Name"].field.value = "company"  # moves the field away from Notiz
    assert view.columns["Notiz"].field.value == ""
    assert view.model.mapping["Name"] == "company"


def test_a_missing_file_is_reported_in_the_view(tmp_path):
    view = import_wizard(ImportWizard())
    view.path.value = str(tmp_path / "nowhere.csv")
    view.load_button.click()
    assert "wb-error" in view.message.value


def test_validate_and_confirm(kunden):
    view = import_wizard(ImportWizard(kunden))
    view.validate_button.click()
    assert "2 errors" in view.summary.value
    assert "wb-validation" in view.summary.value
    view.confirm_button.click()
    assert "Imported 1 rows" in view.message.value
    assert view.model.confirmed.frame.index.tolist() == [3]


def test_upload_reads_the_bytes(kunden, tmp_path):
    view = import_wizard(ImportWizard(upload_folder=tmp_path / "uploads"))
    view.upload.value = ({"name": "kunden.csv", "type": "text/csv", "size": 10,
                          "content": memoryview(kunden.read_bytes()),
                          "last_modified": datetime.now(UTC)},)
    assert list(view.columns) == ["Kd.-Nr.", "Name", "Notiz"]
    assert view.model.source == tmp_path / "uploads" / "kunden.csv"
