"""More than 100,000 random operations from a seeded generator, checked against a model as they go.

Operations: transfers, pending transfers with and without timeouts, partial posts, voids, expiry by the clock,
meter readings (some over capacity), conversions, retirements, retried batches and batches with a bad operation in
them. A plain-Python model predicts every outcome: a batch the model refuses must be refused by the engine and
change nothing; a batch it accepts must leave exactly the model's balances. Cheap invariants (debits = credits,
no negative balance, model = database) are checked every few actions, ``verify()`` (hash chain, full replay,
lots) at intervals and at the end. SQLite only, to stay fast.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from wattsandtons.ledger import Ledger, LedgerError, Reading, Transfer
from wattsandtons.ledger.limits import capacity_bound

from .helpers import DAY, Clock

SEED = 20250601
TARGET_OPS = 100_000
OWNERS = [f"o{i}" for i in range(8)]
INTERVAL = 600
#: meter → (owner, capacity, most Wh one 10-minute reading may issue: capacity × interval × 1.1)
METERS = {
    "farm0": ("o0", "20 MW", capacity_bound(20e6 / 3600, INTERVAL)),
    "farm1": ("o1", "10 MW", capacity_bound(10e6 / 3600, INTERVAL)),
}


@dataclass
class Model:
    """Asset balances (posted, reserved-out) and open pending transfers, in Wh / pieces / TFLOP."""

    posted: dict[str, int] = field(default_factory=dict)
    reserved: dict[str, int] = field(default_factory=dict)
    pendings: dict[str, tuple[str, str, int, float | None]] = field(
        default_factory=dict
    )  # id → (d, c, amount, expires)
    meter_end: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Model:
        return Model(dict(self.posted), dict(self.reserved), dict(self.pendings), dict(self.meter_end))

    def available(self, name: str) -> int:
        return self.posted[name] - self.reserved[name]

    def expire(self, now: float) -> None:
        for tid, (debit, _credit, amount, expires) in list(self.pendings.items()):
            if expires is not None and expires <= now:
                self.reserved[debit] -= amount
                del self.pendings[tid]


class Run:
    def __init__(self, ledger: Ledger, clock: Clock) -> None:
        self.ledger = ledger
        self.clock = clock
        self.rng = random.Random(SEED)
        self.model = Model()
        self.ops = 0
        self.refused = 0
        self.serial = 0
        self.done_batches: list[list[Transfer]] = []

    def uid(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}{self.serial}"

    # -- one action ---------------------------------------------------------------------------------------------
    def transfers(self) -> None:
        rng, trial = self.rng, self.model.copy()
        trial.expire(self.clock.now)
        batch: list[Transfer] = []
        valid = True
        for _ in range(rng.randint(150, 400)):
            item, ok = self.random_transfer(trial)
            batch.append(item)
            valid = valid and ok
            if not ok:
                break  # the engine stops at the first refusal too; the rest of the batch is irrelevant
        self.apply(batch, trial, valid)

    def random_transfer(self, m: Model) -> tuple[Transfer, bool]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.04 and m.pendings:
            tid = rng.choice(sorted(m.pendings))
            debit, credit, amount, _ = m.pendings.pop(tid)
            m.reserved[debit] -= amount
            if rng.random() < 0.5:
                part = rng.randint(1, amount)
                m.posted[debit] -= part
                m.posted[credit] += part
                return Transfer(self.uid("post"), kind="post", pending_id=tid, amount=part), True
            return Transfer(self.uid("void"), kind="void", pending_id=tid), True
        commodity = "e" if rng.random() < 0.8 else "chip"
        debit, credit = (f"{o}/{commodity}" for o in rng.sample(OWNERS, 2))
        available = m.available(debit)
        if rng.random() < 0.003:  # a deliberately bad operation: more than is available
            return Transfer(self.uid("t"), debit, credit, available + 1), False
        if available <= 0:
            return Transfer(self.uid("t"), debit, credit, 1), False
        amount = rng.randint(1, max(1, available // 4))
        if roll < 0.08:
            timeout = rng.choice([None, 30, 300])
            tid = self.uid("p")
            m.reserved[debit] += amount
            expires = None if timeout is None else self.ts() + timeout
            m.pendings[tid] = (debit, credit, amount, expires)
            return Transfer(tid, debit, credit, amount, kind="pending", timeout_s=timeout), True
        m.posted[debit] -= amount
        m.posted[credit] += amount
        return Transfer(self.uid("t"), debit, credit, amount), True

    def ts(self) -> float:
        return self.clock.now

    def apply(self, batch: list[Transfer], trial: Model, valid: bool) -> None:
        head = self.ledger.head()
        self.ops += len(batch)
        if valid:
            assert self.ledger.submit(batch).status == "created"
            self.model = trial
            self.done_batches.append(batch)
        else:
            self.refused += 1
            with pytest.raises(LedgerError) as info:
                self.ledger.submit(batch)
            assert info.value.code == "exceeds_balance", info.value
            assert self.ledger.head() == head

    def readings(self) -> None:
        rng, trial = self.rng, self.model.copy()
        trial.expire(self.clock.now)
        readings, valid = [], True
        for meter, (owner, _capacity, bound) in METERS.items():
            start = trial.meter_end.get(meter, DAY)
            if start + INTERVAL > self.clock.now:  # readings are never in the future: let time pass
                self.clock.advance(INTERVAL)
            amount = rng.randint(0, bound) if rng.random() > 0.05 else bound + 1
            valid = valid and amount <= bound
            readings.append(Reading(meter, start, start + INTERVAL, amount))
            trial.meter_end[meter] = start + INTERVAL
            trial.posted[f"{owner}/e"] += amount
        self.ops += len(readings)
        if valid:
            self.ledger.record_readings(readings)
            self.model = trial
        else:
            self.refused += 1
            with pytest.raises(LedgerError) as info:
                self.ledger.record_readings(readings)
            assert info.value.code == "exceeds_capacity", info.value

    def conversion(self) -> None:
        owner = self.rng.choice(OWNERS)
        trial = self.model.copy()
        trial.expire(self.clock.now)
        amount = self.rng.randint(1, 2_000_000)
        compute = amount * 10**6 // 590
        ok = trial.available(f"{owner}/e") >= amount
        self.ops += 1
        if not ok:
            self.refused += 1
            with pytest.raises(LedgerError) as info:
                self.ledger.convert(self.uid("c"), "datacentre", amount, commodity="e", owner=owner)
            assert info.value.code == "exceeds_balance", info.value
            return
        self.ledger.convert(self.uid("c"), "datacentre", amount, commodity="e", owner=owner)
        trial.posted[f"{owner}/e"] -= amount
        trial.posted[f"{owner}/compute"] += compute
        self.model = trial

    def retirement(self) -> None:
        owner = self.rng.choice(OWNERS)
        trial = self.model.copy()
        trial.expire(self.clock.now)
        amount = self.rng.randint(1, 500_000)
        ok = trial.available(f"{owner}/e") >= amount
        self.ops += 1
        if not ok:
            self.refused += 1
            with pytest.raises(LedgerError) as info:
                self.ledger.retire(self.uid("r"), f"{owner}/e", amount, f"beneficiary {owner}")
            assert info.value.code == "exceeds_balance", info.value
            return
        self.ledger.retire(self.uid("r"), f"{owner}/e", amount, f"beneficiary {owner}")
        trial.posted[f"{owner}/e"] -= amount
        self.model = trial

    def retry(self) -> None:
        if self.done_batches:
            batch = self.rng.choice(self.done_batches)
            self.ops += len(batch)
            assert self.ledger.submit(batch).status == "exists"

    # -- checks ---------------------------------------------------------------------------------------------------
    def compare(self) -> None:
        """Model = database, debits = credits, nothing below zero (the cheap invariants)."""
        totals: dict[str, list[int]] = {}
        for b in self.ledger.accounts():
            t = totals.setdefault(b.account.commodity, [0, 0, 0, 0])
            t[0] += b.debits_posted
            t[1] += b.credits_posted
            t[2] += b.debits_pending
            t[3] += b.credits_pending
            if b.account.kind == "asset":
                assert b.available >= 0, b
                # expiry is recorded at the next write; the model expires lazily the same way
                if b.account.name in self.model.posted:
                    assert b.balance == self.model.posted[b.account.name], b.account.name
        for commodity, (dp, cp, dpend, cpend) in totals.items():
            assert dp == cp and dpend == cpend, commodity

    def verify(self) -> None:
        report = self.ledger.verify()
        assert report.ok, report.problems[:5]


def test_hundred_thousand_random_operations(sqlite_url: str) -> None:
    clock = Clock()
    ledger = Ledger(sqlite_url, clock=clock)
    ledger.create_commodity("e", "Wh")
    ledger.create_commodity("chip", "piece", mass_per_unit="20 kg")
    ledger.create_commodity("compute", "TFLOP")
    ledger.create_accounts(
        [{"name": f"{o}/{c}", "owner": o, "commodity": c} for o in OWNERS for c in ("e", "chip", "compute")]
    )
    for meter, (owner, capacity, _bound) in METERS.items():
        ledger.register_meter(
            meter,
            owner=owner,
            account=f"{owner}/e",
            capacity=capacity,
            location="x",
            technology="pv",
            start_s=DAY,
        )
    ledger.register_meter(
        "fab",
        owner="o2",
        account="o2/chip",
        capacity="1000 piece/h",
        location="x",
        technology="fab",
        start_s=DAY,
    )
    ledger.register_recipe("datacentre", {"e": "0.59 kWh"}, {"compute": "1 EFLOP"})
    run = Run(ledger, clock)
    for name in (f"{o}/{c}" for o in OWNERS for c in ("e", "chip", "compute")):
        run.model.posted[name] = 0
        run.model.reserved[name] = 0
    ledger.record_reading("fab", DAY, DAY + 3600, 1000)
    run.model.posted["o2/chip"] = 1000
    ledger.submit([Transfer(f"chips{i}", "o2/chip", f"o{i}/chip", 100) for i in range(8) if i != 2])
    for i in range(8):
        if i != 2:
            run.model.posted["o2/chip"] -= 100
            run.model.posted[f"o{i}/chip"] = 100
    for _ in range(5):
        run.readings()
    actions = 0
    next_verify = TARGET_OPS // 3
    while run.ops < TARGET_OPS:
        roll = run.rng.random()
        if roll < 0.55:
            run.transfers()
        elif roll < 0.75:
            run.readings()
        elif roll < 0.85:
            run.conversion()
        elif roll < 0.93:
            run.retirement()
        elif roll < 0.96:
            run.retry()
        else:
            clock.advance(run.rng.choice([1, 20, 120, 400]))
        actions += 1
        if actions % 10 == 0:
            run.compare()
        if run.ops >= next_verify:
            run.verify()
            next_verify += TARGET_OPS // 3
    run.compare()
    run.verify()
    assert run.ops >= TARGET_OPS and run.refused > 10
    with ledger.engine.connect() as conn:
        kinds = dict(
            conn.exec_driver_sql("SELECT kind, COUNT(*) FROM ledger_journal GROUP BY kind").fetchall()
        )
    for kind in ("transfer", "pending", "post", "void", "expire", "reading", "convert", "retire"):
        assert kinds.get(kind, 0) > 10, kinds  # every kind of operation was exercised
    ledger.close()
