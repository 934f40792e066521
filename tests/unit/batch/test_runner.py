"""The runner's pieces that need no kernel: the kernel check, store paths, publishing, skipping finished files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from workbench.batch.folder import _finished_earlier, batch_exit_code, batch_files, output_folder
from workbench.batch.onboarding import file_digest
from workbench.batch.runner import _absolute_store, _publish, notebook_kernel


def test_the_kernel_is_python3_and_starts_this_interpreter() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    assert notebook_kernel() == "python3"
    command = KernelSpecManager().get_kernel_spec("python3").argv[0]
    assert command in ("python", "python3") or Path(command).resolve() == Path(sys.executable).resolve()


def test_relative_sqlite_stores_become_absolute_others_stay(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _absolute_store(None) == f"sqlite:///{tmp_path / 'workbench.db'}"
    assert _absolute_store("sqlite:///state/w.db") == f"sqlite:///{tmp_path / 'state' / 'w.db'}"
    assert _absolute_store("sqlite:////srv/w.db") == "sqlite:////srv/w.db"
    assert _absolute_store("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_publishing_replaces_the_previous_run_and_puts_the_summary_last(tmp_path) -> None:
    out, staging = tmp_path / "out", tmp_path / "out" / ".onboard-1.partial"
    staging.mkdir(parents=True)
    (out / "summary.json").write_text(json.dumps({"files": ["old.csv", "summary.json", "../escape.txt"]}))
    (out / "old.csv").write_text("old")
    (out / "kept.txt").write_text("not ours")
    (tmp_path / "escape.txt").write_text("outside")
    (staging / "changes.xlsx").write_text("new")
    (staging / "summary.json").write_text(json.dumps({"files": ["changes.xlsx", "summary.json"]}))
    _publish(staging, out)
    assert sorted(p.name for p in out.iterdir()) == [".onboard-1.partial", "changes.xlsx", "kept.txt", "summary.json"]
    assert json.loads((out / "summary.json").read_text())["files"] == ["changes.xlsx", "summary.json"]
    assert (tmp_path / "escape.txt").exists()  # only plain names of the old run are removed


def test_batch_files_leave_hidden_and_lock_files_out(tmp_path) -> None:
    for name in ("b.csv", "a.xlsx", ".hidden.csv", "~$a.xlsx"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in batch_files(tmp_path)] == ["a.xlsx", "b.csv"]
    assert output_folder(tmp_path / "out", tmp_path / "a.xlsx") == tmp_path / "out" / "a-xlsx"


def test_a_file_counts_as_done_only_with_a_summary_of_the_same_bytes(tmp_path) -> None:
    source, out = tmp_path / "crm.csv", tmp_path / "out"
    source.write_text("Kundennummer;Name\n1;Arndt\n")
    out.mkdir()
    assert _finished_earlier(source, out) is None
    (out / "summary.json").write_text(json.dumps({"source": {"sha256": file_digest(source)}, "exit_code": 1,
                                                  "review": {"conflict": 2}, "validation": None}))
    earlier = _finished_earlier(source, out)
    assert (earlier.status, earlier.exit_code) == ("skipped", 1)
    assert "2 items for review" in earlier.message
    source.write_text("Kundennummer;Name\n1;Arndt\n2;Berg\n")
    assert _finished_earlier(source, out) is None


def test_the_batch_exit_code_is_the_worst_files() -> None:
    from workbench.batch.folder import FileOutcome

    def outcome(code: int) -> FileOutcome:
        return FileOutcome(Path("f"), Path("o"), "done", code, "", {}, 0.0)

    assert batch_exit_code([outcome(0), outcome(1)]) == 1
    assert batch_exit_code([outcome(1), outcome(2), outcome(0)]) == 2


def test_the_commands_import_no_widget_or_notebook_machinery() -> None:
    import subprocess

    probe = ("import sys, workbench.batch, workbench.cli.onboard, workbench.cli.batch; "
             "print(sorted(m for m in ('ipywidgets', 'IPython', 'traitlets', 'papermill', 'nbconvert') "
             "if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parents[3])
    assert shown.stdout.strip() == "[]"  # papermill and nbconvert load when a notebook runs, not before
