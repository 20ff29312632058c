"""PyPSA both ways: the same LP solved by our dispatch and by ``pypsa.Network.optimize()`` gives the same objective.

Our LP leaves out constant terms (the cost of all available generation; the value of firm load served), so the
comparison is ``PyPSA objective == ours + objective_offset(site)``, to 1e-6 relative (both are HiGHS optima of the
same LP; the tolerance covers HiGHS's own 1e-7 optimality tolerances, not modelling slack).
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from wattsandtons.cli import friendly_errors
from wattsandtons.dispatch import DispatchError, load_site, parse_site
from wattsandtons.dispatch.cli import dispatch_command
from wattsandtons.dispatch.model import solve_site
from wattsandtons.dispatch.pypsa_io import (
    from_network,
    network_to_site,
    objective_offset,
    read_network,
    to_network,
    write_spec,
)

pypsa = pytest.importorskip("pypsa")

RTOL = 1e-6

#: Every component kind the converter maps: must-run and priced generators, hourly import prices and export limits,
#: a battery with a SOC window, standing loss and a fixed start (Store + Links), a cyclic one (StorageUnit), a firm
#: load that may be shed, a binding ramp on mining, a deferrable load with two full windows and a partial third.
EVERYTHING = """\
title: "Every component the converter maps"
currency: EUR
horizon: {start: 2025-06-01, hours: 60}
generation:
  solar:
    kind: profile
    capacity: 120 MW
    profile: {daily: [0,0,0,0,0,0.05,0.2,0.4,0.6,0.8,0.9,1,1,0.95,0.85,0.7,0.5,0.3,0.1,0,0,0,0,0]}
  nuclear:
    kind: profile
    capacity: 15 MW
    profile: {weekend: 0.8}
    curtailable: false
    renewable: false
    marginal_cost: 10 EUR/MWh
  gas:
    kind: profile
    capacity: 30 MW
    profile: {weekend: 1.0}
    renewable: false
    marginal_cost: 85 EUR/MWh
grid:
  import_limit: 25 MW
  export_limit: {value: 20 MW, profile: {daily: [1,1,1,1,1,1,1,1,1,1,0.5,0.5,0.5,0.5,1,1,1,1,1,1,1,1,1,1]}}
  import_price: {value: 100 EUR/MWh, profile: {daily: [0.8,0.8,0.8,0.8,0.8,0.9,1,1.2,1.2,1,0.9,0.8,0.8,0.8,0.9,1,1.3,1.5,1.5,1.3,1.1,1,0.9,0.8]}}
  export_price: 40 EUR/MWh
storage:
  bess: {power: 20 MW, charge_power: 15 MW, energy: 70 MWh, soc_min: 10 %, soc_max: 90 %, cyclic: false,
         soc_initial: 40 %, standing_loss: 0.1 %/h, cycle_cost: 2 EUR/MWh}
  pumped: {power: 10 MW, energy: 60 MWh, charge_efficiency: 88 %, discharge_efficiency: 90 %, cycle_cost: 1 EUR/MWh}
loads:
  town:
    kind: fixed
    power: {value: 25 MW, profile: {daily: [0.7,0.65,0.6,0.6,0.65,0.75,0.9,1,1.05,1.05,1.05,1.05,1,1,1,1.05,1.15,1.25,1.3,1.2,1.1,1,0.9,0.8]}}
  ai: {kind: firm, power: 20 MW, value: 300 EUR/MWh, shed_penalty: 50 EUR/MWh}
  miners: {kind: interruptible, power: 30 MW, value: 45 EUR/MWh, ramp: 6 MW/h}
  training: {kind: deferrable, power: 25 MW, energy: 150 MWh, window: 24 h, value: 20 EUR/MWh}
