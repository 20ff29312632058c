"""Every bundled scenario: sourced, valid, balanced, growable; the space scenarios agree with the physics package."""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml

from wattsandtons.balance import solve_balance
from wattsandtons.growth import simulate
from wattsandtons.physics import launch, massdriver, solar, thermal
from wattsandtons.physics.reference import (
    GB200_NVL72_BF16_DENSE,
    GB200_NVL72_MASS,
    GB200_NVL72_POWER,
    MASS_DRIVER_EFFICIENCY,
    METHANE_LHV,
    PUE_HYPERSCALE,
    RADIATOR_AREAL_DENSITY,
    RADIATOR_EMISSIVITY,
    RADIATOR_SINK_TEMPERATURE_LEO,
    RADIATOR_TEMPERATURE,
    RAPTOR_OXIDISER_TO_FUEL_RATIO,
    STARSHIP_PAYLOAD_LEO,
    STARSHIP_PROPELLANT_MASS,
)
from wattsandtons.scenario import bundled_scenarios, load_scenario, scenario_text
from wattsandtons.scenario.model import Scenario, Value

BUNDLED = sorted(bundled_scenarios())
#: Scenarios whose ensembles must reach at least one milestone within the run.
MUST_REACH = ("closed_loop_earth", "orbital_datacentres")
KWH = 3.6e6  # J
MWH_PER_T = 3.6e9 / 1e3  # J/kg in one MWh per tonne
MFU = 0.40  # model FLOP utilisation used by every bundled datacentre


def test_the_new_scenarios_are_bundled() -> None:
    assert {"closed_loop_earth", "orbital_datacentres", "lunar_mass_driver", "ecosystem"} <= set(BUNDLED)


@pytest.fixture(scope="module", params=BUNDLED)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def test_validates_without_warnings(scenario: Scenario) -> None:
    """No import without embodied energy (or any other validation warning)."""
    assert scenario.warnings == ()


def _written(document: object, path: tuple) -> bool:
    """Whether the YAML document holds ``path`` (defaults filled in by validation are not written numbers)."""
    node = document
    for part in path:
        in_map = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_map or in_list):
            return False
        node = node[part]  # type: ignore[index]
    return True


def _unsourced(scenario: Scenario) -> list[str]:
    """Every number written in the file that carries no source (directly or through its parameter)."""
    missing: list[str] = []
    document = yaml.safe_load(scenario_text(scenario.name)[0])

    def need(value: Value | None, what: str) -> None:
        if value is None or not _written(document, value.path):
            return
        if not (value.source and value.source.strip()):
            missing.append(what)

    for process in scenario.processes.values():
        for flow in (*process.inputs, *process.capital, *process.outputs[1:]):
            if process.link and flow.amount.path[:3] == ("links", process.link, "carries"):
                continue  # the carried unit itself: a convention, not a number
            need(flow.amount, f"{process.name}: {flow.node}")
        for name in ("capacity", "capacity_factor", "lifetime", "degradation"):
            need(getattr(process, name), f"{process.name}.{name}")
    for commodity in scenario.commodities.values():
        if commodity.kind != "mass":  # a mass commodity's mass per unit is 1 by definition
            need(commodity.mass_per_unit, f"commodity {commodity.name}.mass_per_unit")
        need(commodity.energy_content, f"commodity {commodity.name}.energy_content")
    for node, imp in scenario.imports.items():
        need(imp.embodied_energy, f"import {node}.embodied_energy")
        need(imp.limit, f"import {node}.limit")
    for node, res in scenario.resources.items():
        need(res.limit, f"resource {node}.limit")
    for node, value in scenario.demand.items():
        need(value, f"demand {node}")
    for param in scenario.parameters.values():
        if not (param.source and param.source.strip()):
            missing.append(f"parameter {param.name}")
    growth = scenario.growth
    if growth is not None:  # milestone thresholds are targets, not data: excluded
        for plant, share in growth.reinvest.items():
            need(share, f"growth.reinvest.{plant}")
        for plant, spec in growth.learning.items():
            need(spec.progress_ratio, f"growth.learning.{plant}.progress_ratio")
            need(spec.floor, f"growth.learning.{plant}.floor")
        need(growth.demand_growth, "growth.demand_growth")
        need(growth.baseline_power, "growth.baseline_power")
    return missing


def test_every_number_carries_a_source(scenario: Scenario) -> None:
    assert _unsourced(scenario) == []


