"""Heat rejection in vacuum: radiated flux, view factor to the Earth, sink temperature, fin efficiency, radiator
area and mass, coolant loop (Stefan–Boltzmann law).

In orbit every watt a datacentre uses ends as heat that only radiation can remove:
``P = sides · η_fin · ε · σ · A · (T⁴ − T_sink⁴)``, where the sink temperature stands for what the panel absorbs
from the Earth (infrared and reflected sunlight, through its view factor) and the Sun.
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
    EARTH_BOND_ALBEDO,
    EARTH_EQUATORIAL_RADIUS,
    EARTH_IR_FLUX,
    SOLAR_CONSTANT,
    STEFAN_BOLTZMANN,
)

__all__ = [
    "coolant_loop_mass",
    "earth_view_factor",
    "fin_efficiency",
    "radiated_flux",
    "radiator_area",
    "radiator_mass",
    "sink_temperature",
]

#: Cosmic microwave background temperature, 2.7255 K (Fixsen 2009, ApJ 707, 916, doi:10.1088/0004-637X/707/2/916).
CMB_TEMPERATURE_K = 2.7255


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
    fin_efficiency: npt.ArrayLike = 1.0,
) -> FloatOrArray:
    """Panel area needed to reject a heat load: ``A = P / (sides · η_fin · ε σ (T⁴ − T_sink⁴))``.

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
        Effective sink temperature, below ``temperature_k`` (see :func:`sink_temperature`). [K]
    fin_efficiency : float or array
        Share of the ideal (isothermal) rejection the panel achieves, in (0, 1] (see :func:`fin_efficiency`);
        1 for an isothermal panel. [1]

    Returns
    -------
    float or array
        Panel area (one face). [m^2]

    Raises
    ------
    PhysicsError
        If ``power_w`` is negative, ``sides`` is not 1 or 2, ``fin_efficiency`` outside (0, 1], or as
        :func:`radiated_flux`.

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
    eta = fraction("fin_efficiency", fin_efficiency)
    return scalar_or_array(p / (n * eta * radiated_flux(temperature_k, emissivity, sink_temperature_k)))


