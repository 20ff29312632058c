"""The hourly dispatch linear program, assembled as a sparse matrix and solved by HiGHS (highspy).

Why not linopy: for the 8,760-hour benchmark site, linopy's build takes 0.2–0.4 s and PyPSA's 1.4–2.6 s, while
assembling the same LP as COO triplets takes about 0.02 s (measured, see ``benchmarks/RESULTS.md``); the solve is
the same HiGHS either way. The LP is small and regular (a few blocks of one variable per hour), so a tiny builder
(:class:`_LP`: named variable blocks, named row blocks, triplets) keeps it readable.

Scaling: inside the LP, power is in MW, energy in MWh and prices in currency per MWh (hourly steps, Δt = 1 h), which
keeps HiGHS's coefficients near 1; everything entering and leaving this module is SI (W, J, money per J).

The formulation (documented with units in ``docs/dispatch.md``)::

    maximise   Σ_t [ Σ_l v_l x_lt + p_exp,t e_t − p_imp,t i_t − Σ_b k_b d_bt − Σ_f π_f s_ft + Σ_g m_g c_gt ] Δt
    subject to balance:  Σ_g (A_gt − c_gt) + i_t + Σ_b (d_bt − q_bt) = Σ_firm (P_ft − s_ft) + Σ_fixed P_t + Σ_l x_lt
               storage:  S_bt = (1 − σ_b) S_b,t−1 + η_c q_bt Δt − d_bt Δt / η_d      (S_b,−1 = S_b,T−1 if cyclic)
               ramp:     −R_l Δt ≤ x_lt − x_l,t−1 ≤ R_l Δt                            (interruptible loads)
               window:   Σ_{t ∈ w} x_lt Δt = E_l                                     (deferrable loads)
               bounds:   0 ≤ c_gt ≤ A_gt, 0 ≤ i_t ≤ I_t, 0 ≤ e_t ≤ X_t, 0 ≤ q ≤ Q_b, 0 ≤ d ≤ D_b,
                         s_b,min E_b ≤ S_bt ≤ s_b,max E_b, 0 ≤ x_lt ≤ P_l, 0 ≤ s_ft ≤ P_ft
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import highspy
import numpy as np
import scipy.sparse as sp

from wattsandtons.dispatch.sensitivity import CurtailmentRange, curtailment_range, hourly_duals
from wattsandtons.dispatch.spec import DispatchError, Load, Site

__all__ = ["MW", "MWH", "TIE_BREAK", "Solution", "build", "new_highs", "solution_of", "solve_site"]

MW = 1e6  # W per MW
MWH = 3.6e9  # J per MWh
HOUR = 3600.0
#: A store without a ``cycle_cost`` pays this share of the largest price in the spec per MWh discharged: a
#: stated tie-break that rules out charging and discharging in the same hour (which would burn surplus through
#: round-trip losses at no cost, instead of curtailing it) and moves the objective by about 1e-6 relative.
TIE_BREAK = 1e-6


@contextlib.contextmanager
def _stdout_to_devnull() -> Iterator[None]:
    """Send file descriptor 1 to /dev/null meanwhile, flushing Python's and C's buffers on both sides."""
    try:
        libc = ctypes.CDLL(
            None
        )  # the C library already loaded (POSIX); its fflush(NULL) flushes every stream
    except (
        OSError
    ):  # pragma: no cover - Windows has no such handle; HiGHS's stdio buffer is flushed at exit there
        libc = None
    sys.stdout.flush()
    if libc is not None:
        libc.fflush(None)
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            try:
                yield
            finally:
                if libc is not None:
                    libc.fflush(None)
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance.

    HiGHS prints its banner from the constructor, on file descriptor 1, before any option can be set, so the
    constructor runs with descriptor 1 sent to /dev/null; ``output_flag`` then keeps the solver quiet. This keeps
    ``--format json`` output to the document alone.
    """
    with _stdout_to_devnull():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


