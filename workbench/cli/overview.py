"""``workbench overview A B``: the sync overview of two systems: counts per category, and what a sync
would write where."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.options import StoreOption

if TYPE_CHECKING:
    from workbench.sync.categories import SyncOverview
    from workbench.sync.changeset import ChangeSet


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
    from workbench.io import read_table
    from workbench.store import open_store
    from workbench.sync.categories import categorize
    from workbench.sync.changeset import build_changeset
    from workbench.team import usable_sync_rules

    with open_store(store) as opened:
        rules = usable_sync_rules(opened, connections, sync) if connections else None  # in scope and active
        first, second = read_table(a, kind=kind), read_table(b, kind=kind)
        overview = categorize(first, second, opened, system_a=system_a, system_b=system_b, rules=rules)
    console = Console()
    console.print(summary_table(overview))
    console.print(changes_line(overview), highlight=False, soft_wrap=True)
    console.print(writes_table(build_changeset(overview)))


def summary_table(overview: SyncOverview) -> Table:
    """Records per category and system."""
    table = Table(title=f"Sync {overview.system_a} ↔ {overview.system_b}")
    summary = overview.summary()
    table.add_column("category")
    for column in summary.columns:
        table.add_column(str(column), justify="right")
    for category, counts in summary.iterrows():
        table.add_row(str(category), *(f"{int(n):,}" for n in counts))
    return table


def changes_line(overview: SyncOverview) -> str:
    """The differing fields of linked records, counted by what is to be done with them."""
    changes = overview.changes["change"].value_counts()
    labels = change_labels(overview.system_a, overview.system_b)
    shown = "; ".join(f"{n:,} {labels.get(str(kind), str(kind).replace('_', ' '))}" for kind, n in changes.items())
    return f"Differing fields of linked records: {shown}." if shown else "Linked records: no differing fields."


def change_labels(system_a: str, system_b: str) -> dict[str, str]:
    """What each kind of field change means, in words with the systems' names.

    Examples:
        >>> change_labels("CRM", "ERP")["conflict"]
        'changed in both systems (conflicts to decide)'
    """
    from workbench.sync.categories import A_TO_B, B_TO_A, BOTH_CHANGED, CORRECTION

    return {BOTH_CHANGED: "changed in both systems (conflicts to decide)",
            A_TO_B: f"changed in {system_a} only (to carry to {system_b})",
            B_TO_A: f"changed in {system_b} only (to carry to {system_a})",
            CORRECTION: "corrected by a steward (to write to both)"}


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
