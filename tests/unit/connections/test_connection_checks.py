"""`check_connection`: passes on good connections, fails for each reason with what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.connections import check_connection, load_connections, read_connection
from workbench.errors import ConfigError

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"
CSV = "Kundennummer;Firma;Nachname;Land\n1001;Arndt GmbH;Arndt;DE\n1002;;Becker;DK\n"


def connection(tmp_path: Path, body: str, name: str = "crm"):
    path = tmp_path / "connections.yaml"
    path.write_text(f"connections:\n  {name}:\n" + "".join(f"    {line}\n" for line in body.splitlines()),
                    encoding="utf-8")
    return load_connections(path)[name]


def statuses(report) -> dict[str, str]:
    return {result.check: result.status for result in report.results}


@pytest.mark.parametrize("name", ["crm", "crm_contacts", "erp", "erp_db", "outlook"])
def test_every_sample_connection_passes(name: str) -> None:
    environ = {"WORKBENCH_SAMPLES": str(SAMPLES)}
    report = check_connection(load_connections(SAMPLES / "connections.yaml")[name], environ)
    assert report.ok, report.describe()
    assert set(statuses(report).values()) == {"passed"}
    assert report.table is not None
    assert report.table.rows > 0


def test_a_good_csv_connection_is_read_mapped_and_defaulted(tmp_path: Path) -> None:
    (tmp_path / "crm.csv").write_text(CSV, encoding="utf-8")
    conn = connection(tmp_path, "type: csv\nlocation: crm.csv\ndefaults: {status: aktiv}")
    table = read_connection(conn)
    assert table.frame["status"].tolist() == ["aktiv", "aktiv"]
    assert table.frame["customer_no"].tolist() == ["1001", "1002"]


def test_a_missing_file_fails_the_source_check_and_skips_the_mapping(tmp_path: Path) -> None:
    report = check_connection(connection(tmp_path, "type: csv\nlocation: gone.csv"))
    assert statuses(report) == {"connector": "passed", "credentials": "passed", "source": "failed",
                                "mapping": "skipped", "defaults": "passed"}
    assert "gone.csv: file not found" in report.failures[0].message
    assert report.failures[0].hint == "Check the path and the file name."


def test_an_unreadable_file_fails_the_source_check(tmp_path: Path) -> None:
    (tmp_path / "crm.xlsx").write_bytes(b"this is no workbook")
    report = check_connection(connection(tmp_path, "type: xlsx\nlocation: crm.xlsx"))
    assert [r.check for r in report.failures] == ["source"]


def test_an_unreachable_database_fails_the_source_check(tmp_path: Path) -> None:
    conn = connection(tmp_path, "type: sql\nlocation: sqlite:///" + str(tmp_path / "no" / "such" / "erp.sqlite"))
    report = check_connection(conn)
    assert [r.check for r in report.failures] == ["source"]


def test_an_unset_credential_fails_and_names_the_variable(tmp_path: Path) -> None:
    conn = connection(tmp_path, "type: sql\nlocation: postgresql://crm:${CRM_DB_PASSWORD}@db.invalid/crm")
    report = check_connection(conn, environ={})
    assert statuses(report)["credentials"] == "failed"
    assert statuses(report)["source"] == "skipped"
    assert "the environment variable CRM_DB_PASSWORD is not set" in report.failures[0].message
    assert "export CRM_DB_PASSWORD=" in report.failures[0].hint


def test_a_credential_from_the_environment_reaches_the_source_but_not_the_messages(tmp_path: Path) -> None:
    conn = connection(tmp_path, "type: sql\nlocation: sqlite:///${DATA}/erp_customers.sqlite\ntable: customers")
    report = check_connection(conn, environ={"DATA": str(SAMPLES)})
    assert report.ok, report.describe()
    assert "${DATA}" in conn.location  # the connection keeps the placeholder


def test_a_mapping_naming_an_absent_header_fails_with_the_headers(tmp_path: Path) -> None:
    (tmp_path / "crm.csv").write_text(CSV, encoding="utf-8")
    report = check_connection(connection(tmp_path, "type: csv\nlocation: crm.csv\nmapping: {Kd-Nr: customer_no}"))
    assert [r.check for r in report.failures] == ["mapping"]
    assert "the mapping names the header 'Kd-Nr', which is not in the source" in report.failures[0].message
    assert "'Kundennummer'" in report.failures[0].hint


def test_a_mapping_missing_a_required_field_fails_and_says_which(tmp_path: Path) -> None:
    (tmp_path / "crm.csv").write_text("Nummer;Nachname;E-Mail;Ort\n1001;Arndt;a@arndt.de;Kiel\n", encoding="utf-8")
    report = check_connection(connection(tmp_path, "type: csv\nlocation: crm.csv"))
    assert [r.check for r in report.failures] == ["mapping"]
    assert report.failures[0].message == "no column is mapped to the required field customer_no"
    assert "'Nummer'" in report.failures[0].hint
    assert "mapping" in report.failures[0].hint
    fixed = connection(tmp_path, "type: csv\nlocation: crm.csv\nmapping: {Nummer: customer_no}")
    assert check_connection(fixed).ok


@pytest.mark.parametrize(
    ("default", "hint"),
    [("country: Atlantis", "country name or ISO code"), ("status: vielleicht", "status word"),
     ("email: kein", "valid e-mail"), ("phone: '12'", "valid phone number")],
)
def test_an_invalid_default_fails_the_defaults_check(tmp_path: Path, default: str, hint: str) -> None:
    (tmp_path / "crm.csv").write_text(CSV, encoding="utf-8")
    report = check_connection(connection(tmp_path, f"type: csv\nlocation: crm.csv\ndefaults: {{{default}}}"))
    assert [r.check for r in report.failures] == ["defaults"]
    assert "connection 'crm', key 'defaults'" in report.failures[0].message
    assert hint in report.failures[0].hint


def test_a_failing_connection_cannot_be_read_for_a_sync(tmp_path: Path) -> None:
    conn = connection(tmp_path, "type: csv\nlocation: gone.csv\ndefaults: {country: Atlantis}")
    with pytest.raises(ConfigError) as raised:
        read_connection(conn)
    message = str(raised.value)
    assert "connection 'crm' fails its test and cannot be used" in message
    assert "source:" in message
    assert "defaults:" in message
    assert f"workbench connection test crm --file {conn.file}" in message


def test_a_password_from_the_environment_is_url_encoded_and_never_shown(tmp_path: Path) -> None:
    conn = connection(tmp_path, "type: sql\nlocation: postgresql+psycopg://erp:${ERP_PW}@127.0.0.1:1/erp\n"
                                "table: kunden")
    report = check_connection(conn, {"ERP_PW": "p@ss/w#rd:1"})  # port 1: refused at once
    described = report.describe()
    assert statuses(report)["source"] == "failed"
    assert 'connection to server at "127.0.0.1", port 1 failed' in described  # not a host named "ss"
    assert "postgresql+psycopg://erp:***@127.0.0.1:1/erp" in described
    assert "ss/w#rd" not in described
    assert "w%23rd" not in described