def test_source_check_notices_a_missing_source() -> None:
    """The check above is not vacuous: strip one source and it is reported."""
    from dataclasses import replace

    scenario = load_scenario("orbital_datacentres")
    farm = scenario.processes["solar_farm"]
    bare = replace(farm, lifetime=replace(farm.lifetime, source=None))
    broken = replace(scenario, processes={**scenario.processes, "solar_farm": bare})
    assert _unsourced(broken) == ["solar_farm.lifetime"]


def test_both_statements_balance(scenario: Scenario) -> None:
    balance = solve_balance(scenario)
    assert {"loop.energy", "loop.mass"} <= set(balance.statements)
    for key, statement in balance.statements.items():
        assert statement.relative_residual <= 1e-9, key
    # physically coherent recipes: no process puts out more energy or mass than it takes in
    assert not [w for w in balance.warnings if "puts out more" in w]
    assert np.all(balance.draw >= 0) and np.all(balance.surplus >= 0)


@pytest.fixture(scope="module")
def ensemble(scenario: Scenario):
    return simulate(scenario, members=20, seed=1)


def test_ensemble_conserves_energy_and_mass(ensemble) -> None:
    ds = ensemble.dataset
    assert ds.sizes["member"] == 20
    assert float(ds["energy_residual"].max()) <= 1e-9
    assert float(ds["mass_residual"].max()) <= 1e-9
    assert np.all(np.isfinite(ds["capacity"].values)) and float(ds["capacity"].min()) >= 0


def test_ensemble_grows_and_reaches_a_milestone(scenario: Scenario, ensemble) -> None:
    capacity = ensemble.dataset["capacity"].values  # member, time, plant
    assert np.all(capacity[:, -1, :].sum(axis=-1) > 0)
    assert np.any(capacity[:, -1, :] > capacity[:, 0, :] * 1.01), "nothing grew"
    if scenario.name in MUST_REACH:
        assert float(ensemble.milestones.reached_share.max()) > 0, ensemble.milestones


# -- physics cross-checks -------------------------------------------------------------------------------------------
def _param(scenario: Scenario, name: str) -> float:
    return scenario.parameters[name].central


