"""Kardashev index (Sagan's formula) and its inverse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattsandtons.physics import PhysicsError
from wattsandtons.physics.kardashev import kardashev, kardashev_power
from wattsandtons.physics.reference import SOLAR_LUMINOSITY, WORLD_PRIMARY_POWER_2023


def test_today() -> None:
    # Hand: (log10 19.6e12 − 6) / 10 = 0.7292; brief/notes 0.729 (tolerance 0.0005).
    assert kardashev(19.6e12) == pytest.approx(0.729, abs=5e-4)
    assert kardashev(WORLD_PRIMARY_POWER_2023.value) == pytest.approx(0.729, abs=5e-4)


def test_published_figures() -> None:
    # Published: Sagan (1973), 10 TW -> 0.7; 18.4 TW (2018) -> 0.73 (kardashev.fandom.com), to 2 decimals.
    assert kardashev(10e12) == pytest.approx(0.7)
    assert round(float(kardashev(18.4e12)), 2) == 0.73
    # Type I = 1e16 W, type II = 1e26 W; L☉ -> 2.06 (reference notes [calc]).
    assert kardashev(1e16) == pytest.approx(1.0)
    assert kardashev(1e26) == pytest.approx(2.0)
    assert kardashev(SOLAR_LUMINOSITY.value) == pytest.approx(2.06, abs=0.005)


def test_broadcast_and_inverse() -> None:
    p = np.array([1e6, 1e16, 1e26])
    np.testing.assert_allclose(kardashev(p), [0.0, 1.0, 2.0])
    np.testing.assert_allclose(kardashev_power(np.array([0.0, 1.0, 2.0])), p)
    assert kardashev_power(0.729) == pytest.approx(19.6e12, rel=0.01)


@given(st.floats(-2.0, 4.0))
def test_kardashev_of_kardashev_power_is_identity(k: float) -> None:
    assert kardashev(kardashev_power(k)) == pytest.approx(k, abs=1e-12)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan")])
def test_rejects_non_positive_power(bad: float) -> None:
    with pytest.raises(PhysicsError, match="power_w"):
        kardashev(bad)


def test_rejects_non_finite_index() -> None:
    with pytest.raises(PhysicsError, match="k must be finite"):
        kardashev_power(float("inf"))
