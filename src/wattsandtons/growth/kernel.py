"""The compiled step rule (Numba): capacity of every plant, advanced in sub-steps (Heun's method) per member.

Each sub-step of length ``h = dt / substeps``, per member:

1. **Final demand first**: demand at the current factor is delivered as far as every constraint row (plant capacity
   ``C · cf``, draw limits) allows: share ``μ ≤ 1`` (policies balanced and demand leave ``RESERVE`` of each plant
   to investment). What is left of each row is its *slack*.
2. **Invest** with the slack, by policy:

   * ``shares`` (0): replace retirements (``λ₁ ≤ 1``), then grow along the fixed direction ``d`` (the scenario's
     reinvestment shares, in embodied energy) as far as the tightest row allows, times the share reinvested.
   * ``balanced`` (1): water-filling toward the loop's balanced mix ``m`` (the Perron vector of the growth matrix,
     :mod:`wattsandtons.balance.growth_limit`): every plant is raised toward the target
     ``(1 + RESERVE) · max(need · factor, busy) + L · m`` (``need``: capacity final demand uses; ``busy``: what
     the plant is used for, demand and capital ordered, smoothed over ``ADJUST_S`` — plants follow their use), the level
     ``L`` as high as the slack allows; a plant closes its gap to the target in ``ADJUST_S``. Plants above the
     target are not rebuilt when they retire. Near a draw the loop cannot make itself (a resource, or an import
     nothing in the loop makes) the plants that draw on it grow above replacement so that the draw ``X`` (all
     their capacity running, ``size_draw``: draw per unit of each plant's capacity) rises at most at
     ``g_lim = δ (X_max / X − 1)`` (``δ``: their retirement rate weighted by draw): the loop closes its headroom no
     faster than its plants retire, and never builds more than the limit can run.
   * ``demand`` (2): the capacity final demand will need after each plant's lead time (including the capital the
     loop must make to keep growing with it: the dynamic inverse ``(I − A − D − g_d B)⁻¹``) is ordered as far as the
     slack allows (plus a reserve margin, ``RESERVE``), minus what is installed (after retirements over the lead
     time) and in the pipeline.
     Orders are made now (capital goods) and arrive as capacity ``lead`` record steps later (a ring buffer).

3. **Retire** first-order at ``1/lifetime + degradation`` or, with ``retirement: fixed_life``, what was built one
   lifetime earlier (the starting fleet evenly over one lifetime) plus degradation, and integrate
   ``dC/dt = build − retire`` by Heun's method (the mean of the rates at the start and at an Euler predictor).

Records per step (members, steps, …): capacity at the start, and the step's means of capacity, building, retirement, capital
ordered (``invest``), demand delivered (``μ`` weighted by the demand factor) and the demand factor; the binding row
of the last sub-step. Heun's global error is ``O(h²)``: ``ln C`` of an exponential at rate ``g`` is off by about
``g³ h² T / 6`` after ``T`` (1.2e-6 for g = 0.1/yr, h = 1/52 yr, T = 20 yr; 2.3e-4 for g = 1/yr, T = 3.7 yr).
"""

from __future__ import annotations

import numba
import numpy as np

