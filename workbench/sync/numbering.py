"""Record numbers for partners created in the other system: kept when free, else assigned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.errors import ConfigError


@dataclass(frozen=True)
class Numbering:
    """How partners created in a target system get their record number.

    Args:
        keep: Keep the source record's number when the target does not use it yet.
        pattern: A ``str.format`` pattern with ``{n}`` for assigned numbers, e.g. ``"D-{n:05d}"``.
        start: The first ``n`` to try.
        stop: The last ``n`` allowed (None: no limit).

    Examples:
        >>> Numbering(pattern="D-{n:05d}", start=50000).assign(["1001", "D-50000", None], taken={"D-50000"})
        ['1001', 'D-50001', 'D-50002']
        >>> Numbering(keep=False, start=7).assign(["1", "2"], taken={"8"})
        ['7', '9']
    """

    keep: bool = True
    pattern: str = "{n}"
    start: int = 1
    stop: int | None = None

    def __post_init__(self) -> None:
        try:
            self.pattern.format(n=self.start)
        except (KeyError, IndexError, ValueError) as error:
            raise ConfigError(f"numbering pattern {self.pattern!r} does not work with n={self.start}: {error}",
                              hint='Use a pattern with {n}, e.g. "D-{n:05d}".') from error
        if "{n" not in self.pattern:
            raise ConfigError(f"numbering pattern {self.pattern!r} has no {{n}}",
                              hint='Use a pattern with {n}, e.g. "D-{n:05d}".')
        if self.stop is not None and self.stop < self.start:
            raise ConfigError(f"numbering range {self.start}..{self.stop} is empty")

    def assign(self, wanted: Sequence[str | None], taken: Iterable[str]) -> list[str]:
        """A number for each record: its own (``wanted``) when kept and free, else the next free one.

        Never returns a number in ``taken`` nor the same number twice.

        Raises:
            ConfigError: The range is used up.
        """
        used = set(taken)
        kept: list[str | None] = []
        for number in wanted:
            if self.keep and number and number not in used:
                used.add(number)
                kept.append(number)
            else:
                kept.append(None)
        n = self.start
        result = []
        for number in kept:
            if number is None:
                number, n = self._next_free(n, used)
                used.add(number)
            result.append(number)
        return result

    def _next_free(self, n: int, used: set[str]) -> tuple[str, int]:
        while self.stop is None or n <= self.stop:
            candidate = self.pattern.format(n=n)
            n += 1
            if candidate not in used:
                return candidate, n
        raise ConfigError(f"the numbering range {self.pattern!r} from {self.start} to {self.stop} is used up",
                          hint="Widen the range (stop) or choose another pattern.")
