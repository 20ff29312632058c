"""The loop's growth limit g* (von Neumann / dynamic Leontief) against hand derivations and invariants."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wattsandtons.balance.growth_limit import perron_growth
from wattsandtons.cli import app
from wattsandtons.growth import max_growth_rate
from wattsandtons.scenario import load_scenario, parse_scenario

# Factory F makes widgets with a MWh of electricity per tonne and k_f t of widgets per t/yr of capacity; the power
# plant P makes electricity with k_p t of widgets per MWh/yr of capacity at capacity factor c.
LOOP = """\
name: two_plants
commodities:
  widget: {unit: t}
  electricity: {unit: MWh}
  ore: {unit: t}
processes:
  factory:
    outputs: {widget: 1 t}
    inputs: {electricity: A MWh, ore: 1 t}
    capacity: 100 t/yr
    lifetime: LF yr
    capital: {per: 1 t/yr, inputs: {widget: KF t}}
  power:
    outputs: {electricity: 1 MWh}
    capacity: 1000 MWh/yr
    capacity_factor: CF
    lifetime: LP yr
    capital: {per: 1 MWh/yr, inputs: {widget: KP t}}
boundary:
  resources:
    ore: {limit: ORE t/yr}
"""
a, k_f, k_p, c, l_f, l_p = 2.0, 0.5, 0.1, 0.25, 20.0, 25.0


def loop(ore: float = 1e6) -> str:
    text = LOOP
    for key, value in (("A", a), ("KF", k_f), ("KP", k_p), ("CF", c), ("LF", l_f), ("LP", l_p), ("ORE", ore)):
        text = text.replace(f" {key} ", f" {value} ").replace(f": {key}\n", f": {value}\n")
    return text


def test_two_plant_loop_by_hand() -> None:
    """Widget row: 1 = (g + 1/L_f) k_f + (g + 1/L_p) a k_p / c; electricity row: x_P = a x_F.

    So g* = (1 − k_f/L_f − a k_p/(c L_p)) / (k_f + a k_p/c) = 0.943 / 1.3 per year (net of replacement) and
    1 / 1.3 gross; the factory's capital is k_f / (k_f + a k_p/c) of the doubling time. Tolerance 1e-9 relative.
    """
    limit = max_growth_rate(parse_scenario(loop(), "loop.yaml"))
    share = a * k_p / c
    assert limit.rate_per_year == pytest.approx((1 - k_f / l_f - share / l_p) / (k_f + share), rel=1e-9)
    assert limit.gross_rate_per_year == pytest.approx(1 / (k_f + share), rel=1e-9)
    assert limit.doubling_time_years == pytest.approx(math.log(2) / limit.rate_per_year, rel=1e-12)
    # Mix: electricity per widget = a MWh/t (SI: J per kg)
    ratio = limit.activity["power"] / limit.activity["factory"]
    assert ratio == pytest.approx(a * 3.6e9 / 1000.0, rel=1e-9)
    assert limit.elasticity["factory"] == pytest.approx(k_f / (k_f + share), rel=1e-9)
    assert sum(limit.elasticity.values()) == pytest.approx(1.0, rel=1e-12)
    assert sum(limit.plant_mix.values()) == pytest.approx(1.0, rel=1e-12)
    assert "factory" in limit.limiting or "power" in limit.limiting


def test_a_draw_limit_ends_balanced_growth_after_log_time() -> None:
    """Ore is drawn at 1 t per t of widgets. Today's fleet runs a balanced loop of at most x_F = min(100 t/yr,
    1000 MWh/yr · 0.25 / 2 MWh/t = 125 t/yr) = 100 t/yr, drawing 100 t/yr of ore; a limit of 1e4 t/yr is reached
    after ln(1e4 / 100) / g* years. Tolerance 1e-9 relative."""
    limit = max_growth_rate(parse_scenario(loop(ore=1e4), "loop.yaml"))
    (bound,) = limit.bounds
    assert bound.node == "ore@earth"
    assert bound.draw_per_s * 365.25 * 86400 / 1000 == pytest.approx(100.0, rel=1e-9)
    assert bound.years_to_limit == pytest.approx(math.log(100.0) / limit.rate_per_year, rel=1e-9)
    assert "ore@earth" in limit.limiting


def test_no_capital_means_no_limit_and_unreplaceable_capital_means_no_growth() -> None:
    rate, _, _ = perron_growth(np.array([[0.2]]), np.array([[0.0]]), np.array([[0.0]]))
    assert math.isinf(float(rate))
    rate, _, _ = perron_growth(np.array([[0.5]]), np.array([[1.0]]), np.array([[0.6]]))
    assert float(rate) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=2**31 - 1))
def test_perron_vector_is_nonnegative_and_solves_the_eigenproblem(n: int, seed: int) -> None:
    """For non-negative A, B, D with ρ(A + D) < 1: x* ≥ 0 and (I − A − D) x* = g* B x* (1e-9 relative)."""
    rng = np.random.default_rng(seed)
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.6)
    B = rng.random((n, n)) * 10 ** rng.uniform(-3, 3, (n, n)) * (rng.random((n, n)) < 0.7)
    D = B * rng.uniform(0.0, 0.1, (1, n))
    rho = max(np.abs(np.linalg.eigvals(A + D)))
    if rho >= 0.9:
        A, D = A * 0.9 / rho, D * 0.9 / rho
    rate, x, elasticity = perron_growth(A, B, D)
    assert np.all(x >= 0.0)
    if math.isfinite(float(rate)) and float(rate) > 0:
        lhs = (np.eye(n) - A - D) @ x
        rhs = float(rate) * (B @ x)
        assert np.allclose(lhs, rhs, rtol=1e-9, atol=1e-9 * max(np.abs(lhs).max(), np.abs(rhs).max()))
        assert np.all(elasticity >= 0.0)


def test_bundled_loop_reports_a_finite_rate() -> None:
    limit = max_growth_rate(load_scenario("closed_loop_earth"))
    assert 0.0 < limit.rate_per_year < limit.gross_rate_per_year
    assert all(v >= 0 for v in limit.plant_mix.values())


def test_balance_command_prints_and_serialises_the_limit() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["balance", "closed_loop_earth", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    g = doc["growth_limit"]
    assert g["rate_per_year"] == pytest.approx(
        max_growth_rate(load_scenario("closed_loop_earth")).rate_per_year
    )
    assert g["doubling_time_years"] == pytest.approx(math.log(2) / g["rate_per_year"])
    table = runner.invoke(app, ["balance", "closed_loop_earth"])
    assert table.exit_code == 0, table.output
    assert "growth limit" in table.stdout.lower() and "doubling" in table.stdout.lower()
