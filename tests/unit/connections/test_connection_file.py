"""Reading connection files: every mistake is a ConfigError naming the file, the connection and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.connections import SyncPriority, get_connection, load_connections
from workbench.errors import ConfigError

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "connections.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_file_defines_every_bundled_sample() -> None:
    connections = load_connections(SAMPLES / "connections.yaml")
    assert set(connections) == {"crm", "crm_contacts", "erp", "erp_db", "outlook"}
    crm = connections["crm"]
    assert (crm.type, crm.kind.name, dict(crm.options)) == ("xlsx", "customer", {"sheet": "Kunden"})
    assert Path(crm.location) == SAMPLES / "crm_customers.xlsx"
    assert crm.priority == SyncPriority(wins=("company", "vat_id", "email"), otherwise="ask")
    assert crm.fields_for_review[:3] == ("customer_no", "company", "first_name")
    assert set(crm.fields_for_review) == set(crm.kind.field_names)
    assert connections["erp_db"].location == "sqlite:///${WORKBENCH_SAMPLES}/erp_customers.sqlite"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("crm:\n    type: xlsx\n    location: a.xlsx\n    sheeet: Kunden\n",
         "connection 'crm', key 'sheeet': unknown key. Did you mean 'sheet'?"),
        ("crm:\n    location: a.xlsx\n", "connection 'crm', key 'type': missing or empty"),
        ("crm:\n    type: xlsx\n", "connection 'crm', key 'location': missing or empty"),
        ("crm:\n    type: parquet\n    location: a.parquet\n", "key 'type': unknown connector type 'parquet'"),
        ("crm:\n    type: csv\n    location: a.xlsx\n", "key 'location': a csv connection cannot read 'a.xlsx'"),
        ("crm:\n    type: sql\n    location: postgresql://crm:geheim@db/crm\n",
         "key 'location': the URL holds a password"),
        ("crm:\n    type: csv\n    location: a.csv\n    kind: lieferant\n", "key 'kind': unknown record kind"),
        ("crm:\n    type: csv\n    location: a.csv\n    mapping: {Kd: kundennummer}\n",
         "key 'mapping': 'kundennummer' is not a field of the kind 'customer'"),
        ("crm:\n    type: csv\n    location: a.csv\n    defaults: {land: DE}\n",
         "key 'defaults': 'land' is not a field"),
        ("crm:\n    type: csv\n    location: a.csv\n    defaults: {country: ''}\n",
         "key 'defaults': the default for 'country' is empty"),
        ("crm:\n    type: csv\n    location: a.csv\n    review_fields: [email, email]\n",
         "key 'review_fields': 'email' is listed twice"),
        ("crm:\n    type: csv\n    location: a.csv\n    priority: {wins: [email], otherwise: sometimes}\n",
         "key 'priority', key 'otherwise': 'sometimes' is not wins, loses or ask"),
        ("crm:\n    type: csv\n    location: a.csv\n    priority: {wins: [mail]}\n",
         "key 'priority', key 'wins': 'mail' is not a field"),
        ("crm:\n    type: csv\n    location: a.csv\n    header_row: 0\n", "key 'header_row': must be a row number"),
    ],
)
def test_a_wrong_key_names_file_connection_and_key(tmp_path: Path, body: str, expected: str) -> None:
    path = write(tmp_path, "connections:\n  " + body)
    with pytest.raises(ConfigError) as raised:
        load_connections(path)
    assert str(raised.value).startswith(f"{path}, connection 'crm'")
    assert expected in str(raised.value)


def test_a_file_that_is_not_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "connections:\n  crm:\n    type: csv\n   location: [a.csv\n")
    with pytest.raises(ConfigError, match=r"connections.yaml, line \d+: not valid YAML"):
        load_connections(path)


def test_yaml_tags_that_would_build_objects_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "connections: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_connections(path)


@pytest.mark.parametrize("text", ["", "- crm\n", "connections: [crm]\n"])
def test_a_file_without_a_connections_mapping_says_how_to_start(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match="must hold a mapping 'connections:'"):
        load_connections(write(tmp_path, text))


def test_a_missing_file_and_an_unknown_name_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="connection file not found"):
        load_connections(tmp_path / "nowhere.yaml")
    path = write(tmp_path, "connections:\n  crm:\n    type: csv\n    location: a.csv\n")
    with pytest.raises(ConfigError, match=r"there is no connection 'cmr'\. Did you mean 'crm'"):
        get_connection(path, "cmr")


def test_relative_paths_are_relative_to_the_file_and_urls_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "connections:\n  a:\n    type: csv\n    location: sub/a.csv\n"
                 "  b:\n    type: sql\n    location: postgresql://crm:${PW}@db/crm\n")
    connections = load_connections(path)
    assert connections["a"].location == str(tmp_path / "sub" / "a.csv")
    assert connections["b"].location == "postgresql://crm:${PW}@db/crm"
