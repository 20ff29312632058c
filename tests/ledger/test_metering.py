"""Issuance only from metering: gap-free, non-overlapping, capacity-bounded readings; lots and retirement."""

from __future__ import annotations

import pytest

from wattsandtons.ledger import Ledger, LedgerError, Reading, Transfer
from wattsandtons.ledger.limits import BACKDATE_ENV, BACKDATE_S, MAX_READINGS

from .helpers import DAY, Clock, check, refused

H = 3600


def test_reading_issues_a_lot_with_its_origin(world: Ledger) -> None:
    lot = world.record_reading("farm1", DAY + 10 * H, DAY + 11 * H, "16.2 MWh")
    assert lot is not None
    assert (lot.amount, lot.unit, lot.origin, lot.meter) == (16_200_000, "Wh", "meter", "farm1")
    assert (lot.start_s, lot.end_s, lot.technology, lot.location) == (
        DAY + 10 * H,
        DAY + 11 * H,
        "solar PV",
        "JP-Kyushu",
    )
    assert lot.issued_to == "solarco/electricity" and lot.held == {"solarco/electricity": 16_200_000}
    assert world.account("meter:farm1").balance == -16_200_000
    meter = world.meter("farm1")
    assert (meter["last_end"], meter["readings"], meter["issued"]) == (DAY + 11 * H, 1, 16_200_000)
    check(world)


def test_capacity_bound_with_margin(world: Ledger) -> None:
    # 20 MW × 1 h × 1.1 = 22 MWh is the most one hour can issue
    world.record_reading("farm1", DAY, DAY + H, "22 MWh")
    error = refused("exceeds_capacity", world.record_reading, "farm1", DAY + H, DAY + 2 * H, 22_000_001)
    assert error.field == "readings[0].amount" and "22,000,000" in error.message
    # a shorter interval has a proportionally smaller bound: 15 min → 5.5 MWh
    world.record_reading("farm1", DAY + H, DAY + H + 900, "5.5 MWh")
    refused("exceeds_capacity", world.record_reading, "farm1", DAY + H + 900, DAY + H + 1800, "5.500001 MWh")
    check(world)


def test_gap_free_and_non_overlapping(world: Ledger) -> None:
    world.record_reading("farm1", DAY, DAY + H, "1 MWh")
    head = world.head()
    e = refused("duplicate_reading", world.record_reading, "farm1", DAY, DAY + H, "1 MWh")
    assert e.status == 409
    refused("overlapping_reading", world.record_reading, "farm1", DAY, DAY + H, "2 MWh")
    refused("overlapping_reading", world.record_reading, "farm1", DAY + 1800, DAY + H + 1800, "1 MWh")
    refused("reading_gap", world.record_reading, "farm1", DAY + 2 * H, DAY + 3 * H, "1 MWh")
    assert world.head() == head
    world.record_reading(
        "farm1", DAY + H, DAY + 2 * H, 0
    )  # night: a zero reading keeps the sequence gap-free
    world.record_reading("farm1", DAY + 2 * H, DAY + 3 * H, "1 MWh")
    assert world.meter("farm1")["readings"] == 3
    check(world)


def test_interval_rules(world: Ledger, clock: Clock) -> None:
    refused("invalid_interval", world.record_reading, "farm1", DAY, DAY, 1)
    refused("invalid_interval", world.record_reading, "farm1", DAY + H, DAY, 1)
    refused(
        "invalid_interval", world.record_reading, "farm1", DAY, DAY + H + 1, 1
    )  # longer than a GC interval
    refused("reading_in_future", world.record_reading, "farm1", int(clock.now) - 1, int(clock.now) + 1, 1)
    refused("invalid_time", world.record_reading, "farm1", -5, 10, 1)
    refused("meter_not_found", world.record_reading, "nope", DAY, DAY + H, 1)
    refused("invalid_unit", world.record_reading, "farm1", DAY, DAY + H, "1 t")


