"""Dispatch: hand-known optima, energy balance, infeasibility messages, located spec errors, regional calibration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
import yaml
from typer.testing import CliRunner

from wattsandtons.cli import friendly_errors
from wattsandtons.dispatch import (
    DispatchError,
    SiteError,
    bundled_specs,
    dispatch,
    load_site,
    parse_site,
    spec_text,
)
from wattsandtons.dispatch.cli import dispatch_command
from wattsandtons.dispatch.model import MW, MWH
from wattsandtons.dispatch.regions import REGIONS, baseline_share, calibrate, is_study, load_study

FLAT = [1.0] * 24


def site(data: dict[str, Any], hours: int = 1) -> Any:
    """Parse a small site spec given as a dict (USD, 1-hour horizon by default)."""
    text = yaml.safe_dump({"horizon": {"start": "2025-04-01", "hours": hours}, **data}, sort_keys=False)
    return parse_site(text, "site.yaml")


def hourly(values: list[float]) -> dict[str, Any]:
    """A profile of 24 daily multipliers from the first few hours' values."""
    return {"daily": values + [values[-1]] * (24 - len(values))}


def grid(
    imp: str = "0 MW", exp: str = "0 MW", imp_price: Any = "100 USD/MWh", exp_price: Any = "0 USD/MWh"
) -> dict:
    return {"import_limit": imp, "export_limit": exp, "import_price": imp_price, "export_price": exp_price}


# -- hand-known optima -----------------------------------------------------------------------------------------------
def test_one_hour_of_surplus_goes_to_mining_then_export_then_curtailment() -> None:
    s = site(
        {
            "generation": {"plant": {"kind": "profile", "capacity": "100 MW", "profile": {"daily": FLAT}}},
            "grid": grid(exp="20 MW", exp_price="50 USD/MWh"),
            "loads": {
                "town": {"kind": "fixed", "power": "30 MW"},
                "miners": {"kind": "interruptible", "power": "40 MW", "value": "80 USD/MWh"},
            },
        }
    )
    schedule = dispatch(s)
    summary = schedule.summary
    power = schedule.power.sel(hour=schedule.power.hour[0])
    assert float(power.sel(asset="miners")) == pytest.approx(-40 * MW)
    assert float(power.sel(asset="grid_export")) == pytest.approx(-20 * MW)
    assert summary.curtailed == pytest.approx(10 * MWH)
    assert summary.baseline_curtailed == pytest.approx(50 * MWH)
    assert summary.value == pytest.approx(40 * 80 + 20 * 50)
    miners = summary.load("miners")
    assert miners.surplus_absorbed == pytest.approx(40 * MWH)
    assert miners.energy == pytest.approx(40 * MWH)
    assert summary.curtailed_share == pytest.approx(0.1)


def test_mining_worth_less_than_export_only_takes_what_export_cannot() -> None:
    s = site(
        {
            "generation": {"plant": {"kind": "profile", "capacity": "100 MW", "profile": {"daily": FLAT}}},
            "grid": grid(exp="70 MW", exp_price="50 USD/MWh"),
            "loads": {"miners": {"kind": "interruptible", "power": "40 MW", "value": "40 USD/MWh"}},
        }
    )
    summary = dispatch(s).summary
    assert summary.load("miners").energy == pytest.approx(30 * MWH)
    assert summary.curtailed == pytest.approx(0.0, abs=1e-3)
    assert summary.value == pytest.approx(70 * 50 + 30 * 40)


@pytest.mark.parametrize("cyclic", [False, True])
def test_battery_arbitrage_between_two_prices_with_losses(cyclic: bool) -> None:
    prices = {"value": "1 USD/MWh", "profile": hourly([10.0, 100.0])}
    s = site(
        {
            "grid": grid(imp="50 MW", exp="50 MW", imp_price=prices, exp_price=prices),
            "storage": {
                "battery": {
                    "power": "10 MW",
                    "energy": "10 MWh",
                    "charge_efficiency": "90 %",
                    "discharge_efficiency": "90 %",
                    "cyclic": cyclic,
                    "soc_initial": "0 %",
                }
            },
        },
        hours=2,
    )
    schedule = dispatch(s)
    # Buy 10 MWh at 10, store 9 MWh, sell 9 × 0.9 = 8.1 MWh at 100.
    assert schedule.summary.value == pytest.approx(8.1 * 100 - 10 * 10)
    ds = schedule.dataset
    assert float(ds["charge"].isel(hour=0, storage=0)) == pytest.approx(10 * MW)
    assert float(ds["discharge"].isel(hour=1, storage=0)) == pytest.approx(8.1 * MW)
    assert schedule.summary.batteries[0].cycles == pytest.approx(0.81)


