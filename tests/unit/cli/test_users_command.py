"""The `users` commands: the first user is the admin, admins manage the others, refusals exit 2."""

from __future__ import annotations

from workbench.store import open_store


def test_users_add_grant_groups_and_list_as_the_environment_names_the_user(cli, tmp_path, monkeypatch, capsys):
    store = f"sqlite:///{tmp_path / 'workbench.db'}"
    monkeypatch.setenv("WORKBENCH_USER", "ada")
    assert cli(["users", "add", "bob", "--store", store]) == 2
    assert "its first user is its admin, and that is you (ada)" in capsys.readouterr().err
    assert cli(["users", "add", "ada", "--store", store]) == 0
    assert "ada is a user of the store: admin." in capsys.readouterr().out
    assert cli(["users", "add", "bob", "--role", "viewer", "--group", "sales", "--store", store]) == 0
    assert cli(["users", "grant", "bob", "steward", "--store", store]) == 0
    assert cli(["users", "groups", "bob", "sales", "north", "--store", store]) == 0
    capsys.readouterr()

    monkeypatch.setenv("WORKBENCH_USER", "bob")
    assert cli(["users", "add", "carol", "--store", store]) == 2
    assert "bob is a steward: add user needs the admin role. Ask an admin (ada)" in capsys.readouterr().err
    assert cli(["users", "list", "--store", store]) == 0
    listed = capsys.readouterr().out
    assert "north, sales" in listed
    assert "You are bob (steward)." in listed
    with open_store(store) as opened, opened.transaction() as tx:
        assert tx.audit.frame()["action"].tolist()[::-1] == [
            "refused", "add user", "add user", "grant role", "set groups", "refused"]
