"""``verify``: the ledger's invariants, checked from scratch on one database snapshot.

1. **Hash chain**: journal rows are numbered 1, 2, 3, … without gaps and each stored hash equals
   ``sha256(previous hash ‖ canonical row)``; the last row is the head recorded in ``ledger_meta`` (and, given an
   ``anchor`` recorded elsewhere, the chain still passes through it). Any edited, inserted or deleted row breaks it.
2. **Replay**: the journal alone rebuilds every projection — commodities, accounts and their four counters, pending
   transfers, meters and their last reading, lots, who holds which lot, recipes, retirements — and each must equal
   its table. The replay re-checks the rules (gap-free readings within capacity, holdings never negative, pending
   transfers resolved once).
3. **Conservation**, per commodity: debits = credits (posted and pending, over all accounts, sources and sinks
   included); issued (net debits of sources) = issued counted from the journal's issuing rows = held (assets) +
   retired + converted (conversion sinks) + lost (loss accounts).
4. **Bounds**: no account flagged ``no_negative`` is below zero (posted balance less outgoing reservations); for
   lot-tracked commodities each account's holdings sum to its posted balance and each lot's holdings to its amount.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy.engine import Connection

from wattsandtons.ledger.limits import capacity_bound
from wattsandtons.ledger.store import GENESIS, GENESIS_HEX, chain_hash
from wattsandtons.ledger.types import CommodityTotals, VerifyReport

__all__ = ["verify"]

MAX_PROBLEMS = 200
_COLUMNS = "seq, batch, kind, tid, debit_id, credit_id, amount, ref, ts, lots, meta, hash"


class _Replay:
    """The ledger's state rebuilt from its journal, with the problems found on the way."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.commodities: dict[int, dict[str, Any]] = {}
        self.commodity_ids: dict[str, int] = {}
        self.accounts: dict[int, dict[str, Any]] = {}
        self.account_ids: dict[str, int] = {}
        self.counters: dict[int, list[int]] = {}
        self.pendings: dict[str, list[Any]] = {}
        self.meters: dict[str, dict[str, Any]] = {}
        self.recipes: dict[int, tuple[str, str]] = {}
        self.lots: dict[int, tuple[Any, ...]] = {}
        self.holdings: dict[tuple[int, int], int] = defaultdict(int)  # (asset account, lot) → amount
        self.sunk: dict[int, int] = defaultdict(int)  # lot → amount moved into sinks and loss accounts
        self.retirements: dict[tuple[str, int], tuple[Any, ...]] = {}
        self.issued_rows: dict[int, int] = defaultdict(
            int
        )  # commodity id → issued by readings and conversions

    def problem(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)

    # -- one row ---------------------------------------------------------------------------------------------------
    def apply(self, row: Any) -> None:
        seq, kind = int(row[0]), str(row[2])
        try:
            handler = getattr(self, f"_{kind}", None)
            if handler is None:
                self.problem(f"journal row {seq}: unknown kind {kind!r}")
                return
            handler(row)
        except (KeyError, ValueError, TypeError, AssertionError) as exc:
            self.problem(
                f"journal row {seq} ({kind} {row[3]!r}) cannot be replayed: {type(exc).__name__} {exc}"
            )

    def _commodity(self, row: Any) -> None:
        d = json.loads(row[10])
        commodity_id = int(row[7])
        self.commodities[commodity_id] = d
        self.commodity_ids[d["name"]] = commodity_id

    def _account(self, row: Any) -> None:
        d = json.loads(row[10])
        account_id = int(row[7])
        if d["name"] in self.account_ids or account_id in self.accounts:
            self.problem(f"journal row {row[0]}: account {d['name']!r} (id {account_id}) opened twice")
        self.accounts[account_id] = {**d, "commodity_id": self.commodity_ids[d["commodity"]]}
        self.account_ids[d["name"]] = account_id
        self.counters[account_id] = [0, 0, 0, 0]

    def _meter(self, row: Any) -> None:
        d = json.loads(row[10])
        self.meters[d["name"]] = {
            **d,
            "id": int(row[7]),
            "source_id": self.account_ids[f"meter:{d['name']}"],
            "commodity_id": self.commodity_ids[d["commodity"]],
            "last_end_s": None,
            "readings": 0,
            "issued": 0,
        }

    def _recipe(self, row: Any) -> None:
        d = json.loads(row[10])
        self.recipes[int(row[7])] = (d["name"], row[10])

    def _reading(self, row: Any) -> None:
        seq, amount, meter = int(row[0]), int(row[6]), self.meters[row[7]]
        span = json.loads(row[10])
        start, end = int(span["start"]), int(span["end"])
        if row[4] != meter["source_id"] or row[5] != meter["account_id"]:
            self.problem(f"journal row {seq}: reading of {row[7]!r} moves between the wrong accounts")
        last = meter["last_end_s"]
        if last is None and meter["start_s"] is not None and start < meter["start_s"]:
            self.problem(f"journal row {seq}: reading of {row[7]!r} starts at {start}, before commissioning")
        if last is not None and start != last:
            self.problem(
                f"journal row {seq}: reading of {row[7]!r} starts at {start}, not where the last ended"
            )
        bound = capacity_bound(meter["capacity_units_per_s"], end - start)
        if not 0 < end - start <= 3600 or amount > bound:
            self.problem(f"journal row {seq}: reading of {row[7]!r} exceeds capacity or interval bounds")
        meter["last_end_s"], meter["readings"], meter["issued"] = (
            end,
            meter["readings"] + 1,
            meter["issued"] + amount,
        )
        if amount > 0:
            self._book(row, amount)
            self._issue(
                row, amount, ("meter", row[7], start, end, meter["technology"], meter["location"], None, None)
            )

    def _issue(self, row: Any, amount: int, origin: tuple[Any, ...]) -> None:
        seq, credit = int(row[0]), int(row[5])
        commodity_id = self.accounts[credit]["commodity_id"]
        self.issued_rows[commodity_id] += amount
        if row[9] is None:
            if self.commodities[commodity_id]["lots"]:
                self.problem(f"journal row {seq}: issues a lot-tracked commodity without a lot")
            return
        if row[9] != f"{seq}:{amount}":
            self.problem(f"journal row {seq}: lot {row[9]!r} does not match the issued amount")
        self.lots[seq] = (commodity_id, amount, *origin, credit, seq)
        self.holdings[(credit, seq)] += amount

    def _book(self, row: Any, amount: int) -> None:
        debit, credit = int(row[4]), int(row[5])
        self.counters[debit][0] += amount
        self.counters[credit][1] += amount

    def _move(self, row: Any) -> None:
        seq, debit, credit, amount = int(row[0]), int(row[4]), int(row[5]), int(row[6])
        self._book(row, amount)
        commodity_id = self.accounts[debit]["commodity_id"]
        if self.accounts[credit]["commodity_id"] != commodity_id:
            self.problem(f"journal row {seq}: moves between accounts of different commodities")
        if not self.commodities[commodity_id]["lots"]:
            return
        moved = 0
        for part in (row[9] or "").split(","):
            if not part:
                continue
            lot_text, amount_text = part.split(":")
            lot, take = int(lot_text), int(amount_text)
            moved += take
            self.holdings[(debit, lot)] -= take
            if self.holdings[(debit, lot)] < 0:
                self.problem(f"journal row {seq}: account {debit} gives more of lot {lot} than it holds")
            if self.accounts[credit]["kind"] == "asset":
                self.holdings[(credit, lot)] += take
            else:
                self.sunk[lot] += take
        if moved != amount:
            self.problem(f"journal row {seq}: lots moved ({moved}) differ from the amount ({amount})")

    def _transfer(self, row: Any) -> None:
        self._move(row)

    def _pending(self, row: Any) -> None:
        debit, credit, amount = int(row[4]), int(row[5]), int(row[6])
        self.counters[debit][2] += amount
        self.counters[credit][3] += amount
        meta = json.loads(row[10]) if row[10] else {}
        timeout = meta.get("timeout_s")
        expires = None if timeout is None else int(row[8]) + int(timeout) * 1_000_000
        self.pendings[str(row[3])] = [int(row[0]), debit, credit, amount, expires, "open", 0]

    def _resolve(self, row: Any, state: str) -> list[Any]:
        p = self.pendings.get(str(row[7]))
        if p is None or p[5] != "open":
            self.problem(f"journal row {row[0]}: {state} of a pending transfer that is not open: {row[7]!r}")
            raise ValueError("pending not open")
        if (p[1], p[2]) != (row[4], row[5]):
            self.problem(f"journal row {row[0]}: {state} names other accounts than its pending transfer")
        self.counters[p[1]][2] -= p[3]
        self.counters[p[2]][3] -= p[3]
        p[5] = state
        return p

    def _post(self, row: Any) -> None:
        p = self._resolve(row, "posted")
        if int(row[6]) > p[3]:
            self.problem(f"journal row {row[0]}: posts more than was reserved")
        p[6] = int(row[6])
        self._move(row)

    def _void(self, row: Any) -> None:
        self._resolve(row, "voided")

    def _expire(self, row: Any) -> None:
        p = self._resolve(row, "expired")
        if p[4] is None or int(row[8]) < p[4]:
            self.problem(f"journal row {row[0]}: expires pending transfer {row[7]!r} before its timeout")

    def _convert(self, row: Any) -> None:
        debit = int(row[4])
        if self.accounts[debit]["kind"] == "source":
            recipe = self.accounts[debit]["name"].split(":")[1]
            self._book(row, int(row[6]))
            origin = ("conversion", None, None, None, f"conversion:{recipe}", None, recipe, row[7])
            self._issue(row, int(row[6]), origin)
        else:
            self._move(row)

    def _retire(self, row: Any) -> None:
        self._move(row)
        beneficiary = json.loads(row[10])["beneficiary"]
        for part in (row[9] or "").split(","):
            if part:
                lot, take = (int(x) for x in part.split(":"))
                self.retirements[(str(row[3]), lot)] = (int(row[4]), take, beneficiary, int(row[0]))


