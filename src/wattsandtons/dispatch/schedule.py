"""The result of a dispatch: an hourly :class:`Schedule` (xarray, hour × asset) and its :class:`Summary`.

Sign convention of ``power`` (W): what an asset puts on the site bus is positive — generation used, grid import,
battery discharge — and what it takes is negative — loads served, grid export, battery charge. Every hour sums to
zero (:meth:`Schedule.balance_residual`). Everything is SI (W, J, s; money in the site's currency) with the unit in
each variable's ``units`` attribute; :meth:`Schedule.to_frame` and the CLI show MW and MWh.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from wattsandtons.dispatch.model import MW, MWH, Solution
from wattsandtons.dispatch.spec import Site
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = ["BatteryResult", "LoadResult", "Schedule", "Summary", "json_document", "make_schedule"]

HOUR = 3600.0


@dataclass(frozen=True)
class LoadResult:
    """What one load did over the horizon (SI; money in the site's currency)."""

    name: str
    kind: str
    capacity: float  # W, the largest draw
    energy: float  # J consumed
    surplus_absorbed: float  # J of it that the baseline would have curtailed
    value: float  # money earned (value × energy)
    revenue_per_capacity: float  # money per W of capacity per second (× 1e6 × seconds/yr: per MW-year)
    utilisation: float  # energy / (capacity × horizon)
    demand_response_hours: int  # hours below capacity (interruptible, deferrable) or shedding (firm)
    unserved: float  # J of firm load not served
    hashes: float | None  # hashes computed (mining)
    flop: float | None  # FLOP computed (AI)
    embodied_energy: float | None  # J in the equipment
    energy_payback: float | None  # s: embodied energy / surplus absorbed per second (inf if it absorbs none)
    grid_fees: float = 0.0  # money paid as network charges (grid_fee × energy)
    energy_cost: float = (
        0.0  # money: Σ_t served × marginal price (what the energy cost the system at the margin)
    )
    marginal_emissions: float = 0.0  # kg CO2: Σ_t served × marginal emission rate
    thermal_margin_energy: float = 0.0  # J consumed in hours when a thermal block was at the margin

    @property
    def revenue_per_mw_year(self) -> float:
        return self.revenue_per_capacity * MW * SECONDS_PER_YEAR


@dataclass(frozen=True)
class BatteryResult:
    """Energy through a store and its equivalent full cycles (discharged energy / energy capacity)."""

    name: str
    charged: float  # J
    discharged: float  # J
    cycles: float
    embodied_energy: float | None


@dataclass(frozen=True)
class Summary:
    """Totals of a dispatch, with the baseline (no flexible loads) beside it when it was run."""

    site: str
    title: str
    currency: str
    hours: int
    start: str
    objective: str
    renewable_available: float  # J
    curtailed: float  # J of renewable energy curtailed
    curtailed_share: float  # of renewable energy available
    baseline_curtailed: float | None
    baseline_curtailed_share: float | None
    target_curtailment: float | None
    grid_import: float  # J
    grid_export: float  # J
    grid_cost: float  # money
    grid_revenue: float  # money
    value: float  # money: the LP's value of the variable flows
    loads: tuple[LoadResult, ...]
    batteries: tuple[BatteryResult, ...]
    build_s: float
    solve_s: float
    variables: int
    constraints: int
    emissions: float = 0.0  # kg CO2 from the thermal blocks
    mean_price: float | None = None  # money/J, time-weighted mean of the hourly marginal price
    curtailed_low: float | None = None  # J: least curtailment among optima (objective within range_rtol)
    curtailed_high: float | None = None  # J: most curtailment among optima
    range_rtol: float | None = None
    ranges: dict[str, tuple[float | None, float | None, float | None]] = field(default_factory=dict)  # SI
    renewable_scale: float = 1.0
    calibration_note: str | None = None

    @property
    def absorbed(self) -> float:
        """Curtailment avoided by the flexible loads [J] (baseline − with), 0 without a baseline."""
        return 0.0 if self.baseline_curtailed is None else self.baseline_curtailed - self.curtailed

    def load(self, name: str) -> LoadResult:
        return next(ld for ld in self.loads if ld.name == name)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["units"] = {"energy": "J", "power": "W", "money": self.currency, "time": "s"}
        out["absorbed"] = self.absorbed
        for ld in out["loads"]:
            ld["revenue_per_mw_year"] = ld["revenue_per_capacity"] * MW * SECONDS_PER_YEAR
        return _finite(out)

    def loads_frame(self) -> pd.DataFrame:
        """One row per load, display units (MW, MWh, money per MW-year, years) in the column names."""
        rows = []
        for ld in self.loads:
            rows.append(
                {
                    "load": ld.name,
                    "kind": ld.kind,
                    "capacity [MW]": ld.capacity / MW,
                    "energy [MWh]": ld.energy / MWH,
                    "surplus absorbed [MWh]": ld.surplus_absorbed / MWH,
                    "utilisation": ld.utilisation,
                    f"value [{self.currency}]": ld.value,
                    f"revenue [{self.currency}/MW/yr]": ld.revenue_per_mw_year,
                    "demand-response hours": ld.demand_response_hours,
                    "hashes": ld.hashes,
                    "FLOP": ld.flop,
                    "embodied energy [MWh]": None if ld.embodied_energy is None else ld.embodied_energy / MWH,
                    "energy payback [yr]": None
                    if ld.energy_payback is None
                    else ld.energy_payback / SECONDS_PER_YEAR,
                }
            )
        return pd.DataFrame(rows)


def json_document(data: Any) -> str:
    """Strict JSON text of ``data`` (inf/nan become null first; ``allow_nan=False`` refuses any left)."""
    return json.dumps(_finite(data), indent=2, allow_nan=False) + "\n"


def _finite(data: Any) -> Any:
    """JSON-safe: inf/nan → None (inf payback means the load absorbed no surplus)."""
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    if isinstance(data, np.generic):
        data = data.item()
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data


@dataclass(frozen=True)
class Schedule:
    """Hour × asset dispatch (``dataset``) and its ``summary``; ``baseline`` is the run without flexible loads."""

    dataset: xr.Dataset
    summary: Summary
    baseline: xr.Dataset | None = None

    @property
    def power(self) -> xr.DataArray:
        """Signed power on the site bus [W], dims ``(hour, asset)``."""
        return self.dataset["power"]

    def balance_residual(self) -> np.ndarray:
        """Σ over assets of ``power`` in each hour [W]: zero when energy balances."""
        return np.asarray(self.dataset["power"].sum("asset").values)

    def to_frame(self) -> pd.DataFrame:
        """Hour × asset power in MW (positive into the site bus), curtailment and state of charge beside it."""
        frame = self.dataset["power"].to_pandas() / MW
        frame.columns = [f"{c} [MW]" for c in frame.columns]
        curtailed = self.dataset["curtailed"].to_pandas() / MW
        for name in curtailed.columns:
            frame[f"{name} curtailed [MW]"] = curtailed[name]
        if "state_of_charge" in self.dataset:
            soc = self.dataset["state_of_charge"].to_pandas() / MWH
            for name in soc.columns:
                frame[f"{name} state of charge [MWh]"] = soc[name]
        frame.index.name = "hour"
        return frame

    def save(self, out: Path) -> list[Path]:
        """Write the schedule's files (see :meth:`write_files`) into ``out``: all replaced together, or none."""
        from wattsandtons.outputs import staged

        with staged(out) as stage:
            names = self.write_files(stage.path)
        return [out / name for name in names]

    def write_files(self, folder: Path) -> list[str]:
        """Write ``schedule.csv`` (MW) with ``schedule.parquet`` beside it, ``schedule.nc`` (SI, CF units),
        ``summary.json`` and ``loads.csv`` / ``loads.parquet`` into ``folder`` as they are; returns their names.

        Call it on a :func:`wattsandtons.outputs.staged` folder (as :meth:`save` and ``dispatch --out`` do) so that
        the files, and whatever is written beside them, replace a previous run's together or not at all. Parquet
        needs pyarrow; without it only the CSVs are written."""
        from wattsandtons.outputs import write_netcdf, write_table

        written = write_table(self.to_frame(), folder, "schedule", index=True)
        written.append(write_netcdf(self.dataset, folder / "schedule.nc"))
        summary = folder / "summary.json"
        summary.write_text(json_document(self.summary.to_dict()), encoding="utf-8")
        written += [summary, *write_table(self.summary.loads_frame(), folder, "loads")]
        return [path.name for path in written]

    # -- notebook: short repr, HTML table, labelled data, the report's figures --------------------------------------
    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Schedule {s.site}: {s.hours} h, {self.dataset.sizes.get('asset', 0)} assets, "
            f"curtailed {s.curtailed_share:.1%} of renewable energy, {len(s.loads)} loads>"
        )

    def _repr_html_(self) -> str:
        from wattsandtons.notebook import html_table

        return html_table(self.summary.loads_frame(), repr(self)[1:-1]) + html_table(
            self.to_frame(), "hours (MW)"
        )

    def to_xarray(self) -> xr.Dataset:
        """Hour × asset power and the other hourly series (SI, units in each variable's attributes)."""
        return self.dataset

    def plot(self, kind: str = "stack") -> Any:
        """The report's figure: ``"stack"`` (dispatch by asset) or ``"curtailment"`` (duration curve)."""
        from wattsandtons.report import figures

        if kind not in ("stack", "curtailment"):
            raise ValueError(f"plot kind {kind!r}: expected stack or curtailment")
        make = figures.dispatch_stack if kind == "stack" else figures.curtailment_duration
        return make(self)[0]


