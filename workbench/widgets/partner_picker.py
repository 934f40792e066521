"""The partner picker screen: a thin view over :class:`workbench.review.PartnerPicker`.

Shows the record beside the chosen candidate, field by field (differences highlighted;
the table has the class ``wb-side-by-side``), the candidates ranked with class, score,
explanation and what each is linked to already, a choice of candidate, and the buttons.
After *create partner* the message says where the planned partner is: created in the
other system by its next change set, the record listed under *new* with that partner
number until then.

Stable contract: buttons ``choose partner`` (class ``wb-choose-partner``),
``create partner`` (``wb-create-partner``; its tooltip and the text beside it name the
proposed number) and ``undo`` (``wb-undo``); the candidates table has the class
``wb-candidates``.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workbench.review import PartnerPicker
from workbench.widgets.markup import info, table
from workbench.widgets.view import ModelView, button


class PartnerPickerView(ModelView):
    """The picker screen; every widget is a named attribute."""

    def __init__(self, model: PartnerPicker) -> None:
        super().__init__(model)
        self.picker = model
        self.title = widgets.HTML()
        self.record = widgets.HTML()
        self.candidates = widgets.HTML()
        self.candidate = widgets.Dropdown(description="partner", layout=widgets.Layout(width="60%"))
        self.proposal = widgets.HTML()
        self.reason = widgets.Text(placeholder="reason (optional, kept with the decision)",
                                   layout=widgets.Layout(width="60%"))
        self.choose_button = button("choose partner", "wb-choose-partner", style="success",
                                    tooltip="Link the record with the selected candidate")
        self.create_button = button("create partner", "wb-create-partner", style="info")
        self.undo_button = button("undo", "wb-undo", style="warning", icon="undo", tooltip="Undo the last action")

        self.on_user_change(self.candidate, model.choose)
        self.on_click(self.choose_button, lambda: self._done(model.link(self._reason()), "linked"))
        self.on_click(self.create_button, lambda: self._done(model.create(self._reason()), "planned"))
        self.on_click(self.undo_button, self._undo)
        self.children = [self.style_sheet, self.title, self.record, self.candidates, self.candidate, self.reason,
                         widgets.HBox([self.choose_button, self.create_button, self.proposal, self.undo_button]),
                         self.message]
        self.render()

    def _reason(self) -> str | None:
        text = self.reason.value.strip()
        self.reason.value = ""
        return text or None

    def _done(self, _action: object, what: str) -> None:
        picker = self.picker
        if what == "planned":
            self.message.value = info(
                f"{picker.partner_system} {picker.partner_no} is planned as the partner of {picker.system} "
                f"{picker.record_no}: the next change set for {picker.partner_system} (build_changeset) creates it; "
                f"until {picker.partner_system} has it, the record stays under “new” with partner "
                f"{picker.partner_no}.")
            return
        self.message.value = info(f"{picker.system} {picker.record_no} {what} with {picker.partner_system} "
                                  f"{picker.partner_no}.")

    def _undo(self) -> None:
        count = self.picker.undo()
        self.message.value = info("Undone." if count else "Nothing to undo.")

    def _render(self) -> None:
        picker = self.picker
        partner = (f" · partner: <b>{escape(picker.partner_system)} {escape(picker.partner_no)}</b>"
                   if picker.partner_no else " · no partner yet")
        self.title.value = (f"<b>Partner for {escape(picker.system)} {escape(picker.record_no)}</b> "
                            f"<span class='wb-muted'>(row {picker.row}, {escape(picker.category)})</span>{partner}")
        compared = picker.side_by_side()
        chosen = f"{picker.partner_system} {picker.chosen} (candidate)" if picker.chosen else "no candidate chosen"
        self.record.value = table(["field", f"{picker.system} {picker.record_no}", chosen],
                                  compared[["record", "candidate"]].itertuples(),
                                  highlighted=compared["differs"].tolist(),
                                  css_class="wb-table wb-side-by-side wb-fit", widths=("20%", "40%", "40%"))
        candidates = picker.candidates
        rows = [[rank, no, cls, f"{score:.2f}", "yes" if assigned else "", linked or "", explanation]
                for rank, no, cls, score, assigned, linked, explanation in candidates[
                    ["rank", "partner_no", "match_class", "score", "assigned", "linked_to", "explanation"]
                ].itertuples(index=False)]
        self.candidates.value = table(
            ["rank", f"{picker.partner_system} no", "class", "score", "proposed", "linked to", "why"], rows,
            css_class="wb-table wb-candidates") if rows else "<i>No candidates in the other system.</i>"
        self.candidate.options = [(f"{no} · {cls} · {score:.2f}", no) for no, cls, score in
                                  candidates[["partner_no", "match_class", "score"]].itertuples(index=False)]
        self.candidate.value = picker.chosen if picker.chosen in set(candidates["partner_no"]) else None
        has_partner = picker.partner_no is not None
        self.choose_button.disabled = has_partner or picker.chosen is None
        self.create_button.disabled = has_partner
        proposed = picker.proposed_number if not has_partner else ""
        self.create_button.tooltip = f"Create the partner in {picker.partner_system} as {proposed}"
        self.proposal.value = (f"<span class='wb-muted'>new number: <b>{escape(proposed)}</b></span>"
                               if proposed else "")


def partner_picker(model: PartnerPicker) -> PartnerPickerView:
    """The partner picker screen of ``model`` (an ipywidgets VBox; display it in a notebook)."""
    return PartnerPickerView(model)
