"""The README's commands name files a fresh clone has, write only into out/ (ignored by git), and parse."""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[list[str]]:
    """The ``workbench`` commands of the README's first bash block, continuation lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## What you can do\n\n```bash\n(.*?)```", text, re.DOTALL)
    assert block, "the README has no command block under 'What you can do'"
    lines = block[1].replace("\\\n", " ").splitlines()
    commands = []
    for line in lines:
        for part in line.split("#", 1)[0].split("&&"):
            words = shlex.split(part)
            if words:
                commands.append(words)
    return commands


COMMANDS = readme_commands()


def test_every_file_a_command_reads_is_in_the_repository():
    for words in COMMANDS:
        for word in words:
            if word.startswith("data_samples/") or "=data_samples/" in word:
                assert (ROOT / word.split("=", 1)[-1]).exists(), (words, word)


def test_every_command_writes_only_into_out():
    for words in COMMANDS:
        if words[0] != ".venv/bin/workbench":
            continue
        for option, value in itertools.pairwise(words):
            if option == "--out":
                assert value.startswith("out/"), words
            if option == "--store":
                assert value.startswith("sqlite:///out/"), words
        writes = words[1] in ("onboard", "batch", "validate", "links", "overview", "contacts")
        assert not writes or "--out" in words or "--store" in words, words
        if words[1] in ("links", "overview", "onboard", "batch", "contacts"):
            assert "--store" in words, words


@pytest.mark.parametrize("words", [w for w in COMMANDS if w[0] == ".venv/bin/workbench"],
                         ids=lambda w: " ".join(w[1:3]))
def test_every_command_is_understood(words, cli, capsys):
    """Unknown options fail even beside --help: the parser reads every argument first."""
    arguments = [*words[1:], "--help"] if "--help" not in words else words[1:]
    assert cli(arguments) == 0, capsys.readouterr().err
