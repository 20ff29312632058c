"""Fixtures for the ledger tests: every ``db_url`` test runs on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL: the machine's local server (``$WATTSANDTONS_TEST_PG``, default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Each test gets a fresh schema, dropped afterwards, named
after this session so concurrent sessions never meet; schemas left by a crashed session are dropped at the end of
the next. The PostgreSQL variants are skipped only when the server cannot be reached, and the reason is printed.
"""

from __future__ import annotations

import itertools
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from wattsandtons.ledger import Ledger
from wattsandtons.ledger.limits import BACKDATE_ENV

from .helpers import DAY, Clock

PG_URL = os.environ.get("WATTSANDTONS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SESSION = f"wtl_{os.getpid()}_{secrets.token_hex(3)}"
_counter = itertools.count()
_pg_state: dict[str, str | None] = {}


def pg_unreachable() -> str | None:
    """``None`` if the PostgreSQL server answers, else why not (checked once per session)."""
    if "reason" not in _pg_state:
        try:
            import psycopg

            dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(dsn, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _pg_state["reason"] = None
        except Exception as exc:  # any failure to connect means: skip, and say why
            reason = f"PostgreSQL at {PG_URL} unreachable: {type(exc).__name__}: {str(exc).strip()[:200]}"
            print(f"\n[ledger tests] {reason}", file=sys.stderr)
            _pg_state["reason"] = reason
    return _pg_state["reason"]


def _pg_admin(sql: str) -> None:
    import psycopg

    dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, connect_timeout=5, autocommit=True) as conn:
        conn.execute(sql)


def pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session", autouse=True)
def _drop_leftover_schemas() -> Iterator[None]:
    yield
    if _pg_state.get("reason", "unchecked") is None:
        import psycopg

        dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, connect_timeout=5, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'wtl\\_%%' ESCAPE '\\'"
            ).fetchall()
            for (name,) in rows:
                if name.startswith(SESSION) or not _session_alive(name):
                    conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _session_alive(schema: str) -> bool:
    try:
        pid = int(schema.split("_")[1])
    except (IndexError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fresh_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    reason = pg_unreachable()
    if reason is not None:
        pytest.skip(reason)
    schema = f"{SESSION}_{next(_counter)}"
    _pg_admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield pg_schema_url(schema)
    finally:
        _pg_admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty ledger: SQLite file, then PostgreSQL schema."""
    yield from fresh_url(request.param, tmp_path)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(db_url: str, clock: Clock) -> Iterator[Ledger]:
    made = Ledger(db_url, clock=clock)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def world(ledger: Ledger) -> Ledger:
    """The worked example's cast: a solar farm (solarco) and a datacentre (dc) trading electricity and chips."""
    ledger.create_commodity("electricity", "Wh")
    ledger.create_commodity("chip", "piece", mass_per_unit="20 kg")
    ledger.create_commodity("compute", "TFLOP")
    ledger.create_accounts(
        [
            {"name": "solarco/electricity", "owner": "solarco", "commodity": "electricity"},
            {"name": "solarco/chips", "owner": "solarco", "commodity": "chip"},
            {"name": "dc/electricity", "owner": "dc", "commodity": "electricity"},
            {"name": "dc/chips", "owner": "dc", "commodity": "chip"},
            {"name": "dc/compute", "owner": "dc", "commodity": "compute"},
        ]
    )
    ledger.register_meter(
        "farm1", owner="solarco", account="solarco/electricity", capacity="20 MW", location="JP-Kyushu",
        technology="solar PV", operator="kyuden-metering", start_s=DAY,
    )  # fmt: skip
    ledger.register_meter(
        "fab1",
        start_s=DAY,
        owner="dc",
        account="dc/chips",
        capacity="100 piece/h",
        location="TW-Hsinchu",
        technology="chip fab",
    )
    ledger.register_recipe("datacentre", {"electricity": "0.59 kWh"}, {"compute": "1 EFLOP"})
    return ledger


@pytest.fixture(scope="session", autouse=True)
def _wide_backdating_window() -> Iterator[None]:
    """Tests that run on the real clock (servers, other processes) replay readings from June 2025 (``DAY``): they
    widen the back-dating window to 5 years through the environment, which child processes inherit. The tests of the
    window itself set it explicitly, and ``test_default_backdating_window`` checks the default with it unset."""
    before = os.environ.get(BACKDATE_ENV)
    os.environ[BACKDATE_ENV] = str(5 * 365 * 86400)
    yield
    if before is None:
        os.environ.pop(BACKDATE_ENV, None)
    else:
        os.environ[BACKDATE_ENV] = before
