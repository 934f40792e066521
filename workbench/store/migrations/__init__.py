"""Alembic migrations of the state store (see docs/store.md, "Migrations")."""
