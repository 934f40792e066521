"""One route for every headless decision (docs/review.md): the same policy through a notebook run
headless, through ``workbench onboard`` and through the review model in plain Python leaves the
same decisions in the store (kernel runs: 3)."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest

from workbench.io import read_table
from workbench.linkage import LinkageConfig, find_duplicates, match_new_records
from workbench.review import DuplicateReview, onboarding_policy
from workbench.store import open_store

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SAMPLES = REPO / "data_samples"
SOURCE, TARGET, LINKS = SAMPLES / "crm_customers.xlsx", SAMPLES / "erp_customers.csv", SAMPLES / "links.csv"
POLICY = "auto"  # the policy that decides possible pairs and conflicts: "review" decides neither

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _no_store_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_STORE_URL", raising=False)  # it would replace the stores given here


def _notebook(name: str, out: Path, **parameters: object) -> None:
    papermill.execute_notebook(NOTEBOOKS / name, out / name, parameters={**parameters, "interactive": False},
                               cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False)


def _pair_decisions(store_url: str) -> set[tuple[str, str, str, str]]:
    """The CRM's duplicate decisions: numbers, outcome and reason (not who and when)."""
    with open_store(store_url) as store, store.transaction() as tx:
        crm = tx.systems.get("CRM")
        frame = tx.decisions.pair_frame(crm, crm)
    return set(frame[["left_no", "right_no", "outcome", "reason"]].itertuples(index=False, name=None))


def _field_decisions(store_url: str) -> set[tuple[str, str, str, str, str]]:
    """The decided conflicts between CRM and ERP, by the linked records' numbers."""
    with open_store(store_url) as store, store.transaction() as tx:
        crm, erp = tx.systems.get("CRM"), tx.systems.get("ERP")
        links = tx.links.frame(crm, erp).set_index("link_id")
        frame = tx.decisions.field_frame(crm, erp)
    return {(links.at[link_id, "a_no"], links.at[link_id, "b_no"], field, outcome, value)
            for link_id, field, outcome, value in frame[["link_id", "field", "outcome", "value"]].itertuples(
                index=False)}


def test_onboarding_decides_as_its_notebook_and_as_the_review_model_in_plain_python(cli, tmp_path: Path):
    by_command, by_notebook, by_python = (f"sqlite:///{tmp_path / name}.db" for name in ("cli", "nb", "py"))
    code = cli(["onboard", "--source", str(SOURCE), "--target", str(TARGET), "--out", str(tmp_path / "cli"),
                "--store", by_command, "--policy", POLICY, "-p", f"links={LINKS}", "-p", "source_system=CRM",
                "-p", "target_system=ERP"])
    assert code in (0, 1)
    _notebook("onboard_customers.ipynb", tmp_path, source=str(SOURCE), target=str(TARGET), links=str(LINKS),
              out_dir=str(tmp_path / "nb"), store_url=by_notebook, policy=POLICY, source_system="CRM",
              target_system="ERP")
    _, duplicates = match_new_records(read_table(SOURCE, "customer").frame, read_table(TARGET, "customer").frame,
                                      LinkageConfig(kind="customer"))
    with open_store(by_python) as store:
        decided = DuplicateReview(duplicates, store, system="CRM").apply_policy(onboarding_policy(POLICY))

    expected = _pair_decisions(by_python)
    assert decided == len(expected) > 0
    assert _pair_decisions(by_command) == expected
    assert _pair_decisions(by_notebook) == expected
    assert _field_decisions(by_command) == _field_decisions(by_notebook) != set()


def test_the_audit_notebook_decides_as_the_review_model_in_plain_python(tmp_path: Path):
    by_notebook, by_python = (f"sqlite:///{tmp_path / name}.db" for name in ("nb", "py"))
    _notebook("audit_duplicates.ipynb", tmp_path, store_url=by_notebook, policy=POLICY)
    records = read_table(SOURCE, sheet="Kunden").frame
    with open_store(by_python) as store:
        decided = DuplicateReview(find_duplicates(records), store, system="CRM").apply_policy(
            onboarding_policy(POLICY))

    assert decided == len(_pair_decisions(by_python)) > 0
    assert _pair_decisions(by_notebook) == _pair_decisions(by_python)
