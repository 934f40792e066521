"""How much a reader accepts before it refuses a source as unreasonable.

Readers check these limits while they stream, so an oversized cell or a zip bomb is
refused before it has been unpacked into memory wherever that can be seen early.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import ConfigError


@dataclass(frozen=True)
class ReadLimits:
    """Limits applied while reading a source.

    Args:
        max_cell_chars: Longest text a single cell may hold (Excel itself stops at
            32,767; exports from other systems can hold more).
        max_unpacked_bytes: Largest total size of the XML parts of a workbook once
            unpacked (a 1,000,000-row, 14-column workbook unpacks to about 640 MB).

    Examples:
        >>> ReadLimits().max_cell_chars
        1000000
        >>> ReadLimits(max_cell_chars=0)
        Traceback (most recent call last):
        ...
        workbench.errors.ConfigError: max_cell_chars must be a positive number, not 0.
    """

    max_cell_chars: int = 1_000_000
    max_unpacked_bytes: int = 2 * 1024**3

    def __post_init__(self) -> None:
        for name in ("max_cell_chars", "max_unpacked_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{name} must be a positive number, not {value!r}")


DEFAULT_LIMITS = ReadLimits()
