"""The compiled numeric form of a scenario: indices and sparse matrices over nodes × processes.

A *node* is a commodity at a location (``chip@earth``); a process's *activity* is measured in SI units of its
reference product, so every column below is "per unit of that product".

========  ===========================  ===================================================================
matrix    shape                        meaning
========  ===========================  ===================================================================
``V``     nodes × processes            outputs per unit of activity (the reference entry is 1)
``U``     nodes × processes            inputs per unit of activity
``K``     nodes × processes            capital per unit of capacity (capacity = activity per second)
``Kam``   nodes × processes            capital amortised per unit of activity: ``K / (cf · lifetime)``
========  ===========================  ===================================================================

Vectors over nodes carry the physics of each commodity (energy and mass per SI unit) and its role at the boundary;
vectors over processes carry capacity, capacity factor and lifetime. Everything is SI.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from wattsandtons.errors import WattsAndTonsError
from wattsandtons.scenario.model import Node, Scenario

FloatArray = np.ndarray


@dataclass(frozen=True)
class Network:
    """A scenario as arrays. Build with :func:`compile_network`."""

    scenario: Scenario
    processes: tuple[str, ...]
    nodes: tuple[Node, ...]
    V: sp.csc_array
    U: sp.csc_array
    K: sp.csc_array
    reference: np.ndarray  # node index of each process's reference product
    capacity: FloatArray  # installed activity rate at the start [unit/s]; 0 where not given
    capacity_factor: FloatArray
    lifetime: FloatArray  # [s]; inf where not given
    energy_per_unit: FloatArray  # J per SI unit of each node's commodity
    mass_per_unit: FloatArray  # kg per SI unit
    is_resource: np.ndarray  # bool per node
    is_import: np.ndarray  # bool per node
    import_energy: FloatArray  # embodied primary energy per unit of an import [J/unit]; 0 elsewhere
    import_mass: FloatArray  # embodied mass per unit of an import [kg/unit]; 0 elsewhere
    demand: FloatArray  # final demand rate per node [unit/s]

    @property
    def n_nodes(self) -> int:
        return len(self.nodes)

    @property
    def n_processes(self) -> int:
        return len(self.processes)

    def node_index(self) -> dict[Node, int]:
        return {node: i for i, node in enumerate(self.nodes)}

    def process_index(self) -> dict[str, int]:
        return {name: j for j, name in enumerate(self.processes)}

    @property
    def Kam(self) -> sp.csc_array:
        """Capital per unit of activity: each unit of capacity runs ``cf · lifetime`` units over its life."""
        life_activity = self.capacity_factor * self.lifetime
        scale = np.where(np.isfinite(life_activity) & (life_activity > 0), 1.0 / life_activity, 0.0)
        return sp.csc_array(self.K @ sp.diags_array(scale))

    def demand_vector(self, demand: dict[Node, float]) -> FloatArray:
        """A demand mapping (node → rate in SI units per second) as a vector over nodes."""
        index = self.node_index()
        y = np.zeros(self.n_nodes)
        for node, rate in demand.items():
            y[index[node]] = rate
        return y


def compile_network(scenario: Scenario) -> Network:
    """Index a validated scenario's nodes and processes and build its sparse coefficient matrices."""
    nodes = tuple(scenario.nodes())
    index = {node: i for i, node in enumerate(nodes)}
    processes = tuple(scenario.processes)

    def matrix(section: str) -> sp.csc_array:
        rows, cols, vals = [], [], []
        for j, name in enumerate(processes):
            for flow in getattr(scenario.processes[name], section):
                rows.append(index[flow.node])
                cols.append(j)
                vals.append(flow.amount.si)
        return sp.csc_array((vals, (rows, cols)), shape=(len(nodes), len(processes)))

    infos = [scenario.processes[name] for name in processes]
    commodities = [scenario.commodities[node.commodity] for node in nodes]
    is_import = np.array([node in scenario.imports for node in nodes], dtype=bool)
    import_energy = np.array(
        [scenario.imports[n].embodied_energy.si if n in scenario.imports else 0.0 for n in nodes], dtype=float
    )
    import_mass = np.array(
        [scenario.imports[n].embodied_mass.si if n in scenario.imports else 0.0 for n in nodes], dtype=float
    )
    demand = np.zeros(len(nodes))
    for node, value in scenario.demand.items():
        demand[index[node]] = value.si
    network = Network(
        scenario=scenario,
        processes=processes,
        nodes=nodes,
        V=matrix("outputs"),
        U=matrix("inputs"),
        K=matrix("capital"),
        reference=np.array([index[p.reference.node] for p in infos], dtype=np.intp),
        capacity=np.array([p.capacity.si if p.capacity is not None else 0.0 for p in infos]),
        capacity_factor=np.array([p.capacity_factor.si for p in infos]),
        lifetime=np.array([p.lifetime.si if p.lifetime is not None else np.inf for p in infos]),
        energy_per_unit=np.array([c.energy_per_unit for c in commodities]),
        mass_per_unit=np.array([c.mass_per_si_unit for c in commodities]),
        is_resource=np.array([node in scenario.resources for node in nodes], dtype=bool),
        is_import=is_import,
        import_energy=import_energy,
        import_mass=import_mass,
        demand=demand,
    )
    _check(network)
    return network


class NetworkError(WattsAndTonsError):
    """A compiled network breaks one of its invariants (a bug in the compiler, never bad user input)."""


def _check(net: Network) -> None:
    """Invariants of a compiled network, checked on the stored entries only (``O(nnz)``, never densified)."""
    n, m = net.n_nodes, net.n_processes
    if not net.V.shape == net.U.shape == net.K.shape == (n, m):
        raise NetworkError(f"matrix shapes {net.V.shape}, {net.U.shape}, {net.K.shape} are not ({n}, {m})")
    reference_out = np.asarray(net.V[net.reference, np.arange(m)]).ravel() if m else np.zeros(0)
    if not np.allclose(reference_out, 1.0):
        raise NetworkError("reference outputs must be normalised to 1")
    if np.any(net.is_resource & net.is_import):
        raise NetworkError("a node is a resource or an import, never both")
    if not np.all((net.capacity_factor > 0) & (net.capacity_factor <= 1)):
        raise NetworkError("capacity factors must lie in (0, 1]")
    if not np.all(net.lifetime > 0):
        raise NetworkError("lifetimes must be positive")
    for array in (net.V, net.U, net.K):
        if not (np.all(np.isfinite(array.data)) and np.all(array.data >= 0)):
            raise NetworkError("coefficients must be finite and non-negative")
