"""Rocket equation, propellant energy, Wright's law and launch cost against hand and published figures."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattsandtons.physics import PhysicsError, launch
from wattsandtons.physics.reference import (
    METHANE_LHV,
    RAPTOR_OXIDISER_TO_FUEL_RATIO,
    STANDARD_GRAVITY,
    STARSHIP_PAYLOAD_LEO,
    STARSHIP_PROPELLANT_MASS,
)

G0 = STANDARD_GRAVITY.value


def test_rocket_delta_v_hand_and_textbook() -> None:
    # Hand: Isp 300 s, mass ratio e -> Δv = 300 × 9.80665 = 2942.0 m/s.
    assert launch.rocket_delta_v(300.0, math.e, 1.0) == pytest.approx(300.0 * G0)
    # Published (Tsiolkovsky rocket equation, standard SSTO example): exhaust 4.5 km/s, Δv 9.7 km/s to LEO
    # -> 88.4 % of the lift-off mass must be propellant. Tolerance 0.001 on the fraction.
    m_prop = launch.propellant_mass(9700.0, 4500.0 / G0, 1.0)
    assert m_prop / (m_prop + 1.0) == pytest.approx(0.884, abs=1e-3)
    assert launch.rocket_delta_v(4500.0 / G0, 1.0 / (1.0 - 0.884), 1.0) == pytest.approx(9700.0, rel=5e-3)


@given(st.floats(0.0, 15_000.0), st.floats(100.0, 500.0), st.floats(1.0, 1e6))
def test_propellant_mass_inverts_rocket_equation(dv: float, isp: float, m_f: float) -> None:
    m_p = launch.propellant_mass(dv, isp, m_f)
    assert launch.rocket_delta_v(isp, m_f + m_p, m_f) == pytest.approx(dv, rel=1e-9, abs=1e-6)


def test_rocket_equation_broadcasts_and_rejects() -> None:
    out = launch.rocket_delta_v(np.array([300.0, 350.0, 380.0]), 10.0, 1.0)
    np.testing.assert_allclose(out, np.array([300.0, 350.0, 380.0]) * G0 * math.log(10.0))
    with pytest.raises(PhysicsError, match="wet_mass_kg"):
        launch.rocket_delta_v(300.0, 1.0, 2.0)
    with pytest.raises(PhysicsError, match="isp_s"):
        launch.rocket_delta_v(0.0, 2.0, 1.0)
    with pytest.raises(PhysicsError, match="dry_mass_kg"):
        launch.rocket_delta_v(300.0, 2.0, 0.0)
    with pytest.raises(PhysicsError, match="delta_v_m_s"):
        launch.propellant_mass(-1.0, 300.0, 1.0)
    with pytest.raises(PhysicsError, match="final_mass_kg"):
        launch.propellant_mass(1.0, 300.0, 0.0)


def test_fuel_fraction_of_raptor() -> None:
    # Published: Raptor O/F 3.6 = 78 % O2, 22 % CH4 by mass (tolerance 0.5 percentage point).
    assert launch.fuel_mass_fraction(3.6) == pytest.approx(1 / 4.6)
    assert launch.fuel_mass_fraction(3.6) == pytest.approx(0.22, abs=5e-3)
    with pytest.raises(PhysicsError, match="oxidiser_to_fuel_ratio"):
        launch.fuel_mass_fraction(-1.0)


def test_starship_propellant_energy_per_kg_payload() -> None:
    s = launch.STARSHIP
    assert s.payload_kg == STARSHIP_PAYLOAD_LEO.value
    assert s.propellant_mass_kg == STARSHIP_PROPELLANT_MASS.value
    assert s.oxidiser_to_fuel_ratio == RAPTOR_OXIDISER_TO_FUEL_RATIO.value
    assert s.fuel_lhv_j_per_kg == METHANE_LHV.value
    assert "Users Guide" in s.source
    x = launch.fuel_mass_fraction(s.oxidiser_to_fuel_ratio)
    e = launch.propellant_energy_per_kg_payload(s.propellant_mass_kg, s.payload_kg, x, s.fuel_lhv_j_per_kg)
    # Hand: 4.6e6 kg × (1/4.6) × 50 MJ/kg / 1e5 kg = 500 MJ/kg, i.e. 50 TJ (~14 GWh) per launch.
    assert e == pytest.approx(500e6)
    assert e * s.payload_kg / 3.6e12 == pytest.approx(13.9, abs=0.1)
    # Reference notes' bracket [calc]: 333 MJ/kg (4,600 t, 150 t) to 543 MJ/kg (5,000 t, 100 t); tol. 1 %.
    assert launch.propellant_energy_per_kg_payload(4.6e6, 150e3, x, 50e6) == pytest.approx(333e6, rel=0.01)
    assert launch.propellant_energy_per_kg_payload(5e6, 100e3, x, 50e6) == pytest.approx(543e6, rel=0.01)
    out = launch.propellant_energy_per_kg_payload(4.6e6, np.array([100e3, 150e3]), x, 50e6)
    assert np.shape(out) == (2,)
    with pytest.raises(PhysicsError, match="fuel_fraction"):
        launch.propellant_energy_per_kg_payload(4.6e6, 1e5, 0.0, 50e6)
    with pytest.raises(PhysicsError, match="payload_kg"):
        launch.propellant_energy_per_kg_payload(4.6e6, 0.0, 0.2, 50e6)


def test_wright_cost() -> None:
    # Published: Wright (1936) 80 % curve — the 2nd unit costs 80 %, the 4th 64 % of the first.
    assert launch.wright_cost(100.0, 2.0, 0.8) == pytest.approx(80.0)
    assert launch.wright_cost(100.0, 4.0, 0.8) == pytest.approx(64.0)
    # Hand: n = 1 costs c1; pr = 1 means no learning.
    assert launch.wright_cost(100.0, 1.0, 0.85) == pytest.approx(100.0)
    assert launch.wright_cost(100.0, 1000.0, 1.0) == pytest.approx(100.0)
    n = np.array([1.0, 2.0, 4.0, 8.0])
    np.testing.assert_allclose(launch.wright_cost(1.0, n, 0.75), [1.0, 0.75, 0.5625, 0.421875])
    with pytest.raises(PhysicsError, match="cumulative_units"):
        launch.wright_cost(100.0, 0.5, 0.8)
    with pytest.raises(PhysicsError, match="progress_ratio"):
        launch.wright_cost(100.0, 2.0, 1.1)
    with pytest.raises(PhysicsError, match="progress_ratio"):
        launch.wright_cost(100.0, 2.0, 0.0)
    with pytest.raises(PhysicsError, match="first_unit_cost"):
        launch.wright_cost(-1.0, 2.0, 0.8)


@given(st.floats(1.0, 1e6), st.floats(1.0, 1e6), st.floats(0.5, 1.0))
def test_wright_cost_never_rises_with_volume(n1: float, n2: float, pr: float) -> None:
    lo, hi = sorted((n1, n2))
    assert launch.wright_cost(1.0, hi, pr) <= launch.wright_cost(1.0, lo, pr) * (1 + 1e-12)


def test_cost_per_kg_nasa_otps() -> None:
    # Published: NASA OTPS 2024 baseline, $100 M per 100 t Starship launch = $1,000/kg (exact).
    assert launch.cost_per_kg() == pytest.approx(1000.0)
    # Published: OTPS trend to 2040, $61.5 M per 100 t = $615/kg.
    assert launch.cost_per_kg(61.5e6, 100e3) == pytest.approx(615.0)
    # Hand: an 85 % curve over 1,024 flights (10 doublings) -> 0.85**10 = 0.197 of the first.
    assert launch.cost_per_kg(100e6, 100e3, 1024.0, 0.85) == pytest.approx(1000.0 * 0.85**10)
    assert np.shape(launch.cost_per_kg(100e6, np.array([100e3, 150e3]))) == (2,)
    with pytest.raises(PhysicsError, match="payload_kg"):
        launch.cost_per_kg(100e6, 0.0)


def test_flights_per_year() -> None:
    # Published: NASA OTPS assumes 104 Starship launches a year at 100 t -> 10,400 t/yr.
    assert launch.flights_per_year(10_400e3, 100e3) == pytest.approx(104.0)
    # Hand (claim C4): 100 GW/yr of satellites at 100 W/kg (Musk "100 kW per ton") = 1e9 kg/yr
    # -> 10,000 flights.
    assert launch.flights_per_year(100e9 / 100.0, 100e3) == pytest.approx(10_000.0)
    np.testing.assert_allclose(launch.flights_per_year(np.array([1e9, 2e9]), 100e3), [1e4, 2e4])
    with pytest.raises(PhysicsError, match="payload_per_flight_kg"):
        launch.flights_per_year(1e9, 0.0)
    with pytest.raises(PhysicsError, match="mass_per_year_kg"):
        launch.flights_per_year(-1.0, 100e3)
