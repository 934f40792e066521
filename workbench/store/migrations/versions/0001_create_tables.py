"""Create the store: systems, links with snapshots, decisions, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NAME = 100


def upgrade() -> None:
    op.create_table(
        "systems",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(NAME), nullable=False, unique=True),
        sa.Column("kind", sa.String(NAME), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("system_a_id", sa.Integer, sa.ForeignKey("systems.id"), nullable=False),
        sa.Column("a_no", sa.String(NAME), nullable=False),
        sa.Column("system_b_id", sa.Integer, sa.ForeignKey("systems.id"), nullable=False),
        sa.Column("b_no", sa.String(NAME), nullable=False),
        sa.Column("sync", sa.Boolean, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pending_side", sa.String(1), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(NAME), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(NAME), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(NAME), nullable=True),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("topic", sa.String(20), nullable=False),
        sa.Column("left_system_id", sa.Integer, sa.ForeignKey("systems.id"), nullable=False),
        sa.Column("left_no", sa.String(NAME), nullable=False),
        sa.Column("right_system_id", sa.Integer, sa.ForeignKey("systems.id"), nullable=False),
        sa.Column("right_no", sa.String(NAME), nullable=False),
        sa.Column("link_id", sa.Integer, sa.ForeignKey("links.id"), nullable=True),
        sa.Column("field", sa.String(NAME), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("seen", sa.JSON, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(NAME), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(NAME), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(NAME), nullable=False),
        sa.Column("action", sa.String(NAME), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("undoes_id", sa.Integer, sa.ForeignKey("audit_log.id"), nullable=True),
    )


def downgrade() -> None:
    for table in ("audit_log", "decisions", "links", "systems"):
        op.drop_table(table)
