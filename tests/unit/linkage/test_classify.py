"""Classification: sure rules in order, vetoes demote to possible, possible needs rule and score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.linkage.classify import classify
from workbench.linkage.rules import (
    BIRTH_DATES_DIFFER,
    FIRST_NAMES_CLEARLY_DIFFER,
    LAST_NAME_AND_BIRTH_DATE_EXACT,
    LAST_NAME_AND_MOBILE_EXACT,
    PERSONAL_EMAIL_EXACT,
    SIMILAR_NAMES,
)

RULES = (PERSONAL_EMAIL_EXACT, LAST_NAME_AND_MOBILE_EXACT, LAST_NAME_AND_BIRTH_DATE_EXACT,
         FIRST_NAMES_CLEARLY_DIFFER, BIRTH_DATES_DIFFER, SIMILAR_NAMES)


def _features(**columns: list[float | None]) -> pd.DataFrame:
    base = {"personal_email": None, "mobile": None, "last_name": None, "last_name_phonetic": None,
            "first_name": None, "first_names": None, "birth_date": None}
    size = len(next(iter(columns.values())))
    data = {k: columns.get(k, [v] * size) for k, v in base.items()}
    return pd.DataFrame(data, dtype=float)


def _classify(features: pd.DataFrame, scores: list[float] | None = None) -> pd.DataFrame:
    scores = np.array(scores if scores is not None else [0.9] * len(features))
    return classify(features, scores, RULES, possible_threshold=0.5)


def test_personal_email_exact_is_sure() -> None:
    out = _classify(_features(personal_email=[1.0, 0.0, None]))
    assert out["match_class"].tolist() == ["sure", "none", "none"]
    assert out["rule"].tolist() == ["PersonalEmailExact", None, None]


def test_last_name_and_mobile_exact_is_sure_but_not_either_alone() -> None:
    out = _classify(_features(last_name=[1.0, 1.0, 0.95], mobile=[1.0, None, 1.0]), scores=[0.1, 0.1, 0.1])
    assert out["match_class"].tolist() == ["sure", "none", "none"]
    assert out["rule"].iloc[0] == "LastNameAndMobileExact"


def test_last_name_and_birth_date_exact_is_sure() -> None:
    out = _classify(_features(last_name=[1.0], birth_date=[1.0]))
    assert out["rule"].tolist() == ["LastNameAndBirthDateExact"]


def test_first_sure_rule_in_order_is_the_one_recorded() -> None:
    out = _classify(_features(personal_email=[1.0], last_name=[1.0], mobile=[1.0]))
    assert out["rule"].tolist() == ["PersonalEmailExact"]


def test_veto_first_names_clearly_differ_demotes_sure_to_possible_whatever_the_score() -> None:
    out = _classify(_features(personal_email=[1.0, 1.0], first_names=[0.0, 1.0]), scores=[0.01, 0.01])
    assert out["match_class"].tolist() == ["possible", "sure"]
    assert out["veto"].tolist() == ["FirstNamesClearlyDiffer", None]
    assert out["rule"].tolist() == ["PersonalEmailExact", "PersonalEmailExact"]


def test_veto_birth_dates_differ_only_when_both_known() -> None:
    out = _classify(_features(last_name=[1.0, 1.0], mobile=[1.0, 1.0], birth_date=[0.0, None]))
    assert out["match_class"].tolist() == ["possible", "sure"]
    assert out["veto"].tolist() == ["BirthDatesDiffer", None]


def test_veto_does_not_touch_pairs_that_are_not_sure() -> None:
    out = _classify(_features(first_names=[0.0], last_name=[0.2]))
    assert out["match_class"].tolist() == ["none"]
    assert out["veto"].tolist() == [None]


def test_possible_needs_similar_names_and_the_score() -> None:
    features = _features(last_name=[0.9, 0.9, 0.5, None, 0.9, 0.9, 0.9],
                         last_name_phonetic=[None, None, 1.0, None, 0, 0, 0],
                         first_name=[0.8, 0.8, 0.9, 0.9, None, 0.5, 0.9],
                         first_names=[1, 1, 1, 1, None, 0, 0])
    out = _classify(features, scores=[0.7, 0.3, 0.7, 0.99, 0.7, 0.99, 0.99])
    # a missing first name does not stop it; a clearly different one does, unless it is a near typo
    assert out["match_class"].tolist() == ["possible", "none", "possible", "none", "possible", "none", "possible"]
    assert out["rule"].tolist() == ["SimilarNames", None, "SimilarNames", None, "SimilarNames", None, "SimilarNames"]


def test_classification_keeps_the_batch_index() -> None:
    features = _features(personal_email=[1.0, 0.0])
    features.index = pd.MultiIndex.from_tuples([(5, 2), (9, 3)])
    assert _classify(features).index.tolist() == [(5, 2), (9, 3)]
