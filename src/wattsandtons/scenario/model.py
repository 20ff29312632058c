"""A scenario after validation: every number an SI float with its dimension, source and parameter binding.

These frozen dataclasses are what the numeric parts (network, balance, growth) read. A :class:`Value` remembers which
named parameters it is a product of, so an ensemble can re-sample parameters without re-reading the file:
``value.si == value.scale * prod(parameters[p].central for p in value.params)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pint

from wattsandtons.spec.errors import Path
from wattsandtons.spec.fields import COMPUTE as COMPUTE
from wattsandtons.spec.fields import DIMENSIONLESS as DIMENSIONLESS
from wattsandtons.spec.fields import ENERGY as ENERGY
from wattsandtons.spec.fields import MASS as MASS
from wattsandtons.spec.fields import POWER as POWER
from wattsandtons.spec.fields import TIME as TIME


@dataclass(frozen=True)
class Parameter:
    """A named (or inline) number that can be sampled: central value and optional distribution, in SI."""

    name: str
    central: float
    dim: pint.util.UnitsContainer
    path: Path
    source: str | None = None
    distribution: str | None = None  # uniform | triangular | normal | lognormal
    low: float | None = None
    high: float | None = None
    sd: float | None = None
    sigma: float | None = None
    display_unit: str = ""

    @property
    def uncertain(self) -> bool:
        return self.distribution is not None


@dataclass(frozen=True)
class Value:
    """A resolved number: ``si`` in SI base units; ``params`` are the parameters it scales with."""

    si: float
    dim: pint.util.UnitsContainer
    path: Path
    source: str | None = None
    params: tuple[str, ...] = ()
    scale: float = 1.0

    def __post_init__(self) -> None:
        assert math.isfinite(self.si), f"non-finite value at {self.path}"

    def times(self, factor: float, other: Value | None = None) -> Value:
        """This value multiplied by a constant and optionally by another value (parameters combine)."""
        si = self.si * factor * (other.si if other is not None else 1.0)
        params = self.params + (other.params if other is not None else ())
        scale = self.scale * factor * (other.scale if other is not None else 1.0)
        dim = self.dim * other.dim if other is not None else self.dim
        return Value(si=si, dim=dim, path=self.path, source=self.source, params=params, scale=scale)


@dataclass(frozen=True)
class Node:
    """A commodity at a location: the unit the balance is kept for."""

    commodity: str
    location: str

    def __str__(self) -> str:
        return f"{self.commodity}@{self.location}"


@dataclass(frozen=True)
class Flow:
    """An amount of a commodity at a location, per unit of activity (or per unit of capacity for capital)."""

    node: Node
    amount: Value


@dataclass(frozen=True)
class CommodityInfo:
    name: str
    unit: str
    dim: pint.util.UnitsContainer
    kind: str  # energy | mass | good | compute | money | other
    mass_per_unit: Value | None  # kg per SI unit of the commodity
    description: str | None = None
    smallest_unit: str | None = None
    energy_content: Value | None = None  # J per SI unit, for fuels not measured in energy

    @property
    def energy_per_unit(self) -> float:
        """Energy [J] in one SI unit: 1 for energy commodities, the declared content for fuels, else 0."""
        if self.kind == "energy":
            return 1.0
        return self.energy_content.si if self.energy_content is not None else 0.0

    @property
    def mass_per_si_unit(self) -> float:
        """Mass [kg] of one SI unit: 1 for mass commodities, the declared mass for goods, else 0."""
        if self.kind == "mass":
            return 1.0
        return self.mass_per_unit.si if self.mass_per_unit is not None else 0.0


@dataclass(frozen=True)
class ProcessInfo:
    """A process with flows per unit of activity.

    Activity is measured in SI units of the reference product (the first output), so ``reference.amount.si == 1``
    and an activity rate is directly a production rate, comparable with ``capacity``.
    """

    name: str
    location: str
    outputs: tuple[Flow, ...]
    inputs: tuple[Flow, ...]
    capital: tuple[
        Flow, ...
    ]  # per unit of capacity (SI rate of the reference output, e.g. per W or per piece/s)
    capacity: Value | None  # installed at the start, SI rate of the reference output
    capacity_factor: Value
    lifetime: Value | None  # s
    degradation: Value | None  # 1/s
    description: str | None = None
    link: str | None = None  # set when compiled from a transport link
    capital_basis: tuple[float, str] | None = None  # the author's ``per`` (SI rate, text) for display

    @property
    def reference(self) -> Flow:
        return self.outputs[0]


@dataclass(frozen=True)
class ImportInfo:
    node: Node
    limit: Value | None
    embodied_energy: Value  # J per SI unit
    embodied_mass: Value  # kg per SI unit


@dataclass(frozen=True)
class ResourceInfo:
    node: Node
    limit: Value | None


@dataclass(frozen=True)
class Milestone:
    name: str
    metric: str
    of: str | None
    threshold: Value
    at_least: bool


@dataclass(frozen=True)
class LearningInfo:
    progress_ratio: Value
    applies_to: tuple[str, ...]
    floor: Value | None
    cumulative: Value | None = None  # output before the start, SI units of the reference product


@dataclass(frozen=True)
class GrowthInfo:
    start: int
    end: int
    step: str
    reinvest: Mapping[str, Value]
    learning: Mapping[str, LearningInfo]
    milestones: tuple[Milestone, ...]
    replace_retirements: bool = True
    demand_growth: Value | None = None  # 1/s
    baseline_power: Value | None = None  # W
    policy: str = "balanced"  # balanced | demand | shares
    substeps: int | None = None
    lead_times: Mapping[str, Value] = field(default_factory=dict)  # s, per plant
    retirement: str = "first_order"  # first_order | fixed_life
    demand_path: tuple[tuple[float, float], ...] | None = None  # (year, final demand ÷ its boundary value)
    integrator: str = "heun"  # heun | euler (legacy anchor)


@dataclass(frozen=True)
class LocationInfo:
    name: str
    kind: str
    grid_region: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario in SI units. Build one with :func:`wattsandtons.scenario.load_scenario`."""

    name: str
    file: str
    title: str | None
    description: str | None
    sources: Mapping[str, str]
    parameters: Mapping[str, Parameter]
    locations: Mapping[str, LocationInfo]
    commodities: Mapping[str, CommodityInfo]
    processes: Mapping[str, ProcessInfo]
    resources: Mapping[Node, ResourceInfo]
    imports: Mapping[Node, ImportInfo]
    demand: Mapping[Node, Value]  # rate: SI units of the commodity per second
    growth: GrowthInfo | None
    warnings: tuple[str, ...] = field(default=())

    def nodes(self) -> list[Node]:
        """Every commodity-at-location that appears anywhere, in a stable order."""
        seen: dict[Node, None] = {}
        for process in self.processes.values():
            for flow in (*process.outputs, *process.inputs, *process.capital):
                seen.setdefault(flow.node, None)
        for node in (*self.resources, *self.imports, *self.demand):
            seen.setdefault(node, None)
        return list(seen)

    def cite(self, source: str | None) -> str | None:
        """The full text of a source key, or the free-text source itself."""
        if source is None:
            return None
        return self.sources.get(source, source)