def test_firm_load_is_served_from_import() -> None:
    s = site(
        {
            "grid": grid(imp="25 MW", imp_price="100 USD/MWh"),
            "loads": {"ai": {"kind": "firm", "power": "20 MW", "value": "500 USD/MWh"}},
        },
        hours=24,
    )
    schedule = dispatch(s)
    assert np.allclose(schedule.power.sel(asset="grid_import").values, 20 * MW)
    assert schedule.summary.grid_cost == pytest.approx(24 * 20 * 100)
    ai = schedule.summary.load("ai")
    assert ai.energy == pytest.approx(24 * 20 * MWH)
    assert ai.revenue_per_mw_year == pytest.approx(500 * 8766, rel=1e-9)  # full use of 1 MW for a year


def test_firm_load_with_a_shed_penalty_is_shed_when_supply_is_short() -> None:
    s = site(
        {
            "grid": grid(imp="15 MW", imp_price="100 USD/MWh"),
            "loads": {"ai": {"kind": "firm", "power": "20 MW", "shed_penalty": "1000 USD/MWh"}},
        }
    )
    ai = dispatch(s).summary.load("ai")
    assert ai.unserved == pytest.approx(5 * MWH)
    assert ai.demand_response_hours == 1


def test_deferrable_training_delivers_its_energy_in_the_cheap_hours() -> None:
    cheap_nights = {"value": "10 USD/MWh", "profile": {"daily": [1.0] * 6 + [5.0] * 18}}
    s = site(
        {
            "grid": grid(imp="100 MW", imp_price=cheap_nights),
            "loads": {
                "training": {"kind": "deferrable", "power": "10 MW", "energy": "50 MWh", "window": "24 h"}
            },
        },
        hours=48,
    )
    schedule = dispatch(s)
    served = -schedule.power.sel(asset="training").values / MW
    assert served[:24].sum() == pytest.approx(50) and served[24:].sum() == pytest.approx(50)
    assert served[0:6].sum() == pytest.approx(50)  # all in the six cheap hours (at most 10 MW each)
    assert schedule.summary.grid_cost == pytest.approx(2 * 50 * 10)


def test_mining_ramp_limit_holds_every_hour() -> None:
    s = site(
        {
            "generation": {
                "plant": {"kind": "profile", "capacity": "100 MW", "profile": hourly([0, 1, 0, 1])}
            },
            "loads": {
                "miners": {
                    "kind": "interruptible",
                    "power": "40 MW",
                    "value": "80 USD/MWh",
                    "ramp": "15 MW/h",
                }
            },
        },
        hours=4,
    )
    mined = -dispatch(s).power.sel(asset="miners").values / MW
    assert np.all(np.abs(np.diff(mined)) <= 15 + 1e-6)
    assert mined[0] == pytest.approx(0) and mined[1] == pytest.approx(15) and mined[3] == pytest.approx(15)


def test_non_firm_connection_blocks_export_in_its_hours() -> None:
    s = site(
        {
            "generation": {"plant": {"kind": "profile", "capacity": "50 MW", "profile": {"daily": FLAT}}},
            "grid": {**grid(exp="50 MW", exp_price="30 USD/MWh"), "non_firm": {"hours": [10, 11, 12]}},
        },
        hours=24,
    )
    exported = -dispatch(s).power.sel(asset="grid_export").values / MW
    assert np.allclose(exported[[10, 11, 12]], 0.0) and np.allclose(exported[:10], 50.0)


def test_curtailment_objective_prefers_absorbing_over_money() -> None:
    data = {
        "generation": {"plant": {"kind": "profile", "capacity": "100 MW", "profile": {"daily": FLAT}}},
        "loads": {"miners": {"kind": "interruptible", "power": "40 MW", "value": "-5 USD/MWh"}},
    }
    assert dispatch(site(data)).summary.load("miners").energy == pytest.approx(0.0, abs=1e-6)
    assert dispatch(site({**data, "objective": "curtailment"})).summary.load(
        "miners"
    ).energy == pytest.approx(40 * MWH)


