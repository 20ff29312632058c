"""Second pass over a structurally valid scenario: units, dimensions, names, sources, parameters → :class:`Scenario`.

Every problem is collected with its location (file, line, column, path) before anything is raised, so a user sees
all of them at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pint

from wattsandtons.errors import UnitError
from wattsandtons.scenario import schema as s
from wattsandtons.scenario.errors import ScenarioError
from wattsandtons.scenario.model import (
    COMPUTE,
    DIMENSIONLESS,
    ENERGY,
    MASS,
    POWER,
    TIME,
    CommodityInfo,
    Flow,
    GrowthInfo,
    ImportInfo,
    LearningInfo,
    LocationInfo,
    Milestone,
    Node,
    Parameter,
    ProcessInfo,
    ResourceInfo,
    Scenario,
    Value,
)
from wattsandtons.spec.errors import Path, did_you_mean, dotted
from wattsandtons.spec.located import Located
from wattsandtons.timebase import SECONDS_PER_YEAR
from wattsandtons.units import dimension_name, parse, to_si, ureg, with_article


def _money(dim: pint.util.UnitsContainer) -> bool:
    return any(key.startswith("[currency_") for key in dim)


def commodity_kind(dim: pint.util.UnitsContainer, has_mass: bool) -> str:
    """Classify a commodity by its dimension: energy, mass, compute, money, good (carries mass) or other."""
    if dim == ENERGY:
        return "energy"
    if dim == MASS:
        return "mass"
    if dim == COMPUTE:
        return "compute"
    if _money(dim):
        return "money"
    return "good" if has_mass else "other"


class Resolver:
    """Turns a :class:`~wattsandtons.scenario.schema.ScenarioModel` into a :class:`Scenario`, or raises."""

    def __init__(self, model: s.ScenarioModel, located: Located) -> None:
        self.model = model
        self.located = located
        self.problems: list = []
        self.warnings: list[str] = []
        self.parameters: dict[str, Parameter] = {}
        self.commodities: dict[str, CommodityInfo] = {}
        self.default_location = "earth" if "earth" in model.locations else next(iter(model.locations))

    # -- helpers -------------------------------------------------------------------------------------------------
    def error(self, path: Path, message: str, expected: str | None = None) -> None:
        self.problems.append(self.located.problem(path, message, expected))

    def _value_path(self, path: Path, key: str = "value") -> Path:
        return (*path, key) if (*path, key) in self.located.marks else path

    def _check_source(self, source: str | None, path: Path) -> None:
        if source is None:
            return
        if re.fullmatch(s.NAME_PATTERN, source) and source not in self.model.sources:
            self.error(
                (*path, "source") if (*path, "source") in self.located.marks else path,
                f"unknown source key {source!r}{did_you_mean(source, self.model.sources)}",
                "a key of 'sources', or a free-text citation",
            )

    def _number(
        self, raw: str | float, path: Path, expected: pint.util.UnitsContainer | None
    ) -> float | None:
        try:
            return to_si(raw, expected)
        except UnitError as exc:
            self.error(path, exc.message, exc.expected)
            return None

    def _dim_of(self, raw: str | float) -> pint.util.UnitsContainer:
        return parse(raw).dimensionality

    def quantity(
        self,
        spec: s.QuantitySpec | None,
        path: Path,
        expected: pint.util.UnitsContainer | None,
        *,
        low: float | None = None,
        high: float | None = None,
        strict_low: bool = False,
        what: str = "value",
        bounds_text: str | None = None,
    ) -> Value | None:
        """Resolve a quantity field; check dimension and bounds; register inline distributions as parameters."""
        if spec is None:
            return None
        self._check_source(spec.source, path)
        if spec.is_reference:
            assert isinstance(spec.value, str)
            name = spec.value.strip()[1:].strip()
            vpath = self._value_path(path)
            if spec.distribution is not None or any(
                getattr(spec, k) is not None for k in ("low", "high", "sd", "sigma")
            ):
                self.error(vpath, f"a reference to ${name} cannot carry its own distribution or range")
            param = self.parameters.get(name)
            if param is None and name in self.model.parameters:
                return None  # defined, but its value was refused: reported once, at the definition
            if param is None:
                self.error(
                    vpath,
                    f"unknown parameter ${name}{did_you_mean(name, self.parameters)}",
                    "a name defined under 'parameters'",
                )
                return None
            if expected is not None and param.dim != expected:
                self.error(
                    vpath,
                    f"parameter ${name} is {with_article(dimension_name(param.dim))}",
                    with_article(dimension_name(expected)),
                )
                return None
            value = Value(param.central, param.dim, path, param.source, (name,), 1.0)
        else:
            vpath = self._value_path(path)
            si = self._number(spec.value, vpath, expected)
            if si is None:
                return None
            dim = expected if expected is not None else self._dim_of(spec.value)
            params: tuple[str, ...] = ()
            if spec.distribution is not None or spec.low is not None or spec.high is not None:
                param = self._parameter(dotted(path), spec, path, si, dim)
                if param is None:
                    return None
                self.parameters[param.name] = param
                params = (param.name,)
            value = Value(si, dim, path, spec.source, params, 1.0)
        written = spec.value.strip() if isinstance(spec.value, str) else spec.value
        if not self._in_bounds(value.si, vpath, low, high, strict_low, f"{what} {written}", bounds_text):
            return None
        for name in value.params:
            support = self._support(self.parameters[name])
            if support is None:
                continue
            for end, x in zip(("lowest", "highest"), support, strict=True):
                where = f"the {end} value the distribution of {name} can take"
                if not self._in_bounds(
                    x * value.scale, vpath, low, high, strict_low, where, bounds_text, quiet=True
                ):
                    self.error(
                        vpath,
                        f"{where} is out of range for this {what}",
                        bounds_text or self._bounds_text(low, high, strict_low),
                    )
                    return None
        return value

    @staticmethod
    def _support(param: Parameter) -> tuple[float, float] | None:
        """Where a distribution's draws can fall (normal: ±5 sd; lognormal: up to exp(5σ) × median)."""
        if param.distribution in ("uniform", "triangular"):
            assert param.low is not None and param.high is not None
            return param.low, param.high
        if param.distribution == "normal":
            assert param.sd is not None
            return param.central - 5 * param.sd, param.central + 5 * param.sd
        if param.distribution == "lognormal":
            assert param.sigma is not None
            return param.central * math.exp(-5 * param.sigma), param.central * math.exp(5 * param.sigma)
        return None

    @staticmethod
    def _bounds_text(low: float | None, high: float | None, strict_low: bool) -> str:
        parts = []
        if low is not None:
            parts.append(f"{'greater than' if strict_low else 'at least'} {low:g}")
        if high is not None:
            parts.append(f"at most {high:g}")
        return " and ".join(parts)

    def _in_bounds(
        self,
        x: float,
        path: Path,
        low: float | None,
        high: float | None,
        strict_low: bool,
        what: str,
        bounds_text: str | None = None,
        quiet: bool = False,
    ) -> bool:
        inside = (low is None or x > low or (not strict_low and x == low)) and (high is None or x <= high)
        if not inside and not quiet:
            self.error(
                path, f"{what} is out of range", bounds_text or self._bounds_text(low, high, strict_low)
            )
        return inside

    def _parameter(
        self,
        name: str,
        spec: s.QuantitySpec,
        path: Path,
        central: float,
        dim: pint.util.UnitsContainer,
    ) -> Parameter | None:
        def field_si(key: str) -> float | None:
            raw = getattr(spec, key)
            if raw is None:
                return None
            return self._number(raw, self._value_path(path, key), dim)

        low, high, sd = field_si("low"), field_si("high"), field_si("sd")
        ok = all(
            getattr(spec, k) is None or v is not None for k, v in (("low", low), ("high", high), ("sd", sd))
        )
        if low is not None and high is not None:
            if not low <= central <= high:
                self.error(
                    path, f"the central value {central:g} lies outside [low, high] = [{low:g}, {high:g}]"
                )
                ok = False
            if spec.distribution in ("uniform", "triangular") and not low < high:
                self.error(path, "'low' must be below 'high'")
                ok = False
        if spec.distribution == "normal" and sd is not None and sd <= 0:
            self.error(self._value_path(path, "sd"), "'sd' must be positive")
            ok = False
        if spec.distribution == "lognormal":
            if spec.sigma is not None and spec.sigma <= 0:
                self.error(self._value_path(path, "sigma"), "'sigma' must be positive")
                ok = False
            if central <= 0:
                self.error(
                    self._value_path(path), "a lognormal parameter needs a positive central (median) value"
                )
                ok = False
        if not ok:
            return None
        display = str(parse(spec.value).units) if isinstance(spec.value, str) else ""
        return Parameter(
            name=name,
            central=central,
            dim=dim,
            path=path,
            source=spec.source,
            distribution=spec.distribution,
            low=low,
            high=high,
            sd=sd,
            sigma=spec.sigma,
            display_unit=display,
        )

    def fixed(self, value: Value | None, path: Path, what: str) -> Value | None:
        """A basis amount (reference output, ``per``) must not vary: sampling it would make flows nonlinear."""
        if value is not None and value.params:
            self.error(path, f"{what} must be a fixed amount, not a parameter or distribution")
            return None
        return value

    def node(self, key: str, path: Path, default_location: str) -> Node | None:
        match = s.FLOW_KEY.match(key)
        if match is None:
            self.error(path, f"{key!r} is not a commodity name", "a name, optionally with @location")
            return None
        commodity, location = match.group(1), match.group(2) or default_location
        ok = True
        if commodity not in self.model.commodities:
            self.error(
                path,
                f"unknown commodity {commodity!r}{did_you_mean(commodity, self.model.commodities)}",
                "a name defined under 'commodities'",
            )
            ok = False
        if location not in self.model.locations:
            self.error(
                path,
                f"unknown location {location!r}{did_you_mean(location, self.model.locations)}",
                "a name defined under 'locations'",
            )
            ok = False
        return Node(commodity, location) if ok else None

    def flows(
        self,
        flow_map: Mapping[str, s.QuantitySpec],
        path: Path,
        default_location: str,
        per: float = 1.0,
        per_dim: pint.util.UnitsContainer = DIMENSIONLESS,
    ) -> list[Flow]:
        out: list[Flow] = []
        seen: set[Node] = set()
        for key, spec in flow_map.items():
            fpath = (*path, key)
            node = self.node(key, fpath, default_location)
            if node is None:
                continue
            if node in seen:
                self.error(fpath, f"{node} is listed twice (once without and once with its location)")
                continue
            seen.add(node)
            info = self.commodities.get(node.commodity)
            if info is None:
                continue
            amount = self.quantity(spec, fpath, info.dim, low=0.0, what="amount")
            if amount is None:
                continue
            if per != 1.0 or per_dim != DIMENSIONLESS:
                amount = Value(
                    amount.si / per,
                    amount.dim / per_dim,
                    amount.path,
                    amount.source,
                    amount.params,
                    amount.scale / per,
                )
            out.append(Flow(node, amount))
        return out

    # -- sections ------------------------------------------------------------------------------------------------
    def resolve(self) -> Scenario:
        m = self.model
        for name, spec in m.parameters.items():
            path: Path = ("parameters", name)
            self._check_source(spec.source, path)
            if spec.is_reference:
                self.error(self._value_path(path), "a parameter must be a value, not a reference to another")
                continue
            vpath = self._value_path(path)
            si = self._number(spec.value, vpath, None)
            if si is None:
                continue
            param = self._parameter(name, spec, path, si, self._dim_of(spec.value))
            if param is not None:
                self.parameters[name] = param

        locations = {
            name: LocationInfo(name, loc.kind, loc.grid_region, loc.description)
            for name, loc in m.locations.items()
        }
        for name, c in m.commodities.items():
            info = self._commodity(name, c)
            if info is not None:
                self.commodities[name] = info

        processes: dict[str, ProcessInfo] = {}
        for name, p in m.processes.items():
            process = self._process(name, p)
            if process is not None:
                processes[name] = process
        for name, link in m.links.items():
            if name in m.processes:
                self.error(("links", name), f"a link and a process share the name {name!r}", "distinct names")
                continue
            for moved in self._link(name, link):
                if moved.name in processes:
                    self.error(
                        ("links", name), f"link process {moved.name!r} clashes with a process of that name"
                    )
                processes[moved.name] = moved

        resources, imports, demand = self._boundary(processes)
        self.final_demand = demand  # the growth block's demand path refers to it
        self._check_supply(processes, resources, imports, demand)
        growth = self._growth(processes) if m.growth is not None else None

        if self.problems:
            raise ScenarioError(self.problems)
        return Scenario(
            name=m.name,
            file=self.located.file,
            title=m.title,
            description=m.description,
            sources=dict(m.sources),
            parameters=dict(self.parameters),
            locations=locations,
            commodities=dict(self.commodities),
            processes=processes,
            resources=resources,
            imports=imports,
            demand=demand,
            growth=growth,
            warnings=tuple(self.warnings),
        )

    def _commodity(self, name: str, c: s.Commodity) -> CommodityInfo | None:
        path: Path = ("commodities", name)
        try:
            dim = ureg.parse_units(c.unit).dimensionality
        except Exception:  # pint raises many types for garbage
            self.error(
                (*path, "unit"), f"unknown unit {c.unit!r}", "a unit such as 'MWh', 't', 'piece', 'FLOP'"
            )
            return None
        mass = None
        if c.mass_per_unit is not None:
            if dim == MASS:
                self.error(
                    (*path, "mass_per_unit"), "a commodity measured in mass cannot have a mass per unit"
                )
            else:
                mass = self.quantity(
                    c.mass_per_unit, (*path, "mass_per_unit"), MASS / dim, low=0.0, what="mass"
                )
        if c.smallest_unit is not None:
            try:
                small = ureg.parse_units(c.smallest_unit).dimensionality
            except Exception:
                small = None
            if small != dim:
                self.error(
                    (*path, "smallest_unit"),
                    f"{c.smallest_unit!r} is not a unit of {dimension_name(dim)}",
                    f"a unit of {dimension_name(dim)}",
                )
        energy = None
        if c.energy_content is not None:
            if dim == ENERGY:
                self.error(
                    (*path, "energy_content"), "a commodity measured in energy cannot have an energy content"
                )
            else:
                energy = self.quantity(
                    c.energy_content, (*path, "energy_content"), ENERGY / dim, low=0.0, what="energy content"
                )
        kind = commodity_kind(dim, mass is not None)
        return CommodityInfo(name, c.unit, dim, kind, mass, c.description, c.smallest_unit, energy)

    def _location(self, name: str, path: Path) -> bool:
        if name in self.model.locations:
            return True
        self.error(
            path,
            f"unknown location {name!r}{did_you_mean(name, self.model.locations)}",
            "a name defined under 'locations'",
        )
        return False

    def _operations(
        self, p: s.Process | s.Link, path: Path, rate_dim: pint.util.UnitsContainer
    ) -> tuple[Value | None, Value | None, Value | None, Value | None]:
        capacity = self.quantity(
            p.capacity, (*path, "capacity"), rate_dim, low=0.0, strict_low=True, what="capacity"
        )
        cf = self.quantity(
            p.capacity_factor,
            (*path, "capacity_factor"),
            DIMENSIONLESS,
            low=0.0,
            high=1.0,
            strict_low=True,
            what="capacity factor",
        )
        lifetime = self.quantity(
            p.lifetime, (*path, "lifetime"), TIME, low=0.0, strict_low=True, what="lifetime"
        )
        degradation = self.quantity(
            p.degradation,
            (*path, "degradation"),
            DIMENSIONLESS / TIME,
            low=0.0,
            high=0.999 / SECONDS_PER_YEAR,
            what="degradation rate",
            bounds_text="between 0 and 99.9 %/yr",
        )
        return capacity, cf, lifetime, degradation

    def _capital(
        self, capital: s.Capital | None, path: Path, rate_dim: pint.util.UnitsContainer, location: str
    ) -> list[Flow]:
        if capital is None:
            return []
        per = self.quantity(capital.per, (*path, "per"), rate_dim, low=0.0, strict_low=True, what="'per'")
        per = self.fixed(per, (*path, "per"), "capital 'per'")
        if per is None:
            return []
        return self.flows(capital.inputs, (*path, "inputs"), location, per=per.si, per_dim=rate_dim)

    @staticmethod
    def _basis(capital: s.Capital | None) -> tuple[float, str] | None:
        if capital is None or not isinstance(capital.per.value, str) or capital.per.is_reference:
            return None
        try:
            return to_si(capital.per.value), capital.per.value
        except UnitError:
            return None

    def _process(self, name: str, p: s.Process) -> ProcessInfo | None:
        path: Path = ("processes", name)
        location = p.location or self.default_location
        if not self._location(location, (*path, "location")):
            return None
        outputs = self.flows(p.outputs, (*path, "outputs"), location)
        inputs = self.flows(p.inputs, (*path, "inputs"), location)
        if len(outputs) != len(p.outputs):
            return None
        reference = outputs[0]
        ref_path = (*path, "outputs", next(iter(p.outputs)))
        if self.fixed(reference.amount, ref_path, "the reference output") is None:
            return None
        if reference.amount.si <= 0:
            self.error(self._value_path(ref_path), "the reference output (the first output) must be positive")
            return None
        # Activity is measured in SI units of the reference product: every flow becomes "per unit of it".
        per_unit = 1.0 / reference.amount.si
        outputs = [Flow(f.node, f.amount.times(per_unit)) for f in outputs]
        inputs = [Flow(f.node, f.amount.times(per_unit)) for f in inputs]
        ref_dim = self.commodities[reference.node.commodity].dim
        rate_dim = ref_dim / TIME
        capacity, cf, lifetime, degradation = self._operations(p, path, rate_dim)
        capital = self._capital(p.capital, (*path, "capital"), rate_dim, location)
        if cf is None:
            return None
        return ProcessInfo(
            name=name,
            location=location,
            outputs=tuple(outputs),
            inputs=tuple(inputs),
            capital=tuple(capital),
            capacity=capacity,
            capacity_factor=cf,
            lifetime=lifetime,
            degradation=degradation,
            description=p.description,
            capital_basis=self._basis(p.capital),
        )

    def _link(self, name: str, link: s.Link) -> list[ProcessInfo]:
        path: Path = ("links", name)
        ok = self._location(link.from_, (*path, "from")) & self._location(link.to, (*path, "to"))
        per = self.fixed(
            self.quantity(link.per, (*path, "per"), MASS, low=0.0, strict_low=True, what="'per'"),
            (*path, "per"),
            "a link's 'per'",
        )
        inputs = self.flows(link.inputs, (*path, "inputs"), link.from_) if per is not None else []
        capacity, cf, lifetime, degradation = self._operations(link, path, MASS / TIME)
        capital = self._capital(link.capital, (*path, "capital"), MASS / TIME, link.from_)
        if not ok or per is None or cf is None:
            return []
        out = []
        for i, commodity in enumerate(link.carries):
            cpath = (*path, "carries", i)
            info = self.commodities.get(commodity)
            if info is None:
                if commodity not in self.model.commodities:
                    self.error(
                        cpath, f"unknown commodity {commodity!r}{did_you_mean(commodity, self.commodities)}"
                    )
                continue
            if info.kind == "mass":
                unit_mass = Value(1.0, DIMENSIONLESS, cpath)
            elif info.mass_per_unit is not None:
                unit_mass = info.mass_per_unit
            else:
                self.error(
                    cpath, f"{commodity!r} has no mass, so a link cannot carry it", "a commodity with mass"
                )
                continue
            one = Value(1.0, info.dim, cpath)
            moved = [Flow(Node(commodity, link.from_), one)]
            for flow in inputs:  # per kg of payload → per unit of the commodity
                moved.append(Flow(flow.node, flow.amount.times(1.0 / per.si, unit_mass)))
            equipment = [Flow(f.node, f.amount.times(1.0, unit_mass)) for f in capital]
            out.append(
                ProcessInfo(
                    name=f"{name}:{commodity}",
                    location=link.to,
                    outputs=(Flow(Node(commodity, link.to), one),),
                    inputs=tuple(moved),
                    capital=tuple(equipment),
                    capacity=None if capacity is None else capacity.times(1.0 / unit_mass.si),
                    capacity_factor=cf,
                    lifetime=lifetime,
                    degradation=degradation,
                    description=link.description,
                    link=name,
                )
            )
        return out

    def _boundary(
        self, processes: Mapping[str, ProcessInfo]
    ) -> tuple[dict[Node, ResourceInfo], dict[Node, ImportInfo], dict[Node, Value]]:
        b = self.model.boundary
        resources: dict[Node, ResourceInfo] = {}
        imports: dict[Node, ImportInfo] = {}
        demand: dict[Node, Value] = {}
        for key, r in b.resources.items():
            path: Path = ("boundary", "resources", key)
            node = self.node(key, path, self.default_location)
            if node is None or node.commodity not in self.commodities:
                continue
            dim = self.commodities[node.commodity].dim
            limit = self.quantity(r.limit, (*path, "limit"), dim / TIME, low=0.0, what="limit")
            resources[node] = ResourceInfo(node, limit)
        for key, imp in b.imports.items():
            path = ("boundary", "imports", key)
            node = self.node(key, path, self.default_location)
            if node is None or node.commodity not in self.commodities:
                continue
            if node in resources:
                self.error(path, f"{node} is both a resource and an import", "one or the other")
                continue
            info = self.commodities[node.commodity]
            limit = self.quantity(imp.limit, (*path, "limit"), info.dim / TIME, low=0.0, what="limit")
            energy = self.quantity(
                imp.embodied_energy,
                (*path, "embodied_energy"),
                ENERGY / info.dim,
                low=0.0,
                what="embodied energy",
            )
            mass = self.quantity(
                imp.embodied_mass, (*path, "embodied_mass"), MASS / info.dim, low=0.0, what="mass"
            )
            if energy is None:
                energy = Value(
                    1.0 if info.kind == "energy" else 0.0, ENERGY / info.dim, (*path, "embodied_energy")
                )
                if info.kind != "energy":
                    self.warnings.append(f"import {node} has no embodied_energy: counted as 0 J per unit")
            if mass is None:
                default = (
                    1.0 if info.kind == "mass" else (info.mass_per_unit.si if info.mass_per_unit else 0.0)
                )
                mass = Value(default, MASS / info.dim, (*path, "embodied_mass"))
            imports[node] = ImportInfo(node, limit, energy, mass)
        for key, spec in b.demand.items():
            path = ("boundary", "demand", key)
            node = self.node(key, path, self.default_location)
            if node is None or node.commodity not in self.commodities:
                continue
            rate = self.quantity(
                spec, path, self.commodities[node.commodity].dim / TIME, low=0.0, what="demand"
            )
            if rate is not None:
                demand[node] = rate
        return resources, imports, demand

    def _check_supply(
        self,
        processes: Mapping[str, ProcessInfo],
        resources: Mapping[Node, ResourceInfo],
        imports: Mapping[Node, ImportInfo],
        demand: Mapping[Node, Value],
    ) -> None:
        """Every input must come from somewhere: a process output, a resource or an import."""
        produced = {f.node for p in processes.values() for f in p.outputs} | self._declared_outputs()
        supplied = produced | set(resources) | set(imports)
        for name, p in processes.items():
            base: Path = ("links", p.link) if p.link else ("processes", name)
            for section, flows in (("inputs", p.inputs), ("capital", p.capital)):
                for flow in flows:
                    if flow.node not in supplied:
                        where = (*base, section) if p.link else flow.amount.path
                        self.error(
                            where,
                            f"nothing produces {flow.node} and it is not a boundary resource or import",
                            "a process that outputs it, or an entry under boundary.imports or boundary.resources",
                        )
        for node, value in demand.items():
            if node not in produced and node not in imports:
                self.error(value.path, f"demand for {node}, which no process produces and nothing imports")

    def _declared_outputs(self) -> set[Node]:
        """Output nodes as written, also for processes that failed to resolve (so errors do not cascade)."""
        out: set[Node] = set()
        for p in self.model.processes.values():
            for key in p.outputs:
                match = s.FLOW_KEY.match(key)
                if match:
                    out.add(Node(match.group(1), match.group(2) or p.location or self.default_location))
        for link in self.model.links.values():
            out.update(Node(c, link.to) for c in link.carries)
        return out

    def _growth(self, processes: Mapping[str, ProcessInfo]) -> GrowthInfo | None:
        g = self.model.growth
        assert g is not None
        names = set(processes) | set(self.model.links)
        reinvest: dict[str, Value] = {}
        for key, spec in g.reinvest.items():
            path: Path = ("growth", "reinvest", key)
            if key not in names:
                if key not in self.model.processes:  # a defined process that failed has its own error
                    self.error(
                        path, f"unknown process {key!r}{did_you_mean(key, names)}", "a process or link name"
                    )
                continue
            v = self.quantity(spec, path, DIMENSIONLESS, low=0.0, high=1.0, what="share")
            if v is not None:
                reinvest[key] = v
        learning: dict[str, LearningInfo] = {}
        for key, spec_l in g.learning.items():
            path = ("growth", "learning", key)
            if key not in names:
                if key not in self.model.processes:  # a defined process that failed has its own error
                    self.error(
                        path, f"unknown process {key!r}{did_you_mean(key, names)}", "a process or link name"
                    )
                continue
            pr = self.quantity(
                spec_l.progress_ratio,
                (*path, "progress_ratio"),
                DIMENSIONLESS,
                low=0.0,
                high=1.0,
                strict_low=True,
                what="progress ratio",
            )
            floor = self.quantity(
                spec_l.floor,
                (*path, "floor"),
                DIMENSIONLESS,
                low=0.0,
                high=1.0,
                strict_low=True,
                what="floor",
            )
            cumulative = None
            if spec_l.cumulative is not None:
                made = (
                    MASS
                    if key in self.model.links
                    else self.commodities[processes[key].reference.node.commodity].dim
                )
                cumulative = self.quantity(
                    spec_l.cumulative,
                    (*path, "cumulative"),
                    made,
                    low=0.0,
                    strict_low=True,
                    what="cumulative output",
                )
            if pr is not None:
                learning[key] = LearningInfo(pr, tuple(spec_l.applies_to), floor, cumulative)
        milestones = []
        for i, ms in enumerate(g.milestones):
            path = ("growth", "milestones", i)
            dim = self._milestone_dim(ms, path, processes)
            threshold_spec = ms.at_least if ms.at_least is not None else ms.at_most
            key = "at_least" if ms.at_least is not None else "at_most"
            if dim is None:
                continue
            threshold = self.quantity(threshold_spec, (*path, key), dim, what="threshold")
            if threshold is not None:
                milestones.append(Milestone(ms.name, ms.metric, ms.of, threshold, ms.at_least is not None))
        demand_growth = self.quantity(
            g.demand_growth,
            ("growth", "demand_growth"),
            DIMENSIONLESS / TIME,
            low=-0.5 / SECONDS_PER_YEAR,
            high=1.0 / SECONDS_PER_YEAR,
            what="demand growth",
            bounds_text="between -50 %/yr and 100 %/yr",
        )
        baseline = self.quantity(
            g.baseline_power, ("growth", "baseline_power"), POWER, low=0.0, what="baseline power"
        )
        policy = self._policy(g, reinvest)
        lead_times: dict[str, Value] = {}
        for key, spec in g.lead_times.items():
            path = ("growth", "lead_times", key)
            if key not in names:
                self.error(
                    path, f"unknown process {key!r}{did_you_mean(key, names)}", "a process or link name"
                )
                continue
            lead = self.quantity(spec, path, TIME, low=0.0, high=50 * SECONDS_PER_YEAR, what="lead time")
            if lead is not None:
                lead_times[key] = lead
        return GrowthInfo(
            g.start,
            g.end,
            g.step,
            reinvest,
            learning,
            tuple(milestones),
            g.replace_retirements,
            demand_growth,
            baseline,
            policy,
            g.substeps,
            lead_times,
            g.retirement,
            self._demand_path(g),
            integrator=g.integrator,
        )

    def _demand_path(self, g: s.Growth) -> tuple[tuple[float, float], ...] | None:
        """The demand path as (year, factor) with factor = rate ÷ the good's boundary demand."""
        if g.demand_path is None:
            return None
        path: Path = ("growth", "demand_path")
        of = g.demand_path.of
        demanded = {node.commodity: value for node, value in self.final_demand.items()}
        if of not in demanded or demanded[of].si <= 0:
            self.error(
                (*path, "of"), f"{of!r} has no final demand in boundary.demand", "a demanded commodity"
            )
            return None
        if g.demand_growth is not None:
            self.error(path, "give either demand_growth or demand_path, not both", "one of them")
        out = []
        for year, spec in sorted(g.demand_path.points.items()):
            rate = self.quantity(
                spec,
                (*path, "points", year),
                self.commodities[of].dim / TIME,
                low=0.0,
                strict_low=True,
                what="rate",
            )
            if rate is not None:
                out.append((float(year), rate.si / demanded[of].si))
        return tuple(out) if len(out) >= 2 else None

    def _policy(self, g: s.Growth, reinvest: Mapping[str, Value]) -> str:
        """The investment policy; fixed shares only when asked for, and then summing to at most 1."""
        if g.policy is None and g.reinvest:
            self.error(
                ("growth", "reinvest"),
                "fixed reinvestment shares are no longer the default policy: add 'policy: shares' to keep them, "
                "or remove 'reinvest' to build in the proportions the loop needs (policy 'balanced')",
                "'policy: shares' beside 'reinvest'",
            )
        elif g.policy != "shares" and g.reinvest:
            self.error(
                ("growth", "reinvest"),
                f"reinvestment shares apply to policy 'shares' only, not {g.policy!r}",
                "no 'reinvest' (or 'policy: shares')",
            )
        if g.policy == "shares":
            total = sum(v.si for v in reinvest.values())
            if total > 1.0 + 1e-9:
                self.error(
                    ("growth", "reinvest"),
                    f"the reinvestment shares sum to {total:.4g}: they are shares of the spare capacity",
                    "shares that sum to at most 1",
                )
        if g.lead_times and g.policy != "demand":
            self.error(("growth", "lead_times"), "lead times apply to policy 'demand' only", "policy: demand")
        return g.policy or "balanced"

    def _milestone_dim(
        self, ms: s.Milestone, path: Path, processes: Mapping[str, ProcessInfo]
    ) -> pint.util.UnitsContainer | None:
        of = ms.of
        per = (
            TIME * TIME if ms.metric == "added_capacity" else TIME
        )  # capacity added per year: a rate of a rate
        if ms.metric in ("production", "capacity", "added_capacity"):
            if of is None:
                self.error(path, f"a {ms.metric!r} milestone needs 'of'", "a process or link name")
                return None
            if of in processes:
                ref = processes[of].reference.node.commodity
                return self.commodities[ref].dim / per
            if of in self.model.links:
                return MASS / per
            if of in self.commodities and ms.metric == "production":
                return self.commodities[of].dim / TIME
            if of in self.model.processes:
                return None  # defined, but it failed to resolve: its own error is reported
            choices = list(processes) + list(self.model.links)
            self.error(
                (*path, "of"),
                f"unknown process {of!r}{did_you_mean(str(of), choices)}",
                f"a process or link name for metric {ms.metric!r}",
            )
            return None
        if ms.metric == "import_share":
            if of is not None and of not in self.commodities:
                self.error((*path, "of"), f"unknown commodity {of!r}{did_you_mean(of, self.commodities)}")
                return None
            return DIMENSIONLESS
        if ms.metric == "power":
            if of is not None and of not in self.model.locations:
                self.error((*path, "of"), f"unknown location {of!r}{did_you_mean(of, self.model.locations)}")
                return None
            return POWER
        return DIMENSIONLESS  # kardashev
