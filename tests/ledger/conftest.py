"""Fixtures for the ledger tests: a ledger on each backend, and the CLI in a subprocess.

SQLite needs nothing. PostgreSQL needs a server: ``MODEL_AUDIT_TEST_POSTGRES_URL`` names one
(a database the tests may create and drop databases from, e.g.
``postgresql://audit@127.0.0.1:54329/postgres``); each test gets a fresh database. Where it
is not set the PostgreSQL tests skip with that reason, unless
``MODEL_AUDIT_REQUIRE_POSTGRES=1`` (set by ``.ci/run``), which turns the skip into a
failure: CI must not pass without having run them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from support import ROOT, RunCli

POSTGRES_ENV = "MODEL_AUDIT_TEST_POSTGRES_URL"
REQUIRE_ENV = "MODEL_AUDIT_REQUIRE_POSTGRES"


def _fresh_postgres_database() -> Iterator[str]:
    admin = os.environ.get(POSTGRES_ENV)
    if not admin:
        message = f"no PostgreSQL server configured: set {POSTGRES_ENV} (see tests/ledger)"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message + f"; {REQUIRE_ENV}=1 demands the PostgreSQL tests run")
        pytest.skip(message)
    import psycopg

    name = f"ma_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty ledger on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger" / "audits.db")
        return
    yield from _fresh_postgres_database()


@pytest.fixture(autouse=True)
def _ledger_folder(tmp_path: Path) -> None:
    (tmp_path / "ledger").mkdir(exist_ok=True)


@pytest.fixture
def model_audit(tmp_path: Path) -> RunCli:
    """Run ``python -m audit`` from ``tmp_path`` with the repository on PYTHONPATH."""

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 180
    ) -> subprocess.CompletedProcess[str]:
        environment = {k: v for k, v in os.environ.items() if k != "MODEL_AUDIT_LEDGER"}
        environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
        environment["HF_HUB_OFFLINE"] = "1"
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "audit", *args],
            cwd=cwd or tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run
