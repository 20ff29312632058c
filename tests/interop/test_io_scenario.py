"""A physical input–output table as a scenario: the balance reproduces the table's output and energy footprint."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

import wattsandtons as wt
from wattsandtons.cli import app
from wattsandtons.io import IOTableError, to_scenario
from wattsandtons.scenario import load_scenario, parse_scenario

YEAR = 365.25 * 86400  # s; the scenario language's year (Julian)
MWH = 3.6e9  # J

PRODUCTS = pd.Index(["steel", "electricity", "cement"], name="product")
X = pd.Series([1000.0, 20000.0, 3000.0], index=PRODUCTS)  # t, MWh, t per year


def _table(**satellites: pd.DataFrame):
    A = pd.DataFrame(
        [[0.02, 0.0001, 0.01], [0.5, 0.05, 0.1], [0.0, 0.00001, 0.0]], index=PRODUCTS, columns=PRODUCTS
    )
    Z = A * X.to_numpy()
    Y = pd.DataFrame({"final": X - Z.sum(axis=1)}, index=PRODUCTS)
    F = pd.DataFrame(
        {"unit": ["MWh", "t", "t"], "steel": [5000.0, 1600.0, 1800.0], "electricity": [40000.0, 0.0, 0.0],
         "cement": [1000.0, 3600.0, 2400.0]},
        index=pd.Index(["primary energy", "ore", "CO2"], name="stressor"),
    )  # fmt: skip
    return wt.io.read_labelled(Z=Z, x=X, Y=Y, satellites={"F": F, **satellites}, product_unit="t")


def test_physical_table_balances_to_its_own_output_and_footprint() -> None:
    table = _table()
    document = to_scenario(table, units={"electricity": "MWh"}, resources=["primary energy", "ore"])
    assert "CO2" in document["description"]  # an emission, not a draw: left out and said so
    scenario = parse_scenario(yaml.safe_dump(document, sort_keys=False), "steel.yaml")
    balance = wt.balance(scenario)
    activity = balance.to_frame()["activity_per_s"] * YEAR
    per_unit = np.array([1.0, MWH, 1.0])  # SI per unit of each product (t counts as 1000 kg below)
    np.testing.assert_allclose(
        activity.to_numpy() / per_unit, X.to_numpy() * [1000.0, 1.0, 1000.0], rtol=1e-9
    )
    # the balance's primary energy equals the table's energy footprint: Σ_j S_energy,j x_j = 46,000 MWh/yr
    footprint = (
        table.footprints(["primary energy"], demand_level=None, product_level="total").sum(axis=1).item()
    )
    assert footprint == pytest.approx(5000.0 + 40000.0 + 1000.0, rel=1e-12)
    assert balance.primary_energy * YEAR / MWH == pytest.approx(footprint, rel=1e-9)


def test_with_a_growth_block_it_runs(tmp_path: Path) -> None:
    table = _table()
    table.save(tmp_path / "model")
    done = CliRunner().invoke(
        app,
        ["io", "scenario", str(tmp_path / "model"), "-u", "electricity=MWh", "-r", "primary energy", "-r", "ore",
         "--start", "2026", "--end", "2030", "--out", str(tmp_path / "steel.yaml")],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    run = wt.run(load_scenario(tmp_path / "steel.yaml"))
    assert run.to_xarray().sizes["time"] == 4


def test_non_physical_units_are_refused() -> None:
    table = _table()
    with pytest.raises(IOTableError, match="not a physical unit"):
        to_scenario(table, units={"electricity": "Mill USD"})
    value_added = pd.DataFrame(
        {"unit": ["EUR"], "steel": [1.0], "electricity": [1.0], "cement": [1.0]}, index=["value added"]
    )
    with pytest.raises(IOTableError, match="not an energy or a mass"):
        to_scenario(_table(S=value_added), units={"electricity": "MWh"}, resources=["value added"])
