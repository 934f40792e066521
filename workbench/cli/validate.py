"""``workbench validate FILE``: check a file against a suite, print a summary, write the report and rejected rows.

Exit codes: 0 no errors (warnings may exist), 1 errors block rows, 2 the file or
the suite cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.options import MapOption, parse_mapping
from workbench.errors import ValidationFailed

if TYPE_CHECKING:
    from workbench.io import ImportedTable
    from workbench.validation import ValidationReport

REJECTED_FILE = "rejected.xlsx"
"""The rows errors block, with the source's headers and a column of reasons."""

_STYLES = {"failed": "bold red", "passed": "green", "not applicable": "dim"}


def validate_command(
    file: Annotated[Path, typer.Argument(help="The file to validate (xlsx, csv, vcf, …).")],
    suite: Annotated[
        str | None,
        typer.Option("--suite", help="A suite in expectations/ (customers, contacts, employees, links) or a suite "
                                     "file (default: the suite of the kind).")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Record kind: customer, contact, employee, or auto (told by the header) "
                                    "(default: the suite's kind, else contact for vCards and customer for others).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the HTML report and the rejected rows (default: ./validation-<file>/)."),
    ] = None,
    map_: MapOption = None,
) -> None:
    """Validate FILE against a suite: print a summary, write the report and the rejected rows."""
    from workbench.io import read_table, write_table
    from workbench.validation import load_suite, validate
    from workbench.validation.html_report import write_html
    from workbench.validation.suites import default_suite

    chosen = load_suite(suite) if suite is not None else None
    table = read_table(file, kind=kind or (chosen.kind if chosen else None), mapping=parse_mapping(map_))
    report = validate(table, chosen.path if chosen else default_suite(table.kind.name))
    folder = out if out is not None else Path(f"validation-{file.stem}")
    page = write_html(report, folder)
    rejected = write_table(report.rejected(table, source_headers=True), folder / REJECTED_FILE)

    console = Console()
    console.print(summary_table(report))
    for note in report.notes:
        console.print(f"note: {note}", highlight=False, soft_wrap=True)
    console.print(
        f"{len(report.rows)} rows: {len(report.rows_with_errors)} blocked by errors, "
        f"{len(report.rows_with_warnings)} flagged by warnings.\n"
        f"Report: {page}\nRejected rows: {rejected}",
        highlight=False,
        soft_wrap=True,
    )
    if report.has_errors:
        raise ValidationFailed(
            f"{len(report.rows_with_errors)} of {len(report.rows)} rows in {file} are blocked by validation errors",
            hint=correction_hint(file, table, report, rejected),
        )


VCARD_NUMBERS = ("Outlook's cards carry no contact number: validate them with --map UID=customer_no (each card's "
                 "UID as its number), or import the export with `workbench contacts import`, which recognises the "
                 "known contacts and numbers the new ones.")
"""What to do when a vCard file lacks the contact numbers a suite requires."""
_SHOWN_CARDS = 3


def correction_hint(file: Path, table: ImportedTable, report: ValidationReport, rejected: Path) -> str:
    """Where to correct the blocked rows: in the rejected rows' sheet, or for a vCard in Outlook (card and line)."""
    from workbench.io.registry import connector_for
    from workbench.io.vcard import VCardConnector, card_labels

    if not isinstance(connector_for(file), VCardConnector):
        return f"Correct them in {rejected} (the reasons are in its last column) and import that file again."
    errors = report.problems[report.problems["severity"] == "error"]
    whole_file = list(dict.fromkeys(errors.loc[errors["row"].isna(), "message"]))
    per_card = errors.dropna(subset=["row"]).groupby(errors["row"].dropna().astype("int64"))["message"].agg(list)
    labels = card_labels(file)
    parts = []
    if len(per_card):
        shown = [f"{labels.get(row, f'card {row}')}: {'; '.join(messages)}"
                 for row, messages in per_card.iloc[:_SHOWN_CARDS].items()]
        more = len(per_card) - len(shown)
        parts.append(f"Correct the cards in Outlook and export them again, or in {file.name} itself: "
                     + "; ".join(shown) + (f"; and {more} more cards" if more else "") + ".")
    if whole_file:
        parts.append(f"For the whole file: {'; '.join(whole_file)}.")
        if "customer_no" not in table.frame.columns:
            parts.append(VCARD_NUMBERS)
    parts.append(f"Every reason, card by card, is in {rejected}.")
    return " ".join(parts)


def summary_table(report: ValidationReport) -> Table:
    """One line per rule: its severity, its result, the rows it failed, what it checks."""
    table = Table(title=f"Validation of {report.source or 'the table'} (suite {report.suite})", title_justify="left")
    table.add_column("rule", no_wrap=True)
    table.add_column("severity")
    table.add_column("result")
    table.add_column("rows", justify="right")
    table.add_column("check")
    for r in report.results:
        table.add_row(r.rule, r.severity, f"[{_STYLES[r.status]}]{r.status}[/]", str(r.unexpected), r.description)
    return table
