"""The energy and mass statement: what came in, what went out, and the residual — for a process, an actor or a loop.

The same type serves the modelled balance (this package) and the ledger's recorded actual flows, so a firm's plan
and its books can be laid side by side. Amounts are SI totals over the statement's period: J for energy, kg for
mass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

Quantity = Literal["energy", "mass"]
SI_UNIT: dict[str, str] = {"energy": "J", "mass": "kg"}
DIMENSION: dict[str, str] = {"energy": "[energy]", "mass": "[mass]"}


@dataclass(frozen=True)
class Line:
    """One line of a statement: an amount [J or kg over the period] under a group heading."""

    group: str  # e.g. "primary energy drawn", "consumed", "stock built into capital"
    label: str  # e.g. "sunlight@earth" or "panel_fab"
    amount: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.amount):
            raise ValueError(f"non-finite amount on line {self.group}/{self.label}")


@dataclass(frozen=True)
class Statement:
    """An energy or mass statement: inflows, outflows and the residual (inflows − outflows).

    ``memo`` lines are shown but not summed (e.g. electricity generated and used inside the loop).
    """

    entity: str
    quantity: Quantity
    period_s: float
    inflows: tuple[Line, ...]
    outflows: tuple[Line, ...]
    memo: tuple[Line, ...] = field(default=())

    @property
    def total_in(self) -> float:
        return math.fsum(line.amount for line in self.inflows)

    @property
    def total_out(self) -> float:
        return math.fsum(line.amount for line in self.outflows)

    @property
    def residual(self) -> float:
        """Inflows − outflows; zero for a balanced statement."""
        return self.total_in - self.total_out

    @property
    def relative_residual(self) -> float:
        """``|residual| / max(total in, total out)``; 0 for an empty statement."""
        scale = max(abs(self.total_in), abs(self.total_out))
        return abs(self.residual) / scale if scale > 0 else 0.0

    def lines(self) -> list[tuple[str, str, str, float]]:
        """Rows ``(side, group, label, amount)`` for tables and CSV."""
        rows = [("in", line.group, line.label, line.amount) for line in self.inflows]
        rows += [("out", line.group, line.label, line.amount) for line in self.outflows]
        rows += [("memo", line.group, line.label, line.amount) for line in self.memo]
        return rows

    def format(self, amount: float) -> str:
        from wattsandtons.units import format_quantity  # pint loads only when a statement is formatted

        return format_quantity(amount, DIMENSION[self.quantity])

    def to_frame(self) -> Any:
        """The lines as a DataFrame: side, group, item, amount in a readable unit (TWh, kt …) named in ``unit``."""
        import pandas as pd

        from wattsandtons.units import Q_, dimensionality, format_quantity, si_unit

        rows = self.lines()
        largest = max((abs(r[3]) for r in rows), default=0.0)
        unit = format_quantity(largest or 1.0, DIMENSION[self.quantity]).partition(" ")[2]
        factor = float(Q_(1.0, si_unit(dimensionality(DIMENSION[self.quantity]))).to(unit).magnitude)
        frame = pd.DataFrame(rows, columns=["side", "group", "item", "amount"])
        frame["amount"] = frame["amount"] * factor
        frame["unit"] = unit
        return frame

    def __repr__(self) -> str:
        return (
            f"<Statement {self.quantity} of {self.entity}: in {self.format(self.total_in)}, "
            f"out {self.format(self.total_out)}, residual {self.relative_residual:.1e} relative>"
        )

    def _repr_html_(self) -> str:
        from wattsandtons.notebook import html_table

        return html_table(self.to_frame(), repr(self)[1:-1])

    def to_dict(self) -> dict[str, object]:
        unit = SI_UNIT[self.quantity]
        return {
            "entity": self.entity,
            "quantity": self.quantity,
            "period_s": self.period_s,
            f"total_in_{unit}": self.total_in,
            f"total_out_{unit}": self.total_out,
            f"residual_{unit}": self.residual,
            "relative_residual": self.relative_residual,
            "lines": [
                {"side": side, "group": group, "label": label, f"amount_{unit}": amount}
                for side, group, label, amount in self.lines()
            ],
        }
