"""The duplicate review screen: a thin view over :class:`workbench.review.DuplicateReview`.

Shows the tabs **sure / possible / no duplicate** with counts, the progress (n of m
reviewed), filters (score band, differing field), the current pair side by side with
the differing fields highlighted (rows with CSS class ``wb-differs``), the explanation
and the per-field scores, and the buttons.

Stable contract (browser tests and notebooks select by these; do not change them):

=====================  ======================  ====================================
button description     DOM class               action
=====================  ======================  ====================================
``same``               ``wb-same``             the pair is one customer
``different``          ``wb-different``        the pair are two customers
``skip``               ``wb-skip``             decide later; show the next pair
``accept all sure``    ``wb-accept-all-sure``  every undecided sure pair is *same*
``undo``               ``wb-undo``             undo the last step
=====================  ======================  ====================================

Tab titles start with ``sure``, ``possible`` and ``no duplicate`` (followed by the count,
e.g. ``possible (24)``). The side-by-side table has the class ``wb-pair`` and fits the
screen (long values wrap); a photo shows as a thumbnail in its row ``photo``. The progress
text has the class ``wb-progress``.

Keys (:data:`KEYS`; click the review's background first): ``s`` same, ``d`` different,
``k`` skip, ``u`` undo, ``←`` / ``→`` previous / next pair.
"""

from __future__ import annotations

import functools
from html import escape

import ipywidgets as widgets

from workbench.linkage.classify import SURE
from workbench.review import TAB_TITLES, TABS, DuplicateReview, PairView
from workbench.widgets.keys import KeyShortcuts
from workbench.widgets.markup import CSS, info, table, thumbnail
from workbench.widgets.view import ModelView, button

ANY_FIELD = "any field"
KEYS = {"s": "same", "d": "different", "k": "skip", "u": "undo", "ArrowLeft": "previous", "ArrowRight": "next"}
"""Key -> the button it presses."""
PAIR_WIDTHS = ("16%", "37%", "37%", "10%")


