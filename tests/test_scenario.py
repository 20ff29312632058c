"""The scenario language: bundled scenarios load; every kind of mistake gives a located, named problem."""

from __future__ import annotations

import math
import re

import pytest

from wattsandtons.scenario import ScenarioError, bundled_scenarios, load_scenario, parse_scenario
from wattsandtons.scenario.model import Node

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+) (?P<path>\S+): (?P<msg>.+)$")

MINIMAL = """\
name: tiny
commodities:
  electricity: {unit: MWh}
  sunlight: {unit: MWh}
processes:
  farm:
    outputs: {electricity: 1 MWh}
    inputs: {sunlight: 5 MWh}
    capacity_factor: 0.2
boundary:
  resources: {sunlight: {}}
  demand: {electricity: 8.76 TWh/yr}
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.yaml")
    lines = [str(p) for p in info.value.problems]
    for line in lines:
        assert LOCATED.match(line), f"not located: {line}"
    return lines


def test_every_bundled_scenario_loads() -> None:
    names = bundled_scenarios()
    assert "closed_loop_earth" in names
    for name in names:
        scenario = load_scenario(name)
        assert scenario.processes


def test_minimal_scenario_in_si() -> None:
    scenario = parse_scenario(MINIMAL, "tiny.yaml")
    farm = scenario.processes["farm"]
    assert farm.reference.amount.si == 1.0
    assert math.isclose(farm.inputs[0].amount.si, 5.0, rel_tol=1e-12)  # J of sunlight per J of electricity
    demand = scenario.demand[Node("electricity", "earth")]
    assert math.isclose(demand.si, 8.76e12 * 3600 / (365.25 * 86400), rel_tol=1e-12)  # W


def test_bundled_defaults_carry_sources(loop_data: dict) -> None:
    """Every number in the bundled scenario has a source, directly or through its parameter."""
    scenario = load_scenario("closed_loop_earth")
    unsourced: list[str] = []
    for process in scenario.processes.values():
        for flow in (*process.inputs, *process.capital, *process.outputs[1:]):
            if flow.amount.source is None:
                unsourced.append(f"{process.name}: {flow.node}")
        for name in ("capacity", "capacity_factor", "lifetime"):
            value = getattr(process, name)
            if value is not None and value.source is None:
                unsourced.append(f"{process.name}.{name}")
    for node, value in scenario.demand.items():
        if value.source is None:
            unsourced.append(f"demand {node}")
    for param in scenario.parameters.values():
        if param.source is None:
            unsourced.append(f"parameter {param.name}")
    assert not unsourced, unsourced


@pytest.mark.parametrize(
    ("old", "new", "where", "fragment"),
    [
        (
            "inputs: {sunlight: 5 MWh}",
            "inputs: {sunlight: 3 t}",
            "8:",
            "'3 t' is a mass (expected an energy)",
        ),
        (
            "inputs: {sunlight: 5 MWh}",
            "inputs: {sunlite: 5 MWh}",
            "8:",
            "unknown commodity 'sunlite' (did you mean 'sunlight'?)",
        ),
        ("capacity_factor: 0.2", "capacity_factor: 1.2", "9:", "capacity factor 1.2 is out of range"),
        (
            "capacity_factor: 0.2",
            "capacity_factor: 0.2\n    lifetime: -3 yr",
            "10:",
            "lifetime -3 yr is out of range (expected greater than 0)",
        ),
        (
            "capacity_factor: 0.2",
            "capacity_factor: 0.2\n    capacity: 0 GW",
            "10:",
            "capacity 0 GW is out of range",
        ),
        (
            "capacity_factor: 0.2",
            "capacity_factr: 0.2",
            "9:",
            "unknown field 'capacity_factr' (did you mean 'capacity_factor'?)",
        ),
        ("  farm:\n", "  farm:\n    location: mars\n", "7:", "unknown location 'mars'"),
        ("resources: {sunlight: {}}", "resources: {}", "8:", "nothing produces sunlight@earth"),
        ("name: tiny", "name: 'tiny town'", "1:", "invalid name 'tiny town'"),
    ],
)
def test_located_errors(old: str, new: str, where: str, fragment: str) -> None:
    assert old in MINIMAL
    lines = problems_of(MINIMAL.replace(old, new, 1))
    hits = [line for line in lines if fragment in line]
    assert hits, lines
    assert hits[0].startswith(f"s.yaml:{where}"), hits


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    text = MINIMAL.replace("  sunlight: {unit: MWh}\n", "  sunlight: {unit: MWh}\n  sunlight: {unit: t}\n")
    (line,) = problems_of(text)
    assert "duplicate key 'sunlight' (first at line 4)" in line
    assert line.startswith("s.yaml:5:3 ")


def test_malformed_yaml_is_located() -> None:
    (line,) = problems_of("name: x\ncommodities: [unclosed\n")
    assert line.startswith("s.yaml:3:1 <document>: malformed YAML")


def test_all_problems_are_reported_at_once() -> None:
    text = MINIMAL.replace("5 MWh", "5 t").replace("capacity_factor: 0.2", "capacity_factor: 7")
    assert len(problems_of(text)) == 2


def test_parameters_references_and_distributions() -> None:
    text = MINIMAL.replace(
        "commodities:",
        "parameters:\n  eff: {value: 5 MWh, distribution: triangular, low: 4 MWh, high: 7 MWh, source: 'A study, 2024'}\n"
        "commodities:",
    ).replace("sunlight: 5 MWh", "sunlight: $eff")
    scenario = parse_scenario(text, "s.yaml")
    flow = scenario.processes["farm"].inputs[0]
    assert flow.amount.params == ("eff",)
    assert scenario.parameters["eff"].distribution == "triangular"
    assert math.isclose(scenario.parameters["eff"].low or 0, 4 * 3.6e9)


@pytest.mark.parametrize(
    ("param", "fragment"),
    [
        ("{value: 5 MWh, distribution: triangular, low: 6 MWh, high: 7 MWh}", "outside [low, high]"),
        ("{value: 5 MWh, distribution: normal}", "a normal distribution needs 'sd'"),
        ("{value: 5 MWh, distribution: lognormal, sigma: -1}", "'sigma' must be positive"),
        ("{value: 5 MWh, distribution: uniform, low: 4 t, high: 6 MWh}", "'4 t' is a mass"),
        ("{value: 5 MWh, distribution: gaussian, sd: 1 MWh}", "Input should be"),
    ],
)
def test_bad_distributions(param: str, fragment: str) -> None:
    text = MINIMAL.replace("commodities:", f"parameters:\n  eff: {param}\ncommodities:").replace(
        "sunlight: 5 MWh", "sunlight: $eff"
    )
    lines = problems_of(text)
    assert any(fragment in line for line in lines), lines


def test_unknown_parameter_reference_suggests() -> None:
    text = MINIMAL.replace("commodities:", "parameters:\n  efficiency: 5 MWh\ncommodities:").replace(
        "sunlight: 5 MWh", "sunlight: $efficency"
    )
    lines = problems_of(text)
    assert any("unknown parameter $efficency (did you mean 'efficiency'?)" in line for line in lines), lines


def test_parameter_of_wrong_dimension() -> None:
    text = MINIMAL.replace("commodities:", "parameters:\n  m: 5 t\ncommodities:").replace(
        "sunlight: 5 MWh", "sunlight: $m"
    )
    lines = problems_of(text)
    assert any("parameter $m is a mass (expected an energy)" in line for line in lines), lines


def test_unknown_source_key() -> None:
    text = MINIMAL.replace("capacity_factor: 0.2", "capacity_factor: {value: 0.2, source: irena2023}")
    lines = problems_of(text)
    assert any("unknown source key 'irena2023'" in line for line in lines), lines


def test_link_expands_per_carried_commodity() -> None:
    text = """\
