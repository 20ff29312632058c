"""Heat rejection in vacuum: radiated flux, radiator area and mass (Stefan–Boltzmann law).

In orbit every watt a datacentre uses ends as heat that only radiation can remove:
``P = sides · ε · σ · A · (T⁴ − T_sink⁴)``.
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
from wattsandtons.physics.reference import STEFAN_BOLTZMANN

__all__ = ["radiated_flux", "radiator_area", "radiator_mass"]


def radiated_flux(
    temperature_k: npt.ArrayLike,
    emissivity: npt.ArrayLike,
    sink_temperature_k: npt.ArrayLike = 0.0,
) -> FloatOrArray:
    """Net heat radiated per unit area of one side of a grey radiator: ``ε σ (T⁴ − T_sink⁴)``.

    Parameters
    ----------
    temperature_k : float or array
        Radiator surface temperature, > 0. [K]
    emissivity : float or array
        Hemispherical infrared emissivity, in (0, 1]. [1]
    sink_temperature_k : float or array
        Effective temperature of the surroundings (0 for deep space; ~250 K in LEO with Earth's infrared and
        albedo). Must be below ``temperature_k``. [K]

    Returns
    -------
    float or array
        Net radiated flux per side. [W/m^2]

    Raises
    ------
    PhysicsError
        If ``temperature_k`` is not > 0, ``emissivity`` is outside (0, 1], ``sink_temperature_k`` is negative
        or not below ``temperature_k`` (the radiator would absorb, not reject, heat).

    Notes
    -----
    A black plate at 20 °C radiates 418.8 W/m² per side, 837.5 W/m² from both — Starcloud's "838 W/m²".

    References
    ----------
    .. [1] Incropera, F. P. et al. (2007), *Fundamentals of Heat and Mass Transfer*, 6th ed., Wiley, ch. 12
       (grey-surface radiation exchange with large surroundings).
    .. [2] Starcloud, "Why we should train AI in space" (whitepaper, 2025), https://starcloudinc.github.io/wp.pdf.
    """
    t = positive("temperature_k", temperature_k, "K")
    eps = fraction("emissivity", emissivity)
    t_sink = non_negative("sink_temperature_k", sink_temperature_k, "K")
    if np.any(t_sink >= t):
        raise PhysicsError(
            "sink_temperature_k must be below temperature_k: a radiator cannot reject heat to a warmer sink"
        )
    return scalar_or_array(eps * STEFAN_BOLTZMANN.value * (t**4 - t_sink**4))


def _sides(sides: npt.ArrayLike) -> npt.NDArray[np.float64]:
    n = np.asarray(sides, dtype=np.float64)
    if np.any((n != 1) & (n != 2)):
        raise PhysicsError(f"sides must be 1 or 2 (radiating faces of a flat panel), got {sides!r}")
    return n


def radiator_area(
    power_w: npt.ArrayLike,
    temperature_k: npt.ArrayLike,
    emissivity: npt.ArrayLike,
    sides: npt.ArrayLike = 2,
    sink_temperature_k: npt.ArrayLike = 0.0,
) -> FloatOrArray:
    """Panel area needed to reject a heat load: ``A = P / (sides · ε σ (T⁴ − T_sink⁴))``.

    Parameters
    ----------
    power_w : float or array
        Heat to reject. [W]
    temperature_k : float or array
        Radiator surface temperature, > 0. [K]
    emissivity : float or array
        Infrared emissivity, in (0, 1]. [1]
    sides : int or array
        Radiating faces of the panel: 2 for a free-standing panel, 1 for a body-mounted one. [1]
    sink_temperature_k : float or array
        Effective sink temperature, below ``temperature_k``. [K]

    Returns
    -------
    float or array
        Panel area (one face). [m^2]

    Raises
    ------
    PhysicsError
        If ``power_w`` is negative, ``sides`` is not 1 or 2, or as :func:`radiated_flux`.

    Notes
    -----
    One megawatt at 300 K from a two-sided black panel facing deep space needs 1,089 m² (1,281 m² at
    ε = 0.85).

    References
    ----------
    .. [1] Incropera, F. P. et al. (2007), *Fundamentals of Heat and Mass Transfer*, 6th ed., Wiley, ch. 12.
    .. [2] spacedc-mdao, radiators.yaml (emissivity 0.85, areal density 5 kg/m², LEO sink ~250 K),
       https://github.com/jman4162/spacedc-mdao.
    """
    p = non_negative("power_w", power_w, "W")
    n = _sides(sides)
    return scalar_or_array(p / (n * radiated_flux(temperature_k, emissivity, sink_temperature_k)))


def radiator_mass(
    power_w: npt.ArrayLike,
    temperature_k: npt.ArrayLike,
    emissivity: npt.ArrayLike,
    areal_density_kg_m2: npt.ArrayLike,
    sides: npt.ArrayLike = 2,
    sink_temperature_k: npt.ArrayLike = 0.0,
) -> FloatOrArray:
    """Radiator mass: :func:`radiator_area` times the panel's mass per unit area.

    Parameters
    ----------
    power_w : float or array
        Heat to reject. [W]
    temperature_k : float or array
        Radiator surface temperature, > 0. [K]
    emissivity : float or array
        Infrared emissivity, in (0, 1]. [1]
    areal_density_kg_m2 : float or array
        Panel mass per unit area (panel, heat pipes or fluid loop, coating), > 0. [kg/m^2]
    sides : int or array
        Radiating faces of the panel, 1 or 2. [1]
    sink_temperature_k : float or array
        Effective sink temperature, below ``temperature_k``. [K]

    Returns
    -------
    float or array
        Radiator mass. [kg]

    Raises
    ------
    PhysicsError
        If ``areal_density_kg_m2`` is not > 0, or as :func:`radiator_area`.

    References
    ----------
    .. [1] spacedc-mdao, radiators.yaml (aluminium panel 5 kg/m², lever to 2 kg/m²),
       https://github.com/jman4162/spacedc-mdao.
    """
    rho = positive("areal_density_kg_m2", areal_density_kg_m2, "kg/m^2")
    return scalar_or_array(rho * radiator_area(power_w, temperature_k, emissivity, sides, sink_temperature_k))
