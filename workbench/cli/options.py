"""Command-line options several commands share, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

StoreOption = Annotated[
    str | None, typer.Option("--store", help="Store URL (default: sqlite:///workbench.db in the working folder).")
]
"""``--store``: the state store's SQLAlchemy URL; None opens the default store."""
