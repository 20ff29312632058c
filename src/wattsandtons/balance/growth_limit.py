"""The loop's own growth limit: the fastest balanced growth its coefficients allow (von Neumann / dynamic Leontief).

With activities ``x`` (SI rate of each process's reference product), operating inputs ``A`` per unit of activity,
capital ``B`` per unit of production *rate* (capital per unit of capacity ÷ capacity factor, in seconds) and the
replacement of retiring and degrading capital ``D = B · diag(1/lifetime + degradation)``, a loop that reinvests
everything it makes (no final demand) can grow as ``x(t) = x* e^{g t}`` only if

    (I − A − D) x* = g B x*   ⇒   g* = 1 / ρ((I − A − D)⁻¹ B)                         (net of replacement)

and ``g*_gross = 1 / ρ((I − A)⁻¹ B)`` without replacement (D = 0). ``g*`` is a *continuous* rate per year (the
annual growth factor is ``e^{g*} − 1``, the doubling time ``ln 2 / g*``); ``x* ≥ 0`` is the Perron vector of the
non-negative matrix ``(I − A − D)⁻¹ B``: the plant mix that achieves it. Processes whose output feeds no input or
capital (final products) get zero weight. References: von Neumann (1945), Rev. Econ. Stud. 13:1–9; Leontief (1970),
"The dynamic inverse"; Miller & Blair (2009), *Input–Output Analysis*, 2nd ed., ch. 13.

*What limits it*: the elasticity of ``1/g*`` (the capital-time of the loop) to each process's capital,
``e_j = v_j u_j / (vᵀu)`` with ``u``, ``v`` the right and left Perron vectors; the elasticities sum to 1, so they say
which plant's capital sets the doubling time.

*Open loops*: goods bought from outside are not made by any process, so they drop out of ``A`` and ``B`` — ``g*`` is
the rate with imports bought in as needed. A limited import (or resource draw) does not lower ``g*`` but ends it:
along the balanced ray the draw grows as ``e^{g* t}`` and reaches its limit after ``ln(limit / draw₀) / g*`` years,
counted from the largest balanced loop today's fleet can run; beyond that growth which needs it is at most linear.
Goods that are made in the loop *and* importable are counted as made in the loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wattsandtons.balance.leontief import balancing_scale
from wattsandtons.balance.steady import BalanceError, by_products, supply_shares
from wattsandtons.network import Network, compile_network
from wattsandtons.scenario.model import Scenario
from wattsandtons.timebase import SECONDS_PER_YEAR

#: Relative size below which an entry of the Perron vector counts as zero.
ZERO = 1e-12


@dataclass(frozen=True)
class DrawBound:
    """A limited boundary draw along the balanced ray: how long balanced growth can go on before it binds."""

    node: str
    kind: str  # "import" or "resource"
    limit_per_s: float  # SI units per second
    draw_per_s: float  # drawn by the largest balanced loop today's fleet runs
    years_to_limit: float  # at g*; inf if the loop draws none

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "kind": self.kind,
            "limit_per_s": self.limit_per_s,
            "draw_per_s": self.draw_per_s,
            "years_to_limit": _finite(self.years_to_limit),
        }


@dataclass(frozen=True)
class GrowthLimit:
    """The loop's fastest balanced growth (see the module docstring for the maths)."""

    rate_per_year: float  # continuous g*, net of replacement [1/yr]; inf when nothing needs capital
    gross_rate_per_year: float  # without replacement (D = 0) [1/yr]
    plant_mix: dict[
        str, float
    ]  # plant → share of the balanced loop's output, weighted by embodied primary energy
    activity: dict[
        str, float
    ]  # x* scaled to the largest balanced loop today's installed plants run [SI unit/s]
    size_vs_installed: dict[
        str, float
    ]  # x* ÷ installed output (C₀ · cf), the largest entry 1 where installed
    elasticity: dict[str, float]  # plant → share of 1/g* its capital accounts for (sums to 1)
    limiting: str
    imports_free: tuple[str, ...]  # unlimited imports bought in along the ray
    bounds: tuple[DrawBound, ...] = field(default=())

    @property
    def doubling_time_years(self) -> float:
        """``ln 2 / g*`` [yr]; inf when the loop cannot grow, 0 when nothing limits it."""
        if self.rate_per_year <= 0:
            return math.inf
        return math.log(2) / self.rate_per_year

    @property
    def annual_growth(self) -> float:
        """The same rate as a yearly growth factor minus one, ``e^{g*} − 1``."""
        return math.expm1(self.rate_per_year) if math.isfinite(self.rate_per_year) else math.inf

    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON form (inf → null)."""
        return {
            "convention": "continuous rate per year, net of replacement (1/g* = rho((I - A - D)^-1 B))",
            "rate_per_year": _finite(self.rate_per_year),
            "gross_rate_per_year": _finite(self.gross_rate_per_year),
            "annual_growth": _finite(self.annual_growth),
            "doubling_time_years": _finite(self.doubling_time_years),
            "plant_mix": self.plant_mix,
            "activity_per_s": self.activity,
            "size_vs_installed": {k: _finite(v) for k, v in self.size_vs_installed.items()},
            "elasticity": self.elasticity,
            "limiting": self.limiting,
            "imports_free": list(self.imports_free),
            "bounds": [b.to_dict() for b in self.bounds],
        }


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def growth_matrices(net: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``A``, ``B`` and ``D`` over processes (dense) at the network's central values.

    ``A = S (U − V_by)`` (operating inputs net of by-products, supplied by each node's producers in the shares
    ``S``), ``B = S K diag(1/cf)`` [s] and ``D = B diag(1/lifetime + degradation)``. Inputs of goods no process makes
    (imports, resources) have no row in ``S`` and drop out.
    """
    S = supply_shares(net).toarray()
    A = S @ (net.U.toarray() - by_products(net).toarray())
    B = S @ net.K.toarray() / net.capacity_factor[None, :]
    return A, B, B * _loss(net)[None, :]


