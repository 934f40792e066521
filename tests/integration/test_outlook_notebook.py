"""The Outlook contacts notebook: thin, and headless under papermill it imports and exports by policy."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import papermill
import pytest

from workbench.io import read_table

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "outlook_contacts.ipynb"


def test_the_notebook_is_thin() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert "interactive = True" in code[0].source
    for cell in code:
        tree = ast.parse(cell.source)
        kinds = {type(node).__name__ for node in ast.walk(tree)}
        assert not kinds & {"FunctionDef", "ClassDef", "For", "While", "ListComp", "DictComp", "Lambda"}, cell.source
    assert len(code) <= 10


@pytest.mark.slow
def test_headless_it_imports_and_exports_by_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this tree's workbench
    executed = papermill.execute_notebook(
        str(NOTEBOOK), str(tmp_path / "run.ipynb"), cwd=str(NOTEBOOK.parent), kernel_name="python3",
        progress_bar=False, parameters={"interactive": False, "out_dir": str(tmp_path),
                                        "store_url": f"sqlite:///{tmp_path / 'wb.db'}"})
    outputs = "\n".join(str(output.get("data", {}).get("text/plain", output.get("text", "")))
                        for cell in executed.cells if cell.cell_type == "code" for output in cell.outputs)
    assert "15 known cards, 35 candidates" in outputs
    assert "sure duplicate of an existing contact" in outputs
    records = read_table(tmp_path / "contact_records.xlsx", "contact").frame
    assert records["action"].value_counts().to_dict() == {"create": 9, "update": 5}
    exported = read_table(tmp_path / "outlook_export.vcf", "contact").frame
    assert exported["X-WORKBENCH-ID"].notna().all()
    assert f"contacts exported to {tmp_path / 'outlook_export.vcf'}" in outputs
