"""``workbench batch DIR``: onboard every file of a folder, several at a time, with a progress bar and a table.

Exit codes: 0 every file done, 1 some file left items for review (or has rows blocked
by validation), 2 a file failed or the command was used wrongly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.onboard import parse_parameters
from workbench.cli.options import Engine, EngineOption, ParametersOption, PolicyOption, StoreOption, TargetOption

if TYPE_CHECKING:
    from workbench.batch.folder import FileOutcome

_STYLES = {"done": "green", "needs review": "yellow", "skipped": "dim", "failed": "bold red"}


def batch_command(
    folder: Annotated[Path, typer.Argument(help="The folder whose files are onboarded.")],
    target: TargetOption,
    out: Annotated[Path, typer.Option("--out", help="Output folder; each file gets a sub-folder <name>-<suffix>.")],
    policy: PolicyOption = "review",
    store: StoreOption = None,
    parameter: ParametersOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Files onboarded at a time.")] = 2,
    force: Annotated[bool, typer.Option("--force", help="Onboard again files whose outputs are complete.")] = False,
    engine: EngineOption = Engine.pandas,
) -> None:
    """Onboard every file in FOLDER into TARGET; files done before (same bytes) are skipped unless --force."""
    from tqdm import tqdm

    from workbench.batch.folder import batch_exit_code, batch_files, onboard_folder

    parameters = {"engine": Engine(engine).value, **parse_parameters(parameter or [])}
    total = len(batch_files(folder))
    with tqdm(total=total, unit="file", desc="onboarding") as bar:
        outcomes = onboard_folder(folder, target, out, policy=policy, store_url=store, parameters=parameters,
                                  workers=workers, force=force, on_outcome=lambda _outcome: bar.update())
    Console().print(outcome_table(outcomes))
    code = batch_exit_code(outcomes)
    if code:
        raise typer.Exit(code)


def outcome_table(outcomes: list[FileOutcome]) -> Table:
    """One line per file: status, seconds, result or error, output folder."""
    from workbench.batch.folder import FAILED

    failed = sum(outcome.status == FAILED for outcome in outcomes)
    table = Table(title=f"{len(outcomes)} files, {failed} failed", title_justify="left")
    for column in ("file", "status", "seconds", "result", "outputs"):
        table.add_column(column, justify="right" if column == "seconds" else "left")
    for outcome in outcomes:
        table.add_row(outcome.file.name, f"[{_STYLES[outcome.status]}]{outcome.status}[/]", f"{outcome.seconds:.1f}",
                      outcome.message, str(outcome.out))
    return table
