"""find_duplicates / find_partners / match_new_records on small bases: classes, clusters, partners, contract."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from tests.unit.linkage.conftest import BASE, frame_of
from workbench.errors import InputError
from workbench.linkage import LinkageConfig, find_duplicates, find_partners, match_new_records
from workbench.linkage.matching import Kept, pair_frame
from workbench.linkage.results import CLUSTER_COLUMNS, PAIR_COLUMNS, PARTNER_COLUMNS
from workbench.linkage.scoring import FellegiSunter


def _classes(result) -> dict[tuple[str, str], str]:
    return {(a, b): c for a, b, c in zip(result.pairs["a_no"], result.pairs["b_no"], result.pairs["match_class"],
                                         strict=True)}


def test_duplicates_by_each_rule_with_vetoes_and_mailbox_exceptions(customers, model) -> None:
    result = find_duplicates(customers, model=model)
    classes = _classes(result)
    assert classes[("1", "2")] == "sure"  # PersonalEmailExact, despite the move
    assert classes[("3", "4")] == "sure"  # LastNameAndMobileExact, Hans is short for Johannes
    assert classes[("10", "11")] == "possible"  # sure rule vetoed: Karl / Karla
    assert classes[("12", "13")] == "possible"  # similar names, same address
    assert ("5", "6") not in classes  # a role mailbox alone is no evidence
    assert not {("7", "8"), ("7", "9"), ("8", "9")} & {k for k, v in classes.items() if v == "sure"}  # shared
    rules = result.pairs.set_index(["a_no", "b_no"])
    assert rules.loc[("1", "2"), "rule"] == "PersonalEmailExact"
    assert rules.loc[("3", "4"), "rule"] == "LastNameAndMobileExact"
    assert rules.loc[("10", "11"), "veto"] == "FirstNamesClearlyDiffer"
    assert rules.loc[("12", "13"), "rule"] == "SimilarNames"


def test_pairs_frame_contract(customers, model) -> None:
    pairs = find_duplicates(customers, model=model).pairs
    assert list(pairs.columns[: len(PAIR_COLUMNS)]) == list(PAIR_COLUMNS)
    assert all(c.startswith("sim_") for c in pairs.columns[len(PAIR_COLUMNS):])
    assert (pairs["a_row"] < pairs["b_row"]).all()
    assert pairs["match_class"].cat.categories.tolist() == ["sure", "possible", "none"]
    assert pairs["match_class"].is_monotonic_increasing  # sure first
    first = pairs.iloc[0]
    assert first["explanation"].startswith("sure: ")
    assert 0 <= first["score"] <= 1


def test_clusters_are_groups_of_sure_duplicates(customers, model) -> None:
    extra = frame_of([*BASE, ("15", "Anna", "Schmitt", "anna.schmidt@gmx.de", None, None, None, None)])
    clusters = find_duplicates(extra, model=model).clusters
    assert list(clusters.columns) == list(CLUSTER_COLUMNS)
    groups = clusters.groupby("cluster")["no"].apply(sorted).tolist()
    assert groups == [["1", "15", "2"], ["3", "4"]]
    assert clusters.set_index("no")["cluster_size"].to_dict() == {"1": 3, "2": 3, "15": 3, "3": 2, "4": 2}


def test_partners_ranked_assigned_one_to_one_and_ambiguity_flagged(model) -> None:
    a = frame_of([("A1", "Anna", "Schmidt", "anna.schmidt@gmx.de", None, None, None, None),
                  ("A2", "Jens", "Hansen", None, "+45 20 30 40 50", "Skovvej 1", "8000", "Aarhus"),
                  ("A3", "Jens", "Hansen", None, None, "Skovvej 1", "8000", "Aarhus")])
    b = frame_of([("B1", "Anna", "Schmidt", "Anna.Schmidt@gmx.de", None, None, None, None),
                  ("B2", "Jens", "Hansen", None, "20304050", "Skovvej 1", "8000", "Aarhus")], first_row=5)
    result = find_partners(a, b, LinkageConfig(default_region="DK"), model=model)
    assert list(result.pairs.columns[-len(PARTNER_COLUMNS):]) == list(PARTNER_COLUMNS)
    chosen = set(zip(result.assignment["a_no"], result.assignment["b_no"], strict=True))
    assert chosen == {("A1", "B1"), ("A2", "B2")}  # one partner each; A3 loses B2 to A2
    ranks = result.pairs.set_index(["a_no", "b_no"])
    assert ranks.loc[("A2", "B2"), "b_rank"] == 1
    assert ranks.loc[("A3", "B2"), "b_rank"] == 2
    assert not ranks.loc[("A1", "B1"), "ambiguous"]


def test_equally_good_candidates_are_proposed_but_flagged(model) -> None:
    a = frame_of([("A1", "Jens", "Hansen", None, None, "Skovvej 1", "8000", "Aarhus")])
    b = frame_of([("B1", "Jens", "Hansen", None, None, "Skovvej 1", "8000", "Aarhus"),
                  ("B2", "Jens", "Hansen", None, None, "Skovvej 1", "8000", "Aarhus")], first_row=5)
    result = find_partners(a, b, model=model)
    assert len(result.assignment) == 1
    assert result.assignment["ambiguous"].tolist() == [True]


def test_new_records_are_matched_against_the_base_and_among_themselves_only(customers, model) -> None:
    new = frame_of([("N1", "Anna", "Schmidt", "anna.schmidt@gmx.de", None, None, None, None),
                    ("N2", "Ole", "Dahl", "ole@dahl.dk", None, None, None, None),
                    ("N3", "Ole", "Dahl", "OLE@dahl.dk", None, None, None, None)], first_row=100)
    partners, duplicates = match_new_records(new, customers)
    assert set(partners.pairs["a_no"]) <= {"N1", "N2", "N3"}  # the base is never paired with itself
    assert {("N1", "1"), ("N1", "2")} <= set(zip(partners.sure["a_no"], partners.sure["b_no"], strict=True))
    assert list(zip(duplicates.sure["a_no"], duplicates.sure["b_no"], strict=True)) == [("N2", "N3")]
    assert duplicates.model is partners.model


def test_progress_is_reported_per_stage(customers, model) -> None:
    seen = []
    find_duplicates(customers, LinkageConfig(chunk_size=5), model=model,
                    on_progress=lambda done, total, stage: seen.append((stage, done, total)))
    stages = [s for s, _, _ in seen]
    assert stages[0] == "prepare"
    assert stages[-1] == "group"
    compare = [(d, t) for s, d, t in seen if s == "compare"]
    assert compare[-1][0] == compare[-1][1]
    assert len(compare) > 2


def test_steward_decisions_reach_the_model(customers) -> None:
    plain = find_duplicates(customers).model
    street = plain.labels.index("address")
    said_different = pd.DataFrame({"a_no": ["12"] * 3, "b_no": ["13"] * 3, "same": [False] * 3})
    different = find_duplicates(customers, decisions=said_different).model
    assert different.u[street][-1] > plain.u[street][-1]  # agreeing on the street is less telling now
    said_same = said_different.assign(same=True)
    same = find_duplicates(customers, decisions=said_same).model
    assert same.m[street][-1] > plain.m[street][-1]


def test_decisions_need_their_columns(customers) -> None:
    with pytest.raises(InputError):
        find_duplicates(customers, decisions=pd.DataFrame({"a": [1]}))


def test_row_numbers_must_be_unique(customers, model) -> None:
    broken = customers.copy()
    broken.index = [2] * len(broken)
    with pytest.raises(InputError, match="row numbers"):
        find_duplicates(broken, model=model)


def test_side_by_side_marks_differing_fields(customers, model) -> None:
    result = find_duplicates(customers, model=model)
    label = result.pairs.index[(result.pairs["a_no"] == "1") & (result.pairs["b_no"] == "2")][0]
    view = result.side_by_side(label)
    assert view.loc["city", "a"] == "Berlin"
    assert view.loc["city", "b"] == "Hamburg"
    assert view.loc["city", "differs"]
    assert not view.loc["first_name", "differs"]


def test_fitted_model_can_be_reused(customers) -> None:
    first = find_duplicates(customers)
    again = find_duplicates(customers, model=first.model)
    assert isinstance(first.model, FellegiSunter)
    pd.testing.assert_series_equal(first.pairs["score"], again.pairs["score"])


def test_no_candidates_gives_empty_results_with_the_contract(model) -> None:
    unrelated = frame_of([("1", "Anna", "Berg", None, None, None, None, None),
                          ("2", "Ole", "Dahl", None, None, None, None, None)])
    result = find_duplicates(unrelated, model=model)
    assert result.pairs.empty
    assert result.clusters.empty
    assert list(result.pairs.columns[: len(PAIR_COLUMNS)]) == list(PAIR_COLUMNS)
    assert result.counts.to_dict() == {"sure": 0, "possible": 0, "none": 0}
    others = frame_of([("B1", "Eva", "Krause", None, None, None, None, None)], first_row=10)
    partners = find_partners(unrelated, others, model=model)
    assert partners.pairs.empty
    assert partners.assignment.empty


LOOK_ALIKES = [  # (no, company, first, last, email, phone, street, postcode)
    ("1", "Vega Malerfirma ApS", "Marianne", "Holm", "info@vega-maler.dk", "+45 45 63 21 58", "Gerlev Allé 36", "2800"),
    ("2", "Vega Malerfirma ApS", "Bjørn", "Dahl", "info@vega-maler.dk", "+45 45 63 21 58", "Gerlev Allé 36", "2800"),
    ("3", None, "Gitte", "Sørensen", "familien.soerensen@mail.dk", "33 07 60 48", "Rosen Allé 42", "5700"),
    ("4", None, "Oliver", "Sørensen", "familien.soerensen@mail.dk", "33 07 60 48", "Rosen Allé 42", "5700"),
    ("5", None, "Mette", "Jensen", "mette.jensen@web.dk", None, "Skovvej 1", "8000"),
    ("6", None, "Jensen", "Mette", None, "86 12 34 56", "Skovvej 1", "8000"),
    ("7", "Blauwal Bau GmbH", None, None, "kontakt@blauwal.de", "030 813325", "Goethestraße 10", "93051"),
    ("8", "Blauwal Bau Holding GmbH", None, None, "holding@blauwal.de", "030 813325", "Goethestraße 10", "93051"),
    ("9", "BLAUWAL BAU", None, None, None, "030 813325", "Goethestr. 10", "93051"),
]


def test_colleagues_households_and_subsidiaries_are_no_pairs_but_swapped_names_are() -> None:
    frame = pd.DataFrame(LOOK_ALIKES, columns=["customer_no", "company", "first_name", "last_name", "email", "phone",
                                               "street", "postcode"],
                         index=pd.Index(range(2, 2 + len(LOOK_ALIKES)), name="row"))
    frame["country"] = ["DK"] * 6 + ["DE"] * 3
    pairs = find_duplicates(frame.astype(object).where(frame.notna(), None)).pairs
    found = {(a, b): str(c) for a, b, c in zip(pairs["a_no"], pairs["b_no"], pairs["match_class"], strict=True)}
    assert ("1", "2") not in found  # colleagues: same company, phone, address, role mailbox
    assert ("3", "4") not in found  # a household: a family mailbox, one address and landline
    assert ("7", "8") not in found  # a parent and its holding
    assert ("8", "9") not in found
    assert found[("7", "9")] == "possible"  # one company written two ways: company records decide by company
    assert found[("5", "6")] == "possible"
    swapped = pairs[(pairs["a_no"] == "5") & (pairs["b_no"] == "6")].iloc[0]
    assert "first and last name swapped" in swapped["explanation"]
    assert "last name 1.00" in swapped["explanation"]


def test_pair_frame_orders_sure_first_then_by_score_and_explains_pairs_of_records_without_display_fields() -> None:
    config = LinkageConfig(kind="employee")
    labels = [c.label for c in config.comparisons]
    part = Kept(first=np.array([0, 1, 2]), second=np.array([2, 0, 1]),
                features=pd.DataFrame({label: np.full(3, np.nan, dtype=np.float32) for label in labels}),
                scores=np.array([0.4, 0.9, 0.7]),
                classified=pd.DataFrame({"match_class": ["possible", "possible", "sure"],
                                         "rule": ["SimilarNames", "SimilarNames", "PersonEvidence"],
                                         "veto": [None, None, None]}))
    numbers_only = pd.DataFrame({"employee_no": ["E1", "E2", "E3"]}, index=pd.Index([10, 11, 12], name="row"))
    pairs, first, second = pair_frame([part], [numbers_only, numbers_only], config)
    assert pairs[["a_no", "b_no", "match_class", "score"]].values.tolist() == [
        ["E3", "E2", "sure", 0.7], ["E2", "E1", "possible", 0.9], ["E1", "E3", "possible", 0.4]]
    assert first.tolist() == [2, 1, 0]
    assert second.tolist() == [1, 0, 2]
    assert pairs["explanation"].tolist() == [
        "sure: score 0.70", "possible: similar names and more in common; score 0.90",
        "possible: similar names and more in common; score 0.40"]


def test_shares_of_the_compared_pairs_in_several_processes_give_the_same_pairs(customers, model, monkeypatch) -> None:
    from workbench.linkage import config, matching

    alone = find_duplicates(customers, LinkageConfig(processes=1), model=model)
    pieces, seen = [], []
    side_by_side = matching.run_side_by_side
    monkeypatch.setattr(config, "SHARED_FROM", 0)
    monkeypatch.setattr(matching, "run_side_by_side", lambda shares: pieces.append(len(shares)) or side_by_side(shares))
    together = find_duplicates(customers, LinkageConfig(processes=2), model=model,
                               on_progress=lambda done, total, stage: seen.append((stage, done, total)))
    assert pieces == [2]
    pd.testing.assert_frame_equal(alone.pairs, together.pairs)
    pd.testing.assert_frame_equal(alone.clusters, together.clusters)
    compare = [(done, total) for stage, done, total in seen if stage == "compare"]
    assert compare[0] == (0, compare[0][1])
    assert compare[-1][0] == compare[-1][1] > 0


@pytest.mark.parametrize(("total", "processes", "chunk_size"),
                         [(0, 2, 250_000), (5, 2, 250_000), (19_999, 2, 250_000), (20_000, 2, 250_000),
                          (196_158, 2, 250_000), (2_504_819, 2, 250_000), (2_504_819, 1, 250_000), (100_000, 3, 7_000)])
def test_pairs_are_compared_in_chunks_no_larger_than_chunk_size_one_contiguous_share_per_process(
        total: int, processes: int, chunk_size: int) -> None:
    from workbench.linkage.matching import _shares
    from workbench.parallel import SHARED_FROM

    shares = _shares(total, LinkageConfig(processes=processes, chunk_size=chunk_size))
    chunks = [chunk for share in shares for chunk in share]
    assert sum(c.stop - c.start for c in chunks) == total
    assert all(c.stop - c.start <= chunk_size for c in chunks)
    assert all(a.stop == b.start for a, b in itertools.pairwise(chunks))  # contiguous, in order
    assert len(shares) == (min(processes, len(chunks)) if total >= SHARED_FROM else 1)
    sizes = [sum(c.stop - c.start for c in share) for share in shares]
    assert max(sizes) - min(sizes) <= max((c.stop - c.start for c in chunks), default=0)
