"""The stock–flow core: all members advance together, one record step at a time, as arrays.

Per record step (a year, quarter, month or week) the compiled kernel (:mod:`wattsandtons.growth.kernel`) integrates
the capacity of every plant in sub-steps (Heun's method, second order) under the scenario's investment policy (``balanced``,
``demand`` or ``shares``). Around it, in NumPy, per member:

* **Activities per unit**: the activities ``Zy`` that deliver final demand and ``Zk`` that make one unit of each
  plant's capital come from ``(I − A) Z = S [y, K]`` (a commodity that is made in the loop *and* importable is
  imported for the share ``φ`` its producers' capacity could not cover in the previous step — so the loop closes
  as that capacity grows). From them: each constraint row's use per unit of capital ordered (``W``) and by demand.
* **Balanced mix**: the Perron vector of ``(I − A − D)⁻¹ B`` (:mod:`wattsandtons.balance.growth_limit`) as plant
  capacities, for policy ``balanced``; the capacity demand needs, ``(I − A − D − g_d B)⁻¹ S y`` for policy
  ``demand`` (demand growing at ``g_d``: the plants that make the capital for its growth are planned too).
* **Learn**: Wright's law multiplies a process's inputs (all, energy or material ones) and/or capital by
  ``(Q/Q₀)^log₂(pr)`` (not below the floor) with ``Q`` its cumulative output and ``Q₀`` one year of its initial
  capacity's output; the coefficients are then re-solved before the next record step.

Units: SI throughout (rates per second). With constant coefficients the kernel runs every step at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from wattsandtons.balance import UnproductiveError, balancing_scale, leontief_solve_stack
from wattsandtons.balance.growth_limit import perron_batch
from wattsandtons.growth.flows import Derived, FlowPattern, utilisation
from wattsandtons.growth.flows import derive as derive_flows
from wattsandtons.growth.kernel import POLICIES, SHARES, advance
from wattsandtons.growth.model import Coefficients, GrowthError, Structure
from wattsandtons.timebase import SECONDS_PER_YEAR

#: The balanced mix is re-solved about this often (a year; it moves only with learning, which is slow) [s].
PERRON_EVERY_S = SECONDS_PER_YEAR


@dataclass(frozen=True)
class Paths:
    """Raw trajectories of one chunk of members: arrays (members, steps, …), SI."""

    capacity: np.ndarray  # (M, T, plants) at the start of each step
    build_rate: np.ndarray  # (M, T, plants) capacity added per second during the step (mean)
    retire_rate: np.ndarray  # (M, T, plants) capacity retired or degraded per second during the step (mean)
    invest_rate: np.ndarray  # (M, T, plants) capacity ordered per second (its capital goods are made now)
    production: np.ndarray  # (M, T, processes) activity rates
    made: np.ndarray  # (M, T, nodes) made per second (V x)
    drawn: np.ndarray  # (M, T, nodes) boundary draws per second (negative: by-product surplus)
    demand_met: np.ndarray  # (M, T)
    bottleneck: np.ndarray  # (M, T) index into Constraint names; -1 when nothing binds
    power: np.ndarray  # (M, T, locations) W generated
    generation: np.ndarray  # (M, T) W generated, all locations
    kardashev: np.ndarray  # (M, T)
    closure: np.ndarray  # (M, T) share of primary energy not carried by imports
    energy_residual: np.ndarray  # (M, T) relative
    mass_residual: np.ndarray  # (M, T) relative
    demand_factor: np.ndarray  # (M, T) mean demand factor of the step (final demand ÷ its starting value)
    mean_capacity: np.ndarray  # (M, T, plants) mean capacity over the step
    process_mass_residual: (
        np.ndarray
    )  # (M, T, processes) mass a process makes beyond its inputs ÷ mass it makes
    process_energy_residual: np.ndarray  # (M, T, processes) the same for energy
    learning_clamped: np.ndarray  # (M, learners) 1 where learning was held at the mass/energy bound
    utilisation: (
        np.ndarray
    )  # (M, T, plants) share of the mean available capacity C · cf in use, 0–1 (NaN: none)


def constraint_names(structure: Structure) -> tuple[str, ...]:
    """Names of the constraints a member's growth can bind on: plant capacities, then draw limits."""
    limited = [f"limit {structure.net.nodes[i]}" for i in np.flatnonzero(structure.limited)]
    return tuple(f"capacity {p}" for p in structure.plants) + tuple(limited)


