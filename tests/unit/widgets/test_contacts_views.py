"""Wiring of the contacts views: clicks and choices reach the models; sure duplicates cannot be ticked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.contacts import ExportSelection, outlook_state, prepare_import
from workbench.io import read_table
from workbench.store import open_store
from workbench.widgets.contacts import ContactExportView, ContactImportView

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


@pytest.fixture
def store(tmp_path: Path):
    opened = open_store(f"sqlite:///{tmp_path / 'wb.db'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def samples() -> tuple:
    return (read_table(SAMPLES / "outlook_contacts.vcf", "contact"),
            read_table(SAMPLES / "crm_customers.xlsx", "contact", sheet="Ansprechpartner").frame,
            read_table(SAMPLES / "crm_customers.xlsx", "customer", sheet="Kunden").frame)


def test_the_import_view_ticks_assigns_and_imports(tmp_path: Path, store, samples) -> None:
    model = prepare_import(*samples, store)
    view = ContactImportView(model, store, tmp_path / "records.csv")
    assert view.rows[16].selected.disabled  # sure duplicate
    assert not view.rows[37].selected.disabled
    view.rows[37].selected.value = True
    assert bool(model.candidates.at[37, "selected"])
    view.rows[49].partner.value = "10004"
    assert model.candidates.at[49, "partner_no"] == "10004"
    view.policy_button.click()
    assert view.rows[45].selected.value
    view.import_button.click()
    assert view.report is not None
    assert view.report.count("imported") == 10  # the nine of the answer key and card 49, now with a partner
    assert "new contact" in view.result.value
    assert view.message.value == ""


def test_a_refused_choice_shows_in_the_message_area(tmp_path: Path, store, samples) -> None:
    model = prepare_import(*samples, store)
    view = ContactImportView(model, store, tmp_path / "records.csv")
    view.safe(model.select, [16])
    assert "is a sure duplicate of contact 50091" in view.message.value


def test_the_export_view_searches_ticks_and_exports(tmp_path: Path, store) -> None:
    contacts = pd.DataFrame({"customer_no": ["1", "2"], "last_name": ["Berg", "Holm"], "company": ["A", "B"],
                             "city": ["Kiel", "Ulm"]})
    view = ContactExportView(ExportSelection(contacts, outlook_state(store)), store, tmp_path / "out.vcf")
    view.search.value = "ulm"
    assert list(view.checks) == ["2"]
    view.checks["2"].value = True
    view.export_button.click()
    assert view.report.exported == ["2"]
    assert read_table(tmp_path / "out.vcf", "contact").frame["last_name"].tolist() == ["Holm"]


def test_the_import_view_has_column_headers_and_buttons_wide_enough_for_their_text(tmp_path, store, samples):
    view = ContactImportView(prepare_import(*samples, store), store, tmp_path / "records.csv")
    titles = [label.value for label in view.header.children]
    assert titles == ["<b>import · card: name</b>", "<b>business partner</b>",
                      "<b>duplicate check: class, decision, why</b>"]
    first = next(iter(view.rows.values()))
    assert (first.selected.layout.width, first.partner.layout.width) == ("280px", "380px")  # aligned columns
    assert all(b.layout.width == "auto" for b in (view.policy_button, view.decisions_button, view.import_button))


def test_the_import_view_shows_what_changed_in_outlook_since_an_earlier_import(tmp_path, store, samples) -> None:
    from workbench.contacts import import_outlook

    cards, contacts, partners = samples
    _, first = import_outlook(cards, contacts, partners, store, tmp_path / "first.csv")
    row = int(first.outcomes.loc[first.outcomes["outcome"] == "imported", "row"].iloc[0])
    changed = cards.frame.copy()
    changed.loc[row, "mobile"] = "+49 160 9876543"
    view = ContactImportView(prepare_import(changed, contacts, partners, store), store, tmp_path / "records.csv")
    assert "Imported before, not yet in the contacts' system" in view.imported_before.value
    number = first.outcomes.set_index("row").at[row, "contact_no"]
    assert f'<td class="wb-field">{row}</td><td>{number}</td><td>mobile</td>' in view.imported_before.value
