"""Where matching runs: the embedded pandas engine (the default) or Apache Spark.

:attr:`LinkageConfig.backend <workbench.linkage.config.LinkageConfig>` chooses. For a
backend other than ``pandas``, :func:`engine_match` hands index → compare → classify to that
engine, which returns the same :class:`~workbench.linkage.results.Matched` as the embedded
path, so grouping, ranking and the partner proposal stay one code path. Engines are
imported only when chosen: ``import workbench.linkage`` never loads pyspark.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

import pandas as pd

from workbench.errors import ConfigError
from workbench.linkage.config import SPARK, LinkageConfig
from workbench.linkage.results import Matched, ProgressCallback
from workbench.linkage.scoring import FellegiSunter

SPARK_INSTALL_HINT = ("Install the extra: pip install 'steward-workbench[spark]' (pyspark), with Java 17 from the "
                      "system (Debian: apt-get install default-jre-headless).")


def require_pyspark() -> None:
    """Raise a :class:`ConfigError` telling how to install pyspark when it is missing."""
    if importlib.util.find_spec("pyspark") is None:
        raise ConfigError("the spark backend needs pyspark, which is not installed", hint=SPARK_INSTALL_HINT)


def engine_match(
    frames: Sequence[pd.DataFrame],
    config: LinkageConfig,
    *,
    decisions: pd.DataFrame | None,
    model: FellegiSunter | None,
    on_progress: ProgressCallback | None,
) -> Matched:
    """Index, compare and classify ``frames`` on the engine ``config.backend`` names.

    Raises:
        ConfigError: The backend is unknown, or its library is not installed.
    """
    if config.backend == SPARK:
        require_pyspark()
        from workbench.linkage.engines.spark import match_frames

        return match_frames(frames, config, decisions=decisions, model=model, on_progress=on_progress)
    raise ConfigError(f"no engine for the linkage backend {config.backend!r}")
