"""Users of a store: the first is its admin, only admins manage users, identity from the environment."""

from __future__ import annotations

import pytest

from workbench.errors import AccessError, ConfigError, StoreError
from workbench.store import ADMIN, STEWARD, VIEWER, current_actor
from workbench.team import REFUSED, add_user, grant_role, member, set_groups, users_frame


def audit(store) -> list[tuple[str, str]]:
    with store.transaction() as tx:
        frame = tx.audit.frame()
    return list(frame[["action", "actor"]].itertuples(index=False, name=None))[::-1]


def test_identity_comes_from_workbench_user_then_jupyterhub_user_then_the_os(monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_USER", "alice")
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-alice")
    assert current_actor() == "alice"
    assert current_actor("named") == "named"
    monkeypatch.delenv("WORKBENCH_USER")
    assert current_actor() == "hub-alice"
    monkeypatch.setenv("JUPYTERHUB_USER", "  ")
    monkeypatch.setenv("USER", "os-user")
    monkeypatch.setenv("LOGNAME", "os-user")
    assert current_actor() == "os-user"


def test_a_store_without_users_is_personal_and_its_first_user_is_its_admin(store) -> None:
    assert member(store, "alice").team is False
    with pytest.raises(AccessError, match=r"first user is its admin, and that is you \(alice\)"):
        add_user(store, "bob", STEWARD, actor="alice")
    first = add_user(store, "alice", STEWARD, actor="alice")  # asked for steward: the first user is the admin
    assert first.role == ADMIN
    assert member(store, "alice").describe() == "alice (admin)"
    add_user(store, "bob", STEWARD, ["sales", "north"], actor="alice")
    assert member(store, "bob").groups == ("north", "sales")
    assert member(store, "carol").describe() == "carol (not a user of this store)"
    assert users_frame(store)[["name", "role", "groups", "added_by"]].values.tolist() == [
        ["alice", ADMIN, "", "alice"], ["bob", STEWARD, "north, sales", "alice"]]
    assert audit(store) == [("refused", "alice"), ("add user", "alice"), ("add user", "alice")]


def test_only_admins_add_users_grant_roles_and_set_groups_and_refusals_are_audited(store) -> None:
    add_user(store, "alice", actor="alice")
    add_user(store, "bob", STEWARD, actor="alice")
    with pytest.raises(AccessError, match=r"bob is a steward: add user needs the admin role\. Ask an admin "
                                          r"\(alice\) to run: workbench users grant bob admin"):
        add_user(store, "carol", VIEWER, actor="bob")
    with pytest.raises(AccessError, match="bob is a steward: grant role needs the admin role"):
        grant_role(store, "bob", ADMIN, actor="bob")
    with pytest.raises(AccessError, match="carol is not a user of this store, so may not set groups"):
        set_groups(store, "bob", ["sales"], actor="carol")
    assert member(store, "bob").role == STEWARD
    grant_role(store, "bob", VIEWER, actor="alice")
    set_groups(store, "bob", ["north"], actor="alice")
    assert (member(store, "bob").role, member(store, "bob").groups) == (VIEWER, ("north",))
    with store.transaction() as tx:
        entries = tx.audit.frame()
    refused = entries[entries["action"] == REFUSED]
    assert refused["actor"].tolist() == ["carol", "bob", "bob"]
    assert [p["action"] for p in refused["payload"]] == ["set groups", "grant role", "add user"]
    assert entries.loc[entries["action"] == "grant role", "payload"].iloc[0] == {
        "name": "bob", "role": VIEWER, "before": STEWARD}


def test_the_last_admin_keeps_the_role_and_mistakes_are_named(store) -> None:
    add_user(store, "alice", actor="alice")
    with pytest.raises(StoreError, match="alice is the only admin of this store"):
        grant_role(store, "alice", STEWARD, actor="alice")
    with pytest.raises(StoreError, match="alice is a user already"):
        add_user(store, "alice", actor="alice")
    with pytest.raises(ConfigError, match="'boss' is not a role"):
        add_user(store, "dan", "boss", actor="alice")
    with pytest.raises(StoreError, match="no user called 'dan'"):
        grant_role(store, "dan", STEWARD, actor="alice")
    add_user(store, "bob", ADMIN, actor="alice")
    grant_role(store, "alice", STEWARD, actor="bob")
    assert member(store, "alice").role == STEWARD
