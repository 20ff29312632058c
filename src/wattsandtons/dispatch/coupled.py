"""Several sites (regions) in one LP, coupled by inter-regional links with capacities.

Each site's blocks enter one LP under its name (``kyushu/balance``, …; :func:`~.model.build` with ``into`` and
``prefix``); each link adds a flow variable f_t ∈ [−C, C] (MW, positive from ``a`` to ``b``) that leaves ``a``'s
balance and enters ``b``'s. Links are lossless and free (no wheeling charge): with capacity to spare the regions'
marginal prices are equal; a congested link separates them. Each region's own ``grid`` (its margin to the areas
outside the model) stays as it is.

The bundled Japanese areas are linked as the grid is (:data:`JAPAN_LINKS`): Kyushu–Chugoku (Kanmon, 2.78 GW) and
Chugoku–Shikoku (Honshi, 2.4 GW). Tohoku's neighbours (Tokyo, Hokkaido) are not modelled, so it is solved in
the same LP without a link; and Chugoku's assumed daytime transit from Kyushu (a fixed profile) double-counts some
of what the Kanmon link now carries — the coupled run is a scaling case, not a recalibrated model.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from wattsandtons.dispatch.model import _LP, MW, Solution, build, solution_of
from wattsandtons.dispatch.spec import DispatchError, Site

__all__ = ["JAPAN_LINKS", "Coupled", "Link", "solve_coupled", "solve_coupled_rolling"]


@dataclass(frozen=True)
class Link:
    """A lossless interconnector between sites ``a`` and ``b``, ``capacity`` [W] in either direction."""

    a: str
    b: str
    capacity: float
    source: str = ""


JAPAN_LINKS = (
    Link("kyushu", "chugoku", 2.78e9, "Kanmon interconnector, 2.78 GW (OCCTO)"),
    Link("chugoku", "shikoku", 2.4e9, "Honshi interconnector, 2.4 GW (OCCTO)"),
)


@dataclass(frozen=True)
class Coupled:
    """Per-site solutions of the coupled LP, the hourly flow on each link [W, + from a to b], and LP facts."""

    solutions: dict[str, Solution]
    flows: dict[str, np.ndarray]
    objective: float
    build_s: float
    solve_s: float
    variables: int
    constraints: int


def solve_coupled(
    sites: Sequence[Site], links: Sequence[Link] = (), initial: Sequence[Mapping[str, float]] | None = None
) -> Coupled:
    """Solve ``sites`` (same hours) and ``links`` as one LP; raise :class:`DispatchError` if it cannot.

    ``initial``: per site, its ramped loads' draw [W] in the hour before the first (a rolling window's start).
    """
    names = [s.name for s in sites]
    if len(set(names)) != len(names):
        raise DispatchError(f"coupled sites need distinct names, got {names}")
    if len({s.hours for s in sites}) > 1:
        raise DispatchError("coupled sites need the same number of hours")
    start = time.perf_counter()
    lp = _LP()
    for i, site in enumerate(sites):
        build(site, into=lp, prefix=f"{site.name}/", initial=None if initial is None else initial[i])
    hours = sites[0].hours
    for link in links:
        if link.a not in names or link.b not in names:
            continue  # a link to a site not in this run
        cap = link.capacity / MW
        cols = lp.var(f"link:{link.a}-{link.b}", -cap, cap, 0.0, hours)
        lp.coef(lp.rows[f"{link.a}/balance"], cols, -1.0)
        lp.coef(lp.rows[f"{link.b}/balance"], cols, 1.0)
    h = lp.to_highs()
    built = time.perf_counter()
    h.run()
    solved = time.perf_counter()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise DispatchError(f"the coupled LP of {', '.join(names)} stopped: {h.getModelStatus()}")
    solutions = {s.name: solution_of(s, lp, h, prefix=f"{s.name}/") for s in sites}
    x = np.asarray(h.getSolution().col_value)
    flows = {
        f"{link.a}-{link.b}": x[lp.columns[f"link:{link.a}-{link.b}"]] * MW
        for link in links
        if f"link:{link.a}-{link.b}" in lp.columns
    }
    return Coupled(
        solutions, flows, float(h.getInfo().objective_function_value), built - start, solved - built, lp.n_cols,
        lp.n_rows,
    )  # fmt: skip


def solve_coupled_rolling(
    sites: Sequence[Site], links: Sequence[Link] = (), window: int = 2190, overlap: int = 168
) -> Coupled:
    """The coupled LP over a rolling horizon (:func:`~.rolling.roll`): linear in the hours, one window's LP in
    memory. ``objective`` is minus the value of the variable flows summed over the sites."""
    from wattsandtons.dispatch.rolling import roll

    flows: list[tuple[dict[str, np.ndarray], int]] = []
    build_s = solve_s = 0.0
    size = [0, 0]

    def solve(subs: list[Site], before: list[dict[str, float]]) -> list[Solution]:
        nonlocal build_s, solve_s
        result = solve_coupled(subs, links, before)
        keep = min(window, subs[0].hours)
        flows.append((result.flows, keep))
        build_s += result.build_s
        solve_s += result.solve_s
        size[0], size[1] = max(size[0], result.variables), max(size[1], result.constraints)
        return [result.solutions[s.name] for s in subs]

    solutions = roll(list(sites), window, overlap, solve)
    joined = {
        name: np.concatenate([f[name][:keep] for f, keep in flows]) for name in (flows[0][0] if flows else {})
    }
    return Coupled(
        {s.name: sol for s, sol in zip(sites, solutions, strict=True)}, joined,
        -sum(sol.value for sol in solutions), build_s, solve_s, size[0], size[1],
    )  # fmt: skip