# -- balance, determinism, profiles ------------------------------------------------------------------------------------
def test_hourly_energy_balance_holds_in_every_hour_of_the_hybrid_site() -> None:
    schedule = dispatch(load_site("hybrid_site", hours=24 * 14))
    assert np.abs(schedule.balance_residual()).max() <= 1e-6 * MW
    ds = schedule.dataset
    assert np.all(ds["curtailed"].values >= -1e-6 * MW)
    assert np.all(ds["curtailed"].values <= ds["available"].values + 1e-6 * MW)
    battery = load_site("hybrid_site", hours=1).batteries[0]
    soc = ds["state_of_charge"].sel(storage="battery").values
    assert soc.min() >= -1e-3 and soc.max() <= battery.energy * (1 + 1e-9)
    summary = schedule.summary
    assert summary.curtailed < summary.baseline_curtailed  # the flexible loads absorb surplus


def test_pv_profile_is_seeded_and_physical() -> None:
    a = load_site("hybrid_site", hours=24 * 30).generators[0]
    b = load_site("hybrid_site", hours=24 * 30).generators[0]
    assert np.array_equal(a.available, b.available)
    assert a.available.max() <= a.capacity * (1 + 1e-12) and a.available.min() >= 0.0
    night = load_site("hybrid_site", hours=24).index.hour < 5
    assert np.all(a.available[:24][night] == 0.0)
    assert spec_text("hybrid_site")[1] == "hybrid_site.yaml"


def test_csv_profile_and_its_length_check(tmp_path: Path) -> None:
    (tmp_path / "wind.csv").write_text("hour,cf\n0,0.5\n1,1.0\n", encoding="utf-8")
    spec = {
        "horizon": {"start": "2025-04-01", "hours": 2},
        "generation": {
            "wind": {"kind": "profile", "capacity": "10 MW", "profile": {"file": "wind.csv", "column": "cf"}}
        },
        "loads": {"miners": {"kind": "interruptible", "power": "20 MW", "value": "1 USD/MWh"}},
    }
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    s = load_site(path)
    assert np.allclose(s.generators[0].available, [5 * MW, 10 * MW])
    with pytest.raises(
        SiteError,
        match=r"s\.yaml:\d+:\d+ generation\.wind\.profile\.file: 'wind\.csv' has 2 rows, the horizon needs 3",
    ):
        load_site(path, hours=3)


# -- infeasible inputs -------------------------------------------------------------------------------------------------
def test_firm_load_above_supply_and_import_names_the_hour_and_constraint() -> None:
    s = site(
        {
            "generation": {"plant": {"kind": "profile", "capacity": "10 MW", "profile": hourly([1, 1, 0])}},
            "grid": grid(imp="20 MW"),
            "loads": {"ai": {"kind": "firm", "power": "25 MW"}},
        },
        hours=4,
    )
    with pytest.raises(
        DispatchError, match=r"firm load above supply \+ import limit in hour 2 \(2025-04-01 02:00:00\)"
    ):
        dispatch(s)


def test_battery_that_runs_dry_names_the_hour() -> None:
    s = site(
        {
            "storage": {
                "battery": {
                    "power": "20 MW",
                    "energy": "10 MWh",
                    "charge_efficiency": 1,
                    "discharge_efficiency": 1,
                    "cyclic": False,
                    "soc_initial": "100 %",
                }
            },
            "loads": {"ai": {"kind": "firm", "power": "10 MW"}},
        },
        hours=2,
    )
    with pytest.raises(
        DispatchError, match=r"energy balance cannot hold in hour 1 .*short of demand by 10 MW"
    ):
        dispatch(s)


def test_deferrable_window_that_cannot_be_met_is_named() -> None:
    s = site(
        {
            "generation": {"plant": {"kind": "profile", "capacity": "10 MW", "profile": hourly([1.0, 0.5])}},
            "loads": {
                "training": {"kind": "deferrable", "power": "10 MW", "energy": "20 MWh", "window": "2 h"}
            },
        },
        hours=2,
    )
    with pytest.raises(
        DispatchError, match=r"loads\.training: the energy per window cannot be delivered in window 0"
    ):
        dispatch(s)


def test_export_dearer_than_import_is_refused_as_unbounded() -> None:
    with pytest.raises(SiteError, match=r"grid\.export_price.*unbounded profit"):
        site({"grid": grid(imp="1 MW", exp="1 MW", imp_price="10 USD/MWh", exp_price="20 USD/MWh")})


# -- located spec errors through the command ----------------------------------------------------------------------------
def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("dispatch")(friendly_errors(dispatch_command))
    app.command("noop")(lambda: None)
    return app


BAD_DIMENSION = """\
horizon: {hours: 2}
loads:
  ai:
    kind: firm
    power: 20 MWh
"""

