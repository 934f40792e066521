"""Run a suite with Great Expectations on a canonical frame and collect a :class:`ValidationReport`.

The run is offline and leaves nothing behind: an ephemeral GX context with
in-memory stores, analytics off, GX's progress bars off. Steps:

1. load the suite file and turn every expectation into a GX object — an
   expectation GX cannot load is a :class:`~workbench.errors.ConfigError`, never
   silently dropped;
2. add the derived key columns the suite reads (``country_key`` from ``country``);
3. decide which expectations apply: one that reads a column the source lacks is
   *not applicable* (reported, not run); a uniqueness rule over a column list
   keeps the columns the source has (an absent field is empty in every row, so it
   cannot tell rows apart);
4. validate with ``result_format="COMPLETE"``; an expectation that raised is a
   configuration error, not a data failure;
5. turn every unexpected row into a problem with the source's column header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from workbench.validation.lean_import import lean_great_expectations

with lean_great_expectations():
    import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.exceptions import GreatExpectationsError
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    Expectation,
    MulticolumnMapExpectation,
)
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from workbench import normalize
from workbench.errors import ConfigError, InputError
from workbench.schema import RecordKind, detect_kind
from workbench.validation import expectations as _custom_expectations  # noqa: F401  (registers them with GX)
from workbench.validation.report import PROBLEM_COLUMNS, RuleResult, ValidationReport, empty_problems
from workbench.validation.suites import FIELD_KWARGS, Rule, Suite, columns_in, default_suite, load_suite

POSITION = "workbench_position"
"""Meta key under which each GX expectation carries its position in the suite, to match results back."""

ROW = "_workbench_row"
"""The index name inside GX; GX reports unexpected rows under it, and no source column can be called so."""

DERIVED_COLUMNS: Mapping[str, tuple[str, Callable[[pd.Series], pd.Series]]] = {
    "country_key": ("country", normalize.country_key),
}
"""Key columns a suite may read: name → (source field, normalize function). None where the field is absent."""

NARROWED = frozenset({"expect_compound_columns_to_be_unique"})
"""Expectations whose ``column_list`` is narrowed to the columns the source has."""

UNIQUENESS = frozenset({"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"})
"""Expectations whose problems name the other rows with the same values."""

_ROW_RULES = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
_SHOWN_ROWS = 3


class MappedTable(Protocol):
    """What :func:`run_suite` reads of an :class:`~workbench.io.base.ImportedTable`."""

    frame: pd.DataFrame
    source: str
    columns: dict[str, str]
    kind: RecordKind


def run_suite(data: pd.DataFrame | MappedTable, suite: Any = None) -> ValidationReport:
    """Validate ``data`` against ``suite``; see :func:`workbench.validation.validate`."""
    frame, source, headers, kind = _unpack(data)
    loaded = _load(suite, kind, frame)
    batch = _batch_frame(frame, loaded, source)
    plans = {rule.position: _plan(rule, set(batch.columns)) for rule in loaded.rules}
    to_run = {
        position: _expectation(loaded.rules[position], kwargs, loaded)
        for position, (kwargs, _) in plans.items()
        if kwargs is not None
    }
    outcomes = _run(batch, loaded, to_run)

    results: list[RuleResult] = []
    problems: list[pd.DataFrame] = []
    for rule in loaded.rules:
        kwargs, note = plans[rule.position]
        if kwargs is None:
            results.append(_result(rule, rule.kwargs, "not applicable", "rows", len(frame), 0, note))
            continue
        outcome = outcomes[rule.position]
        _raise_if_broken(rule, outcome, loaded)
        if isinstance(to_run[rule.position], _ROW_RULES):
            result, found = _row_outcome(rule, kwargs, bool(outcome.success), outcome.result, headers)
        else:
            result, found = _table_outcome(rule, kwargs, bool(outcome.success), outcome.result, len(frame))
        results.append(result)
        problems.append(found)
    found_all = pd.concat([empty_problems(), *problems], ignore_index=True) if problems else empty_problems()
    found_all = found_all.sort_values("row", kind="stable", na_position="first", ignore_index=True)
    return ValidationReport(loaded.name, source, frame.index, results, found_all.astype({"row": "Int64"}), headers,
                            notes=list(getattr(data, "notes", [])))


def _load(suite: Any, kind: str | None, frame: pd.DataFrame) -> Suite:
    """The suite, checked: it fits the table's kind and GX can load every expectation in it.

    Without a suite, the suite of the table's kind; for a plain frame, of the kind its key
    column shows (:func:`workbench.schema.detect_kind`), else ``customers``.
    """
    shown = detect_kind(frame.columns)
    loaded = load_suite(suite if suite is not None else default_suite(kind or (shown.name if shown else None)))
    if kind is not None and loaded.kind is not None and loaded.kind != kind:
        raise ConfigError(f"the suite {loaded.name!r} checks {loaded.kind} records, the table holds {kind} records",
                          hint=f"Use the suite {default_suite(kind)!r}.")
    for rule in loaded.rules:  # whether or not a rule applies to this table, it must load
        _expectation(rule, rule.kwargs, loaded)
    return loaded


def _unpack(data: Any) -> tuple[pd.DataFrame, str | None, dict[str, str], str | None]:
    if isinstance(data, pd.DataFrame):
        return data, None, {}, None
    if isinstance(getattr(data, "frame", None), pd.DataFrame):
        return data.frame, data.source, dict(data.columns), data.kind.name
    raise TypeError(f"validate() takes a DataFrame or an ImportedTable, not {type(data).__name__}")


def _batch_frame(frame: pd.DataFrame, suite: Suite, source: str | None) -> pd.DataFrame:
    """The frame GX sees: the source's columns the suite reads, the derived keys, rows under :data:`ROW`."""
    if frame.columns.duplicated().any():
        twice = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise InputError(f"the table has more than one column named {', '.join(map(repr, twice))}", file=source,
                         hint="Rename or map the columns so that every name occurs once.")
    if not frame.index.is_unique:
        raise InputError("row numbers repeat in the table", file=source,
                         hint="Validate the frame read_table returns: its index is the row number in the source.")
    read = {column for rule in suite.rules for column in rule.columns}
    for name in frame.columns.intersection(list(read)):
        found = pd.api.types.infer_dtype(frame[name], skipna=True)
        if found not in ("string", "empty"):
            raise InputError(f"column {name!r} holds {found} values, not text", file=source,
                             hint="Read the file with workbench.read_table, or give every cell as str (None if empty).")
    absent = pd.Series(None, index=frame.index, dtype=object)
    derived = {
        key: function(frame[field]) if field in frame.columns else absent
        for key, (field, function) in DERIVED_COLUMNS.items()
        if key in read
    }
    # Only the columns rules read, copied once into one block: GX copies the batch for every metric.
    return frame[frame.columns.intersection(list(read), sort=False)].rename_axis(ROW).assign(**derived).copy()


