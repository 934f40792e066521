"""Great Expectations imported without scipy.stats and altair, which only an expectation never run here uses."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import workbench.validation.runner
print(sorted(name for name in ("scipy.stats", "altair", "rfc3987_syntax") if sys.modules.get(name) is not None))
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
print(round(float(kl.stats.entropy([0.5, 0.5], [0.9, 0.1])), 3), type(sys.modules["scipy.stats"]).__name__)
import scipy.stats
print(scipy.stats is sys.modules["scipy.stats"], hasattr(scipy.stats, "entropy"))
"""


def test_the_runner_imports_gx_without_scipy_stats_and_altair_and_they_load_on_first_use() -> None:
    lines = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                           timeout=120).stdout.splitlines()
    assert lines == ["[]", "0.511 module", "True True"]
