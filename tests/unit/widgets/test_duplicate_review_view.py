"""The duplicate review view, driven through its widgets: buttons, tabs, filters, re-rendering."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import pytest

from tests.unit.review.review_scenarios import pair_decisions
from workbench.review import DuplicateReview
from workbench.widgets import duplicate_review

STABLE_BUTTONS = {"same": "wb-same", "different": "wb-different", "skip": "wb-skip",
                  "accept all sure": "wb-accept-all-sure", "undo": "wb-undo"}


def buttons(view: widgets.Widget) -> dict[str, widgets.Button]:
    """Every button in the view's tree, by description."""
    found, todo = {}, [view]
    while todo:
        widget = todo.pop()
        if isinstance(widget, widgets.Button):
            found[widget.description] = widget
        todo.extend(getattr(widget, "children", ()))
    return found


@pytest.fixture
def view(duplicates, store):
    return duplicate_review(DuplicateReview(duplicates, store, system="CRM", actor="eva"))


def test_the_stable_contract_for_browser_tests(view):
    assert isinstance(view, widgets.Widget)
    found = buttons(view)
    for description, css_class in STABLE_BUTTONS.items():
        assert css_class in found[description]._dom_classes
    assert [title.split(" (")[0] for title in view.tabs.titles] == ["sure", "possible", "no duplicate"]
    assert view.tabs.titles == ("sure (2)", "possible (2)", "no duplicate (14)")


def test_same_button_records_the_decision_and_shows_the_next_pair(view, store):
    assert "0 of 2 reviewed" in view.progress_text.value
    assert "Jürgen" in view.pair_table.value
    assert "Juergen" in view.pair_table.value
    view.reason.value = "same address, spelling variant"

    view.same_button.click()

    assert pair_decisions(store) == {("12", "13"): "same"}
    with store.transaction() as tx:
        assert tx.audit.frame()["reason"].tolist() == ["same address, spelling variant"]
    assert "1 of 2 reviewed" in view.progress_text.value
    assert view.progress_bar.value == 1
    assert "Karla" in view.pair_table.value  # the next pair is on screen
    assert view.reason.value == ""


def test_differing_fields_are_highlighted_and_the_explanation_shown(view):
    rows = view.pair_table.value.split("<tr")
    highlighted = {row.split('class="wb-field">')[1].split("<")[0] for row in rows if 'class="wb-differs"' in row}
    assert {"first_name", "last_name", "street", "city"} <= highlighted
    assert "postcode" not in highlighted
    assert "wb-pair" in view.pair_table.value
    assert "possible:" in view.explanation.value
    assert "scores:" in view.explanation.value


def test_different_skip_undo_and_accept_all_sure(view, store):
    view.skip_button.click()
    assert "Karla" in view.pair_table.value
    view.different_button.click()
    assert pair_decisions(store) == {("10", "11"): "different"}
    assert "Jürgen" in view.pair_table.value  # the skipped pair comes round

    view.accept_all_sure_button.click()
    assert set(pair_decisions(store).values()) == {"different", "same"}
    assert len(pair_decisions(store)) == 3
    assert "2 sure pairs decided" in view.message.value
    assert view.accept_all_sure_button.disabled

    view.undo_button.click()
    assert pair_decisions(store) == {("10", "11"): "different"}
    assert "2 decisions undone" in view.message.value
    assert view.tabs.selected_index == 0  # the undone sure pairs are shown again


def test_tabs_and_filters_drive_the_model(view):
    model = view.model
    view.tabs.selected_index = 2
    assert model.tab == "none"
    assert "0 of 14 reviewed" in view.progress_text.value

    view.tabs.selected_index = 0
    view.field_filter.value = "first_name"
    assert model.differing_field == "first_name"
    assert "Johannes" in view.pair_table.value
    assert "1 of 1" not in view.progress_text.value
    assert "0 of 1 reviewed" in view.progress_text.value

    view.field_filter.value = ""
    view.score_band.value = (0.99, 1.0)
    assert model.score_band == (0.99, 1.0)
    assert model.differing_field is None