def _plan(rule: Rule, present: set[str]) -> tuple[dict[str, Any] | None, str]:
    """The kwargs to run ``rule`` with on a table with ``present`` columns, or None and the reason it does not apply."""
    kwargs = dict(rule.kwargs)
    if rule.expectation in NARROWED:
        kept = [name for name in kwargs["column_list"] if name in present]
        if not kept:
            return None, "the source has none of its columns"
        kwargs["column_list"] = kept
    absent = [name for name in columns_in(kwargs) if name not in present]
    if absent:
        return None, f"the source has no {' or '.join(absent)} column"
    return kwargs, ""


def _expectation(rule: Rule, kwargs: Mapping[str, Any], suite: Suite) -> Expectation:
    """The GX expectation for ``rule``; a ConfigError if GX cannot load it."""
    meta = {**(rule.config.get("meta") or {}), POSITION: rule.position}
    config = {**rule.config, "kwargs": dict(kwargs), "meta": meta}
    try:
        return ExpectationConfiguration(**config).to_domain_obj()
    except (GreatExpectationsError, ValueError, TypeError) as error:
        message = getattr(error, "message", None) or str(error)
        raise ConfigError(
            f"suite file {suite.path}: expectation {rule.position + 1} ({rule.rule}, {rule.expectation}) "
            f"cannot be loaded: {message}",
            hint="Check its type and kwargs; the workbench's own expectation types are listed in docs/validation.md.",
        ) from None


def _context() -> Any:
    """An ephemeral, offline GX context: in-memory stores, analytics off, no progress bars."""
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(project_config=config, mode="ephemeral")


def _run(batch_frame: pd.DataFrame, suite: Suite, to_run: dict[int, Expectation]) -> dict[int, Any]:
    """Validate ``batch_frame`` with the expectations ``to_run``; results by rule position."""
    if not to_run:
        return {}
    context = _context()
    table = context.data_sources.add_pandas("workbench").add_dataframe_asset("table")
    gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.name, expectations=list(to_run.values())))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=table.add_batch_definition_whole_dataframe("table"),
                                suite=gx_suite)
    )
    # One pass over the data: a ValidationDefinition loads the batch once (Batch.validate loads it twice).
    outcome = definition.run(batch_parameters={"dataframe": batch_frame}, result_format={"result_format": "COMPLETE"})
    by_position = {result.expectation_config.meta[POSITION]: result for result in outcome.results}
    lost = [suite.rules[pos].rule for pos in to_run if pos not in by_position]
    if len(gx_suite.expectations) != len(to_run) or lost:
        raise ConfigError(f"suite file {suite.path}: Great Expectations dropped rules ({', '.join(lost)})",
                          hint="Check their kwargs against the expectation's documentation.")
    return by_position


