"""The committed samples: reproducible, and their truth.json agrees with the files themselves.

The files are read here with plain openpyxl / csv / text parsing and judged with
phonenumbers and simple rules written for the test, independently of the generator.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import sqlite3
from collections import Counter
from pathlib import Path

import openpyxl
import phonenumbers
import pytest

from workbench.schema import CONTACT, CUSTOMER
from workbench.synthetic import SEED, build_samples
from workbench.synthetic.__main__ import main
from workbench.synthetic.samples import SamplePlan

DATA = Path(__file__).resolve().parents[3] / "data_samples"
FILES = ("crm_customers.xlsx", "erp_customers.csv", "outlook_contacts.vcf", "links.csv", "truth.json")
COUNTRIES = {"Deutschland": "DE", "DE": "DE", "Tyskland": "DE", "Dänemark": "DK", "Danmark": "DK", "DK": "DK"}
EMAIL = re.compile(r"^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
CATEGORIES = {"conflict", "new", "deleted", "disabled", "synchronized", "inactive"}


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((DATA / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    assert main([str(folder)]) == 0
    return folder


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(value)


def _crm_rows(sheet: str) -> dict[int, dict[str, str | None]]:
    """Rows of a CRM sheet by spreadsheet row, keyed by header (cached values of formulas)."""
    book = openpyxl.load_workbook(DATA / "crm_customers.xlsx", data_only=True)
    table = book[sheet]
    header_row = 4 if sheet == "Kunden" else 1
    headers = [c.value for c in table[header_row]]
    return {row[0].row: {h: _text(c.value) for h, c in zip(headers, row, strict=True) if h}
            for row in table.iter_rows(min_row=header_row + 1)}


def _erp_rows() -> dict[int, dict[str, str | None]]:
    text = (DATA / "erp_customers.csv").read_bytes().decode("cp1252")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    headers = records[1]
    return {number: {h: (v or None) for h, v in zip(headers, values, strict=True)}
            for number, values in enumerate(records, start=1) if number > 2}


def _mapped(rows: dict[int, dict[str, str | None]], kind=CUSTOMER) -> dict[int, dict[str, str | None]]:
    """Rows with canonical field names, mapped by the schema's header aliases."""
    return {r: {kind.field_for_header(h): v for h, v in row.items() if kind.field_for_header(h)}
            for r, row in rows.items()}


# -- reproducible ---------------------------------------------------------------------------------


def test_regenerating_gives_the_committed_files(regenerated: Path) -> None:
    for name in FILES:
        assert (regenerated / name).read_bytes() == (DATA / name).read_bytes(), name
    query = "SELECT * FROM customers"
    new = sqlite3.connect(regenerated / "erp_customers.sqlite").execute(query).fetchall()
    committed = sqlite3.connect(DATA / "erp_customers.sqlite").execute(query).fetchall()
    assert new == committed


def test_same_seed_same_bytes_other_seed_other_data() -> None:
    first, second = build_samples(SEED), build_samples(SEED)
    assert first.files == second.files
    other = build_samples(SEED + 1)
    assert other.files["truth.json"] != first.files["truth.json"]
    assert other.files["crm_customers.xlsx"] != first.files["crm_customers.xlsx"]


def test_cli_reports_an_unwritable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main([str(blocker / "samples")]) == 2
    assert "Cannot write the samples" in capsys.readouterr().err


# -- sizes as promised ------------------------------------------------------------------------------


