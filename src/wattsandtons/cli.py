"""The ``wattsandtons`` command line (Typer + Rich).

Every command that takes a scenario FILE also takes the name of a bundled scenario (``closed_loop_earth``). Expected
errors (bad input, impossible requests) print one located line each and exit with status 2, never a traceback.

Start-up is kept light: importing this module loads Typer, Rich and the command definitions only. Each command
imports the parts it uses (pint and pydantic for ``validate``/``show``; NumPy, pandas, xarray, SciPy, HiGHS,
SQLAlchemy, Plotly … for the others) inside its body, so ``--version`` and ``--help`` need none of them
(``tests/test_cli_startup.py`` checks this).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from wattsandtons.claims.cli import claims_command
from wattsandtons.clikit import EXIT_USAGE, OutputFormat, console, err_console, friendly_errors
from wattsandtons.dispatch.cli import dispatch_command
from wattsandtons.errors import UnitError, WattsAndTonsError
from wattsandtons.io.cli import io_app
from wattsandtons.ledger.cli import ledger_app
from wattsandtons.ledger.limits import DB_ENV as LEDGER_DB_ENV
from wattsandtons.ledger.limits import DEFAULT_URL as LEDGER_URL

if TYPE_CHECKING:
    from rich.progress import Progress

    from wattsandtons.balance import Balance
    from wattsandtons.growth import Trajectory
    from wattsandtons.scenario.model import Node, Scenario
    from wattsandtons.statement import Statement

app = typer.Typer(
    name="wattsandtons",
    help="Watts & Tons: physical economics in watts and tonnes.\n\n"
    "Describe a production loop in physical units (YAML), then balance it, grow it, dispatch it and keep its books.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def _version() -> str:
    # The package's own constant, not importlib.metadata (about 0.1 s of start-up); a test keeps the two equal.
    from wattsandtons import __version__

    return __version__


def _version_callback(value: bool) -> None:
    if value:
        console.print(f"wattsandtons {_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version_: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Watts & Tons: physical economics in watts and tonnes."""


ScenarioArg = Annotated[str, typer.Argument(help="A scenario YAML file, or the name of a bundled scenario.")]


@app.command()
def scenarios(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json (name → title).")
    ] = OutputFormat.table,
) -> None:
    """List the bundled scenarios, one line each.

    Example: [bold]wattsandtons scenarios --format json[/]
    """
    from wattsandtons.scenario import bundled_scenarios

    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(bundled_scenarios(), indent=2) + "\n")
        return
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
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json (one record per file).")
    ] = OutputFormat.table,
) -> None:
    """Check scenarios: structure, units, names, sources. Exit status 2 if any is broken.

    Every problem is printed as FILE:LINE:COL path.in.document: what is wrong (what was expected).

    Example: [bold]wattsandtons validate my_loop.yaml closed_loop_earth --format json[/]
    """
    from wattsandtons.scenario import ScenarioError, load_scenario

    failed = False
    records: list[dict[str, Any]] = []
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            failed = True
            records.append({"file": file, "ok": False, "problems": exc.lines()})
            for problem in exc.problems:
                err_console.print(
                    f"[bold red]error[/] {escape(str(problem))}", highlight=False, soft_wrap=True
                )
            continue
        records.append(
            {
                "file": scenario.file,
                "ok": True,
                "commodities": len(scenario.commodities),
                "processes": len(scenario.processes),
                "parameters": len(scenario.parameters),
                "warnings": list(scenario.warnings),
            }
        )
        if output_format is OutputFormat.json:
            continue
        console.print(
            f"[green]ok[/] {scenario.file}: {len(scenario.commodities)} commodities, "
            f"{len(scenario.processes)} processes, {len(scenario.parameters)} parameters "
            f"({sum(p.uncertain for p in scenario.parameters.values())} uncertain)",
            highlight=False,
        )
        for warning in scenario.warnings:
            console.print(f"  [yellow]warning[/] {escape(str(warning))}", highlight=False)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(records, indent=2) + "\n")
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
    from wattsandtons.units import format_quantity

    return format_quantity(amount_si, units.get(commodity, scenario.commodities[commodity].unit))


