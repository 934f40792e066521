"""The validation report as one self-contained HTML page, readable offline.

Rendered from the :class:`ValidationReport` itself rather than with GX Data Docs,
whose pages load scripts, styles and a tracking image from the internet. The
page has inline styles, no scripts and no external URL.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pandas as pd

from workbench.atomic import atomic_open
from workbench.validation.report import ValidationReport

MAX_PROBLEMS_SHOWN = 2000
"""Problems listed on the page; the rest are counted (all of them are in the report and the rejected file)."""

_STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #1d1d1f; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 2em; }
.meta { color: #555; margin-top: 0; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6em 1em; min-width: 8em; }
.card b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; width: 100%; margin-top: .5em; }
th, td { border-bottom: 1px solid #e5e5e5; padding: .35em .6em; text-align: left; vertical-align: top; }
th { background: #f5f5f7; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: #b00020; font-weight: 600; } .warning { color: #8a5a00; font-weight: 600; } .info { color: #555; }
.passed { color: #1b7f3b; } .failed { color: #b00020; font-weight: 600; } .na { color: #777; }
code { background: #f5f5f7; padding: 0 .25em; border-radius: 3px; }
"""


def render_html(report: ValidationReport) -> str:
    """The report as a complete HTML document (a string)."""
    counts = report.counts
    verdict = "Rows are blocked by errors." if report.has_errors else "No errors: every row may be imported."
    cards = [
        ("rows", len(report.rows)),
        ("rows blocked (errors)", len(report.rows_with_errors)),
        ("rows flagged (warnings)", len(report.rows_with_warnings)),
        ("errors", counts["error"]),
        ("warnings", counts["warning"]),
    ]
    title = f"Validation of {report.source or 'a table'} — suite {report.suite}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(verdict)}</p>',
        '<div class="cards">',
        *(f'<div class="card"><b>{value}</b>{escape(label)}</div>' for label, value in cards),
        "</div>",
        *(["<h2>Reading the source</h2>", "<ul>", *(f"<li>{escape(note)}</li>" for note in report.notes), "</ul>"]
          if report.notes else []),
        "<h2>Rules</h2>",
        _rules_table(report),
        "<h2>Problems</h2>",
        _problems_table(report.problems),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_html(report: ValidationReport, folder: str | os.PathLike[str], name: str = "validation-report.html") -> Path:
    """Write the report page into ``folder`` (created if needed), atomically; return its path."""
    target = Path(folder) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(target, "w", encoding="utf-8") as out:
        out.write(render_html(report))
    return target


def _rules_table(report: ValidationReport) -> str:
    rows = []
    for r in report.results:
        status_class = {"passed": "passed", "failed": "failed"}.get(r.status, "na")
        rows.append(
            "<tr>"
            f"<td><code>{escape(r.rule)}</code></td>"
            f"<td>{escape(', '.join(r.columns))}</td>"
            f'<td class="{escape(r.severity)}">{escape(r.severity)}</td>'
            f'<td class="{status_class}">{escape(r.status)}</td>'
            f'<td class="num">{r.unexpected}</td>'
            f"<td>{escape(r.sentence)}</td>"
            f"<td>{escape(r.hint) if r.status == 'failed' else ''}</td>"
            "</tr>"
        )
    header = "<tr><th>rule</th><th>columns</th><th>severity</th><th>result</th><th>rows</th><th>outcome</th>" \
             "<th>what to do</th></tr>"
    return f"<table>{header}{''.join(rows)}</table>"


def _problems_table(problems: pd.DataFrame) -> str:
    if problems.empty:
        return "<p>No problems found.</p>"
    order = problems.assign(_rank=problems["severity"].map({"error": 0, "warning": 1}).fillna(2))
    shown = order.sort_values(["_rank", "row"], kind="stable", na_position="first").head(MAX_PROBLEMS_SHOWN)
    rows = []
    for p in shown.itertuples(index=False):
        row = "table" if pd.isna(p.row) else str(int(p.row))
        rows.append(
            "<tr>"
            f'<td class="num">{escape(row)}</td>'
            f"<td>{escape(_text(p.column))}</td>"
            f'<td class="{escape(p.severity)}">{escape(p.severity)}</td>'
            f"<td><code>{escape(p.rule)}</code></td>"
            f"<td>{escape(p.message)}</td>"
            f"<td>{escape(_text(p.hint))}</td>"
            "</tr>"
        )
    header = "<tr><th>row</th><th>column</th><th>severity</th><th>rule</th><th>problem</th><th>what to do</th></tr>"
    rest = len(problems) - len(shown)
    more = (f"<p>… and {rest} more problems, not shown here (<code>ValidationReport.problems</code> has them all; "
            "rows with errors are in the rejected-rows file).</p>") if rest else ""
    return f"<table>{header}{''.join(rows)}</table>{more}"


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
