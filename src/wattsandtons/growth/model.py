"""The growth model's arrays: structure shared by all members, coefficients per member.

*Plants* carry capacity: each process is its own plant, except the processes compiled from one transport link,
which share the link's plant (its capacity is a payload mass rate, shared by everything it carries). ``h[p]`` converts
a process's activity into its plant's capacity units (1, or the mass of one unit of the carried commodity).

Per-member coefficients are the network's central values with every sampled parameter applied through its
*bindings*: a matrix entry written as ``$param`` (or inline with a distribution) scales linearly with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from wattsandtons.errors import WattsAndTonsError
from wattsandtons.growth.sampling import ParameterSample
from wattsandtons.network import Network
from wattsandtons.scenario.model import Scenario, Value
from wattsandtons.timebase import SECONDS_PER_YEAR


class GrowthError(WattsAndTonsError):
    """A growth run that cannot be set up: no growth block, bad options, an unproductive loop."""


@dataclass(frozen=True)
class Structure:
    """What every member shares: indices, plant grouping, physics per node, the time axis."""

    net: Network
    plants: tuple[str, ...]
    plant_of: np.ndarray  # (processes,) plant index of each process
    h: np.ndarray  # (processes,) plant capacity units per unit of activity
    shares: np.ndarray  # (processes, nodes) supply shares of each produced node (fixed at the start)
    by_products: np.ndarray  # (nodes, processes)
    V: np.ndarray  # (nodes, processes) outputs per unit of activity
    boundary_energy: np.ndarray  # (nodes,) primary energy per unit drawn (resources) or imported (embodied)
    boundary_mass: np.ndarray  # (nodes,) mass per unit drawn / imported (embodied)
    limited: np.ndarray  # (nodes,) bool: boundary nodes with a draw limit
    fallback: (
        np.ndarray
    )  # (nodes,) bool: made in the loop and importable — imports cover what capacity cannot
    times: np.ndarray  # (steps,) decimal years at the start of each step
    dt: float  # s
    locations: tuple[str, ...]
    location_of: np.ndarray  # (processes,) location index
    learning: tuple[
        tuple[int, float, np.ndarray, bool], ...
    ]  # (process, floor, input nodes it scales, on capital?)
    policy: str = "balanced"  # balanced | demand | shares
    substeps: int = 1  # sub-steps (Heun's method) per record step
    lead: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (plants,) lead time [s] (policy demand)
    record_every: int = 1  # internal steps per recorded step (a year or quarter is simulated month by month)
    retirement: str = "first_order"  # first_order | fixed_life
    integrator: str = "heun"  # heun (second order) | euler (legacy: the PySD and hand-calculation anchor)

    def recorded(self) -> Structure:
        """The structure of the recorded results: every ``record_every``-th time, steps that much longer."""
        if self.record_every == 1:
            return self
        return replace(
            self,
            times=self.times[:: self.record_every],
            dt=self.dt * self.record_every,
            substeps=self.substeps * self.record_every,
            record_every=1,
        )

    @property
    def steps(self) -> int:
        return len(self.times)


@dataclass(frozen=True)
class Coefficients:
    """Per-member arrays (leading axis: member)."""

    U: np.ndarray  # (M, nodes, processes)
    K: np.ndarray  # (M, nodes, plants) capital per unit of plant capacity
    cf: np.ndarray  # (M, plants)
    lifetime: np.ndarray  # (M, plants) s
    degradation: np.ndarray  # (M, plants) 1/s
    capacity0: np.ndarray  # (M, plants) plant units
    demand: np.ndarray  # (M, nodes) rate at the start
    demand_growth: np.ndarray  # (M,) 1/s
    reinvest: np.ndarray  # (M, plants) shares
    limit: np.ndarray  # (M, nodes) draw limit per second (inf where none)
    baseline_power: np.ndarray  # (M,) W
    progress_ratio: np.ndarray  # (M, learners)
    history: np.ndarray = field(
        default_factory=lambda: np.zeros((1, 0))
    )  # (M, learners) output before the start

    @property
    def members(self) -> int:
        return int(self.U.shape[0])


#: Record steps a run may use, in seconds (a week is a 52nd of a year, so that steps fall on the year).
STEPS = {
    "year": SECONDS_PER_YEAR,
    "quarter": SECONDS_PER_YEAR / 4,
    "month": SECONDS_PER_YEAR / 12,
    "week": SECONDS_PER_YEAR / 52,
}
#: Longest internal step: coefficients are re-solved and milestones found at least this often.
INTERNAL_STEP = SECONDS_PER_YEAR / 12
#: Longest default sub-step (a 120th of a year, about 3 days; Heun's method): the error is in docs/growth.md.
SUBSTEP_S = SECONDS_PER_YEAR / 120


def build_structure(
    net: Network, until: int | None = None, step: str | None = None, substeps: int | None = None
) -> Structure:
    """Shared structure of a growth run from ``growth.start`` to ``until`` (default ``growth.end``), exclusive.

    ``step`` (year, quarter, month, week) and ``substeps`` override the scenario's; by default each record step is
    integrated in sub-steps of at most :data:`SUBSTEP_S`. Steps longer than :data:`INTERNAL_STEP` (year, quarter)
    are simulated month by month — coefficients (learning, import shares) are re-solved and milestones found on
    that grid — and recorded as means over the longer step, so the answer does not depend on the step recorded.
    """
    scenario = net.scenario
    growth = scenario.growth
    if growth is None:
        raise GrowthError(
            f"scenario {scenario.name} has no 'growth' block: add start, end and reinvest shares"
        )
    end = growth.end if until is None else until
    if end <= growth.start:
        raise GrowthError(f"--until {end} must be after the growth start year {growth.start}")
    plants: list[str] = []
    plant_of = np.empty(net.n_processes, dtype=np.intp)
    h = np.ones(net.n_processes)
    for j, name in enumerate(net.processes):
        info = scenario.processes[name]
        plant = info.link or name
        if plant not in plants:
            plants.append(plant)
        plant_of[j] = plants.index(plant)
        if info.link:
            h[j] = net.mass_per_unit[net.reference[j]]
    from wattsandtons.balance import (
        by_products as by_products_of,
    )  # the balance's supply split
    from wattsandtons.balance import (
        supply_shares,
    )

    shares = supply_shares(net).toarray()
    by_products = by_products_of(net).toarray()
    step = step or growth.step
    if step not in STEPS:
        raise GrowthError(f"unknown step {step!r}: use one of {', '.join(STEPS)}")
    record_every = max(1, round(STEPS[step] / INTERNAL_STEP))
    dt = STEPS[step] / record_every
    substeps = substeps or growth.substeps or max(1, int(np.ceil(dt / SUBSTEP_S - 1e-9)))
    if not 1 <= substeps <= 10_000:
        raise GrowthError(f"substeps must be between 1 and 10,000, got {substeps}")
    steps = round((end - growth.start) * SECONDS_PER_YEAR / dt)
    times = growth.start + np.arange(steps) * dt / SECONDS_PER_YEAR
    locations = tuple(scenario.locations)
    location_of = np.array(
        [locations.index(scenario.processes[p].location) for p in net.processes], dtype=np.intp
    )
    boundary_energy = np.where(
        net.is_resource, net.energy_per_unit, np.where(net.is_import, net.import_energy, 0.0)
    )
    boundary_mass = np.where(
        net.is_resource, net.mass_per_unit, np.where(net.is_import, net.import_mass, 0.0)
    )
    limited = np.zeros(net.n_nodes, dtype=bool)
    for i, node in enumerate(net.nodes):
        entry = scenario.imports.get(node) or scenario.resources.get(node)
        limited[i] = entry is not None and entry.limit is not None
    learning = []
    index = net.process_index()
    for name, spec in growth.learning.items():
        members = [index[p] for p in net.processes if p == name or scenario.processes[p].link == name]
        floor = spec.floor.si if spec.floor is not None else 0.0
        energy = net.energy_per_unit > 0  # energy commodities and fuels
        input_nodes = np.zeros(net.n_nodes, dtype=bool)
        if "inputs" in spec.applies_to:
            input_nodes[:] = True
        if "energy_inputs" in spec.applies_to:
            input_nodes |= energy
        if "material_inputs" in spec.applies_to:
            input_nodes |= (net.mass_per_unit > 0) & ~energy
        for j in members:
            learning.append((j, floor, input_nodes, "capital" in spec.applies_to))
    return Structure(
        net=net,
        plants=tuple(plants),
        plant_of=plant_of,
        h=h,
        shares=shares,
        by_products=by_products,
        V=net.V.toarray(),
        boundary_energy=boundary_energy,
        boundary_mass=boundary_mass,
        limited=limited,
        fallback=net.is_import & np.isin(np.arange(net.n_nodes), net.reference),
        times=times,
        dt=dt,
        locations=locations,
        location_of=location_of,
        learning=tuple(learning),
        policy=growth.policy,
        substeps=substeps,
        lead=np.array([growth.lead_times[p].si if p in growth.lead_times else 0.0 for p in plants]),
        record_every=record_every,
        retirement=growth.retirement,
        integrator=growth.integrator,
    )


def _bind(value: Value, sample: ParameterSample, centrals: dict[str, float]) -> np.ndarray | None:
    """Per-member value of a number bound to sampled parameters (``scale × Π params``); None if none is sampled."""
    if not any(p in sample.names for p in value.params):
        return None
    out = np.full(sample.members, value.scale)
    for p in value.params:
        out = out * (sample.values[:, sample.names.index(p)] if p in sample.names else centrals[p])
    return out


def build_coefficients(structure: Structure, sample: ParameterSample) -> Coefficients:
    """Coefficient arrays for the members of ``sample`` (central values where nothing is sampled)."""
    net = structure.net
    scenario: Scenario = net.scenario
    growth = scenario.growth
    assert growth is not None
    M, n_nodes, n_proc, n_plants = sample.members, net.n_nodes, net.n_processes, len(structure.plants)
    node_index, plants = net.node_index(), structure.plants
    centrals = {name: param.central for name, param in scenario.parameters.items()}

    def bind(value: Value) -> np.ndarray | None:
        return _bind(value, sample, centrals)

    U = np.broadcast_to(net.U.toarray(), (M, n_nodes, n_proc)).copy()
    K = np.zeros((M, n_nodes, n_plants))
    cf = np.empty((M, n_plants))
    lifetime = np.empty((M, n_plants))
    degradation = np.zeros((M, n_plants))
    capacity0 = np.zeros((M, n_plants))
    seen_plant: set[int] = set()
    for j, name in enumerate(net.processes):
        info = scenario.processes[name]
        g, h = structure.plant_of[j], structure.h[j]
        for flow in info.inputs:
            i = node_index[flow.node]
            bound = bind(flow.amount)
            if bound is not None:
                U[:, i, j] = bound
        if g in seen_plant:  # a link's second carried commodity: plant data already set
            continue
        seen_plant.add(g)
        for flow in info.capital:  # per unit of process capacity → per unit of plant capacity
            i = node_index[flow.node]
            bound = bind(flow.amount)
            K[:, i, g] = (bound if bound is not None else flow.amount.si) / h
        for target, value, default in (
            (cf, info.capacity_factor, 1.0),
            (lifetime, info.lifetime, np.inf),
            (degradation, info.degradation, 0.0),
            (capacity0, info.capacity, 0.0),
        ):
            if value is None:
                target[:, g] = default
                continue
            bound = bind(value)
            target[:, g] = bound if bound is not None else value.si
        capacity0[:, g] *= h
    if np.any(cf <= 0) or np.any(cf > 1) or np.any(lifetime <= 0) or np.any(capacity0 < 0):
        raise GrowthError(
            "a sampled capacity factor, lifetime or capacity left its valid range: narrow its distribution"
        )

    demand = np.broadcast_to(net.demand, (M, n_nodes)).copy()
    for node, value in scenario.demand.items():
        bound = bind(value)
        if bound is not None:
            demand[:, node_index[node]] = bound
    limit = np.full((M, n_nodes), np.inf)
    limits = [(n, e.limit) for n, e in scenario.imports.items()] + [
        (n, e.limit) for n, e in scenario.resources.items()
    ]
    for node, cap in limits:
        if cap is not None:
            bound = bind(cap)
            limit[:, node_index[node]] = bound if bound is not None else cap.si
    reinvest = np.zeros((M, n_plants))
    for name, value in growth.reinvest.items():
        bound = bind(value)
        reinvest[:, plants.index(name)] = bound if bound is not None else value.si
    reinvest = np.clip(reinvest, 0.0, 1.0)

    def scalar(value: Value | None) -> np.ndarray:
        if value is None:
            return np.zeros(M)
        bound = bind(value)
        return bound if bound is not None else np.full(M, value.si)

    progress = np.empty((M, len(structure.learning)))
    history = np.zeros((M, len(structure.learning)))
    for k, (j, *_rest) in enumerate(structure.learning):
        name = net.processes[j]
        spec = growth.learning.get(name) or growth.learning[scenario.processes[name].link or name]
        progress[:, k] = scalar(spec.progress_ratio)
        history[:, k] = scalar(spec.cumulative) / structure.h[j]
    return Coefficients(
        U=U,
        K=K,
        cf=cf,
        lifetime=lifetime,
        degradation=degradation,
        capacity0=capacity0,
        demand=demand,
        demand_growth=scalar(growth.demand_growth),
        reinvest=reinvest,
        limit=limit,
        baseline_power=scalar(growth.baseline_power),
        progress_ratio=progress,
        history=history,
    )
