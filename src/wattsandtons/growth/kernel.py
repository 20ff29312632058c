"""The compiled step rule (Numba): capacity of every plant, advanced in explicit-Euler sub-steps per member.

Each sub-step of length ``h = dt / substeps``, per member:

1. **Final demand first**: demand at the current factor is delivered as far as every constraint row (plant capacity
   ``C · cf``, draw limits) allows: share ``μ ≤ 1``. What is left of each row is its *slack*.
2. **Invest** with the slack, by policy:

   * ``shares`` (0): replace retirements (``λ₁ ≤ 1``), then grow along the fixed direction ``d`` (the scenario's
     reinvestment shares, in embodied energy) as far as the tightest row allows, times the share reinvested.
   * ``balanced`` (1): water-filling toward the loop's balanced mix ``m`` (the Perron vector of the growth matrix,
     :mod:`wattsandtons.balance.growth_limit`): every plant is raised toward the target ``need · factor + L · m``
     (``need``: capacity that final demand uses), the level ``L`` as high as the slack allows, and no higher than
     the draw limits can keep in use without growth (``size_draw``: each limited draw per unit of ``L`` of a loop
     that only replaces its capital). Plants above the target are not rebuilt when they retire.
   * ``demand`` (2): the capacity final demand will need after each plant's lead time (including the capital the
     loop must make to keep growing with it: the dynamic inverse ``(I − A − D − g_d B)⁻¹``) is ordered as far as the
     slack allows, minus what is already installed (after retirements over the lead time) and in the pipeline.
     Orders are made now (capital goods) and arrive as capacity ``lead`` record steps later (a ring buffer).

3. **Retire** first-order at ``1/lifetime + degradation`` and integrate: ``C ← max(C + (build − loss · C) h, 0)``.

Records per step (members, steps, …): capacity at the start, and the step's means of capacity, building, retirement, capital
ordered (``invest``), demand delivered (``μ`` weighted by the demand factor) and the demand factor; the binding row
of the last sub-step. Euler's global error is ``O(h)``: ``ln C`` of an exponential at rate ``g`` is off by about
``g² h T / 2`` after ``T``.
"""

from __future__ import annotations

import numba
import numpy as np

