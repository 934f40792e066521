"""The base of every view: a VBox over one review model, re-rendered when the model changes.

A view builds its widgets once, reads the model in :meth:`ModelView.render` and sends
every user action through :meth:`ModelView.safe`, which shows a
:class:`~workbench.errors.WorkbenchError` in the view's message area instead of losing
it in the notebook's log. Views make no decisions and never call ``display()``.

A model drives one open view of each kind: building a new one (a notebook cell run
again) closes the one before, and :meth:`ModelView.close` stops it following the model,
so no hidden view keeps listening and re-rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

from workbench.errors import WorkbenchError
from workbench.review import Observable
from workbench.widgets.markup import CSS, error

_OPEN_VIEWS: dict[tuple[int, type], ModelView] = {}
"""The open view per (model, view class); a model outlives none of its open views (they hold it)."""


class ModelView(widgets.VBox):
    """A view of ``model``: subclasses build widgets in ``__init__`` and fill them in :meth:`_render`.

    Attributes:
        model: The review model shown.
        message: The message area (errors in red, confirmations in green).
    """

    def __init__(self, model: Observable, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.model = model
        self.message = widgets.HTML()
        self.style_sheet = widgets.HTML(CSS)
        self._rendering = False
        self.add_class("wb-view")
        self._key = (id(model), type(self))
        previous = _OPEN_VIEWS.get(self._key)
        if previous is not None:
            previous.close()
        self._stop_following: Callable[[], None] | None = model.on_change(lambda _model: self.render())
        _OPEN_VIEWS[self._key] = self

    def close(self) -> None:
        """Stop following the model and close the widget (its front-end views disappear)."""
        stop, self._stop_following = getattr(self, "_stop_following", None), None
        if stop is not None:
            stop()
            if _OPEN_VIEWS.get(self._key) is self:
                del _OPEN_VIEWS[self._key]
        super().close()

    def render(self) -> None:
        """Set every widget from the model (widget events during this are not user actions)."""
        with self._quietly():
            self._render()

    def _render(self) -> None:
        raise NotImplementedError

    def safe(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a model action; a WorkbenchError becomes the message shown, anything else propagates."""
        self.message.value = ""
        try:
            return action(*args, **kwargs)
        except WorkbenchError as problem:
            self.message.value = error(str(problem))
            return None

    def on_user_change(self, widget: widgets.Widget, handler: Callable[[Any], Any], name: str = "value") -> None:
        """Call ``handler(new value)`` through :meth:`safe` when the user changes ``widget`` (not when rendering)."""
        def observe(change: dict[str, Any]) -> None:
            if not self._rendering:
                self.safe(handler, change["new"])
        widget.observe(observe, names=name)

    def on_click(self, button: widgets.Button, action: Callable[[], Any]) -> None:
        """Run ``action`` through :meth:`safe` when ``button`` is clicked."""
        button.on_click(lambda _button: self.safe(action))

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        self._rendering = True
        try:
            yield
        finally:
            self._rendering = False


def button(description: str, css_class: str, *, style: str = "", tooltip: str = "", icon: str = "") -> widgets.Button:
    """A button with a stable description and DOM class (what browser tests select by)."""
    made = widgets.Button(description=description, button_style=style, tooltip=tooltip or description, icon=icon,
                          layout=widgets.Layout(width="auto"))  # as wide as its text: no label cut off
    made.add_class(css_class)
    return made
