"""Steady state of a loop for a final demand: activities, embodied intensities, statements, closure and EROI.

Method (input–output, Miller & Blair 2009, ch. 2 and 5; system expansion as in ISO 14044 §4.3.4.2)
-------------------------------------------------------------------------------------------------------
Every node (commodity@location) that is some process's reference product is *produced* in the loop. Where several
processes share a reference product, supply is split between them in proportion to their installed production
(capacity × capacity factor). With ``S`` (processes × nodes) holding those shares, the activities ``x`` [unit/s] meet
the demand ``y`` [unit/s]:

    x = S (y + (U + Kam − B) x)   ⇒   (I − A) x = S y,   A = S (U + Kam − B)

``Kam`` is capital amortised over lifetime (capital per unit of capacity ÷ (capacity factor × lifetime [s]); the
steady-state convention: equipment is replaced as it retires). ``B`` holds by-products:

* ``allocation="system_expansion"`` (default): a by-product displaces the loop's own production of that commodity
  (``B`` enters ``A`` with a minus sign), or the draw of a boundary commodity. If a by-product exceeds what the loop
  needs, the displaced producer runs at negative activity ("avoided production") — reported as a warning.
* ``allocation="cut_off"``: the reference product carries every burden; by-products leave the loop as surplus.

Nodes nobody produces are drawn across the boundary: *resources* from nature (sunlight, ore) or *imports* from the
outside economy. Embodied intensities come from transposed solves (no inverse is formed), with direct draws per
process of primary energy (energy resources plus the declared embodied energy of imports) and of mass (mass
resources plus imports' embodied mass).

EROI convention (net-energy analysis, Murphy & Hall 2010): energy invested is the energy carriers (non-resource
commodities with energy content) used along the whole supply chain, plus the embodied energy of imported goods, per
unit of *gross* output (a maker's own product used along its own chain is counted once); EROI = energy out ÷
energy invested, so a plant with only capital inputs has EROI = lifetime output ÷ embodied energy. Energy payback
time = energy invested in one unit of capacity's capital ÷ that capacity's yearly output. The loop's EROI is gross
generation ÷ energy invested in it; net energy = generation − invested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from wattsandtons.balance.leontief import (
    Method,
    UnproductiveError,
    balancing_scale,
    choose_method,
    embodied_intensities,
    leontief_solve,
)
from wattsandtons.errors import WattsAndTonsError
from wattsandtons.network import Network, compile_network
from wattsandtons.scenario.model import Node, Scenario
from wattsandtons.statement import Line, Quantity, Statement
from wattsandtons.timebase import SECONDS_PER_YEAR

Allocation = Literal["system_expansion", "cut_off"]
ALLOCATIONS: tuple[str, ...] = ("system_expansion", "cut_off")
#: Relative tolerance for "this is zero" in node balances (the solvers reach ~1e-12).
TOLERANCE = 1e-9
#: Largest loop solved by dense LU, accurate node by node (a 500 × 500 LU takes milliseconds and 2 MB); larger
#: ones by ``method="auto"``, accurate to 1e-12 in the balanced norm, i.e. relative to the largest activity
#: once scaled – a node whose activity is 1e-7 of the largest carries about 1e-5 of relative error.
DENSE_BALANCE_MAX_N = 500


class BalanceError(WattsAndTonsError):
    """A balance that cannot be computed: an unproductive loop, a shortage, an ambiguous producer."""


@dataclass(frozen=True)
class Balance:
    """The steady state of a loop for one final demand. Rates are SI per second; statements cover ``period_s``."""

    network: Network
    allocation: str
    period_s: float
    demand: np.ndarray  # per node [unit/s]
    activity: np.ndarray  # per process [unit of reference product / s]
    production: np.ndarray  # per node: V x
    use: np.ndarray  # per node: U x
    capital_use: np.ndarray  # per node: Kam x
    draw: np.ndarray  # per node: drawn across the boundary
    surplus: np.ndarray  # per node: leaves the loop unused (by-products, surplus)
    intensity_energy: np.ndarray  # per node: embodied primary energy [J per SI unit]
    intensity_mass: np.ndarray  # per node: embodied mass drawn [kg per SI unit]
    intensity_carrier: np.ndarray  # per node: energy carriers used along the chain [J per SI unit]
    statements: dict[str, Statement]
    eroi: pd.DataFrame
    closure: pd.DataFrame
    open_inputs: pd.DataFrame
    verdict: str
    loop_eroi: float
    net_energy: float  # W
    primary_energy: float  # W, whole footprint of the demand
    mass_drawn: float  # kg/s
    solver: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def scenario(self) -> Scenario:
        return self.network.scenario

    # -- tables ---------------------------------------------------------------------------------------------------
    def activities(self) -> pd.DataFrame:
        """Per process: activity as a production rate of its reference product, and utilisation of capacity."""
        net = self.network
        rows = []
        for j, name in enumerate(net.processes):
            ref = net.nodes[net.reference[j]]
            cap = net.capacity[j] * net.capacity_factor[j]
            rows.append(
                {
                    "process": name,
                    "reference": str(ref),
                    "unit": self.scenario.commodities[ref.commodity].unit,
                    "activity_per_s": self.activity[j],
                    "utilisation": self.activity[j] / cap if cap > 0 else math.nan,
                }
            )
        return pd.DataFrame(rows)

    def intensities(self) -> pd.DataFrame:
        """Per commodity node: embodied primary energy and mass per SI unit, and the node's role."""
        net = self.network
        produced = np.zeros(net.n_nodes, dtype=bool)
        produced[net.reference] = True
        rows = []
        for i, node in enumerate(net.nodes):
            role = (
                "resource"
                if net.is_resource[i]
                else "import"
                if net.is_import[i]
                else "made"
                if produced[i]
                else "by-product"
            )
            rows.append(
                {
                    "node": str(node),
                    "commodity": node.commodity,
                    "role": role,
                    "unit": self.scenario.commodities[node.commodity].unit,
                    "energy_J_per_unit": self.intensity_energy[i],
                    "mass_kg_per_unit": self.intensity_mass[i],
                    "carrier_energy_J_per_unit": self.intensity_carrier[i],
                }
            )
        return pd.DataFrame(rows)

    def flows(self) -> pd.DataFrame:
        """Flows for a Sankey diagram over the period: source, target, commodity, amount (SI) and unit.

        Each use of a node is split between the node's suppliers (producing processes, nature, imports) in
        proportion to what each supplies.
        """
        net = self.network
        V = (net.V @ sp.diags_array(self.activity)).tocsr()
        U = (net.U @ sp.diags_array(self.activity)).tocsr()
        Kam = (net.Kam @ sp.diags_array(self.activity)).tocsr()
        rows = []
        for i, node in enumerate(net.nodes):
            suppliers = [
                (net.processes[j], v) for j, v in zip(V[[i], :].indices, V[[i], :].data, strict=True) if v > 0
            ]
            if self.draw[i] > 0:
                suppliers.append(("nature" if net.is_resource[i] else "imports", self.draw[i]))
            users = [
                (net.processes[j], u) for j, u in zip(U[[i], :].indices, U[[i], :].data, strict=True) if u > 0
            ]
            users += [
                (f"{net.processes[j]} (capital)", k)
                for j, k in zip(Kam[[i], :].indices, Kam[[i], :].data, strict=True)
                if k > 0
            ]
            if self.demand[i] > 0:
                users.append(("final demand", self.demand[i]))
            if self.surplus[i] > 0:
                users.append(("exported surplus", self.surplus[i]))
            total = sum(amount for _, amount in suppliers)
            if total <= 0:
                continue
            unit = _si_unit_name(self.scenario, node.commodity)
            for source, supplied in suppliers:
                for target, used in users:
                    rows.append(
                        {
                            "source": source,
                            "target": target.removesuffix(" (capital)"),
                            "commodity": str(node),
                            "capital": target.endswith(" (capital)"),
                            "amount": used * supplied / total * self.period_s,
                            "unit": unit,
                            "energy_J": used * supplied / total * self.period_s * net.energy_per_unit[i],
                            "mass_kg": used * supplied / total * self.period_s * net.mass_per_unit[i],
                        }
                    )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-able data, with units in field names."""
        return {
            "scenario": self.scenario.name,
            "allocation": self.allocation,
            "solver": self.solver,
            "period_s": self.period_s,
            "verdict": self.verdict,
            "primary_energy_W": self.primary_energy,
            "mass_drawn_kg_per_s": self.mass_drawn,
            "loop_eroi": _json_float(self.loop_eroi),
            "net_energy_W": self.net_energy,
            "warnings": list(self.warnings),
            "activities": _records(self.activities()),
            "intensities": _records(self.intensities()),
            "closure": _records(self.closure),
            "open_inputs": _records(self.open_inputs),
            "eroi": _records(self.eroi),
            "statements": {key: statement.to_dict() for key, statement in self.statements.items()},
        }

    # -- notebook: short repr, HTML table, labelled data, the report's figures --------------------------------------
    def __repr__(self) -> str:
        from wattsandtons.units import format_quantity

        return (
            f"<Balance {self.scenario.name}: {len(self.network.processes)} processes, primary energy "
            f"{format_quantity(self.primary_energy, '[power]')}, mass drawn "
            f"{format_quantity(self.mass_drawn * self.period_s, '[mass]')}/yr, loop EROI {self.loop_eroi:.3g}>"
        )

    def _repr_html_(self) -> str:
        from wattsandtons.notebook import html_table

        return html_table(self.to_frame(), repr(self)[1:-1]) + f"<p>{self.verdict}</p>"

    def to_frame(self) -> pd.DataFrame:
        """Per process: what it makes, its activity [reference unit/s] and utilisation, indexed by process."""
        return self.activities().set_index("process")

    def to_xarray(self) -> Any:
        """Per node and per process arrays as an ``xarray.Dataset``; SI units, each node's unit as coordinate."""
        import xarray as xr

        net = self.network
        nodes = [str(n) for n in net.nodes]
        units = [_si_unit_name(self.scenario, n.commodity) for n in net.nodes]
        per_node = {
            "demand": self.demand,
            "production": self.production,
            "use": self.use,
            "capital_use": self.capital_use,
            "draw": self.draw,
            "surplus": self.surplus,
        }
        data = {
            name: ("node", values, {"description": f"{name} per second"}) for name, values in per_node.items()
        }
        data["intensity_energy"] = ("node", self.intensity_energy, {"description": "embodied primary energy"})
        data["intensity_mass"] = ("node", self.intensity_mass, {"description": "embodied mass drawn"})
        data["activity"] = ("process", self.activity, {"description": "reference product per second"})
        from wattsandtons.outputs import cf_unit

        coords = {
            "node": nodes,
            "node_unit": ("node", [cf_unit(f"{u}/s") for u in units]),
            "process": list(net.processes),
        }
        return xr.Dataset(data, coords=coords, attrs={"scenario": self.scenario.name, "conventions": "SI"})

    def plot(self, quantity: str = "energy") -> Any:
        """The report's Sankey diagram of ``"energy"`` or ``"mass"`` flows (a Plotly figure)."""
        from wattsandtons.report.figures import sankey

        return sankey(self, quantity)[0]


