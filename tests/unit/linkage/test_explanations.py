"""Explanation text: class, deciding rule with values, veto, field similarities, score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.linkage.classify import classify
from workbench.linkage.comparisons import ExactMatch, FirstNamesCompatible, StringSimilarity
from workbench.linkage.explanations import explain
from workbench.linkage.rules import (
    FIRST_NAMES_CLEARLY_DIFFER,
    LAST_NAME_AND_MOBILE_EXACT,
    PERSONAL_EMAIL_EXACT,
    Rule,
    similar_names,
)

COMPARISONS = (
    ExactMatch("personal_email_key", field="email", title="personal email"),
    ExactMatch("mobile_key", field="mobile"),
    StringSimilarity("last_name_key", field="last_name"),
    ExactMatch("last_name_phonetic_key", field="last_name", levels=(), explain=False),
    StringSimilarity("first_name_key", field="first_name"),
    FirstNamesCompatible("first_name_key", label="first_names", field="first_name", title="first names"),
    ExactMatch("postcode_key", field="postcode"),
)
RULES = (PERSONAL_EMAIL_EXACT, LAST_NAME_AND_MOBILE_EXACT, FIRST_NAMES_CLEARLY_DIFFER,
         similar_names(["mobile == 1", "address >= 0.45"]))


def _explain(features: dict, left: dict, right: dict, score: float) -> str:
    frame = pd.DataFrame({c.label: [features.get(c.label, np.nan)] for c in COMPARISONS}, dtype=float)
    frame["address"] = frame["postcode"] / 2  # the same postcode is shared evidence
    scores = np.array([score])
    classified = classify(frame, scores, RULES, possible_threshold=0.7)
    return explain(classified, frame, scores, COMPARISONS, RULES, pd.DataFrame([left]), pd.DataFrame([right]))[0]


def test_sure_pair_names_the_rule_with_its_value_and_does_not_repeat_it() -> None:
    text = _explain({"personal_email": 1, "last_name": 1, "last_name_phonetic": 1, "first_name": 0.58,
                     "first_names": 1},
                    {"email": "hans.schmidt@gmx.de", "last_name": "Schmidt", "first_name": "Hans"},
                    {"email": "Hans.Schmidt@gmx.de", "last_name": "Schmidt", "first_name": "Johannes"}, 0.995)
    assert text == ("sure: same personal email hans.schmidt@gmx.de; last name 1.00, first name 0.58 "
                    "(Hans/Johannes), first names Hans/Johannes compatible; score 0.99")


def test_vetoed_pair_says_why_it_is_only_possible() -> None:
    text = _explain({"mobile": 1, "last_name": 1, "first_name": 0.47, "first_names": 0, "postcode": 1},
                    {"mobile": "0171 1234567", "last_name": "Berg", "first_name": "Paul", "postcode": "10115"},
                    {"mobile": "+49 171 1234567", "last_name": "Berg", "first_name": "Petra", "postcode": "10115"},
                    0.93)
    assert text == ("possible: same last name Berg and mobile 0171 1234567; "
                    "but first names clearly differ (Paul/Petra); first name 0.47 (Paul/Petra), same postcode 10115; "
                    "score 0.93")


def test_possible_pair_lists_field_similarities_and_score() -> None:
    text = _explain({"last_name": 0.96, "last_name_phonetic": 1, "first_name": 1, "first_names": 1, "postcode": 1,
                     "mobile": 0},
                    {"last_name": "Müller", "first_name": "Anna", "postcode": "10115", "mobile": "0171 1"},
                    {"last_name": "Mueller", "first_name": "Anna", "postcode": "10115", "mobile": "0172 2"}, 0.87)
    assert text == ("possible: similar names and more in common; different mobile (0171 1/0172 2), last name 0.96 "
                    "(Müller/Mueller), first name 1.00, first names Anna/Anna compatible, same postcode 10115; "
                    "score 0.87")


def test_none_pair_is_explained_too() -> None:
    text = _explain({"last_name": 0.4, "first_name": 0.5, "first_names": 0}, {"last_name": "Berg", "first_name": "Jo"},
                    {"last_name": "Krause", "first_name": "Eva"}, 0.01)
    assert text == ("none: last name 0.40 (Berg/Krause), first name 0.50 (Jo/Eva), first names clearly differ "
                    "(Jo/Eva); score 0.01")


def test_many_pairs_are_explained_in_batches_with_the_same_text(monkeypatch) -> None:
    rng = np.random.default_rng(7)
    n = 9
    frame = pd.DataFrame({c.label: rng.choice([0.0, 0.5, 1.0, np.nan], n) for c in COMPARISONS})
    frame.loc[:2, ["personal_email", "first_names"]] = 1.0  # sure ones among them
    frame["address"] = frame["postcode"] / 2
    scores = rng.random(n)
    classified = classify(frame, scores, RULES, possible_threshold=0.7)
    names = ["Anna", "Jens", None]
    left = pd.DataFrame({"email": [f"a{i}@x.de" for i in range(n)], "first_name": rng.choice(names, n),
                         "last_name": ["Berg"] * n, "mobile": ["0171 1"] * n, "postcode": ["10115"] * n},
                        index=np.arange(100, 100 + n))
    right = left.assign(first_name=rng.choice(names, n), postcode="10117")
    whole = explain(classified, frame, scores, COMPARISONS, RULES, left, right)
    monkeypatch.setattr("workbench.linkage.explanations._BATCH", 2)
    assert explain(classified, frame, scores, COMPARISONS, RULES, left, right).tolist() == whole.tolist()
    assert len({text.split(":")[0] for text in whole}) >= 2  # more than one class among them


def test_a_rule_sentence_fills_its_placeholders_by_name_with_conversions_specs_and_literal_braces() -> None:
    rule = Rule("MobileAndName", "sure", "mobile == 1",
                "{{rule}} mobile {mobile_b:>8}, named {last_name_a!r} / {first_name_b}, last name {last_name}, "
                "score {score}")
    frame = pd.DataFrame({c.label: [1.0, 1.0] for c in COMPARISONS}).assign(last_name=[0.9, 1.0], address=0.5)
    scores = np.array([0.991, 0.5])
    classified = classify(frame, scores, (rule,), possible_threshold=0.7)
    left = pd.DataFrame({"last_name": ["Berg", "Krause"], "mobile": ["0171 1", "0172 2"], "first_name": ["Jo", "Eva"]})
    right = left.assign(mobile=["+49171 1", "12"], first_name=["Jon", "Eve"])
    texts = explain(classified, frame, scores, COMPARISONS, (rule,), left, right).tolist()
    assert [text.split("; ")[0] for text in texts] == [
        "sure: {rule} mobile +49171 1, named 'Berg' / Jon, last name 0.90, score 0.99",
        "sure: {rule} mobile       12, named 'Krause' / Eve, last name 1.00, score 0.50",
    ]
