"""Where a table comes from: a file that must exist, or a database URL."""

from __future__ import annotations

import re
from pathlib import Path

from workbench.errors import InputError

_URL = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9.+-]*):(//)?")


def url_scheme(source: str | Path) -> str | None:
    """The lower-case URL scheme of ``source`` (driver suffix dropped), or None for a file path.

    Examples:
        >>> url_scheme("postgresql+psycopg://user@host/crm"), url_scheme("sqlite:///crm.db")
        ('postgresql', 'sqlite')
        >>> url_scheme("C:/exports/kunden.csv") is None, url_scheme(Path("kunden.csv")) is None
        (True, True)
    """
    if isinstance(source, Path):
        return None
    match = _URL.match(source)
    if match is None or len(match["scheme"]) < 2:  # "C:" is a Windows drive, not a scheme
        return None
    return match["scheme"].split("+", 1)[0].lower()


def existing_file(source: str | Path) -> Path:
    """``source`` as a path to an existing file.

    Raises:
        InputError: when there is no such file, or it is a folder.
    """
    path = Path(source)
    if not path.exists():
        raise InputError("file not found", file=str(source), hint="Check the path and the file name.")
    if not path.is_file():
        raise InputError("this is a folder, not a file", file=str(source), hint="Name a file inside it.")
    return path


def shown_source(source: str | Path) -> str:
    """``source`` as it may appear in messages and outputs (see :func:`shown_text`).

    Examples:
        >>> shown_source("postgresql://ann:secret@db.example/crm")
        'postgresql://ann:***@db.example/crm'
        >>> shown_source("kunden.csv")
        'kunden.csv'
    """
    return shown_text(str(source))


_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9.+-]*://[^\s/@:]*:)(?P<password>[^\s@]+)@")


def shown_text(text: str) -> str:
    r"""``text`` fit to show and write anywhere: URL passwords masked, a non-UTF-8 file name's bytes as ``�``.

    Every URL the workbench writes (summaries, reports, notebooks, logs, messages) goes
    through this.

    Examples:
        >>> shown_text("opening postgresql+psycopg://ann:s3cr%40t@db/crm and sqlite:///crm.db")
        'opening postgresql+psycopg://ann:***@db/crm and sqlite:///crm.db'
        >>> shown_text("kunden_\udcff.csv")
        'kunden_�.csv'
    """
    masked = _URL_PASSWORD.sub(lambda match: f"{match['head']}***@", text)
    return masked.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
