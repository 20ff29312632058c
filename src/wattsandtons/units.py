"""Units at the edges: one pint registry, parsing to SI floats, formatting back for people.

Inside Watts & Tons every amount is a plain float in SI base units — J, W, kg, s, m, FLOP, piece — or, for
comparison with today's economy only, in a currency that is its own dimension (USD, JPY, EUR are never converted
into each other without an explicit rate). This module is the only place that turns text such as ``"400 MWh"`` or
``"1.2 kW/kg"`` into those floats and back.

Dimensions added to pint's defaults:

* ``[compute]`` — ``FLOP`` (with SI prefixes: ``PFLOP``, ``EFLOP/s``),
* ``kt`` — kilotonne (pint's default reads it as a knot),
* ``[hash]`` — ``hash`` (write ``Thash``: ``TH`` reads as terahenry),
* ``[count]`` — ``piece`` (aliases ``pcs``, ``item``), for counted goods (robots, chips, satellites),
* ``[currency_USD]``, ``[currency_JPY]``, ``[currency_EUR]`` — ``USD``, ``JPY`` (alias ``yen``), ``EUR``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import pint

from wattsandtons.errors import UnitError

__all__ = [
    "Q_",
    "dimension_name",
    "dimensionality",
    "format_quantity",
    "parse",
    "si_unit",
    "to_si",
    "ureg",
    "xarray_registry",
]

ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="ignore")
ureg.define("kilotonne = 1e3 * t = kt")  # in energy and materials work "kt" is a kilotonne, never a knot
ureg.define("FLOP = [compute] = FLOP = flop")
ureg.define("piece = [count] = pcs = item = items = pieces")
ureg.define(
    "hash = [hash] = hashes"
)  # a mining hash: 'J/Thash', 'USD/(Phash/s)/day' ('TH' would be terahenry)
ureg.define("USD = [currency_USD] = USD = usd")
ureg.define("JPY = [currency_JPY] = JPY = yen = jpy")
ureg.define("EUR = [currency_EUR] = EUR = eur")
ureg.formatter.default_format = "~P"
Q_ = ureg.Quantity

#: The units defined above, for :func:`xarray_registry` (a test keeps the two lists in step).
PROJECT_UNITS = (
    "kilotonne = 1e3 * t = kt",
    "FLOP = [compute] = FLOP = flop",
    "piece = [count] = pcs = item = items = pieces",
    "hash = [hash] = hashes",
    "USD = [currency_USD] = USD = usd",
    "JPY = [currency_JPY] = JPY = yen = jpy",
    "EUR = [currency_EUR] = EUR = eur",
)


def xarray_registry() -> pint.UnitRegistry:
    """A registry for pint-xarray that reads every ``units`` attribute Watts & Tons writes (``FLOP/s``, ``piece``).

    Example: ``xr.open_dataset("trajectories.nc").pint.quantify(unit_registry=xarray_registry())``. pint-xarray
    needs ``force_ndarray_like``, which the project's scalar registry :data:`ureg` does not use.
    """
    registry: pint.UnitRegistry = pint.UnitRegistry(force_ndarray_like=True, on_redefinition="ignore")
    for definition in PROJECT_UNITS:
        registry.define(definition)
    return registry


#: Human names for the dimensions a scenario talks about, keyed by pint dimensionality.
_NAMED: dict[str, str] = {
    "[energy]": "energy",
    "[power]": "power",
    "[mass]": "mass",
    "[time]": "time",
    "[length]": "length",
    "[area]": "area",
    "[compute]": "compute",
    "[count]": "count",
    "[currency_USD]": "money (USD)",
    "[currency_JPY]": "money (JPY)",
    "[currency_EUR]": "money (EUR)",
    "[temperature]": "temperature",
    "[velocity]": "velocity",
    "[energy] / [mass]": "energy per mass",
    "[power] / [mass]": "power per mass",
    "[mass] / [power]": "mass per power",
    "[energy] / [compute]": "energy per compute",
    "[energy] / [hash]": "energy per hash",
    "[compute] / [time]": "compute rate",
    "[count] / [time]": "count per time",
    "[mass] / [time]": "mass per time",
    "[mass] / [count]": "mass per piece",
    "[energy] / [count]": "energy per piece",
    "[mass] / [energy]": "mass per energy",
    "[mass] / [compute]": "mass per compute",
    "[mass] / [area]": "mass per area",
    "[currency_USD] / [mass]": "USD per mass",
    "[currency_USD] / [energy]": "USD per energy",
    "[currency_JPY] / [energy]": "JPY per energy",
    "1 / [time]": "rate per time (e.g. '2 %/yr')",
    "[]": "dimensionless number",
}


@lru_cache(maxsize=256)
def dimensionality(spec: str) -> pint.util.UnitsContainer:
    """The pint dimensionality of a dimension spec (``"[energy]"``) or a unit (``"MWh"``)."""
    if spec.startswith("["):
        return ureg.get_dimensionality(spec)
    return ureg.parse_units(spec).dimensionality


@lru_cache(maxsize=256)
def _names_by_dimensionality() -> dict[pint.util.UnitsContainer, str]:
    return {
        ureg.get_dimensionality(k) if k != "[]" else ureg.get_dimensionality(""): v for k, v in _NAMED.items()
    }


def dimension_name(dim: pint.util.UnitsContainer | str) -> str:
    """A readable name for a dimensionality, e.g. ``energy`` or ``mass per power``; pint's notation otherwise."""
    if isinstance(dim, str):
        dim = dimensionality(dim)
    name = _names_by_dimensionality().get(dim)
    if name is not None:
        return name
    return _in_words(dim) if dim else "dimensionless"


