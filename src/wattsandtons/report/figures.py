"""Figures (Plotly) for balances and growth runs. Every figure has units on its axes and a caption.

Each function takes a result object and returns ``(figure, caption)``; :mod:`wattsandtons.report.html` puts them in a
self-contained page, and the results' ``plot()`` methods return them in a notebook (``Balance.plot("energy")`` is
:func:`sankey`, ``Trajectory.plot("capacity")`` :func:`capacity_fans`, ``Schedule.plot()`` :func:`dispatch_stack`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from wattsandtons.balance import Balance
from wattsandtons.growth import Trajectory
from wattsandtons.physics.kardashev import kardashev
from wattsandtons.physics.reference import WORLD_PRIMARY_POWER_2023
from wattsandtons.units import format_quantity

_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")


def _scale(total: float, quantity: str) -> tuple[float, str]:
    """A display unit for Sankey values: divisor and label (per year)."""
    if quantity == "energy":
        for divisor, unit in ((3.6e15, "TWh"), (3.6e12, "GWh"), (3.6e9, "MWh"), (3.6e6, "kWh")):
            if total >= divisor:
                return divisor, unit
        return 3.6e3, "Wh"
    for divisor, unit in ((1e12, "Gt"), (1e9, "Mt"), (1e6, "kt"), (1e3, "t")):
        if total >= divisor:
            return divisor, unit
    return 1.0, "kg"


def sankey(balance: Balance, quantity: str = "energy") -> tuple[go.Figure, str]:
    """Energy (or mass) flows of the loop over one year, from nature and imports through processes to uses."""
    assert quantity in ("energy", "mass")
    column = "energy_J" if quantity == "energy" else "mass_kg"
    flows = balance.flows()
    links: dict[tuple[str, str], float] = defaultdict(float)
    for row in flows.itertuples():
        amount = getattr(row, column)
        if amount > 0:
            target = f"{row.target} (capital)" if row.capital else row.target
            links[(row.source, target)] += amount
    statement = balance.statements[f"loop.{quantity}"]
    sink = "heat (losses and use)" if quantity == "energy" else "waste and emissions"
    for line in statement.outflows:
        if (
            line.group
            in ("conversion losses", "consumed (dissipated as heat)", "process waste and emissions")
            and line.amount > 0
        ):
            links[(line.label, sink)] += line.amount
    if not links:
        return go.Figure(), f"No {quantity} flows in this balance."
    labels = sorted({name for pair in links for name in pair})
    index = {name: i for i, name in enumerate(labels)}
    total = statement.total_in
    divisor, unit = _scale(max(total, max(links.values())), quantity)
    location = {p: balance.scenario.processes[p].location for p in balance.scenario.processes}
    places = sorted(set(location.values()))
    colours = [
        _PALETTE[places.index(location[name]) % len(_PALETTE)] if name in location else "#555555"
        for name in labels
    ]
    figure = go.Figure(
        go.Sankey(
            valueformat=".4g",
            valuesuffix=f" {unit}/yr",
            node={"label": labels, "pad": 14, "thickness": 14, "color": colours},
            link={
                "source": [index[a] for a, _ in links],
                "target": [index[b] for _, b in links],
                "value": [v / divisor for v in links.values()],
            },
        )
    )
    figure.update_layout(
        title=f"{quantity.capitalize()} flows of the loop [{unit}/yr]",
        height=520,
        margin={"t": 50, "l": 10, "r": 10, "b": 10},
    )
    caption = (
        f"{quantity.capitalize()} flows over one year in steady state, in {unit}/yr: from nature and imports through the "
        f"processes (coloured by location: {', '.join(places)}) to final demand, capital stock and "
        f"{'heat' if quantity == 'energy' else 'waste'}. Total in: {statement.format(statement.total_in)} per year; "
        f"residual {statement.relative_residual:.1e}."
    )
    return figure, caption


def _band(
    figure: go.Figure, x: np.ndarray, data: np.ndarray, name: str, colour: str, row: int | None = None
) -> None:
    """P10–P90 band and P50 line of ``data`` (members × time)."""
    p10, p50, p90 = np.percentile(data, (10, 50, 90), axis=0)
    fill = colour + "33" if colour.startswith("#") and len(colour) == 7 else colour
    kwargs = {} if row is None else {"row": row, "col": 1}
    figure.add_trace(
        go.Scatter(x=x, y=p90, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"), **kwargs
    )
    figure.add_trace(
        go.Scatter(
            x=x,
            y=p10,
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=fill,
            name=f"{name} P10–P90",
            hoverinfo="skip",
        ),
        **kwargs,
    )
    figure.add_trace(
        go.Scatter(x=x, y=p50, mode="lines", line={"color": colour, "width": 2}, name=f"{name} P50"), **kwargs
    )


def capacity_fans(run: Trajectory) -> tuple[go.Figure, str]:
    """Each plant's capacity relative to its start (log scale), P50 with a P10–P90 band."""
    ds = run.dataset
    x = ds["time"].values
    figure = go.Figure()
    for k, plant in enumerate(ds["plant"].values):
        data = ds["capacity"].sel(plant=plant).values
        start = data[:, :1]
        rel = np.divide(data, start, out=np.full_like(data, np.nan), where=start > 0)
        if np.all(np.isnan(rel)):
            continue
        _band(figure, x, rel, str(plant), _PALETTE[k % len(_PALETTE)])
    figure.update_layout(
        title="Installed capacity relative to the start year",
        yaxis_type="log",
        xaxis_title="year",
        yaxis_title="capacity ÷ capacity at start [–]",
        height=460,
        legend={"font": {"size": 10}},
    )
    caption = (
        f"Capacity of every plant as a multiple of its starting capacity (log scale), median across {run.members} "
        "member(s) with the P10–P90 band. Plants that start from zero capacity are not shown here (see summary.csv)."
    )
    return figure, caption


