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
5. **Learn**: Wright's law multiplies a process's inputs and/or capital by ``(Q/Q₀)^log₂(pr)`` (not below the floor)
   with ``Q`` its cumulative output and ``Q₀`` one year of its initial capacity's output.

Units: SI throughout (rates per second). Activities for demand and for one unit of each plant are factorised once
per member and re-solved only when learning changes the coefficients.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.linalg

from wattsandtons.growth.model import Coefficients, GrowthError, Structure
from wattsandtons.physics.kardashev import kardashev
from wattsandtons.scenario.resolve import SECONDS_PER_YEAR


@dataclass(frozen=True)
class Paths:
    """Raw trajectories of one chunk of members: arrays (members, steps, …), SI."""

    capacity: np.ndarray  # (M, T, plants) at the start of each step
    build_rate: np.ndarray  # (M, T, plants) capacity added per second during the step
    retire_rate: np.ndarray  # (M, T, plants) capacity retired or degraded per second
    production: np.ndarray  # (M, T, processes) activity rates
    drawn: np.ndarray  # (M, T, nodes) boundary draws per second (negative: by-product surplus)
    demand_met: np.ndarray  # (M, T)
    bottleneck: np.ndarray  # (M, T) index into Constraint names; -1 when nothing is reinvested
    power: np.ndarray  # (M, T, locations) W generated
    kardashev: np.ndarray  # (M, T)
    closure: np.ndarray  # (M, T) share of primary energy not carried by imports
    energy_residual: np.ndarray  # (M, T) relative
    mass_residual: np.ndarray  # (M, T) relative


def constraint_names(structure: Structure) -> tuple[str, ...]:
    """Names of the constraints a member's growth can bind on: plant capacities, then draw limits."""
    limited = [f"limit {structure.net.nodes[i]}" for i in np.flatnonzero(structure.limited)]
    return tuple(f"capacity {p}" for p in structure.plants) + tuple(limited)


def scaling(structure: Structure, coef: Coefficients) -> np.ndarray:
    """Diagonal similarity (powers of two) balancing the central coefficient matrix; see balance.steady._scaling."""
    A = structure.shares @ (coef.U[0] - structure.by_products)
    if not np.any(A):
        return np.ones(A.shape[0])
    _, (t, _) = scipy.linalg.matrix_balance(A, permute=False, separate=True)
    return np.asarray(t, dtype=float)


