"""Rule conditions: the small expression language, its missing-value semantics, and its safety."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.errors import ConfigError
from workbench.linkage.rules import Rule, rules_from_dicts

FEATURES = pd.DataFrame({"last_name": [1.0, 0.9, np.nan, 0.5], "mobile": [1.0, 0.0, 1.0, np.nan]})


@pytest.mark.parametrize(("when", "expected"), [
    ("last_name == 1 and mobile == 1", [True, False, False, False]),
    ("last_name >= 0.8 or mobile == 1", [True, True, True, False]),
    ("mobile != 1", [False, True, False, False]),  # missing satisfies no comparison, not even !=
    ("not mobile == 1", [False, True, False, True]),  # not negates the whole comparison
    ("0.8 <= last_name < 1", [False, True, False, False]),
    ("(last_name < 0.6 or mobile == 0) and not last_name == 1", [False, True, False, True]),
])
def test_conditions(when: str, expected: list[bool]) -> None:
    assert Rule("R", "sure", when).holds(FEATURES).tolist() == expected


def test_score_is_a_name_conditions_can_read() -> None:
    rule = Rule("R", "possible", "last_name >= 0.5 and score >= 0.7")
    assert rule.holds(FEATURES, np.array([0.9, 0.6, 0.9, 0.9])).tolist() == [True, False, False, True]
    assert rule.features == {"last_name", "score"}


@pytest.mark.parametrize("when", [
    "__import__('os').system('true')", "mobile.__class__ == 1", "mobile", "mobile + 1 == 2", "mobile == 'x'",
    "mobile ==", "f(mobile) == 1", "mobile == True",
])
def test_anything_but_comparisons_is_refused(when: str) -> None:
    with pytest.raises(ConfigError):
        Rule("R", "sure", when)


def test_unknown_feature_is_a_config_error_naming_it() -> None:
    with pytest.raises(ConfigError, match="birth_date"):
        Rule("R", "veto", "birth_date == 0").holds(FEATURES)


def test_explanation_placeholders_must_be_plain_names() -> None:
    with pytest.raises(ConfigError):
        Rule("R", "sure", "mobile == 1", "same {mobile_a.__class__}")
    assert Rule("R", "sure", "mobile == 1", "same {mobile_a} ({mobile:.2f})").placeholders == {"mobile_a", "mobile"}


def test_rules_from_plain_data_check_kinds_keys_and_names() -> None:
    rules = rules_from_dicts([{"name": "A", "kind": "veto", "when": "mobile == 0", "explanation": "x"}])
    assert rules[0].to_dict() == {"name": "A", "kind": "veto", "when": "mobile == 0", "explanation": "x"}
    with pytest.raises(ConfigError):
        rules_from_dicts([{"name": "A", "kind": "maybe", "when": "mobile == 1"}])
    with pytest.raises(ConfigError):
        rules_from_dicts([{"name": "A", "kind": "sure", "when": "mobile == 1", "colour": "red"}])
    with pytest.raises(ConfigError):
        rules_from_dicts([{"name": "A", "kind": "sure", "when": "mobile == 1"}] * 2)
