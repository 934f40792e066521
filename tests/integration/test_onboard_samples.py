"""`workbench onboard` and `workbench batch` on the bundled samples, through papermill (kernel runs: 5).

The CRM workbook is onboarded into the ERP export with the links of an earlier sync;
the summary's counts are checked against ``truth.json``, a re-run with the same store
must decide nothing and create nothing, and a batch with a corrupt file must report it
and finish the others.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from workbench.store import open_store

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"
TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
ERROR_DEFECTS = {"missing_customer_no", "duplicate_customer_no", "invalid_status"}  # the suite's error rules

pytestmark = pytest.mark.slow


def _onboard(cli, out: Path, store: str) -> int:
    return cli(["onboard", "--source", str(SAMPLES / "crm_customers.xlsx"), "--target",
                str(SAMPLES / "erp_customers.csv"), "--out", str(out), "--store", store,
                "-p", f"links={SAMPLES / 'links.csv'}", "-p", "source_system=CRM", "-p", "target_system=ERP"])


def _store_state(store: str) -> dict:
    with open_store(store) as opened, opened.transaction() as tx:
        crm, erp = tx.systems.get("CRM"), tx.systems.get("ERP")
        audit = tx.audit.frame()
        return {"links": len(tx.links.frame(crm, erp)), "pair_decisions": len(tx.decisions.pair_frame(crm, crm)),
                "field_decisions": len(tx.decisions.field_frame(crm, erp)),
                "audit": audit, "created": [row[1] for payload in audit.loc[audit["action"] == "create partners",
                                                                             "payload"] for row in payload["created"]]}


@pytest.fixture(scope="module")
def first_run(cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("onboard")
    store = f"sqlite:///{folder / 'workbench.db'}"
    code = _onboard(cli, folder / "out", store)
    summary = json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))
    return code, folder / "out", store, summary, _store_state(store)


def test_the_summary_counts_are_the_truths(first_run) -> None:
    code, _out, _store, summary, _state = first_run
    assert code == 1  # items are left for review
    assert summary["source"]["rows"] == TRUTH["summary"]["records"]["crm"]
    assert summary["target"]["rows"] == TRUTH["summary"]["records"]["erp"]
    traps = pd.DataFrame([(t["a"]["dataset"], t["b"]["dataset"], t["class"]) for t in TRUTH["traps"]],
                         columns=["a", "b", "class"])
    crm_traps = traps[(traps["a"] == "crm") & (traps["b"] == "crm")]["class"].value_counts()
    pair_traps = traps[(traps["a"] == "crm") & (traps["b"] == "erp")]["class"].value_counts()
    assert summary["duplicates"] == {c: TRUTH["summary"]["duplicates"]["crm"][c] + int(crm_traps.get(c, 0))
                                     for c in ("sure", "possible")}
    assert summary["partners"] == {c: TRUTH["summary"]["partners"][c] + int(pair_traps.get(c, 0))
                                   for c in ("sure", "possible")}
    assert summary["sync_before"] == {"CRM": TRUTH["summary"]["sync"]["crm"], "ERP": TRUTH["summary"]["sync"]["erp"]}
    blocked = sorted({d["row"] for d in TRUTH["defects"] if d["dataset"] == "crm" and d["kind"] in ERROR_DEFECTS})
    assert summary["validation"]["rows_blocked"] == len(blocked)
    assert summary["decisions"]["links_sure"] > 0
    assert summary["decisions"]["partners_created"] == summary["changes"]["ERP"]["create"]
    assert summary["review"]["possible duplicate"] == summary["duplicates"]["possible"]  # review: all queued
    assert summary["exit_code"] == 1
    assert set(summary["timings"]) >= {"kernel_start", "read", "validation", "linkage", "sync", "notebook_total"}


def test_every_output_is_written_and_no_staging_is_left(first_run) -> None:
    _code, out, _store, summary, _state = first_run
    expected = {"onboard_customers.ipynb", "onboard_customers.html", "validation-report.html", "rejected.xlsx",
                "changes_CRM.xlsx", "changes_ERP.xlsx", "review_queue.xlsx", "links_by_policy.csv", "summary.json"}
    assert set(summary["files"]) == expected
    assert {p.name for p in out.iterdir()} == expected | {".workbench.lock"}  # no .partial folder, no temporary file
    rejected = pd.read_excel(out / "rejected.xlsx", dtype=str)
    blocked = sorted({d["row"] for d in TRUTH["defects"] if d["dataset"] == "crm" and d["kind"] in ERROR_DEFECTS})
    assert sorted(rejected["row"].astype(int)) == blocked
    queue = pd.read_excel(out / "review_queue.xlsx", dtype=str)
    assert queue["item"].value_counts().to_dict() == {k: v for k, v in summary["review"].items() if v}
    page = (out / "onboard_customers.html").read_text(encoding="utf-8")
    assert "<script src=\"https://" not in page  # opens offline
    assert "possible duplicate" in page  # the static tables of the headless run


def test_no_partner_is_created_for_a_record_with_a_sure_partner_or_twice_for_a_sure_duplicate(first_run) -> None:
    *_rest, state = first_run
    created = set(state["created"])
    assert created
    with_sure_partner = {r["customer_no"] for r in TRUTH["records"]["crm"]
                         if any(p["class"] == "sure" for p in r["sync"]["partners_in_other_system"])}
    assert not created & with_sure_partner
    for pair in TRUTH["duplicates"]["crm"]:
        if pair["class"] == "sure":
            assert not {pair["a"]["customer_no"], pair["b"]["customer_no"]} <= created, pair


def test_a_rerun_with_the_same_store_decides_nothing_and_creates_nothing_twice(cli, first_run, capfd) -> None:
    _code, out, store, _summary, before = first_run
    assert _onboard(cli, out, store) == 1
    shown = capfd.readouterr()
    assert "without encryption" not in shown.err  # the kernel's start-up warning is not shown
    assert "KeyboardInterrupt" not in shown.out + shown.err  # nor the interrupt before its shutdown
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["decisions"].values()) == {0}
    after = _store_state(store)
    assert [after[k] for k in ("links", "pair_decisions", "field_decisions", "created")] == \
           [before[k] for k in ("links", "pair_decisions", "field_decisions", "created")]
    new_entries = after["audit"][~after["audit"]["entry_id"].isin(before["audit"]["entry_id"])]
    assert new_entries["action"].tolist() == []  # links.csv checked again: nothing imported, nothing recorded
    assert "links_by_policy.csv" not in {p.name for p in out.iterdir()}  # the first run's file went with its summary


def test_a_batch_reports_the_corrupt_file_finishes_the_others_and_skips_them_next_time(cli, tmp_path, capsys) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(SAMPLES / "crm_customers.xlsx", folder / "crm.xlsx")
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    arguments = ["batch", str(folder), "--target", str(SAMPLES / "erp_customers.csv"), "--out", str(tmp_path / "out"),
                 "--store", f"sqlite:///{tmp_path / 'workbench.db'}", "--workers", "2"]
    assert cli(arguments) == 2
    shown = capsys.readouterr().out
    assert "2 files, 1 failed" in shown
    assert "broken.xlsx" in shown
    assert "Traceback" not in shown
    assert (tmp_path / "out" / "crm-xlsx" / "summary.json").is_file()
    assert not (tmp_path / "out" / "broken-xlsx" / "summary.json").exists()
    assert cli(arguments) == 2
    again = capsys.readouterr().out
    assert "skipped" in again
    assert "failed" in again
