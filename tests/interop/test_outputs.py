"""Output files: atomic replacement, Ctrl-C, readable CSV headers, blanks for nan/inf, Parquet, NetCDF units."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pint
import pytest
import xarray as xr
from typer.testing import CliRunner

from wattsandtons.cli import app
from wattsandtons.outputs import INTERRUPTED, cf_dataset, cf_unit, staged, write_table
from wattsandtons.units import ureg

runner = CliRunner()


def _no_partials(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.name.startswith(".wattsandtons-partial-")]


def test_staged_replaces_all_files_or_none(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("old a")
    (tmp_path / "keep.txt").write_text("mine")

    def interrupted_run() -> None:
        with staged(tmp_path) as stage:
            (stage / "a.csv").write_text("new a")
            (stage / "b.csv").write_text("new b")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted_run()
    assert (tmp_path / "a.csv").read_text() == "old a" and not (tmp_path / "b.csv").exists()
    _no_partials(tmp_path)
    with staged(tmp_path) as stage:
        (stage / "a.csv").write_text("new a")
    assert (tmp_path / "a.csv").read_text() == "new a" and (tmp_path / "keep.txt").read_text() == "mine"
    _no_partials(tmp_path)


def test_ctrl_c_while_the_report_is_written_leaves_the_old_run(tmp_path: Path, monkeypatch) -> None:
    done = runner.invoke(app, ["balance", "closed_loop_earth", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("wattsandtons.report.html.render", interrupted)
    done = runner.invoke(
        app, ["balance", "closed_loop_earth", "-d", "ai_compute=1e25 FLOP/yr", "--out", str(tmp_path)]
    )
    assert done.exit_code == 130
    assert done.stderr.strip() == INTERRUPTED  # one line, no traceback
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    _no_partials(tmp_path)


def test_balance_csv_in_readable_units_with_parquet_beside(tmp_path: Path) -> None:
    done = runner.invoke(app, ["balance", "closed_loop_earth", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    eroi = pd.read_csv(tmp_path / "eroi.csv")
    generation = [c for c in eroi.columns if c.startswith("generation [")]
    assert len(generation) == 1 and generation[0] in ("generation [GW]", "generation [TW]")
    power = {"generation [GW]": 1e9, "generation [TW]": 1e12}[generation[0]]
    statements = pd.read_csv(tmp_path / "statements.csv")
    energy_unit = set(statements.loc[statements["statement"] == "loop.energy", "unit"])
    assert len(energy_unit) == 1 and energy_unit <= {"TWh", "PWh"}
    # the same figure as the balance's own statement, converted by hand: 1 TWh = 3.6e15 J
    from wattsandtons import balance

    b = balance("closed_loop_earth")
    solar_w = b.eroi.set_index("process").loc["solar_farm", "generation_W"]
    assert 1 <= solar_w / power < 1000  # the unit reads between 1 and 1000
    assert math.isclose(
        eroi.set_index("process").loc["solar_farm", generation[0]], solar_w / power, rel_tol=1e-12
    )
    total_in = b.statements["loop.energy"].total_in / {"TWh": 3.6e15, "PWh": 3.6e18}[energy_unit.pop()]
    energy_in = statements[(statements["statement"] == "loop.energy") & (statements["side"] == "in")]
    assert math.isclose(energy_in["amount"].sum(), total_in, rel_tol=1e-12)
    activities = pd.read_csv(tmp_path / "activities.csv").set_index("process")
    solar = b.activities().set_index("process").loc["solar_farm", "activity_per_s"]
    assert math.isclose(
        activities.loc["solar_farm", "activity per year (in unit)"], solar * b.period_s / 3.6e9, rel_tol=1e-12
    )
    for stem in ("activities", "intensities", "flows", "closure", "eroi", "statements"):
        csv = pd.read_csv(tmp_path / f"{stem}.csv")
        parquet = pd.read_parquet(tmp_path / f"{stem}.parquet")
        assert list(csv.columns) == list(parquet.columns), stem
        text = (tmp_path / f"{stem}.csv").read_text()
        assert "nan" not in text.lower().replace("nanoseconds", "") and "inf" not in text.lower(), stem


def test_csv_blanks_for_missing_and_infinite(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": ["a", "b", "c"], "year": [2030.0, math.inf, math.nan]})
    write_table(frame, tmp_path, "t")
    assert (tmp_path / "t.csv").read_text().splitlines() == ["name,year", "a,2030.0", "b,", "c,"]
    parquet = pd.read_parquet(tmp_path / "t.parquet")
    assert parquet["year"].isna().tolist() == [False, True, True]


def test_growth_netcdf_has_one_parsable_unit_per_variable(tmp_path: Path) -> None:
    done = runner.invoke(
        app,
        [
            "run",
            "closed_loop_earth",
            "--members",
            "3",
            "--seed",
            "1",
            "--until",
            "2035",
            "--out",
            str(tmp_path),
        ],
    )
    assert done.exit_code == 0, done.output
    with xr.open_dataset(tmp_path / "trajectories.nc", engine="scipy") as ds:
        plain = pint.UnitRegistry()
        for name, var in ds.data_vars.items():
            units = var.attrs.get("units")
            if name in ("bottleneck", "parameters"):
                continue  # an index into the constraint list; sampled values of mixed dimensions
            assert isinstance(units, str) and "per " not in units and "=" not in units, (name, units)
            ureg.parse_units(units)  # the project's registry knows FLOP and piece too
            if "FLOP" not in units and "piece" not in units:
                plain.parse_units(units)  # plain pint (pint-xarray's default) reads the rest
        assert ds["capacity_W"].dims == ("member", "time", "plant_W")
        assert "solar_farm" in ds["plant_W"].values
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert summary.loc[summary["series"] == "generation", "unit"].iloc[0] in ("GW", "TW")
    milestones = (tmp_path / "milestones.csv").read_text()
    assert "inf" not in milestones


def test_cf_units() -> None:
    assert cf_unit("kg·m²/s³") == "W"
    assert cf_unit("kg·m²/s²") == "J"
    assert cf_unit("kg/s") == "kg/s"
    assert cf_unit("1") == "1"
    ds = xr.Dataset(
        {"c": (("t", "plant"), np.ones((2, 3)), {"units": "per plant: a=kg·m²/s³, b=kg/s, c=kg·m²/s³"})},
        coords={"plant": ["a", "b", "c"]},
    )
    out = cf_dataset(ds)
    assert out["c_W"].attrs["units"] == "W" and list(out["plant_W"].values) == ["a", "c"]
    assert out["c_kg_per_s"].attrs["units"] == "kg/s"


def test_pint_xarray_and_cf_xarray_read_the_growth_netcdf(tmp_path: Path) -> None:
    pytest.importorskip("pint_xarray")
    cf_units = pytest.importorskip("cf_xarray.units")
    from wattsandtons.units import PROJECT_UNITS, xarray_registry

    registry = xarray_registry()
    for definition in PROJECT_UNITS:  # the same units as the project's own registry
        name = definition.split("=")[0].strip()
        assert (
            registry.Quantity(1.0, name).to_base_units().magnitude
            == ureg.Quantity(1.0, name).to_base_units().magnitude
        )
        assert str(registry.Quantity(1.0, name).dimensionality) == str(
            ureg.Quantity(1.0, name).dimensionality
        )
    done = runner.invoke(
        app,
        [
            "run",
            "closed_loop_earth",
            "--members",
            "2",
            "--seed",
            "1",
            "--until",
            "2030",
            "--out",
            str(tmp_path),
        ],
    )
    assert done.exit_code == 0, done.output
    with xr.open_dataset(tmp_path / "trajectories.nc", engine="scipy") as ds:
        data = ds.drop_vars(["bottleneck", "parameters"])
        quantified = data.pint.quantify(unit_registry=registry)
        assert str(quantified["capacity_W"].data.units) == "watt"
        assert str(quantified["capacity_FLOP_per_s"].data.units) == "FLOP / second"
        standard = [
            v for v in data.data_vars if not {"FLOP", "piece"} & set(data[v].attrs["units"].split("/"))
        ]
        cf = data[standard].pint.quantify(unit_registry=cf_units.units)  # cf-xarray's UDUNITS-style registry
        assert str(cf["generation"].data.units) == "watt"
