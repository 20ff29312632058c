"""`wattsandtons datacentre`: the Earth-vs-orbit comparison on the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wattsandtons.cli import app
from wattsandtons.physics.datacentre import compare_datacentres

runner = CliRunner()


def test_table_lists_rows_assumptions_and_exclusions() -> None:
    result = runner.invoke(app, ["datacentre"])
    assert result.exit_code == 0, result.output
    for fragment in (
        "mass to orbit",
        "Starship launches",
        "launch-energy payback time",
        "cost: launch",
        "cost: facility: cooling plant",
        "cost: water",
        "total cost of ownership",
        "no launch price breaks even",
        "Assumptions",
        "Left out",
    ):
        assert fragment in result.stdout


def test_json_matches_the_physics_function_and_options_apply() -> None:
    result = runner.invoke(
        app, ["datacentre", "--it-power", "2 GW", "--launch-cost", "200 USD/kg", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"non-strict JSON {c}"))
    direct = compare_datacentres(2e9, launch_cost_usd_per_kg=200.0)
    rows = {row["quantity"]: row for row in data["rows"]}
    expected = {row["quantity"]: row for row in direct.rows()}
    assert rows["cost: launch"]["orbit_per_gw"] == pytest.approx(
        expected["cost: launch"]["orbit_per_gw"], rel=1e-12
    )
    assert rows["launch-energy payback time (methane LHV basis)"]["orbit_per_kw_year"] is None  # NaN -> null
    assert data["break_even_launch_USD_per_kg"] == pytest.approx(float(direct.break_even_launch_usd_per_kg))
    launch = next(a for a in data["assumptions"] if a["name"] == "launch_cost_usd_per_kg")
    assert launch["value"] == 200.0 and launch["source"] == "given by the caller"
    payload = next(a for a in data["assumptions"] if a["name"] == "payload_per_launch_kg")
    assert (payload["low"], payload["high"]) == (100e3, 150e3)  # the sourced default's range


def test_cost_options_move_the_break_even_price() -> None:
    result = runner.invoke(
        app,
        ["datacentre", "--satellite-cost", "2 USD/W", "--gpu-cost", "30 USD/W", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    direct = compare_datacentres(1e9, satellite_usd_per_w=2.0, gpu_cost_usd_per_w=30.0)
    assert data["break_even_launch_USD_per_kg"] == pytest.approx(float(direct.break_even_launch_usd_per_kg))
    assert data["break_even_launch_USD_per_kg"] > 0  # cheap satellites: some launch price closes the gap


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--launch-cost", "200 kg"], "--launch-cost"),
        (["--it-power", "3 t"], "--it-power '3 t'"),
        (["--satellite-cost", "5 USD/kg"], "--satellite-cost"),
    ],
)
def test_bad_quantities_exit_2(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["datacentre", *args])
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_out_writes_report_and_json(tmp_path) -> None:
    result = runner.invoke(app, ["datacentre", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for heading in ("Earth vs orbit", "Assumptions", "Left out"):
        assert f"<h2>{heading}</h2>" in page
    assert json.loads((tmp_path / "datacentre.json").read_text())["it_power_W"] == 1e9
