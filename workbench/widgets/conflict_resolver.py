"""The conflict resolver screen: a thin view over :class:`workbench.review.ConflictResolver`.

Above, whose conflict it is: the two records side by side (number, company, name,
address, e-mail). Then one row per conflicting field: the field name, the two values as
toggle buttons labelled with their system (``CRM: Bonn``, ``ERP: Berlin``; click the one
to keep; the third button, *correction*, keeps the typed text), a text box for the
correction, and the value at the last sync for context (*no earlier sync* when the link
was never synced). *take all from CRM* / *take all from ERP* choose one side for every
field. Below: the link's other differences (updates the change set carries over, with the
steward whose earlier decision settled each), a reason box and the buttons; a resolved link
says who resolved it.

Stable contract (browser tests and notebooks select by these; do not change them):

=====================  ===============  ==========================================
button description     DOM class        action
=====================  ===============  ==========================================
``apply``              ``wb-apply``     apply the choices (one ResolveConflict)
``undo``               ``wb-undo``      undo the last resolution
``take all from <A>``  ``wb-take-a``    every field keeps system A's value
``take all from <B>``  ``wb-take-b``    every field keeps system B's value
=====================  ===============  ==========================================

Each field row has the class ``wb-conflict-field``; the progress text ``wb-progress``.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workbench.review import ConflictResolver
from workbench.store import TYPED, WINNER_A, WINNER_B
from workbench.widgets.markup import cell, info, table
from workbench.widgets.view import ModelView, button

CORRECTION = "correction"


class FieldRow(widgets.HBox):
    """The widgets of one conflicting field: ``choice`` (toggle buttons), ``correction`` (text), ``last_synced``."""

    def __init__(self, field: str, system_a: str, system_b: str, a_value: str | None, b_value: str | None,
                 last_synced: str | None, *, synced: bool = True) -> None:
        self.field = field
        self.label = widgets.HTML(f"<b>{escape(field)}</b>", layout=widgets.Layout(width="120px"))
        self.choice = widgets.ToggleButtons(
            options=[(f"{system_a}: {_shown(a_value)}", WINNER_A), (f"{system_b}: {_shown(b_value)}", WINNER_B),
                     (CORRECTION, TYPED)], value=None,
            tooltips=[f"keep {system_a}'s value", f"keep {system_b}'s value", "keep the typed correction"],
            style={"button_width": "auto"})
        self.correction = widgets.Text(placeholder="type a correction", continuous_update=False,
                                       layout=widgets.Layout(width="220px"))
        before = f"last synced: {cell(last_synced)}" if synced else "no earlier sync"
        self.last_synced = widgets.HTML(f"<span class='wb-muted'>{before}</span>")
        super().__init__([self.label, self.choice, self.correction, self.last_synced])
        self.add_class("wb-conflict-field")


class ConflictResolverView(ModelView):
    """The resolver screen; every widget is a named attribute, field rows in :attr:`rows` by field name."""

    def __init__(self, model: ConflictResolver) -> None:
        super().__init__(model)
        self.resolver = model
        self.title = widgets.HTML()
        self.progress_text = widgets.HTML()
        self.progress_text.add_class("wb-progress")
        self.heading = widgets.HTML()
        self.context = widgets.HTML()
        self.rows: dict[str, FieldRow] = {}
        self.fields_box = widgets.VBox()
        self.other_changes = widgets.HTML()
        self.reason = widgets.Text(placeholder="reason (optional, kept with the decision)",
                                   layout=widgets.Layout(width="60%"))
        self.apply_button = button("apply", "wb-apply", style="success", tooltip="Apply the chosen values")
        self.undo_button = button("undo", "wb-undo", style="warning", icon="undo", tooltip="Undo the last resolution")
        self.previous_button = button("previous", "wb-previous", icon="arrow-left", tooltip="Previous conflict")
        self.next_button = button("next", "wb-next", icon="arrow-right", tooltip="Next conflict")
        overview = model.overview
        self.take_a_button = button(f"take all from {overview.system_a}", "wb-take-a",
                                    tooltip=f"Keep {overview.system_a}'s value of every field")
        self.take_b_button = button(f"take all from {overview.system_b}", "wb-take-b",
                                    tooltip=f"Keep {overview.system_b}'s value of every field")
        self._shown_link: int | None = -1

        self.on_click(self.apply_button, self._apply)
        self.on_click(self.undo_button, self._undo)
        self.on_click(self.previous_button, model.previous)
        self.on_click(self.next_button, model.next)
        self.on_click(self.take_a_button, lambda: model.take_all(WINNER_A))
        self.on_click(self.take_b_button, lambda: model.take_all(WINNER_B))
        self.children = [
            self.style_sheet, self.title, self.progress_text, self.heading, self.context,
            widgets.HBox([self.take_a_button, self.take_b_button]), self.fields_box, self.other_changes,
            self.reason, widgets.HBox([self.apply_button, self.undo_button, self.previous_button, self.next_button]),
            self.message,
        ]
        self.render()

    def _apply(self) -> None:
        numbers = self.resolver.record_numbers
        reason = self.reason.value.strip() or None
        self.resolver.submit(reason)
        self.reason.value = ""
        self.message.value = info(f"Resolved {self.resolver.overview.system_a} {numbers[0]} ↔ "
                                  f"{self.resolver.overview.system_b} {numbers[1]}.")

    def _undo(self) -> None:
        count = self.resolver.undo()
        self.message.value = info("Resolution undone." if count else "Nothing to undo.")

    def _choose(self, field: str, choice: str | None) -> None:
        if choice is None:
            self.resolver.clear(field)
        elif choice == TYPED:
            self.resolver.correct(field, self.rows[field].correction.value)
        else:
            self.resolver.choose(field, choice)

    def _rebuild_rows(self) -> None:
        model, overview = self.resolver, self.resolver.overview
        self.rows = {c.field: FieldRow(c.field, overview.system_a, overview.system_b, c.a_value, c.b_value,
                                       c.last_synced, synced=c.synced) for c in model.conflicts}
        for field, row in self.rows.items():
            self.on_user_change(row.choice, lambda choice, field=field: self._choose(field, choice))
            self.on_user_change(row.correction, lambda text, field=field: model.correct(field, text))
        self.fields_box.children = list(self.rows.values())
        self._shown_link = model.link_id

    def _render(self) -> None:
        model, overview = self.resolver, self.resolver.overview
        self.title.value = (f"<b>Conflicts</b> <span class='wb-muted'>· {escape(overview.system_a)} ↔ "
                            f"{escape(overview.system_b)} · you: {escape(model.member.describe())}</span>")
        self.progress_text.value = f"<span class='wb-progress'>{model.progress}</span>"
        if model.link_id != self._shown_link:
            self._rebuild_rows()
        if model.link_id is None:
            self.heading.value = "<b>No conflicts left to resolve.</b>" if model.links else "<b>No conflicts.</b>"
            self.other_changes.value = self.context.value = ""
            self.apply_button.disabled = self.take_a_button.disabled = self.take_b_button.disabled = True
            return
        a_no, b_no = model.record_numbers
        state = f" · <span class='wb-info'>resolved by {escape(model.resolved_by or '')}</span>" \
            if model.resolved else ""
        position = model.links.index(model.link_id) + 1
        self.heading.value = (f"<b>Conflict {position} of {len(model.links)}</b>: {escape(overview.system_a)} "
                              f"{cell(a_no)} ↔ {escape(overview.system_b)} {cell(b_no)}{state}")
        for conflict in model.conflicts:
            row = self.rows[conflict.field]
            row.choice.value = conflict.choice
            row.choice.disabled = row.correction.disabled = model.resolved
            if conflict.choice == TYPED:
                row.correction.value = conflict.value or ""
        self.apply_button.disabled = self.take_a_button.disabled = self.take_b_button.disabled = model.resolved
        context = model.record_context
        self.context.value = table(["field", f"{overview.system_a} {a_no or ''}", f"{overview.system_b} {b_no or ''}"],
                                   context.itertuples(), css_class="wb-table wb-context")
        others = model.other_changes
        self.other_changes.value = "" if others.empty else (
            "<div class='wb-muted'>Also carried over by the next sync:</div>"
            + table(["field", overview.system_a, overview.system_b, "change", "decided by"],
                    others.itertuples(index=False)))


def _shown(value: str | None) -> str:
    return "(empty)" if value is None or value == "" else value


def conflict_resolver(model: ConflictResolver) -> ConflictResolverView:
    """The conflict resolver screen of ``model`` (an ipywidgets VBox; display it in a notebook)."""
    return ConflictResolverView(model)


__all__ = ["ConflictResolverView", "FieldRow", "conflict_resolver"]
