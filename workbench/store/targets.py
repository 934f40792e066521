"""A table of records of one kind (customers, employees, …) in a SQL database that change sets are applied to.

The table's columns are matched to canonical fields by the kind's header aliases
(``Kundennummer`` or ``customer_no`` both mean ``customer_no``); fields without a
column are not written. :meth:`SqlTable.apply` inserts, updates and deactivates in
one transaction with bound parameters, writing only values that differ, so the
same changes applied twice change nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Integer, MetaData, Table, create_engine, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import NoSuchTableError, SQLAlchemyError

from workbench.errors import InputError, StoreError
from workbench.schema import RecordKind
from workbench.store.repositories import among, chunks

CREATE = "create"


@dataclass(frozen=True)
class AppliedChanges:
    """What applying changes to a table did: records inserted, updated, already as wanted."""

    inserted: int
    updated: int
    unchanged: int


class SqlTable:
    """A table of records of one kind in a SQL database.

    Args:
        target: A SQLAlchemy URL or engine.
        table: The table's name.
        kind: The kind of its records.
        schema: The database schema holding the table (PostgreSQL), if not the default.

    Raises:
        InputError: The table does not exist or has no column for the key field.
    """

    def __init__(self, target: str | Engine, table: str, kind: RecordKind, *, schema: str | None = None) -> None:
        self.engine = create_engine(target) if isinstance(target, str) else target
        self._own_engine = isinstance(target, str)
        self.kind = kind
        shown = self.engine.url.render_as_string(hide_password=True)
        try:
            self.table = Table(table, MetaData(), schema=schema, autoload_with=self.engine)
        except NoSuchTableError:
            raise InputError(f"the database has no table {table!r}", file=shown,
                             hint="Name the table that holds the records.") from None
        except SQLAlchemyError as error:
            raise InputError(f"the database cannot be read: {error}", file=shown) from None
        self.columns: dict[str, str] = {}
        for column in self.table.columns:
            name = kind.field_for_header(column.name)
            if name is not None:
                self.columns.setdefault(name, column.name)
        if kind.id_field not in self.columns:
            raise InputError(f"table {table!r} has no column for {kind.id_field}", file=shown,
                             hint=f"Name the key column {kind.id_field} (or one of its aliases).")
        self.shown = f"{shown}, table {table!r}"

    def apply(self, records: pd.DataFrame) -> AppliedChanges:
        """Apply change records (``action`` create / update / deactivate, key field, field values).

        Raises:
            StoreError: A record to update is missing, or a record to create exists with
                other values; the transaction is rolled back and nothing changes.
        """
        key_field = self.kind.id_field
        key = self.table.c[self.columns[key_field]]
        fields = [f for f in records.columns if f in self.columns and f != key_field]
        inserted = updated = unchanged = 0
        try:
            with self.engine.begin() as connection:
                existing = self._existing(connection, records[key_field].tolist(), fields)
                for record in records.to_dict("records"):
                    number = record[key_field]
                    wanted = {f: record[f] for f in fields}
                    current = existing.get(number)
                    if current is None and record["action"] == CREATE:
                        connection.execute(insert(self.table).values(self._row({key_field: number, **wanted})))
                        existing[number] = dict(wanted)
                        inserted += 1
                        continue
                    if current is None:
                        raise StoreError(f"{key_field} {number} is not in {self.shown} any more",
                                         hint="Read the target again and build a new change set.")
                    differing = {f: v for f, v in wanted.items() if current.get(f) != v}
                    if differing and record["action"] == CREATE:
                        raise StoreError(f"{key_field} {number} exists in {self.shown} with other values",
                                         hint="Read the target again and build a new change set.")
                    if differing:
                        connection.execute(update(self.table).where(key == self._value(key_field, number))
                                           .values(self._row(differing)))
                        current.update(differing)
                        updated += 1
                    else:
                        unchanged += 1
        except SQLAlchemyError as error:
            raise StoreError(f"the changes could not be applied to {self.shown}: {error}",
                             hint="Nothing was changed.") from error
        finally:
            if self._own_engine:
                self.engine.dispose()
        return AppliedChanges(inserted=inserted, updated=updated, unchanged=unchanged)

    def _existing(self, connection: Any, numbers: list[str], fields: list[str]) -> dict[str, dict[str, str | None]]:
        key_column = self.table.c[self.columns[self.kind.id_field]]
        columns = [self.table.c[self.columns[f]] for f in fields]
        found: dict[str, dict[str, str | None]] = {}
        for part in chunks([self._value(self.kind.id_field, n) for n in numbers]):
            for row in connection.execute(select(key_column, *columns).where(among(key_column, part, connection))):
                found[_text(row[0])] = {f: _text(v) for f, v in zip(fields, row[1:], strict=True)}
        return found

    def _row(self, values: Mapping[str, str | None]) -> dict[str, Any]:
        return {self.columns[f]: self._value(f, v) for f, v in values.items()}

    def _value(self, field: str, value: str | None) -> Any:
        column = self.table.c[self.columns[field]]
        if value is not None and isinstance(column.type, Integer) and value.strip().lstrip("-").isdigit():
            return int(value)
        return value


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
