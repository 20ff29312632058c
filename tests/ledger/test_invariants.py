"""Invariants and tamper detection: any edit or deletion of the journal (or of a table it projects into) is found."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from wattsandtons.ledger import Ledger, Transfer
from wattsandtons.ledger.store import chain_hash

from .helpers import DAY, check

H = 3600


def books(world: Ledger) -> Ledger:
    world.record_reading("farm1", DAY + 10 * H, DAY + 11 * H, "10 MWh")
    world.record_reading("fab1", DAY, DAY + H, 40)
    world.transfer("t1", "solarco/electricity", "dc/electricity", "4 MWh")
    world.submit([Transfer("p1", "solarco/electricity", "dc/electricity", "1 MWh", kind="pending")])
    world.submit([Transfer("b1", "dc/chips", "solarco/chips", 10)])
    world.convert("c1", "datacentre", "1 MWh", commodity="electricity", owner="dc")
    world.retire("r1", "solarco/electricity", "0.5 MWh", "a school")
    world.transfer("t2", "dc/electricity", "solarco/electricity", "0.5 MWh")
    check(world)
    return world


def tamper(ledger: Ledger, *statements: str) -> None:
    """Edit the database behind the engine's back, as someone with write access to the file or server would."""
    with ledger.engine.connect() as conn:
        conn.execution_options(ledger_write=True)
        with conn.begin():
            if ledger.pg:
                conn.exec_driver_sql("DROP TRIGGER IF EXISTS ledger_journal_no_change ON ledger_journal")
            else:
                conn.exec_driver_sql("DROP TRIGGER IF EXISTS ledger_journal_no_update")
                conn.exec_driver_sql("DROP TRIGGER IF EXISTS ledger_journal_no_delete")
            for statement in statements:
                conn.exec_driver_sql(statement)


def seq_of(ledger: Ledger, tid: str) -> int:
    return int(ledger.transfer_record(tid)["seq"])


def problems(ledger: Ledger) -> str:
    report = ledger.verify()
    assert not report.ok
    return "\n".join(report.problems)


def test_the_database_refuses_journal_edits(world: Ledger) -> None:
    books(world)
    for statement in (
        "UPDATE ledger_journal SET amount = 1 WHERE tid = 't1'",
        "DELETE FROM ledger_journal WHERE tid = 't1'",
    ):
        with pytest.raises(DBAPIError), world.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    check(world)


def test_edited_amount_is_found(world: Ledger) -> None:
    books(world)
    seq = seq_of(world, "t1")
    tamper(world, "UPDATE ledger_journal SET amount = 5000000 WHERE tid = 't1'")
    found = problems(world)
    assert f"journal row {seq} (transfer 't1'): hash mismatch" in found
    assert "differs from the journal" in found  # the balances no longer follow from the journal


def test_edited_account_balance_is_found(world: Ledger) -> None:
    books(world)
    tamper(
        world,
        "UPDATE ledger_balances SET credits_posted = credits_posted + 1000 "
        "WHERE id = (SELECT id FROM ledger_accounts WHERE name = 'dc/electricity')",
    )
    found = problems(world)
    assert "account" in found and "differs from the journal" in found
    assert "debits ≠ credits" in found


def test_stray_or_missing_balances_are_found(world: Ledger) -> None:
    books(world)
    tamper(
        world,
        "INSERT INTO ledger_balances (id, debits_posted, credits_posted, debits_pending, credits_pending) VALUES (999, 0, 5, 0, 0)",
    )
    assert "balances of account id 999" in problems(world)


def test_edited_lot_origin_and_holdings_are_found(world: Ledger) -> None:
    books(world)
    tamper(world, "UPDATE ledger_lots SET location = 'elsewhere' WHERE meter = 'farm1'")
    assert "lot" in problems(world)
    tamper(world, "UPDATE ledger_lots SET location = 'JP-Kyushu' WHERE meter = 'farm1'")
    check(world)
    tamper(
        world,
        "UPDATE ledger_balances SET lots = '' WHERE id = (SELECT id FROM ledger_accounts WHERE name = 'dc/electricity')",
    )
    found = problems(world)
    assert "lots held" in found or "holding" in found


def test_deleted_row_is_found(world: Ledger) -> None:
    books(world)
    seq = seq_of(world, "b1")
    tamper(world, "DELETE FROM ledger_journal WHERE tid = 'b1'")
    found = problems(world)
    assert f"journal rows {seq}..{seq} are missing" in found


def test_deleted_last_row_is_found(world: Ledger) -> None:
    books(world)
    last, _ = world.head()
    tamper(world, f"DELETE FROM ledger_journal WHERE seq = {last}")
    assert "removed from or added to the end" in problems(world)


def test_rewritten_chain_is_found_with_an_anchor(world: Ledger) -> None:
    """Someone who edits a row and recomputes every later hash and the head passes the chain check — but not an
    anchor recorded earlier outside the database, and not the replay against the balances."""
    books(world)
    anchor = world.head()
    seq = seq_of(world, "t2")
    rows = []
    with world.engine.connect() as conn:
        rows = [tuple(r) for r in conn.exec_driver_sql(
            "SELECT seq, batch, kind, tid, debit_id, credit_id, amount, ref, ts, lots, meta, hash FROM ledger_journal "
            "ORDER BY seq"
        )]  # fmt: skip
    prev = bytes(rows[seq - 2][11])
    updates = []
    for row in rows[seq - 1 :]:
        row = list(row)
        if row[3] == "t2":
            row[6] = 1  # transfer 1 Wh instead of 0.5 MWh
            row[9] = row[9].split(":")[0] + ":1" if row[9] else None
        prev = chain_hash(prev, *row[:11])
        updates.append((row[6], row[9], prev, row[0]))
    tamper(world)  # drop the guards
    sql = "UPDATE ledger_journal SET amount = ?, lots = ?, hash = ? WHERE seq = ?"
    with world.engine.begin() as conn:
        conn.exec_driver_sql(sql.replace("?", "%s") if world.pg else sql, updates)
        conn.exec_driver_sql(
            "UPDATE ledger_meta SET head_hash = %s WHERE id = 1"
            if world.pg
            else "UPDATE ledger_meta SET head_hash = ? WHERE id = 1",
            (prev.hex(),),
        )
    report = world.verify()
    assert not any("hash mismatch" in p for p in report.problems)  # the chain itself is consistent again …
    assert any("differs from the journal" in p for p in report.problems)  # … but not with the balances
    anchored = world.verify(anchor=anchor)
    assert any("anchored hash" in p for p in anchored.problems)


def test_invariant_totals(world: Ledger) -> None:
    books(world)
    report = world.verify()
    assert report.ok and report.rows == world.head()[0]
    totals = {c.commodity: c for c in report.commodities}
    e = totals["electricity"]
    assert e.issued == e.issued_by_journal == 10_000_000
    assert e.issued == e.held + e.retired + e.converted + e.lost
    assert e.pending == 1_000_000
    assert e.debits_posted == e.credits_posted
    assert totals["chip"].held == 40 and totals["compute"].issued == totals["compute"].held
    assert report.open_pendings == 1
