"""Amounts at the ledger's edge: text such as ``"5 MWh"`` or ``"3.6 GJ"``, or a bare number → an exact integer count
of the commodity's smallest unit (``5000000`` Wh; ``3.6 GJ`` is exactly ``1000000`` Wh). No floats ever reach a
balance: the number is read as a decimal, the SI size of the given unit and of the smallest unit come from pint and are
read back as decimals, their ratio is exact, and the product must be a whole number of smallest units.

pint (and with it NumPy and SciPy) is imported only when a quantity with a unit is first read, so that importing the
ledger stays light.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import lru_cache

from wattsandtons.errors import UnitError
from wattsandtons.ledger.errors import LedgerError

__all__ = ["MAX_AMOUNT", "format_amount", "parse_amount", "unit_factor"]

#: Largest amount and largest balance counter: amounts are signed 64-bit integers in the database.
MAX_AMOUNT = 2**63 - 1

#: Largest float read as a bare number: every integer up to 2**53 is exact in a double.
MAX_EXACT_FLOAT = 2**53

_INT_RE = re.compile(r"^\s*\+?[0-9]{1,19}\s*\Z")
_NUMBER = r"\+?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,3})?"
_NUMBER_RE = re.compile(rf"^\s*({_NUMBER})\s*\Z")
_QTY_RE = re.compile(rf"^\s*({_NUMBER})\s*([A-Za-zµμ][A-Za-zµμ0-9_]{{0,31}})\s*\Z")


@lru_cache(maxsize=1024)
def unit_factor(unit_text: str, smallest_unit: str, dimension: str) -> Fraction:
    """How many smallest units one ``unit_text`` is, exactly (``MWh`` → ``Wh``: 1000000; ``GJ`` → ``Wh``:
    2500000/9): the ratio of the two units' SI sizes, each read back as a 15-digit decimal."""
    from wattsandtons.units import dimension_name, dimensionality, ureg

    try:
        unit = ureg.parse_units(unit_text)
        smallest = ureg.parse_units(smallest_unit)
    except Exception:  # pint raises many types for garbage
        raise UnitError(f"unknown unit {unit_text!r}") from None
    if unit.dimensionality != dimensionality(dimension):
        raise UnitError(
            f"{unit_text!r} is a unit of {dimension_name(unit.dimensionality)}",
            expected=f"a unit of {dimension_name(dimensionality(dimension))}",
        )
    given = float(ureg.Quantity(1.0, unit).to_base_units().magnitude)
    base = float(ureg.Quantity(1.0, smallest).to_base_units().magnitude)
    return Fraction(f"{given:.15g}") / Fraction(f"{base:.15g}")


def parse_amount(value: object, *, unit: str, dimension: str, field: str, allow_zero: bool = False) -> int:
    """An amount as an exact integer of ``unit`` (the commodity's smallest unit).

    ``value`` is an ``int`` (already in smallest units), a whole float up to 2**53 (a JSON ``1e6``), a bare number
    as text (``"1000000"``, ``"1e6"``), or a quantity in any unit of the commodity's dimension (``"2.5 MWh"``,
    ``"3.6 GJ"``); either must come to a whole number of smallest units. Raises :class:`LedgerError` (422).
    """
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        raise LedgerError(
            "invalid_amount",
            f"expected an integer number of {unit} or a quantity such as '5 MWh', got {type(value).__name__}",
            field=field,
        )
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = _whole_float(value, unit, field)
    elif _INT_RE.match(value):
        number = int(value)
    elif (bare := _NUMBER_RE.match(value)) is not None:
        number = _whole(Fraction(bare.group(1)), value, unit, field)
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
    return _whole(Fraction(match.group(1)) * factor, text, unit, field)


def _whole(exact: Fraction, text: str, unit: str, field: str) -> int:
    if exact.denominator != 1:
        raise LedgerError(
            "not_whole_units",
            f"{text.strip()[:80]!r} is {float(exact):.6g} {unit}, not a whole number of {unit} "
            f"(amounts are exact integers of the commodity's smallest unit)",
            field=field,
        )
    return int(exact)


def _whole_float(value: float, unit: str, field: str) -> int:
    """A bare JSON number such as ``1e6``: accepted when it is a whole number that a double holds exactly."""
    if not math.isfinite(value) or not value.is_integer() or abs(value) > MAX_EXACT_FLOAT:
        raise LedgerError(
            "invalid_amount",
            f"a bare number must be a whole number of {unit} up to {MAX_EXACT_FLOAT:,} "
            f"(send larger amounts as an integer or a quantity such as '5 TWh'), got {value!r}",
            field=field,
        )
    return int(value)


def format_amount(amount: int, unit: str) -> str:
    """``5000000, "Wh"`` → ``"5,000,000 Wh"``: exact, for tables and messages."""
    return f"{amount:,} {unit}"
