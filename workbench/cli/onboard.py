"""``workbench onboard``: run the onboarding notebook headless on one file and print what it did.

Exit codes: 0 done, 1 done with items left for review or rows blocked by validation,
2 usage or input errors (the message says what to correct).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.options import Engine, EngineOption, ParametersOption, PolicyOption, StoreOption, TargetOption
from workbench.errors import ConfigError


def onboard_command(
    source: Annotated[Path, typer.Option("--source", help="The file to onboard (xlsx, csv, vcf, …).")],
    target: TargetOption,
    out: Annotated[Path, typer.Option("--out", help="Folder for the reports, change sets, review queue, summary.")],
    policy: PolicyOption = "review",
    store: StoreOption = None,
    parameter: ParametersOption = None,
    engine: EngineOption = Engine.pandas,
) -> None:
    """Onboard SOURCE into TARGET headless: validate, match, decide by policy, write change sets and a review queue."""
    from workbench.batch import run_onboarding

    result = run_onboarding(source, target, out, policy=policy, store_url=store,
                            parameters={"engine": Engine(engine).value, **parse_parameters(parameter or [])})
    console = Console()
    console.print(summary_table(result.summary))
    console.print(f"Store: {result.summary['store']}\nOutputs in {result.out}: {', '.join(result.summary['files'])}",
                  highlight=False, soft_wrap=True)
    if result.exit_code:
        console.print("Items are left for a steward: open review_queue.xlsx (and rejected.xlsx for blocked rows).",
                      highlight=False)
        raise typer.Exit(result.exit_code)


def parse_parameters(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` strings as notebook parameters; values are Python literals where they read as one.

    Examples:
        >>> parse_parameters(["kind=customer", "accept_possible=0.95", "links=None"])
        {'kind': 'customer', 'accept_possible': 0.95, 'links': None}

    Raises:
        ConfigError: A pair without ``=`` or with an empty key.
    """
    parsed: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"-p {pair!r} is not key=value", hint="Write e.g. -p kind=customer.")
        try:
            parsed[key.strip()] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            parsed[key.strip()] = value
    return parsed


def summary_table(summary: Mapping[str, Any]) -> Table:
    """The counts of ``summary.json`` a person reads first: rows, classes, decisions, open items, changes, timings."""
    source, validation = summary["source"], summary.get("validation") or {}
    table = Table(title=f"Onboarding {source['system']} → {summary['target']['system']} "
                        f"(policy {summary['policy']['name']})", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [("source rows", source["rows"]), ("rows blocked by validation", validation.get("rows_blocked", 0)),
            *((f"duplicates in the source, {c}", n) for c, n in summary["duplicates"].items()),
            *((f"partners in the target, {c}", n) for c, n in summary["partners"].items()),
            *((f"decided: {name.replace('_', ' ')}", n) for name, n in summary["decisions"].items()),
            *((f"not created: {reason}", n) for reason, n in summary["held_back"].items()),
            *((f"for review: {item}", n) for item, n in summary["review"].items()),
            *((f"changes for {system}: {action}", n) for system, counts in summary["changes"].items()
              for action, n in counts.items()),
            *((f"seconds: {step}", f"{s:.1f}") for step, s in summary["timings"].items())]
    for what, count in rows:
        table.add_row(what, f"{count:,}" if isinstance(count, int) else str(count))
    return table
