"""The onboarding notebook stays thin: a parameters cell of literals, then calls into the package."""

from __future__ import annotations

import ast

import nbformat

from workbench.batch.runner import ONBOARD_NOTEBOOK, RESERVED


def _code_cells() -> list:
    return [cell for cell in nbformat.read(ONBOARD_NOTEBOOK, as_version=4).cells if cell.cell_type == "code"]


def test_the_first_code_cell_is_tagged_parameters_and_holds_only_literals() -> None:
    first = _code_cells()[0]
    assert "parameters" in first.metadata.get("tags", [])
    tree = ast.parse(first.source)
    assert all(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) for node in tree.body)
    names = {node.targets[0].id for node in tree.body}
    assert set(RESERVED) | {"kind", "links", "source_system", "target_system"} <= names


def test_no_cell_defines_functions_or_classes_or_loops() -> None:
    banned = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda)
    for cell in _code_cells():
        found = [type(node).__name__ for node in ast.walk(ast.parse(cell.source)) if isinstance(node, banned)]
        assert found == [], cell.source


def test_outputs_are_not_committed() -> None:
    assert all(not cell.get("outputs") for cell in _code_cells())
