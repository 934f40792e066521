"""Database tables through SQLAlchemy: SQLite files built in, PostgreSQL with the ``postgres`` extra.

A source is a SQLAlchemy URL (``sqlite:///crm.db``, ``postgresql://user@host/crm``) or
the path of a SQLite file (``.db``, ``.sqlite``, ``.sqlite3``). ``table=`` chooses the
table (or view); without it a database holding exactly one table is read. Rows are
numbered 1, 2, 3 … in primary-key order (in stored order without a primary key), and
every value comes out as text as in :mod:`workbench.io.cells` (BLOBs as bytes).

Writing replaces (or creates) the table named by ``table=`` inside one transaction:
either the new rows are all there or the old table is untouched. Values are passed as
bound parameters only; table and column names are quoted by SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Column, LargeBinary, MetaData, Table, Text, create_engine, event, insert, inspect, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from workbench.errors import InputError
from workbench.io.base import RawTable
from workbench.io.cells import check_cell_sizes, columns_from_blocks, frame_from_columns, writable_columns
from workbench.io.limits import DEFAULT_LIMITS, ReadLimits
from workbench.io.sources import existing_file, shown_source, url_scheme

_BATCH_ROWS = 50_000


class SqlConnector:
    """Reads and writes one table of a database.

    Read options: ``table``, ``limits`` (:class:`ReadLimits`). Write option: ``table`` (required).
    """

    def read(self, source: str | Path, options: Mapping[str, Any]) -> RawTable:
        """Read every row of one table as text cells."""
        limits: ReadLimits = options.get("limits") or DEFAULT_LIMITS
        shown = shown_source(source)
        engine = _engine(database_url(source, must_exist=True), shown)
        try:
            with engine.connect() as connection:
                table = _reflected_table(connection, options.get("table"), shown)
                order = list(table.primary_key.columns)
                result = connection.execution_options(yield_per=_BATCH_ROWS).execute(select(table).order_by(*order))
                columns, rows = columns_from_blocks(result.partitions())
        except SQLAlchemyError as error:
            raise _database_error(error, shown) from None
        finally:
            engine.dispose()
        names = [column.name for column in table.columns]
        columns = columns or [np.empty(0, dtype=object) for _ in names]
        cells = frame_from_columns(dict(zip(names, columns, strict=True)), range(1, rows + 1))
        check_cell_sizes(cells, limits.max_cell_chars, shown)
        return RawTable(cells=cells, source=shown, sheet=None, notes=[f"read table {table.name!r}"])

    def write(self, frame: pd.DataFrame, target: str | Path, options: Mapping[str, Any]) -> None:
        """Replace (or create) the table ``table=`` with the frame's columns, in one transaction."""
        shown = shown_source(target)
        name = options.get("table")
        if not name:
            raise InputError("writing to a database needs the table name", file=shown,
                             hint="Pass table='<name>' to write_table.")
        binary = [str(column) for column in frame.columns if _all_bytes(frame[column])]
        texts = writable_columns(frame.drop(columns=binary))
        values = dict(texts)
        values.update({column: frame[column].tolist() for column in binary})
        headers = [str(column) for column in frame.columns]
        table = Table(str(name), MetaData(),
                      *(Column(header, LargeBinary if header in binary else Text) for header in headers))
        engine = _engine(database_url(target, must_exist=False), shown)
        try:
            with engine.begin() as connection:
                table.drop(connection, checkfirst=True)
                table.create(connection)
                for start in range(0, len(frame), _BATCH_ROWS):
                    batch = zip(*(values[h][start:start + _BATCH_ROWS] for h in headers), strict=True)
                    connection.execute(insert(table), [dict(zip(headers, row, strict=True)) for row in batch])
        except SQLAlchemyError as error:
            raise _database_error(error, shown) from None
        finally:
            engine.dispose()


def database_url(source: str | Path, *, must_exist: bool) -> str:
    """The SQLAlchemy URL for a source: SQLite paths become ``sqlite:///``, PostgreSQL uses psycopg 3.

    Examples:
        >>> database_url("postgresql://ann@db.example/crm", must_exist=False)
        'postgresql+psycopg://ann@db.example/crm'
        >>> database_url("kunden.db", must_exist=False).startswith("sqlite:///")
        True
    """
    scheme = url_scheme(source)
    if scheme is None:
        path = existing_file(source) if must_exist else Path(source)
        return f"sqlite:///{path.resolve()}"
    url = str(source)
    head, _, rest = url.partition("://")
    if head in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme == "sqlite" and must_exist:
        try:
            database = make_url(url).database
        except ArgumentError as error:
            raise InputError(f"not a database URL ({error})", file=shown_source(url)) from None
        if database and database != ":memory:" and not database.startswith("file:"):
            existing_file(database)
    return url


def _engine(url: str, shown: str) -> Engine:
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError) as error:
        raise InputError(f"not a usable database URL ({error})", file=shown,
                         hint="Write it as dialect://user@host/database, e.g. sqlite:///crm.db.") from None
    if engine.dialect.name == "sqlite":
        # Let SQLAlchemy, not the sqlite3 module, open transactions, so that DROP/CREATE
        # TABLE are part of the transaction (see SQLAlchemy's pysqlite documentation).
        event.listen(engine, "connect", _sqlite_manual_transactions)
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
    return engine


def _sqlite_manual_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _reflected_table(connection: Any, wanted: str | None, shown: str) -> Table:
    inspector = inspect(connection)
    names = [*inspector.get_table_names(), *inspector.get_view_names()]
    if wanted is None:
        if len(names) != 1:
            raise InputError(
                "the database holds no tables" if not names else f"the database holds {len(names)} tables",
                file=shown,
                hint="Pass table='<name>' to choose one: " + ", ".join(map(repr, names)) + "." if names else None,
            )
        wanted = names[0]
    match = [n for n in names if n == wanted] or [n for n in names if n.casefold() == wanted.casefold()]
    if not match:
        raise InputError(f"the database has no table {wanted!r}", file=shown,
                         hint=f"Its tables are: {', '.join(map(repr, names)) or 'none'}.")
    return Table(match[0], MetaData(), autoload_with=connection)


def _all_bytes(series: pd.Series) -> bool:
    values = series.dropna()
    return len(values) > 0 and all(isinstance(value, bytes | bytearray | memoryview) for value in values)


def _database_error(error: SQLAlchemyError, shown: str) -> InputError:
    detail = str(getattr(error, "orig", None) or error).splitlines()[0]
    return InputError(f"the database refused the operation ({detail})", file=shown,
                      hint="Check the URL, the credentials and that the database is reachable.")