SHARES, BALANCED, DEMAND = 0, 1, 2
#: Policies ``balanced`` and ``demand`` plan this much capacity above what demand (and, for ``demand``, its growth)
#: needs, and let final demand take at most ``1 / (1 + RESERVE)`` of a plant. Without a margin a plant that falls
#: short is taken whole by demand, has no slack to rebuild itself with, and the loop collapses; planners keep one
#: (e.g. NERC's reference reserve margin for power systems is about 15 %). Assumption: 10 %.
RESERVE = 0.10
#: Policy ``balanced`` closes the gap between a plant and its target in this time (a month; a stock-adjustment time,
#: Sterman 2000, ch. 17; assumption). A time, not the sub-step, so that the rule is an ODE the sub-steps converge on.
ADJUST_S = 365.25 * 86400.0 / 12
#: … and sees what each plant is used for smoothed over this time (a year; assumption).
BUSY_S = 365.25 * 86400.0
POLICIES = {"shares": SHARES, "balanced": BALANCED, "demand": DEMAND}


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _fill(
    a: np.ndarray,
    c: np.ndarray,
    W: np.ndarray,
    slack: np.ndarray,
    cap: float,
    cap_row: int,
    out: np.ndarray,
    scratch: np.ndarray,
) -> int:
    """Water-filling: the largest ``L ≥ 0`` with ``Σ_g W[r, g] · max(0, a_g + L c_g) ≤ slack_r`` for every row.

    Writes the building ``b_g = max(0, a_g + L c_g)`` into ``out`` and returns the binding row; −1 when nothing is
    to grow (all ``c = 0``); −2 when no row bounds ``L`` (growth limited by nothing). If even ``L = 0`` does not fit,
    the demand part ``max(0, a)`` is scaled down to fit instead. Exact: ``L`` is found segment by segment between
    the breakpoints ``−a_g / c_g`` where a plant starts to build. ``L`` stops at ``cap`` (binding: ``cap_row``).
    ``scratch``: work space of at least 2 · rows + plants.
    """
    R, G = W.shape
    lhs = scratch[:R]
    slope = scratch[R : 2 * R]
    breaks = scratch[2 * R : 2 * R + G]
    lhs[:] = 0.0
    slope[:] = 0.0
    for g in range(G):
        b0 = max(a[g], 0.0)
        for r in range(R):
            lhs[r] += W[r, g] * b0
    worst, binding = 1.0, -1
    for r in range(R):
        if lhs[r] > slack[r] and lhs[r] > 0.0:
            ratio = max(slack[r], 0.0) / lhs[r]
            if ratio < worst:
                worst, binding = ratio, r
    if binding >= 0:
        for g in range(G):
            out[g] = worst * max(a[g], 0.0)
        return binding
    breaks[:] = np.inf
    grows = False
    for g in range(G):
        if c[g] > 0.0:
            grows = True
            breaks[g] = 0.0 if a[g] >= 0.0 else -a[g] / c[g]
    if not grows:
        for g in range(G):
            out[g] = max(a[g], 0.0)
        return -1
    level = 0.0
    found = False
    while True:
        upper = np.inf
        for g in range(G):  # plants that build from this level on join the slope; the next breakpoint above
            if breaks[g] <= level:
                for r in range(R):
                    slope[r] += W[r, g] * c[g]
                breaks[g] = np.nan  # counted (NaN compares false)
            elif breaks[g] < upper:
                upper = breaks[g]
        hit = np.inf
        for r in range(R):
            if slope[r] > 0.0:
                at = level + max(slack[r] - lhs[r], 0.0) / slope[r]
                if at < hit:
                    hit, binding = at, r
        if hit > cap and cap <= upper:
            level, binding = cap, cap_row
            found = True
            break
        if hit <= upper:
            level = hit
            found = True
            break
        if upper == np.inf:
            break
        for r in range(R):
            lhs[r] += slope[r] * (upper - level)
        level = upper
    if not found:
        return -2
    for g in range(G):
        out[g] = max(a[g] + level * c[g], 0.0)
    return binding


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _rates(
    policy: int,
    C: np.ndarray,
    factor: float,
    h: float,
    replace_share: float,
    growth_sub: float,
    cf: np.ndarray,
    inv_lifetime: np.ndarray,
    loss_rate: np.ndarray,
    limits: np.ndarray,
    W: np.ndarray,
    inv_use_y0: np.ndarray,
    refresh_factor: float,
    inv_u2: np.ndarray,
    direction: np.ndarray,
    fraction: float,
    mix: np.ndarray,
    size_draw: np.ndarray,
    need: np.ndarray,
    lead_s: np.ndarray,
    lead_growth: np.ndarray,
    pipe_total: np.ndarray,
    arrive: np.ndarray,
    lead_steps: np.ndarray,
    avail: np.ndarray,
    work: np.ndarray,
    build: np.ndarray,
    invest: np.ndarray,
    busy: np.ndarray,
    fixed_out: np.ndarray,
) -> tuple[float, int]:
    """One member's rates at capacity ``C`` and demand ``factor``: writes ``build`` and ``invest`` (plant units per
    second) and returns ``(μ, binding row)``; binding −2 when no row limits growth. Steps 1–2 of the module rule."""
    R, G = W.shape
    for g in range(G):
        avail[g] = C[g] * cf[g]
    for r in range(G, R):
        avail[r] = limits[r - G]
    scale = factor / refresh_factor
    mu = np.inf
    for r in range(R):
        if inv_use_y0[r] > 0.0:
            # balanced, demand: final demand takes at most 1 / (1 + RESERVE) of a row, the rest can build
            keep = 1.0 / (1.0 + RESERVE) if policy != SHARES else 1.0
            mu = min(mu, keep * avail[r] * inv_use_y0[r] / scale)
    mu = min(1.0, max(mu, 0.0))
    for r in range(R):
        if inv_use_y0[r] > 0.0:
            avail[r] -= mu * (scale / inv_use_y0[r])
    binding = -1
    if policy == SHARES:
        retire = work[:G]
        u1 = work[G : G + R]
        for g in range(G):
            retire[g] = C[g] * inv_lifetime[g] + fixed_out[g]
        lam1 = np.inf
        for r in range(R):
            total = 0.0
            for g in range(G):
                total += W[r, g] * retire[g]
            u1[r] = total
            if total > 0.0:
                lam1 = min(lam1, avail[r] / total)
        lam1 = replace_share * min(1.0, max(lam1, 0.0))
        lam2 = np.inf
        for r in range(R):
            if inv_u2[r] > 0.0:
                ratio = max(avail[r] - lam1 * u1[r], 0.0) * inv_u2[r]
                if ratio < lam2:
                    lam2, binding = ratio, r
        if fraction > 0.0:
            if lam2 == np.inf:
                return mu, -2
            lam2 *= fraction
        else:
            lam2, binding = 0.0, -1
        for g in range(G):
            build[g] = lam1 * retire[g] + lam2 * direction[g]
            invest[g] = build[g]
    elif policy == BALANCED:
        a = work[:G]
        c = work[G : 2 * G]
        after = factor * growth_sub
        tau = max(h, ADJUST_S)
        for g in range(G):
            wanted = max(need[g] * after, busy[g])  # demand's need, or what the plant was last used for
            a[g] = (wanted * (1.0 + RESERVE) - C[g]) / tau + loss_rate[g] * C[g] + fixed_out[g]
            c[g] = mix[g] / tau
        binding = _fill(a, c, W, avail, np.inf, -1, build, work[2 * G :])
        # Near a draw the loop cannot make itself, that draw X may grow at most at g_lim = δ (X_max / X − 1): the
        # loop closes its headroom no faster than its plants retire (X: the draw if all capacity ran and only
        # replaced itself; X_max: the limit; δ: those plants' retirement rate, weighted by draw). Then the capital the loop makes, about (g + δ) X, stays near δ X_max: plants stay in
        # use. Building above replacement (of plants not above their target) is scaled down to that.
        base = work[2 * G : 3 * G]
        for g in range(G):
            keep = loss_rate[g] * C[g] + fixed_out[g]
            base[g] = min(max(min(a[g], keep), 0.0), build[g])
        slowed = work[3 * G : 4 * G]  # each plant's growth scaled by the tightest row it draws on directly
        slowed[:] = 1.0
        lim_row = -1
        for r in range(G, R):
            drawn = retiring = growing = 0.0
            for g in range(G):
                x_g = size_draw[r - G, g] * C[g]
                drawn += x_g
                retiring += x_g * loss_rate[g]
                growing += size_draw[r - G, g] * (build[g] - base[g])
            if drawn > 0.0 and growing > 0.0:
                allowed = retiring * max(limits[r - G] / drawn - 1.0, 0.0)  # g_lim · X
                if allowed < growing:
                    lim_row = r
                    for g in range(G):
                        if size_draw[r - G, g] > 0.0:
                            slowed[g] = min(slowed[g], allowed / growing)
        if lim_row >= 0:
            for g in range(G):
                build[g] = base[g] + slowed[g] * (build[g] - base[g])
            if binding != -1:
                binding = lim_row
        for g in range(G):
            invest[g] = build[g]
    else:  # DEMAND: order what demand after the lead time needs, less what is there and coming
        for g in range(G):
            target = need[g] * factor * lead_growth[g] * (1.0 + RESERVE)
            horizon = lead_s[g] if lead_s[g] > h else h
            expected = (
                max(C[g] * (1.0 - loss_rate[g] * horizon) - fixed_out[g] * horizon, 0.0) + pipe_total[g]
            )
            invest[g] = max(target - expected, 0.0) / h
        lam = 1.0
        for r in range(R):
            total = 0.0
            for g in range(G):
                total += W[r, g] * invest[g]
            if total > avail[r] and total > 0.0:
                ratio = max(avail[r], 0.0) / total
                if ratio < lam:
                    lam, binding = ratio, r
        for g in range(G):
            invest[g] *= lam
            build[g] = arrive[g] if lead_steps[g] > 0 else invest[g]
    return mu, binding


