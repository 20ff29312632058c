"""The scenario language's structure, validated by pydantic v2.

This layer checks shape only: which keys exist, which are required, that names are identifiers. Units, dimensions and
cross-references (does this process's input name a commodity?) are checked in :mod:`wattsandtons.scenario.resolve`,
which knows the commodities. Every field is documented in ``docs/scenario-format.md``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from wattsandtons.spec.fields import NAME_PATTERN, Name, SourcedValue
from wattsandtons.spec.fields import Strict as _Strict

__all__ = ["FLOW_KEY", "MAX_ITEMS", "NAME_PATTERN", "Name", "QuantitySpec", "ScenarioModel"]
#: A flow key: a commodity name, optionally ``@location`` for a commodity at another location.
FLOW_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:@([A-Za-z_][A-Za-z0-9_]*))?$")

MAX_ITEMS = 50_000  # commodities, processes, parameters … each (a 20,000-process scenario must fit)


Distribution = Literal["uniform", "triangular", "normal", "lognormal"]


class QuantitySpec(SourcedValue):
    """A number with a unit, optionally sourced and uncertain.

    Written as a string (``"400 MWh"``), a bare number (dimensionless), a parameter reference (``"$name"``), or a
    mapping ``{value, source, note, distribution, low, high, sd, sigma}``.
    """

    value: str | float
    distribution: Distribution | None = None
    sd: str | float | None = None
    sigma: float | None = None

    @model_validator(mode="after")
    def _distribution_fields(self) -> QuantitySpec:
        d = self.distribution
        needs = {
            "uniform": ("low", "high"),
            "triangular": ("low", "high"),
            "normal": ("sd",),
            "lognormal": ("sigma",),
            None: (),
        }[d]
        for name in needs:
            if getattr(self, name) is None:
                raise ValueError(f"a {d} distribution needs '{name}'")
        allowed = set(needs)
        for name in ("low", "high", "sd", "sigma"):
            if getattr(self, name) is not None and name not in allowed:
                if d is None and name in ("low", "high"):
                    continue  # a documented range without sampling (shown in reports, used by sensitivity)
                if d is None:
                    raise ValueError(
                        f"'{name}' needs a distribution ('{'normal' if name == 'sd' else 'lognormal'}')"
                    )
                raise ValueError(f"'{name}' does not apply to a {d} distribution")
        return self

    @property
    def is_reference(self) -> bool:
        return isinstance(self.value, str) and self.value.strip().startswith("$")


FlowMap = Annotated[dict[str, QuantitySpec], Field(max_length=200)]


class Location(_Strict):
    """Where processes stand."""

    kind: Literal["earth", "orbit", "lunar_surface", "deep_space"] = "earth"
    description: str | None = None
    grid_region: str | None = Field(default=None, description="Optional grid region on Earth, e.g. 'kyushu'.")


class Commodity(_Strict):
    """Anything that flows. Its ``unit`` fixes its dimension; goods that are not measured in mass give their mass."""

    unit: str = Field(description="Unit the commodity is counted in, e.g. 'MWh', 't', 'piece', 'FLOP', 'kW'.")
    description: str | None = None
    mass_per_unit: QuantitySpec | None = Field(
        default=None, description="Mass of one unit, e.g. '20 kg/piece' for a robot or '60 kg/kW' for panels."
    )
    energy_content: QuantitySpec | None = Field(
        default=None,
        description="Energy per unit for fuels counted in mass or pieces, e.g. '50 MJ/kg' (LHV).",
    )
    smallest_unit: str | None = Field(default=None, description="Ledger's integer unit, e.g. 'Wh' or 'g'.")


class Capital(_Strict):
    """Equipment needed per unit of capacity, built from commodities and amortised over the process lifetime."""

    per: QuantitySpec = Field(description="The capacity these amounts equip, e.g. '1 MW' or '1000 piece/yr'.")
    inputs: FlowMap = Field(description="Commodities built into the equipment per ``per`` of capacity.")


class Process(_Strict):
    """A recipe: per unit of activity it consumes ``inputs`` and produces ``outputs``.

    The first output is the reference product; one unit of activity is the listed amount of it.
    """

    description: str | None = None
    location: Name | None = Field(
        default=None, description="Where it stands; default 'earth' if declared, else the first location."
    )
    outputs: FlowMap = Field(min_length=1)
    inputs: FlowMap = Field(default_factory=dict)
    capacity: QuantitySpec | None = Field(
        default=None, description="Installed capacity at the start, as a rate of the reference output."
    )
    capacity_factor: QuantitySpec = Field(default_factory=lambda: QuantitySpec(value=1.0))
    lifetime: QuantitySpec | None = None
    capital: Capital | None = None
    degradation: QuantitySpec | None = Field(
        default=None,
        description="Fractional loss of capacity per year (e.g. radiation damage), '2 %/yr' or 0.02.",
    )

    @model_validator(mode="after")
    def _capital_needs_lifetime(self) -> Process:
        if self.capital is not None and self.lifetime is None:
            raise ValueError("a process with capital needs a lifetime to amortise it over")
        return self


class Link(_Strict):
    """A transport link (launch, mass driver): moves mass-bearing commodities between two locations."""

    description: str | None = None
    from_: Name = Field(alias="from")
    to: Name
    carries: Annotated[list[Name], Field(min_length=1, max_length=100)]
    per: QuantitySpec = Field(description="Payload mass the inputs below move, e.g. '1 t'.")
    inputs: FlowMap = Field(
        default_factory=dict, description="Drawn at the origin per ``per`` of payload moved."
    )
    capacity: QuantitySpec | None = Field(
        default=None, description="Payload mass per time, e.g. '15000 t/yr'."
    )
    capacity_factor: QuantitySpec = Field(default_factory=lambda: QuantitySpec(value=1.0))
    lifetime: QuantitySpec | None = None
    capital: Capital | None = None
    degradation: QuantitySpec | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _check(self) -> Link:
        if self.from_ == self.to:
            raise ValueError("a link must join two different locations")
        if self.capital is not None and self.lifetime is None:
            raise ValueError("a link with capital needs a lifetime to amortise it over")
        return self


class Resource(_Strict):
    """A draw from nature across the boundary (sunlight, ore, regolith): it does not make a loop open."""

    limit: QuantitySpec | None = Field(default=None, description="Largest draw per time, e.g. '1e6 t/yr'.")
    description: str | None = None


class Import(_Strict):
    """A good bought from the outside economy: while imported, the loop is open on it."""

    limit: QuantitySpec | None = None
    embodied_energy: QuantitySpec | None = Field(
        default=None, description="Primary energy behind one unit of the import, e.g. '2 GJ/piece'."
    )
    embodied_mass: QuantitySpec | None = Field(
        default=None, description="Mass drawn from nature behind one unit (default: its own mass)."
    )
    description: str | None = None


class Boundary(_Strict):
    """What the loop takes from outside and delivers to outside."""

    resources: dict[str, Resource] = Field(default_factory=dict)
    imports: dict[str, Import] = Field(default_factory=dict)
    demand: FlowMap = Field(default_factory=dict, description="Final demand as rates, e.g. '1e24 FLOP/yr'.")

    @field_validator("resources", "imports", mode="before")
    @classmethod
    def _none_is_empty_entry(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: ({} if v is None else v) for k, v in value.items()}
        return value


class Learning(_Strict):
    """Wright's law: each doubling of cumulative output multiplies the process's inputs by ``progress_ratio``."""

    progress_ratio: QuantitySpec
    applies_to: list[Literal["inputs", "energy_inputs", "material_inputs", "capital"]] = Field(
        default=["inputs", "capital"],
        description="What gets cheaper: all inputs, energy inputs (energy and fuels), material inputs (mass, not "
        "fuel), capital.",
    )
    floor: QuantitySpec | None = Field(default=None, description="Lowest multiplier reachable (0–1).")
    cumulative: QuantitySpec | None = Field(
        default=None,
        description="Cumulative output before the start (history), in units of the product, e.g. '2 TW' of modules; "
        "default: one year of the installed capacity's output.",
    )


class Milestone(_Strict):
    """A threshold the growth part reports the first year of, e.g. solar manufacturing ≥ 100 GW/yr."""

    name: str = Field(min_length=1, max_length=200)
    metric: Literal["production", "capacity", "added_capacity", "import_share", "power", "kardashev"]
    of: str | None = Field(default=None, description="Process, commodity or location the metric is about.")
    at_least: QuantitySpec | None = None
    at_most: QuantitySpec | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> Milestone:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("a milestone needs exactly one of 'at_least' or 'at_most'")
        return self


class DemandPath(_Strict):
    """Final demand of one good as a time series; all final demand scales with it (policy ``demand``)."""

    of: Name = Field(description="A commodity in boundary.demand.")
    points: dict[int, QuantitySpec] = Field(
        min_length=2,
        max_length=1000,
        description="Year → rate, e.g. {2026: '3e28 FLOP/yr', 2035: '1e30 FLOP/yr'}.",
    )


class Growth(_Strict):
    """How the loop builds itself over time (used by ``wattsandtons run``)."""

    start: int = Field(ge=1900, le=3000)
    end: int = Field(ge=1900, le=3100)
    step: Literal["year", "quarter", "month", "week"] = Field(
        default="year", description="Step the run is recorded at (the integration runs in sub-steps of it)."
    )
    substeps: int | None = Field(
        default=None,
        ge=1,
        le=10_000,
        description="Sub-steps (Heun's method) per step (default: 10 a month, about 3 days each).",
    )
    integrator: Literal["heun", "euler"] = Field(
        default="heun",
        description="'heun' (default: second order) or 'euler' (explicit Euler, demand compounded as 1 + g·h per "
        "sub-step: the legacy engine, kept as the anchor to PySD and hand calculations; use with substeps: 1).",
    )
    policy: Literal["balanced", "demand", "shares"] | None = Field(
        default=None,
        description="How new capacity is chosen: 'balanced' (default: in the proportions the loop needs to grow), "
        "'demand' (to meet a growing final demand, with lead times) or 'shares' (fixed reinvestment shares).",
    )
    reinvest: dict[str, QuantitySpec] = Field(
        default_factory=dict,
        description="policy 'shares' only: share of spare output that builds new capacity of each process.",
    )
    demand_path: DemandPath | None = Field(
        default=None,
        description="Final demand as a time series (log-linear between points) instead of demand_growth.",
    )
    retirement: Literal["first_order", "fixed_life"] = Field(
        default="first_order",
        description="How plants retire: first-order at 1/lifetime (a mean life), or all at the end of a fixed life.",
    )
    lead_times: dict[str, QuantitySpec] = Field(
        default_factory=dict,
        description="policy 'demand': time from committing capital to a working plant, per process or link.",
    )
    learning: dict[str, Learning] = Field(default_factory=dict)
    milestones: list[Milestone] = Field(default_factory=list, max_length=200)
    replace_retirements: bool = Field(
        default=True,
        description="Rebuild retiring capacity before growing (as far as spare capacity allows).",
    )
    demand_growth: QuantitySpec | None = Field(
        default=None, description="Yearly growth of final demand, e.g. '3 %/yr' (compounded each step)."
    )
    baseline_power: QuantitySpec | None = Field(
        default=None,
        description="Power used by the rest of civilisation, added to the loop's own for the Kardashev index.",
    )

    @model_validator(mode="after")
    def _order(self) -> Growth:
        if self.end <= self.start:
            raise ValueError("growth 'end' must be after 'start'")
        return self


class ScenarioModel(_Strict):
    """A whole scenario file."""

    name: Name
    title: str | None = None
    description: str | None = None
    sources: dict[Name, str] = Field(default_factory=dict, max_length=MAX_ITEMS)
    parameters: dict[Name, QuantitySpec] = Field(default_factory=dict, max_length=MAX_ITEMS)
    locations: dict[Name, Location] = Field(
        default_factory=lambda: {"earth": Location(kind="earth")}, min_length=1
    )
    commodities: dict[Name, Commodity] = Field(min_length=1, max_length=MAX_ITEMS)
    processes: dict[Name, Process] = Field(min_length=1, max_length=MAX_ITEMS)
    links: dict[Name, Link] = Field(default_factory=dict, max_length=MAX_ITEMS)
    boundary: Boundary = Field(default_factory=Boundary)
    growth: Growth | None = None