def _dataset(site: Site, sol: Solution) -> xr.Dataset:
    gens = [g.name for g in site.generators]
    stores = [b.name for b in site.batteries]
    assets: list[str] = []
    columns: list[np.ndarray] = []
    for g in site.generators:
        assets.append(g.name)
        columns.append(g.available - sol.curtailed[g.name])
    if site.grid is not None:
        assets += ["grid_import", "grid_export"]
        columns += [sol.grid_import, -sol.grid_export]
    for b in site.batteries:
        assets.append(b.name)
        columns.append(sol.discharge[b.name] - sol.charge[b.name])
    for ld in site.loads:
        assets.append(ld.name)
        columns.append(-sol.load[ld.name])
    t_count = site.hours
    power = np.column_stack(columns) if columns else np.zeros((t_count, 0))
    ds = xr.Dataset(
        {
            "power": (("hour", "asset"), power, {"units": "W", "sign": "+ into the site bus, - out of it"}),
            "available": (
                ("hour", "generator"),
                np.column_stack([g.available for g in site.generators]) if gens else np.zeros((t_count, 0)),
                {"units": "W"},
            ),
            "curtailed": (
                ("hour", "generator"),
                np.column_stack([sol.curtailed[n] for n in gens]) if gens else np.zeros((t_count, 0)),
                {"units": "W"},
            ),
        },
        coords={"hour": site.index.to_numpy(), "asset": assets, "generator": gens},
        attrs={
            "site": site.name,
            "title": site.title,
            "timezone": site.timezone,
            "currency": site.currency,
            "hour_convention": "local time at the start of each hour",
            "start_utc": str(
                site.index[0]
                .tz_localize(site.timezone, nonexistent="shift_forward", ambiguous=True)
                .tz_convert("UTC")
                .isoformat()
            ),
            "renewable_generators": ",".join(g.name for g in site.generators if g.renewable),
            "generator_kinds": ",".join(f"{g.name}:{g.kind}" for g in site.generators),
            "loads": ",".join(ld.name for ld in site.loads),
            "storage_names": ",".join(stores),
        },
    )
    if stores:
        ds = ds.assign_coords(storage=stores)
        ds["state_of_charge"] = (
            ("hour", "storage"),
            np.column_stack([sol.state_of_charge[n] for n in stores]),
            {"units": "J", "meaning": "at the end of the hour"},
        )
        ds["charge"] = (("hour", "storage"), np.column_stack([sol.charge[n] for n in stores]), {"units": "W"})
        ds["discharge"] = (
            ("hour", "storage"),
            np.column_stack([sol.discharge[n] for n in stores]),
            {"units": "W"},
        )
    ds["price"] = (
        "hour",
        sol.price,
        {"units": f"{site.currency}/J", "meaning": "marginal price: dual of the hour's energy balance"},
    )
    ds["marginal_emissions"] = (
        "hour",
        sol.marginal_emissions,
        {"units": "kg/J", "meaning": "CO2 of one more unit of demand in the hour (same basis as the price)"},
    )
    ds["emissions"] = ("hour", sol.emissions, {"units": "kg/s", "meaning": "CO2 rate of the thermal blocks"})
    if site.grid is not None:
        unit = f"{site.currency}/J"
        ds["import_price"] = ("hour", site.grid.import_price, {"units": unit})
        ds["export_price"] = ("hour", site.grid.export_price, {"units": unit})
    return ds