def simulate_chunk(
    structure: Structure,
    coef: Coefficients,
    progress: Callable[[int], None] | None = None,
) -> Paths:
    """Advance the members of ``coef`` through every step of ``structure``'s time axis."""
    net = structure.net
    M, T = coef.members, structure.steps
    N, P, G = net.n_nodes, net.n_processes, len(structure.plants)
    dt = structure.dt
    S, Bx, V = structure.shares, structure.by_products, structure.V
    plant_use = np.zeros((G, P))
    plant_use[structure.plant_of, np.arange(P)] = structure.h  # plant capacity used per unit of activity
    limited = np.flatnonzero(structure.limited)
    e_node, m_node = net.energy_per_unit, net.mass_per_unit
    e_bound, m_bound = structure.boundary_energy, structure.boundary_mass
    produced = np.zeros(N, dtype=bool)
    produced[net.reference] = True
    e_out = e_node @ V  # energy put out per unit of activity
    t_scale = scaling(structure, coef)

    out = Paths(
        capacity=np.empty((M, T, G)),
        build_rate=np.empty((M, T, G)),
        retire_rate=np.empty((M, T, G)),
        production=np.empty((M, T, P)),
        drawn=np.zeros((M, T, N)),
        demand_met=np.empty((M, T)),
        bottleneck=np.empty((M, T), dtype=np.int32),
        power=np.zeros((M, T, len(structure.locations))),
        kardashev=np.empty((M, T)),
        closure=np.empty((M, T)),
        energy_residual=np.empty((M, T)),
        mass_residual=np.empty((M, T)),
    )

    C = coef.capacity0.copy()
    learners = structure.learning
    exponent = np.log2(coef.progress_ratio) if learners else np.empty((M, 0))
    first_output = np.zeros((M, len(learners)))  # Q₀ per learner
    cumulative = np.zeros((M, len(learners)))
    for k, (j, *_rest) in enumerate(learners):
        g = structure.plant_of[j]
        first_output[:, k] = coef.capacity0[:, g] / structure.h[j] * coef.cf[:, g] * SECONDS_PER_YEAR
    f_inputs, f_capital = np.ones((M, P)), np.ones((M, G))
    U, K = coef.U, coef.K
    Zy = Zk = None
    fallback = np.flatnonzero(structure.fallback)
    phi = np.zeros((M, N))  # share of each node's need that is imported
    phi[:, ~produced] = 1.0
    producer_of = {int(i): np.flatnonzero(net.reference == i) for i in fallback}
    for i, procs in producer_of.items():
        phi[:, i] = np.where((C[:, structure.plant_of[procs]] > 0).any(axis=1), 0.0, 1.0)
    demand = coef.demand.copy()
    growth_factor = 1.0 + coef.demand_growth * dt  # (M,)
    share_sum = coef.reinvest.sum(axis=1)
    fraction = np.minimum(share_sum, 1.0)
    weights = np.divide(
        coef.reinvest, share_sum[:, None], out=np.zeros_like(coef.reinvest), where=share_sum[:, None] > 0
    )

    growth = structure.net.scenario.growth
    replace_share = 1.0 if growth is not None and growth.replace_retirements else 0.0
    for step in range(T):
        if Zy is None or learners or len(fallback):
            # Coefficients changed (first step, learning, import shares): re-solve and rebuild what depends on them.
            U = coef.U * f_inputs[:, None, :]
            K = coef.K * f_capital[:, None, :]
            S_eff = S[None, :, :] * (1.0 - phi[:, None, :]) if len(fallback) else S[None, :, :]
            Zy, Zk = _solve(S_eff, Bx, U, K, demand, t_scale)
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
            boundary_per_plant = phi[:, :, None] * (
                np.einsum("mnp,mpk->mnk", net_use, Zk) + K
            )  # draws per unit
            energy_cost = np.einsum("n,mnk->mk", e_bound, boundary_per_plant)
            mass_cost = np.einsum("n,mnk->mk", m_bound, boundary_per_plant)
            cost = np.where(energy_cost > 0, energy_cost, np.where(mass_cost > 0, mass_cost, 1.0))
            direction = weights / cost
            u2 = np.einsum("mrk,mk->mr", W, direction)
        assert Zy is not None and Zk is not None
        x_y = Zy  # activities for this step's demand (rates)
        avail = np.concatenate([C * coef.cf, coef.limit[:, limited]], axis=1)  # (M, rows)
        use_y = np.concatenate(
            [
                x_y @ plant_use.T,
                draw_share * (np.einsum("mnp,mp->mn", net_use[:, limited, :], x_y) + demand[:, limited]),
            ],
            axis=1,
        )
        mu = np.minimum(1.0, _max_scale(avail, use_y))
        slack = avail - mu[:, None] * use_y
        retire = C / coef.lifetime
        u1 = np.einsum("mrk,mk->mr", W, retire)
        lam1 = replace_share * np.minimum(1.0, _max_scale(slack, u1))
        slack = slack - lam1[:, None] * u1

        lam2 = _max_scale(np.maximum(slack, 0.0), u2)
        unbounded = ~np.isfinite(lam2) & (fraction > 0)
        if np.any(unbounded):
            plants = sorted(
                {structure.plants[g] for g in np.flatnonzero(direction[unbounded].sum(axis=0) > 0)}
            )
            raise GrowthError(
                f"growth of {', '.join(plants)} is not limited by any capacity or draw limit (its capital comes "
                "from unlimited imports or resources): give those imports a 'limit'"
            )
        lam2 = np.where(fraction > 0, lam2, 0.0) * fraction
        ratio = np.divide(np.maximum(slack, 0.0), u2, out=np.full_like(u2, np.inf), where=u2 > 0)
        out.bottleneck[:, step] = np.where(fraction > 0, np.argmin(ratio, axis=1), -1)

        build = lam1[:, None] * retire + lam2[:, None] * direction  # capacity per second
        x = mu[:, None] * x_y + np.einsum("mpk,mk->mp", Zk, build)
        loss = retire + C * coef.degradation
        delivered = mu[:, None] * demand
        capital_goods = np.einsum("mnk,mk->mn", K, build)
        made = x @ V.T
        used = np.einsum("mnp,mp->mn", U, x) + capital_goods
        gap = (
            used + delivered - made
        )  # boundary nodes: drawn; produced nodes: ~0 (Leontief); fallback: imported
        drawn = np.where(produced & ~structure.fallback, 0.0, gap)

        out.capacity[:, step] = C
        out.build_rate[:, step] = build
        out.retire_rate[:, step] = loss
        out.production[:, step] = x
        out.drawn[:, step] = drawn
        out.demand_met[:, step] = mu
        generation = x * e_out
        np.add.at(out.power, (slice(None), step, structure.location_of), generation)  # type: ignore[arg-type]
        out.kardashev[:, step] = kardashev(np.maximum(coef.baseline_power + generation.sum(axis=1), 1.0))
        primary = np.maximum(drawn, 0.0) @ e_bound
        imported = np.maximum(drawn[:, net.is_import], 0.0) @ e_bound[net.is_import]
        out.closure[:, step] = np.where(
            primary > 0, 1.0 - imported / np.where(primary > 0, primary, 1.0), 1.0
        )
        balanced = produced & ~structure.fallback
        out.energy_residual[:, step] = _relative(gap[:, balanced] @ e_node[balanced], made @ e_node)
        out.mass_residual[:, step] = _relative(gap[:, balanced] @ m_node[balanced], made @ m_node)
        for i, procs in producer_of.items():  # next step imports what the producers' capacity cannot make
            can_make = (
                C[:, structure.plant_of[procs]] * coef.cf[:, structure.plant_of[procs]] / structure.h[procs]
            ).sum(axis=1)
            need = used[:, i] + delivered[:, i]
            phi[:, i] = np.clip(
                1.0 - np.divide(can_make, need, out=np.ones_like(need), where=need > 0), 0.0, 1.0
            )

        C = np.maximum(C + (build - loss) * dt, 0.0)
        demand = demand * growth_factor[:, None]
        Zy = Zy * growth_factor[:, None]
        if learners:
            for k, (j, floor, on_inputs, on_capital) in enumerate(learners):
                cumulative[:, k] += x[:, j] * dt
                base = np.where(
                    first_output[:, k] > 0, first_output[:, k], np.maximum(cumulative[:, k], 1e-300)
                )
                factor = np.clip((np.maximum(cumulative[:, k], base) / base) ** exponent[:, k], floor, 1.0)
                if on_inputs:
                    f_inputs[:, j] = factor
                if on_capital:
                    f_capital[:, structure.plant_of[j]] = factor
        if progress is not None:
            progress(1)
    return out


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


def _max_scale(available: np.ndarray, use: np.ndarray) -> np.ndarray:
    """Largest s ≥ 0 with ``s · use ≤ available`` on every row (inf when nothing is used)."""
    ratio = np.divide(available, use, out=np.full_like(use, np.inf), where=use > 0)
    return np.maximum(ratio.min(axis=1), 0.0)


def _relative(residual: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.abs(residual) / np.maximum(np.abs(scale), 1e-300)
