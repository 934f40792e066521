"""`workbench validate FILE`: summary, report and rejected rows written, exit codes 0 / 1 / 2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.cli.validate import REJECTED_FILE

HEADER = "Kundennummer;Firma;E-Mail;Telefon;PLZ;Land;Status"
SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


def write_csv(folder: Path, *lines: str, name: str = "kunden.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_a_clean_file_exits_0_and_writes_report_and_empty_rejected_file(cli, tmp_path, capsys):
    source = write_csv(tmp_path, "K1;Berg GmbH;info@berg.de;030 1234567;10115;Deutschland;aktiv",
                       "K2;Holm ApS;salg@holm.dk;+45 20 30 40 50;2100;Danmark;aktiv")
    out = tmp_path / "out"

    code = cli(["validate", str(source), "--out", str(out)])

    assert code == 0
    printed = capsys.readouterr().out
    assert "customer_no_unique" in printed
    assert "2 rows: 0 blocked by errors, 0 flagged by warnings." in printed
    assert (out / "validation-report.html").is_file()
    assert pd.read_excel(out / REJECTED_FILE, dtype=str).empty


def test_errors_exit_1_and_the_rejected_rows_keep_source_headers_and_reasons(cli, tmp_path, capsys):
    source = write_csv(tmp_path, "K1;Berg GmbH;info@berg.de;030 1234567;10115;DE;aktiv",
                       "K1;Berg & Co;post@berg.de;030 7654321;10115;DE;aktiv",
                       "K3;Holm ApS;kaputt;;2100;DK;aktiv")
    out = tmp_path / "out"

    code = cli(["validate", str(source), "--out", str(out)])

    assert code == 1
    captured = capsys.readouterr()
    assert "2 of 3 rows" in captured.err
    assert f"Correct them in {out / REJECTED_FILE}" in " ".join(captured.err.split())  # a sheet: corrected there
    rejected = pd.read_excel(out / REJECTED_FILE, dtype=str)
    assert rejected["row"].tolist() == ["2", "3"]
    assert "Kundennummer" in rejected.columns
    assert rejected["validation_errors"].str.contains("customer number must be unique").all()
    assert "kaputt" in (out / "validation-report.html").read_text(encoding="utf-8")  # warnings are in the report


def test_warnings_alone_exit_0(cli, tmp_path):
    source = write_csv(tmp_path, "K1;Berg GmbH;kaputt;030 12;1011;Atlantis;aktiv")

    assert cli(["validate", str(source), "--out", str(tmp_path / "out")]) == 0


def test_the_default_output_folder_is_named_after_the_file(cli, tmp_path, monkeypatch):
    source = write_csv(tmp_path, "K1;Berg GmbH;info@berg.de;030 1234567;10115;DE;aktiv", name="crm export.csv")
    monkeypatch.chdir(tmp_path)

    assert cli(["validate", str(source)]) == 0

    assert (tmp_path / "validation-crm export" / "validation-report.html").is_file()


def test_a_missing_file_exits_2(cli, tmp_path, capsys):
    assert cli(["validate", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out")]) == 2
    assert "nope.csv" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_unknown_suite_exits_2(cli, tmp_path, capsys):
    source = write_csv(tmp_path, "K1;Berg GmbH;info@berg.de;030 1234567;10115;DE;aktiv")

    assert cli(["validate", str(source), "--suite", "kunden"]) == 2
    assert "no validation suite 'kunden'" in capsys.readouterr().err


def test_usage_errors_exit_2(cli):
    assert cli(["validate"]) == 2


def test_the_erp_sample_exits_1_with_its_four_blocked_rows(cli, tmp_path):
    out = tmp_path / "out"

    assert cli(["validate", str(SAMPLES / "erp_customers.csv"), "--out", str(out)]) == 1

    rejected = pd.read_excel(out / REJECTED_FILE, dtype=str)
    assert rejected["row"].tolist() == ["98", "99", "194", "242"]
    assert list(rejected.columns[:2]) == ["row", "Kundenummer"]
    assert rejected.loc[2, "validation_errors"] == "Status 'afventer': status must be active or inactive"


def test_the_links_sample_passes_the_links_suite(cli, tmp_path, capsys):
    out = tmp_path / "out"

    assert cli(["validate", str(SAMPLES / "links.csv"), "--suite", "links", "--out", str(out)]) == 0

    assert "a_customer_no_unique" in capsys.readouterr().out
    assert pd.read_excel(out / REJECTED_FILE, dtype=str).empty


def test_a_vcard_with_a_photo_and_a_damaged_card_is_validated_as_contacts(cli, tmp_path, capsys):
    import base64
    import os
    import re

    photo = base64.b64encode(os.urandom(30_000)).decode("ascii")  # an ordinary photo: 40,000 base64 characters
    folded = "\r\n ".join(photo[i:i + 74] for i in range(0, len(photo), 74))
    source = tmp_path / "outlook.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Weiß;Anna;;;\r\nFN:Anna Weiß\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Kurz\r\nkaputt\r\nEND:VCARD\r\n", encoding="utf-8")
    out = tmp_path / "out"

    code = cli(["validate", str(source), "--out", str(out)])

    captured = capsys.readouterr()
    assert code == 1, captured.err  # the Outlook cards carry no contact numbers: blocked, not a crash
    assert "(suite contacts)" in " ".join(captured.out.split())
    assert re.search(r"note: card 2 \(Ben Kurz, line \d+\) left out: line \d+ is not a vCard property", captured.out)
    rejected = pd.read_excel(out / REJECTED_FILE, dtype=str)
    assert rejected.loc[0, "PHOTO"] == "(binary data, 30,000 bytes)"
    assert "Ben Kurz" in (out / "validation-report.html").read_text(encoding="utf-8")


CARDS = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:card-1\r\nN:Holm;Jens;;;\r\nFN:Jens Holm\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:card-1\r\nN:Berg;Anna;;;\r\nFN:Anna Berg\r\nEND:VCARD\r\n")


def test_a_vcard_is_corrected_in_outlook_card_by_card_with_name_and_line(cli, tmp_path, capsys):
    source = tmp_path / "outlook.vcf"
    source.write_text(CARDS, encoding="utf-8")

    code = cli(["validate", str(source), "--out", str(tmp_path / "out"), "--map", "UID=customer_no"])

    error = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert "Correct the cards in Outlook and export them again, or in outlook.vcf itself: " \
           "card 1 (Jens Holm, line 1): UID 'card-1': contact number must be unique (also in row 2); " \
           "card 2 (Anna Berg, line 7): UID 'card-1'" in error
    assert "Correct them in" not in error  # not the spreadsheet advice


def test_a_vcard_without_contact_numbers_is_told_how_to_give_them(cli, tmp_path, capsys):
    source = tmp_path / "outlook.vcf"
    source.write_text(CARDS.replace("UID:card-1\r\n", ""), encoding="utf-8")

    assert cli(["validate", str(source), "--out", str(tmp_path / "out")]) == 1

    error = " ".join(capsys.readouterr().err.split())
    assert "For the whole file: no customer_no column" in error
    assert "validate them with --map UID=customer_no" in error
    assert "`workbench contacts import`" in error


def test_a_missing_number_column_is_answered_with_what_the_command_line_can_do(cli, tmp_path):
    source = tmp_path / "kunden.csv"
    source.write_text("Kd;Firma;E-Mail;Telefon;PLZ\nK1;Berg GmbH;info@berg.de;030 1234567;10115\n", encoding="utf-8")
    out = tmp_path / "out"

    assert cli(["validate", str(source), "--out", str(out)]) == 1
    hint = pd.read_excel(out / REJECTED_FILE, dtype=str).loc[0, "validation_errors"]
    assert "no customer_no column" in hint
    report = (out / "validation-report.html").read_text(encoding="utf-8")
    assert "--map &#x27;HEADER=customer_no&#x27; with workbench import and workbench validate" in report \
        or "--map 'HEADER=customer_no' with workbench import and workbench validate" in report

    assert cli(["validate", str(source), "--out", str(out), "--map", "Kd=customer_no"]) == 0  # and it works
