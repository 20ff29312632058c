"""The stock–flow core: all members advance together, one step at a time, as arrays.

Each step of length ``dt`` (a year or a month), per member:

1. **Retire and degrade**: capacity ``C`` [plant units] retires first-order at ``C / lifetime`` and loses
   ``C · degradation`` (mean lifetime ``L``: with nothing built, ``C(t) = C₀ (1 − dt/L)^(t/dt)``).
2. **Final demand first**: the activities ``x_y`` that deliver demand ``y(t)`` come from the dynamic Leontief system
   ``(I − A) x = S y`` (a commodity that is made in the loop *and* importable is imported for the share ``φ`` its
   producers' capacity could not cover in the previous step — so the loop closes as that capacity grows); if a plant's capacity ``C · cf`` or a draw limit cannot carry them, demand is scaled down by
   ``μ ≤ 1`` (reported as ``demand_met``).
3. **Replace retirements**: rebuilding the retired capacity ``r`` takes capital goods ``K r``, made by activities
   ``Zk r`` with ``Zk = (I − A)⁻¹ S K``; it goes ahead as far as spare capacity and limits allow (``λ₁ ≤ 1``).
4. **Grow**: the spare capacity that is left builds new plants in the direction ``d = w / E`` — reinvestment shares
   ``w`` measured in embodied primary energy ``E`` per unit of plant capacity (energy is the currency) — scaled to
   the largest step every capacity and limit allows, times ``Σw`` (the share of spare capacity reinvested). The
   constraint that binds is recorded as the member's bottleneck.
5. **Learn**: Wright's law multiplies a process's inputs (all, energy or material ones) and/or capital by ``(Q/Q₀)^log₂(pr)`` (not below the floor)
   with ``Q`` its cumulative output and ``Q₀`` one year of its initial capacity's output.

Units: SI throughout (rates per second). Activities for demand and for one unit of each plant are factorised once
per member and re-solved only when learning changes the coefficients.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

from wattsandtons.balance.steady import diagonal_scaling
from wattsandtons.growth.model import Coefficients, GrowthError, Structure
from wattsandtons.physics.kardashev import kardashev
from wattsandtons.scenario.resolve import SECONDS_PER_YEAR


@dataclass(frozen=True)
class Paths:
    """Raw trajectories of one chunk of members: arrays (members, steps, …), SI."""

    capacity: np.ndarray  # (M, T, plants) at the start of each step
    build_rate: np.ndarray  # (M, T, plants) capacity added per second during the step
    loss_rate: (
        np.ndarray
    )  # (M, plants) share of capacity retired or degraded per second (1/lifetime + degradation)
    production: np.ndarray  # (M, T, processes) activity rates
    made: np.ndarray  # (M, T, nodes) made per second (V x)
    drawn: np.ndarray  # (M, T, nodes) boundary draws per second (negative: by-product surplus)
    demand_met: np.ndarray  # (M, T)
    bottleneck: np.ndarray  # (M, T) index into Constraint names; -1 when nothing is reinvested
    power: np.ndarray  # (M, T, locations) W generated
    generation: np.ndarray  # (M, T) W generated, all locations
    kardashev: np.ndarray  # (M, T)
    closure: np.ndarray  # (M, T) share of primary energy not carried by imports
    energy_residual: np.ndarray  # (M, T) relative
    mass_residual: np.ndarray  # (M, T) relative

    @property
    def retire_rate(self) -> np.ndarray:
        """(M, T, plants) capacity retired or degraded per second during each step: ``C · loss_rate``."""
        return self.capacity * self.loss_rate[:, None, :]


def constraint_names(structure: Structure) -> tuple[str, ...]:
    """Names of the constraints a member's growth can bind on: plant capacities, then draw limits."""
    limited = [f"limit {structure.net.nodes[i]}" for i in np.flatnonzero(structure.limited)]
    return tuple(f"capacity {p}" for p in structure.plants) + tuple(limited)


def scaling(structure: Structure, coef: Coefficients) -> np.ndarray:
    """The balance's diagonal scaling of the central coefficient matrix (see ``balance.steady.diagonal_scaling``)."""
    return diagonal_scaling(structure.shares @ (coef.U[0] - structure.by_products))


