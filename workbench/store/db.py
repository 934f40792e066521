"""Opening the state store: engine set-up, schema migrations, transactions.

The embedded default is a SQLite file ``workbench.db`` in the working folder
(write-ahead log, foreign keys on); any SQLAlchemy URL works, e.g.
``postgresql+psycopg://user:password@host/db``. Writes happen in
:meth:`Store.transaction`, which on SQLite takes the write lock at its start and
waits for another writer (with a timeout, then tries again); reads happen in
:meth:`Store.reading`, which never takes the write lock, so readers and one writer
run side by side.
Opening a store creates its tables, or upgrades them with the Alembic revisions
in :mod:`workbench.store.migrations`, so a store written by an older version of
the workbench opens in a newer one.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
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
from workbench.store.connection_states import ConnectionStateRepository
from workbench.store.entities import System
from workbench.store.repositories import AuditLog, DecisionRepository, LinkRepository, SystemRepository
from workbench.store.users import UserRepository

DEFAULT_URL = "sqlite:///workbench.db"
"""The embedded store: ``workbench.db`` in the working folder."""
STORE_VARIABLE = "WORKBENCH_STORE_URL"
"""Environment variable naming the store of runs that are given none."""

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long one attempt of a SQLite writer waits for the write lock another writer holds."""
WRITE_ATTEMPTS = 3
"""Attempts to take the write lock before a write transaction gives up (3 × 10 s on SQLite)."""
_WRITE = "workbench_write"
"""Connection execution option: True for a write transaction, False for a read transaction."""
POSTGRES_MIGRATION_LOCK = 4_711_001
"""Key of the advisory lock that serialises concurrent upgrades of one PostgreSQL store."""

log = logging.getLogger(__name__)


IDENTITY_VARIABLES = ("WORKBENCH_USER", "JUPYTERHUB_USER")
"""Environment variables naming who works, in the order they are asked; then the operating-system user."""


def current_actor(actor: str | None = None) -> str:
    """Who acts: the given name, else ``WORKBENCH_USER``, else ``JUPYTERHUB_USER``, else the operating-system user.

    Examples:
        >>> current_actor("alice")
        'alice'
        >>> current_actor() != ""
        True
    """
    if actor:
        return actor
    for variable in IDENTITY_VARIABLES:
        named = os.environ.get(variable, "").strip()
        if named:
            return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry (containers)
        return os.environ.get("USER") or "unknown"


@dataclass
class Transaction:
    """The repositories of one database transaction (see :meth:`Store.transaction` and :meth:`Store.reading`)."""

    connection: Connection
    systems: SystemRepository = field(init=False)
    links: LinkRepository = field(init=False)
    decisions: DecisionRepository = field(init=False)
    audit: AuditLog = field(init=False)
    users: UserRepository = field(init=False)
    connection_states: ConnectionStateRepository = field(init=False)

    def __post_init__(self) -> None:
        self.systems = SystemRepository(self.connection)
        self.links = LinkRepository(self.connection)
        self.decisions = DecisionRepository(self.connection)
        self.audit = AuditLog(self.connection)
        self.users = UserRepository(self.connection)
        self.connection_states = ConnectionStateRepository(self.connection)

    def lock(self, *names: str) -> None:
        """Wait until no other transaction holds the lock named ``names``; hold it until this one ends.

        For a check that must see what another session commits, e.g. "is this record
        linked already?" before linking many records. SQLite writers hold the write lock
        anyway; PostgreSQL takes a transaction-scoped advisory lock.
        """
        if self.connection.dialect.name == "postgresql":
            digest = hashlib.blake2b("\0".join(names).encode("utf-8"), digest_size=8).digest()
            self.connection.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest, "big", signed=True))))


