"""Connections a team shares: scope (who sees and uses one) and activation (which may be used).

The connection file defines a connection; the store keeps whether it is **active**
and a digest of the definition it was activated with
(:mod:`workbench.store.connection_states`). The rules:

* **Scope.** A connection is seen and used only by the users its ``scope`` names
  (directly or by group), and by admins, who manage every connection.
* **Activation.** Admins activate a connection; activation runs the connection test and
  is refused when a check fails. In a store with users only an active connection is used
  for syncs, onboarding (both connections of a sync: :func:`usable_sync_rules`), notebooks
  and contacts; a deactivated one is refused in any store. A store without users may use a
  connection it never activated, as before.
* **No edits while active.** The mapping (any key of the connection's entry) of an active
  connection may not change: a connection whose entry differs from the activated one is
  refused until an admin deactivates it and activates it again — which tests it again.

Every refusal is audited: scope and activation are checked before a use in a read transaction
(:func:`workbench.team.guard.checked`), activation and deactivation write in
:func:`~workbench.team.guard.guarded`. ``connection test`` only needs the scope: testing is how
a connection is checked before it is activated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.connections import (
    Connection,
    ConnectionReport,
    SyncRules,
    check_connection,
    get_connection,
    load_connections,
    load_sync_rules,
    read_connection,
)
from workbench.errors import AccessError, StoreError
from workbench.io import ImportedTable
from workbench.store import ADMIN, VIEWER, ConnectionState, Store, Transaction, current_actor
from workbench.store.entities import role_allows, when
from workbench.team.guard import checked, guarded, require_role

ACTIVATE, DEACTIVATE, USE, TEST = "activate connection", "deactivate connection", "use connection", "test connection"
"""Action names in the audit log."""
ACTIVE, INACTIVE, EDITED, NOT_ACTIVATED = "active", "inactive", "edited while active", "not activated"
"""What :func:`connection_states` says about each connection."""
STATE_COLUMNS = ("connection", "type", "kind", "scope", "state", "changed_by", "changed_at")


@dataclass(frozen=True)
class Activation:
    """An activation: the state the store keeps now and the connection test it passed."""

    state: ConnectionState
    report: ConnectionReport
    changed: bool
    """False when the connection was active with this definition already."""


def visible_connections(store: Store, file: str | Path, *, actor: str | None = None) -> dict[str, Connection]:
    """The connections of ``file`` that ``actor`` sees: in their scope (admins and personal stores: all)."""
    connections = load_connections(file)
    who = current_actor(actor)
    with store.reading() as tx:
        return {name: c for name, c in connections.items() if _sees(tx, c, who)}


def scoped_connection(store: Store, file: str | Path, name: str, *, actor: str | None = None,
                      action: str = TEST) -> Connection:
    """The connection ``name`` of ``file`` if ``actor`` may see it (e.g. to test it).

    Raises:
        ConfigError: The file or the connection cannot be used.
        AccessError: ``actor`` is outside the connection's scope (audited).
    """
    connection = get_connection(file, name)
    who = current_actor(actor)
    with checked(store, f"{action} {name}", actor=who) as tx:
        _require_scope(tx, connection, who, action)
    return connection


def usable_connection(store: Store, file: str | Path, name: str, *, actor: str | None = None) -> Connection:
    """The connection ``name`` ready to be used: in scope, active (in a store with users), unchanged since.

    Raises:
        ConfigError: The file or the connection cannot be used.
        AccessError: Outside the scope, not a user of the store, not active, or edited while
            active (each audited, with what to do).
    """
    connection = get_connection(file, name)
    who = current_actor(actor)
    with checked(store, f"{USE} {name}", actor=who, role=VIEWER) as tx:
        _require_scope(tx, connection, who, USE)
        state = tx.connection_states.find(name)
        admins = ", ".join(tx.users.admins()) or "an admin"
        if state is not None and state.active and state.digest != connection.digest:
            raise AccessError(
                f"connection {name!r} was edited in {connection.file} while active (activated by {state.changed_by} "
                f"at {when(state.changed_at)}): the mapping of an active connection may not change",
                actor=who, action=f"{USE} {name}",
                hint=f"An admin ({admins}) deactivates it before editing and activates it again after, which tests "
                     f"it: workbench connection deactivate {name}, then workbench connection activate {name}.")
        if state is not None and not state.active:
            raise AccessError(f"connection {name!r} is inactive (deactivated by {state.changed_by} at "
                              f"{when(state.changed_at)})", actor=who, action=f"{USE} {name}",
                              hint=f"An admin ({admins}) activates it: workbench connection activate {name}.")
        if state is None and tx.users.any():
            raise AccessError(f"connection {name!r} is not active in this store", actor=who, action=f"{USE} {name}",
                              hint=f"An admin ({admins}) activates it once its test passes: "
                                   f"workbench connection activate {name} --file {connection.file}.")
    return connection


def read_usable_connection(store: Store, file: str | Path, name: str, *, actor: str | None = None) -> ImportedTable:
    """Read the connection ``name`` after :func:`usable_connection` allowed it (its test runs too)."""
    return read_connection(usable_connection(store, file, name, actor=actor))


def usable_sync_rules(store: Store, file: str | Path, name: str | None = None, *,
                      actor: str | None = None) -> SyncRules:
    """The rules of the sync ``name`` of ``file`` (None: its only sync), once :func:`usable_connection`
    allowed both of its connections: a sync uses them, so it needs them in scope and active.

    Raises:
        ConfigError: The file, the sync or a connection cannot be used.
        AccessError: Either connection may not be used (audited, with what to do).
    """
    rules = load_sync_rules(file, name)
    for connection in (rules.a, rules.b):
        usable_connection(store, file, connection, actor=actor)
    return rules


def activate_connection(store: Store, file: str | Path, name: str, *, actor: str | None = None) -> Activation:
    """Activate a connection (admins): its test runs first, and a failing check refuses the activation.

    Raises:
        AccessError: Not an admin, or the connection is active and was edited since (deactivate it first).
        StoreError: A check of the connection test failed (the message lists what to fix).
    """
    connection = get_connection(file, name)
    who = current_actor(actor)
    require_role(store, ACTIVATE, ADMIN, actor=who)  # before the test reads the source
    report = check_connection(connection)
    with guarded(store, ACTIVATE, actor=who, role=ADMIN) as tx:
        state = tx.connection_states.find(name)
        if state is not None and state.active and state.digest != connection.digest:
            raise AccessError(f"connection {name!r} is active and was edited in {connection.file} since "
                              f"{state.changed_by} activated it at {when(state.changed_at)}", actor=who,
                              action=ACTIVATE,
                              hint=f"Deactivate it first (workbench connection deactivate {name}), check the edit, "
                                   "then activate it.")
        if not report.ok:
            raise StoreError(f"connection {name!r} fails its test and is not activated: {report.describe()}",
                             hint=f"Fix it, then run: workbench connection test {name} --file {connection.file}")
        if state is not None and state.active:
            return Activation(state, report, changed=False)
        new = tx.connection_states.record(name, file=connection.file, active=True, digest=connection.digest,
                                          actor=who, expected_version=state.version if state else None)
        tx.audit.append(ACTIVATE, {"connection": name, "file": connection.file, "digest": connection.digest,
                                   "checks": {r.check: r.status for r in report.results}}, actor=who)
    return Activation(new, report, changed=True)


def deactivate_connection(store: Store, file: str | Path, name: str, *, actor: str | None = None,
                          reason: str | None = None) -> ConnectionState:
    """Deactivate a connection (admins): it is not used until activated again.

    Raises:
        AccessError: Not an admin.
    """
    connection = get_connection(file, name)
    who = current_actor(actor)
    with guarded(store, DEACTIVATE, actor=who, role=ADMIN) as tx:
        state = tx.connection_states.find(name)
        if state is not None and not state.active:
            return state
        new = tx.connection_states.record(name, file=connection.file, active=False,
                                          digest=state.digest if state else connection.digest, actor=who,
                                          expected_version=state.version if state else None)
        tx.audit.append(DEACTIVATE, {"connection": name, "file": connection.file}, actor=who, reason=reason)
    return new


def connection_states(store: Store, file: str | Path, *, actor: str | None = None) -> pd.DataFrame:
    """The connections ``actor`` sees, with their state: :data:`STATE_COLUMNS`."""
    connections = visible_connections(store, file, actor=actor)
    with store.reading() as tx:
        states = {name: tx.connection_states.find(name) for name in connections}
    rows = []
    for name, connection in connections.items():
        state = states[name]
        label = NOT_ACTIVATED if state is None else (INACTIVE if not state.active else
                                                      EDITED if state.digest != connection.digest else ACTIVE)
        rows.append((name, connection.type, connection.kind.name, connection.scope.describe(), label,
                     state.changed_by if state else None, state.changed_at if state else None))
    return pd.DataFrame(rows, columns=list(STATE_COLUMNS))


def _sees(tx: Transaction, connection: Connection, who: str) -> bool:
    if connection.scope.everyone or not tx.users.any():
        return True
    user = tx.users.find(who)
    if user is None:
        return False
    return role_allows(user.role, ADMIN) or connection.scope.admits(user.name, user.groups)


def _require_scope(tx: Transaction, connection: Connection, who: str, action: str) -> None:
    if not _sees(tx, connection, who):
        raise AccessError(f"connection {connection.name!r} is not shared with {who} "
                          f"(its scope: {connection.scope.describe()})", actor=who,
                          action=f"{action} {connection.name}",
                          hint=f"An admin adds you or one of your groups to its scope in {connection.file}.")
