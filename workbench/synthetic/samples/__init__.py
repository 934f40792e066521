"""The committed sample exports in ``data_samples/`` and their answer keys.

Customers (CRM, ERP, Outlook; ``truth.json``) and employees (HR, field service;
``employees_truth.json``, see :mod:`workbench.synthetic.samples.staff`) come from one seed.

:func:`build_samples` makes everything in memory from a seed; :func:`write_samples`
writes it into a folder (each file atomically). The same seed gives the same bytes on
any machine (the SQLite file: the same content).
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.atomic import atomic_path
from workbench.synthetic.samples.bookkeeping import (
    fill_side_columns,
    mark_cells,
    number_records,
    order_rows,
    stamp_times,
)
from workbench.synthetic.samples.crm_workbook import crm_workbook
from workbench.synthetic.samples.defects import plant_defects, plant_placeholders
from workbench.synthetic.samples.erp_export import erp_csv, write_erp_sqlite
from workbench.synthetic.samples.layouts import CRM, ERP, ERP_SQLITE_FILE, LINKS_FILE, OUTLOOK, TRUTH_FILE
from workbench.synthetic.samples.outlook import dress_cards, vcard_text
from workbench.synthetic.samples.staff import FSM, HR, StaffPlan, StaffWorld, build_staff_world
from workbench.synthetic.samples.staff import LINKS_FILE as STAFF_LINKS_FILE
from workbench.synthetic.samples.staff import TRUTH_FILE as STAFF_TRUTH_FILE
from workbench.synthetic.samples.staff_exports import fsm_csv, hr_workbook, links_csv
from workbench.synthetic.samples.staff_truth import build_truth as build_staff_truth
from workbench.synthetic.samples.truth import build_truth
from workbench.synthetic.samples.world import SEED, SamplePlan, SampleWorld, build_world

__all__ = ["SEED", "SamplePlan", "Samples", "StaffPlan", "build_samples", "build_staff_samples", "write_samples"]


@dataclass
class Samples:
    """The customer sample world, its answer key, and the bytes of every file but the SQLite one
    (the employee files included)."""

    world: SampleWorld
    truth: dict[str, Any]
    files: dict[str, bytes]


def links_rows(world: SampleWorld) -> list[dict[str, str]]:
    """The rows of ``links.csv``: a_customer_no, b_customer_no, sync (on/off), synced_at."""
    rows = [{"a_customer_no": link.a["customer_no"] if link.a is not None else link.gone_no,
             "b_customer_no": link.b["customer_no"] if link.b is not None else link.gone_no,
             "sync": "on" if link.sync else "off", "synced_at": link.synced_at} for link in world.links]
    return sorted(rows, key=lambda r: (r["a_customer_no"], r["b_customer_no"]))


def _links_csv(rows: list[dict[str, str]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=["a_customer_no", "b_customer_no", "sync", "synced_at"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def build_staff_samples(seed: int = SEED, plan: StaffPlan | None = None) -> tuple[StaffWorld, dict[str, bytes]]:
    """The employee world and the bytes of its files (workbook, CSV, links, truth), from the samples' seed."""
    world = build_staff_world(seed, plan)
    truth = build_staff_truth(world)
    return world, {
        HR.file: hr_workbook(world),
        FSM.file: fsm_csv(world),
        STAFF_LINKS_FILE: links_csv(world),
        STAFF_TRUTH_FILE: (json.dumps(truth, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
    }


def build_samples(seed: int = SEED, plan: SamplePlan | None = None) -> Samples:
    """Build the sample world and every file's bytes (but the SQLite file) in memory."""
    world = build_world(seed, plan)
    rng = random.Random(seed * 7 + 1)  # noqa: S311 - reproducible test data, not security
    number_records(world, rng)
    plant_defects(world, rng)
    plant_placeholders(world, rng)
    stamp_times(world, rng)
    fill_side_columns(world, rng)
    order_rows(world)
    mark_cells(world, rng)
    dress_cards(world, rng)
    links = links_rows(world)
    truth = build_truth(world, links)
    files = {
        CRM.file: crm_workbook(world),
        ERP.file: erp_csv(world),
        OUTLOOK.file: vcard_text(world).encode("utf-8"),
        LINKS_FILE: _links_csv(links),
        TRUTH_FILE: (json.dumps(truth, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        **build_staff_samples(seed)[1],
    }
    return Samples(world, truth, files)


def write_samples(folder: str | Path, seed: int = SEED) -> list[Path]:
    """Write every sample file into ``folder`` (created if needed); return the paths written.

    Each file is written to a temporary file beside it and renamed over the old one, so a
    failure leaves the previous version intact.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    samples = build_samples(seed)
    written = []
    for name, data in samples.files.items():
        with atomic_path(folder / name) as path:
            path.write_bytes(data)
        written.append(folder / name)
    with atomic_path(folder / ERP_SQLITE_FILE) as path:
        path.unlink()  # the database is created anew, not opened
        write_erp_sqlite(samples.world, path)
    written.append(folder / ERP_SQLITE_FILE)
    return written
