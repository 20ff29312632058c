"""The shape of a site spec (pass 1 of :func:`~wattsandtons.dispatch.spec.parse_site`): pydantic models.

Every field is documented in ``docs/dispatch.md``; :mod:`~wattsandtons.dispatch.spec` turns a validated
:class:`SiteModel` into SI arrays (:mod:`~wattsandtons.dispatch.site`).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import Field, model_validator

from wattsandtons.spec.fields import Name, SourcedValue, Strict
from wattsandtons.units import dimensionality

MAX_ITEMS = 1000
MAX_HOURS = 10 * 8784
RESERVED = ("grid_import", "grid_export")

# Dimensions of dispatch's own fields (the common ones come from the spec kernel).
VELOCITY = dimensionality("[length] / [time]")
TEMPERATURE = dimensionality("[temperature]")
HASH = dimensionality("[hash]")


# == structure (pass 1) ===============================================================================================
class ProfileSpec(Strict):
    """An hourly shape: a CSV column, or daily/monthly/weekend multipliers."""

    file: str | None = Field(default=None, description="CSV file, relative to the spec's folder.")
    column: str | int | None = Field(
        default=None, description="Column name or 0-based index; default the last."
    )
    unit: str | None = Field(
        default=None, description="Unit of the file's values (absolute); else multipliers."
    )
    daily: list[float] | None = Field(default=None, description="24 multipliers, hour 0 to 23 (local time).")
    monthly: list[float] | None = Field(default=None, description="12 multipliers, January to December.")
    weekend: float | None = Field(default=None, ge=0, description="Multiplier on Saturdays and Sundays.")
    holidays: list[dt.date] = Field(
        default_factory=list, max_length=1000, description="Dates that also take the weekend multiplier."
    )
    normalise: bool = Field(
        default=False, description="Scale the multipliers to a mean of 1 over the horizon."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> ProfileSpec:
        shape = self.daily is not None or self.monthly is not None or self.weekend is not None
        if (self.file is None) == (not shape):
            raise ValueError("a profile needs either 'file' or some of 'daily', 'monthly', 'weekend'")
        if self.holidays and self.weekend is None:
            raise ValueError("'holidays' take the 'weekend' multiplier: give 'weekend' too")
        if self.file is None and (self.column is not None or self.unit is not None):
            raise ValueError("'column' and 'unit' only apply to a profile read from a 'file'")
        if self.daily is not None and len(self.daily) != 24:
            raise ValueError(f"'daily' needs 24 multipliers (hours 0-23), got {len(self.daily)}")
        if self.monthly is not None and len(self.monthly) != 12:
            raise ValueError(f"'monthly' needs 12 multipliers (January-December), got {len(self.monthly)}")
        for values in (self.daily or [], self.monthly or []):
            if any(not math.isfinite(v) or v < 0 for v in values):
                raise ValueError("multipliers must be finite and not negative")
        return self


class Value(SourcedValue):
    """A number with a unit (``"25 MW"``), optionally sourced; series fields may add an hourly ``profile``."""

    profile: ProfileSpec | None = None

    @model_validator(mode="after")
    def _has_value(self) -> Value:
        if self.value is None and (self.profile is None or self.profile.unit is None):
            raise ValueError("needs a 'value' (or a 'profile' read from a file with a 'unit')")
        return self


class LocationSpec(Strict):
    """Where the site stands (PV and wind profiles use it)."""

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    altitude: Value | None = None
    timezone: str = "UTC"


class HorizonSpec(Strict):
    """The hours dispatched: from ``start`` (local time), ``hours`` long."""

    start: dt.datetime | dt.date | str = "2025-01-01"
    hours: int = Field(default=8760, ge=1, le=MAX_HOURS)


class CloudSpec(Strict):
    """Seeded stochastic clouds: a daily clear-sky index (Beta, AR(1) day to day) with hourly noise."""

    clearness: float | list[float] = Field(
        default=0.65, description="Mean daily clear-sky index (0-1], one value or 12 monthly."
    )
    concentration: float = Field(default=6.0, gt=0, description="Beta a+b: higher, less day-to-day spread.")
    persistence: float = Field(default=0.5, ge=0, lt=1, description="Lag-1 correlation of the daily index.")
    hourly_variability: float = Field(
        default=0.08, ge=0, le=1, description="SD of hourly noise on the index."
    )
    seed: int | None = Field(
        default=None, ge=0, description="Default: the site's seed + the generator's order."
    )


class _GeneratorBase(Strict):
    description: str | None = None
    capacity: Value
    marginal_cost: Value | None = Field(default=None, description="Cost per energy generated (money/energy).")
    curtailable: bool = True
    renewable: bool = True


class PVSpec(_GeneratorBase):
    """Photovoltaics from location and capacity through pvlib (clear sky × stochastic clouds)."""

    kind: Literal["pv"]
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    tilt: Value = Field(default_factory=lambda: Value(value="20 deg"))
    azimuth: Value = Field(default_factory=lambda: Value(value="180 deg"))
    dc_ac_ratio: Value = Field(default_factory=lambda: Value(value=1.0))
    losses: Value = Field(default_factory=lambda: Value(value="14 %"))
    temperature_coefficient: Value = Field(default_factory=lambda: Value(value="-0.4 %/K"))
    air_temperature: Value = Field(default_factory=lambda: Value(value="15 degC"))
    clouds: CloudSpec | None = None


class WindSpec(_GeneratorBase):
    """Wind from a seeded stochastic hub-height speed (Weibull, AR(1)) through a generic power curve."""

    kind: Literal["wind"]
    mean_speed: Value = Field(default_factory=lambda: Value(value="7 m/s"))
    weibull_shape: float = Field(default=2.0, gt=0.5, le=10)
    persistence: float = Field(default=0.97, ge=0, lt=1, description="Lag-1 correlation hour to hour.")
    monthly: list[float] | None = Field(default=None, description="12 multipliers of the mean speed.")
    cut_in: Value = Field(default_factory=lambda: Value(value="3 m/s"))
    rated_speed: Value = Field(default_factory=lambda: Value(value="12 m/s"))
    cut_out: Value = Field(default_factory=lambda: Value(value="25 m/s"))
    losses: Value = Field(default_factory=lambda: Value(value="10 %"))
    seed: int | None = Field(default=None, ge=0)


class ProfileGeneratorSpec(_GeneratorBase):
    """Any generator given by a profile: capacity × per-unit profile, or an absolute profile (with a unit)."""

    kind: Literal["profile"]
    profile: ProfileSpec


class ThermalSpec(_GeneratorBase):
    """A block of the thermal fleet in the merit order (coal, LNG, oil …): dispatched at its marginal cost.

    Marginal cost = ``fuel_price`` / ``efficiency`` + ``variable_om``; emissions = ``co2_intensity`` /
    ``efficiency`` per energy generated. ``availability`` (a share, or a profile of multipliers) derates the
    capacity for outages and maintenance. The LP's hourly price is the marginal cost of the block at the margin.
    """

    kind: Literal["thermal"]
    renewable: bool = False
    fuel: Literal["coal", "lng_cc", "lng_steam", "oil"] | None = Field(
        default=None, description="Take efficiency, fuel price and CO2 not given here from physics.markets."
    )
    efficiency: Value | None = Field(
        default=None, description="Electricity out per fuel energy in (same heating value as the price)."
    )
    fuel_price: Value | None = Field(default=None, description="Money per fuel energy, e.g. '1800 JPY/GJ'.")
    co2_intensity: Value | None = Field(default=None, description="CO2 per fuel energy, e.g. '94.6 kg/GJ'.")
    variable_om: Value | None = Field(default=None, description="Money per energy generated, besides fuel.")
    availability: Value = Field(default_factory=lambda: Value(value="100 %"))

    @model_validator(mode="after")
    def _no_marginal_cost(self) -> ThermalSpec:
        if self.marginal_cost is not None:
            raise ValueError("a thermal block's marginal cost is fuel_price / efficiency + variable_om")
        if self.fuel is None and (self.efficiency is None or self.fuel_price is None):
            raise ValueError(
                "a thermal block needs 'efficiency' and 'fuel_price', or a 'fuel' to take them from"
            )
        return self


GeneratorSpec = Annotated[PVSpec | WindSpec | ProfileGeneratorSpec | ThermalSpec, Field(discriminator="kind")]


class NonFirmSpec(Strict):
    """A non-firm connection: in the listed hours of the day (and months), the limits drop."""

    hours: list[Annotated[int, Field(ge=0, le=23)]] = Field(min_length=1, max_length=24)
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default_factory=lambda: list(range(1, 13)), min_length=1, max_length=12
    )
    export_limit: Value = Field(default_factory=lambda: Value(value="0 MW"))
    import_limit: Value | None = None


class GridSpec(Strict):
    """The connection to the grid: limits (power) and prices (money/energy), each constant or a profile."""

    import_limit: Value
    export_limit: Value
    import_price: Value
    export_price: Value
    non_firm: NonFirmSpec | None = None


class BatterySpec(Strict):
    """A battery (or any store of electricity: pumped hydro)."""

    description: str | None = None
    power: Value
    energy: Value
    charge_power: Value | None = None
    charge_efficiency: Value = Field(default_factory=lambda: Value(value="95 %"))
    discharge_efficiency: Value = Field(default_factory=lambda: Value(value="95 %"))
    soc_min: Value = Field(default_factory=lambda: Value(value="0 %"))
    soc_max: Value = Field(default_factory=lambda: Value(value="100 %"))
    cyclic: bool = True
    soc_initial: Value = Field(default_factory=lambda: Value(value="50 %"))
    standing_loss: Value = Field(default_factory=lambda: Value(value="0 %/h"))
    cycle_cost: Value | None = Field(default=None, description="Cost per energy discharged (money/energy).")
    embodied_energy: Value | None = None


class _LoadBase(Strict):
    description: str | None = None
    value: Value | None = Field(
        default=None, description="What a unit of energy consumed earns (money/energy)."
    )
    embodied_energy: Value | None = Field(default=None, description="Energy embodied in the equipment.")
    grid_fee: Value | None = Field(
        default=None,
        description="Network charge per energy consumed (money/energy): paid on top of the price.",
    )
    baseline: bool | None = Field(
        default=None, description="Present in the baseline run (default: fixed only)."
    )


class FirmLoadSpec(_LoadBase):
    """A firm load (AI datacentre): must be served; hard unless ``shed_penalty`` prices unserved energy."""

    kind: Literal["firm"]
    power: Value
    shed_penalty: Value | None = None
    compute_per_energy: Value | None = Field(
        default=None, description="FLOP per J delivered, e.g. '5e11 FLOP/J'."
    )


class InterruptibleLoadSpec(_LoadBase):
    """An interruptible load (bitcoin mining): runs between 0 and ``power`` when worth it, within ramp limits."""

    kind: Literal["interruptible"]
    power: Value
    ramp: Value | None = Field(default=None, description="Largest change per time, e.g. '20 MW/h'.")
    efficiency: Value | None = Field(
        default=None, description="Energy per hash, e.g. '17.5 J/Thash' (default: markets.ASIC_EFFICIENCY)."
    )
    hashprice: Value | None = Field(
        default=None, description="Money per hash, e.g. '44 USD/(Phash/s)/day' (default: markets.HASHPRICE)."
    )
    compute_per_energy: Value | None = None

    @model_validator(mode="after")
    def _value_or_hashprice(self) -> InterruptibleLoadSpec:
        if self.hashprice is not None and self.value is not None:
            raise ValueError("give either 'value' or 'hashprice' (with 'efficiency'), not both")
        return self


class DeferrableLoadSpec(_LoadBase):
    """A deferrable load (AI training): ``energy`` must be delivered within each ``window``, at most ``power``."""

    kind: Literal["deferrable"]
    power: Value
    energy: Value
    window: Value = Field(default_factory=lambda: Value(value="24 h"))
    compute_per_energy: Value | None = None


class FixedLoadSpec(_LoadBase):
    """Other demand: a fixed power or profile that is always served."""

    kind: Literal["fixed"]
    power: Value


LoadSpec = Annotated[
    FirmLoadSpec | InterruptibleLoadSpec | DeferrableLoadSpec | FixedLoadSpec, Field(discriminator="kind")
]


class CalibrationSpec(Strict):
    """How a region was calibrated: VRE capacities × ``renewable_scale`` give ``target_curtailment``."""

    target_curtailment: Value
    renewable_scale: float = Field(default=1.0, gt=0, le=100)
    note: str | None = Field(default=None, max_length=4000)


class SiteModel(Strict):
    """A whole site (or region) spec."""

    title: str | None = None
    description: str | None = None
    sources: dict[Name, str] = Field(default_factory=dict, max_length=MAX_ITEMS)
    currency: Literal["USD", "JPY", "EUR"] = "USD"
    location: LocationSpec | None = None
    horizon: HorizonSpec = Field(default_factory=HorizonSpec)
    seed: int = Field(default=0, ge=0)
    usd_rate: Value | None = Field(
        default=None,
        description="The site's currency per USD, for defaults taken from physics.markets (JPY: 150 JPY/USD).",
    )
    objective: Literal["value", "curtailment"] = "value"
    calibration: CalibrationSpec | None = None
    generation: dict[Name, GeneratorSpec] = Field(default_factory=dict, max_length=MAX_ITEMS)
    grid: GridSpec | None = None
    storage: dict[Name, BatterySpec] = Field(default_factory=dict, max_length=MAX_ITEMS)
    loads: dict[Name, LoadSpec] = Field(default_factory=dict, max_length=MAX_ITEMS)