def test_sizes_match_the_promise(truth: dict) -> None:
    plan = SamplePlan()
    records, summary = truth["records"], truth["summary"]
    assert 300 <= len(records["crm"]) <= 400
    assert 250 <= len(records["erp"]) <= 350
    assert 140 <= len(records["crm_contacts"]) <= 170
    assert len(records["outlook"]) == plan.cards
    assert 25 <= len(truth["duplicates"]["crm"]) <= 40
    assert sum(summary["duplicates"]["erp"].values()) >= 5
    crm_entities = {r["entity"] for r in records["crm"]}
    with_partner = crm_entities & {r["entity"] for r in records["erp"]}
    assert 0.55 <= len(with_partner) / len(crm_entities) <= 0.65
    for system in ("crm", "erp"):
        counts = summary["sync"][system]
        assert counts["synchronized"] == plan.synchronized
        assert counts["conflict"] == plan.conflict
        assert counts["disabled"] == plan.disabled
    assert summary["sync"]["crm"]["deleted"] == plan.deleted_in_erp
    assert summary["sync"]["erp"]["deleted"] == plan.deleted_in_crm
    by_file = Counter(d["file"] for d in truth["defects"])
    assert all(10 <= count <= 20 for count in by_file.values())
    assert set(by_file) == {"crm_customers.xlsx", "erp_customers.csv"}


# -- internal consistency -------------------------------------------------------------------------------


def _index(truth: dict) -> dict[tuple[str, int], dict]:
    return {(dataset, r["row"]): r for dataset, rows in truth["records"].items() for r in rows}


def _assert_ref(index: dict, dataset: str, ref: dict) -> dict:
    record = index[(dataset, ref["row"])]
    assert record["customer_no"] == ref["customer_no"]
    return record


def test_every_pair_refers_to_existing_records(truth: dict) -> None:
    index = _index(truth)
    for dataset, pairs in truth["duplicates"].items():
        for pair in pairs:
            a, b = _assert_ref(index, dataset, pair["a"]), _assert_ref(index, dataset, pair["b"])
            assert a["entity"] == b["entity"] == pair["entity"]
            assert pair["a"]["row"] < pair["b"]["row"]
    for pair in truth["partners"]:
        a, b = _assert_ref(index, "crm", pair["crm"]), _assert_ref(index, "erp", pair["erp"])
        assert a["entity"] == b["entity"]
    for trap in truth["traps"]:
        a = _assert_ref(index, trap["a"]["dataset"], trap["a"])
        b = _assert_ref(index, trap["b"]["dataset"], trap["b"])
        assert a["entity"] != b["entity"]
        assert not trap["same_entity"]
    for card in truth["outlook"]:
        if card["duplicate"]["contact"]:
            contact = _assert_ref(index, "crm_contacts", card["duplicate"]["contact"])
            assert contact["entity"] == card["entity"]
        if card["partner"]:
            assert _assert_ref(index, "crm", card["partner"])["values"]["company"] == card["partner"]["company"]
    for item in truth["defects"] + truth["quirks"]:
        _assert_ref(index, item["dataset"], item)