def _show_document(scenario: Scenario, units: dict[str, str]) -> dict[str, Any]:
    """The tables ``show`` prints, as one document: rows of display strings; a process row adds its SI numbers
    under ``si`` (capacity [reference unit/s in SI], capacity factor [1], lifetime [s])."""
    from wattsandtons.scenario.model import TIME
    from wattsandtons.timebase import SECONDS_PER_YEAR
    from wattsandtons.units import format_quantity

    commodities = []
    for name, info in scenario.commodities.items():
        mass = (
            ""
            if info.mass_per_unit is None
            else format_quantity(info.mass_per_unit.si * _unit_si(info.unit), "kg")
        )
        nodes = (("resource", scenario.resources), ("import", scenario.imports), ("demand", scenario.demand))
        roles = [role for role, group in nodes if any(n.commodity == name for n in group)]
        commodities.append(
            {"name": name, "unit": units.get(name, info.unit), "kind": info.kind,
             "mass per unit": mass + (f" per {info.unit}" if mass else ""), "boundary": ", ".join(roles)}
        )  # fmt: skip
    processes, flows = [], []
    for process in scenario.processes.values():
        ref_name = process.reference.node.commodity
        ref = scenario.commodities[ref_name]
        processes.append(
            {"process": process.name, "location": process.location, "reference product": str(process.reference.node),
             "capacity": "" if process.capacity is None else format_quantity(process.capacity.si, ref.dim / TIME),
             "CF": f"{process.capacity_factor.si:.3g}",
             "lifetime": "" if process.lifetime is None else format_quantity(process.lifetime.si, "year"),
             "si": {"capacity": None if process.capacity is None else process.capacity.si,
                    "capacity_factor": process.capacity_factor.si,
                    "lifetime": None if process.lifetime is None else process.lifetime.si}}
        )  # fmt: skip
        ref_unit = units.get(ref_name, ref.unit)
        per_si = _unit_si(ref_unit)
        rows = [("out", f) for f in process.outputs[1:]] + [("in", f) for f in process.inputs]
        for direction, flow in [*rows, *(("capital", f) for f in process.capital)]:
            if direction == "capital":
                basis_si, basis_text = process.capital_basis or (per_si / SECONDS_PER_YEAR, f"{ref_unit}/yr")
                amount = _in_unit(scenario, flow.node.commodity, flow.amount.si * basis_si, units)
                amount += f" per {basis_text} of capacity"
            else:
                amount = _in_unit(scenario, flow.node.commodity, flow.amount.si * per_si, units)
            flows.append(
                {"process": process.name, "per": f"1 {ref_unit}", "flow": direction,
                 "commodity": str(flow.node), "amount": amount}
            )  # fmt: skip
    uncertain = []
    for p in (p for p in scenario.parameters.values() if p.uncertain):
        unit_text = p.display_unit or ""
        central = format_quantity(p.central, unit_text) if unit_text else f"{p.central:.4g}"
        uncertain.append(
            {"parameter": p.name, "central": central, "distribution": p.distribution or "",
             "source": scenario.cite(p.source) or ""}
        )  # fmt: skip
    return {
        "scenario": scenario.name, "title": scenario.title, "file": str(scenario.file),
        "commodities": commodities, "processes": processes, "flows": flows, "uncertain parameters": uncertain,
    }  # fmt: skip


def _print_show(document: dict[str, Any]) -> None:
    """``show``'s tables on the console: commodities, processes, and the flows grouped by process."""
    console.print(
        f"[bold]{escape(document['title'] or document['scenario'])}[/]  ({escape(document['file'])})"
    )
    for key, title in (("commodities", "Commodities"), ("processes", "Processes")):
        table = Table(title=title)
        columns = [c for c in (document[key][0] if document[key] else {}) if c != "si"]
        for column in columns:
            table.add_column(column)
        for row in document[key]:
            table.add_row(*(str(row[c]) for c in columns))
        console.print(table)
    table = Table(title="Flows per unit of each process's reference product")
    for column in ("process", "per", "flow", "commodity", "amount"):
        table.add_column(column)
    previous = None
    for row in document["flows"]:
        first = row["process"] != previous
        if first and previous is not None:
            table.add_section()
        previous = row["process"]
        table.add_row(row["process"] if first else "", row["per"] if first else "", row["flow"], row["commodity"],
                      row["amount"])  # fmt: skip
    console.print(table)
    if document["uncertain parameters"]:
        table = Table(title="Uncertain parameters")
        for column in ("parameter", "central", "distribution", "source"):
            table.add_column(column, overflow="fold")
        for row in document["uncertain parameters"]:
            table.add_row(row["parameter"], row["central"], row["distribution"], escape(row["source"]))
        console.print(table)


@app.command()
@friendly_errors
def show(
    file: ScenarioArg,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", "-u", help="Display unit for a commodity, COMMODITY=UNIT (repeatable)."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json (the same tables as one document).")
    ] = OutputFormat.table,
) -> None:
    """Show a compiled scenario as tables: commodities, processes and their per-unit flows.

    Example: [bold]wattsandtons show closed_loop_earth --unit electricity=kWh --format json[/]
    """
    from wattsandtons.scenario import load_scenario
    from wattsandtons.units import dimension_name, dimensionality

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
            raise WattsAndTonsError(
                f"--unit {name}={shown}: not a unit of {dimension_name(info.dim)} like {info.unit}"
            )
    if output_format is OutputFormat.csv:
        raise WattsAndTonsError("show prints several tables: --format table or json")
    document = _show_document(scenario, units)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(document, indent=2, allow_nan=False) + "\n")
        return
    _print_show(document)


def _parse_demand(scenario: Scenario, options: list[str]) -> dict[Node, float]:
    """``--demand ai_compute=1e24 FLOP/yr`` (repeatable) → node → SI rate."""
    from wattsandtons.scenario.model import TIME, Node
    from wattsandtons.scenario.schema import FLOW_KEY
    from wattsandtons.spec.errors import did_you_mean
    from wattsandtons.units import to_si

    out: dict[Node, float] = {}
    for option in options:
        key, sep, text = option.partition("=")
        match = FLOW_KEY.match(key.strip())
        if not sep or match is None:
            raise WattsAndTonsError(
                f"--demand {option!r}: expected COMMODITY[@LOCATION]=RATE, e.g. ai_compute=1e24 FLOP/yr"
            )
        commodity, location = (
            match.group(1),
            match.group(2) or ("earth" if "earth" in scenario.locations else next(iter(scenario.locations))),
        )
        if commodity not in scenario.commodities:
            raise WattsAndTonsError(
                f"--demand {option!r}: unknown commodity {commodity!r}{did_you_mean(commodity, scenario.commodities)}"
            )
        if location not in scenario.locations:
            raise WattsAndTonsError(f"--demand {option!r}: unknown location {location!r}")
        info = scenario.commodities[commodity]
        try:
            rate = to_si(text, info.dim / TIME)
        except UnitError as exc:
            raise WattsAndTonsError(f"--demand {option!r}: {exc}") from None
        if rate < 0:
            raise WattsAndTonsError(f"--demand {option!r}: a demand cannot be negative")
        out[Node(commodity, location)] = rate
    return out


