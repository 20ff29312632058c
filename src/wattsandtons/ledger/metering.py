"""Metering and lots: a reading's checks (interval, commissioning, back-dating window, capacity) before the write, and
issuance (one lot per reading, built in the transaction) and retirement inside it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wattsandtons.ledger.access import check_id_owner, check_mover, check_operator
from wattsandtons.ledger.errors import CONFLICT, LedgerError
from wattsandtons.ledger.limits import (
    CAPACITY_MARGIN,
    MAX_INTERVAL_S,
    capacity_bound,
)
from wattsandtons.ledger.posting import Tx
from wattsandtons.ledger.quantities import parse_amount
from wattsandtons.ledger.rules import Reading, canonical_json, check_sequence, when
from wattsandtons.ledger.types import (
    Account,
    BatchResult,
    Lot,
    Meter,
)

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger

__all__ = ["MeteringTx", "prepare_reading"]


class MeteringTx(Tx):
    """Issuance and retirement inside a write: readings issue lots; retirements cancel them."""

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
                f"meter {meter.name!r} already has a reading starting at {when(start)}"
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
        check_sequence(meter, state[0], start)
        source = self.catalog.account(meter.source, "meter", self.conn)
        account = self.catalog.account(meter.account, "meter", self.conn)
        self.load_balances({source.id, account.id})
        self.load_holdings([account])
        meta = canonical_json({"start": start, "end": end})
        lot = None
        if amount > 0:
            self.post_debit(source, amount, "amount")
            self.post_credit(account, amount, "amount")
        lots = f"{self.seq + 1}:{amount}" if amount > 0 and account.id in self.hold else None
        seq = self.append("reading", tid, source.id, account.id, amount, meter.name, lots, meta)
        if lots is not None:
            commodity = self.catalog.commodity_by_id(account.commodity_id, self.conn)
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
        seq = self.retire_new(tid, account, amount, meta, lot)
        return self.result([tid], [seq])

    def retire_batch(self, items: Sequence[tuple[str, Account, int, str, int | None]]) -> BatchResult:
        """Retirements as one linked batch, all or nothing, in order — the rules of :meth:`retire` for each. A
        faithful retry of the whole batch returns ``exists``; a batch of which only some ids were used is refused."""
        existing = self.lookup([item[0] for item in items])
        seqs: list[int] = []
        if existing:
            for index, item in enumerate(items):
                if item[0] not in existing:
                    raise LedgerError(
                        "batch_partially_exists",
                        f"some ids of this batch were applied before and {item[0]!r} was not: a retry must "
                        "resend the same batch",
                        field=f"retirements[{index}].id",
                        status=CONFLICT,
                    )
                try:
                    seqs.extend(self.retire(*item).seqs)
                except LedgerError as exc:
                    raise exc.at(f"retirements[{index}]") from None
            first = existing[items[0][0]]
            return BatchResult(
                "exists", tuple(i[0] for i in items), int(first[8]), tuple(seqs), self.seq, self.hash.hex()
            )
        for index, item in enumerate(items):
            try:
                seqs.append(self.retire_new(*item))
            except LedgerError as exc:
                raise exc.at(f"retirements[{index}]") from None
        return self.result([i[0] for i in items], seqs)

    def retire_new(self, tid: str, account: Account, amount: int, meta: str, lot: int | None) -> int:
        """Retire under an id not used before; returns the journal row's sequence number."""
        check_mover(self.actor, account, "account")
        sink = self.catalog.account(f"retired:{account.commodity}", "account", self.conn)
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
        return seq


def prepare_reading(ledger: Ledger, reading: Reading) -> tuple[Meter, int, int, int]:
    meter = ledger.catalog.meter(reading.meter, "meter")
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
    now = ledger.clock()
    if reading.end_s > now:
        raise LedgerError(
            "reading_in_future",
            f"the reading ends at {when(reading.end_s)}, after now ({when(int(now))}): only intervals that "
            "have ended are issued",
            field="end",
        )
    if reading.start_s < now - ledger.backdate_s:
        raise LedgerError(
            "reading_too_old",
            f"the reading starts at {when(reading.start_s)}, more than {ledger.backdate_s:,} s (the back-dating "
            "window) before now",
            field="start",
        )
    if meter.start_s is not None and reading.start_s < meter.start_s:
        raise LedgerError(
            "reading_before_commissioning",
            f"meter {meter.name!r} was commissioned at {when(meter.start_s)}; a reading from "
            f"{when(reading.start_s)} is before it",
            field="start",
        )
    commodity = ledger.catalog.commodity(meter.commodity, "meter")
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
