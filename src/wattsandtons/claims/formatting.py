"""Numbers of the claims for people: a check's SI value in readable units, references' values, claimed texts.

Pure functions of :mod:`wattsandtons.claims.data` records; used by the evaluators (for caveats), the verdicts and
the reports.
"""

from __future__ import annotations

import math

from wattsandtons.claims.data import Claimed, Unit
from wattsandtons.timebase import SECONDS_PER_YEAR
from wattsandtons.units import format_quantity

__all__ = ["format_value"]

_KWH = 3.6e6
_PH_DAY = 1e15 * 86400.0


def _round_sig(x: float, digits: int = 2) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _plain_number(x: float) -> str:
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    rounded = _round_sig(x, 4)
    if abs(x) >= 1e9 or abs(x) < 1e-3:
        mantissa, exponent = f"{x:.3e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return f"{rounded:,.0f}" if abs(rounded) >= 1000 else f"{rounded:.4g}"


def _money(x: float, currency: str) -> str:
    symbol = {"JPY": "¥", "USD": "$"}[currency]
    for scale, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " M")):
        if abs(x) >= scale:
            return f"{symbol}{x / scale:.3g}{word}"
    return f"{symbol}{_plain_number(x)}"


def format_value(value: float, unit: Unit) -> str:
    """A check's SI value for people.

    Parameters
    ----------
    value : float
        Value in ``unit.si``.
    unit : Unit
        Its unit; ``unit.display`` picks the style (see :class:`wattsandtons.claims.data.Unit`).

    Returns
    -------
    str
        E.g. ``"19,480×"``, ``"94 %"``, ``"175.3 GW/yr"``, ``"¥6.65 tn"``, ``"15.72 JPY/kWh"``.
    """
    kind = unit.display
    if kind == "ratio":
        return f"{_plain_number(value)}×"
    if kind == "percent":
        return f"{_round_sig(value * 100, 4):.4g} %"
    if kind == "count":
        return _plain_number(value)
    if kind == "per_year":
        return f"{_plain_number(value * SECONDS_PER_YEAR)} /yr"
    if kind in ("JPY", "USD"):
        return _money(value, kind)
    return format_quantity(value, kind)


_REFERENCE_DISPLAY: dict[str, tuple[float, str]] = {
    "USD/J": (_KWH, "USD/kWh"),
    "USD/(W s)": (1e6 * SECONDS_PER_YEAR, "USD per MW-year"),
    "JPY/J": (_KWH, "JPY/kWh"),
    "J/kg": (1e-6, "MJ/kg"),
    "USD/hash": (_PH_DAY, "USD/(PH/s·day)"),
    "J/hash": (1e12, "J/TH"),
    "1/s": (SECONDS_PER_YEAR, "/yr"),
    "W/s": (SECONDS_PER_YEAR * 1e-9, "GW/yr"),
    "m^3/s^2": (1.0, "m^3/s^2"),
}


def _display_reference_value(value: float, unit: str) -> str:
    """A Reference value in a readable unit (from its SI unit string)."""
    if unit in _REFERENCE_DISPLAY:
        scale, label = _REFERENCE_DISPLAY[unit]
        return f"{_plain_number(value * scale)} {label}"
    if unit in ("JPY", "USD"):
        return _money(value, unit)
    if unit == "1":
        return _plain_number(value)
    if unit == "J":
        return format_quantity(value, "[energy]")
    if unit == "W":
        return format_quantity(value, "[power]")
    if unit == "kg":
        return format_quantity(value, "[mass]" if abs(value) < 1e15 else "kg")
    return f"{_plain_number(value)} {unit}"


def _tolerance_text(claimed: Claimed, unit: Unit) -> str:
    assert claimed.tolerance is not None
    if claimed.tolerance_kind == "relative":
        return f"±{_round_sig(claimed.tolerance * 100, 3):g} %"
    if claimed.tolerance_kind == "factor":
        return f"within ×{claimed.tolerance:.3g}"
    if unit.display == "percent":
        return f"±{_round_sig(claimed.tolerance * 100, 3):g} pp"
    return f"±{format_value(claimed.tolerance, unit)}"


def _claimed_text(claimed: Claimed, unit: Unit) -> str:
    if claimed.comparison == "approx":
        assert claimed.value is not None
        return f"{claimed.text} [≈ {format_value(claimed.value, unit)}, {_tolerance_text(claimed, unit)}]"
    if claimed.comparison == "range":
        assert claimed.low is not None and claimed.high is not None
        return f"{claimed.text} [{format_value(claimed.low, unit)} … {format_value(claimed.high, unit)}]"
    if claimed.comparison == "at_least":
        assert claimed.value is not None
        return f"{claimed.text} [≥ {format_value(claimed.value, unit)}]"
    if claimed.comparison == "at_most":
        assert claimed.value is not None
        return f"{claimed.text} [≤ {format_value(claimed.value, unit)}]"
    return claimed.text


def _json_float(x: float | None) -> float | None:
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None