def verify(conn: Connection, pg: bool, *, anchor: tuple[int, str] | None = None) -> VerifyReport:
    """Check every invariant of the ledger behind ``conn`` (one read snapshot)."""
    head = conn.exec_driver_sql("SELECT head_seq, head_hash FROM ledger_meta WHERE id = 1").fetchone()
    replay = _Replay()
    if head is None:
        replay.problem("no ledger_meta row: the database holds no ledger")
        return _report(replay, 0, 0, GENESIS_HEX, [])
    rows, last_seq, last_hash = _walk_chain(conn, replay, anchor)
    if (last_seq, last_hash) != (int(head[0]), str(head[1])):
        replay.problem(
            f"chain ends at row {last_seq} ({last_hash[:12]}…) but the recorded head is row {head[0]} "
            f"({str(head[1])[:12]}…): rows were removed from or added to the end"
        )
    tables = _load_tables(conn)
    _compare_projections(replay, tables)
    totals = _conservation(replay, tables)
    return _report(replay, rows, last_seq, last_hash, totals, tables)


def _walk_chain(conn: Connection, replay: _Replay, anchor: tuple[int, str] | None) -> tuple[int, int, str]:
    prev = GENESIS
    expected = 1
    count = 0
    anchored = anchor is None
    result = conn.execution_options(stream_results=True, max_row_buffer=5000).exec_driver_sql(
        f"SELECT {_COLUMNS} FROM ledger_journal ORDER BY seq"
    )
    for row in result:
        seq = int(row[0])
        count += 1
        if seq != expected:
            replay.problem(f"journal rows {expected}..{seq - 1} are missing (deleted)")
        digest = chain_hash(
            prev,
            seq,
            int(row[1]),
            row[2],
            row[3],
            row[4],
            row[5],
            int(row[6]),
            row[7],
            int(row[8]),
            row[9],
            row[10],
        )
        if digest != bytes(row[11]):
            replay.problem(f"journal row {seq} ({row[2]} {row[3]!r}): hash mismatch — the row was edited")
        if anchor is not None and seq == anchor[0]:
            anchored = bytes(row[11]).hex() == anchor[1]
            if not anchored:
                replay.problem(f"journal row {seq} does not carry the anchored hash {anchor[1][:12]}…")
        replay.apply(row)
        prev = bytes(row[11])
        expected = seq + 1
    if anchor is not None and anchor[0] >= expected:
        replay.problem(f"the anchored row {anchor[0]} is no longer in the journal")
    return count, expected - 1, prev.hex()