def _rel(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


def test_orbital_radiators_sunlight_and_launch_match_the_physics() -> None:
    sc = load_scenario("orbital_datacentres")
    area = float(
        thermal.radiator_area(
            1e3,
            RADIATOR_TEMPERATURE.value,
            RADIATOR_EMISSIVITY.value,
            sides=2,
            sink_temperature_k=RADIATOR_SINK_TEMPERATURE_LEO.value,
        )
    )
    per_kw = {f.node.commodity: f.amount.si * 1e3 for f in sc.processes["space_solar"].capital}  # per kW
    assert _rel(per_kw["radiator"], area) <= 0.01  # m² of radiator per kW of array
    assert _rel(sc.commodities["radiator"].mass_per_unit.si, RADIATOR_AREAL_DENSITY.value) <= 0.01
    assert _rel(_param(sc, "sunlit_fraction"), solar.sunlit_fraction("sso_dawn_dusk")) <= 0.01
    assert (
        _rel(sc.processes["space_solar"].capacity_factor.si, solar.sunlit_fraction("sso_dawn_dusk")) <= 0.01
    )
    # propellant per tonne of payload and the propellant's heating value
    per_t = _param(sc, "propellant_per_t_payload") / 1e3  # kg per kg
    assert _rel(per_t, STARSHIP_PROPELLANT_MASS.value / STARSHIP_PAYLOAD_LEO.value) <= 0.01
    lhv = float(launch.fuel_mass_fraction(RAPTOR_OXIDISER_TO_FUEL_RATIO.value)) * METHANE_LHV.value
    assert _rel(sc.commodities["propellant"].energy_content.si, lhv) <= 0.01
    # so the launch burns the chemical energy the physics package says Starship burns per kg delivered
    assert _rel(per_t * lhv, launch.STARSHIP_LAUNCH_ENERGY_PER_KG.value) <= 0.01
    # the propellant plant puts out less energy than it takes in (e-fuel efficiency below 1)
    assert _param(sc, "propellant_electricity") * 1e-3 > lhv  # J per kg of propellant


def test_orbital_chips_match_the_gb200_figures() -> None:
    sc = load_scenario("orbital_datacentres")
    per_gpu = GB200_NVL72_BF16_DENSE.value / 72
    chips = next(f for f in sc.processes["orbital_datacentre"].capital if f.node.commodity == "chip")
    assert _rel(chips.amount.si, 1.0 / (per_gpu * MFU)) <= 0.01  # chips per effective FLOP/s
    assert _rel(sc.commodities["chip"].mass_per_unit.si, GB200_NVL72_MASS.value / 72) <= 0.01
    joules = 1.0 / (GB200_NVL72_BF16_DENSE.value / GB200_NVL72_POWER.value * MFU) * PUE_HYPERSCALE.value
    for name in ("orbital_datacentres", "lunar_mass_driver", "ecosystem"):
        assert _rel(_param(load_scenario(name), "energy_per_eflop") / 1e18, joules) <= 0.01, name


def test_mass_driver_energy_matches_the_physics() -> None:
    sc = load_scenario("lunar_mass_driver")
    per_kg = float(
        massdriver.mass_driver_energy(massdriver.LUNAR_ESCAPE_VELOCITY, MASS_DRIVER_EFFICIENCY.value)
    )
    link = sc.processes["mass_driver:lunar_hardware"]
    electricity = next(f for f in link.inputs if f.node.commodity == "electricity")
    assert electricity.node.location == "moon"
    assert _rel(electricity.amount.si, per_kg) <= 0.01  # J per kg launched
    assert _rel(_param(sc, "mass_driver_electricity") / 1e3, per_kg) <= 0.01
    parameter = sc.parameters["mass_driver_electricity"]  # its range is the efficiency range 0.9 .. 0.4
    v = massdriver.LUNAR_ESCAPE_VELOCITY
    assert _rel(parameter.low / 1e3, float(massdriver.mass_driver_energy(v, 0.9))) <= 0.01
    assert _rel(parameter.high / 1e3, float(massdriver.mass_driver_energy(v, 0.4))) <= 0.01
    # lunar pole sunlight and the deep-space radiators
    assert _rel(_param(sc, "lunar_sunlit_fraction"), solar.sunlit_fraction("lunar_pole")) <= 0.01
    deep_area = float(
        thermal.radiator_area(1e3, RADIATOR_TEMPERATURE.value, RADIATOR_EMISSIVITY.value, sides=2)
    )
    assert math.isclose(deep_area, 0.99, rel_tol=0.01)  # m² per kW against a 3 K sky, as the source text says
    # a mass driver needs thousands of times less energy per kg than Starship's propellant (claim C7's physics)
    assert launch.STARSHIP_LAUNCH_ENERGY_PER_KG.value / per_kg > 100


def test_ecosystem_radiator_risk_is_centred_on_the_physics() -> None:
    sc = load_scenario("ecosystem")
    area = float(
        thermal.radiator_area(
            1e3,
            RADIATOR_TEMPERATURE.value,
            RADIATOR_EMISSIVITY.value,
            sides=2,
            sink_temperature_k=RADIATOR_SINK_TEMPERATURE_LEO.value,
        )
    )
    kw_per_pflops = _param(sc, "energy_per_eflop") / 1e18 * 1e15 / 1e3  # kW of heat per effective PFLOP/s
    expected = area * RADIATOR_AREAL_DENSITY.value * kw_per_pflops  # kg of radiator per PFLOP/s
    assert _rel(_param(sc, "radiator_per_pflops"), expected) <= 0.01
    # the risk inputs are sampled: radiation, heat rejection, debris/failures and maintenance
    uncertain = {p.name for p in sc.parameters.values() if p.uncertain}
    assert {
        "chip_failure",
        "radiator_per_pflops",
        "satellite_lifetime",
        "robot_failure",
        "pv_maintenance",
    } <= (uncertain)


def test_reference_constants_used_in_the_source_texts() -> None:
    """Figures quoted in the scenarios' source texts agree with the physics package."""
    assert math.isclose(STARSHIP_PROPELLANT_MASS.value / STARSHIP_PAYLOAD_LEO.value, 46.0)
    assert math.isclose(MWH_PER_T * 1.306, float(massdriver.mass_driver_energy(2375.68, 0.6)), rel_tol=1e-3)
    assert math.isclose(
        float(launch.fuel_mass_fraction(RAPTOR_OXIDISER_TO_FUEL_RATIO.value)) * 50.0, 10.87, rel_tol=1e-3
    )
    assert math.isclose(GB200_NVL72_MASS.value / 72, 18.9, rel_tol=1e-2)
    assert math.isclose(1e18 / (1.5e12 * MFU) * 1.1 / KWH, 0.509, rel_tol=1e-2)
