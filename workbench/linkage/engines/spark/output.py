"""Writing a Spark match as a match folder: the layout of :mod:`workbench.linkage.parquet`, on any Hadoop path.

Pairs are written sure first, then by falling score (a global sort, so the first page a
steward opens holds the strongest pairs); duplicate groups come from connected components
in Spark; ``match.json`` is written last through Hadoop's file system API (local disk,
HDFS, S3, DBFS alike), under a temporary name and renamed, so a folder with it is complete.
"""

from __future__ import annotations

import json

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from workbench.linkage.classify import MATCH_CLASSES
from workbench.linkage.engines.spark.match import SparkMatch
from workbench.linkage.parquet import CLUSTERS, MANIFEST, PAIRS, RECORDS_A, RECORDS_B, ROW, manifest


def write_match(match: SparkMatch, folder: str) -> str:
    """Score the pairs and write them, the groups, the records and ``match.json`` into ``folder``; returns it.

    Args:
        match: From :func:`~workbench.linkage.engines.spark.match_duplicates` or ``match_partners``.
        folder: A path Spark can write (``/data/out``, ``hdfs://…``, ``s3a://…``, ``dbfs:/…``).
    """
    folder = folder.rstrip("/")
    session = match.pairs.sparkSession
    _delete(session, f"{folder}/{MANIFEST}")
    rank = F.when(F.col("match_class") == MATCH_CLASSES[0], 0).when(F.col("match_class") == MATCH_CLASSES[1], 1)
    scored = match.pairs.persist(StorageLevel.MEMORY_AND_DISK)  # scored once: sorting samples them first, and
    try:                                                          # the pairs per pass are counted as they are scored
        ordered = scored.orderBy(rank.otherwise(2), F.col("score").desc(), "a_row", "b_row")
        ordered.write.mode("overwrite").parquet(f"{folder}/{PAIRS}")
    finally:
        scored.unpersist()
    pairs = session.read.parquet(f"{folder}/{PAIRS}")
    counts = {row["match_class"]: int(row["count"]) for row in pairs.groupBy("match_class").count().collect()}
    if match.mode == "duplicates":
        match.clusters(pairs).write.mode("overwrite").parquet(f"{folder}/{CLUSTERS}")
    for side, name in zip(match.records, (RECORDS_A, RECORDS_B), strict=False):
        text = [F.col(c).cast("string").alias(c) for c in side.columns if c != ROW]
        side.select(F.col(ROW), *text).write.mode("overwrite").parquet(f"{folder}/{name}")
    content = manifest(match.mode, match.config, match.model, candidate_pairs=match.candidate_pairs, counts=counts,
                       blocking=match.blocking, oversized=match.oversized, timings=match.timings)
    _write_text(session, f"{folder}/{MANIFEST}", json.dumps(content, indent=1, ensure_ascii=False, default=str))
    return folder


def _file_system(session: SparkSession, path: str):
    jvm = session.sparkContext._jvm
    target = jvm.org.apache.hadoop.fs.Path(path)
    return target, target.getFileSystem(session.sparkContext._jsc.hadoopConfiguration())


def _delete(session: SparkSession, path: str) -> None:
    target, system = _file_system(session, path)
    system.delete(target, False)


def _write_text(session: SparkSession, path: str, text: str) -> None:
    """Write ``text`` to ``path`` under a temporary name, then rename it into place."""
    target, system = _file_system(session, path)
    temporary, _ = _file_system(session, f"{path}.tmp")
    stream = system.create(temporary, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()
    system.delete(target, False)
    system.rename(temporary, target)
