"""The ``workbench`` command: translates arguments into calls of the package, nothing more.

Each command lives in its own module of this package and is registered here
explicitly. The command modules import the package only inside the commands, so
``workbench --help`` (or ``-h``) and every command's help answer without loading
pandas, Great Expectations or the linkage. Errors meant for a person (:class:`~workbench.errors.WorkbenchError`)
are printed as one paragraph, never as a traceback, and set the exit code:
0 success, 1 completed with items left for review or rows blocked, 2 usage or input errors.
Any other exception is a fault of the workbench: one line names it and the log file that
holds its traceback (:mod:`workbench.cli.crash`), and the exit code is 2.
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
    from workbench.cli import (
        batch,
        connection,
        contacts,
        demo,
        importing,
        links,
        onboard,
        overview,
        users,
        validate,
    )

    app.command("onboard")(onboard.onboard_command)
    app.command("batch")(batch.batch_command)
    app.command("demo")(demo.demo_command)
    app.command("import")(importing.import_command)
    app.command("validate")(validate.validate_command)
    app.add_typer(links.app, name="links")
    app.command("overview")(overview.overview_command)
    app.add_typer(connection.app, name="connection")
    app.add_typer(contacts.app, name="contacts")
    app.add_typer(users.app, name="users")


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code; every exception becomes one line (see the module docstring)."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 prints with �, never fails
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        app(args=argv)  # standalone: usage errors print and exit 2 themselves
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    except WorkbenchError as error:
        _print_error(str(error))
        return error.exit_code
    except Exception as error:  # a fault of the workbench: one line here, the traceback in a log file
        from workbench.cli.crash import report_crash

        _print_error(report_crash(error, argv))
        return 2
    return 0


def _print_error(message: str) -> None:
    from rich.markup import escape

    from workbench.io.sources import shown_text

    stderr.print(f"[bold red]error:[/] {escape(shown_text(message))}", highlight=False, soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
