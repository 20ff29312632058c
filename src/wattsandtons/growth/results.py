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
from wattsandtons.units import si_unit

PERCENTILES = (10, 50, 90)


def _unit(dim: object) -> str:
    return f"{si_unit(dim):~P}" or "1"


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
            "conventions": "SI units; time is the decimal year at the start of each step",
        },
    )
    for var, units in (("capacity", plant_units), ("build_rate", plant_units), ("retire_rate", plant_units)):
        ds[var].attrs["units"] = "per plant: " + ", ".join(
            f"{p}={u}" for p, u in zip(structure.plants, units, strict=True)
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


def first_year(series: np.ndarray, times: np.ndarray, threshold: float, at_least: bool) -> np.ndarray:
    """Per member, the first time the condition holds; ``inf`` where it never does within the run."""
    hit = series >= threshold if at_least else series <= threshold
    any_hit = hit.any(axis=1)
    first = np.argmax(hit, axis=1)
    return np.where(any_hit, times[first], np.inf)


def milestones_table(ds: xr.Dataset, structure: Structure) -> tuple[pd.DataFrame, np.ndarray]:
    """Milestone years across members (P10/P50/P90; inf = not within the run) and the per-member years."""
    scenario = structure.net.scenario
    assert scenario.growth is not None
    rows, years = [], []
    for ms in scenario.growth.milestones:
        year = first_year(milestone_metric(ds, structure, ms), structure.times, ms.threshold.si, ms.at_least)
        years.append(year)
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
    table = pd.DataFrame(rows, columns=["milestone", "reached_share", "p10_year", "p50_year", "p90_year"])
    return table, np.array(years).T if years else np.empty((ds.sizes["member"], 0))


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
