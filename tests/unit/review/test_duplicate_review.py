"""A steward reviews duplicate pairs: decisions, skip, accept all sure, undo, filters, memory across runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html import escape
from pathlib import Path

import pandas as pd
import pytest

from tests.unit.review.review_scenarios import (
    POSSIBLE_PAIRS,
    SURE_PAIRS,
    audit_actions,
    customers,
    pair_decisions,
    pair_reasons,
)
from workbench.errors import ConfigError, InputError, StaleWriteError, StateError, WorkbenchError
from workbench.io import read_table
from workbench.linkage import find_duplicates, find_partners
from workbench.review import DuplicateReview, onboarding_policy
from workbench.store import open_store

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


def pair_of(view) -> tuple[str, str]:
    return tuple(sorted((view.a_no, view.b_no)))


def test_opens_on_possible_pairs_highest_score_first(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")

    assert review.counts == {"sure": 2, "possible": 2, "none": 14}
    assert review.tab == "possible"
    scores = [duplicates.pairs.at[label, "score"] for label in review.queue()]
    assert scores == sorted(scores, reverse=True)
    current = review.current
    assert pair_of(current) == ("12", "13")
    assert {"first_name", "last_name", "street", "city"} <= set(current.differing)
    assert "postcode" not in current.differing
    assert "customer_no" not in current.differing  # two records always have two numbers
    assert current.explanation.startswith("possible")
    assert current.similarities["last_name"] is not None
    assert current.decision is None
    assert str(review.progress) == "0 of 2 reviewed"


def test_same_and_different_go_to_the_store_with_who_and_why(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    explanation = review.current.explanation
    seen = []
    review.on_change(seen.append)

    review.same()
    assert pair_of(review.current) == ("10", "11")  # the next undecided pair
    review.different(reason="Karl and Karla are siblings")

    assert pair_decisions(store) == {("12", "13"): "same", ("10", "11"): "different"}
    assert audit_actions(store) == [("decide pair", "eva", explanation),
                                    ("decide pair", "eva", "Karl and Karla are siblings")]
    assert review.current is None
    assert review.progress.done
    assert len(seen) == 2
    decided = review.decisions_frame()
    assert set(zip(decided["a_no"], decided["b_no"], decided["same"], strict=True)) == {
        ("12", "13", True), ("10", "11", False)}


def test_skip_leaves_the_pair_undecided_and_brings_it_round_last(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM")
    first = pair_of(review.current)

    review.skip()
    assert pair_of(review.current) != first
    review.same()
    assert pair_of(review.current) == first  # the skipped pair comes round again
    review.skip()
    assert pair_of(review.current) == first  # the only undecided pair stays on screen
    assert first not in pair_decisions(store)


def test_accept_all_sure_is_one_step_and_undo_reverts_it(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")

    assert review.accept_all_sure() == 2
    assert pair_decisions(store) == dict.fromkeys(SURE_PAIRS, "same")
    assert review.tab_progress("sure").done
    assert all(reason.startswith("accept all sure: sure") for reason in pair_reasons(store).values())
    assert review.accept_all_sure() == 0  # nothing left to accept

    assert review.undo(reason="too hasty") == 2
    assert pair_decisions(store) == {}
    assert [action for action, _, _ in audit_actions(store)] == ["decide pairs", "undo"]
    assert review.tab == "sure"
    assert review.current is not None
    assert str(review.progress) == "0 of 2 reviewed"


def test_undo_shows_the_undone_pair_again(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    review.same()
    review.show("none")

    assert review.undo() == 1
    assert review.tab == "possible"
    assert pair_of(review.current) == ("12", "13")
    assert review.undo() == 0  # nothing more to undo


def test_a_new_review_on_the_same_store_remembers_the_decisions(duplicates, store_path):
    first_store = open_store(store_path)
    first = DuplicateReview(duplicates, first_store, system="CRM", actor="eva")
    first.same()
    first.accept_all_sure()
    first_store.close()

    later = open_store(store_path)
    again = DuplicateReview(duplicates, later, system="CRM", actor="eva")
    assert pair_of(again.current) == ("10", "11")  # never asks about (12, 13) again
    assert again.tab_progress("possible").reviewed == 1
    assert again.tab_progress("sure").done
    assert again.pair(again.queue()[0]).decision.decided_by == "eva"

    assert again.undo() == 2  # after a restart: the actor's newest step (accept all sure), from the audit log
    assert pair_decisions(later) == {("12", "13"): "same"}
    later.close()


def test_filters_by_score_band_and_by_differing_field(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM")
    top = duplicates.pairs.loc[review.queue(), "score"].max()

    review.filter(score_band=(top, 1.0))
    assert [pair_of(review.pair(label)) for label in review.queue()] == [("12", "13")]
    review.filter(score_band=(0.0, 1.0))

    review.show("sure")
    review.filter(differing_field="first_name")
    assert [pair_of(review.pair(label)) for label in review.queue()] == [("3", "4")]  # Hans / Johannes
    assert pair_of(review.current) == ("3", "4")
    review.filter(clear_field=True)
    assert len(review.queue()) == 2

    with pytest.raises(ConfigError, match="empty"):
        review.filter(score_band=(0.9, 0.1))
    with pytest.raises(ConfigError, match="no field 'birthday'"):
        review.filter(differing_field="birthday")
    with pytest.raises(ConfigError, match="no tab"):
        review.show("maybe")


def test_deciding_with_no_pair_shown_is_a_programming_mistake_not_a_setting(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    review.show("sure")
    review.accept_all_sure()
    assert review.current is None

    with pytest.raises(StateError, match="no pair is shown") as raised:
        review.same()
    assert not isinstance(raised.value, WorkbenchError)


def test_browsing_and_changing_a_decision(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    review.same()
    review.previous()
    assert pair_of(review.current) == ("12", "13")
    assert review.current.decision.outcome == "same"

    review.different(reason="second look: different addresses")
    assert pair_decisions(store)[("12", "13")] == "different"
    review.next()
    review.go_to(review.queue()[0])
    with pytest.raises(ConfigError, match="not in the possible tab"):
        review.go_to(review.result.pairs.index[review.result.pairs["match_class"] == "sure"][0])


def test_a_decision_taken_meanwhile_by_another_steward_is_not_overwritten(duplicates, store):
    mine = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    theirs = DuplicateReview(duplicates, store, system="CRM", actor="tom")
    theirs.different(reason="checked by phone")

    with pytest.raises(StaleWriteError, match=r"decided meanwhile by tom \('different'"):
        mine.same()
    mine.reload()
    assert mine.pair(mine.queue()[0]).decision.decided_by == "tom"
    assert pair_of(mine.current) == ("10", "11")


def test_pairs_without_a_record_number_cannot_be_decided(store):
    base = customers()
    base.loc[2, "customer_no"] = None
    result = find_duplicates(base)
    review = DuplicateReview(result, store, system="CRM")
    review.show("sure")

    assert pair_of(review.current) == ("3", "4")  # the numberless pair is not offered
    assert review.accept_all_sure() == 1
    unnumbered = next(label for label in review.queue() if review.pair(label).a_no is None)
    review.go_to(unnumbered)
    with pytest.raises(InputError, match=r"row 2\) has no number"):
        review.same()


def test_partner_candidates_are_decided_across_two_systems(store):
    crm = customers()[:4]
    erp = customers()[:4].set_axis(pd.Index(range(3, 7), name="row")).assign(customer_no=["D1", "D2", "D3", "D4"])
    result = find_partners(crm, erp)
    with pytest.raises(ConfigError, match="partner system"):
        DuplicateReview(result, store, system="CRM")

    review = DuplicateReview(result, store, system="CRM", partner_system="ERP", actor="eva")
    review.show("sure")
    review.same()
    with store.transaction() as tx:
        decided = tx.decisions.active_pair(tx.systems.get("ERP"), review.pair(review.queue()[0]).b_no,
                                           tx.systems.get("CRM"), review.pair(review.queue()[0]).a_no)
    assert decided is not None
    assert decided.outcome == "same"
    again = DuplicateReview(result, store, system="CRM", partner_system="ERP")
    assert again.tab_progress("sure").reviewed == 1


def test_between_two_systems_a_policy_accepts_only_the_pair_proposed_one_to_one(store):
    crm = read_table(SAMPLES / "crm_customers.xlsx", sheet="Kunden").frame
    erp = read_table(SAMPLES / "erp_customers.csv").frame
    result = find_partners(crm, erp)
    review = DuplicateReview(result, store, system="CRM", partner_system="ERP", actor="batch")

    decided = review.apply_policy(onboarding_policy("auto"))

    pairs = result.pairs
    by_score = pairs[(pairs["match_class"] == "possible") & pairs["veto"].isna() & (pairs["score"] >= 0.9)]
    proposed = by_score[by_score["assigned"] & ~by_score["ambiguous"]]
    assert 0 < decided == len(proposed) < len(by_score)
    frame = review.decisions_frame()
    assert set(zip(frame["a_no"], frame["b_no"], strict=True)) == set(zip(proposed["a_no"], proposed["b_no"],
                                                                           strict=True))
    assert frame["same"].all()
    assert frame["reason"].str.startswith("onboarding policy auto: possible partner, score ").all()


def test_a_steward_reviews_the_crm_sample_with_the_answer_key(store):
    truth = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
    same = {tuple(sorted((d["a"]["customer_no"], d["b"]["customer_no"]))) for d in truth["duplicates"]["crm"]}
    crm = read_table(SAMPLES / "crm_customers.xlsx", sheet="Kunden")
    review = DuplicateReview(find_duplicates(crm.frame), store, system="CRM", actor="eva")

    review.accept_all_sure()
    while review.current is not None:
        if pair_of(review.current) in same:
            review.same(reason="answer key")
        else:
            review.different(reason="answer key")

    decided = pair_decisions(store)
    assert {pair for pair, outcome in decided.items() if outcome == "same"} <= same
    assert len(decided) == sum(review.counts[tab] for tab in ("sure", "possible"))
    assert review.tab_progress("sure").done
    assert review.tab_progress("possible").done
    assert {pair for pair, outcome in decided.items() if outcome == "different"}.isdisjoint(same)


def test_sure_and_possible_fixture_pairs_are_what_the_tests_assume(duplicates):
    classes = {tuple(sorted((a, b))): c for a, b, c in duplicates.pairs[["a_no", "b_no", "match_class"]]
               .itertuples(index=False)}
    assert {p for p, c in classes.items() if c == "sure"} == SURE_PAIRS
    assert {p for p, c in classes.items() if c == "possible"} == POSSIBLE_PAIRS


def test_a_policy_decides_what_it_knows_and_leaves_the_rest_for_review(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="batch")

    assert review.apply_policy(onboarding_policy("review")) == 0  # review accepts no possible pair
    assert review.apply_policy(onboarding_policy("auto")) == 1
    assert pair_decisions(store) == {("12", "13"): "same"}  # 10/11 scores 0.98 too, but a veto demoted it
    assert pair_reasons(store)[("12", "13")] == "onboarding policy auto: possible duplicate, score 0.99"
    assert pair_of(review.current) == ("10", "11")  # left for a steward
    assert review.apply_policy(onboarding_policy("auto")) == 0  # decided pairs are not decided again
    assert review.undo() == 1
    assert pair_decisions(store) == {}


def test_a_policy_never_overrides_a_steward_and_takes_its_score_from_the_policy(duplicates, store):
    steward = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    steward.go_to(next(label for label in steward.queue() if pair_of(steward.pair(label)) == ("12", "13")))
    steward.different(reason="two people")

    batch = DuplicateReview(duplicates, store, system="CRM", actor="batch")
    assert batch.apply_policy(onboarding_policy("auto", accept_possible=0.5)) == 0
    assert pair_decisions(store) == {("12", "13"): "different"}


def test_importing_the_models_loads_no_widget_package():
    code = ("import sys, workbench.review; "
            "print(sorted({'ipywidgets', 'IPython', 'traitlets'} & set(sys.modules)))")
    root = str(SAMPLES.parent)  # this tree, not whichever one is installed
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": root}, cwd=root)
    assert out.stdout.strip() == "[]"


def test_only_real_differences_are_differences(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM")
    review.show("sure")
    by_pair = {pair_of(review.pair(label)): review.pair(label) for label in review.queue()}

    assert by_pair[("3", "4")].differing == ["first_name"]  # 0171 2223334 / +49 171 2223334: one mobile
    assert "email" not in by_pair[("1", "2")].differing  # case and spaces of an address are no difference
    assert {"street", "postcode", "city"} <= set(by_pair[("1", "2")].differing)
    review.filter(differing_field="mobile")
    assert review.queue() == []


def test_explanations_rank_by_class_then_similarity_and_keep_the_whole_sentence(duplicates, store):
    from workbench.widgets import explanation_table

    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    review.same(reason="checked")
    table = review.explanations()
    classes = table["match_class"].tolist()
    assert classes == sorted(classes, key=["sure", "possible", "none"].index)  # sure first, whatever the score
    for _, group in table.groupby("match_class"):
        assert group["similarity"].tolist() == sorted(group["similarity"], reverse=True)
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    assert "same" in table["decision"].tolist()
    longest = max(duplicates.pairs["explanation"], key=len)
    html = explanation_table(review).value
    assert escape(longest) in html  # nothing cut off with "…"
    assert "the same measure in every class" in html


def test_a_difference_only_in_case_or_spacing_is_not_highlighted(store):
    records = pd.DataFrame({"customer_no": ["1", "2"], "first_name": ["Anna", "Anna"], "last_name": ["Berg", "Berg"],
                            "email": ["anna@berg.de", "anna@berg.de"], "company": ["WEISS  LOGISTIK GMBH",
                                                                                  "Weiss Logistik GmbH"],
                            "city": ["Köln", "Koeln"]}, index=pd.Index([2, 3], name="row"))
    review = DuplicateReview(find_duplicates(records), store, system="CRM")
    assert review.current.differing == ["city"]  # a spelling is a difference, case and spaces are not
