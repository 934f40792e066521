"""Which connections are active in the store, and the digest of the definition each was activated with.

The connection file stays the place where a connection is defined; the store only
remembers its state, so that every user of the store sees the same one. No location,
credential or mapping is stored: the digest tells an edited definition from the
activated one. The rules (who may activate, the connection test) are in
:mod:`workbench.team.connections`.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from workbench.errors import StaleWriteError
from workbench.store.entities import ConnectionState, utc, when
from workbench.store.models import connection_states
from workbench.store.repositories import RELOAD, now

_COLUMNS = (connection_states.c.name, connection_states.c.file, connection_states.c.active, connection_states.c.digest,
            connection_states.c.changed_at, connection_states.c.changed_by, connection_states.c.version)


def _state(row: object) -> ConnectionState:
    name, file, active, digest, changed_at, changed_by, version = row  # type: ignore[misc]
    return ConnectionState(name, file, bool(active), digest, utc(changed_at), changed_by, version)


class ConnectionStateRepository:
    """The activation state of connections, by connection name."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def find(self, name: str) -> ConnectionState | None:
        """The state of connection ``name``; None when the store has never activated it."""
        row = self._db.execute(select(*_COLUMNS).where(connection_states.c.name == name)).one_or_none()
        return _state(row) if row else None

    def all(self) -> list[ConnectionState]:
        """Every connection the store knows, by name."""
        return [_state(row) for row in self._db.execute(select(*_COLUMNS).order_by(connection_states.c.name))]

    def record(self, name: str, *, file: str, active: bool, digest: str, actor: str,
               expected_version: int | None) -> ConnectionState:
        """Set the state of connection ``name``.

        Args:
            expected_version: The version the caller saw (None: it saw no state).

        Raises:
            StaleWriteError: Somebody changed the state since the caller read it.
        """
        current = self.find(name)
        if (current.version if current else None) != expected_version:
            by = f" by {current.changed_by} at {when(current.changed_at)}" if current else ""
            raise StaleWriteError(f"connection {name!r} was changed meanwhile{by}; {RELOAD}")
        values = {"file": file, "active": active, "digest": digest, "changed_at": now(), "changed_by": actor}
        if current is None:
            try:
                with self._db.begin_nested():
                    self._db.execute(insert(connection_states).values(name=name, version=1, **values))
            except IntegrityError as error:
                raise StaleWriteError(f"connection {name!r} was changed meanwhile; {RELOAD}") from error
        else:
            changed = self._db.execute(update(connection_states).where(
                connection_states.c.name == name, connection_states.c.version == expected_version)
                .values(version=connection_states.c.version + 1, **values))
            if changed.rowcount != 1:
                raise StaleWriteError(f"connection {name!r} was changed meanwhile; {RELOAD}")
        found = self.find(name)
        assert found is not None
        return found
