"""FLOP per joule, PUE, Landauer limit and the technology table."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattsandtons.physics import PhysicsError, compute
from wattsandtons.physics.reference import BOLTZMANN, PUE_INDUSTRY_AVERAGE_2024


def test_h100_flop_per_joule() -> None:
    # Published: NVIDIA datasheet 989.4 TFLOP/s dense BF16 at 700 W -> 1.41e12 FLOP/J (tolerance 0.5 %).
    assert compute.flop_per_joule(989.4e12, 700.0) == pytest.approx(1.41e12, rel=5e-3)
    assert compute.technology_flop_per_joule("h100_bf16_dense") == pytest.approx(989.4e12 / 700.0)
    # Hand: with the Uptime 2024 average PUE of 1.56 -> 9.06e11 FLOP/J.
    assert compute.flop_per_joule(989.4e12, 700.0, 1.56) == pytest.approx(989.4e12 / (700.0 * 1.56))
    assert compute.technology_flop_per_joule(
        "h100_bf16_dense", PUE_INDUSTRY_AVERAGE_2024.value
    ) == pytest.approx(9.06e11, rel=1e-3)


def test_gb200_rack_flop_per_joule() -> None:
    # Hand: 180 PFLOP/s dense BF16 / 120 kW = 1.5e12 FLOP/J for the whole rack.
    assert compute.technology_flop_per_joule("gb200_nvl72_bf16_dense") == pytest.approx(1.5e12)


def test_facility_power() -> None:
    # Hand: 1 GW of IT at PUE 1.56 -> 1.56 GW.
    assert compute.facility_power(1e9, 1.56) == pytest.approx(1.56e9)
    np.testing.assert_allclose(compute.facility_power(np.array([1.0, 2.0]), 1.1), [1.1, 2.2])
    with pytest.raises(PhysicsError, match="pue"):
        compute.facility_power(1e9, 0.9)
    with pytest.raises(PhysicsError, match="it_power_w"):
        compute.facility_power(-1.0, 1.1)
    with pytest.raises(PhysicsError, match="power_w"):
        compute.flop_per_joule(1e12, 0.0)
    with pytest.raises(PhysicsError, match="flops"):
        compute.flop_per_joule(-1.0, 1.0)


def test_landauer_limit() -> None:
    # Published: k T ln 2 = 2.87e-21 J at 300 K (tolerance 0.5 %); hand with k = 1.380649e-23 J/K.
    assert compute.landauer_limit(300.0) == pytest.approx(2.87e-21, rel=5e-3)
    assert compute.landauer_limit(300.0) == pytest.approx(1.380649e-23 * 300.0 * math.log(2))
    assert BOLTZMANN.value == 1.380649e-23
    # 3.5e20 bit erasures per joule at 300 K.
    assert 1.0 / compute.landauer_limit(300.0) == pytest.approx(3.48e20, rel=5e-3)
    assert np.shape(compute.landauer_limit(np.array([3.0, 300.0]))) == (2,)
    with pytest.raises(PhysicsError, match="temperature_k"):
        compute.landauer_limit(0.0)


@given(st.floats(1e-3, 1e4), st.floats(1.0, 100.0))
def test_landauer_linear_in_temperature(t: float, k: float) -> None:
    assert compute.landauer_limit(k * t) == pytest.approx(k * compute.landauer_limit(t), rel=1e-12)


def test_relative_to_landauer() -> None:
    # Hand: H100 7.08e-13 J/FLOP ÷ 2.87e-21 J = 2.47e8 bit-erasure equivalents per FLOP.
    h100 = compute.flop_per_joule(989.4e12, 700.0)
    assert compute.relative_to_landauer(h100) == pytest.approx((1 / h100) / compute.landauer_limit(300.0))
    assert compute.relative_to_landauer(h100) == pytest.approx(2.47e8, rel=5e-3)
    # A device at the limit scores 1.
    assert compute.relative_to_landauer(1 / compute.landauer_limit(300.0)) == pytest.approx(1.0)
    with pytest.raises(PhysicsError, match="flop_per_j"):
        compute.relative_to_landauer(0.0)


def test_thermodynamic_sampler_is_relative_only() -> None:
    tech = compute.TECHNOLOGIES["thermodynamic_sampler"]
    assert tech.flop_per_s is None
    assert tech.power_w is None
    assert tech.relative_efficiency is not None
    assert tech.relative_efficiency.value == 1e4
    assert "arXiv:2510.23972" in tech.relative_efficiency.source
    assert "simulated" in tech.evidence
    assert "not hardware-witnessed" in tech.evidence
    assert tech.baseline
    with pytest.raises(PhysicsError, match="no absolute FLOP/J"):
        compute.technology_flop_per_joule("thermodynamic_sampler")
    with pytest.raises(PhysicsError, match="key"):
        compute.technology_flop_per_joule("tpu_v9")


def test_every_technology_is_absolute_or_relative() -> None:
    for key, tech in compute.TECHNOLOGIES.items():
        absolute = tech.flop_per_s is not None and tech.power_w is not None
        relative = tech.relative_efficiency is not None and tech.baseline is not None
        assert absolute != relative, key
