"""A growth run's results: an ``xarray.Dataset`` (member × time × plant/process/node/location), milestones and
percentiles, saved as NetCDF plus CSV summaries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from wattsandtons.growth.core import Paths, constraint_names
from wattsandtons.growth.model import Structure
from wattsandtons.growth.sampling import ParameterSample
from wattsandtons.scenario.model import TIME, Milestone
from wattsandtons.timebase import SECONDS_PER_YEAR
from wattsandtons.units import si_unit

PERCENTILES = (10, 50, 90)


def _unit(dim: object) -> str:
    return f"{si_unit(dim):~P}" or "1"


def _idle(mean_capacity: np.ndarray, utilisation: np.ndarray) -> np.ndarray:
    """Mean capacity not in use, ``C̄ (1 − u)``, 0 where the utilisation is undefined (NaN: nothing available).
    In place on one new array (``nan_to_num`` cost three passes and two temporaries of this size)."""
    idle = np.subtract(1.0, utilisation)
    idle *= mean_capacity
    idle[np.isnan(idle)] = 0.0
    return idle


def to_dataset(structure: Structure, paths: Paths, sample: ParameterSample, seed: int | None) -> xr.Dataset:
    """Label the raw arrays: coordinates, units (SI, in ``attrs['units']``) and descriptions."""
    net = structure.net
    scenario = net.scenario
    plant_units = []
    for g in range(len(structure.plants)):
        j = int(np.flatnonzero(structure.plant_of == g)[0])
        if scenario.processes[net.processes[j]].link:
            plant_units.append("kg/s")
        else:
            plant_units.append(_unit(scenario.commodities[net.nodes[net.reference[j]].commodity].dim / TIME))
    process_units = [_unit(scenario.commodities[net.nodes[i].commodity].dim / TIME) for i in net.reference]
    node_units = [_unit(scenario.commodities[n.commodity].dim / TIME) for n in net.nodes]
    M = paths.demand_met.shape[0]
    coords: dict[str, Any] = {
        "member": np.arange(M),
        "time": structure.times,
        "plant": list(structure.plants),
        "process": list(net.processes),
        "node": [str(n) for n in net.nodes],
        "location": list(structure.locations),
        "parameter": list(sample.names),
    }
    mt, mtg, mtp, mtn = (
        ("member", "time"),
        ("member", "time", "plant"),
        ("member", "time", "process"),
        ("member", "time", "node"),
    )
    ds = xr.Dataset(
        {
            "capacity": (mtg, paths.capacity, {"description": "installed capacity at the start of the step"}),
            "build_rate": (
                mtg,
                paths.build_rate,
                {"description": "capacity added per second during the step"},
            ),
            "retire_rate": (
                mtg,
                paths.retire_rate,
                {"description": "capacity retired or degraded per second"},
            ),
            "production": (
                mtp,
                paths.production,
                {"description": "activity rate (reference product per second)"},
            ),
            "made": (mtn, paths.made, {"description": "production of each commodity node per second"}),
            "drawn": (
                mtn,
                paths.drawn,
                {"description": "drawn across the boundary per second (resources, imports)"},
            ),
            "demand_met": (
                mt,
                paths.demand_met,
                {"units": "1", "description": "share of final demand delivered"},
            ),
            "unmet_demand": (
                mt,
                1.0 - paths.demand_met,
                {"units": "1", "description": "share of final demand not delivered"},
            ),
            "utilisation": (
                mtg,
                paths.utilisation,
                {"units": "1", "description": "share of the plant's mean available capacity (C x cf) in use"},
            ),
            "idle_capacity": (
                mtg,
                _idle(paths.mean_capacity, paths.utilisation),
                {"description": "mean capacity not in use during the step (plant units)"},
            ),
            "invest_rate": (
                mtg,
                paths.invest_rate,
                {
                    "description": "capacity ordered per second (its capital goods are made now; policy demand: "
                    "it works after the lead time)"
                },
            ),
            "demand_factor": (
                mt,
                paths.demand_factor,
                {"units": "1", "description": "final demand of the step relative to its value at the start"},
            ),
            "bottleneck": (
                mt,
                paths.bottleneck,
                {"description": "index into the 'constraints' attribute; -1: none"},
            ),
            "power": (
                ("member", "time", "location"),
                paths.power,
                {"units": "W", "description": "energy generated"},
            ),
            "generation": (
                mt,
                paths.generation,
                {"units": "W", "description": "energy generated, all locations"},
            ),
            "kardashev": (
                mt,
                paths.kardashev,
                {"units": "1", "description": "Sagan's K of baseline + loop power"},
            ),
            "closure": (
                mt,
                paths.closure,
                {"units": "1", "description": "share of primary energy not carried by imports"},
            ),
            "energy_residual": (
                mt,
                paths.energy_residual,
                {"units": "1", "description": "relative energy imbalance"},
            ),
            "mass_residual": (
                mt,
                paths.mass_residual,
                {"units": "1", "description": "relative mass imbalance"},
            ),
            "process_mass_residual": (
                mtp,
                paths.process_mass_residual,
                {
                    "units": "1",
                    "description": "mass a process makes beyond what its inputs carry, as a share of the mass it "
                    "makes (must be 0: mass in = mass out + waste)",
                },
            ),
            "process_energy_residual": (
                mtp,
                paths.process_energy_residual,
                {"units": "1", "description": "the same for energy (energy in = energy out + losses)"},
            ),
            "parameters": (
                ("member", "parameter"),
                sample.values,
                {"description": "sampled parameter values (SI)"},
            ),
        },
        coords=coords,
        attrs={
            "scenario": scenario.name,
            "seed": -1 if seed is None else int(seed),
            "step_s": structure.dt,
            "constraints": "; ".join(constraint_names(structure)),
            "policy": structure.policy,
            "learning_held": "; ".join(
                sorted(
                    {
                        net.processes[j]
                        for k, (j, *_rest) in enumerate(structure.learning)
                        if paths.learning_clamped.size and paths.learning_clamped[:, k].any()
                    }
                )
            ),
            "conventions": "SI units; time is the decimal year at the start of each step",
        },
    )
    for var in ("capacity", "build_rate", "retire_rate", "idle_capacity", "invest_rate"):
        ds[var].attrs["units"] = "per plant: " + ", ".join(
            f"{p}={u}" for p, u in zip(structure.plants, plant_units, strict=True)
        )
    ds["production"].attrs["units"] = "per process: " + ", ".join(
        f"{p}={u}" for p, u in zip(net.processes, process_units, strict=True)
    )
    for var in ("made", "drawn"):
        ds[var].attrs["units"] = "per node: " + ", ".join(
            f"{n}={u}" for n, u in zip(coords["node"], node_units, strict=True)
        )
    ds["doubling_time"] = (
        ("member", "plant"),
        doubling_time(paths.capacity, structure.times),
        {"units": "year"},
    )
    return ds


def doubling_time(capacity: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Mean doubling time [years] of each plant's capacity over the run: ``ln 2 · span / ln(C_end / C_start)``;
    NaN where the plant did not grow (or started at zero)."""
    start, end = capacity[:, 0, :], capacity[:, -1, :]
    span = times[-1] - times[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.log(end / start) / span
        out = np.where((start > 0) & (end > start), math.log(2) / rate, np.nan)
    return out


def milestone_metric(ds: xr.Dataset, structure: Structure, milestone: Milestone) -> np.ndarray:
    """The (member, time) series a milestone watches, in SI."""
    metric, of = milestone.metric, milestone.of
    if metric in ("capacity", "added_capacity"):
        plant = of if of in structure.plants else None
        assert plant is not None, f"milestone {milestone.name}: {of} is not a plant"
        var = "capacity" if metric == "capacity" else "build_rate"
        return ds[var].sel(plant=plant).values
    if metric == "production":
        if of in ds["process"].values:
            return ds["production"].sel(process=of).values
        if of in structure.plants:  # a link: payload mass moved per second, summed over what it carries
            members = np.flatnonzero(structure.plant_of == structure.plants.index(of))
            return (ds["production"].values[:, :, members] * structure.h[members]).sum(axis=2)
        nodes = [str(n) for n in structure.net.nodes if n.commodity == of]
        return ds["made"].sel(node=nodes).sum("node").values
    if metric == "import_share":
        if of is None:
            return 1.0 - ds["closure"].values
        nodes = [str(n) for n in structure.net.nodes if n.commodity == of]
        drawn = ds["drawn"].sel(node=nodes).clip(min=0).sum("node").values
        made = ds["made"].sel(node=nodes).sum("node").values
        total = drawn + made
        return np.divide(drawn, total, out=np.zeros_like(total), where=total > 0)
    if metric == "power":
        return ds["generation"].values if of is None else ds["power"].sel(location=of).values
    assert metric == "kardashev", metric
    return ds["kardashev"].values


def first_year(
    series: np.ndarray, times: np.ndarray, threshold: float, at_least: bool, offset: float = 0.0
) -> np.ndarray:
    """Per member, the first time the condition holds; ``inf`` where it never does within the run.

    Between the last step before the crossing and the first at or past it the time is interpolated — in the
    logarithm where both values and the threshold are positive (exact for exponential growth), else linearly — so
    the answer does not jump by whole steps. ``offset`` [yr] is added to ``times`` for series that are means over
    a step (production, additions: at the step's middle); a condition that holds at the first value is dated at
    ``times[0]``.
    """
    hit = series >= threshold if at_least else series <= threshold
    any_hit = hit.any(axis=1)
    first = np.argmax(hit, axis=1)
    rows = np.arange(series.shape[0])
    before = np.maximum(first - 1, 0)
    lo, hi = series[rows, before], series[rows, first]
    with np.errstate(divide="ignore", invalid="ignore"):
        positive = (lo > 0) & (hi > 0) & (threshold > 0)
        frac_log = (math.log(threshold) - np.log(lo)) / (np.log(hi) - np.log(lo)) if threshold > 0 else lo * 0
        frac_lin = (threshold - lo) / (hi - lo)
        frac = np.where(positive, frac_log, frac_lin)
    frac = np.clip(np.nan_to_num(frac, nan=1.0, posinf=1.0, neginf=0.0), 0.0, 1.0)
    t = times + offset
    when = t[before] + frac * (t[first] - t[before])
    when = np.where(first == 0, times[0], when)
    return np.where(any_hit, when, np.inf)


#: Milestone metrics whose series are means over each step (dated at the step's middle); capacity is at the start.
_STEP_MEANS = ("production", "added_capacity", "import_share", "power", "kardashev")


def milestone_years(ds: xr.Dataset, structure: Structure) -> np.ndarray:
    """(members, milestones) first year each milestone is reached (inf: not within the run)."""
    scenario = structure.net.scenario
    assert scenario.growth is not None
    years = []
    for ms in scenario.growth.milestones:
        offset = structure.dt / SECONDS_PER_YEAR / 2 if ms.metric in _STEP_MEANS else 0.0
        years.append(
            first_year(
                milestone_metric(ds, structure, ms), structure.times, ms.threshold.si, ms.at_least, offset
            )
        )
    return np.array(years).T if years else np.empty((ds.sizes["member"], 0))


def years_table(structure: Structure, years: np.ndarray) -> pd.DataFrame:
    """P10/P50/P90 of the per-member milestone years and the share of members that reach each."""
    scenario = structure.net.scenario
    assert scenario.growth is not None
    rows = []
    for k, ms in enumerate(scenario.growth.milestones):
        year = years[:, k]
        p10, p50, p90 = np.percentile(year, PERCENTILES, method="inverted_cdf")  # no interpolation with inf
        rows.append(
            {
                "milestone": ms.name,
                "reached_share": float(np.isfinite(year).mean()),
                "p10_year": p10,
                "p50_year": p50,
                "p90_year": p90,
            }
        )
    return pd.DataFrame(rows, columns=["milestone", "reached_share", "p10_year", "p50_year", "p90_year"])


def milestones_table(ds: xr.Dataset, structure: Structure) -> tuple[pd.DataFrame, np.ndarray]:
    """Milestone years across members (P10/P50/P90; inf = not within the run) and the per-member years."""
    years = milestone_years(ds, structure)
    return years_table(structure, years), years


#: Warn when the median share of final demand not delivered exceeds this …
UNMET_WARNING = 0.01
#: … or when a plant's median utilisation stays below this share …
IDLE_WARNING = 0.5
#: … for at least this many years in a row.
IDLE_YEARS = 5.0


def run_warnings(ds: xr.Dataset) -> list[str]:
    """Plain-language warnings on a run: unmet final demand above 1 % (median across members), and plants whose
    median utilisation stays below 50 % for 5 years or more (capacity that stands idle)."""
    out = []
    times = ds["time"].values
    step = float(ds.attrs["step_s"]) / SECONDS_PER_YEAR
    unmet = np.nanmedian(ds["unmet_demand"].values, axis=0)
    if np.any(unmet > UNMET_WARNING):
        worst = int(np.argmax(unmet))
        first = times[int(np.argmax(unmet > UNMET_WARNING))]
        out.append(
            f"unmet demand: from {first:.4g} the loop delivers less than 99 % of final demand (median); worst "
            f"{unmet[worst]:.1%} not delivered in {times[worst]:.4g}"
        )
    if ds.attrs.get("learning_held"):
        out.append(
            "learning held: the inputs of "
            + ds.attrs["learning_held"]
            + " stopped falling where they carry just the mass (or energy) of what it makes"
        )
    if "utilisation" not in ds or ds["utilisation"].sizes["time"] == 0:
        return out
    with np.errstate(all="ignore"):
        median = np.nanmedian(ds["utilisation"].values, axis=0)  # (time, plant)
    for g, plant in enumerate(ds["plant"].values):
        low = np.nan_to_num(median[:, g], nan=1.0) < IDLE_WARNING
        run, longest, start, best_start = 0, 0, 0, 0
        for i, flag in enumerate(low):
            run = run + 1 if flag else 0
            if run == 1:
                start = i
            if run > longest:
                longest, best_start = run, start
        if longest * step >= IDLE_YEARS:
            span = median[best_start : best_start + longest, g]
            out.append(
                f"idle capacity: {plant} is less than {IDLE_WARNING:.0%} utilised (median) for {longest * step:.3g} "
                f"years from {times[best_start]:.4g} (as low as {np.nanmin(span):.1%})"
            )
    return out


@dataclass(frozen=True)
class Trajectory:
    """The result of :func:`wattsandtons.growth.simulate`."""

    dataset: xr.Dataset
    milestones: pd.DataFrame
    milestone_years: np.ndarray  # (members, milestones)
    structure: Structure

    @property
    def members(self) -> int:
        return int(self.dataset.sizes["member"])

    def warnings(self) -> list[str]:
        """Unmet demand above 1 % and plants below 50 % utilisation for 5 years (see :func:`run_warnings`)."""
        return run_warnings(self.dataset)

    def percentiles(self, variable: str, q: tuple[int, ...] = PERCENTILES) -> xr.DataArray:
        """P10/P50/P90 (or ``q``) of a variable across members."""
        return self.dataset[variable].quantile([p / 100 for p in q], dim="member")

    def bottlenecks(self) -> pd.Series:
        """How often each constraint bound the growth, over all members and steps."""
        names = self.dataset.attrs["constraints"].split("; ")
        codes = self.dataset["bottleneck"].values.ravel()
        labels = np.array([names[c] if c >= 0 else "nothing reinvested" for c in codes])
        return pd.Series(labels).value_counts()

    def summary(self, every: int = 5) -> pd.DataFrame:
        """Key trajectories at checkpoints: P10/P50/P90 of generation, Kardashev index and each plant's capacity."""
        times = self.dataset["time"].values
        start = times[0]
        picks = [i for i, t in enumerate(times) if (t - start) % every < 1e-9 or i == len(times) - 1]
        rows = []
        for var, label, sel in [
            ("generation", "generation [W]", {}),
            ("kardashev", "Kardashev index", {}),
        ] + [("capacity", f"capacity {p}", {"plant": p}) for p in self.structure.plants]:
            data = self.dataset[var].sel(sel) if sel else self.dataset[var]
            q = np.percentile(data.values[:, picks], PERCENTILES, axis=0)
            for k, i in enumerate(picks):
                rows.append(
                    {"series": label, "year": times[i], "p10": q[0, k], "p50": q[1, k], "p90": q[2, k]}
                )
        return pd.DataFrame(rows)

    def save(self, out: Path) -> list[Path]:
        """Write ``trajectories.nc`` (NetCDF), ``milestones.csv`` and ``summary.csv`` into ``out``."""
        from wattsandtons.outputs import staged, summary_table, write_netcdf, write_table

        with staged(out) as stage:  # all files replaced together, or none
            write_netcdf(self.dataset, stage / "trajectories.nc", engine="scipy")
            summary = summary_table(self.summary(), self.dataset)
            tables = write_table(self.milestones, stage, "milestones") + write_table(
                summary, stage, "summary"
            )
        return [out / "trajectories.nc", *(out / p.name for p in tables)]

    # -- notebook: short repr, HTML table, labelled data, the report's figures --------------------------------------
    def __repr__(self) -> str:
        times = self.dataset["time"].values
        return (
            f"<Trajectory {self.dataset.attrs.get('scenario', '')}: {self.members} member(s), "
            f"{times[0]:.0f}–{times[-1]:.0f}, {len(self.structure.plants)} plants, {len(self.milestones)} milestones>"
        )

    def _repr_html_(self) -> str:
        from wattsandtons.notebook import html_table

        return html_table(self.milestones, repr(self)[1:-1]) + html_table(self.to_frame(), "key trajectories")

    def to_frame(self) -> pd.DataFrame:
        """Key trajectories every 5 years: P10/P50/P90 of generation, Kardashev index and each plant's capacity, each
        series in a readable unit named in the ``unit`` column (as ``summary.csv``)."""
        from wattsandtons.outputs import summary_table

        return summary_table(self.summary(), self.dataset)

    def to_xarray(self) -> xr.Dataset:
        """The full member × time dataset (SI; units in each variable's attributes)."""
        return self.dataset

    def plot(self, kind: str = "generation") -> Any:
        """The report's figure: ``"generation"``, ``"capacity"``, ``"closure"`` or ``"kardashev"``."""
        from wattsandtons.report import figures

        makers = {
            "generation": figures.generation_fan,
            "capacity": figures.capacity_fans,
            "closure": figures.closure_plot,
            "kardashev": figures.kardashev_plot,
        }
        if kind not in makers:
            raise ValueError(f"plot kind {kind!r}: expected one of {', '.join(makers)}")
        return makers[kind](self)[0]
