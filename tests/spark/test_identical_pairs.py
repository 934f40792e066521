"""The Spark backend returns exactly the embedded engine's pairs: the same pair set, classes, scores, explanations.

10,000 synthetic records, deduplicated and linked (6,000 against 4,000), with a block
cap small enough that keys are re-blocked and left out — so the caps are compared too, not
only the joins.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.spark.conftest import LOCAL
from workbench.linkage import LinkageConfig, find_duplicates, find_partners
from workbench.synthetic import dedup_set, link_sets

pytestmark = pytest.mark.timeout(1800)  # ten thousand records on two shared cores: minutes when the machine is busy

CAP = 4
PANDAS = LinkageConfig(max_block_size=CAP)
SPARK = PANDAS.replace(backend="spark", spark={"master": LOCAL.master, "conf": dict(LOCAL.conf)})


def by_pair(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs.sort_values(["a_row", "b_row"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    frame, *_ = dedup_set(10_000, seed=18)
    return frame


def test_duplicates_are_the_embedded_engines(spark: object, records: pd.DataFrame) -> None:
    expected = find_duplicates(records, PANDAS)
    got = find_duplicates(records, SPARK)

    assert len(expected.oversized) > 0, "the cap should bite, or the caps are not compared"
    pd.testing.assert_frame_equal(by_pair(got.pairs), by_pair(expected.pairs))
    pd.testing.assert_frame_equal(got.clusters, expected.clusters)
    pd.testing.assert_series_equal(got.blocking, expected.blocking)
    assert got.candidate_pairs == expected.candidate_pairs
    columns = ["rule", "key", "records", "action"]
    pd.testing.assert_frame_equal(got.oversized.sort_values(columns).reset_index(drop=True),
                                  expected.oversized.sort_values(columns).reset_index(drop=True))


def test_partners_are_the_embedded_engines(spark: object) -> None:
    a, b, *_ = link_sets(6_000, 4_000, 0.5, seed=18)
    expected = find_partners(a, b, PANDAS)
    got = find_partners(a, b, SPARK)

    pd.testing.assert_frame_equal(by_pair(got.pairs), by_pair(expected.pairs))
    pd.testing.assert_frame_equal(by_pair(got.assignment), by_pair(expected.assignment))
    pd.testing.assert_series_equal(got.blocking, expected.blocking)
    assert got.candidate_pairs == expected.candidate_pairs
