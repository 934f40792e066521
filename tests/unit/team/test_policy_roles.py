"""Policies are an admin's call: stewards run the review policy, admins the ones that decide more."""

from __future__ import annotations

import pytest

from workbench.batch.onboarding import Onboarding
from workbench.errors import AccessError
from workbench.store import STEWARD, VIEWER, open_store
from workbench.team import REFUSED, add_user


@pytest.fixture
def team_store(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    with open_store(url) as store:
        add_user(store, "ada", actor="ada")
        add_user(store, "sam", STEWARD, actor="ada")
        add_user(store, "vic", VIEWER, actor="ada")
    return url


def start(url: str, tmp_path, policy: str, **overrides) -> Onboarding:
    return Onboarding.start(source=tmp_path / "crm.csv", target=tmp_path / "erp.csv", out=tmp_path / "out",
                            policy=policy, store_url=url, **overrides)


def test_onboarding_acts_as_the_environment_s_user_with_the_role_its_policy_needs(team_store, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_USER", "sam")
    start(team_store, tmp_path, "review").close()
    with pytest.raises(AccessError, match="sam is a steward: onboard with the auto policy needs the admin role"):
        start(team_store, tmp_path, "auto")
    with pytest.raises(AccessError, match="onboard with the review policy needs the admin role"):
        start(team_store, tmp_path, "review", accept_possible=0.95)  # an override changes the policy
    monkeypatch.setenv("WORKBENCH_USER", "vic")
    with pytest.raises(AccessError, match="vic is a viewer: onboard with the review policy needs the steward role"):
        start(team_store, tmp_path, "review")
    monkeypatch.setenv("WORKBENCH_USER", "ada")
    start(team_store, tmp_path, "auto").close()
    with open_store(team_store) as store, store.transaction() as tx:
        refused = tx.audit.frame(action=REFUSED)
    assert refused["actor"].tolist() == ["vic", "sam", "sam"]


def test_the_command_refuses_before_a_kernel_starts(team_store, tmp_path, monkeypatch, cli, capsys) -> None:
    (tmp_path / "crm.csv").write_text("Kundennummer;Nachname\n1;Arndt\n", encoding="utf-8")
    (tmp_path / "erp.csv").write_text("Kundennummer;Nachname\nE1;Berg\n", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_USER", "sam")
    code = cli(["onboard", "--source", str(tmp_path / "crm.csv"), "--target", str(tmp_path / "erp.csv"),
                "--out", str(tmp_path / "out"), "--store", team_store, "--policy", "auto"])
    assert code == 2
    assert "sam is a steward: onboard with the auto policy needs the admin role" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("*.ipynb"))


def test_the_review_models_apply_a_policy_only_for_the_role_it_needs(store) -> None:
    import pandas as pd

    from tests.unit.sync.sync_scenarios import customers, link, person
    from workbench.linkage import find_duplicates
    from workbench.review import ConflictResolver, DuplicateReview, onboarding_policy
    from workbench.sync import categorize

    add_user(store, "ada", actor="ada")
    add_user(store, "sam", STEWARD, actor="ada")
    records = pd.DataFrame({"customer_no": ["1", "2"], "first_name": ["Anna", "Anna"], "last_name": ["Berg", "Berg"],
                            "email": ["anna@berg.de", "Anna@Berg.de"]}, index=pd.Index([2, 3], name="row"))
    auto, review = onboarding_policy("auto"), onboarding_policy("review")
    with pytest.raises(AccessError, match="sam is a steward: apply the auto policy needs the admin role"):
        DuplicateReview(find_duplicates(records), store, system="CRM", actor="sam").apply_policy(auto)
    assert DuplicateReview(find_duplicates(records), store, system="CRM", actor="sam").apply_policy(review) == 0
    link(store, "1", "E1")
    overview = categorize(customers(person("1", "Arndt", city="Bonn")),
                          customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Berlin")), store,
                          system_a="CRM", system_b="ERP")
    with pytest.raises(AccessError, match="sam is a steward: apply the auto policy needs the admin role"):
        ConflictResolver(overview, store, actor="sam").apply_policy(auto)
    assert ConflictResolver(overview, store, actor="ada").apply_policy(auto) >= 1