def _load_tables(conn: Connection) -> dict[str, list[Any]]:
    queries = {
        "commodities": "SELECT id, name, unit, dimension, si_per_unit, energy_j_per_unit, mass_kg_per_unit, lots, "
        "description FROM ledger_commodities",
        "accounts": "SELECT a.id, a.name, a.owner, a.commodity_id, a.kind, a.no_negative, b.debits_posted, "
        "b.credits_posted, b.debits_pending, b.credits_pending, b.lots "
        "FROM ledger_accounts a LEFT JOIN ledger_balances b ON b.id = a.id",
        "balance_ids": "SELECT id FROM ledger_balances",
        "pendings": "SELECT tid, seq, debit_id, credit_id, amount, expires_at, state, resolved_amount "
        "FROM ledger_pendings",
        "meters": "SELECT name, id, owner, operator, account_id, source_id, commodity_id, capacity, "
        "capacity_units_per_s, technology, location, device, start_s, last_end_s, readings, issued FROM ledger_meters",
        "lots": "SELECT id, commodity_id, amount, origin, meter, start_s, end_s, technology, location, recipe, "
        "conversion, account_id, seq FROM ledger_lots",
        "recipes": "SELECT id, name, definition FROM ledger_recipes",
        "retirements": "SELECT tid, lot_id, account_id, amount, beneficiary, seq FROM ledger_retirements",
    }
    tables = {name: [tuple(r) for r in conn.exec_driver_sql(sql).fetchall()] for name, sql in queries.items()}
    holdings = []
    for account in tables["accounts"]:
        for part in (account[10] or "").split(","):
            if part:
                lot, amount = part.split(":")
                holdings.append((account[0], int(lot), int(amount)))
    tables["holdings"] = holdings
    return tables