def _per_unit(scenario: Scenario, commodity: str, value_si_per_si_unit: float, dim: str) -> str:
    """Format an intensity (per SI unit of a commodity) per the commodity's declared unit."""
    from wattsandtons.units import format_quantity

    unit = scenario.commodities[commodity].unit
    return f"{format_quantity(value_si_per_si_unit * _unit_si(unit), dim)} per {unit}"


def _statement_table(statement: Statement, title: str) -> Table:
    table = Table(title=title, show_footer=True)
    table.add_column("", footer="")
    table.add_column("group", footer="residual")
    table.add_column("item", footer=f"{statement.relative_residual:.1e} relative")
    table.add_column("per year", justify="right", footer=statement.format(statement.residual))
    side_names = {"in": "in", "out": "out", "memo": "memo"}
    for side, group, label, amount in statement.lines():
        table.add_row(
            side_names[side], group, label, statement.format(amount), style="dim" if side == "memo" else None
        )
    table.add_section()
    table.add_row("", "total in", "", statement.format(statement.total_in), style="bold")
    table.add_row("", "total out", "", statement.format(statement.total_out), style="bold")
    return table


def _print_balance(result: Balance) -> None:
    from wattsandtons.scenario.model import TIME
    from wattsandtons.units import format_quantity

    scenario = result.scenario
    net = result.network
    demand = ", ".join(
        f"{node} {format_quantity(result.demand[i], scenario.commodities[node.commodity].dim / TIME)}"
        for i, node in enumerate(net.nodes)
        if result.demand[i] > 0
    )
    console.print(
        f"[bold]{escape(scenario.title or scenario.name)}[/]  — balance for {escape(demand)}", highlight=False
    )
    console.print(f"allocation: {result.allocation}; solver: {result.solver}", style="dim")

    table = Table(title="Activities (steady state)")
    for column in ("process", "makes", "rate", "utilisation of installed capacity"):
        table.add_column(column, justify="right" if column != "process" else "left")
    for j, row in enumerate(result.activities().itertuples()):
        ref = net.nodes[net.reference[j]]
        rate = format_quantity(row.activity_per_s, scenario.commodities[ref.commodity].dim / TIME)
        util = "" if math.isnan(row.utilisation) else f"{row.utilisation:.2%}"
        table.add_row(row.process, str(ref), rate, util)
    console.print(table)
    console.print(_statement_table(result.statements["loop.energy"], "Energy statement of the loop"))
    console.print(_statement_table(result.statements["loop.mass"], "Mass statement of the loop"))

    table = Table(title="Embodied intensities (whole supply chain, capital included)")
    for column in ("commodity", "role", "primary energy", "mass drawn"):
        table.add_column(column)
    for row in result.intensities().itertuples():
        table.add_row(
            row.node,
            row.role,
            _per_unit(scenario, row.commodity, row.energy_J_per_unit, "[energy]"),
            _per_unit(scenario, row.commodity, row.mass_kg_per_unit, "[mass]"),
        )
    console.print(table)

    table = Table(title="Closure: share of each commodity made inside the loop")
    for column in ("commodity", "made inside", "imported", "share made"):
        table.add_column(column)
    for row in result.closure.itertuples():
        node = row.node.split("@")[0]
        rate_dim = scenario.commodities[node].dim / TIME
        table.add_row(
            row.node,
            format_quantity(row.made_per_s, rate_dim),
            format_quantity(row.imported_per_s, rate_dim),
            f"{row.share_made:.2%}",
        )
    console.print(table)
    colour = "green" if result.open_inputs.empty else "yellow"
    console.print(f"[bold {colour}]{escape(result.verdict)}[/]", highlight=False)

    if not result.eroi.empty:
        table = Table(title="Energy return on energy invested")
        for column in ("process", "EROI", "energy payback", "generation"):
            table.add_column(column, justify="right" if column != "process" else "left")
        for row in result.eroi.itertuples():
            table.add_row(
                row.process,
                f"{row.eroi:.3g}",
                f"{row.energy_payback_years:.3g} yr",
                format_quantity(row.generation_W, "[power]"),
            )
        console.print(table)
        console.print(
            f"loop EROI {result.loop_eroi:.3g}; net energy {format_quantity(result.net_energy, '[power]')} "
            f"({format_quantity(result.net_energy * result.period_s, '[energy]')} per year)",
            highlight=False,
        )
    console.print(
        f"footprint of the demand: primary energy {format_quantity(result.primary_energy, '[power]')}, "
        f"mass drawn {format_quantity(result.mass_drawn * result.period_s, '[mass]')} per year",
        highlight=False,
    )
    for warning in result.warnings:
        console.print(f"[yellow]warning[/] {escape(str(warning))}", highlight=False)