class DuplicateReviewView(ModelView):
    """The review screen; every widget is a named attribute (see the module docs for the stable ones)."""

    def __init__(self, model: DuplicateReview) -> None:
        super().__init__(model)
        self.review = model
        self.title = widgets.HTML()
        self.progress_bar = widgets.IntProgress(min=0, max=1, layout=widgets.Layout(width="240px"))
        self.progress_text = widgets.HTML()
        self.progress_text.add_class("wb-progress")
        self.tabs = widgets.Tab(children=[widgets.HTML() for _ in TABS])
        self.score_band = widgets.FloatRangeSlider(value=model.score_band, min=0.0, max=1.0, step=0.01,
                                                   description="score", readout_format=".2f", continuous_update=False)
        self.field_filter = widgets.Dropdown(description="differs in",
                                             options=[(ANY_FIELD, ""), *((f, f) for f in model.fields)], value="")
        self.pair_header = widgets.HTML()
        self.pair_table = widgets.HTML()
        self.explanation = widgets.HTML()
        self.reason = widgets.Text(placeholder="reason (optional, kept with the decision)",
                                   layout=widgets.Layout(width="60%"))
        self.same_button = button("same", "wb-same", style="success", tooltip="These two records are one customer")
        self.different_button = button("different", "wb-different", style="danger",
                                       tooltip="These are two different customers")
        self.skip_button = button("skip", "wb-skip", tooltip="Decide later")
        self.previous_button = button("previous", "wb-previous", icon="arrow-left", tooltip="Previous pair")
        self.next_button = button("next", "wb-next", icon="arrow-right", tooltip="Next pair")
        self.accept_all_sure_button = button("accept all sure", "wb-accept-all-sure", style="info",
                                             tooltip="Decide every undecided sure pair as the same customer")
        self.undo_button = button("undo", "wb-undo", style="warning", icon="undo", tooltip="Undo the last step")

        self.on_user_change(self.tabs, lambda index: model.show(TABS[index]), name="selected_index")
        self.on_user_change(self.score_band, lambda band: model.filter(score_band=band))
        self.on_user_change(self.field_filter, lambda name: model.filter(differing_field=name or None,
                                                                        clear_field=not name))
        self.on_click(self.same_button, lambda: model.same(self._reason()))
        self.on_click(self.different_button, lambda: model.different(self._reason()))
        self.on_click(self.skip_button, model.skip)
        self.on_click(self.previous_button, model.previous)
        self.on_click(self.next_button, model.next)
        self.on_click(self.accept_all_sure_button, self._accept_all_sure)
        self.on_click(self.undo_button, self._undo)
        buttons = {"same": self.same_button, "different": self.different_button, "skip": self.skip_button,
                   "undo": self.undo_button, "previous": self.previous_button, "next": self.next_button}
        self.shortcuts = KeyShortcuts({key: functools.partial(_press, buttons[name]) for key, name in KEYS.items()},
                                 legend="keys (click the review first): s same · d different · k skip · u undo · "
                                        "← → previous / next")

        self.children = [
            self.style_sheet, self.title, widgets.HBox([self.progress_bar, self.progress_text]), self.tabs,
            widgets.HBox([self.score_band, self.field_filter]), self.pair_header, self.pair_table, self.explanation,
            self.reason,
            widgets.HBox([self.same_button, self.different_button, self.skip_button, self.previous_button,
                          self.next_button]),
            widgets.HBox([self.accept_all_sure_button, self.undo_button]), self.shortcuts, self.message,
        ]
        self.render()

    def _reason(self) -> str | None:
        text = self.reason.value.strip()
        self.reason.value = ""
        return text or None

    def _accept_all_sure(self) -> None:
        count = self.review.accept_all_sure(self._reason())
        self.message.value = info(f"{count} sure pairs decided as the same customer.")

    def _undo(self) -> None:
        count = self.review.undo()
        self.message.value = info(f"{count} decisions undone." if count else "Nothing to undo.")

    def _render(self) -> None:
        model = self.review
        self.title.value = (f"<b>Duplicate review</b> <span class='wb-muted'>· {escape(model.system)}"
                            + (f" ↔ {escape(model.partner_system)}" if model.partner_system != model.system else "")
                            + f" · you: {escape(model.member.describe())}</span>")
        counts = model.counts
        self.tabs.titles = tuple(f"{TAB_TITLES[tab]} ({counts[tab]})" for tab in TABS)
        self.tabs.selected_index = TABS.index(model.tab)
        for tab, child in zip(TABS, self.tabs.children, strict=True):
            child.value = f"<span class='wb-muted'>{model.tab_progress(tab)} in this tab</span>"
        progress = model.progress
        self.progress_bar.max = max(progress.total, 1)
        self.progress_bar.value = progress.reviewed
        self.progress_text.value = f"<span class='wb-progress'>{progress}</span>"
        self.score_band.value = model.score_band
        self.field_filter.value = model.differing_field or ""
        current = model.current
        deciding = current is not None
        self.same_button.disabled = self.different_button.disabled = self.skip_button.disabled = not deciding
        self.accept_all_sure_button.disabled = model.tab_progress(SURE).done
        if current is None:
            done = "Every pair in this view is reviewed." if progress.total else "No pairs in this view."
            self.pair_header.value = f"<b>{done}</b> <span class='wb-muted'>Use previous / next to look back.</span>"
            self.pair_table.value = self.explanation.value = ""
            return
        self.pair_header.value = self._header(current, model.queue())
        self.pair_table.value = self._table(current)
        self.explanation.value = self._explanation(current)

    def _header(self, pair: PairView, queue: list[int]) -> str:
        position = queue.index(pair.label) + 1 if pair.label in queue else "–"
        decided = pair.decision
        status = (f"decided <b>{escape(decided.outcome)}</b> by {escape(decided.decided_by)} "
                  f"at {decided.decided_at:%Y-%m-%d %H:%M}" if decided else "undecided")
        return (f"<b>Pair {position} of {len(queue)}</b> · <span class='wb-badge'>{escape(pair.match_class)}</span> "
                f"· score {pair.score:.2f} · {status}")

    def _table(self, pair: PairView) -> str:
        model = self.review
        fields = pair.fields
        headers = ["field", f"{model.system} {pair.a_no or '–'} (row {pair.a_row})",
                   f"{model.partner_system} {pair.b_no or '–'} (row {pair.b_row})", "similarity"]
        rows = [[name, a, b, _similarity(pair.similarities.get(name))]
                for name, a, b in zip(fields.index, fields["a"], fields["b"], strict=True)]
        if any(pair.photos):
            rows.append(["photo", *(thumbnail(p.data, p.media_type) if p else thumbnail(None, None)
                                    for p in pair.photos), ""])
        return table(headers, rows, highlighted=fields["differs"].tolist(), css_class="wb-table wb-pair wb-fit",
                     widths=PAIR_WIDTHS)

    def _explanation(self, pair: PairView) -> str:
        scores = ", ".join(f"{escape(label.replace('_', ' '))} {_similarity(value)}"
                           for label, value in pair.similarities.items())
        rule = f"rule {escape(pair.rule)}" if pair.rule else "no rule"
        veto = f", vetoed by {escape(pair.veto)}" if pair.veto else ""
        return (f"<div class='wb-explanation'>{escape(pair.explanation)}</div>"
                f"<div class='wb-muted'>{rule}{veto} · scores: {scores or 'none'}</div>")