@dataclass
class _LP:
    """Named variable blocks and row blocks of a sparse LP (minimisation), filled block by block."""

    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    cost: list[np.ndarray] = field(default_factory=list)
    row_lower: list[np.ndarray] = field(default_factory=list)
    row_upper: list[np.ndarray] = field(default_factory=list)
    triplets: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    rows: dict[str, np.ndarray] = field(default_factory=dict)
    n_cols: int = 0
    n_rows: int = 0

    def var(
        self,
        name: str,
        lower: np.ndarray | float,
        upper: np.ndarray | float,
        cost: np.ndarray | float,
        n: int,
    ) -> np.ndarray:
        """Add ``n`` columns; returns their indices."""
        idx = np.arange(self.n_cols, self.n_cols + n)
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (n,)))
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (n,)))
        self.cost.append(np.broadcast_to(np.asarray(cost, dtype=float), (n,)))
        self.columns[name] = idx
        self.n_cols += n
        return idx

    def con(self, name: str, lower: np.ndarray | float, upper: np.ndarray | float, n: int) -> np.ndarray:
        """Add ``n`` rows with bounds ``lower ≤ row ≤ upper``; returns their indices."""
        idx = np.arange(self.n_rows, self.n_rows + n)
        self.row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (n,)))
        self.row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (n,)))
        self.rows[name] = idx
        self.n_rows += n
        return idx

    def coef(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray | float) -> None:
        """Add ``values`` to ``A[rows, cols]`` (entries given twice for one pair add up)."""
        values = np.broadcast_to(np.asarray(values, dtype=float), rows.shape)
        self.triplets.append((rows, cols, values))

    def to_highs(self, tuned: bool = True) -> highspy.Highs:
        """A HiGHS instance holding the LP; ``tuned=False`` keeps HiGHS's default options (for comparisons)."""
        h = new_highs()
        h.setOptionValue("random_seed", 0)
        if tuned:
            # Measured on the 8,760-h sites: these LPs have nothing for presolve to remove (≈25 % of the time
            # spent for nothing), and devex pricing beats dual steepest edge on them (≈10 %); same optima.
            h.setOptionValue("presolve", "off")
            h.setOptionValue("simplex_dual_edge_weight_strategy", 1)
        lower, upper, cost = (np.concatenate(x) for x in (self.lower, self.upper, self.cost))
        h.addVars(self.n_cols, lower, upper)
        h.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), cost)
        r, c, v = (np.concatenate(x) for x in zip(*self.triplets, strict=True))
        a = sp.csr_array((v, (r, c)), shape=(self.n_rows, self.n_cols))
        h.addRows(
            self.n_rows,
            np.concatenate(self.row_lower),
            np.concatenate(self.row_upper),
            a.nnz,
            a.indptr.astype(np.int32),
            a.indices.astype(np.int32),
            a.data,
        )
        return h


@dataclass(frozen=True)
class _Named:
    """Adds blocks to ``lp`` under ``prefix + name`` (one site's blocks in a coupled LP)."""

    lp: _LP
    prefix: str = ""

    def var(self, name: str, *args: Any) -> np.ndarray:
        return self.lp.var(self.prefix + name, *args)

    def con(self, name: str, *args: Any) -> np.ndarray:
        return self.lp.con(self.prefix + name, *args)

    def coef(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray | float) -> None:
        self.lp.coef(rows, cols, values)


@dataclass(frozen=True)
class Solution:
    """The LP's optimum, in SI: powers [W] per hour, state of charge [J], the objective [money]."""

    curtailed: dict[str, np.ndarray]  # for a thermal block: capacity left unused
    grid_import: np.ndarray
    grid_export: np.ndarray
    charge: dict[str, np.ndarray]
    discharge: dict[str, np.ndarray]
    state_of_charge: dict[str, np.ndarray]
    load: dict[str, np.ndarray]  # power served [W]
    unserved: dict[str, np.ndarray]
    objective: float  # the minimised LP objective (money; includes the curtailment weight in that mode)
    value: float  # money earned by the variable flows: sales, flexible loads, less imports, cycling, shedding
    build_s: float
    solve_s: float
    iterations: int
    variables: int
    constraints: int
    price: np.ndarray  # marginal price [money/J] per hour: the balance row's dual
    marginal_emissions: np.ndarray  # kg CO2 per J of extra demand, per hour (from the same basis)
    emissions: np.ndarray  # kg CO2 per s emitted by the thermal blocks, per hour
    curtailment_range: CurtailmentRange | None = None


