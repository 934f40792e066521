"""Spark in, Parquet out: a match folder written on Spark, read back in pages for the review screens."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.linkage import LinkageConfig, find_duplicates
from workbench.linkage.engines.spark import match_duplicates, write_match
from workbench.linkage.engines.spark.clusters import connected_components
from workbench.linkage.parquet import read_manifest, read_match_page
from workbench.review import DuplicateReview
from workbench.store import open_store
from workbench.synthetic import dedup_set


@pytest.fixture(scope="module")
def written(spark: object, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    frame, *_ = dedup_set(1_500, seed=5)
    parquet = tmp_path_factory.mktemp("input") / "customers.parquet"
    frame.rename_axis("row").reset_index().to_parquet(parquet)
    folder = tmp_path_factory.mktemp("match") / "duplicates"
    write_match(match_duplicates(str(parquet), LinkageConfig(), session=spark), str(folder))
    return folder, frame


def test_the_folder_holds_the_embedded_engines_pairs_and_groups(written: tuple[Path, pd.DataFrame]) -> None:
    folder, frame = written
    expected = find_duplicates(frame)
    pairs = pd.read_parquet(folder / "pairs")
    columns = list(expected.pairs.columns)
    got = pairs[columns].assign(match_class=lambda p: p["match_class"].astype(expected.pairs["match_class"].dtype))

    pd.testing.assert_frame_equal(got.sort_values(["a_row", "b_row"]).reset_index(drop=True),
                                  expected.pairs.sort_values(["a_row", "b_row"]).reset_index(drop=True))
    assert pairs["match_class"].tolist() == sorted(pairs["match_class"], key=["sure", "possible"].index)
    groups = pd.read_parquet(folder / "clusters").groupby("cluster")["row"].apply(frozenset)
    assert set(groups) == set(expected.clusters.groupby("cluster")["row"].apply(frozenset))
    assert read_manifest(folder)["counts"] == {c: int(n) for c, n in expected.counts.items()}
    assert read_manifest(folder)["candidate_pairs"] == expected.candidate_pairs


def test_a_page_holds_only_its_pairs_and_their_records(written: tuple[Path, pd.DataFrame]) -> None:
    folder, frame = written
    page = read_match_page(folder, match_class="possible", offset=10, limit=25)

    assert len(page.pairs) == 25
    assert set(page.pairs["match_class"]) == {"possible"}
    assert set(page.a.index) == set(page.pairs["a_row"]) | set(page.pairs["b_row"])
    pd.testing.assert_frame_equal(page.a, frame.loc[page.a.index], check_names=False)
    sample = read_match_page(folder, sample=0.2, limit=10_000, seed=1)
    assert 0 < len(sample.pairs) < read_manifest(folder)["counts"]["sure"] + read_manifest(folder)["counts"]["possible"]
    assert sample.pairs.equals(read_match_page(folder, sample=0.2, limit=10_000, seed=1).pairs)


def test_a_steward_reviews_a_page_and_the_store_keeps_the_decision(written: tuple[Path, pd.DataFrame],
                                                                    tmp_path: Path) -> None:
    folder, _ = written
    page = read_match_page(folder, match_class="possible", limit=5)
    store = open_store(f"sqlite:///{tmp_path / 'workbench.db'}")
    try:
        review = DuplicateReview(page, store, system="CRM")
        shown = review.current
        review.same(reason="checked in a page")

        again = DuplicateReview(read_match_page(folder, match_class="possible", limit=5), store, system="CRM")
        assert again.pair(shown.label).decision.outcome == "same"
        assert again.progress.reviewed == 1
    finally:
        store.close()


def test_groups_follow_chains_of_sure_links(spark) -> None:
    edges = spark.createDataFrame([(1, 2), (2, 3), (3, 4), (10, 11), (7, 4)], "a_row long, b_row long")
    labels = {row["row"]: row["cluster"] for row in connected_components(edges).collect()}

    assert labels == {1: 1, 2: 1, 3: 1, 4: 1, 7: 1, 10: 10, 11: 10}
