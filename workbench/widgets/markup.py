"""HTML the views show: the workbench's CSS and small, escaped tables.

Differing fields carry the CSS class ``wb-differs`` (and an inline background, so the
highlight shows where the style sheet is not loaded, e.g. in an exported notebook).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

CSS = """<style>
.wb-view { font-size: 13px; }
.wb-table { border-collapse: collapse; margin: 4px 0; }
.wb-table th, .wb-table td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
.wb-table th { background: #f3f4f6; }
.wb-table td.wb-field { color: #57606a; }
.wb-table tr.wb-differs td { background: #fff1c2; }
.wb-table tr.wb-differs td.wb-field { font-weight: 600; color: #7a4d00; }
.wb-empty { color: #8c959f; font-style: italic; }
.wb-explanation { margin: 4px 0; padding: 4px 8px; border-left: 3px solid #0969da; background: #f6f8fa; }
.wb-error { color: #cf222e; font-weight: 600; }
.wb-info { color: #1a7f37; }
.wb-muted { color: #57606a; }
.wb-badge { display: inline-block; padding: 0 6px; border-radius: 8px; background: #ddf4ff; color: #0969da; }
</style>"""
"""The style sheet every view carries once."""

DIFFERS_STYLE = "background:#fff1c2"
EMPTY = '<span class="wb-empty">empty</span>'


def cell(value: object) -> str:
    """A value as HTML (escaped; None as a grey *empty*).

    Examples:
        >>> cell("<b>"), cell(None)
        ('&lt;b&gt;', '<span class="wb-empty">empty</span>')
    """
    return EMPTY if value is None or value == "" else escape(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, highlighted: Iterable[bool] = (),
          css_class: str = "wb-table") -> str:
    """An HTML table; rows whose ``highlighted`` flag is true get the class ``wb-differs``.

    The first column is the field name (class ``wb-field``).

    Examples:
        >>> html = table(["field", "a", "b"], [["city", "Köln", "Koeln"], ["zip", "1", "1"]], highlighted=[True])
        >>> html.count('class="wb-differs"')
        1
    """
    flags = list(highlighted)
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for position, values in enumerate(rows):
        differs = position < len(flags) and flags[position]
        attributes = f' class="wb-differs" style="{DIFFERS_STYLE}"' if differs else ""
        first, *rest = values
        cells = f'<td class="wb-field">{escape(str(first))}</td>' + "".join(f"<td>{cell(v)}</td>" for v in rest)
        body.append(f"<tr{attributes}>{cells}</tr>")
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def error(text: str) -> str:
    """An error message line."""
    return f'<div class="wb-error">{escape(text)}</div>'


def info(text: str) -> str:
    """An information line."""
    return f'<div class="wb-info">{escape(text)}</div>'
