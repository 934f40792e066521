"""Match results as Parquet folders, and pages of them back as a :class:`MatchResult` for the review screens.

A folder written by either engine (:func:`write_match` for a pandas result, the Spark
backend's ``write_match`` for one on Spark) holds:

==================  =====================================================================
``pairs/``          the pairs frame (class, score, rule, veto, explanation, similarities),
                    sure first, then by falling score
``clusters/``       (duplicates) ``row, no, cluster, cluster_size`` of the sure groups
``records_a/``      the a-side records as given, with their ``row``
``records_b/``      (partners) the b-side records
``match.json``      mode, configuration, score model, counts, blocking report — written
                    last, so a folder with it is complete
==================  =====================================================================

:func:`read_match_page` reads a slice or a sample of the pairs — never the whole file —
and only the records those pairs name, so a steward reviews a hundred-million-record run
in a notebook page by page. Decisions are kept by record numbers (``a_no``, ``b_no``), so
the review stays the same.

Examples:
    >>> import tempfile, pandas as pd
    >>> from workbench.linkage import find_duplicates
    >>> records = pd.DataFrame({"customer_no": ["1", "2"], "first_name": ["Anna", "Anna"],
    ...                         "last_name": ["Berg", "Berg"], "email": ["anna@berg.dk"] * 2},
    ...                        index=pd.Index([2, 3], name="row"))
    >>> folder = write_match(find_duplicates(records), tempfile.mkdtemp())
    >>> page = read_match_page(folder, match_class="sure")
    >>> page.pairs[["a_no", "b_no", "match_class"]]
      a_no b_no match_class
    0    1    2        sure
    >>> page.a.index.tolist()
    [2, 3]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from workbench.atomic import atomic_open
from workbench.errors import InputError
from workbench.linkage.classify import MATCH_CLASS_DTYPE, MATCH_CLASSES
from workbench.linkage.config import LinkageConfig
from workbench.linkage.results import MatchResult
from workbench.linkage.scoring import FellegiSunter

PAIRS, CLUSTERS, RECORDS_A, RECORDS_B, MANIFEST = "pairs", "clusters", "records_a", "records_b", "match.json"
ROW = "row"
PAGE_SIZE = 500
_SAMPLE_BUCKETS = 1_000_003


def manifest(result_mode: str, config: LinkageConfig, model: FellegiSunter, *, candidate_pairs: int,
             counts: Mapping[str, int], blocking: pd.Series, oversized: pd.DataFrame,
             timings: Mapping[str, float]) -> dict[str, Any]:
    """The content of ``match.json``: what a page needs besides pairs and records."""
    return {"mode": result_mode, "config": config.to_dict(), "model": model.to_dict(),
            "candidate_pairs": int(candidate_pairs), "counts": {c: int(counts.get(c, 0)) for c in MATCH_CLASSES},
            "blocking": {str(k): int(v) for k, v in blocking.items()},
            "oversized": oversized.astype(object).to_dict(orient="records"),
            "timings": {k: round(float(v), 3) for k, v in timings.items()}}


def write_match(result: MatchResult, folder: str | Path) -> Path:
    """Write a result of the embedded engine as a match folder (see the module docs); returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_manifest(folder)
    _write_frame(result.pairs, folder / PAIRS)
    _write_frame(result.a.rename_axis(ROW).reset_index(), folder / RECORDS_A)
    if result.mode == "partners":
        _write_frame(result.b.rename_axis(ROW).reset_index(), folder / RECORDS_B)
    if result.clusters is not None:
        _write_frame(result.clusters, folder / CLUSTERS)
    write_manifest(folder, manifest(result.mode, result.config, result.model, candidate_pairs=result.candidate_pairs,
                                    counts=result.counts.to_dict(), blocking=result.blocking,
                                    oversized=result.oversized, timings=result.timings))
    return folder


def write_manifest(folder: Path, content: Mapping[str, Any]) -> None:
    """Write ``match.json`` atomically (the last file of a folder)."""
    with atomic_open(folder / MANIFEST, "w", encoding="utf-8") as out:
        json.dump(content, out, indent=1, ensure_ascii=False, default=str)


def _remove_manifest(folder: Path) -> None:
    (folder / MANIFEST).unlink(missing_ok=True)


