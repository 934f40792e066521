"""``workbench overview A B``: the sync overview of two systems: counts per category, and what a sync
would write where."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.options import StoreOption
from workbench.connections import load_sync_rules
from workbench.io import read_table
from workbench.store import open_store
from workbench.sync.categories import SyncOverview, categorize
from workbench.sync.changeset import ChangeSet, build_changeset


def overview_command(
    a: Annotated[Path, typer.Argument(help="System A's records (xlsx, csv, vcf, database …).")],
    b: Annotated[Path, typer.Argument(help="System B's records.")],
    system_a: Annotated[str, typer.Option("--system-a", help="System A's name in the store.")] = "A",
    system_b: Annotated[str, typer.Option("--system-b", help="System B's name in the store.")] = "B",
    kind: Annotated[
        str, typer.Option("--kind", help="Record kind of both systems: customer, employee, … or auto.")
    ] = "customer",
    store: StoreOption = None,
    connections: Annotated[
        Path | None, typer.Option("--connections", help="A connection file whose syncs block gives the fields' "
                                                        "directions, value lists and order.")
    ] = None,
    sync: Annotated[str | None, typer.Option("--sync", help="The sync of that file (default: its only one).")] = None,
) -> None:
    """Count the records of A and B per sync category (conflict, new, deleted, disabled, synchronized, inactive),
    and show what a sync would write where."""
    rules = load_sync_rules(connections, sync) if connections else None
    first, second = read_table(a, kind=kind), read_table(b, kind=kind)
    with open_store(store) as opened:
        overview = categorize(first, second, opened, system_a=system_a, system_b=system_b, rules=rules)
    console = Console()
    console.print(summary_table(overview))
    console.print(writes_table(build_changeset(overview)))


def summary_table(overview: SyncOverview) -> Table:
    """Records per category and system, with the number of fields to carry over or decide."""
    table = Table(title=f"Sync {overview.system_a} ↔ {overview.system_b}")
    summary = overview.summary()
    table.add_column("category")
    for column in summary.columns:
        table.add_column(str(column), justify="right")
    for category, counts in summary.iterrows():
        table.add_row(str(category), *(f"{int(n):,}" for n in counts))
    changes = overview.changes["change"].value_counts()
    table.caption = ", ".join(f"{n:,} {kind.replace('_', ' ')}" for kind, n in changes.items()) or "no differences"
    return table


def writes_table(changeset: ChangeSet) -> Table:
    """Per category, what the change set would write into which system: action, records and fields."""
    table = Table(title="What a sync would write")
    for column, justify in (("category", "left"), ("system", "left"), ("action", "left"), ("records", "right"),
                            ("fields", "left")):
        table.add_column(column, justify=justify)
    writes = changeset.by_category()
    for row in writes.itertuples(index=False):
        table.add_row(row.category, row.system, row.action, f"{row.records:,}", row.fields)
    if writes.empty:
        table.caption = "nothing to write"
    return table
