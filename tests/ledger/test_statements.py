"""Energy and mass statements of recorded flows, in the balance part's Statement type."""

from __future__ import annotations

import math

import pytest

from wattsandtons.ledger import Ledger, Transfer
from wattsandtons.ledger.statements import ledger_statement, ledger_statements
from wattsandtons.statement import Statement

from .helpers import DAY, check, refused

H = 3600
MWH = 3.6e9  # J


@pytest.fixture
def traded(world: Ledger, clock) -> Ledger:
    """The worked example: issue, barter electricity for chips, convert to compute, retire."""
    world.record_reading("farm1", DAY + 10 * H, DAY + 11 * H, "16 MWh")
    world.record_reading("fab1", DAY, DAY + H, 50)
    world.submit(
        [Transfer("offer", "solarco/electricity", "dc/electricity", "10 MWh", kind="pending", timeout_s=3600)]
    )
    world.submit(
        [
            Transfer("accept", kind="post", pending_id="offer"),
            Transfer("pay", "dc/chips", "solarco/chips", 12),
        ]
    )
    world.convert("run1", "datacentre", "5.9 MWh", commodity="electricity", owner="dc")
    world.retire("green", "solarco/electricity", "1 MWh", "Kyushu town hall")
    check(world)
    return world


def lines(statement: Statement) -> dict[tuple[str, str, str], float]:
    return {(side, group, label): amount for side, group, label, amount in statement.lines()}


def test_energy_statements(traded: Ledger) -> None:
    solar = ledger_statement(traded, owner="solarco", quantity="energy")
    assert isinstance(solar, Statement) and solar.entity == "owner solarco"
    got = lines(solar)
    assert got[("in", "issued from metering", "farm1: electricity")] == pytest.approx(16 * MWH)
    assert got[("out", "delivered", "dc: electricity")] == pytest.approx(10 * MWH)
    assert got[("out", "retired", "Kyushu town hall: electricity")] == pytest.approx(1 * MWH)
    assert solar.residual == pytest.approx(5 * MWH)
    assert got[("memo", "held at end", "electricity")] == pytest.approx(solar.residual)
    dc = ledger_statement(traded, owner="dc", quantity="energy")
    got = lines(dc)
    assert got[("in", "received", "solarco: electricity")] == pytest.approx(10 * MWH)
    assert got[("out", "lost in conversion", "datacentre: electricity")] == pytest.approx(5.9 * MWH)
    assert dc.residual == pytest.approx(4.1 * MWH)


def test_mass_statements(traded: Ledger) -> None:
    both = ledger_statements(traded, owner="dc")
    dc = both["mass"]
    got = lines(dc)
    assert got[("in", "issued from metering", "fab1: chip")] == pytest.approx(50 * 20.0)
    assert got[("out", "delivered", "solarco: chip")] == pytest.approx(12 * 20.0)
    assert dc.residual == pytest.approx(38 * 20.0)
    solar = ledger_statement(traded, owner="solarco", quantity="mass")
    assert lines(solar)[("in", "received", "dc: chip")] == pytest.approx(240.0)
    assert ledger_statement(traded, account="solarco/chips", quantity="mass").residual == pytest.approx(240.0)
    assert "energy" in both and both["energy"].quantity == "energy"


def test_periods_and_opening_balances(traded: Ledger, clock) -> None:
    cut = clock.now + 1
    clock.advance(100)
    traded.transfer("later", "solarco/electricity", "dc/electricity", "2 MWh")
    before = ledger_statement(traded, owner="dc", end_s=cut)
    after = ledger_statement(traded, owner="dc", start_s=cut, end_s=clock.now + 1)
    assert lines(after) == {
        ("in", "received", "solarco: electricity"): pytest.approx(2 * MWH),
        ("memo", "held at start", "electricity"): pytest.approx(4.1 * MWH),
        ("memo", "held at end", "electricity"): pytest.approx(6.1 * MWH),
    }
    assert math.isclose(before.residual + after.residual, 6.1 * MWH)
    assert after.period_s == pytest.approx(clock.now + 1 - cut)


def test_statement_refusals(traded: Ledger) -> None:
    refused("invalid_entity", ledger_statement, traded)
    refused("invalid_entity", ledger_statement, traded, owner="dc", account="dc/chips")
    refused("invalid_quantity", ledger_statement, traded, owner="dc", quantity="money")
    refused("system_account", ledger_statement, traded, account="meter:farm1")
    refused("invalid_period", ledger_statement, traded, owner="dc", start_s=10, end_s=5)
    # an unknown owner is an error (issue 17), not an empty statement
    assert refused("owner_not_found", ledger_statement, traded, owner="nobody").status == 404
