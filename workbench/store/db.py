"""Opening the state store: engine set-up, schema migrations, transactions.

The embedded default is a SQLite file ``workbench.db`` in the working folder
(write-ahead log, foreign keys on, writers wait for each other instead of failing);
any SQLAlchemy URL works, e.g. ``postgresql+psycopg://user:password@host/db``.
Opening a store creates its tables, or upgrades them with the Alembic revisions
in :mod:`workbench.store.migrations`, so a store written by an older version of
the workbench opens in a newer one.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import StaticPool

from workbench.errors import ConfigError, StoreError
from workbench.store.repositories import AuditLog, DecisionRepository, LinkRepository, SystemRepository

DEFAULT_URL = "sqlite:///workbench.db"
"""The embedded store: ``workbench.db`` in the working folder."""

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_MIGRATION_LOCK = 4_711_001
"""Key of the advisory lock that serialises concurrent upgrades of one PostgreSQL store."""


def current_actor(actor: str | None = None) -> str:
    """Who acts: the given name, else the operating-system user.

    Examples:
        >>> current_actor("alice")
        'alice'
        >>> current_actor() != ""
        True
    """
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry (containers)
        return os.environ.get("USER") or "unknown"


@dataclass
class Transaction:
    """The repositories of one database transaction (see :meth:`Store.transaction`)."""

    connection: Connection
    systems: SystemRepository = field(init=False)
    links: LinkRepository = field(init=False)
    decisions: DecisionRepository = field(init=False)
    audit: AuditLog = field(init=False)

    def __post_init__(self) -> None:
        self.systems = SystemRepository(self.connection)
        self.links = LinkRepository(self.connection)
        self.decisions = DecisionRepository(self.connection)
        self.audit = AuditLog(self.connection)


class Store:
    """An open state store. Use :func:`open_store` to get one.

    Every read and write happens in :meth:`transaction`; it commits when the block
    ends and rolls back when it raises, so nothing is half-written.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        """The database URL with the password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A transaction with the repositories bound to it.

        Examples:
            >>> with open_store("sqlite://") as store, store.transaction() as tx:
            ...     tx.systems.ensure("CRM", "customer").name
            'CRM'
        """
        try:
            with self.engine.begin() as connection:
                yield Transaction(connection)
        except OperationalError as error:
            raise StoreError(f"the store {self.url} could not be used: {error.orig}",
                             hint="Check that the database is reachable and not locked by a crashed program.",
                             ) from error

    def size_on_disk(self) -> int:
        """Bytes the store occupies: the SQLite file with its write-ahead log, or the PostgreSQL database."""
        if self.engine.dialect.name == "sqlite":
            path = self.engine.url.database
            if not path or path == ":memory:":
                return 0
            return sum(p.stat().st_size for p in (Path(path), Path(f"{path}-wal")) if p.exists())
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.pg_database_size(func.current_database()))).scalar_one())

    def close(self) -> None:
        """Close every connection of the store."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url: str | None = None, *, revision: str = "head") -> Store:
    """Open (create or upgrade) the state store at ``url``.

    Args:
        url: A SQLAlchemy URL; default ``sqlite:///workbench.db`` in the working folder.
            ``sqlite://`` is a private in-memory store (tests, doctests).
        revision: The schema revision to upgrade to; only tests ask for an older one.

    Raises:
        ConfigError: The URL cannot be understood or its driver is not installed.
        StoreError: The database cannot be reached, or was written by a newer workbench.

    Examples:
        >>> store = open_store("sqlite://")
        >>> schema_revision(store)
        '0002'
        >>> store.close()
    """
    engine = create_store_engine(url or DEFAULT_URL)
    store = Store(engine)
    try:
        upgrade(store, revision)
    except BaseException:
        store.close()
        raise
    return store


def create_store_engine(url: str) -> Engine:
    """An engine for ``url`` with the store's connection settings (SQLite: WAL, foreign keys, waiting writers)."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            in_memory = parsed.database in (None, "", ":memory:")
            if not in_memory:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)  # sqlite:///out/workbench.db
            return _sqlite_engine(url, in_memory=in_memory)
        engine = create_engine(url, pool_pre_ping=True)
        if parsed.get_backend_name() == "postgresql":
            event.listen(engine, "connect", _plan_each_query)
        return engine
    except ArgumentError as error:
        raise ConfigError(f"not a database URL: {url!r}",
                          hint="Use e.g. sqlite:///workbench.db or postgresql+psycopg://user:password@host/db.",
                          ) from error
    except (NoSuchModuleError, ModuleNotFoundError) as error:
        raise ConfigError(f"no database driver for {url.split(':', 1)[0]!r}: {error}",
                          hint="For PostgreSQL install the extra: pip install 'steward-workbench[postgres]'.",
                          ) from error


def _sqlite_engine(url: str, *, in_memory: bool) -> Engine:
    options: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if in_memory:  # one connection, or every checkout would see a new empty database
        options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock at the start: two stewards' transactions queue
        # (up to the busy timeout) instead of failing when a reader turns into a writer.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _plan_each_query(dbapi_connection: Any, _record: Any) -> None:
    """Plan every query for its parameters (PostgreSQL).

    psycopg prepares a statement the store repeats (e.g. per chunk of 2,000
    numbers); PostgreSQL then switches to a generic plan, which cannot hash the
    ``= ANY(array)`` lists and compares every row with every number: seconds per
    chunk on 60,000 links instead of milliseconds.
    """
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.autocommit = autocommit


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(store: Store, revision: str = "head") -> None:
    """Create the store's tables or upgrade them to ``revision``, in one transaction.

    Raises:
        StoreError: The database cannot be reached, or its schema is newer than this workbench.
    """
    with store.transaction() as tx:
        connection = tx.connection
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(POSTGRES_MIGRATION_LOCK)))
        current = MigrationContext.configure(connection).get_current_revision()
        known = {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
        if current is not None and current not in known:
            raise StoreError(f"the store {store.url} has schema revision {current}, which this version of the "
                             "workbench does not know",
                             hint="It was written by a newer workbench: upgrade the workbench to open it.")
        try:
            command.upgrade(_alembic_config(connection), revision)
        except CommandError as error:
            raise StoreError(f"cannot upgrade the store {store.url} to revision {revision!r}: {error}") from error


def schema_revision(store: Store) -> str | None:
    """The schema revision the store is at (None for an empty database)."""
    with store.transaction() as tx:
        return MigrationContext.configure(tx.connection).get_current_revision()


def head_revision() -> str:
    """The newest schema revision this workbench knows."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head
