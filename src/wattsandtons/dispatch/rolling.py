"""A rolling horizon: long horizons solved window by window, so time and memory grow linearly with the hours.

The monolithic LP of a 5-year horizon (43,800 h) costs HiGHS more than five one-year LPs (simplex work grows faster
than linearly with the rows). :func:`solve_rolling` solves windows of ``window`` hours plus ``overlap`` hours of
look-ahead, keeps the first ``window`` hours of each solution, and starts the next window from what it kept:

* each store's state of charge at the end of the kept hours (the next window is not cyclic; the first starts at
  the store's ``soc_initial``; for a cyclic store the last must end with at least that much again, so the
  schedule is comparable with the monolithic cyclic one and the gap is not negative);
* each ramped load's draw in the last kept hour (the next window's first hour is within one ramp step of it).

The look-ahead lets a store see the next days before it commits; without it every window would empty its stores
at its end. The result is a feasible schedule of the whole horizon whose value can fall short of the monolithic
optimum: the **objective gap** (monolithic value − rolling value) / |monolithic value| is reported by
:func:`rolling_gap` and in ``benchmarks/RESULTS.md``. Deferrable loads need windows that are whole multiples of
their ``window``. (Ref: rolling-horizon dispatch as in PyPSA's ``optimize_with_rolling_horizon``, which likewise
carries storage levels between windows.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from wattsandtons.dispatch.model import Solution, solve_site
from wattsandtons.dispatch.spec import DispatchError, Site

__all__ = ["WindowSolver", "money_value", "roll", "rolling_gap", "solve_rolling"]

HOUR = 3600.0


def money_value(site: Site, sol: Solution, hours: int | None = None) -> float:
    """The value of the variable flows of ``sol`` over its first ``hours`` hours (money; the LP's value mode)."""
    cut = slice(0, site.hours if hours is None else hours)
    total = 0.0
    for g in site.generators:
        total += g.marginal_cost * float(sol.curtailed[g.name][cut].sum())
    if site.grid is not None:
        total += float(site.grid.export_price[cut] @ sol.grid_export[cut])
        total -= float(site.grid.import_price[cut] @ sol.grid_import[cut])
    for b in site.batteries:
        total -= b.cycle_cost * float(sol.discharge[b.name][cut].sum())
    for ld in site.loads:
        net = ld.value - ld.grid_fee
        if ld.kind in ("interruptible", "deferrable"):
            total += net * float(sol.load[ld.name][cut].sum())
        elif ld.name in sol.unserved:
            total -= ((ld.shed_penalty or 0.0) + net) * float(sol.unserved[ld.name][cut].sum())
    return total * HOUR


def _check(site: Site, window: int, overlap: int) -> None:
    if window < 1 or overlap < 0:
        raise DispatchError(
            f"rolling horizon: window must be at least 1 h and overlap at least 0, got {window}, {overlap}"
        )
    for ld in site.loads:
        if ld.window_hours is not None and window % ld.window_hours:
            raise DispatchError(
                f"rolling horizon: window {window} h is not a whole number of loads.{ld.name}'s {ld.window_hours}-h "
                "windows"
            )


#: Solves the sites of one window together, each from its ramped loads' draw before the window (W by load name).
WindowSolver = Callable[[list[Site], list[dict[str, float]]], list[Solution]]


def solve_rolling(site: Site, window: int = 2190, overlap: int = 168) -> Solution:
    """Solve ``site`` window by window (module docstring); returns one :class:`Solution` for the whole horizon.

    Its ``objective`` is minus the value of the variable flows (no tie-break terms); ``variables`` and
    ``constraints`` are those of the largest window's LP (what bounds memory); times and iterations add up.
    """
    return roll([site], window, overlap, lambda subs, before: [solve_site(subs[0], initial=before[0])])[0]


def _window(site: Site, start: int, stop: int, soc: dict[str, float]) -> Site:
    """Hours ``start:stop`` of ``site``, its stores starting from ``soc`` [J] (and closing a cyclic horizon)."""
    last = stop == site.hours
    stores = tuple(
        replace(
            b,
            cyclic=False,
            soc_initial=min(max(soc[b.name] / b.energy, b.soc_min), b.soc_max),
            soc_final=b.soc_initial if (last and b.cyclic) else None,
        )
        if b.energy > 0
        else b
        for b in site.batteries
    )
    return replace(site.window(start, stop), batteries=stores)


def roll(sites: list[Site], window: int, overlap: int, solve: WindowSolver) -> list[Solution]:
    """The rolling horizon over one or more sites of equal length solved together by ``solve`` per window."""
    for site in sites:
        _check(site, window, overlap)
    if len({s.hours for s in sites}) > 1:
        raise DispatchError("rolling horizon: the sites need the same number of hours")
    soc = [{b.name: b.soc_initial * b.energy for b in site.batteries} for site in sites]  # J
    before: list[dict[str, float]] = [{} for _ in sites]
    parts: list[list[tuple[Site, Solution, int]]] = [[] for _ in sites]
    hours, start = sites[0].hours, 0
    while start < hours:
        stop, keep = min(start + window + overlap, hours), min(window, hours - start)
        subs = [_window(site, start, stop, soc[i]) for i, site in enumerate(sites)]
        for i, (site, sub, sol) in enumerate(zip(sites, subs, solve(subs, before), strict=True)):
            parts[i].append((sub, sol, keep))
            soc[i] = {b.name: float(sol.state_of_charge[b.name][keep - 1]) for b in site.batteries}
            before[i] = {
                ld.name: float(sol.load[ld.name][keep - 1]) for ld in site.loads if ld.ramp is not None
            }
        start += keep
    return [_join(p) for p in parts]


def _join(parts: list[tuple[Site, Solution, int]]) -> Solution:
    def cat(get: object) -> np.ndarray:
        return np.concatenate([get(sol)[:keep] for _, sol, keep in parts])  # type: ignore[operator]

    first = parts[0][1]

    def by_name(field: str) -> dict[str, np.ndarray]:
        return {name: cat(lambda s, n=name: getattr(s, field)[n]) for name in getattr(first, field)}

    value = sum(money_value(sub, sol, keep) for sub, sol, keep in parts)
    return Solution(
        curtailed=by_name("curtailed"),
        grid_import=cat(lambda s: s.grid_import),
        grid_export=cat(lambda s: s.grid_export),
        charge=by_name("charge"),
        discharge=by_name("discharge"),
        state_of_charge=by_name("state_of_charge"),
        load=by_name("load"),
        unserved=by_name("unserved"),
        objective=-value,
        value=value,
        build_s=sum(sol.build_s for _, sol, _ in parts),
        solve_s=sum(sol.solve_s for _, sol, _ in parts),
        iterations=sum(sol.iterations for _, sol, _ in parts),
        variables=max(sol.variables for _, sol, _ in parts),
        constraints=max(sol.constraints for _, sol, _ in parts),
        price=cat(lambda s: s.price),
        marginal_emissions=cat(lambda s: s.marginal_emissions),
        emissions=cat(lambda s: s.emissions),
    )


def rolling_gap(site: Site, rolling: Solution, monolithic: Solution) -> float:
    """(monolithic value − rolling value) / |monolithic value|: what the rolling horizon gives up (≥ 0 up to
    solver tolerance)."""
    best = money_value(site, monolithic)
    return (best - rolling.value) / max(abs(best), 1e-300)
