"""Steady-state balance: activities, embodied intensities, statements, closure and EROI.

High level: :func:`solve_balance` on a scenario. Low level, for input–output users: :func:`leontief_solve` and
:func:`embodied_intensities` on any (sparse) coefficient matrix.
"""

from wattsandtons.balance.growth_limit import GrowthLimit, max_growth_rate  # noqa: F401
from wattsandtons.balance.leontief import UnproductiveError, embodied_intensities, leontief_solve
from wattsandtons.balance.statement import Line, Statement
from wattsandtons.balance.steady import Balance, BalanceError, solve_balance

__all__ = [
    "Balance",
    "BalanceError",
    "Line",
    "Statement",
    "UnproductiveError",
    "embodied_intensities",
    "leontief_solve",
    "solve_balance",
]