def _press(button: widgets.Button) -> None:
    """What a key does: click its button, unless the button is disabled."""
    if not button.disabled:
        button.click()


def _similarity(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def duplicate_review(model: DuplicateReview) -> DuplicateReviewView:
    """The duplicate review screen of ``model`` (an ipywidgets VBox; display it in a notebook).

    Examples:
        >>> from workbench.linkage import find_duplicates
        >>> from workbench.store import open_store
        >>> import pandas as pd
        >>> records = pd.DataFrame({"customer_no": ["1", "2"], "first_name": ["Anna", "Anna"],
        ...     "last_name": ["Berg", "Berg"], "email": ["anna@berg.de", "Anna@Berg.de"]},
        ...     index=pd.Index([2, 3], name="row"))
        >>> view = duplicate_review(DuplicateReview(find_duplicates(records), open_store("sqlite://")))
        >>> view.tabs.titles
        ('sure (1)', 'possible (0)', 'no duplicate (0)')
        >>> view.same_button.click(); view.progress_text.value
        "<span class='wb-progress'>1 of 1 reviewed</span>"
    """
    return DuplicateReviewView(model)


def explanation_table(model: DuplicateReview) -> widgets.HTML:
    """Every pair of ``model`` ranked with its class, the rule that decided it, its similarity and the whole
    explanation (no text cut off; the table fits the screen and long explanations wrap)."""
    frame = model.explanations()
    rows = [[rank, cls, by, f"{similarity:.2f}", a, b, decision or "", explanation]
            for rank, cls, by, similarity, a, b, decision, explanation in frame.itertuples(index=False)]
    html = table(["rank", "class", "decided by", "similarity", f"{model.system} no",
                  f"{model.partner_system} no", "decision", "explanation"], rows,
                 css_class="wb-table wb-fit wb-explanations", widths=("5%", "7%", "13%", "7%", "7%", "7%", "7%", "47%"))
    note = ("<div class='wb-muted'>Ranked by class (sure, possible, none), then by similarity: the weighted "
            "agreement of the fields, 0–1, the same measure in every class. The class comes from the rules, so a "
            "possible pair can agree more than a sure one.</div>")
    return widgets.HTML(CSS + note + html)


__all__ = ["DuplicateReviewView", "duplicate_review", "explanation_table"]
