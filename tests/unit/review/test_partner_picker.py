"""A steward picks a record's partner: candidates ranked, choose partner (refused when linked), create partner."""

from __future__ import annotations

import pytest

from tests.unit.review.review_scenarios import audit_actions, customer, link, system
from workbench.errors import ConfigError, StoreError
from workbench.linkage import find_partners
from workbench.review import PartnerPicker, partner_matches
from workbench.sync import DecidePair, Numbering, categorize

CRM = system(customer("1", "Arndt"), customer("2", "Berg"), customer("3", "Claus"), customer("4", "Ohm"))
ERP = system(customer("E1", "Arndt"), customer("E2", "Berg"), customer("E3", "Klaus", email="k@dahl.dk"),
             customer("4", "Quist"))


def overview(store):
    return categorize(CRM, ERP, store, system_a="CRM", system_b="ERP")


@pytest.fixture(scope="module")
def matches():
    return find_partners(CRM, ERP)


def linked(store) -> set[tuple[str, str, str | None]]:
    with store.transaction() as tx:
        frame = tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    return set(frame[["a_no", "b_no", "pending_side"]].itertuples(index=False, name=None))


def test_candidates_are_ranked_with_scores_and_where_they_stand(store, matches):
    link(store, "3", "E2")  # an earlier, wrong link
    picker = PartnerPicker(overview(store), store, side="a", record_no="2", matches=matches, actor="eva")

    candidates = picker.candidates
    assert candidates["partner_no"].iloc[0] == "E2"
    assert candidates["match_class"].iloc[0] == "sure"
    assert candidates["rank"].is_monotonic_increasing
    assert candidates["linked_to"].iloc[0] == "3"  # E2 is linked to CRM 3 already
    assert picker.chosen == "E2"  # the best candidate is preselected
    assert picker.record["last_name"] == "Berg"

    with pytest.raises(StoreError, match="ERP E2 is already linked to CRM 3"):
        picker.link()
    with pytest.raises(StoreError, match="has a sure partner in ERP: E2"):
        picker.create()
    assert audit_actions(store) == [("refused", "eva", None)] * 2  # nothing done, both refusals kept


def test_choose_partner_links_the_two_records_and_undo_unlinks(store, matches):
    picker = PartnerPicker(overview(store), store, side="a", record_no="1", matches=matches, actor="eva")
    picker.choose("E1")
    picker.link(reason="same mailbox")

    assert linked(store) == {("1", "E1", None)}
    assert audit_actions(store) == [("link partners", "eva", "same mailbox")]
    assert picker.partner_no == "E1"
    assert overview(store).records.set_index("no").loc["1", "category"] == "synchronized"
    with pytest.raises(ConfigError, match="has its partner already: ERP E1"):
        picker.link()

    assert picker.undo() == 1
    assert linked(store) == set()
    assert picker.partner_no is None


def test_a_partner_is_found_from_the_other_side_too(store, matches):
    picker = PartnerPicker(overview(store), store, side="b", record_no="E1", matches=matches)
    assert picker.candidates["partner_no"].iloc[0] == "1"
    picker.link()
    assert linked(store) == {("1", "E1", None)}


def test_create_partner_with_the_proposed_number(store, matches):
    picker = PartnerPicker(overview(store), store, side="a", record_no="1", matches=matches, actor="eva")
    assert picker.proposed_number == "1"  # kept: ERP does not use it
    with pytest.raises(StoreError, match="sure partner"):
        picker.create()

    taken = PartnerPicker(overview(store), store, side="a", record_no="4", matches=matches,
                          numbering=Numbering(pattern="D-{n:03d}"))
    assert taken.proposed_number == "D-001"  # ERP has a 4 already (another customer)
    taken.create(reason="new customer")
    assert linked(store) == {("4", "D-001", "b")}  # the partner is to be created in ERP
    assert taken.partner_no == "D-001"
    nxt = PartnerPicker(overview(store), store, side="a", record_no="3", matches=matches,
                        numbering=Numbering(pattern="D-{n:03d}", keep=False))
    assert nxt.proposed_number == "D-002"  # D-001 is held by the planned link


def test_bad_arguments_are_named(store, matches):
    with pytest.raises(ConfigError, match="no record 99"):
        PartnerPicker(overview(store), store, side="a", record_no="99", matches=matches)
    with pytest.raises(ConfigError, match="side must be"):
        PartnerPicker(overview(store), store, side="c", record_no="1", matches=matches)
    picker = PartnerPicker(overview(store), store, side="a", record_no="4", matches=matches)
    picker.choose(None)
    with pytest.raises(ConfigError, match="choose a partner first"):
        picker.link()


def test_without_a_matching_result_the_picker_matches_itself(store):
    picker = PartnerPicker(overview(store), store, side="a", record_no="2")
    assert picker.candidates["partner_no"].iloc[0] == "E2"


def test_the_matching_learns_from_the_decisions_stewards_recorded(store):
    def score(result, a_no: str, b_no: str) -> float:
        pairs = result.pairs
        return float(pairs.loc[(pairs["a_no"] == a_no) & (pairs["b_no"] == b_no), "score"].iloc[0])

    untaught = partner_matches(overview(store), store, progress=False)
    DecidePair(left_system="CRM", left_no="2", right_system="ERP", right_no="E2", outcome="different").apply(store)
    taught = partner_matches(overview(store), store, progress=False)
    assert score(taught, "2", "E2") < score(untaught, "2", "E2")
    picker = PartnerPicker(overview(store), store, side="a", record_no="2")  # matching itself, it asks the store too
    assert picker.matches.model.to_dict() == taught.model.to_dict()
