"""Steady-state balance against hand calculations (tolerance 1e-9 relative unless stated)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from wattsandtons.balance import BalanceError, solve_balance
from wattsandtons.cli import app
from wattsandtons.scenario import bundled_scenarios, load_scenario, parse_scenario
from wattsandtons.scenario.model import Node

YEAR = 365.25 * 86400.0
MWH = 3.6e9
RTOL = 1e-9

LOOP3 = """\
name: loop3
commodities:
  sun: {unit: MWh}
  ore: {unit: t}
  e: {unit: MWh}
  steel: {unit: t}
  panel: {unit: piece, mass_per_unit: 0.02 t/piece}
processes:
  farm: {outputs: {e: 1 MWh}, inputs: {sun: 5 MWh, panel: 0.001 piece}}
  mill: {outputs: {steel: 1 t}, inputs: {ore: 2 t, e: 4 MWh}}
  fab:  {outputs: {panel: 1 piece}, inputs: {steel: 0.02 t, e: 0.5 MWh}}
boundary:
  resources: {sun: {}, ore: {}}
  demand: {e: 100 MWh/yr, steel: 10 t/yr}
"""


def idx(balance, name: str) -> int:
    return balance.network.processes.index(name)


def node(balance, key: str) -> int:
    commodity, _, location = key.partition("@")
    return balance.network.nodes.index(Node(commodity, location or "earth"))


def test_three_process_loop_by_hand() -> None:
    b = solve_balance(parse_scenario(LOOP3, "loop3.yaml"))
    # x_e = 100 + 4 x_s + 0.5 x_p;  x_s = 10 + 0.02 x_p;  x_p = 0.001 x_e  (per year)
    x_e = 140 / (1 - 0.00058)
    x_p = 0.001 * x_e
    x_s = 10 + 0.02 * x_p
    assert b.activity[idx(b, "farm")] * YEAR / MWH == pytest.approx(x_e, rel=RTOL)
    assert b.activity[idx(b, "mill")] * YEAR / 1000 == pytest.approx(x_s, rel=RTOL)
    assert b.activity[idx(b, "fab")] * YEAR == pytest.approx(x_p, rel=RTOL)
    # embodied sunlight per MWh: I_e = 5 + 0.001 I_p, I_p = 0.02 I_s + 0.5 I_e, I_s = 4 I_e
    assert b.intensity_energy[node(b, "e")] == pytest.approx(5 / (1 - 0.00058), rel=RTOL)
    # embodied ore per MWh [t/MWh]: M_e = 0.001 M_p, M_p = 0.02 M_s + 0.5 M_e, M_s = 2 + 4 M_e
    m_e = 0.00004 / (1 - 0.00058)
    assert b.intensity_mass[node(b, "e")] * MWH / 1000 == pytest.approx(m_e, rel=RTOL)
    # statements balance and carry the hand figures
    energy, mass = b.statements["loop.energy"], b.statements["loop.mass"]
    assert energy.total_in / MWH == pytest.approx(5 * x_e, rel=RTOL)
    assert mass.total_in / 1000 == pytest.approx(2 * x_s, rel=RTOL)
    assert energy.relative_residual <= 1e-9 and mass.relative_residual <= 1e-9
    assert b.verdict.startswith("closed")


BYPRODUCT = """\
name: chp
commodities:
  crude: {unit: MWh}
  gas: {unit: MWh}
  fuel: {unit: MWh}
  heat: {unit: MWh}
processes:
  refinery: {outputs: {fuel: 1 MWh, heat: 0.2 MWh}, inputs: {crude: 1.3 MWh}}
  boiler: {outputs: {heat: 1 MWh}, inputs: {gas: 1.1 MWh}}
boundary:
  resources: {crude: {}, gas: {}}
  demand: {fuel: 100 MWh/yr, heat: HEAT MWh/yr}
"""


def test_by_product_system_expansion_by_hand() -> None:
    b = solve_balance(parse_scenario(BYPRODUCT.replace("HEAT", "50"), "chp.yaml"))
    assert b.activity[idx(b, "refinery")] * YEAR / MWH == pytest.approx(100, rel=RTOL)
    assert b.activity[idx(b, "boiler")] * YEAR / MWH == pytest.approx(30, rel=RTOL)  # 50 − 0.2 × 100
    assert b.intensity_energy[node(b, "fuel")] == pytest.approx(1.3 - 0.2 * 1.1, rel=RTOL)
    assert b.statements["loop.energy"].total_in / MWH == pytest.approx(130 + 33, rel=RTOL)
    assert b.statements["loop.energy"].relative_residual <= 1e-9
    assert not b.warnings


def test_by_product_cut_off_by_hand() -> None:
    b = solve_balance(parse_scenario(BYPRODUCT.replace("HEAT", "50"), "chp.yaml"), allocation="cut_off")
    assert b.activity[idx(b, "boiler")] * YEAR / MWH == pytest.approx(50, rel=RTOL)
    assert b.surplus[node(b, "heat")] * YEAR / MWH == pytest.approx(20, rel=RTOL)  # leaves as surplus
    assert b.intensity_energy[node(b, "fuel")] == pytest.approx(1.3, rel=RTOL)
    assert b.statements["loop.energy"].relative_residual <= 1e-9


def test_by_product_surplus_under_expansion_is_avoided_production() -> None:
    b = solve_balance(parse_scenario(BYPRODUCT.replace("HEAT", "10"), "chp.yaml"))
    assert b.activity[idx(b, "boiler")] * YEAR / MWH == pytest.approx(-10, rel=RTOL)
    assert any("negative activity" in w for w in b.warnings)


CAPITAL = """\
name: cap
commodities:
  sun: {unit: MWh}
  e: {unit: MWh}
  panel: {unit: piece}
