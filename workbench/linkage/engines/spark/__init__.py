"""The Spark backend: the same matching on Apache Spark, with the embedded engine's pair set, classes and scores.

Only how records that share a blocking key meet is Spark's (one join per blocking pass,
block sizes counted and capped before it); normalisation, comparison, scoring,
classification and explanations are the embedded engine's own pandas functions, run on
Arrow batches. See ``docs/scale.md``.

Examples:
    Through the usual functions (pandas in, a :class:`~workbench.linkage.MatchResult` out)::

        find_duplicates(frame, LinkageConfig(backend="spark", spark={"master": "local[4]"}))

    For bases that do not fit one machine (Spark in, Parquet out)::

        match = match_duplicates("s3://bucket/customers.parquet", LinkageConfig(backend="spark"))
        write_match(match, "s3://bucket/matches/")
"""

from workbench.linkage.engines.spark.match import (
    SparkMatch,
    frame_to_spark,
    match_duplicates,
    match_frames,
    match_partners,
    read_records,
)
from workbench.linkage.engines.spark.output import write_match
from workbench.linkage.engines.spark.session import SparkSettings, spark_session

__all__ = ["SparkMatch", "SparkSettings", "frame_to_spark", "match_duplicates", "match_frames", "match_partners",
           "read_records", "spark_session", "write_match"]
