"""Database plumbing shared by the engine and the verifier: engines for SQLite and PostgreSQL, the hash chain.

SQLite runs in WAL mode with ``synchronous=FULL`` (a commit is on disk before it is acknowledged) and takes the
write lock at ``BEGIN IMMEDIATE``; PostgreSQL serialises writers on the single ``ledger_meta`` row
(``SELECT … FOR UPDATE``), which also orders the hash chain. Hot paths use driver-level ``executemany`` through
SQLAlchemy's ``exec_driver_sql``; :func:`q` rewrites ``?`` placeholders for psycopg.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import StaticPool

from wattsandtons.ledger.errors import LedgerError

__all__ = ["GENESIS", "GENESIS_HEX", "bulk_values", "chain_hash", "in_list", "make_engine", "q"]

GENESIS = bytes(32)  # the "previous hash" of the first journal row
GENESIS_HEX = GENESIS.hex()
IN_CHUNK = 900  # ids per IN (...) list: below every backend's bound on parameters


def make_engine(url: str) -> Engine:
    """An SQLAlchemy engine for a ledger URL (``sqlite:///file.db`` or ``postgresql://user@host/db``)."""
    try:
        parsed = make_url(url)
    except Exception:
        raise LedgerError("invalid_database_url", f"cannot read database URL {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":  # psycopg 3 is the driver we ship with
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_size=8, max_overflow=32, pool_pre_ping=True)
    raise LedgerError(
        "unsupported_database",
        f"unsupported database {backend!r} in {url!r} (expected sqlite:///FILE or postgresql://…)",
    )


def _sqlite_engine(parsed: Any) -> Engine:
    memory = parsed.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 60.0}}
    if not memory:  # the API reads from up to 40 worker threads at once
        kwargs.update(pool_size=10, max_overflow=40)
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(parsed, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (SQLAlchemy's pysqlite recipe)
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # durable commits: fsync the WAL at every commit
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA wal_autocheckpoint=8000")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("ledger_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@lru_cache(maxsize=512)
def _to_pyformat(sql: str) -> str:
    assert "%" not in sql, "SQL text with '%' cannot be rewritten for psycopg"
    return sql.replace("?b", "%b").replace("?", "%s")  # ?b: a binary parameter (arrays dump faster)


def q(pg: bool, sql: str) -> str:
    """``sql`` with ``?`` placeholders, rewritten to ``%s`` for psycopg."""
    return _to_pyformat(sql) if pg else sql


def in_list(pg: bool, column: str, values: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
    """A ``column IN (…)`` condition and its parameters (``= ANY(%s)`` on PostgreSQL)."""
    assert len(values) <= IN_CHUNK, "chunk IN lists before calling in_list"
    if pg:
        return f"{column} = ANY(?b)", (list(values),)
    return f"{column} IN ({','.join('?' * len(values))})", tuple(values)


@lru_cache(maxsize=64)
def _multi_values(head: str, width: int, rows: int, tail: str) -> str:
    row = "(" + ",".join("?" * width) + ")"
    return f"{head} VALUES {','.join([row] * rows)}{tail}"


def bulk_values(
    cursor: Any, pg: bool, head: str, rows: Sequence[Sequence[Any]], *, tail: str = "", chunk: int = 200
) -> None:
    """``head VALUES (…),(…),…tail`` over ``rows``: a few multi-row statements instead of one statement per row —
    on SQLite the per-row cost of ``executemany`` is most of a batch's SQL time, on PostgreSQL its round trips.
    Full chunks share one cached statement."""
    if not rows:
        return
    width = len(rows[0])
    full = len(rows) - len(rows) % chunk
    if full:
        sql = q(pg, _multi_values(head, width, chunk, tail))
        for start in range(0, full, chunk):
            cursor.execute(sql, list(chain.from_iterable(rows[start : start + chunk])))
    if full < len(rows):
        rest = rows[full:]
        cursor.execute(q(pg, _multi_values(head, width, len(rest), tail)), list(chain.from_iterable(rest)))


def chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def chain_hash(
    prev: bytes,
    seq: int,
    batch: int,
    kind: str,
    tid: str,
    debit: int | None,
    credit: int | None,
    amount: int,
    ref: str | None,
    ts: int,
    lots: str | None,
    meta: str | None,
) -> bytes:
    """sha256 of the previous row's hash (32 bytes) and this row's canonical bytes (fields joined by US, ``None``
    empty), as 32 bytes.

    No field can contain the separator: names and ids are validated, ``meta`` is JSON with control characters
    escaped.
    """
    canonical = (
        f"\x1e{seq}\x1f{batch}\x1f{kind}\x1f{tid}\x1f{'' if debit is None else debit}\x1f"
        f"{'' if credit is None else credit}\x1f{amount}\x1f{'' if ref is None else ref}\x1f{ts}\x1f"
        f"{'' if lots is None else lots}\x1f{'' if meta is None else meta}"
    )
    return hashlib.sha256(prev + canonical.encode()).digest()
