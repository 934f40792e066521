"""LinkageConfig: defaults derived from the record kind, plain-data round trips, clear errors."""

from __future__ import annotations

import pytest

from workbench.errors import ConfigError
from workbench.linkage import LinkageConfig
from workbench.linkage.config import default_blocking, default_comparisons, default_rules
from workbench.linkage.rules import Rule
from workbench.schema import CUSTOMER, Field, RecordKind

EMPLOYEE_LIKE = RecordKind("employee_like", "employee_no", tuple(
    Field(name, ()) for name in ("employee_no", "first_name", "last_name", "email", "mobile", "street", "postcode",
                                 "city", "birth_date")))


def test_customer_defaults() -> None:
    config = LinkageConfig()
    labels = [c.label for c in config.comparisons]
    assert labels == ["names_swapped", "persons", "personal_email", "mobile", "phone", "last_name",
                      "last_name_phonetic", "first_name", "first_names", "company", "vat_id", "address", "street",
                      "postcode", "city"]
    assert [r.name for r in config.rules] == ["PersonalEmailExact", "LastNameAndMobileExact",
                                              "SameNameAddressAndPhone", "SameNameAddressAndVatId",
                                              "SameVatIdAndCompany", "FirstNamesClearlyDiffer", "PersonEvidence",
                                              "SimilarNames", "SameContactAndFirstName", "SimilarCompany"]
    assert config.possible_threshold == 0.05
    assert config.shared_vocabularies() == (("first_name_key", "last_name_key"),
                                            ("first_name_phonetic_key", "last_name_phonetic_key"))
    assert config.shared_mailbox_names == 3


def test_a_kind_with_birth_dates_gets_the_birth_date_rules_without_code_per_kind() -> None:
    comparisons = default_comparisons(EMPLOYEE_LIKE)
    names = [r.name for r in default_rules(comparisons)]
    assert "LastNameAndBirthDateExact" in names
    assert "BirthDatesDiffer" in names
    assert "SimilarCompany" not in names
    assert "company" not in [c.label for c in comparisons]
    birth_date_keys = [rule.key_columns for rule in default_blocking(EMPLOYEE_LIKE)
                       if "birth_date_key" in rule.columns()]
    assert birth_date_keys == [("birth_date_key", "first_name_phonetic_key"),
                               ("birth_date_key", "last_name_phonetic_key")]
    customer_rules = [r.name for r in default_rules(default_comparisons(CUSTOMER))]
    assert "LastNameAndBirthDateExact" not in customer_rules


def test_shared_numbers_make_an_equal_number_evidence() -> None:
    comparisons = default_comparisons(EMPLOYEE_LIKE, match_on_number=True)
    assert comparisons[0].column == "employee_no"
    assert comparisons[0].label == "number"
    assert default_rules(comparisons)[0].name == "SameNumberAndSimilarName"
    assert default_blocking(EMPLOYEE_LIKE, match_on_number=True)[0].name == "number"


def test_round_trip_through_dict_and_yaml() -> None:
    config = LinkageConfig(possible_threshold=0.8, role_mailboxes=("praxis",), max_block_size=500)
    assert LinkageConfig.from_dict(config.to_dict()) == config
    assert LinkageConfig.from_yaml(config.to_yaml()) == config


def test_yaml_file_with_a_custom_rule(tmp_path) -> None:
    path = tmp_path / "linkage.yaml"
    path.write_text("possible_threshold: 0.6\nrules:\n  - name: MobileOnly\n    kind: sure\n    when: mobile == 1\n",
                    encoding="utf-8")
    config = LinkageConfig.from_yaml(path)
    assert config.possible_threshold == 0.6
    assert config.rules == (Rule("MobileOnly", "sure", "mobile == 1"),)


@pytest.mark.parametrize("data", [
    {"colour": "red"},
    {"rules": [{"name": "X", "kind": "sure", "when": "birth_date == 1"}]},  # no comparison makes birth_date
    {"comparisons": [{"type": "exact", "column": "a_key"}, {"type": "exact", "column": "a_key"}]},
    {"possible_threshold": 1.5},
    {"blocking": []},
    {"kind": "spaceship"},
])
def test_bad_settings_are_config_errors(data: dict) -> None:
    with pytest.raises(ConfigError):
        LinkageConfig.from_dict(data)


def test_unreadable_yaml_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        LinkageConfig.from_yaml("rules: [unclosed")


def test_processes_default_to_the_machine_and_must_be_at_least_one() -> None:
    assert LinkageConfig().processes is None
    assert LinkageConfig.from_dict({"processes": 1}).processes == 1
    with pytest.raises(ConfigError, match="processes must be at least 1, got 0"):
        LinkageConfig(processes=0)
