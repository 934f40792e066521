"""Re-run notebooks and keep only the outputs nbval compares: those of ``# NBVAL_CHECK_OUTPUT`` cells.

``pytest --nbval-lax`` compares a cell's output with the committed one only where the cell starts with
``# NBVAL_CHECK_OUTPUT``; every other cell just has to run. This script runs each notebook on the
samples (in its own folder, on a fresh store in a temporary folder, as the notebook tests do),
writes the fresh outputs of the checked cells (with their execution counts: nbval refuses outputs
of cells that did not run) into the notebook and clears all other outputs and counts, so the
committed notebooks hold exactly the contract and nothing of a run.

    python scripts/refresh_checked_outputs.py                      # every notebook in notebooks/
    python scripts/refresh_checked_outputs.py notebooks/audit_duplicates.ipynb
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHECKED = "# NBVAL_CHECK_OUTPUT"
TIMEOUT_S = 300


def refresh(path: Path) -> int:
    """Run ``path`` and keep only its checked cells' outputs; returns how many cells are checked."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="workbench-refresh-") as folder:
        previous = os.environ.get("WORKBENCH_STORE_URL")
        os.environ["WORKBENCH_STORE_URL"] = f"sqlite:///{Path(folder) / 'workbench.db'}"
        try:
            NotebookClient(notebook, timeout=TIMEOUT_S, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            if previous is None:
                os.environ.pop("WORKBENCH_STORE_URL")
            else:
                os.environ["WORKBENCH_STORE_URL"] = previous
    checked = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith(CHECKED):
            checked += 1  # nbval compares only cells that ran: the execution count stays
        else:
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return checked


def main(argv: list[str] | None = None) -> None:
    """Refresh the notebooks named on the command line, or all of ``notebooks/``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    paths = parser.parse_args(argv).notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        print(f"{path}: {refresh(path)} checked cells refreshed")


if __name__ == "__main__":
    main()
