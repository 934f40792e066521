"""Duplicate groups in Spark: connected components of the sure pairs by label propagation on DataFrames.

Every record of a sure pair starts with its own row as label; each round, a record takes
the smallest label among itself and its neighbours, until no label changes. A group is
then named by its smallest row. Rounds grow with the longest chain of sure links in a
group — a handful for duplicate groups, which are small — and each round's labels are
checkpointed, so the plan does not grow with them. (GraphFrames does the same, but needs
its jar on the cluster; this needs nothing beyond Spark.)

The grouping is that of :func:`workbench.linkage.clustering.sure_clusters`; only the
numbering differs (the smallest row here, 0, 1, … in the embedded engine).
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from workbench.errors import WorkbenchError

MAX_ROUNDS = 200


def connected_components(edges: DataFrame, *, max_rounds: int = MAX_ROUNDS) -> DataFrame:
    """``row, cluster`` for every record of an edge, cluster = the smallest row of its component.

    Args:
        edges: Pairs of rows, columns ``a_row`` and ``b_row``.
        max_rounds: Rounds at most before giving up.

    Raises:
        WorkbenchError: The labels did not settle within ``max_rounds``.
    """
    links = edges.select(F.col("a_row").alias("src"), F.col("b_row").alias("dst"))
    links = links.unionByName(links.select(F.col("dst").alias("src"), F.col("src").alias("dst"))).localCheckpoint()
    labels = links.select(F.col("src").alias("row")).distinct().withColumn("cluster", F.col("row")).localCheckpoint()
    for _ in range(max_rounds):
        offered = links.join(labels, links["src"] == labels["row"]).select(F.col("dst").alias("row"), "cluster")
        updated = (labels.unionByName(offered).groupBy("row").agg(F.min("cluster").alias("cluster"))
                   .localCheckpoint())
        changed = updated.join(labels.withColumnRenamed("cluster", "before"), "row").where(
            F.col("cluster") != F.col("before")).limit(1).count()
        labels = updated
        if not changed:
            return labels
    raise WorkbenchError(f"duplicate groups did not settle within {max_rounds} rounds of label propagation")


def cluster_frame(pairs: DataFrame, records: DataFrame) -> DataFrame:
    """The groups of sure duplicates: ``row, no, cluster, cluster_size`` (the clusters frame's columns).

    Args:
        pairs: Scored pairs (``a_row, b_row, match_class``).
        records: The records (``row``, ``no``).
    """
    labels = connected_components(pairs.where(F.col("match_class") == "sure"))
    sizes = labels.groupBy("cluster").agg(F.count(F.lit(1)).alias("cluster_size"))
    return (labels.join(sizes, "cluster").join(records.select("row", "no"), "row")
            .select("row", "no", "cluster", "cluster_size"))