SHARES, BALANCED, DEMAND = 0, 1, 2
POLICIES = {"shares": SHARES, "balanced": BALANCED, "demand": DEMAND}


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _fill(
    a: np.ndarray, c: np.ndarray, W: np.ndarray, slack: np.ndarray, cap: float, cap_row: int, out: np.ndarray
) -> int:
    """Water-filling: the largest ``L ≥ 0`` with ``Σ_g W[r, g] · max(0, a_g + L c_g) ≤ slack_r`` for every row.

    Writes the building ``b_g = max(0, a_g + L c_g)`` into ``out`` and returns the binding row; −1 when nothing is
    to grow (all ``c = 0``); −2 when no row bounds ``L`` (growth limited by nothing). If even ``L = 0`` does not fit,
    the demand part ``max(0, a)`` is scaled down to fit instead. Exact: ``L`` is found segment by segment between
    the breakpoints ``−a_g / c_g`` where a plant starts to build. ``L`` stops at ``cap`` (binding: ``cap_row``).
    """
    R, G = W.shape
    lhs = np.zeros(R)
    slope = np.zeros(R)
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
    breaks = np.full(G, np.inf)
    grows = False
    for g in range(G):
        if c[g] > 0.0:
            grows = True
            breaks[g] = 0.0 if a[g] >= 0.0 else -a[g] / c[g]
    if not grows:
        for g in range(G):
            out[g] = max(a[g], 0.0)
        return -1
    order = np.argsort(breaks)
    level, k = 0.0, 0
    found = False
    while True:
        while k < G and breaks[order[k]] <= level:  # plants that build from this level on
            g = order[k]
            if c[g] > 0.0:
                for r in range(R):
                    slope[r] += W[r, g] * c[g]
            k += 1
        upper = breaks[order[k]] if k < G else np.inf
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
        if k >= G:
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
) -> int:
    """Advance members ``lo … hi − 1`` through record steps ``first … last − 1`` (rule in the module docstring).

    State, updated in place: capacity ``C`` (members, plants), ``demand_factor`` (members,), and for ``demand`` the
    ring buffer ``pipeline`` (members, slots, plants) of capacity ordered, with its total ``pipe_total``. Rows ``r``:
    the plants' capacities, then the draw limits (``limits``). ``W`` (members, rows, plants): each row's use per unit
    of capacity ordered per second; ``inv_use_y0``: 1 / each row's use by the demand at ``refresh_factor`` (0: not
    used); ``inv_u2``, ``direction``, ``fraction``: the ``shares`` growth direction; ``mix`` and ``need``
    (members, plants): the balanced mix and the capacity final demand needs per unit of demand factor; ``lead_*``
    per plant: lead time in record steps and seconds, and the demand factor's growth over it. Returns the first
    member whose growth no row limits (−1 if none).
    """
    R, G = W.shape[1], W.shape[2]
    h = dt / substeps
    slots = pipeline.shape[1]
    avail = np.empty(R)
    retire = np.empty(G)
    u1 = np.empty(R)
    build = np.empty(G)
    invest = np.empty(G)
    a = np.empty(G)
    c = np.empty(G)
    acc_build = np.empty(G)
    acc_retire = np.empty(G)
    acc_invest = np.empty(G)
    acc_C = np.empty(G)
    arrive = np.empty(G)
    for m in range(lo, hi):
        factor = demand_factor[m]
        for step in range(first, last):
            slot = step % slots
            for g in range(G):
                out_C[m, step, g] = C[m, g]
                acc_build[g] = 0.0
                acc_retire[g] = 0.0
                acc_invest[g] = 0.0
                acc_C[g] = 0.0
                arrive[g] = pipeline[m, slot, g] / dt if lead_steps[g] > 0 else 0.0
            acc_mu = acc_factor = 0.0
            binding = -1
            for _ in range(substeps):
                for g in range(G):
                    avail[g] = C[m, g] * cf[m, g]
                for r in range(G, R):
                    avail[r] = limits[m, r - G]
                # 1. Demand first: μ ≤ 1 where a row cannot carry it; the rest of each row is slack.
                scale = factor / refresh_factor[m]
                mu = np.inf
                for r in range(R):
                    if inv_use_y0[m, r] > 0.0:
                        mu = min(mu, avail[r] * inv_use_y0[m, r] / scale)
                mu = min(1.0, max(mu, 0.0))
                for r in range(R):
                    if inv_use_y0[m, r] > 0.0:
                        avail[r] -= mu * (scale / inv_use_y0[m, r])
                # 2. Invest by policy.
                if policy == SHARES:
                    for g in range(G):
                        retire[g] = C[m, g] * inv_lifetime[m, g]
                    lam1 = np.inf
                    for r in range(R):
                        total = 0.0
                        for g in range(G):
                            total += W[m, r, g] * retire[g]
                        u1[r] = total
                        if total > 0.0:
                            lam1 = min(lam1, avail[r] / total)
                    lam1 = replace_share * min(1.0, max(lam1, 0.0))
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
                    else:
                        lam2 = 0.0
                        binding = -1
                    for g in range(G):
                        build[g] = lam1 * retire[g] + lam2 * direction[m, g]
                        invest[g] = build[g]
                elif policy == BALANCED:
                    after = factor * growth_sub[m]
                    for g in range(G):
                        a[g] = (need[m, g] * after - C[m, g]) / h + loss_rate[m, g] * C[m, g]
                        c[g] = mix[m, g] / h
                    cap, cap_row = np.inf, -1  # no higher than the draw limits can keep in use
                    for r in range(G, R):
                        if size_draw[m, r - G] > 0.0:
                            level_cap = max(avail[r], 0.0) / size_draw[m, r - G]
                            if level_cap < cap:
                                cap, cap_row = level_cap, r
                    binding = _fill(a, c, W[m], avail, cap, cap_row, build)
                    if binding == -2:
                        return m
                    for g in range(G):
                        invest[g] = build[g]
                else:  # DEMAND: order what the demand after the lead time needs, less what is there and coming
                    for g in range(G):
                        target = need[m, g] * factor * lead_growth[m, g]
                        horizon = lead_s[g] if lead_s[g] > h else h
                        expected = C[m, g] * max(1.0 - loss_rate[m, g] * horizon, 0.0) + pipe_total[m, g]
                        invest[g] = max(target - expected, 0.0) / h
                    lam = 1.0
                    binding = -1
                    for r in range(R):
                        total = 0.0
                        for g in range(G):
                            total += W[m, r, g] * invest[g]
                        if total > avail[r] and total > 0.0:
                            ratio = max(avail[r], 0.0) / total
                            if ratio < lam:
                                lam, binding = ratio, r
                    for g in range(G):
                        invest[g] *= lam
                        if lead_steps[g] > 0:
                            pipeline[m, (step + lead_steps[g]) % slots, g] += invest[g] * h
                            pipe_total[m, g] += (invest[g] - arrive[g]) * h
                            build[g] = arrive[g]
                        else:
                            build[g] = invest[g]
                # 3. Retire and integrate.
                for g in range(G):
                    before = C[m, g]
                    after_c = max(before + (build[g] - before * loss_rate[m, g]) * h, 0.0)
                    C[m, g] = after_c
                    acc_build[g] += build[g] * h
                    acc_retire[g] += before + build[g] * h - after_c
                    acc_invest[g] += invest[g] * h
                    acc_C[g] += before * h
                acc_mu += mu * factor * h
                acc_factor += factor * h
                factor *= growth_sub[m]
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
