"""``wattsandtons dispatch SPEC``: hour-by-hour dispatch of a site, a region or a study of regions.

The lead registers :func:`dispatch_command` with ``app.command("dispatch")(friendly_errors(dispatch_command))``, so
located spec errors and infeasible sites print one line each and exit with status 2.

Defining the command imports only Typer and Rich; the spec parser, HiGHS, pvlib, pandas and Plotly load when it runs.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from wattsandtons.dispatch.economics import EconomicBasis
    from wattsandtons.dispatch.schedule import Schedule
    from wattsandtons.dispatch.spec import Site

__all__ = ["dispatch_command", "print_schedule", "study_frame"]

console = Console()
err_console = Console(stderr=True)


def _energy(joules: float) -> str:
    from wattsandtons.units import format_quantity

    return format_quantity(joules, "[energy]")


def _money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def _share(x: float | None) -> str:
    return "—" if x is None else f"{x:.2%}"


def _years(seconds: float | None) -> str:
    from wattsandtons.timebase import SECONDS_PER_YEAR

    if seconds is None:
        return ""
    return (
        "never (absorbs no surplus)" if not math.isfinite(seconds) else f"{seconds / SECONDS_PER_YEAR:.3g} yr"
    )


def print_schedule(schedule: Schedule) -> None:
    """Rich tables of one dispatch: energy, loads (value, output, payback), storage, solver."""
    import numpy as np

    from wattsandtons.dispatch.model import MW, MWH
    from wattsandtons.units import format_quantity

    s = schedule.summary
    console.print(f"[bold]{s.title}[/]  ({s.site}, {s.hours} h from {s.start})", highlight=False)
    table = Table(title="Renewable energy and the grid")
    table.add_column("")
    table.add_column("baseline (no flexible loads)", justify="right")
    table.add_column("with the flexible loads", justify="right")
    table.add_row(
        "renewable energy available", _energy(s.renewable_available), _energy(s.renewable_available)
    )
    base = "—" if s.baseline_curtailed is None else _energy(s.baseline_curtailed)
    table.add_row("curtailed", base, _energy(s.curtailed))
    table.add_row("curtailed share", _share(s.baseline_curtailed_share), _share(s.curtailed_share))
    if s.curtailed_low is not None and s.curtailed_high is not None and s.renewable_available > 0:
        low, high = s.curtailed_low / s.renewable_available, s.curtailed_high / s.renewable_available
        table.add_row(
            f"range among optima (objective within {s.range_rtol:.0e})", "", f"{low:.3%} – {high:.3%}"
        )
    if s.target_curtailment is not None:
        table.add_row("calibration target", _share(s.target_curtailment), "")
        band = "within 1 ± 0.1" if abs(s.renewable_scale - 1) <= 0.1 else "outside 1 ± 0.1: see below"
        table.add_row("renewable scale (calibrated)", f"{s.renewable_scale:.3f} ({band})", "")
    table.add_row("grid import", "", _energy(s.grid_import))
    table.add_row("grid export", "", _energy(s.grid_export))
    if s.mean_price is not None:
        table.add_row("mean marginal price", "", f"{s.mean_price * MWH:,.1f} {s.currency}/MWh")
    if s.emissions > 0:
        table.add_row("CO2 from thermal blocks", "", f"{s.emissions / 1e6:,.3f} kt")
    console.print(table)
    if s.calibration_note and abs(s.renewable_scale - 1) > 0.1:
        console.print(f"[dim]calibration: {s.calibration_note}[/]", highlight=False)

    table = Table(title=f"Loads ({s.currency}; revenue per MW of capacity per year)")
    for column in (
        "load",
        "kind",
        "capacity",
        "energy",
        "surplus absorbed",
        "use",
        "revenue/MW-yr",
        "DR hours",
        "on thermal margin",
        "marginal CO2",
    ):
        table.add_column(column, justify="left" if column in ("load", "kind") else "right")
    table.add_column("made")
    table.add_column("embodied energy", justify="right")
    table.add_column("energy payback", justify="right")
    for ld in s.loads:
        made = []
        if ld.hashes is not None:
            made.append(f"{ld.hashes:.3g} hash")
        if ld.flop is not None:
            made.append(f"{ld.flop:.3g} FLOP")
        table.add_row(
            ld.name,
            ld.kind,
            format_quantity(ld.capacity, "[power]"),
            _energy(ld.energy),
            _energy(ld.surplus_absorbed) if ld.surplus_absorbed else "",
            f"{ld.utilisation:.1%}",
            _money(ld.revenue_per_mw_year, ""),
            str(ld.demand_response_hours),
            _energy(ld.thermal_margin_energy) if ld.thermal_margin_energy else "",
            f"{ld.marginal_emissions / 1e6:,.2f} kt" if ld.marginal_emissions else "",
            ", ".join(made),
            "" if ld.embodied_energy is None else _energy(ld.embodied_energy),
            _years(ld.energy_payback),
        )
    console.print(table)
    if s.batteries:
        table = Table(title="Storage")
        for column in ("store", "charged", "discharged", "full cycles"):
            table.add_column(column, justify="left" if column == "store" else "right")
        for b in s.batteries:
            table.add_row(b.name, _energy(b.charged), _energy(b.discharged), f"{b.cycles:.1f}")
        console.print(table)
    residual = float(np.abs(schedule.balance_residual()).max()) if s.hours else 0.0
    console.print(
        f"value of the variable flows (exports + flexible loads − imports − cycling) {_money(s.value, s.currency)}; "
        f"surplus absorbed {_energy(s.absorbed)}; "
        f"LP {s.variables} variables × {s.constraints} rows, built in {s.build_s:.2f} s, solved in {s.solve_s:.2f} s; "
        f"largest hourly energy imbalance {residual / MW:.1e} MW",
        style="dim",
        highlight=False,
    )


def _write_to_ledger(schedule: Schedule, url: str, out: Console) -> None:
    import time

    from wattsandtons.dispatch.books import (
        ledger_matching,
        plan_backdate_s,
        plan_from_dataset,
        write_schedule,
    )
    from wattsandtons.ledger import Ledger

    plan = plan_from_dataset(schedule.dataset)
    ledger = Ledger(url, backdate_s=plan_backdate_s(plan, time.time()))  # the plan replays a past year
    unmatched = write_schedule(ledger, plan)
    score = ledger_matching(ledger, plan)
    out.print(
        f"wrote {plan.hours} h of readings for {len(plan.supply)} meters of {plan.site} into {url}; "
        f"hourly matching {score.hourly:.2%}, annual {score.annual:.2%}; {unmatched:,} Wh without a certificate",
        highlight=False,
    )


def print_economics(bases: list[EconomicBasis], currency: str) -> None:
    """One row per load and economic basis: revenue, operating cost, margin per MW-year, capital, payback."""
    if not bases:
        return
    table = Table(
        title=f"AI and mining on one basis ({currency} per MW of capacity; sources in physics.markets)"
    )
    for column in ("case", "load", "revenue/MW-yr", "range", "operating cost/MW-yr", "margin/MW-yr", "capital/MW",
                   "payback"):  # fmt: skip
        table.add_column(column, justify="left" if column in ("case", "load") else "right")
    for b in bases:
        span = "" if b.revenue_low is None else f"{b.revenue_low:,.0f} – {b.revenue_high or b.revenue:,.0f}"
        payback = "never" if b.payback_years is None else f"{b.payback_years:.2g} yr"
        table.add_row(
            b.case, b.load, f"{b.revenue:,.0f}", span, f"{b.operating_cost:,.0f}", f"{b.margin:,.0f}",
            f"{b.capital:,.0f}", payback,
        )  # fmt: skip
    console.print(table)


def _ratio(schedule: Schedule) -> float | None:
    """AI revenue per MW over mining revenue per MW (firm or deferrable loads against interruptible ones)."""
    ai = [ld for ld in schedule.summary.loads if ld.kind in ("firm", "deferrable") and ld.value > 0]
    mining = [ld for ld in schedule.summary.loads if ld.kind == "interruptible" and ld.value > 0]
    if not ai or not mining:
        return None
    ai_rate = sum(ld.value for ld in ai) / sum(ld.capacity for ld in ai)
    mining_rate = sum(ld.value for ld in mining) / sum(ld.capacity for ld in mining)
    return ai_rate / mining_rate if mining_rate > 0 else None


def study_frame(schedules: list[Schedule]) -> pd.DataFrame:
    """One row per region: calibrated vs target curtailment, what the hybrid absorbs, value per kWh, AI/mining."""
    import pandas as pd

    from wattsandtons.dispatch.model import MWH

    rows = []
    for schedule in schedules:
        s = schedule.summary
        mining = [ld for ld in s.loads if ld.kind == "interruptible"]
        mined = sum(ld.energy for ld in mining)
        rows.append(
            {
                "region": s.site,
                "target curtailment": s.target_curtailment,
                "baseline curtailment": s.baseline_curtailed_share,
                "with hybrid": s.curtailed_share,
                "baseline curtailed [GWh]": (s.baseline_curtailed or 0.0) / MWH / 1e3,
                "surplus absorbed [GWh]": s.absorbed / MWH / 1e3,
                "mining energy [GWh]": mined / MWH / 1e3,
                "mining surplus [GWh]": sum(ld.surplus_absorbed for ld in mining) / MWH / 1e3,
                "mining on thermal margin [GWh]": sum(ld.thermal_margin_energy for ld in mining) / MWH / 1e3,
                "mining marginal CO2 [kt]": sum(ld.marginal_emissions for ld in mining) / 1e6,
                f"mean price [{s.currency}/kWh]": None if s.mean_price is None else s.mean_price * 3.6e6,
                f"mining value [{s.currency}/kWh]": (sum(ld.value for ld in mining) / (mined / 3.6e6))
                if mined
                else None,
                "AI/mining revenue per MW": _ratio(schedule),
                "currency": s.currency,
            }
        )
    return pd.DataFrame(rows)


def _print_study(title: str, claims: dict[str, str], frame: pd.DataFrame) -> None:
    table = Table(title=title)
    for column in frame.columns:
        if column != "currency":
            table.add_column(column, justify="left" if column == "region" else "right")
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if column == "currency":
                continue
            if value is None or (isinstance(value, float) and math.isnan(value)):
                cells.append("—")
            elif column in ("target curtailment", "baseline curtailment", "with hybrid"):
                cells.append(f"{value:.2%}")
            elif isinstance(value, float):
                cells.append(f"{value:,.4g}")
            else:
                cells.append(str(value))
        table.add_row(*cells)
    console.print(table)
    for key, text in claims.items():
        console.print(f"[bold]{key}[/] {text}", highlight=False)


def _site_or_network(spec: str, hours: int | None) -> tuple[Site, Any]:
    """The site of a spec, or of a PyPSA network file with the network (None for a spec)."""
    from wattsandtons.dispatch import load_site
    from wattsandtons.dispatch.pypsa_io import is_network_file, network_to_site, read_network
    from wattsandtons.dispatch.spec import DispatchError

    if not is_network_file(spec):
        return load_site(spec, hours=hours), None
    network = read_network(Path(spec))
    site = network_to_site(network, Path(spec).stem)
    if hours is not None and not 1 <= hours <= site.hours:
        raise DispatchError(f"--hours {hours}: the network {spec} has {site.hours} snapshots")
    return (site if hours is None else site.head(hours)), network


def dispatch_command(
    spec: Annotated[
        str, typer.Argument(help="A site/region/study YAML file, or a bundled name (kyushu, hybrid_site).")
    ],
    hours: Annotated[
        int | None, typer.Option(help="Hours to dispatch from the spec's start (default its horizon).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for schedule.csv (MW), schedule.nc (SI), summary.json, loads.csv."),
    ] = None,
    baseline: Annotated[
        bool, typer.Option(help="Also solve without the flexible loads, to report the surplus they absorb.")
    ] = True,
    workers: Annotated[
        int | None, typer.Option(help="Parallel processes for a study (default: one per CPU).")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address for a study, tcp://host:8786.")
    ] = None,
    dask_local: Annotated[
        int | None, typer.Option(help="Run a study on a local Dask cluster of this many workers.")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    rolling: Annotated[
        int | None,
        typer.Option(
            help="Solve in windows of this many hours (+1 week look-ahead): linear in long horizons."
        ),
    ] = None,
    to_ledger: Annotated[
        str | None,
        typer.Option(
            "--to-ledger",
            help="Write the schedule into this ledger (sqlite:///books.db): hourly readings per asset, the loads' "
            "consumption retired hour by hour (in batches). The ledger accepts readings back to the plan's start.",
        ),
    ] = None,
    mining_study: Annotated[
        bool,
        typer.Option(
            "--mining-study",
            help="Also re-dispatch over hashprice × ASIC efficiency (markets' ranges and classes).",
        ),
    ] = False,
    to_pypsa: Annotated[
        Path | None, typer.Option(help="Also write the site as a PyPSA network (.nc NetCDF or .h5).")
    ] = None,
) -> None:
    """Dispatch a site or region hour by hour: curtailment without and with flexible loads, value per MW, payback.

    A study (a file with [bold]regions:[/]) runs its regions in parallel with a progress bar.

    SPEC may also be a PyPSA network file (.nc, .h5, one bus): it is imported (with --out, as site.yaml and
    profiles.csv) and dispatched. --to-pypsa writes the site as a PyPSA network (docs/pypsa.md).

    Example: [bold]wattsandtons dispatch hybrid_site --hours 720 --out out/hybrid[/]

    Plan against actual: [bold]wattsandtons dispatch hybrid_site --hours 168 --out plan --to-ledger sqlite:///books.db[/]
    then [bold]wattsandtons ledger statement --owner hybrid_site --vs-plan plan --db sqlite:///books.db[/]

    Example: [bold]wattsandtons dispatch hybrid_site --hours 168 --to-pypsa out/hybrid.nc[/]
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from wattsandtons.dispatch import dispatch
    from wattsandtons.dispatch.economics import economic_bases
    from wattsandtons.dispatch.economics import mining_study as study_table
    from wattsandtons.dispatch.regions import is_study, load_study, run_many
    from wattsandtons.dispatch.schedule import json_document
    from wattsandtons.dispatch.spec import DispatchError
    from wattsandtons.outputs import staged, write_table
    from wattsandtons.report.html import dispatch_sections, render

    if output_format not in ("table", "json"):
        raise DispatchError(f"--format {output_format!r}: expected table or json")
    from wattsandtons.dispatch.pypsa_io import is_network_file

    if not is_network_file(spec) and is_study(spec):
        if to_pypsa is not None:
            raise DispatchError(
                "--to-pypsa takes one site or region, not a study; export its regions one by one"
            )
        study = load_study(spec)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"dispatching {len(study.regions)} regions", total=len(study.regions))
            schedules = run_many(
                list(study.regions),
                hours,
                workers=workers,
                scheduler=scheduler,
                dask_local=dask_local,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        frame = study_frame(schedules)
        if output_format == "json":
            sys.stdout.write(
                json_document({"study": study.name, "regions": [s.summary.to_dict() for s in schedules]})
            )
        else:
            _print_study(study.title, study.claims, frame)
        if out is not None:
            with staged(out) as stage:  # study.csv and every region's folder, together or not at all
                write_table(frame, stage, "study")
                for schedule in schedules:
                    region = stage / schedule.summary.site
                    region.mkdir()
                    schedule.write_files(region)
                    (region / "report.html").write_text(
                        render(
                            f"Dispatch of {schedule.summary.site}",
                            f"Study {study.name}; curtailment {schedule.summary.curtailed_share:.2%} of renewable "
                            "output.",
                            dispatch_sections(schedule),
                        ),
                        encoding="utf-8",
                    )
            done = console if output_format == "table" else err_console
            done.print(f"wrote study.csv and one folder per region to [bold]{out}[/]", highlight=False)
        return
    site, network = _site_or_network(spec, hours)
    if to_pypsa is not None:
        from wattsandtons.dispatch.pypsa_io import save_network

        save_network(site, to_pypsa)
        (console if output_format == "table" else err_console).print(
            f"wrote the PyPSA network {to_pypsa}", highlight=False
        )
    schedule = dispatch(site, baseline=baseline, rolling=rolling)
    if to_ledger is not None:
        _write_to_ledger(schedule, to_ledger, console if output_format == "table" else err_console)
    bases = economic_bases(schedule, site) if site.usd_rate is not None else []
    grid = study_table(site) if mining_study else None
    if output_format == "json":
        document = schedule.summary.to_dict()
        document["economics"] = [b.to_dict() for b in bases]
        if grid is not None:
            document["mining_study"] = grid.to_dict(orient="records")
        sys.stdout.write(json_document(document))
    else:
        print_schedule(schedule)
        print_economics(bases, site.currency)
        if grid is not None:
            _print_study("Mining over hashprice × ASIC efficiency", {}, grid)
    if out is not None:
        with staged(out) as stage:  # the schedule's files and its report replace the last run's together
            schedule.write_files(stage.path)
            if network is not None:  # an imported PyPSA network: its spec (site.yaml, profiles.csv) beside
                from wattsandtons.dispatch.pypsa_io import write_spec

                write_spec(network, stage.path)
            (stage / "report.html").write_text(
                render(
                    f"Dispatch of {schedule.summary.site}",
                    f"{site.hours} hours; curtailment {schedule.summary.curtailed_share:.2%} of renewable output.",
                    dispatch_sections(schedule),
                ),
                encoding="utf-8",
            )
            names = sorted(path.name for path in stage.path.iterdir())
        done = console if output_format == "table" else err_console
        done.print(f"wrote {', '.join(names)} to [bold]{out}[/]", highlight=False)
