"""Flows derived from a growth run's state: activities, production, draws, power, closure, conservation residuals.

Given what each step built (``invest``: capital goods made per second, per plant) and the share of final demand met,
the activities are ``x = μ · factor · Zy / refresh + Zk · invest`` and everything else follows linearly. The kernel
(``_flows``, Numba) takes V, U and K as their nonzero entries, built once per chunk (``FlowPattern``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from wattsandtons.growth.model import Coefficients, Structure
from wattsandtons.physics.kardashev import kardashev


@dataclass
class Derived:
    """Outputs derived from the state, members first: (members, steps, …)."""

    production: np.ndarray
    made: np.ndarray
    drawn: np.ndarray
    power: np.ndarray
    generation: np.ndarray
    kardashev: np.ndarray
    closure: np.ndarray
    energy_residual: np.ndarray
    mass_residual: np.ndarray

    @classmethod
    def empty(cls, M: int, T: int, N: int, P: int, locations: int) -> Derived:
        return cls(
            production=np.empty((M, T, P)),
            made=np.empty((M, T, N)),
            drawn=np.empty((M, T, N)),
            power=np.empty((M, T, locations)),
            generation=np.empty((M, T)),
            kardashev=np.empty((M, T)),
            closure=np.empty((M, T)),
            energy_residual=np.empty((M, T)),
            mass_residual=np.empty((M, T)),
        )


#: The flows kernel's structure arguments (14 arrays, in its order; spelled out so the call is checked).
_Constants = tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
]


@dataclass(frozen=True)
class FlowPattern:
    """What the flows kernel needs of the structure, built once per chunk: the nonzero entries of V, U and K (the
    pattern every member shares — learning scales entries by positive factors, so it holds for the whole run) and
    the per-node constants, in the kernel's argument order (``constants``)."""

    u_node: np.ndarray
    u_proc: np.ndarray
    k_node: np.ndarray
    k_plant: np.ndarray
    constants: _Constants

    @classmethod
    def of(cls, structure: Structure, coef: Coefficients) -> FlowPattern:
        net = structure.net
        produced = np.zeros(net.n_nodes, dtype=bool)
        produced[net.reference] = True
        V = np.asarray(structure.V, dtype=float)
        v_node, v_proc = np.nonzero(V)
        u_node, u_proc = np.nonzero(np.any(coef.U != 0.0, axis=0))
        k_node, k_plant = np.nonzero(np.any(coef.K != 0.0, axis=0))
        constants = (
            v_node,
            v_proc,
            np.ascontiguousarray(V[v_node, v_proc]),
            u_node,
            u_proc,
            k_node,
            k_plant,
            np.ascontiguousarray(net.energy_per_unit @ V),
            np.ascontiguousarray(structure.location_of, dtype=np.int64),
            np.ascontiguousarray(net.energy_per_unit, dtype=float),
            np.ascontiguousarray(net.mass_per_unit, dtype=float),
            produced & ~structure.fallback,
            np.ascontiguousarray(structure.boundary_energy, dtype=float),
            np.ascontiguousarray(net.is_import),
        )
        return cls(u_node, u_proc, k_node, k_plant, constants)


