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

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Engine, inspect

from wattsandtons.ledger import model
from wattsandtons.ledger.bridge import commodities_from_scenario, recipe_from_scenario
from wattsandtons.ledger.catalog import Catalog
from wattsandtons.ledger.conversions import ConversionTx, plan_conversion
from wattsandtons.ledger.errors import CONFLICT, LedgerError
from wattsandtons.ledger.group import GroupCommit
from wattsandtons.ledger.limits import DEFAULT_URL, MAX_BATCH, MAX_READINGS
from wattsandtons.ledger.metering import MeteringTx, prepare_reading
from wattsandtons.ledger.posting import GroupRefusal, HotState, NotPlain, Plain
from wattsandtons.ledger.quantities import parse_amount
from wattsandtons.ledger.reads import LedgerReads
from wattsandtons.ledger.registry import (
    RegistryTx,
    account_spec,
    build_recipe,
    commodity_definition,
    meter_definition,
)
from wattsandtons.ledger.rules import (
    Reading,
    backdate_window,
    canonical_json,
    check_batch,
    check_id,
    check_text,
)
from wattsandtons.ledger.store import GENESIS_HEX, make_engine
from wattsandtons.ledger.transfers import plain_batch, prepare_transfers
from wattsandtons.ledger.types import Account, BatchResult, Commodity, Lot, Meter, Recipe, Transfer

__all__ = ["DEFAULT_URL", "Ledger", "Reading"]


T = TypeVar("T")


class WriteTx(RegistryTx, MeteringTx, ConversionTx):
    """A write transaction with every operation: posting (:mod:`~wattsandtons.ledger.posting`), registration,
    metering and lots, conversions."""


