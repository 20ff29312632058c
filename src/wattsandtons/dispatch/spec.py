"""The site/region spec: a YAML file describing generation, a grid connection, storage and loads for dispatch.

Two passes, as for scenarios: pydantic checks the shape (:class:`SiteModel`, in :mod:`~.schema`), then
:class:`_Resolver` turns every
``"25 MW"`` into SI floats, every profile into an hourly NumPy array over the horizon, and reports every problem
with its place in the file (``FILE:LINE:COL path: message (expected …)``). The result is a :class:`Site`
(:mod:`~.site`): plain SI arrays, ready for :mod:`wattsandtons.dispatch.model`. Every field is documented in ``docs/dispatch.md``.

Units inside: W, J, s, money in the site's currency (so prices are currency per J), hashes (``hash``, defined
here on the shared registry: ``"20 J/Thash"``; ``TH`` would read as terahenry) and FLOP.
"""

from __future__ import annotations

import math
import zoneinfo
from dataclasses import replace
from pathlib import Path as FilePath
from typing import Any

import numpy as np
import pandas as pd
import pint
from pydantic import ValidationError

from wattsandtons.dispatch.schema import (
    HASH,
    MAX_HOURS,
    RESERVED,
    TEMPERATURE,
    VELOCITY,
    BatterySpec,
    FirmLoadSpec,
    FixedLoadSpec,
    InterruptibleLoadSpec,
    ProfileSpec,
    PVSpec,
    SiteModel,
    ThermalSpec,
    Value,
    WindSpec,
)
from wattsandtons.dispatch.site import Battery, FloatArray, Generator, Grid, Load, Site
from wattsandtons.errors import UnitError, WattsAndTonsError
from wattsandtons.spec import Located, Path, Problem, SpecError, did_you_mean, load_yaml, pydantic_problems
from wattsandtons.spec.fields import COMPUTE, DIMENSIONLESS, ENERGY, LENGTH, MASS, POWER, TIME
from wattsandtons.units import dimensionality, parse, to_si


def _thermal_defaults() -> dict[str, tuple[Any, Any, Any]]:
    """(efficiency, fuel price [USD/J], CO2 per fuel energy [kg/J]) of each ``fuel`` (physics.markets)."""
    from wattsandtons.physics import markets as m

    return {
        "coal": (m.EFFICIENCY_COAL, m.FUEL_PRICE_COAL_JAPAN, m.CO2_COAL),
        "lng_cc": (m.EFFICIENCY_GAS_CC, m.FUEL_PRICE_LNG_JAPAN, m.CO2_NATURAL_GAS),
        "lng_steam": (m.EFFICIENCY_GAS_STEAM, m.FUEL_PRICE_LNG_JAPAN, m.CO2_NATURAL_GAS),
        "oil": (m.EFFICIENCY_OIL, m.FUEL_PRICE_OIL_JAPAN, m.CO2_FUEL_OIL),
    }


THERMAL_DEFAULTS = _thermal_defaults()

_SI_NAMES = {POWER: " W", ENERGY: " J", TIME: " s", VELOCITY: " m/s", TEMPERATURE: " K", LENGTH: " m"}


# == resolution (pass 2) =============================================================================================
def _money(currency: str) -> pint.util.UnitsContainer:
    return dimensionality(f"[currency_{currency}]")