def derive(
    pattern: FlowPattern,
    coef: Coefficients,
    U: np.ndarray,
    K: np.ndarray,
    Zy: np.ndarray,
    Zk: np.ndarray,
    refresh_factor: np.ndarray,
    state: tuple[np.ndarray, np.ndarray, np.ndarray],
    out: Derived,
    first: int,
    last: int,
    need: np.ndarray,
) -> None:
    """Flows of steps ``first … last − 1`` from the recorded state ``(build, demand met, demand factor)``.

    Activities are ``x = μ · (factor / refresh_factor) · Zy + Zk · build``. Writes production, draws, power,
    Kardashev index, closure and the conservation residuals into ``out``, and into ``need`` (members, nodes) what each
    node used and delivered in the last of those steps (for the import shares of the next step). ``V``, ``U`` and
    ``K`` go to the kernel as their nonzero entries (``pattern``), in row-major order.
    """
    Zy, ZkT, u_val, k_val, demand, refresh = (
        np.ascontiguousarray(a, dtype=float)
        for a in (
            Zy,
            Zk.transpose(0, 2, 1),
            U[:, pattern.u_node, pattern.u_proc],
            K[:, pattern.k_node, pattern.k_plant],
            coef.demand,
            refresh_factor,
        )
    )
    per_member = (Zy, ZkT, u_val, k_val, demand, refresh)
    build, mu, factor = state
    outputs = (
        out.production,
        out.made,
        out.drawn,
        out.power,
        out.generation,
        out.closure,
        out.energy_residual,
        out.mass_residual,
        need,
    )
    M = coef.members
    blocks = 1 if last - first == 1 else max(1, min(M, 50))  # member blocks, for memory locality
    for k in range(blocks):
        _flows(
            k * M // blocks,
            (k + 1) * M // blocks,
            first,
            last,
            *pattern.constants,
            *per_member,
            mu,
            factor,
            build,
            *outputs,
        )
    total = coef.baseline_power[:, None] + out.generation[:, first:last]
    out.kardashev[:, first:last] = kardashev(np.maximum(total, 1.0))


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _flows(
    lo: int,
    hi: int,
    first: int,
    last: int,
    v_node: np.ndarray,
    v_proc: np.ndarray,
    v_val: np.ndarray,
    u_node: np.ndarray,
    u_proc: np.ndarray,
    k_node: np.ndarray,
    k_plant: np.ndarray,
    energy_made: np.ndarray,
    location_of: np.ndarray,
    e_node: np.ndarray,
    m_node: np.ndarray,
    balanced: np.ndarray,
    e_bound: np.ndarray,
    is_import: np.ndarray,
    Zy: np.ndarray,
    ZkT: np.ndarray,
    u_val: np.ndarray,
    k_val: np.ndarray,
    demand: np.ndarray,
    refresh_factor: np.ndarray,
    mu: np.ndarray,
    factor: np.ndarray,
    build: np.ndarray,
    out_x: np.ndarray,
    out_made: np.ndarray,
    out_drawn: np.ndarray,
    out_power: np.ndarray,
    out_generation: np.ndarray,
    out_closure: np.ndarray,
    out_energy_residual: np.ndarray,
    out_mass_residual: np.ndarray,
    out_need: np.ndarray,
) -> None:
    """Per member ``lo … hi − 1`` and step ``first … last − 1``: activities and the flows they make (``_derive``).

    ``V``, ``U`` and ``K`` come as nonzero entries: ``v_val[k]`` at (``v_node[k]``, ``v_proc[k]``), ``u_val[m, k]``
    at (``u_node[k]``, ``u_proc[k]``), ``k_val[m, k]`` at (``k_node[k]``, ``k_plant[k]``); ``ZkT`` is (members,
    plants, processes). For each node ``n``: made ``V x``, used ``U x + K b`` (b: building), delivered
    ``μ · factor · y``; the gap ``used + delivered − made`` is drawn at the boundary (resources, imports) and must
    vanish on a balanced node — what is left there, weighted by energy or mass per unit, is the conservation
    residual, relative to what was made. Closure = 1 − imported primary energy ÷ all primary energy drawn.
    Compiled by Numba; nothing is allocated per step.
    """
    P, G = ZkT.shape[2], ZkT.shape[1]
    N = e_node.shape[0]
    x, made, used = np.empty(P), np.empty(N), np.empty(N)
    for m in range(lo, hi):
        for t in range(first, last):
            scale = mu[m, t] * factor[m, t] / refresh_factor[m]
            delivered_share = mu[m, t] * factor[m, t]
            for p in range(P):
                x[p] = scale * Zy[m, p]
            for g in range(G):
                b = build[m, t, g]
                for p in range(P):
                    x[p] += ZkT[m, g, p] * b
            made[:] = 0.0
            used[:] = 0.0
            for k in range(v_val.shape[0]):
                made[v_node[k]] += v_val[k] * x[v_proc[k]]
            for k in range(u_node.shape[0]):
                used[u_node[k]] += u_val[m, k] * x[u_proc[k]]
            for k in range(k_node.shape[0]):
                used[k_node[k]] += k_val[m, k] * build[m, t, k_plant[k]]
            generated = 0.0
            for loc in range(out_power.shape[2]):
                out_power[m, t, loc] = 0.0
            for p in range(P):
                out_x[m, t, p] = x[p]
                out_power[m, t, location_of[p]] += x[p] * energy_made[p]
                generated += x[p] * energy_made[p]
            out_generation[m, t] = generated
            primary = imported = 0.0
            e_gap = m_gap = e_made = m_made = 0.0
            for n in range(N):
                delivered = delivered_share * demand[m, n]
                gap = used[n] + delivered - made[n]
                out_made[m, t, n] = made[n]
                out_need[m, n] = used[n] + delivered
                e_made += made[n] * e_node[n]
                m_made += made[n] * m_node[n]
                if balanced[n]:
                    out_drawn[m, t, n] = 0.0
                    e_gap += gap * e_node[n]
                    m_gap += gap * m_node[n]
                else:
                    out_drawn[m, t, n] = gap
                    if gap > 0.0:
                        primary += gap * e_bound[n]
                        if is_import[n]:
                            imported += gap * e_bound[n]
            out_closure[m, t] = 1.0 - imported / primary if primary > 0.0 else 1.0
            out_energy_residual[m, t] = abs(e_gap) / max(abs(e_made), 1e-300)
            out_mass_residual[m, t] = abs(m_gap) / max(abs(m_made), 1e-300)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def utilisation(
    production: np.ndarray, mean_C: np.ndarray, plant_of: np.ndarray, h: np.ndarray, cf: np.ndarray
) -> np.ndarray:
    """(members, steps, plants) share of each plant's mean available capacity ``C · cf`` its activities use,
    ``Σ_j h_j x_j / (C̄ cf)`` over the plant's processes j; NaN where none is available; clipped to 1 (rounding).

    One pass, no temporaries (the NumPy form made three (members, steps, plants) arrays)."""
    M, T, P = production.shape
    G = mean_C.shape[2]
    out = np.empty((M, T, G))
    for m in range(M):
        for t in range(T):
            for g in range(G):
                out[m, t, g] = 0.0
            for j in range(P):
                out[m, t, plant_of[j]] += production[m, t, j] * h[j]
            for g in range(G):
                available = mean_C[m, t, g] * cf[m, g]
                out[m, t, g] = min(out[m, t, g] / available, 1.0) if available > 0.0 else np.nan
    return out
