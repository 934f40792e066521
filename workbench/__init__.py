"""Steward Workbench: bring customer bases into a business system and keep systems in step.

The public names are imported lazily, so ``import workbench`` stays fast and pulls in
neither Great Expectations nor ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "read_table": "workbench.io",
    "write_table": "workbench.io",
    "validate": "workbench.validation",
    "categorize": "workbench.sync",
    "open_store": "workbench.store",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