UNKNOWN_FIELD = """\
horizon: {hours: 2}
generation:
  solar:
    kind: profile
    capacty: 10 MW
    profile: {file: solar.csv}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BAD_DIMENSION, "bad.yaml:5:12 loads.ai.power: '20 MWh' is an energy (expected a power)"),
        (
            UNKNOWN_FIELD,
            "bad.yaml:5:5 generation.solar.capacty: unknown field 'capacty' (did you mean 'capacity'?)",
        ),
        ("loads: {m: {kind: interruptible, power: 1 MW, efficiency: 20 J/TH}}\n", "write hashes as 'Thash'"),
        ("loads: {m: {kind: firmm, power: 1 MW}}\n", "bad.yaml:1:19 loads.m.kind: unknown kind 'firmm'"),
    ],
)
def test_spec_errors_are_located_and_exit_2(
    text: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(_app(), ["dispatch", "bad.yaml"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert expected in result.stderr.replace("\n", " ") or expected in result.stderr, result.stderr


def test_infeasible_site_exits_2_through_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = {
        "horizon": {"hours": 3},
        "grid": grid(imp="5 MW"),
        "loads": {"ai": {"kind": "firm", "power": "6 MW"}},
    }
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(_app(), ["dispatch", "s.yaml"])
    assert result.exit_code == 2
    assert "firm load above supply + import limit in hour 0" in result.stderr.replace("\n", " ")


def test_command_prints_tables_and_writes_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        _app(), ["dispatch", "hybrid_site", "--hours", "48", "--out", str(tmp_path)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "curtailed share" in result.stdout and "miners" in result.stdout
    assert {p.name for p in tmp_path.iterdir()} == {
        "schedule.csv",
        "schedule.nc",
        "summary.json",
        "loads.csv",
        "report.html",
        "schedule.parquet",  # Parquet beside each CSV (pyarrow is a test dependency)
        "loads.parquet",
    }


# -- regions -------------------------------------------------------------------------------------------------------------
def test_bundled_specs_and_study() -> None:
    names = bundled_specs()
    assert {*REGIONS, "hybrid_site", "japan_curtailment"} <= set(names)
    assert is_study("japan_curtailment") and not is_study("kyushu")
    assert load_study("japan_curtailment").regions == REGIONS


@pytest.mark.parametrize("region", REGIONS)
def test_regional_baselines_reproduce_their_calibrated_curtailment(region: str) -> None:
    s = load_site(region)
    assert s.hours == 8760 and s.target_curtailment is not None
    assert abs(baseline_share(s) - s.target_curtailment) < 0.001  # 0.1 percentage point


def test_kyushu_hybrid_absorbs_surplus_and_balances() -> None:
    schedule = dispatch(load_site("kyushu"))
    summary = schedule.summary
    assert abs(summary.baseline_curtailed_share - 0.059) < 0.001
    assert summary.curtailed < summary.baseline_curtailed
    miners = summary.load("miners")
    assert 0 < miners.surplus_absorbed <= miners.energy
    assert miners.energy_payback is not None and miners.energy_payback > 0
    assert np.abs(schedule.balance_residual()).max() <= 1e-6 * MW * 1e3  # GW-scale flows: within 1 kW


def test_calibration_finds_the_target_on_a_short_horizon() -> None:
    s = load_site("shikoku", hours=24 * 60)
    result = calibrate(s, 0.02, tol=1e-4)
    assert abs(result.share - 0.02) <= 1e-4


def test_study_runs_through_the_command() -> None:
    result = CliRunner().invoke(
        _app(), ["dispatch", "japan_curtailment", "--hours", "48", "--workers", "1"], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    for region in REGIONS:
        assert region in result.stdout
    assert "C15" in result.stdout


def test_study_on_a_local_dask_cluster_matches_local_processes() -> None:
    """The regions of a study run as Dask tasks (shared wattsandtons.distributed) and come back in order."""
    import json

    args = ["dispatch", "japan_curtailment", "--hours", "48", "--format", "json"]
    local = CliRunner().invoke(_app(), args)
    remote = CliRunner().invoke(_app(), [*args, "--dask-local", "2"])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    regions = [json.loads(r.stdout)["regions"] for r in (local, remote)]
    assert [r["site"] for r in regions[1]] == ["kyushu", "shikoku", "tohoku", "chugoku"]
    assert [r["curtailed"] for r in regions[0]] == [r["curtailed"] for r in regions[1]]