class Ledger(LedgerReads):
    """A ledger in a database (SQLite file by default, PostgreSQL by URL).

    The reads come from :class:`~wattsandtons.ledger.reads.LedgerReads`; lookups by name from :attr:`catalog`.

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
        self.backdate_s = backdate_window(backdate_s)
        self.engine: Engine = make_engine(url)
        self.pg = self.engine.dialect.name == "postgresql"
        self._integrity_error: type[Exception] = self.engine.dialect.loaded_dbapi.IntegrityError
        self._clock = clock
        self._lock = threading.RLock()  # one writer per process; the database serialises processes
        self.catalog = Catalog(self.engine, self.pg)
        self.state = HotState()
        #: group commit of plain batches (``submit(..., group=True)``): see :mod:`wattsandtons.ledger.group`
        self.group: GroupCommit[tuple[list[Plain], str | None], BatchResult | None] = GroupCommit(
            self._lock, self._commit_group, limit=MAX_BATCH
        )
        if create:
            self.init()

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
        return int(self.clock() * 1_000_000)

    def clock(self) -> float:
        """The ledger's clock: Unix seconds."""
        return self._clock()

    def _write(
        self, fn: Callable[[WriteTx], T], *, actor: str | None = None, operator: str | None = None
    ) -> T:
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
                if seq != self.state.head or len(self.state.balances) > 1_000_000:
                    self._forget_state()  # another process wrote (cached balances are stale), or too many
                    self.state.head = seq
                ts = max(self.now_us(), int(head[2]))  # journal time never goes backwards
                tx = WriteTx(self, conn, cursor, seq, str(head[1]), ts, int(head[3]))
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

    def _commit_group(self, items: list[tuple[list[Plain], str | None]]) -> list[BatchResult | None]:
        """Commit a group of plain batches in one transaction. ``None`` for a batch that must go alone: one
        the rules refuse (the group is re-run without it, so it cannot fail the others), or every batch when an
        id was used before (a retry: the journal's unique index refused the whole group)."""
        outcomes: list[BatchResult | None] = [None] * len(items)
        todo = list(range(len(items)))
        while todo:
            try:
                results = self._write(lambda tx: tx.run_group([items[k] for k in todo]))
            except GroupRefusal as refusal:
                del todo[refusal.index]
                continue
            except self._integrity_error:
                return outcomes
            for k, result in zip(todo, results, strict=True):
                outcomes[k] = result
            break
        return outcomes

    def _forget_state(self) -> None:
        self.state.forget()

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
        definition = commodity_definition(
            name, unit, dimension, mass_per_unit, energy_per_unit, lots, description
        )
        return self._write(lambda tx: tx.create_commodity(definition))

    def create_account(
        self, name: str, owner: str, commodity: str, *, kind: str = "asset", no_negative: bool = True
    ) -> Account:
        """Open an ``asset`` account for ``owner`` in ``commodity`` (system accounts are opened automatically)."""
        found = account_spec(self, name, owner, commodity, kind, no_negative)
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
                found = account_spec(
                    self, spec.get("name"), spec.get("owner"), spec.get("commodity"), kind, no_negative
                )
            except LedgerError as exc:
                raise exc.at(f"accounts[{index}]") from None
            prepared.append(
                (spec["name"], spec["owner"], found, kind, no_negative, f"accounts[{index}].name")
            )
        return self._write(lambda tx: [tx.open_account(*p[:5], field=p[5]) for p in prepared])

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
        definition = meter_definition(
            self, name, owner, account, capacity, location, technology, device, operator, start_s
        )
        return self._write(lambda tx: tx.register_meter(definition))

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
        recipe = build_recipe(self, name, inputs, outputs, loss, efficiency, description, source)
        return self._write(lambda tx: tx.register_recipe(recipe))

    def register_recipe_from_scenario(
        self, scenario: Any, process: str, *, name: str | None = None
    ) -> Recipe:
        """Register a scenario process as a recipe (see :func:`wattsandtons.ledger.bridge.recipe_from_scenario`)."""
        return recipe_from_scenario(self, scenario, process, name=name)

    def commodities_from_scenario(self, scenario: Any) -> list[Commodity]:
        """Register the scenario's commodities (see :func:`wattsandtons.ledger.bridge.commodities_from_scenario`)."""
        return commodities_from_scenario(self, scenario)

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
        group: bool = False,
    ) -> BatchResult:
        """Apply a linked batch of transfers, all or nothing, in order (each sees the previous one's effect).

        Items are :class:`Transfer` objects, mappings with the same fields, or ``(id, debit, credit, amount)`` tuples for
        posted transfers. Retrying a batch whose ids were all applied with the same fields returns
        ``status="exists"`` and changes nothing; an id reused with different fields is refused
        (``exists_with_different_…``). With ``actor`` (an owner), the owner's permissions are checked inside the
        write transaction (:mod:`wattsandtons.ledger.access`).

        With ``group``, a batch of plain posted transfers is committed together with the other threads' batches
        queued meanwhile (group commit, :mod:`wattsandtons.ledger.group`): the same rules and answers, one
        transaction and one ``fsync`` for the group; the call returns once its group has committed.
        """
        plain = plain_batch(self, transfers)
        if plain is not None:
            if group:
                done = self.group.submit((plain, actor), len(plain))
                if done is not None:
                    return done
            try:
                return self._write(lambda tx: tx.run_plain(plain), actor=actor)
            except (NotPlain, self._integrity_error):
                pass  # refused, or an id used before: rolled back; the general path gives the precise answer
        ops = prepare_transfers(self, transfers)
        return self._write(lambda tx: tx.run_transfers(ops), actor=actor)

    def submit_many(
        self,
        requests: Sequence[
            tuple[Sequence[Transfer | Mapping[str, Any] | tuple[str, str, str, int]], str | None]
        ],
    ) -> list[BatchResult | LedgerError]:
        """Several independent batches ``(transfers, actor)`` — each all or nothing, as :meth:`submit` — with the
        plain ones committed in one transaction (group commit). One outcome per batch, in order: its result, or
        the :class:`LedgerError` that refused it (a refusal never fails the others)."""
        outcomes: list[BatchResult | LedgerError | None] = [None] * len(requests)
        plain: list[int] = []
        items: list[tuple[list[Plain], str | None]] = []
        for k, (transfers, actor) in enumerate(requests):
            found = plain_batch(self, transfers)
            if found is not None:
                plain.append(k)
                items.append((found, actor))
        if items:
            with self._lock:
                for k, result in zip(plain, self._commit_group(items), strict=True):
                    outcomes[k] = result
        for k, (transfers, actor) in enumerate(requests):
            if outcomes[k] is None:  # not plain, refused in the group, or an id used before: alone
                try:
                    outcomes[k] = self.submit(transfers, actor=actor)
                except LedgerError as exc:
                    outcomes[k] = exc
        return [o for o in outcomes if o is not None]

    def expire_due(self) -> int:
        """Expire pending transfers whose timeout has passed (every write does this first); returns how many."""
        return self._write(lambda tx: tx.expired)

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
                prepared.append(prepare_reading(self, reading))
            except LedgerError as exc:
                raise exc.at(f"readings[{index}]") from None
        return self._write(lambda tx: tx.readings(prepared), operator=operator)

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
        plan = plan_conversion(self, id, recipe, amount, commodity, accounts, owner, metadata)
        return self._write(lambda tx: tx.convert(plan), actor=actor)

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
        item = self._retirement(id, account, amount, beneficiary, lot)
        return self._write(lambda tx: tx.retire(*item), actor=actor)

    def retire_many(
        self, retirements: Sequence[Mapping[str, Any]], *, actor: str | None = None
    ) -> BatchResult:
        """Retire many amounts as one linked batch, all or nothing, in order (each sees the previous one's effect):
        ``[{"id", "account", "amount", "beneficiary", "lot"?}, …]``, each with the rules of :meth:`retire`.

        At most :data:`~wattsandtons.ledger.limits.MAX_BATCH` at once; a refusal names its item
        (``retirements[i].field``). Retrying the same batch returns ``status="exists"`` and changes nothing.
        """
        check_batch(retirements, "retirements", "retirements")
        items = []
        seen: set[str] = set()
        for index, spec in enumerate(retirements):
            try:
                if not isinstance(spec, Mapping):
                    raise LedgerError("invalid_retirement", "expected an object")
                unknown = sorted(set(spec) - {"id", "account", "amount", "beneficiary", "lot"})
                if unknown:
                    raise LedgerError("unknown_field", f"unknown field {unknown[0]!r}", field=unknown[0])
                for name in ("id", "account", "amount", "beneficiary"):
                    if name not in spec:
                        raise LedgerError("missing_field", f"{name} is required", field=name)
                item = self._retirement(
                    spec["id"], spec["account"], spec["amount"], spec["beneficiary"], spec.get("lot")
                )
                if item[0] in seen:
                    raise LedgerError(
                        "duplicate_id",
                        f"id {item[0]!r} appears twice in this batch",
                        field="id",
                        status=CONFLICT,
                    )
            except LedgerError as exc:
                raise exc.at(f"retirements[{index}]") from None
            seen.add(item[0])
            items.append(item)
        return self._write(lambda tx: tx.retire_batch(items), actor=actor)

    def _retirement(
        self, id: str, account: str, amount: int | float | str, beneficiary: str, lot: int | None
    ) -> tuple[str, Account, int, str, int | None]:
        """A retirement's static checks (outside the transaction): id, asset account, exact amount, text, lot."""
        check_id(id, "id")
        source = self.catalog.account(account, "account")
        if source.kind != "asset":
            raise LedgerError("system_account", f"{account!r} is a {source.kind} account", field="account")
        commodity = self.catalog.commodity(source.commodity, "account")
        exact = parse_amount(amount, unit=commodity.unit, dimension=commodity.dimension, field="amount")
        check_text(beneficiary, "beneficiary")
        if lot is not None and (isinstance(lot, bool) or not isinstance(lot, int) or lot <= 0):
            raise LedgerError("invalid_lot", "lot must be a positive integer", field="lot")
        if lot is not None and not commodity.lots:
            raise LedgerError("invalid_lot", f"{commodity.name!r} does not track lots", field="lot")
        return id, source, exact, canonical_json({"beneficiary": beneficiary, "lot": lot}), lot
