"""Pieces run side by side in forked processes: results in order, failures as they would be serially."""

from __future__ import annotations

import logging
import os

import pytest

from workbench import parallel
from workbench.parallel import available_processes, run_side_by_side

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs fork")


def test_every_piece_but_the_first_runs_in_a_process_of_its_own_and_the_results_keep_their_order() -> None:
    here = os.getpid()
    data = list(range(10))  # read by the children from the memory they were forked with
    results = run_side_by_side([lambda: (os.getpid(), sum(data)), lambda: (os.getpid(), max(data)),
                                lambda: (os.getpid(), len(data))])
    assert [value for _, value in results] == [45, 9, 10]
    pids = [pid for pid, _ in results]
    assert pids[0] == here
    assert here not in pids[1:]
    assert pids[1] != pids[2]


def test_an_exception_in_a_child_is_raised_here() -> None:
    def failing() -> int:
        raise ValueError("column 'mobile' could not be read")

    with pytest.raises(ValueError, match="could not be read"):
        run_side_by_side([lambda: 1, failing])


def test_a_child_that_dies_without_an_answer_has_its_piece_run_here(caplog: pytest.LogCaptureFixture) -> None:
    here = os.getpid()

    def dies_when_forked() -> str:
        if os.getpid() != here:
            os._exit(9)  # as if killed for memory
        return "done here"

    with caplog.at_level(logging.WARNING, logger="workbench.parallel"):
        assert run_side_by_side([lambda: "first", dies_when_forked]) == ["first", "done here"]
    assert "without an answer" in caplog.text


def test_a_result_that_cannot_be_sent_is_an_error_in_words() -> None:
    with pytest.raises(RuntimeError, match="could not send its result"):
        run_side_by_side([lambda: 1, lambda: (lambda: 2)])  # a lambda does not pickle


def test_without_fork_the_pieces_run_here_one_after_the_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    here = os.getpid()
    assert run_side_by_side([os.getpid, os.getpid]) == [here, here]


def test_available_processes_is_at_least_one() -> None:
    assert available_processes() >= 1


def test_when_the_piece_here_fails_the_children_are_stopped_at_once() -> None:
    import multiprocessing
    import time

    def failing_here() -> int:
        time.sleep(0.2)  # the child has started its long piece
        raise KeyError("row 7")

    started = time.monotonic()
    with pytest.raises(KeyError, match="row 7"):
        run_side_by_side([failing_here, lambda: time.sleep(60)])
    assert time.monotonic() - started < 30  # not waited for
    assert not multiprocessing.active_children()