@numba.njit(cache=True, nogil=True, error_model="numpy")
def advance(
    lo: int,
    hi: int,
    first: int,
    last: int,
    dt: float,
    substeps: int,
    policy: int,
    replace_share: float,
    C: np.ndarray,
    demand_factor: np.ndarray,
    growth_sub: np.ndarray,
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
    mix: np.ndarray,
    size_draw: np.ndarray,
    need: np.ndarray,
    lead_steps: np.ndarray,
    lead_s: np.ndarray,
    lead_growth: np.ndarray,
    pipeline: np.ndarray,
    pipe_total: np.ndarray,
    out_C: np.ndarray,
    out_build: np.ndarray,
    out_retire: np.ndarray,
    out_invest: np.ndarray,
    out_mu: np.ndarray,
    out_factor: np.ndarray,
    out_bottleneck: np.ndarray,
    out_mean_C: np.ndarray,
    busy: np.ndarray,
    life_steps: np.ndarray,
    initial_retire: np.ndarray,
    euler: bool = False,
) -> int:
    """Advance members ``lo … hi − 1`` through record steps ``first … last − 1`` (rule in the module docstring).

    Each sub-step is Heun's method (explicit trapezoid, second order): rates at the start, an Euler predictor, rates
    there, and the mean of the two; with ``euler`` the rates at the start alone (explicit Euler, first order: the
    legacy engine, the anchor to PySD and hand calculations; ``growth_sub`` is then ``1 + g h``). State, updated in place: capacity ``C`` (members, plants), ``demand_factor``
    (members,), and for ``demand`` the ring buffer ``pipeline`` (members, slots, plants) of capacity ordered, with
    its total ``pipe_total``. Rows ``r``: the plants' capacities, then the draw limits (``limits``). ``W`` (members,
    rows, plants): each row's use per unit of capacity ordered per second; ``inv_use_y0``: 1 / each row's use by the
    demand at ``refresh_factor`` (0: not used); ``inv_u2``, ``direction``, ``fraction``: the ``shares`` growth
    direction; ``mix``, ``size_draw`` and ``need``: the balanced mix, the limited draws per unit of it, and the
    capacity final demand needs per unit of demand factor; ``lead_*`` per plant: lead time in record steps and
    seconds, and the demand factor's growth over it. Returns the first member whose growth no row limits (−1 if
    none).
    """
    R, G = W.shape[1], W.shape[2]
    h = dt / substeps
    slots = pipeline.shape[1]
    avail = np.empty(R)
    work = np.empty(3 * G + 3 * R)
    b1, i1, b2, i2 = np.empty(G), np.empty(G), np.empty(G), np.empty(G)
    Cp = np.empty(G)
    acc_build, acc_retire, acc_invest, acc_C = np.empty(G), np.empty(G), np.empty(G), np.empty(G)
    arrive = np.empty(G)
    fixed_out = np.zeros(G)
    for m in range(lo, hi):
        factor = demand_factor[m]
        for step in range(first, last):
            slot = step % slots
            for g in range(G):
                out_C[m, step, g] = C[m, g]
                acc_build[g] = acc_retire[g] = acc_invest[g] = acc_C[g] = 0.0
                arrive[g] = pipeline[m, slot, g] / dt if lead_steps[g] > 0 else 0.0
                # Fixed life: what was built one life ago retires now; the start's fleet retires evenly over a life.
                life = life_steps[m, g]
                if life < 0:
                    fixed_out[g] = 0.0
                elif step >= life:
                    fixed_out[g] = out_build[m, step - life, g]
                else:
                    fixed_out[g] = initial_retire[m, g]
            acc_mu = acc_factor = 0.0
            binding = -1
            for _ in range(substeps):
                mu1, binding = _rates(
                    policy, C[m], factor, h, replace_share, growth_sub[m, step], cf[m], inv_lifetime[m],
                    loss_rate[m], limits[m], W[m], inv_use_y0[m], refresh_factor[m], inv_u2[m], direction[m],
                    fraction[m], mix[m], size_draw[m], need[m], lead_s, lead_growth[m], pipe_total[m], arrive,
                    lead_steps, avail, work, b1, i1, busy[m], fixed_out,
                )  # fmt: skip
                if binding == -2:
                    return m
                if (
                    policy == BALANCED
                ):  # capacity each plant is used for: demand, and the capital just ordered
                    for g in range(G):
                        used = C[m, g] * cf[m, g] - avail[g]
                        for k in range(G):
                            used += W[m, g, k] * i1[k]
                        seen = max(used, 0.0) / cf[m, g] if cf[m, g] > 0.0 else 0.0
                        busy[m, g] += (seen - busy[m, g]) * min(1.0, h / BUSY_S)  # smoothed over BUSY_S
                after = factor * growth_sub[m, step]
                if euler:  # the rates at the start hold over the sub-step
                    for g in range(G):
                        before = C[m, g]
                        retire = before * loss_rate[m, g] + fixed_out[g]
                        after_c = max(before + (b1[g] - retire) * h, 0.0)
                        C[m, g] = after_c
                        if lead_steps[g] > 0:
                            pipeline[m, (step + lead_steps[g]) % slots, g] += i1[g] * h
                            pipe_total[m, g] += (i1[g] - b1[g]) * h
                        acc_build[g] += b1[g] * h
                        acc_retire[g] += before + b1[g] * h - after_c
                        acc_invest[g] += i1[g] * h
                        acc_C[g] += 0.5 * (before + after_c) * h
                    acc_mu += mu1 * factor * h
                    acc_factor += factor * h
                    factor = after
                    continue
                for g in range(G):
                    Cp[g] = max(C[m, g] + (b1[g] - C[m, g] * loss_rate[m, g] - fixed_out[g]) * h, 0.0)
                    pipe_total[m, g] += (i1[g] - b1[g]) * h if lead_steps[g] > 0 else 0.0
                mu2, _b = _rates(
                    policy, Cp, after, h, replace_share, growth_sub[m, step], cf[m], inv_lifetime[m],
                    loss_rate[m], limits[m], W[m], inv_use_y0[m], refresh_factor[m], inv_u2[m], direction[m],
                    fraction[m], mix[m], size_draw[m], need[m], lead_s, lead_growth[m], pipe_total[m], arrive,
                    lead_steps, avail, work, b2, i2, busy[m], fixed_out,
                )  # fmt: skip
                if _b == -2:
                    return m
                for g in range(G):
                    if lead_steps[g] > 0:  # undo the predictor's order; the mean order goes in below
                        pipe_total[m, g] -= (i1[g] - b1[g]) * h
                    before = C[m, g]
                    build = 0.5 * (b1[g] + b2[g])
                    invest = 0.5 * (i1[g] + i2[g])
                    retire = 0.5 * (before + Cp[g]) * loss_rate[m, g] + fixed_out[g]
                    after_c = max(before + (build - retire) * h, 0.0)
                    C[m, g] = after_c
                    if lead_steps[g] > 0:
                        pipeline[m, (step + lead_steps[g]) % slots, g] += invest * h
                        pipe_total[m, g] += (invest - build) * h
                    acc_build[g] += build * h
                    acc_retire[g] += before + build * h - after_c
                    acc_invest[g] += invest * h
                    acc_C[g] += 0.5 * (before + after_c) * h
                mu_f = 0.5 * (mu1 * factor + mu2 * after)
                acc_mu += mu_f * h
                acc_factor += 0.5 * (factor + after) * h
                factor = after
            for g in range(G):
                out_build[m, step, g] = acc_build[g] / dt
                out_retire[m, step, g] = acc_retire[g] / dt
                out_invest[m, step, g] = acc_invest[g] / dt
                out_mean_C[m, step, g] = acc_C[g] / dt
                pipeline[m, slot, g] = 0.0
            out_mu[m, step] = acc_mu / acc_factor if acc_factor > 0.0 else 1.0
            out_factor[m, step] = acc_factor / dt
            out_bottleneck[m, step] = binding
        demand_factor[m] = factor
    return -1