def _print_growth_limit(limit: Any) -> None:
    """The loop's fastest balanced growth (``wattsandtons.growth.max_growth_rate``) as a table and a verdict."""
    table = Table(
        title="Growth limit: fastest balanced growth, everything reinvested (1/g* = ρ((I − A − D)⁻¹ B))"
    )
    for column in ("process", "share of output (embodied energy)", "size vs installed", "share of 1/g*"):
        table.add_column(column, justify="left" if column == "process" else "right")
    for name, share in limit.plant_mix.items():
        if share <= 0:
            continue
        size = limit.size_vs_installed.get(name)  # per process; a link's plant shows its first carried good
        size_text = "not installed" if size is None or not math.isfinite(size) else f"{size:.3g}"
        table.add_row(name, f"{share:.1%}", size_text, f"{limit.elasticity.get(name, 0.0):.1%}")
    console.print(table)
    if math.isfinite(limit.rate_per_year) and limit.rate_per_year > 0:
        console.print(
            f"[bold]growth limit g* = {limit.rate_per_year:.3g}/yr[/] (continuous, net of replacement; "
            f"{limit.annual_growth:.1%} a year), doubling time {limit.doubling_time_years:.3g} yr; "
            f"gross of replacement {limit.gross_rate_per_year:.3g}/yr",
            highlight=False,
        )
    else:
        console.print(f"[bold]growth limit g* = {limit.rate_per_year:.3g}/yr[/]", highlight=False)
    console.print(f"limited by: {limit.limiting}", highlight=False)


def write_balance(result: Balance, out: Path) -> list[Path]:
    """Write the balance's tables (CSV in readable units, Parquet beside) and everything (JSON) into a folder.

    Files of the same name are replaced only when all are written (:func:`wattsandtons.outputs.staged`).
    """
    from wattsandtons.outputs import balance_tables, staged, write_table

    written = []
    with staged(out) as stage:
        (stage / "balance.json").write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
        written.append(out / "balance.json")
        for stem, frame in balance_tables(result).items():
            written += [out / p.name for p in write_table(frame, stage, stem)]
    return written


@app.command()
@friendly_errors
def balance(
    file: ScenarioArg,
    demand: Annotated[
        list[str] | None,
        typer.Option(
            "--demand",
            "-d",
            help="Final demand COMMODITY[@LOCATION]=RATE (repeatable); replaces the scenario's.",
        ),
    ] = None,
    allocation: Annotated[
        str,
        typer.Option(
            help="By-products: system_expansion (displace production) or cut_off (leave as surplus)."
        ),
    ] = "system_expansion",
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json, or csv (the flow table).")
    ] = OutputFormat.table,
    out: Annotated[
        Path | None, typer.Option(help="Folder to write balance.json and CSV tables into.")
    ] = None,
) -> None:
    """Steady-state energy and mass balance: activities, statements, embodied intensities, closure, EROI, and the
    loop's growth limit g* (the fastest balanced growth, its plant mix and what limits it).

    Solves the loop input–output style for a final demand, capital amortised over lifetimes.

    Example: [bold]wattsandtons balance closed_loop_earth --demand "ai_compute=1e24 FLOP/yr" --out out/[/]
    """
    from wattsandtons.balance import solve_balance
    from wattsandtons.balance.growth_limit import max_growth_rate
    from wattsandtons.report.html import balance_sections, write_report
    from wattsandtons.scenario import load_scenario

    scenario = load_scenario(file)
    result = solve_balance(scenario, _parse_demand(scenario, demand or []) or None, allocation=allocation)  # type: ignore[arg-type]
    limit = max_growth_rate(result.network)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps({**result.to_dict(), "growth_limit": limit.to_dict()}, indent=2) + "\n")
    elif output_format is OutputFormat.csv:
        sys.stdout.write(result.flows().to_csv(index=False))
    else:
        _print_balance(result)
        _print_growth_limit(limit)
    if out is not None:
        from wattsandtons.outputs import staged

        with staged(out) as stage:  # all files or none: an interrupt never mixes two runs
            written = write_balance(result, stage.path)
            write_report(
                stage / "report.html",
                f"{scenario.title or scenario.name}: steady-state balance",
                f"Scenario {scenario.name} ({scenario.file}); allocation {result.allocation}.",
                balance_sections(result),
            )
        report = out / "report.html"
        (console if output_format is OutputFormat.table else err_console).print(
            f"wrote {len(written) + 1} files to [bold]{out}[/]; report: [bold]{report}[/]", highlight=False
        )


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def _year_text(year: float) -> str:
    return "—" if not math.isfinite(year) else f"{year:.0f}" if float(year).is_integer() else f"{year:.2f}"


def _print_run(run: Trajectory) -> None:
    from wattsandtons.timebase import SECONDS_PER_YEAR

    ds = run.dataset
    scenario = run.structure.net.scenario
    console.print(
        f"[bold]{scenario.title or scenario.name}[/] — {run.members} member(s), seed {ds.attrs['seed']}, "
        f"{ds['time'].values[0]:.0f}–{ds['time'].values[-1] + run.structure.dt / SECONDS_PER_YEAR:.0f}",
        highlight=False,
    )
    table = Table(title="Milestones (first year reached; — : not within the run)")
    for column in ("milestone", "reached by", "P10", "P50", "P90"):
        table.add_column(column, justify="left" if column == "milestone" else "right")
    for row in run.milestones.itertuples():
        table.add_row(
            row.milestone,
            f"{row.reached_share:.0%}",
            _year_text(row.p10_year),
            _year_text(row.p50_year),
            _year_text(row.p90_year),
        )
    console.print(table)
    summary = run.summary(every=10)
    table = Table(title="Key trajectories: P50 (P10–P90) across members")
    table.add_column("series")
    years = sorted(summary["year"].unique())
    for year in years:
        table.add_column(f"{year:.0f}", justify="right")
    units = _plant_dims(run)
    for series, group in summary.groupby("series", sort=False):
        cells = []
        for year in years:
            row = group[group["year"] == year].iloc[0]
            if series == "Kardashev index":
                cells.append(f"{row.p50:.3f} ({row.p10:.3f}–{row.p90:.3f})")
            else:
                dim = (
                    "[power]" if series.startswith("generation") else units[series.removeprefix("capacity ")]
                )
                cells.append(_spread(row.p10, row.p50, row.p90, dim))
        table.add_row(series.removesuffix(" [W]"), *cells)
    console.print(table)
    counts = run.bottlenecks()
    shares = ", ".join(f"{name} {count / counts.sum():.0%}" for name, count in counts.head(4).items())
    console.print(f"growth bound by: {escape(shares)}", highlight=False)
    residual = max(float(ds["energy_residual"].max()), float(ds["mass_residual"].max()))
    console.print(
        f"conservation: largest relative energy/mass imbalance of any step {residual:.1e}", style="dim"
    )
    if "process_mass_residual" in ds and ds["process_mass_residual"].size:
        worst = {
            q: ds[f"process_{q}_residual"].max(("member", "time")).to_series() for q in ("mass", "energy")
        }
        console.print(
            "per process, made beyond its inputs (worst): "
            + ", ".join(f"{q} {w.max():.1e} ({w.idxmax()})" for q, w in worst.items()),
            style="dim",
            highlight=False,
        )
    _print_utilisation(run)


