"""Managing the team of a store: add users, grant roles, set groups — admins only.

A store without users is a personal store where everything is allowed, as before
users existed. The first user added makes it a team store and is its admin; it must be
the person adding (so nobody locks themselves out). From then on only admins add users
and change roles or groups, and every action checks the role of the one acting
(:func:`workbench.team.guard.guarded`). Who acts is :func:`workbench.store.current_actor`:
``WORKBENCH_USER``, else ``JUPYTERHUB_USER``, else the operating-system user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from workbench.errors import AccessError
from workbench.store import ADMIN, STEWARD, Store, User, current_actor
from workbench.team.guard import guarded

ADD_USER, GRANT_ROLE, SET_GROUPS = "add user", "grant role", "set groups"
"""Action names of user management in the audit log."""
USER_COLUMNS = ("name", "role", "groups", "added_by", "added_at", "changed_by", "changed_at")


@dataclass(frozen=True)
class Member:
    """Who is working, as the store sees them.

    Attributes:
        name: The identity (:func:`workbench.store.current_actor`).
        role: Their role; None when the store has users but not this one.
        groups: Their groups.
        team: False in a personal store (no users yet: everything is allowed).
    """

    name: str
    role: str | None
    groups: tuple[str, ...] = ()
    team: bool = True

    def describe(self) -> str:
        """E.g. ``alice (steward)``, ``bob (not a user of this store)`` or ``eva (personal store)``."""
        if not self.team:
            return f"{self.name} (personal store: no users yet)"
        return f"{self.name} ({self.role or 'not a user of this store'})"


def member(store: Store, actor: str | None = None) -> Member:
    """Who acts (``actor`` or :func:`~workbench.store.current_actor`) and their role in ``store``.

    Examples:
        >>> from workbench.store import open_store
        >>> with open_store("sqlite://") as store:
        ...     member(store, "eva").describe()
        'eva (personal store: no users yet)'
    """
    name = current_actor(actor)
    with store.reading() as tx:
        if not tx.users.any():
            return Member(name, None, team=False)
        user = tx.users.find(name)
    return Member(name, user.role if user else None, user.groups if user else ())


def add_user(store: Store, name: str, role: str = STEWARD, groups: Iterable[str] = (), *,
             actor: str | None = None) -> User:
    """Add a user to the store (admins only; the first user is the admin and must be the one adding).

    Raises:
        AccessError: The one adding is not an admin, or adds somebody else first.
        StoreError: The user exists.
        ConfigError: Not a role, or an empty name.
    """
    who = current_actor(actor)
    with guarded(store, ADD_USER, actor=who) as tx:
        if not tx.users.any():
            if name.strip() != who:
                raise AccessError(f"this store has no users yet: its first user is its admin, and that is you ({who})",
                                  actor=who, action=ADD_USER,
                                  hint=f"Add yourself first: workbench users add {who}; then add {name.strip()}.")
            role = ADMIN
        else:
            tx.users.require(who, ADMIN, action=ADD_USER)
        user = tx.users.add(name, role, groups, actor=who)
        tx.audit.append(ADD_USER, {"name": user.name, "role": user.role, "groups": list(user.groups)}, actor=who)
    return user


def grant_role(store: Store, name: str, role: str, *, actor: str | None = None) -> User:
    """Give a user another role (admins only; the last admin stays one).

    Raises:
        AccessError: The one granting is not an admin.
        StoreError: No such user, or the last admin would lose the role.
    """
    who = current_actor(actor)
    with guarded(store, GRANT_ROLE, actor=who, role=ADMIN) as tx:
        before = tx.users.get(name)
        user = tx.users.set_role(name, role, actor=who)
        tx.audit.append(GRANT_ROLE, {"name": user.name, "role": user.role, "before": before.role}, actor=who)
    return user


def set_groups(store: Store, name: str, groups: Iterable[str], *, actor: str | None = None) -> User:
    """Make ``groups`` the groups of a user (admins only).

    Raises:
        AccessError: The one changing them is not an admin.
        StoreError: No such user.
    """
    who = current_actor(actor)
    with guarded(store, SET_GROUPS, actor=who, role=ADMIN) as tx:
        before = tx.users.get(name)
        user = tx.users.set_groups(name, groups, actor=who)
        tx.audit.append(SET_GROUPS, {"name": user.name, "groups": list(user.groups), "before": list(before.groups)},
                        actor=who)
    return user


def users_frame(store: Store) -> pd.DataFrame:
    """The users, one row each: :data:`USER_COLUMNS` (groups comma-separated)."""
    with store.reading() as tx:
        found = tx.users.all()
    return pd.DataFrame([(u.name, u.role, ", ".join(u.groups), u.created_by, u.created_at, u.updated_by, u.updated_at)
                         for u in found], columns=list(USER_COLUMNS))
