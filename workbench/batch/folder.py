"""Onboard every file of a folder: several at a time, each in its own process, each isolated.

:func:`onboard_folder` runs :func:`~workbench.batch.runner.run_onboarding` for each file
(hidden files left out) into ``out/<name>-<suffix>/``. A file that fails — unreadable,
corrupt, rejected by the store — becomes a ``failed`` outcome with its message; the
others carry on. A file whose output folder holds a ``summary.json`` of the same
source bytes (SHA-256) is ``skipped`` unless ``force`` is set.

Files of one batch are matched against the target as it is, not against each other:
partners planned for one file are not seen by the next until the change set is
applied to the target and the target is read again.

A batch holds the lock of its output folder (:mod:`workbench.batch.locks`): a second
batch into it is refused while the first runs. Its workers end themselves when the
batch process is gone (killed with ``kill -9``, say), and each worker's notebook kernel
ends with its worker, so nothing goes on writing after a batch died.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

from workbench.batch.locks import folder_lock
from workbench.batch.onboarding import SUMMARY_FILE, file_digest
from workbench.batch.queue import ITEMS
from workbench.errors import InputError, WorkbenchError
from workbench.review.policies import onboarding_policy

DONE, REVIEW, SKIPPED, FAILED = "done", "needs review", "skipped", "failed"
"""Outcomes of one file."""
PARENT_CHECK_SECONDS = 0.5
"""How often a worker checks that the batch process still lives."""
ORPHANED_EXIT = 70
"""Exit status of a worker that ended because the batch process was gone."""


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of the batch.

    Attributes:
        file: The source file.
        out: Its output folder.
        status: ``done``, ``needs review``, ``skipped`` (done earlier) or ``failed``.
        exit_code: As ``workbench onboard`` would have exited (0, 1, 2).
        message: The error of a failed file, else a one-line result.
        summary: The run's ``summary.json`` (empty for a failed file).
        seconds: Wall time.
    """

    file: Path
    out: Path
    status: str
    exit_code: int
    message: str
    summary: Mapping[str, Any]
    seconds: float


def batch_files(folder: str | Path) -> list[Path]:
    """The files to onboard: every regular, non-hidden file of ``folder``, sorted by name.

    Raises:
        InputError: ``folder`` is not a folder, or holds no file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("this is not a folder", file=str(folder), hint="Give the folder holding the files.")
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
    if not files:
        raise InputError("the folder holds no file to onboard", file=str(folder))
    return files


def output_folder(out: Path, file: Path) -> Path:
    """Where one file's outputs go: ``out/<stem>-<suffix>`` (``crm.xlsx`` → ``crm-xlsx``)."""
    return out / (f"{file.stem}-{file.suffix.lstrip('.')}" if file.suffix else file.name)


def onboard_folder(folder: str | Path, target: str | Path, out: str | Path, *, policy: str = "review",
                   store_url: str | None = None, parameters: Mapping[str, Any] | None = None, workers: int = 2,
                   force: bool = False, on_outcome: Callable[[FileOutcome], None] | None = None,
                   ) -> list[FileOutcome]:
    """Onboard every file of ``folder`` into ``target`` (see the module docstring).

    Args:
        folder: The folder of source files.
        target: The target's records (file or database URL), the same for every file.
        out: The batch's output folder; each file gets a sub-folder.
        policy, store_url, parameters: As for :func:`~workbench.batch.runner.run_onboarding`.
        workers: Files onboarded at a time (each in its own process, each starting a kernel).
        force: Onboard files again whose outputs are complete for the same source bytes.
        on_outcome: Called with each file's outcome as it finishes (e.g. to advance a progress bar).

    Returns:
        One outcome per file, in the folder's order.

    Raises:
        InputError: The folder is missing or empty, or another batch writes into ``out``.
        ConfigError: Unknown policy.
    """
    onboarding_policy(policy)
    if workers < 1:
        raise InputError(f"workers must be at least 1, not {workers}")
    files = batch_files(folder)
    with folder_lock(Path(out), f"workbench batch {folder}"):
        return _onboard_files(files, str(target), Path(out), policy, store_url, dict(parameters or {}), workers,
                              force, on_outcome)


