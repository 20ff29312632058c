"""A resolved site (pass 2 of :func:`~wattsandtons.dispatch.spec.parse_site`): plain SI arrays, ready for the LP.

Units: W, J, s, kg; money in the site's currency (prices per J).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

# == resolved form (SI) ==============================================================================================
FloatArray = np.ndarray


@dataclass(frozen=True)
class Generator:
    """A generator: ``available`` power [W] per hour; the LP decides how much of it to curtail."""

    name: str
    kind: str
    capacity: float  # W
    available: FloatArray  # W, per hour
    curtailable: bool
    renewable: bool
    marginal_cost: float  # money per J generated
    co2_intensity: float = 0.0  # kg of CO2 per J generated


@dataclass(frozen=True)
class Grid:
    """Connection limits [W] and prices [money/J], per hour."""

    import_limit: FloatArray
    export_limit: FloatArray
    import_price: FloatArray
    export_price: FloatArray


@dataclass(frozen=True)
class Battery:
    """A store: discharge ``power`` and ``charge_power`` [W], ``energy`` [J], efficiencies and SOC bounds (0-1)."""

    name: str
    power: float
    charge_power: float
    energy: float
    charge_efficiency: float
    discharge_efficiency: float
    soc_min: float
    soc_max: float
    cyclic: bool
    soc_initial: float
    standing_loss: float  # fraction lost per second
    cycle_cost: float  # money per J discharged
    embodied_energy: float | None  # J
    soc_final: float | None = (
        None  # share of energy the store must hold at least at the end (rolling horizons)
    )


@dataclass(frozen=True)
class Load:
    """A load. ``power`` is the hourly demand (firm, fixed) or the hourly upper limit (interruptible, deferrable)."""

    name: str
    kind: str  # firm | interruptible | deferrable | fixed
    power: FloatArray  # W
    value: float  # money per J consumed
    baseline: bool
    shed_penalty: float | None = None  # money per J unserved; None: must be served
    ramp: float | None = None  # W per s
    energy_per_window: float | None = None  # J
    window_hours: int | None = None
    hashes_per_joule: float | None = None
    compute_per_joule: float | None = None
    embodied_energy: float | None = None  # J
    grid_fee: float = 0.0  # money per J consumed, on top of the energy price

    @property
    def capacity(self) -> float:
        """The largest power the load draws [W]."""
        return float(self.power.max()) if self.power.size else 0.0


@dataclass(frozen=True)
class Site:
    """A resolved site: every number SI, every profile an array over ``index`` (hourly, local time)."""

    name: str
    title: str
    file: str
    currency: str
    index: pd.DatetimeIndex  # naive local time, start of each hour
    timezone: str
    seed: int
    objective: str
    generators: tuple[Generator, ...]
    grid: Grid | None
    batteries: tuple[Battery, ...]
    loads: tuple[Load, ...]
    target_curtailment: float | None = None
    renewable_scale: float = 1.0
    sources: dict[str, str] = field(default_factory=dict)
    usd_rate: float | None = None  # the site's currency per USD (for figures from physics.markets)
    ranges: dict[str, tuple[float | None, float | None, float | None]] = field(default_factory=dict)  # SI
    calibration_note: str | None = None

    @property
    def hours(self) -> int:
        return len(self.index)

    def head(self, hours: int) -> Site:
        """The first ``hours`` hours of the site (profiles sliced; deferrable windows kept)."""
        if not 1 <= hours <= self.hours:
            raise ValueError(f"hours must be between 1 and {self.hours}, got {hours}")
        return self if hours == self.hours else self.window(0, hours)

    def window(self, start: int, stop: int) -> Site:
        """Hours ``start`` to ``stop − 1`` of the site: every hourly array sliced (stores and loads unchanged)."""
        if not 0 <= start < stop <= self.hours:
            raise ValueError(f"need 0 <= start < stop <= {self.hours}, got {start}, {stop}")
        cut = slice(start, stop)
        grid = self.grid
        if grid is not None:
            grid = Grid(
                *(
                    a[cut]
                    for a in (grid.import_limit, grid.export_limit, grid.import_price, grid.export_price)
                )
            )
        return replace(
            self,
            index=self.index[cut],
            generators=tuple(replace(g, available=g.available[cut]) for g in self.generators),
            grid=grid,
            loads=tuple(replace(ld, power=ld.power[cut]) for ld in self.loads),
        )

    def without(self, names: set[str]) -> Site:
        """The site without the named loads (the baseline drops the loads not marked ``baseline``)."""
        return replace(self, loads=tuple(ld for ld in self.loads if ld.name not in names))

    @property
    def baseline(self) -> Site:
        """The site with only its baseline loads (by default the fixed demand)."""
        return self.without({ld.name for ld in self.loads if not ld.baseline})
