"""The Spark backend's settings and its SparkSession: passed in, already active, or built from the settings.

:class:`SparkSettings` is plain data (``LinkageConfig.spark``): where Spark runs and the few
choices the engine makes itself. On a cluster (``spark-submit``, a Databricks job) a session
exists or the submit command names the master; on one machine the engine starts
``local[*]`` unless ``master`` says otherwise.

Examples:
    >>> SparkSettings.from_mapping({"master": "local[2]", "fit_records": 50_000}).fit_records
    50000
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyspark import SparkConf
from pyspark.sql import SparkSession

from workbench.errors import ConfigError

LOCAL_MASTER = "local[*]"
QUIET_LOCAL_CONF: Mapping[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
"""Defaults for a session the engine starts itself (any of them can be overridden in ``conf``)."""
LOCAL_SHUFFLE_PARTITIONS = "8"
"""Shuffle partitions of a local session (Spark's default of 200 is made for clusters)."""


@dataclass(frozen=True)
class SparkSettings:
    """How the Spark backend runs.

    Args:
        master: Spark master URL (``local[2]``, ``yarn``, ``spark://…``); None = the active
            session, else what ``spark-submit`` set, else ``local[*]``.
        app_name: Application name of a session the engine starts.
        conf: Further Spark settings for a session the engine starts
            (``spark.sql.shuffle.partitions``, ``spark.driver.memory``, …).
        fit_records: Records at most that are collected to the driver to fit the score
            model with the embedded engine's own fitting; with more records, a seeded sample
            of about this many is used (see ``docs/scale.md``).
        log_level: Spark's log level for a session the engine starts.
    """

    master: str | None = None
    app_name: str = "workbench"
    conf: Mapping[str, str] = field(default_factory=dict)
    fit_records: int = 1_000_000
    log_level: str = "ERROR"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SparkSettings:
        """Settings from plain data (``LinkageConfig.spark``); keys left out keep their defaults.

        Raises:
            ConfigError: An unknown key.
        """
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ConfigError(f"unknown spark settings: {', '.join(sorted(unknown))}",
                              hint=f"Known settings: {', '.join(sorted(names))}.")
        return cls(**data)


def spark_session(settings: SparkSettings | None = None) -> SparkSession:
    """The session to run on: the active one, or one started from ``settings``.

    A session the engine starts runs its Python workers with this interpreter (the one
    that has the workbench installed), unless ``PYSPARK_PYTHON`` says otherwise.
    """
    settings = settings or SparkSettings()
    active = SparkSession.getActiveSession()
    if active is not None and settings.master in (None, active.sparkContext.master):
        return active
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(settings.app_name)
    master = settings.master or (None if SparkConf().contains("spark.master") else LOCAL_MASTER)
    if master is not None:
        builder = builder.master(master)
    defaults = dict(QUIET_LOCAL_CONF)
    if master is not None and master.startswith("local"):
        defaults["spark.sql.shuffle.partitions"] = LOCAL_SHUFFLE_PARTITIONS
    for key, value in {**defaults, **settings.conf}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(settings.log_level)
    return session