#: Words for pint's base dimensions, for :func:`dimension_name` of combinations not named in ``_NAMED``.
_BASE_WORDS: dict[str, str] = {
    "[mass]": "mass",
    "[length]": "length",
    "[time]": "time",
    "[temperature]": "temperature",
    "[current]": "electric current",
    "[substance]": "amount of substance",
    "[luminosity]": "luminous intensity",
    "[compute]": "compute",
    "[count]": "count",
    "[hash]": "hashes",
}
_POWERS = {2: "²", 3: "³", 4: "⁴"}


def _in_words(dim: pint.util.UnitsContainer) -> str:
    """``[currency_EUR] * [time] ** 2`` → ``money (EUR) × time²``; ``[length] / [time] ** 2`` → ``length per time²``."""

    def word(key: str, power: float) -> str:
        if key.startswith("[currency_"):
            base = f"money ({key[len('[currency_') : -1]})"
        else:
            base = _BASE_WORDS.get(key, key.strip("[]").replace("_", " "))
        power = abs(power)
        if power == 1:
            return base
        return (
            base + _POWERS.get(int(power), f"^{power:g}")
            if float(power).is_integer()
            else f"{base}^{power:g}"
        )

    powers = {key: float(power) for key, power in dim.items()}  # type: ignore[arg-type]
    top = [word(k, p) for k, p in powers.items() if p > 0]
    bottom = [word(k, p) for k, p in powers.items() if p < 0]
    text = " × ".join(top) if top else "1"
    return f"{text} per {' × '.join(bottom)}" if bottom else text


def with_article(name: str) -> str:
    """``"energy"`` → ``"an energy"``: for error messages."""
    return ("an " if name[:1] in "aeiou" else "a ") + name


def parse(text: str | float | int) -> pint.Quantity:
    """Parse ``"400 MWh"`` (or a bare number, dimensionless) into a pint quantity.

    Raises :class:`~wattsandtons.errors.UnitError` with a readable message for anything that is not a finite
    number followed by a known unit.
    """
    if isinstance(text, bool):
        raise UnitError(
            f"{text!r} is a boolean, not a quantity", expected="a number with a unit, e.g. '400 MWh'"
        )
    if isinstance(text, int | float):
        if not math.isfinite(float(text)):
            raise UnitError(f"{text!r} is not a finite number")
        return Q_(float(text), "")
    if not isinstance(text, str):
        raise UnitError(
            f"{type(text).__name__} is not a quantity", expected="a number with a unit, e.g. '400 MWh'"
        )
    return _parse_text(text.strip(), text)


#: ``ton``/``tons`` (with an SI prefix): refused, because pint's ``ton`` is the short ton, not the tonne.
_TON = re.compile(r"(?<![A-Za-z_])(?:k|M|G|kilo|mega|giga)?tons?(?![A-Za-z_])")


@lru_cache(maxsize=4096)
def _parse_text(stripped: str, text: str) -> pint.Quantity:
    """Parse (cached: scenarios repeat the same few strings, and pint's parser is slow)."""
    if not stripped:
        raise UnitError("empty quantity", expected="a number with a unit, e.g. '400 MWh'")
    ton = _TON.search(stripped)
    if ton is not None:
        raise UnitError(
            f"{text!r}: {ton.group(0)!r} is ambiguous (pint reads 'ton' as the US short ton, 907.18 kg)",
            expected="'t' for the tonne (1000 kg; 'kt', 'Mt' for thousands and millions), or 'short_ton'/'long_ton'",
        )
    try:
        quantity: Any = ureg.Quantity(stripped)
    except pint.UndefinedUnitError as exc:
        names = ", ".join(repr(n) for n in exc.unit_names)
        raise UnitError(f"unknown unit {names} in {text!r}") from None
    except Exception:  # pint's expression parser raises many types (even AssertionError) on garbage
        raise UnitError(
            f"cannot read {text!r} as a quantity", expected="a number with a unit, e.g. '400 MWh'"
        ) from None
    if not isinstance(quantity, pint.Quantity):  # a bare number such as "3"
        quantity = Q_(float(quantity), "")
    magnitude = quantity.magnitude
    if not isinstance(magnitude, int | float) or not math.isfinite(float(magnitude)):
        raise UnitError(f"{text!r} does not have a finite number as its value")
    return quantity


