"""Every notebook in ``notebooks/`` stays thin (STYLE.md): parameters, calls into the package, views.

Read with nbformat and parsed with ``ast``: the first code cell is tagged ``parameters`` and holds
only literal assignments (papermill replaces them); no cell defines a function or class or loops
(comprehensions included); and the committed notebook holds outputs only where nbval compares them
(cells starting with ``# NBVAL_CHECK_OUTPUT``, which must have one and the count nbval needs to
compare it); every other cell is committed without outputs or count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[3] / "notebooks").glob("*.ipynb"))
CHECKED = "# NBVAL_CHECK_OUTPUT"
LOGIC = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.For, ast.AsyncFor, ast.While,
         ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def test_the_notebooks_are_there():
    assert {"audit_duplicates.ipynb", "sync_overview.ipynb"} <= {path.name for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_first_code_cell_holds_only_literal_parameters(path: Path):
    first = _code_cells(path)[0]
    assert "parameters" in first.metadata.get("tags", []), "the first code cell must be tagged 'parameters'"
    for statement in ast.parse(first.source).body:
        assert isinstance(statement, ast.Assign), f"not an assignment: {ast.unparse(statement)}"
        ast.literal_eval(statement.value)  # raises ValueError on anything but a literal


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_no_cell_defines_or_loops(path: Path):
    for cell in _code_cells(path):
        found = [type(node).__name__ for node in ast.walk(ast.parse(cell.source)) if isinstance(node, LOGIC)]
        assert not found, f"logic belongs in the package, not in a cell ({', '.join(found)}):\n{cell.source}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_only_checked_cells_keep_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in _code_cells(path):
        checked = cell.source.lstrip().startswith(CHECKED)
        assert bool(cell.outputs) == checked == (cell.execution_count is not None), (
            f"{'a checked cell needs its expected output' if checked else 'outputs of an unchecked cell'}"
            f" (python scripts/refresh_checked_outputs.py {path.name}):\n{cell.source}")