def perron_growth(A: np.ndarray, B: np.ndarray, D: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Balanced growth of stacked systems: rate ``g*`` [1/s], Perron vector ``x*`` and elasticities.

    Parameters
    ----------
    A, B, D : numpy.ndarray, shape (..., P, P)
        Operating inputs, capital [s] and replacement per unit of activity, as in :func:`growth_matrices`.

    Returns
    -------
    rate : (...,) continuous rate [1/s]: inf where no process needs capital, 0 where the loop cannot even replace
        its capital (ρ(A + D) ≥ 1 with a non-negative A).
    x : (..., P) the Perron vector, non-negative, entries summing to 1 in the balanced (scaled) coordinates.
    elasticity : (..., P) share of ``1/g*`` each process's capital accounts for.
    """
    A, B, D = (np.asarray(a, dtype=float) for a in (A, B, D))
    P = A.shape[-1]
    stack = A.shape[:-2]
    A2, B2, D2 = (a.reshape(-1, P, P) for a in (A, B, D))
    rate, x, elast = np.empty(len(A2)), np.zeros((len(A2), P)), np.zeros((len(A2), P))
    eye = np.eye(P)
    for m in range(len(A2)):
        # Scale rows/columns by powers of two: same spectrum, sane conditioning (SI spans ~40 orders of magnitude).
        t = balancing_scale(np.abs(A2[m]) + np.abs(D2[m]) + np.abs(B2[m]) / SECONDS_PER_YEAR)
        sim = t[None, :] / t[:, None]
        a, b, d = A2[m] * sim, B2[m] * sim, D2[m] * sim
        net_use = a + d
        if P and np.max(np.abs(np.linalg.eigvals(net_use)), initial=0.0) >= 1.0 - 1e-12:
            rate[m] = 0.0
            continue
        mat = np.linalg.solve(eye - net_use, b)
        values, right = np.linalg.eig(mat)
        k = int(np.argmax(values.real))
        rho = float(values[k].real)
        if rho <= 1e-12 * np.abs(mat).max(initial=0.0):  # nilpotent: no capital cycle, nothing limits growth
            rate[m] = math.inf
            continue
        u = _perron_vector(mat, rho, right[:, k].real)
        lvalues, left = np.linalg.eig(mat.T)
        v = _perron_vector(mat.T, rho, left[:, int(np.argmax(lvalues.real))].real)
        rate[m] = 1.0 / rho
        x[m] = t * u
        denom = float(v @ u)
        elast[m] = v * u / denom if denom > 0 else 0.0
    return rate.reshape(stack), x.reshape(*stack, P), elast.reshape(*stack, P)


def perron_batch(A: np.ndarray, B: np.ndarray, D: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`perron_growth` for many members at once (no elasticities): rate ``g*`` [1/s] and Perron vector.

    One diagonal scaling (from the first member) serves the whole stack, and the eigenproblems are solved batched.
    Entries of ``x*`` below ``1e-12`` of its largest (or negative ones, from by-products) are set to zero; members
    whose loop cannot replace its capital, or needs none, get ``x* = 0``.
    """
    M, P = A.shape[0], A.shape[-1]
    if P == 0 or M == 0:
        return np.zeros(M), np.zeros((M, P))
    t = balancing_scale(np.abs(A[0]) + np.abs(D[0]) + np.abs(B[0]) / SECONDS_PER_YEAR)
    sim = t[None, :] / t[:, None]
    net_use = (A + D) * sim
    b = B * sim
    productive = np.max(np.abs(np.linalg.eigvals(net_use)), axis=-1) < 1.0 - 1e-12
    system = np.where(productive[:, None, None], np.eye(P)[None] - net_use, np.eye(P)[None])
    mat = np.linalg.solve(system, b)
    values, vectors = np.linalg.eig(mat)
    k = np.argmax(values.real, axis=-1)
    rho = np.take_along_axis(values.real, k[:, None], axis=-1)[:, 0]
    u = np.take_along_axis(vectors.real, k[:, None, None], axis=-1)[:, :, 0]
    u = np.where(u.sum(axis=1, keepdims=True) < 0, -u, u)
    scale = np.abs(u).max(axis=1, keepdims=True)
    u = np.where(u < ZERO * scale, 0.0, u)
    ok = productive & (rho > 1e-12 * np.abs(mat).max(axis=(1, 2)))
    total = u.sum(axis=1, keepdims=True)
    x = np.where(ok[:, None] & (total > 0), t[None, :] * u / np.where(total > 0, total, 1.0), 0.0)
    rate = np.where(ok, 1.0 / np.where(rho > 0, rho, 1.0), np.where(productive, np.inf, 0.0))
    return rate, x


def _perron_vector(mat: np.ndarray, rho: float, vec: np.ndarray) -> np.ndarray:
    """A non-negative eigenvector of ``mat`` for ``rho``: LAPACK's when it is one; else (a reducible matrix whose
    dominant eigenvalue is repeated, where LAPACK may mix the blocks' vectors) power iteration on ``mat + rho I``
    from a positive start, which converges inside the non-negative cone (Perron–Frobenius)."""
    scale = np.abs(mat).max(initial=0.0)
    if np.all(mat >= -1e-12 * scale):  # non-negative up to the rounding of the solve
        mat = np.maximum(mat, 0.0)
        signed = vec if vec.sum() >= 0 else -vec
        if np.all(signed >= -1e-8 * np.abs(signed).max(initial=0.0)):
            return _nonnegative(vec)
        u = np.ones(len(vec)) / len(vec)
        shifted = mat + rho * np.eye(len(vec))
        for _ in range(10_000):
            nxt = shifted @ u
            nxt /= nxt.sum()
            if np.allclose(nxt, u, rtol=1e-13, atol=1e-15):
                break
            u = nxt
        return _nonnegative(nxt)
    return _nonnegative(vec)


def _nonnegative(vec: np.ndarray) -> np.ndarray:
    """An eigenvector of a non-negative matrix, signed to be non-negative and summing to 1."""
    if vec.sum() < 0:
        vec = -vec
    scale = np.abs(vec).max(initial=0.0)
    if scale == 0:
        return vec
    if np.any(vec < -1e-8 * scale):
        raise BalanceError(
            "the loop's growth matrix has no non-negative balanced mix (by-products make some net input "
            "negative): use cut-off allocation or check the by-products"
        )
    vec = np.where(vec < ZERO * scale, 0.0, vec)
    return vec / vec.sum()


def _embodied_energy(net: Network, A: np.ndarray, D: np.ndarray) -> np.ndarray:
    """Primary energy drawn along the whole chain per unit of each process's output [J/unit], capital included."""
    boundary_energy = np.where(
        net.is_resource, net.energy_per_unit, np.where(net.is_import, net.import_energy, 0.0)
    )
    replacement = net.K.toarray() / net.capacity_factor[None, :] * _loss(net)[None, :]
    direct = boundary_energy @ (net.U.toarray() + replacement)
    try:
        return np.linalg.solve((np.eye(net.n_processes) - A - D).T, direct)
    except np.linalg.LinAlgError:
        return np.zeros(net.n_processes)


def _loss(net: Network) -> np.ndarray:
    """Per process: capacity lost per second, ``1/lifetime + degradation`` [1/s]."""
    out = np.zeros(net.n_processes)
    for j, name in enumerate(net.processes):
        info = net.scenario.processes[name]
        out[j] = (0.0 if info.lifetime is None else 1.0 / info.lifetime.si) + (
            0.0 if info.degradation is None else info.degradation.si
        )
    return out


def max_growth_rate(scenario: Scenario | Network) -> GrowthLimit:
    """The fastest balanced growth of a loop at its central values (``g*``, plant mix, what limits it).

    Parameters
    ----------
    scenario : Scenario or Network
        A validated scenario (compiled here) or a compiled network.

    Examples
    --------
    >>> from wattsandtons.scenario import load_scenario
    >>> limit = max_growth_rate(load_scenario("closed_loop_earth"))  # doctest: +SKIP
    >>> round(limit.doubling_time_years, 1)  # doctest: +SKIP
    """
    net = scenario if isinstance(scenario, Network) else compile_network(scenario)
    A, B, D = growth_matrices(net)
    rate_s, x, elast = perron_growth(A, B, D)
    gross_s, _, _ = perron_growth(A, B, np.zeros_like(D))
    rate, gross = float(rate_s) * SECONDS_PER_YEAR, float(gross_s) * SECONDS_PER_YEAR
    names = net.processes
    installed = net.capacity * net.capacity_factor
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(installed > 0, x / installed, np.inf)
    # The largest balanced loop today's fleet runs (plants not yet installed are left out of the comparison).
    fits = (x > 0) & (installed > 0)
    fleet_scale = float(np.min(installed[fits] / x[fits], initial=np.inf))
    x_today = x * fleet_scale if math.isfinite(fleet_scale) else x
    biggest = float(np.max(ratio[np.isfinite(ratio) & (x > 0)], initial=0.0))
    size = {
        n: float(ratio[j] / biggest) if biggest > 0 else math.nan for j, n in enumerate(names) if x[j] > 0
    }
    energy = _embodied_energy(net, A, D)
    weights = np.clip(energy, 0.0, None) * x
    if not np.any(weights > 0):
        weights = x.copy()
    total = weights.sum()
    # By plant: the processes of one transport link share its plant (named after the link).
    plant = [net.scenario.processes[n].link or n for n in names]
    mix: dict[str, float] = {}
    elasticity: dict[str, float] = {}
    for j, name in enumerate(plant):
        if total > 0:
            mix[name] = mix.get(name, 0.0) + float(weights[j] / total)
        if elast[j] > 0:
            elasticity[name] = elasticity.get(name, 0.0) + float(elast[j])
    bounds = _bounds(net, A, B, D, x_today, rate_s)
    free = tuple(
        str(node)
        for node, info in net.scenario.imports.items()
        if info.limit is None and not np.isin(net.node_index()[node], net.reference)
    )
    return GrowthLimit(
        rate_per_year=rate,
        gross_rate_per_year=gross,
        plant_mix=mix,
        activity={n: float(x_today[j]) for j, n in enumerate(names)},
        size_vs_installed=size,
        elasticity=elasticity,
        limiting=_limiting(rate, elasticity, bounds, free),
        imports_free=free,
        bounds=bounds,
    )


def _bounds(
    net: Network, A: np.ndarray, B: np.ndarray, D: np.ndarray, x: np.ndarray, rate_s: np.ndarray
) -> tuple[DrawBound, ...]:
    """Draw limits along the balanced ray: what the loop of activity ``x`` draws of each limited boundary node."""
    g = float(rate_s) if math.isfinite(float(rate_s)) else 0.0
    net_use = net.U.toarray() - by_products(net).toarray()
    capital = net.K.toarray() / net.capacity_factor[None, :] * (g + _loss(net))[None, :]
    drawn = (net_use + capital) @ x  # used per node, along the ray growing at g*
    np.subtract.at(drawn, net.reference, x)  # less what the loop makes of it (importable goods it also makes)
    out = []
    index = net.node_index()
    entries = [(n, e.limit, "import") for n, e in net.scenario.imports.items()] + [
        (n, e.limit, "resource") for n, e in net.scenario.resources.items()
    ]
    for node, limit, kind in entries:
        if limit is None:
            continue
        draw = float(drawn[index[node]])
        if draw > 0 and g > 0:
            years = max(math.log(limit.si / draw), 0.0) / (g * SECONDS_PER_YEAR)
        else:
            years = math.inf
        out.append(DrawBound(str(node), kind, float(limit.si), draw, years))
    return tuple(sorted(out, key=lambda b: b.years_to_limit))


def _limiting(
    rate: float, elasticity: dict[str, float], bounds: tuple[DrawBound, ...], free: tuple[str, ...]
) -> str:
    """One sentence: which plants' capital sets the doubling time, and which draw ends balanced growth first."""
    if rate == 0.0:
        return "the loop cannot replace its own capital (rho(A + D) >= 1): it shrinks whatever it invests"
    if not math.isfinite(rate):
        return "no process needs capital made in the loop: nothing in the loop limits its growth rate"
    top = sorted(elasticity.items(), key=lambda kv: -kv[1])[:3]
    text = (
        "capital of " + ", ".join(f"{name} ({share:.0%})" for name, share in top) + " sets the doubling time"
    )
    finite = [b for b in bounds if math.isfinite(b.years_to_limit)]
    if finite:
        first = finite[0]
        text += f"; the {first.kind} limit on {first.node} binds after {first.years_to_limit:.1f} yr at g*"
    if free:
        text += "; bought in without limit: " + ", ".join(free)
    return text
