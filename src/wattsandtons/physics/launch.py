"""Launch from Earth: rocket equation, propellant energy per kilogram delivered, Wright's-law launch cost.

Physical quantities are SI; money (USD) is its own dimension, for comparison only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from wattsandtons.physics._validate import (
    FloatOrArray,
    PhysicsError,
    at_least,
    fraction,
    non_negative,
    positive,
    scalar_or_array,
)
from wattsandtons.physics.reference import (
    LAUNCH_PRICE_STARSHIP,
    METHANE_LHV,
    RAPTOR_OXIDISER_TO_FUEL_RATIO,
    STANDARD_GRAVITY,
    STARSHIP_PAYLOAD_LEO,
    STARSHIP_PROPELLANT_MASS,
    Reference,
)

__all__ = [
    "STARSHIP",
    "STARSHIP_LAUNCH_ENERGY_PER_KG",
    "Vehicle",
    "cost_per_kg",
    "flights_per_year",
    "fuel_mass_fraction",
    "propellant_energy_per_kg_payload",
    "propellant_mass",
    "rocket_delta_v",
    "wright_cost",
]


@dataclass(frozen=True)
class Vehicle:
    """A launch vehicle as the energy and cost accounts see it (SI values; price in USD)."""

    name: str
    payload_kg: float
    propellant_mass_kg: float
    oxidiser_to_fuel_ratio: float
    fuel_lhv_j_per_kg: float
    price_per_launch_usd: float
    source: str


#: Starship/Super Heavy, fully reusable, to LEO; every figure from :mod:`wattsandtons.physics.reference`.
STARSHIP = Vehicle(
    name="Starship (reusable, LEO)",
    payload_kg=STARSHIP_PAYLOAD_LEO.value,
    propellant_mass_kg=STARSHIP_PROPELLANT_MASS.value,
    oxidiser_to_fuel_ratio=RAPTOR_OXIDISER_TO_FUEL_RATIO.value,
    fuel_lhv_j_per_kg=METHANE_LHV.value,
    price_per_launch_usd=LAUNCH_PRICE_STARSHIP.value,
    source="; ".join(
        ref.source
        for ref in (
            STARSHIP_PAYLOAD_LEO,
            STARSHIP_PROPELLANT_MASS,
            RAPTOR_OXIDISER_TO_FUEL_RATIO,
            METHANE_LHV,
            LAUNCH_PRICE_STARSHIP,
        )
    ),
)


def rocket_delta_v(
    isp_s: npt.ArrayLike, wet_mass_kg: npt.ArrayLike, dry_mass_kg: npt.ArrayLike
) -> FloatOrArray:
    """Ideal velocity change of a rocket stage (Tsiolkovsky): ``Δv = Isp · g0 · ln(m_wet / m_dry)``.

    Parameters
    ----------
    isp_s : float or array
        Specific impulse, > 0. [s]
    wet_mass_kg : float or array
        Initial mass including propellant; at least ``dry_mass_kg``. [kg]
    dry_mass_kg : float or array
        Final mass after the burn, > 0. [kg]

    Returns
    -------
    float or array
        Velocity change without gravity or drag losses. [m/s]

    Raises
    ------
    PhysicsError
        If ``isp_s`` or ``dry_mass_kg`` is not > 0, or ``wet_mass_kg`` is below ``dry_mass_kg``.

    References
    ----------
    .. [1] Tsiolkovsky, K. E. (1903), "Exploration of outer space by means of reactive devices".
    .. [2] Sutton, G. P. and Biblarz, O. (2016), *Rocket Propulsion Elements*, 9th ed., Wiley, ch. 4.
    """
    isp = positive("isp_s", isp_s, "s")
    dry = positive("dry_mass_kg", dry_mass_kg, "kg")
    wet = positive("wet_mass_kg", wet_mass_kg, "kg")
    if np.any(wet < dry):
        raise PhysicsError("wet_mass_kg must be at least dry_mass_kg")
    return scalar_or_array(isp * STANDARD_GRAVITY.value * np.log(wet / dry))


def propellant_mass(
    delta_v_m_s: npt.ArrayLike, isp_s: npt.ArrayLike, final_mass_kg: npt.ArrayLike
) -> FloatOrArray:
    """Propellant for a velocity change (rocket equation solved for it): ``m_f (e^{Δv / (Isp g0)} − 1)``.

    Parameters
    ----------
    delta_v_m_s : float or array
        Velocity change, ≥ 0. [m/s]
    isp_s : float or array
        Specific impulse, > 0. [s]
    final_mass_kg : float or array
        Mass left after the burn (structure plus payload), > 0. [kg]

    Returns
    -------
    float or array
        Propellant mass. [kg]

    Raises
    ------
    PhysicsError
        If ``delta_v_m_s`` is negative or ``isp_s``/``final_mass_kg`` not > 0.

    References
    ----------
    .. [1] Sutton, G. P. and Biblarz, O. (2016), *Rocket Propulsion Elements*, 9th ed., Wiley, ch. 4.
    """
    dv = non_negative("delta_v_m_s", delta_v_m_s, "m/s")
    isp = positive("isp_s", isp_s, "s")
    m_f = positive("final_mass_kg", final_mass_kg, "kg")
    return scalar_or_array(m_f * np.expm1(dv / (isp * STANDARD_GRAVITY.value)))


def fuel_mass_fraction(oxidiser_to_fuel_ratio: npt.ArrayLike) -> FloatOrArray:
    """Fuel share of a bipropellant load by mass: ``1 / (1 + O/F)``.

    Parameters
    ----------
    oxidiser_to_fuel_ratio : float or array
        Mixture ratio, oxidiser mass over fuel mass, ≥ 0. [1]

    Returns
    -------
    float or array
        Fuel mass over total propellant mass; 0.217 for Raptor's 3.6. [1]

    Raises
    ------
    PhysicsError
        If ``oxidiser_to_fuel_ratio`` is negative.

    References
    ----------
    .. [1] SpaceX Raptor mixture ratio 3.6, https://en.wikipedia.org/wiki/SpaceX_Raptor (secondary).
    """
    of = non_negative("oxidiser_to_fuel_ratio", oxidiser_to_fuel_ratio)
    return scalar_or_array(1.0 / (1.0 + of))


def propellant_energy_per_kg_payload(
    propellant_mass_kg: npt.ArrayLike,
    payload_kg: npt.ArrayLike,
    fuel_fraction: npt.ArrayLike,
    lhv_j_per_kg: npt.ArrayLike,
) -> FloatOrArray:
    """Chemical energy of the fuel burnt per kilogram of payload: ``m_prop · x_fuel · LHV / m_payload``.

    Only the fuel carries heating value; the oxidiser (liquid oxygen) is counted as mass, not energy. The
    energy to liquefy oxygen and methane, make the vehicle, and return the stages is outside this figure.

    Parameters
    ----------
    propellant_mass_kg : float or array
        Propellant loaded per launch (all stages), ≥ 0. [kg]
    payload_kg : float or array
        Payload delivered per launch, > 0. [kg]
    fuel_fraction : float or array
        Fuel share of the propellant by mass, in (0, 1] (see :func:`fuel_mass_fraction`). [1]
    lhv_j_per_kg : float or array
        Lower heating value of the fuel, > 0. [J/kg]

    Returns
    -------
    float or array
        Chemical energy per kilogram delivered. [J/kg]

    Raises
    ------
    PhysicsError
        If an argument is outside the ranges above.

    Notes
    -----
    Starship defaults: 4,600 t × 0.217 × 50 MJ/kg / 100 t = 500 MJ/kg (50 TJ per launch), about 15 times the
    ~33 MJ/kg specific orbital energy of LEO.

    References
    ----------
    .. [1] SpaceX Starship vehicle page, https://www.spacex.com/vehicles/starship/ (propellant capacity).
    .. [2] Engineering ToolBox, "Fuels - Higher and Lower Calorific Values",
       https://www.engineeringtoolbox.com/fuels-higher-calorific-values-d_169.html (methane LHV 50.0 MJ/kg).
    """
    m_prop = non_negative("propellant_mass_kg", propellant_mass_kg, "kg")
    m_pay = positive("payload_kg", payload_kg, "kg")
    x_fuel = fraction("fuel_fraction", fuel_fraction)
    lhv = positive("lhv_j_per_kg", lhv_j_per_kg, "J/kg")
    return scalar_or_array(m_prop * x_fuel * lhv / m_pay)


def wright_cost(
    first_unit_cost: npt.ArrayLike, cumulative_units: npt.ArrayLike, progress_ratio: npt.ArrayLike
) -> FloatOrArray:
    """Cost of the n-th unit by Wright's law: ``c_n = c_1 · n^{log2(pr)}``.

    Each doubling of cumulative output multiplies the unit cost by the progress ratio ``pr`` (0.8 = an "80 %
    curve", a 20 % learning rate).

    Parameters
    ----------
    first_unit_cost : float or array
        Cost of the first unit, ≥ 0 (any currency; the result is in the same one). [USD]
    cumulative_units : float or array
        Cumulative unit number n, ≥ 1. [1]
    progress_ratio : float or array
        Cost multiplier per doubling, in (0, 1]. [1]

    Returns
    -------
    float or array
        Cost of the n-th unit. [USD]

    Raises
    ------
    PhysicsError
        If ``first_unit_cost`` is negative, ``cumulative_units`` below 1 or ``progress_ratio`` outside (0, 1].

    References
    ----------
    .. [1] Wright, T. P. (1936), "Factors affecting the cost of airplanes", Journal of the Aeronautical
       Sciences 3(4), 122–128, doi:10.2514/8.155.
    .. [2] NASA OTPS, Rodgers et al. (2024), "Space-Based Solar Power", NTRS 20230018600 (75 %, 85 % curves).
    """
    c1 = non_negative("first_unit_cost", first_unit_cost, "USD")
    n = at_least("cumulative_units", cumulative_units, 1.0)
    pr = fraction("progress_ratio", progress_ratio)
    return scalar_or_array(c1 * n ** np.log2(pr))


def cost_per_kg(
    first_flight_cost_usd: npt.ArrayLike = LAUNCH_PRICE_STARSHIP.value,
    payload_kg: npt.ArrayLike = STARSHIP_PAYLOAD_LEO.value,
    cumulative_flights: npt.ArrayLike = 1.0,
    progress_ratio: npt.ArrayLike = 1.0,
) -> FloatOrArray:
    """Launch cost per kilogram of the n-th flight, with Wright's law over cumulative flights.

    Parameters
    ----------
    first_flight_cost_usd : float or array
        Cost (or price) of the first flight counted; NASA OTPS's $100 M Starship by default. [USD]
    payload_kg : float or array
        Payload per flight, > 0; 100 t by default. [kg]
    cumulative_flights : float or array
        Cumulative flight number, ≥ 1. [1]
    progress_ratio : float or array
        Cost multiplier per doubling of cumulative flights, in (0, 1]; 1 = no learning. [1]

    Returns
    -------
    float or array
        Cost per kilogram delivered. [USD/kg]

    Raises
    ------
    PhysicsError
        If ``payload_kg`` is not > 0, or as :func:`wright_cost`.

    Notes
    -----
    With the defaults, NASA OTPS's baseline: $100 M / 100 t = $1,000/kg.

    References
    ----------
    .. [1] NASA OTPS, Rodgers et al. (2024), "Space-Based Solar Power", NTRS 20230018600,
       https://ntrs.nasa.gov/citations/20230018600.
    .. [2] Wright, T. P. (1936), Journal of the Aeronautical Sciences 3(4), 122–128, doi:10.2514/8.155.
    """
    m = positive("payload_kg", payload_kg, "kg")
    return scalar_or_array(wright_cost(first_flight_cost_usd, cumulative_flights, progress_ratio) / m)


def flights_per_year(mass_per_year_kg: npt.ArrayLike, payload_per_flight_kg: npt.ArrayLike) -> FloatOrArray:
    """Average number of flights a year needed to lift a mass flow: ``ṁ / m_payload``.

    The result is an average rate and is not rounded up; round it where whole flights matter.

    Parameters
    ----------
    mass_per_year_kg : float or array
        Mass to deliver each year, ≥ 0. [kg]
    payload_per_flight_kg : float or array
        Payload per flight, > 0. [kg]

    Returns
    -------
    float or array
        Flights per year. [1/yr]

    Raises
    ------
    PhysicsError
        If ``mass_per_year_kg`` is negative or ``payload_per_flight_kg`` not > 0.

    References
    ----------
    .. [1] NASA OTPS, Rodgers et al. (2024), NTRS 20230018600 (100 t per Starship flight, 104 launches/yr).
    """
    m = non_negative("mass_per_year_kg", mass_per_year_kg, "kg")
    p = positive("payload_per_flight_kg", payload_per_flight_kg, "kg")
    return scalar_or_array(m / p)


#: Chemical energy of Starship's methane per kg delivered to LEO: 500 MJ/kg (50 TJ per launch).
STARSHIP_LAUNCH_ENERGY_PER_KG = Reference(
    float(
        propellant_energy_per_kg_payload(
            STARSHIP.propellant_mass_kg,
            STARSHIP.payload_kg,
            fuel_mass_fraction(STARSHIP.oxidiser_to_fuel_ratio),
            STARSHIP.fuel_lhv_j_per_kg,
        )
    ),
    "J/kg",
    STARSHIP.source,
    low=float(
        propellant_energy_per_kg_payload(
            STARSHIP_PROPELLANT_MASS.value,
            STARSHIP_PAYLOAD_LEO.high or STARSHIP.payload_kg,
            fuel_mass_fraction(STARSHIP.oxidiser_to_fuel_ratio),
            STARSHIP.fuel_lhv_j_per_kg,
        )
    ),
    high=float(
        propellant_energy_per_kg_payload(
            STARSHIP_PROPELLANT_MASS.high or STARSHIP.propellant_mass_kg,
            STARSHIP_PAYLOAD_LEO.value,
            fuel_mass_fraction(STARSHIP.oxidiser_to_fuel_ratio),
            STARSHIP.fuel_lhv_j_per_kg,
        )
    ),
    note="[calc] propellant mass × fuel share 1/(1+O/F) × methane LHV / payload. Low: 4,600 t lifting 150 t; "
    "high: 5,200 t lifting 100 t. Energy basis (the one used for every launch-energy payback in the package): "
    "the chemical energy of the methane burnt, on its lower heating value — not the electricity or primary "
    "energy to make the propellant, which a methalox plant would need on top.",
)