def _print_utilisation(run: Trajectory) -> None:
    """Growth limit g*, utilisation of each plant (P50 at checkpoints), unmet demand, and the run's warnings."""
    import numpy as np

    from wattsandtons.growth import max_growth_rate

    structure = run.structure
    ds = run.dataset
    limit = max_growth_rate(structure.net)
    policy = structure.policy
    if math.isfinite(limit.rate_per_year) and limit.rate_per_year > 0:
        console.print(
            f"policy {policy}; growth limit of the loop g* = {limit.rate_per_year:.3g}/yr (doubling "
            f"{limit.doubling_time_years:.3g} yr): {limit.limiting}",
            highlight=False,
        )
    else:
        console.print(f"policy {policy}; growth limit of the loop: {limit.limiting}", highlight=False)
    times = ds["time"].values
    picks = [i for i, t in enumerate(times) if (t - times[0]) % 10 < 1e-9] + [len(times) - 1]
    picks = sorted(set(picks))
    table = Table(title="Utilisation: P50 share of available capacity (C × cf) in use; unmet demand")
    table.add_column("plant")
    for i in picks:
        table.add_column(f"{times[i]:.0f}", justify="right")
    with np.errstate(all="ignore"):
        util = np.nanmedian(ds["utilisation"].values, axis=0) if ds["utilisation"].sizes["time"] else None
    if util is not None:
        for g, plant in enumerate(structure.plants):
            table.add_row(plant, *("—" if np.isnan(util[i, g]) else f"{util[i, g]:.0%}" for i in picks))
    unmet = np.median(ds["unmet_demand"].values, axis=0)
    table.add_row("unmet demand", *(f"{unmet[i]:.1%}" for i in picks), style="bold")
    console.print(table)
    for warning in run.warnings():
        console.print(f"[yellow]warning[/] {warning}", highlight=False)


def _spread(p10: float, p50: float, p90: float, dim: Any) -> str:
    """``P50 (P10–P90) unit`` with all three in the unit chosen for the median."""
    from wattsandtons.units import Q_, dimensionality, format_quantity, si_unit

    dim = dimensionality(dim) if isinstance(dim, str) else dim
    number, _, unit = format_quantity(p50, dim, 3).partition(" ")
    if not unit:
        return number
    to = Q_(1.0, unit).to(si_unit(dim)).magnitude
    low, high = (float(v) / float(to) for v in (p10, p90))
    return f"{number} ({low:.3g}–{high:.3g}) {unit}"


def _plant_dims(run: Trajectory) -> dict[str, Any]:
    import numpy as np

    from wattsandtons.scenario.model import TIME
    from wattsandtons.units import dimensionality

    structure = run.structure
    net = structure.net
    out = {}
    for g, plant in enumerate(structure.plants):
        j = int(np.flatnonzero(structure.plant_of == g)[0])
        if net.scenario.processes[net.processes[j]].link:
            out[plant] = dimensionality("[mass]") / TIME
        else:
            out[plant] = net.scenario.commodities[net.nodes[net.reference[j]].commodity].dim / TIME
    return out


