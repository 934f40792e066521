"""Keyboard shortcuts for a review screen: a small anywidget that reports the keys pressed in its view.

ipywidgets has no key bindings. :class:`KeyShortcuts` is placed inside a view (a
:class:`~workbench.widgets.view.ModelView`); in the browser it makes the view focusable
(a click on the view's background focuses it) and sends each bound key pressed there to
Python, where the view runs the action bound to it. Keys typed into a text box (the
reason field) stay text; JupyterLab's own shortcuts are switched off inside the view
(``data-lm-suppress-shortcuts``), so ``d`` never counts towards deleting a cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  el.classList.add("wb-keys");
  const hint = document.createElement("span");
  hint.className = "wb-muted";
  const show = () => { hint.textContent = model.get("legend"); };
  show();
  model.on("change:legend", show);
  el.appendChild(hint);
  let view = null;
  const onKey = (event) => {
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!model.get("bound_keys").includes(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    model.send({ key: event.key });
  };
  const attach = () => {
    view = el.closest(".wb-view");
    if (!view) { requestAnimationFrame(attach); return; }
    view.setAttribute("tabindex", "0");
    view.setAttribute("data-lm-suppress-shortcuts", "true");
    view.addEventListener("keydown", onKey);
  };
  attach();
  return () => { if (view) view.removeEventListener("keydown", onKey); };
}
export default { render };
"""


class KeyShortcuts(anywidget.AnyWidget):
    """The keys of a view and what each does.

    Args:
        actions: Key (as the browser names it: ``"s"``, ``"ArrowRight"``) -> action.
        legend: The line shown to the steward, e.g. ``keys: s same · d different``.

    Examples:
        >>> pressed = []
        >>> keys = KeyShortcuts({"s": lambda: pressed.append("same")}, legend="keys: s same")
        >>> keys.press("s"); keys.press("x"); pressed
        ['same']
    """

    _esm = _ESM
    bound_keys = traitlets.List(traitlets.Unicode()).tag(sync=True)
    legend = traitlets.Unicode("").tag(sync=True)

    def __init__(self, actions: Mapping[str, Callable[[], Any]], *, legend: str) -> None:
        super().__init__(bound_keys=list(actions), legend=legend)
        self.actions = dict(actions)
        self.on_msg(self._received)

    def press(self, key: str) -> None:
        """Run the action bound to ``key`` (what a key press in the browser does); other keys do nothing."""
        action = self.actions.get(key)
        if action is not None:
            action()

    def _received(self, _widget: Any, content: Mapping[str, Any], _buffers: Any) -> None:
        key = content.get("key")
        if isinstance(key, str):
            self.press(key)
