"""A steward's process for the concurrency test: decides pairs in step with another process."""

from __future__ import annotations

from typing import Any

from workbench.errors import StaleWriteError
from workbench.store import open_store
from workbench.sync.actions import DecidePair


def decide_in_step(url: str, actor: str, outcome: str, pairs: list[tuple[str, str]], barrier: Any,
                   results: Any) -> None:
    """Decide each pair right after the barrier opens; report ``(actor, pair, "decided" | message)``."""
    store = open_store(url)
    try:
        for left, right in pairs:
            barrier.wait(timeout=60)
            try:
                DecidePair(left_system="CRM", left_no=left, right_system="CRM", right_no=right, outcome=outcome,
                           actor=actor).apply(store)
                results.put((actor, left, "decided"))
            except StaleWriteError as refusal:
                results.put((actor, left, str(refusal)))
    finally:
        store.close()