@app.command()
@friendly_errors
def run(
    file: ScenarioArg,
    members: Annotated[
        int, typer.Option(help="Ensemble members (parameters with distributions are sampled).")
    ] = 1,
    seed: Annotated[
        int, typer.Option(help="Seed of the parameter draws; the same seed gives identical files.")
    ] = 0,
    until: Annotated[
        int | None, typer.Option(help="Last year (exclusive) instead of the scenario's growth.end.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for trajectories.nc, milestones.csv and summary.csv.")
    ] = None,
    chunk_size: Annotated[int, typer.Option(help="Members advanced together in one array chunk.")] = 5000,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    dask_local: Annotated[
        int | None, typer.Option(help="Run on a local Dask cluster of this many workers.")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json (milestones and key trajectories).")
    ] = OutputFormat.table,
    step: Annotated[
        str | None,
        typer.Option(
            help="Record step: year, quarter, month or week (overrides the scenario's growth.step)."
        ),
    ] = None,
) -> None:
    """Grow the loop over decades: capacity, production, utilisation, imports, milestones and the Kardashev index.

    In sub-steps of about 3 days (Heun's method) the loop meets final demand, then builds new capacity by the scenario's
    policy (balanced: in the proportions the loop needs; demand: to meet its demand path after lead times;
    shares: fixed reinvestment shares), as far as capacities and draw limits allow. Prints the loop's growth limit
    g*, utilisation and warnings on unmet demand and idle plants.

    Example: [bold]wattsandtons run closed_loop_earth --members 1000 --seed 1 --step month --out out/run[/]
    """
    from wattsandtons.growth import prepare, simulate
    from wattsandtons.report.html import run_sections, write_report
    from wattsandtons.scenario import load_scenario

    scenario = load_scenario(file)
    if not 1 <= members <= 10_000_000:
        raise WattsAndTonsError("--members must be between 1 and 10,000,000")
    if step is not None and step not in ("year", "quarter", "month", "week"):
        raise WattsAndTonsError(f"--step {step!r}: use year, quarter, month or week")
    structure = prepare(scenario, until, step)
    with _progress() as bar:
        task = bar.add_task("simulating", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = simulate(
            structure,
            members=members,
            seed=seed,
            chunk_size=chunk_size,
            scheduler=scheduler,
            dask_local=dask_local,
            progress=tick,
        )
    if output_format is OutputFormat.json:
        document = {
            "scenario": scenario.name,
            "members": result.members,
            "seed": seed,
            "milestones": _frame_records(result.milestones),
            "summary": _frame_records(result.summary(every=10)),
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        _print_run(result)
    if out is not None:
        from wattsandtons.outputs import staged

        with staged(out) as stage:  # all files or none: an interrupt never mixes two runs
            written = result.save(stage.path)
            write_report(
                stage / "report.html",
                f"{scenario.title or scenario.name}: growth",
                f"Scenario {scenario.name}; {result.members} member(s), seed {seed}.",
                run_sections(result),
            )
        report = out / "report.html"
        (err_console if output_format is OutputFormat.json else console).print(  # stdout holds only the JSON
            f"wrote {', '.join(p.name for p in written)} to [bold]{out}[/]; report: [bold]{report}[/]",
            highlight=False,
        )


@app.command()
@friendly_errors
def sensitivity(
    file: ScenarioArg,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            help="milestone:NAME, generation:YEAR, kardashev:YEAR or capacity:PLANT:YEAR (repeatable).",
        ),
    ] = None,
    base: Annotated[
        int, typer.Option(help="Saltelli base sample (power of two); runs base·(2D+2) members.")
    ] = 256,
    seed: Annotated[int, typer.Option(help="Seed of the Sobol' design and the bootstrap.")] = 0,
    until: Annotated[int | None, typer.Option(help="Last year (exclusive) of the runs.")] = None,
    out: Annotated[Path | None, typer.Option(help="Folder for sobol.csv.")] = None,
) -> None:
    """Sobol sensitivity (SALib) of growth outputs to the scenario's uncertain parameters.

    Without --output, the first milestone's year is analysed. Lists the outputs it knows when one is wrong.

    Example: [bold]wattsandtons sensitivity closed_loop_earth -o "milestone:Kardashev >= 0.75" --base 128[/]
    """
    import pandas as pd

    from wattsandtons.growth import prepare, simulate
    from wattsandtons.growth.sensitivity import analyse, output_names, sobol_design
    from wattsandtons.scenario import load_scenario

    scenario = load_scenario(file)
    structure = prepare(scenario, until)
    design = sobol_design(structure, base, seed)
    with _progress() as bar:
        task = bar.add_task(f"{design.members} runs", total=None)
        result = simulate(
            structure, sample=design, progress=lambda d, t: bar.update(task, completed=d, total=t)
        )
    names = output or [output_names(result)[0]]
    frames = []
    for res in analyse(structure, result, names, seed):
        table = Table(title=f"Sobol indices of {res.output} ({res.runs} runs)")
        for column in ("parameter", "first order S1", "total ST"):
            table.add_column(column, justify="left" if column == "parameter" else "right")
        for row in res.indices.itertuples():
            table.add_row(
                row.parameter, f"{row.S1:.3f} ± {row.S1_conf:.3f}", f"{row.ST:.3f} ± {row.ST_conf:.3f}"
            )
        console.print(table)
        top = res.indices.iloc[0]
        note = (
            f"; {res.never_reached:.0%} of runs never reach it (counted as the year after the run)"
            if res.never_reached
            else ""
        )
        console.print(
            f"dominant parameter: [bold]{top.parameter}[/] (ST {top.ST:.2f}){note}", highlight=False
        )
        frames.append(res.indices.assign(output=res.output))
    if out is not None:
        from wattsandtons.outputs import staged, write_table

        with staged(out) as stage:
            write_table(pd.concat(frames), stage, "sobol")
        console.print(f"wrote sobol.csv to [bold]{escape(str(out))}[/]", highlight=False)


_DATACENTRE_OPTIONS: dict[str, tuple[str, str]] = {
    # option → (compare_datacentres keyword, expected dimension of the text)
    "lifetime": ("lifetime_years", "[time]"),
    "launch_cost": ("launch_cost_usd_per_kg", "USD/kg"),
    "payload": ("payload_per_launch_kg", "[mass]"),
    "specific_power": ("array_specific_power_w_per_kg", "W/kg"),
    "electricity_price": ("electricity_price_usd_per_j", "USD/J"),
    "radiator_temperature": ("radiator_temperature_k", "K"),
    "launch_energy": ("launch_energy_j_per_kg", "J/kg"),
    "satellite_cost": ("satellite_usd_per_w", "USD/W"),
    "gpu_cost": ("gpu_cost_usd_per_w", "USD/W"),
    "facility_cost": ("facility_capex_usd_per_w", "USD/W"),
}


