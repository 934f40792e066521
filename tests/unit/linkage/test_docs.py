"""The code in docs/linkage.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "linkage.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_example_runs(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, str(DOC), "exec"), {})


def test_first_example_prints_what_the_doc_says(capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(BLOCKS[0], str(DOC), "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    documented = [line[2:] for line in BLOCKS[0].splitlines() if line.startswith("# ")]
    explanation = " ".join(line.strip() for line in documented[3:5])
    assert printed[:3] == documented[:3]
    assert printed[3] == explanation
    assert printed[4:7] == documented[5:8]