def test_every_true_pair_is_listed(truth: dict) -> None:
    """All records of one entity pair up: within each dataset, and CRM with ERP."""
    for dataset, pairs in truth["duplicates"].items():
        groups = Counter(r["entity"] for r in truth["records"][dataset])
        assert len(pairs) == sum(n * (n - 1) // 2 for n in groups.values())
    crm = Counter(r["entity"] for r in truth["records"]["crm"])
    erp = Counter(r["entity"] for r in truth["records"]["erp"])
    assert len(truth["partners"]) == sum(crm[e] * erp[e] for e in crm)


def test_categories_cover_every_record_once_and_all_appear(truth: dict) -> None:
    for system in ("crm", "erp"):
        categories = [r["sync"]["category"] for r in truth["records"][system]]
        assert set(categories) == CATEGORIES
        assert len(categories) == len(truth["records"][system])
    assert all("sync" not in r for r in truth["records"]["crm_contacts"])


def test_every_class_appears(truth: dict) -> None:
    for pairs in truth["duplicates"].values():
        assert {p["class"] for p in pairs} == {"sure", "possible"}
    assert {p["class"] for p in truth["partners"]} == {"sure", "possible"}
    assert {t["class"] for t in truth["traps"]} == {"none"}
    assert {c["duplicate"]["class"] for c in truth["outlook"] if not c["known"]} == {"sure", "possible", "none"}
    kinds = {t["kind"] for t in truth["traps"]}
    assert {"family_mailbox", "reassigned_mobile", "role_mailbox", "namesake", "placeholder_email"} <= kinds


def test_traps_are_none_even_where_a_sure_rule_is_vetoed(truth: dict) -> None:
    for trap in truth["traps"]:
        assert trap["class"] == "none", trap  # different people: no person evidence
        if trap["kind"] == "reassigned_mobile":
            assert "vetoed" in trap["why"], trap


def test_no_defect_or_placeholder_sits_on_a_paired_record(truth: dict) -> None:
    paired = {(d, p[s]["row"]) for d, pairs in truth["duplicates"].items() for p in pairs for s in ("a", "b")}
    paired |= {(s, p[s]["row"]) for p in truth["partners"] for s in ("crm", "erp")}
    paired |= {(t[s]["dataset"], t[s]["row"]) for t in truth["traps"] for s in ("a", "b")
               if not t["kind"].startswith("placeholder")}
    paired |= {("crm_contacts", c["duplicate"]["contact"]["row"]) for c in truth["outlook"]
               if c["duplicate"]["contact"]}
    flagged = {(d["dataset"], d["row"]) for d in truth["defects"]}
    flagged |= {(q["dataset"], q["row"]) for q in truth["quirks"] if q["kind"].startswith("placeholder")}
    assert not paired & flagged


# -- the truth agrees with the files ----------------------------------------------------------------------


def test_records_are_the_rows_of_the_files(truth: dict) -> None:
    files = {"crm": _mapped(_crm_rows("Kunden")), "erp": _mapped(_erp_rows()),
             "crm_contacts": _mapped(_crm_rows("Ansprechpartner"), CONTACT)}
    for dataset, rows in files.items():
        assert sorted(rows) == [r["row"] for r in truth["records"][dataset]]
        for record in truth["records"][dataset]:
            row = rows[record["row"]]
            for field, value in record["values"].items():
                if field != "updated_at":
                    assert row[field] == value, (dataset, record["row"], field)


def test_defects_point_at_the_cells_holding_them(truth: dict) -> None:
    book = openpyxl.load_workbook(DATA / "crm_customers.xlsx", data_only=True)
    erp = _erp_rows()
    for defect in truth["defects"] + [q for q in truth["quirks"] if q["kind"].startswith("placeholder")]:
        if defect["file"] == "crm_customers.xlsx":
            value = _text(book[defect["sheet"]][defect["cell"]].value)
            assert book[defect["sheet"]].cell(row=defect["row"], column=1).row == defect["row"]
        else:
            value = erp[defect["row"]][defect["column"]]
        assert value == defect["value"], defect


def _phone_valid(number: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def _vat_valid(vat: str) -> bool:
    digits = [int(d) for d in vat[2:]]
    if re.fullmatch(r"DE\d{9}", vat):
        product = 10
        for d in digits[:8]:
            product = 2 * ((d + product) % 10 or 10) % 11
        return (11 - product) % 10 == digits[8]
    return bool(re.fullmatch(r"DK\d{8}", vat)) and sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2, 1), digits,
                                                                              strict=True)) % 11 == 0


def _problems(values: dict[str, str | None]) -> set[str]:
    """Which fields of a record break a plain format rule (what validation will check)."""
    region = COUNTRIES.get(values.get("country") or "", "DE")
    found = set()
    for field in ("phone", "mobile"):
        if values.get(field) and not _phone_valid(values[field], region):
            found.add(field)
    if values.get("email") and not EMAIL.match(values["email"].strip()):
        found.add("email")
    if values.get("postcode") and not re.fullmatch(r"\d{5}" if region == "DE" else r"\d{4}", values["postcode"]):
        found.add("postcode")
    if values.get("country") and values["country"] not in COUNTRIES:
        found.add("country")
    if values.get("vat_id") and not _vat_valid(values["vat_id"]):
        found.add("vat_id")
    if values.get("status") and values["status"] not in ("aktiv", "inaktiv"):
        found.add("status")
    return found


