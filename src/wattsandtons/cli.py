"""The ``wattsandtons`` command line (Typer + Rich).

Every command that takes a scenario FILE also takes the name of a bundled scenario (``closed_loop_earth``). Expected
errors (bad input, impossible requests) print one located line each and exit with status 2, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from wattsandtons.errors import WattsAndTonsError
from wattsandtons.scenario import ScenarioError, bundled_scenarios, load_scenario
from wattsandtons.scenario.model import TIME, Scenario
from wattsandtons.scenario.resolve import SECONDS_PER_YEAR
from wattsandtons.units import Q_, dimension_name, dimensionality, format_quantity, si_unit

app = typer.Typer(
    name="wattsandtons",
    help="Watts & Tons: physical economics in watts and tonnes.\n\n"
    "Describe a production loop in physical units (YAML), then balance it, grow it, dispatch it and keep its books.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])
EXIT_USAGE = 2


def _version() -> str:
    try:
        return version("wattsandtons")
    except PackageNotFoundError:  # running from a source tree without installing
        from wattsandtons import __version__

        return __version__


def friendly_errors(func: F) -> F:
    """Turn the project's own errors into located one-line messages and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ScenarioError as exc:
            for problem in exc.problems:
                err_console.print(f"[bold red]error[/] {problem}", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_USAGE) from None
        except WattsAndTonsError as exc:
            err_console.print(f"[bold red]error[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_USAGE) from None

    return wrapper  # type: ignore[return-value]


def _version_callback(value: bool) -> None:
    if value:
        console.print(f"wattsandtons {_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version_: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Watts & Tons: physical economics in watts and tonnes."""


ScenarioArg = Annotated[str, typer.Argument(help="A scenario YAML file, or the name of a bundled scenario.")]


@app.command()
def scenarios() -> None:
    """List the bundled scenarios, one line each.

    Example: [bold]wattsandtons scenarios[/]
    """
    table = Table(title="Bundled scenarios", show_lines=False)
    table.add_column("name", style="bold cyan")
    table.add_column("what it shows")
    for name, title in bundled_scenarios().items():
        table.add_row(name, title)
    console.print(table)


@app.command()
@friendly_errors
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files or bundled names.")],
) -> None:
    """Check scenarios: structure, units, names, sources. Exit status 2 if any is broken.

    Every problem is printed as FILE:LINE:COL path.in.document: what is wrong (what was expected).

    Example: [bold]wattsandtons validate my_loop.yaml closed_loop_earth[/]
    """
    failed = False
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            failed = True
            for problem in exc.problems:
                err_console.print(f"[bold red]error[/] {problem}", highlight=False, soft_wrap=True)
            continue
        console.print(
            f"[green]ok[/] {scenario.file}: {len(scenario.commodities)} commodities, "
            f"{len(scenario.processes)} processes, {len(scenario.parameters)} parameters "
            f"({sum(p.uncertain for p in scenario.parameters.values())} uncertain)",
            highlight=False,
        )
        for warning in scenario.warnings:
            console.print(f"  [yellow]warning[/] {warning}", highlight=False)
    if failed:
        raise typer.Exit(EXIT_USAGE)


def _display_units(options: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for option in options:
        name, sep, unit = option.partition("=")
        if not sep or not name.strip() or not unit.strip():
            raise WattsAndTonsError(f"--unit {option!r}: expected COMMODITY=UNIT, e.g. electricity=kWh")
        out[name.strip()] = unit.strip()
    return out


def _in_unit(scenario: Scenario, commodity: str, amount_si: float, units: dict[str, str]) -> str:
    return format_quantity(amount_si, units.get(commodity, scenario.commodities[commodity].unit))


@app.command()
@friendly_errors
def show(
    file: ScenarioArg,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", "-u", help="Display unit for a commodity, COMMODITY=UNIT (repeatable)."),
    ] = None,
) -> None:
    """Show a compiled scenario as tables: commodities, processes and their per-unit flows.

    Example: [bold]wattsandtons show closed_loop_earth --unit electricity=kWh[/]
    """
    scenario = load_scenario(file)
    units = _display_units(unit or [])
    for name, shown in units.items():
        if name not in scenario.commodities:
            raise WattsAndTonsError(f"--unit {name}={shown}: {name!r} is not a commodity of {scenario.name}")
        info = scenario.commodities[name]
        try:
            same = dimensionality(shown) == info.dim
        except Exception:  # pint raises many types for garbage
            same = False
        if not same:
            raise WattsAndTonsError(f"--unit {name}={shown}: not a unit of {dimension_name(info.dim)} like {info.unit}")
    console.print(f"[bold]{scenario.title or scenario.name}[/]  ({scenario.file})")

    table = Table(title="Commodities")
    for column in ("name", "unit", "kind", "mass per unit", "boundary"):
        table.add_column(column)
    for name, info in scenario.commodities.items():
        mass = "" if info.mass_per_unit is None else format_quantity(info.mass_per_unit.si * _unit_si(info.unit), "kg")
        roles = [
            role
            for role, nodes in (("resource", scenario.resources), ("import", scenario.imports), ("demand", scenario.demand))
            if any(n.commodity == name for n in nodes)
        ]
        table.add_row(name, units.get(name, info.unit), info.kind, mass + (f" per {info.unit}" if mass else ""), ", ".join(roles))
    console.print(table)

    table = Table(title="Processes")
    for column in ("process", "location", "reference product", "capacity", "CF", "lifetime"):
        table.add_column(column)
    for process in scenario.processes.values():
        ref = scenario.commodities[process.reference.node.commodity]
        capacity = "" if process.capacity is None else format_quantity(process.capacity.si, ref.dim / TIME)
        lifetime = "" if process.lifetime is None else format_quantity(process.lifetime.si, "year")
        table.add_row(
            process.name,
            process.location,
            str(process.reference.node),
            capacity,
            f"{process.capacity_factor.si:.3g}",
            lifetime,
        )
    console.print(table)

    table = Table(title="Flows per unit of each process's reference product")
    for column in ("process", "per", "flow", "commodity", "amount"):
        table.add_column(column)
    for process in scenario.processes.values():
        ref = process.reference.node.commodity
        ref_unit = units.get(ref, scenario.commodities[ref].unit)
        per_si = _unit_si(ref_unit)
        rows = [("out", f) for f in process.outputs[1:]] + [("in", f) for f in process.inputs]
        rows += [("capital", f) for f in process.capital]
        for i, (direction, flow) in enumerate(rows):
            if direction == "capital":
                basis_si, basis_text = process.capital_basis or (per_si / SECONDS_PER_YEAR, f"{ref_unit}/yr")
                amount = _in_unit(scenario, flow.node.commodity, flow.amount.si * basis_si, units)
                amount += f" per {basis_text} of capacity"
            else:
                amount = _in_unit(scenario, flow.node.commodity, flow.amount.si * per_si, units)
            table.add_row(process.name if i == 0 else "", f"1 {ref_unit}" if i == 0 else "", direction, str(flow.node), amount)
        table.add_section()
    console.print(table)
    uncertain = [p for p in scenario.parameters.values() if p.uncertain]
    if uncertain:
        table = Table(title="Uncertain parameters")
        for column in ("parameter", "central", "distribution", "source"):
            table.add_column(column, overflow="fold")
        for p in uncertain:
            unit_text = p.display_unit or ""
            central = format_quantity(p.central, unit_text) if unit_text else f"{p.central:.4g}"
            table.add_row(p.name, central, p.distribution or "", scenario.cite(p.source) or "")
        console.print(table)


def _unit_si(unit: str) -> float:
    """How many SI base units one ``unit`` is (1 MWh → 3.6e9)."""
    quantity = Q_(1.0, unit)
    return float(quantity.to(si_unit(quantity.dimensionality)).magnitude)


def run() -> None:  # pragma: no cover - console-script shim
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