"""


@pytest.fixture(autouse=True)
def _quiet() -> None:
    logging.getLogger("pypsa").setLevel(logging.ERROR)
    logging.getLogger("linopy").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=FutureWarning)


def _pypsa_objective(n: pypsa.Network) -> float:
    status, condition = n.optimize(solver_name="highs", progress=False, output_flag=False)
    if status != "ok":
        raise AssertionError(f"PyPSA did not solve: {status} {condition}")
    return float(n.objective)


def _ours(site: object) -> float:
    return solve_site(site).objective + objective_offset(site)  # type: ignore[arg-type]


def _check_both_ways(site: object) -> None:
    """Export: ours == PyPSA on the exported network. Import: that network read back and solved by us == PyPSA."""
    n = to_network(site)  # type: ignore[arg-type]
    theirs = _pypsa_objective(n)
    assert _ours(site) == pytest.approx(theirs, rel=RTOL)
    back = network_to_site(n)
    assert back.hours == site.hours  # type: ignore[attr-defined]
    assert _ours(back) == pytest.approx(theirs, rel=RTOL)


def test_hybrid_site_both_ways() -> None:
    """The bundled hybrid site, its first 30 days (a full year works the same; 30 days keeps CI quick)."""
    _check_both_ways(load_site("hybrid_site", hours=720))


def test_kyushu_both_ways() -> None:
    """The Kyushu region (GW scale, yen, calibrated renewable scale, pumped hydro), one week."""
    _check_both_ways(load_site("kyushu", hours=168))


@pytest.mark.parametrize("objective", ["value", "curtailment"])
def test_every_component_both_ways(objective: str) -> None:
    site = parse_site(
        EVERYTHING.replace("currency: EUR", f"currency: EUR\nobjective: {objective}"), "all.yaml"
    )
    n = to_network(site)
    # the binding pieces really are in the network: mining's ramp, the deferrable window ends, the SOC window
    assert n.generators.at["miners", "ramp_limit_up"] == pytest.approx(6 / 30)
    assert list(np.flatnonzero(n.stores_t.e_max_pu["training_backlog"].to_numpy() == 0)) == [23, 47, 59]
    assert n.stores.at["bess", "e_min_pu"] == pytest.approx(0.1)
    assert "pumped" in n.storage_units.index
    _check_both_ways(site)


def test_the_ramp_binds_so_the_comparison_can_fail() -> None:
    """Without mining's ramp limit in PyPSA the optimum moves: the test above would see a wrong export."""
    site = parse_site(EVERYTHING, "all.yaml")
    n = to_network(site)
    n.generators.loc["miners", ["ramp_limit_up", "ramp_limit_down"]] = np.nan
    assert _pypsa_objective(n) < _ours(site) * (1 - 1e-4)  # PyPSA finds a cheaper (looser) dispatch


def _foreign_network() -> pypsa.Network:
    """A network written by hand the PyPSA way, not by our exporter: no meta, PyPSA names and carriers."""
    n = pypsa.Network(name="hand made")
    hours = pd.date_range("2024-03-01", periods=48, freq="h")
    n.set_snapshots(hours)
    n.add("Bus", "AC bus", carrier="AC")
    n.add("Carrier", ["solar", "onwind", "gas", "AC", "battery"])
    sun = np.clip(np.sin((hours.hour - 6) / 12 * np.pi), 0, None)
    wind = 0.35 + 0.25 * np.cos(np.arange(48) / 7.0)
    n.add("Generator", "PV park", bus="AC bus", carrier="solar", p_nom=80, p_max_pu=pd.Series(sun, hours))
    n.add("Generator", "wind 1", bus="AC bus", carrier="onwind", p_nom=50, p_max_pu=pd.Series(wind, hours),
          marginal_cost=2.0)  # fmt: skip
    n.add("Generator", "OCGT", bus="AC bus", carrier="gas", p_nom=60, marginal_cost=95.0)
    n.add("Generator", "electrolyser", bus="AC bus", carrier="H2", p_nom=15, p_min_pu=-1, p_max_pu=0,
          marginal_cost=55.0)  # fmt: skip
    demand = 40 + 15 * np.sin((hours.hour - 9) / 24 * 2 * np.pi)
    n.add("Load", "city", bus="AC bus", p_set=pd.Series(demand, hours))
    n.add("StorageUnit", "phs", bus="AC bus", carrier="PHS", p_nom=20, max_hours=6, efficiency_store=0.87,
          efficiency_dispatch=0.87, cyclic_state_of_charge=True, marginal_cost=0.5)  # fmt: skip
    n.add("Bus", "battery bus", carrier="battery")
    n.add("Store", "battery", bus="battery bus", e_nom=40, e_cyclic=True, e_min_pu=0.05, standing_loss=0.0005)
    n.add("Link", "battery charger", bus0="AC bus", bus1="battery bus", p_nom=10, efficiency=0.96)
    n.add("Link", "battery discharger", bus0="battery bus", bus1="AC bus", p_nom=12, efficiency=0.94,
          marginal_cost=1.0)  # fmt: skip
    return n


