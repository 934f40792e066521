"""``workbench demo``: read and validate every bundled sample and print what was found."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"

# (file, sheet, record kind) of every sample the demo reads; each is validated with its kind's suite
SAMPLE_TABLES = (
    ("crm_customers.xlsx", "Kunden", "customer"),
    ("crm_customers.xlsx", "Ansprechpartner", "contact"),
    ("erp_customers.csv", None, "customer"),
    ("links.csv", None, "link"),
    ("hr_employees.xlsx", None, "auto"),
    ("fsm_employees.csv", None, "auto"),
)


def demo_command(
    samples: Annotated[Path, typer.Option(help="folder holding the sample files")] = SAMPLES,
) -> None:
    """Read and validate every bundled sample; print rows, mapped columns, errors and warnings."""
    from workbench.io import read_table
    from workbench.validation import validate

    table = Table(title=f"Samples in {samples}", title_justify="left")
    for column in ("file", "sheet", "kind", "rows", "mapped fields", "extra columns", "errors", "warnings"):
        table.add_column(column, justify="right" if column in ("rows", "errors", "warnings") else "left")
    for name, sheet, kind in SAMPLE_TABLES:
        imported = read_table(samples / name, kind, sheet=sheet)
        counts = validate(imported).counts
        table.add_row(name, imported.sheet or "", imported.kind.name, f"{imported.rows:,}", str(len(imported.columns)),
                      str(len(imported.unmapped)), str(counts["error"]), str(counts["warning"]))
    Console().print(table)