def radiator_mass(
    power_w: npt.ArrayLike,
    temperature_k: npt.ArrayLike,
    emissivity: npt.ArrayLike,
    areal_density_kg_m2: npt.ArrayLike,
    sides: npt.ArrayLike = 2,
    sink_temperature_k: npt.ArrayLike = 0.0,
    fin_efficiency: npt.ArrayLike = 1.0,
) -> FloatOrArray:
    """Radiator panel mass: :func:`radiator_area` times the panel's mass per unit area.

    The coolant loop that feeds the panels is separate: :func:`coolant_loop_mass`.

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
    fin_efficiency : float or array
        Fin efficiency of the panel, in (0, 1]. [1]

    Returns
    -------
    float or array
        Radiator panel mass. [kg]

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
    area = radiator_area(power_w, temperature_k, emissivity, sides, sink_temperature_k, fin_efficiency)
    return scalar_or_array(rho * area)


def earth_view_factor(altitude_m: npt.ArrayLike, tilt_rad: npt.ArrayLike = np.pi / 2) -> FloatOrArray:
    """View factor from one face of a small flat plate in orbit to the Earth (a sphere).

    With ``H = (R + h) / R`` and the face's normal at ``tilt`` from nadir:

    * the face sees the whole Earth (``tilt ≤ π/2 − arcsin(1/H)``): ``F = cos(tilt) / H²``;
    * it sees none of it (``tilt ≥ π/2 + arcsin(1/H)``): ``F = 0``;
    * in between: ``F = 1/2 − (1/π) arcsin(√(H² − 1) / (H sin t)) + (1/(π H²)) [cos t · arccos(−√(H² − 1)
      cot t) − √(H² − 1) · √(1 − H² cos² t)]``.

    Parameters
    ----------
    altitude_m : float or array
        Altitude above the Earth's (equatorial) radius, > 0. [m]
    tilt_rad : float or array
        Angle between the face's outward normal and nadir, in [0, π]: 0 facing the Earth, π/2 edge-on (the
        default, how a datacentre's radiators are flown), π facing away. [rad]

    Returns
    -------
    float or array
        View factor to the Earth, in [0, 1]: 0.29 edge-on at 400 km, 0.24 at 650 km. [1]

    Raises
    ------
    PhysicsError
        If ``altitude_m`` is not > 0 or ``tilt_rad`` is outside [0, π].

    References
    ----------
    .. [1] Howell, J. R., *A Catalog of Radiation Heat Transfer Configuration Factors*, 3rd ed., factor B-13
       (differential planar element to a sphere, tilted), http://www.thermalradiation.net/sectionb/B-13.html.
    .. [2] Gilmore, D. G. (ed.) (2002), *Spacecraft Thermal Control Handbook*, 2nd ed., Aerospace Press, ch. 2.
    """
    h = positive("altitude_m", altitude_m, "m")
    t = np.asarray(tilt_rad, dtype=np.float64)
    bad = ~((t >= 0) & (t <= np.pi))
    if np.any(bad):
        raise PhysicsError(f"tilt_rad must lie in [0, pi] rad, got {t[bad].tolist()[:5]!r}")
    big_h = (EARTH_EQUATORIAL_RADIUS.value + h) / EARTH_EQUATORIAL_RADIUS.value
    t, big_h = np.broadcast_arrays(t, big_h)
    edge = np.arcsin(1.0 / big_h)
    root = np.sqrt(big_h**2 - 1.0)
    sin_t = np.where(np.sin(t) > 0, np.sin(t), 1.0)
    partial = (
        0.5
        - np.arcsin(np.clip(root / (big_h * sin_t), -1.0, 1.0)) / np.pi
        + (
            np.cos(t) * np.arccos(np.clip(-root * np.cos(t) / sin_t, -1.0, 1.0))
            - root * np.sqrt(np.clip(1.0 - big_h**2 * np.cos(t) ** 2, 0.0, None))
        )
        / (np.pi * big_h**2)
    )
    full = np.cos(t) / big_h**2
    out = np.where(t <= np.pi / 2 - edge, full, np.where(t >= np.pi / 2 + edge, 0.0, partial))
    return scalar_or_array(out)


def sink_temperature(
    view_factor_earth: npt.ArrayLike,
    emissivity: npt.ArrayLike,
    absorptivity: npt.ArrayLike,
    albedo_factor: npt.ArrayLike = 0.0,
    sun_cosine: npt.ArrayLike = 0.0,
    earth_ir_w_m2: npt.ArrayLike = EARTH_IR_FLUX.value,
    albedo: npt.ArrayLike = EARTH_BOND_ALBEDO.value,
    solar_flux_w_m2: npt.ArrayLike = SOLAR_CONSTANT.value,
) -> FloatOrArray:
    """Effective sink temperature of one face of a grey panel: what it absorbs, as a black sky temperature.

    The face absorbs Earth infrared ``ε F q_IR`` (Kirchhoff: absorptance = ε in the infrared), reflected
    sunlight ``α F a S k`` and direct sunlight ``α S cos θ``, plus the cosmic background on the rest of its
    view. The sink temperature is the one whose black-body emission the face would absorb in equal measure:
    ``σ T_sink⁴ = F q_IR + (α/ε)(F a S k + S cos θ) + (1 − F) σ T_CMB⁴``, so that the net rejection is
    ``ε σ (T⁴ − T_sink⁴)`` (:func:`radiated_flux`).

    Parameters
    ----------
    view_factor_earth : float or array
        View factor from the face to the Earth, in [0, 1] (see :func:`earth_view_factor`). [1]
    emissivity : float or array
        Infrared emissivity of the face, in (0, 1]. [1]
    absorptivity : float or array
        Solar absorptance of the face, in [0, 1]. [1]
    albedo_factor : float or array
        Mean cosine of the solar zenith angle over the Earth the face sees, in [0, 1]: 0 over the night side
        or the terminator, 1 over the subsolar point. [1]
    sun_cosine : float or array
        Cosine of the Sun's angle from the face's normal, in [0, 1]; 0 for a panel edge-on to the Sun. [1]
    earth_ir_w_m2 : float or array
        Earth's outgoing infrared flux at the top of the atmosphere; 237 W/m² by default. [W/m^2]
    albedo : float or array
        Earth's Bond albedo; 0.30 by default. [1]
    solar_flux_w_m2 : float or array
        Solar irradiance; the solar constant by default. [W/m^2]

    Returns
    -------
    float or array
        Effective sink temperature. [K] An edge-on panel (ε 0.85, α 0.17) at 650 km that sees no sunlit
        Earth: 178 K; facing the Earth: 242 K, close to the 250 K often assumed for LEO.

    Raises
    ------
    PhysicsError
        If a fraction is outside its interval or a flux is negative.

    References
    ----------
    .. [1] Gilmore, D. G. (ed.) (2002), *Spacecraft Thermal Control Handbook*, 2nd ed., Aerospace Press, ch. 2
       (environmental loads: Earth IR, albedo, direct solar) and ch. 6 (radiators).
    .. [2] Incropera, F. P. et al. (2007), *Fundamentals of Heat and Mass Transfer*, 6th ed., Wiley, ch. 12.
    """
    f = fraction("view_factor_earth", view_factor_earth, allow_zero=True)
    eps = fraction("emissivity", emissivity)
    alpha = fraction("absorptivity", absorptivity, allow_zero=True)
    k = fraction("albedo_factor", albedo_factor, allow_zero=True)
    cos_sun = fraction("sun_cosine", sun_cosine, allow_zero=True)
    q_ir = non_negative("earth_ir_w_m2", earth_ir_w_m2, "W/m^2")
    a = fraction("albedo", albedo, allow_zero=True)
    s = non_negative("solar_flux_w_m2", solar_flux_w_m2, "W/m^2")
    sigma = STEFAN_BOLTZMANN.value
    absorbed = (
        f * q_ir + alpha / eps * (f * a * s * k + s * cos_sun) + (1.0 - f) * sigma * CMB_TEMPERATURE_K**4
    )
    return scalar_or_array((absorbed / sigma) ** 0.25)


def fin_efficiency(
    half_width_m: npt.ArrayLike,
    thickness_m: npt.ArrayLike,
    conductivity_w_m_k: npt.ArrayLike,
    emissivity: npt.ArrayLike,
    temperature_k: npt.ArrayLike,
    sides: npt.ArrayLike = 2,
) -> FloatOrArray:
    """Efficiency of a radiating straight fin between coolant tubes, radiation linearised at the root.

    ``η = tanh(m L) / (m L)`` with ``m = √(sides · 4 ε σ T³ / (k t))`` and ``L`` the fin's half width between
    two tubes (the adiabatic mid-line is its tip): the classic fin result with the radiative heat-transfer
    coefficient ``h_r = 4 ε σ T³`` (sink neglected, which makes it slightly conservative).

    Parameters
    ----------
    half_width_m : float or array
        Distance from a tube to the mid-line between tubes, > 0. [m]
    thickness_m : float or array
        Fin (face-sheet) thickness, > 0. [m]
    conductivity_w_m_k : float or array
        Thermal conductivity of the fin, > 0; aluminium 6061 ~167. [W/(m K)]
    emissivity : float or array
        Infrared emissivity, in (0, 1]. [1]
    temperature_k : float or array
        Root (tube) temperature, > 0. [K]
    sides : int or array
        Radiating faces, 1 or 2. [1]

    Returns
    -------
    float or array
        Fin efficiency, in (0, 1]. [1]

    Raises
    ------
    PhysicsError
        If a length, the conductivity or the temperature is not > 0, or ``sides`` is not 1 or 2.

    Notes
    -----
    The linearised result lies within a few per cent of the exact non-linear radiating fin for ``η`` above
    ~0.7 (the test suite solves the non-linear fin equation to check it).

    References
    ----------
    .. [1] Incropera, F. P. et al. (2007), *Fundamentals of Heat and Mass Transfer*, 6th ed., Wiley, section
       3.6 (fin with an adiabatic tip) and eq. 1.9 (radiation coefficient).
    .. [2] Lieblein, S. (1959), "Analysis of temperature distribution and radiant heat transfer along a
       rectangular fin of constant thickness", NASA TN D-196.
    """
    length = positive("half_width_m", half_width_m, "m")
    t = positive("thickness_m", thickness_m, "m")
    k = positive("conductivity_w_m_k", conductivity_w_m_k, "W/(m K)")
    eps = fraction("emissivity", emissivity)
    temp = positive("temperature_k", temperature_k, "K")
    n = _sides(sides)
    ml = length * np.sqrt(n * 4.0 * eps * STEFAN_BOLTZMANN.value * temp**3 / (k * t))
    return scalar_or_array(np.tanh(ml) / ml)


def coolant_loop_mass(power_w: npt.ArrayLike, kg_per_w: npt.ArrayLike) -> FloatOrArray:
    """Mass of the pumped coolant loop that carries a heat load to the radiators: ``P · m_loop``.

    Parameters
    ----------
    power_w : float or array
        Heat carried, ≥ 0. [W]
    kg_per_w : float or array
        Loop mass per watt (fluid, pumps, lines, cold plates), ≥ 0; 3.5 kg/kW for a single-phase ammonia loop
        (spacedc-mdao). [kg/W]

    Returns
    -------
    float or array
        Loop mass. [kg]

    Raises
    ------
    PhysicsError
        If an argument is negative.

    References
    ----------
    .. [1] spacedc-mdao, coolants.yaml (ammonia single phase: 1.5 kg/kW fluid + 2.0 kg/kW hardware),
       https://github.com/jman4162/spacedc-mdao.
    """
    p = non_negative("power_w", power_w, "W")
    m = non_negative("kg_per_w", kg_per_w, "kg/W")
    return scalar_or_array(p * m)
