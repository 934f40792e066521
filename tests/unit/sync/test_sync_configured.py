"""Syncing configured connections: failing connections are refused, priorities become a policy."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.connections import Connection, SyncPriority, load_connections
from workbench.errors import ConfigError
from workbench.schema import CONTACT, CUSTOMER
from workbench.sync.configured import priority_policy, read_for_sync

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


def side(name: str, wins: tuple[str, ...] = (), otherwise: str = "ask", kind=CUSTOMER) -> Connection:
    return Connection(name, "csv", f"{name}.csv", kind, "c.yaml", priority=SyncPriority(wins, otherwise))


def test_the_sample_priorities_give_field_winners_and_leave_the_rest_to_a_steward() -> None:
    connections = load_connections(SAMPLES / "connections.yaml")
    policy = priority_policy(connections["crm"], connections["erp"])
    conflicts = pd.DataFrame({"field": ["email", "city", "phone"]})
    assert policy.winners(conflicts).tolist() == ["a", "b", None]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(("wins",), ("ask",), "a"), (("ask",), ("wins",), "b"), (("loses",), ("ask",), "b"), (("ask",), ("loses",), "a"),
     (("wins",), ("loses",), "a"), (("ask",), ("ask",), None)],
)
def test_otherwise_decides_the_other_fields(a: tuple[str], b: tuple[str], expected: str | None) -> None:
    policy = priority_policy(side("crm", otherwise=a[0]), side("erp", otherwise=b[0]))
    assert policy.winners(pd.DataFrame({"field": ["street"]})).tolist() == [expected]


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [(side("crm", ("email",)), side("erp", ("email",)), "both win the field 'email'"),
     (side("crm", otherwise="wins"), side("erp", otherwise="wins"), "both say 'otherwise: wins'"),
     (side("crm", otherwise="loses"), side("erp", otherwise="loses"), "both say 'otherwise: loses'")],
)
def test_contradicting_priorities_are_config_errors(a: Connection, b: Connection, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        priority_policy(a, b)


def test_a_failing_connection_stops_the_sync(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("connections:\n  crm:\n    type: csv\n    location: gone.csv\n", encoding="utf-8")
    broken = load_connections(tmp_path / "c.yaml")["crm"]
    good = load_connections(SAMPLES / "connections.yaml")["erp"]
    with pytest.raises(ConfigError, match="connection 'crm' fails its test and cannot be used"):
        read_for_sync(broken, good)


def test_two_kinds_cannot_be_synced() -> None:
    with pytest.raises(ConfigError, match="holds customer records"):
        read_for_sync(side("crm"), side("outlook", kind=CONTACT))


def test_two_passing_sample_connections_are_read() -> None:
    connections = load_connections(SAMPLES / "connections.yaml")
    crm, erp = read_for_sync(connections["crm"], connections["erp"])
    assert (crm.rows, erp.rows) == (350, 281)