def utilisation_plot(run: Trajectory) -> tuple[go.Figure, str]:
    """Each plant's utilisation (share of its available capacity C · cf in use) and the share of final demand not
    delivered, P50 with a P10–P90 band; dashed lines at the warning levels (50 % utilisation, 1 % unmet)."""
    ds = run.dataset
    x = ds["time"].values
    figure = go.Figure()
    for k, plant in enumerate(ds["plant"].values):
        data = ds["utilisation"].sel(plant=plant).values
        if data.size == 0 or np.all(np.isnan(data)):
            continue
        _band(figure, x, np.nan_to_num(data, nan=0.0) * 100, str(plant), _PALETTE[k % len(_PALETTE)])
    _band(figure, x, ds["unmet_demand"].values * 100, "unmet demand", "#000000")
    figure.add_hline(y=50, line_dash="dash", line_color="#888888")
    figure.add_hline(y=1, line_dash="dot", line_color="#888888")
    figure.update_layout(
        title="Utilisation of each plant and unmet demand",
        xaxis_title="year",
        yaxis_title="share [%]",
        height=460,
        legend={"font": {"size": 10}},
    )
    caption = (
        "Share of each plant's available capacity (capacity × capacity factor) in use over each step, and the share "
        f"of final demand not delivered (black), median across {run.members} member(s) with the P10–P90 band. "
        "Runs warn when a plant stays below 50 % for 5 years or unmet demand exceeds 1 %."
    )
    return figure, caption


def generation_fan(run: Trajectory) -> tuple[go.Figure, str]:
    """Energy generated, all locations [GW]: the median across members with its P10–P90 band; ``(figure, caption)``."""
    ds = run.dataset
    figure = go.Figure()
    _band(figure, ds["time"].values, ds["generation"].values / 1e9, "generation", _PALETTE[1])
    figure.update_layout(
        title="Energy generated by the loop",
        xaxis_title="year",
        yaxis_title="power [GW]",
        yaxis_type="log",
        height=420,
    )
    return (
        figure,
        "Average power generated by the loop's own energy processes [GW, log scale]: P50 and P10–P90 across members.",
    )


def closure_plot(run: Trajectory) -> tuple[go.Figure, str]:
    """Closure over time [%]: the share of primary energy not carried by imports, median and P10–P90 band."""
    ds = run.dataset
    figure = go.Figure()
    _band(figure, ds["time"].values, 100 * ds["closure"].values, "closure", _PALETTE[2])
    figure.update_layout(
        title="How closed is the loop?",
        xaxis_title="year",
        yaxis_title="primary energy not carried by imports [%]",
        yaxis_range=[0, 101],
        height=380,
    )
    return (
        figure,
        "Closure ratio: the share of the loop's primary energy that is not embodied in imports [%] (100 % = closed).",
    )


