"""The store's tables (SQLAlchemy Core), as the newest migration leaves them.

The migrations in :mod:`workbench.store.migrations` create and upgrade these
tables; this module describes them for the repositories' queries. Keep both in
step: a new column here needs a new revision there (see ``docs/store.md``).

* ``systems``: one row per system taking part in a sync (name, record kind).
* ``links``: a record of system A paired with one of system B. ``snapshot`` holds
  the mapped field values as they were at the last sync (JSON, ``None`` before the
  first sync); ``pending_side`` names the side whose record is still to be created
  by a change set; ``version`` is bumped by every change (optimistic concurrency);
  ``ended_at`` marks an unlinked (or undone) link, kept for the history.
* ``decisions``: a steward's verdict on a pair (``topic='pair'``: same / different)
  or on one field of a linked pair (``topic='field'``: winner ``a`` / ``b`` or a
  typed ``value``), with the values seen when deciding; ``undone_at`` marks a
  decision that was undone or replaced.
* ``audit_log``: append-only; every action with who, when, why and a JSON payload
  from which the action can be undone; ``undoes_id`` points at the undone entry.
* ``users`` and ``user_groups``: the team working on the store, each user with one
  role (``viewer``, ``steward``, ``admin``) and any number of groups.
* ``connection_states``: which connections of a connection file are active, with a
  digest of the definition they were activated with (never a credential).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

NAME = 100
"""Length of names and record numbers."""

metadata = MetaData()

systems = Table(
    "systems",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME), nullable=False, unique=True),
    Column("kind", String(NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("system_a_id", Integer, ForeignKey("systems.id"), nullable=False),
    Column("a_no", String(NAME), nullable=False),
    Column("system_b_id", Integer, ForeignKey("systems.id"), nullable=False),
    Column("b_no", String(NAME), nullable=False),
    Column("sync", Boolean, nullable=False),
    Column("snapshot", JSON, nullable=True),
    Column("synced_at", DateTime(timezone=True), nullable=True),
    Column("pending_side", String(1), nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(NAME), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(NAME), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Column("ended_by", String(NAME), nullable=True),
    # revision 0002: a record has at most one active partner per pair of systems
    Index(
        "ux_links_active_a", "system_a_id", "system_b_id", "a_no", unique=True,
        sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL"),
    ),
    Index(
        "ux_links_active_b", "system_a_id", "system_b_id", "b_no", unique=True,
        sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL"),
    ),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic", String(20), nullable=False),
    Column("left_system_id", Integer, ForeignKey("systems.id"), nullable=False),
    Column("left_no", String(NAME), nullable=False),
    Column("right_system_id", Integer, ForeignKey("systems.id"), nullable=False),
    Column("right_no", String(NAME), nullable=False),
    Column("link_id", Integer, ForeignKey("links.id"), nullable=True),
    Column("field", String(NAME), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("value", Text, nullable=True),
    Column("seen", JSON, nullable=True),
    Column("reason", Text, nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(NAME), nullable=False),
    Column("undone_at", DateTime(timezone=True), nullable=True),
    Column("undone_by", String(NAME), nullable=True),
    Column("version", Integer, nullable=False),
    # revision 0002: one active decision per subject
    Index(
        "ux_decisions_active_pair", "left_system_id", "left_no", "right_system_id", "right_no", unique=True,
        sqlite_where=text("topic = 'pair' AND undone_at IS NULL"),
        postgresql_where=text("topic = 'pair' AND undone_at IS NULL"),
    ),
    Index(
        "ux_decisions_active_field", "link_id", "field", unique=True,
        sqlite_where=text("topic = 'field' AND undone_at IS NULL"),
        postgresql_where=text("topic = 'field' AND undone_at IS NULL"),
    ),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(NAME), nullable=False),
    Column("action", String(NAME), nullable=False),
    Column("reason", Text, nullable=True),
    Column("payload", JSON, nullable=False),
    Column("undoes_id", Integer, ForeignKey("audit_log.id"), nullable=True),
    # revision 0002: an entry is undone at most once
    Index(
        "ux_audit_undoes", "undoes_id", unique=True,
        sqlite_where=text("undoes_id IS NOT NULL"), postgresql_where=text("undoes_id IS NOT NULL"),
    ),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(NAME), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(NAME), nullable=False),
)

user_groups = Table(
    "user_groups",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("group_name", String(NAME), primary_key=True),
)

connection_states = Table(
    "connection_states",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME), nullable=False, unique=True),
    Column("file", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(NAME), nullable=False),
    Column("version", Integer, nullable=False),
)
