"""The notebooks run headless (papermill, ``interactive=False``) and their policies decide into the store.

``pytest --nbval-lax`` runs the notebooks as committed (``interactive=True``, no policy); these runs
cover the other branch: the decisions a policy takes land in the store like a steward's.
"""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest

from workbench.io import read_table
from workbench.store import SAME, open_store
from workbench.sync import categorize

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SAMPLES = REPO / "data_samples"

pytestmark = pytest.mark.slow  # about 10 s per notebook run


@pytest.fixture(autouse=True)
def _no_store_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_STORE_URL", raising=False)  # it would replace the store given here


def _run(name: str, out: Path, **parameters: object) -> None:
    """Run a notebook in its folder (a failing cell raises ``PapermillExecutionError``)."""
    papermill.execute_notebook(NOTEBOOKS / name, out / name, parameters=parameters, cwd=str(NOTEBOOKS),
                               kernel_name="python3", progress_bar=False)


def test_audit_accepts_the_sure_pairs_by_policy(tmp_path: Path):
    store_url = f"sqlite:///{tmp_path / 'workbench.db'}"
    _run("audit_duplicates.ipynb", tmp_path, store_url=store_url, actor="nightly", accept_sure=True,
         interactive=False)
    with open_store(store_url) as store, store.transaction() as tx:
        crm = tx.systems.get("CRM")
        decided = tx.decisions.pair_frame(crm, crm)
    assert len(decided) == 33  # the sample's sure pairs
    assert set(decided["outcome"]) == {SAME}
    assert set(decided["decided_by"]) == {"nightly"}


def test_sync_overview_resolves_conflicts_by_policy(tmp_path: Path):
    store_url = f"sqlite:///{tmp_path / 'workbench.db'}"
    _run("sync_overview.ipynb", tmp_path, store_url=store_url, actor="nightly", policy="newest-wins", interactive=False)
    crm = read_table(SAMPLES / "crm_customers.xlsx", sheet="Kunden")
    erp = read_table(SAMPLES / "erp_customers.csv")
    with open_store(store_url) as store:
        overview = categorize(crm, erp, store, system_a="CRM", system_b="ERP")
        with store.transaction() as tx:
            decided = tx.decisions.field_frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    assert len(overview.links) == 160  # links.csv imported
    assert overview.counts["conflict"] < 48  # the sample's conflicts before any decision
    assert len(decided) > 0
    assert set(decided["decided_by"]) == {"nightly"}
