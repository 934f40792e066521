"""Importing Great Expectations without the parts of it the workbench never runs.

``import great_expectations`` loads every expectation GX ships. One of them, the
KL-divergence expectation, imports ``scipy.stats`` and ``altair`` at module level
although it uses them only inside its methods: about 1.4 s of CPU at every start of
``workbench validate`` for a rule no suite here names. And jsonschema (through
altair) imports the optional ``rfc3987_syntax`` that Jupyter installs, which compiles
38 lark grammars (1.5 s of CPU) for IRI format checks nothing here uses.

:func:`lean_great_expectations` wraps the import: while GX imports, ``scipy.stats``
and ``altair`` are :class:`DeferredModule` stand-ins that import the real module on
first use (so the KL-divergence expectation still works), and ``rfc3987_syntax`` is
marked absent (jsonschema then goes without it). Afterwards the stand-ins leave
``sys.modules``: any later ``import scipy.stats`` gets the real module.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

DEFERRED = ("scipy.stats", "altair")
"""Modules GX imports at import time but uses only when an expectation the workbench never runs runs."""


class DeferredModule(ModuleType):
    """Stands in for module ``name`` and imports it when an attribute is first asked for.

    Examples:
        >>> deferred = DeferredModule("colorsys")
        >>> deferred.rgb_to_hsv(1.0, 0.0, 0.0)
        (0.0, 1.0, 1.0)
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__spec__ = importlib.util.find_spec(name)

    def __getattr__(self, attribute: str) -> Any:
        module = self.__dict__.get("_module")
        if module is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            module = self.__dict__["_module"] = importlib.import_module(self.__name__)
        return getattr(module, attribute)


@contextmanager
def lean_great_expectations() -> Iterator[None]:
    """Import Great Expectations inside this block with :data:`DEFERRED` deferred (see the module docstring)."""
    if "great_expectations" in sys.modules:
        yield
        return
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    stand_ins = {name: DeferredModule(name) for name in DEFERRED
                 if name not in sys.modules and importlib.util.find_spec(name.partition(".")[0]) is not None}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
