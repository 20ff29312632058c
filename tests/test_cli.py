"""The command line: exit codes, located one-line errors, no tracebacks, help with examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wattsandtons.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("wattsandtons ")


def test_scenarios_lists_bundled() -> None:
    result = run("scenarios")
    assert result.exit_code == 0
    assert "closed_loop_earth" in result.stdout


def test_validate_bundled_by_name() -> None:
    result = run("validate", "closed_loop_earth")
    assert result.exit_code == 0, result.output
    assert "ok closed_loop_earth.yaml" in result.stdout


def test_validate_broken_file_exits_2_with_location(write, loop_text: str) -> None:
    path = write(
        loop_text.replace(
            'capacity_factor: {value: 0.8, source: "Assumption: factory utilisation"}', "capacity_factor: 1.8"
        )
    )
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr
    assert "processes.robot_factory.capacity_factor: capacity factor 1.8 is out of range" in result.stderr
    assert "Traceback" not in result.output


def test_validate_reports_each_file(write, loop_text: str) -> None:
    bad = write("name: [", "bad.yaml")
    result = run("validate", "closed_loop_earth", str(bad))
    assert result.exit_code == 2
    assert "ok closed_loop_earth.yaml" in result.stdout
    assert "bad.yaml:" in result.stderr


def test_show_tables_and_display_units() -> None:
    result = run("show", "closed_loop_earth", "--unit", "electricity=kWh")
    assert result.exit_code == 0, result.output
    assert "solar_farm" in result.stdout
    assert "1.2e+03 kWh" in result.stdout or "1200 kWh" in result.stdout


@pytest.mark.parametrize("option", ["electricity=t", "nonsense", "nothing=kWh"])
def test_show_bad_unit_option_exits_2(option: str) -> None:
    result = run("show", "closed_loop_earth", "--unit", option)
    assert result.exit_code == 2
    assert "--unit" in result.stderr


@pytest.mark.parametrize("command", ["validate", "show", "scenarios"])
def test_help_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_console_script_no_traceback(tmp_path: Path) -> None:
    """The installed entry point, as a user runs it: status 2, one located line, no traceback."""
    bad = tmp_path / "loop.yaml"
    bad.write_text("name: x\ncommodities:\n  e: {unit: MWh}\nprocesses:\n  p: {outputs: {e: 3 t}}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "wattsandtons", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{bad}:5:20 processes.p.outputs.e: '3 t' is a mass (expected an energy)" in proc.stderr
