"""The sync overview screen: a thin view over :class:`workbench.review.SyncOverviewBrowser`.

Category buttons with counts (``conflict (48)``, ``new (276)``, …), what a sync would
write for the shown category and where (:attr:`SyncOverviewView.writes`), the current page
of the category as a table, a list to select records from, and the sync actions on
the selection. *choose partner* and *resolve* open the partner picker or the conflict
resolver below the list (:attr:`SyncOverviewView.detail`); the counts follow their actions.

Stable contract: the buttons' descriptions and DOM classes are
``create partner(s)`` / ``wb-create-partners``, ``choose partner`` / ``wb-open-picker``,
``resolve`` / ``wb-resolve``, ``disable sync`` / ``wb-disable-sync``, ``enable sync`` /
``wb-enable-sync``, ``unlink`` / ``wb-unlink``, ``undo`` / ``wb-undo``; the category
buttons' labels start with the category name; the page table has the class ``wb-records``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

import ipywidgets as widgets
import numpy as np
import pandas as pd

from workbench.review import SyncOverviewBrowser
from workbench.review.cells import cell_text
from workbench.sync import CATEGORIES
from workbench.sync.categories import LINKED_CATEGORIES
from workbench.widgets.conflict_resolver import conflict_resolver
from workbench.widgets.markup import info, table
from workbench.widgets.partner_picker import partner_picker
from workbench.widgets.view import ModelView, button

LINK_COLUMNS = ("link_id", "a_no", "b_no", "sync", "synced_at", "differing")
RECORD_COLUMNS = ("system", "row", "no", "partner_no", "company", "first_name", "last_name", "email", "city")


class SyncOverviewView(ModelView):
    """The overview screen; every widget is a named attribute."""

    def __init__(self, model: SyncOverviewBrowser) -> None:
        super().__init__(model)
        self.browser = model
        self.title = widgets.HTML()
        self.categories = widgets.ToggleButtons(options=[(c, c) for c in CATEGORIES], value=model.category,
                                                style={"button_width": "auto"})
        self.writes = widgets.HTML()
        self.page_text = widgets.HTML()
        self.previous_page_button = button("previous page", "wb-previous-page", icon="arrow-left")
        self.next_page_button = button("next page", "wb-next-page", icon="arrow-right")
        self.records = widgets.HTML()
        self.selector = widgets.SelectMultiple(description="select", rows=min(model.page_size, 12),
                                               layout=widgets.Layout(width="70%"))
        self.select_page_button = button("select page", "wb-select-page")
        self.select_all_button = button("select all", "wb-select-all")
        self.clear_button = button("clear", "wb-clear-selection")
        self.selected_text = widgets.HTML()
        self.reason = widgets.Text(placeholder="reason (optional, kept with the action)",
                                   layout=widgets.Layout(width="60%"))
        self.create_partners_button = button("create partner(s)", "wb-create-partners", style="info",
                                             tooltip="Plan partners in the other system for the selected new records")
        self.choose_partner_button = button("choose partner", "wb-open-picker",
                                            tooltip="Pick the partner of the selected record")
        self.resolve_button = button("resolve", "wb-resolve", tooltip="Resolve the selected conflict")
        self.disable_sync_button = button("disable sync", "wb-disable-sync", tooltip="Stop syncing the selected links")
        self.enable_sync_button = button("enable sync", "wb-enable-sync", tooltip="Sync the selected links again")
        self.unlink_button = button("unlink", "wb-unlink", style="danger", tooltip="End the selected links")
        self.undo_button = button("undo", "wb-undo", style="warning", icon="undo", tooltip="Undo the last action")
        self.detail = widgets.VBox()

        self.on_user_change(self.categories, self._show)
        self.on_user_change(self.selector, lambda keys: model.select(keys))
        self.on_click(self.previous_page_button, model.previous_page)
        self.on_click(self.next_page_button, model.next_page)
        self.on_click(self.select_page_button, model.select_page)
        self.on_click(self.select_all_button, model.select_all)
        self.on_click(self.clear_button, model.clear_selection)
        self.on_click(self.create_partners_button, lambda: self._act(model.create_partners))
        self.on_click(self.disable_sync_button, lambda: self._act(lambda reason: model.set_sync(False, reason)))
        self.on_click(self.enable_sync_button, lambda: self._act(lambda reason: model.set_sync(True, reason)))
        self.on_click(self.unlink_button, lambda: self._act(model.unlink))
        self.on_click(self.undo_button, lambda: self._act(model.undo))
        self.on_click(self.choose_partner_button, lambda: self._open(partner_picker(model.partner_picker())))
        self.on_click(self.resolve_button, lambda: self._open(conflict_resolver(model.conflict_resolver())))
        self.children = [
            self.style_sheet, self.title, self.categories, self.writes,
            widgets.HBox([self.previous_page_button, self.page_text, self.next_page_button]), self.records,
            self.selector, widgets.HBox([self.select_page_button, self.select_all_button, self.clear_button,
                                         self.selected_text]),
            self.reason,
            widgets.HBox([self.create_partners_button, self.choose_partner_button, self.resolve_button,
                          self.disable_sync_button, self.enable_sync_button, self.unlink_button, self.undo_button]),
            self.message, self.detail,
        ]
        self.render()

    def _show(self, category: str) -> None:
        self._open(None)
        self.browser.show(category)

    def _act(self, action: Callable[[str | None], object]) -> None:
        """Run ``action(reason)`` with the typed reason, then show what it did."""
        action(self.reason.value.strip() or None)
        self.reason.value = ""
        self.message.value = info(self.browser.notice)

    def _open(self, view: widgets.Widget | None) -> None:
        """Show ``view`` (a picker or resolver) below the lists; the one shown before is closed."""
        for shown in self.detail.children:
            shown.close()
        self.detail.children = [view] if view is not None else []

    def _render(self) -> None:
        browser = self.browser
        overview = browser.overview
        self.title.value = (f"<b>Sync overview</b> <span class='wb-muted'>· {escape(overview.system_a)} ↔ "
                            f"{escape(overview.system_b)}</span>")
        counts = browser.counts
        self.categories.options = [(f"{c} ({counts[c]})", c) for c in CATEGORIES]
        self.categories.value = browser.category
        writes = browser.writes
        writes = writes[writes["category"] == browser.category]
        nothing = f"<i>A sync writes nothing for the {escape(browser.category)} records.</i>"
        self.writes.value = (table(["system", "action", "records", "fields"],
                                   writes[["system", "action", "records", "fields"]].itertuples(index=False))
                             if len(writes) else nothing)
        self.page_text.value = f"page {browser.page + 1} of {browser.pages}"
        rows = browser.page_rows()
        linked = browser.category in LINKED_CATEGORIES
        self.records.value = _records_table(rows, LINK_COLUMNS if linked else RECORD_COLUMNS) if len(rows) else \
            f"<i>No {escape(browser.category)} records.</i>"
        self.selector.options = [(_label(row, linked), key) for key, (_, row) in zip(rows["key"], rows.iterrows(),
                                                                                      strict=True)]
        on_page = set(rows["key"])
        self.selector.value = tuple(key for key in browser.selection if key in on_page)
        self.selected_text.value = f"<span class='wb-muted'>{len(browser.selection)} selected</span>"
        category = browser.category
        self.create_partners_button.disabled = category != "new"
        self.choose_partner_button.disabled = category not in ("new", "inactive")
        self.resolve_button.disabled = category != "conflict"
        self.disable_sync_button.disabled = self.unlink_button.disabled = not linked
        self.enable_sync_button.disabled = category != "disabled"


def _records_table(rows: pd.DataFrame, columns: tuple[str, ...]) -> str:
    shown = [c for c in columns if c in rows.columns]
    values = [[_shown(v) for v in row] for row in rows[shown].itertuples(index=False)]
    return table(shown, values, css_class="wb-table wb-records")


def _shown(value: object) -> str | None:
    """A cell as the list shows it: moments to the minute, the sync flag as on / off.

    Examples:
        >>> _shown(pd.Timestamp("2026-10-11 22:00:00", tz="UTC")), _shown(True), _shown(None)
        ('2026-10-11 22:00', 'on', None)
    """
    if isinstance(value, pd.Timestamp | datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, bool | np.bool_):
        return "on" if value else "off"
    return cell_text(value)


def _label(row: pd.Series, linked: bool) -> str:
    if linked:
        differing = cell_text(row.get("differing"))
        return f"{row['a_no']} ↔ {row['b_no']}" + (f" · differs in {differing}" if differing else "")
    name = " ".join(filter(None, (cell_text(row.get(f)) for f in ("first_name", "last_name", "company"))))
    number = cell_text(row["no"]) or f"(no number, row {row['row']})"
    return f"{row['system']} {number} · {name}"


def sync_overview(model: SyncOverviewBrowser) -> SyncOverviewView:
    """The sync overview screen of ``model`` (an ipywidgets VBox; display it in a notebook)."""
    return SyncOverviewView(model)


__all__ = ["SyncOverviewView", "sync_overview"]