class _Resolver:
    def __init__(self, model: SiteModel, located: Located, name: str, base_dir: FilePath | None) -> None:
        self.model = model
        self.located = located
        self.name = name
        self.base_dir = base_dir
        self.problems: list[Problem] = []
        self.ranges: dict[str, tuple[float | None, float | None, float | None]] = {}
        self.money = _money(model.currency)
        self.price = self.money / ENERGY

    # -- helpers ---------------------------------------------------------------------------------------------------
    def error(self, path: Path, message: str, expected: str | None = None) -> None:
        self.problems.append(self.located.problem(path, message, expected))

    def _vpath(self, path: Path) -> Path:
        return (*path, "value") if (*path, "value") in self.located.marks else path

    def _check_source(self, source: str | None, path: Path) -> None:
        if source is not None and source.isidentifier() and source not in self.model.sources:
            self.error(
                (*path, "source"),
                f"unknown source key {source!r}{did_you_mean(source, self.model.sources)}",
                "a key of 'sources', or a free-text citation",
            )

    def number(
        self,
        spec: Value | None,
        path: Path,
        expected: pint.util.UnitsContainer,
        *,
        low: float | None = None,
        high: float | None = None,
        strict_low: bool = False,
        angle: bool = False,
    ) -> float | None:
        """One SI number from a field that takes a single value; checks dimension and bounds."""
        if spec is None:
            return None
        self._check_source(spec.source, path)
        self._range(spec, path, expected)
        if spec.profile is not None:
            self.error((*path, "profile"), "this field takes a single value, not a profile")
            return None
        assert spec.value is not None
        vpath = self._vpath(path)
        try:
            if angle and (isinstance(spec.value, int | float) or parse(spec.value).unitless):
                self.error(vpath, f"{spec.value!r} has no unit", "an angle with a unit, e.g. '20 deg'")
                return None
            si = to_si(spec.value, expected)
        except UnitError as exc:
            self.error(vpath, exc.message, self._expected_hint(exc, spec.value))
            return None
        too_low = low is not None and (si < low or (strict_low and si == low))
        if too_low or (high is not None and si > high):
            self.error(
                vpath, f"{spec.value!r} is out of range", self._bounds(expected, low, high, strict_low, angle)
            )
            return None
        return si

    def _range(self, spec: Value, path: Path, expected: pint.util.UnitsContainer) -> None:
        """Check ``low ≤ value ≤ high`` (same dimension) and keep the range for the report (``Site.ranges``)."""
        if spec.low is None and spec.high is None:
            return
        ends: list[float | None] = []
        for key, raw in (("low", spec.low), ("high", spec.high)):
            try:
                ends.append(None if raw is None else to_si(raw, expected))
            except UnitError as exc:
                self.error((*path, key), exc.message, exc.expected)
                return
        try:
            central = to_si(spec.value, expected) if spec.value is not None else None
        except UnitError:
            return  # reported where the value is read
        points = [x for x in (ends[0], central, ends[1]) if x is not None]
        if points != sorted(points):
            self.error((*path, "low" if ends[0] is not None else "high"), "the range must hold the value",
                       "low ≤ value ≤ high")  # fmt: skip
            return
        self.ranges[".".join(map(str, path))] = (ends[0], central, ends[1])

    @staticmethod
    def _expected_hint(exc: UnitError, raw: Any) -> str | None:
        if isinstance(raw, str) and "TH" in raw and "Thash" not in raw:
            return f"{exc.expected}; write hashes as 'Thash' ('TH' reads as terahenry)"
        return exc.expected

    @staticmethod
    def _bounds(
        expected: pint.util.UnitsContainer, low: float | None, high: float | None, strict: bool, angle: bool
    ) -> str:
        """``at least 0 W and at most 1 (as a share)``: the bounds in SI, angles in degrees."""
        scale, unit = (180.0 / math.pi, " deg") if angle else (1.0, _SI_NAMES.get(expected, ""))
        parts = []
        if low is not None:
            parts.append(f"{'greater than' if strict else 'at least'} {low * scale:g}{unit}")
        if high is not None:
            parts.append(f"at most {high * scale:g}{unit}")
        share = expected == DIMENSIONLESS and not angle and high == 1.0
        return " and ".join(parts) + (" (as a share, e.g. '95 %')" if share else "")

    def series(
        self,
        spec: Value | None,
        path: Path,
        expected: pint.util.UnitsContainer,
        index: pd.DatetimeIndex,
        *,
        low: float | None = 0.0,
    ) -> FloatArray | None:
        """An hourly series: a constant, a constant × profile multipliers, or a profile with a unit."""
        if spec is None:
            return None
        self._check_source(spec.source, path)
        self._range(spec, path, expected)
        base = 1.0
        if spec.value is not None:
            try:
                base = to_si(spec.value, expected)
            except UnitError as exc:
                self.error(self._vpath(path), exc.message, self._expected_hint(exc, spec.value))
                return None
        if spec.profile is None:
            values = np.full(len(index), base)
        else:
            shape = self.profile(spec.profile, (*path, "profile"), index, expected)
            if shape is None:
                return None
            values = shape * base
        if low is not None and values.size and float(values.min()) < low:
            where = int(np.argmin(values))
            self.error(
                self._vpath(path) if spec.profile is None else (*path, "profile"),
                f"negative value {values[where]:g} (SI) in hour {where} ({index[where]})",
                "values of at least 0",
            )
            return None
        return values

    def profile(
        self,
        spec: ProfileSpec,
        path: Path,
        index: pd.DatetimeIndex,
        expected: pint.util.UnitsContainer | None,
    ) -> FloatArray | None:
        """Hourly multipliers (or absolute SI values, for a file with a unit) over ``index``."""
        if spec.file is not None:
            values = self._read_csv(spec, path, len(index))
            if values is None:
                return None
            if spec.unit is not None:
                if expected is None:
                    self.error((*path, "unit"), "this profile takes multipliers, not a unit")
                    return None
                try:
                    values = values * to_si(f"1 {spec.unit}", expected)
                except UnitError as exc:
                    self.error((*path, "unit"), exc.message, exc.expected)
                    return None
        else:
            values = np.ones(len(index))
            if spec.daily is not None:
                values = values * np.asarray(spec.daily)[index.hour]
            if spec.monthly is not None:
                values = values * np.asarray(spec.monthly)[index.month - 1]
            if spec.weekend is not None:
                off = (index.day_of_week >= 5) | np.isin(index.normalize(), pd.DatetimeIndex(spec.holidays))
                values = np.where(off, values * spec.weekend, values)
        if spec.normalise:
            mean = float(values.mean())
            if mean <= 0:
                self.error(path, "cannot normalise a profile whose mean is zero")
                return None
            values = values / mean
        return values

    def _read_csv(self, spec: ProfileSpec, path: Path, hours: int) -> FloatArray | None:
        assert spec.file is not None
        fpath = self._file(spec.file)
        fpath_mark = (*path, "file")
        if fpath is None or not fpath.is_file():
            self.error(fpath_mark, f"no such profile file {spec.file!r}", "a CSV file relative to the spec")
            return None
        try:
            frame = pd.read_csv(fpath)
        except Exception as exc:  # pandas raises many types on malformed files
            self.error(fpath_mark, f"cannot read {spec.file!r} as CSV: {exc}")
            return None
        columns = list(frame.columns)
        column = spec.column if spec.column is not None else (columns[-1] if columns else None)
        if isinstance(column, int):
            if not 0 <= column < len(columns):
                self.error(
                    (*path, "column"), f"{spec.file!r} has no column {column}", f"0 to {len(columns) - 1}"
                )
                return None
            column = columns[column]
        if column not in frame.columns:
            hint = did_you_mean(str(column), [str(c) for c in columns])
            self.error(
                (*path, "column"),
                f"{spec.file!r} has no column {column!r}{hint}",
                ", ".join(map(str, columns)),
            )
            return None
        raw = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        if len(raw) < hours:
            self.error(fpath_mark, f"{spec.file!r} has {len(raw)} rows, the horizon needs {hours}")
            return None
        raw = raw[:hours]
        bad = np.flatnonzero(~np.isfinite(raw))
        if bad.size:
            self.error(fpath_mark, f"{spec.file!r} column {column!r} row {int(bad[0]) + 2} is not a number")
            return None
        return raw

    def _file(self, name: str) -> FilePath | None:
        candidate = FilePath(name)
        if not candidate.is_absolute() and self.base_dir is not None:
            candidate = self.base_dir / candidate
        return candidate

    def share(self, spec: Value | None, path: Path, default: float, *, high: float = 1.0) -> float:
        value = self.number(spec, path, DIMENSIONLESS, low=0.0, high=high)
        return default if value is None else value

    def _mining_defaults(
        self, spec: InterruptibleLoadSpec, path: Path, per_hash: float | None, hashprice: float | None
    ) -> tuple[float | None, float | None]:
        """Efficiency and hashprice not given: markets.ASIC_EFFICIENCY and markets.HASHPRICE (× usd_rate)."""
        from wattsandtons.physics import markets

        if spec.efficiency is None:
            per_hash = markets.ASIC_EFFICIENCY.value
        if spec.hashprice is None:
            rate = self.usd_rate((*path, "hashprice"))
            hashprice = None if rate is None else markets.HASHPRICE.value * rate
        return per_hash, hashprice

    def usd_rate(self, path: Path) -> float | None:
        """The site's currency per USD: ``usd_rate`` from the spec, else 1 (USD) or markets.JPY_PER_USD (JPY)."""
        from wattsandtons.physics import markets

        if self.model.usd_rate is not None:
            return self.number(
                self.model.usd_rate, ("usd_rate",), self.money / _money("USD"), low=0.0, strict_low=True
            )
        default = {"USD": 1.0, "JPY": markets.JPY_PER_USD.value}.get(self.model.currency)
        if default is None:
            self.error(
                path, f"a default from physics.markets is in USD: give 'usd_rate' ({self.model.currency}/USD)"
            )
        return default

    # -- the document ----------------------------------------------------------------------------------------------
    def resolve(self) -> Site:
        m = self.model
        index = self._index()
        names: dict[str, Path] = {}
        for section in ("generation", "storage", "loads"):
            for key in getattr(m, section):
                if key in RESERVED:
                    self.error((section, key), f"{key!r} is reserved for the grid connection")
                elif key in names:
                    self.error((section, key), f"name {key!r} is already used in {names[key][0]}")
                names.setdefault(key, (section, key))
        generators = tuple(
            g for i, (k, spec) in enumerate(m.generation.items()) if (g := self._generator(k, spec, i, index))
        )
        grid = self._grid(index)
        batteries = tuple(b for k, spec in m.storage.items() if (b := self._battery(k, spec)))
        loads = tuple(ld for k, spec in m.loads.items() if (ld := self._load(k, spec, index)))
        target = None
        scale = 1.0
        if m.calibration is not None:
            target = self.share(m.calibration.target_curtailment, ("calibration", "target_curtailment"), 0.0)
            scale = m.calibration.renewable_scale
        rate = (
            self.usd_rate(("usd_rate",)) if m.usd_rate is not None or m.currency in ("USD", "JPY") else None
        )
        if self.problems:
            raise SiteError(self.problems)
        if scale != 1.0:
            generators = tuple(
                replace(g, capacity=g.capacity * scale, available=g.available * scale) if g.renewable else g
                for g in generators
            )
        return Site(
            name=self.name,
            title=m.title or self.name,
            file=self.located.file,
            currency=m.currency,
            index=index,
            timezone=m.location.timezone if m.location else "UTC",
            seed=m.seed,
            objective=m.objective,
            generators=generators,
            grid=grid,
            batteries=batteries,
            loads=loads,
            target_curtailment=target,
            renewable_scale=scale,
            sources=dict(m.sources),
            usd_rate=rate,
            ranges=dict(self.ranges),
            calibration_note=None if m.calibration is None else m.calibration.note,
        )

    def _index(self) -> pd.DatetimeIndex:
        start = self.model.horizon.start
        try:
            stamp = pd.Timestamp(start)
        except (ValueError, TypeError):
            self.error(
                ("horizon", "start"),
                f"cannot read {start!r} as a date",
                "e.g. 2025-04-01 or '2025-04-01 00:00'",
            )
            stamp = pd.Timestamp("2025-01-01")
        if stamp.tzinfo is not None:
            self.error(
                ("horizon", "start"), "give the start in local time without a zone", "use location.timezone"
            )
            stamp = stamp.tz_localize(None)
        if self.model.location is not None:
            try:
                zoneinfo.ZoneInfo(self.model.location.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                self.error(
                    ("location", "timezone"),
                    f"unknown time zone {self.model.location.timezone!r}",
                    "e.g. Asia/Tokyo",
                )
        return pd.date_range(stamp.floor("h"), periods=self.model.horizon.hours, freq="h")

    def _where(
        self, spec_lat: float | None, spec_lon: float | None, path: Path
    ) -> tuple[float, float, float] | None:
        loc = self.model.location
        lat = spec_lat if spec_lat is not None else (loc.latitude if loc else None)
        lon = spec_lon if spec_lon is not None else (loc.longitude if loc else None)
        if lat is None or lon is None:
            self.error(
                path, "a PV generator needs a latitude and longitude", "'location' or latitude/longitude here"
            )
            return None
        altitude = 0.0
        if loc is not None and loc.altitude is not None:
            altitude = self.number(loc.altitude, ("location", "altitude"), LENGTH) or 0.0
        return lat, lon, altitude

    def _generator(self, key: str, spec: Any, order: int, index: pd.DatetimeIndex) -> Generator | None:
        from wattsandtons.dispatch import profiles

        path: Path = ("generation", key)
        capacity = self.number(spec.capacity, (*path, "capacity"), POWER, low=0.0)
        cost = self.number(spec.marginal_cost, (*path, "marginal_cost"), self.price) or 0.0
        available: FloatArray | None = None
        if isinstance(spec, PVSpec):
            where = self._where(spec.latitude, spec.longitude, path)
            tilt = self.number(
                spec.tilt, (*path, "tilt"), DIMENSIONLESS, low=0.0, high=math.pi / 2, angle=True
            )
            azimuth = self.number(
                spec.azimuth, (*path, "azimuth"), DIMENSIONLESS, low=0.0, high=2 * math.pi, angle=True
            )
            ratio = self.number(spec.dc_ac_ratio, (*path, "dc_ac_ratio"), DIMENSIONLESS, low=0.5, high=3.0)
            losses = self.share(spec.losses, (*path, "losses"), 0.14, high=0.99)
            gamma = self.number(
                spec.temperature_coefficient,
                (*path, "temperature_coefficient"),
                1 / TEMPERATURE,
                low=-0.05,
                high=0.05,
            )
            air = self.number(
                spec.air_temperature, (*path, "air_temperature"), TEMPERATURE, low=200.0, high=340.0
            )
            clouds = spec.clouds
            if clouds is not None:
                months = clouds.clearness if isinstance(clouds.clearness, list) else [clouds.clearness]
                if len(months) not in (1, 12) or any(not 0 < c <= 1 for c in months):
                    self.error(
                        (*path, "clouds", "clearness"),
                        f"bad clearness {clouds.clearness!r}",
                        "one value or 12, each in (0, 1]",
                    )
                    clouds = None
            if None in (where, capacity, tilt, azimuth, ratio, gamma, air):
                return None
            assert where is not None and capacity is not None
            available = profiles.pv_power(
                index,
                self.model.location.timezone if self.model.location else "UTC",
                latitude=where[0],
                longitude=where[1],
                altitude=where[2],
                capacity=capacity,
                tilt=float(tilt or 0.0),
                azimuth=float(azimuth or 0.0),
                dc_ac_ratio=float(ratio or 1.0),
                losses=losses,
                temperature_coefficient=float(gamma or 0.0),
                air_temperature=float(air or 288.15),
                clouds=None if clouds is None else profiles.Clouds.from_spec(clouds, self.model.seed + order),
            )
        elif isinstance(spec, WindSpec):
            speeds = {
                name: self.number(getattr(spec, name), (*path, name), VELOCITY, low=0.0)
                for name in ("mean_speed", "cut_in", "rated_speed", "cut_out")
            }
            losses = self.share(spec.losses, (*path, "losses"), 0.1, high=0.99)
            if spec.monthly is not None and (len(spec.monthly) != 12 or any(v < 0 for v in spec.monthly)):
                self.error((*path, "monthly"), "bad monthly multipliers", "12 values, each at least 0")
                return None
            if capacity is None or None in speeds.values():
                return None
            cut_in, rated, cut_out = speeds["cut_in"], speeds["rated_speed"], speeds["cut_out"]
            assert cut_in is not None and rated is not None and cut_out is not None
            if not cut_in < rated < cut_out:
                self.error((*path, "rated_speed"), "need cut_in < rated_speed < cut_out")
                return None
            available = capacity * profiles.wind_capacity_factor(
                index,
                mean_speed=float(speeds["mean_speed"] or 0.0),
                shape=spec.weibull_shape,
                persistence=spec.persistence,
                monthly=spec.monthly,
                cut_in=cut_in,
                rated_speed=rated,
                cut_out=cut_out,
                losses=losses,
                seed=spec.seed if spec.seed is not None else self.model.seed + order,
            )
        elif isinstance(spec, ThermalSpec):
            return self._thermal(key, spec, capacity, index)
        else:
            shape = self.profile(spec.profile, (*path, "profile"), index, POWER)
            if shape is None or capacity is None:
                return None
            available = shape if spec.profile.unit is not None else capacity * shape
            if float(available.min()) < 0:
                self.error((*path, "profile"), "a generator's profile cannot be negative")
                return None
            if spec.profile.unit is None and float(shape.max()) > 1.0 + 1e-9:
                self.error(
                    (*path, "profile"),
                    f"capacity factors above 1 (largest {shape.max():g})",
                    "multipliers in [0, 1]",
                )
                return None
        assert capacity is not None and available is not None
        return Generator(key, spec.kind, capacity, available, spec.curtailable, spec.renewable, cost)

    def _thermal(
        self, key: str, spec: ThermalSpec, capacity: float | None, index: pd.DatetimeIndex
    ) -> Generator | None:
        """A merit-order block: available = capacity × availability, cost and CO2 per energy generated."""
        path: Path = ("generation", key)
        eff = self.number(
            spec.efficiency, (*path, "efficiency"), DIMENSIONLESS, low=0.0, high=1.0, strict_low=True
        )
        fuel = self.number(spec.fuel_price, (*path, "fuel_price"), self.price, low=0.0)
        co2 = self.number(spec.co2_intensity, (*path, "co2_intensity"), MASS / ENERGY, low=0.0)
        if spec.fuel is not None:
            defaults = THERMAL_DEFAULTS[spec.fuel]
            eff = defaults[0].value if spec.efficiency is None else eff
            co2 = defaults[2].value if spec.co2_intensity is None else co2
            if spec.fuel_price is None:
                rate = self.usd_rate((*path, "fuel"))
                fuel = None if rate is None else defaults[1].value * rate
        co2 = 0.0 if spec.co2_intensity is None and spec.fuel is None else co2
        om = self.number(spec.variable_om, (*path, "variable_om"), self.price, low=0.0) or 0.0
        share = self.series(spec.availability, (*path, "availability"), DIMENSIONLESS, index)
        if share is not None and float(share.max(initial=0.0)) > 1.0 + 1e-9:
            self.error((*path, "availability"), "availability above 100 %", "a share of at most 1")
            return None
        if share is None or None in (capacity, eff, fuel, co2):
            return None
        assert capacity is not None and eff is not None and fuel is not None and co2 is not None
        return Generator(
            key, "thermal", capacity, capacity * share, spec.curtailable, spec.renewable, fuel / eff + om,
            co2 / eff,
        )  # fmt: skip

    def _grid(self, index: pd.DatetimeIndex) -> Grid | None:
        spec = self.model.grid
        if spec is None:
            return None
        path: Path = ("grid",)
        limits = [
            self.series(getattr(spec, k), (*path, k), POWER, index) for k in ("import_limit", "export_limit")
        ]
        prices = [
            self.series(getattr(spec, k), (*path, k), self.price, index, low=None)
            for k in ("import_price", "export_price")
        ]
        if spec.non_firm is not None and limits[0] is not None and limits[1] is not None:
            nf = spec.non_firm
            mask = np.isin(index.hour, nf.hours) & np.isin(index.month, nf.months)
            exp = self.number(nf.export_limit, (*path, "non_firm", "export_limit"), POWER, low=0.0)
            imp = self.number(nf.import_limit, (*path, "non_firm", "import_limit"), POWER, low=0.0)
            if exp is not None:
                limits[1] = np.where(mask, np.minimum(limits[1], exp), limits[1])
            if imp is not None:
                limits[0] = np.where(mask, np.minimum(limits[0], imp), limits[0])
        if any(x is None for x in (*limits, *prices)):
            return None
        imp_price, exp_price = prices
        assert imp_price is not None and exp_price is not None
        if limits[0] is not None and limits[1] is not None:
            both = (limits[0] > 0) & (limits[1] > 0) & (exp_price > imp_price)
            if both.any():
                h = int(np.flatnonzero(both)[0])
                self.error(
                    (*path, "export_price"),
                    f"export price above import price in hour {h} ({index[h]}): buying to sell back is unbounded profit",
                    "an export price at most the import price",
                )
                return None
        return Grid(*limits, *prices)  # type: ignore[arg-type]

    def _battery(self, key: str, spec: BatterySpec) -> Battery | None:
        path: Path = ("storage", key)
        power = self.number(spec.power, (*path, "power"), POWER, low=0.0)
        energy = self.number(spec.energy, (*path, "energy"), ENERGY, low=0.0)
        charge = self.number(spec.charge_power, (*path, "charge_power"), POWER, low=0.0)
        eff = [
            self.number(getattr(spec, k), (*path, k), DIMENSIONLESS, low=0.0, high=1.0, strict_low=True)
            for k in ("charge_efficiency", "discharge_efficiency")
        ]
        soc = [
            self.share(getattr(spec, k), (*path, k), d)
            for k, d in (("soc_min", 0.0), ("soc_max", 1.0), ("soc_initial", 0.5))
        ]
        loss = self.number(spec.standing_loss, (*path, "standing_loss"), 1 / TIME, low=0.0, high=1 / 3600)
        cost = self.number(spec.cycle_cost, (*path, "cycle_cost"), self.price, low=0.0) or 0.0
        embodied = self.number(spec.embodied_energy, (*path, "embodied_energy"), ENERGY, low=0.0)
        if soc[0] > soc[1]:
            self.error((*path, "soc_min"), "soc_min is above soc_max")
            return None
        if not spec.cyclic and not soc[0] <= soc[2] <= soc[1]:
            self.error((*path, "soc_initial"), "soc_initial is outside soc_min..soc_max")
            return None
        if power is None or energy is None or None in eff or loss is None:
            return None
        assert eff[0] is not None and eff[1] is not None
        return Battery(
            key, power, power if charge is None else charge, energy, eff[0], eff[1], soc[0], soc[1], spec.cyclic,
            soc[2], loss, cost, embodied,
        )  # fmt: skip

    def _load(self, key: str, spec: Any, index: pd.DatetimeIndex) -> Load | None:
        path: Path = ("loads", key)
        value = self.number(spec.value, (*path, "value"), self.price) or 0.0
        fee = self.number(spec.grid_fee, (*path, "grid_fee"), self.price, low=0.0) or 0.0
        embodied = self.number(spec.embodied_energy, (*path, "embodied_energy"), ENERGY, low=0.0)
        baseline = spec.baseline if spec.baseline is not None else spec.kind == "fixed"
        compute = None
        if not isinstance(spec, FixedLoadSpec):
            compute = self.number(
                spec.compute_per_energy, (*path, "compute_per_energy"), COMPUTE / ENERGY, low=0.0
            )
        if isinstance(spec, FirmLoadSpec | FixedLoadSpec):
            power = self.series(spec.power, (*path, "power"), POWER, index)
            penalty = None
            if isinstance(spec, FirmLoadSpec):
                penalty = self.number(spec.shed_penalty, (*path, "shed_penalty"), self.price, low=0.0)
            if power is None:
                return None
            return Load(
                key,
                spec.kind,
                power,
                value,
                baseline,
                shed_penalty=penalty,
                compute_per_joule=compute,
                embodied_energy=embodied,
                grid_fee=fee,
            )
        cap = self.number(spec.power, (*path, "power"), POWER, low=0.0)
        if isinstance(spec, InterruptibleLoadSpec):
            ramp = self.number(spec.ramp, (*path, "ramp"), POWER / TIME, low=0.0, strict_low=True)
            per_hash = self.number(
                spec.efficiency, (*path, "efficiency"), ENERGY / HASH, low=0.0, strict_low=True
            )
            hashprice = self.number(spec.hashprice, (*path, "hashprice"), self.money / HASH, low=0.0)
            if spec.value is None:  # a miner: hashprice / efficiency, each by default from physics.markets
                per_hash, hashprice = self._mining_defaults(spec, path, per_hash, hashprice)
            if hashprice is not None and per_hash is not None:
                value = hashprice / per_hash
            if cap is None:
                return None
            return Load(
                key, spec.kind, np.full(len(index), cap), value, baseline, ramp=ramp,
                hashes_per_joule=None if per_hash is None else 1.0 / per_hash, compute_per_joule=compute,
                embodied_energy=embodied, grid_fee=fee,
            )  # fmt: skip
        energy = self.number(spec.energy, (*path, "energy"), ENERGY, low=0.0)
        window = self.number(spec.window, (*path, "window"), TIME, low=3600.0)
        if cap is None or energy is None or window is None:
            return None
        hours = window / 3600.0
        if abs(hours - round(hours)) > 1e-9:
            self.error(
                self._vpath((*path, "window")), f"window of {hours:g} h is not a whole number of hours"
            )
            return None
        if energy > cap * window * (1 + 1e-12):
            self.error(
                self._vpath((*path, "energy")),
                f"{spec.energy.value!r} per window cannot be delivered at {spec.power.value!r} within {spec.window.value!r}",
                "at most power × window",
            )
            return None
        return Load(
            key, spec.kind, np.full(len(index), cap), value, baseline, energy_per_window=energy,
            window_hours=round(hours), compute_per_joule=compute, embodied_energy=embodied, grid_fee=fee,
        )  # fmt: skip


class DispatchError(WattsAndTonsError):
    """Dispatch cannot go on: an infeasible or unbounded site, a bad request. Says which constraint and hour."""


class SiteError(DispatchError, SpecError):
    """A site spec that cannot be used; carries every located problem (``FILE:LINE:COL path: message``)."""


# == loading =========================================================================================================
def parse_site(
    text: str,
    file: str = "<site>",
    *,
    base_dir: FilePath | None = None,
    name: str | None = None,
    hours: int | None = None,
) -> Site:
    """Validate site YAML text into a :class:`Site`; raises :class:`SiteError` listing every located problem.

    ``hours`` overrides the spec's ``horizon.hours``; ``base_dir`` is where profile files are looked up.
    """
    located = load_yaml(text, file, error=SiteError, what="site")
    if not isinstance(located.data, dict):
        raise SiteError([located.problem((), "the document must be a mapping of site fields")])
    data = located.data
    if hours is not None:
        if not 1 <= hours <= MAX_HOURS:
            raise SiteError(
                [
                    Problem(
                        file,
                        1,
                        1,
                        ("horizon", "hours"),
                        f"--hours {hours} is out of range",
                        f"1 to {MAX_HOURS}",
                    )
                ]
            )
        horizon = dict(data.get("horizon") or {}) if isinstance(data.get("horizon") or {}, dict) else {}
        data = {**data, "horizon": {**horizon, "hours": hours}}
    try:
        model = SiteModel.model_validate(data)
    except ValidationError as exc:
        raise SiteError(pydantic_problems(exc, located, SiteModel)) from None
    stem = name or FilePath(file).stem or "site"
    return _Resolver(model, located, stem, base_dir).resolve()


__all__ = [
    "Battery",
    "DispatchError",
    "Generator",
    "Grid",
    "Load",
    "Site",
    "SiteError",
    "SiteModel",
    "parse_site",
]
