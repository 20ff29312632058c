"""Sunlight in space: flux with distance, eclipses and sunlit fractions, array power and energy.

All inputs and outputs are SI floats or NumPy arrays that broadcast together.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wattsandtons.physics._validate import (
    FloatOrArray,
    PhysicsError,
    fraction,
    non_negative,
    positive,
    scalar_or_array,
)
from wattsandtons.physics.reference import (
    ASTRONOMICAL_UNIT,
    EARTH_EQUATORIAL_RADIUS,
    EARTH_GM,
    EARTH_J2,
    LEO_REFERENCE_ALTITUDE,
    LEO_REFERENCE_INCLINATION,
    SIDEREAL_DAY,
    SOLAR_CONSTANT,
    SOLAR_LUMINOSITY,
    SSO_REFERENCE_ALTITUDE,
    SUNLIT_FRACTION_LUNAR_POLE,
    TROPICAL_YEAR,
)
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = [
    "EARTH_OBLIQUITY_RAD",
    "GEOSTATIONARY_ALTITUDE_M",
    "ORBITS",
    "annual_beta_angles",
    "annual_eclipse_fraction",
    "annual_energy",
    "array_power",
    "array_specific_power",
    "beta_angle",
    "circular_orbit_period",
    "degradation_factor",
    "eclipse_fraction_circular",
    "geostationary_annual_eclipse_fraction",
    "intercepted_power",
    "nodal_precession_rate",
    "solar_flux",
    "sun_synchronous_inclination",
    "sunlit_fraction",
]

#: Obliquity of the ecliptic, 23.439° (IAU 2006 precession, J2000: 84381.406″).
EARTH_OBLIQUITY_RAD = float(np.deg2rad(84381.406 / 3600.0))

#: Altitude of the geostationary orbit above the equator [m], from Kepler's third law with the sidereal day.
GEOSTATIONARY_ALTITUDE_M = float(
    np.cbrt(EARTH_GM.value * (SIDEREAL_DAY.value / (2.0 * np.pi)) ** 2) - EARTH_EQUATORIAL_RADIUS.value
)

#: Names accepted by :func:`sunlit_fraction`.
ORBITS = ("leo", "sso_dawn_dusk", "geo", "lunar_equator", "lunar_pole")


def solar_flux(distance_m: npt.ArrayLike = ASTRONOMICAL_UNIT.value) -> FloatOrArray:
    """Solar irradiance at a distance from the Sun, by the inverse-square law.

    ``S = L☉ / (4 π d²)``; at 1 au this gives 1361.2 W/m², the IAU nominal solar constant.

    Parameters
    ----------
    distance_m : float or array
        Distance from the centre of the Sun. [m]

    Returns
    -------
    float or array
        Irradiance on a surface facing the Sun, above any atmosphere. [W/m^2]

    Raises
    ------
    PhysicsError
        If ``distance_m`` is not > 0.

    References
    ----------
    .. [1] Prša, A. et al. (2016), "Nominal values for selected solar and planetary quantities: IAU 2015
       Resolution B3", AJ 152, 41, doi:10.3847/0004-6256/152/2/41.
    """
    d = positive("distance_m", distance_m, "m")
    return scalar_or_array(SOLAR_LUMINOSITY.value / (4.0 * np.pi * d**2))


def intercepted_power(
    radius_m: npt.ArrayLike, distance_m: npt.ArrayLike = ASTRONOMICAL_UNIT.value
) -> FloatOrArray:
    """Sunlight intercepted by a sphere: its cross-section times the flux at its distance.

    Parameters
    ----------
    radius_m : float or array
        Radius of the intercepting body. [m]
    distance_m : float or array
        Its distance from the Sun. [m]

    Returns
    -------
    float or array
        ``π r² S(d)`` — for the Earth about 1.74e17 W. [W]

    Raises
    ------
    PhysicsError
        If ``radius_m`` or ``distance_m`` is not > 0.

    References
    ----------
    .. [1] Prša, A. et al. (2016), AJ 152, 41, doi:10.3847/0004-6256/152/2/41 (solar luminosity).
    """
    r = positive("radius_m", radius_m, "m")
    return scalar_or_array(np.pi * r**2 * solar_flux(distance_m))


def circular_orbit_period(
    altitude_m: npt.ArrayLike,
    body_radius_m: npt.ArrayLike = EARTH_EQUATORIAL_RADIUS.value,
    gm_m3_s2: npt.ArrayLike = EARTH_GM.value,
) -> FloatOrArray:
    """Period of a circular orbit, Kepler's third law ``T = 2π √(a³/GM)`` with ``a = R + h``.

    Parameters
    ----------
    altitude_m : float or array
        Altitude above the body's (equatorial) radius. [m]
    body_radius_m : float or array
        Radius of the central body; Earth's equatorial radius by default. [m]
    gm_m3_s2 : float or array
        Gravitational parameter of the central body; Earth's by default. [m^3/s^2]

    Returns
    -------
    float or array
        Orbital period. [s]

    Raises
    ------
    PhysicsError
        If ``altitude_m`` is negative or ``body_radius_m``/``gm_m3_s2`` is not > 0.

    References
    ----------
    .. [1] Vallado, D. A. (2013), *Fundamentals of Astrodynamics and Applications*, 4th ed., Microcosm Press.
    .. [2] IERS Conventions (2010), IERS Technical Note 36, Table 1.1 (Earth's GM and radius).
    """
    h = non_negative("altitude_m", altitude_m, "m")
    r = positive("body_radius_m", body_radius_m, "m")
    gm = positive("gm_m3_s2", gm_m3_s2, "m^3/s^2")
    return scalar_or_array(2.0 * np.pi * np.sqrt((r + h) ** 3 / gm))


def eclipse_fraction_circular(
    altitude_m: npt.ArrayLike,
    beta_angle_rad: npt.ArrayLike = 0.0,
    body_radius_m: npt.ArrayLike = EARTH_EQUATORIAL_RADIUS.value,
) -> FloatOrArray:
    """Fraction of a circular orbit spent in the body's shadow (cylindrical shadow, no penumbra).

    ``f = arccos( √(h² + 2 R h) / ((R + h) cos β) ) / π`` when the argument is ≤ 1, else 0 (the orbit never
    enters the shadow: ``|β|`` above ``arcsin(R / (R + h))``).

    Parameters
    ----------
    altitude_m : float or array
        Orbit altitude above the body's radius. [m]
    beta_angle_rad : float or array
        Beta angle: angle between the orbit plane and the Sun direction, in [-π/2, π/2]. [rad]
    body_radius_m : float or array
        Radius of the shadowing body; Earth's equatorial radius by default. [m]

    Returns
    -------
    float or array
        Eclipse fraction of the orbital period, in [0, 0.5). [1]

    Raises
    ------
    PhysicsError
        If ``altitude_m`` or ``body_radius_m`` is not > 0, or ``|beta_angle_rad|`` exceeds π/2.

    Notes
    -----
    At 400 km and β = 0 this gives 0.390 of a 92.6 min orbit, 36.1 min in shadow — the ISS's longest nights.
    The cylindrical model ignores the penumbra and atmospheric refraction (a few per cent of the shadow time).

    References
    ----------
    .. [1] Wertz, J. R. and Larson, W. J. (eds.) (1999), *Space Mission Analysis and Design*, 3rd ed.,
       Microcosm Press (eclipse duration of circular orbits).
    """
    h = positive("altitude_m", altitude_m, "m")
    r = positive("body_radius_m", body_radius_m, "m")
    beta = np.asarray(beta_angle_rad, dtype=np.float64)
    bad = ~(np.abs(beta) <= np.pi / 2)
    if np.any(bad):
        raise PhysicsError(f"beta_angle_rad must lie in [-pi/2, pi/2] rad, got {beta[bad].tolist()[:5]!r}")
    cos_beta = np.cos(beta)
    num = np.sqrt(h**2 + 2.0 * r * h)
    with np.errstate(divide="ignore"):
        arg = np.where(cos_beta > 0, num / ((r + h) * np.where(cos_beta > 0, cos_beta, 1.0)), np.inf)
    shadowed = arg <= 1.0
    return scalar_or_array(np.where(shadowed, np.arccos(np.clip(arg, -1.0, 1.0)) / np.pi, 0.0))


def geostationary_annual_eclipse_fraction(samples: int = 36525) -> float:
    """Share of a year a geostationary satellite spends in Earth's shadow (cylindrical model).

    For an equatorial orbit the beta angle is the Sun's declination ``δ = arcsin(sin ε sin λ)``; the eclipse
    fraction of :func:`eclipse_fraction_circular` is averaged over the Sun's ecliptic longitude ``λ``
    (uniform in time; the 1.7 % eccentricity of Earth's orbit is neglected).

    Parameters
    ----------
    samples : int
        Number of evenly spaced ecliptic longitudes averaged over (≥ 360). [1]

    Returns
    -------
    float
        Annual eclipse fraction, about 0.0094 (two ~45-day eclipse seasons around the equinoxes, up to
        ~69 min of shadow a day). [1]

    Raises
    ------
    PhysicsError
        If ``samples`` is below 360.

    References
    ----------
    .. [1] Wertz, J. R. and Larson, W. J. (eds.) (1999), *Space Mission Analysis and Design*, 3rd ed.,
       Microcosm Press.
    .. [2] Capitaine, N., Wallace, P. T. and Chapront, J. (2003), A&A 412, 567, doi:10.1051/0004-6361:20031539
       (obliquity 84381.406″ at J2000, adopted by IAU 2006).
    """
    if samples < 360:
        raise PhysicsError(f"samples must be >= 360, got {samples!r}")
    longitude = np.linspace(0.0, 2.0 * np.pi, samples, endpoint=False)
    declination = np.arcsin(np.sin(EARTH_OBLIQUITY_RAD) * np.sin(longitude))
    return float(np.mean(eclipse_fraction_circular(GEOSTATIONARY_ALTITUDE_M, declination)))


def nodal_precession_rate(
    altitude_m: npt.ArrayLike,
    inclination_rad: npt.ArrayLike,
    body_radius_m: npt.ArrayLike = EARTH_EQUATORIAL_RADIUS.value,
    gm_m3_s2: npt.ArrayLike = EARTH_GM.value,
    j2: npt.ArrayLike = EARTH_J2.value,
) -> FloatOrArray:
    """Secular drift of a circular orbit's ascending node from Earth's oblateness (J2).

    ``dΩ/dt = −(3/2) n J2 (R / a)² cos i`` with mean motion ``n = √(GM / a³)`` and ``a = R + h``.

    Parameters
    ----------
    altitude_m : float or array
        Altitude above the equatorial radius, > 0. [m]
    inclination_rad : float or array
        Inclination, in [0, π]. [rad]
    body_radius_m, gm_m3_s2, j2 : float or array
        Equatorial radius [m], gravitational parameter [m^3/s^2] and J2 [1]; Earth's by default.

    Returns
    -------
    float or array
        Rate of change of the right ascension of the ascending node; negative for prograde orbits. [rad/s]

    Raises
    ------
    PhysicsError
        If ``altitude_m`` is not > 0 or ``inclination_rad`` is outside [0, π].

    References
    ----------
    .. [1] Vallado, D. A. (2013), *Fundamentals of Astrodynamics and Applications*, 4th ed., Microcosm Press,
       section 9.6 (secular J2 effects).
    .. [2] IERS Conventions (2010), IERS Technical Note 36, Table 1.1 (J2, GM, R).
    """
    h = positive("altitude_m", altitude_m, "m")
    inc = _inclination(inclination_rad)
    a = np.asarray(body_radius_m, dtype=np.float64) + h
    n = np.sqrt(np.asarray(gm_m3_s2, dtype=np.float64) / a**3)
    return scalar_or_array(-1.5 * n * np.asarray(j2) * (np.asarray(body_radius_m) / a) ** 2 * np.cos(inc))


def _inclination(value: npt.ArrayLike) -> npt.NDArray[np.float64]:
    inc = np.asarray(value, dtype=np.float64)
    bad = ~((inc >= 0) & (inc <= np.pi))
    if np.any(bad):
        raise PhysicsError(f"inclination_rad must lie in [0, pi] rad, got {inc[bad].tolist()[:5]!r}")
    return inc


def sun_synchronous_inclination(altitude_m: npt.ArrayLike) -> FloatOrArray:
    """Inclination at which a circular orbit's plane turns once a tropical year (sun-synchronous).

    Solves :func:`nodal_precession_rate` ``= 2π / tropical year`` for ``cos i``.

    Parameters
    ----------
    altitude_m : float or array
        Altitude, > 0 (below ~5,970 km, where a solution exists). [m]

    Returns
    -------
    float or array
        Inclination, retrograde (> 90°): 97.4° at 500 km, 98.0° at 650 km. [rad]

    Raises
    ------
    PhysicsError
        If ``altitude_m`` is not > 0 or too high for a sun-synchronous orbit.

    References
    ----------
    .. [1] Vallado, D. A. (2013), *Fundamentals of Astrodynamics and Applications*, 4th ed., section 11.4.
    """
    h = positive("altitude_m", altitude_m, "m")
    r = EARTH_EQUATORIAL_RADIUS.value
    a = r + h
    n = np.sqrt(EARTH_GM.value / a**3)
    cos_i = -(2.0 * np.pi / TROPICAL_YEAR.value) / (1.5 * n * EARTH_J2.value * (r / a) ** 2)
    if np.any(cos_i < -1.0):
        raise PhysicsError("altitude_m is too high for a sun-synchronous orbit (J2 cannot turn the plane)")
    return scalar_or_array(np.arccos(cos_i))


def beta_angle(
    raan_rad: npt.ArrayLike, inclination_rad: npt.ArrayLike, sun_longitude_rad: npt.ArrayLike
) -> FloatOrArray:
    """Angle between an orbit's plane and the Sun direction.

    ``sin β = cos Γ sin Ω sin i − sin Γ cos ε cos Ω sin i + sin Γ sin ε cos i``, with Γ the Sun's ecliptic
    longitude, Ω the right ascension of the ascending node, i the inclination and ε the obliquity.

    Parameters
    ----------
    raan_rad : float or array
        Right ascension of the ascending node. [rad]
    inclination_rad : float or array
        Inclination, in [0, π]. [rad]
    sun_longitude_rad : float or array
        The Sun's ecliptic longitude (0 at the March equinox). [rad]

    Returns
    -------
    float or array
        β in [−π/2, π/2], positive when the Sun is on the side of the orbit normal. [rad]

    Raises
    ------
    PhysicsError
        If ``inclination_rad`` is outside [0, π].

    References
    ----------
    .. [1] Rickman, S. L. (2014), "Introduction to Orbital Mechanics and Spacecraft Attitudes for Thermal
       Engineers", NASA Engineering and Safety Center, NTRS 20140017640 (beta angle).
    """
    inc = _inclination(inclination_rad)
    om = np.asarray(raan_rad, dtype=np.float64)
    g = np.asarray(sun_longitude_rad, dtype=np.float64)
    eps = EARTH_OBLIQUITY_RAD
    sin_beta = (
        np.cos(g) * np.sin(om) * np.sin(inc)
        - np.sin(g) * np.cos(eps) * np.cos(om) * np.sin(inc)
        + np.sin(g) * np.sin(eps) * np.cos(inc)
    )
    return scalar_or_array(np.arcsin(np.clip(sin_beta, -1.0, 1.0)))


def annual_eclipse_fraction(
    altitude_m: npt.ArrayLike,
    inclination_rad: npt.ArrayLike,
    raan_at_equinox_rad: float = 0.0,
    samples: int = 3653,
) -> FloatOrArray:
    """Share of a year a circular orbit spends in Earth's shadow, over its β-angle seasons.

    The Sun moves uniformly in ecliptic longitude over one tropical year (Earth's orbital eccentricity is
    neglected) while the orbit's node drifts at :func:`nodal_precession_rate`; at each sample the β angle
    (:func:`beta_angle`) gives the eclipse fraction of :func:`eclipse_fraction_circular` (cylindrical shadow),
    and the fractions are averaged.

    Parameters
    ----------
    altitude_m : float or array
        Altitude, > 0. [m]
    inclination_rad : float or array
        Inclination, in [0, π]. [rad]
    raan_at_equinox_rad : float
        Node's right ascension when the Sun is at the March equinox: for a sun-synchronous orbit it fixes the
        local time (π/2: ascending node at 18:00, a dawn–dusk orbit). [rad]
    samples : int
        Evenly spaced instants in the year, ≥ 365 (3,653: about every 2.4 h). [1]

    Returns
    -------
    float or array
        Annual eclipse fraction. [1] The sunlit fraction is one minus it.

    Raises
    ------
    PhysicsError
        If an argument is out of range (see above).

    Notes
    -----
    A dawn–dusk sun-synchronous orbit at 650 km is in eclipse 4 % of the year: eclipse seasons around the
    June solstice with up to ~20 min of shadow per 97.7-min orbit. The ISS's orbit (400 km, 51.6°) is in
    eclipse ~34 % of the time on average (β-angle cycles of about 60 days).

    References
    ----------
    .. [1] Rickman, S. L. (2014), NASA NTRS 20140017640 (beta angle and eclipse seasons).
    .. [2] Wertz, J. R. and Larson, W. J. (eds.) (1999), *Space Mission Analysis and Design*, 3rd ed.
    """
    h = positive("altitude_m", altitude_m, "m")
    beta = annual_beta_angles(h, inclination_rad, raan_at_equinox_rad, samples)
    return scalar_or_array(np.mean(np.asarray(eclipse_fraction_circular(h, beta)), axis=0))


def annual_beta_angles(
    altitude_m: npt.ArrayLike,
    inclination_rad: npt.ArrayLike,
    raan_at_equinox_rad: float = 0.0,
    samples: int = 3653,
) -> npt.NDArray[np.float64]:
    """β angle of a circular orbit at evenly spaced instants over one tropical year.

    The Sun moves uniformly in ecliptic longitude (eccentricity neglected) and the node drifts at
    :func:`nodal_precession_rate`; see :func:`annual_eclipse_fraction`.

    Parameters
    ----------
    altitude_m : float or array
        Altitude, > 0. [m]
    inclination_rad : float or array
        Inclination, in [0, π]. [rad]
    raan_at_equinox_rad : float
        Node's right ascension at the March equinox. [rad]
    samples : int
        Instants in the year, ≥ 365. [1]

    Returns
    -------
    array
        β angles, shape ``(samples, *broadcast shape of the inputs)``. [rad]

    Raises
    ------
    PhysicsError
        If an argument is out of range.

    References
    ----------
    .. [1] Rickman, S. L. (2014), NASA NTRS 20140017640.
    """
    if samples < 365:
        raise PhysicsError(f"samples must be >= 365, got {samples!r}")
    h = positive("altitude_m", altitude_m, "m")
    inc = _inclination(inclination_rad)
    t = np.linspace(0.0, TROPICAL_YEAR.value, samples, endpoint=False)
    shape = np.broadcast_shapes(np.shape(h), np.shape(inc))
    t = t.reshape((-1,) + (1,) * len(shape))
    sun = 2.0 * np.pi * t / TROPICAL_YEAR.value
    raan = raan_at_equinox_rad + np.asarray(nodal_precession_rate(h, inc)) * t
    return np.asarray(beta_angle(raan, inc, sun), dtype=np.float64)


def sunlit_fraction(orbit: str) -> float:
    """Long-run share of time in sunlight for a named location.

    =================  =====================================================================================
    ``orbit``          value and where it comes from
    =================  =====================================================================================
    ``leo``            ``1 − annual_eclipse_fraction(400 km, 51.64°)`` ≈ 0.66: an ISS-like orbit over a year of
                       β-angle cycles (cylindrical shadow); the β = 0 worst case is 0.61, the McCalip
                       calculator's generic LEO ~60 %.
    ``sso_dawn_dusk``  ``1 − annual_eclipse_fraction(650 km, sun-synchronous, node at 18:00)`` ≈ 0.96, the
                       Suncatcher orbit over a year: eclipse seasons of up to ~20 min per orbit around the June
                       solstice. Suncatcher states ~98 % (via spacedc-mdao).
    ``geo``            ``1 − geostationary_annual_eclipse_fraction()`` ≈ 0.991: two eclipse seasons a year.
    ``lunar_equator``  0.5: half of each 29.53-day synodic cycle is daylight (NASA Moon Fact Sheet).
    ``lunar_pole``     0.86: best single site near the south pole, 86 % of 2020 (Bussey et al. 2010).
    =================  =====================================================================================

    Parameters
    ----------
    orbit : str
        One of :data:`ORBITS`.

    Returns
    -------
    float
        Sunlit fraction of time. [1]

    Raises
    ------
    PhysicsError
        If ``orbit`` is not one of :data:`ORBITS`.

    References
    ----------
    .. [1] Wertz, J. R. and Larson, W. J. (eds.) (1999), *Space Mission Analysis and Design*, 3rd ed.,
       Microcosm Press.
    .. [2] Google, "Towards a future space-based, highly scalable AI infrastructure system design" (Project
       Suncatcher), arXiv:2511.19468 (2025), via the spacedc-mdao whitepaper,
       https://jman4162.github.io/spacedc-mdao/whitepaper/.
    .. [3] NASA NSSDCA Moon Fact Sheet, https://nssdc.gsfc.nasa.gov/planetary/factsheet/moonfact.html.
    .. [4] Bussey, D. B. J. et al. (2010), "Illumination conditions of the south pole of the Moon derived
       using Kaguya topography", Icarus 208, 558–564, doi:10.1016/j.icarus.2010.03.028.
    """
    if orbit == "leo":
        return 1.0 - float(
            annual_eclipse_fraction(LEO_REFERENCE_ALTITUDE.value, LEO_REFERENCE_INCLINATION.value)
        )
    if orbit == "sso_dawn_dusk":
        h = SSO_REFERENCE_ALTITUDE.value
        return 1.0 - float(annual_eclipse_fraction(h, sun_synchronous_inclination(h), np.pi / 2))
    if orbit == "geo":
        return 1.0 - geostationary_annual_eclipse_fraction()
    if orbit == "lunar_equator":
        return 0.5
    if orbit == "lunar_pole":
        return SUNLIT_FRACTION_LUNAR_POLE.value
    raise PhysicsError(f"orbit must be one of {', '.join(ORBITS)}; got {orbit!r}")


def degradation_factor(degradation_per_year: npt.ArrayLike, years: npt.ArrayLike) -> FloatOrArray:
    """Share of beginning-of-life power left after compounding degradation: ``(1 − d)^years``.

    Parameters
    ----------
    degradation_per_year : float or array
        Fractional power loss per year, in [0, 1). [1/yr]
    years : float or array
        Years since beginning of life, ≥ 0. [yr]

    Returns
    -------
    float or array
        Remaining power fraction. [1]

    Raises
    ------
    PhysicsError
        If ``degradation_per_year`` is outside [0, 1) or ``years`` negative.

    References
    ----------
    .. [1] Fetzer, C. et al., Spectrolab XTJ cells (IEEE PVSC): 0.89 of Pmp left after 5e14 1-MeV e/cm².
    .. [2] spacedc-mdao default 0.02/yr in LEO, https://github.com/jman4162/spacedc-mdao.
    """
    d = fraction("degradation_per_year", degradation_per_year, allow_zero=True)
    if np.any(d >= 1.0):
        raise PhysicsError("degradation_per_year must be < 1 (a whole array lost each year is not a rate)")
    y = non_negative("years", years, "yr")
    return scalar_or_array((1.0 - d) ** y)


def array_power(
    area_m2: npt.ArrayLike,
    efficiency: npt.ArrayLike,
    flux_w_m2: npt.ArrayLike = SOLAR_CONSTANT.value,
    degradation_per_year: npt.ArrayLike = 0.0,
    years: npt.ArrayLike = 0.0,
) -> FloatOrArray:
    """Electrical power of a Sun-facing array: ``A · η · S · (1 − d)^years``.

    Parameters
    ----------
    area_m2 : float or array
        Cell area facing the Sun. [m^2]
    efficiency : float or array
        Conversion efficiency at beginning of life, in (0, 1]. [1]
    flux_w_m2 : float or array
        Solar irradiance on the array; the solar constant by default. [W/m^2]
    degradation_per_year : float or array
        Fractional power loss per year (compounding), in [0, 1). [1/yr]
    years : float or array
        Years since beginning of life. [yr]

    Returns
    -------
    float or array
        Electrical output while sunlit. [W]

    Raises
    ------
    PhysicsError
        If ``area_m2`` or ``flux_w_m2`` is negative, ``efficiency`` is outside (0, 1],
        ``degradation_per_year`` outside [0, 1) or ``years`` negative.

    Notes
    -----
    Starcloud's 5 GW design, a 4 km × 4 km silicon array at 22 %, gives 16e6 · 0.22 · 1361 = 4.79 GW.

    References
    ----------
    .. [1] Starcloud, "Why we should train AI in space" (whitepaper, 2025), https://starcloudinc.github.io/wp.pdf.
    .. [2] Prša, A. et al. (2016), AJ 152, 41, doi:10.3847/0004-6256/152/2/41 (solar constant).
    """
    a = non_negative("area_m2", area_m2, "m^2")
    eta = fraction("efficiency", efficiency)
    s = non_negative("flux_w_m2", flux_w_m2, "W/m^2")
    return scalar_or_array(a * eta * s * degradation_factor(degradation_per_year, years))


def array_specific_power(
    efficiency: npt.ArrayLike,
    areal_density_kg_m2: npt.ArrayLike,
    flux_w_m2: npt.ArrayLike = SOLAR_CONSTANT.value,
    degradation_per_year: npt.ArrayLike = 0.0,
    years: npt.ArrayLike = 0.0,
) -> FloatOrArray:
    """Power per kilogram of array: ``η · S · (1 − d)^years / ρ_A``.

    Parameters
    ----------
    efficiency : float or array
        Conversion efficiency, in (0, 1]. [1]
    areal_density_kg_m2 : float or array
        Array mass per unit of cell area (cells, substrate, harness, deployment structure). [kg/m^2]
    flux_w_m2 : float or array
        Solar irradiance on the array; the solar constant by default. [W/m^2]
    degradation_per_year : float or array
        Fractional power loss per year, in [0, 1). [1/yr]
    years : float or array
        Years since beginning of life. [yr]

    Returns
    -------
    float or array
        Specific power while sunlit. [W/kg]

    Raises
    ------
    PhysicsError
        As :func:`array_power`, and if ``areal_density_kg_m2`` is not > 0.

    References
    ----------
    .. [1] Mikulas, M. et al., NASA NTRS 20150006022 (flexible blanket arrays ~150 W/kg).
    .. [2] spacedc-mdao, solar_arrays.yaml (NASA state of the art ~30 W/kg, ~200 W/kg upper bound),
       https://github.com/jman4162/spacedc-mdao.
    """
    rho = positive("areal_density_kg_m2", areal_density_kg_m2, "kg/m^2")
    return scalar_or_array(array_power(1.0, efficiency, flux_w_m2, degradation_per_year, years) / rho)


def annual_energy(
    power_w: npt.ArrayLike,
    sunlit_fraction: npt.ArrayLike = 1.0,
    degradation_per_year: npt.ArrayLike = 0.0,
    year: npt.ArrayLike = 0.0,
) -> FloatOrArray:
    """Energy an array delivers in one (Julian) year: ``P · f_sun · (1 − d)^year · 365.25 d``.

    Parameters
    ----------
    power_w : float or array
        Sunlit output at beginning of life, e.g. from :func:`array_power`. [W]
    sunlit_fraction : float or array
        Share of time in sunlight, in [0, 1] (see :func:`sunlit_fraction`). [1]
    degradation_per_year : float or array
        Fractional power loss per year, in [0, 1). [1/yr]
    year : float or array
        Years since beginning of life at which the year's output is evaluated (0 = first year). [yr]

    Returns
    -------
    float or array
        Energy delivered over that year. [J]

    Raises
    ------
    PhysicsError
        If ``power_w`` is negative, ``sunlit_fraction`` outside [0, 1], ``degradation_per_year`` outside
        [0, 1) or ``year`` negative.

    References
    ----------
    .. [1] IAU Julian year of 365.25 d (via scipy.constants).
    """
    p = non_negative("power_w", power_w, "W")
    f = fraction("sunlit_fraction", sunlit_fraction, allow_zero=True)
    y = non_negative("year", year, "yr")
    return scalar_or_array(p * f * degradation_factor(degradation_per_year, y) * SECONDS_PER_YEAR)
