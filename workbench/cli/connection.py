"""``workbench connection test|list|activate|deactivate``: connections defined in a YAML file.

``test`` and ``list`` show only the connections the user sees (their scope), when the
store exists; ``activate`` (runs the test first) and ``deactivate`` are for admins
(see ``docs/connections.md``). Exit codes: 0 done, 1 a check failed (the table says what
to fix), 2 the connection file cannot be used or the store refused (role, scope, test).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.options import StoreOption

if TYPE_CHECKING:
    from workbench.connections import ConnectionReport
    from workbench.store import Store

DEFAULT_FILE = Path("connections.yaml")

app = typer.Typer(help="Connections defined in a YAML file (see docs/connections.md).", no_args_is_help=True)

FileOption = Annotated[Path, typer.Option("--file", help="The connection file (default: ./connections.yaml).")]
NameArgument = Annotated[str, typer.Argument(help="The connection's name in the file.")]
_STYLES = {"passed": "green", "failed": "bold red", "skipped": "dim"}


@contextmanager
def _store_to_ask(url: str | None) -> Iterator[Store]:
    """The store; an empty one in memory when its SQLite file does not exist (no team to ask, nothing left behind)."""
    from workbench.store import open_store, store_exists

    with open_store(url if store_exists(url) else "sqlite://") as store:
        yield store


@app.command("test")
def connection_test_command(name: NameArgument, file: FileOption = DEFAULT_FILE, store: StoreOption = None) -> None:
    """Test NAME: reachable and readable, mapping covers the required fields, defaults valid."""
    from workbench.connections import check_connection
    from workbench.team.connections import scoped_connection

    with _store_to_ask(store) as opened:
        report = check_connection(scoped_connection(opened, file, name))
    console = Console()
    console.print(report_table(report))
    if not report.ok:
        console.print(f"[bold red]{name} fails its test and cannot be used for a sync.[/] {report.describe()}",
                      highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"{name} passed every check.", highlight=False)


@app.command("list")
def list_command(file: FileOption = DEFAULT_FILE, store: StoreOption = None) -> None:
    """List the connections of the file you see, with their state in the store (without testing them)."""
    from workbench.store.entities import when
    from workbench.team.connections import connection_states

    with _store_to_ask(store) as opened:
        frame = connection_states(opened, file)
    rows = [(name, connector_type, kind, scope, state, f"{by} at {when(at)}" if by else "")
            for name, connector_type, kind, scope, state, by, at in frame.itertuples(index=False)]
    table = Table("connection", "type", "kind", "scope", "state", "changed")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@app.command("activate")
def activate_command(name: NameArgument, file: FileOption = DEFAULT_FILE, store: StoreOption = None) -> None:
    """Activate NAME for the store's users (admins): its test runs first, and a failing check refuses it."""
    from workbench.store import open_store
    from workbench.store.entities import when
    from workbench.team.connections import activate_connection

    with open_store(store) as opened:
        done = activate_connection(opened, file, name)
    console = Console()
    console.print(report_table(done.report))
    already = "" if done.changed else " already"
    console.print(f"{name} is{already} active (activated by {done.state.changed_by} at {when(done.state.changed_at)}).",
                  highlight=False)


@app.command("deactivate")
def deactivate_command(
    name: NameArgument,
    file: FileOption = DEFAULT_FILE,
    store: StoreOption = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (kept in the audit log).")] = None,
) -> None:
    """Deactivate NAME (admins): nobody uses it until it is activated again, e.g. to edit its mapping."""
    from workbench.store import open_store
    from workbench.store.entities import when
    from workbench.team.connections import deactivate_connection

    with open_store(store) as opened:
        state = deactivate_connection(opened, file, name, reason=reason)
    Console().print(f"{name} is inactive (since {when(state.changed_at)}, {state.changed_by}).", highlight=False)


def report_table(report: ConnectionReport) -> Table:
    """The checks as a table: check, result, message, what to do."""
    table = Table("check", "result", "message", "what to do", title=f"connection {report.connection.name}")
    for result in report.results:
        table.add_row(result.check, f"[{_STYLES[result.status]}]{result.status}[/]", result.message, result.hint or "")
    return table
