"""Every default parameter carries a source, a unit and a consistent range; derived values re-checked."""

from __future__ import annotations

import dataclasses
import math

import pytest

from wattsandtons.physics import reference as ref
from wattsandtons.physics.reference import Reference, references

ALL = references()


def test_references_are_collected() -> None:
    assert "SOLAR_CONSTANT" in ALL
    assert "EXTROPIC_RELATIVE_EFFICIENCY" in ALL
    assert len(ALL) == len([n for n in ref.__all__ if isinstance(getattr(ref, n), Reference)])


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_reference_has_source_unit_and_consistent_range(name: str) -> None:
    r = ALL[name]
    assert r.source.strip(), f"{name} has no source"
    assert r.unit.strip(), f"{name} has no unit"
    assert math.isfinite(r.value), name
    if r.low is not None:
        assert r.low <= r.value, f"{name}: low {r.low} above central {r.value}"
    if r.high is not None:
        assert r.value <= r.high, f"{name}: high {r.high} below central {r.value}"


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_reference_has_a_range_or_says_why_not(name: str) -> None:
    # Issue 16: low and high where any source gives them, else range_note ("no range published", "exact", …).
    r = ALL[name]
    assert r.has_range, f"{name}: give low and high, or a range_note saying why not"
    if r.range_note:
        assert r.range_note.strip() == r.range_note and len(r.range_note) > 3, name


def test_derived_defaults_have_ranges_too() -> None:
    from wattsandtons.physics.launch import STARSHIP_LAUNCH_ENERGY_PER_KG

    e = STARSHIP_LAUNCH_ENERGY_PER_KG
    assert e.has_range
    # Hand: 4,600 t × 1/4.6 × 50 MJ/kg / 150 t = 333 MJ/kg; 5,200 t / 100 t -> 565 MJ/kg.
    assert e.low == pytest.approx(4.6e6 / 4.6 * 50e6 / 150e3)
    assert e.high == pytest.approx(5.2e6 / 4.6 * 50e6 / 100e3)


def test_reference_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.SOLAR_CONSTANT.value = 1.0  # type: ignore[misc]


def test_solar_luminosity_consistent_with_solar_constant() -> None:
    # [calc] 4π (1 au)² × 1361 W/m² = 3.8275e26 W vs IAU nominal 3.828e26 W; tolerance 0.1 %.
    implied = 4 * math.pi * ref.ASTRONOMICAL_UNIT.value**2 * ref.SOLAR_CONSTANT.value
    assert implied == pytest.approx(ref.SOLAR_LUMINOSITY.value, rel=1e-3)


def test_world_primary_power_is_19_6_tw() -> None:
    # EI 2024: 620 EJ in 2023 -> 19.6 TW (tolerance 0.1 TW).
    assert ref.WORLD_PRIMARY_POWER_2023.value == pytest.approx(19.6e12, abs=0.1e12)
    # 29,925 TWh -> 3.41 TW.
    assert ref.WORLD_ELECTRICITY_2023.value == pytest.approx(3.41e12, abs=0.01e12)


def test_methane_lhv_matches_nist_heat_of_combustion() -> None:
    # NIST WebBook: LHV 802.3 kJ/mol, molar mass 16.043 g/mol -> 50.0 MJ/kg; tolerance 0.2 %.
    assert pytest.approx(ref.METHANE_LHV.value, rel=2e-3) == 802.3e3 / 16.043e-3


def test_money_and_si_conversions() -> None:
    assert ref.ELECTRICITY_PRICE_US_INDUSTRIAL_2023.value * 3.6e6 == pytest.approx(0.0806)
    # NASA OTPS $100 M per 100 t launch = $1,000/kg.
    assert ref.LAUNCH_PRICE_STARSHIP.value / ref.STARSHIP_PAYLOAD_LEO.value == pytest.approx(
        ref.LAUNCH_COST_PER_KG_STARSHIP.value
    )


def test_vendor_and_simulated_claims_are_flagged() -> None:
    note = ref.EXTROPIC_RELATIVE_EFFICIENCY.note
    assert "[simulated]" in note
    assert "not hardware-witnessed" in note
    assert "arXiv:2510.23972" in ref.EXTROPIC_RELATIVE_EFFICIENCY.source
    assert "[unsourced]" in ref.RADIATOR_TEMPERATURE.note
    assert "[vendor claim]" in ref.SPACE_ARRAY_SPECIFIC_POWER.note