@app.command()
@friendly_errors
def datacentre(
    it_power: Annotated[str, typer.Option(help="IT power of the datacentre, e.g. '1 GW'.")] = "1 GW",
    lifetime: Annotated[str | None, typer.Option(help="Service life, e.g. '5 yr'.")] = None,
    launch_cost: Annotated[str | None, typer.Option(help="Launch price, e.g. '200 USD/kg'.")] = None,
    payload: Annotated[
        str | None, typer.Option(help="Payload to LEO per Starship flight, e.g. '100 t'.")
    ] = None,
    specific_power: Annotated[
        str | None, typer.Option(help="Solar array specific power, e.g. '100 W/kg'.")
    ] = None,
    electricity_price: Annotated[
        str | None, typer.Option(help="Grid price on Earth, e.g. '0.08 USD/kWh'.")
    ] = None,
    radiator_temperature: Annotated[
        str | None, typer.Option(help="Radiator temperature, e.g. '320 K'.")
    ] = None,
    launch_energy: Annotated[
        str | None, typer.Option(help="Propellant chemical energy per kg to LEO, e.g. '500 MJ/kg'.")
    ] = None,
    satellite_cost: Annotated[
        str | None, typer.Option(help="Satellite hardware (bus and arrays) per W of array, e.g. '22 USD/W'.")
    ] = None,
    gpu_cost: Annotated[
        str | None,
        typer.Option(
            help="GPU (server) capital per W of IT, both sides, e.g. '30 USD/W'; default physics.markets "
            "(35 USD/W); '0 USD/W' leaves the GPUs out."
        ),
    ] = None,
    facility_cost: Annotated[
        str | None, typer.Option(help="Earth facility capital per W of IT, GPUs excluded, e.g. '12.5 USD/W'.")
    ] = None,
    pue_earth: Annotated[float | None, typer.Option(help="Power usage effectiveness on Earth.")] = None,
    pue_orbit: Annotated[float | None, typer.Option(help="Power usage effectiveness in orbit.")] = None,
    sunlit_fraction: Annotated[
        float | None,
        typer.Option(help="Year-average share of time in sunlight (default computed: dawn-dusk SSO, 0.961)."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json.")
    ] = OutputFormat.table,
    out: Annotated[
        Path | None, typer.Option(help="Folder to write datacentre.json and report.html into.")
    ] = None,
) -> None:
    """Earth vs orbit AI datacentre: mass, flights, energy with its payback, itemised cost and break-even launch price.

    Every assumption is listed with its source; options override them. Costs are itemised on both sides (launch,
    satellites, radiators, ground segment, operations, GPU replacements; electricity, facility, land, cooling,
    water) and the launch price at which orbit and Earth cost the same is given (negative: none does).

    Example: [bold]wattsandtons datacentre --it-power "1 GW" --launch-cost "200 USD/kg" --satellite-cost "5 USD/W"[/]
    """
    import numpy as np

    from wattsandtons.physics.datacentre import compare_datacentres
    from wattsandtons.report.html import datacentre_sections, write_report
    from wattsandtons.timebase import SECONDS_PER_YEAR
    from wattsandtons.units import dimensionality, format_quantity, to_si

    kwargs: dict[str, float] = {}
    given = {
        "lifetime": lifetime,
        "launch_cost": launch_cost,
        "payload": payload,
        "specific_power": specific_power,
        "electricity_price": electricity_price,
        "radiator_temperature": radiator_temperature,
        "launch_energy": launch_energy,
        "satellite_cost": satellite_cost,
        "gpu_cost": gpu_cost,
        "facility_cost": facility_cost,
    }
    for option, text in given.items():
        if text is None:
            continue
        keyword, dim = _DATACENTRE_OPTIONS[option]
        try:
            value = to_si(text, dimensionality(dim))
        except UnitError as exc:
            raise WattsAndTonsError(f"--{option.replace('_', '-')} {text!r}: {exc}") from None
        kwargs[keyword] = value / SECONDS_PER_YEAR if keyword == "lifetime_years" else value
    for keyword, number in (
        ("pue_earth", pue_earth),
        ("pue_orbit", pue_orbit),
        ("sunlit_fraction", sunlit_fraction),
    ):
        if number is not None:
            kwargs[keyword] = number
    try:
        power = to_si(it_power, dimensionality("[power]"))
    except UnitError as exc:
        raise WattsAndTonsError(f"--it-power {it_power!r}: {exc}") from None
    if output_format is OutputFormat.csv:
        raise WattsAndTonsError("--format csv is not offered here: use table or json")
    result = compare_datacentres(power, **kwargs)
    rows = result.rows()
    if out is not None:
        from wattsandtons.outputs import staged

        with staged(out) as stage:  # both files or neither
            write_report(
                stage / "report.html",
                "Earth vs orbit: one AI datacentre",
                f"{format_quantity(power, '[power]')} of IT for {float(np.asarray(result.lifetime_years)):g} years; "
                "money is shown for comparison only, apart from the physics.",
                datacentre_sections(result),
            )
            (stage / "datacentre.json").write_text(
                json.dumps(_datacentre_json(result), indent=2, default=_json_default, allow_nan=False) + "\n",
                encoding="utf-8",
            )
        report = out / "report.html"
        err_console.print(f"wrote datacentre.json and [bold]{report}[/]", highlight=False)
    if output_format is OutputFormat.json:
        sys.stdout.write(
            json.dumps(_datacentre_json(result), indent=2, default=_json_default, allow_nan=False) + "\n"
        )
        return
    table = Table(
        title=f"Earth vs orbit: {format_quantity(power, '[power]')} of IT for {float(np.asarray(result.lifetime_years)):g} years"
    )
    for column in ("quantity", "Earth, per GW", "orbit, per GW", "Earth, per kW·yr", "orbit, per kW·yr"):
        table.add_column(
            column, justify="left" if column == "quantity" else "right", no_wrap=column == "quantity"
        )
    for row in rows:
        table.add_row(
            row["quantity"],
            _dc_cell(row["earth_per_gw"], row["unit"]),
            _dc_cell(row["orbit_per_gw"], row["unit"]),
            _dc_cell(row["earth_per_kw_year"], row["unit"]),
            _dc_cell(row["orbit_per_kw_year"], row["unit"]),
        )
    console.print(table)
    console.print(_break_even_line(result), highlight=False)
    table = Table(title="Assumptions")
    for column in ("assumption", "value", "source"):
        table.add_column(column, overflow="fold")
    for a in result.assumptions:
        shown = f"{float(np.asarray(a.value)):.4g} {a.unit if a.unit != '1' else ''}".strip()
        table.add_row(a.name, shown, escape(a.source))  # sources carry [unsourced]/[calc] tags, not markup
    console.print(table)
    console.print("[bold]Left out[/]: " + escape("; ".join(result.exclusions)), highlight=False)


def _break_even_line(result: Any) -> str:
    import numpy as np

    price = float(np.asarray(result.break_even_launch_usd_per_kg))
    ratio = float(np.asarray(result.orbit.cost_usd) / np.asarray(result.earth.cost_usd))
    if price < 0:
        return (
            f"[bold]Total cost[/]: orbit {ratio:.3g}× Earth; no launch price breaks even (even free launch leaves "
            "the orbit dearer)"
        )
    return f"[bold]Total cost[/]: orbit {ratio:.3g}× Earth; break-even launch price {price:,.0f} USD/kg"


def _datacentre_json(result: Any) -> dict[str, Any]:
    import numpy as np

    return {
        "it_power_W": float(np.asarray(result.it_power_w)),
        "lifetime_years": float(np.asarray(result.lifetime_years)),
        "break_even_launch_USD_per_kg": float(np.asarray(result.break_even_launch_usd_per_kg)),
        "rows": [{k: _finite_or_none(v) for k, v in r.items()} for r in result.rows()],
        "assumptions": [
            {
                "name": a.name,
                "value": float(np.asarray(a.value)),
                "unit": a.unit,
                "source": a.source,
                "low": a.low,
                "high": a.high,
                "range_note": a.range_note,
            }
            for a in result.assumptions
        ],
        "exclusions": list(result.exclusions),
    }


def _finite_or_none(value: Any) -> Any:
    """A float for JSON, or None where it is not finite (strict JSON has no NaN); other values unchanged."""
    import numpy as np

    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(float(value)) else None
    return value


def _dc_cell(value: float, unit: str) -> str:
    from wattsandtons.timebase import SECONDS_PER_YEAR
    from wattsandtons.units import format_quantity

    if value is None or not math.isfinite(float(value)):
        return "—"
    dims = {"kg": "[mass]", "J": "[energy]"}
    if unit in dims:
        return format_quantity(float(value), dims[unit], 3)
    if unit == "s":
        return f"{float(value) / SECONDS_PER_YEAR:.3g} yr"
    if unit == "USD":
        return f"{float(value):.3g} USD"
    if unit == "USD/kg":
        return f"{float(value):,.0f} USD/kg"
    return f"{float(value):.3g}"


def _frame_records(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame as JSON-able records: NumPy scalars as Python numbers, NaN and infinity as null."""
    return [
        {key: _finite_or_none(v) for key, v in row.items()} for row in frame.astype(object).to_dict("records")
    ]


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic | np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@app.command()
@friendly_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        str,
        typer.Option(
            envvar=LEDGER_DB_ENV,
            help="Ledger database URL: sqlite:///file.db or postgresql+psycopg://user@host/db.",
        ),
    ] = LEDGER_URL,
    no_ledger: Annotated[
        bool, typer.Option("--no-ledger", help="Serve the dashboard without the ledger routes.")
    ] = False,
) -> None:
    """Serve the web dashboard, the JSON API and the ledger's /ledger routes from one FastAPI app.

    Example: [bold]wattsandtons serve --port 8000[/] then open http://127.0.0.1:8000/
    """
    import uvicorn

    from wattsandtons.web import create_app

    console.print(
        f"dashboard: [bold]http://{host}:{port}/[/]  API docs: http://{host}:{port}/docs", highlight=False
    )
    if not no_ledger:
        console.print(
            "ledger mounted at /ledger: growth runs, dispatch and sensitivity need a ledger key — make one with "
            f"'wattsandtons ledger key auditor --db {db}' and paste it into the Ledger tab, or serve with --no-ledger",
            highlight=False,
            markup=False,
            soft_wrap=True,  # one line, whatever the terminal's width
        )
    uvicorn.run(create_app(ledger_db=None if no_ledger else db), host=host, port=port, log_level="warning")


app.command("claims")(friendly_errors(claims_command))
app.add_typer(ledger_app, name="ledger")
app.add_typer(io_app, name="io")
app.command("dispatch")(friendly_errors(dispatch_command))


def _unit_si(unit: str) -> float:
    """How many SI base units one ``unit`` is (1 MWh → 3.6e9)."""
    from wattsandtons.units import Q_, si_unit

    quantity = Q_(1.0, unit)
    return float(quantity.to(si_unit(quantity.dimensionality)).magnitude)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