def test_defects_break_a_rule_and_nothing_else_does(truth: dict) -> None:
    expected = Counter()
    for defect in truth["defects"]:
        if defect["field"] != "customer_no":
            expected[(defect["dataset"], defect["row"], defect["field"])] += 1
    placeholders = {(q["dataset"], q["row"], q["field"]) for q in truth["quirks"] if q["kind"] == "placeholder_phone"}
    found = Counter()
    for dataset in ("crm", "crm_contacts", "erp", "outlook"):
        for record in truth["records"][dataset]:
            for field in _problems(record["values"]):
                if (dataset, record["row"], field) not in placeholders:
                    found[(dataset, record["row"], field)] += 1
    assert found == expected
    for dataset in ("crm", "erp"):
        numbers = Counter(r["customer_no"] for r in truth["records"][dataset])
        missing = {d["row"] for d in truth["defects"] if d["dataset"] == dataset and d["kind"] == "missing_customer_no"}
        duplicated = {d["row"] for d in truth["defects"]
                      if d["dataset"] == dataset and d["kind"] == "duplicate_customer_no"}
        assert {r["row"] for r in truth["records"][dataset] if r["customer_no"] is None} == missing
        assert {r["row"] for r in truth["records"][dataset] if numbers[r["customer_no"]] > 1
                and r["customer_no"]} == duplicated


def _sync_key(values: dict[str, str | None], field: str) -> str | None:
    value = values.get(field)
    if value is None:
        return None
    region = COUNTRIES.get(values.get("country") or "", "DE")
    if field in ("phone", "mobile"):
        number = phonenumbers.parse(value, region)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if field == "email":
        return value.strip().lower()
    if field == "country":
        return COUNTRIES[value]
    return value


def test_sync_categories_follow_from_the_files_and_links(truth: dict) -> None:
    """A reference reading of links.csv and both exports gives the truth's category for every record."""
    crm, erp = _mapped(_crm_rows("Kunden")), _mapped(_erp_rows())
    crm_by_no = {v["customer_no"]: r for r, v in crm.items()}
    erp_by_no = {v["customer_no"]: r for r, v in erp.items()}
    category: dict[tuple[str, int], str] = {}
    with (DATA / "links.csv").open(encoding="utf-8", newline="") as handle:
        links = list(csv.DictReader(handle))
    assert list(links[0]) == ["a_customer_no", "b_customer_no", "sync", "synced_at"]
    compared = truth["sync"]["compared_fields"]
    for link in links:
        a, b = crm_by_no.get(link["a_customer_no"]), erp_by_no.get(link["b_customer_no"])
        if a and b:
            if link["sync"] == "off":
                found = "disabled"
            else:
                differ = [f for f in compared if _sync_key(crm[a], f) != _sync_key(erp[b], f)]
                found = "conflict" if differ else "synchronized"
            category[("crm", a)] = category[("erp", b)] = found
        else:
            assert (a is None) != (b is None), link
            category[("crm", a) if a else ("erp", b)] = "deleted"
    for system, rows in (("crm", crm), ("erp", erp)):
        for row, values in rows.items():
            category.setdefault((system, row), "inactive" if values["status"] == "inaktiv" else "new")
    for system in ("crm", "erp"):
        for record in truth["records"][system]:
            assert category[(system, record["row"])] == record["sync"]["category"], (system, record["row"])


def test_conflicts_differ_in_one_or_two_fields(truth: dict) -> None:
    conflicts = [r["sync"] for r in truth["records"]["crm"] if r["sync"]["category"] == "conflict"]
    assert conflicts
    assert all(1 <= len(s["differing_fields"]) <= 2 for s in conflicts)


