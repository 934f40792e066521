"""``workbench import FILE``: show what was read — rows, mapped and unmapped columns, problems."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.options import MapOption, parse_mapping, parse_pairs

if TYPE_CHECKING:
    import pandas as pd

    from workbench.io import ImportedTable

console = Console(highlight=False)

EXAMPLES_PER_PROBLEM = 5


def import_command(
    file: Annotated[Path, typer.Argument(help="xlsx, csv, vcf, SQLite file or database URL")],
    kind: Annotated[
        str | None, typer.Option(help="record kind: customer, contact, employee, or auto (told by the header) "
                                      "(default: contact for vCards, customer for others)")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="worksheet name (default: first with a header)")] = None,
    table: Annotated[str | None, typer.Option(help="table name for SQL sources")] = None,
    map_: MapOption = None,
    default: Annotated[list[str] | None, typer.Option(help="field=value for empty or missing fields")] = None,
    region: Annotated[str, typer.Option(help="phone region when a record has no country")] = "DE",
) -> None:
    """Read FILE and show what was read: rows, column mapping and normalisation warnings."""
    from workbench.io import read_table
    from workbench.normalize import normalization_issues

    imported = read_table(
        file, kind, sheet=sheet, table=table,
        mapping=parse_mapping(map_),
        defaults=parse_pairs(default or [], "--default") or None,
    )
    show_imported(imported)
    show_issues(normalization_issues(imported.frame, default_region=region.upper()))


def show_imported(imported: ImportedTable) -> None:
    """Print the source facts and the header → field mapping of an imported table."""
    facts = [("file", imported.source), ("kind", imported.kind.name), ("rows", f"{imported.rows:,}")]
    facts += [(name, str(value)) for name, value in (
        ("sheet", imported.sheet), ("header row", imported.header_row),
        ("encoding", imported.encoding), ("delimiter", repr(imported.delimiter) if imported.delimiter else None),
    ) if value is not None]
    summary = Table(show_header=False, box=None)
    for name, value in facts:
        summary.add_row(f"[bold]{name}[/]", value)
    console.print(summary)

    columns = Table(title="Columns", title_justify="left")
    columns.add_column("source header")
    columns.add_column("field")
    columns.add_column("note")
    for field in imported.kind.field_names:
        if field in imported.columns:
            note = f"{imported.defaults[field]:,} empty cells from default" if field in imported.defaults else ""
            columns.add_row(imported.columns[field], field, note)
        elif field in imported.defaults:
            columns.add_row("—", field, f"from default ({imported.defaults[field]:,} cells)")
        else:
            columns.add_row("—", field, "[yellow]missing[/]")
    for header in imported.unmapped:
        columns.add_row(header, "—", "kept as extra column")
    console.print(columns)
    for note in imported.notes:
        console.print(f"note: {note}")


def show_issues(issues: pd.DataFrame) -> None:
    """Print normalisation problems grouped by field and problem, with the first rows of each."""
    if len(issues) == 0:
        console.print("No normalisation warnings.")
        return
    table = Table(title=f"Normalisation warnings ({len(issues):,})", title_justify="left")
    table.add_column("field")
    table.add_column("problem")
    table.add_column("count", justify="right")
    table.add_column("rows (values)")
    for (field, problem), group in issues.groupby(["field", "problem"], sort=True):
        shown = ", ".join(f"{row} ({value!r})" for row, value in
                          group[["row", "value"]].head(EXAMPLES_PER_PROBLEM).itertuples(index=False))
        more = f", … {len(group) - EXAMPLES_PER_PROBLEM:,} more" if len(group) > EXAMPLES_PER_PROBLEM else ""
        table.add_row(field, problem, f"{len(group):,}", shown + more)
    console.print(table)
