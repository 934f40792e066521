"""Testing a connection: reachable and readable, mapping complete, defaults valid.

:func:`check_connection` runs every check and collects the results (one failing
check does not hide the others that can still run); :func:`read_connection` is what a
sync entry point calls: it returns the table, or raises a ``ConfigError`` that lists
what to fix, so a connection that fails its test is never used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from workbench.connections.config import Connection
from workbench.connections.credentials import missing_variables, resolve_location
from workbench.connections.plugins import BUILT_IN_TYPES, load_connector
from workbench.errors import ConfigError, InputError, WorkbenchError
from workbench.io import ImportedTable, map_columns, read_raw
from workbench.io.base import RawTable
from workbench.io.sources import shown_source
from workbench.normalize import country_key, email_issue, phone_issue, status_key

CHECKS = ("connector", "credentials", "source", "mapping", "defaults")
"""The checks in the order they run."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``passed``, ``failed`` or ``skipped`` (an earlier check failed)."""

    check: str
    status: str
    message: str
    hint: str | None = None

    @property
    def failed(self) -> bool:
        """True when the check failed."""
        return self.status == "failed"


@dataclass
class ConnectionReport:
    """Every check of one connection, and the table when it could be read."""

    connection: Connection
    results: list[CheckResult] = field(default_factory=list)
    table: ImportedTable | None = None

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return not any(result.failed for result in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        """The failed checks."""
        return [result for result in self.results if result.failed]

    def frame(self) -> pd.DataFrame:
        """One row per check: check, status, message, hint."""
        return pd.DataFrame([vars(result) for result in self.results], columns=["check", "status", "message", "hint"])

    def describe(self) -> str:
        """The failures as one paragraph (what is wrong and what to do)."""
        return " ".join(f"{r.check}: {r.message}." + (f" {r.hint}" if r.hint else "") for r in self.failures)


def check_connection(connection: Connection, environ: Mapping[str, str] | None = None) -> ConnectionReport:
    """Test a connection without changing anything.

    Checks, in order: ``connector`` (the type's connector can be loaded),
    ``credentials`` (every ``${VARIABLE}`` is set), ``source`` (reachable and
    readable), ``mapping`` (the mapped headers exist and every required field of the
    kind is mapped or defaulted) and ``defaults`` (each default is a valid value of
    its field). A check that needs an earlier one is ``skipped`` when that failed.
    """
    report = ConnectionReport(connection)

    def record(check: str, run: Callable[[], str]) -> bool:
        try:
            message = run()
        except WorkbenchError as error:
            report.results.append(CheckResult(check, "failed", _message(error), error.hint))
            return False
        report.results.append(CheckResult(check, "passed", message))
        return True

    def skip(*checks: str) -> None:
        report.results.extend(CheckResult(check, "skipped", "an earlier check failed") for check in checks)

    raw: list[RawTable] = []
    connector_ok = record("connector", lambda: _check_connector(connection))
    credentials_ok = record("credentials", lambda: _check_credentials(connection, environ))
    if connector_ok and credentials_ok:
        source_ok = record("source", lambda: _read(connection, environ, raw))
    else:
        source_ok = False
        skip("source")
    if source_ok:
        record("mapping", lambda: _map(connection, raw[0], report))
    else:
        skip("mapping")
    record("defaults", lambda: _check_defaults(connection))
    return report


def _message(error: WorkbenchError) -> str:
    """The error's sentence with where it happened, without its hint."""
    location = error.location if isinstance(error, InputError) else ""
    return f"{location}: {error.message}" if location else error.message


def read_connection(connection: Connection, environ: Mapping[str, str] | None = None) -> ImportedTable:
    """The connection's table, read and mapped — only when the connection passes its test.

    Raises:
        ConfigError: a check failed; the message names the connection and says what to fix.
    """
    report = check_connection(connection, environ)
    if not report.ok or report.table is None:
        raise ConfigError(f"{connection.where()} fails its test and cannot be used: {report.describe()}",
                          hint=f"Fix it, then run: workbench connection test {connection.name} "
                          f"--file {connection.file}")
    return report.table


def _check_connector(connection: Connection) -> str:
    if connection.type in BUILT_IN_TYPES:
        return f"built-in {connection.type} connector"
    connector = load_connector(connection.type)
    return f"{type(connector).__module__}.{type(connector).__qualname__}"


def _check_credentials(connection: Connection, environ: Mapping[str, str] | None) -> str:
    missing = missing_variables(connection.location, environ)
    if missing:
        resolve_location(connection.location, environ, where=connection.where("location"))
    return "no credentials needed" if "${" not in connection.location else "environment variables set"


def _read(connection: Connection, environ: Mapping[str, str] | None, raw: list[RawTable]) -> str:
    location = resolve_location(connection.location, environ, where=connection.where("location"))
    options = {"kind": connection.kind, **{k: v for k, v in connection.options.items() if k != "header_row"}}
    if connection.type in BUILT_IN_TYPES:
        table = read_raw(location, **options)
    else:
        table = load_connector(connection.type).read(location, options)
    raw.append(table)
    return f"{shown_source(location)} read: {len(table.cells)} rows"


def _map(connection: Connection, raw: RawTable, report: ConnectionReport) -> str:
    table = map_columns(raw, connection.kind, mapping=connection.mapping, defaults=connection.defaults,
                        header_row=connection.options.get("header_row"))
    missing = [name for name in connection.kind.required_fields if name in table.missing_fields]
    if missing:
        raise ConfigError(
            f"no column is mapped to the required field{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            hint=f"Under 'mapping' in {connection.file}, connection {connection.name!r}, add the source header, "
            f"e.g. 'Kd-Nr: {missing[0]}' (source headers: {', '.join(map(repr, table.unmapped)) or 'none left'}).",
        )
    report.table = table
    return f"{len(table.columns)} fields mapped, {len(table.unmapped)} extra columns, {table.rows} rows"


_DEFAULT_CHECKS: dict[str, tuple[Callable[[pd.Series], pd.Series], str]] = {
    "country": (lambda values: country_key(values).isna(), "a country name or ISO code, e.g. DE"),
    "status": (lambda values: status_key(values).isna(), "a status word, e.g. aktiv or inaktiv"),
    "email": (lambda values: email_issue(values).notna(), "a valid e-mail address"),
    "phone": (lambda values: phone_issue(values).notna(), "a valid phone number, e.g. +49 30 1234567"),
    "mobile": (lambda values: phone_issue(values).notna(), "a valid mobile number, e.g. +49 171 1234567"),
}


def _check_defaults(connection: Connection) -> str:
    for name, value in connection.defaults.items():
        check = _DEFAULT_CHECKS.get(name)
        if check is not None and bool(check[0](pd.Series([value], dtype=object)).iloc[0]):
            raise ConfigError(f"{connection.where('defaults')}: {value!r} is not a valid {name}",
                              hint=f"Write {check[1]}.")
    return f"{len(connection.defaults)} defaults valid" if connection.defaults else "no defaults"
