"""Command-line options several commands share, declared once."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from workbench.errors import ConfigError

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store URL (default: $WORKBENCH_STORE_URL, else sqlite:///workbench.db in the working "
                                 "folder)."),
]
"""``--store``: the state store's SQLAlchemy URL; None opens the default store."""

TargetOption = Annotated[str, typer.Option("--target", help="The target system's records: a file or a database URL.")]
"""``--target`` of ``onboard`` and ``batch``: the system the records go into."""

POLICY_HELP = ("Decisions taken without a steward: review (only sure ones; the rest is queued for review) or auto "
               "(also possible pairs scoring 0.9 or more, conflicts by the newest change); see docs/batch.md.")
"""Written out, not built from ``workbench.review.POLICIES``: importing that takes seconds, help must not."""
PolicyOption = Annotated[str, typer.Option("--policy", help=POLICY_HELP)]
"""``--policy`` of ``onboard`` and ``batch``: the name of an onboarding policy."""

PARAMETER_HELP = ("A further notebook parameter as key=value, repeatable: kind, links, source_system, target_system, "
                  "accept_possible, conflicts, source_sheet, target_table.")
ParametersOption = Annotated[list[str] | None, typer.Option("-p", "--parameter", help=PARAMETER_HELP)]
"""``-p key=value`` of ``onboard`` and ``batch``: further notebook parameters (see ``parse_parameters``)."""

ENGINE_HELP = ("Where matching runs: in the notebook's kernel (the default), or on a Spark session with spark "
               "(pip install 'steward-workbench[spark]', docs/scale.md).")
Engine = Enum("Engine", {"pandas": "pandas", "spark": "spark"}, type=str)
"""The choices of ``--engine``: ``linkage.config.BACKENDS`` written out (importing linkage takes seconds)."""
EngineOption = Annotated[Engine, typer.Option("--engine", help=ENGINE_HELP)]
"""``--engine`` of ``onboard`` and ``batch``: the linkage backend, passed to the notebook as ``engine``."""

MAP_HELP = ("HEADER=field: read the source's column HEADER as that field (HEADER= keeps it as an extra column); "
            "repeatable; overrides the automatic mapping. E.g. --map 'Kd-Nr=customer_no', for vCards "
            "--map UID=customer_no.")
MapOption = Annotated[list[str] | None, typer.Option("--map", help=MAP_HELP)]
"""``--map HEADER=field`` of ``import`` and ``validate``: the column mapping (see :func:`parse_mapping`)."""


def parse_pairs(pairs: list[str], what: str) -> dict[str, str]:
    """``["Kd-Nr=customer_no", …]`` → ``{"Kd-Nr": "customer_no"}``; a pair without ``=`` is a ConfigError.

    Examples:
        >>> parse_pairs(["Kd-Nr = customer_no", "Notiz="], "--map")
        {'Kd-Nr': 'customer_no', 'Notiz': ''}
    """
    parsed = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{what} {pair!r} is not of the form KEY=VALUE", hint=f"Write e.g. {what} 'Tel.=phone'.")
        parsed[key.strip()] = value.strip()
    return parsed


def parse_mapping(pairs: list[str] | None) -> dict[str, str | None] | None:
    """The ``mapping`` of ``read_table`` from ``--map`` options (None: the automatic mapping).

    Examples:
        >>> parse_mapping(["UID=customer_no", "Notiz="])
        {'UID': 'customer_no', 'Notiz': None}
        >>> parse_mapping(None) is None
        True
    """
    return {header: field or None for header, field in parse_pairs(pairs or [], "--map").items()} or None
