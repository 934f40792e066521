"""``workbench connection test NAME [--file connections.yaml]``: test a configured connection.

Exit codes: 0 every check passed, 1 a check failed (the table says what to fix), 2 the
connection file itself cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from workbench.connections import ConnectionReport

DEFAULT_FILE = Path("connections.yaml")

app = typer.Typer(help="Connections defined in a YAML file (see docs/connections.md).", no_args_is_help=True)

FileOption = Annotated[Path, typer.Option("--file", help="The connection file (default: ./connections.yaml).")]
_STYLES = {"passed": "green", "failed": "bold red", "skipped": "dim"}


@app.command("test")
def connection_test_command(
    name: Annotated[str, typer.Argument(help="The connection's name in the file.")],
    file: FileOption = DEFAULT_FILE,
) -> None:
    """Test NAME: reachable and readable, mapping covers the required fields, defaults valid."""
    from workbench.connections import check_connection, get_connection

    report = check_connection(get_connection(file, name))
    console = Console()
    console.print(report_table(report))
    if not report.ok:
        console.print(f"[bold red]{name} fails its test and cannot be used for a sync.[/] {report.describe()}",
                      highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"{name} passed every check.", highlight=False)


@app.command("list")
def list_command(file: FileOption = DEFAULT_FILE) -> None:
    """List the connections of the file (without testing them)."""
    from workbench.connections import load_connections

    table = Table("connection", "type", "kind", "location")
    for connection in load_connections(file).values():
        table.add_row(connection.name, connection.type, connection.kind.name, connection.location)
    Console().print(table)


def report_table(report: ConnectionReport) -> Table:
    """The checks as a table: check, result, message, what to do."""
    table = Table("check", "result", "message", "what to do", title=f"connection {report.connection.name}")
    for result in report.results:
        table.add_row(result.check, f"[{_STYLES[result.status]}]{result.status}[/]", result.message, result.hint or "")
    return table