name: hop
locations: {earth: {kind: earth}, leo: {kind: orbit}}
commodities:
  methane: {unit: t}
  satellite: {unit: piece, mass_per_unit: 2 t/piece}
processes:
  sat_factory: {outputs: {satellite: 1 piece}}
links:
  rocket:
    from: earth
    to: leo
    carries: [satellite]
    per: 1 t
    inputs: {methane: 30 t}
boundary:
  imports: {methane: {embodied_energy: 50 GJ/t}}
  demand: {satellite@leo: 10 piece/yr}
"""
    scenario = parse_scenario(text, "hop.yaml")
    rocket = scenario.processes["rocket:satellite"]
    assert rocket.location == "leo"
    assert str(rocket.reference.node) == "satellite@leo"
    amounts = {str(f.node): f.amount.si for f in rocket.inputs}
    assert amounts == {
        "satellite@earth": 1.0,
        "methane@earth": pytest.approx(60_000.0),
    }  # 2 t × 30 t/t, in kg


def test_link_cannot_carry_massless() -> None:
    text = """\
name: hop
locations: {earth: {kind: earth}, leo: {kind: orbit}}
commodities:
  electricity: {unit: MWh}
processes:
  farm: {outputs: {electricity: 1 MWh}}
links:
  wire: {from: earth, to: leo, carries: [electricity], per: 1 t}
