"""Per-process conservation under learning: no process makes mass or energy out of nothing (≤ 1e-9)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wattsandtons.growth import simulate
from wattsandtons.scenario import load_scenario, parse_scenario

LEARNER = """\
name: learner
commodities: {widget: {unit: t}, power: {unit: MWh}, ore: {unit: t}}
processes:
  factory:
    outputs: {widget: 1 t}
    inputs: {power: 2 MWh, ore: 3 t}
    capacity: 1 t/yr
    lifetime: 1e15 yr
    capital: {per: 1 t/yr, inputs: {widget: 10 t}}
boundary:
  resources: {power: {}, ore: {}}
growth:
  start: 2030
  end: 2050
  policy: shares
  reinvest: {factory: 1.0}
  learning:
    factory: {progress_ratio: 0.8, applies_to: [material_inputs] HISTORY}
"""


def test_learning_never_cuts_a_material_input_below_the_product() -> None:
    """3 t of ore per t of widget with 20 %/doubling on material inputs: cumulative output grows ~×40, Wright's law
    would give 3 · 0.8^5.3 = 0.92 t, but the widget weighs 1 t — ore per widget stops at exactly 1 t (1e-9), the
    run says so, and no process makes mass from nothing (≤ 1e-9)."""
    run = simulate(parse_scenario(LEARNER.replace(" HISTORY", ""), "l.yaml"))
    ds = run.dataset
    made = ds["production"].sel(process="factory").values[0]
    ore = ds["drawn"].sel(node="ore@earth").values[0] / made
    assert ore[0] == pytest.approx(3.0, rel=1e-12)
    assert ore[-1] == pytest.approx(1.0, rel=1e-9)
    assert float(ds["process_mass_residual"].max()) <= 1e-9
    assert float(ds["process_energy_residual"].max()) <= 1e-9
    assert any(w.startswith("learning held: the inputs of factory") for w in run.warnings())


def test_learning_starts_from_historical_cumulative_output() -> None:
    """With 100 t made before the start, the first year's 1 t barely moves the curve: after the first month the
    multiplier is ((100 + q) / 100)^log2(0.8), q the month's output (1e-9)."""
    run = simulate(parse_scenario(LEARNER.replace(" HISTORY", ", cumulative: 100 t"), "l.yaml"))
    ds = run.dataset
    made = ds["production"].sel(process="factory").values[0]  # kg/s, yearly means
    ore = ds["drawn"].sel(node="ore@earth").values[0] / made
    assert 3.0 * 0.99 < ore[0] < 3.0  # learning inside the first year, from 100 t, is slow
    year = 365.25 * 86400.0
    total = 100.0 + float(np.sum(made[:-1])) * year / 1000  # t made by the start of the last year
    expected_last = 3.0 * (total / 100.0) ** math.log2(0.8)
    assert ore[-1] == pytest.approx(expected_last, rel=2e-2)  # the last year's mean over its months


def test_bundled_loop_conserves_mass_and_energy_per_process() -> None:
    run = simulate(load_scenario("closed_loop_earth"), members=8, seed=2)
    ds = run.dataset
    assert float(ds["process_mass_residual"].max()) <= 1e-9
    assert float(ds["process_energy_residual"].max()) <= 1e-9
    assert float(ds["mass_residual"].max()) <= 1e-9 and float(ds["energy_residual"].max()) <= 1e-9
