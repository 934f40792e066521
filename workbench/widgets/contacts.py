"""Views of the Outlook contacts models: the export's assignment table and the import's candidates.

Thin, like every view here (:class:`~workbench.widgets.view.ModelView`): widgets are built
once, :meth:`render` reads the model, every user action goes through ``safe`` to a model
method. Possible duplicates are decided pair by pair in the review's
:func:`workbench.widgets.duplicate_review` over ``ContactImport.matches``; *read review
decisions* brings those decisions into the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbench.contacts import ContactImport, ExportSelection, ImportPolicy, ImportReport, export_contacts
from workbench.contacts.export import ExportReport
from workbench.linkage.classify import SURE
from workbench.store import SAME, Store
from workbench.widgets.markup import cell, table
from workbench.widgets.view import ModelView, button

NO_PARTNER = "— no business partner —"
COLUMN_WIDTHS = {"card": "280px", "partner": "380px", "check": "auto"}
"""The candidates' columns: the tick box with the card's name, the business partner, the duplicate check."""


@dataclass
class CandidateRow:
    """The widgets of one candidate card."""

    selected: widgets.Checkbox
    partner: widgets.Dropdown
    duplicate: widgets.HTML


class ContactImportView(ModelView):
    """The candidates of an Outlook import: tick, assign a business partner, import.

    Attributes:
        rows: card number -> :class:`CandidateRow`.
        known: the known contacts and what is taken over from Outlook.
        imported_before: the cards an earlier import created contacts for, and what changed in Outlook since.
        policy_button, decisions_button, import_button: select as the default policy would; read the
            duplicate review's decisions; import.
        result: the report of the last import (also in ``report``).
    """

    def __init__(self, model: ContactImport, store: Store, target: str | Path, **kwargs: Any) -> None:
        super().__init__(model, **kwargs)
        self.store, self.target = store, target
        self.report: ImportReport | None = None
        choices = [(NO_PARTNER, None)] + [
            (f"{company} ({number}{', ' + city if isinstance(city, str) else ''})", number)
            for number, company, city in model.partners[["customer_no", "company", "city"]].itertuples(index=False)]
        self.known = widgets.HTML()
        self.imported_before = widgets.HTML()
        self.rows: dict[int, CandidateRow] = {}
        lines = []
        for row in model.candidates.index:
            candidate = CandidateRow(
                widgets.Checkbox(description=f"{row}: {model.candidates.at[row, 'name']}", indent=False,
                                 layout=widgets.Layout(width=COLUMN_WIDTHS["card"])),
                widgets.Dropdown(options=choices, layout=widgets.Layout(width=COLUMN_WIDTHS["partner"])),
                widgets.HTML(layout=widgets.Layout(width=COLUMN_WIDTHS["check"])))
            self.on_user_change(candidate.selected, lambda on, row=row: self.model.select([row], on))
            self.on_user_change(candidate.partner, lambda number, row=row: self.model.assign(row, number))
            self.rows[int(row)] = candidate
            lines.append(widgets.HBox([candidate.selected, candidate.partner, candidate.duplicate]))
        self.header = widgets.HBox([widgets.HTML(f"<b>{title}</b>", layout=widgets.Layout(width=COLUMN_WIDTHS[key]))
                                    for key, title in (("card", "import · card: name"), ("partner", "business partner"),
                                                       ("check", "duplicate check: class, decision, why"))])
        self.header.add_class("wb-candidates-header")
        self.policy_button = button("select by policy", "wb-contacts-policy")
        self.decisions_button = button("read review decisions", "wb-contacts-decisions")
        self.import_button = button("import selected", "wb-contacts-import", style="primary")
        self.result = widgets.HTML()
        self.on_click(self.policy_button, lambda: self.model.apply_policy(ImportPolicy()))
        self.on_click(self.decisions_button, lambda: self.model.refresh_decisions(self.store))
        self.on_click(self.import_button, self._import)
        self.children = [self.style_sheet, self.known, self.imported_before, self.header, *lines,
                         widgets.HBox([self.policy_button, self.decisions_button, self.import_button]),
                         self.result, self.message]
        self.render()

    def _import(self) -> None:
        self.report = self.model.run(self.store, self.target)
        self.result.value = table(["outcome", "reason", "cards"], self.report.counts().values.tolist())
        self.import_button.disabled = True

    def _render(self) -> None:
        known = self.model.known
        self.known.value = "<b>Known contacts</b>" + table(["card", "contact", "from Outlook", "conflicts"], [
            [row, k["contact_no"], ", ".join(k["changed_fields"]), ", ".join(k["conflicts"])]
            for row, k in known.iterrows()]) if not known.empty else ""
        before = self.model.imported_before
        self.imported_before.value = "<b>Imported before, not yet in the contacts' system</b>" + table(
            ["card", "contact", "changed in Outlook since"],
            [[row, b["contact_no"], ", ".join(b["changed_fields"]) or "nothing"] for row, b in before.iterrows()]
        ) if not before.empty else ""
        for row, widgets_of in self.rows.items():
            candidate = self.model.candidates.loc[row]
            widgets_of.selected.value = bool(candidate["selected"])
            widgets_of.selected.disabled = candidate["duplicate_class"] == SURE or candidate["decision"] == SAME
            widgets_of.partner.value = candidate["partner_no"]
            decided = f' <span class="wb-badge">{cell(candidate["decision"])}</span>' if candidate["decision"] else ""
            widgets_of.duplicate.value = (
                f'<span class="wb-badge">{cell(candidate["duplicate_class"])}</span>{decided} '
                f'<span class="wb-muted">{cell(candidate["duplicate_reason"])}</span>')


class ContactExportView(ModelView):
    """The export's assignment table: search, tick, export.

    Attributes:
        search: the search box; ``checks``: contact number -> checkbox of the visible rows.
        export_button: writes ``target`` and remembers the export; ``result``/``report``.
    """

    def __init__(self, model: ExportSelection, store: Store, target: str | Path, **kwargs: Any) -> None:
        super().__init__(model, **kwargs)
        self.store, self.target = store, target
        self.report: ExportReport | None = None
        self.search = widgets.Text(placeholder="name, company or city", description="search")
        self.on_user_change(self.search, self.model.search)
        self.checks: dict[str, widgets.Checkbox] = {}
        self.list = widgets.VBox()
        self.export_button = button("export to Outlook", "wb-contacts-export", style="primary")
        self.result = widgets.HTML()
        self.on_click(self.export_button, self._export)
        self.children = [self.style_sheet, self.search, self.list, self.export_button, self.result, self.message]
        self.render()

    def _export(self) -> None:
        self.report = export_contacts(self.model.contacts, self.model.selected, self.target, self.store)
        self.result.value = cell(self.report.summary())

    def _render(self) -> None:
        shown = self.model.table()
        self.checks = {}
        for number, name, company, city, sync, ticked in shown[
                ["customer_no", "last_name", "company", "city", "outlook_sync", "selected"]].itertuples(index=False):
            check = widgets.Checkbox(value=bool(ticked), indent=False, disabled=sync == "off",
                                     description=" · ".join(str(p) for p in (number, name, company, city) if p))
            self.on_user_change(check, lambda on, number=number: self.model.select([number], on))
            self.checks[number] = check
        self.list.children = list(self.checks.values())
