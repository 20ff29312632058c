"""Electromagnetic launch from an airless body: escape velocity, mass-driver energy and power."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wattsandtons.physics._validate import FloatOrArray, fraction, non_negative, positive, scalar_or_array
from wattsandtons.physics.reference import GRAVITATIONAL_CONSTANT, MOON_GM, MOON_MEAN_RADIUS

__all__ = [
    "LUNAR_ESCAPE_VELOCITY",
    "escape_velocity",
    "escape_velocity_from_gm",
    "mass_driver_energy",
    "mass_driver_power",
]


def escape_velocity_from_gm(gm_m3_s2: npt.ArrayLike, radius_m: npt.ArrayLike) -> FloatOrArray:
    """Escape velocity from a body's surface given its gravitational parameter: ``√(2 GM / r)``.

    Parameters
    ----------
    gm_m3_s2 : float or array
        Gravitational parameter GM of the body, > 0. [m^3/s^2]
    radius_m : float or array
        Distance from the body's centre (its radius for surface launch), > 0. [m]

    Returns
    -------
    float or array
        Escape velocity, ignoring rotation and other bodies. [m/s]

    Raises
    ------
    PhysicsError
        If ``gm_m3_s2`` or ``radius_m`` is not > 0.

    References
    ----------
    .. [1] Vallado, D. A. (2013), *Fundamentals of Astrodynamics and Applications*, 4th ed., Microcosm Press.
    .. [2] NASA NSSDCA Moon Fact Sheet (escape velocity 2.38 km/s),
       https://nssdc.gsfc.nasa.gov/planetary/factsheet/moonfact.html.
    """
    gm = positive("gm_m3_s2", gm_m3_s2, "m^3/s^2")
    r = positive("radius_m", radius_m, "m")
    return scalar_or_array(np.sqrt(2.0 * gm / r))


def escape_velocity(mass_kg: npt.ArrayLike, radius_m: npt.ArrayLike) -> FloatOrArray:
    """Escape velocity from a body of given mass: ``√(2 G M / r)``.

    Prefer :func:`escape_velocity_from_gm` where GM is known: it is measured far more precisely than G or M.

    Parameters
    ----------
    mass_kg : float or array
        Mass of the body, > 0. [kg]
    radius_m : float or array
        Distance from the body's centre, > 0. [m]

    Returns
    -------
    float or array
        Escape velocity. [m/s]

    Raises
    ------
    PhysicsError
        If ``mass_kg`` or ``radius_m`` is not > 0.

    References
    ----------
    .. [1] CODATA 2018 gravitational constant, https://physics.nist.gov/cgi-bin/cuu/Value?bg.
    .. [2] NASA NSSDCA Earth Fact Sheet (escape velocity 11.19 km/s),
       https://nssdc.gsfc.nasa.gov/planetary/factsheet/earthfact.html.
    """
    m = positive("mass_kg", mass_kg, "kg")
    return escape_velocity_from_gm(GRAVITATIONAL_CONSTANT.value * m, radius_m)


#: Escape velocity from the Moon's mean radius [m/s], 2376: GM from JPL DE440, radius from NASA's fact sheet.
LUNAR_ESCAPE_VELOCITY = float(escape_velocity_from_gm(MOON_GM.value, MOON_MEAN_RADIUS.value))


def mass_driver_energy(velocity_m_s: npt.ArrayLike, efficiency: npt.ArrayLike) -> FloatOrArray:
    """Electrical energy to launch one kilogram to a velocity: ``v² / (2 η)``.

    Parameters
    ----------
    velocity_m_s : float or array
        Muzzle velocity (e.g. :data:`LUNAR_ESCAPE_VELOCITY`), ≥ 0. [m/s]
    efficiency : float or array
        Electric-to-kinetic efficiency of the whole driver, in (0, 1]. [1]

    Returns
    -------
    float or array
        Electrical energy per kilogram of payload launched (bucket recovered, its energy not counted). [J/kg]

    Raises
    ------
    PhysicsError
        If ``velocity_m_s`` is negative or ``efficiency`` outside (0, 1].

    Notes
    -----
    At lunar escape velocity and O'Neill's 60 %: 2.83 MJ/kg / 0.6 = 4.7 MJ/kg (1.31 kWh/kg).

    References
    ----------
    .. [1] O'Neill, G. K., mass-driver efficiency "more than 60 %", in SSI 1976 survey, p. 228,
       https://ssi.org/wp-content/fbs/sps-prc-survey-1976/228.
    """
    v = non_negative("velocity_m_s", velocity_m_s, "m/s")
    eta = fraction("efficiency", efficiency)
    return scalar_or_array(0.5 * v**2 / eta)


def mass_driver_power(
    throughput_kg_s: npt.ArrayLike, velocity_m_s: npt.ArrayLike, efficiency: npt.ArrayLike
) -> FloatOrArray:
    """Average electrical power to launch a mass flow: ``ṁ · v² / (2 η)``.

    Parameters
    ----------
    throughput_kg_s : float or array
        Mass launched per second (averaged), ≥ 0. [kg/s]
    velocity_m_s : float or array
        Muzzle velocity, ≥ 0. [m/s]
    efficiency : float or array
        Electric-to-kinetic efficiency, in (0, 1]. [1]

    Returns
    -------
    float or array
        Average electrical power. [W]

    Raises
    ------
    PhysicsError
        If ``throughput_kg_s`` or ``velocity_m_s`` is negative or ``efficiency`` outside (0, 1].

    References
    ----------
    .. [1] O'Neill, G. K., in SSI 1976 survey, p. 228, https://ssi.org/wp-content/fbs/sps-prc-survey-1976/228.
    """
    mdot = non_negative("throughput_kg_s", throughput_kg_s, "kg/s")
    return scalar_or_array(mdot * mass_driver_energy(velocity_m_s, efficiency))
