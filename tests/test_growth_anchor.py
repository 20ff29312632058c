"""The legacy anchor: ``integrator: euler`` with ``substeps: 1`` runs the plain explicit-Euler ``shares`` model,
checked against the same model written by hand in NumPy (benchmarks/models/loop5.yaml; the benchmark also checks it
against PySD)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wattsandtons.growth import prepare, sample_parameters, simulate
from wattsandtons.scenario import ScenarioError, load_scenario, parse_scenario

LOOP5 = Path(__file__).resolve().parents[1] / "benchmarks" / "models" / "loop5.yaml"
YEAR = 365.25 * 86400.0
MWH = 3.6e9

# loop5 in natural units (MW, piece/yr, piece/yr, EFLOP/s, t/yr), written out from the YAML by hand.
C0 = np.array([1e5, 1e6, 2e7, 1500.0, 2e9])
CF = np.array([0.2, 0.7, 0.8, 0.8, 0.6])
# Capital per unit of capacity of each plant (columns: solar, robot factory, chip fab, datacentre, mine).
ROBOTS = np.array([5.0, 500 / 1000, 20000 / 1e6, 20.0, 1000 / 1e6])
CHIPS = np.array([50.0, 1000 / 1000, 5000 / 1e6, 10_000.0, 2000 / 1e6])
MASS = np.array([800.0, 20000 / 1000, 1e6 / 1e6, 5000.0, 50000 / 1e6])  # t of mined mass
SHARES_FIXED = {2: 0.1, 3: 0.1, 4: 0.1}  # chip fab, datacentre, mine
TO_SI = np.array([1e6, 1 / YEAR, 1 / YEAR, 1e18, 1e3 / YEAR])  # natural unit → SI


def hand_euler(p: dict[str, np.ndarray], steps: int) -> np.ndarray:
    """loop5 by hand: (members, steps, 5) capacities at the start of each monthly Euler step, natural units.

    Per step: demand met μ = min(1, solar and datacentre spare ÷ demand's use); rebuild retirements (λ₁ ≤ 1) with
    what is left of every capacity (electricity, robots, chips, mined mass), then grow along the shares ÷ embodied
    sunlight (λ₂) as far as the tightest capacity allows; C ← C + (build − C/L) dt; demand × (1 + 0.2 dt).
    """
    dt = 1 / 12
    n = p["solar_reinvest"].shape[0]
    hours = YEAR / 3600
    # Electricity (MWh) to make the capital of one unit of capacity; 0.5 MWh per t mined.
    embodied = p["robot_electricity"][:, None] * ROBOTS + p["chip_electricity"][:, None] * CHIPS + 0.5 * MASS
    shares = np.column_stack(
        [p["solar_reinvest"], p["robot_reinvest"], *[np.full(n, SHARES_FIXED[g]) for g in (2, 3, 4)]]
    )
    total = shares.sum(axis=1)
    direction = shares / total[:, None] / (5.0 * embodied)  # per MWh of sunlight embodied
    fraction = np.minimum(total, 1.0)
    # Use of the rows (solar MW, robots, chips, mined mass per year) per unit of capacity built per year.
    use = np.stack([embodied / hours, np.broadcast_to(ROBOTS, (n, 5)), np.broadcast_to(CHIPS, (n, 5)),
                    np.broadcast_to(MASS, (n, 5))], axis=1)  # fmt: skip
    rows = [0, 1, 2, 4]  # the plant whose capacity each row is
    life = np.column_stack([p["solar_lifetime"], p["robot_lifetime"], np.full(n, 10.0), np.full(n, 6.0),
                            np.full(n, 25.0)])  # fmt: skip
    u2 = np.einsum("mrg,mg->mr", use, direction)
    y_d = 3e10 / YEAR  # EFLOP/s
    y_s = 0.0005 * 3600 * y_d  # MW of electricity (0.5 kWh per EFLOP)
    C = np.tile(C0, (n, 1))
    out = np.empty((n, steps, 5))
    for k in range(steps):
        out[:, k] = C
        avail = C * CF
        mu = np.clip(np.minimum(avail[:, 0] / y_s, avail[:, 3] / y_d), 0.0, 1.0)
        slack = avail[:, rows].copy()
        slack[:, 0] -= mu * y_s
        retire = C / life
        u1 = np.einsum("mrg,mg->mr", use, retire)
        lam1 = np.clip((slack / u1).min(axis=1), 0.0, 1.0)
        spare = np.maximum(slack - lam1[:, None] * u1, 0.0)
        lam2 = fraction * np.maximum((spare / u2).min(axis=1), 0.0)
        C = np.maximum(C + (lam1[:, None] * retire + lam2[:, None] * direction - retire) * dt, 0.0)
        y_d *= 1 + 0.2 * dt
        y_s *= 1 + 0.2 * dt
    return out


def test_loop5_euler_agrees_with_hand_numpy() -> None:
    scenario = load_scenario(LOOP5)
    structure = prepare(scenario)
    if structure.integrator != "euler" or structure.substeps != 1 or structure.record_every != 1:
        raise AssertionError("loop5 must run the legacy Euler model on its monthly record step")
    sample = sample_parameters(scenario, 16, seed=3)
    to_natural = {"solar_lifetime": 1 / YEAR, "robot_lifetime": 1 / YEAR, "robot_electricity": 1 / MWH,
                  "chip_electricity": 1 / MWH, "solar_reinvest": 1.0, "robot_reinvest": 1.0}  # fmt: skip
    p = {k: sample.values[:, sample.names.index(k)] * f for k, f in to_natural.items()}
    got = simulate(structure, sample=sample).dataset["capacity"].values / TO_SI
    expected = hand_euler(p, structure.steps)
    # Tolerance 1e-12 relative: the same arithmetic in a different order, 600 steps of rounding.
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    # The anchor is a real check: the default integrator (Heun, 10 sub-steps) differs by far more.
    heun = simulate(prepare(parse_scenario(_without_anchor(LOOP5.read_text()), "l.yaml")), sample=sample)
    assert np.max(np.abs(heun.dataset["capacity"].values / TO_SI / expected - 1)) > 1e-3


def _without_anchor(text: str) -> str:
    return "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith(("integrator:", "substeps:"))
    )


def test_integrator_is_validated() -> None:
    text = LOOP5.read_text().replace("integrator: euler", "integrator: rk4")
    with pytest.raises(
        ScenarioError, match=r"bad.yaml:\d+:\d+ growth.integrator: Input should be 'heun' or 'euler'"
    ):
        parse_scenario(text, "bad.yaml")
