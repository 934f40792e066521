"""``workbench links import FILE``: import an existing links.csv into the state store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from workbench.cli.options import StoreOption

app = typer.Typer(help="Links between the records of two systems.", no_args_is_help=True)



@app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="The links file (a_<key field>, b_<key field>, sync, synced_at; e.g. a_customer_no).")
    ],
    system_a: Annotated[str, typer.Option("--system-a", help="The system of the first column.")] = "A",
    system_b: Annotated[str, typer.Option("--system-b", help="The system of the second column.")] = "B",
    kind: Annotated[
        str, typer.Option("--kind", help="Record kind of both systems (customer, employee, …); names the key columns.")
    ] = "customer",
    store: StoreOption = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (kept in the audit log).")] = None,
) -> None:
    """Import FILE's links into the store; links already there are skipped."""
    from workbench.store import open_store
    from workbench.sync.actions import ImportLinks

    action = ImportLinks(path=file, system_a=system_a, system_b=system_b, kind=kind, reason=reason)
    with open_store(store) as opened:
        entry = action.apply(opened)
        where = opened.url
    recorded = f"audit entry {entry.id}" if entry is not None else "nothing new to record"
    Console().print(f"{action.imported} links imported, {action.skipped} already in the store "
                    f"({system_a} → {system_b}, {where}, {recorded}).", highlight=False, soft_wrap=True)
