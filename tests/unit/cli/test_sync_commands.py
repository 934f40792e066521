"""The `links import` and `overview` commands of the `workbench` command line."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from workbench.cli import app
from workbench.errors import InputError


def cli() -> typer.Typer:
    return app


def test_import_links_then_count_the_categories(tmp_path) -> None:
    store = f"sqlite:///{tmp_path / 'workbench.db'}"
    (tmp_path / "links.csv").write_text("a_customer_no;b_customer_no;sync;synced_at\n1001;D-1;on;\n1002;D-2;off;\n",
                                        encoding="utf-8")
    (tmp_path / "crm.csv").write_text("Kundennummer;Nachname;E-Mail\n1001;Arndt;arndt@web.de\n1002;Becker;b@web.de\n"
                                      "1003;Claus;c@web.de\n", encoding="utf-8")
    (tmp_path / "erp.csv").write_text("Customer No;Last name;Email\nD-1;Arndt;ARNDT@web.de\nD-2;Beck;b@web.de\n",
                                      encoding="utf-8")
    runner = CliRunner()
    imported = runner.invoke(cli(), ["links", "import", str(tmp_path / "links.csv"), "--system-a", "CRM",
                                     "--system-b", "ERP", "--store", store])
    assert imported.exit_code == 0, imported.output
    assert "2 links imported, 0 already in the store (CRM → ERP" in imported.output
    counted = runner.invoke(cli(), ["overview", str(tmp_path / "crm.csv"), str(tmp_path / "erp.csv"),
                                    "--system-a", "CRM", "--system-b", "ERP", "--store", store])
    assert counted.exit_code == 0, counted.output
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:5]]
            for line in counted.output.splitlines() if line.count("│") == 5}
    assert rows["synchronized"] == ["1", "1", "2"]
    assert rows["disabled"] == ["1", "1", "2"]
    assert rows["new"] == ["1", "0", "1"]
    assert "Linked records: no differing fields." in counted.output  # a labelled line, not a bare count


def test_a_bad_links_file_is_an_input_error_for_the_cli_to_report(tmp_path) -> None:
    (tmp_path / "links.csv").write_text("a_customer_no,b_customer_no,sync,synced_at\n1001,D-1,vielleicht,\n",
                                        encoding="utf-8")
    result = CliRunner().invoke(cli(), ["links", "import", str(tmp_path / "links.csv"),
                                        "--store", f"sqlite:///{tmp_path / 'workbench.db'}"])
    assert isinstance(result.exception, InputError)
    assert (result.exception.row, result.exception.column) == (2, "sync")


def test_overview_takes_the_fields_directions_from_a_connection_file_and_shows_what_it_writes(tmp_path) -> None:
    store = f"sqlite:///{tmp_path / 'workbench.db'}"
    (tmp_path / "links.csv").write_text("a_customer_no;b_customer_no;sync;synced_at\n1001;D-1;on;\n", encoding="utf-8")
    (tmp_path / "crm.csv").write_text("Kundennummer;Nachname;Ort\n1001;Becker;Köln\n", encoding="utf-8")
    (tmp_path / "erp.csv").write_text("Customer No;Last name;City\nD-1;Beck;KÖLN\n", encoding="utf-8")
    (tmp_path / "connections.yaml").write_text(
        "connections:\n  crm: {type: csv, location: crm.csv}\n  erp: {type: csv, location: erp.csv}\n"
        "syncs:\n  crm-erp: {a: crm, b: erp, fields: {last_name: '>'}}\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli(), ["links", "import", str(tmp_path / "links.csv"), "--system-a", "CRM",
                                 "--system-b", "ERP", "--store", store]).exit_code == 0
    arguments = ["overview", str(tmp_path / "crm.csv"), str(tmp_path / "erp.csv"), "--system-a", "CRM",
                 "--system-b", "ERP", "--store", store]
    plain = runner.invoke(cli(), arguments)
    assert "│ conflict     │   1 │   1 │     2 │" in plain.output  # Becker / Beck, nobody leads; Köln / KÖLN is form
    assert "nothing to write" in plain.output
    led = runner.invoke(cli(), [*arguments, "--connections", str(tmp_path / "connections.yaml")])
    assert led.exit_code == 0, led.output
    assert "│ synchronized │   1 │   1 │     2 │" in led.output
    assert "What a sync would write" in led.output
    written = [[c.strip() for c in line.split("│")[1:6]] for line in led.output.splitlines() if line.count("│") == 6]
    assert written == [["synchronized", "ERP", "update", "1", "last_name"]]