def simulate_chunk(
    structure: Structure,
    coef: Coefficients,
    progress: Callable[[int], None] | None = None,
    *,
    derive: bool = True,
) -> Paths:
    """Advance the members of ``coef`` through every step of ``structure``'s time axis.

    Two compiled kernels (Numba) do the per-member work: ``_advance`` runs the step rule and records only the state
    (capacity, building, demand met, bottleneck); ``_flows`` derives everything else from it (activities, flows,
    draws, power, closure, conservation residuals). With constant coefficients each runs once over every step, one
    member at a time; when learning or import shares change the coefficients, they run one step at a time and the
    coefficients are re-solved in NumPy between steps. ``derive=False`` skips the flows where the coefficients are
    constant (the derived arrays are then empty: shape (members, 0, …)); use it when only the state is wanted
    (capacity trajectories, benchmarks).
    """
    net = structure.net
    M, T = coef.members, structure.steps
    N, P, G = net.n_nodes, net.n_processes, len(structure.plants)
    dt = structure.dt
    S, Bx = structure.shares, structure.by_products
    plant_use = np.zeros((G, P))
    plant_use[structure.plant_of, np.arange(P)] = structure.h  # plant capacity used per unit of activity
    limited = np.flatnonzero(structure.limited)
    produced = np.zeros(N, dtype=bool)
    produced[net.reference] = True
    t_scale = scaling(structure, coef)
    learners = structure.learning
    fallback = np.flatnonzero(structure.fallback)
    dynamic = bool(learners) or len(fallback) > 0  # coefficients change during the run
    growth = net.scenario.growth
    replace_share = 1.0 if growth is not None and growth.replace_retirements else 0.0

    # State, members first: (members, plants); the kernel advances one member at a time.
    C = np.array(coef.capacity0, dtype=float, order="C")
    cf = np.ascontiguousarray(coef.cf, dtype=float)
    inv_lifetime = np.ascontiguousarray(1.0 / coef.lifetime)  # first-order retirement rate, 1/s
    loss_rate = np.ascontiguousarray(inv_lifetime + coef.degradation)  # retirement and degradation, 1/s
    share_sum = coef.reinvest.sum(axis=1)
    fraction = np.ascontiguousarray(np.minimum(share_sum, 1.0))
    weights = np.divide(
        coef.reinvest, share_sum[:, None], out=np.zeros_like(coef.reinvest), where=share_sum[:, None] > 0
    )
    limits = np.ascontiguousarray(coef.limit[:, limited], dtype=float)  # constraint rows after the plants
    growth_factor = np.ascontiguousarray(1.0 + coef.demand_growth * dt, dtype=float)  # (M,)
    demand_factor = np.ones(M)  # (1 + g·dt)^step, advanced by the kernel

    # Learning (Wright's law) and import shares (fallback nodes).
    exponent = np.log2(coef.progress_ratio) if learners else np.empty((M, 0))
    first_output = np.zeros((M, len(learners)))  # Q₀ per learner
    cumulative = np.zeros((M, len(learners)))
    for k, (j, *_rest) in enumerate(learners):
        g = structure.plant_of[j]
        first_output[:, k] = coef.capacity0[:, g] / structure.h[j] * coef.cf[:, g] * SECONDS_PER_YEAR
    f_learned, f_capital = np.ones((M, len(learners))), np.ones((M, G))  # Wright's-law multipliers
    phi = np.zeros((M, N))  # share of each node's need that is imported
    phi[:, ~produced] = 1.0
    producer_of = {int(i): np.flatnonzero(net.reference == i) for i in fallback}
    for i, procs in producer_of.items():
        phi[:, i] = np.where((coef.capacity0[:, structure.plant_of[procs]] > 0).any(axis=1), 0.0, 1.0)

    # History, members first (as returned).
    hist_C, hist_build = np.empty((M, T, G)), np.empty((M, T, G))
    hist_mu = np.empty((M, T))
    hist_bottleneck = np.empty((M, T), dtype=np.int32)
    derive = derive or dynamic  # the next step's coefficients need this step's flows
    factors = _demand_factors(growth_factor, T if derive else 0)  # (M, T): the kernel's factor at each step
    derived = _Derived.empty(M, T if derive else 0, N, P, len(structure.locations))
    need = np.empty((M, N))  # what each node used and delivered in the last derived step
    pattern = _FlowPattern.of(structure, coef)

    U, K = coef.U, coef.K
    refresh_factor = np.ones(M)
    Zy = Zk = None
    step = 0
    while step < T:
        if Zy is None or dynamic:
            # Coefficients changed (first step, learning, import shares): re-solve and rebuild what depends on them.
            U = coef.U.copy() if learners else coef.U
            for k, (j, _floor, input_nodes, _on_capital) in enumerate(learners):
                U[:, input_nodes, j] *= f_learned[:, k, None]
            K = coef.K * f_capital[:, None, :]
            S_eff = S[None, :, :] * (1.0 - phi[:, None, :]) if len(fallback) else S[None, :, :]
            demand_now = coef.demand * demand_factor[:, None]
            Zy, Zk = _solve(S_eff, Bx, U, K, demand_now, t_scale)
            net_use = U - Bx  # (M, N, P)
            draw_share = phi[:, limited]  # limited rows count only the imported share of a node's need
            W = np.concatenate(
                [
                    np.einsum("gp,mpk->mgk", plant_use, Zk),
                    draw_share[:, :, None]
                    * (np.einsum("mnp,mpk->mnk", net_use[:, limited, :], Zk) + K[:, limited, :]),
                ],
                axis=1,
            )  # (M, rows, plants): constraint use per unit of capacity built per second
            use_y0 = np.concatenate(
                [
                    Zy @ plant_use.T,
                    draw_share
                    * (np.einsum("mnp,mp->mn", net_use[:, limited, :], Zy) + demand_now[:, limited]),
                ],
                axis=1,
            )  # (M, rows) for the demand at this refresh; it scales with the demand afterwards
            boundary_per_plant = phi[:, :, None] * (
                np.einsum("mnp,mpk->mnk", net_use, Zk) + K
            )  # draws per unit
            energy_cost = np.einsum("n,mnk->mk", structure.boundary_energy, boundary_per_plant)
            mass_cost = np.einsum("n,mnk->mk", structure.boundary_mass, boundary_per_plant)
            cost = np.where(energy_cost > 0, energy_cost, np.where(mass_cost > 0, mass_cost, 1.0))
            direction = weights / cost  # (M, plants)
            u2 = np.einsum("mrk,mk->mr", W, direction)  # (M, rows)
            refresh_factor = demand_factor.copy()
        # Constant coefficients: every step at once, in member blocks (for progress); else this step only.
        last = step + 1 if dynamic else T
        inv_use_y0 = _reciprocal(use_y0)
        inv_u2 = _reciprocal(u2)
        blocks = 1 if dynamic else max(1, min(M, T // 12))
        reported = 0
        for k in range(blocks):
            lo, hi = k * M // blocks, (k + 1) * M // blocks
            stuck = _advance(
                lo,
                hi,
                step,
                last,
                dt,
                replace_share,
                C,
                demand_factor,
                growth_factor,
                cf,
                inv_lifetime,
                loss_rate,
                limits,
                np.ascontiguousarray(W),
                inv_use_y0,
                refresh_factor,
                inv_u2,
                np.ascontiguousarray(direction),
                fraction,
                hist_C,
                hist_build,
                hist_mu,
                hist_bottleneck,
            )
            if stuck >= 0:
                plants = [structure.plants[g] for g in np.flatnonzero(direction[stuck] > 0)]
                raise GrowthError(
                    f"growth of {', '.join(plants)} is not limited by any capacity or draw limit (its capital "
                    "comes from unlimited imports or resources): give those imports a 'limit'"
                )
            if progress is not None:  # in steps: the share of the members done × the steps they advanced
                done = (last - step) * hi // M
                progress(done - reported)
                reported = done

        if dynamic:  # the next step's coefficients depend on this step's flows
            assert Zy is not None and Zk is not None
            state = (hist_build, hist_mu, factors)
            _derive(pattern, coef, U, K, Zy, Zk, refresh_factor, state, derived, step, step + 1, need)
            x = derived.production[:, step]
            for k, (j, floor, _input_nodes, on_capital) in enumerate(learners):
                cumulative[:, k] += x[:, j] * dt
                base = np.where(
                    first_output[:, k] > 0, first_output[:, k], np.maximum(cumulative[:, k], 1e-300)
                )
                progress_factor = np.clip(
                    (np.maximum(cumulative[:, k], base) / base) ** exponent[:, k], floor, 1.0
                )
                f_learned[:, k] = progress_factor
                if on_capital:
                    f_capital[:, structure.plant_of[j]] = progress_factor
            for i, procs in producer_of.items():  # next step imports what the producers' capacity cannot make
                own = structure.plant_of[procs]
                can_make = (hist_C[:, step, own] * coef.cf[:, own] / structure.h[procs]).sum(axis=1)
                wanted = need[:, i]
                phi[:, i] = np.clip(
                    1.0 - np.divide(can_make, wanted, out=np.ones_like(wanted), where=wanted > 0), 0.0, 1.0
                )
        step = last

    if derive and not dynamic:  # constant coefficients: derive every step at once
        assert Zy is not None and Zk is not None
        state = (hist_build, hist_mu, factors)
        _derive(pattern, coef, U, K, Zy, Zk, refresh_factor, state, derived, 0, T, need)

    return Paths(
        capacity=hist_C,
        build_rate=hist_build,
        loss_rate=loss_rate,
        production=derived.production,
        made=derived.made,
        drawn=derived.drawn,
        demand_met=hist_mu,
        bottleneck=hist_bottleneck,
        power=derived.power,
        generation=derived.generation,
        kardashev=derived.kardashev,
        closure=derived.closure,
        energy_residual=derived.energy_residual,
        mass_residual=derived.mass_residual,
    )


@dataclass
class _Derived:
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
    def empty(cls, M: int, T: int, N: int, P: int, locations: int) -> _Derived:
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
class _FlowPattern:
    """What the flows kernel needs of the structure, built once per chunk: the nonzero entries of V, U and K (the
    pattern every member shares — learning scales entries by positive factors, so it holds for the whole run) and
    the per-node constants, in the kernel's argument order (``constants``)."""

    u_node: np.ndarray
    u_proc: np.ndarray
    k_node: np.ndarray
    k_plant: np.ndarray
    constants: _Constants

    @classmethod
    def of(cls, structure: Structure, coef: Coefficients) -> _FlowPattern:
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


def _derive(
    pattern: _FlowPattern,
    coef: Coefficients,
    U: np.ndarray,
    K: np.ndarray,
    Zy: np.ndarray,
    Zk: np.ndarray,
    refresh_factor: np.ndarray,
    state: tuple[np.ndarray, np.ndarray, np.ndarray],
    out: _Derived,
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


def _solve(
    S: np.ndarray, Bx: np.ndarray, U: np.ndarray, K: np.ndarray, demand: np.ndarray, t: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Activities per member for the demand and per unit of each plant built: ``(I − A) Z = S [y, K]``.

    ``S`` is (1 or members, processes, nodes): the share of each node's need its producers make.
    """
    A = np.einsum("mpn,mnq->mpq", S, U - Bx)
    rhs = np.concatenate(
        [np.einsum("mpn,mn->mp", S, demand)[:, :, None], np.einsum("mpn,mnk->mpk", S, K)], axis=2
    )
    scaled = A * (t[None, None, :] / t[None, :, None])  # T⁻¹ A T
    eye = np.eye(A.shape[1])
    try:
        Z = np.linalg.solve(eye - scaled, rhs / t[None, :, None]) * t[None, :, None]
    except np.linalg.LinAlgError:
        raise GrowthError(
            "the loop is unproductive for some members: run 'wattsandtons balance' to name the cycle"
        ) from None
    negative = np.any(-1e-9 * np.abs(Z).max(initial=0.0) > Z) and np.all(A >= 0)  # A ≥ 0 ⇒ (I − A)⁻¹ ≥ 0
    if negative or not np.all(np.isfinite(Z)):
        raise GrowthError(
            "the loop is unproductive for some members (it needs more of its own products than it makes): "
            "run 'wattsandtons balance' to name the cycle, or narrow the distributions of its inputs"
        )
    return Z[:, :, 0], Z[:, :, 1:]


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _advance(
    lo: int,
    hi: int,
    first: int,
    last: int,
    dt: float,
    replace_share: float,
    C: np.ndarray,
    demand_factor: np.ndarray,
    growth_factor: np.ndarray,
    cf: np.ndarray,
    inv_lifetime: np.ndarray,
    loss_rate: np.ndarray,
    limits: np.ndarray,
    W: np.ndarray,
    inv_use_y0: np.ndarray,
    refresh_factor: np.ndarray,
    inv_u2: np.ndarray,
    direction: np.ndarray,
    fraction: np.ndarray,
    out_C: np.ndarray,
    out_build: np.ndarray,
    out_mu: np.ndarray,
    out_bottleneck: np.ndarray,
) -> int:
    """Advance members ``lo … hi − 1`` through steps ``first … last − 1`` with constant coefficients (rule above).

    State, updated in place: capacity ``C`` (members, plants) and ``demand_factor`` (members,). Constraint rows
    ``r`` are the plants' capacities, then the draw limits (``limits``, members × limited nodes). ``W`` (members,
    rows, plants) is each row's use per unit of capacity built per second; ``inv_use_y0`` (members, rows) is
    1 / its use by the demand at ``refresh_factor`` and ``inv_u2`` 1 / its use along the growth ``direction``
    (0 where a row is not used); capacity is lost at ``loss_rate`` (1/lifetime + degradation). Writes the state at
    the start of each step and the step's building, demand met and bottleneck row into ``out_*`` (members, steps,
    …). Returns the first member whose growth no row limits (−1 when there is none; that member's later steps are
    not written).

    Compiled by Numba; one member at a time through every step, so its state stays in registers. Reciprocals are
    taken once per refresh, so the step's chain of dependent operations holds one division (λ₁'s).
    """
    R, G = W.shape[1], W.shape[2]
    avail = np.empty(R)
    retire = np.empty(G)
    u1 = np.empty(R)
    for m in range(lo, hi):
        factor = demand_factor[m]
        for step in range(first, last):
            for g in range(G):
                avail[g] = C[m, g] * cf[m, g]
            for r in range(G, R):
                avail[r] = limits[m, r - G]
            # 1. Demand first: μ ≤ 1 where a row cannot carry it.
            scale = factor / refresh_factor[m]
            inv_scale = refresh_factor[m] / factor
            mu = np.inf
            for r in range(R):
                if inv_use_y0[m, r] > 0.0:
                    mu = min(mu, avail[r] * inv_use_y0[m, r] * inv_scale)
            mu = min(1.0, max(mu, 0.0))
            # 2. Replace retirements as far as the slack allows (λ₁ ≤ 1).
            for g in range(G):
                retire[g] = C[m, g] * inv_lifetime[m, g]
            lam1 = np.inf
            for r in range(R):
                if inv_use_y0[m, r] > 0.0:
                    avail[r] -= mu * (scale / inv_use_y0[m, r])  # now the slack
                total = 0.0
                for g in range(G):
                    total += W[m, r, g] * retire[g]
                u1[r] = total
                if total > 0.0:
                    lam1 = min(lam1, avail[r] / total)
            lam1 = replace_share * min(1.0, max(lam1, 0.0))
            # 3. Grow along the direction with what is left; the row with the smallest ratio binds.
            lam2 = np.inf
            binding = 0
            for r in range(R):
                if inv_u2[m, r] > 0.0:
                    ratio = max(avail[r] - lam1 * u1[r], 0.0) * inv_u2[m, r]
                    if ratio < lam2:
                        lam2 = ratio
                        binding = r
            if fraction[m] > 0.0:
                if lam2 == np.inf:
                    return m
                lam2 *= fraction[m]
                out_bottleneck[m, step] = binding
            else:
                lam2 = 0.0
                out_bottleneck[m, step] = -1
            for g in range(G):
                build = lam1 * retire[g] + lam2 * direction[m, g]
                out_C[m, step, g] = C[m, g]
                out_build[m, step, g] = build
                C[m, g] = max(C[m, g] + (build - C[m, g] * loss_rate[m, g]) * dt, 0.0)
            out_mu[m, step] = mu
            factor *= growth_factor[m]
        demand_factor[m] = factor
    return -1


def _demand_factors(growth_factor: np.ndarray, steps: int) -> np.ndarray:
    """(M, steps) demand factors ``(1 + g·dt)^step``, multiplied step by step in the kernel's order."""
    factors = np.empty((growth_factor.shape[0], steps))
    if steps:
        factors[:, 0] = 1.0
        factors[:, 1:] = growth_factor[:, None]
        np.cumprod(factors, axis=1, out=factors)
    return factors


def _reciprocal(a: np.ndarray) -> np.ndarray:
    """1 / a where a > 0, else 0 (a row that is not used), C-contiguous."""
    return np.ascontiguousarray(np.divide(1.0, a, out=np.zeros_like(a), where=a > 0))
