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

from wattsandtons.balance.steady import diagonal_scaling
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

    Layout for speed: the step loop keeps only the state (capacity, building, retiring, demand met, bottleneck) with
    members as the contiguous last axis; everything derived from it (activities, flows, draws, power, Kardashev
    index, closure, conservation residuals) is computed after the loop in time blocks — or step by step when
    learning or import shares change the coefficients as the loop runs. ``derive=False`` skips that pass where the
    coefficients are constant (the derived arrays are then empty: shape (members, 0, …)); use it when only the
    state is wanted (capacity trajectories, benchmarks).
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

    # State, members last (contiguous): (plants, members).
    C = np.ascontiguousarray(coef.capacity0.T)
    cf, lifetime, degradation = coef.cf.T.copy(), coef.lifetime.T.copy(), coef.degradation.T.copy()
    share_sum = coef.reinvest.sum(axis=1)
    fraction = np.minimum(share_sum, 1.0)
    weights = np.divide(
        coef.reinvest, share_sum[:, None], out=np.zeros_like(coef.reinvest), where=share_sum[:, None] > 0
    ).T
    avail = np.empty((G + len(limited), M))  # constraint rows: plant capacities, then draw limits
    avail[G:] = coef.limit[:, limited].T
    growth_factor = 1.0 + coef.demand_growth * dt  # (M,)
    demand_factor = np.ones(M)  # (1 + g·dt)^step

    # Learning (Wright's law) and import shares (fallback nodes).
    exponent = np.log2(coef.progress_ratio) if learners else np.empty((M, 0))
    first_output = np.zeros((M, len(learners)))  # Q₀ per learner
    cumulative = np.zeros((M, len(learners)))
    for k, (j, *_rest) in enumerate(learners):
        g = structure.plant_of[j]
        first_output[:, k] = coef.capacity0[:, g] / structure.h[j] * coef.cf[:, g] * SECONDS_PER_YEAR
    f_inputs, f_capital = np.ones((M, P)), np.ones((M, G))
    phi = np.zeros((M, N))  # share of each node's need that is imported
    phi[:, ~produced] = 1.0
    producer_of = {int(i): np.flatnonzero(net.reference == i) for i in fallback}
    for i, procs in producer_of.items():
        phi[:, i] = np.where((coef.capacity0[:, structure.plant_of[procs]] > 0).any(axis=1), 0.0, 1.0)

    # History, time first.
    hist_C, hist_build, hist_loss = (np.empty((T, G, M)) for _ in range(3))
    hist_mu, hist_factor = np.empty((T, M)), np.empty((T, M))
    hist_bottleneck = np.empty((T, M), dtype=np.int32)
    derive = derive or dynamic  # the next step's coefficients need this step's flows
    derived = _Derived.empty(
        M, T if derive else 0, N, P, len(structure.locations)
    )  # members first, as returned

    U, K = coef.U, coef.K
    refresh_factor = np.ones(M)
    Zy = Zk = WT = use_y0 = u2 = direction = None
    for step in range(T):
        if Zy is None or dynamic:
            # Coefficients changed (first step, learning, import shares): re-solve and rebuild what depends on them.
            U = coef.U * f_inputs[:, None, :]
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
            WT = np.ascontiguousarray(W.transpose(1, 2, 0))  # (rows, plants, M)
            use_y0 = np.concatenate(
                [
                    Zy @ plant_use.T,
                    draw_share
                    * (np.einsum("mnp,mp->mn", net_use[:, limited, :], Zy) + demand_now[:, limited]),
                ],
                axis=1,
            ).T.copy()  # (rows, M) for the demand at this refresh; it scales with the demand afterwards
            boundary_per_plant = phi[:, :, None] * (
                np.einsum("mnp,mpk->mnk", net_use, Zk) + K
            )  # draws per unit
            energy_cost = np.einsum("n,mnk->mk", structure.boundary_energy, boundary_per_plant)
            mass_cost = np.einsum("n,mnk->mk", structure.boundary_mass, boundary_per_plant)
            cost = np.where(energy_cost > 0, energy_cost, np.where(mass_cost > 0, mass_cost, 1.0))
            direction = weights / cost.T  # (plants, M)
            u2 = (WT * direction[None, :, :]).sum(axis=1)  # (rows, M)
            refresh_factor = demand_factor.copy()
        assert Zy is not None and Zk is not None and WT is not None and use_y0 is not None
        assert u2 is not None and direction is not None
        use_y = use_y0 * (demand_factor / refresh_factor)
        avail[:G] = C * cf
        mu = np.minimum(1.0, _max_scale(avail, use_y))
        slack = avail - mu * use_y
        retire = C / lifetime
        u1 = (WT * retire[None, :, :]).sum(axis=1)
        lam1 = replace_share * np.minimum(1.0, _max_scale(slack, u1))
        slack -= lam1 * u1
        np.maximum(slack, 0.0, out=slack)
        ratio = np.divide(slack, u2, out=np.full_like(u2, np.inf), where=u2 > 0)
        lam2 = ratio.min(axis=0)
        unbounded = ~np.isfinite(lam2) & (fraction > 0)
        if np.any(unbounded):
            plants = sorted(
                {structure.plants[g] for g in np.flatnonzero(direction[:, unbounded].sum(axis=1) > 0)}
            )
            raise GrowthError(
                f"growth of {', '.join(plants)} is not limited by any capacity or draw limit (its capital comes "
                "from unlimited imports or resources): give those imports a 'limit'"
            )
        hist_bottleneck[step] = np.where(fraction > 0, ratio.argmin(axis=0), -1)
        lam2 = np.where(fraction > 0, lam2, 0.0) * fraction
        build = lam1 * retire + lam2 * direction  # capacity per second, (plants, M)
        loss = retire + C * degradation
        hist_C[step], hist_build[step], hist_loss[step] = C, build, loss
        hist_mu[step], hist_factor[step] = mu, demand_factor

        if dynamic:  # the next step's coefficients depend on this step's flows
            x = (mu * demand_factor / refresh_factor)[:, None] * Zy + np.einsum("mpk,km->mp", Zk, build)
            used, delivered = _derive(
                structure,
                coef,
                U,
                K,
                derived,
                slice(step, step + 1),
                x[:, None, :],
                build.T[:, None, :],
                mu[:, None],
                demand_factor[:, None],
            )
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
            for i, procs in producer_of.items():  # next step imports what the producers' capacity cannot make
                own = structure.plant_of[procs]
                can_make = (C[own, :].T * coef.cf[:, own] / structure.h[procs]).sum(axis=1)
                need = used[:, 0, i] + delivered[:, 0, i]
                phi[:, i] = np.clip(
                    1.0 - np.divide(can_make, need, out=np.ones_like(need), where=need > 0), 0.0, 1.0
                )

        C = np.maximum(C + (build - loss) * dt, 0.0)
        demand_factor = demand_factor * growth_factor
        if progress is not None:
            progress(1)

    if (
        derive and not dynamic
    ):  # constant coefficients: derive every step at once, in blocks that bound memory
        assert Zy is not None and Zk is not None
        block = max(1, 4_000_000 // max(M * max(N, P, G), 1))
        Zk_T = np.ascontiguousarray(Zk.transpose(0, 2, 1))  # (M, plants, P)
        for a in range(0, T, block):
            b = min(a + block, T)
            builds = np.ascontiguousarray(hist_build[a:b].transpose(2, 0, 1))  # (M, steps, plants)
            mu_f = (hist_mu[a:b] * hist_factor[a:b]).T  # (M, steps)
            x = mu_f[:, :, None] * Zy[:, None, :] + np.matmul(builds, Zk_T)
            _derive(
                structure, coef, U, K, derived, slice(a, b), x, builds, hist_mu[a:b].T, hist_factor[a:b].T
            )

    def members_first(history: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(
            np.moveaxis(history, 0, 1) if history.ndim == 2 else history.transpose(2, 0, 1)
        )

    return Paths(
        capacity=members_first(hist_C),
        build_rate=members_first(hist_build),
        retire_rate=members_first(hist_loss),
        production=derived.production,
        drawn=derived.drawn,
        demand_met=members_first(hist_mu),
        bottleneck=members_first(hist_bottleneck),
        power=derived.power,
        kardashev=derived.kardashev,
        closure=derived.closure,
        energy_residual=derived.energy_residual,
        mass_residual=derived.mass_residual,
    )


@dataclass
class _Derived:
    """Outputs derived from the state, members first: (members, steps, …)."""

    production: np.ndarray
    drawn: np.ndarray
    power: np.ndarray
    kardashev: np.ndarray
    closure: np.ndarray
    energy_residual: np.ndarray
    mass_residual: np.ndarray

    @classmethod
    def empty(cls, M: int, T: int, N: int, P: int, locations: int) -> _Derived:
        return cls(
            production=np.empty((M, T, P)),
            drawn=np.empty((M, T, N)),
            power=np.empty((M, T, locations)),
            kardashev=np.empty((M, T)),
            closure=np.empty((M, T)),
            energy_residual=np.empty((M, T)),
            mass_residual=np.empty((M, T)),
        )


def _derive(
    structure: Structure,
    coef: Coefficients,
    U: np.ndarray,
    K: np.ndarray,
    out: _Derived,
    at: int | slice,
    x: np.ndarray,
    build: np.ndarray,
    mu: np.ndarray,
    factor: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Flows of some steps from activities ``x`` (M, steps, P) and building ``build`` (M, steps, plants).

    Writes production, draws, power, Kardashev index, closure and the conservation residuals into ``out`` at the
    steps ``at``; returns what each node used and delivered (for the import shares of the next step).
    """
    net = structure.net
    produced = np.zeros(net.n_nodes, dtype=bool)
    produced[net.reference] = True
    e_node, m_node = net.energy_per_unit, net.mass_per_unit
    delivered = (mu * factor)[:, :, None] * coef.demand[:, None, :]
    made = x @ structure.V.T
    used = np.matmul(x, U.transpose(0, 2, 1)) + np.matmul(build, K.transpose(0, 2, 1))  # batched over members
    gap = used + delivered - made  # boundary nodes: drawn; produced nodes: ~0 (Leontief); fallback: imported
    drawn = np.where(produced & ~structure.fallback, 0.0, gap)
    generation = x * (e_node @ structure.V)
    location = np.zeros((net.n_processes, len(structure.locations)))
    location[np.arange(net.n_processes), structure.location_of] = 1.0
    e_bound = structure.boundary_energy
    primary = np.maximum(drawn, 0.0) @ e_bound
    imported = np.maximum(drawn[:, :, net.is_import], 0.0) @ e_bound[net.is_import]
    balanced = produced & ~structure.fallback
    out.production[:, at] = x
    out.drawn[:, at] = drawn
    out.power[:, at] = generation @ location
    out.kardashev[:, at] = kardashev(np.maximum(coef.baseline_power[:, None] + generation.sum(axis=2), 1.0))
    out.closure[:, at] = np.where(primary > 0, 1.0 - imported / np.where(primary > 0, primary, 1.0), 1.0)
    out.energy_residual[:, at] = _relative(gap[:, :, balanced] @ e_node[balanced], made @ e_node)
    out.mass_residual[:, at] = _relative(gap[:, :, balanced] @ m_node[balanced], made @ m_node)
    return used, delivered


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
    """Largest s ≥ 0 with ``s · use ≤ available`` on every constraint row (axis 0; inf when nothing is used)."""
    ratio = np.divide(available, use, out=np.full_like(use, np.inf), where=use > 0)
    return np.maximum(ratio.min(axis=0), 0.0)


def _relative(residual: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.abs(residual) / np.maximum(np.abs(scale), 1e-300)
