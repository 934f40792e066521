"""Unexpected failures of a command: one line for the person, the traceback in a log file.

An exception that is not a :class:`~workbench.errors.WorkbenchError` is a fault of the
workbench, not of its user. :func:`report_crash` writes the command line and the
traceback (URL passwords masked) to ``workbench-<time>-<pid>.log`` in
``$WORKBENCH_LOG_DIR`` (default: ``workbench`` in the system's temporary folder) and
returns the line the command prints before it exits with code 2.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from workbench.io.sources import shown_text

LOG_DIR_VARIABLE = "WORKBENCH_LOG_DIR"


def log_folder() -> Path:
    """Where tracebacks go: ``$WORKBENCH_LOG_DIR``, else ``workbench/`` in the system's temporary folder."""
    return Path(os.environ.get(LOG_DIR_VARIABLE) or Path(tempfile.gettempdir()) / "workbench")


def report_crash(error: BaseException, argv: list[str] | None = None) -> str:
    """Write ``error``'s traceback (and the command line ``argv``) to a new log file; return the line to print."""
    summary = str(error).strip().splitlines()[0] if str(error).strip() else ""
    what = f"unexpected {type(error).__name__}" + (f": {summary}" if summary else "")
    try:
        log = _write_log(error, sys.argv[1:] if argv is None else argv)
    except OSError as failure:
        return shown_text(f"{what} (a fault in the workbench; its traceback could not be written: {failure})")
    return shown_text(f"{what} (a fault in the workbench, please report it; the traceback is in {log})")


def _write_log(error: BaseException, argv: list[str]) -> Path:
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"workbench-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    text = "".join(["command: workbench ", " ".join(argv), "\n\n", *traceback.format_exception(error)])
    path.write_text(shown_text(text), encoding="utf-8")
    return path