def scaling(structure: Structure, coef: Coefficients) -> np.ndarray:
    """The balance's diagonal scaling of the central coefficient matrix (see ``balance.balancing_scale``)."""
    return balancing_scale(structure.shares @ (coef.U[0] - structure.by_products))


def simulate_chunk(
    structure: Structure,
    coef: Coefficients,
    progress: Callable[[int], None] | None = None,
    *,
    derive: bool = True,
) -> Paths:
    """Advance the members of ``coef`` through every step of ``structure``'s time axis.

    The compiled kernel ``advance`` integrates the state (capacity, building, demand met, bottleneck); ``derive``
    (:mod:`wattsandtons.growth.flows`) makes everything else from it (activities, flows, draws, power, closure,
    conservation residuals). With constant coefficients the kernel runs once over every step, one member at a time;
    when learning or import shares change the coefficients, it runs one record step at a time and the coefficients
    are re-solved in NumPy between steps. ``derive=False`` skips the flows where the coefficients are constant (the
    derived arrays are then empty: shape (members, 0, …)); use it when only the state is wanted.
    """
    net = structure.net
    M, T = coef.members, structure.steps
    N, P, G = net.n_nodes, net.n_processes, len(structure.plants)
    dt, substeps = structure.dt, structure.substeps
    policy = POLICIES[structure.policy]
    S, Bx = structure.shares, structure.by_products
    plant_use = np.zeros((G, P))
    plant_use[structure.plant_of, np.arange(P)] = structure.h  # plant capacity used per unit of activity
    limited = np.flatnonzero(structure.limited)
    produced = np.zeros(N, dtype=bool)
    produced[net.reference] = True
    t_scale = scaling(structure, coef)
    learners = structure.learning
    fallback = np.flatnonzero(structure.fallback)
    growth = net.scenario.growth
    path = growth is not None and growth.demand_path is not None
    dynamic = bool(learners) or len(fallback) > 0 or path  # coefficients change during the run
    replace_share = 1.0 if growth is not None and growth.replace_retirements else 0.0

    # State, members first: (members, plants); the kernel advances one member at a time.
    C = np.array(coef.capacity0, dtype=float, order="C")
    cf = np.ascontiguousarray(coef.cf, dtype=float)
    inv_lifetime = np.ascontiguousarray(1.0 / coef.lifetime)  # first-order retirement rate, 1/s
    loss_rate = np.ascontiguousarray(inv_lifetime + coef.degradation)  # retirement and degradation, 1/s
    life_steps = np.full((M, G), -1, dtype=np.int64)  # fixed life, in internal steps (−1: first-order)
    initial_retire = np.zeros((M, G))  # fixed life: the starting fleet retires evenly over one lifetime
    if structure.retirement == "fixed_life":
        finite = np.isfinite(coef.lifetime)
        life_steps = np.where(finite, np.rint(np.where(finite, coef.lifetime, 0.0) / dt), T + 1).astype(
            np.int64
        )
        initial_retire = np.where(finite, coef.capacity0 / coef.lifetime, 0.0)
        inv_lifetime = np.zeros((M, G))
        loss_rate = np.ascontiguousarray(coef.degradation, dtype=float)
    share_sum = coef.reinvest.sum(axis=1)
    fraction = np.ascontiguousarray(np.minimum(share_sum, 1.0))
    weights = np.divide(
        coef.reinvest, share_sum[:, None], out=np.zeros_like(coef.reinvest), where=share_sum[:, None] > 0
    )
    limits = np.ascontiguousarray(coef.limit[:, limited], dtype=float)  # constraint rows after the plants
    # Demand grows by the yearly rate g compounded continuously between record steps: (1 + g)^(t / 1 yr).
    # Demand grows by the yearly rate g compounded continuously, (1 + g)^(t / 1 yr), or follows the scenario's path
    # (log-linear between its points): rates per second, per member and internal step.
    rates = _demand_rates(structure, coef)  # (M, T) 1/s
    log_growth = rates[:, 0].copy()
    euler = structure.integrator == "euler"
    if euler:  # the legacy engine: demand compounded as 1 + g h per sub-step (g: the yearly rate, per second)
        growth_sub = np.ascontiguousarray(
            np.expm1(rates * SECONDS_PER_YEAR) / SECONDS_PER_YEAR * dt / substeps + 1.0
        )
    else:
        growth_sub = np.ascontiguousarray(np.exp(rates * dt / substeps))
    demand_factor = np.ones(M)
    if growth is not None and growth.demand_path is not None:  # the path's level at the start
        years, factors = zip(*growth.demand_path, strict=True)
        demand_factor[:] = np.exp(np.interp(structure.times[0], years, np.log(factors)))
    lead_steps = np.rint(structure.lead / dt).astype(np.int64)
    lead_s = lead_steps * dt
    lead_growth = np.exp(log_growth[:, None] * lead_s[None, :])  # (M, plants), C-contiguous
    pipeline = np.zeros((M, int(lead_steps.max(initial=0)) + 1, G))  # capacity ordered, by arrival step
    pipe_total = np.zeros((M, G))
    busy = np.zeros((M, G))  # policy balanced: capacity each plant was last used for (kernel state)

    # Learning (Wright's law) and import shares (fallback nodes).
    exponent = np.log2(coef.progress_ratio) if learners else np.empty((M, 0))
    # Q₀: the output before the start (history) where the scenario gives it, else a year of the installed output.
    first_output = np.zeros((M, len(learners)))
    cumulative = np.array(coef.history, dtype=float).reshape(M, len(learners))
    for k, (j, *_rest) in enumerate(learners):
        g = structure.plant_of[j]
        one_year = coef.capacity0[:, g] / structure.h[j] * coef.cf[:, g] * SECONDS_PER_YEAR
        first_output[:, k] = np.where(cumulative[:, k] > 0, cumulative[:, k], one_year)
    f_learned, f_capital = np.ones((M, len(learners))), np.ones((M, G))  # Wright's-law multipliers
    lowest = _learning_bounds(structure, coef)  # (M, learners): no mass or energy out of nothing
    clamped = np.zeros(len(learners), dtype=bool)
    phi = np.zeros((M, N))  # share of each node's need that is imported
    phi[:, ~produced] = 1.0
    producer_of = {int(i): np.flatnonzero(net.reference == i) for i in fallback}
    if (
        producer_of
    ):  # start from what the installed producers can make of the demand's needs (no building yet)
        Zy0, _ = _solve(S[None, :, :], Bx, coef.U, coef.K, coef.demand, t_scale)
        wanted0 = (coef.U @ Zy0[:, :, None])[:, :, 0] + coef.demand
        for i, procs in producer_of.items():
            phi[:, i] = _import_share(structure, coef, coef.capacity0, procs, wanted0[:, i])

    # History, members first (as returned).
    hist_C, hist_build = np.empty((M, T, G)), np.empty((M, T, G))
    hist_retire, hist_invest = np.empty((M, T, G)), np.empty((M, T, G))
    hist_mean_C = np.empty((M, T, G))
    # Per-process mass and energy made from nothing; with constant coefficients one value per member, broadcast
    # over time (a read-only view: no members × steps × processes array to fill).
    hist_created: tuple[np.ndarray, np.ndarray] = (
        (np.empty((M, T, P)), np.empty((M, T, P)))
        if dynamic
        else tuple(np.broadcast_to(now[:, None, :], (M, T, P)) for now in _created(structure, coef.U))  # type: ignore[assignment]
    )
    hist_mu, hist_factor = np.empty((M, T)), np.empty((M, T))
    hist_bottleneck = np.empty((M, T), dtype=np.int32)
    derive = derive or dynamic  # the next step's coefficients need this step's flows
    derived = Derived.empty(M, T if derive else 0, N, P, len(structure.locations))
    need_nodes = np.empty((M, N))  # what each node used and delivered in the last derived step
    pattern = FlowPattern.of(structure, coef)
    state = (hist_invest, hist_mu, hist_factor)

    U, K = coef.U, coef.K
    refresh_factor = np.ones(M)
    Zy = Zk = None
    x_star: np.ndarray | None = None
    refreshes = 0
    perron_every = max(1, round(PERRON_EVERY_S / dt))
    step = 0
    while step < T:
        if Zy is None or dynamic:
            if path:  # the local growth rate of the demand path
                log_growth = rates[:, step].copy()
                lead_growth[:] = np.exp(log_growth[:, None] * lead_s[None, :])
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
            W = np.ascontiguousarray(
                np.concatenate(
                    [
                        plant_use @ Zk,
                        draw_share[:, :, None] * (net_use[:, limited, :] @ Zk + K[:, limited, :]),
                    ],
                    axis=1,
                )
            )  # (M, rows, plants): constraint use per unit of capacity ordered per second
            use_y0 = np.concatenate(
                [
                    Zy @ plant_use.T,
                    draw_share
                    * ((net_use[:, limited, :] @ Zy[:, :, None])[:, :, 0] + demand_now[:, limited]),
                ],
                axis=1,
            )  # (M, rows) for the demand at this refresh; it scales with the demand afterwards
            refresh_factor = demand_factor.copy()
            if policy == SHARES:
                boundary_per_plant = phi[:, :, None] * (net_use @ Zk + K)
                energy_cost = np.einsum("n,mnk->mk", structure.boundary_energy, boundary_per_plant)
                mass_cost = np.einsum("n,mnk->mk", structure.boundary_mass, boundary_per_plant)
                cost = np.where(energy_cost > 0, energy_cost, np.where(mass_cost > 0, mass_cost, 1.0))
                direction = np.ascontiguousarray(weights / cost)  # (M, plants)
                inv_u2 = _reciprocal(np.einsum("mrk,mk->mr", W, direction))
                mix = need = np.zeros((M, G))
                size_draw = np.zeros((M, len(limited), G))
            else:
                direction, inv_u2 = np.zeros((M, G)), np.zeros((M, W.shape[1]))
                if (
                    x_star is None or refreshes % perron_every == 0
                ):  # the mix moves only with learning: slowly
                    x_star = _perron(structure, coef, U, K)
                mix, size_draw, need = _plan(structure, coef, U, K, S_eff, phi, log_growth, x_star)
            refreshes += 1
        # Constant coefficients: every step at once, in member blocks (for progress); else this step only.
        last = step + 1 if dynamic else T
        if dynamic:
            for hist, now in zip(hist_created, _created(structure, U), strict=True):
                hist[:, step:last] = now[:, None, :]
        inv_use_y0 = _reciprocal(use_y0)
        blocks = 1 if dynamic else max(1, min(M, T // 12))
        reported = 0
        for k in range(blocks):
            lo, hi = k * M // blocks, (k + 1) * M // blocks
            stuck = advance(
                lo, hi, step, last, dt, substeps, policy, replace_share,
                C, demand_factor, growth_sub, cf, inv_lifetime, loss_rate, limits, W, inv_use_y0, refresh_factor,
                inv_u2, direction, fraction, mix, size_draw, need, lead_steps, lead_s, lead_growth, pipeline, pipe_total,
                hist_C, hist_build, hist_retire, hist_invest, hist_mu, hist_factor, hist_bottleneck, hist_mean_C, busy,
                life_steps, initial_retire, euler,
            )  # fmt: skip
            if stuck >= 0:
                grows = direction[stuck] if policy == SHARES else mix[stuck]
                plants = [structure.plants[g] for g in np.flatnonzero(grows > 0)]
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
            derive_flows(
                pattern, coef, U, K, Zy, Zk, refresh_factor, state, derived, step, step + 1, need_nodes
            )
            x = derived.production[:, step]
            for k, (j, floor, _input_nodes, on_capital) in enumerate(learners):
                cumulative[:, k] += x[:, j] * dt
                base = np.where(
                    first_output[:, k] > 0, first_output[:, k], np.maximum(cumulative[:, k], 1e-300)
                )
                progress_factor = np.clip(
                    (np.maximum(cumulative[:, k], base) / base) ** exponent[:, k], floor, 1.0
                )
                clamped[k] |= bool(np.any(progress_factor < lowest[:, k]))
                f_learned[:, k] = np.maximum(progress_factor, lowest[:, k])
                if on_capital:
                    f_capital[:, structure.plant_of[j]] = progress_factor
            # What each node would need if all final demand were met (μ = 1): the import shares must not shrink
            # with the demand the loop failed to deliver.
            f_now = hist_factor[:, step]
            per_demand = (U @ Zy[:, :, None])[:, :, 0] * (f_now / refresh_factor)[
                :, None
            ] + coef.demand * f_now[:, None]
            wanted_all = need_nodes + (1.0 - hist_mu[:, step])[:, None] * per_demand
            for i, procs in producer_of.items():  # next step imports what the producers' capacity cannot make
                phi[:, i] = _import_share(structure, coef, C, procs, wanted_all[:, i])
        step = last

    if derive and not dynamic:  # constant coefficients: derive every step at once
        assert Zy is not None and Zk is not None
        derive_flows(pattern, coef, U, K, Zy, Zk, refresh_factor, state, derived, 0, T, need_nodes)

    return Paths(
        capacity=hist_C,
        build_rate=hist_build,
        retire_rate=hist_retire,
        invest_rate=hist_invest,
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
        demand_factor=hist_factor,
        mean_capacity=hist_mean_C,
        utilisation=utilisation(derived.production, hist_mean_C, structure.plant_of, structure.h, cf)
        if derived.production.shape[1]
        else np.empty((M, 0, G)),
        process_mass_residual=hist_created[0],
        process_energy_residual=hist_created[1],
        learning_clamped=np.broadcast_to(clamped.astype(float), (M, len(learners))).copy(),
    )


def _created(structure: Structure, U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per member and process, (mass, energy) a process makes beyond what its inputs carry, as a share of what it
    makes (0 when it makes none): ``max(0, out − in) / out``, from the coefficients per unit of activity. Waste and
    losses are ``in − out ≥ 0``; capital built into plants is counted where it is made, not here."""
    net = structure.net
    out = []
    for per_unit in (net.mass_per_unit, net.energy_per_unit):
        made = per_unit @ structure.V  # (P,)
        used = np.einsum("n,mnp->mp", per_unit, U)
        excess = np.maximum(made[None, :] - used, 0.0)
        out.append(np.divide(excess, made[None, :], out=np.zeros_like(excess), where=made[None, :] > 0))
    return out[0], out[1]


def _plan(
    structure: Structure,
    coef: Coefficients,
    U: np.ndarray,
    K: np.ndarray,
    S_eff: np.ndarray,
    phi: np.ndarray,
    log_growth: np.ndarray,
    x: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per member, for the balanced and demand policies, given the Perron vector ``x`` (:func:`_perron`).

    Returns the balanced mix as plant capacities (Perron vector ``x*`` of ``(I − A − D)⁻¹ B``, the loop making its
    own goods), the limited draws per unit of each plant's capacity (limited rows × plants) when the loop runs in
    that mix and only replaces its capital (``(U − V_by) x* + K D x*`` split by plant, imported share only), and the capacity final demand needs per unit of demand
    factor when it grows at ``g_d``: ``plant_use · (I − A − (D + g_d B) E)⁻¹ S y / cf`` with ``E = diag(e^{g_d L})``
    (capital ordered now works a lead time ``L`` later, when demand is larger).
    """
    net = structure.net
    G, P = len(structure.plants), net.n_processes
    Bx = structure.by_products
    plant_use = np.zeros((G, P))
    plant_use[structure.plant_of, np.arange(P)] = structure.h
    limited = np.flatnonzero(structure.limited)
    cf_p = coef.cf[:, structure.plant_of]  # (M, P)
    loss_p = (1.0 / coef.lifetime + coef.degradation)[:, structure.plant_of]
    K_p = K[:, :, structure.plant_of] * structure.h[None, None, :]  # capital per unit of process capacity
    mix = np.ascontiguousarray(x @ plant_use.T / coef.cf)
    per_unit = (U - Bx)[:, limited, :] + K_p[:, limited, :] * (loss_p / cf_p)[:, None, :]
    # limited draws per unit of each plant's capacity, run in the mix (activity x* of its processes)
    of_plant = (plant_use > 0.0).T.astype(float)  # (P, G)
    # … of draws the loop cannot make itself: an import it also makes (fallback) shrinks as its own plants grow
    own = ~structure.fallback[limited]
    by_plant = ((phi[:, limited] * own)[:, :, None] * per_unit * x[:, None, :]) @ of_plant
    size_draw = np.ascontiguousarray(
        np.where(mix[:, None, :] > 0.0, by_plant / np.where(mix > 0.0, mix, 1.0)[:, None, :], 0.0)
    )
    A_eff = S_eff @ (U - Bx)
    B_eff = S_eff @ K_p / cf_p[:, None, :]
    rhs = (S_eff @ coef.demand[:, :, None])[:, :, 0]
    # Capital made now works a lead time later, when demand is e^{g L} larger: orders scale with that.
    lead_p = np.rint(structure.lead / structure.dt)[structure.plant_of] * structure.dt
    ahead = np.exp(log_growth[:, None] * lead_p[None, :])
    x_d = _dynamic_inverse(A_eff, B_eff * ahead[:, None, :], loss_p, log_growth, rhs)
    bad = ~np.all(np.isfinite(x_d), axis=1) | np.any(
        x_d < -1e-9 * np.abs(x_d).max(axis=1, keepdims=True), axis=1
    )
    if np.any(bad):
        if structure.policy == "demand":
            raise GrowthError(
                "growth.demand_growth is faster than the loop can build itself (its growth limit g*, see "
                "'wattsandtons balance'): no plan meets that demand; lower growth.demand_growth or use policy "
                "'balanced'"
            )
        # balanced: demand outgrows the loop; plan its plants for replacement only and let the level do the rest
        x_d[bad] = _dynamic_inverse(A_eff[bad], B_eff[bad], loss_p[bad], np.zeros(int(bad.sum())), rhs[bad])
    return (
        mix,
        size_draw,
        np.ascontiguousarray(np.clip(np.nan_to_num(x_d), 0.0, None) @ plant_use.T / coef.cf),
    )


#: Share of an importable good's producers' capacity kept free of current needs (imports cover the rest), so that
#: the loop can invest in making more of it itself. Assumption, like the planners' reserve of policy demand.
IMPORT_HEADROOM = 0.10


def _import_share(
    structure: Structure, coef: Coefficients, C: np.ndarray, procs: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """(M,) share of a node's need that is imported: what its producers (capacity ``C`` at the next start, less
    :data:`IMPORT_HEADROOM`) cannot make of ``wanted``."""
    own = structure.plant_of[procs]
    can_make = (C[:, own] * coef.cf[:, own] / structure.h[procs]).sum(axis=1) * (1.0 - IMPORT_HEADROOM)
    made = np.divide(can_make, wanted, out=(can_make > 0).astype(float), where=wanted > 0)
    return np.asarray(np.clip(1.0 - made, 0.0, 1.0))


def _demand_rates(structure: Structure, coef: Coefficients) -> np.ndarray:
    """(M, steps) growth rate of final demand in each internal step [1/s]: ``ln(1 + g)`` per year from
    ``demand_growth``, or the slope of ``ln`` of the scenario's ``demand_path`` (log-linear between its points, flat
    before the first and after the last)."""
    growth = structure.net.scenario.growth
    T, dt = structure.steps, structure.dt
    if growth is None or growth.demand_path is None:
        rate = np.log1p(coef.demand_growth * SECONDS_PER_YEAR) / SECONDS_PER_YEAR
        return np.repeat(rate[:, None], T, axis=1)
    years = np.array([y for y, _ in growth.demand_path], dtype=float)
    log_factor = np.log([f for _, f in growth.demand_path])
    edges = np.interp(structure.times[0] + np.arange(T + 1) * dt / SECONDS_PER_YEAR, years, log_factor)
    return np.repeat((np.diff(edges) / dt)[None, :], coef.members, axis=0)


def _learning_bounds(structure: Structure, coef: Coefficients) -> np.ndarray:
    """(M, learners) the lowest learning multiplier on each learner's inputs that keeps its process from making mass
    or energy out of nothing: inputs may fall only until they carry the mass (and the energy) of what it makes.
    ``(out − fixed) / learned`` where ``fixed`` is carried by the inputs learning does not touch."""
    net = structure.net
    V = structure.V
    out = np.zeros((coef.members, len(structure.learning)))
    for k, (j, _floor, input_nodes, _on_capital) in enumerate(structure.learning):
        for per_unit in (net.mass_per_unit, net.energy_per_unit):
            made = float(per_unit @ V[:, j])
            inputs = coef.U[:, :, j] * per_unit[None, :]
            learned = inputs[:, input_nodes].sum(axis=1)
            fixed = inputs[:, ~input_nodes].sum(axis=1)
            need = np.divide(made - fixed, learned, out=np.zeros_like(learned), where=learned > 0)
            out[:, k] = np.maximum(out[:, k], np.clip(need, 0.0, 1.0))
    return out


def _perron(structure: Structure, coef: Coefficients, U: np.ndarray, K: np.ndarray) -> np.ndarray:
    """Per member, the Perron vector ``x*`` of ``(I − A − D)⁻¹ B`` with the loop making its own goods (``S``)."""
    cf_p = coef.cf[:, structure.plant_of]
    loss_p = (1.0 / coef.lifetime + coef.degradation)[:, structure.plant_of]
    K_p = K[:, :, structure.plant_of] * structure.h[None, None, :]
    A = structure.shares @ (U - structure.by_products)
    B = structure.shares @ K_p / cf_p[:, None, :]
    _rate, x = perron_batch(A, B, B * loss_p[:, None, :])
    return x


def _dynamic_inverse(
    A: np.ndarray, B: np.ndarray, loss: np.ndarray, growth: np.ndarray, rhs: np.ndarray
) -> np.ndarray:
    """``(I − A − B diag(loss + g)) x = rhs`` per member: the activities that serve a demand growing at ``g``
    [1/s] and make the capital its plants need to grow with it and be replaced (dynamic Leontief, Miller & Blair
    2009, ch. 13). NaN where singular."""
    system = np.eye(A.shape[-1])[None] - A - B * (loss + growth[:, None])[:, None, :]
    try:
        return np.asarray(np.linalg.solve(system, rhs[:, :, None])[:, :, 0])
    except np.linalg.LinAlgError:
        return np.full_like(rhs, np.nan)


def _solve(
    S: np.ndarray, Bx: np.ndarray, U: np.ndarray, K: np.ndarray, demand: np.ndarray, t: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Activities per member for the demand and per unit of each plant built: ``(I − A) Z = S [y, K]``.

    ``S`` is (1 or members, processes, nodes): the share of each node's need its producers make.
    """
    A = S @ (U - Bx)
    rhs = np.concatenate([S @ demand[:, :, None], S @ K], axis=2)
    members = max(A.shape[0], rhs.shape[0])
    try:
        Z = leontief_solve_stack(
            np.broadcast_to(A, (members, *A.shape[1:])),
            np.broadcast_to(rhs, (members, *rhs.shape[1:])),
            scale=t,
        )
    except UnproductiveError:
        raise GrowthError(
            "the loop is unproductive for some members (it needs more of its own products than it makes): "
            "run 'wattsandtons balance' to name the cycle, or narrow the distributions of its inputs"
        ) from None
    return Z[:, :, 0], Z[:, :, 1:]


def _reciprocal(a: np.ndarray) -> np.ndarray:
    """1 / a where a > 0, else 0 (a row that is not used), C-contiguous."""
    return np.ascontiguousarray(np.divide(1.0, a, out=np.zeros_like(a), where=a > 0))
