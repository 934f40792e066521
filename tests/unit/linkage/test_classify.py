"""Classification: sure rules in order, vetoes hold a pair at possible, possible needs a rule, every
requirement and the score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.linkage.classify import classify
from workbench.linkage.config import PERSON_EVIDENCE, SHARED_EVIDENCE
from workbench.linkage.rules import (
    BIRTH_DATES_DIFFER,
    FIRST_NAMES_CLEARLY_DIFFER,
    LAST_NAME_AND_BIRTH_DATE_EXACT,
    LAST_NAME_AND_MOBILE_EXACT,
    PERSONAL_EMAIL_EXACT,
    SAME_CONTACT_AND_FIRST_NAME,
    SIMILAR_COMPANY,
    person_evidence,
    similar_names,
)


def default_rules_for(labels: tuple[str, ...]) -> tuple:
    return (person_evidence([c for label, c in PERSON_EVIDENCE if label in labels]),
            similar_names([c for label, c in SHARED_EVIDENCE if label in labels]))



LABELS = ("persons", "personal_email", "mobile", "last_name", "last_name_phonetic", "first_name", "first_names",
          "address", "company", "vat_id", "birth_date")
RULES = (PERSONAL_EMAIL_EXACT, LAST_NAME_AND_MOBILE_EXACT, LAST_NAME_AND_BIRTH_DATE_EXACT,
         FIRST_NAMES_CLEARLY_DIFFER, BIRTH_DATES_DIFFER, *default_rules_for(LABELS), SAME_CONTACT_AND_FIRST_NAME,
         SIMILAR_COMPANY)


def _features(**columns: list[float | None]) -> pd.DataFrame:
    base = dict.fromkeys(LABELS)
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


def test_last_name_and_birth_date_exact_is_sure_only_with_compatible_first_names() -> None:
    out = _classify(_features(persons=[1.0, 1.0], last_name=[1.0, 1.0], birth_date=[1.0, 1.0], first_names=[1.0, None],
                              first_name=[1.0, None]))
    assert out["rule"].tolist() == ["LastNameAndBirthDateExact", "SimilarNames"]
    assert out["match_class"].tolist() == ["sure", "possible"]  # a million people share last names and birth dates


def test_first_sure_rule_in_order_is_the_one_recorded() -> None:
    out = _classify(_features(personal_email=[1.0], last_name=[1.0], mobile=[1.0]))
    assert out["rule"].tolist() == ["PersonalEmailExact"]


def test_veto_first_names_clearly_differ_holds_a_sure_pair_at_possible() -> None:
    out = _classify(_features(persons=[1.0, 1.0, 1.0], personal_email=[1.0, 1.0, 1.0], first_names=[0.0, 1.0, 0.0],
                              first_name=[0.4, 1.0, 0.4]), scores=[0.9, 0.01, 0.01])
    assert out["match_class"].tolist() == ["possible", "sure", "none"]  # possible needs the score too
    assert out["veto"].tolist() == ["FirstNamesClearlyDiffer", None, "FirstNamesClearlyDiffer"]
    assert out["rule"].tolist() == ["PersonalEmailExact", "PersonalEmailExact", "PersonalEmailExact"]


def test_a_vetoed_pair_without_person_evidence_is_none() -> None:
    # a mobile handed on to someone else of the same surname: different first names, nothing personal
    out = _classify(_features(persons=[1.0, 1.0], last_name=[1.0, 1.0], mobile=[1.0, 1.0], first_names=[0.0, 0.0],
                              first_name=[0.3, 0.83]))
    assert out["match_class"].tolist() == ["none", "possible"]  # a first-name typo (0.83) is person evidence
    assert out["veto"].tolist() == ["FirstNamesClearlyDiffer"] * 2


def test_veto_birth_dates_differ_only_when_both_known() -> None:
    out = _classify(_features(persons=[1.0, 1.0], last_name=[1.0, 1.0], mobile=[1.0, 1.0], first_name=[1.0, 1.0],
                              first_names=[1.0, 1.0], birth_date=[0.0, None]))
    assert out["match_class"].tolist() == ["possible", "sure"]
    assert out["veto"].tolist() == ["BirthDatesDiffer", None]


def test_veto_does_not_touch_pairs_that_are_not_sure() -> None:
    out = _classify(_features(first_names=[0.0], last_name=[0.2]))
    assert out["match_class"].tolist() == ["none"]
    assert out["veto"].tolist() == [None]


def test_possible_needs_similar_names_something_shared_and_the_score() -> None:
    features = _features(persons=[1] * 8,
                         last_name=[0.9, 0.9, 0.5, None, 0.9, 0.9, 0.9, 0.9],
                         last_name_phonetic=[None, None, 1.0, None, 0, 0, 0, 0],
                         first_name=[0.85, 0.85, 0.9, 0.9, 0.85, 0.5, 0.9, 0.85],
                         first_names=[1, 1, 1, 1, 1, 0, 0, 1],
                         address=[1, 1, 1, 1, 1, 1, 1, None])
    out = _classify(features, scores=[0.7, 0.3, 0.7, 0.99, 0.7, 0.99, 0.99, 0.99])
    # a clearly different first name stops it unless it is a near typo; names alone (a namesake) are not enough
    assert out["match_class"].tolist() == ["possible", "none", "possible", "none", "possible", "none", "possible",
                                           "none"]
    assert out["rule"].tolist() == ["SimilarNames", None, "SimilarNames", None, "SimilarNames", None, "SimilarNames",
                                    None]


def test_a_person_pair_needs_person_evidence_whatever_else_it_shares() -> None:
    # colleagues: same company, same address, a married-name rule cannot fire without their own names
    features = _features(persons=[1.0, 1.0, 0.0], company=[1.0, 1.0, 1.0], address=[1.0, 1.0, 1.0],
                         last_name=[0.3, 0.3, None], first_name=[0.4, 1.0, None], first_names=[0.0, 1.0, None],
                         mobile=[None, 1.0, None])
    out = _classify(features)
    assert out["match_class"].tolist() == ["none", "possible", "possible"]
    assert out["rule"].tolist() == [None, "SameContactAndFirstName", "SimilarCompany"]  # two company records


def test_classification_keeps_the_batch_index() -> None:
    features = _features(personal_email=[1.0, 0.0])
    features.index = pd.MultiIndex.from_tuples([(5, 2), (9, 3)])
    assert _classify(features).index.tolist() == [(5, 2), (9, 3)]
