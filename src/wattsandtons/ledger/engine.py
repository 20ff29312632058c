"""The posting engine: double-entry books in watt-hours and grams, issued only from metering.

How a write works (every write, from a single transfer to a batch of thousands):

1. **Static checks** outside any lock: ids, names, amounts (exact integers of the commodity's smallest unit),
   accounts exist, same commodity on both sides, allowed account kinds.
2. **One database transaction** holding the ledger's write lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL
   ``SELECT … FOR UPDATE`` on the meta row): expire due pending transfers, look up the batch's ids
   (idempotency), load the balances, pending transfers and lot holdings involved, then apply every operation
   **in memory, in order** — each sees the previous one's effect — checking every rule. The first refusal raises
   :class:`LedgerError` and the transaction is rolled back: a batch applies all or nothing.
3. **Flush**: balances, holdings, pending states, lots and the journal rows — each row hash-chained to the one
   before (``sha256(prev_hash ‖ canonical row)``) — and the new chain head, then commit (durable).

The fast path — a batch of plain posted transfers, the bulk of the traffic — does the same in one tight loop and
skips the id lookup: the journal's unique index refuses an id used before. Any refusal on it (that one included)
rolls back and the batch takes the general path, whose answer — ``exists`` for a faithful retry, or the precise
error — is the one given.

Account kinds (TigerBeetle's counters: debits/credits, posted/pending; balance = credits − debits):

* ``asset`` — owned; never below zero (``no_negative``); the only kind users move value between.
* ``source`` — debited when value is issued: one per meter (``meter:NAME``) and one per recipe output
  (``recipe:NAME:out:COMMODITY``). A source's balance is minus what it has issued.
* ``sink`` — credited when value leaves circulation: retirement (``retired:COMMODITY``) or consumption into a
  conversion's outputs (``recipe:NAME:in:COMMODITY``).
* ``loss`` — credited with what a conversion loses (``recipe:NAME:loss:COMMODITY``, e.g. waste heat).
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from hashlib import sha256
from typing import Any, TypeVar

from sqlalchemy import Engine, inspect, select
from sqlalchemy.engine import Connection

from wattsandtons.errors import UnitError
from wattsandtons.ledger import model
from wattsandtons.ledger.access import check_id_owner, check_mover, check_operator, check_resolver
from wattsandtons.ledger.errors import BAD_REQUEST, CONFLICT, NOT_FOUND, LedgerError
from wattsandtons.ledger.limits import (
    BACKDATE_ENV,
    BACKDATE_S,
    CAPACITY_MARGIN,
    MAX_BATCH,
    MAX_INTERVAL_S,
    MAX_METADATA_BYTES,
    MAX_METADATA_DEPTH,
    MAX_READINGS,
    MAX_TIMEOUT_S,
    capacity_bound,
)
from wattsandtons.ledger.quantities import MAX_AMOUNT, parse_amount
from wattsandtons.ledger.store import GENESIS_HEX, bulk_values, chain_hash, chunks, in_list, make_engine, q
from wattsandtons.ledger.types import (
    ID_RE,
    KINDS,
    NAME_RE,
    SYSTEM_OWNER,
    TEXT_RE,
    TRANSFER_KINDS,
    Account,
    AccountBalance,
    BatchResult,
    Commodity,
    Lot,
    Meter,
    Recipe,
    Transfer,
    VerifyReport,
)

__all__ = ["DEFAULT_URL", "Ledger", "Reading"]

DEFAULT_URL = "sqlite:///wattsandtons-ledger.db"
#: On PostgreSQL, batches with more journal rows than this are written with COPY.
BULK_ROWS = 16
#: Journal rows are kept in two forms, written apart: full rows, and bare rows whose ref and meta are NULL (most
#: rows). Leaving NULL columns out matters on SQLite, whose driver binds ``None`` and ``bytes`` through its adapter
#: lookup, ≈ 0.7 µs a value (two NULLs and the hash were half of a row's insert time); the hash is bound as a
#: ``bytearray``, which the driver binds directly, for the same reason.
JOURNAL_COLUMNS = "seq, batch, kind, tid, debit_id, credit_id, amount, ref, ts, lots, meta, hash"
BARE_COLUMNS = "seq, batch, kind, tid, debit_id, credit_id, amount, ts, lots, hash"

T = TypeVar("T")

#: Default smallest unit per dimension: chosen so a 64-bit balance holds a civilisation-scale amount
#: (9.2e18 Wh = 9.2 EWh; 9.2e18 g = 9.2 Gt; 9.2e18 TFLOP = 9.2e30 FLOP).
DEFAULT_SMALLEST = {"[energy]": "Wh", "[mass]": "g", "[compute]": "TFLOP", "[count]": "piece"}


@dataclass(frozen=True, slots=True)
class Reading:
    """A meter reading: ``amount`` (in the meter commodity's smallest unit, or a quantity such as ``"4.2 MWh"``)
    produced over ``[start_s, end_s)`` (seconds since the Unix epoch)."""

    meter: str
    start_s: int
    end_s: int
    amount: int | float | str


@dataclass(slots=True)
class _Op:
    """A transfer after static checks."""

    index: int
    kind: str
    tid: str
    debit: Account | None
    credit: Account | None
    amount: int | None
    pending_id: str | None
    timeout_s: int | None
    meta: str | None


def _backdate(value: int | None) -> int:
    if value is None:
        text = os.environ.get(BACKDATE_ENV, "").strip()
        if not text:
            return BACKDATE_S
        if not text.isdigit():
            raise LedgerError("invalid_backdate", f"${BACKDATE_ENV} must be whole seconds, got {text[:40]!r}")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**40:
        raise LedgerError("invalid_backdate", "the back-dating window must be whole seconds ≥ 0")
    return value


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def _check_name(value: object, field: str, what: str = "name") -> str:
    if not isinstance(value, str) or not NAME_RE.match(value):
        raise LedgerError(
            f"invalid_{what}",
            f"invalid {what} {value!r}: 1-64 letters, digits and _ . - /, starting with a letter or digit",
            field=field,
        )
    return value


def _check_id(value: object, field: str) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise LedgerError(
            "invalid_id",
            f"invalid id {value!r}: 1-100 letters, digits and _ . -, starting with a letter or digit "
            "(client-chosen, e.g. a UUID; reused only to retry the same request)",
            field=field,
        )
    return value


def _searchable(value: object) -> bool:
    """Whether ``value`` can be looked up at all: bounded text both backends can store (no NUL, valid UTF-8).
    Anything else cannot name a stored row — and PostgreSQL would refuse the query outright."""
    if not isinstance(value, str) or len(value) > 200 or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, e.g. from JSON "\ud800"
        return False
    return True


def _storable(text: str) -> bool:
    """Free text both backends can store: no NUL, valid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _check_text(value: object, field: str) -> str:
    if not isinstance(value, str) or not TEXT_RE.match(value) or not _searchable(value):
        raise LedgerError(
            "invalid_text", f"{field} must be 1-128 printable characters, got {value!r}", field=field
        )
    return value


def _metadata(value: object, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise LedgerError("invalid_metadata", "metadata must be a JSON object", field=field)
    _check_tree(value, field)
    try:
        encoded = _canonical_json(dict(value))
    except (TypeError, ValueError):
        raise LedgerError("invalid_metadata", "metadata must be plain JSON (no NaN)", field=field) from None
    if len(encoded) > MAX_METADATA_BYTES:
        raise LedgerError(
            "invalid_metadata", f"metadata is larger than {MAX_METADATA_BYTES} bytes as JSON", field=field
        )
    return encoded


def _check_tree(value: object, field: str) -> None:
    """Metadata that can be stored and read back: nested at most ``MAX_METADATA_DEPTH`` deep, every key and string
    valid UTF-8 (no lone surrogate, which no response could encode)."""
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise LedgerError(
                    "invalid_metadata", "metadata text must be valid UTF-8", field=field
                ) from None
        elif isinstance(item, Mapping | list | tuple):
            if level >= MAX_METADATA_DEPTH:
                raise LedgerError(
                    "invalid_metadata",
                    f"metadata is nested deeper than {MAX_METADATA_DEPTH} levels",
                    field=field,
                )
            children = [*item.keys(), *item.values()] if isinstance(item, Mapping) else list(item)
            stack.extend((child, level + 1) for child in children)


def _fraction_of(value: float) -> Fraction:
    """A float from pint as an exact decimal fraction (12 significant digits)."""
    return Fraction(f"{value:.12g}")


class Ledger:
    """A ledger in a database (SQLite file by default, PostgreSQL by URL).

    >>> ledger = Ledger("sqlite:///books.db")  # doctest: +SKIP
    >>> ledger.create_commodity("electricity", "Wh")  # doctest: +SKIP
    """

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        clock: Callable[[], float] = time.time,
        create: bool = True,
        backdate_s: int | None = None,
    ) -> None:
        self.url = url
        #: how long before the clock a reading may start (the back-dating window), seconds
        self.backdate_s = _backdate(backdate_s)
        self.engine: Engine = make_engine(url)
        self.pg = self.engine.dialect.name == "postgresql"
        self._integrity_error: type[Exception] = self.engine.dialect.loaded_dbapi.IntegrityError
        self._clock = clock
        self._lock = threading.RLock()  # one writer per process; the database serialises processes
        self._commodities: dict[str, Commodity] = {}
        self._commodities_by_id: dict[int, Commodity] = {}
        self._accounts: dict[str, Account] = {}
        self._accounts_by_id: dict[int, Account] = {}
        self._meters: dict[str, Meter] = {}
        self._recipes: dict[str, Recipe] = {}
        # balances (id → the four counters) and lot holdings (id → {lot: amount}, for accounts that track lots) as
        # of chain head ``_state_head``: valid while no other process writes. Write transactions work on them in
        # place; one that fails empties them.
        self._balances: dict[int, list[int]] = {}
        self._holdings: dict[int, dict[int, int]] = {}
        self._state_head = -1
        if create:
            self.init()

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def init(self) -> None:
        """Create the tables, the append-only guards and the chain's genesis (idempotent)."""
        with self.engine.connect() as conn:
            conn.execution_options(ledger_write=True)
            with conn.begin():
                if self.pg:
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7280531)")
                model.metadata.create_all(conn)
                if "expires_at" not in {c["name"] for c in inspect(conn).get_columns("ledger_keys")}:
                    conn.exec_driver_sql("ALTER TABLE ledger_keys ADD COLUMN expires_at BIGINT")
                for statement in model.POSTGRES_GUARDS if self.pg else model.SQLITE_GUARDS:
                    conn.exec_driver_sql(statement)
                exists = conn.exec_driver_sql("SELECT version FROM ledger_meta WHERE id = 1").fetchone()
                if exists is None:
                    conn.execute(
                        model.meta.insert().values(
                            id=1,
                            version=model.SCHEMA_VERSION,
                            head_seq=0,
                            head_hash=GENESIS_HEX,
                            last_ts=0,
                            batches=0,
                        )
                    )
                elif exists[0] != model.SCHEMA_VERSION:
                    raise LedgerError(
                        "schema_version",
                        f"the database holds ledger schema version {exists[0]}, this program reads "
                        f"version {model.SCHEMA_VERSION}",
                        status=CONFLICT,
                    )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now_us(self) -> int:
        return int(self._clock() * 1_000_000)

    # -- transactions ------------------------------------------------------------------------------------------
    def _write(self, fn: Callable[[_Tx], T], *, actor: str | None = None, operator: str | None = None) -> T:
        """Run ``fn`` in one write transaction holding the ledger's write lock; commit or roll back.

        ``actor`` (an owner) and ``operator`` are whom the write is done for: their permissions are checked inside
        the transaction (:mod:`wattsandtons.ledger.access`); ``None`` is a trusted caller."""
        with self._lock, self.engine.connect() as conn:
            conn.execution_options(ledger_write=True)
            conn.begin()
            cursor = conn.connection.cursor()  # the driver's: a write's statements skip SQLAlchemy's overhead
            try:
                cursor.execute(
                    "SELECT head_seq, head_hash, last_ts, batches FROM ledger_meta WHERE id = 1"
                    + (" FOR UPDATE" if self.pg else "")
                )
                head = cursor.fetchone()
                if head is None:
                    raise LedgerError("not_initialised", "the database holds no ledger: run 'ledger init'")
                seq = int(head[0])
                if seq != self._state_head or len(self._balances) > 1_000_000:
                    self._forget_state()  # another process wrote (cached balances are stale), or too many
                    self._state_head = seq
                ts = max(self.now_us(), int(head[2]))  # journal time never goes backwards
                tx = _Tx(self, conn, cursor, seq, str(head[1]), ts, int(head[3]))
                tx.actor, tx.operator = actor, operator
                tx.expire_due()
                result = fn(tx)
                tx.flush()
                conn.commit()
            except BaseException:
                conn.rollback()
                self._forget_state()  # the transaction may have changed cached balances in place
                raise
            tx.publish()
        return result

    def _forget_state(self) -> None:
        self._balances.clear()
        self._holdings.clear()
        self._state_head = -1

    def _read(self) -> Connection:
        conn = self.engine.connect()
        if self.pg:
            conn.execution_options(isolation_level="REPEATABLE READ")  # one snapshot for all reads
        return conn

    # -- caches of immutable definitions -----------------------------------------------------------------------
    def _commodity(self, name: str, field: str, conn: Connection | None = None) -> Commodity:
        found = self._commodities.get(name) if isinstance(name, str) else None
        if found is not None:
            return found
        row = self._stored(conn, "SELECT * FROM ledger_commodities WHERE name = ?", name, "commodity", field)
        commodity = _commodity_from_row(row)
        self._commodities[name] = commodity
        self._commodities_by_id[commodity.id] = commodity
        return commodity

    def _commodity_by_id(self, commodity_id: int, conn: Connection | None = None) -> Commodity:
        found = self._commodities_by_id.get(commodity_id)
        if found is not None:
            return found
        row = self._fetch(conn, "SELECT * FROM ledger_commodities WHERE id = ?", (commodity_id,))
        assert row is not None, f"commodity id {commodity_id} referenced but missing"
        return self._commodity(str(row._mapping["name"]), "commodity", conn)

    def _account(self, name: object, field: str, conn: Connection | None = None) -> Account:
        if not isinstance(name, str):
            raise LedgerError("invalid_account", f"expected an account name, got {name!r}", field=field)
        found = self._accounts.get(name)
        if found is not None:
            return found
        row = self._stored(conn, "SELECT * FROM ledger_accounts WHERE name = ?", name, "account", field)
        return self._cache_account(row, conn)

    def _account_by_id(self, account_id: int, conn: Connection | None = None) -> Account:
        found = self._accounts_by_id.get(account_id)
        if found is not None:
            return found
        row = self._fetch(conn, "SELECT * FROM ledger_accounts WHERE id = ?", (account_id,))
        assert row is not None, f"account id {account_id} referenced but missing"
        return self._cache_account(row, conn)

    def _cache_account(self, row: Any, conn: Connection | None) -> Account:
        m = row._mapping
        commodity = self._commodity_by_id(int(m["commodity_id"]), conn)
        account = Account(
            id=int(m["id"]),
            name=str(m["name"]),
            owner=str(m["owner"]),
            commodity=commodity.name,
            commodity_id=commodity.id,
            kind=str(m["kind"]),
            no_negative=bool(m["no_negative"]),
        )
        self._accounts[account.name] = account
        self._accounts_by_id[account.id] = account
        return account

    def _meter(self, name: object, field: str, conn: Connection | None = None) -> Meter:
        if not isinstance(name, str):
            raise LedgerError("invalid_meter", f"expected a meter name, got {name!r}", field=field)
        found = self._meters.get(name)
        if found is not None:
            return found
        row = self._stored(conn, "SELECT * FROM ledger_meters WHERE name = ?", name, "meter", field)
        meter = self._meter_from_row(row, conn)
        self._meters[name] = meter
        return meter

    def _meter_from_row(self, row: Any, conn: Connection | None) -> Meter:
        m = row._mapping
        return Meter(
            id=int(m["id"]),
            name=str(m["name"]),
            owner=str(m["owner"]),
            operator=str(m["operator"]),
            account=self._account_by_id(int(m["account_id"]), conn).name,
            source=self._account_by_id(int(m["source_id"]), conn).name,
            commodity=self._commodity_by_id(int(m["commodity_id"]), conn).name,
            capacity=str(m["capacity"]),
            capacity_units_per_s=float(m["capacity_units_per_s"]),
            technology=str(m["technology"]),
            location=str(m["location"]),
            device=str(m["device"]),
            start_s=None if m["start_s"] is None else int(m["start_s"]),
        )

    def _recipe(self, name: object, field: str, conn: Connection | None = None) -> Recipe:
        if not isinstance(name, str):
            raise LedgerError("invalid_recipe", f"expected a recipe name, got {name!r}", field=field)
        found = self._recipes.get(name)
        if found is not None:
            return found
        row = self._stored(
            conn, "SELECT id, definition FROM ledger_recipes WHERE name = ?", name, "recipe", field
        )
        recipe = Recipe.from_definition(int(row[0]), json.loads(row[1]))
        self._recipes[name] = recipe
        return recipe

    def _stored(
        self,
        conn: Connection | None,
        sql: str,
        name: object,
        what: str,
        field: str,
        status: int = BAD_REQUEST,
    ) -> Any:
        """The stored row ``sql`` (one ``?``) finds for ``name``; ``<what>_not_found`` if the name cannot name a
        stored row or none matches — with ``status`` 404 for reads by key, the default for a request's references."""
        row = self._fetch(conn, sql, (name,)) if _searchable(name) else None
        if row is None:
            code = what.replace(" ", "_") + "_not_found"
            raise LedgerError(code, f"no {what} {str(name)[:130]!r}", field=field, status=status)
        return row

    def _fetch(self, conn: Connection | None, sql: str, params: tuple[Any, ...]) -> Any:
        if conn is not None:
            return conn.exec_driver_sql(q(self.pg, sql), params).fetchone()
        with self._read() as own:
            return own.exec_driver_sql(q(self.pg, sql), params).fetchone()

    # -- registration ------------------------------------------------------------------------------------------
    def create_commodity(
        self,
        name: str,
        unit: str | None = None,
        *,
        dimension: str | None = None,
        mass_per_unit: str | None = None,
        energy_per_unit: str | None = None,
        lots: bool = True,
        description: str | None = None,
    ) -> Commodity:
        """Register a commodity counted in integer ``unit`` (its smallest unit: ``Wh``, ``g``, ``piece``).

        ``mass_per_unit`` (e.g. ``"20 kg"`` per piece) puts counted goods on mass statements;
        ``energy_per_unit`` does the same for fuels on energy statements. With ``lots`` (the default) every unit
        keeps its origin lot, like a granular certificate.
        """
        definition = _commodity_definition(
            name, unit, dimension, mass_per_unit, energy_per_unit, lots, description
        )
        return self._write(lambda tx: tx.create_commodity(definition))

    def create_account(
        self, name: str, owner: str, commodity: str, *, kind: str = "asset", no_negative: bool = True
    ) -> Account:
        """Open an ``asset`` account for ``owner`` in ``commodity`` (system accounts are opened automatically)."""
        found = self._account_spec(name, owner, commodity, kind, no_negative)
        return self._write(lambda tx: tx.open_account(name, owner, found, kind, no_negative, field="name"))

    def create_accounts(self, specs: Sequence[Mapping[str, Any]]) -> list[Account]:
        """Open many asset accounts in one transaction: ``[{"name", "owner", "commodity", "no_negative"?}, …]``."""
        if len(specs) > MAX_BATCH * 10:
            raise LedgerError("batch_too_large", f"at most {MAX_BATCH * 10} accounts at once", status=413)
        prepared = []
        for index, spec in enumerate(specs):
            try:
                unknown = sorted(set(spec) - {"name", "owner", "commodity", "no_negative", "kind"})
                if unknown:
                    raise LedgerError("unknown_field", f"unknown field {unknown[0]!r}", field=unknown[0])
                no_negative = spec.get("no_negative", True)
                kind = spec.get("kind", "asset")
                found = self._account_spec(
                    spec.get("name"), spec.get("owner"), spec.get("commodity"), kind, no_negative
                )
            except LedgerError as exc:
                raise exc.at(f"accounts[{index}]") from None
            prepared.append(
                (spec["name"], spec["owner"], found, kind, no_negative, f"accounts[{index}].name")
            )
        return self._write(lambda tx: [tx.open_account(*p[:5], field=p[5]) for p in prepared])

    def _account_spec(self, name: Any, owner: Any, commodity: Any, kind: Any, no_negative: Any) -> Commodity:
        _check_name(name, "name")
        _check_name(owner, "owner", "owner")
        if owner == SYSTEM_OWNER:
            raise LedgerError("reserved_owner", f"owner {SYSTEM_OWNER!r} is reserved", field="owner")
        if kind != "asset":
            raise LedgerError(
                "invalid_kind",
                f"only asset accounts are opened by hand (got {kind!r}); source, sink and loss accounts are "
                "opened with the meters, recipes and commodities that use them",
                field="kind",
            )
        if not isinstance(no_negative, bool):
            raise LedgerError("invalid_flag", "no_negative must be true or false", field="no_negative")
        if not isinstance(commodity, str):
            raise LedgerError("invalid_commodity", "commodity must be a name", field="commodity")
        found = self._commodity(commodity, "commodity")
        if found.lots and not no_negative:
            raise LedgerError(
                "invalid_flag",
                f"{commodity!r} tracks origin lots, so its accounts cannot go below zero",
                field="no_negative",
            )
        return found

    def register_meter(
        self,
        name: str,
        *,
        owner: str,
        account: str,
        capacity: str,
        location: str,
        technology: str,
        device: str | None = None,
        operator: str | None = None,
        start_s: int | None = None,
    ) -> Meter:
        """Register a meter: readings issue into ``account`` (the owner's), at most capacity × interval × margin.

        ``capacity`` is a rate of the account's commodity (``"5 MW"`` for energy, ``"2 t/h"`` for mass,
        ``"100 piece/h"`` for counted goods). ``operator`` (default: the owner) is who may submit readings.
        """
        definition = self._meter_definition(
            name, owner, account, capacity, location, technology, device, operator, start_s
        )
        return self._write(lambda tx: tx.register_meter(definition))

    def _meter_definition(
        self,
        name: str,
        owner: str,
        account: str,
        capacity: str,
        location: str,
        technology: str,
        device: str | None,
        operator: str | None,
        start_s: int | None,
    ) -> dict[str, Any]:
        _check_name(name, "name")
        _check_name(owner, "owner", "owner")
        operator = owner if operator is None else _check_name(operator, "operator", "operator")
        target = self._account(account, "account")
        if target.kind != "asset" or target.owner != owner:
            raise LedgerError(
                "invalid_account",
                f"a meter issues into an asset account of its owner {owner!r}; {account!r} is a {target.kind} "
                f"account of {target.owner!r}",
                field="account",
            )
        commodity = self._commodity(target.commodity, "account")
        if start_s is None:
            start_s = int(self._clock())  # commissioned now: nothing produced before registration is issued
        if isinstance(start_s, bool) or not isinstance(start_s, int) or not 0 <= start_s < 2**40:
            raise LedgerError("invalid_time", "start must be whole seconds since 1970", field="start")
        return {
            "name": name,
            "owner": owner,
            "operator": operator,
            "account_id": target.id,
            "commodity": commodity.name,
            "capacity": _check_text(capacity, "capacity"),
            "capacity_units_per_s": _capacity_units_per_s(capacity, commodity),
            "technology": _check_text(technology, "technology"),
            "location": _check_text(location, "location"),
            "device": _check_text(device if device is not None else name, "device"),
            "start_s": start_s,
        }

    def register_recipe(
        self,
        name: str,
        inputs: Mapping[str, str | int],
        outputs: Mapping[str, str | int],
        *,
        loss: Mapping[str, float | str] | None = None,
        efficiency: float | str | None = None,
        description: str | None = None,
        source: str | None = None,
    ) -> Recipe:
        """Register a conversion recipe: ``inputs`` become ``outputs`` (amounts per unit of activity, with units).

        Losses: by default every input that carries energy loses the share of energy not carried into the outputs
        (electricity → compute loses all of it, as waste heat), and every input that carries mass the share of
        mass not carried into the outputs (scrap); ``efficiency`` sets the energy share kept, ``loss`` the lost
        fraction per input explicitly. A recipe can create neither energy nor mass: refused if its outputs carry
        more than its inputs keep.
        """
        recipe = self._build_recipe(name, inputs, outputs, loss, efficiency, description, source)
        return self._write(lambda tx: tx.register_recipe(recipe))

    def register_recipe_from_scenario(
        self, scenario: Any, process: str, *, name: str | None = None
    ) -> Recipe:
        """Register a scenario process as a recipe (its inputs and outputs; capital is not a conversion flow).

        The scenario's commodities must be registered here under the same names
        (:meth:`commodities_from_scenario`).
        """
        info = scenario.processes.get(process)
        if info is None:
            raise LedgerError("process_not_found", f"scenario has no process {process!r}", field="process")
        flows_in: dict[str, str | int] = {}
        flows_out: dict[str, str | int] = {}
        for flows, target in ((info.inputs, flows_in), (info.outputs, flows_out)):
            for flow in flows:
                name_c = flow.node.commodity
                commodity = self._commodity(name_c, f"process.{process}.{name_c}")
                amount = Fraction(f"{flow.amount.si:.12g}") / _fraction_of(commodity.si_per_unit)
                target[name_c] = (
                    f"{amount.numerator}/{amount.denominator}" if amount.denominator != 1 else str(amount)
                )
        source = f"scenario {scenario.name}, process {process}"
        return self.register_recipe(
            name or process, flows_in, flows_out, description=info.description, source=source
        )

    def commodities_from_scenario(self, scenario: Any) -> list[Commodity]:
        """Register the scenario's commodities that are not registered yet (smallest unit as declared, or Wh, g,
        TFLOP, piece by dimension); goods keep their mass per unit for mass statements."""
        from wattsandtons.units import dimensionality, ureg

        made = []
        for name, info in scenario.commodities.items():
            by_dimension = [u for d, u in DEFAULT_SMALLEST.items() if dimensionality(d) == info.dim]
            smallest = info.smallest_unit or (by_dimension[0] if by_dimension else info.unit)
            mass = None
            energy = None
            si_per_unit = float(ureg.Quantity(1.0, smallest).to_base_units().magnitude)
            if info.mass_per_unit is not None:
                mass = f"{info.mass_per_unit.si * si_per_unit!r} kg"
            if info.energy_content is not None:
                energy = f"{info.energy_content.si * si_per_unit!r} J"
            made.append(
                self.create_commodity(
                    name, smallest, mass_per_unit=mass, energy_per_unit=energy, description=info.description
                )
            )
        return made

    def _build_recipe(
        self,
        name: str,
        inputs: Mapping[str, str | int],
        outputs: Mapping[str, str | int],
        loss: Mapping[str, float | str] | None,
        efficiency: float | str | None,
        description: str | None,
        source: str | None,
    ) -> Recipe:
        _check_name(name, "name")
        if not isinstance(inputs, Mapping) or not inputs:
            raise LedgerError("invalid_recipe", "a recipe needs at least one input", field="inputs")
        if not isinstance(outputs, Mapping) or not outputs:
            raise LedgerError("invalid_recipe", "a recipe needs at least one output", field="outputs")
        ins = {c: self._ratio(c, v, f"inputs.{c}") for c, v in inputs.items()}
        outs = {c: self._ratio(c, v, f"outputs.{c}") for c, v in outputs.items()}
        both = sorted(set(ins) & set(outs))
        if both:
            raise LedgerError(
                "invalid_recipe", f"{both[0]!r} is both an input and an output", field=f"outputs.{both[0]}"
            )
        losses = _recipe_losses(self, ins, outs, loss, efficiency)
        _check_conservation(self, ins, outs, losses)
        for text_field, value in (("description", description), ("source", source)):
            if value is not None and (
                not isinstance(value, str) or len(value) > 1000 or not _storable(value)
            ):
                raise LedgerError(
                    "invalid_text", f"{text_field} must be text up to 1000 characters", field=text_field
                )
        return Recipe(0, name, ins, outs, losses, description, source)

    def _ratio(self, commodity_name: str, value: str | int, field: str) -> Fraction:
        from wattsandtons.units import to_si

        commodity = self._commodity(commodity_name, field)
        if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,30}(/[0-9]{1,30})?\s*", value):
            ratio = Fraction(value.strip())
        elif isinstance(value, int) and not isinstance(value, bool):
            ratio = Fraction(value)
        elif isinstance(value, str):
            try:
                si = to_si(value, commodity.dimension)
            except UnitError as exc:
                raise LedgerError("invalid_amount", str(exc), field=field) from None
            ratio = _fraction_of(si) / _fraction_of(commodity.si_per_unit)
        else:
            raise LedgerError(
                "invalid_amount", f"expected a quantity such as '1 MWh', got {value!r}", field=field
            )
        if ratio <= 0 or ratio > MAX_AMOUNT:
            raise LedgerError("invalid_amount", f"amount must be positive, got {value!r}", field=field)
        return ratio

    # -- transfers ---------------------------------------------------------------------------------------------
    def transfer(
        self,
        id: str,
        debit_account: str,
        credit_account: str,
        amount: int | float | str,
        *,
        metadata: Mapping[str, Any] | None = None,
    ) -> BatchResult:
        """One posted transfer (a batch of one)."""
        return self.submit([Transfer(id, debit_account, credit_account, amount, metadata=metadata)])

    def submit(
        self,
        transfers: Sequence[Transfer | Mapping[str, Any] | tuple[str, str, str, int]],
        *,
        actor: str | None = None,
    ) -> BatchResult:
        """Apply a linked batch of transfers, all or nothing, in order (each sees the previous one's effect).

        Items are :class:`Transfer` objects, mappings with the same fields, or ``(id, debit, credit, amount)`` tuples for
        posted transfers. Retrying a batch whose ids were all applied with the same fields returns
        ``status="exists"`` and changes nothing; an id reused with different fields is refused
        (``exists_with_different_…``). With ``actor`` (an owner), the owner's permissions are checked inside the
        write transaction (:mod:`wattsandtons.ledger.access`).
        """
        plain = self._plain_batch(transfers)
        if plain is not None:
            try:
                return self._write(lambda tx: tx.run_plain(plain), actor=actor)
            except (_NotPlain, self._integrity_error):
                pass  # refused, or an id used before: rolled back; the general path gives the precise answer
        ops = self._prepare_transfers(transfers)
        return self._write(lambda tx: tx.run_transfers(ops), actor=actor)

    def _plain_batch(self, transfers: object) -> list[tuple[str, Account, Account, int]] | None:
        """The fast path's checks: every item a plain posted transfer — a :class:`Transfer` without pending id,
        timeout or metadata, or an ``(id, debit, credit, amount)`` tuple — between known asset accounts of one
        commodity, with an integer amount in range and a valid id (an id used twice is refused by the journal's
        unique index). ``None`` sends the batch down the general path (which gives every refusal its precise
        message)."""
        if not isinstance(transfers, list) or not 0 < len(transfers) <= MAX_BATCH:
            return None
        out = []
        accounts = self._accounts
        id_match = ID_RE.match
        for item in transfers:
            if type(item) is Transfer:
                tid, debit_name, credit_name, amount, kind, pending_id, timeout, metadata = item
                if (
                    kind != "transfer"
                    or pending_id is not None
                    or timeout is not None
                    or metadata is not None
                ):
                    return None
            elif type(item) is tuple and len(item) == 4:
                tid, debit_name, credit_name, amount = item
            else:
                return None
            if type(amount) is not int or type(debit_name) is not str or type(credit_name) is not str:
                return None
            d = accounts.get(debit_name)
            c = accounts.get(credit_name)
            if (
                d is None
                or c is None
                or d.kind != "asset"
                or c.kind != "asset"
                or d.commodity_id != c.commodity_id
                or d is c
                or not 0 < amount <= MAX_AMOUNT
                or type(tid) is not str
                or not id_match(tid)
            ):
                return None
            out.append((tid, d, c, amount))
        return out

    def _prepare_transfers(
        self, transfers: Sequence[Transfer | Mapping[str, Any] | tuple[str, str, str, int]]
    ) -> list[_Op]:
        if isinstance(transfers, str | bytes | Mapping) or not isinstance(transfers, Sequence):
            raise LedgerError("invalid_batch", "expected a list of transfers", field="transfers")
        if not transfers:
            raise LedgerError("empty_batch", "a batch needs at least one transfer", field="transfers")
        if len(transfers) > MAX_BATCH:
            raise LedgerError(
                "batch_too_large", f"at most {MAX_BATCH} transfers per batch", field="transfers", status=413
            )
        ops = []
        seen: set[str] = set()
        for index, item in enumerate(transfers):
            try:
                if isinstance(item, Transfer):
                    transfer = item
                elif isinstance(item, tuple) and len(item) == 4:
                    transfer = Transfer(*item)
                else:
                    transfer = Transfer.from_dict(item)
                op = self._prepare_one(transfer, index)
            except LedgerError as exc:
                raise exc.at(f"transfers[{index}]") from None
            if op.tid in seen:
                raise LedgerError(
                    "duplicate_id",
                    f"id {op.tid!r} appears twice in the batch",
                    field=f"transfers[{index}].id",
                )
            seen.add(op.tid)
            ops.append(op)
        return ops

    def _prepare_one(self, t: Transfer, index: int) -> _Op:
        tid = _check_id(t.id, "id")
        kind = t.kind
        if kind not in TRANSFER_KINDS:
            raise LedgerError(
                "invalid_kind", f"kind must be one of {', '.join(TRANSFER_KINDS)}", field="kind"
            )
        meta_user = _metadata(t.metadata, "metadata")
        if kind in ("transfer", "pending"):
            debit, credit, amount = self._prepare_movement(t)
            if t.pending_id is not None:
                raise LedgerError("invalid_field", f"a {kind} transfer has no pending_id", field="pending_id")
            timeout = self._prepare_timeout(t, kind)
            meta = None
            if kind == "pending" and (timeout or meta_user):
                meta = _canonical_json({"timeout_s": timeout, "metadata": json.loads(meta_user or "null")})
            elif meta_user is not None:
                meta = _canonical_json({"metadata": json.loads(meta_user)})
            return _Op(index, kind, tid, debit, credit, amount, None, timeout, meta)
        pending_id = _check_id(t.pending_id, "pending_id")
        if t.timeout_s is not None:
            raise LedgerError("invalid_field", f"a {kind} has no timeout", field="timeout_s")
        named_debit = None if t.debit_account is None else self._account(t.debit_account, "debit_account")
        named_credit = None if t.credit_account is None else self._account(t.credit_account, "credit_account")
        posted = None
        if t.amount is not None:
            if kind == "void":
                raise LedgerError("invalid_field", "a void releases the whole pending amount", field="amount")
            posted = self._amount_for_post(t.amount, pending_id, named_debit or named_credit)
        meta = _canonical_json({"full": posted is None, "metadata": json.loads(meta_user or "null")})
        return _Op(index, kind, tid, named_debit, named_credit, posted, pending_id, None, meta)

    def _amount_for_post(self, value: int | float | str, pending_id: str, account: Account | None) -> int:
        if account is None:  # the pending transfer's accounts never change: read its commodity
            row = self._fetch(None, "SELECT debit_id FROM ledger_pendings WHERE tid = ?", (pending_id,))
            account = None if row is None else self._account_by_id(int(row[0]))
        if account is None:
            return parse_amount(value, unit="smallest units", dimension="[]", field="amount")
        commodity = self._commodity(account.commodity, "amount")
        return parse_amount(value, unit=commodity.unit, dimension=commodity.dimension, field="amount")

    def _prepare_movement(self, t: Transfer) -> tuple[Account, Account, int]:
        debit = self._account(t.debit_account, "debit_account")
        credit = self._account(t.credit_account, "credit_account")
        if debit.id == credit.id:
            raise LedgerError(
                "accounts_must_be_different", "debit and credit accounts are the same", field="credit_account"
            )
        if debit.commodity_id != credit.commodity_id:
            raise LedgerError(
                "commodity_mismatch",
                f"{debit.name!r} holds {debit.commodity} but {credit.name!r} holds {credit.commodity}; "
                "exchange goods with two linked transfers (barter) or a conversion",
                field="credit_account",
            )
        for account, field in ((debit, "debit_account"), (credit, "credit_account")):
            if account.kind != "asset":
                raise LedgerError(
                    "system_account",
                    f"{account.name!r} is a {account.kind} account: value enters only by metering or conversion "
                    "and leaves only by retirement or conversion",
                    field=field,
                )
        commodity = self._commodity_by_id(debit.commodity_id)
        if t.amount is None:
            raise LedgerError("invalid_amount", "amount is required", field="amount")
        amount = parse_amount(t.amount, unit=commodity.unit, dimension=commodity.dimension, field="amount")
        return debit, credit, amount

    @staticmethod
    def _prepare_timeout(t: Transfer, kind: str) -> int | None:
        if t.timeout_s is None:
            return None
        if kind != "pending":
            raise LedgerError("invalid_field", "only a pending transfer has a timeout", field="timeout_s")
        if (
            isinstance(t.timeout_s, bool)
            or not isinstance(t.timeout_s, int)
            or not 0 < t.timeout_s <= MAX_TIMEOUT_S
        ):
            raise LedgerError(
                "invalid_timeout",
                f"timeout_s must be whole seconds from 1 to {MAX_TIMEOUT_S}",
                field="timeout_s",
            )
        return t.timeout_s

    def expire_due(self) -> int:
        """Expire pending transfers whose timeout has passed (every write does this first); returns how many."""
        return self._write(lambda tx: tx.expired)

    # -- metering ----------------------------------------------------------------------------------------------
    def record_reading(self, meter: str, start_s: int, end_s: int, amount: int | float | str) -> Lot | None:
        """Record one meter reading; issues a lot into the meter's account (``None`` for a zero reading)."""
        return self.record_readings([Reading(meter, start_s, end_s, amount)])[0]

    def record_readings(
        self, readings: Sequence[Reading], *, operator: str | None = None
    ) -> list[Lot | None]:
        """Record readings in order, all or nothing: each must start where the meter's previous one ended.

        With ``operator``, every meter must be operated by it (checked inside the write transaction)."""
        if not readings:
            raise LedgerError("empty_batch", "no readings", field="readings")
        if len(readings) > MAX_READINGS:
            raise LedgerError(
                "batch_too_large",
                f"at most {MAX_READINGS} readings per request",
                field="readings",
                status=413,
            )
        prepared = []
        for index, reading in enumerate(readings):
            try:
                prepared.append(self._prepare_reading(reading))
            except LedgerError as exc:
                raise exc.at(f"readings[{index}]") from None
        return self._write(lambda tx: tx.readings(prepared), operator=operator)

    def _prepare_reading(self, reading: Reading) -> tuple[Meter, int, int, int]:
        meter = self._meter(reading.meter, "meter")
        for value, field in ((reading.start_s, "start"), (reading.end_s, "end")):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**40:
                raise LedgerError("invalid_time", f"{field} must be whole seconds since 1970", field=field)
        if reading.end_s <= reading.start_s:
            raise LedgerError("invalid_interval", "a reading must end after it starts", field="end")
        if reading.end_s - reading.start_s > MAX_INTERVAL_S:
            raise LedgerError(
                "invalid_interval",
                f"a reading covers at most {MAX_INTERVAL_S} s (one hour, the granular certificate interval); "
                f"this one covers {reading.end_s - reading.start_s} s",
                field="end",
            )
        now = self._clock()
        if reading.end_s > now:
            raise LedgerError(
                "reading_in_future",
                f"the reading ends at {_when(reading.end_s)}, after now ({_when(int(now))}): only intervals that "
                "have ended are issued",
                field="end",
            )
        if reading.start_s < now - self.backdate_s:
            raise LedgerError(
                "reading_too_old",
                f"the reading starts at {_when(reading.start_s)}, more than {self.backdate_s:,} s (the back-dating "
                "window) before now",
                field="start",
            )
        if meter.start_s is not None and reading.start_s < meter.start_s:
            raise LedgerError(
                "reading_before_commissioning",
                f"meter {meter.name!r} was commissioned at {_when(meter.start_s)}; a reading from "
                f"{_when(reading.start_s)} is before it",
                field="start",
            )
        commodity = self._commodity(meter.commodity, "meter")
        amount = parse_amount(
            reading.amount,
            unit=commodity.unit,
            dimension=commodity.dimension,
            field="amount",
            allow_zero=True,
        )
        bound = capacity_bound(meter.capacity_units_per_s, reading.end_s - reading.start_s)
        if amount > bound:
            raise LedgerError(
                "exceeds_capacity",
                f"{amount:,} {commodity.unit} in {reading.end_s - reading.start_s} s is more than meter "
                f"{meter.name!r} can produce: capacity {meter.capacity} × interval × {float(CAPACITY_MARGIN)} "
                f"margin = {bound:,} {commodity.unit}",
                field="amount",
            )
        return meter, reading.start_s, reading.end_s, amount

    # -- conversions and retirement ----------------------------------------------------------------------------
    def convert(
        self,
        id: str,
        recipe: str,
        amount: int | float | str,
        *,
        commodity: str | None = None,
        accounts: Mapping[str, str] | None = None,
        owner: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        actor: str | None = None,
    ) -> BatchResult:
        """Run a recipe as one linked batch: ``amount`` of ``commodity`` (default: the reference output) fixes the
        scale; inputs are rounded up, outputs down, and per input the loss goes to the recipe's loss account.

        ``accounts`` maps each input and output commodity to the owner's account; where one is missing, the
        ``owner``'s only asset account in that commodity is used. With ``actor`` (an owner), every account must be
        the actor's (checked inside the write transaction).
        """
        plan = self._plan_conversion(id, recipe, amount, commodity, accounts, owner, metadata)
        return self._write(lambda tx: tx.convert(plan), actor=actor)

    def _plan_conversion(
        self,
        tid: str,
        recipe_name: str,
        amount: int | float | str,
        commodity: str | None,
        accounts: Mapping[str, str] | None,
        owner: str | None,
        metadata: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        _check_id(tid, "id")
        recipe = self._recipe(recipe_name, "recipe")
        given = commodity or recipe.reference
        ratio = recipe.inputs.get(given, recipe.outputs.get(given))
        if ratio is None:
            raise LedgerError(
                "invalid_commodity", f"recipe {recipe.name!r} does not use {given!r}", field="commodity"
            )
        unit = self._commodity(given, "commodity")
        exact = parse_amount(amount, unit=unit.unit, dimension=unit.dimension, field="amount")
        chosen = self._conversion_accounts(recipe, accounts, owner)
        scale = exact / ratio
        flows_in = {c: exact if c == given else math.ceil(r * scale) for c, r in recipe.inputs.items()}
        flows_out = {c: exact if c == given else math.floor(r * scale) for c, r in recipe.outputs.items()}
        for c, value in {**flows_in, **flows_out}.items():
            if value <= 0:
                raise LedgerError(
                    "conversion_too_small", f"the amount is too small to produce any {c}", field="amount"
                )
            if value > MAX_AMOUNT:
                raise LedgerError("invalid_amount", f"the amount of {c} would overflow", field="amount")
        request = {
            "recipe": recipe.name,
            "commodity": given,
            "amount": exact,
            "accounts": {c: a.name for c, a in chosen.items()},
            "metadata": json.loads(_metadata(metadata, "metadata") or "null"),
        }
        return {
            "tid": tid,
            "recipe": recipe,
            "accounts": chosen,
            "inputs": flows_in,
            "outputs": flows_out,
            "meta": _canonical_json(request),
        }

    def _conversion_accounts(
        self, recipe: Recipe, accounts: Mapping[str, str] | None, owner: str | None
    ) -> dict[str, Account]:
        accounts = dict(accounts or {})
        chosen: dict[str, Account] = {}
        for c in (*recipe.inputs, *recipe.outputs):
            field = f"accounts.{c}"
            if c in accounts:
                account = self._account(accounts.pop(c), field)
            elif owner is not None:
                account = self._only_account(owner, c, field)
            else:
                raise LedgerError("missing_account", f"no account given for {c!r}", field=field)
            if account.kind != "asset" or account.commodity != c:
                raise LedgerError(
                    "invalid_account", f"{account.name!r} is not an asset account of {c}", field=field
                )
            chosen[c] = account
        if accounts:
            extra = sorted(accounts)[0]
            raise LedgerError(
                "invalid_commodity",
                f"recipe {recipe.name!r} does not use {extra!r}",
                field=f"accounts.{extra}",
            )
        owners = {a.owner for a in chosen.values()}
        if len(owners) > 1:
            raise LedgerError(
                "mixed_owners",
                f"a conversion happens inside one owner's books; accounts belong to {', '.join(sorted(owners))}",
                field="accounts",
            )
        return chosen

    def _only_account(self, owner: str, commodity: str, field: str) -> Account:
        found = [
            b.account for b in self.accounts(owner=owner, commodity=commodity) if b.account.kind == "asset"
        ]
        if len(found) != 1:
            raise LedgerError(
                "missing_account",
                f"owner {owner!r} has {len(found)} accounts in {commodity!r}; name the one to use",
                field=field,
            )
        return found[0]

    def retire(
        self,
        id: str,
        account: str,
        amount: int | float | str,
        beneficiary: str,
        *,
        lot: int | None = None,
        actor: str | None = None,
    ) -> BatchResult:
        """Retire (cancel) ``amount`` from ``account`` for ``beneficiary``: it leaves circulation for good.

        With ``lot`` the units come from that lot (the account must hold enough of it); otherwise oldest lots first.
        """
        _check_id(id, "id")
        source = self._account(account, "account")
        if source.kind != "asset":
            raise LedgerError("system_account", f"{account!r} is a {source.kind} account", field="account")
        commodity = self._commodity(source.commodity, "account")
        exact = parse_amount(amount, unit=commodity.unit, dimension=commodity.dimension, field="amount")
        _check_text(beneficiary, "beneficiary")
        if lot is not None and (isinstance(lot, bool) or not isinstance(lot, int) or lot <= 0):
            raise LedgerError("invalid_lot", "lot must be a positive integer", field="lot")
        if lot is not None and not commodity.lots:
            raise LedgerError("invalid_lot", f"{commodity.name!r} does not track lots", field="lot")
        meta = _canonical_json({"beneficiary": beneficiary, "lot": lot})
        return self._write(lambda tx: tx.retire(id, source, exact, meta, lot), actor=actor)

    # -- reads -------------------------------------------------------------------------------------------------
    def head(self) -> tuple[int, str]:
        """The chain head: ``(seq, hash)`` of the last journal row — worth recording outside the database."""
        with self._read() as conn:
            row = conn.exec_driver_sql("SELECT head_seq, head_hash FROM ledger_meta WHERE id = 1").fetchone()
        if row is None:
            raise LedgerError("not_initialised", "the database holds no ledger: run 'ledger init'")
        return int(row[0]), str(row[1])

    def commodity(self, name: str) -> Commodity:
        return self._commodity(name, "commodity")

    def commodities(self) -> list[Commodity]:
        with self._read() as conn:
            rows = conn.execute(select(model.commodities).order_by(model.commodities.c.id)).fetchall()
        return [_commodity_from_row(row) for row in rows]

    def account(self, name: str) -> AccountBalance:
        """An account and its balances (404 if there is none)."""
        with self._read() as conn:
            row = self._stored(
                conn, f"{_WITH_BALANCES} WHERE a.name = ?", name, "account", "name", status=NOT_FOUND
            )
            return self._balance_from_row(row, conn)

    def accounts(
        self, *, owner: str | None = None, commodity: str | None = None, kind: str | None = None
    ) -> list[AccountBalance]:
        t, b = model.accounts, model.balances
        query = (
            select(
                t, b.c.debits_posted, b.c.credits_posted, b.c.debits_pending, b.c.credits_pending, b.c.lots
            )
            .join(b, b.c.id == t.c.id)
            .order_by(t.c.id)
        )
        if owner is not None and not _searchable(owner):
            return []  # no such owner can exist
        if owner is not None:
            query = query.where(t.c.owner == owner)
        if kind is not None:
            query = query.where(t.c.kind == kind)
        with self._read() as conn:
            if commodity is not None:
                query = query.where(t.c.commodity_id == self._commodity(commodity, "commodity", conn).id)
            rows = conn.execute(query).fetchall()
            return [self._balance_from_row(row, conn) for row in rows]

    def _balance_from_row(self, row: Any, conn: Connection) -> AccountBalance:
        m = row._mapping
        account = self._accounts_by_id.get(int(m["id"])) or self._cache_account(row, conn)
        return AccountBalance(
            account=account,
            unit=self._commodity_by_id(account.commodity_id, conn).unit,
            debits_posted=int(m["debits_posted"]),
            credits_posted=int(m["credits_posted"]),
            debits_pending=int(m["debits_pending"]),
            credits_pending=int(m["credits_pending"]),
        )

    def meter(self, name: str) -> dict[str, Any]:
        with self._read() as conn:
            row = self._stored(
                conn, "SELECT * FROM ledger_meters WHERE name = ?", name, "meter", "name", status=NOT_FOUND
            )
            return self._meter_dict(row, conn)

    def meters(self, *, owner: str | None = None, operator: str | None = None) -> list[dict[str, Any]]:
        if any(v is not None and not _searchable(v) for v in (owner, operator)):
            return []  # no such owner or operator can exist
        t = model.meters
        query = select(t).order_by(t.c.id)
        if owner is not None:
            query = query.where(t.c.owner == owner)
        if operator is not None:
            query = query.where(t.c.operator == operator)
        with self._read() as conn:
            return [self._meter_dict(row, conn) for row in conn.execute(query).fetchall()]

    def _meter_dict(self, row: Any, conn: Connection) -> dict[str, Any]:
        meter = self._meter_from_row(row, conn)
        m = row._mapping
        unit = self._commodity(meter.commodity, "commodity", conn).unit
        return {
            "name": meter.name,
            "owner": meter.owner,
            "operator": meter.operator,
            "account": meter.account,
            "source": meter.source,
            "commodity": meter.commodity,
            "unit": unit,
            "capacity": meter.capacity,
            "technology": meter.technology,
            "location": meter.location,
            "device": meter.device,
            "start": meter.start_s,
            "last_end": None if m["last_end_s"] is None else int(m["last_end_s"]),
            "readings": int(m["readings"]),
            "issued": int(m["issued"]),
        }

    def recipe(self, name: str) -> Recipe:
        try:
            return self._recipe(name, "name")
        except LedgerError as exc:
            raise LedgerError(exc.code, exc.message, field=exc.field, status=NOT_FOUND) from None

    def recipes(self) -> list[Recipe]:
        with self._read() as conn:
            rows = conn.exec_driver_sql("SELECT id, definition FROM ledger_recipes ORDER BY id").fetchall()
        return [Recipe.from_definition(int(r[0]), json.loads(r[1])) for r in rows]

    def transfer_record(self, tid: str) -> dict[str, Any]:
        """The journal row of a transfer (or conversion leg, retirement, reading) by id, with account names."""
        with self._read() as conn:
            row = self._stored(
                conn, "SELECT * FROM ledger_journal WHERE tid = ?", tid, "transfer", "id", status=NOT_FOUND
            )
            return self._row_dict(row, conn)

    def _row_dict(self, row: Any, conn: Connection) -> dict[str, Any]:
        m = row._mapping
        debit = None if m["debit_id"] is None else self._account_by_id(int(m["debit_id"]), conn)
        credit = None if m["credit_id"] is None else self._account_by_id(int(m["credit_id"]), conn)
        commodity = None
        for account in (debit, credit):
            if account is not None:
                commodity = account.commodity
        return {
            "seq": int(m["seq"]),
            "batch": int(m["batch"]),
            "kind": m["kind"],
            "id": m["tid"],
            "debit_account": debit.name if debit else None,
            "credit_account": credit.name if credit else None,
            "commodity": commodity,
            "amount": int(m["amount"]),
            "ref": m["ref"],
            "ts_us": int(m["ts"]),
            "lots": m["lots"],
            "meta": json.loads(m["meta"]) if m["meta"] else None,
            "hash": bytes(m["hash"]).hex(),
        }

    def pending(self, tid: str) -> dict[str, Any]:
        with self._read() as conn:
            row = self._stored(
                conn,
                "SELECT * FROM ledger_pendings WHERE tid = ?",
                tid,
                "pending transfer",
                "id",
                status=NOT_FOUND,
            )
            m = row._mapping
            return {
                "id": m["tid"],
                "debit_account": self._account_by_id(int(m["debit_id"]), conn).name,
                "credit_account": self._account_by_id(int(m["credit_id"]), conn).name,
                "amount": int(m["amount"]),
                "expires_at_us": None if m["expires_at"] is None else int(m["expires_at"]),
                "state": m["state"],
                "posted_amount": int(m["resolved_amount"]),
            }

    def lot(self, lot_id: int, *, owner: str | None = None) -> Lot:
        """A lot, its holders and retirements; with ``owner``, only that owner's holdings and retirements
        (``partial``)."""
        mine = "" if owner is None else " AND a.owner = ?"
        extra: tuple[Any, ...] = () if owner is None else (owner,)
        with self._read() as conn:
            row = conn.exec_driver_sql(
                q(self.pg, "SELECT * FROM ledger_lots WHERE id = ?"), (lot_id,)
            ).fetchone()
            if row is None:
                raise LedgerError("lot_not_found", f"no lot {lot_id}", field="id", status=NOT_FOUND)
            accounts = conn.exec_driver_sql(
                q(
                    self.pg,
                    "SELECT b.id, b.lots FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.id "
                    f"WHERE a.commodity_id = ? AND b.lots <> ''{mine} ORDER BY b.id",
                ),
                (row._mapping["commodity_id"], *extra),
            ).fetchall()
            held = [(a, parse_lots(text)[lot_id]) for a, text in accounts if lot_id in parse_lots(text)]
            retired = conn.exec_driver_sql(
                q(
                    self.pg,
                    "SELECT r.tid, r.beneficiary, r.amount FROM ledger_retirements r "
                    f"JOIN ledger_accounts a ON a.id = r.account_id WHERE r.lot_id = ?{mine} ORDER BY r.seq",
                ),
                (lot_id, *extra),
            ).fetchall()
            m = row._mapping
            commodity = self._commodity_by_id(int(m["commodity_id"]), conn)
            return Lot(
                id=int(m["id"]),
                commodity=commodity.name,
                unit=commodity.unit,
                amount=int(m["amount"]),
                origin=str(m["origin"]),
                meter=m["meter"],
                start_s=m["start_s"],
                end_s=m["end_s"],
                technology=m["technology"],
                location=m["location"],
                recipe=m["recipe"],
                conversion=m["conversion"],
                issued_to=self._account_by_id(int(m["account_id"]), conn).name,
                held={self._account_by_id(int(a), conn).name: int(v) for a, v in held},
                retired=tuple((str(t), str(b), int(a)) for t, b, a in retired),
                partial=owner is not None,
            )

    def lots_held(self, account: str) -> list[tuple[int, int]]:
        """``(lot id, amount)`` held by an account, oldest lot first."""
        found = self._account(account, "account")
        with self._read() as conn:
            row = conn.exec_driver_sql(
                q(self.pg, "SELECT lots FROM ledger_balances WHERE id = ?"), (found.id,)
            ).fetchone()
        return sorted(parse_lots("" if row is None else row[0] or "").items())

    def journal(
        self,
        *,
        account_ids: Sequence[int] | None = None,
        start_us: int | None = None,
        end_us: int | None = None,
        after_seq: int = 0,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Journal rows in order, optionally only those touching ``account_ids`` within ``[start_us, end_us)``."""
        t = model.journal
        query = select(t).where(t.c.seq > after_seq).order_by(t.c.seq)
        if start_us is not None:
            query = query.where(t.c.ts >= start_us)
        if end_us is not None:
            query = query.where(t.c.ts < end_us)
        if account_ids is not None:
            ids = list(account_ids)
            query = query.where(t.c.debit_id.in_(ids) | t.c.credit_id.in_(ids))
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            for row in conn.execute(query).fetchall():
                yield self._row_dict(row, conn)

    # -- invariants ----------------------------------------------------------------------------------------------
    def verify(self, *, anchor: tuple[int, str] | None = None) -> VerifyReport:
        """Check every invariant; see :mod:`wattsandtons.ledger.verify`. ``anchor`` = a ``(seq, hash)`` recorded
        earlier outside the database: the chain must still pass through it."""
        from wattsandtons.ledger.verify import verify

        with self._read() as conn:
            return verify(conn, self.pg, anchor=anchor)


# -- the write transaction --------------------------------------------------------------------------------------
class _Tx:
    """State of one write transaction: loaded balances, holdings and pendings, rows to append."""

    def __init__(
        self, ledger: Ledger, conn: Connection, cursor: Any, seq: int, head: str, ts: int, batches: int
    ) -> None:
        self.ledger = ledger
        self.conn = conn
        self.cursor = cursor
        self.pg = ledger.pg
        self.seq = seq
        self.first_seq = seq + 1
        self.hash = bytes.fromhex(head)
        self.ts = ts
        self.batch = batches + 1
        self.rows: list[tuple[Any, ...]] = []  # journal rows, as JOURNAL_COLUMNS
        self.bare_rows: list[tuple[Any, ...]] = []  # journal rows without ref and meta, as BARE_COLUMNS
        self.bal = ledger._balances  # loaded by load_balances, changed in place
        self.bal_dirty: set[int] = set()
        self.hold = ledger._holdings  # lot → amount, for asset accounts of lot-tracked commodities
        self.pend: dict[
            str, list[Any]
        ] = {}  # tid → [seq, debit, credit, amount, expires, state, resolved, new]
        self.pend_dirty: set[str] = set()
        self.lot_rows: list[tuple[Any, ...]] = []
        self.retire_rows: list[tuple[Any, ...]] = []
        self.meter_state: dict[int, list[Any]] = {}  # meter id → [last_end, readings, issued]
        self.new_accounts: dict[str, Account] = {}
        self.new_commodities: list[Commodity] = []
        self.new_meters: list[Meter] = []
        self.new_recipes: list[Recipe] = []
        self.expired = 0
        self.actor: str | None = None  # the owner this write is done for (None: a trusted caller)
        self.operator: str | None = None  # the meter operator this write is done for

    # -- plumbing ------------------------------------------------------------------------------------------------
    def exec(self, sql: str, params: Any = ()) -> list[Any]:
        """Run SQL on the transaction's DBAPI cursor (a list of parameter tuples runs ``executemany``)."""
        cursor = self.cursor
        if isinstance(params, list):
            cursor.executemany(q(self.pg, sql), params)
            return []
        cursor.execute(q(self.pg, sql), params)
        return list(cursor.fetchall()) if cursor.description else []

    def append(
        self,
        kind: str,
        tid: str,
        debit: int | None,
        credit: int | None,
        amount: int,
        ref: str | None,
        lots: str | None,
        meta: str | None,
    ) -> int:
        self.seq += 1
        digest = chain_hash(
            self.hash, self.seq, self.batch, kind, tid, debit, credit, amount, ref, self.ts, lots, meta
        )
        row = (self.seq, self.batch, kind, tid, debit, credit, amount)
        if ref is None and meta is None:
            self.bare_rows.append((*row, self.ts, lots, bytearray(digest)))
        else:
            self.rows.append((*row, ref, self.ts, lots, meta, bytearray(digest)))
        self.hash = digest
        return self.seq

    def account(self, name: str, field: str) -> Account:
        found = self.new_accounts.get(name)
        return found if found is not None else self.ledger._account(name, field, self.conn)

    def load_balances(self, ids: set[int]) -> None:
        """Balances and holdings of ``ids`` from the database, unless the ledger's cache holds them."""
        missing = list(ids.difference(self.bal))
        for part in chunks(missing):
            cond, params = in_list(self.pg, "id", part)
            for row in self.exec(
                f"SELECT id, debits_posted, credits_posted, debits_pending, credits_pending, lots "
                f"FROM ledger_balances WHERE {cond}",
                params,
            ):
                self.bal[row[0]] = [row[1], row[2], row[3], row[4]]
                if row[5] is not None:
                    self.hold[row[0]] = parse_lots(row[5])
        assert len(missing) == 0 or all(i in self.bal for i in missing), (
            "an account vanished in the transaction"
        )

    def load_holdings(self, accounts: list[Account]) -> None:
        self.load_balances({a.id for a in accounts})

    def lookup(self, tids: Sequence[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for part in chunks(list(tids)):
            cond, params = in_list(self.pg, "tid", part)
            for row in self.exec(
                f"SELECT tid, kind, debit_id, credit_id, amount, ref, meta, seq, batch FROM ledger_journal WHERE {cond}",
                params,
            ):
                found[row[0]] = row
        return found

    def load_pendings(self, tids: Sequence[str]) -> None:
        missing = [t for t in tids if t not in self.pend]
        for part in chunks(missing):
            cond, params = in_list(self.pg, "tid", part)
            for row in self.exec(
                f"SELECT tid, seq, debit_id, credit_id, amount, expires_at, state, resolved_amount "
                f"FROM ledger_pendings WHERE {cond}",
                params,
            ):
                self.pend[row[0]] = [row[1], row[2], row[3], row[4], row[5], row[6], row[7], False]

    def result(self, ids: Sequence[str], seqs: Sequence[int] | range) -> BatchResult:
        return BatchResult("created", tuple(ids), self.batch, tuple(seqs), self.seq, self.hash.hex())

    # -- moving value ----------------------------------------------------------------------------------------------
    def move_lots(self, debit: Account, credit: Account, amount: int, lot: int | None = None) -> str | None:
        """Move ``amount`` of lot holdings from debit to credit (oldest lot first, or only ``lot``)."""
        held = self.hold.get(debit.id)
        if held is None:
            return None
        into = self.hold.get(credit.id)  # None for sinks and loss accounts: lots leave circulation there
        if lot is not None:
            have = held.get(lot, 0)
            if have < amount:
                raise LedgerError(
                    "exceeds_lot",
                    f"{debit.name!r} holds {have:,} of lot {lot}, less than {amount:,}",
                    field="amount",
                    status=CONFLICT,
                )
            order: list[int] = [lot]
        elif len(held) == 1:
            order = list(held)
        else:
            order = sorted(held)
        parts = []
        remaining = amount
        for lot_id in order:
            have = held[lot_id]
            take = have if have < remaining else remaining
            if take == have:
                del held[lot_id]
            else:
                held[lot_id] = have - take
            if into is not None:
                into[lot_id] = into.get(lot_id, 0) + take
            parts.append(f"{lot_id}:{take}")
            remaining -= take
            if remaining == 0:
                break
        assert remaining == 0, f"holdings of {debit.name} fall short of its balance"
        return ",".join(parts)

    def post_debit(self, debit: Account, amount: int, field: str, pending: bool = False) -> list[int]:
        b = self.bal[debit.id]
        if debit.no_negative and b[0] + b[2] + amount > b[1]:
            raise LedgerError(
                "exceeds_balance",
                f"{debit.name!r} has {b[1] - b[0] - b[2]:,} available, less than {amount:,}",
                field=field,
                status=CONFLICT,
            )
        index = 2 if pending else 0
        if b[index] + amount > MAX_AMOUNT:
            raise LedgerError(
                "overflow", f"the debits of {debit.name!r} would overflow", field=field, status=CONFLICT
            )
        b[index] += amount
        self.bal_dirty.add(debit.id)
        return b

    def post_credit(self, credit: Account, amount: int, field: str, pending: bool = False) -> None:
        b = self.bal[credit.id]
        index = 3 if pending else 1
        if b[index] + amount > MAX_AMOUNT:
            raise LedgerError(
                "overflow", f"the credits of {credit.name!r} would overflow", field=field, status=CONFLICT
            )
        b[index] += amount
        self.bal_dirty.add(credit.id)

    # -- transfers -------------------------------------------------------------------------------------------------
    def run_transfers(self, ops: list[_Op]) -> BatchResult:
        existing = self.lookup([op.tid for op in ops])
        if existing:
            return self.already(ops, existing)
        refs = [op.pending_id for op in ops if op.pending_id is not None]
        if refs:
            self.load_pendings(refs)
        ids = {op.debit.id for op in ops if op.debit is not None and op.kind in ("transfer", "pending")}
        ids |= {op.credit.id for op in ops if op.credit is not None and op.kind in ("transfer", "pending")}
        for tid in refs:
            p = self.pend.get(tid)
            if p is not None:
                ids.add(p[1])
                ids.add(p[2])
        self.load_balances(ids)  # and the lots each holds
        seqs = []
        for op in ops:
            try:
                seqs.append(self.apply(op))
            except LedgerError as exc:
                raise exc.at(f"transfers[{op.index}]") from None
        return self.result([op.tid for op in ops], seqs)

    def run_plain(self, plain: list[tuple[str, Account, Account, int]]) -> BatchResult:
        """A batch that passed :meth:`Ledger._plain_batch`: posted transfers only, all new or refused.

        The ids are not looked up: the journal's unique index refuses one used before (the driver's
        ``IntegrityError`` at flush), and :meth:`Ledger.submit` then takes the general path, as for any refusal.
        """
        ids = {p[1].id for p in plain}
        ids.update(p[2].id for p in plain)
        self.load_balances(ids)  # and the lots each holds
        first = self.seq + 1
        self.plain_transfers(plain)
        self.bal_dirty.update(ids)
        return self.result([p[0] for p in plain], range(first, self.seq + 1))

    def plain_transfers(self, plain: list[tuple[str, Account, Account, int]]) -> None:
        """The hot path: posted transfers without metadata — the same rules as :meth:`apply`, in one tight loop.

        Checks: the actor owns the debit account, no-negative-balance and counter overflow (a refusal raises :class:`_NotPlain`, and the general path
        gives the reason); lots move oldest first; each row is hash-chained to the one before.
        """
        bal, hold, rows, actor = self.bal, self.hold, self.bare_rows, self.actor
        batch, ts, seq, digest = self.batch, self.ts, self.seq, self.hash
        # chain_hash's canonical row, its fields the same for the whole batch formatted once
        after_seq = f"\x1f{batch}\x1ftransfer\x1f"  # batch, kind
        after_amount = f"\x1f\x1f{ts}\x1f"  # ref (none), ts
        for tid, d, c, amount in plain:
            did, cid = d.id, c.id
            bd, bc = bal[did], bal[cid]
            if (
                (d.no_negative and bd[0] + bd[2] + amount > bd[1])
                or (actor is not None and d.owner != actor)
                or bd[0] + amount > MAX_AMOUNT
                or bc[1] + amount > MAX_AMOUNT
            ):
                raise _NotPlain(tid)
            bd[0] += amount
            bc[1] += amount
            held = hold.get(did)
            if held is None:
                lots = None
            elif len(held) == 1:
                ((lot_id, have),) = held.items()
                assert have >= amount, f"holdings of {d.name} fall short of its balance"
                if have == amount:
                    del held[lot_id]
                else:
                    held[lot_id] = have - amount
                into = hold[cid]
                into[lot_id] = into.get(lot_id, 0) + amount
                lots = f"{lot_id}:{amount}"
            else:
                lots = self.move_lots(d, c, amount)
            seq += 1
            digest = sha256(
                digest
                + f"\x1e{seq}{after_seq}{tid}\x1f{did}\x1f{cid}\x1f{amount}{after_amount}{lots or ''}\x1f".encode()
            ).digest()
            rows.append((seq, batch, "transfer", tid, did, cid, amount, ts, lots, bytearray(digest)))
        self.seq, self.hash = seq, digest

    def apply(self, op: _Op) -> int:
        if op.kind == "transfer":
            d, c, amount = op.debit, op.credit, op.amount
            assert d is not None and c is not None and amount is not None
            check_mover(self.actor, d, "debit_account")
            self.post_debit(d, amount, "amount")
            self.post_credit(c, amount, "amount")
            lots = self.move_lots(d, c, amount) if d.id in self.hold else None
            return self.append("transfer", op.tid, d.id, c.id, amount, None, lots, op.meta)
        if op.kind == "pending":
            d, c, amount = op.debit, op.credit, op.amount
            assert d is not None and c is not None and amount is not None
            check_mover(self.actor, d, "debit_account")
            self.post_debit(d, amount, "amount", pending=True)
            self.post_credit(c, amount, "amount", pending=True)
            seq = self.append("pending", op.tid, d.id, c.id, amount, None, None, op.meta)
            expires = None if op.timeout_s is None else self.ts + op.timeout_s * 1_000_000
            self.pend[op.tid] = [seq, d.id, c.id, amount, expires, "open", 0, True]
            self.pend_dirty.add(op.tid)
            return seq
        return self.resolve(op)

    def resolve(self, op: _Op) -> int:
        assert op.pending_id is not None
        p = self.pend.get(op.pending_id)
        if p is None:
            raise LedgerError(
                "pending_transfer_not_found", f"no pending transfer {op.pending_id!r}", field="pending_id"
            )
        if p[5] != "open":
            raise LedgerError(
                f"pending_transfer_already_{p[5]}",
                f"pending transfer {op.pending_id!r} was already {p[5]}",
                field="pending_id",
                status=CONFLICT,
            )
        d = self.ledger._account_by_id(p[1], self.conn)
        c = self.ledger._account_by_id(p[2], self.conn)
        check_resolver(self.actor, op.kind, op.pending_id, d, c, "pending_id")
        for given, actual, field in ((op.debit, d, "debit_account"), (op.credit, c, "credit_account")):
            if given is not None and given.id != actual.id:
                raise LedgerError(
                    "pending_mismatch",
                    f"pending transfer {op.pending_id!r} has {field} {actual.name!r}, not {given.name!r}",
                    field=field,
                )
        amount = p[3] if op.amount is None else op.amount
        if amount > p[3]:
            raise LedgerError(
                "exceeds_pending_amount",
                f"cannot post {amount:,}: pending transfer {op.pending_id!r} reserved {p[3]:,}",
                field="amount",
                status=CONFLICT,
            )
        self.release(p, d, c)
        lots = None
        if op.kind == "post":
            self.post_debit(d, amount, "amount")
            self.post_credit(c, amount, "amount")
            lots = self.move_lots(d, c, amount) if d.id in self.hold else None
            p[5], p[6] = "posted", amount
        else:
            p[5] = "voided"
            amount = p[3]
        self.pend_dirty.add(op.pending_id)
        return self.append(op.kind, op.tid, d.id, c.id, amount, op.pending_id, lots, op.meta)

    def release(self, p: list[Any], d: Account, c: Account) -> None:
        bd, bc = self.bal[d.id], self.bal[c.id]
        assert bd[2] >= p[3] and bc[3] >= p[3], "pending counters below an open reservation"
        bd[2] -= p[3]
        bc[3] -= p[3]
        self.bal_dirty.add(d.id)
        self.bal_dirty.add(c.id)

    def row_accounts(self, row: Any) -> tuple[Account | None, Account | None]:
        """The debit and credit accounts of a journal row from :meth:`lookup`."""
        by_id = self.ledger._account_by_id
        return (
            None if row[2] is None else by_id(int(row[2]), self.conn),
            None if row[3] is None else by_id(int(row[3]), self.conn),
        )

    def already(self, ops: Sequence[_Op], existing: Mapping[str, Any]) -> BatchResult:
        """The batch's ids exist: a faithful retry returns them unchanged; anything else is refused."""
        for op in ops:
            row = existing.get(op.tid)
            if row is not None and self.actor is not None:
                check_id_owner(self.actor, op.tid, *self.row_accounts(row), f"transfers[{op.index}].id")
        for op in ops:
            row = existing.get(op.tid)
            if row is None:
                raise LedgerError(
                    "batch_partially_exists",
                    f"some ids of this batch were applied before and {op.tid!r} was not: a retry must resend the "
                    "same batch",
                    field=f"transfers[{op.index}].id",
                    status=CONFLICT,
                )
            _compare(op, row)
        rows = [existing[op.tid] for op in ops]
        return BatchResult(
            "exists",
            tuple(op.tid for op in ops),
            int(rows[0][8]),
            tuple(int(r[7]) for r in rows),
            self.seq,
            self.hash.hex(),
        )

    def expire_due(self) -> None:
        rows = self.exec(
            "SELECT tid, seq, debit_id, credit_id, amount, expires_at, state, resolved_amount FROM ledger_pendings "
            "WHERE state = 'open' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, seq",
            (self.ts,),
        )
        if not rows:
            return
        for row in rows:
            self.pend[row[0]] = [row[1], row[2], row[3], row[4], row[5], row[6], row[7], False]
        self.load_balances({x for row in rows for x in (row[2], row[3])})
        for row in rows:
            p = self.pend[row[0]]
            d = self.ledger._account_by_id(p[1], self.conn)
            c = self.ledger._account_by_id(p[2], self.conn)
            self.release(p, d, c)
            p[5] = "expired"
            self.pend_dirty.add(row[0])
            self.append("expire", f"expire:{row[0]}", d.id, c.id, p[3], row[0], None, None)
            self.expired += 1

    # -- registration ------------------------------------------------------------------------------------------------
    def register(self, kind: str, name: str, definition: str, field: str = "name") -> Any:
        """Idempotent registration: returns the journal row if ``name`` is registered with this exact definition."""
        tid = f"{kind}:{name}"
        row = self.lookup([tid]).get(tid)
        if row is None:
            return None
        if row[6] != definition:
            raise LedgerError(
                "exists_with_different_fields",
                f"{kind} {name!r} is already registered with a different definition",
                field=field,
                status=CONFLICT,
            )
        return row

    def create_commodity(self, d: dict[str, Any]) -> Commodity:
        definition = _canonical_json(d)
        if self.register("commodity", d["name"], definition) is not None:
            return self.ledger._commodity(d["name"], "name", self.conn)
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_commodities")[0][0])
        seq = self.append(
            "commodity", f"commodity:{d['name']}", None, None, 0, str(next_id), None, definition
        )
        commodity = Commodity(
            next_id,
            d["name"],
            d["unit"],
            d["dimension"],
            d["si_per_unit"],
            d["energy_j_per_unit"],
            d["mass_kg_per_unit"],
            d["lots"],
            d["description"],
        )
        self.conn.execute(model.commodities.insert().values(id=next_id, seq=seq, **d))
        self.new_commodities.append(commodity)
        self.open_account(f"retired:{d['name']}", SYSTEM_OWNER, commodity, "sink", False, field="name")
        return commodity

    def open_account(
        self, name: str, owner: str, commodity: Commodity, kind: str, no_negative: bool, *, field: str
    ) -> Account:
        assert kind in KINDS
        definition = _canonical_json(
            {
                "name": name,
                "owner": owner,
                "commodity": commodity.name,
                "kind": kind,
                "no_negative": no_negative,
            }
        )
        made = self.new_accounts.get(name)
        if made is not None:
            if (made.owner, made.commodity, made.kind, made.no_negative) != (
                owner,
                commodity.name,
                kind,
                no_negative,
            ):
                raise LedgerError(
                    "exists_with_different_fields",
                    f"account {name!r} is opened twice",
                    field=field,
                    status=CONFLICT,
                )
            return made
        if self.register("account", name, definition, field) is not None:
            return self.account(name, field)
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_accounts")[0][0])
        next_id = max([next_id, *(a.id + 1 for a in self.new_accounts.values())])
        seq = self.append("account", f"account:{name}", None, None, 0, str(next_id), None, definition)
        tracked = commodity.lots and kind == "asset"
        self.exec(
            "INSERT INTO ledger_accounts (id, name, owner, commodity_id, kind, no_negative, seq) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (next_id, name, owner, commodity.id, kind, no_negative, seq),
        )
        self.exec(
            "INSERT INTO ledger_balances (id, debits_posted, credits_posted, debits_pending, credits_pending, lots) "
            "VALUES (?, 0, 0, 0, 0, ?)",
            (next_id, "" if tracked else None),
        )
        account = Account(next_id, name, owner, commodity.name, commodity.id, kind, no_negative)
        self.new_accounts[name] = account
        self.bal[next_id] = [0, 0, 0, 0]
        if tracked:
            self.hold[next_id] = {}
        return account

    def register_meter(self, d: dict[str, Any]) -> Meter:
        definition = _canonical_json(d)
        if self.register("meter", d["name"], definition) is not None:
            return self.ledger._meter(d["name"], "name", self.conn)
        if self.lookup([f"account:meter:{d['name']}"]):
            raise LedgerError(
                "name_taken", f"account 'meter:{d['name']}' exists", field="name", status=CONFLICT
            )
        commodity = self.ledger._commodity(d["commodity"], "account", self.conn)
        source = self.open_account(
            f"meter:{d['name']}", SYSTEM_OWNER, commodity, "source", False, field="name"
        )
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_meters")[0][0])
        seq = self.append("meter", f"meter:{d['name']}", None, None, 0, str(next_id), None, definition)
        values = {k: v for k, v in d.items() if k != "commodity"}
        self.conn.execute(
            model.meters.insert().values(
                id=next_id,
                source_id=source.id,
                commodity_id=commodity.id,
                last_end_s=None,
                readings=0,
                issued=0,
                seq=seq,
                **values,
            )
        )
        account = self.ledger._account_by_id(d["account_id"], self.conn)
        meter = Meter(
            next_id,
            d["name"],
            d["owner"],
            d["operator"],
            account.name,
            source.name,
            commodity.name,
            d["capacity"],
            d["capacity_units_per_s"],
            d["technology"],
            d["location"],
            d["device"],
            d["start_s"],
        )
        self.new_meters.append(meter)
        return meter

    def register_recipe(self, recipe: Recipe) -> Recipe:
        definition = recipe.canonical()
        if self.register("recipe", recipe.name, definition) is not None:
            return self.ledger._recipe(recipe.name, "name", self.conn)
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_recipes")[0][0])
        for c in recipe.inputs:
            commodity = self.ledger._commodity(c, f"inputs.{c}", self.conn)
            self.open_account(
                f"recipe:{recipe.name}:in:{c}", SYSTEM_OWNER, commodity, "sink", False, field="name"
            )
            if recipe.loss.get(c, 0) > 0:
                self.open_account(
                    f"recipe:{recipe.name}:loss:{c}", SYSTEM_OWNER, commodity, "loss", False, field="name"
                )
        for c in recipe.outputs:
            commodity = self.ledger._commodity(c, f"outputs.{c}", self.conn)
            self.open_account(
                f"recipe:{recipe.name}:out:{c}", SYSTEM_OWNER, commodity, "source", False, field="name"
            )
        seq = self.append("recipe", f"recipe:{recipe.name}", None, None, 0, str(next_id), None, definition)
        self.exec(
            "INSERT INTO ledger_recipes (id, name, definition, seq) VALUES (?, ?, ?, ?)",
            (next_id, recipe.name, definition, seq),
        )
        made = Recipe(
            next_id,
            recipe.name,
            recipe.inputs,
            recipe.outputs,
            recipe.loss,
            recipe.description,
            recipe.source,
        )
        self.new_recipes.append(made)
        return made

    # -- issuance, conversion, retirement ------------------------------------------------------------------------
    def readings(self, prepared: Sequence[tuple[Meter, int, int, int]]) -> list[Lot | None]:
        """Readings in order; the lots they issue (``None`` for a zero reading or a commodity without lots).

        Linear in the number of readings: the ids are looked up in one pass, and each lot is built from what the
        transaction knows rather than read back."""
        existing = self.lookup([f"reading:{m.name}:{start}" for m, start, _, _ in prepared])
        lots = []
        for index, args in enumerate(prepared):
            try:
                lots.append(self.reading(*args, existing))
            except LedgerError as exc:
                raise exc.at(f"readings[{index}]") from None
        return lots

    def reading(
        self, meter: Meter, start: int, end: int, amount: int, existing: Mapping[str, Any]
    ) -> Lot | None:
        check_operator(self.operator, meter, "meter")
        tid = f"reading:{meter.name}:{start}"
        row = existing.get(tid)
        if row is not None:
            same = json.loads(row[6]) == {"start": start, "end": end} and int(row[4]) == amount
            raise LedgerError(
                "duplicate_reading" if same else "overlapping_reading",
                f"meter {meter.name!r} already has a reading starting at {_when(start)}"
                + (" (identical; nothing issued twice)" if same else " with different values"),
                field="start",
                status=CONFLICT,
            )
        state = self.meter_state.get(meter.id)
        if state is None:
            found = self.exec(
                "SELECT last_end_s, readings, issued FROM ledger_meters WHERE id = ?", (meter.id,)
            )[0]
            state = self.meter_state[meter.id] = [found[0], found[1], found[2]]
        _check_sequence(meter, state[0], start)
        source = self.ledger._account(meter.source, "meter", self.conn)
        account = self.ledger._account(meter.account, "meter", self.conn)
        self.load_balances({source.id, account.id})
        self.load_holdings([account])
        meta = _canonical_json({"start": start, "end": end})
        lot = None
        if amount > 0:
            self.post_debit(source, amount, "amount")
            self.post_credit(account, amount, "amount")
        lots = f"{self.seq + 1}:{amount}" if amount > 0 and account.id in self.hold else None
        seq = self.append("reading", tid, source.id, account.id, amount, meter.name, lots, meta)
        if lots is not None:
            commodity = self.ledger._commodity_by_id(account.commodity_id, self.conn)
            lot = Lot(seq, commodity.name, commodity.unit, amount, "meter", meter.name, start, end,
                      meter.technology, meter.location, None, None, account.name, {account.name: amount})  # fmt: skip
            self.hold[account.id][seq] = amount
            self.lot_rows.append(
                (
                    seq,
                    account.commodity_id,
                    amount,
                    "meter",
                    meter.name,
                    start,
                    end,
                    meter.technology,
                    meter.location,
                    None,
                    None,
                    account.id,
                    seq,
                )
            )
        state[0], state[1], state[2] = end, state[1] + 1, state[2] + amount
        return lot

    def convert(self, plan: dict[str, Any]) -> BatchResult:
        tid = plan["tid"]
        row = self.lookup([tid]).get(tid)
        if row is not None:
            check_id_owner(self.actor, tid, *self.row_accounts(row), "id")
            if row[1] != "convert" or row[6] != plan["meta"]:
                raise LedgerError(
                    "exists_with_different_fields",
                    f"id {tid!r} was used for a different request",
                    field="id",
                    status=CONFLICT,
                )
            return BatchResult("exists", (tid,), int(row[8]), (int(row[7]),), self.seq, self.hash.hex())
        recipe: Recipe = plan["recipe"]
        accounts: dict[str, Account] = plan["accounts"]
        for name, account in accounts.items():
            check_mover(self.actor, account, f"accounts.{name}")
        names = [f"recipe:{recipe.name}:in:{c}" for c in recipe.inputs]
        names += [f"recipe:{recipe.name}:loss:{c}" for c in recipe.inputs if recipe.loss.get(c, 0) > 0]
        names += [f"recipe:{recipe.name}:out:{c}" for c in recipe.outputs]
        system = {name: self.ledger._account(name, "recipe", self.conn) for name in names}
        everything = [*accounts.values(), *system.values()]
        self.load_balances({a.id for a in everything})
        self.load_holdings(everything)
        legs: list[tuple[Account, Account, int]] = []
        for c, amount in plan["inputs"].items():
            lost = math.ceil(amount * recipe.loss.get(c, Fraction(0)))
            if amount - lost > 0:
                legs.append((accounts[c], system[f"recipe:{recipe.name}:in:{c}"], amount - lost))
            if lost > 0:
                legs.append((accounts[c], system[f"recipe:{recipe.name}:loss:{c}"], lost))
        for c, amount in plan["outputs"].items():
            legs.append((system[f"recipe:{recipe.name}:out:{c}"], accounts[c], amount))
        seqs = []
        for n, (d, c, amount) in enumerate(legs):
            leg_tid = tid if n == 0 else f"{tid}:{n}"
            self.post_debit(d, amount, f"accounts.{d.commodity}")
            self.post_credit(c, amount, f"accounts.{c.commodity}")
            if d.kind == "source":
                lots = f"{self.seq + 1}:{amount}" if c.id in self.hold else None
                if lots is not None:
                    self.hold[c.id][self.seq + 1] = amount
                    self.lot_rows.append(
                        (
                            self.seq + 1,
                            c.commodity_id,
                            amount,
                            "conversion",
                            None,
                            None,
                            None,
                            f"conversion:{recipe.name}",
                            None,
                            recipe.name,
                            tid,
                            c.id,
                            self.seq + 1,
                        )
                    )
            else:
                lots = self.move_lots(d, c, amount) if d.id in self.hold else None
            seqs.append(
                self.append(
                    "convert", leg_tid, d.id, c.id, amount, tid, lots, plan["meta"] if n == 0 else None
                )
            )
        return self.result([tid], seqs)

    def retire(self, tid: str, account: Account, amount: int, meta: str, lot: int | None) -> BatchResult:
        row = self.lookup([tid]).get(tid)
        if row is not None:
            check_id_owner(self.actor, tid, *self.row_accounts(row), "id")
            if row[1] != "retire" or row[2] != account.id or int(row[4]) != amount or row[6] != meta:
                raise LedgerError(
                    "exists_with_different_fields",
                    f"id {tid!r} was used for a different request",
                    field="id",
                    status=CONFLICT,
                )
            return BatchResult("exists", (tid,), int(row[8]), (int(row[7]),), self.seq, self.hash.hex())
        check_mover(self.actor, account, "account")
        sink = self.ledger._account(f"retired:{account.commodity}", "account", self.conn)
        self.load_balances({account.id, sink.id})
        self.load_holdings([account, sink])
        self.post_debit(account, amount, "amount")
        self.post_credit(sink, amount, "amount")
        lots = self.move_lots(account, sink, amount, lot) if account.id in self.hold else None
        seq = self.append("retire", tid, account.id, sink.id, amount, None, lots, meta)
        beneficiary = json.loads(meta)["beneficiary"]
        for part in (lots or "").split(","):
            if part:
                lot_id, moved = part.split(":")
                self.retire_rows.append((tid, int(lot_id), account.id, int(moved), beneficiary, seq))
        return self.result([tid], [seq])

    # -- flush -------------------------------------------------------------------------------------------------------
    def flush(self) -> None:
        if not self.rows and not self.bare_rows:
            return
        if self.bal_dirty:
            bal, hold = self.bal, self.hold
            params = []
            for i in self.bal_dirty:
                b = bal[i]
                held = hold.get(i)
                if held is None:
                    text = None
                elif len(held) == 1:
                    ((lot, amount),) = held.items()
                    text = f"{lot}:{amount}"
                else:
                    text = format_lots(held)
                params.append((b[0], b[1], b[2], b[3], text, i))
            if self.pg:  # one set-based statement, whatever the number of rows
                dp, cp, dpend, cpend, texts, ids = (list(column) for column in zip(*params, strict=True))
                self.cursor.execute(
                    "UPDATE ledger_balances AS b SET debits_posted = v.dp, credits_posted = v.cp, "
                    "debits_pending = v.dpend, credits_pending = v.cpend, lots = v.lots "
                    "FROM unnest(%b::integer[], %b::bigint[], %b::bigint[], %b::bigint[], %b::bigint[], %b::text[]) "
                    "AS v(id, dp, cp, dpend, cpend, lots) WHERE b.id = v.id",
                    (ids, dp, cp, dpend, cpend, texts),
                )
            else:  # every id exists, so the upsert only ever updates: a multi-row statement at a time
                bulk_values(
                    self.cursor,
                    False,
                    "INSERT INTO ledger_balances (debits_posted, credits_posted, debits_pending, credits_pending, "
                    "lots, id)",
                    params,
                    tail=" ON CONFLICT (id) DO UPDATE SET debits_posted = excluded.debits_posted, "
                    "credits_posted = excluded.credits_posted, debits_pending = excluded.debits_pending, "
                    "credits_pending = excluded.credits_pending, lots = excluded.lots",
                )
        self.flush_pendings()
        if self.lot_rows:
            self.exec(
                "INSERT INTO ledger_lots (id, commodity_id, amount, origin, meter, start_s, end_s, technology, "
                "location, recipe, conversion, account_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.lot_rows,
            )
        if self.retire_rows:
            self.exec(
                "INSERT INTO ledger_retirements (tid, lot_id, account_id, amount, beneficiary, seq) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                self.retire_rows,
            )
        for meter_id, (last_end, readings, issued) in self.meter_state.items():
            self.exec(
                "UPDATE ledger_meters SET last_end_s = ?, readings = ?, issued = ? WHERE id = ?",
                (last_end, readings, issued, meter_id),
            )
        for columns, rows in ((JOURNAL_COLUMNS, self.rows), (BARE_COLUMNS, self.bare_rows)):
            if not rows:
                continue
            if self.pg and len(rows) > BULK_ROWS:  # COPY: the bulk path of PostgreSQL
                with self.cursor.copy(f"COPY ledger_journal ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                bulk_values(self.cursor, self.pg, f"INSERT INTO ledger_journal ({columns})", rows)
        self.exec(
            "UPDATE ledger_meta SET head_seq = ?, head_hash = ?, last_ts = ?, batches = ? WHERE id = 1",
            (self.seq, self.hash.hex(), self.ts, self.batch),
        )

    def flush_pendings(self) -> None:
        inserts = []
        updates = []
        for tid in self.pend_dirty:
            seq, debit, credit, amount, expires, state, resolved, new = self.pend[tid]
            if new:
                inserts.append((tid, seq, debit, credit, amount, expires, state, resolved))
            else:
                updates.append((state, resolved, tid))
        if inserts:
            self.exec(
                "INSERT INTO ledger_pendings (tid, seq, debit_id, credit_id, amount, expires_at, state, "
                "resolved_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                inserts,
            )
        if updates:
            self.exec("UPDATE ledger_pendings SET state = ?, resolved_amount = ? WHERE tid = ?", updates)

    def publish(self) -> None:
        """After commit: remember the new immutable definitions, and that the cached balances are at the new head."""
        ledger = self.ledger
        for commodity in self.new_commodities:
            ledger._commodities[commodity.name] = commodity
            ledger._commodities_by_id[commodity.id] = commodity
        for account in self.new_accounts.values():
            ledger._accounts[account.name] = account
            ledger._accounts_by_id[account.id] = account
        for meter in self.new_meters:
            ledger._meters[meter.name] = meter
        for recipe in self.new_recipes:
            ledger._recipes[recipe.name] = recipe
        ledger._state_head = self.seq


# -- helpers -------------------------------------------------------------------------------------------------------
class _NotPlain(Exception):
    """A batch on the fast path would be refused: roll back and take the general path."""


_WITH_BALANCES = (
    "SELECT a.id, a.name, a.owner, a.commodity_id, a.kind, a.no_negative, a.seq, b.debits_posted, b.credits_posted, "
    "b.debits_pending, b.credits_pending, b.lots FROM ledger_accounts a JOIN ledger_balances b ON b.id = a.id"
)


def parse_lots(text: str) -> dict[int, int]:
    """``"3:100,7:20"`` → ``{3: 100, 7: 20}`` (lot → amount held, by lot id)."""
    held: dict[int, int] = {}
    if text:
        for part in text.split(","):
            lot, amount = part.split(":")
            held[int(lot)] = int(amount)
    return held


def format_lots(held: Mapping[int, int]) -> str:
    if len(held) == 1:
        for lot, amount in held.items():
            return f"{lot}:{amount}"
    return ",".join(f"{lot}:{held[lot]}" for lot in sorted(held))


def _compare(op: _Op, row: Any) -> None:
    """Refuse an id reused with different fields (TigerBeetle's ``exists_with_different_…``)."""
    field = None
    if row[1] != op.kind:
        field = "kind"
    elif op.debit is not None and row[2] != op.debit.id:
        field = "debit_account"
    elif op.credit is not None and row[3] != op.credit.id:
        field = "credit_account"
    elif op.amount is not None and int(row[4]) != op.amount:
        field = "amount"
    elif row[5] != op.pending_id:
        field = "pending_id"
    elif row[6] != op.meta:
        before = json.loads(row[6]) if row[6] else {}
        after = json.loads(op.meta) if op.meta else {}
        field = "timeout_s" if before.get("timeout_s") != after.get("timeout_s") else "metadata"
        if before.get("full") != after.get("full"):
            field = "amount"
    if field is not None:
        raise LedgerError(
            f"exists_with_different_{field}",
            f"id {op.tid!r} was already used for a transfer with a different {field.replace('_', ' ')}",
            field=f"transfers[{op.index}].{field}",
            status=CONFLICT,
        )


def _when(seconds: int) -> str:
    """Unix seconds as ISO 8601 UTC, for messages: ``2025-06-01T03:00:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _check_sequence(meter: Meter, last_end: int | None, start: int) -> None:
    if last_end is None:
        return  # the first reading: not before commissioning (checked with the request)
    if start < last_end:
        raise LedgerError(
            "overlapping_reading",
            f"meter {meter.name!r} is read up to {_when(last_end)}; a reading from {_when(start)} overlaps it",
            field="start",
            status=CONFLICT,
        )
    if start > last_end:
        raise LedgerError(
            "reading_gap",
            f"meter {meter.name!r} is read up to {_when(last_end)}; the next reading must start there, not at "
            f"{_when(start)} "
            "(send a zero reading for an interval without production)",
            field="start",
            status=CONFLICT,
        )


def _commodity_from_row(row: Any) -> Commodity:
    m = row._mapping
    return Commodity(
        id=int(m["id"]),
        name=str(m["name"]),
        unit=str(m["unit"]),
        dimension=str(m["dimension"]),
        si_per_unit=float(m["si_per_unit"]),
        energy_j_per_unit=None if m["energy_j_per_unit"] is None else float(m["energy_j_per_unit"]),
        mass_kg_per_unit=None if m["mass_kg_per_unit"] is None else float(m["mass_kg_per_unit"]),
        lots=bool(m["lots"]),
        description=m["description"],
    )


def _commodity_definition(
    name: str,
    unit: str | None,
    dimension: str | None,
    mass_per_unit: str | None,
    energy_per_unit: str | None,
    lots: bool,
    description: str | None,
) -> dict[str, Any]:
    _check_name(name, "name")
    from wattsandtons.units import dimensionality, ureg

    if unit is None:
        if dimension is None or dimension not in DEFAULT_SMALLEST:
            raise LedgerError(
                "invalid_unit", "give the smallest unit (e.g. 'Wh', 'g', 'piece')", field="unit"
            )
        unit = DEFAULT_SMALLEST[dimension]
    if not isinstance(unit, str) or not re.fullmatch(r"[A-Za-zµμ][A-Za-zµμ0-9_]{0,31}", unit):
        raise LedgerError("invalid_unit", f"invalid unit {unit!r}", field="unit")
    try:
        parsed = ureg.parse_units(unit)
    except Exception:
        raise LedgerError("invalid_unit", f"unknown unit {unit!r}", field="unit") from None
    dim = str(parsed.dimensionality) if parsed.dimensionality else "[]"
    if dimension is not None and dimensionality(dimension) != parsed.dimensionality:
        raise LedgerError("invalid_unit", f"{unit!r} is not a unit of {dimension}", field="unit")
    si = float(ureg.Quantity(1.0, parsed).to_base_units().magnitude)
    energy = si if parsed.dimensionality == dimensionality("[energy]") else None
    mass = si if parsed.dimensionality == dimensionality("[mass]") else None
    if mass_per_unit is not None:
        if mass is not None:
            raise LedgerError(
                "invalid_field", "a mass commodity has no separate mass per unit", field="mass_per_unit"
            )
        mass = _positive_si(mass_per_unit, "[mass]", "mass_per_unit")
    if energy_per_unit is not None:
        if energy is not None:
            raise LedgerError(
                "invalid_field",
                "an energy commodity has no separate energy per unit",
                field="energy_per_unit",
            )
        energy = _positive_si(energy_per_unit, "[energy]", "energy_per_unit")
    if not isinstance(lots, bool):
        raise LedgerError("invalid_flag", "lots must be true or false", field="lots")
    if description is not None and (
        not isinstance(description, str) or len(description) > 1000 or not _storable(description)
    ):
        raise LedgerError(
            "invalid_text", "description must be text up to 1000 characters", field="description"
        )
    return {
        "name": name,
        "unit": unit,
        "dimension": dim,
        "si_per_unit": si,
        "energy_j_per_unit": energy,
        "mass_kg_per_unit": mass,
        "lots": lots,
        "description": description,
    }


def _positive_si(value: object, dimension: str, field: str) -> float:
    from wattsandtons.units import to_si

    if not isinstance(value, str):
        raise LedgerError("invalid_amount", f"{field} must be a quantity such as '20 kg'", field=field)
    try:
        si = to_si(value, dimension)
    except UnitError as exc:
        raise LedgerError("invalid_amount", str(exc), field=field) from None
    if not si > 0:
        raise LedgerError("invalid_amount", f"{field} must be positive", field=field)
    return si


def _capacity_units_per_s(capacity: object, commodity: Commodity) -> float:
    from wattsandtons.units import dimension_name, dimensionality, to_si

    if not isinstance(capacity, str):
        raise LedgerError("invalid_capacity", "capacity must be a rate such as '5 MW'", field="capacity")
    rate_dim = f"{commodity.dimension} / [time]" if commodity.dimension != "[]" else "1 / [time]"
    try:
        si = to_si(capacity, rate_dim)
    except UnitError as exc:
        raise LedgerError(
            "invalid_capacity",
            f"{exc} — a meter of {commodity.name} needs a capacity in "
            f"{dimension_name(dimensionality(rate_dim))}, e.g. '5 MW' or '2 t/h'",
            field="capacity",
        ) from None
    if not 0 < si < 1e30:
        raise LedgerError("invalid_capacity", "capacity must be positive", field="capacity")
    return si / commodity.si_per_unit


def _recipe_losses(
    ledger: Ledger,
    ins: Mapping[str, Fraction],
    outs: Mapping[str, Fraction],
    loss: Mapping[str, float | str] | None,
    efficiency: float | str | None,
) -> dict[str, Fraction]:
    energy_in, energy_out, mass_in, mass_out = _carried(ledger, ins, outs)
    losses: dict[str, Fraction] = {}
    if efficiency is not None:
        kept = _unit_fraction(efficiency, "efficiency")
        energy_share = kept
    else:
        energy_share = energy_out / energy_in if energy_in > 0 else Fraction(0)
    mass_share = mass_out / mass_in if mass_in > 0 else Fraction(0)
    for c in ins:
        commodity = ledger._commodity(c, f"inputs.{c}")
        if commodity.energy_j_per_unit is not None:
            losses[c] = 1 - min(energy_share, Fraction(1))
        elif commodity.mass_kg_per_unit is not None:
            losses[c] = 1 - min(mass_share, Fraction(1))
    for c, value in (loss or {}).items():
        if c not in ins:
            raise LedgerError("invalid_recipe", f"loss names {c!r}, which is not an input", field=f"loss.{c}")
        losses[c] = _unit_fraction(value, f"loss.{c}")
    return {c: v for c, v in losses.items() if v > 0}


def _unit_fraction(value: object, field: str) -> Fraction:
    try:
        if isinstance(value, bool):
            raise ValueError
        fraction = Fraction(str(value).strip()).limit_denominator(10**12)
    except (ValueError, ZeroDivisionError):
        raise LedgerError("invalid_fraction", f"{field} must be a number from 0 to 1", field=field) from None
    if not 0 <= fraction <= 1:
        raise LedgerError("invalid_fraction", f"{field} must be from 0 to 1, got {value!r}", field=field)
    return fraction


def _carried(
    ledger: Ledger, ins: Mapping[str, Fraction], outs: Mapping[str, Fraction]
) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    def total(flows: Mapping[str, Fraction], attribute: str) -> Fraction:
        out = Fraction(0)
        for c, ratio in flows.items():
            per_unit = getattr(ledger._commodity(c, c), attribute)
            if per_unit is not None:
                out += ratio * _fraction_of(per_unit)
        return out

    return (
        total(ins, "energy_j_per_unit"),
        total(outs, "energy_j_per_unit"),
        total(ins, "mass_kg_per_unit"),
        total(outs, "mass_kg_per_unit"),
    )


def _check_conservation(
    ledger: Ledger, ins: Mapping[str, Fraction], outs: Mapping[str, Fraction], losses: Mapping[str, Fraction]
) -> None:
    for attribute, what in (("energy_j_per_unit", "energy"), ("mass_kg_per_unit", "mass")):
        kept = Fraction(0)
        carried = Fraction(0)
        for c, ratio in ins.items():
            per_unit = getattr(ledger._commodity(c, c), attribute)
            if per_unit is not None:
                kept += ratio * (1 - losses.get(c, Fraction(0))) * _fraction_of(per_unit)
        for c, ratio in outs.items():
            per_unit = getattr(ledger._commodity(c, c), attribute)
            if per_unit is not None:
                carried += ratio * _fraction_of(per_unit)
        if carried > kept * (1 + Fraction(1, 10**9)):
            unit = "J" if what == "energy" else "kg"
            raise LedgerError(
                "creates_" + what,
                f"the outputs carry {float(carried):.6g} {unit} of {what} per unit of activity but the inputs keep "
                f"only {float(kept):.6g} {unit} after losses: a conversion cannot create {what}",
                field="outputs",
            )
