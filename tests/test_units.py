"""Units at the edges: parsing to SI, dimension checks, formatting back."""

from __future__ import annotations

import math

import pytest

from wattsandtons.errors import UnitError
from wattsandtons.units import dimension_name, format_quantity, to_si


@pytest.mark.parametrize(
    ("text", "expected", "si"),
    [
        ("400 MWh", "[energy]", 400 * 3.6e9),
        ("1.2 kW/kg", "W/kg", 1200.0),
        ("3 t", "[mass]", 3000.0),
        ("2 kt", "[mass]", 2e6),  # kilotonne, not knot
        ("1e24 FLOP/yr", "FLOP/s", 1e24 / (365.25 * 86400)),
        ("5 PFLOP", "[compute]", 5e15),
        ("18 %", "", 0.18),
        ("30 yr", "[time]", 30 * 365.25 * 86400),
        ("100 USD/kg", "USD/kg", 100.0),
        ("2 piece/yr", "piece/s", 2 / (365.25 * 86400)),
    ],
)
def test_to_si_matches_hand_conversion(text: str, expected: str, si: float) -> None:
    assert math.isclose(to_si(text, expected), si, rel_tol=1e-12)


@pytest.mark.parametrize(
    ("text", "expected", "fragment"),
    [
        ("3 t", "[energy]", "'3 t' is a mass (expected an energy)"),
        ("3 blorp", None, "unknown unit 'blorp'"),
        ("3", "[energy]", "has no unit"),
        ("nan MWh", None, "finite"),
        ("kg 3 ++", None, "cannot read"),
        ("", None, "empty"),
    ],
)
def test_bad_quantities_are_unit_errors(text: str, expected: str | None, fragment: str) -> None:
    with pytest.raises(UnitError) as info:
        to_si(text, expected)
    assert fragment in str(info.value)


def test_money_is_its_own_dimension_and_never_converts() -> None:
    with pytest.raises(UnitError, match=r"money \(JPY\)"):
        to_si("100 JPY", "USD")
    with pytest.raises(UnitError):
        to_si("1 USD", "[energy]")


def test_booleans_are_not_quantities() -> None:
    with pytest.raises(UnitError):
        to_si(True)


def test_format_picks_a_readable_unit() -> None:
    assert format_quantity(3.6e12, "[energy]") == "1 GWh"
    assert format_quantity(2.5e9, "[power]") == "2.5 GW"
    assert format_quantity(5e20, "[compute] / [time]") == "500 EFLOP/s"
    assert format_quantity(2e9, "[mass]") == "2 Mt"
    assert format_quantity(3.6e9, "MWh") == "1 MWh"


def test_dimension_names() -> None:
    assert dimension_name("kW/kg") == "power per mass"
    assert dimension_name("MWh") == "energy"
