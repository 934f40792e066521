"""Alembic environment of the state store, driven by :func:`workbench.store.db.upgrade`.

The caller hands over an open connection inside a transaction
(``config.attributes["connection"]``), so every revision of one upgrade runs in
that transaction and no ``alembic.ini`` is needed at run time.
"""

from __future__ import annotations

from alembic import context

from workbench.store.models import metadata


def run_migrations(connection: object) -> None:
    """Run the pending revisions on the connection the caller handed over."""
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def handed_over_connection() -> object | None:
    """The caller's connection; None when imported outside Alembic (pytest --doctest-modules)."""
    config = getattr(context, "config", None)  # set by Alembic while it runs this file
    return config.attributes["connection"] if config is not None else None


if (connection := handed_over_connection()) is not None:
    run_migrations(connection)
