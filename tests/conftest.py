"""Shared fixtures: the state store on SQLite and on a real PostgreSQL server; Hypothesis' profiles.

``store_url`` is parametrised: every test using it runs on a fresh SQLite file and
(marked ``postgres``) on a fresh schema of the PostgreSQL server that
``scripts/ensure-postgres.sh`` starts on 127.0.0.1, or of the server named by
``WORKBENCH_TEST_POSTGRES_URL``. A server the fixture started is stopped at the
end of the session. Deselect with ``-m "not postgres"`` where PostgreSQL cannot run.

Property tests (Hypothesis) try the same examples on every run (profile ``repeatable``, the default),
so a test run decides on the code, not on chance; ``HYPOTHESIS_PROFILE=explore`` draws new examples
each run to look for failures no run has met yet (``make explore``).
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

ENSURE_POSTGRES = Path(__file__).resolve().parents[1] / "scripts" / "ensure-postgres.sh"

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL server for the tests (started for the session when needed)."""
    given = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    was_running = subprocess.run([ENSURE_POSTGRES, "--status"], check=False).returncode == 0
    started = subprocess.run([ENSURE_POSTGRES], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        pytest.fail(f"scripts/ensure-postgres.sh failed:\n{started.stderr}", pytrace=False)
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        if not was_running:
            subprocess.run([ENSURE_POSTGRES, "--stop"], check=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store: a SQLite file, or a private schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workbench.db'}"
        return
    server = request.getfixturevalue("postgres_url")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[object]:
    """An open, empty store (closed after the test)."""
    from workbench.store import open_store

    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def cli() -> Callable[[list[str] | None], int]:
    """The ``workbench`` command line, called in-process: ``cli([...])`` returns the exit code."""
    from workbench.cli import main

    return main
