"""``pytest --nbval-lax`` over the notebooks: each notebook runs on a fresh store in a temporary folder.

nbval starts a kernel per notebook, in the notebook's folder, with this process's environment.
Before the first cell of a notebook runs, ``WORKBENCH_STORE_URL`` is pointed at a new SQLite file
in a temporary folder (the notebooks open that store instead of their ``store_url``), and restored
as soon as the kernel has started: a run never sees an earlier run's decisions, leaves nothing in
``notebooks/work/``, and changes nothing for other tests. The folders are removed when the session ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

STORE_VARIABLE = "WORKBENCH_STORE_URL"
_stores: dict[Path, Path] = {}
"""notebook -> the temporary folder of its store"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> object:
    """Start the kernel of ``item``'s notebook (at its first cell) with its own store."""
    notebook = Path(item.path)
    if notebook.suffix != ".ipynb" or notebook in _stores:
        return (yield)
    folder = _stores[notebook] = Path(tempfile.mkdtemp(prefix=f"workbench-{notebook.stem}-"))
    previous = os.environ.get(STORE_VARIABLE)
    os.environ[STORE_VARIABLE] = f"sqlite:///{folder / 'workbench.db'}"
    try:
        return (yield)  # nbval starts the kernel here; it keeps this environment
    finally:
        if previous is None:
            os.environ.pop(STORE_VARIABLE)
        else:
            os.environ[STORE_VARIABLE] = previous


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Remove the notebooks' stores."""
    for folder in _stores.values():
        shutil.rmtree(folder, ignore_errors=True)
    _stores.clear()
