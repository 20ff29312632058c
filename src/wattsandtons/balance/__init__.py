"""Steady-state balance: activities, embodied intensities, statements, closure and EROI.

High level: :func:`solve_balance` on a scenario. Low level, for input–output users: :func:`leontief_solve` and
:func:`embodied_intensities` on any (sparse) coefficient matrix.
"""

from wattsandtons.balance.leontief import UnproductiveError, embodied_intensities, leontief_solve
from wattsandtons.balance.steady import Balance, BalanceError, solve_balance
from wattsandtons.statement import Line, Statement

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