def _price(x: float | np.ndarray) -> np.ndarray:
    """money/J → money/MWh."""
    return np.asarray(x, dtype=float) * MWH


def _windows(hours: int, width: int) -> list[tuple[int, int]]:
    return [(start, min(start + width, hours)) for start in range(0, hours, width)]


def _check_hours(site: Site) -> None:
    """Clear messages for the plainly impossible, before the solver: a demand no supply can meet in some hour."""
    t_count = site.hours
    firm = np.zeros(t_count)
    for ld in site.loads:
        if ld.kind == "fixed" or (ld.kind == "firm" and ld.shed_penalty is None):
            firm += ld.power
    supply = np.zeros(t_count)
    for g in site.generators:
        supply += g.available
    imports = site.grid.import_limit if site.grid is not None else np.zeros(t_count)
    discharge = sum((b.power for b in site.batteries), 0.0)
    short = firm - (supply + imports + discharge)
    tol = 1e-6 * np.maximum(1.0, firm)
    bad = np.flatnonzero(short > tol)
    if bad.size:
        t = int(bad[0])
        names = ", ".join(
            f"{ld.name} {ld.power[t] / MW:.6g} MW"
            for ld in site.loads
            if ld.kind == "fixed" or (ld.kind == "firm" and ld.shed_penalty is None)
        )
        raise DispatchError(
            f"{site.file}: infeasible: firm load above supply + import limit in hour {t} ({site.index[t]}): "
            f"demand {firm[t] / MW:.6g} MW ({names}) against at most {(supply[t] + imports[t] + discharge) / MW:.6g} MW "
            f"(generation {supply[t] / MW:.6g} + import limit {imports[t] / MW:.6g} + battery discharge "
            f"{discharge / MW:.6g}); {bad.size} such hour(s). Raise the import limit or add supply, or give the firm "
            "load a shed_penalty"
        )
    must_run = sum((g.available for g in site.generators if not g.curtailable), np.zeros(t_count))
    sink = sum((ld.power for ld in site.loads), np.zeros(t_count))  # every load can take up to its power
    sink = sink + (site.grid.export_limit if site.grid is not None else 0.0)
    sink = sink + sum((b.charge_power for b in site.batteries), 0.0)
    over = np.flatnonzero(must_run - sink > 1e-6 * np.maximum(1.0, must_run))
    if over.size:
        t = int(over[0])
        raise DispatchError(
            f"{site.file}: infeasible: must-run (non-curtailable) generation {must_run[t] / MW:.6g} MW above what "
            f"loads, export limit and storage can take ({sink[t] / MW:.6g} MW) in hour {t} ({site.index[t]})"
        )