def kardashev_plot(run: Trajectory) -> tuple[go.Figure, str]:
    """Sagan's Kardashev index of baseline plus loop power over time, with today's world for reference."""
    ds = run.dataset
    x = ds["time"].values
    figure = go.Figure()
    _band(figure, x, ds["kardashev"].values, "K", _PALETTE[4])
    world = WORLD_PRIMARY_POWER_2023.value  # W, the sourced 2023 figure (Energy Institute 2024)
    today = float(kardashev(world))
    for level, label in (
        (today, f"world today ({world / 1e12:.1f} TW): K = {today:.3f}"),
        (1.0, "Type I (1e16 W)"),
    ):
        figure.add_hline(y=level, line_dash="dot", annotation_text=label, annotation_position="top left")
    figure.update_layout(
        title="Kardashev index (Sagan)",
        xaxis_title="year",
        yaxis_title="K = (log10 P[W] − 6) / 10",
        height=380,
    )
    baseline = (
        float(run.structure.net.scenario.growth.baseline_power.si)
        if run.structure.net.scenario.growth and run.structure.net.scenario.growth.baseline_power
        else 0.0
    )
    caption = (
        f"Sagan's Kardashev index of the baseline power ({format_quantity(baseline, '[power]')}) plus the loop's own "
        "generation, with reference lines for today's civilisation and Type I."
    )
    return figure, caption


def milestones_table(run: Trajectory) -> pd.DataFrame:
    """Milestones as a display table: share of members reaching each and the P10/P50/P90 year (— : not reached)."""
    table = run.milestones.copy()

    def year(v: float) -> str:
        return "not within the run" if not math.isfinite(v) else f"{v:.0f}"

    return pd.DataFrame(
        {
            "milestone": table["milestone"],
            "reached by": [f"{v:.0%}" for v in table["reached_share"]],
            "P10": [year(v) for v in table["p10_year"]],
            "P50": [year(v) for v in table["p50_year"]],
            "P90": [year(v) for v in table["p90_year"]],
        }
    )


def statement_table(balance: Balance, key: str) -> pd.DataFrame:
    """One statement of a balance (``"loop.energy"``, ``"loop.mass"`` …) as a display table, amounts per year."""
    statement = balance.statements[key]
    rows = [
        {"side": side, "group": group, "item": label, "per year": statement.format(amount)}
        for side, group, label, amount in statement.lines()
    ]
    rows.append(
        {
            "side": "",
            "group": "residual",
            "item": f"{statement.relative_residual:.1e} relative",
            "per year": statement.format(statement.residual),
        }
    )
    return pd.DataFrame(rows)


def dispatch_stack(schedule: Any, hours: int = 336) -> tuple[go.Figure, str]:
    """Stacked power on the site bus for the first ``hours`` (supply above zero, uses below) [MW]."""
    power = schedule.dataset["power"].isel(hour=slice(0, hours)) / 1e6
    figure = go.Figure()
    x = power["hour"].values
    for k, asset in enumerate(power["asset"].values):
        values = power.sel(asset=asset).values
        for sign, group in ((1, "supply"), (-1, "use")):
            part = np.where(sign * values > 0, values, 0.0)
            if np.any(part != 0):
                figure.add_trace(
                    go.Scatter(
                        x=x,
                        y=part,
                        stackgroup=group,
                        name=str(asset),
                        mode="lines",
                        line={"width": 0.5, "color": _PALETTE[k % len(_PALETTE)]},
                        showlegend=sign == 1 or not np.any(values > 0),
                    )
                )
    figure.update_layout(
        title="Dispatch, hour by hour",
        xaxis_title="hour of the horizon",
        yaxis_title="power on the site bus [MW]",
        height=460,
    )
    caption = (
        f"Power of every asset on the site bus over the first {min(hours, power.sizes['hour'])} hours [MW]: "
        "generation, imports and storage discharge above zero; loads, exports and charging below. Curtailed energy "
        "is what generation could have made beyond what is shown."
    )
    return figure, caption


def curtailment_duration(schedule: Any) -> tuple[go.Figure, str]:
    """Curtailed power sorted from the highest hour down, with and without the flexible loads [MW]."""
    figure = go.Figure()
    series = [("with flexible loads", schedule.dataset)]
    if schedule.baseline is not None:
        series.insert(0, ("baseline (no flexible loads)", schedule.baseline))
    for k, (label, data) in enumerate(series):
        curtailed = np.sort(
            data["curtailed"]
            .sum("generator" if "generator" in data["curtailed"].dims else data["curtailed"].dims[-1])
            .values
            / 1e6
        )[::-1]
        figure.add_trace(
            go.Scatter(
                y=curtailed,
                x=np.arange(1, len(curtailed) + 1),
                mode="lines",
                name=label,
                line={"color": _PALETTE[k]},
            )
        )
    figure.update_layout(
        title="Curtailment duration curve",
        xaxis_title="hours (sorted)",
        yaxis_title="curtailed power [MW]",
        height=380,
    )
    summary = schedule.summary
    caption = f"Hours of the horizon sorted by curtailed renewable power [MW]. Curtailed: {summary.curtailed_share:.2%} of renewable output"
    if summary.baseline_curtailed_share is not None:
        caption += f" (baseline without flexible loads: {summary.baseline_curtailed_share:.2%})"
    return figure, caption + "."