def _diff(
    replay: _Replay, what: str, rebuilt: dict[Any, tuple[Any, ...]], stored: dict[Any, tuple[Any, ...]]
) -> None:
    for key in sorted(set(rebuilt) | set(stored), key=repr):
        a, b = rebuilt.get(key), stored.get(key)
        if a != b:
            if b is None:
                replay.problem(f"{what} {key!r} follows from the journal but is missing from its table")
            elif a is None:
                replay.problem(f"{what} {key!r} is in its table but nowhere in the journal")
            else:
                replay.problem(f"{what} {key!r} differs from the journal: table {b!r}, journal {a!r}")


def _compare_projections(replay: _Replay, tables: dict[str, list[Any]]) -> None:
    def norm(values: tuple[Any, ...], bools: tuple[int, ...] = ()) -> tuple[Any, ...]:
        return tuple(bool(v) if i in bools else v for i, v in enumerate(values))

    rebuilt_commodities = {
        i: (
            d["name"],
            d["unit"],
            d["dimension"],
            d["si_per_unit"],
            d["energy_j_per_unit"],
            d["mass_kg_per_unit"],
            d["lots"],
            d["description"],
        )
        for i, d in replay.commodities.items()
    }
    _diff(replay, "commodity", rebuilt_commodities, {r[0]: norm(r[1:], (6,)) for r in tables["commodities"]})
    rebuilt_accounts = {
        i: (d["name"], d["owner"], d["commodity_id"], d["kind"], d["no_negative"], *replay.counters[i])
        for i, d in replay.accounts.items()
    }
    _diff(replay, "account", rebuilt_accounts, {r[0]: norm(r[1:10], (4,)) for r in tables["accounts"]})
    for (stray,) in sorted(set(tables["balance_ids"]) - {(r[0],) for r in tables["accounts"]}):
        replay.problem(f"balances of account id {stray} exist but no such account does")
    _diff(
        replay,
        "pending transfer",
        {t: tuple(p) for t, p in replay.pendings.items()},
        {r[0]: tuple(r[1:]) for r in tables["pendings"]},
    )
    rebuilt_meters = {
        name: (
            m["id"],
            m["owner"],
            m["operator"],
            m["account_id"],
            m["source_id"],
            m["commodity_id"],
            m["capacity"],
            m["capacity_units_per_s"],
            m["technology"],
            m["location"],
            m["device"],
            m["start_s"],
            m["last_end_s"],
            m["readings"],
            m["issued"],
        )
        for name, m in replay.meters.items()
    }
    _diff(replay, "meter", rebuilt_meters, {r[0]: tuple(r[1:]) for r in tables["meters"]})
    _diff(replay, "lot", replay.lots, {r[0]: tuple(r[1:]) for r in tables["lots"]})
    _diff(
        replay,
        "holding",
        {k: (v,) for k, v in replay.holdings.items() if v != 0},
        {(r[0], r[1]): (r[2],) for r in tables["holdings"]},
    )
    _diff(replay, "recipe", dict(replay.recipes), {r[0]: (r[1], r[2]) for r in tables["recipes"]})
    _diff(
        replay, "retirement", replay.retirements, {(r[0], r[1]): tuple(r[2:]) for r in tables["retirements"]}
    )


