"""The suite files: GX's own format, loadable by GX, every rule with a severity; broken suites fail loudly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.errors import ConfigError
from workbench.schema import CONTACT, CUSTOMER
from workbench.validation import available_suites, load_suite, validate
from workbench.validation.suites import SUITES_DIR


def write_suite(folder: Path, *expectations: dict, name: str = "custom") -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"name": name, "meta": {"kind": "customer"}, "expectations": list(expectations)}))
    return path


NOT_NULL = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "customer_no"}, "severity": "critical",
            "meta": {"rule": "number_present"}}


def test_one_suite_per_data_contract():
    assert {"customers", "contacts", "links"} <= set(available_suites())
    assert load_suite("customers").kind == "customer"
    assert load_suite("contacts").kind == "contact"
    assert load_suite("links").kind == "link"


@pytest.mark.parametrize("name", ["customers", "contacts", "links"])
def test_great_expectations_loads_every_expectation_of_the_suite_files(name):
    from great_expectations.core.expectation_suite import ExpectationSuite, expectationSuiteSchema

    import workbench.validation.expectations  # noqa: F401  (registers the custom types)

    raw = json.loads((SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    suite = ExpectationSuite(**expectationSuiteSchema.load(raw))

    assert len(suite.expectations) == len(raw["expectations"])
    written = [e["severity"] for e in raw["expectations"]]
    assert [e.severity.value for e in suite.expectations] == written  # severity round-trips through GX
    assert [e["severity"] for e in suite.to_json_dict()["expectations"]] == written


@pytest.mark.parametrize("name", ["customers", "contacts", "links"])
def test_every_rule_has_a_severity_a_sentence_and_a_hint(name):
    rules = load_suite(name).rules

    assert {r.severity for r in rules} <= {"error", "warning"}
    assert all(r.description and r.hint for r in rules)
    assert len({r.rule for r in rules}) == len(rules)


@pytest.mark.parametrize(("name", "kind"), [("customers", CUSTOMER), ("contacts", CONTACT)])
def test_the_duplicate_row_rule_covers_every_field_of_the_kind(name, kind):
    rule = next(r for r in load_suite(name).rules if r.rule == "rows_distinct")

    assert rule.kwargs["column_list"] == list(kind.field_names)


def test_severities_of_the_customer_rules():
    severities = {r.rule: r.severity for r in load_suite("customers").rules}

    blocking = {rule for rule, severity in severities.items() if severity == "error"}
    assert blocking == {"required_columns", "customer_no_present", "customer_no_unique", "status_known"}


def test_an_unknown_expectation_type_is_a_config_error(tmp_path, make_customers):
    path = write_suite(tmp_path, NOT_NULL, {"type": "expect_column_values_to_be_valid_fax", "kwargs": {"column": "x"},
                                            "severity": "warning"})

    with pytest.raises(ConfigError, match="expect_column_values_to_be_valid_fax"):
        validate(make_customers(2), path)


def test_an_unknown_expectation_type_fails_even_when_its_column_is_absent(tmp_path, make_customers):
    path = write_suite(tmp_path, {"type": "expect_nothing_useful", "kwargs": {"column": "fax"}, "severity": "warning"})

    with pytest.raises(ConfigError, match="cannot be loaded"):
        validate(make_customers(2), path)


def test_invalid_kwargs_are_a_config_error(tmp_path, make_customers):
    path = write_suite(tmp_path, {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "status"},
                                  "severity": "critical"})

    with pytest.raises(ConfigError, match="value_set"):
        validate(make_customers(2), path)


@pytest.mark.parametrize("severity", [None, "fatal"])
def test_a_missing_or_unknown_severity_is_a_config_error(tmp_path, severity):
    path = write_suite(tmp_path, {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "customer_no"},
                                  "severity": severity})

    with pytest.raises(ConfigError, match="severity"):
        load_suite(path)


def test_a_rule_that_raises_while_running_is_a_config_error_not_a_data_failure(tmp_path, make_customers):
    broken_pattern = {"type": "expect_column_pair_values_to_be_valid_postcode", "severity": "warning",
                      "kwargs": {"column_A": "postcode", "column_B": "country_key", "patterns": {"DE": "(\\d{5}"}},
                      "meta": {"rule": "postcode_format"}}
    path = write_suite(tmp_path, NOT_NULL, broken_pattern)

    with pytest.raises(ConfigError, match=r"postcode_format.*could not run"):
        validate(make_customers(2), path)


def test_repeated_rule_names_are_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="twice"):
        load_suite(write_suite(tmp_path, NOT_NULL, NOT_NULL))


def test_an_unknown_suite_name_lists_the_known_ones(make_customers):
    with pytest.raises(ConfigError, match="customers"):
        validate(make_customers(1), "kunden")


def test_a_suite_file_that_is_not_json_is_a_config_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json")

    with pytest.raises(ConfigError, match="not valid JSON"):
        load_suite(path)


def test_a_suite_for_another_kind_is_refused(make_customers):
    from dataclasses import dataclass

    @dataclass
    class Table:
        frame: object
        source: str
        columns: dict
        kind: object

    with pytest.raises(ConfigError, match="contacts"):
        validate(Table(make_customers(1), "crm.xlsx", {}, CUSTOMER), "contacts")


def test_a_suite_file_given_by_path_is_used(tmp_path, make_customers):
    path = write_suite(tmp_path, NOT_NULL)

    report = validate(make_customers(2, customer_no=["K1", None]), path)

    assert report.suite == "custom"
    assert report.problems["rule"].tolist() == ["number_present"]
