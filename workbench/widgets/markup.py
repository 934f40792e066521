"""HTML the views show: the workbench's CSS and small, escaped tables.

Differing fields carry the CSS class ``wb-differs`` (and an inline background, so the
highlight shows where the style sheet is not loaded, e.g. in an exported notebook).
"""

from __future__ import annotations

import base64
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
.wb-fit { table-layout: fixed; width: 100%; }
.wb-fit td, .wb-fit th { overflow-wrap: anywhere; white-space: pre-wrap; }
.wb-thumb { max-height: 72px; max-width: 72px; border-radius: 4px; }
.wb-keys { margin: 2px 0; }
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
          css_class: str = "wb-table", widths: Sequence[str] = ()) -> str:
    """An HTML table; rows whose ``highlighted`` flag is true get the class ``wb-differs``.

    The first column is the field name (class ``wb-field``). A value of type :class:`Markup`
    is HTML the caller built (a thumbnail) and is not escaped. ``widths`` fixes the columns'
    widths (with the CSS class ``wb-fit`` the table then fits the screen, long values wrap).

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
        cells = f'<td class="wb-field">{escape(str(first))}</td>' + "".join(
            f"<td>{v if isinstance(v, Markup) else cell(v)}</td>" for v in rest)
        body.append(f"<tr{attributes}>{cells}</tr>")
    columns = "".join(f'<col style="width:{width}">' for width in widths)
    colgroup = f"<colgroup>{columns}</colgroup>" if columns else ""
    return (f'<table class="{css_class}">{colgroup}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


class Markup(str):
    """Text that already is HTML (built and escaped by the caller)."""


THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"})
THUMBNAIL_MAX_BYTES = 2_000_000


def thumbnail(data: bytes | None, media_type: str | None) -> Markup:
    """A picture as a small image (an ``<img>`` with a data URI); bytes that are no picture as their size.

    Examples:
        >>> thumbnail(b"\\x89PNG", "image/png")[:53]
        '<img class="wb-thumb" alt="photo" src="data:image/png'
        >>> thumbnail(b"abc", "text/x-vcard"), thumbnail(None, None)
        ('(3 bytes, not a picture)', '<span class="wb-empty">empty</span>')
    """
    if not data:
        return Markup(EMPTY)
    if media_type not in THUMBNAIL_TYPES or len(data) > THUMBNAIL_MAX_BYTES:
        return Markup(escape(f"({len(data):,} bytes, not a picture)"))
    encoded = base64.b64encode(data).decode("ascii")
    return Markup(f'<img class="wb-thumb" alt="photo" src="data:{media_type};base64,{encoded}">')


def error(text: str) -> str:
    """An error message line."""
    return f'<div class="wb-error">{escape(text)}</div>'


def info(text: str) -> str:
    """An information line."""
    return f'<div class="wb-info">{escape(text)}</div>'