def test_a_hand_made_network_imports_and_solves_to_pypsas_objective(tmp_path: Path) -> None:
    n = _foreign_network()
    spec, profiles = from_network(n)
    assert set(spec["generation"]) == {"PV_park", "wind_1", "OCGT"}
    assert spec["generation"]["PV_park"]["renewable"] and not spec["generation"]["OCGT"]["renewable"]
    assert spec["loads"]["electrolyser"]["kind"] == "interruptible"
    assert set(spec["storage"]) == {"phs", "battery"}
    assert spec["horizon"] == {"start": "2024-03-01 00:00:00", "hours": 48}
    path = write_spec(n, tmp_path)
    site = parse_site(
        path.read_text(), str(path), base_dir=tmp_path
    )  # the written files are an ordinary spec
    assert site.batteries[1].power == pytest.approx(12 * 0.94 * 1e6)  # W out of the discharging link
    assert len(profiles) == 48
    assert _ours(site) == pytest.approx(_pypsa_objective(n), rel=RTOL)


def test_netcdf_round_trip_keeps_the_objective(tmp_path: Path) -> None:
    site = parse_site(EVERYTHING, "all.yaml")
    path = tmp_path / "all.nc"
    to_network(site).export_to_netcdf(str(path))
    back = read_network(path)
    assert back.meta["wattsandtons"]["currency"] == "EUR"
    assert _ours(network_to_site(back)) == pytest.approx(_ours(site), rel=RTOL)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda n: n.add("Bus", "b2") or n.add("Line", "l", bus0="AC bus", bus1="b2", x=0.1, s_nom=10),
            "Line",
        ),
        (lambda n: n.generators.loc.__setitem__(("OCGT", "p_nom_extendable"), True), "OCGT.*extendable"),
        (lambda n: n.generators.loc.__setitem__(("OCGT", "p_min_pu"), 0.3), "OCGT.*floor"),
        (lambda n: n.add("Bus", "island"), "one electric bus"),
        (lambda n: n.storage_units.loc.__setitem__(("phs", "spill_cost"), 1.0), "phs: spill_cost"),
    ],
)
def test_what_the_site_cannot_express_is_refused_by_name(change: object, message: str) -> None:
    n = _foreign_network()
    change(n)  # type: ignore[operator]
    with pytest.raises(DispatchError, match=message):
        from_network(n)


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("dispatch")(friendly_errors(dispatch_command))
    app.command("noop")(lambda: None)
    return app


def test_cli_exports_a_network_and_dispatches_one(tmp_path: Path) -> None:
    spec = tmp_path / "all.yaml"
    spec.write_text(EVERYTHING)
    nc = tmp_path / "all.nc"
    first = CliRunner().invoke(_app(), ["dispatch", str(spec), "--to-pypsa", str(nc), "-f", "json"])
    assert first.exit_code == 0, first.output
    assert nc.is_file() and not list(tmp_path.glob(".*partial"))
    second = CliRunner().invoke(
        _app(), ["dispatch", str(nc), "--out", str(tmp_path / "imported"), "-f", "json"]
    )
    assert second.exit_code == 0, second.output
    assert yaml.safe_load((tmp_path / "imported" / "site.yaml").read_text())["currency"] == "EUR"
    summary = json.loads(second.stdout)
    assert summary["hours"] == 60 and summary["currency"] == "EUR"
    assert {ld["name"] for ld in summary["loads"]} == {"town", "ai", "miners", "training"}


def test_cli_refuses_a_network_it_cannot_express_in_one_line(tmp_path: Path) -> None:
    n = _foreign_network()
    n.generators.loc["OCGT", "p_nom_extendable"] = True
    n.export_to_netcdf(str(tmp_path / "x.nc"))
    result = CliRunner().invoke(_app(), ["dispatch", str(tmp_path / "x.nc")])
    assert result.exit_code == 2
    assert "extendable" in result.output and "Traceback" not in result.output


def test_the_python_example_in_docs_runs() -> None:
    """docs/pypsa.md's Python block is executed as written (it asserts the objective equality itself)."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "pypsa.md").read_text(encoding="utf-8")
    block = doc.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(block, "docs/pypsa.md", "exec"), {})


def test_without_pypsa_the_converter_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypsa", None)  # as if not installed: import raises
    with pytest.raises(DispatchError, match="pip install pypsa"):
        to_network(parse_site(EVERYTHING, "all.yaml"))


def test_cli_refuses_to_export_a_study() -> None:
    result = CliRunner().invoke(_app(), ["dispatch", "japan_curtailment", "--to-pypsa", "x.nc"])
    assert result.exit_code == 2 and "not a study" in result.output