def build(
    site: Site,
    *,
    elastic: bool = False,
    initial: Mapping[str, float] | None = None,
    into: _LP | None = None,
    prefix: str = "",
) -> tuple[_LP, dict[str, float]]:
    """The LP of a site (MW, MWh, currency/MWh). ``elastic`` adds priced slacks on balance and window rows.

    ``initial`` gives ramped loads their draw [W] in the hour before the first (a rolling horizon's previous
    window): the first hour's draw is then within one ramp step of it. ``into`` adds the site's blocks to an
    existing LP, every block named ``prefix + name`` (several coupled sites in one LP, :mod:`~.coupled`).
    """
    t_count = site.hours
    hours = np.arange(t_count)
    lp = _LP() if into is None else into
    nm = _Named(lp, prefix)
    demand = np.zeros(t_count)  # MW that must be served (fixed and firm loads)
    supply = np.zeros(t_count)  # MW available from generators
    for g in site.generators:
        supply += g.available / MW
    for ld in site.loads:
        if ld.kind in ("fixed", "firm"):
            demand += ld.power / MW
    balance = nm.con("balance", demand - supply, demand - supply, t_count)

    curtail_weight = 0.0
    if site.objective == "curtailment":
        curtail_weight = 10.0 * _largest_price(site) + 1.0
    for g in site.generators:
        if not g.curtailable:
            continue
        cost = -_price(g.marginal_cost) + (curtail_weight if g.renewable else 0.0)
        cols = nm.var(f"curtail:{g.name}", 0.0, g.available / MW, cost, t_count)
        lp.coef(balance, cols, -1.0)
    if site.grid is not None:
        cols = nm.var("import", 0.0, site.grid.import_limit / MW, _price(site.grid.import_price), t_count)
        lp.coef(balance, cols, 1.0)
        cols = nm.var("export", 0.0, site.grid.export_limit / MW, -_price(site.grid.export_price), t_count)
        lp.coef(balance, cols, -1.0)
    tie_break = TIE_BREAK * max(_largest_price(site), 1.0)
    for b in site.batteries:
        charge = nm.var(f"charge:{b.name}", 0.0, b.charge_power / MW, 0.0, t_count)
        wear = _price(b.cycle_cost) if b.cycle_cost > 0 else tie_break
        discharge = nm.var(f"discharge:{b.name}", 0.0, b.power / MW, wear, t_count)
        energy = b.energy / MWH
        floor = np.full(t_count, b.soc_min * energy)
        if b.soc_final is not None and t_count:
            floor[-1] = min(max(floor[-1], b.soc_final * energy), b.soc_max * energy)
        soc = nm.var(f"soc:{b.name}", floor, b.soc_max * energy, 0.0, t_count)
        lp.coef(balance, charge, -1.0)
        lp.coef(balance, discharge, 1.0)
        keep = 1.0 - b.standing_loss * HOUR
        rhs = np.zeros(t_count)
        if not b.cyclic:
            rhs[0] = keep * b.soc_initial * energy
        rows = nm.con(f"storage:{b.name}", rhs, rhs, t_count)
        lp.coef(rows, soc, 1.0)
        lp.coef(rows, charge, -b.charge_efficiency)
        lp.coef(rows, discharge, 1.0 / b.discharge_efficiency)
        previous = np.roll(soc, 1)
        linked = hours if b.cyclic else hours[1:]
        lp.coef(rows[linked], previous[linked], -keep)  # one cyclic hour: S_0 − keep·S_0 (entries add up)
    for ld in site.loads:
        _add_load(nm, ld, balance, t_count, None if initial is None else initial.get(ld.name))
    if elastic:  # priced slacks, dearer early: a shortfall shows in the last hour it can be put off to
        for name in [k for k in lp.rows if k == "balance" or k.startswith("window:")]:
            rows = lp.rows[name]
            big = 1e6 * (2.0 - np.arange(rows.size) / max(rows.size, 1))
            if name != "balance":  # a window missed is the soft part: cheaper than an unbalanced hour
                big = big / 4.0
            up = lp.var(f"slack+:{name}", 0.0, np.inf, big, rows.size)
            down = lp.var(f"slack-:{name}", 0.0, np.inf, big, rows.size)
            lp.coef(rows, up, 1.0)
            lp.coef(rows, down, -1.0)
    return lp, {"curtail_weight": curtail_weight}


def _largest_price(site: Site) -> float:
    """The largest price or value in the spec [currency/MWh] (scales the tie-break and the curtailment weight)."""
    prices = [abs(g.marginal_cost) for g in site.generators] + [abs(ld.value) for ld in site.loads]
    if site.grid is not None:
        prices += [float(np.abs(site.grid.import_price).max()), float(np.abs(site.grid.export_price).max())]
    prices += [b.cycle_cost for b in site.batteries] + [ld.shed_penalty or 0.0 for ld in site.loads]
    prices += [ld.grid_fee for ld in site.loads]
    return max([*prices, 0.0]) * MWH