def test_new_records_include_sure_partners_not_to_create_again(truth: dict) -> None:
    for system in ("crm", "erp"):
        new = [r for r in truth["records"][system] if r["sync"]["category"] == "new"]
        assert any(p["class"] == "sure" for r in new for p in r["sync"]["partners_in_other_system"])


# -- file structure ------------------------------------------------------------------------------------------


def test_crm_workbook_looks_like_a_real_export(truth: dict) -> None:
    book = openpyxl.load_workbook(DATA / "crm_customers.xlsx")
    assert book.sheetnames == ["Hinweise", "Kunden", "Ansprechpartner"]
    sheet = book["Kunden"]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:Q1"]
    assert sheet["A1"].value == "Kundenliste CRM"
    assert sheet["A2"].value.startswith("Export vom")
    assert sheet["E4"].value is None
    assert all(sheet.cell(row=r, column=5).value is None for r in range(5, 50))
    assert sheet.column_dimensions["O"].hidden
    assert sheet["O4"].value == "Intern"
    cached = openpyxl.load_workbook(DATA / "crm_customers.xlsx", data_only=True)["Kunden"]
    formulas = [q for q in truth["quirks"] if q["kind"] == "formula"]
    assert {q["column"] for q in formulas} >= {"Land", "Ort"}
    for quirk in formulas:
        assert sheet[quirk["cell"]].value == quirk["value"]
        record = _index(truth)[("crm", quirk["row"])]
        expected = record["values"][quirk["field"]] if quirk["field"] else record["extra"][quirk["column"]]
        assert cached[quirk["cell"]].value == expected
    assert isinstance(sheet["A5"].value, int)


def test_erp_csv_is_cp1252_with_a_title_line_and_a_multi_line_field(truth: dict) -> None:
    raw = (DATA / "erp_customers.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert text.splitlines()[0].startswith("Kundeliste ERP")
    assert ";" not in text.splitlines()[0]
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(records) - 2 == len(truth["records"]["erp"]) < len(text.splitlines()) - 2
    assert any("\n" in cell for record in records for cell in record)


def _cards(text: str) -> list[list[str]]:
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    cards, current = [], []
    for line in unfolded.split("\r\n"):
        if line == "BEGIN:VCARD":
            current = []
        elif line == "END:VCARD":
            cards.append(current)
        elif line:
            current.append(line)
    return cards


def test_vcards_carry_ids_photos_and_folded_lines(truth: dict) -> None:
    raw = (DATA / "outlook_contacts.vcf").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    cards = _cards(raw.decode("utf-8"))
    assert len(cards) == len(truth["outlook"])
    contacts = {r["customer_no"] for r in truth["records"]["crm_contacts"]}
    for lines, card in zip(cards, truth["outlook"], strict=True):
        props = {line.split(":", 1)[0].split(";")[0]: line for line in lines}
        assert props["VERSION"] == f"VERSION:{card['version']}"
        assert props["UID"] == f"UID:{card['uid']}"
        if card["known"]:
            assert props["X-WORKBENCH-ID"] == f"X-WORKBENCH-ID:{card['workbench_id']}"
            assert card["workbench_id"] in contacts
        else:
            assert "X-WORKBENCH-ID" not in props
        if card["photo_sha256"]:
            data = props["PHOTO"].rsplit(",", 1)[-1] if card["version"] == "4.0" else props["PHOTO"].split(":", 1)[1]
            png = base64.b64decode(data)
            assert png.startswith(b"\x89PNG\r\n\x1a\n")
            assert hashlib.sha256(png).hexdigest() == card["photo_sha256"]
    assert sum(c["known"] for c in truth["outlook"]) >= 10
    assert any("X-MS-OL-DEFAULTPOSTALADDRESS" in line for lines in cards for line in lines)


def test_vobject_reads_every_card() -> None:
    vobject = pytest.importorskip("vobject")
    cards = list(vobject.readComponents((DATA / "outlook_contacts.vcf").read_text(encoding="utf-8")))
    assert len(cards) == SamplePlan().cards
