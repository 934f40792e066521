"""validate() on small frames, one bad-data case at a time: what is found, where, and what it blocks."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import pytest

from workbench.schema import CONTACT, CUSTOMER, RecordKind
from workbench.validation import validate
from workbench.validation.report import REASONS_COLUMN


def problems_of(report, rule: str) -> pd.DataFrame:
    return report.problems[report.problems["rule"] == rule]


def result_of(report, rule: str):
    return next(r for r in report.results if r.rule == rule)


def test_clean_customers_pass_every_rule(make_customers):
    report = validate(make_customers(5))

    assert report.problems.empty
    assert not report.has_errors
    assert report.counts == {"error": 0, "warning": 0, "info": 0}
    statuses = {r.rule: r.status for r in report.results}
    assert statuses["customer_no_unique"] == "passed"
    assert statuses["vat_id_format"] == "not applicable"  # the frame has no vat_id column
    assert statuses["mobile_valid"] == "not applicable"


def test_missing_customer_no_column_blocks_every_row(make_customers):
    frame = make_customers(3).drop(columns=["customer_no"])

    report = validate(frame)

    required = problems_of(report, "required_columns")
    assert required["field"].tolist() == ["customer_no"]
    assert required["row"].isna().all()
    assert required["severity"].tolist() == ["error"]
    assert list(report.rows_with_errors) == [2, 3, 4]
    assert result_of(report, "customer_no_unique").status == "not applicable"
    assert "no customer_no column" in report.rejected(frame)[REASONS_COLUMN].iloc[0]


def test_missing_name_columns_are_one_requirement(make_customers):
    frame = make_customers(2).drop(columns=["company"])

    report = validate(frame)

    assert problems_of(report, "required_columns")["field"].tolist() == ["company or last_name"]
    assert validate(make_customers(2).drop(columns=["company"]).assign(last_name=["Berg", "Holm"])).problems.empty


def test_duplicate_customer_numbers_block_both_rows_and_name_each_other(make_customers):
    frame = make_customers(4, customer_no=["K1", "K2", "K1", None])

    report = validate(frame)

    duplicates = problems_of(report, "customer_no_unique")
    assert duplicates["row"].tolist() == [2, 4]
    assert duplicates["value"].tolist() == ["K1", "K1"]
    assert "also in row 4" in duplicates["message"].iloc[0]
    assert "also in row 2" in duplicates["message"].iloc[1]
    assert problems_of(report, "customer_no_present")["row"].tolist() == [5]
    assert list(report.rows_with_errors) == [2, 4, 5]
    assert list(report.accepted(frame).index) == [3]


def test_malformed_emails_are_warnings_that_do_not_block(make_customers):
    emails = ["anna.berg@firma.de", "anna.berg.firma.de", "anna@@firma.de", "anna@firma", None, "keine@firma.de"]
    frame = make_customers(6, email=emails)

    report = validate(frame)

    flagged = problems_of(report, "email_valid")
    assert flagged["row"].tolist() == [3, 4, 5]
    assert set(flagged["severity"]) == {"warning"}
    assert not report.has_errors
    assert list(report.rows_with_warnings) == [3, 4, 5]
    assert len(report.accepted(frame)) == 6


def test_phone_numbers_are_checked_for_the_records_country(make_customers):
    frame = make_customers(
        5,
        phone=["0171 1234567", "0171 1234567", "030 12", "+45 20 30 40 50", "n/a"],
        country=["DE", "DK", "Deutschland", "Deutschland", "DE"],
    )

    report = validate(frame)

    flagged = problems_of(report, "phone_valid")
    assert flagged["row"].tolist() == [3, 4]  # the German mobile is no Danish number; "030 12" is too short
    assert "for country DK" in flagged["message"].iloc[0]
    assert set(flagged["severity"]) == {"warning"}


def test_phone_without_country_column_is_read_in_the_default_region(make_customers):
    frame = make_customers(2, phone=["030 1234567", "030 12"]).drop(columns=["country"])

    report = validate(frame)

    flagged = problems_of(report, "phone_valid")
    assert flagged["row"].tolist() == [3]
    assert "country unknown, read as DE" in flagged["message"].iloc[0]
    assert result_of(report, "country_known").status == "not applicable"


def test_mobile_is_checked_like_phone(make_customers):
    frame = make_customers(2, mobile=["+49 171 1234567", "0171 12"])

    assert problems_of(validate(frame), "mobile_valid")["row"].tolist() == [3]


def test_postcodes_follow_the_format_of_the_records_country(make_customers):
    frame = make_customers(
        6,
        postcode=["1234", "12345", "2100", "21000", "D02 X285", " 10115 "],
        country=["DE", "DE", "DK", "Danmark", "IE", "DE"],
    )

    report = validate(frame)

    assert problems_of(report, "postcode_format")["row"].tolist() == [2, 5]  # IE has no pattern: not checked


def test_vat_ids_follow_the_format_of_the_records_country(make_customers):
    frame = make_customers(
        7,
        vat_id=["DE123456789", "de 123 456 789", "DE12345678", "12345678", "DK-12345678", "DK1234567", "ATU12345678"],
        country=["DE", "DE", "DE", "DK", "DK", "DK", "AT"],
    )

    report = validate(frame)

    assert problems_of(report, "vat_id_format")["row"].tolist() == [4, 7]


def test_unknown_countries_are_flagged_known_ones_in_any_spelling_pass(make_customers):
    frame = make_customers(4, country=["Deutschland", "DK", "Dänemark", "Atlantis"])

    report = validate(frame)

    flagged = problems_of(report, "country_known")
    assert flagged["row"].tolist() == [5]
    assert flagged["value"].tolist() == ["Atlantis"]
    assert flagged["severity"].tolist() == ["warning"]


def test_unknown_status_blocks_the_row(make_customers):
    frame = make_customers(4, status=["aktiv", "inaktiv", "active", "gelöscht"])

    report = validate(frame)

    assert problems_of(report, "status_known")["row"].tolist() == [5]
    assert list(report.rows_with_errors) == [5]


def test_rows_identical_in_every_mapped_field_are_flagged(make_customers):
    frame = make_customers(3, customer_no=["K1", "K1", "K2"], company=["Holm ApS"] * 3, email=["a@holm.dk"] * 3,
                           phone=["030 1234567"] * 3, mobile=[None] * 3)  # rows 2, 3 are copies; 4 has its own number

    report = validate(frame)

    copies = problems_of(report, "rows_distinct")
    assert copies["row"].tolist() == [2, 3]
    assert copies["field"].isna().all()
    assert "also in row 3" in copies["message"].iloc[0]


def test_an_empty_table_gives_a_clear_result(make_customers):
    frame = make_customers(0)

    report = validate(frame)

    assert report.problems["rule"].tolist() == ["rows_present"]
    assert report.problems["severity"].tolist() == ["warning"]
    assert not report.has_errors
    assert len(report.rows_with_errors) == 0
    assert report.rejected(frame).empty
    assert "at least one row" in result_of(report, "rows_present").sentence
    json.dumps(report.to_dict())


def test_a_table_without_columns_misses_the_required_ones(make_frame):
    report = validate(make_frame())

    assert set(problems_of(report, "required_columns")["field"]) == {"customer_no", "company or last_name"}
    assert report.has_errors


def test_rejected_rows_keep_their_data_and_carry_every_reason(make_customers):
    frame = make_customers(3, customer_no=["K1", "K1", "K3"], status=["aktiv", "weg", "aktiv"])

    rejected = validate(frame).rejected(frame)

    assert list(rejected.index) == [2, 3]
    assert rejected.loc[3, "status"] == "weg"
    assert rejected.loc[3, REASONS_COLUMN].count(";") == 1  # duplicate number; unknown status
    assert "status 'weg'" in rejected.loc[3, REASONS_COLUMN]


def test_to_dict_is_plain_json(make_customers):
    frame = make_customers(3, customer_no=["K1", "K1", "K3"])

    data = validate(frame).to_dict()

    text = json.dumps(data)
    assert data["rows_with_errors"] == [2, 3]
    assert data["problems"][0]["row"] == 2
    assert json.loads(text)["counts"]["error"] == 2


@dataclass
class FakeImportedTable:
    """What read_table returns, reduced to what validation reads."""

    frame: pd.DataFrame
    source: str
    columns: dict[str, str]
    kind: RecordKind


def test_problems_name_the_source_header(make_customers):
    frame = make_customers(2, customer_no=["K1", "K1"])
    table = FakeImportedTable(frame, "crm.xlsx", {"customer_no": "Kundennr.", "email": "E-Mail"}, CUSTOMER)

    report = validate(table)

    assert set(report.problems["column"]) == {"Kundennr."}
    assert report.problems["message"].iloc[0].startswith("Kundennr. 'K1'")
    assert report.source == "crm.xlsx"


def test_the_suite_follows_the_tables_kind(make_customers):
    contacts = FakeImportedTable(make_customers(2).assign(partner_no=["K9", "K9"]), "outlook.vcf", {}, CONTACT)

    assert validate(contacts).suite == "contacts"


def test_unknown_columns_are_kept_and_ignored(make_customers):
    frame = make_customers(2).assign(Lieblingsfarbe=["blau", None])

    assert validate(frame).problems.empty


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (pd.DataFrame({"customer_no": [1, 2]}, index=pd.Index([2, 3], name="row")), "holds integer values"),
        (pd.DataFrame({"customer_no": ["1", "2"]}, index=pd.Index([2, 2], name="row")), "row numbers repeat"),
    ],
)
def test_frames_that_break_the_contract_are_input_errors(frame, expected):
    from workbench.errors import InputError

    with pytest.raises(InputError, match=expected):
        validate(frame)


def test_rejected_rows_can_carry_the_source_headers_for_correction(make_customers):
    frame = make_customers(2, customer_no=["K1", "K1"])
    table = FakeImportedTable(frame, "crm.xlsx", {"customer_no": "Kundennr.", "company": "Firma"}, CUSTOMER)

    rejected = validate(table).rejected(table, source_headers=True)

    assert list(rejected.columns[:3]) == ["row", "Kundennr.", "Firma"]
    assert rejected.columns[-1] == REASONS_COLUMN
    assert rejected["row"].tolist() == [2, 3]


def test_columns_no_rule_reads_may_hold_anything(make_customers):
    frame = make_customers(2).assign(score=[1.5, 2.0], updated_at_key=pd.to_datetime(["2024-01-01", "2024-02-01"]))

    assert validate(frame).problems.empty
