"""Customers and employees share one engine: the kind's description is the only difference.

Kinds are data (:mod:`workbench.schema`); readers, suites, matching defaults and the sync
overview take a ``kind`` and read its description. These tests hold that line: no module or
package per kind, no code naming the employee kind or its fields outside the schema, and the
same functions giving each kind what its fields call for.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pandas as pd
import pytest

from workbench.linkage import LinkageConfig, find_duplicates
from workbench.schema import (
    CUSTOMER,
    DATE_FIELDS,
    EMPLOYEE,
    KINDS,
    RECORD_KINDS,
    detect_kind,
    get_kind,
)
from workbench.sync.categories import comparable, compared_fields

PACKAGE = Path(__file__).resolve().parents[2] / "workbench"
GENERATOR = PACKAGE / "synthetic"
"""The sample generator writes one file per system and kind; it is not the engine."""
EMPLOYEE_ONLY = {"employee", "employee_no", "birth_date", "hire_date", "leave_date"}
"""Words only the employee kind brings; the engine may not name them."""
PER_FIELD_TABLES = {PACKAGE / "schema.py", PACKAGE / "normalize" / "frames.py", PACKAGE / "linkage" / "config.py"}
"""Where fields are named one by one, for every kind alike: the kinds, the key of each field
(``birth_date_key`` beside ``email_key``), the default comparison and blocking key of each field."""


def _engine_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if GENERATOR not in p.parents]


def test_no_module_or_package_per_kind() -> None:
    names = {part.casefold() for p in _engine_modules() for part in p.relative_to(PACKAGE).with_suffix("").parts}
    assert not {n for n in names for kind in RECORD_KINDS if kind in n}


def test_outside_the_per_field_tables_no_code_names_the_employee_kind_or_its_own_fields() -> None:
    found = []
    for path in _engine_modules():
        if path in PER_FIELD_TABLES:
            continue
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        found += [(path.name, t.string) for t in tokens
                  if t.type == tokenize.STRING and t.string.strip("\"'") in EMPLOYEE_ONLY]
    assert found == []


@pytest.mark.parametrize("path", sorted(PER_FIELD_TABLES - {PACKAGE / "schema.py"}))
def test_the_per_field_tables_name_no_key_field_and_not_the_employee_kind(path: Path) -> None:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    strings = {t.string.strip("\"'") for t in tokens if t.type == tokenize.STRING}
    assert not strings & {"employee", "customer_no", "employee_no"}  # "customer": only as the default kind


def test_every_kind_has_a_number_field_and_only_the_employee_kind_has_dates() -> None:
    for kind in KINDS.values():
        assert kind.id_field in kind.field_names
    assert set(EMPLOYEE.date_fields) == DATE_FIELDS == {"birth_date", "hire_date", "leave_date"}
    assert set(EMPLOYEE.field_names) - set(CUSTOMER.field_names) == {"employee_no", *DATE_FIELDS}
    assert set(CUSTOMER.field_names) - set(EMPLOYEE.field_names) == {"customer_no", "company", "vat_id"}


@pytest.mark.parametrize(("header", "field"), [
    ("Personalnummer", "employee_no"), ("Mitarbeiter-Nr.", "employee_no"), ("Medarbejdernr.", "employee_no"),
    ("Medarbeidernr.", "employee_no"), ("Employee ID", "employee_no"), ("Geburtsdatum", "birth_date"),
    ("Fødselsdato", "birth_date"), ("Eintrittsdatum", "hire_date"), ("Ansættelsesdato", "hire_date"),
    ("Austrittsdatum", "leave_date"), ("Fratrædelsesdato", "leave_date"), ("Handy", "mobile"), ("Status", "status"),
])
def test_employee_headers_in_german_danish_and_english(header: str, field: str) -> None:
    assert EMPLOYEE.field_for_header(header) == field


def test_the_kind_is_told_by_the_key_column_then_by_the_most_known_columns() -> None:
    assert detect_kind(["Kundennummer", "Personalnummer", "Geburtsdatum", "Eintrittsdatum"]) is EMPLOYEE
    assert detect_kind(["Kundennummer", "Personalnummer", "Firma", "USt-IdNr."]) is CUSTOMER
    assert detect_kind([None, "", "Name"]) is None
    assert get_kind("employee") is EMPLOYEE


def _people(number: str) -> pd.DataFrame:
    return pd.DataFrame({number: ["1", "2", "3"], "first_name": ["Anna", "Anna", "Jens"],
                         "last_name": ["Berg", "Berg", "Holm"], "email": ["anna.berg@web.de", "Anna.Berg@web.de",
                                                                          "jens@web.de"]},
                        index=pd.Index([2, 3, 4], name="row"))


def test_the_same_function_matches_both_kinds_alike_on_the_fields_they_share() -> None:
    found = {kind.name: find_duplicates(_people(kind.id_field), LinkageConfig(kind=kind.name)).pairs
             for kind in (CUSTOMER, EMPLOYEE)}
    for pairs in found.values():
        assert pairs[["a_row", "b_row", "match_class", "rule"]].values.tolist() == [[2, 3, "sure",
                                                                                      "PersonalEmailExact"]]
    assert found["employee"]["a_no"].tolist() == found["customer"]["a_no"].tolist() == ["1"]


def test_the_defaults_differ_exactly_by_the_kinds_fields() -> None:
    customer, employee = LinkageConfig(kind="customer"), LinkageConfig(kind="employee")
    fields = {c.label: c.field for c in (*customer.comparisons, *employee.comparisons)}
    only_employee = {c.label for c in employee.comparisons} - {c.label for c in customer.comparisons}
    only_customer = {c.label for c in customer.comparisons} - {c.label for c in employee.comparisons}
    assert {fields[label] for label in only_employee} == set(EMPLOYEE.field_names) - set(CUSTOMER.field_names) \
        - {"employee_no", "hire_date", "leave_date"}
    assert {fields[label] for label in only_customer} == {"company", "vat_id"}
    assert [r.name for r in employee.rules] == ["PersonalEmailExact", "LastNameAndMobileExact",
                                                "LastNameAndBirthDateExact", "SameNameAddressAndPhone",
                                                "FirstNamesClearlyDiffer",
                                                "BirthDatesDiffer", "PersonEvidence", "SimilarNames",
                                                "SameContactAndFirstName"]


def test_sync_compares_the_kinds_fields_and_reads_dates_as_days() -> None:
    frame = pd.DataFrame(columns=list(EMPLOYEE.field_names))
    assert compared_fields(frame, frame, EMPLOYEE) == tuple(
        f for f in EMPLOYEE.field_names if f not in ("employee_no", "updated_at"))
    assert comparable("hire_date", pd.Series(["01.04.2010", "2010-04-01", "01-04-2010", "bald"])).tolist() == [
        "2010-04-01", "2010-04-01", "2010-04-01", "bald"]


def test_without_settings_matching_and_validation_take_the_kind_the_key_column_shows() -> None:
    from workbench.errors import ConfigError
    from workbench.linkage.matching import default_config
    from workbench.validation import validate

    people = _people("employee_no").assign(birth_date=["15.03.1980", "15-03-1980", None])
    result = find_duplicates(people)
    assert result.config.kind == "employee"
    assert "sim_birth_date" in result.pairs.columns
    assert validate(people).suite == "employees"
    assert validate(_people("customer_no")).suite == "customers"
    with pytest.raises(ConfigError, match="different kinds"):
        default_config(_people("employee_no"), _people("customer_no"))


def test_the_overview_takes_the_kind_of_plain_frames_from_their_key_column(tmp_path) -> None:
    from workbench.errors import InputError
    from workbench.store import open_store
    from workbench.sync.categories import categorize

    with open_store(f"sqlite:///{tmp_path / 'workbench.db'}") as store:
        overview = categorize(_people("employee_no"), _people("employee_no").head(1), store)
        assert overview.kind is EMPLOYEE
        assert overview.counts["new"] == 4
        with pytest.raises(InputError, match="different kinds"):
            categorize(_people("employee_no"), _people("customer_no"), store)
