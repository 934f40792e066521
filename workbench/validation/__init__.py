"""Validation of imported tables against the Great Expectations suites in ``expectations/``.

:func:`validate` runs a suite on a canonical frame (or an
:class:`~workbench.io.base.ImportedTable`) and returns a
:class:`~workbench.validation.report.ValidationReport`: per rule pass/fail and
counts, per row the problems, the rows an error blocks.

Great Expectations is imported on the first call of :func:`validate`, not with
this package, so ``import workbench.validation`` stays fast. Its usage
statistics are switched off here, before any module can import it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from workbench.validation.report import ValidationReport
from workbench.validation.suites import Suite, available_suites, load_suite

if TYPE_CHECKING:
    import pandas as pd

    from workbench.validation.runner import MappedTable

os.environ["GX_ANALYTICS_ENABLED"] = "False"

__all__ = ["Suite", "ValidationReport", "available_suites", "load_suite", "validate"]


def validate(data: pd.DataFrame | MappedTable, suite: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Validate a table against a suite and collect every problem.

    Args:
        data: A canonical frame (index ``row``, cells ``str`` or ``None``) or an
            :class:`~workbench.io.base.ImportedTable`, whose source headers then
            appear in the report.
        suite: A suite name from ``expectations/`` (``"customers"``,
            ``"contacts"``, ``"employees"``, ``"links"``) or the path of a suite file.
            Default: the suite for the table's kind; for a plain frame, for the kind its
            key column shows (``employee_no``: ``employees``), else ``customers``.

    Returns:
        The report; it never drops a row: rows with errors are listed with their reasons.

    Raises:
        ConfigError: The suite is unknown, names an expectation that cannot be
            loaded, or an expectation cannot run (a configuration error, not a data one).
        InputError: The frame breaks the canonical frame contract.
    """
    from workbench.validation.runner import run_suite

    return run_suite(data, suite)