def _conservation(replay: _Replay, tables: dict[str, list[Any]]) -> list[CommodityTotals]:
    commodities = {r[0]: r for r in tables["commodities"]}
    sums: dict[int, dict[str, int]] = {c: defaultdict(int) for c in commodities}
    held_by_account: dict[int, int] = defaultdict(int)
    for account_id, _lot, amount in tables["holdings"]:
        held_by_account[account_id] += amount
    for r in tables["accounts"]:
        account_id, name, commodity_id, kind, no_negative, dp, cp, dpend, cpend = (
            r[0],
            r[1],
            r[3],
            r[4],
            bool(r[5]),
            r[6],
            r[7],
            r[8],
            r[9],
        )
        s = sums.setdefault(commodity_id, defaultdict(int))
        s["dp"] += dp
        s["cp"] += cp
        s["dpend"] += dpend
        s["cpend"] += cpend
        balance = cp - dp
        bucket = {"asset": "held", "source": "issued", "loss": "lost"}.get(kind)
        if kind == "sink":
            bucket = "retired" if name.startswith("retired:") else "converted"
        if bucket == "issued":
            s[bucket] -= balance
        elif bucket is not None:
            s[bucket] += balance
        if no_negative and balance - dpend < 0:
            replay.problem(f"account {name!r} is below zero: posted {balance}, reserved {dpend}")
        tracked = commodity_id in commodities and bool(commodities[commodity_id][7])
        if tracked and kind == "asset" and held_by_account[account_id] != balance:
            replay.problem(
                f"account {name!r}: lots held ({held_by_account[account_id]}) ≠ its balance ({balance})"
            )
    _lot_totals(replay, tables)
    totals = []
    for commodity_id, s in sorted(sums.items()):
        row = commodities.get(commodity_id)
        name, unit = (row[1], row[2]) if row else (f"#{commodity_id}", "?")
        if s["dp"] != s["cp"] or s["dpend"] != s["cpend"]:
            replay.problem(
                f"{name}: debits ≠ credits (posted {s['dp']} vs {s['cp']}, pending {s['dpend']} vs {s['cpend']})"
            )
        if s["issued"] != s["held"] + s["retired"] + s["converted"] + s["lost"]:
            replay.problem(f"{name}: issued {s['issued']} ≠ held + retired + converted + lost")
        if s["issued"] != replay.issued_rows.get(commodity_id, 0):
            replay.problem(
                f"{name}: sources issued {s['issued']} but the journal's issuing rows sum to "
                f"{replay.issued_rows.get(commodity_id, 0)}"
            )
        totals.append(
            CommodityTotals(
                name,
                unit,
                s["issued"],
                replay.issued_rows.get(commodity_id, 0),
                s["held"],
                s["retired"],
                s["converted"],
                s["lost"],
                s["dpend"],
                s["dp"],
                s["cp"],
            )
        )
    return totals


def _lot_totals(replay: _Replay, tables: dict[str, list[Any]]) -> None:
    per_lot: dict[int, int] = defaultdict(int)
    for _account, lot_id, amount in tables["holdings"]:
        per_lot[lot_id] += amount
        if amount <= 0:
            replay.problem(f"holding of lot {lot_id} is not positive: {amount}")
    for r in tables["lots"]:
        held, sunk = per_lot.get(r[0], 0), replay.sunk.get(r[0], 0)
        if held + sunk != r[2]:
            replay.problem(f"lot {r[0]}: held {held} + retired or consumed {sunk} ≠ the {r[2]} issued")
    accounts = {a[0]: a for a in tables["accounts"]}
    for meter in tables["meters"]:
        name, source_id, issued = meter[0], meter[5], meter[15]
        source = accounts.get(source_id)
        if source is None or source[6] - source[7] != issued:
            replay.problem(f"meter {name!r}: issued {issued} but its source account does not show it")


def _report(
    replay: _Replay,
    rows: int,
    head_seq: int,
    head_hash: str,
    totals: list[CommodityTotals],
    tables: dict[str, list[Any]] | None = None,
) -> VerifyReport:
    tables = tables or {}
    return VerifyReport(
        ok=not replay.problems,
        problems=tuple(replay.problems),
        rows=rows,
        head_seq=head_seq,
        head_hash=head_hash,
        commodities=tuple(totals),
        accounts=len(tables.get("accounts", ())),
        open_pendings=sum(1 for p in tables.get("pendings", ()) if p[6] == "open"),
        lots=len(tables.get("lots", ())),
    )
