"""SQL tables through SQLAlchemy: SQLite files, table choice, value text, transactional replace."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest

from tests.unit.io.io_builders import assert_canonical_frame, cells
from workbench.errors import InputError
from workbench.io import read_raw, read_table, write_table


@pytest.fixture
def crm_db(tmp_path: Path) -> Path:
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE kunden (kundennummer INTEGER PRIMARY KEY, firma TEXT, plz TEXT, "
                           "umsatz REAL, geaendert TEXT, foto BLOB, aktiv BOOLEAN)")
        connection.executemany("INSERT INTO kunden VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (10002, "Weiß KG", "01067", 1234.5, "2024-03-05", None, 1),
            (10001, "Müller GmbH", "80331", 10.0, None, b"\x00\x01", 0),
        ])
    connection.close()
    return path


def test_a_sqlite_file_by_path_and_by_url(crm_db: Path) -> None:
    for source in (crm_db, f"sqlite:///{crm_db}"):
        table = read_table(source)
        assert cells(table) == [
            {"row": 1, "customer_no": "10001", "company": "Müller GmbH", "postcode": "80331", "status": "FALSE",
             "updated_at": None, "umsatz": "10", "foto": b"\x00\x01"},
            {"row": 2, "customer_no": "10002", "company": "Weiß KG", "postcode": "01067", "status": "TRUE",
             "updated_at": "2024-03-05", "umsatz": "1234.5", "foto": None},
        ]
        assert_canonical_frame(table, binary_columns=["foto"])


def test_the_table_is_chosen_by_name_or_must_be_the_only_one(crm_db: Path) -> None:
    with sqlite3.connect(crm_db) as connection:
        connection.execute("CREATE TABLE notizen (text TEXT)")
    connection.close()
    with pytest.raises(InputError, match="the database holds 2 tables") as caught:
        read_table(crm_db)
    assert "'kunden', 'notizen'" in caught.value.hint
    assert read_table(crm_db, table="KUNDEN").rows == 2
    with pytest.raises(InputError, match="no table 'adressen'"):
        read_table(crm_db, table="adressen")


def test_rows_without_primary_key_keep_stored_order(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (nachname TEXT, plz INTEGER, stand TIMESTAMP, betrag NUMERIC)")
        connection.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [("Zorn", 1067, "2024-01-02 03:04:05", "1.50"),
                                                                   ("Adam", None, None, None)])
    connection.close()
    raw = read_raw(path)
    assert raw.cells["nachname"].tolist() == ["Zorn", "Adam"]
    assert raw.cells["plz"].tolist() == ["1067", None]


def test_typed_values_become_text() -> None:
    from workbench.io.cells import column_text

    values = [dt.date(2024, 3, 5), dt.datetime(2024, 3, 5, 10, 30), Decimal("10.50"), 7, 2.0, True, None, b"x"]
    assert column_text(values).tolist() == ["2024-03-05", "2024-03-05T10:30:00", "10.50", "7", "2", "TRUE", None,
                                            b"x"]


def test_write_replaces_the_table_and_reads_back(crm_db: Path) -> None:
    frame = pd.DataFrame({"customer_no": ["1", "2"], "company": ["Neu AG", None], "Notiz (alt)": ["x'); DROP", "y"],
                          "foto": [b"\xff", None]})
    assert write_table(frame, crm_db, table="kunden") == crm_db
    table = read_table(crm_db, table="kunden")
    assert cells(table) == [
        {"row": 1, "customer_no": "1", "company": "Neu AG", "Notiz (alt)": "x'); DROP", "foto": b"\xff"},
        {"row": 2, "customer_no": "2", "company": None, "Notiz (alt)": "y", "foto": None},
    ]


def test_a_failed_write_leaves_the_old_table(crm_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlalchemy

    import workbench.io.sql as sql_module

    before = read_raw(crm_db).cells
    # the INSERT fails after DROP TABLE and CREATE TABLE ran: all three must be rolled back
    monkeypatch.setattr(sql_module, "insert", lambda table: sqlalchemy.insert(sqlalchemy.table("no_such_table",
                                                                                             sqlalchemy.column("a"))))
    with pytest.raises(InputError, match=r"refused the operation .no such table"):
        write_table(pd.DataFrame({"customer_no": ["1"]}), crm_db, table="kunden")
    pd.testing.assert_frame_equal(read_raw(crm_db).cells, before)


def test_write_creates_a_new_database_file(tmp_path: Path) -> None:
    target = tmp_path / "neu.db"
    write_table(pd.DataFrame({"customer_no": ["1"], "city": ["Köln"]}), target, table="customers")
    assert read_table(target).frame.loc[1, "city"] == "Köln"


def test_write_needs_a_table_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="needs the table name"):
        write_table(pd.DataFrame({"a": ["1"]}), tmp_path / "x.db")


def test_a_missing_database_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_table(f"sqlite:///{tmp_path / 'fehlt.db'}")
    assert not (tmp_path / "fehlt.db").exists()


def test_a_file_that_is_no_database(tmp_path: Path) -> None:
    path = tmp_path / "text.db"
    path.write_text("kein SQLite " * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"the database refused the operation .file is not a database"):
        read_table(path)


def test_an_empty_table_reads_as_zero_rows(tmp_path: Path) -> None:
    path = tmp_path / "leer.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE kunden (kundennummer TEXT, ort TEXT)")
    connection.close()
    table = read_table(path)
    assert table.rows == 0
    assert list(table.frame.columns) == ["customer_no", "city"]


def test_reading_and_writing_in_several_batches(crm_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.io.sql as sql_module

    monkeypatch.setattr(sql_module, "_BATCH_ROWS", 2)
    frame = pd.DataFrame({"customer_no": ["1", "2", "3", "4", "5"], "city": ["A", None, "C", "D", "E"]})
    write_table(frame, crm_db, table="kunden")
    table = read_table(crm_db)
    assert table.frame["customer_no"].tolist() == ["1", "2", "3", "4", "5"]
    assert table.frame["city"].tolist() == ["A", None, "C", "D", "E"]
    assert list(table.frame.index) == [1, 2, 3, 4, 5]


@pytest.fixture
def postgres_schema_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A private schema on the test PostgreSQL server (the store's ``postgres_url`` fixture, else
    ``WORKBENCH_TEST_POSTGRES_URL``); skipped when there is neither."""
    import sqlalchemy

    try:
        server = request.getfixturevalue("postgres_url")
    except pytest.FixtureLookupError:
        server = os.environ.get("WORKBENCH_TEST_POSTGRES_URL", "")
    if not server:
        pytest.skip("no PostgreSQL server: set WORKBENCH_TEST_POSTGRES_URL")
    schema = f"test_io_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(server)
    with admin.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}{'&' if '?' in server else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_postgresql_write_and_read(postgres_schema_url: str) -> None:
    frame = pd.DataFrame({"customer_no": ["0815", "0816"], "company": ["Weiß KG", None],
                          "Notiz'; DROP TABLE x; --": ["a", "b"], "foto": [b"\x00\xff", None]})
    assert write_table(frame, postgres_schema_url, table="Kunden Import") == postgres_schema_url
    write_table(frame.head(1), postgres_schema_url, table="andere")
    with pytest.raises(InputError, match="2 tables"):
        read_table(postgres_schema_url)
    table = read_table(postgres_schema_url, table="Kunden Import")
    assert cells(table) == [
        {"row": 1, "customer_no": "0815", "company": "Weiß KG", "Notiz'; DROP TABLE x; --": "a", "foto": b"\x00\xff"},
        {"row": 2, "customer_no": "0816", "company": None, "Notiz'; DROP TABLE x; --": "b", "foto": None},
    ]
