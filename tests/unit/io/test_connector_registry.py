"""Connector lookup: suffixes and schemes, entry points looked up lazily, missing drivers."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import workbench.io.registry as registry_module
from workbench.errors import ConfigError, InputError
from workbench.io import RawTable, read_table
from workbench.io.registry import BUILT_IN, ConnectorRegistry


@pytest.mark.parametrize(("source", "connector"), [
    ("a.xlsx", "ExcelConnector"), ("A.XLSM", "ExcelConnector"), ("a.csv", "CsvConnector"),
    ("a.tsv", "CsvConnector"), ("a.txt", "CsvConnector"), ("a.vcf", "VCardConnector"), ("a.db", "SqlConnector"),
    ("a.sqlite", "SqlConnector"), ("sqlite:///a.db", "SqlConnector"), (Path("x/a.csv"), "CsvConnector"),
])
def test_built_in_connectors_by_suffix_and_scheme(source: str | Path, connector: str) -> None:
    assert type(ConnectorRegistry(BUILT_IN).connector_for(source)).__name__ == connector


def test_an_unknown_suffix_lists_what_is_supported() -> None:
    with pytest.raises(InputError, match=r"cannot read or write .pdf files") as caught:
        ConnectorRegistry(BUILT_IN).connector_for("kunden.pdf")
    for supported in (".xlsx", ".csv", ".vcf", ".db", "sqlite://", "postgresql://", "workbench.connectors"):
        assert supported in caught.value.hint


def test_importing_the_package_loads_no_connector_library() -> None:
    code = ("import sys, workbench.io; "
            "print(sorted(m for m in ('openpyxl', 'python_calamine', 'vobject', 'sqlalchemy', 'xlsxwriter') "
            "if m in sys.modules))")
    import subprocess

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[3])
    assert result.stdout.strip() == "[]"


class _ParquetConnector:
    def read(self, source: Any, options: Any) -> RawTable:
        frame = pd.DataFrame({"customer_no": ["P1"]}, index=pd.Index([1], name="row"), dtype=object)
        return RawTable(frame, str(source))

    def write(self, frame: pd.DataFrame, target: Any, options: Any) -> None:
        raise NotImplementedError


def _entry_points(monkeypatch: pytest.MonkeyPatch, *points: EntryPoint) -> list[str]:
    calls: list[str] = []

    def fake(group: str) -> list[EntryPoint]:
        calls.append(group)
        return list(points)

    monkeypatch.setattr(registry_module, "entry_points", fake)
    return calls


def test_third_party_connectors_come_from_entry_points_only_when_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "_ParquetConnector", _ParquetConnector, raising=False)
    point = EntryPoint(".parquet", f"{__name__}:_ParquetConnector", "workbench.connectors")
    calls = _entry_points(monkeypatch, point)
    registry = ConnectorRegistry(BUILT_IN)
    registry.connector_for("a.csv")
    assert calls == []  # a built-in matched: entry points are not even listed
    assert read_table("daten.parquet").frame.loc[1, "customer_no"] == "P1"
    assert calls == ["workbench.connectors"]


def test_an_entry_point_that_is_no_connector(monkeypatch: pytest.MonkeyPatch) -> None:
    _entry_points(monkeypatch, EntryPoint(".odd", "pathlib:PurePath", "workbench.connectors"))
    with pytest.raises(ConfigError, match="is not a connector"):
        ConnectorRegistry(BUILT_IN).connector_for("a.odd")


def test_a_missing_postgres_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = registry_module.importlib.util.find_spec
    monkeypatch.setattr(registry_module.importlib.util, "find_spec",
                        lambda name: None if name == "psycopg" else real(name))
    with pytest.raises(InputError, match="driver 'psycopg' is not installed") as caught:
        read_table("postgresql://ann:geheim@db.example/crm", table="kunden")
    assert "steward-workbench[postgres]" in caught.value.hint
    assert "geheim" not in str(caught.value)
    assert caught.value.file == "postgresql://ann:***@db.example/crm"


def test_another_missing_driver_names_its_module() -> None:
    with pytest.raises(InputError, match="driver 'nosuchdriver' is not installed") as caught:
        ConnectorRegistry(BUILT_IN).connector_for("postgresql+nosuchdriver://db/crm")
    assert "'nosuchdriver'" in caught.value.hint


def test_default_registry_is_built_once() -> None:
    assert registry_module.default_registry() is registry_module.default_registry()
