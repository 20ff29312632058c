"""Solar flux, eclipses, sunlit fractions and array output: hand calculations and published figures."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattsandtons.physics import PhysicsError, solar
from wattsandtons.physics.reference import ASTRONOMICAL_UNIT, JULIAN_YEAR, SIDEREAL_DAY, SOLAR_LUMINOSITY

AU = ASTRONOMICAL_UNIT.value
MIN = 60.0


# --- solar_flux ---------------------------------------------------------------------------------------------


def test_solar_flux_at_1_au_is_the_solar_constant() -> None:
    # Published: IAU 2015 B3 nominal 1361 W/m²; tolerance ±1 W/m².
    assert solar.solar_flux() == pytest.approx(1361.0, abs=1.0)
    assert isinstance(solar.solar_flux(AU), float)


def test_solar_flux_hand_calculation_and_mars() -> None:
    # Hand: L / (4 π d²).
    assert solar.solar_flux(AU) == pytest.approx(SOLAR_LUMINOSITY.value / (4 * math.pi * AU**2), rel=1e-12)
    assert solar.solar_flux(2 * AU) == pytest.approx(solar.solar_flux(AU) / 4, rel=1e-12)
    # Published: NASA Mars fact sheet, mean solar irradiance 586.2 W/m² at 1.52366 au; tolerance 0.5 %.
    assert solar.solar_flux(1.52366231 * AU) == pytest.approx(586.2, rel=5e-3)


def test_solar_flux_broadcasts() -> None:
    d = np.array([[0.5], [1.0], [2.0]]) * AU
    out = solar.solar_flux(d)
    assert isinstance(out, np.ndarray)
    assert np.shape(out) == (3, 1)
    np.testing.assert_allclose(out[:, 0], solar.solar_flux(AU) * np.array([4.0, 1.0, 0.25]))


@pytest.mark.parametrize("bad", [0.0, -AU, float("nan"), [AU, -1.0]])
def test_solar_flux_rejects_impossible_distance(bad: object) -> None:
    with pytest.raises(PhysicsError, match="distance_m"):
        solar.solar_flux(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="distance_m"):
        solar.solar_flux(bad)  # type: ignore[arg-type]


def test_intercepted_power_of_earth() -> None:
    # Hand: 1361 × π × (6.371e6 m)² = 1.735e17 W; published ~174 PW of sunlight reaching Earth (tol. 1 %).
    p = solar.intercepted_power(6.371e6)
    assert p == pytest.approx(1361.17 * math.pi * 6.371e6**2, rel=1e-4)
    assert p == pytest.approx(1.74e17, rel=1e-2)
    with pytest.raises(PhysicsError, match="radius_m"):
        solar.intercepted_power(0.0)


# --- orbits and eclipses ------------------------------------------------------------------------------------


def test_circular_orbit_period_iss() -> None:
    # Published: ISS at 404 x 415 km (mean 409.4 km) has a 92.75 min period; tolerance 0.05 min.
    assert solar.circular_orbit_period(409.4e3) / MIN == pytest.approx(92.75, abs=0.05)
    # Hand: 2π √((R + h)³ / GM) at 400 km = 5553.6 s.
    a = 6378137.0 + 400e3
    assert solar.circular_orbit_period(400e3) == pytest.approx(2 * math.pi * math.sqrt(a**3 / 3.986004418e14))
    with pytest.raises(PhysicsError, match="altitude_m"):
        solar.circular_orbit_period(-1.0)


def test_geostationary_altitude() -> None:
    # Published: geostationary altitude 35,786 km; tolerance 1 km. Period = one sidereal day.
    assert pytest.approx(35_786e3, abs=1e3) == solar.GEOSTATIONARY_ALTITUDE_M
    assert solar.circular_orbit_period(solar.GEOSTATIONARY_ALTITUDE_M) == pytest.approx(SIDEREAL_DAY.value)


def test_eclipse_fraction_iss_beta_zero() -> None:
    # Hand: arccos(√(h² + 2Rh)/(R + h))/π at 400 km = 0.390.
    r, h = 6378137.0, 400e3
    expected = math.acos(math.sqrt(h**2 + 2 * r * h) / (r + h)) / math.pi
    f = solar.eclipse_fraction_circular(400e3)
    assert f == pytest.approx(expected, rel=1e-12)
    assert 0.38 <= f <= 0.40
    # Published: the ISS's longest nights are ~36 min of a ~92.7 min orbit; tolerance 1.5 min.
    assert f * solar.circular_orbit_period(400e3) / MIN == pytest.approx(36.0, abs=1.5)


def test_eclipse_fraction_beta_cutoff_and_symmetry() -> None:
    h = 400e3
    beta_star = math.asin(6378137.0 / (6378137.0 + h))  # 70.2°: above it the orbit never enters the shadow
    betas = np.array([-1.5, -beta_star - 1e-6, 0.0, beta_star + 1e-6, 1.5, np.pi / 2])
    out = np.asarray(solar.eclipse_fraction_circular(h, betas))
    assert np.shape(out) == np.shape(betas)
    assert out[0] == out[1] == out[3] == out[4] == out[5] == 0.0
    assert out[2] == pytest.approx(0.390, abs=1e-3)
    assert solar.eclipse_fraction_circular(h, 0.3) == solar.eclipse_fraction_circular(h, -0.3)


@given(st.floats(200e3, 40_000e3), st.floats(0.0, 1.5), st.floats(0.0, 1.5))
def test_eclipse_fraction_decreases_with_beta(h: float, b1: float, b2: float) -> None:
    lo, hi = sorted((b1, b2))
    assert solar.eclipse_fraction_circular(h, hi) <= solar.eclipse_fraction_circular(h, lo) + 1e-15
    assert 0.0 <= solar.eclipse_fraction_circular(h, lo) < 0.5


@pytest.mark.parametrize(("h", "beta"), [(0.0, 0.0), (-5.0, 0.0), (400e3, 2.0), (400e3, float("nan"))])
def test_eclipse_fraction_rejects_impossible_input(h: float, beta: float) -> None:
    with pytest.raises(PhysicsError, match=r"altitude_m|beta_angle_rad"):
        solar.eclipse_fraction_circular(h, beta)


def test_geostationary_eclipses() -> None:
    # Longest GEO eclipse (β = 0): 69.4 min cylindrical; published ~70–72 min with penumbra; tolerance ±5 min.
    longest = solar.eclipse_fraction_circular(solar.GEOSTATIONARY_ALTITUDE_M) * SIDEREAL_DAY.value / MIN
    assert longest == pytest.approx(70.0, abs=5.0)
    # Published (SSI 1986, Space Station power study): ~24 % of GEO orbits a year fall in eclipse seasons.
    lam = np.linspace(0, 2 * np.pi, 3652, endpoint=False)
    dec = np.arcsin(np.sin(solar.EARTH_OBLIQUITY_RAD) * np.sin(lam))
    share = np.mean(solar.eclipse_fraction_circular(solar.GEOSTATIONARY_ALTITUDE_M, dec) > 0)
    assert share == pytest.approx(0.245, abs=0.01)
    # Annual average eclipse ≈ 0.94 % of the time -> sunlit ≈ 99 % (brief: ~99 %).
    assert solar.geostationary_annual_eclipse_fraction() == pytest.approx(0.0094, abs=0.0005)
    with pytest.raises(PhysicsError, match="samples"):
        solar.geostationary_annual_eclipse_fraction(10)


def _vector_year_eclipse(h: float, inc: float, raan0: float, raan_rate: float, days: int = 365) -> float:
    """Independent year-long geometry: the orbit plane turned day by day, the Sun moved along the ecliptic,
    1,440 points per orbit tested against a cylindrical shadow by vectors (no β angle, no arccos formula)."""
    r_e = 6378137.0
    a = r_e + h
    eps = math.radians(84381.406 / 3600.0)
    year = 365.24219 * 86400.0
    t = np.arange(days)[:, None] * 86400.0 + 0.5 * 86400.0
    lam = 2 * np.pi * t / year
    sun = np.stack([np.cos(lam), np.sin(lam) * np.cos(eps), np.sin(lam) * np.sin(eps)], axis=-1)
    om = raan0 + raan_rate * t
    u = np.linspace(0.0, 2 * np.pi, 1440, endpoint=False)[None, :]
    x = a * (np.cos(u) * np.cos(om) - np.sin(u) * np.sin(om) * math.cos(inc))
    y = a * (np.cos(u) * np.sin(om) + np.sin(u) * np.cos(om) * math.cos(inc))
    z = a * np.sin(u) * math.sin(inc) * np.ones_like(om)
    along = x * sun[..., 0] + y * sun[..., 1] + z * sun[..., 2]
    across2 = x**2 + y**2 + z**2 - along**2
    return float(np.mean((along < 0) & (across2 < r_e**2)))


def test_annual_sunlit_fraction_dawn_dusk_sso_against_vector_geometry() -> None:
    # Suncatcher's orbit: 650 km, sun-synchronous (the node turns 360° per tropical year, by definition), node at
    # 18:00 (RAAN = 90° at the March equinox). Tolerance 0.002: 1,440 points per orbit and daily steps.
    h = 650e3
    inc = solar.sun_synchronous_inclination(h)
    assert math.degrees(inc) == pytest.approx(97.99, abs=0.02)  # published SSO tables: ~98.0° at 650 km
    independent = 1.0 - _vector_year_eclipse(h, inc, math.pi / 2, 2 * math.pi / (365.24219 * 86400.0))
    ours = solar.sunlit_fraction("sso_dawn_dusk")
    assert ours == pytest.approx(independent, abs=0.002)
    assert ours == pytest.approx(0.96, abs=0.005)  # not the ~0.98 Suncatcher states
    # Eclipse seasons: the longest shadow of the year is ~20 min of a 97.7 min orbit (β down to ~58.6°).
    t = np.linspace(0.0, 365.24219 * 86400.0, 3653, endpoint=False)
    beta = solar.beta_angle(math.pi / 2 + solar.nodal_precession_rate(h, inc) * t, inc, 2 * np.pi * t / t[-1])
    longest = np.max(solar.eclipse_fraction_circular(h, beta)) * solar.circular_orbit_period(h) / MIN
    assert longest == pytest.approx(19.7, abs=0.5)


@pytest.mark.parametrize(("h", "inc_deg"), [(400e3, 51.64), (550e3, 53.0), (500e3, 0.0)])
def test_annual_sunlit_fraction_leo_by_inclination_against_vector_geometry(h: float, inc_deg: float) -> None:
    # Node drift by J2 written out here by hand: −1.5 n J2 (R/a)² cos i. Tolerance 0.003.
    r_e, gm, j2 = 6378137.0, 3.986004418e14, 1.0826359e-3
    a = r_e + h
    rate = -1.5 * math.sqrt(gm / a**3) * j2 * (r_e / a) ** 2 * math.cos(math.radians(inc_deg))
    independent = _vector_year_eclipse(h, math.radians(inc_deg), 0.0, rate)
    assert solar.annual_eclipse_fraction(h, math.radians(inc_deg)) == pytest.approx(independent, abs=0.003)


def test_nodal_precession_of_the_iss() -> None:
    # Published: the ISS's node regresses about 5.0° a day (400 km, 51.6°); tolerance 0.1°/day.
    rate = solar.nodal_precession_rate(400e3, math.radians(51.64))
    assert math.degrees(rate) * 86400 == pytest.approx(-5.0, abs=0.1)
    with pytest.raises(PhysicsError, match="inclination_rad"):
        solar.nodal_precession_rate(400e3, 4.0)
    with pytest.raises(PhysicsError, match="too high"):
        solar.sun_synchronous_inclination(7_000e3)
    with pytest.raises(PhysicsError, match="samples"):
        solar.annual_eclipse_fraction(400e3, 0.9, samples=10)


def test_beta_angle_closed_forms() -> None:
    # Equatorial orbit: β = the Sun's declination; at the June solstice +23.44°.
    assert math.degrees(solar.beta_angle(0.0, 0.0, math.pi / 2)) == pytest.approx(23.44, abs=0.01)
    # Polar orbit with its node 90° from the Sun at an equinox: the Sun along the normal, β = 90°.
    assert math.degrees(solar.beta_angle(math.pi / 2, math.pi / 2, 0.0)) == pytest.approx(90.0, abs=1e-9)


def test_sunlit_fractions() -> None:
    # LEO: the ISS's orbit over a year of β cycles (the β = 0 worst case is 0.61); McCalip's generic LEO ~60 %.
    assert solar.sunlit_fraction("leo") == pytest.approx(0.66, abs=0.01)
    assert solar.sunlit_fraction("leo") > 1 - solar.eclipse_fraction_circular(400e3)
    assert 0.955 < solar.sunlit_fraction("sso_dawn_dusk") < 0.965
    assert 0.99 < solar.sunlit_fraction("geo") < 0.995
    assert solar.sunlit_fraction("lunar_equator") == 0.5
    assert 0.77 <= solar.sunlit_fraction("lunar_pole") <= 0.92  # Bussey 2010 / Gläser 2014, 2018
    assert set(solar.ORBITS) == {"leo", "sso_dawn_dusk", "geo", "lunar_equator", "lunar_pole"}
    with pytest.raises(PhysicsError, match="orbit"):
        solar.sunlit_fraction("mars")


# --- arrays -------------------------------------------------------------------------------------------------


def test_array_power_starcloud_5_gw() -> None:
    # Hand: 4 km × 4 km × 22 % × 1361 W/m² = 4.79 GW; published: Starcloud's "5 GW" design (tolerance 5 %).
    p = solar.array_power(4e3 * 4e3, 0.22)
    assert p == pytest.approx(16e6 * 0.22 * 1361.0, rel=2e-4)
    assert p == pytest.approx(5e9, rel=0.05)


def test_array_power_degradation_and_broadcasting() -> None:
    # Hand: 2 %/yr for 10 years leaves 0.98**10 = 0.817.
    assert solar.array_power(1.0, 0.3, 1361.0, 0.02, 10) == pytest.approx(0.3 * 1361.0 * 0.98**10)
    eff = np.array([0.22, 0.30, 0.35])
    years = np.array([[0.0], [5.0]])
    out = np.asarray(solar.array_power(100.0, eff, 1361.0, 0.02, years))
    assert np.shape(out) == (2, 3)
    np.testing.assert_allclose(out[0], 100 * 1361.0 * eff)
    assert solar.degradation_factor(0.0, 30.0) == 1.0


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"area_m2": -1.0, "efficiency": 0.3}, "area_m2"),
        ({"area_m2": 1.0, "efficiency": 0.0}, "efficiency"),
        ({"area_m2": 1.0, "efficiency": 1.2}, "efficiency"),
        ({"area_m2": 1.0, "efficiency": 0.3, "flux_w_m2": -1.0}, "flux_w_m2"),
        ({"area_m2": 1.0, "efficiency": 0.3, "degradation_per_year": 1.0}, "degradation_per_year"),
        ({"area_m2": 1.0, "efficiency": 0.3, "degradation_per_year": -0.1}, "degradation_per_year"),
        ({"area_m2": 1.0, "efficiency": 0.3, "years": -1.0}, "years"),
    ],
)
def test_array_power_rejects_impossible_input(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(PhysicsError, match=name):
        solar.array_power(**kwargs)


def test_array_specific_power() -> None:
    # Hand: 30 % × 1361 W/m² / 1 kg/m² = 408 W/kg.
    assert solar.array_specific_power(0.30, 1.0) == pytest.approx(408.3, abs=0.1)
    # Published claim: Starcloud's ">1000 W/kg" thin film at 22 % needs an areal density below 0.3 kg/m².
    assert solar.array_specific_power(0.22, 0.3) == pytest.approx(998.1, abs=0.5)
    np.testing.assert_allclose(
        solar.array_specific_power(0.3, np.array([1.0, 2.0])), [408.3, 204.15], atol=0.1
    )
    with pytest.raises(PhysicsError, match="areal_density_kg_m2"):
        solar.array_specific_power(0.3, 0.0)


def test_annual_energy() -> None:
    # Hand: 1 kW for a Julian year = 8766 kWh; at 98 % sunlit, 8591 kWh.
    assert solar.annual_energy(1e3) / 3.6e6 == pytest.approx(8766.0)
    assert solar.annual_energy(1e3, 0.98) == pytest.approx(1e3 * 0.98 * JULIAN_YEAR.value)
    # Published: Starcloud ">95 %" orbital vs 24 % median US solar capacity factor -> ~4x the energy per W.
    assert solar.annual_energy(1.0, 0.95) / solar.annual_energy(1.0, 0.24) == pytest.approx(3.96, abs=0.01)
    assert solar.annual_energy(1e3, 1.0, 0.02, 1.0) == pytest.approx(0.98 * solar.annual_energy(1e3))
    out = solar.annual_energy(np.array([1.0, 2.0]), np.array([[0.5], [1.0]]))
    assert np.shape(out) == (2, 2)
    with pytest.raises(PhysicsError, match="sunlit_fraction"):
        solar.annual_energy(1e3, 1.5)
    with pytest.raises(PhysicsError, match="power_w"):
        solar.annual_energy(-1.0)
    with pytest.raises(PhysicsError, match="year"):
        solar.annual_energy(1.0, 1.0, 0.0, -1.0)
