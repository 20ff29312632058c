"""Amounts at the ledger's edge: text such as ``"5 MWh"`` or a bare integer → an exact integer count of the
commodity's smallest unit (``5000000`` Wh). No floats ever reach a balance: the number is read as a decimal, the unit
factor comes from pint and is read back as a decimal, and the product must be a whole number of smallest units.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from wattsandtons.errors import UnitError
from wattsandtons.ledger.errors import LedgerError
from wattsandtons.units import dimension_name, dimensionality, ureg

__all__ = ["MAX_AMOUNT", "format_amount", "parse_amount", "unit_factor"]

#: Largest amount and largest balance counter: amounts are signed 64-bit integers in the database.
MAX_AMOUNT = 2**63 - 1

_INT_RE = re.compile(r"^\s*\+?[0-9]{1,19}\s*$")
_QTY_RE = re.compile(
    r"^\s*(\+?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,3})?)\s*"
    r"([A-Za-zµμ][A-Za-zµμ0-9_]{0,31})\s*$"
)


@lru_cache(maxsize=1024)
def unit_factor(unit_text: str, smallest_unit: str, dimension: str) -> Fraction:
    """How many smallest units one ``unit_text`` is, exactly as a decimal fraction (``MWh`` → ``Wh``: 1000000)."""
    try:
        unit = ureg.parse_units(unit_text)
    except Exception:  # pint raises many types for garbage
        raise UnitError(f"unknown unit {unit_text!r}") from None
    if unit.dimensionality != dimensionality(dimension):
        raise UnitError(
            f"{unit_text!r} is a unit of {dimension_name(unit.dimensionality)}",
            expected=f"a unit of {dimension_name(dimensionality(dimension))}",
        )
    factor = float(ureg.Quantity(1.0, unit).to(smallest_unit).magnitude)
    return Fraction(f"{factor:.15g}")


def parse_amount(value: object, *, unit: str, dimension: str, field: str, allow_zero: bool = False) -> int:
    """An amount as an exact integer of ``unit`` (the commodity's smallest unit).

    ``value`` is an ``int`` (already in smallest units), a string of digits, or a quantity string such as
    ``"2.5 MWh"`` which must come to a whole number of smallest units. Raises :class:`LedgerError` (422).
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise LedgerError(
            "invalid_amount",
            f"expected an integer number of {unit} or a quantity such as '5 MWh', got {type(value).__name__}",
            field=field,
        )
    if isinstance(value, int):
        number = value
    elif _INT_RE.match(value):
        number = int(value)
    else:
        number = _parse_quantity(value, unit=unit, dimension=dimension, field=field)
    low = 0 if allow_zero else 1
    if not low <= number <= MAX_AMOUNT:
        raise LedgerError(
            "invalid_amount",
            f"amount {number} {unit} is out of range (from {low} to {MAX_AMOUNT} {unit})",
            field=field,
        )
    return number


def _parse_quantity(text: str, *, unit: str, dimension: str, field: str) -> int:
    match = _QTY_RE.match(text)
    if match is None:
        raise LedgerError(
            "invalid_amount",
            f"cannot read {text[:80]!r} as an amount (expected an integer number of {unit}, "
            f"or a number and a unit such as '5 {unit}')",
            field=field,
        )
    try:
        factor = unit_factor(match.group(2), unit, dimension)
    except UnitError as exc:
        raise LedgerError("invalid_unit", str(exc), field=field) from None
    exact = Fraction(match.group(1)) * factor
    if exact.denominator != 1:
        raise LedgerError(
            "not_whole_units",
            f"{text.strip()!r} is {float(exact):.6g} {unit}, not a whole number of {unit} "
            f"(amounts are exact integers of the commodity's smallest unit)",
            field=field,
        )
    return int(exact)


def format_amount(amount: int, unit: str) -> str:
    """``5000000, "Wh"`` → ``"5,000,000 Wh"``: exact, for tables and messages."""
    return f"{amount:,} {unit}"
