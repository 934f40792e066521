"""The code in docs/review.md runs as written and prints what the page says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "review.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_first_example_prints_what_the_page_says(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.chdir(DOC.parents[1])
    exec(compile(BLOCKS[0], str(DOC), "exec"), {})
    documented = [line[2:] for line in BLOCKS[0].splitlines() if line.startswith("# ")]
    assert capsys.readouterr().out.splitlines() == documented