def _json_float(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (_json_float(v) if isinstance(v, float) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _si_unit_name(scenario: Scenario, commodity: str) -> str:
    from wattsandtons.units import si_unit

    return f"{si_unit(scenario.commodities[commodity].dim):~P}" or "1"


# -- the computation --------------------------------------------------------------------------------------------------
def solve_balance(
    scenario: Scenario | Network,
    demand: dict[Node, float] | None = None,
    *,
    allocation: Allocation = "system_expansion",
    period_s: float = SECONDS_PER_YEAR,
) -> Balance:
    """Compute the steady state of a loop for a final demand.

    Parameters
    ----------
    scenario : Scenario or Network
        A validated scenario (compiled here) or an already compiled network.
    demand : dict of Node → float, optional
        Final demand rates [SI unit of the commodity / s]; the scenario's ``boundary.demand`` when omitted.
    allocation : {"system_expansion", "cut_off"}
        How by-products are treated (see the module docstring).
    period_s : float
        Period the statements cover [s]; one year by default.
    """
    if allocation not in ALLOCATIONS:
        raise BalanceError(f"unknown allocation {allocation!r} (expected one of {', '.join(ALLOCATIONS)})")
    net = scenario if isinstance(scenario, Network) else compile_network(scenario)
    y = net.demand.copy() if demand is None else net.demand_vector(demand)
    if not np.any(y > 0):
        raise BalanceError("the final demand is empty: give boundary.demand in the scenario or --demand")
    warnings: list[str] = list(net.scenario.warnings)

    S = supply_shares(net)
    Kam = net.Kam
    byproducts = by_products(net)
    consumed = sp.csc_array(net.U + Kam)
    net_use = consumed - byproducts if allocation == "system_expansion" else consumed
    A = sp.csc_array(S @ net_use)
    # SI coefficients span ~40 orders of magnitude (chips per FLOP next to joules per tonne); solve the similar
    # system T⁻¹ A T, whose spectral radius (productivity) is the same and whose conditioning is sane.
    t = balancing_scale(A)
    A_scaled = sp.csc_array(sp.diags_array(1.0 / t) @ A @ sp.diags_array(t))
    method: Method = "dense" if net.n_processes <= DENSE_BALANCE_MAX_N else "auto"
    method_used = method if method != "auto" else choose_method(A_scaled)
    x = t * _activities(net, A_scaled, (S @ y) / t, method)
    warnings += _avoided_production(net, x)

    production = net.V @ x
    use = net.U @ x
    capital_use = Kam @ x
    # A produced node's supply meets its need by construction of A; only its by-products under cut-off leave.
    byproduct_surplus = byproducts @ x if allocation == "cut_off" else np.zeros(net.n_nodes)
    draw, surplus = _boundary(net, production, use + capital_use + y, byproduct_surplus)

    # Embodied intensities: primary energy, mass drawn, and energy carriers used (for EROI), by transposed solves.
    boundary = net.is_resource | net.is_import
    (e_node, m_node, f_node), direct = _direct_draws(net, net_use, consumed)
    per_process = _intensities(net, A_scaled, direct * t, method) / t
    node_intensity = (S.T @ per_process.T).T  # produced nodes: share-weighted producers
    node_intensity[0, boundary] = e_node[boundary]
    node_intensity[1, boundary] = m_node[boundary]
    node_intensity[2, net.is_import] = f_node[net.is_import]
    primary = float(direct[0] @ x + e_node[boundary] @ y[boundary])
    mass_drawn = float(direct[1] @ x + m_node[boundary] @ y[boundary])
    _check_intensities(net, per_process, S, x, y, direct, primary)

    statements, more = _statements(net, x, y, draw, surplus, Kam, period_s)
    warnings += more
    closure, open_inputs, verdict = _closure(net, production, draw, primary, mass_drawn)
    gross_up = _gross_up(net, A_scaled, t, method)
    eroi, loop_eroi, net_energy = _eroi(net, x, per_process[2], node_intensity[2], gross_up)
    return Balance(
        network=net,
        allocation=allocation,
        period_s=period_s,
        demand=y,
        activity=x,
        production=production,
        use=use,
        capital_use=capital_use,
        draw=draw,
        surplus=surplus,
        intensity_energy=node_intensity[0],
        intensity_mass=node_intensity[1],
        intensity_carrier=node_intensity[2],
        statements=statements,
        eroi=eroi,
        closure=closure,
        open_inputs=open_inputs,
        verdict=verdict,
        loop_eroi=loop_eroi,
        net_energy=net_energy,
        primary_energy=primary,
        mass_drawn=mass_drawn,
        solver=method_used,
        warnings=tuple(warnings),
    )


def _avoided_production(net: Network, x: np.ndarray) -> list[str]:
    """The warning for processes at negative activity (by-products displacing more than the loop needs)."""
    if not np.any(x < -TOLERANCE * max(np.abs(x).max(), 1e-300)):
        return []
    negative = [net.processes[j] for j in np.flatnonzero(x < 0)]
    return [
        "system expansion: by-products exceed what the loop needs, so "
        + ", ".join(negative)
        + " run at negative activity (avoided production); use allocation 'cut_off' to let them leave as surplus"
    ]


def _direct_draws(
    net: Network, net_use: sp.csc_array, consumed: sp.csc_array
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """Per node: primary energy [J/unit], mass [kg/unit] and carrier energy [J/unit] counted at the boundary; and
    per process the direct draws of each [3, processes]. Carrier energy is counted where it is used, whoever made
    it; the others only where they cross the boundary."""
    boundary = net.is_resource | net.is_import
    e_node = np.where(net.is_resource, net.energy_per_unit, np.where(net.is_import, net.import_energy, 0.0))
    m_node = np.where(net.is_resource, net.mass_per_unit, np.where(net.is_import, net.import_mass, 0.0))
    carrier = (~net.is_resource) & (net.energy_per_unit > 0)
    f_node = np.where(carrier, net.energy_per_unit, np.where(net.is_import, net.import_energy, 0.0))
    direct = np.vstack(
        [
            e_node @ (net_use.multiply(boundary[:, None])),
            m_node @ (net_use.multiply(boundary[:, None])),
            f_node @ (consumed.multiply((carrier | net.is_import)[:, None])),
        ]
    )
    return (e_node, m_node, f_node), direct


def _gross_up(net: Network, A_scaled: sp.csc_array, t: np.ndarray, method: Method) -> np.ndarray:
    """``L_pp`` per energy maker: its gross output per unit delivered (its own use along its chain); 0 elsewhere.

    One solve with a unit column per maker: ``O(n · makers)`` memory, so a loop with thousands of energy makers
    pays for it here.
    """
    makers = np.flatnonzero(net.energy_per_unit @ net.V > 0)
    gross_up = np.zeros(net.n_processes)
    if len(makers):
        unit_columns = np.zeros((net.n_processes, len(makers)))
        unit_columns[makers, np.arange(len(makers))] = 1.0
        solved = t[:, None] * _activities(net, A_scaled, unit_columns / t[:, None], method)
        gross_up[makers] = solved[makers, np.arange(len(makers))]
    return gross_up


def supply_shares(net: Network) -> sp.csc_array:
    """Processes × nodes: the share of each produced node's supply that each of its producers makes.

    A node made by one process gets share 1; a node made by several is split in proportion to installed
    production (capacity × capacity factor). Raises :class:`BalanceError` when such a producer has no capacity.
    """
    weights = np.ones(net.n_processes)
    per_node = np.bincount(net.reference, minlength=net.n_nodes)
    shared = per_node[net.reference] > 1  # processes whose reference product has other producers too
    installed = net.capacity * net.capacity_factor
    weights[shared] = installed[shared]
    for i in np.unique(net.reference[shared & (installed <= 0)]):
        names = ", ".join(net.processes[j] for j in np.flatnonzero(net.reference == i))
        raise BalanceError(
            f"{net.nodes[i]} is the reference product of several processes ({names}): give each an installed "
            "capacity so that supply can be split between them by installed production"
        )
    totals = np.bincount(net.reference, weights=weights, minlength=net.n_nodes)
    values = weights / totals[net.reference]
    return sp.csc_array(
        (values, (np.arange(net.n_processes), net.reference)), shape=(net.n_processes, net.n_nodes)
    )


def by_products(net: Network) -> sp.csc_array:
    """Nodes × processes: ``V`` without each process's reference entry (outputs per unit of activity)."""
    ref = sp.csc_array(
        (np.ones(net.n_processes), (net.reference, np.arange(net.n_processes))), shape=net.V.shape
    )
    out = sp.csc_array(net.V - ref.multiply(net.V))
    out.eliminate_zeros()
    return out


# Former names kept while growth imports them from here (growth/core.py, growth/model.py); remove after it switches.


def _intensities(net: Network, A: sp.csc_array, direct: np.ndarray, method: Method) -> np.ndarray:
    try:
        return np.asarray(embodied_intensities(A, direct, method=method), dtype=float)
    except UnproductiveError as exc:
        raise _unproductive(net, exc) from None


def _activities(net: Network, A: sp.csc_array, y_processes: np.ndarray, method: Method) -> np.ndarray:
    try:
        return np.asarray(leontief_solve(A, y_processes, method=method), dtype=float)
    except UnproductiveError as exc:
        raise _unproductive(net, exc) from None


def _unproductive(net: Network, exc: UnproductiveError) -> BalanceError:
    """Name the processes and products of the offending loop."""
    if len(exc.indices) == 0:
        return BalanceError(f"the loop is unproductive: {exc}")
    loops = []
    for component in exc.components or (exc.indices,):
        names = [net.processes[j] for j in component]
        made = sorted({str(net.nodes[net.reference[j]]) for j in component})
        loops.append(f"processes {', '.join(names)} (making {', '.join(made)})")
    return BalanceError(
        "unproductive loop: "
        + "; ".join(loops)
        + " need at least as much of their own products as they make, so no demand can be met "
        "(check the inputs per unit and the capital amortisation of these processes)"
    )


def _boundary(
    net: Network, supply: np.ndarray, need: np.ndarray, byproduct_surplus: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Draws across the boundary and surplus leaving it, per node; raises on a shortage of a non-boundary node.

    A node some process makes is balanced by the solve itself (``x = S (y + A x)``), so its draw is zero and its
    surplus is exactly ``byproduct_surplus``; comparing supply with need there would only measure the solver's
    normwise tolerance node by node. The others are compared with a relative tolerance of ``TOLERANCE``.
    """
    produced = np.zeros(net.n_nodes, dtype=bool)
    produced[net.reference] = True
    scale = np.maximum(np.abs(need), np.abs(supply)) + 1e-300
    gap = need - supply
    gap = np.where(np.abs(gap) <= TOLERANCE * scale, 0.0, gap)  # round-off of the solve is not a draw
    boundary = net.is_resource | net.is_import
    draw = np.where(boundary & ~produced, np.maximum(gap, 0.0), 0.0)
    surplus = supply + draw - need
    tiny = np.abs(surplus) <= TOLERANCE * scale
    surplus = np.where(tiny, 0.0, surplus)
    surplus = np.where(produced, byproduct_surplus, surplus)
    short = np.flatnonzero(surplus < 0)
    if len(short):
        names = ", ".join(str(net.nodes[i]) for i in short)
        raise BalanceError(
            f"shortage of {names}: only by-products supply it and the loop needs more; import it or add a producer"
        )
    return draw, surplus


def _check_intensities(
    net: Network,
    per_process: np.ndarray,
    S: sp.csc_array,
    x: np.ndarray,
    y: np.ndarray,
    direct: np.ndarray,
    primary: float,
) -> None:
    """Invariant: the footprint of the demand computed from activities equals that from intensities."""
    from_intensities = float(per_process[0] @ (S @ y))
    from_activities = float(direct[0] @ x)
    scale = max(abs(from_intensities), abs(from_activities), 1e-300)
    if not abs(from_intensities - from_activities) <= 1e-8 * scale or not math.isfinite(primary):
        raise BalanceError(
            f"internal check failed: the footprint of the demand is {from_activities!r} W from activities but "
            f"{from_intensities!r} W from intensities"
        )


def _statements(
    net: Network,
    x: np.ndarray,
    y: np.ndarray,
    draw: np.ndarray,
    surplus: np.ndarray,
    Kam: sp.csc_array,
    period: float,
) -> tuple[dict[str, Statement], list[str]]:
    warnings: list[str] = []
    e, m = net.energy_per_unit, net.mass_per_unit
    names = [str(node) for node in net.nodes]
    V, U = net.V, net.U
    # per unit of activity
    e_out, e_in = e @ V, e @ (U + Kam)
    m_out, m_in, m_cap = m @ V, m @ U, m @ Kam
    dissipated = (e_in - e_out) * x  # W
    waste = (m_in - m_out) * x  # kg/s
    for j, name in enumerate(net.processes):
        if e_out[j] > e_in[j] * (1 + 1e-9) and e_out[j] > 0:
            warnings.append(
                f"process {name} puts out more energy than it takes in ({e_out[j]:.4g} J out per {e_in[j]:.4g} J in "
                "per unit): declare its primary energy input (e.g. sunlight) as a resource input"
            )
        if m_out[j] > m_in[j] * (1 + 1e-9) and m_out[j] > 0:
            warnings.append(
                f"process {name} puts out more mass than it takes in ({m_out[j]:.4g} kg out per {m_in[j]:.4g} kg in "
                "per unit): check its recipe"
            )
    energy_maker = e_out > 0

    inflows = [
        Line("primary energy drawn", names[i], draw[i] * e[i] * period)
        for i in np.flatnonzero(net.is_resource & (e > 0) & (draw > 0))
    ]
    inflows += [
        Line("imported energy", names[i], draw[i] * e[i] * period)
        for i in np.flatnonzero(net.is_import & (e > 0) & (draw > 0))
    ]
    outflows = [
        Line("delivered to final demand", names[i], y[i] * e[i] * period)
        for i in np.flatnonzero((y > 0) & (e > 0))
    ]
    outflows += [
        Line("exported surplus", names[i], surplus[i] * e[i] * period)
        for i in np.flatnonzero((surplus > 0) & (e > 0))
    ]
    for k in np.flatnonzero(dissipated != 0):
        group = "conversion losses" if energy_maker[k] else "consumed (dissipated as heat)"
        outflows.append(Line(group, net.processes[k], dissipated[k] * period))
    gen = sp.csr_array(V @ sp.diags_array(x))
    memo = []
    for i in np.flatnonzero((e > 0) & ~net.is_resource):
        row = gen[[i], :]
        for j, amount in zip(row.indices, row.data, strict=True):
            if amount > 0:
                memo.append(Line("generated", f"{names[i]} by {net.processes[j]}", amount * e[i] * period))
    energy = Statement("loop", "energy", period, tuple(inflows), tuple(outflows), tuple(memo))

    inflows = [
        Line("resources drawn", names[i], draw[i] * m[i] * period)
        for i in np.flatnonzero(net.is_resource & (m > 0) & (draw > 0))
    ]
    inflows += [
        Line("imports", names[i], draw[i] * m[i] * period)
        for i in np.flatnonzero(net.is_import & (m > 0) & (draw > 0))
    ]
    outflows = [
        Line("products delivered", names[i], y[i] * m[i] * period) for i in np.flatnonzero((y > 0) & (m > 0))
    ]
    outflows += [
        Line("exported surplus", names[i], surplus[i] * m[i] * period)
        for i in np.flatnonzero((surplus > 0) & (m > 0))
    ]
    outflows += [
        Line("stock built into capital", net.processes[j], m_cap[j] * x[j] * period)
        for j in np.flatnonzero(m_cap * x != 0)
    ]
    outflows += [
        Line("process waste and emissions", net.processes[j], waste[j] * period)
        for j in np.flatnonzero(waste != 0)
    ]
    mass = Statement("loop", "mass", period, tuple(inflows), tuple(outflows))

    statements = {"loop.energy": energy, "loop.mass": mass}
    Ud, Kd, Vd = (sp.csc_array(mat @ sp.diags_array(x)) for mat in (U, Kam, V))

    for flows in (Ud, Kd, Vd):
        flows.sort_indices()

    def lines(group: str, flows: sp.csc_array, j: int, weight: np.ndarray) -> list[Line]:
        # column j of a CSC array read from its index arrays: slicing it costs ~0.3 ms a column
        start, stop = flows.indptr[j], flows.indptr[j + 1]
        return [
            Line(group, names[i], a * weight[i] * period)
            for i, a in zip(flows.indices[start:stop].tolist(), flows.data[start:stop].tolist(), strict=True)
            if weight[i] > 0
        ]

    for j, name in enumerate(net.processes):
        quantity: Quantity
        for quantity, weight in (("energy", e), ("mass", m)):
            inflows = lines("input", Ud, j, weight) + lines("capital (amortised)", Kd, j, weight)
            outflows = lines("output", Vd, j, weight)
            if quantity == "energy" and dissipated[j] != 0:
                group = "conversion losses" if energy_maker[j] else "dissipated"
                outflows.append(Line(group, name, dissipated[j] * period))
            if quantity == "mass" and m_cap[j] * x[j] != 0:
                outflows.append(Line("stock built into capital", name, m_cap[j] * x[j] * period))
            if quantity == "mass" and waste[j] != 0:
                outflows.append(Line("waste and emissions", name, waste[j] * period))
            statements[f"process.{name}.{quantity}"] = Statement(
                name,
                quantity,
                period,
                tuple(inflows),
                tuple(outflows),
            )
    return statements, warnings


def _closure(
    net: Network, production: np.ndarray, draw: np.ndarray, primary: float, mass_drawn: float
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    rows = []
    for i, node in enumerate(net.nodes):
        if net.is_resource[i]:
            continue
        made, imported = production[i], draw[i] if net.is_import[i] else 0.0
        if made + imported <= 0:
            continue
        rows.append(
            {
                "node": str(node),
                "made_per_s": made,
                "imported_per_s": imported,
                "share_made": made / (made + imported),
            }
        )
    closure = pd.DataFrame(rows, columns=["node", "made_per_s", "imported_per_s", "share_made"])
    opens = []
    for k in np.flatnonzero(net.is_import & (draw > 0)):
        opens.append(
            {
                "node": str(net.nodes[k]),
                "imported_per_s": draw[k],
                "energy_share": draw[k] * net.import_energy[k] / primary if primary > 0 else 0.0,
                "mass_share": draw[k] * net.import_mass[k] / mass_drawn if mass_drawn > 0 else 0.0,
            }
        )
    open_inputs = pd.DataFrame(opens, columns=["node", "imported_per_s", "energy_share", "mass_share"])
    open_inputs = open_inputs.sort_values(["energy_share", "mass_share"], ascending=False, ignore_index=True)
    if open_inputs.empty:
        nature = sorted(str(net.nodes[i]) for i in np.flatnonzero(net.is_resource & (draw > 0)))
        verdict = "closed: everything the loop uses is made inside it" + (
            f"; it draws only from nature ({', '.join(nature)})" if nature else ""
        )
    else:
        parts = [
            f"{row.node} ({row.energy_share:.2%} of embodied primary energy, {row.mass_share:.2%} of mass)"
            for row in open_inputs.itertuples()
        ]
        verdict = "open on " + "; ".join(parts)
    return closure, open_inputs, verdict


def _eroi(
    net: Network,
    x: np.ndarray,
    carrier_per_process: np.ndarray,
    carrier_per_node: np.ndarray,
    gross_up: np.ndarray,
) -> tuple[pd.DataFrame, float, float]:
    """EROI and payback per energy maker, per unit of *gross* output (``carrier ÷ L_pp``), and for the loop.

    Cumulative carrier use is per unit *delivered*; a maker whose own product feeds its chain (PV whose panels are
    made with PV electricity) makes ``L_pp`` gross units per unit delivered. Dividing by ``L_pp`` gives the
    first-order figures of net-energy analysis: EROI = lifetime output ÷ embodied energy for a pure capital case.
    """
    e_out = net.energy_per_unit @ net.V
    makers = np.flatnonzero(e_out > 0)
    rows = []
    for j in makers:
        if not gross_up[j] >= 1.0 - 1e-9:
            raise BalanceError(
                f"internal check failed: gross-up of {net.processes[j]} below 1: {gross_up[j]}"
            )
        invested = carrier_per_process[j] / gross_up[j]
        capital = float(net.K[:, [j]].toarray().ravel() @ carrier_per_node) / gross_up[j]  # J per (unit/s)
        yearly = net.capacity_factor[j] * SECONDS_PER_YEAR * e_out[j]  # J per year per (unit/s) of capacity
        rows.append(
            {
                "process": net.processes[j],
                "energy_out_J_per_unit": e_out[j],
                "invested_J_per_unit": invested,
                "eroi": e_out[j] / invested if invested > 0 else math.inf,
                "energy_payback_years": capital / yearly if yearly > 0 else math.nan,
                "generation_W": e_out[j] * x[j],
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "process",
            "energy_out_J_per_unit",
            "invested_J_per_unit",
            "eroi",
            "energy_payback_years",
            "generation_W",
        ],
    )
    generation = float(e_out[makers] @ x[makers])
    invested = float(sum(row["generation_W"] / row["eroi"] for row in rows if math.isfinite(row["eroi"])))
    loop_eroi = generation / invested if invested > 0 else math.inf
    return table, loop_eroi, generation - invested
