"""Start-up of the command line: light commands must not import the heavy parts.

``wattsandtons --version`` and ``--help`` need Typer and Rich only; ``validate`` needs the scenario layer (pint and
pydantic); every other library loads inside the command that uses it. These tests check which modules a fresh
interpreter has imported (not timings, which depend on the machine).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from importlib.metadata import version

import pytest

import wattsandtons

#: Libraries none of the light commands may import.
HEAVY = frozenset(
    {
        "dask",
        "fastapi",
        "highspy",
        "matplotlib",
        "numba",
        "pandas",
        "plotly",
        "pvlib",
        "SALib",
        "scipy",
        "sqlalchemy",
        "starlette",
        "uvicorn",
        "xarray",
    }
)
#: The scenario layer: needed by validate and show, not by --version and --help.
SCENARIO_LAYER = frozenset({"numpy", "pint", "pydantic", "yaml"})


def _imported_after(code: str) -> set[str]:
    """Top-level packages a fresh interpreter has imported after running ``code``."""
    script = (
        "import json, sys\n"
        f"{code}\n"
        "sys.stdout.flush()\n"
        "print('\\nMODULES ' + json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    line = done.stdout.rsplit("MODULES ", 1)[1]
    return set(json.loads(line))


def _after_command(*args: str) -> set[str]:
    return _imported_after(
        "from wattsandtons.cli import app\n"
        "try:\n"
        f"    app({list(args)!r}, prog_name='wattsandtons')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
    )


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _imported_after("import wattsandtons.cli")
    assert not loaded & (HEAVY | SCENARIO_LAYER), sorted(loaded & (HEAVY | SCENARIO_LAYER))


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_version_and_help_load_no_heavy_library(args: tuple[str, ...]) -> None:
    loaded = _after_command(*args)
    assert not loaded & (HEAVY | SCENARIO_LAYER), sorted(loaded & (HEAVY | SCENARIO_LAYER))


@pytest.mark.parametrize(
    "args", [("ledger", "--help"), ("claims", "--help"), ("dispatch", "--help"), ("balance", "--help")]
)
def test_subcommand_help_loads_no_heavy_library(args: tuple[str, ...]) -> None:
    # Typer itself imports pydantic to build a command's parameters, so only the heavy libraries are checked here.
    loaded = _after_command(*args)
    assert not loaded & (HEAVY | {"numpy", "pint"}), sorted(loaded & (HEAVY | {"numpy", "pint"}))


def test_validate_loads_only_the_scenario_layer() -> None:
    # pint itself imports NumPy, SciPy and dask.base when they are installed; nothing else heavy may come in.
    loaded = _after_command("validate", "closed_loop_earth")
    assert loaded >= SCENARIO_LAYER
    assert not loaded & (HEAVY - {"dask", "scipy"}), sorted(loaded & (HEAVY - {"dask", "scipy"}))


def test_help_still_lists_every_command_with_its_summary() -> None:
    from typer.testing import CliRunner

    from wattsandtons.cli import app

    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for summary in (
        "Check the essays' numeric claims (C1–C18) by computation",
        "Dispatch a site or region hour by hour",
        "Double-entry books in watt-hours and grams",
        "Check scenarios: structure, units, names, sources.",
    ):
        assert summary in result.stdout


def test_version_is_the_installed_distribution_version() -> None:
    # --version prints wattsandtons.__version__ (no importlib.metadata at start-up); it must match the metadata.
    assert wattsandtons.__version__ == version("wattsandtons")


def test_every_command_defaults_to_the_one_ledger_database() -> None:
    # the URL is written once (ledger.limits); the engine, the ledger commands and `serve` take it from there
    import inspect

    from wattsandtons import cli
    from wattsandtons.ledger import Ledger, limits
    from wattsandtons.ledger.cli import verify

    assert inspect.signature(Ledger).parameters["url"].default == limits.DEFAULT_URL
    assert inspect.signature(cli.serve).parameters["db"].default == limits.DEFAULT_URL
    assert inspect.signature(verify).parameters["db"].default == limits.DEFAULT_URL


@pytest.mark.parametrize("package", ["wattsandtons.claims", "wattsandtons.dispatch", "wattsandtons.ledger"])
def test_lazy_package_exports_resolve(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no_such_name"):
        module.no_such_name  # noqa: B018
