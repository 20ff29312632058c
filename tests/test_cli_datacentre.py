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
        "Assumptions",
        "Left out",
    ):
        assert fragment in result.stdout


def test_json_matches_the_physics_function_and_options_apply() -> None:
    result = runner.invoke(
        app, ["datacentre", "--it-power", "2 GW", "--launch-cost", "200 USD/kg", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    direct = compare_datacentres(2e9, launch_cost_usd_per_kg=200.0)
    rows = {row["quantity"]: row for row in data["rows"]}
    expected = {row["quantity"]: row for row in direct.rows()}
    assert rows["launch cost (USD, comparison only)"]["orbit_per_gw"] == pytest.approx(
        expected["launch cost (USD, comparison only)"]["orbit_per_gw"], rel=1e-12
    )
    launch = next(a for a in data["assumptions"] if a["name"] == "launch_cost_usd_per_kg")
    assert launch["value"] == 200.0 and launch["source"] == "given by the caller"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--launch-cost", "200 kg"], "--launch-cost"), (["--it-power", "3 t"], "--it-power '3 t'")],
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
