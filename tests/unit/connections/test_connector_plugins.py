"""A third party's connector plugs in through the `workbench.connectors` entry point group."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from workbench.connections import check_connection, connector_types, load_connections, read_connection
from workbench.errors import ConfigError
from workbench.io import registry
from workbench.io.base import RawTable

GROUP = "workbench.connectors"


class MemoryCrmConnector:
    """A system the core does not know: customers held by a (pretend) web service."""

    def read(self, source: str | Path, options: Mapping[str, Any]) -> RawTable:
        cells = pd.DataFrame({"Account": ["A-1", "A-2"], "Name": ["Arndt", "Becker"], "Mail": ["a@a.de", None]},
                             index=pd.RangeIndex(1, 3))
        return RawTable(cells=cells, source=str(source), header_row=0)

    def write(self, frame: pd.DataFrame, target: str | Path, options: Mapping[str, Any]) -> None:
        raise NotImplementedError


class NotAConnector:
    pass


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    points = [EntryPoint("memory-crm", f"{__name__}:MemoryCrmConnector", GROUP),
              EntryPoint("broken", f"{__name__}:NotAConnector", GROUP),
              EntryPoint("missing", "no_such_package.connector:Gone", GROUP)]
    monkeypatch.setattr(registry, "entry_points", lambda group: [p for p in points if p.group == group])


def conn(tmp_path: Path, connector_type: str, extra: str = ""):
    path = tmp_path / "connections.yaml"
    path.write_text(f"connections:\n  web:\n    type: {connector_type}\n    location: memory://crm\n{extra}",
                    encoding="utf-8")
    return load_connections(path)["web"]


def test_an_installed_plugin_is_a_connector_type(installed: None) -> None:
    types = connector_types()
    assert types["memory-crm"] == f"{__name__}:MemoryCrmConnector"
    assert types["csv"] == "built-in"


def test_a_plugin_connection_is_read_and_mapped_by_the_core(installed: None, tmp_path: Path) -> None:
    connection = conn(tmp_path, "memory-crm", "    mapping: {Account: customer_no, Name: last_name, Mail: email}\n")
    table = read_connection(connection)
    assert table.frame[["customer_no", "last_name", "email"]].to_dict("list") == {
        "customer_no": ["A-1", "A-2"], "last_name": ["Arndt", "Becker"], "email": ["a@a.de", None]}
    report = check_connection(connection)
    assert report.results[0].message == f"{__name__}.MemoryCrmConnector"


def test_without_the_plugin_the_type_is_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "entry_points", lambda group: [])
    with pytest.raises(ConfigError, match="unknown connector type 'memory-crm'"):
        conn(tmp_path, "memory-crm")


@pytest.mark.parametrize(("name", "message"), [("broken", "is not a connector"), ("missing", "cannot be loaded")])
def test_a_bad_plugin_fails_the_connector_check(installed: None, tmp_path: Path, name: str, message: str) -> None:
    report = check_connection(conn(tmp_path, name))
    assert [(r.check, r.status) for r in report.results][:3] == [
        ("connector", "failed"), ("credentials", "passed"), ("source", "skipped")]
    assert message in report.failures[0].message
