"""The one way a review model tells its views that it changed: a plain list of callbacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[[Any], None]
"""``callback(model)``, called after every change of the model's state."""


class Observable:
    """Base of the review models: :meth:`on_change` registers a view, :meth:`changed` tells it.

    Examples:
        >>> model = Observable()
        >>> seen = []
        >>> stop = model.on_change(seen.append)
        >>> model.changed(); stop(); model.changed()
        >>> seen == [model]
        True
    """

    def __init__(self) -> None:
        self._observers: list[Callback] = []

    def on_change(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(model)`` after each change; returns a function that stops it."""
        self._observers.append(callback)
        return lambda: self._observers.remove(callback)

    def changed(self) -> None:
        """Tell every observer that the state changed."""
        for callback in list(self._observers):
            callback(self)
