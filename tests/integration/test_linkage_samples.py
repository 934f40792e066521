"""Linkage on the samples in data_samples/: classes as truth.json's answer key gives them.

The answer key classifies every true duplicate and partner pair (sure / possible, by
DESIGN.md's rules) and every trap (different people sharing evidence). The floors asked for
are sure precision >= 99.9 % and sure + possible recall >= 99 %; on these files the matcher
meets them exactly, and gives every listed pair the key's class.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workbench.io import read_table
from workbench.linkage import find_duplicates, find_partners

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))


def _table(truth: dict, dataset: str) -> pd.DataFrame:
    spec = truth["files"][dataset]
    return read_table(SAMPLES / spec["file"], spec["kind"], sheet=spec.get("sheet")).frame


@pytest.fixture(scope="module")
def crm(truth: dict) -> pd.DataFrame:
    return _table(truth, "crm")


def _classes(pairs: pd.DataFrame, ordered: bool) -> dict[tuple[int, int], str]:
    keys = zip(pairs["a_row"], pairs["b_row"], strict=True)
    return {(a, b) if ordered else tuple(sorted((a, b))): str(c)
            for (a, b), c in zip(keys, pairs["match_class"], strict=True)}


def _floors(found: dict[tuple[int, int], str], true_pairs: set[tuple[int, int]]) -> tuple[float, float]:
    sure = {k for k, c in found.items() if c == "sure"}
    linked = {k for k, c in found.items() if c != "none"}
    return len(sure & true_pairs) / len(sure), len(linked & true_pairs) / len(true_pairs)


def test_crm_duplicates_meet_the_floors_and_the_answer_key(truth: dict, crm: pd.DataFrame) -> None:
    found = _classes(find_duplicates(crm).pairs, ordered=False)
    expected = {tuple(sorted((p["a"]["row"], p["b"]["row"]))): p["class"] for p in truth["duplicates"]["crm"]}
    precision, recall = _floors(found, set(expected))
    assert precision >= 0.999
    assert recall >= 0.99
    assert {k: found.get(k, "none") for k in expected} == expected


def test_crm_traps_are_never_sure_and_get_the_keys_class(truth: dict, crm: pd.DataFrame) -> None:
    found = _classes(find_duplicates(crm).pairs, ordered=False)
    traps = {tuple(sorted((p["a"]["row"], p["b"]["row"]))): p["class"] for p in truth["traps"]
             if p["a"]["dataset"] == p["b"]["dataset"] == "crm"}
    assert len(traps) > 10
    assert {k: found.get(k, "none") for k in traps} == traps
    assert "sure" not in traps.values()


def test_crm_erp_partners_meet_the_floors_and_the_answer_key(truth: dict, crm: pd.DataFrame) -> None:
    result = find_partners(crm, _table(truth, "erp"))
    found = _classes(result.pairs, ordered=True)
    expected = {(p["crm"]["row"], p["erp"]["row"]): p["class"] for p in truth["partners"]}
    precision, recall = _floors(found, set(expected))
    assert precision >= 0.999
    assert recall >= 0.99
    assert {k: found.get(k, "none") for k in expected} == expected
    proposed = set(zip(result.assignment["a_row"], result.assignment["b_row"], strict=True))
    assert len(proposed & set(expected)) / len(proposed) >= 0.99
