"""One run at a time per output folder: a lock the operating system releases when its process ends.

A run holds :func:`folder_lock` on its output folder while it writes there (``flock`` on
``.workbench.lock`` in the folder). A second run into the same folder is refused at once,
naming the holder; a run killed with ``kill -9`` holds nothing any more, so the next
run goes ahead and may clean up what the killed one left.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.errors import InputError

LOCK_FILE = ".workbench.lock"


@contextmanager
def folder_lock(folder: Path, holder: str) -> Iterator[None]:
    """Hold ``folder``'s lock (the folder is created) while the block runs.

    Args:
        folder: The output folder.
        holder: What the run does, for the message another run gets (e.g. ``workbench batch``).

    Raises:
        InputError: Another running program holds the lock; the message names it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise InputError(f"another run is writing into this folder ({handle.read().strip() or 'unknown'})",
                             file=str(folder), hint="Wait until it has finished, or choose another output folder.",
                             ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{holder}, process {os.getpid()}")
        handle.flush()
        yield
