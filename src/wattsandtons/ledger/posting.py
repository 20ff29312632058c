"""Posting: the write transaction — balances, two-phase transfers, the fast path for plain posted transfers, the
hash-chained journal rows and the flush that writes them — and the in-process state it keeps between writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from wattsandtons.ledger.access import check_id_owner, check_mover, check_resolver, may_move
from wattsandtons.ledger.errors import CONFLICT, LedgerError
from wattsandtons.ledger.rules import (
    Op,
    compare_retry,
    credit_refusal,
    debit_refusal,
    format_lots,
    parse_lots,
)
from wattsandtons.ledger.store import bulk_values, chain_hash, chunks, in_list, q
from wattsandtons.ledger.types import (
    Account,
    BatchResult,
    Commodity,
    Meter,
    Recipe,
)

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger

__all__ = [
    "BARE_COLUMNS",
    "BULK_ROWS",
    "JOURNAL_COLUMNS",
    "GroupRefusal",
    "HotState",
    "NotPlain",
    "Plain",
    "Tx",
]

#: A plain posted transfer as the fast path takes it: (id, debit account, credit account, amount).
Plain = tuple[str, Account, Account, int]


#: On PostgreSQL, batches with more journal rows than this are written with COPY.
BULK_ROWS = 16


#: Journal rows are kept in two forms, written apart: full rows, and bare rows whose ref and meta are NULL (most
#: rows). Leaving NULL columns out matters on SQLite, whose driver binds ``None`` and ``bytes`` through its adapter
#: lookup, ≈ 0.7 µs a value (two NULLs and the hash were half of a row's insert time); the hash is bound as a
#: ``bytearray``, which the driver binds directly, for the same reason.
JOURNAL_COLUMNS = "seq, batch, kind, tid, debit_id, credit_id, amount, ref, ts, lots, meta, hash"


BARE_COLUMNS = "seq, batch, kind, tid, debit_id, credit_id, amount, ts, lots, hash"


@dataclasses.dataclass
class HotState:
    """Balances (account id → the four counters) and lot holdings (account id → {lot: amount}) as of chain head
    ``head``: valid while no other process writes. Write transactions work on them in place; one that fails empties
    them (``head = -1``)."""

    balances: dict[int, list[int]] = dataclasses.field(default_factory=dict)
    holdings: dict[int, dict[int, int]] = dataclasses.field(default_factory=dict)
    head: int = -1

    def forget(self) -> None:
        self.balances.clear()
        self.holdings.clear()
        self.head = -1


class Tx:
    """One write transaction: the balances, holdings and pending transfers it loaded, the rows it will append.

    Everything is applied in memory, in order, checking every rule; :meth:`flush` writes it all at the end. The
    registration, metering and conversion operations are mixins of this class in their own modules."""

    def __init__(
        self, ledger: Ledger, conn: Connection, cursor: Any, seq: int, head: str, ts: int, batches: int
    ) -> None:
        self.ledger = ledger
        self.catalog = ledger.catalog
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
        self.bal = ledger.state.balances  # loaded by load_balances, changed in place
        self.bal_dirty: set[int] = set()
        self.hold = ledger.state.holdings  # lot → amount, for asset accounts of lot-tracked commodities
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
        return found if found is not None else self.catalog.account(name, field, self.conn)

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
        refusal = debit_refusal(b, amount, debit.no_negative, pending)
        if refusal == "exceeds_balance":
            raise LedgerError(
                "exceeds_balance",
                f"{debit.name!r} has {b[1] - b[0] - b[2]:,} available, less than {amount:,}",
                field=field,
                status=CONFLICT,
            )
        if refusal == "overflow":
            raise LedgerError(
                "overflow", f"the debits of {debit.name!r} would overflow", field=field, status=CONFLICT
            )
        b[2 if pending else 0] += amount
        self.bal_dirty.add(debit.id)
        return b

    def post_credit(self, credit: Account, amount: int, field: str, pending: bool = False) -> None:
        b = self.bal[credit.id]
        index = 3 if pending else 1
        if credit_refusal(b, amount, pending):
            raise LedgerError(
                "overflow", f"the credits of {credit.name!r} would overflow", field=field, status=CONFLICT
            )
        b[index] += amount
        self.bal_dirty.add(credit.id)

    def run_transfers(self, ops: list[Op]) -> BatchResult:
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
        """A batch that passed :func:`~wattsandtons.ledger.transfers.plain_batch`: posted transfers only, all new or refused.

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

    def run_group(self, items: Sequence[tuple[list[Plain], str | None]]) -> list[BatchResult]:
        """Group commit: several plain batches, each with its own actor, in this one transaction.

        Each batch keeps its own batch number and results as if committed alone (its ``head_seq`` and
        ``head_hash`` are the chain head right after it); the actor's rights are checked on the rows as locked.
        A batch that would be refused raises :class:`GroupRefusal` with its index: the caller rolls back and
        re-runs the group without it.
        """
        ids: set[int] = set()
        for plain, _ in items:
            ids.update(p[1].id for p in plain)
            ids.update(p[2].id for p in plain)
        self.load_balances(ids)  # and the lots each holds
        results = []
        for index, (plain, actor) in enumerate(items):
            if index:
                self.batch += 1
            self.actor = actor
            first = self.seq + 1
            try:
                self.plain_transfers(plain)
            except NotPlain:
                raise GroupRefusal(index) from None
            results.append(self.result([p[0] for p in plain], range(first, self.seq + 1)))
        self.bal_dirty.update(ids)
        return results

    def plain_transfers(self, plain: list[tuple[str, Account, Account, int]]) -> None:
        """The hot path: posted transfers without metadata — the same rules as :meth:`apply`, in one tight loop.

        Checks: the actor owns the debit account, no-negative-balance and counter overflow (a refusal raises :class:`NotPlain`, and the general path
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
                debit_refusal(bd, amount, d.no_negative, False)
                or credit_refusal(bc, amount, False)
                or not may_move(actor, d)
            ):
                raise NotPlain(tid)  # the same rules as post_debit, post_credit and check_mover
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

    def apply(self, op: Op) -> int:
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

    def resolve(self, op: Op) -> int:
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
        d = self.catalog.account_by_id(p[1], self.conn)
        c = self.catalog.account_by_id(p[2], self.conn)
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
        by_id = self.catalog.account_by_id
        return (
            None if row[2] is None else by_id(int(row[2]), self.conn),
            None if row[3] is None else by_id(int(row[3]), self.conn),
        )

    def already(self, ops: Sequence[Op], existing: Mapping[str, Any]) -> BatchResult:
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
            compare_retry(op, row)
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
            d = self.catalog.account_by_id(p[1], self.conn)
            c = self.catalog.account_by_id(p[2], self.conn)
            self.release(p, d, c)
            p[5] = "expired"
            self.pend_dirty.add(row[0])
            self.append("expire", f"expire:{row[0]}", d.id, c.id, p[3], row[0], None, None)
            self.expired += 1

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
        self.catalog.remember(
            self.new_commodities, self.new_accounts.values(), self.new_meters, self.new_recipes
        )
        self.ledger.state.head = self.seq


class NotPlain(Exception):
    """A batch on the fast path would be refused: roll back and take the general path."""


class GroupRefusal(Exception):
    """Batch ``index`` of a group would be refused: roll back and re-run the group without it."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index