def _renewable_curtailed(site: Site, sol: Solution) -> np.ndarray:
    out = np.zeros(site.hours)
    for g in site.generators:
        if g.renewable:
            out += sol.curtailed[g.name]
    return out


def make_schedule(
    site: Site, sol: Solution, baseline_site: Site | None = None, base: Solution | None = None
) -> Schedule:
    """Assemble the schedule and summary from LP solutions (``base``: of the baseline site, if run)."""
    duration = site.hours * HOUR
    renewable = sum((g.available for g in site.generators if g.renewable), np.zeros(site.hours))
    available = float(renewable.sum() * HOUR)
    curtailed_h = _renewable_curtailed(site, sol)
    curtailed = float(curtailed_h.sum() * HOUR)
    share = curtailed / available if available > 0 else 0.0

    base_h = None if (base is None or baseline_site is None) else _renewable_curtailed(baseline_site, base)
    reduction = np.zeros(site.hours) if base_h is None else np.maximum(base_h - curtailed_h, 0.0)
    added = [ld for ld in site.loads if not ld.baseline]
    added_power = sum((sol.load[ld.name] for ld in added), np.zeros(site.hours))
    with np.errstate(divide="ignore", invalid="ignore"):
        absorbed_fraction = np.where(added_power > 0, np.minimum(1.0, reduction / added_power), 0.0)

    loads = []
    for ld in site.loads:
        served = sol.load[ld.name]
        energy = float(served.sum() * HOUR)
        capacity = ld.capacity
        surplus = (
            float((served * absorbed_fraction).sum() * HOUR)
            if not ld.baseline and base_h is not None
            else 0.0
        )
        unserved = sol.unserved.get(ld.name, np.zeros(site.hours))
        if ld.kind in ("interruptible", "deferrable"):
            dr_hours = int(np.count_nonzero(served < ld.power - 1e-6 * np.maximum(ld.power, 1.0)))
        else:
            dr_hours = int(np.count_nonzero(unserved > 1e-6))
        value = ld.value * energy
        thermal_margin = sol.marginal_emissions > 0
        payback = None
        if ld.embodied_energy is not None and base_h is not None and not ld.baseline:
            payback = ld.embodied_energy / (surplus / duration) if surplus > 0 else math.inf
        loads.append(
            LoadResult(
                name=ld.name,
                kind=ld.kind,
                capacity=capacity,
                energy=energy,
                surplus_absorbed=surplus,
                value=value,
                revenue_per_capacity=value / (capacity * duration) if capacity > 0 else 0.0,
                utilisation=energy / (capacity * duration) if capacity > 0 else 0.0,
                demand_response_hours=dr_hours,
                unserved=float(unserved.sum() * HOUR),
                hashes=None if ld.hashes_per_joule is None else energy * ld.hashes_per_joule,
                flop=None if ld.compute_per_joule is None else energy * ld.compute_per_joule,
                embodied_energy=ld.embodied_energy,
                energy_payback=payback,
                grid_fees=ld.grid_fee * energy,
                energy_cost=float(served @ sol.price * HOUR),
                marginal_emissions=float(served @ sol.marginal_emissions * HOUR),
                thermal_margin_energy=float(served[thermal_margin].sum() * HOUR),
            )
        )
    batteries = tuple(
        BatteryResult(
            b.name,
            float(sol.charge[b.name].sum() * HOUR),
            float(sol.discharge[b.name].sum() * HOUR),
            float(sol.discharge[b.name].sum() * HOUR / b.energy) if b.energy > 0 else 0.0,
            b.embodied_energy,
        )
        for b in site.batteries
    )
    grid = site.grid
    grid_import = float(sol.grid_import.sum() * HOUR)
    grid_export = float(sol.grid_export.sum() * HOUR)
    summary = Summary(
        site=site.name,
        title=site.title,
        currency=site.currency,
        hours=site.hours,
        start=str(site.index[0]),
        objective=site.objective,
        renewable_available=available,
        curtailed=curtailed,
        curtailed_share=share,
        baseline_curtailed=None if base_h is None else float(base_h.sum() * HOUR),
        baseline_curtailed_share=None
        if base_h is None
        else (float(base_h.sum() * HOUR) / available if available > 0 else 0.0),
        target_curtailment=site.target_curtailment,
        grid_import=grid_import,
        grid_export=grid_export,
        grid_cost=0.0 if grid is None else float(grid.import_price @ sol.grid_import * HOUR),
        grid_revenue=0.0 if grid is None else float(grid.export_price @ sol.grid_export * HOUR),
        value=sol.value,
        loads=tuple(loads),
        batteries=batteries,
        build_s=sol.build_s + (0.0 if base is None else base.build_s),
        solve_s=sol.solve_s + (0.0 if base is None else base.solve_s),
        variables=sol.variables,
        constraints=sol.constraints,
        emissions=float(sol.emissions.sum() * HOUR),
        mean_price=float(sol.price.mean()) if site.hours else None,
        curtailed_low=None if sol.curtailment_range is None else sol.curtailment_range.low,
        curtailed_high=None if sol.curtailment_range is None else sol.curtailment_range.high,
        range_rtol=None if sol.curtailment_range is None else sol.curtailment_range.rtol,
        ranges=dict(site.ranges),
        renewable_scale=site.renewable_scale,
        calibration_note=site.calibration_note,
    )
    ds = _dataset(site, sol)
    baseline_ds = None
    if base is not None and baseline_site is not None:
        baseline_ds = _dataset(baseline_site, base)
        ds["baseline_curtailed"] = baseline_ds["curtailed"].assign_attrs(
            meaning="curtailed without the flexible loads"
        )
    return Schedule(ds, summary, baseline_ds)
