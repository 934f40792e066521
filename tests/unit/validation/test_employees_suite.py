"""The employees suite: the same runner as for customers, with date rules of its own."""

from __future__ import annotations

import json

import pytest

from workbench.schema import EMPLOYEE
from workbench.validation import load_suite, validate
from workbench.validation.checks import dates_in_order, valid_dates, years_apart
from workbench.validation.suites import SUITES_DIR, default_suite


def employees(make_frame, size: int = 2, **columns):
    base = {
        "employee_no": [str(1001 + i) for i in range(size)],
        "first_name": ["Anna", "Jens", "Karl"][:size],
        "last_name": ["Berg", "Holm", "Frey"][:size],
        "email": [f"person{i}@firma.de" for i in range(size)],
        "birth_date": ["15.03.1980", "1975-11-02", "01-01-1990"][:size],
        "hire_date": ["01.04.2010", "2001-08-01", "15-06-2015"][:size],
        "leave_date": [None] * size,
        "status": ["aktiv"] * size,
    }
    return make_frame(**{**base, **columns})


def _problems(report) -> set[tuple[int, str]]:
    return {(int(r), rule) for r, rule in zip(report.problems["row"], report.problems["rule"], strict=True)}


def test_the_kinds_suite_is_chosen_by_name():
    suite = load_suite(default_suite("employee"))
    assert (suite.name, suite.kind) == ("employees", "employee")


def test_great_expectations_loads_every_expectation():
    from great_expectations.core.expectation_suite import ExpectationSuite, expectationSuiteSchema

    import workbench.validation.expectations  # noqa: F401  (registers the custom types)

    raw = json.loads((SUITES_DIR / "employees.json").read_text(encoding="utf-8"))
    assert len(ExpectationSuite(**expectationSuiteSchema.load(raw)).expectations) == len(raw["expectations"])


def test_every_rule_has_a_sentence_and_a_hint_and_the_blocking_ones_are_few():
    rules = load_suite("employees").rules
    assert all(r.description and r.hint for r in rules)
    assert {r.rule for r in rules if r.blocks} == {"required_columns", "employee_no_present", "employee_no_unique",
                                                   "status_known", "leave_after_hire"}
    distinct = next(r for r in rules if r.rule == "rows_distinct")
    assert distinct.kwargs["column_list"] == list(EMPLOYEE.field_names)


def test_clean_employees_pass(make_frame):
    assert len(validate(employees(make_frame, 3), "employees").problems) == 0


def test_number_missing_or_repeated_blocks_the_rows(make_frame):
    report = validate(employees(make_frame, 3, employee_no=["1001", "1001", None]), "employees")
    assert _problems(report) == {(2, "employee_no_unique"), (3, "employee_no_unique"), (4, "employee_no_present")}
    assert set(report.rows_with_errors) == {2, 3, 4}


def test_a_leave_date_before_the_hire_date_blocks_the_row_and_names_the_hire_date(make_frame):
    report = validate(employees(make_frame, leave_date=["31.03.2010", "2020-01-01"]), "employees")
    assert _problems(report) == {(2, "leave_after_hire")}
    assert report.problems.loc[0, "message"] == ("leave_date '31.03.2010': leave date must not be before the "
                                                 "hire date (for hire_date 01.04.2010)")


def test_unreadable_and_implausible_dates_are_warnings(make_frame):
    frame = employees(make_frame, 3, birth_date=["31.02.1980", "1890-01-01", "2008-05-05"],
                      hire_date=["01.04.2010", "morgen", "2015-06-15"])
    report = validate(frame, "employees")
    assert _problems(report) == {(2, "birth_date_valid"), (3, "birth_date_valid"), (3, "hire_date_valid"),
                                 (4, "plausible_age")}
    assert not report.has_errors


def test_email_and_status_rules_are_the_customers(make_frame):
    report = validate(employees(make_frame, email=["anna at firma.de", None], status=["aktiv", "beurlaubt"]),
                      "employees")
    assert _problems(report) == {(2, "email_valid"), (3, "status_known")}


def test_date_rules_do_not_apply_to_a_source_without_dates(make_frame):
    frame = employees(make_frame).drop(columns=["birth_date", "hire_date", "leave_date"])
    results = {r.rule: r.status for r in validate(frame, "employees").results}
    assert results["leave_after_hire"] == results["plausible_age"] == "not applicable"


@pytest.mark.parametrize(("values", "earliest", "expected"), [
    (["15.03.1980", "1980-03-15", "29295"], None, [True, True, True]),
    (["1899-12-31", "1900-01-01"], "1900-01-01", [False, True]),
    (["29.02.2023", "29.02.2024", "x"], None, [False, True, False]),
])
def test_valid_dates(values, earliest, expected):
    import pandas as pd

    assert valid_dates(pd.Series(values, dtype=object), earliest).tolist() == expected


def test_dates_in_order_and_years_apart_read_every_format():
    import pandas as pd

    assert dates_in_order(pd.Series(["01-04-2010", "31.03.2010"]), pd.Series(["2010-04-01", "2010-04-01"])).tolist() \
        == [True, False]
    birth, hired = pd.Series(["02.04.1996", "01.04.1996"]), pd.Series(["2010-04-01", "2010-04-01"])
    assert years_apart(birth, hired, 14, 80).tolist() == [False, True]  # 14 the day after, not before
