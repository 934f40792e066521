"""Let the database refuse what two stewards could otherwise do at the same moment.

Partial unique indexes: a record has at most one active link per pair of
systems, a subject (a pair, or a field of a link) at most one active decision,
and an audit entry is undone at most once. The repositories check these rules
before writing; the indexes close the gap between two concurrent sessions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ux_links_active_a", "links", ["system_a_id", "system_b_id", "a_no"], "ended_at IS NULL"),
    ("ux_links_active_b", "links", ["system_a_id", "system_b_id", "b_no"], "ended_at IS NULL"),
    ("ux_decisions_active_pair", "decisions", ["left_system_id", "left_no", "right_system_id", "right_no"],
     "topic = 'pair' AND undone_at IS NULL"),
    ("ux_decisions_active_field", "decisions", ["link_id", "field"], "topic = 'field' AND undone_at IS NULL"),
    ("ux_audit_undoes", "audit_log", ["undoes_id"], "undoes_id IS NOT NULL"),
)


def upgrade() -> None:
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, unique=True,
                        sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def downgrade() -> None:
    for name, table, _columns, _where in INDEXES:
        op.drop_index(name, table_name=table)
