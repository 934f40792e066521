"""Headless onboarding with ``engine="spark"``: the same matches as with the embedded engine."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.batch import Onboarding

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"


def matched(engine: str, folder: Path) -> Onboarding:
    run = Onboarding.start(source=SAMPLES / "crm_customers.xlsx", target=SAMPLES / "erp_customers.csv",
                           out=folder / "out", store_url=f"sqlite:///{folder / 'w.db'}", engine=engine)
    run.read()
    run.match()
    return run


def test_onboarding_on_spark_finds_the_embedded_engines_pairs(spark: object, tmp_path: Path) -> None:
    embedded, on_spark = matched("pandas", tmp_path / "pandas"), matched("spark", tmp_path / "spark")
    try:
        for name in ("partners", "duplicates"):
            expected, got = getattr(embedded, name).pairs, getattr(on_spark, name).pairs
            pd.testing.assert_frame_equal(got.sort_values(["a_row", "b_row"]).reset_index(drop=True),
                                          expected.sort_values(["a_row", "b_row"]).reset_index(drop=True))
    finally:
        embedded.close()
        on_spark.close()
