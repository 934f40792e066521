"""The import wizard screen: a thin view over :class:`workbench.review.ImportWizard`.

A path box with *load* (or an upload button), the header row, one dropdown per source
column (the proposed field preselected, sample values beside it), a text box per missing
field for its default, *validate* with the validation summary, and *confirm*.

Stable contract: buttons ``load`` (``wb-load``), ``validate`` (``wb-validate``) and
``confirm`` (``wb-confirm``); each column row has the class ``wb-mapping-row``; the
validation summary table the class ``wb-validation``.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workbench.review import ImportWizard
from workbench.widgets.markup import error, info, table
from workbench.widgets.view import ModelView, button

EXTRA = ""
"""The dropdown value of "keep as an extra column"."""
ACCEPTED_FILES = ".xlsx,.xlsm,.csv,.tsv,.txt,.vcf"


class ColumnRow(widgets.HBox):
    """One source column: its name, the field dropdown and sample values."""

    def __init__(self, column: str, fields: tuple[str, ...], samples: list[str]) -> None:
        self.column = column
        self.name = widgets.HTML(f"<b>{escape(column)}</b>", layout=widgets.Layout(flex="0 0 180px"))
        self.field = widgets.Dropdown(options=[("— keep as extra column —", EXTRA), *((f, f) for f in fields)],
                                      layout=widgets.Layout(flex="0 0 220px"))
        shown = " · ".join(_shortened(sample) for sample in samples)
        self.samples = widgets.HTML(f"<span class='wb-muted' title='{escape(' · '.join(samples))}'>"
                                    f"{escape(shown)}</span>", layout=widgets.Layout(flex="1 1 auto"))
        super().__init__([self.name, self.field, self.samples])
        self.add_class("wb-mapping-row")


def _every_field_mapped() -> widgets.HTML:
    return widgets.HTML("<span class='wb-muted'>Every field has a column (or none is loaded yet).</span>")


def _shortened(text: str, width: int = 28) -> str:
    """A sample value cut to ``width`` characters.

    Examples:
        >>> _shortened("joerdis.mueller59@baeckerei-meyer.de", 12)
        'joerdis.mue…'
    """
    return text if len(text) <= width else text[:width - 1] + "…"


class ImportWizardView(ModelView):
    """The wizard screen; column rows in :attr:`columns`, default boxes in :attr:`default_boxes`, by name."""

    def __init__(self, model: ImportWizard) -> None:
        super().__init__(model)
        self.wizard = model
        self.path = widgets.Text(placeholder="path of the file to import", layout=widgets.Layout(width="50%"))
        self.load_button = button("load", "wb-load", tooltip="Read the file")
        self.upload = widgets.FileUpload(accept=ACCEPTED_FILES, multiple=False, description="upload")
        self.source_text = widgets.HTML()
        self.header_row = widgets.IntText(description="header row", layout=widgets.Layout(width="180px"))
        self.problem = widgets.HTML()
        self.columns: dict[str, ColumnRow] = {}
        self.columns_box = widgets.VBox()
        self.default_boxes: dict[str, widgets.Text] = {}
        self.defaults_box = widgets.VBox([_every_field_mapped()])
        self.validate_button = button("validate", "wb-validate", style="info", tooltip="Check the mapped table")
        self.confirm_button = button("confirm", "wb-confirm", style="success",
                                     tooltip="Import the table (rows with errors are left out)")
        self.summary = widgets.HTML()

        self.on_click(self.load_button, lambda: model.load(self.path.value.strip()))
        self.on_user_change(self.upload, self._uploaded)
        self.on_user_change(self.header_row, model.set_header_row)
        self.on_click(self.validate_button, self._validate)
        self.on_click(self.confirm_button, self._confirm)
        self.children = [
            self.style_sheet, widgets.HTML("<b>Import</b>"), widgets.HBox([self.path, self.load_button, self.upload]),
            self.source_text, self.header_row, self.problem, widgets.HTML("<b>Columns</b>"), self.columns_box,
            widgets.HTML("<b>Defaults for missing fields</b>"), self.defaults_box,
            widgets.HBox([self.validate_button, self.confirm_button]), self.summary, self.message,
        ]
        self.render()

    def _uploaded(self, files: tuple) -> None:
        if files:
            upload = files[0]
            self.wizard.upload(upload["name"], bytes(upload["content"]))

    def _validate(self) -> None:
        self.message.value = info("Validating …")
        report = self.wizard.validate()
        self.message.value = info(f"{report.counts['error']} errors, {report.counts['warning']} warnings.")

    def _confirm(self) -> None:
        table = self.wizard.confirm()
        notes = f" ({'; '.join(table.notes)})" if table.notes else ""
        self.message.value = info(f"Imported {len(table.frame)} rows from {table.source}{notes}.")

    def _render(self) -> None:
        model = self.wizard
        raw = model.raw
        if raw is not None:
            self.path.value = str(model.source)
            details = [f"sheet {raw.sheet}" if raw.sheet else "", f"encoding {raw.encoding}" if raw.encoding else "",
                       f"separator {raw.delimiter!r}" if raw.delimiter else ""]
            self.source_text.value = (f"<span class='wb-muted'>{escape(str(raw.source))} · "
                                      f"{escape(', '.join(d for d in details if d))}</span>")
        self.header_row.value = model.header_row or 0
        self.header_row.disabled = raw is None or model.named_columns
        self.problem.value = error(model.problem) if model.problem else ""
        ready = model.problem is None
        self.validate_button.disabled = self.confirm_button.disabled = not ready
        self._render_columns(ready)
        self._render_defaults(ready)
        report = model.report
        if report is None:
            self.summary.value = ""
        else:
            rules = report.summary()
            rows = [[r.rule, r.severity, r.status, r.unexpected, r.sentence] for r in rules.itertuples(index=False)]
            self.summary.value = (f"<b>{report.counts['error']} errors, {report.counts['warning']} warnings</b> "
                                  f"({len(report.rows_with_errors)} rows blocked)"
                                  + table(["rule", "severity", "status", "rows", "what"], rows,
                                          highlighted=[r.status != "passed" for r in rules.itertuples()],
                                          css_class="wb-table wb-validation"))

    def _render_columns(self, ready: bool) -> None:
        model = self.wizard
        if list(self.columns) != list(model.mapping):
            samples = model.samples if ready else {}
            self.columns = {c: ColumnRow(c, model.fields, samples.get(c, [])) for c in model.mapping}
            for column, row in self.columns.items():
                self.on_user_change(row.field, lambda field, column=column: model.set_field(column, field or None))
            self.columns_box.children = list(self.columns.values())
        for column, field in model.mapping.items():
            self.columns[column].field.value = field or EXTRA

    def _render_defaults(self, ready: bool) -> None:
        model = self.wizard
        missing = model.missing_fields if ready else []
        if list(self.default_boxes) != missing:
            self.default_boxes = {f: widgets.Text(description=f, continuous_update=False,
                                                  placeholder="(no default)") for f in missing}
            for name, box in self.default_boxes.items():
                self.on_user_change(box, lambda value, name=name: model.set_default(name, value))
            self.defaults_box.children = list(self.default_boxes.values()) or [_every_field_mapped()]
        for name, box in self.default_boxes.items():
            box.value = model.defaults.get(name, "")


def import_wizard(model: ImportWizard) -> ImportWizardView:
    """The import wizard screen of ``model`` (an ipywidgets VBox; display it in a notebook)."""
    return ImportWizardView(model)
