"""Wall time per step of a run, for ``summary.json`` and the benchmark.

Examples:
    >>> timings = StepTimings()
    >>> with timings.step("read"):
    ...     pass
    >>> list(timings.seconds), timings.seconds["read"] >= 0
    (['read'], True)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter


@dataclass
class StepTimings:
    """Seconds per named step; a step timed twice adds up."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the block as step ``name`` (also when it raises)."""
        started = perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + perf_counter() - started

    def rounded(self, digits: int = 3) -> dict[str, float]:
        """The timings rounded, for reports."""
        return {name: round(value, digits) for name, value in self.seconds.items()}
