"""Earth vs orbit datacentre comparison: hand calculation, published cross-checks, provenance, arrays."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wattsandtons.physics import PhysicsError
from wattsandtons.physics.datacentre import EXCLUSIONS, compare_datacentres
from wattsandtons.physics.launch import STARSHIP_LAUNCH_ENERGY_PER_KG
from wattsandtons.physics.reference import IT_HARDWARE_MASS_PER_W, JULIAN_YEAR, STEFAN_BOLTZMANN

YEAR = JULIAN_YEAR.value

SIMPLE = {
    "lifetime_years": 5.0,
    "pue_earth": 1.5,
    "pue_orbit": 1.0,
    "electricity_price_usd_per_j": 0.1 / 3.6e6,
    "launch_cost_usd_per_kg": 1000.0,
    "payload_per_launch_kg": 100e3,
    "launch_energy_j_per_kg": 500e6,
    "array_specific_power_w_per_kg": 100.0,
    "sunlit_fraction": 1.0,
    "degradation_per_year": 0.0,
    "radiator_temperature_k": 300.0,
    "radiator_emissivity": 1.0,
    "radiator_areal_density_kg_m2": 5.0,
    "radiator_sink_temperature_k": 0.0,
    "it_hardware_kg_per_w": 0.01,
}


def test_hand_calculation_1_mw() -> None:
    r = compare_datacentres(1e6, **SIMPLE)
    # Orbit, by hand: array 1 MW / 100 W/kg = 10 t; radiator 1 MW / (2 σ 300⁴) = 1,088.6 m² × 5 kg/m²
    # = 5.44 t; IT 1 MW × 0.01 kg/W = 10 t; total 25.44 t -> 1 launch; 25,443 kg × 500 MJ/kg = 12.7 TJ.
    area = 1e6 / (2 * STEFAN_BOLTZMANN.value * 300.0**4)
    mass = 10e3 + 5 * area + 10e3
    o = r.orbit
    assert o.array_power_bol_w == pytest.approx(1e6)
    assert o.array_mass_kg == pytest.approx(10e3)
    assert o.radiator_area_m2 == pytest.approx(area)
    assert o.radiator_mass_kg == pytest.approx(5 * area)
    assert o.it_hardware_mass_kg == pytest.approx(10e3)
    assert o.mass_to_orbit_kg == pytest.approx(mass)
    assert o.launches == 1.0
    assert o.launch_energy_j == pytest.approx(mass * 500e6)
    assert o.launch_energy_payback_s == pytest.approx(mass * 500e6 / 1e6)
    assert o.operation_energy_j == pytest.approx(1e6 * 5 * YEAR)
    assert o.total_energy_j == pytest.approx(1e6 * 5 * YEAR + mass * 500e6)
    assert o.launch_cost_usd == pytest.approx(mass * 1000.0)
    assert o.cost_usd == o.launch_cost_usd
    assert o.electricity_cost_usd == 0.0
    assert "sunlight" in o.operation_energy_source
    # Earth, by hand: 1.5 MW for 5 years = 65,745 MWh at $0.10/kWh = $6.57 M.
    e = r.earth
    assert e.facility_power_w == pytest.approx(1.5e6)
    assert e.operation_energy_j == pytest.approx(1.5e6 * 5 * YEAR)
    assert e.cost_usd == pytest.approx(1.5e3 * 5 * 8766.0 * 0.1)
    assert e.mass_to_orbit_kg == 0.0
    assert e.launches == 0.0
    assert math.isnan(e.launch_energy_payback_s)


def test_array_sizing_for_eclipse_and_degradation() -> None:
    # Hand: the array must still cover the load at end of life, orbit-averaged: 1 MW / (0.98 × 0.98**5).
    r = compare_datacentres(1e6, **{**SIMPLE, "sunlit_fraction": 0.98, "degradation_per_year": 0.02})
    assert r.orbit.array_power_bol_w == pytest.approx(1e6 / (0.98 * 0.98**5))


def test_defaults_against_published_studies() -> None:
    r = compare_datacentres()
    assert r.it_power_w == 1e9
    # Launch energy default: Starship 500 MJ/kg ([calc] from sourced propellant, O/F, LHV, payload).
    assert STARSHIP_LAUNCH_ENERGY_PER_KG.value == pytest.approx(500e6)
    assert IT_HARDWARE_MASS_PER_W.value == pytest.approx(1360.0 / 120e3)
    # Published (McCalip calculator, 1 GW for 5 years): 22.2 million kg to LEO; ours 32.4 million kg with
    # different specific powers — same order; tolerance a factor of 2.
    assert 22.2e6 / 2 < r.orbit.mass_to_orbit_kg < 22.2e6 * 2
    # Published (angadh.com critique): 40 MW needs ~22 Starship launches; ours 13 — tolerance a factor of 2.
    r40 = compare_datacentres(40e6)
    assert 22 / 2 < r40.orbit.launches < 22 * 2
    # Hand: launches = ceil(mass / 100 t); launch-energy payback about half a year.
    assert r.orbit.launches == math.ceil(r.orbit.mass_to_orbit_kg / 100e3)
    assert r.orbit.launch_energy_payback_s / YEAR == pytest.approx(0.47, abs=0.02)
    # Earth: 1.1 GW × 5 yr at 8.06 c/kWh = $3.89 B.
    assert r.earth.cost_usd == pytest.approx(1.1e6 * 5 * 8766.0 * 0.0806, rel=1e-6)


def test_assumptions_carry_sources() -> None:
    r = compare_datacentres(launch_cost_usd_per_kg=200.0)
    names = [a.name for a in r.assumptions]
    assert len(names) == len(set(names)) == 15
    for a in r.assumptions:
        assert a.source.strip(), a.name
        assert a.unit.strip(), a.name
    by_name = {a.name: a for a in r.assumptions}
    assert by_name["launch_cost_usd_per_kg"].source == "given by the caller"
    assert by_name["launch_cost_usd_per_kg"].value == 200.0
    assert (
        "OTPS" in by_name["payload_per_launch_kg"].source
        or "Users Guide" in by_name["payload_per_launch_kg"].source
    )
    assert "[unsourced]" in by_name["pue_orbit"].source
    assert r.exclusions == EXCLUSIONS
    assert any("batteries" in x for x in r.exclusions)


def test_rows_per_gw_and_per_kw_year() -> None:
    r = compare_datacentres(1e6, **SIMPLE)
    rows = {row["quantity"]: row for row in r.rows()}
    mass = rows["mass to orbit"]
    # 1 MW scaled to 1 GW: × 1000; per kW-year: ÷ (1,000 kW × 5 yr).
    assert mass["orbit_per_gw"] == pytest.approx(1000 * r.orbit.mass_to_orbit_kg)
    assert mass["orbit_per_kw_year"] == pytest.approx(r.orbit.mass_to_orbit_kg / 5000.0)
    assert mass["unit"] == "kg"
    assert mass["earth_per_gw"] == 0.0
    payback = rows["launch-energy payback time"]
    assert payback["orbit_per_gw"] == pytest.approx(r.orbit.launch_energy_payback_s)
    assert math.isnan(payback["orbit_per_kw_year"])
    assert math.isnan(payback["earth_per_gw"])
    cost = rows["total cost (USD, comparison only)"]
    assert cost["unit"] == "USD"
    assert cost["earth_per_kw_year"] == pytest.approx(1.5 * 8766.0 * 0.1)


def test_broadcasting_sweep() -> None:
    costs = np.array([100.0, 200.0, 1000.0])
    r = compare_datacentres(launch_cost_usd_per_kg=costs)
    assert np.shape(r.orbit.cost_usd) == (3,)
    np.testing.assert_allclose(r.orbit.cost_usd, r.orbit.mass_to_orbit_kg * costs)
    assert np.shape(r.earth.cost_usd) == (3,)
    assert np.all(np.asarray(r.earth.cost_usd) == np.asarray(r.earth.cost_usd)[0])
    grid = compare_datacentres(
        np.array([[1e8], [1e9]]), array_specific_power_w_per_kg=np.array([30.0, 100.0])
    )
    assert np.shape(grid.orbit.mass_to_orbit_kg) == (2, 2)
    rows = grid.rows()
    assert rows[0]["orbit_per_gw"].shape == (2, 2)
    assert isinstance(compare_datacentres().orbit.mass_to_orbit_kg, float)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"it_power_w": 0.0}, "it_power_w"),
        ({"sunlit_fraction": 0.0}, "sunlit_fraction"),
        ({"pue_orbit": 0.9}, "pue_orbit"),
        ({"pue_earth": 0.5}, "pue_earth"),
        ({"radiator_sink_temperature_k": 400.0}, "radiator_sink_temperature_k"),
        ({"radiator_temperature_k": 0.0}, "radiator_temperature_k"),
        ({"radiator_areal_density_kg_m2": 0.0}, "radiator_areal_density_kg_m2"),
        ({"radiator_emissivity": 1.5}, "radiator_emissivity"),
        ({"it_hardware_kg_per_w": -1.0}, "it_hardware_kg_per_w"),
        ({"electricity_price_usd_per_j": -1.0}, "electricity_price_usd_per_j"),
        ({"lifetime_years": 0.0}, "lifetime_years"),
        ({"payload_per_launch_kg": 0.0}, "payload_per_launch_kg"),
        ({"degradation_per_year": 1.0}, "degradation_per_year"),
        ({"launch_cost_usd_per_kg": -1.0}, "launch_cost_usd_per_kg"),
    ],
)
def test_rejects_impossible_input(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(PhysicsError, match=name):
        compare_datacentres(**kwargs)
