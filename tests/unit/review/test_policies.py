"""Onboarding policies: the named ones, their overrides, and what they refuse."""

from __future__ import annotations

import pytest

from workbench.errors import ConfigError
from workbench.review.policies import POLICIES, onboarding_policy
from workbench.sync import NewestWins, SystemPriority


def test_review_decides_no_possible_pair_and_no_conflict() -> None:
    review = onboarding_policy("review")
    assert not review.accepts(1.0)
    assert not review.decides_conflicts


def test_auto_accepts_from_its_score_and_resolves_by_newest_then_the_source() -> None:
    auto = onboarding_policy("auto")
    assert [auto.accepts(score) for score in (0.89, 0.9, 0.99)] == [False, True, True]
    assert auto.conflicts == NewestWins(fallback="a")


def test_overrides_change_a_copy_not_the_registry() -> None:
    stricter = onboarding_policy("auto", accept_possible=0.97, conflicts="b-wins")
    assert not stricter.accepts(0.95)
    assert stricter.conflicts == SystemPriority("b")
    assert POLICIES["auto"].accept_possible == 0.9


@pytest.mark.parametrize(("name", "options", "message"), [
    ("careful", {}, "unknown onboarding policy 'careful'. Use one of: review, auto."),
    ("auto", {"conflicts": "loudest-wins"}, "unknown conflict policy 'loudest-wins'"),
    ("auto", {"accept_possible": 1.5}, "accept_possible is a score between 0 and 1, not 1.5"),
])
def test_bad_names_and_scores_are_config_errors(name: str, options: dict, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        onboarding_policy(name, **options)
    assert message in str(error.value)


def test_describe_is_plain_data_for_the_summary() -> None:
    assert onboarding_policy("review").describe() == {
        "name": "review", "description": POLICIES["review"].description, "accept_possible": None, "conflicts": None}
