"""The driver plans from counts: Spark counts the blocks, the embedded engine's rule decides, no record comes back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyspark.sql import DataFrame

from workbench.linkage import LinkageConfig
from workbench.linkage.blocking import capped_blocks
from workbench.linkage.engines.spark import match_duplicates, write_match
from workbench.linkage.engines.spark.plan import KEY, decided_blocks
from workbench.linkage.matching import fit_score_model
from workbench.synthetic import dedup_set


@pytest.mark.parametrize("budget", [300.0, 3_000.0, 100_000.0])
def test_spark_caps_the_blocks_the_embedded_engine_caps(spark: object, budget: float) -> None:
    rng = np.random.default_rng(7)
    records = rng.integers(2, 40, size=2_000)
    counts = pd.DataFrame({KEY: [f"k{n}" for n in range(len(records))], "first": rng.permutation(len(records)),
                           "records": records, "pairs": records * (records - 1) // 2})
    expected, left = capped_blocks(counts, 30, budget)

    capped, remaining = decided_blocks(spark.createDataFrame(counts), 30, budget)

    assert sorted(capped[KEY]) == sorted(counts.loc[expected, KEY])
    assert remaining == left


def test_the_parquet_path_brings_no_record_field_to_the_driver(spark: object, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    frame, *_ = dedup_set(800, seed=11)
    config = LinkageConfig(max_block_size=4)  # caps bite: their keys are reported
    model = fit_score_model([frame], config)
    parquet = tmp_path / "customers.parquet"
    frame.rename_axis("row").reset_index().to_parquet(parquet)
    collected: list[str] = []
    implementation = type(spark.range(1))  # pyspark.sql.DataFrame, or the session's own subclass of it
    for action in ("toPandas", "collect"):
        original = getattr(implementation, action)

        def spy(self: DataFrame, *args: object, _original=original, **kwargs: object) -> object:
            collected.extend(self.columns)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(implementation, action, spy)

    match = match_duplicates(str(parquet), config, session=spark, model=model)
    write_match(match, str(tmp_path / "match"))

    record_columns = {*frame.columns, *config.columns()}
    assert len(match.oversized) > 0
    assert collected, "the spy saw nothing: the test would pass whatever the engine collects"
    assert record_columns.isdisjoint(collected)
