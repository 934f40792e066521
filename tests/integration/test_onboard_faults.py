"""Onboarding loses nothing and leaks nothing: odd inputs, two runs at once, kill -9 of a batch (kernel runs: ~12).

Every file is made by the test: a small target (10 customers) and sources whose first
four customers are partners in the target (same personal e-mail) and whose others are new.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from workbench.batch import Onboarding
from workbench.store import open_store
from workbench.sync.actions import MEANWHILE

pytestmark = pytest.mark.slow

HEADER = "Kundennummer;Firma;Vorname;Nachname;E-Mail;Straße;PLZ;Ort;Land"
FIRST = ["Anna", "Bernd", "Clara", "Dieter", "Eva", "Frank", "Greta", "Hans", "Ilse", "Jens", "Karla", "Lars"]
LAST = ["Arndt", "Berger", "Claussen", "Dorn", "Ebert", "Fuchs", "Graf", "Hahn", "Illig", "Jung", "Krause", "Lenz"]
WORKBENCH = Path(sys.executable).with_name("workbench")


def customer(number: str, person: int, street: str | None = None) -> str:
    first, last = FIRST[person], LAST[person]
    return (f"{number};;{first};{last};{first.lower()}.{last.lower()}@posteo.de;{street or f'Weg {person + 1}'};"
            f"5067{person};Köln;DE")


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return write(tmp_path / "erp.csv", *(customer(f"D-{n}", n) for n in range(10)))


def source_rows(prefix: str, people: range) -> list[str]:
    """Customers ``people`` (0-3 have partners in the target, 10-11 are new) numbered ``<prefix><person>``."""
    return [customer(f"{prefix}{person}", person) for person in people]


def summary_of(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def store_state(url: str, source: str, target: str = "erp") -> dict:
    """What the store holds between the two systems, without ids and times."""
    with open_store(url) as store, store.reading() as tx:
        a, b = tx.systems.get(source), tx.systems.get(target)
        links = tx.links.frame(a, b)
        return {"links": sorted(zip(links["a_no"], links["b_no"], links["pending_side"].fillna(""), strict=True)),
                "snapshots": sorted(json.dumps(s, sort_keys=True) for s in links["snapshot"]),
                "decisions": sorted(map(tuple, tx.decisions.pair_frame(a, a)[["left_no", "right_no", "outcome"]]
                                        .to_numpy().tolist()))}


def test_a_header_only_source_onboards_as_zero_rows(cli, tmp_path, target) -> None:
    out = tmp_path / "out"
    code = cli(["onboard", "--source", str(write(tmp_path / "leer.csv")), "--target", str(target), "--out", str(out),
                "--store", f"sqlite:///{tmp_path / 'workbench.db'}"])
    assert code == 0
    summary = summary_of(out)
    assert summary["source"]["rows"] == 0
    assert summary["changes"]["erp"] == {"create": 0, "update": 0, "deactivate": 0}
    assert set(summary["decisions"].values()) == {0}
    assert {"review_queue.xlsx", "rejected.xlsx", "changes_erp.xlsx"} <= set(summary["files"])


def test_an_odd_file_name_and_a_long_street_onboard_into_the_store_given_and_a_rerun_adds_nothing(
        cli, tmp_path, target, capsys, monkeypatch) -> None:
    source = write(tmp_path / os.fsdecode(b"kunden_\xff.csv"), *source_rows("K", range(4)),
                   customer("K10", 10, street="Lange Straße " + "x" * 40_000), customer("K11", 11))
    links = tmp_path / "links.csv"
    links.write_text("a_customer_no;b_customer_no;sync;synced_at\nK0;D-0;on;\n", encoding="utf-8")
    given, ignored = tmp_path / "given.db", tmp_path / "environment.db"
    monkeypatch.setenv("WORKBENCH_STORE_URL", f"sqlite:///{ignored}")
    arguments = ["onboard", "--source", str(source), "--target", str(target), "--out", str(tmp_path / "out"),
                 "--store", f"sqlite:///{given}", "-p", f"links={links}"]
    leftover = tmp_path / "out" / ".onboard-0123456789ab.partial"  # what a run killed with kill -9 leaves
    leftover.mkdir(parents=True)
    (leftover / "onboard_customers.ipynb").write_text("{}", encoding="utf-8")

    assert cli(arguments) in (0, 1), capsys.readouterr().err

    shown = capsys.readouterr().out
    assert f"Store: sqlite:///{given}" in shown
    assert not ignored.exists()  # an explicit --store wins over $WORKBENCH_STORE_URL
    out = tmp_path / "out"
    summary = summary_of(out)
    assert summary["store"] == f"sqlite:///{given}"
    assert summary["source"]["system"] == "kunden_\N{REPLACEMENT CHARACTER}"
    assert summary["source"]["file"] == f"{tmp_path}/kunden_\N{REPLACEMENT CHARACTER}.csv"
    assert summary["decisions"]["partners_created"] == 2
    created = pd.read_excel(out / "changes_erp.xlsx", dtype=str)
    street = created.loc[created["customer_no"] == "K10", "street"].iloc[0]
    assert len(street) == 32_767
    assert street.endswith("characters in all; the full text is in the CSV output and the store]")
    before = store_state(f"sqlite:///{given}", "kunden_\N{REPLACEMENT CHARACTER}")
    assert any(len((json.loads(s) or {}).get("street") or "") > 40_000 for s in before["snapshots"])
    assert not list(out.glob(".onboard-*.partial"))

    with open_store(f"sqlite:///{given}") as store, store.reading() as tx:
        entries = len(tx.audit.frame())
    assert cli(arguments) in (0, 1)
    again = summary_of(out)
    assert set(again["decisions"].values()) == {0}
    assert store_state(f"sqlite:///{given}", "kunden_\N{REPLACEMENT CHARACTER}") == before
    with open_store(f"sqlite:///{given}") as store, store.reading() as tx:
        assert len(tx.audit.frame()) == entries  # no empty "import links" entry for the links file seen before


@pytest.mark.postgres
def test_passwords_are_masked_in_every_output(cli, tmp_path, target, postgres_url) -> None:
    password = postgres_url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
    out = tmp_path / "out"
    source = write(tmp_path / "crm.csv", *source_rows("K", range(6)))
    code = cli(["onboard", "--source", str(source), "--target", str(target), "--out", str(out),
                "--store", postgres_url, "-p", "source_system=crm_masked"])
    assert code in (0, 1)
    summary = summary_of(out)
    assert ":***@" in summary["store"]
    written = {path.name: path.read_text(encoding="utf-8") for path in out.iterdir()
               if path.suffix in (".json", ".html", ".ipynb", ".csv")}
    assert {"summary.json", "onboard_customers.html", "onboard_customers.ipynb"} <= set(written)
    leaked = [name for name, text in written.items() if f":{password}@" in text]
    assert leaked == []
    with open_store(postgres_url) as store, store.reading() as tx:  # the run did use the store
        assert len(tx.links.frame(tx.systems.get("crm_masked"), tx.systems.get("erp"))) == 6


def test_a_run_whose_records_another_run_linked_meanwhile_says_so_and_goes_on(tmp_path, target, store_url) -> None:
    source = write(tmp_path / "crm.csv", *source_rows("K", [0, 1, 2, 3, 10, 11]))
    store = store_url
    runs = [Onboarding.start(source=source, target=target, out=tmp_path / name, store_url=store,
                             source_system="crm", target_system="erp") for name in ("first", "second")]
    for run in runs:
        run.read()
        run.validate()
        run.match()
    first, second = runs
    original = first._apply

    def after_the_other_run(plan) -> None:  # the first run planned from its overview; the second decides now
        second.decide()
        second.export()
        original(plan)

    first._apply = after_the_other_run
    first.decide()
    first.export()

    held = first.held_back()
    assert sorted(held.loc[held["reason"] == MEANWHILE, "no"]) == ["K0", "K1", "K10", "K11", "K2", "K3"]
    assert first.summary()["held_back"] == {MEANWHILE: 6}
    assert second.summary()["decisions"]["partners_created"] == 2
    state = store_state(store, "crm")
    assert [(a, b) for a, b, _pending in state["links"]] == [
        ("K0", "D-0"), ("K1", "D-1"), ("K10", "K10"), ("K11", "K11"), ("K2", "D-2"), ("K3", "D-3")]
    for run in runs:
        run.close()


def test_two_onboarding_processes_at_once_on_one_store_both_finish_and_link_each_record_once(tmp_path, target):
    source = write(tmp_path / "crm.csv", *source_rows("K", [0, 1, 2, 3, 10, 11]))
    store = f"sqlite:///{tmp_path / 'workbench.db'}"
    runs = [subprocess.Popen([str(WORKBENCH), "onboard", "--source", str(source), "--target", str(target),
                              "--out", str(tmp_path / name), "--store", store, "-p", "source_system=crm"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    results = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] in ([0, 0], [1, 1]), results
    assert [(a, b) for a, b, _pending in store_state(store, "crm")["links"]] == [
        ("K0", "D-0"), ("K1", "D-1"), ("K10", "K10"), ("K11", "K11"), ("K2", "D-2"), ("K3", "D-3")]
    created = [summary_of(tmp_path / name)["decisions"]["partners_created"] for name in ("a", "b")]
    assert sorted(created) in ([0, 2], [2, 0]) or sum(created) == 2


def descendants(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def batch_outputs(out: Path) -> dict:
    """Per file: the summary without times, paths and this run's own counters, and the change sets' rows."""
    kept = ("source", "validation", "duplicates", "partners", "sync_after", "review", "changes", "exit_code")
    result = {}
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        summary = summary_of(folder)
        summary["source"] = {k: v for k, v in summary["source"].items() if k != "file"}
        result[folder.name] = {
            "summary": {key: summary[key] for key in kept},
            "changes": pd.read_excel(folder / "changes_erp.xlsx", dtype=str).sort_values("customer_no")
            .to_dict("records"),
        }
    return result


def test_kill_9_of_a_batch_leaves_no_worker_and_a_rerun_gives_what_an_uninterrupted_run_gives(tmp_path, target):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for name, prefix in (("crm1", "A"), ("crm2", "B"), ("crm3", "C")):
        write(incoming / f"{name}.csv", *source_rows(prefix, [0, 1, 2, 3, 10, 11]))

    def batch(out: str, store: str) -> list[str]:
        return [str(WORKBENCH), "batch", str(incoming), "--target", str(target), "--out", str(tmp_path / out),
                "--store", f"sqlite:///{tmp_path / store}", "--workers", "2", "-p", "target_system=erp"]

    reference = subprocess.run(batch("reference", "reference.db"), capture_output=True, text=True, timeout=900)
    assert reference.returncode == 0, reference.stdout + reference.stderr

    killed = subprocess.Popen(batch("out", "workbench.db"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    parent = psutil.Process(killed.pid)
    deadline = time.monotonic() + 600
    while not list((tmp_path / "out").glob("*/.onboard-*.partial/*.ipynb")):  # a kernel is at work
        assert killed.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    time.sleep(2)
    workers = descendants(parent)
    assert len([w for w in workers if "ipykernel" in " ".join(w.cmdline())]) >= 1
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    _gone, alive = psutil.wait_procs(workers, timeout=60)
    assert alive == [], [" ".join(p.cmdline()) for p in alive]

    rerun = subprocess.run(batch("out", "workbench.db"), capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert batch_outputs(tmp_path / "out") == batch_outputs(tmp_path / "reference")
    for name in ("crm1", "crm2", "crm3"):
        assert store_state(f"sqlite:///{tmp_path / 'workbench.db'}", name) == \
               store_state(f"sqlite:///{tmp_path / 'reference.db'}", name)
    assert not list((tmp_path / "out").glob("*/.onboard-*.partial"))


def test_a_second_batch_into_the_same_folder_is_refused_while_the_first_runs(tmp_path, target) -> None:
    from workbench.batch.folder import onboard_folder
    from workbench.batch.locks import folder_lock
    from workbench.errors import InputError

    incoming = tmp_path / "incoming"
    incoming.mkdir()
    write(incoming / "crm.csv", *source_rows("K", [0]))
    with folder_lock(tmp_path / "out", "workbench batch incoming"), \
            pytest.raises(InputError, match=r"another run is writing into this folder \(workbench batch incoming, "
                                            rf"process {os.getpid()}\)"):
        onboard_folder(incoming, target, tmp_path / "out")