def _write_frame(frame: pd.DataFrame, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.parquet"):
        old.unlink()
    table = pa.Table.from_pandas(frame.assign(**{c: frame[c].astype(str) for c in frame.columns
                                                 if isinstance(frame[c].dtype, pd.CategoricalDtype)}),
                                 preserve_index=False)
    pq.write_table(table, target / "part-00000.parquet")


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The ``match.json`` of a complete match folder.

    Raises:
        InputError: The folder holds no complete match (no ``match.json``).
    """
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise InputError(f"{folder} holds no complete match result (no {MANIFEST})",
                         hint="Write it with write_match; an interrupted write leaves no match.json.")
    return json.loads(path.read_text(encoding="utf-8"))


def read_match_page(
    folder: str | Path,
    *,
    match_class: str | Sequence[str] | None = None,
    min_score: float | None = None,
    max_score: float | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    sample: float | None = None,
    seed: int = 0,
) -> MatchResult:
    """A page of a match folder's pairs, with the records they name, as a :class:`MatchResult`.

    Args:
        folder: A folder written by :func:`write_match` (or the Spark backend).
        match_class: Only pairs of this class (or these classes).
        min_score: Only pairs scoring at least this.
        max_score: Only pairs scoring at most this.
        offset: Pairs to skip (of those that pass the filters, in the folder's order:
            sure first, then by falling score).
        limit: Pairs at most in the page.
        sample: Keep about this share of the pairs (0–1), the same pairs for the same
            ``seed`` — a random look at a class too large to page through.
        seed: Seed of the sample.

    Raises:
        InputError: The folder holds no complete match.
    """
    content = read_manifest(folder)
    folder = Path(folder)
    pairs = _page(ds.dataset(folder / PAIRS, format="parquet"),
                  _pair_filter(match_class, min_score, max_score), offset, limit, sample, seed)
    pairs["match_class"] = pairs["match_class"].astype(MATCH_CLASS_DTYPE)
    pairs = pairs.iloc[np.lexsort((-pairs["score"].to_numpy(), pairs["match_class"].cat.codes.to_numpy()))]
    pairs = pairs.reset_index(drop=True)
    partners = content["mode"] == "partners"
    a = _records(folder / RECORDS_A, pairs["a_row"] if partners else pd.concat([pairs["a_row"], pairs["b_row"]]))
    b = _records(folder / RECORDS_B, pairs["b_row"]) if partners else a
    clusters = None
    if not partners and (folder / CLUSTERS).is_dir():
        clusters = _rows(folder / CLUSTERS, a.index).sort_values(["cluster", ROW]).reset_index(drop=True)
    oversized = pd.DataFrame(content["oversized"], columns=["rule", "key", "records", "action"])
    return MatchResult(mode=content["mode"], pairs=pairs, a=a, b=b, config=LinkageConfig.from_dict(content["config"]),
                       model=FellegiSunter.from_dict(content["model"]), candidate_pairs=content["candidate_pairs"],
                       blocking=pd.Series(content["blocking"], name="pairs", dtype="int64"), oversized=oversized,
                       clusters=clusters, timings=content["timings"],
                       assignment=pairs[pairs["assigned"]] if "assigned" in pairs.columns else None)


def _pair_filter(match_class: str | Sequence[str] | None, min_score: float | None,
                 max_score: float | None) -> pc.Expression | None:
    conditions = []
    if match_class is not None:
        classes = [match_class] if isinstance(match_class, str) else list(match_class)
        conditions.append(pc.field("match_class").isin(classes))
    if min_score is not None:
        conditions.append(pc.field("score") >= min_score)
    if max_score is not None:
        conditions.append(pc.field("score") <= max_score)
    if not conditions:
        return None
    out = conditions[0]
    for condition in conditions[1:]:
        out = out & condition
    return out


def _page(dataset: ds.Dataset, condition: pc.Expression | None, offset: int, limit: int,
          sample: float | None, seed: int) -> pd.DataFrame:
    """Read batches until the page is full, skipping ``offset`` pairs; nothing beyond the page stays in memory."""
    parts, skipped, taken = [], 0, 0
    for batch in dataset.to_batches(filter=condition):
        frame = batch.to_pandas()
        if sample is not None:
            frame = frame[_sampled(frame, sample, seed)]
        if skipped < offset:
            drop = min(offset - skipped, len(frame))
            frame, skipped = frame.iloc[drop:], skipped + drop
        if len(frame):
            parts.append(frame.iloc[: limit - taken])
            taken += len(parts[-1])
        if taken >= limit:
            break
    if parts:
        return pd.concat(parts, ignore_index=True)
    return dataset.schema.empty_table().to_pandas()


def _sampled(pairs: pd.DataFrame, share: float, seed: int) -> np.ndarray:
    """A fixed pseudo-random share of the pairs, chosen by their rows (the same pairs whatever the page)."""
    mixed = (pairs["a_row"].to_numpy(np.int64) * 2_654_435_761 + pairs["b_row"].to_numpy(np.int64) * 40_503
             + seed * 97) % _SAMPLE_BUCKETS
    return mixed < share * _SAMPLE_BUCKETS


def _records(path: Path, rows: pd.Series) -> pd.DataFrame:
    """The records of ``rows`` as a canonical frame: index ``row``, every cell text or None."""
    records = _rows(path, pd.Index(pd.unique(rows.to_numpy()))).set_index(ROW).sort_index()
    return records.astype(object).where(records.notna(), None)


def _rows(path: Path, rows: pd.Index) -> pd.DataFrame:
    """The records (or cluster rows) of ``rows`` only, filtered while reading."""
    table = ds.dataset(path, format="parquet").to_table(filter=pc.field(ROW).isin(pa.array(rows.to_numpy(np.int64))))
    return table.to_pandas()