def _add_load(lp: _Named, ld: Load, balance: np.ndarray, t_count: int, before: float | None) -> None:
    value = _price(ld.value - ld.grid_fee)  # what a flexible load nets per MWh besides the energy price
    if ld.kind == "firm" and ld.shed_penalty is not None:
        cols = lp.var(f"shed:{ld.name}", 0.0, ld.power / MW, _price(ld.shed_penalty) + value, t_count)
        lp.coef(balance, cols, 1.0)
    if ld.kind not in ("interruptible", "deferrable"):
        return
    lower, upper = np.zeros(t_count), ld.power / MW
    if before is not None and ld.ramp is not None and t_count:
        step = ld.ramp * HOUR / MW
        upper = upper.copy()
        lower[0] = min(max(0.0, before / MW - step), upper[0])
        upper[0] = min(upper[0], before / MW + step)
    cols = lp.var(f"load:{ld.name}", lower, upper, -value, t_count)
    lp.coef(balance, cols, -1.0)
    if ld.ramp is not None and t_count > 1:
        step = ld.ramp * HOUR / MW
        rows = lp.con(f"ramp:{ld.name}", -step, step, t_count - 1)
        lp.coef(rows, cols[1:], 1.0)
        lp.coef(rows, cols[:-1], -1.0)
    if ld.energy_per_window is not None and ld.window_hours is not None:
        spans = _windows(t_count, ld.window_hours)
        need = np.array([ld.energy_per_window / MWH * (b - a) / ld.window_hours for a, b in spans])
        rows = lp.con(f"window:{ld.name}", need, need, len(spans))
        which = np.repeat(rows, [b - a for a, b in spans])
        lp.coef(which, cols, 1.0)


_STATUS_TEXT = {
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnbounded: "unbounded",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible or unbounded",
}


def solve_site(
    site: Site, *, with_range: bool = False, initial: Mapping[str, float] | None = None
) -> Solution:
    """Build and solve the dispatch LP of ``site``; raise :class:`DispatchError` naming what cannot hold.

    The solution carries the hourly marginal price and emissions (:func:`~.sensitivity.hourly_duals`); with
    ``with_range`` also the range of renewable curtailment among optima (:func:`~.sensitivity.curtailment_range`,
    two more warm-started solves).
    """
    _check_hours(site)
    start = time.perf_counter()
    lp, _ = build(site, initial=initial)
    h = lp.to_highs()
    built = time.perf_counter()
    h.run()
    solved = time.perf_counter()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise _explain(site, status)
    solution = solution_of(site, lp, h, build_s=built - start, solve_s=solved - built)
    if not with_range:
        return solution
    return replace(solution, curtailment_range=curtailment_range(h, lp, site))  # re-solves: after reading x


def solution_of(
    site: Site,
    lp: _LP,
    h: highspy.Highs,
    *,
    prefix: str = "",
    build_s: float = 0.0,
    solve_s: float = 0.0,
    span: CurtailmentRange | None = None,
) -> Solution:
    """The :class:`Solution` of ``site`` (its blocks named ``prefix + …``) from a solved HiGHS instance, in SI."""
    x = np.asarray(h.getSolution().col_value)
    info = h.getInfo()
    iterations = int(info.simplex_iteration_count + max(info.ipm_iteration_count, 0))

    def cols(kind: str, name: str | None = None) -> np.ndarray:
        idx = lp.columns.get(prefix + (kind if name is None else f"{kind}:{name}"))
        return np.zeros(site.hours) if idx is None else x[idx]

    price, marginal_emissions = hourly_duals(h, lp, site, prefix)
    emissions = np.zeros(site.hours)
    for g in site.generators:
        if g.co2_intensity > 0:
            emissions += g.co2_intensity * (g.available - cols("curtail", g.name) * MW)
    load: dict[str, np.ndarray] = {}
    unserved: dict[str, np.ndarray] = {}
    for ld in site.loads:
        if ld.kind in ("interruptible", "deferrable"):
            load[ld.name] = cols("load", ld.name) * MW
        else:
            unserved[ld.name] = cols("shed", ld.name) * MW
            load[ld.name] = ld.power - unserved[ld.name]
    return Solution(
        curtailed={g.name: cols("curtail", g.name) * MW for g in site.generators},
        grid_import=cols("import") * MW,
        grid_export=cols("export") * MW,
        charge={b.name: cols("charge", b.name) * MW for b in site.batteries},
        discharge={b.name: cols("discharge", b.name) * MW for b in site.batteries},
        state_of_charge={b.name: cols("soc", b.name) * MWH for b in site.batteries},
        load=load,
        unserved=unserved,
        objective=float(info.objective_function_value),
        value=_money_value(site, lp, x, prefix),
        build_s=build_s,
        solve_s=solve_s,
        iterations=iterations,
        variables=lp.n_cols,
        constraints=lp.n_rows,
        price=price,
        marginal_emissions=marginal_emissions,
        emissions=emissions,
        curtailment_range=span,
    )


