"""One local Spark session for every Spark test (started once per test session: a JVM start takes seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("pyspark", reason="the spark extra is not installed")

from workbench.linkage.engines.spark import SparkSettings, spark_session

LOCAL = SparkSettings(master="local[2]", conf={"spark.sql.shuffle.partitions": "4",
                                               "spark.default.parallelism": "2"})
"""Two cores, few shuffle partitions: the test data are small."""


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """The local Spark session the tests share (stopped at the end)."""
    session = spark_session(LOCAL)
    try:
        yield session
    finally:
        session.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a Spark test."""
    for item in items:
        if "tests/spark/" in str(item.fspath):
            item.add_marker(pytest.mark.spark)