def test_errors_show_in_the_view_instead_of_being_lost(view, duplicates, store):
    other = DuplicateReview(duplicates, store, system="CRM", actor="tom")
    other.same(reason="tom was first")

    view.same_button.click()

    assert "wb-error" in view.message.value
    assert "by tom" in view.message.value
    assert pair_decisions(store) == {("12", "13"): "same"}


def test_a_fully_reviewed_tab_says_so_and_disables_deciding(view):
    view.same_button.click()
    view.same_button.click()
    assert "Every pair in this view is reviewed" in view.pair_header.value
    assert view.same_button.disabled
    assert view.different_button.disabled
    view.previous_button.click()
    assert "decided <b>same</b> by eva" in view.pair_header.value


def outlook_pair(store):
    """An Outlook card (vCard columns, a photo) beside a CRM contact whose company differs only in case."""
    from workbench.contacts.duplicates import match_candidates

    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452")
    cards = pd.DataFrame({"first_name": ["Anna"], "last_name": ["Weiß"], "company": ["WEISS LOGISTIK GMBH"],
                          "email": ["anna@weiss-logistik.de"], "FN": ["Anna Weiß"], "N": ["Weiß;Anna;;;"],
                          "TEL (all)": ["CELL: +49 160 1"], "REV": ["2024-01-01T10:00:00Z"], "UID": ["u-1"],
                          "X-MS-OL-DESIGN": ["<card>" * 500], "PHOTO": [png], "PHOTO type": ["image/png"]},
                         index=pd.Index([1], name="row"))
    contacts = pd.DataFrame({"customer_no": ["50001"], "first_name": ["Anna"], "last_name": ["Weiß"],
                             "company": ["Weiss Logistik GmbH"], "email": ["anna@weiss-logistik.de"],
                             "Abteilung": ["Einkauf"]}, index=pd.Index([2], name="row"))
    result = match_candidates(cards, contacts)
    return DuplicateReview(result, store, system="Outlook", partner_system="CRM contacts", actor="eva")


def test_an_outlook_card_shows_canonical_fields_and_a_photo_thumbnail(store):
    review = outlook_pair(store)
    pair = review.current
    assert list(pair.fields.index) == ["customer_no", "company", "first_name", "last_name", "email"]
    assert pair.differing == []  # a company differing only in case is no difference
    assert pair.photos[0].media_type == "image/png"
    assert pair.photos[1] is None
    assert "FN" not in review.fields
    assert "PHOTO" not in review.fields
    view = duplicate_review(review)
    html = view.pair_table.value
    assert 'class="wb-table wb-pair wb-fit"' in html
    assert "<colgroup>" in html
    assert '<img class="wb-thumb" alt="photo" src="data:image/png;base64,' in html
    assert "\\x89PNG" not in html
    assert "X-MS-OL-DESIGN" not in html
    assert "&lt;card&gt;" not in html


def test_keys_press_the_buttons(view, store):
    first = view.review.current.label
    view.shortcuts.press("s")
    assert pair_decisions(store)  # decided "same" by key
    assert view.review.current is None or view.review.current.label != first
    view.shortcuts.press("u")
    assert not pair_decisions(store)
    view.shortcuts.press("ArrowRight")
    view.shortcuts.press("q")  # not bound: nothing happens
    assert "keys" in view.shortcuts.legend
    assert view.shortcuts.bound_keys == ["s", "d", "k", "u", "ArrowLeft",
                                                                            "ArrowRight"]


def test_a_viewer_s_click_is_refused_by_the_engine_and_the_view_says_why(duplicates, store):
    from workbench.store import VIEWER
    from workbench.team import add_user

    add_user(store, "ada", actor="ada")
    add_user(store, "vic", VIEWER, actor="ada")
    view = duplicate_review(DuplicateReview(duplicates, store, system="CRM", actor="vic"))
    assert "you: vic (viewer)" in view.title.value
    view.same_button.click()
    assert "vic is a viewer: decide pair needs the steward role" in view.message.value
    assert pair_decisions(store) == {}
    assert "0 of 2 reviewed" in view.progress_text.value
