"""Posting rules, linked batches, idempotency and two-phase transfers — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from wattsandtons.ledger import MAX_AMOUNT, Ledger, Transfer

from .helpers import DAY, Clock, check, refused


def fund(world: Ledger, mwh: int = 16) -> None:
    world.record_reading("farm1", DAY + 10 * 3600, DAY + 11 * 3600, f"{mwh} MWh")
    world.record_reading("fab1", DAY, DAY + 3600, 50)


def balance(ledger: Ledger, name: str) -> int:
    return ledger.account(name).balance


def test_transfer_moves_exact_integers_with_units(world: Ledger) -> None:
    fund(world)
    result = world.transfer("t1", "solarco/electricity", "dc/electricity", "2.5 MWh")
    assert result.status == "created"
    assert balance(world, "solarco/electricity") == 13_500_000
    assert balance(world, "dc/electricity") == 2_500_000
    world.transfer("t2", "solarco/electricity", "dc/electricity", 1)  # a bare integer is in Wh
    assert balance(world, "dc/electricity") == 2_500_001
    world.transfer("t3", "solarco/electricity", "dc/electricity", "1.5 kWh")
    assert balance(world, "dc/electricity") == 2_501_501
    check(world)


@pytest.mark.parametrize(
    ("amount", "wh"),
    [
        ("3.6 GJ", 1_000_000),  # 3.6e9 J / 3600 J per Wh: exact, although 1 GJ is 277,777.7… Wh
        ("3.6 MJ", 1_000),
        ("1e6", 1_000_000),  # a bare number is in the smallest unit
        (" 2.5e3 ", 2_500),
        (1e6, 1_000_000),  # a JSON number: whole and exact in a double
        ("0.001 MWh", 1_000),
        ("7.2 kJ", 2),
    ],
)
def test_any_exact_amount_in_a_compatible_unit(world: Ledger, amount: object, wh: int) -> None:
    fund(world)
    world.transfer("t1", "solarco/electricity", "dc/electricity", amount)
    assert balance(world, "dc/electricity") == wh
    check(world)


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0.5 Wh", "not_whole_units"),
        ("1.0000001 kWh", "not_whole_units"),
        ("3 kg", "invalid_unit"),
        ("5 furlongs", "invalid_unit"),
        ("9**9**9 Wh", "invalid_amount"),
        (0, "invalid_amount"),
        (-5, "invalid_amount"),
        (MAX_AMOUNT + 1, "invalid_amount"),
        (2.5, "invalid_amount"),
        (float("nan"), "invalid_amount"),
        (float("inf"), "invalid_amount"),
        (2.0**60, "invalid_amount"),  # a double no longer holds every integer there
        ("1e-3", "not_whole_units"),
        ("1e400", "invalid_amount"),
        (True, "invalid_amount"),
        ("", "invalid_amount"),
    ],
)
def test_bad_amounts_are_refused_and_change_nothing(world: Ledger, amount: object, code: str) -> None:
    fund(world)
    head = world.head()
    refused(code, world.transfer, "t1", "solarco/electricity", "dc/electricity", amount)
    assert world.head() == head


def test_no_negative_balance(world: Ledger) -> None:
    fund(world, mwh=1)
    error = refused(
        "exceeds_balance", world.transfer, "t1", "solarco/electricity", "dc/electricity", "1.000001 MWh"
    )
    assert error.status == 409
    world.transfer("t2", "solarco/electricity", "dc/electricity", "1 MWh")
    assert balance(world, "solarco/electricity") == 0
    refused("exceeds_balance", world.transfer, "t3", "solarco/electricity", "dc/electricity", 1)
    check(world)


def test_structural_refusals(world: Ledger) -> None:
    fund(world)
    refused("commodity_mismatch", world.transfer, "t1", "solarco/electricity", "dc/chips", 1)
    refused("accounts_must_be_different", world.transfer, "t1", "dc/chips", "dc/chips", 1)
    refused("account_not_found", world.transfer, "t1", "solarco/electricity", "nobody", 1)
    refused("system_account", world.transfer, "t1", "meter:farm1", "dc/electricity", 1)
    refused("system_account", world.transfer, "t1", "solarco/electricity", "retired:electricity", 1)
    refused("invalid_id", world.transfer, "bad id", "solarco/electricity", "dc/electricity", 1)
    refused("invalid_id", world.transfer, "expire:x", "solarco/electricity", "dc/electricity", 1)
    refused("invalid_id", world.transfer, "abc\n", "solarco/electricity", "dc/electricity", 1)  # no line end
    refused(
        "invalid_metadata",
        world.transfer,
        "t1",
        "solarco/electricity",
        "dc/electricity",
        1,
        metadata={"x": float("nan")},
    )
    refused("empty_batch", world.submit, [])
    refused("unknown_field", world.submit, [{"id": "t1", "debit": "a"}])
    refused("duplicate_id", world.submit, [Transfer("t1", "solarco/electricity", "dc/electricity", 1)] * 2)
    refused("invalid_kind", world.create_account, "x", "o", "electricity", kind="source")
    refused("reserved_owner", world.create_account, "x", "system", "electricity")
    refused("invalid_flag", world.create_account, "x", "o", "electricity", no_negative=False)
    check(world)


def test_linked_batch_is_all_or_nothing(world: Ledger) -> None:
    fund(world, mwh=2)
    head = world.head()
    error = refused(
        "exceeds_balance",
        world.submit,
        [
            Transfer("a", "solarco/electricity", "dc/electricity", "1 MWh"),
            Transfer("b", "dc/chips", "solarco/chips", 10),
            Transfer("c", "solarco/electricity", "dc/electricity", "1.5 MWh"),  # only 1 MWh left after "a"
        ],
    )
    assert error.field == "transfers[2].amount"
    assert world.head() == head
    assert balance(world, "dc/electricity") == 0
    assert balance(world, "solarco/chips") == 0
    # each transfer sees the previous one's effect: receive, then pass on in the same batch
    world.create_account("grid/electricity", "grid", "electricity")
    world.submit(
        [
            Transfer("d", "solarco/electricity", "dc/electricity", "2 MWh"),
            Transfer("e", "dc/electricity", "grid/electricity", "2 MWh"),
        ]
    )
    assert balance(world, "grid/electricity") == 2_000_000
    check(world)


def test_idempotency(world: Ledger) -> None:
    fund(world)
    batch = [
        Transfer("x1", "solarco/electricity", "dc/electricity", "1 MWh", metadata={"order": 7}),
        Transfer("x2", "dc/chips", "solarco/chips", 5),
    ]
    first = world.submit(batch)
    again = world.submit(batch)
    assert again.status == "exists" and again.seqs == first.seqs and again.batch == first.batch
    assert balance(world, "dc/electricity") == 1_000_000
    refused("exists_with_different_amount", world.submit, [Transfer("x2", "dc/chips", "solarco/chips", 6)])
    refused(
        "exists_with_different_debit_account", world.submit, [Transfer("x2", "solarco/chips", "dc/chips", 5)]
    )
    refused(
        "exists_with_different_metadata",
        world.submit,
        [Transfer("x1", "solarco/electricity", "dc/electricity", "1 MWh", metadata={"order": 8})],
    )
    refused(
        "exists_with_different_kind",
        world.submit,
        [Transfer("x2", "dc/chips", "solarco/chips", 5, kind="pending")],
    )
    refused(
        "batch_partially_exists",
        world.submit,
        [batch[0], Transfer("x3", "dc/chips", "solarco/chips", 1)],
    )
    assert balance(world, "solarco/chips") == 5
    check(world)


def test_two_phase_post_void_expire(world: Ledger, clock: Clock) -> None:
    fund(world, mwh=10)
    world.submit(
        [Transfer("p1", "solarco/electricity", "dc/electricity", "4 MWh", kind="pending", timeout_s=600)]
    )
    b = world.account("solarco/electricity")
    assert (b.balance, b.available, b.debits_pending) == (10_000_000, 6_000_000, 4_000_000)
    refused("exceeds_balance", world.transfer, "t1", "solarco/electricity", "dc/electricity", "6.5 MWh")
    check(world)
    # partial post: the rest is released
    world.submit([Transfer("post1", kind="post", pending_id="p1", amount="3 MWh")])
    assert balance(world, "dc/electricity") == 3_000_000
    assert world.account("solarco/electricity").available == 7_000_000
    assert world.pending("p1")["state"] == "posted"
    refused(
        "pending_transfer_already_posted", world.submit, [Transfer("post2", kind="post", pending_id="p1")]
    )
    # void
    world.submit([Transfer("p2", "solarco/electricity", "dc/electricity", "1 MWh", kind="pending")])
    world.submit([Transfer("v2", kind="void", pending_id="p2")])
    assert world.account("solarco/electricity").available == 7_000_000
    refused("pending_transfer_already_voided", world.submit, [Transfer("v3", kind="void", pending_id="p2")])
    # expiry: driven by the ledger's clock at the next write
    world.submit(
        [Transfer("p3", "solarco/electricity", "dc/electricity", "2 MWh", kind="pending", timeout_s=60)]
    )
    assert world.account("solarco/electricity").available == 5_000_000
    clock.advance(61)
    assert world.expire_due() == 1
    assert world.pending("p3")["state"] == "expired"
    assert world.account("solarco/electricity").available == 7_000_000
    refused(
        "pending_transfer_already_expired", world.submit, [Transfer("post3", kind="post", pending_id="p3")]
    )
    check(world)


def test_two_phase_refusals(world: Ledger) -> None:
    fund(world, mwh=10)
    world.submit([Transfer("p1", "solarco/electricity", "dc/electricity", "4 MWh", kind="pending")])
    refused(
        "exceeds_pending_amount", world.submit, [Transfer("x", kind="post", pending_id="p1", amount="5 MWh")]
    )
    refused("pending_transfer_not_found", world.submit, [Transfer("x", kind="post", pending_id="nope")])
    refused(
        "pending_mismatch",
        world.submit,
        [Transfer("x", "dc/electricity", None, kind="post", pending_id="p1")],
    )
    refused("invalid_field", world.submit, [Transfer("x", kind="void", pending_id="p1", amount=5)])
    refused(
        "invalid_field",
        world.submit,
        [Transfer("x", "solarco/electricity", "dc/electricity", 1, timeout_s=5)],
    )
    refused(
        "invalid_timeout",
        world.submit,
        [Transfer("x", "solarco/electricity", "dc/electricity", 1, kind="pending", timeout_s=0)],
    )
    # a pending made and posted in one batch
    world.submit(
        [
            Transfer("p2", "solarco/electricity", "dc/electricity", "1 MWh", kind="pending"),
            Transfer("post2", kind="post", pending_id="p2"),
        ]
    )
    assert balance(world, "dc/electricity") == 1_000_000
    # retrying a post is idempotent
    assert world.submit([Transfer("post2", kind="post", pending_id="p2")]).status == "exists"
    check(world)


def test_barter_is_one_linked_batch(world: Ledger) -> None:
    """MWh-denominated barter: electricity reserved by the seller, captured by the buyer with its chips."""
    fund(world)
    world.submit(
        [Transfer("offer", "solarco/electricity", "dc/electricity", "5 MWh", kind="pending", timeout_s=3600)]
    )
    world.submit(
        [
            Transfer("accept", kind="post", pending_id="offer"),
            Transfer("pay", "dc/chips", "solarco/chips", 12),
        ]
    )
    assert balance(world, "dc/electricity") == 5_000_000
    assert balance(world, "solarco/chips") == 12
    check(world)


def test_overflow_is_refused(ledger: Ledger) -> None:
    ledger.create_commodity("token", "piece", lots=False)
    ledger.create_accounts(
        [{"name": "a", "owner": "o", "commodity": "token"}, {"name": "b", "owner": "p", "commodity": "token"}]
    )
    ledger.register_meter(
        "m", owner="o", account="a", capacity=f"{10**16} piece/s", location="x", technology="y", start_s=DAY
    )
    ledger.record_reading("m", DAY, DAY + 3600, MAX_AMOUNT)
    # the source's debits would overflow on a second full issuance: refused, nothing changes
    assert refused("overflow", ledger.record_reading, "m", DAY + 3600, DAY + 7200, MAX_AMOUNT).status == 409
    assert ledger.account("meter:m").balance == -MAX_AMOUNT
    check(ledger)


def test_registration_is_idempotent(world: Ledger) -> None:
    head = world.head()
    world.create_commodity("electricity", "Wh")
    world.create_account("dc/chips", "dc", "chip")
    world.register_recipe("datacentre", {"electricity": "0.59 kWh"}, {"compute": "1 EFLOP"})
    assert world.head() == head
    refused("exists_with_different_fields", world.create_commodity, "electricity", "kWh")
    refused("exists_with_different_fields", world.create_account, "dc/chips", "solarco", "chip")
    check(world)


def test_reopen_reads_the_same_books(world: Ledger, db_url: str) -> None:
    fund(world)
    world.transfer("t1", "solarco/electricity", "dc/electricity", "1 MWh")
    other = Ledger(db_url)
    try:
        assert other.account("dc/electricity").balance == 1_000_000
        other.transfer("t2", "solarco/electricity", "dc/electricity", "1 MWh")
    finally:
        other.close()
    # the first handle notices the other writer (its cached balances are dropped)
    world.transfer("t3", "dc/electricity", "solarco/electricity", "2 MWh")
    assert balance(world, "dc/electricity") == 0
    check(world)


def test_large_batches_take_the_bulk_paths(world: Ledger) -> None:
    """Batches above the bulk thresholds (multi-row statements on SQLite, COPY and a set-based UPDATE on
    PostgreSQL), with holdings spread over several lots, still add up to the last unit."""
    for hour in range(3):
        world.record_reading("farm1", DAY + hour * 3600, DAY + (hour + 1) * 3600, "20 MWh")
    owners = [f"buyer{i}" for i in range(40)]
    world.create_accounts(
        [{"name": f"{o}/electricity", "owner": o, "commodity": "electricity"} for o in owners]
    )
    world.submit(
        [(f"fan{i}", "solarco/electricity", f"{o}/electricity", 1_400_000 + i) for i, o in enumerate(owners)]
    )
    batch = []
    for n in range(437):  # two full chunks of 200 and a remainder
        a, b = owners[n % 40], owners[(n * 7 + 3) % 40]
        if a != b:
            batch.append((f"mix{n}", f"{a}/electricity", f"{b}/electricity", 1 + n % 97))
    result = world.submit(batch)
    assert result.status == "created" and len(result.seqs) == len(batch)
    assert world.submit(batch).status == "exists"
    total = sum(world.account(f"{o}/electricity").balance for o in owners)
    assert total == sum(1_400_000 + i for i in range(40))
    assert any(len(world.lots_held(f"{o}/electricity")) > 1 for o in owners)
    check(world)
