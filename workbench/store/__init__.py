"""The state store: links, snapshots, decisions and the audit log (SQLAlchemy).

Open it with :func:`open_store` (default: ``workbench.db`` in the working folder;
a PostgreSQL URL works too) and work in :meth:`Store.transaction`, whose
repositories (``systems``, ``links``, ``decisions``, ``audit``) hold every query.
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
)
from workbench.store.entities import (
    DIFFERENT,
    FIELD,
    PAIR,
    SAME,
    TYPED,
    WINNER_A,
    WINNER_B,
    AuditEntry,
    Decision,
    Link,
    System,
)

__all__ = [
    "DEFAULT_URL", "DIFFERENT", "FIELD", "PAIR", "SAME", "STORE_VARIABLE", "TYPED", "WINNER_A", "WINNER_B",
    "AuditEntry", "Decision", "Link", "Store", "System", "Transaction", "chosen_store_url", "current_actor",
    "head_revision", "open_store", "schema_revision",
]
