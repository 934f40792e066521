"""What a validation run found: per rule pass/fail and counts, per row the problems.

A :class:`ValidationReport` is plain data (pandas and dataclasses, no Great
Expectations objects), so widgets, change sets and the HTML report can show it
and filter it. Rows with errors are set aside with their reasons
(:meth:`ValidationReport.rejected`), never dropped silently.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

PROBLEM_COLUMNS = ("row", "column", "field", "rule", "severity", "value", "message", "hint")
"""Columns of :attr:`ValidationReport.problems`."""

REASONS_COLUMN = "validation_errors"
"""The column :meth:`ValidationReport.rejected` adds: why each row was rejected."""

Status = Literal["passed", "failed", "not applicable"]


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one expectation.

    Args:
        rule: Short name of the rule (the suite's ``meta.rule``).
        expectation: The Great Expectations type.
        columns: The columns it read.
        severity: ``error`` (blocks the offending rows), ``warning`` or ``info``.
        status: ``passed``, ``failed`` or ``not applicable`` (the source lacks its column).
        scope: ``rows`` (judges each row) or ``table`` (judges the table as a whole).
        checked: Rows looked at.
        unexpected: Rows that fail (for a table rule: unmet requirements).
        description: The rule as a sentence.
        hint: What a steward can do about a failure.
        note: Why it was not applicable, or what a table rule observed.

    Examples:
        >>> RuleResult("customer_no_unique", "expect_column_values_to_be_unique", ("customer_no",), "error",
        ...            "failed", "rows", 10, 2, "customer number must be unique", "").sentence
        'customer number must be unique: 2 of 10 rows fail.'
    """

    rule: str
    expectation: str
    columns: tuple[str, ...]
    severity: str
    status: Status
    scope: Literal["rows", "table"]
    checked: int
    unexpected: int
    description: str
    hint: str
    note: str = ""

    @property
    def success(self) -> bool | None:
        """True if passed, False if failed, None if not applicable."""
        return None if self.status == "not applicable" else self.status == "passed"

    @property
    def sentence(self) -> str:
        """The outcome in one sentence a person can read."""
        if self.status == "not applicable":
            return f"{self.description}: not checked, {self.note}."
        if self.scope == "table":
            return f"{self.description}: {self.status}" + (f" ({self.note})." if self.note else ".")
        if self.status == "passed":
            return f"{self.description}: all {self.checked} rows pass."
        return f"{self.description}: {self.unexpected} of {self.checked} rows fail."


@dataclass
class ValidationReport:
    """Everything one validation run found.

    Args:
        suite: The suite's name.
        source: The file or table validated, when known.
        rows: The row numbers of the validated table (its index).
        results: One :class:`RuleResult` per expectation, in suite order.
        problems: One row per problem, columns :data:`PROBLEM_COLUMNS`; ``row`` is
            missing (``<NA>``) for problems of the whole table, such as a missing
            required column, which block every row.
        headers: Canonical field → the header it had in the source, where known.
        notes: What reading the source noted (records left out, repairs), shown with the report.
    """

    suite: str
    source: str | None
    rows: pd.Index
    results: list[RuleResult]
    problems: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        """True when an error blocks at least one row."""
        return bool((self.problems["severity"] == "error").any())

    @property
    def counts(self) -> dict[str, int]:
        """Number of problems per severity, e.g. ``{"error": 3, "warning": 5, "info": 0}``."""
        found = self.problems["severity"].value_counts()
        return {severity: int(found.get(severity, 0)) for severity in ("error", "warning", "info")}

    @property
    def rows_with_errors(self) -> pd.Index:
        """Rows an error blocks (every row when the table as a whole has an error)."""
        return self._rows_with("error")

    @property
    def rows_with_warnings(self) -> pd.Index:
        """Rows flagged by a warning (they may still be imported)."""
        return self._rows_with("warning")

    def _rows_with(self, severity: str) -> pd.Index:
        found = self.problems[self.problems["severity"] == severity]
        if found["row"].isna().any():
            return self.rows
        return self.rows[self.rows.isin(found["row"].astype("int64"))]

    def accepted(self, frame: Any) -> pd.DataFrame:
        """The rows of ``frame`` (the validated frame or table) that no error blocks."""
        data = _frame(frame)
        return data[~data.index.isin(self.rows_with_errors)]

    def rejected(self, frame: Any, *, source_headers: bool = False) -> pd.DataFrame:
        """The rows of ``frame`` an error blocks, with their reasons in :data:`REASONS_COLUMN`.

        With ``source_headers`` the columns carry the headers of the source and the
        row number is the first column, ``row``: a sheet a steward can correct and
        import again with the same mapping.

        Examples:
            >>> problems = pd.DataFrame([[3, "Kundennr.", "customer_no", "customer_no_unique", "error", "7",
            ...     "Kundennr. '7': customer number must be unique (also in row 2)", ""]], columns=PROBLEM_COLUMNS)
            >>> report = ValidationReport("customers", None, pd.Index([2, 3], name="row"), [], problems)
            >>> frame = pd.DataFrame({"customer_no": ["7", "7"]}, index=pd.Index([2, 3], name="row"))
            >>> report.rejected(frame)[REASONS_COLUMN].tolist()
            ["Kundennr. '7': customer number must be unique (also in row 2)"]
        """
        data = _frame(frame)
        errors = self.problems[self.problems["severity"] == "error"]
        table_wide = errors.loc[errors["row"].isna(), "message"].tolist()
        per_row = errors.dropna(subset=["row"]).groupby(errors["row"].dropna().astype("int64"))["message"].agg(list)
        out = data[data.index.isin(self.rows_with_errors)].copy()
        out[REASONS_COLUMN] = ["; ".join(table_wide + per_row.get(row, [])) for row in out.index]
        if source_headers:
            out = out.rename(columns=self.headers).rename_axis("row").reset_index()
        return out

    def summary(self) -> pd.DataFrame:
        """One row per rule: rule, columns, severity, status, unexpected, sentence."""
        return pd.DataFrame(
            [
                {
                    "rule": r.rule,
                    "columns": ", ".join(r.columns),
                    "severity": r.severity,
                    "status": r.status,
                    "unexpected": r.unexpected,
                    "sentence": r.sentence,
                }
                for r in self.results
            ],
            columns=["rule", "columns", "severity", "status", "unexpected", "sentence"],
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-serialisable data (plain ints, None for missing values)."""
        problems = self.problems.astype(object).where(self.problems.notna(), None)
        return {
            "suite": self.suite,
            "source": self.source,
            "rows": len(self.rows),
            "has_errors": self.has_errors,
            "counts": self.counts,
            "rows_with_errors": [int(row) for row in self.rows_with_errors],
            "rows_with_warnings": [int(row) for row in self.rows_with_warnings],
            "results": [
                {**asdict(r), "columns": list(r.columns), "success": r.success, "sentence": r.sentence}
                for r in self.results
            ],
            "problems": [
                {key: (int(value) if key == "row" and value is not None else value) for key, value in record.items()}
                for record in problems.to_dict("records")
            ],
        }


def empty_problems() -> pd.DataFrame:
    """A problems frame with no rows and the right columns."""
    return pd.DataFrame({name: pd.Series(dtype="Int64" if name == "row" else object) for name in PROBLEM_COLUMNS})


def _frame(frame: Any) -> pd.DataFrame:
    return frame.frame if hasattr(frame, "frame") else frame
