"""Seeded synthetic German and Danish customers with a known truth.

Two uses, one generator (same names, formats, variations and matching rules):

* the committed samples in ``data_samples/`` (a CRM workbook, an ERP CSV and SQLite
  table, an Outlook vCard file, the links of an earlier sync, and ``truth.json``):
  :func:`write_samples`, or ``python -m workbench.synthetic data_samples``;
* scaled sets for the benchmarks: :func:`dedup_set`, :func:`link_sets`,
  :func:`sync_scenario`.

Everything is seeded (``random.Random`` / ``numpy.random.default_rng``, no global
state): the same seed gives the same data on any machine.
"""

from __future__ import annotations

from workbench.synthetic.samples import SEED, build_samples, write_samples
from workbench.synthetic.scaled import dedup_set, link_sets, sync_scenario

__all__ = ["SEED", "build_samples", "dedup_set", "link_sets", "sync_scenario", "write_samples"]
