"""Steady-state balance: activities, embodied intensities, statements, closure and EROI.

High level: :func:`solve_balance` on a scenario. Low level, for input–output users: :func:`leontief_solve` and
:func:`embodied_intensities` on any (sparse) coefficient matrix, :func:`leontief_solve_stack` on a stack of
small dense ones (ensemble members), :func:`balancing_scale` for mixed units; :func:`supply_shares` and
:func:`by_products` give the supply split and by-products of a compiled network.
"""

from wattsandtons.balance.growth_limit import GrowthLimit, max_growth_rate  # noqa: F401
from wattsandtons.balance.leontief import (
    UnproductiveError,
    balancing_scale,
    embodied_intensities,
    leontief_solve,
    leontief_solve_stack,
)
from wattsandtons.balance.steady import Balance, BalanceError, by_products, solve_balance, supply_shares
from wattsandtons.statement import Line, Statement

__all__ = [
    "Balance",
    "BalanceError",
    "Line",
    "Statement",
    "UnproductiveError",
    "balancing_scale",
    "by_products",
    "embodied_intensities",
    "leontief_solve",
    "leontief_solve_stack",
    "solve_balance",
    "supply_shares",
]
