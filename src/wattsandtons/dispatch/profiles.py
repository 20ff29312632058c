"""Hourly generation profiles: PV through pvlib (clear sky × seeded stochastic clouds) and a simple stochastic wind.

Both are deterministic for a given seed (a :class:`numpy.random.Generator`) and run offline: pvlib's Ineichen
clear-sky model reads the Linke turbidity climatology shipped in its wheel, so any latitude and longitude work.

PV, for the hour starting at ``t`` (evaluated at ``t + 30 min``):

1. clear-sky GHI from pvlib's Ineichen model at the site;
2. cloudy GHI = clear-sky GHI × clear-sky index ``k`` (:func:`clear_sky_index`);
3. DNI/DHI from GHI by the Erbs decomposition, plane-of-array irradiance by the isotropic sky model;
4. angle-of-incidence losses: the beam through ``pvlib.iam.physical`` (air-glass interface, PVWatts' model) at
   the hour's angle of incidence, sky and ground diffuse through their Marion (2017) integrals of the same model
   (``pvlib.iam.marion_diffuse``);
5. cell temperature by the SAPM model (open rack, glass/polymer) at a constant air temperature and 1 m/s wind;
6. DC power by ``pvlib.pvsystem.pvwatts_dc`` (``pdc0 = capacity × dc_ac_ratio``, temperature coefficient) on the
   effective irradiance, less the system ``losses`` (PVWatts' default 14 %: soiling, shading, mismatch, wiring,
   connections, degradation, nameplate, availability; ``pvlib.pvsystem.pvwatts_losses``);
7. AC power by ``pvlib.inverter.pvwatts`` (part-load efficiency curve, nominal 96 %, clipped at the AC
   ``capacity``).

Ref: Dobos, A. P., *PVWatts Version 5 Manual*, NREL/TP-6A20-62641 (2014).

Wind: hub-height speed with a Weibull marginal (mean ``mean_speed`` × monthly multiplier) and AR(1) hour-to-hour
correlation (Gaussian copula), through a generic power curve: cubic between cut-in and rated speed, flat to
cut-out, zero above. For measured profiles use a ``profile`` generator with a CSV file instead.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

__all__ = [
    "INVERTER_EFFICIENCY",
    "Clouds",
    "clear_sky_index",
    "pv_cache_info",
    "pv_power",
    "wind_capacity_factor",
]

#: PVWatts nominal inverter efficiency (pvlib.inverter.pvwatts default ``eta_inv_nom``; Dobos 2014, NREL/TP-6A20-62641).
INVERTER_EFFICIENCY = 0.96


@dataclass(frozen=True)
class Clouds:
    """Parameters of the stochastic cloud model (see :func:`clear_sky_index`)."""

    clearness: tuple[float, ...]  # mean daily clear-sky index: one value or 12 (by month)
    concentration: float = 6.0
    persistence: float = 0.5
    hourly_variability: float = 0.08
    seed: int = 0

    @classmethod
    def from_spec(cls, spec: Any, default_seed: int) -> Clouds:
        clearness = spec.clearness if isinstance(spec.clearness, list) else [spec.clearness]
        return cls(
            tuple(float(c) for c in clearness),
            spec.concentration,
            spec.persistence,
            spec.hourly_variability,
            spec.seed if spec.seed is not None else default_seed,
        )


def _ar1(rng: np.random.Generator, n: int, rho: float) -> np.ndarray:
    """A standard-normal AR(1) series of length ``n`` with lag-1 correlation ``rho`` (stationary from the start)."""
    from scipy.signal import lfilter

    eps = rng.standard_normal(n)
    if rho == 0.0 or n == 0:
        return eps
    eps[1:] *= math.sqrt(1.0 - rho * rho)
    return lfilter([1.0], [1.0, -rho], eps)


def clear_sky_index(index: pd.DatetimeIndex, clouds: Clouds) -> np.ndarray:
    """Hourly clear-sky index in [0.02, 1] for ``index``.

    Each day draws an index from a Beta distribution with mean ``clearness`` (of that day's month when 12 are
    given) and concentration ``a + b``; days are linked by a Gaussian copula with AR(1) correlation
    ``persistence``. Hours add Gaussian noise (SD ``hourly_variability``, AR(1) 0.6 hour to hour).
    """
    rng = np.random.default_rng(clouds.seed)
    days = index.normalize()
    day_codes, unique_days = pd.factorize(days)
    n_days = len(unique_days)
    u = special.ndtr(_ar1(rng, n_days, clouds.persistence))
    u = np.clip(u, 1e-9, 1 - 1e-9)
    clear = np.asarray(clouds.clearness)
    mean = clear[pd.DatetimeIndex(unique_days).month - 1] if clear.size == 12 else np.full(n_days, clear[0])
    mean = np.clip(mean, 0.02, 0.98)
    a = mean * clouds.concentration
    b = (1 - mean) * clouds.concentration
    daily = special.betaincinv(a, b, u)
    hourly = daily[day_codes] + clouds.hourly_variability * _ar1(rng, len(index), 0.6)
    return np.clip(hourly, 0.02, 1.0)


def pv_power(
    index: pd.DatetimeIndex,
    timezone: str,
    *,
    latitude: float,
    longitude: float,
    capacity: float,
    altitude: float = 0.0,
    tilt: float = math.radians(20),
    azimuth: float = math.pi,
    dc_ac_ratio: float = 1.0,
    losses: float = 0.14,
    temperature_coefficient: float = -0.004,
    air_temperature: float = 288.15,
    clouds: Clouds | None = None,
) -> np.ndarray:
    """AC power [W] of a fixed-tilt PV plant for each hour of ``index`` (naive local time, hour starts).

    Angles in radians (tilt from horizontal, azimuth clockwise from north); ``capacity`` is AC [W];
    ``temperature_coefficient`` per K; ``air_temperature`` in K. The chain is pvlib's PVWatts (module docstring).
    The profile per W of capacity is cached in memory, keyed by every input (:func:`pv_cache_info`): a
    spec-year costs 2-3 s to generate, more than its LP.
    """
    if capacity == 0.0 or len(index) == 0:
        return np.zeros(len(index))
    key = _IndexKey(str(index[0]), len(index), index.freqstr or "", hash(tuple(index.asi8)))
    shape = _pv_per_watt(
        key, timezone, latitude, longitude, altitude, tilt, azimuth, dc_ac_ratio, losses,
        temperature_coefficient, air_temperature, clouds, index,
    )  # fmt: skip
    return shape * capacity


@dataclass(frozen=True)
class _IndexKey:
    """What identifies an hourly index for the cache (its start, length, frequency and a hash of its stamps)."""

    start: str
    length: int
    freq: str
    stamps: int


class _Uncached:
    """Wraps the index so that ``lru_cache`` keys on :class:`_IndexKey` alone, not on the (unhashable) index."""

    def __init__(self, index: pd.DatetimeIndex) -> None:
        self.index = index

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Uncached)


def pv_cache_info() -> Any:
    """Hits and misses of the in-memory PV profile cache (``functools.lru_cache`` statistics)."""
    return _cached_pv.cache_info()


def _pv_per_watt(key: _IndexKey, *args: Any) -> np.ndarray:
    *params, index = args
    return _cached_pv(key, *params, _Uncached(index)).copy()


@functools.lru_cache(maxsize=64)
def _cached_pv(key: _IndexKey, *args: Any) -> np.ndarray:
    *params, wrapped = args
    with (
        warnings.catch_warnings()
    ):  # pvlib 0.16 still reads DatetimeIndex.dayofyear, deprecated in pandas 3.1
        warnings.filterwarnings("ignore", message=r"DatetimeIndex\.dayofyear is deprecated")
        ac = _pv_ac(wrapped.index, *params)
    out = np.nan_to_num(ac).clip(min=0.0)
    out.flags.writeable = False
    return out


def _pv_ac(
    index: pd.DatetimeIndex,
    timezone: str,
    latitude: float,
    longitude: float,
    altitude: float,
    tilt: float,
    azimuth: float,
    dc_ac_ratio: float,
    losses: float,
    temperature_coefficient: float,
    air_temperature: float,
    clouds: Clouds | None,
) -> np.ndarray:
    """AC power per W of AC capacity through the PVWatts chain (steps 1-7 of the module docstring)."""
    import pvlib

    times = (index + pd.Timedelta(minutes=30)).tz_localize(
        timezone, ambiguous="NaT", nonexistent="shift_forward"
    )
    location = pvlib.location.Location(latitude, longitude, tz=timezone, altitude=altitude)
    solpos = location.get_solarposition(times)
    clear = location.get_clearsky(times, model="ineichen", solar_position=solpos)
    ghi = clear["ghi"].to_numpy()
    if clouds is not None:
        ghi = ghi * clear_sky_index(index, clouds)
    zenith = solpos["apparent_zenith"].to_numpy()
    sun_azimuth = solpos["azimuth"].to_numpy()
    parts = pvlib.irradiance.erbs(ghi, zenith, times.day_of_year.to_numpy())
    tilt_deg, azimuth_deg = math.degrees(tilt), math.degrees(azimuth)
    poa = pvlib.irradiance.get_total_irradiance(
        tilt_deg,
        azimuth_deg,
        zenith,
        sun_azimuth,
        np.nan_to_num(np.asarray(parts["dni"], dtype=float)),
        ghi,
        np.nan_to_num(np.asarray(parts["dhi"], dtype=float)),
        model="isotropic",
        albedo=0.2,
    )
    aoi = pvlib.irradiance.aoi(tilt_deg, azimuth_deg, zenith, sun_azimuth)
    diffuse_iam = pvlib.iam.marion_diffuse("physical", tilt_deg)
    effective = (
        np.nan_to_num(np.asarray(poa["poa_direct"], dtype=float)) * np.nan_to_num(pvlib.iam.physical(aoi))
        + np.nan_to_num(np.asarray(poa["poa_sky_diffuse"], dtype=float)) * diffuse_iam["sky"]
        + np.nan_to_num(np.asarray(poa["poa_ground_diffuse"], dtype=float)) * diffuse_iam["ground"]
    ).clip(min=0.0)
    params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_polymer"]
    global_poa = np.nan_to_num(np.asarray(poa["poa_global"], dtype=float)).clip(min=0.0)
    cell = pvlib.temperature.sapm_cell(global_poa, air_temperature - 273.15, 1.0, **params)
    dc = pvlib.pvsystem.pvwatts_dc(effective, cell, dc_ac_ratio, temperature_coefficient) * (1.0 - losses)
    ac = pvlib.inverter.pvwatts(np.asarray(dc, dtype=float), 1.0 / INVERTER_EFFICIENCY, INVERTER_EFFICIENCY)
    return np.asarray(ac, dtype=float)


def wind_capacity_factor(
    index: pd.DatetimeIndex,
    *,
    mean_speed: float,
    shape: float = 2.0,
    persistence: float = 0.97,
    monthly: list[float] | None = None,
    cut_in: float = 3.0,
    rated_speed: float = 12.0,
    cut_out: float = 25.0,
    losses: float = 0.1,
    seed: int = 0,
) -> np.ndarray:
    """Hourly capacity factor (0-1) of a wind fleet from a seeded Weibull/AR(1) speed and a generic power curve."""
    rng = np.random.default_rng(seed)
    u = np.clip(special.ndtr(_ar1(rng, len(index), persistence)), 1e-9, 1 - 1e-9)
    mean = mean_speed * (np.asarray(monthly)[index.month - 1] if monthly is not None else 1.0)
    scale = mean / math.gamma(1.0 + 1.0 / shape)
    speed = scale * (-np.log1p(-u)) ** (1.0 / shape)
    ramp = (speed**3 - cut_in**3) / (rated_speed**3 - cut_in**3)
    curve = np.where(
        speed < cut_in, 0.0, np.where(speed < rated_speed, ramp, np.where(speed <= cut_out, 1.0, 0.0))
    )
    return np.asarray(curve * (1.0 - losses), dtype=float)