def to_si(text: str | float | int, expected: str | pint.util.UnitsContainer | None = None) -> float:
    """Parse a quantity and return its magnitude in SI base units, checking its dimension.

    Parameters
    ----------
    text : str or float
        ``"400 MWh"``, ``"1.2 kW/kg"``; a bare number is dimensionless.
    expected : str or pint dimensionality, optional
        A dimension (``"[energy]"``) or any unit of it (``"MWh"``). ``None`` accepts any dimension.

    Returns
    -------
    float
        The value in SI base units (J for energy, kg for mass, W for power, FLOP, piece, …).
    """
    quantity = parse(text)
    if expected is not None:
        want = dimensionality(expected) if isinstance(expected, str) else expected
        if quantity.dimensionality != want:
            got = dimension_name(quantity.dimensionality)
            raise UnitError(
                f"{text!r} is {with_article(got)}" if quantity.dimensionality else f"{text!r} has no unit",
                expected=with_article(dimension_name(want)),
            )
    return float(quantity.to_base_units().magnitude)


_BASE_UNITS: dict[str, str] = {
    "[mass]": "kg",
    "[length]": "m",
    "[time]": "s",
    "[temperature]": "K",
    "[current]": "A",
    "[substance]": "mol",
    "[luminosity]": "cd",
    "[compute]": "FLOP",
    "[count]": "piece",
    "[currency_USD]": "USD",
    "[currency_JPY]": "JPY",
    "[currency_EUR]": "EUR",
}


@lru_cache(maxsize=256)
def si_unit(dim: pint.util.UnitsContainer) -> Any:
    """The SI base unit that :func:`to_si` returns for a dimensionality (``kg * m ** 2 / s ** 2`` for energy)."""
    unit = ureg.Quantity(1.0, "")
    for key, power in dim.items():
        unit = unit * ureg.Quantity(1.0, _BASE_UNITS[key]) ** power
    return unit.units


#: Display ladders: for a dimension, the units people read, smallest first.
_LADDERS: dict[str, tuple[str, ...]] = {
    "[energy]": ("Wh", "kWh", "MWh", "GWh", "TWh", "PWh", "EWh"),
    "[power]": ("W", "kW", "MW", "GW", "TW", "PW", "EW", "YW"),
    "[mass]": ("g", "kg", "t", "kt", "Mt", "Gt"),
    "[compute]": ("FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP", "EFLOP", "ZFLOP", "YFLOP"),
    "[compute] / [time]": ("FLOP/s", "TFLOP/s", "PFLOP/s", "EFLOP/s", "ZFLOP/s", "YFLOP/s"),
    "[count]": ("piece",),
    "[count] / [time]": ("piece/yr",),
    "[mass] / [time]": ("kg/yr", "t/yr", "kt/yr", "Mt/yr", "Gt/yr"),
    "[power] / [time]": ("W/yr", "kW/yr", "MW/yr", "GW/yr", "TW/yr"),
    "[currency_USD]": ("USD",),
    "[time]": ("s", "h", "day", "year"),
    "[energy] / [mass]": ("kWh/kg", "MWh/kg", "MWh/t", "GJ/t"),
}


def _preferred_units(dim: pint.util.UnitsContainer) -> tuple[str, ...]:
    for key, ladder in _LADDERS.items():
        if dimensionality(key) == dim:
            return ladder
    return ()


def format_quantity(value_si: float, dim_or_unit: str | pint.util.UnitsContainer, digits: int = 4) -> str:
    """Format an SI float for people: ``format_quantity(3.6e12, "[energy]") == "1 GWh"``.

    ``dim_or_unit`` is a dimension (the unit is then picked from a ladder of readable units so that the number
    is between 1 and 1000 where possible) or an explicit display unit such as ``"MWh"``.
    """
    if isinstance(dim_or_unit, str) and not dim_or_unit.startswith("["):
        quantity = Q_(value_si, si_unit(dimensionality(dim_or_unit))).to(dim_or_unit)
        return f"{_number(float(quantity.magnitude), digits)} {dim_or_unit}"
    dim = dimensionality(dim_or_unit) if isinstance(dim_or_unit, str) else dim_or_unit
    ladder = _preferred_units(dim)
    if not ladder:
        quantity = Q_(value_si, si_unit(dim))
        return f"{_number(value_si, digits)} {quantity.units:~P}".rstrip()
    chosen = ladder[0]
    for name in ladder:
        if abs(Q_(value_si, si_unit(dim)).to(name).magnitude) >= 1.0:
            chosen = name
    magnitude = float(Q_(value_si, si_unit(dim)).to(chosen).magnitude)
    return f"{_number(magnitude, digits)} {chosen}"


def _number(x: float, digits: int) -> str:
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    if 1e-3 <= abs(x) < 1e6:
        return f"{x:.{digits}g}"
    return f"{x:.{max(digits - 1, 1)}e}"
