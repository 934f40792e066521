"""The ``workbench`` command: translates arguments into calls of the package, nothing more.

Each command lives in its own module of this package and is registered here
explicitly. The command modules import the package only inside the commands, so
``workbench --help`` (or ``-h``) and every command's help answer without loading
pandas, Great Expectations or the linkage. Errors meant for a person (:class:`~workbench.errors.WorkbenchError`)
are printed as one paragraph, never as a traceback, and set the exit code:
0 success, 1 completed with items left for review or rows blocked, 2 usage or input errors.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from workbench.errors import WorkbenchError

app = typer.Typer(
    name="workbench",
    help="Steward Workbench: import, validate, match and sync customer bases.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

stderr = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Steward Workbench: import, validate, match and sync customer bases."""


def _register() -> None:
    """Attach the command modules (explicitly, in one place)."""
    from workbench.cli import batch, connection, contacts, demo, importing, links, onboard, overview, validate

    app.command("onboard")(onboard.onboard_command)
    app.command("batch")(batch.batch_command)
    app.command("demo")(demo.demo_command)
    app.command("import")(importing.import_command)
    app.command("validate")(validate.validate_command)
    app.add_typer(links.app, name="links")
    app.command("overview")(overview.overview_command)
    app.add_typer(connection.app, name="connection")
    app.add_typer(contacts.app, name="contacts")


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code; a WorkbenchError becomes a message."""
    try:
        app(args=argv)  # standalone: usage errors print and exit 2 themselves
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    except WorkbenchError as error:
        stderr.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        return error.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
