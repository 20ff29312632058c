"""Peer check against spacedc-mdao (import ``orbitdc``): the quantities that are physically the same thing agree.

Both models run on one shared input set through ``benchmarks/peer_spacedc.py`` (the mapping lives there, once).
Only like-for-like quantities are asserted; the differences of scope (their bus, structure, batteries, coolant
loop, radiator environment, utilization; our sink temperature and rack mass) are explained in
``docs/datacentre.md`` and not tested as agreement.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

orbitdc = pytest.importorskip("orbitdc")

from orbitdc.thermal.codesign import thermal_codesign  # noqa: E402
from orbitdc.thermal.surfaces import Coating, RadiatorSurface, ThermalEnvironment  # noqa: E402

from wattsandtons.physics.thermal import radiator_area  # noqa: E402

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "peer_spacedc.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("peer_spacedc", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is created
    spec.loader.exec_module(module)
    return module


peer = _load_script()


@pytest.fixture(scope="module")
def run() -> Any:
    """Both models on our default inputs (1 GW, 5 yr, 100 W/kg, 0.98 sunlit, 312 K, ε 0.85, 5 kg/m²)."""
    return peer.run_case(peer.Inputs())


def test_grey_body_radiator_area_is_the_same_law() -> None:
    # Same heat, temperature, emissivity, two faces and the same 250 K sink with nothing else absorbed: both are
    # A = P / (2 ε σ (T⁴ − T_sink⁴)). Tolerance 2 %: only the digits of σ could differ (both use CODATA).
    p, t, eps, t_sink = 1.1e9, 312.0, 0.85, 250.0
    surface = RadiatorSurface(coating=Coating("grey", 0.0, eps, 0.0, eps), sides=2, areal_density_kg_m2=5.0)
    env = ThermalEnvironment(sun_incidence_cos=0.0, view_factor_earth=0.0, deep_space_sink_k=t_sink)
    stack = peer.get_chip_stack(peer.CHIP_STACK, 700.0)
    theirs = thermal_codesign(
        q_waste_w=p,
        chip_stack=stack,
        coolant=peer.get_coolant(peer.COOLANT),
        surface=surface,
        env=env,
        area_available_m2=1e12,
        eol=False,
        t_rad_override=t,
    )
    assert theirs.t_rad_k == t
    assert radiator_area(p, t, eps, 2, t_sink) == pytest.approx(theirs.area_required_m2, rel=0.02)


def test_the_mapping_gives_both_the_same_load_and_sunlight(run: Any) -> None:
    # Set up, not computed: the peer's IT power, PUE (via non-IT fraction and pump) and beta angle were chosen to
    # equal ours. 0.1 %: anything more means the mapping broke (e.g. a new default in a later orbitdc).
    ours, theirs = peer.our_quantities(run), peer.peer_quantities(run)
    assert ours["it_power_w"] == pytest.approx(theirs["it_power_w"], rel=1e-3)
    assert ours["load_w"] == pytest.approx(theirs["load_w"], rel=1e-3)
    assert theirs["sunlit_fraction"] == pytest.approx(run.inputs.sunlit_fraction, rel=1e-3)
    assert theirs["t_rad_k"] == pytest.approx(run.setup.t_rad_k, rel=1e-6)
    assert theirs["f_power"] == 1.0 and theirs["f_thermal"] == 1.0  # no packaging throttle in their design


def test_array_mass_for_the_same_power_and_specific_power(run: Any) -> None:
    # Same load, W/kg, (1 − d)^L and sunlit fraction. Theirs also recharges a battery for the eclipse at 90 %
    # round trip: (1 − f)/f · (1/η − 1) = 0.23 % more at f = 0.98. Tolerance 1 %.
    ours, theirs = peer.our_quantities(run), peer.peer_quantities(run)
    f, eta = run.inputs.sunlit_fraction, 0.9
    assert ours["array_bol_w"] * (1 + (1 - f) * (1 / eta - 1)) == pytest.approx(
        theirs["array_bol_w"], rel=1e-6
    )
    assert ours["array_mass_kg"] == pytest.approx(theirs["array_mass_kg"], rel=0.01)


def test_radiator_area_and_mass_agree_when_the_environment_is_the_same() -> None:
    # The whole 57 % radiator difference at the defaults is the environment (our 250 K sink against their
    # conservative_leo loads). Give both the same one — their 'idealized' preset (3 K, nothing absorbed) and our
    # sink at 3 K — and area and panel mass (area × 5 kg/m²) agree: same load, T, ε, two faces. Tolerance 2 %.
    inp = peer.Inputs()
    setup = peer.peer_setup(inp)
    space = setup.space.model_copy(
        update={"space": setup.space.space.model_copy(update={"thermal_environment": "idealized"})}
    )
    theirs = orbitdc.evaluate_space(space, setup.overrides)
    ours = peer.compare_datacentres(
        setup.it_power_w,
        radiator_temperature_k=setup.t_rad_k,
        radiator_sink_temperature_k=3.0,
        radiator_fin_efficiency=1.0,  # their panel is isothermal
        sunlit_fraction=inp.sunlit_fraction,
    )
    area = theirs.details["radiator_area_required_m2"]
    assert ours.orbit.radiator_area_m2 == pytest.approx(area, rel=0.02)
    panel = area * setup.overrides["radiator_areal_mass_kg_per_m2"]
    assert ours.orbit.radiator_mass_kg == pytest.approx(panel, rel=0.02)


def test_launch_pricing_and_flight_count_for_the_same_mass(run: Any) -> None:
    # Both charge $/kg on the whole mass launched and count ⌈mass / 100 t⌉ flights; the masses differ (scope).
    theirs = peer.peer_quantities(run)
    mass = theirs["mass_to_orbit_kg"]
    assert theirs["launch_usd"] == pytest.approx(mass * run.inputs.launch_cost_usd_per_kg, rel=1e-9)
    assert theirs["launches"] == math.ceil(mass / run.inputs.payload_per_launch_kg)


def test_earth_electricity_differs_only_by_utilization_and_year_length(run: Any) -> None:
    # Same IT power, PUE and price; theirs draws power only while utilized (0.85) and counts 8,760 h a year,
    # ours draws continuously over Julian years (8,766 h). With that factor they agree to 0.1 %.
    ours, theirs = peer.our_quantities(run), peer.peer_quantities(run)
    factor = run.setup.earth.utilization * peer.HOURS_PER_YEAR / (peer.JULIAN_YEAR.value / 3600.0)
    assert ours["earth_electricity_usd"] * factor == pytest.approx(theirs["earth_electricity_usd"], rel=1e-3)


def test_readme_design_reproduced_side_by_side() -> None:
    # Their README 1 MW design, and ours on its inputs (mapping in benchmarks/peer_spacedc.readme_design).
    x = peer.readme_design()
    ours, theirs = x["IT power [W]"]
    assert ours == theirs == pytest.approx(1.008e6)
    # Same load, sunlight and W/kg: array within 5 % (theirs also recharges a battery).
    ours, theirs = x["array rating, beginning of life [W]"]
    assert ours == pytest.approx(theirs, rel=0.05)
    # Mass closes within 10 % once their battery, comms, avionics, structure and margin (which we do not model)
    # are added to ours; without them ours is about half.
    ours, theirs = x["mass to orbit with their battery, bus, structure and margin [kg]"]
    assert ours == pytest.approx(theirs, rel=0.10)
    # Capex ex-GPU: ours within 25 % below their $524/W — the whole gap is the launch of that unmodelled mass.
    ours, theirs = x["orbit capex ex-GPU [USD/W of IT]"]
    assert theirs == pytest.approx(524, abs=1) if orbitdc.__version__ == "0.4.2" else theirs > 0
    assert 0.75 * theirs <= ours <= theirs
    # Earth: our $12.50/W facility (McCalip's buckets) against their $12/W, within 5 %.
    ours, theirs = x["Earth capex ex-GPU [USD/W of IT]"]
    assert ours == pytest.approx(theirs, rel=0.05)


def test_mccalip_default_reproduced_side_by_side() -> None:
    # McCalip's 1 GW default (math.js at commit 278ecbc), evaluated by his arithmetic, and ours on his inputs.
    x = peer.mccalip_side_by_side()
    # Earth: his $15.85 B (the Economist's "$15.9 bn"); ours within 2 % — we run at full load, he at 0.85 (fuel).
    ours, his = x["Earth total [USD]"]
    assert his == pytest.approx(15.85e9, rel=1e-3)
    assert ours == pytest.approx(his, rel=0.02)
    assert x["Earth: fuel [USD]"][0] / x["Earth: fuel [USD]"][1] == pytest.approx(
        8766 / (8760 * 0.85), rel=1e-9
    )
    # Orbit: every item both models have differs by one factor only — we size the array for end of life,
    # he for the average over the years: (mean of 0.975^y, y < 5) / 0.975^5 = 1.080 (0.1 %: his whole satellites).
    sizing = sum(0.975**y for y in range(5)) / 5 / 0.975**5
    for item in (
        "orbit: array rating [W]",
        "orbit: satellites [USD]",
        "orbit: launch [USD]",
        "orbit: operations [USD]",
    ):
        ours, his = x[item]
        assert ours / his == pytest.approx(sizing, rel=1e-3), item
    # Not in ours: his GPU failures charged as 9 %/yr of all satellite hardware ($10.6 B) and $1 B of NRE.
    assert x["orbit: GPU failures, as a share of satellite hardware [USD]"][1] == pytest.approx(
        10.62e9, rel=1e-3
    )


def test_script_runs_and_reproduces_their_headline(capsys: pytest.CaptureFixture[str]) -> None:
    # Their README: the 1 MW text-inference design costs $1,237/PFLOP-day against $66 on Earth. Pinned to the
    # version it was checked with; a later orbitdc may move its catalogs (then re-read docs/datacentre.md).
    space, earth = peer.peer_headline()
    if orbitdc.__version__ == "0.4.2":
        assert space == pytest.approx(1237, abs=1) and earth == pytest.approx(66, abs=0.5)
    assert space > earth > 0
    assert peer.main([]) == 0
    out = capsys.readouterr().out
    assert "## default inputs" in out and "| mass to orbit |" in out
