"""The state store: links, snapshots, decisions and the audit log (SQLAlchemy).

Open it with :func:`open_store` (default: ``workbench.db`` in the working folder;
a PostgreSQL URL works too) and work in :meth:`Store.transaction`, whose
repositories (``systems``, ``links``, ``decisions``, ``audit``, ``users``,
``connection_states``) hold every query.
See ``docs/store.md``.
"""

from workbench.store.db import (
    DEFAULT_URL,
    STORE_VARIABLE,
    Store,
    Transaction,
    chosen_store_url,
    current_actor,
    head_revision,
    open_store,
    schema_revision,
    store_exists,
)
from workbench.store.entities import (
    ADMIN,
    DIFFERENT,
    FIELD,
    PAIR,
    ROLES,
    SAME,
    STEWARD,
    TYPED,
    VIEWER,
    WINNER_A,
    WINNER_B,
    AuditEntry,
    ConnectionState,
    Decision,
    Link,
    System,
    User,
)

__all__ = [
    "ADMIN", "DEFAULT_URL", "DIFFERENT", "FIELD", "PAIR", "ROLES", "SAME", "STEWARD", "STORE_VARIABLE", "TYPED",
    "VIEWER", "WINNER_A", "WINNER_B", "AuditEntry", "ConnectionState", "Decision", "Link", "Store", "System",
    "Transaction", "User", "chosen_store_url", "current_actor", "head_revision", "open_store", "schema_revision",
    "store_exists",
]