def _money_value(site: Site, lp: _LP, x: np.ndarray, prefix: str = "") -> float:
    """The money objective (value mode's) of a solution found under another objective."""
    total = 0.0
    columns = {name[len(prefix) :]: idx for name, idx in lp.columns.items() if name.startswith(prefix)}
    for g in site.generators:
        if (idx := columns.get(f"curtail:{g.name}")) is not None:
            total += float(_price(g.marginal_cost) * x[idx].sum())
    if site.grid is not None:
        total += float(_price(site.grid.export_price) @ x[columns["export"]])
        total -= float(_price(site.grid.import_price) @ x[columns["import"]])
    for b in site.batteries:
        total -= float(_price(b.cycle_cost) * x[columns[f"discharge:{b.name}"]].sum())
    for ld in site.loads:
        net = _price(ld.value - ld.grid_fee)
        if (idx := columns.get(f"load:{ld.name}")) is not None:
            total += float(net * x[idx].sum())
        if (idx := columns.get(f"shed:{ld.name}")) is not None:
            total -= float((_price(ld.shed_penalty or 0.0) + net) * x[idx].sum())
    return total


def _explain(site: Site, status: highspy.HighsModelStatus) -> DispatchError:
    """Name the constraint that cannot hold: re-solve with priced slacks on balance and window rows."""
    text = _STATUS_TEXT.get(status, f"solver stopped: {status}")
    if status == highspy.HighsModelStatus.kUnbounded:
        return DispatchError(
            f"{site.file}: unbounded: some flow earns without limit; check prices and limits"
        )
    lp, _ = build(site, elastic=True)
    h = lp.to_highs()
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return DispatchError(f"{site.file}: the dispatch LP is {text}")
    x = np.asarray(h.getSolution().col_value)
    worst: tuple[float, str, int] | None = None
    for name in [k for k in lp.rows if k == "balance" or k.startswith("window:")]:
        gap = x[lp.columns[f"slack+:{name}"]] - x[lp.columns[f"slack-:{name}"]]
        bad = np.flatnonzero(np.abs(gap) > 1e-6)
        if bad.size and (worst is None or bad[0] < worst[2]):
            worst = (float(gap[bad[0]]), name, int(bad[0]))
    if worst is None:
        return DispatchError(f"{site.file}: the dispatch LP is {text}")
    gap, name, i = worst
    if name == "balance":
        what = "short of" if gap > 0 else "over"
        return DispatchError(
            f"{site.file}: infeasible: the energy balance cannot hold in hour {i} ({site.index[i]}): supply is "
            f"{what} demand by {abs(gap):.6g} MW once storage, ramp limits and windows are respected"
        )
    load = name.split(":", 1)[1]
    width = next(ld.window_hours or 1 for ld in site.loads if ld.name == load)
    return DispatchError(
        f"{site.file}: infeasible: loads.{load}: the energy per window cannot be delivered in window {i} "
        f"(from {site.index[i * width]}): {abs(gap):.6g} MWh short once supply, storage and other loads are "
        "respected"
        if gap > 0
        else f"{site.file}: infeasible: loads.{load}: window {i} (from {site.index[i * width]}) takes "
        f"{abs(gap):.6g} MWh more than it needs"
    )
