"""Suite files: Great Expectations suites as JSON, one per data contract, in ``expectations/``.

A suite file is in GX's own format (``name``, ``expectations`` with ``type``,
``kwargs``, ``severity``, ``meta``, ``description``), plus what the report needs:

* ``meta.kind`` of the suite: the record kind it checks (``customer``, ``contact``)
  or null for other tables (``links``);
* per expectation ``severity``: ``critical`` (an *error*: it blocks the import of
  the offending rows), ``warning`` or ``info`` (flag only); it must be written out;
* per expectation ``description`` (the rule as a sentence: "customer number must be
  unique"), ``meta.rule`` (a short stable name to filter on) and ``meta.hint``
  (what a steward can do about it).

This module reads and checks the files; it does not import Great Expectations.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import ConfigError

SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"
"""Where named suites live: ``expectations/<name>.json`` at the project root."""

SEVERITIES: Mapping[str, str] = {"critical": "error", "warning": "warning", "info": "info"}
"""GX severity → the workbench's: only ``error`` blocks rows."""

COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")
"""The kwargs by which an expectation names the columns it reads (it cannot run without them)."""

FIELD_KWARGS = ("all_of", "any_of")
"""The kwargs by which a table rule names the fields it requires (it runs without them)."""


def columns_in(kwargs: Mapping[str, Any], keys: tuple[str, ...] = COLUMN_KWARGS) -> list[str]:
    """The column names under ``keys`` of an expectation's kwargs, flattened, in order.

    Examples:
        >>> columns_in({"column_A": "phone", "column_B": "country_key"})
        ['phone', 'country_key']
        >>> columns_in({"all_of": ["customer_no"], "any_of": [["company", "last_name"]]}, FIELD_KWARGS)
        ['customer_no', 'company', 'last_name']
    """
    names: list[str] = []
    for key in keys:
        value = kwargs.get(key)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                names.extend([item] if isinstance(item, str) else item)
    return names


@dataclass(frozen=True)
class Rule:
    """One expectation of a suite, as the runner and the report see it."""

    position: int
    rule: str
    expectation: str
    kwargs: Mapping[str, Any]
    severity: str
    description: str
    hint: str
    config: Mapping[str, Any]
    """the expectation exactly as written in the file"""

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the expectation reads and the fields it requires, in kwarg order."""
        return (*columns_in(self.kwargs), *columns_in(self.kwargs, FIELD_KWARGS))

    @property
    def blocks(self) -> bool:
        """True when a failure blocks the import of the offending rows."""
        return self.severity == "error"


@dataclass(frozen=True)
class Suite:
    """A loaded suite file."""

    name: str
    path: Path
    kind: str | None
    rules: tuple[Rule, ...]


def available_suites(folder: Path = SUITES_DIR) -> list[str]:
    """The names of the suites in ``folder``."""
    return sorted(p.stem for p in folder.glob("*.json"))


def default_suite(kind: str | None) -> str:
    """The suite for records of ``kind``: ``customers`` for customer, ``contacts`` for contact.

    Examples:
        >>> default_suite("contact"), default_suite(None)
        ('contacts', 'customers')
    """
    return f"{kind or 'customer'}s"


def load_suite(suite: str | os.PathLike[str]) -> Suite:
    """Read and check a suite: a name from ``expectations/`` or the path of a suite file.

    Raises:
        ConfigError: The suite does not exist, is not valid JSON, or an
            expectation lacks its type, kwargs or severity, or repeats a rule name.
    """
    path = _suite_path(suite)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ConfigError(f"suite file {path} is not valid JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
        raise ConfigError(f"suite file {path} has no list of expectations",
                          hint="Write it in Great Expectations' suite format: {\"name\": …, \"expectations\": […]}.")
    rules = tuple(_rule(entry, position, path) for position, entry in enumerate(data["expectations"]))
    seen: set[str] = set()
    for rule in rules:
        if rule.rule in seen:
            raise ConfigError(f"suite file {path} names the rule {rule.rule!r} twice",
                              hint="Give every expectation its own meta.rule.")
        seen.add(rule.rule)
    meta = data.get("meta") or {}
    return Suite(name=data.get("name") or path.stem, path=path, kind=meta.get("kind"), rules=rules)


def _suite_path(suite: str | os.PathLike[str]) -> Path:
    text = os.fspath(suite)
    is_file = text.endswith(".json") or os.sep in text or "/" in text
    path = Path(text) if is_file else SUITES_DIR / f"{text}.json"
    if not path.is_file():
        raise ConfigError(f"no validation suite {text!r} ({path} does not exist)",
                          hint=f"Use one of: {', '.join(available_suites())}, or the path of a suite file.")
    return path


def _rule(entry: Any, position: int, path: Path | None = None) -> Rule:
    where = f"suite file {path}, expectation {position + 1}" if path else f"expectation {position + 1}"
    if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
        raise ConfigError(f"{where} has no type", hint="Every expectation needs \"type\": \"expect_…\".")
    kind = entry["type"]
    kwargs = entry.get("kwargs", {})
    if not isinstance(kwargs, dict):
        raise ConfigError(f"{where} ({kind}): kwargs must be an object")
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        raise ConfigError(f"{where} ({kind}) has severity {severity!r}",
                          hint="Write \"severity\": \"critical\" (an error: blocks the row) or \"warning\" (flags it).")
    meta = entry.get("meta") or {}
    return Rule(
        position=position,
        rule=meta.get("rule") or kind.removeprefix("expect_"),
        expectation=kind,
        kwargs=kwargs,
        severity=SEVERITIES[severity],
        description=entry.get("description") or kind.removeprefix("expect_").replace("_", " "),
        hint=meta.get("hint", ""),
        config=entry,
    )