def test_commissioning_start(world: Ledger) -> None:
    world.register_meter(
        "farm2", owner="solarco", account="solarco/electricity", capacity="5 MW", location="JP-Kyushu",
        technology="solar PV", start_s=DAY + 6 * H,
    )  # fmt: skip
    head = world.head()
    refused("reading_before_commissioning", world.record_reading, "farm2", DAY + 5 * H, DAY + 6 * H, 1)
    refused(
        "reading_before_commissioning", world.record_reading, "farm2", DAY + 6 * H - 1, DAY + 6 * H + 60, 1
    )
    assert world.head() == head
    world.record_reading("farm2", DAY + 7 * H, DAY + 8 * H, "1 MWh")  # the first reading may start later
    refused("reading_gap", world.record_reading, "farm2", DAY + 9 * H, DAY + 10 * H, 1)  # then gap-free
    check(world)


def test_meter_without_start_is_commissioned_at_registration(world: Ledger, clock: Clock) -> None:
    # the issue's exploit: a meter registered without a start accepted readings from 1970 (22 GWh in one request)
    world.register_meter(
        "late",
        owner="solarco",
        account="solarco/electricity",
        capacity="20 MW",
        location="x",
        technology="pv",
    )
    assert world.meter("late")["start"] == int(clock.now)
    refused("reading_before_commissioning", world.record_reading, "late", DAY, DAY + H, "1 MWh")
    refused("reading_too_old", world.record_reading, "late", 0, H, "1 MWh")
    clock.advance(H)
    world.record_reading("late", int(clock.now) - H, int(clock.now), "20 MWh")
    check(world)


def test_backdating_window(db_url: str, clock: Clock) -> None:
    ledger = Ledger(db_url, clock=clock, backdate_s=7 * 86400)
    try:
        ledger.create_commodity("electricity", "Wh")
        ledger.create_account("a", "o", "electricity")
        ledger.register_meter(
            "m", owner="o", account="a", capacity="1 MW", location="x", technology="pv", start_s=0
        )  # commissioned long ago: the window, not the commissioning time, bounds what can still be issued
        now = int(clock.now)
        oldest = now - 7 * 86400
        head = ledger.head()
        e = refused("reading_too_old", ledger.record_reading, "m", oldest - 1, oldest - 1 + H, 1)
        assert e.field == "readings[0].start" and e.status == 422
        assert ledger.head() == head
        ledger.record_reading("m", oldest, oldest + H, "1 MWh")
    finally:
        ledger.close()


