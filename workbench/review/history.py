"""The steps a steward took in one review session, so the last one can be undone.

A step is one or more applied sync actions (``accept all sure`` decides many pairs
in one step). Undoing a step undoes its actions newest first through
:meth:`workbench.sync.Action.undo`, which records each undo in the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.store import Store
from workbench.sync import Action


class History:
    """The applied steps of a session, newest last.

    Examples:
        >>> history = History()
        >>> len(history), history.last
        (0, None)
    """

    def __init__(self) -> None:
        self._steps: list[list[Action]] = []

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def last(self) -> Sequence[Action] | None:
        """The actions of the newest step, or None."""
        return tuple(self._steps[-1]) if self._steps else None

    def record(self, actions: Sequence[Action]) -> None:
        """Remember applied actions as one step (nothing when empty)."""
        if actions:
            self._steps.append(list(actions))

    def undo(self, store: Store, *, actor: str | None = None, reason: str | None = None) -> list[Action]:
        """Undo the newest step; returns its actions (empty when there is none).

        If an undo fails (somebody changed the record since), the actions undone so far
        stay undone, the rest stay in the step, and the error is raised.
        """
        if not self._steps:
            return []
        step = self._steps[-1]
        undone: list[Action] = []
        while step:
            step[-1].undo(store, actor=actor, reason=reason)
            undone.append(step.pop())
        self._steps.pop()
        return undone[::-1]
