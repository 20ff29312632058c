"""What the optimal basis says beyond the schedule: hourly marginal prices and emissions, and the curtailment range.

**Marginal price.** The balance row of hour *t* reads Σ supply − Σ demand = 0; its dual λ_t is the change of the
minimised cost when one more MWh must be served in that hour: the system's marginal price (PyPSA reports the same
dual as ``n.buses_t.marginal_price``). With a merit order of thermal blocks it equals the marginal cost of the
block at the margin; in surplus hours it falls to what the surplus is worth (export price, a store's opportunity
cost, or zero when curtailing).

**Marginal emissions.** The same basis answers how much more CO2 one more MWh in hour *t* emits: with the basis
matrix B and the emission coefficients e_B of the basic columns (kg per MWh generated, counted through the
curtailment variable of each thermal block), μ = B⁻ᵀ e_B is the vector of emission "duals"; μ at the balance row
is the marginal emission rate of that hour (kg/MWh). It is exact for the optimal basis, like the price: the
emissions of the marginal response to a small change in demand (Ref: Bertsimas & Tsitsiklis, *Introduction to
Linear Optimization*, 1997, §5.1, local sensitivity analysis; HiGHS ``getBasisTransposeSolve``).

**Curtailment range.** An LP often has many optima. :func:`curtailment_range` keeps the objective within a
stated tolerance of its optimum (``cᵀx ≤ z* + rtol·max(1, |z*|)``) and re-solves twice, minimising and maximising
the renewable curtailment, so the summary reports the range the optimum allows instead of one arbitrary vertex.
Both re-solves add ``CYCLING_WEIGHT`` (0.5) per MWh charged or discharged to the curtailment they optimise: burning
one MWh of surplus by charging and discharging in the same hour takes at least (1 + η)/(1 − η) MWh of throughput
(η the round trip), so it never pays for η > 1/3, while storing a MWh that would be curtailed (0.5·(1 + η) < 1)
always does. The range is thus that of curtailment among optima without burning surplus in the stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy
import numpy as np

if TYPE_CHECKING:
    from wattsandtons.dispatch.model import _LP
    from wattsandtons.dispatch.spec import Site

__all__ = ["CYCLING_WEIGHT", "RANGE_RTOL", "CurtailmentRange", "curtailment_range", "hourly_duals"]

MWH = 3.6e9  # J per MWh
HOUR = 3600.0
#: Relative tolerance on the objective within which other optima are searched for the curtailment range.
RANGE_RTOL = 1e-9
#: Weight per MWh of store throughput in the range re-solves, against 1 per MWh curtailed (module docstring).
CYCLING_WEIGHT = 0.5


@dataclass(frozen=True)
class CurtailmentRange:
    """Least and most renewable curtailment [J] among solutions within ``rtol`` of the optimal objective."""

    low: float
    high: float
    rtol: float


def _basis_transpose_solve(h: highspy.Highs, column_values: np.ndarray) -> np.ndarray:
    """y with Bᵀy = v_B: v_B holds ``column_values`` of the basic columns (0 for basic row slacks)."""
    status, basic = h.getBasicVariables()  # type: ignore[attr-defined]
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError("HiGHS has no basis to analyse")
    basic = np.asarray(basic)
    rhs = np.where(basic >= 0, column_values[np.maximum(basic, 0)], 0.0)
    status, y = h.getBasisTransposeSolve(rhs)  # type: ignore[attr-defined]
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError("HiGHS could not solve with the transposed basis")
    return np.asarray(y)


def hourly_duals(h: highspy.Highs, lp: _LP, site: Site, prefix: str = "") -> tuple[np.ndarray, np.ndarray]:
    """(marginal price [money/J], marginal emissions [kg/J]) of each hour, from the solved LP's basis.

    The price is the balance row's dual (HiGHS ``row_dual``, currency/MWh in the LP) and the emissions the same
    row's entry of Bᵀ⁻¹ e_B; both converted to SI. Every thermal block is counted through its curtailment column
    (−e_g: curtailing a block avoids its emissions). ``prefix`` names one site's blocks in a coupled LP.
    """
    rows = lp.rows[prefix + "balance"]
    price = np.asarray(h.getSolution().row_dual)[rows] / MWH
    emissions = np.zeros(lp.n_cols)
    for g in site.generators:
        cols = lp.columns.get(f"{prefix}curtail:{g.name}")
        if cols is not None and g.co2_intensity > 0:
            emissions[cols] = -g.co2_intensity * MWH
    if not emissions.any():
        return price, np.zeros(rows.size)
    marginal = _basis_transpose_solve(h, emissions)[rows] / MWH
    return price, np.where(np.abs(marginal) < 1e-12, 0.0, marginal)


def curtailment_range(h: highspy.Highs, lp: _LP, site: Site, rtol: float = RANGE_RTOL) -> CurtailmentRange:
    """Least and most renewable curtailment at an objective within ``rtol`` of the optimum (two warm re-solves).

    ``h`` must hold the solved LP; it is changed (one row added, costs replaced) and should not be reused.
    """
    objective = float(h.getInfo().objective_function_value)
    cost = np.asarray(h.getLp().col_cost_, dtype=float)
    nonzero = np.flatnonzero(cost).astype(np.int32)
    h.addRow(-np.inf, objective + rtol * max(1.0, abs(objective)), nonzero.size, nonzero, cost[nonzero])
    curtail = np.zeros(lp.n_cols)
    for g in site.generators:
        cols = lp.columns.get(f"curtail:{g.name}")
        if cols is not None and g.renewable:
            curtail[cols] = 1.0
    throughput = np.zeros(lp.n_cols)
    for b in site.batteries:
        throughput[lp.columns[f"charge:{b.name}"]] = CYCLING_WEIGHT
        throughput[lp.columns[f"discharge:{b.name}"]] = CYCLING_WEIGHT
    everything = np.arange(lp.n_cols, dtype=np.int32)
    ends = []
    for sign in (1.0, -1.0):
        h.changeColsCost(lp.n_cols, everything, sign * curtail + throughput)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the curtailment range re-solve stopped: {h.getModelStatus()}")
        x = np.asarray(h.getSolution().col_value)
        ends.append(float(curtail @ x) * MWH)
    return CurtailmentRange(min(ends), max(ends), rtol)
