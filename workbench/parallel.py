"""Independent pieces of one computation run side by side in forked processes.

A forked child sees this process's memory as it was (no copying of the inputs), but every page
holding a Python object it touches is copied (reference counts are written): pieces should work
on numpy arrays (codes, keys), not on columns of strings. A child sends its result back pickled,
so a piece should return compact data (numbers, categoricals), not wide object frames. This
process works on the first piece itself meanwhile. Where ``fork`` is not available, or one
process is asked for, the pieces run here one after the other: the results are the same either
way. A child that dies without an answer (killed, out of memory) has its piece run here again;
an exception a piece raises is raised here, as it would be serially.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

SHARED_FROM = 20_000
"""Below this many items (records, pairs) work stays in one process: a fork would cost more than it saves."""


def available_processes() -> int:
    """How many processes can run at once here: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    """Whether pieces can run in forked processes on this platform."""
    return "fork" in multiprocessing.get_all_start_methods()


def run_side_by_side(pieces: Sequence[Callable[[], T]]) -> list[T]:
    """Each piece's result, in order; the first runs here, every other in a forked child meanwhile.

    Args:
        pieces: Functions without arguments; they read their inputs from this process's memory.

    Raises:
        Exception: The first exception a piece raised (in order of the pieces); when the first piece
            fails (or is interrupted), the children are stopped at once.
    """
    if len(pieces) < 2 or not can_fork():
        return [piece() for piece in pieces]
    context = multiprocessing.get_context("fork")
    children = []
    for piece in pieces[1:]:
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(target=_answer, args=(piece, sending), daemon=True)
        child.start()
        sending.close()
        children.append((child, receiving))
    try:
        results: list[Any] = [pieces[0]()]
    except BaseException:  # failed or interrupted here: the children's work is of no use
        for child, receiving in children:
            child.terminate()
            child.join()
            receiving.close()
        raise
    answers = [_answer_of(child, receiving) for child, receiving in children]
    for piece, answer in zip(pieces[1:], answers, strict=True):
        if answer is None:
            log.warning("a forked process ended without an answer; its part runs here again")
            results.append(piece())
        elif answer[0] == "error":
            error, trace = answer[1], answer[2]
            log.debug("a forked process failed:\n%s", trace)
            raise error
        else:
            results.append(answer[1])
    return results


def _answer(piece: Callable[[], Any], sending: Any) -> None:
    try:
        try:
            result = piece()
        except Exception as error:  # sent to the parent, which raises it
            sending.send(("error", error, traceback.format_exc()))
            return
        sending.send(("done", result))
    except Exception as error:  # an unpicklable result: say so in words
        sending.send(("error", RuntimeError(f"a forked process could not send its result: {error}"),
                      traceback.format_exc()))
    finally:
        sending.close()


def _answer_of(child: Any, receiving: Any) -> tuple | None:
    try:
        return receiving.recv()
    except EOFError:
        return None
    finally:
        receiving.close()
        child.join()
