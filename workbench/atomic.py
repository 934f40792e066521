"""Atomic file replacement: a target is either written completely or left untouched.

Used by every writer (tables, vCards, the state store's exports): write to a temporary
file beside the target, flush it to disk, then ``os.replace`` it over the target.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    Whatever the body writes to the yielded path becomes ``target`` only when the
    body finishes without an exception; otherwise the temporary file is removed and
    ``target`` keeps its old content. The temporary file is created empty (with the
    usual permissions) before the body runs, so writers may open it by name.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> with atomic_path(folder / "out.txt") as tmp:
        ...     _ = tmp.write_text("done")
        >>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
        ('done', ['out.txt'])
    """
    target = Path(target)
    tmp = target.with_name(f".{target.stem}.{secrets.token_hex(6)}.tmp{target.suffix}")
    with open(tmp, "xb"):
        pass
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


@contextmanager
def atomic_open(target: str | Path, mode: str = "w", **kwargs: object) -> Iterator:
    """Open a file object whose content replaces ``target`` atomically when the block ends.

    Args:
        target: The file to (re)write.
        mode: ``"w"`` or ``"wb"``.
        **kwargs: Passed to :func:`open` (``encoding``, ``newline``, …).

    Examples:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "a.csv"
        >>> with atomic_open(path, encoding="utf-8") as handle:
        ...     _ = handle.write("x;y")
        >>> path.read_text(encoding="utf-8")
        'x;y'
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes whole files; mode must be 'w' or 'wb', not {mode!r}")
    with atomic_path(target) as tmp, open(tmp, mode, **kwargs) as handle:  # type: ignore[call-overload]
        yield handle


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
