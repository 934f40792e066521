"""Possible duplicates reviewed pair by pair in the review's DuplicateReview steer the import."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.contacts import ImportPolicy, prepare_import
from workbench.errors import InputError
from workbench.review import DuplicateReview


def label_of(review: DuplicateReview, card_no: str) -> int:
    pairs = review.result.pairs
    return int(pairs.index[(pairs["a_no"] == card_no) & (pairs["a_rank"] == 1)][0])


def test_decisions_of_the_duplicate_review_decide_possible_candidates(tmp_path: Path, store, cards, crm_contacts,
                                                                      crm_customers) -> None:
    session = prepare_import(cards, crm_contacts, crm_customers, store)
    review = DuplicateReview(session.matches, store, system=session.systems.outlook,
                             partner_system=session.systems.contacts, actor="alice")
    different, same = session.candidates.loc[29, "card_no"], session.candidates.loc[30, "card_no"]
    review.go_to(label_of(review, different))
    review.different("another person, checked by phone")
    review.go_to(label_of(review, same))
    review.same()

    session.refresh_decisions(store)
    assert session.candidates.loc[[29, 30], "decision"].tolist() == ["different", "same"]
    with pytest.raises(InputError, match="was decided to be contact 50260"):
        session.select([30])
    session.apply_policy(ImportPolicy())
    assert bool(session.candidates.at[29, "selected"])
    report = session.run(store, tmp_path / "records.csv")
    outcomes = report.outcomes.set_index("row")
    assert outcomes.at[29, "outcome"] == "imported"
    assert outcomes.loc[30, ["outcome", "reason", "contact_no"]].tolist() == [
        "skipped", "the same person as an existing contact (steward's decision)", "50260"]
    assert report.count("imported") == 10


def test_a_new_session_on_the_same_store_remembers_the_decisions(store, cards, crm_contacts, crm_customers) -> None:
    first = prepare_import(cards, crm_contacts, crm_customers, store)
    review = DuplicateReview(first.matches, store, system=first.systems.outlook,
                             partner_system=first.systems.contacts)
    review.go_to(label_of(review, first.candidates.loc[31, "card_no"]))
    review.different()
    again = prepare_import(cards, crm_contacts, crm_customers, store)
    assert again.candidates.at[31, "decision"] == "different"
    assert again.candidates["decision"].notna().sum() == 1