def _raise_if_broken(rule: Rule, outcome: Any, suite: Suite) -> None:
    """A ConfigError when the expectation raised: a broken rule must not look like bad data."""
    info = outcome.exception_info or {}
    entries = [info] if "raised_exception" in info else list(info.values())
    messages = [entry.get("exception_message") or "unknown error" for entry in entries if entry.get("raised_exception")]
    if messages:
        raise ConfigError(
            f"suite file {suite.path}: the rule {rule.rule} ({rule.expectation}) could not run: {messages[0]}",
            hint="This is an error in the suite or the expectation, not in the data; check the rule's kwargs.",
        )


def _result(rule: Rule, kwargs: Mapping[str, Any], status: Any, scope: Any, checked: int, unexpected: int,
            note: str = "") -> RuleResult:
    columns = (*columns_in(kwargs), *columns_in(kwargs, FIELD_KWARGS))
    return RuleResult(rule.rule, rule.expectation, columns, rule.severity, status, scope, checked,
                      unexpected, rule.description, rule.hint, note)


def _row_outcome(rule: Rule, kwargs: Mapping[str, Any], success: bool, found: Mapping[str, Any],
                 headers: Mapping[str, str]) -> tuple[RuleResult, pd.DataFrame]:
    """The result and problems of an expectation that judges each row: one problem per unexpected row."""
    checked = int(found.get("element_count") or 0)
    unexpected = int(found.get("unexpected_count") or 0)
    result = _result(rule, kwargs, "passed" if success else "failed", "rows", checked, unexpected)
    entries = pd.DataFrame(found.get("unexpected_index_list") or [])
    if entries.empty:
        return result, empty_problems()
    entries = entries.astype(object).where(entries.notna(), None)
    field = kwargs.get("column") or kwargs.get("column_A")
    label = headers.get(field, field) if field else "row"
    values = entries[field].tolist() if field else [None] * len(entries)
    contexts = _contexts(rule, kwargs, entries, headers)
    messages = [
        f"{label} {'(empty)' if value is None else repr(value)}: {rule.description}{context}" if field
        else f"row: {rule.description}{context}"
        for value, context in zip(values, contexts, strict=True)
    ]
    problems = pd.DataFrame({
        "row": entries[ROW].astype("int64"),
        "column": headers.get(field, field) if field else None,
        "field": field,
        "rule": rule.rule,
        "severity": rule.severity,
        "value": values,
        "message": messages,
        "hint": rule.hint,
    }, columns=PROBLEM_COLUMNS)
    return result, problems


def _contexts(rule: Rule, kwargs: Mapping[str, Any], entries: pd.DataFrame, headers: Mapping[str, str]) -> list[str]:
    """Per problem, what makes it concrete: the other rows with the same values, or the country it was read for."""
    if rule.expectation in UNIQUENESS:
        keys = [kwargs["column"]] if "column" in kwargs else list(kwargs["column_list"])
        group = entries.groupby(keys, dropna=False, sort=False).ngroup()
        members = entries[ROW].groupby(group).agg(list)
        return [_others(row, members[g]) for row, g in zip(entries[ROW], group, strict=True)]
    if "column_B" in kwargs:
        column_b = kwargs["column_B"]
        field_b = DERIVED_COLUMNS[column_b][0] if column_b in DERIVED_COLUMNS else column_b
        label_b = headers.get(field_b, field_b)
        default = kwargs.get("default_region")
        unknown = f" ({label_b} unknown, read as {default})" if default else f" ({label_b} unknown)"
        return [f" (for {label_b} {value})" if value is not None else unknown for value in entries[column_b]]
    return [""] * len(entries)


def _others(row: Any, rows: list[Any]) -> str:
    others = [int(r) for r in rows if r != row]
    if not others:
        return ""
    shown = ", ".join(map(str, others[:_SHOWN_ROWS]))
    more = f" and {len(others) - _SHOWN_ROWS} more" if len(others) > _SHOWN_ROWS else ""
    return f" (also in row{'s' if len(others) > 1 else ''} {shown}{more})"


def _table_outcome(rule: Rule, kwargs: Mapping[str, Any], success: bool, found: Mapping[str, Any],
                   rows: int) -> tuple[RuleResult, pd.DataFrame]:
    """The result and problems of an expectation that judges the table as a whole (they concern every row)."""
    if success:
        return _result(rule, kwargs, "passed", "table", rows, 0), empty_problems()
    missing = (found.get("details") or {}).get("missing")
    if missing:
        fields, messages = list(missing), [f"no {name} column: {rule.description}" for name in missing]
        note = f"missing {', '.join(missing)}"
    else:
        note = f"found {found.get('observed_value')}"
        fields, messages = [None], [f"table: {rule.description} ({note})"]
    problems = pd.DataFrame({
        "row": pd.array([None] * len(fields), dtype="Int64"),
        "column": None,
        "field": fields,
        "rule": rule.rule,
        "severity": rule.severity,
        "value": None,
        "message": messages,
        "hint": rule.hint,
    }, columns=PROBLEM_COLUMNS)
    return _result(rule, kwargs, "failed", "table", rows, len(fields), note), problems
