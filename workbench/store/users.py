"""The team on a store: users with one role each and any number of groups, and the role check.

A store without users is a personal store: every action is allowed, as it always was.
Once it has users, :meth:`UserRepository.require` lets only users whose role allows an
action do it (``viewer`` < ``steward`` < ``admin``). Who may *add* users is decided one
layer up (:mod:`workbench.team.users`); this module only holds the queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from workbench.errors import AccessError, ConfigError, StoreError
from workbench.store.entities import ADMIN, ROLES, User, role_allows, utc
from workbench.store.models import NAME, user_groups, users
from workbench.store.repositories import now

_USER_COLUMNS = (users.c.id, users.c.name, users.c.role, users.c.created_at, users.c.created_by, users.c.updated_at,
                 users.c.updated_by)


def check_role(role: str) -> str:
    """The role, if it is one.

    Raises:
        ConfigError: Not one of :data:`~workbench.store.entities.ROLES`.
    """
    if role not in ROLES:
        raise ConfigError(f"{role!r} is not a role", hint=f"Use one of: {', '.join(ROLES)}.")
    return role


def check_name(name: str, what: str = "user name") -> str:
    """The name without surrounding blanks.

    Raises:
        ConfigError: Empty, or longer than the store keeps.
    """
    text = str(name).strip()
    if not text or len(text) > NAME:
        raise ConfigError(f"{what} {name!r} must have 1 to {NAME} characters")
    return text


class UserRepository:
    """Users, their roles and groups."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def any(self) -> bool:
        """Whether the store has users (a team) at all."""
        return bool(self._db.execute(select(func.count()).select_from(users)).scalar_one())

    def find(self, name: str) -> User | None:
        """The user called ``name``, or None."""
        row = self._db.execute(select(*_USER_COLUMNS).where(users.c.name == name)).one_or_none()
        return self._users([row])[0] if row else None

    def get(self, name: str) -> User:
        """The user called ``name``.

        Raises:
            StoreError: No such user (the users are listed).
        """
        found = self.find(name)
        if found is None:
            known = ", ".join(user.name for user in self.all()) or "none yet"
            raise StoreError(f"the store has no user called {name!r} (users: {known})",
                             hint=f"An admin adds one: workbench users add {name} --role steward.")
        return found

    def all(self) -> list[User]:
        """Every user, by name."""
        return self._users(self._db.execute(select(*_USER_COLUMNS).order_by(users.c.name)).all())

    def admins(self) -> list[str]:
        """The names of the admins."""
        return list(self._db.execute(select(users.c.name).where(users.c.role == ADMIN).order_by(users.c.name))
                    .scalars())

    def add(self, name: str, role: str, groups: Iterable[str] = (), *, actor: str) -> User:
        """Add a user.

        Raises:
            StoreError: A user of that name exists.
            ConfigError: Not a role, or an empty name.
        """
        name, role = check_name(name), check_role(role)
        moment = now()
        try:
            with self._db.begin_nested():
                user_id = self._db.execute(insert(users).returning(users.c.id).values(
                    name=name, role=role, created_at=moment, created_by=actor, updated_at=moment, updated_by=actor,
                )).scalar_one()
        except IntegrityError as error:
            existing = self.get(name)
            raise StoreError(f"{name} is a user already ({existing.role}, added by {existing.created_by})",
                             hint=f"Change the role with: workbench users grant {name} ROLE.") from error
        self._write_groups(user_id, groups)
        return self.get(name)

    def set_role(self, name: str, role: str, *, actor: str) -> User:
        """Give ``name`` another role.

        Raises:
            StoreError: No such user, or the change would leave the store without an admin.
        """
        user, role = self.get(name), check_role(role)
        if user.role == ADMIN and role != ADMIN and self.admins() == [user.name]:
            raise StoreError(f"{name} is the only admin of this store",
                             hint="Make another user admin first: workbench users grant NAME admin.")
        self._db.execute(update(users).where(users.c.name == user.name)
                         .values(role=role, updated_at=now(), updated_by=actor))
        return self.get(name)

    def set_groups(self, name: str, groups: Iterable[str], *, actor: str) -> User:
        """Make ``groups`` the groups of ``name`` (an empty list: none)."""
        user_id = self._db.execute(select(users.c.id).where(users.c.name == self.get(name).name)).scalar_one()
        self._db.execute(delete(user_groups).where(user_groups.c.user_id == user_id))
        self._write_groups(user_id, groups)
        self._db.execute(update(users).where(users.c.id == user_id).values(updated_at=now(), updated_by=actor))
        return self.get(name)

    def require(self, actor: str, needed: str, *, action: str) -> User | None:
        """Check that ``actor`` may do ``action``, which needs the role ``needed``.

        Returns:
            The user, or None in a store without users (where everything is allowed).

        Raises:
            AccessError: ``actor`` is not a user of the store, or the role is too low; the
                message names the admins to ask and the command they would run.
        """
        if not self.any():
            return None
        user = self.find(actor)
        if user is None:
            raise AccessError(f"{actor} is not a user of this store, so may not {action}", actor=actor, action=action,
                              hint=f"Ask an admin ({self._admins()}) to run: workbench users add {actor} "
                                   f"--role {needed}.")
        if not role_allows(user.role, needed):
            raise AccessError(f"{actor} is a {user.role}: {action} needs the {needed} role", actor=actor,
                              action=action,
                              hint=f"Ask an admin ({self._admins()}) to run: workbench users grant {actor} {needed}.")
        return user

    def _admins(self) -> str:
        return ", ".join(self.admins()) or "none"

    def _write_groups(self, user_id: int, groups: Iterable[str]) -> None:
        names = sorted({check_name(group, "group name") for group in groups})
        if names:
            self._db.execute(insert(user_groups), [{"user_id": user_id, "group_name": g} for g in names])

    def _users(self, rows: Sequence[Any]) -> list[User]:
        ids = [row[0] for row in rows]
        groups: dict[int, list[str]] = {user_id: [] for user_id in ids}
        if ids:
            for user_id, group in self._db.execute(select(user_groups.c.user_id, user_groups.c.group_name)
                                                   .where(user_groups.c.user_id.in_(ids))
                                                   .order_by(user_groups.c.group_name)):
                groups[user_id].append(group)
        return [User(name=row[1], role=row[2], groups=tuple(groups[row[0]]), created_at=utc(row[3]),
                     created_by=row[4], updated_at=utc(row[5]), updated_by=row[6]) for row in rows]