def _onboard_files(files: list[Path], target: str, out: Path, policy: str, store_url: str | None,
                   parameters: dict[str, Any], workers: int, force: bool,
                   on_outcome: Callable[[FileOutcome], None] | None) -> list[FileOutcome]:
    outcomes: dict[Path, FileOutcome] = {}
    pending = []
    for file in files:
        earlier = _finished_earlier(file, output_folder(out, file)) if not force else None
        if earlier is not None:
            outcomes[file] = earlier
            if on_outcome is not None:
                on_outcome(earlier)
        else:
            pending.append(file)
    if pending:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter per worker: no inherited sockets
        with ProcessPoolExecutor(max_workers=min(workers, len(pending)), mp_context=context,
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            futures = {pool.submit(onboard_file, file, target, output_folder(out, file), policy, store_url,
                                   parameters): file for file in pending}
            for future in as_completed(futures):
                file = futures[future]
                try:
                    outcome = future.result()
                except Exception as error:  # a crashed worker fails its file, not the batch
                    outcome = FileOutcome(file, output_folder(out, file), FAILED, 2,
                                          f"the worker process failed: {type(error).__name__}: {error}", {}, 0.0)
                outcomes[file] = outcome
                if on_outcome is not None:
                    on_outcome(outcome)
    return [outcomes[file] for file in files]


def die_with_parent(parent: int) -> None:
    """Worker start-up: end this process as soon as ``parent`` (the batch process) is gone.

    A thread checks every :data:`PARENT_CHECK_SECONDS` that the process is still the
    child of ``parent`` (an orphan is adopted by another process). The notebook kernel
    the worker runs ends by itself when the worker is gone (ipykernel watches its parent).
    """
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(ORPHANED_EXIT)

    threading.Thread(target=watch, name="batch-parent-check", daemon=True).start()


def onboard_file(file: Path, target: str, out: Path, policy: str, store_url: str | None,
                 parameters: dict[str, Any]) -> FileOutcome:
    """Onboard one file; any error becomes a ``failed`` outcome (run in a worker process)."""
    from workbench.batch.runner import run_onboarding

    started = perf_counter()
    try:
        result = run_onboarding(file, target, out, policy=policy, store_url=store_url, parameters=parameters)
    except WorkbenchError as error:
        return FileOutcome(file, out, FAILED, error.exit_code if error.exit_code != 1 else 2, str(error), {},
                           perf_counter() - started)
    except Exception as error:  # isolation: one broken file must not stop the batch
        return FileOutcome(file, out, FAILED, 2, f"{type(error).__name__}: {error}", {}, perf_counter() - started)
    return _outcome(file, out, result.summary, perf_counter() - started, skipped=False)


def _finished_earlier(file: Path, out: Path) -> FileOutcome | None:
    summary_file = out / SUMMARY_FILE
    if not summary_file.is_file():
        return None
    try:
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if summary.get("source", {}).get("sha256") != file_digest(file):
        return None
    return _outcome(file, out, summary, 0.0, skipped=True)


def _outcome(file: Path, out: Path, summary: Mapping[str, Any], seconds: float, *, skipped: bool) -> FileOutcome:
    code = int(summary.get("exit_code", 0))
    review = summary.get("review", {})
    blocked = (summary.get("validation") or {}).get("rows_blocked", 0)
    parts = [f"{summary.get('decisions', {}).get('partners_created', 0)} partners to create",
             f"{sum(review.get(item, 0) for item in ITEMS)} items for review", f"{blocked} rows blocked"]
    status = SKIPPED if skipped else (REVIEW if code == 1 else DONE)
    return FileOutcome(file, out, status, code, ", ".join(parts), summary, seconds)


def batch_exit_code(outcomes: list[FileOutcome]) -> int:
    """2 when a file failed, else 1 when one needs review (or has blocked rows), else 0.

    Examples:
        >>> batch_exit_code([])
        0
    """
    return max((outcome.exit_code for outcome in outcomes), default=0)