"""
    lines = problems_of(text)
    assert any("has no mass, so a link cannot carry it" in line for line in lines), lines


def test_missing_file_and_unknown_bundled_name() -> None:
    with pytest.raises(ScenarioError, match="did you mean 'closed_loop_earth'"):
        load_scenario("closed_loop_eart")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        # a distribution whose draws leave the field's range is caught, not sampled
        (
            "capacity_factor: 0.2",
            "capacity_factor: {value: 0.9, distribution: uniform, low: 0.5, high: 1.2}",
            "the highest value the distribution of processes.farm.capacity_factor can take is out of range",
        ),
        (
            "capacity_factor: 0.2",
            "capacity_factor: 0.2\n    lifetime: {value: 30 yr, distribution: normal, sd: 10 yr}",
            "the lowest value the distribution of processes.farm.lifetime can take is out of range",
        ),
        (
            "capacity_factor: 0.2",
            "capacity_factor: 0.2\n    degradation: 200 %/yr",
            "(expected between 0 and 99.9 %/yr)",
        ),
        (
            "capacity_factor: 0.2",
            "capacity_factor: 0.2\n    degradation: 0.02",
            "(expected a rate per time (e.g. '2 %/yr'))",
        ),
        (
            "capacity_factor: 0.2",
            "capacity_factor: {value: 0.2, sd: 0.1}",
            "'sd' needs a distribution ('normal')",
        ),
    ],
)
def test_bounds_and_messages(old: str, new: str, fragment: str) -> None:
    lines = problems_of(MINIMAL.replace(old, new, 1))
    assert any(fragment in line for line in lines), lines


def test_reference_cannot_carry_a_range() -> None:
    text = MINIMAL.replace("commodities:", "parameters:\n  eff: 5 MWh\ncommodities:").replace(
        "sunlight: 5 MWh", "sunlight: {value: $eff, low: 4 MWh, high: 6 MWh}"
    )
    assert any("cannot carry its own distribution or range" in line for line in problems_of(text))


def test_default_location_is_earth_or_the_first_declared() -> None:
    text = "locations: {moon: {kind: lunar_surface}}\n" + MINIMAL
    scenario = parse_scenario(text, "s.yaml")
    assert scenario.processes["farm"].location == "moon"
    assert Node("electricity", "moon") in scenario.demand


def test_link_and_process_may_not_share_a_name() -> None:
    text = """\
name: hop
locations: {earth: {kind: earth}, leo: {kind: orbit}}
commodities: {sat: {unit: piece, mass_per_unit: 1 t/piece}}
processes:
  rocket: {outputs: {sat: 1 piece}}
links:
  rocket: {from: earth, to: leo, carries: [sat], per: 1 t}
"""
    assert any("a link and a process share the name 'rocket'" in line for line in problems_of(text))


def test_milestone_without_of() -> None:
    text = (
        MINIMAL
        + "growth:\n  start: 2030\n  end: 2040\n  milestones:\n    - {name: m, metric: capacity, at_least: 1 GW}\n"
    )
    assert any("a 'capacity' milestone needs 'of'" in line for line in problems_of(text))