processes:
  farm:
    outputs: {e: 1 MWh}
    inputs: {sun: 5 MWh}
    capacity_factor: 0.2
    lifetime: 25 yr
    capital: {per: 1 kW, inputs: {panel: 3 piece}}
  fab: {outputs: {panel: 1 piece}, inputs: {e: 0.4 MWh}}
boundary:
  resources: {sun: {}}
  demand: {e: 1000 MWh/yr}
"""


def test_capital_amortisation_eroi_and_payback_by_hand() -> None:
    b = solve_balance(parse_scenario(CAPITAL, "cap.yaml"))
    lifetime_output_mwh = 0.2 * 25 * YEAR / 3600 / 1000  # per kW: 43.83 MWh
    panels_per_mwh = 3 / lifetime_output_mwh
    x_e = 1000 / (1 - 0.4 * panels_per_mwh)
    assert b.activity[idx(b, "farm")] * YEAR / MWH == pytest.approx(x_e, rel=RTOL)
    row = b.eroi.set_index("process").loc["farm"]
    assert row.eroi == pytest.approx(lifetime_output_mwh / (3 * 0.4), rel=RTOL)  # 36.5
    assert row.energy_payback_years == pytest.approx(
        3 * 0.4 / (0.2 * YEAR / 3600 / 1000), rel=RTOL
    )  # 0.684 yr
    assert b.loop_eroi == pytest.approx(row.eroi, rel=RTOL)
    assert b.net_energy * YEAR / MWH == pytest.approx(1000, rel=RTOL)  # what reaches final demand


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_bundled_statements_balance(name: str) -> None:
    b = solve_balance(load_scenario(name))
    for key, statement in b.statements.items():
        assert statement.relative_residual <= 1e-9, key
    assert np.all(b.draw >= 0) and np.all(b.surplus >= 0)


def test_closed_loop_earth_is_closed_in_steady_state() -> None:
    b = solve_balance(load_scenario("closed_loop_earth"))
    assert b.verdict.startswith("closed")
    assert 10 < b.eroi.set_index("process").loc["solar_farm"].eroi < 40  # PV literature: about 10-30
    assert (
        0.5 < b.eroi.set_index("process").loc["solar_farm"].energy_payback_years < 3
    )  # Fraunhofer: about 1 yr


def test_without_its_refinery_the_loop_is_open_on_specialty_materials(loop_data: dict) -> None:
    del loop_data["processes"]["specialty_refinery"]
    loop_data["growth"].get("reinvest", {}).pop("specialty_refinery", None)
    b = solve_balance(parse_scenario(yaml.safe_dump(loop_data), "variant.yaml"))
    assert b.verdict.startswith("open on specialty_materials@earth")
    assert list(b.open_inputs.node) == ["specialty_materials@earth"]
    assert 0 < b.open_inputs.energy_share[0] < 0.05


UNPRODUCTIVE = """\
name: bad
commodities: {a: {unit: t}, b: {unit: t}, c: {unit: t}, ore: {unit: t}}
processes:
  pa: {outputs: {a: 1 t}, inputs: {b: 2 t}}
  pb: {outputs: {b: 1 t}, inputs: {a: 0.6 t, ore: 1 t}}
  pc: {outputs: {c: 1 t}, inputs: {a: 1 t}}
boundary:
  resources: {ore: {}}
  demand: {c: 1 t/yr}
"""


def test_unproductive_cycle_is_named() -> None:
    with pytest.raises(BalanceError) as info:
        solve_balance(parse_scenario(UNPRODUCTIVE, "bad.yaml"))
    message = str(info.value)
    assert "processes pa, pb" in message and "a@earth, b@earth" in message
    assert "pc" not in message.split("(making")[0]


def test_self_consuming_process_is_unproductive() -> None:
    text = UNPRODUCTIVE.replace("inputs: {b: 2 t}", "inputs: {a: 1.2 t}")
    with pytest.raises(BalanceError, match="processes pa"):
        solve_balance(parse_scenario(text, "bad.yaml"))


runner = CliRunner()


def test_cli_balance_table_and_files(tmp_path) -> None:
    result = runner.invoke(app, ["balance", "closed_loop_earth", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for fragment in (
        "Energy statement",
        "Mass statement",
        "Embodied intensities",
        "closed: everything",
        "EROI",
    ):
        assert fragment in result.stdout
    data = json.loads((tmp_path / "balance.json").read_text())
    assert data["statements"]["loop.energy"]["relative_residual"] <= 1e-9
    flows = (tmp_path / "flows.csv").read_text().splitlines()
    assert flows[0].startswith("source,target,commodity")


def test_cli_balance_json_and_demand_option() -> None:
    result = runner.invoke(
        app, ["balance", "closed_loop_earth", "-d", "ai_compute=1e24 FLOP/yr", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    demand_rate = 1e24 / YEAR
    datacentre = next(a for a in data["activities"] if a["process"] == "datacentre")
    assert datacentre["activity_per_s"] > demand_rate  # the factories use engineering compute too
    assert math.isclose(datacentre["activity_per_s"], demand_rate, rel_tol=0.01)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-d", "ai_compute=3 t/yr"], "is a mass per time"),
        (["-d", "ai_compte=1 FLOP/yr"], "did you mean 'ai_compute'"),
        (["-d", "nonsense"], "expected COMMODITY"),
        (["--allocation", "magic"], "unknown allocation"),
    ],
)
def test_cli_balance_bad_options_exit_2(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["balance", "closed_loop_earth", *args])
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_cli_unproductive_exits_2(write) -> None:
    result = runner.invoke(app, ["balance", str(write(UNPRODUCTIVE))])
    assert result.exit_code == 2
    assert "unproductive loop: processes pa, pb" in result.stderr