class _ReadingSystems(SystemRepository):
    """The systems of a read transaction: one used for the first time is registered by a write transaction of its own.

    So a read never turns into a write (which on SQLite would need the write lock
    half-way through, and fail at once when another writer committed meanwhile).
    """

    def __init__(self, connection: Connection, store: Store) -> None:
        super().__init__(connection)
        self._store = store

    def ensure(self, name: str, kind: str) -> System:
        if self.find(name) is None:
            with self._store.transaction() as tx:
                return tx.systems.ensure(name, kind)
        return super().ensure(name, kind)


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
        """A write transaction with the repositories bound to it.

        On SQLite it takes the write lock at its start, so two writers queue instead of
        failing half-way: a writer waits up to 10 s for another one, and tries
        :data:`WRITE_ATTEMPTS` times before it gives up with a :class:`StoreError`.

        Examples:
            >>> with open_store("sqlite://") as store, store.transaction() as tx:
            ...     tx.systems.ensure("CRM", "customer").name
            'CRM'
        """
        with self._transaction(write=True) as tx:
            yield tx

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """A read transaction: one consistent view of the store, without the write lock.

        Readers never wait for writers and never block them (SQLite's write-ahead log;
        a read-only transaction on PostgreSQL). A system used for the first time is
        registered by ``tx.systems.ensure`` in a short write transaction of its own.

        Examples:
            >>> with open_store("sqlite://") as store, store.reading() as tx:
            ...     tx.links.frame(tx.systems.ensure("CRM", "customer"), tx.systems.ensure("ERP", "customer")).empty
            True
        """
        if isinstance(self.engine.pool, StaticPool):  # one in-memory connection: nothing runs beside it
            with self.transaction() as tx:
                yield tx
            return
        with self._transaction(write=False) as tx:
            tx.systems = _ReadingSystems(tx.connection, self)
            yield tx

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Transaction]:
        """Commit when the block ends, roll back when it raises; database failures become a StoreError."""
        try:
            with self._begin(write=write) as connection:
                try:
                    yield Transaction(connection)
                except BaseException:
                    connection.rollback()
                    raise
                connection.commit()
        except OperationalError as error:
            raise StoreError(f"the store {self.url} could not be used: {error.orig}",
                             hint="Check that the database is reachable; \"locked\" means another program held "
                                  "it for too long.") from error

    def _begin(self, *, write: bool) -> Connection:
        """A connection in a begun transaction; a writer kept out by another writer tries again."""
        attempts = WRITE_ATTEMPTS if write else 1
        for attempt in range(1, attempts + 1):
            connection = self.engine.connect().execution_options(**{_WRITE: write})
            try:
                connection.begin()
                break
            except OperationalError as error:
                connection.close()
                if attempt == attempts or "locked" not in str(error.orig):
                    raise
                log.warning("the store %s is locked by another writer; waiting again (attempt %d of %d)",
                            self.url, attempt + 1, attempts)
        if not write and connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        return connection

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


def chosen_store_url(url: str | None, default: str = DEFAULT_URL) -> str:
    """The store a run uses: the URL it was given, else ``$WORKBENCH_STORE_URL``, else ``default``.

    Examples:
        >>> chosen_store_url("sqlite:///given.db", "sqlite:///default.db")
        'sqlite:///given.db'
    """
    return url or os.environ.get(STORE_VARIABLE) or default


def open_store(url: str | None = None, *, revision: str = "head") -> Store:
    """Open (create or upgrade) the state store at ``url``.

    Args:
        url: A SQLAlchemy URL; default ``$WORKBENCH_STORE_URL``, else ``sqlite:///workbench.db`` in the
            working folder (:func:`chosen_store_url`). ``sqlite://`` is a private in-memory store (tests, doctests).
        revision: The schema revision to upgrade to; only tests ask for an older one.

    Raises:
        ConfigError: The URL cannot be understood or its driver is not installed.
        StoreError: The database cannot be reached, or was written by a newer workbench.

    Examples:
        >>> store = open_store("sqlite://")
        >>> schema_revision(store)
        '0003'
        >>> store.close()
    """
    engine = create_store_engine(chosen_store_url(url))
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
        # A writer takes the write lock at the start (IMMEDIATE): two stewards' transactions
        # queue (up to the busy timeout) instead of failing when a reader turns into a writer.
        # A reader begins DEFERRED: in WAL mode it reads a snapshot and never takes the lock.
        write = connection.get_execution_options().get(_WRITE, True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

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

    A store already at ``revision`` is only read, so opening it never waits for a writer.

    Raises:
        StoreError: The database cannot be reached, or its schema is newer than this workbench.
    """
    wanted = head_revision() if revision == "head" else revision
    with store.reading() as tx:
        if MigrationContext.configure(tx.connection).get_current_revision() == wanted:
            return
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
    with store.reading() as tx:
        return MigrationContext.configure(tx.connection).get_current_revision()


def head_revision() -> str:
    """The newest schema revision this workbench knows."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def store_exists(url: str | None = None) -> bool:
    """Whether there is a store at ``url`` to ask: False only for a SQLite file that does not exist yet.

    Commands that only read (``connection test``) use it to leave no new ``workbench.db`` behind.

    Examples:
        >>> store_exists("sqlite:///no/such/folder/workbench.db"), store_exists("sqlite://")
        (False, True)
    """
    parsed = make_url(chosen_store_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).exists()