def test_default_backdating_window(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    monkeypatch.delenv(BACKDATE_ENV, raising=False)
    with Ledger(sqlite_url) as ledger:
        assert ledger.backdate_s == BACKDATE_S == 31 * 86400
    monkeypatch.setenv(BACKDATE_ENV, "3600")
    with Ledger(sqlite_url) as ledger:
        assert ledger.backdate_s == 3600
    monkeypatch.setenv(BACKDATE_ENV, "a week")
    refused("invalid_backdate", Ledger, sqlite_url)


def test_no_issuance_for_intervals_that_have_not_ended(world: Ledger, clock: Clock) -> None:
    now = int(clock.now)
    refused("reading_in_future", world.record_reading, "farm1", now - 1800, now + 1, 1)  # ends 1 s from now
    world.record_reading("farm1", DAY, now - 23 * H, 0)  # gap-free up to 23 h ago …
    for hour in range(23, 0, -1):
        world.record_reading(
            "farm1", now - hour * H, now - (hour - 1) * H, "1 MWh"
        )  # … and up to now exactly


def test_cap_per_request(world: Ledger) -> None:
    too_many = [Reading("farm1", DAY + n, DAY + n + 1, 0) for n in range(MAX_READINGS + 1)]
    e = refused("batch_too_large", world.record_readings, too_many)
    assert e.status == 413 and MAX_READINGS == 10_000


def test_readings_batch_all_or_nothing(world: Ledger) -> None:
    head = world.head()
    with pytest.raises(LedgerError) as info:
        world.record_readings(
            [Reading("farm1", DAY, DAY + H, "1 MWh"), Reading("farm1", DAY + H, DAY + 2 * H, "30 MWh")]
        )
    assert info.value.code == "exceeds_capacity" and info.value.field == "readings[1].amount"
    assert world.head() == head
    lots = world.record_readings(
        [Reading("farm1", DAY, DAY + H, "1 MWh"), Reading("farm1", DAY + H, DAY + 2 * H, "2 MWh")]
    )
    assert [lot.amount for lot in lots if lot] == [1_000_000, 2_000_000]
    check(world)


def test_meter_registration_rules(world: Ledger) -> None:
    refused("invalid_capacity", world.register_meter, "m", owner="solarco", account="solarco/electricity",
            capacity="20 MWh", location="x", technology="y")  # fmt: skip
    refused("invalid_capacity", world.register_meter, "m", owner="solarco", account="solarco/electricity",
            capacity="-1 MW", location="x", technology="y")  # fmt: skip
    refused("invalid_account", world.register_meter, "m", owner="dc", account="solarco/electricity",
            capacity="1 MW", location="x", technology="y")  # fmt: skip
    refused("invalid_text", world.register_meter, "m", owner="solarco", account="solarco/electricity",
            capacity="1 MW", location="\x00", technology="y")  # fmt: skip
    world.register_meter(
        "mass1",
        owner="dc",
        account="dc/chips",
        capacity="2 piece/min",
        location="x",
        technology="y",
        start_s=DAY,
    )
    world.record_reading("mass1", DAY, DAY + H, 132)  # 120 per hour + 10 %
    refused("exceeds_capacity", world.record_reading, "mass1", DAY + H, DAY + 2 * H, 133)


def test_lots_follow_the_energy_oldest_first(world: Ledger) -> None:
    first = world.record_reading("farm1", DAY, DAY + H, "1 MWh")
    second = world.record_reading("farm1", DAY + H, DAY + 2 * H, "2 MWh")
    assert first and second
    world.transfer("t1", "solarco/electricity", "dc/electricity", "1.5 MWh")
    assert world.lots_held("dc/electricity") == [(first.id, 1_000_000), (second.id, 500_000)]
    assert world.lots_held("solarco/electricity") == [(second.id, 1_500_000)]
    assert world.lot(second.id).held == {"solarco/electricity": 1_500_000, "dc/electricity": 500_000}
    check(world)


def test_retirement(world: Ledger) -> None:
    first = world.record_reading("farm1", DAY, DAY + H, "1 MWh")
    second = world.record_reading("farm1", DAY + H, DAY + 2 * H, "2 MWh")
    assert first and second
    world.retire("r1", "solarco/electricity", "0.5 MWh", "Kyushu town hall", lot=second.id)
    lot = world.lot(second.id)
    assert lot.retired == (("r1", "Kyushu town hall", 500_000),)
    assert lot.held == {"solarco/electricity": 1_500_000}
    world.retire(
        "r2", "solarco/electricity", "1.2 MWh", "Fukuoka school"
    )  # oldest first: all of lot 1, then lot 2
    assert world.lot(first.id).retired == (("r2", "Fukuoka school", 1_000_000),)
    assert world.account("retired:electricity").balance == 1_700_000
    assert world.retire("r2", "solarco/electricity", "1.2 MWh", "Fukuoka school").status == "exists"
    refused(
        "exists_with_different_fields", world.retire, "r2", "solarco/electricity", "1 MWh", "Fukuoka school"
    )
    refused("exceeds_lot", world.retire, "r3", "solarco/electricity", "1 MWh", "x", lot=first.id)
    refused("exceeds_balance", world.retire, "r3", "solarco/electricity", "2 MWh", "x")
    refused("system_account", world.retire, "r3", "meter:farm1", 1, "x")
    refused("invalid_text", world.retire, "r3", "solarco/electricity", 1, "")
    # retired units never come back: the sink cannot be debited by anyone
    refused("system_account", world.submit, [Transfer("t9", "retired:electricity", "dc/electricity", 1)])
    report = world.verify()
    electricity = next(c for c in report.commodities if c.commodity == "electricity")
    assert (electricity.issued, electricity.held, electricity.retired) == (3_000_000, 1_300_000, 1_700_000)
    check(world)
