"""Evaluation functions of the claims' checks: each computes one figure with :mod:`wattsandtons.physics`.

``Check.evaluate`` names a function of :data:`EVALUATORS`; it takes the check's inputs (SI floats, or arrays for
the range corners) and returns :class:`Computed`: the value, context details and a caveat for the verdict line.
:func:`resolve` finds the sourced Reference behind an input key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from wattsandtons.claims.data import FIGURES, Unit
from wattsandtons.claims.formatting import _json_float, _plain_number, _round_sig, format_value
from wattsandtons.errors import WattsAndTonsError
from wattsandtons.physics import compute, datacentre, kardashev, launch, markets, massdriver, solar
from wattsandtons.physics import reference as physics_reference
from wattsandtons.physics.reference import Reference
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = ["EVALUATORS", "ClaimsError", "Computed", "Detail", "resolve"]

_PH_DAY = 1e15 * 86400.0

Value = float | npt.NDArray[np.float64]
Inputs = Mapping[str, Any]


class ClaimsError(WattsAndTonsError, ValueError):
    """A bad request to the claims checker: unknown claim id, unknown input key or parameter."""


@dataclass(frozen=True)
class Detail:
    """An intermediate or context figure of a check, at central values (SI ``value`` in ``unit.si``)."""

    label: str
    value: float
    unit: Unit

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: label, SI value, SI unit, display text."""
        return {
            "label": self.label,
            "value": _json_float(self.value),
            "unit": self.unit.si,
            "display": format_value(self.value, self.unit),
        }


@dataclass(frozen=True)
class Computed:
    """What an evaluation function returns: the figure (SI; an array when inputs are arrays), details, and a
    caveat computed at central values for the one-line verdict (empty when there is none)."""

    value: Value
    details: tuple[Detail, ...] = ()
    caveat: str = ""


# --- Input lookup -------------------------------------------------------------------------------------------


def resolve(key: str) -> Reference:
    """The sourced Reference behind an input key.

    Looked up, in order, in :data:`wattsandtons.claims.data.FIGURES`, in
    :func:`wattsandtons.physics.reference.references`, in :func:`wattsandtons.physics.markets.markets` (hashprice,
    ASIC efficiency, AI revenue, GPU capital) and among the module-level References of
    :mod:`wattsandtons.physics.launch` (e.g. ``STARSHIP_LAUNCH_ENERGY_PER_KG``).

    Parameters
    ----------
    key : str
        Name of the figure, e.g. ``"SOLAR_LUMINOSITY"``.

    Returns
    -------
    Reference
        Value in SI, unit, source, low/high.

    Raises
    ------
    ClaimsError
        If no figure of that name exists.
    """
    if key in FIGURES:
        return FIGURES[key]
    for table in (physics_reference.references(), markets.markets()):
        if key in table:
            return table[key]
    found = getattr(launch, key, None)
    if isinstance(found, Reference):
        return found
    raise ClaimsError(
        f"unknown input figure {key!r}: not in claims.data.FIGURES, physics.reference nor physics.markets"
    )


# --- Evaluation functions -----------------------------------------------------------------------------------

Evaluator = Callable[[Inputs], Computed]

#: Evaluation functions by name; ``Check.evaluate`` names one of them.
EVALUATORS: dict[str, Evaluator] = {}


def _evaluator(func: Evaluator) -> Evaluator:
    EVALUATORS[func.__name__] = func
    return func


_RATIO = Unit("1", "ratio")
_PERCENT = Unit("1", "percent")
_COUNT = Unit("1", "count")
_POWER = Unit("W", "[power]")


def _f(value: Value) -> float:
    """A central (scalar) value as a float, for details."""
    return float(np.asarray(value, dtype=np.float64).reshape(-1)[0])


@_evaluator
def sourced_figure(x: Inputs) -> Computed:
    """A sourced figure as it stands: ``value`` (any unit; compared directly with the claim).

    Parameters
    ----------
    x : mapping
        ``value``: the sourced figure, SI. [any]

    Returns
    -------
    Computed
        The figure unchanged. [same as input]
    """
    return Computed(x["value"])


@_evaluator
def product(x: Inputs) -> Computed:
    """Plain product ``a × b`` (e.g. 240 TWh × 10 %).

    Parameters
    ----------
    x : mapping
        ``a`` [any], ``b`` [any].

    Returns
    -------
    Computed
        ``a · b``. [unit of a × unit of b]
    """
    return Computed(x["a"] * x["b"])


@_evaluator
def sun_fraction_vs_world_power(x: Inputs) -> Computed:
    """A fraction of the Sun's output as a multiple of world primary power: ``f · L☉ / P_world``.

    Parameters
    ----------
    x : mapping
        ``sun_fraction`` [1], ``solar_luminosity`` [W], ``world_power`` [W], ``earth_radius`` [m] (for the
        comparison with sunlight intercepted by the Earth, a detail).

    Returns
    -------
    Computed
        The multiple [1]; details: the power [W], its Kardashev index and today's, the multiple of all
        sunlight the Earth intercepts.

    References
    ----------
    .. [1] Prša et al. (2016), AJ 152, 41 (L☉); Energy Institute Statistical Review 2024 (620 EJ in 2023).
    """
    power = x["sun_fraction"] * x["solar_luminosity"]
    earth = solar.intercepted_power(x["earth_radius"])
    multiple = _f(power / earth)
    return Computed(
        power / x["world_power"],
        (
            Detail("power", _f(power), _POWER),
            Detail("Kardashev index of that power (Sagan)", _f(kardashev.kardashev(power)), _COUNT),
            Detail(
                "Kardashev index of world primary power", _f(kardashev.kardashev(x["world_power"])), _COUNT
            ),
            Detail("multiple of all sunlight intercepted by the Earth", multiple, _RATIO),
        ),
        caveat=f"{_f(x['sun_fraction']):.0e} of the Sun is {_plain_number(_round_sig(multiple, 2))}× all "
        "sunlight reaching the Earth: collectors in space",
    )


@_evaluator
def world_power_share_of_earth_sunlight(x: Inputs) -> Computed:
    """World primary power as a share of the sunlight the Earth intercepts: ``P_world / (π R² S)``.

    Parameters
    ----------
    x : mapping
        ``world_power`` [W], ``earth_radius`` [m].

    Returns
    -------
    Computed
        The share [1]; details: the intercepted power [W] and the share of Kardashev type I (1e16 W).
    """
    intercepted = solar.intercepted_power(x["earth_radius"])
    return Computed(
        x["world_power"] / intercepted,
        (
            Detail("sunlight intercepted by the Earth", _f(intercepted), _POWER),
            Detail(
                "world primary power ÷ Kardashev type I (1e16 W)",
                _f(x["world_power"] / kardashev.kardashev_power(1.0)),
                _PERCENT,
            ),
        ),
    )


@_evaluator
def sun_mass_share(x: Inputs) -> Computed:
    """The Sun's share of the solar system's mass: ``M☉ / (M☉ + M_planets)`` with ``M☉ = GM☉ / G``.

    Parameters
    ----------
    x : mapping
        ``solar_gm`` [m^3/s^2], ``gravitational_constant`` [m^3/(kg s^2)], ``planets_mass`` [kg].

    Returns
    -------
    Computed
        The share [1]; details: the Sun's mass [kg].
    """
    sun = x["solar_gm"] / x["gravitational_constant"]
    return Computed(sun / (sun + x["planets_mass"]), (Detail("mass of the Sun", _f(sun), Unit("kg", "kg")),))


def _physics_satellite_specific_power() -> float:
    """Facility power per kg launched of the orbital datacentre of compare_datacentres's defaults [W/kg]."""
    orbit = datacentre.compare_datacentres().orbit
    return float(orbit.facility_power_w / orbit.mass_to_orbit_kg)


@_evaluator
def orbital_power_launched_per_year(x: Inputs) -> Computed:
    """Compute power launched per year: ``cadence · payload · specific power``.

    Parameters
    ----------
    x : mapping
        ``cadence`` flights per second [1/s], ``payload`` per flight [kg], ``specific_power`` of a whole
        satellite [W/kg], ``target`` power per year for the flight count in the details [W/s].

    Returns
    -------
    Computed
        Power launched per unit time [W/s] (shown per year); details: flights and tonnes a year, flights for the
        target, and the rate with a satellite sized by :func:`physics.datacentre.compare_datacentres`.

    References
    ----------
    .. [1] physics.launch.flights_per_year; E. Musk's memo (2026) for the cadence, payload and 100 kW/t.
    """
    mass_rate = x["cadence"] * x["payload"]  # kg/s
    power_rate = mass_rate * x["specific_power"]
    target_mass_per_year = x["target"] * SECONDS_PER_YEAR / x["specific_power"]
    flights_for_target = launch.flights_per_year(target_mass_per_year, x["payload"])
    physics_sp = _physics_satellite_specific_power()
    per_year = Unit("1/s", "per_year")
    return Computed(
        power_rate,
        (
            Detail("Starship flights a year at that cadence", _f(x["cadence"]), per_year),
            Detail("mass launched a year", _f(mass_rate), Unit("kg/s", "[mass]/[time]")),
            Detail(
                "flights a year needed for the target", _f(flights_for_target / SECONDS_PER_YEAR), per_year
            ),
            Detail(
                "mass a year needed for the target",
                _f(target_mass_per_year / SECONDS_PER_YEAR),
                Unit("kg/s", "[mass]/[time]"),
            ),
            Detail(
                "specific power of the satellite sized by physics.datacentre (defaults)",
                physics_sp,
                Unit("W/kg", "W/kg"),
            ),
            Detail(
                "power launched a year with that satellite",
                _f(mass_rate * physics_sp),
                Unit("W/s", "[power]/[time]"),
            ),
        ),
        caveat=f"at our satellite's {physics_sp:.1f} W/kg: "
        f"{format_value(_f(mass_rate * physics_sp), _POWER_RATE)}",
    )


_POWER_RATE = Unit("W/s", "[power]/[time]")
#: Payload classes of the C4 flight table: SpaceX's published 100 t and 150 t, the memo's 200 t. [kg]
_PAYLOAD_CLASSES = ("payload_published", "payload_published_high", "payload")


@_evaluator
def flights_for_power_rate(x: Inputs) -> Computed:
    """Flights a year to launch a power rate of satellites: ``target / (specific power · payload)``.

    Parameters
    ----------
    x : mapping
        ``target`` power launched per second [W/s]; ``target_low`` a second rate for the table [W/s];
        ``payload`` per flight [kg]; ``payload_published`` (central and high: SpaceX's 100 t and 150 t) [kg];
        ``specific_power`` of a whole satellite [W/kg].

    Returns
    -------
    Computed
        Flights per second [1/s] (shown per year); details: flights and tonnes a year for both rates, each
        payload class and both specific powers (the memo's and that of the satellite physics.datacentre
        sizes); caveat: flights for the target at both specific powers.

    References
    ----------
    .. [1] physics.launch.flights_per_year; SpaceX Starship Users Guide (100 t); E. Musk's memo (200 t).
    """
    ours = _physics_satellite_specific_power()
    payloads = {
        "payload_published": _f(x["payload_published"]),
        "payload_published_high": float(resolve("STARSHIP_PAYLOAD_LEO").high or _f(x["payload_published"])),
        "payload": _f(x["payload"]),
    }
    per_year = Unit("1/s", "per_year")
    details = []
    for rate in (_f(x["target_low"]), _f(x["target"])):
        for label, sp in (("the memo's", _f(x["specific_power"])), ("our satellite's", ours)):
            mass = rate / sp  # kg/s
            details.append(
                Detail(
                    f"{format_value(rate, _POWER_RATE)} at {label} {sp:.1f} W/kg: tonnes a year",
                    mass,
                    Unit("kg/s", "[mass]/[time]"),
                )
            )
            details += [
                Detail(f"  … flights a year at {m / 1e3:.0f} t", mass / m, per_year)
                for m in payloads.values()
            ]
    flights = x["target"] / (x["specific_power"] * x["payload"])
    ours_flights = _f(x["target"]) / (ours * payloads["payload"])
    caveat = (
        f"{format_value(_f(x['target']), _POWER_RATE)} needs {_f(flights) * SECONDS_PER_YEAR:,.0f} flights a year "
        f"({_f(flights) * 3600:.1f} an hour) of {payloads['payload'] / 1e3:.0f} t at "
        f"{_f(x['specific_power']):.0f} W/kg, {ours_flights * SECONDS_PER_YEAR:,.0f} at our satellite's {ours:.1f} W/kg"
    )
    return Computed(flights, tuple(details), caveat=caveat)


@_evaluator
def mass_driver_power_for_rate(x: Inputs) -> Computed:
    """Average electric power of a lunar mass driver launching a power rate of satellites: ``ṁ v² / (2 η)``.

    Parameters
    ----------
    x : mapping
        ``target`` power launched per second [W/s], ``specific_power`` [W/kg], ``efficiency`` [1],
        ``moon_gm`` [m^3/s^2], ``moon_radius`` [m], ``starship_energy_per_kg`` (for comparison) [J/kg].

    Returns
    -------
    Computed
        Driver power [W]; details: muzzle velocity, energy per kg, mass rate, share of the launched power,
        methane power Starship would burn for the same mass from Earth.

    References
    ----------
    .. [1] physics.massdriver (O'Neill's efficiency, SSI 1976); escape velocity from JPL GM and NASA radius.
    """
    velocity = massdriver.escape_velocity_from_gm(x["moon_gm"], x["moon_radius"])
    throughput = x["target"] / x["specific_power"]  # kg/s
    power = massdriver.mass_driver_power(throughput, velocity, x["efficiency"])
    energy_per_kg = massdriver.mass_driver_energy(velocity, x["efficiency"])
    return Computed(
        power,
        (
            Detail("lunar escape velocity", _f(velocity), Unit("m/s", "m/s")),
            Detail("electric energy per kg launched", _f(energy_per_kg), Unit("J/kg", "MJ/kg")),
            Detail("mass launched a year", _f(throughput), Unit("kg/s", "[mass]/[time]")),
            Detail(
                "driver power ÷ satellite power launched each year",
                _f(power / (x["target"] * SECONDS_PER_YEAR)),
                _PERCENT,
            ),
            Detail(
                "Starship methane power for the same mass from Earth (to LEO)",
                _f(throughput * x["starship_energy_per_kg"]),
                _POWER,
            ),
        ),
    )


@_evaluator
def cost_reduction_share(x: Inputs) -> Computed:
    """Relative cost reduction: ``1 − after / before``.

    Parameters
    ----------
    x : mapping
        ``before``, ``after`` [USD/kg].

    Returns
    -------
    Computed
        Share of the cost removed. [1]
    """
    return Computed(1.0 - x["after"] / x["before"])


@_evaluator
def cost_reduction_factor(x: Inputs) -> Computed:
    """Cost reduction as a factor: ``before / after``.

    Parameters
    ----------
    x : mapping
        ``before``, ``after`` [USD/kg].

    Returns
    -------
    Computed
        The factor. [1]
    """
    return Computed(x["before"] / x["after"])


@_evaluator
def years_to_price_on_trend(x: Inputs) -> Computed:
    """Years for a price to reach a target if it keeps falling at a historical rate.

    The trend is a fall ``d`` over ``span`` seconds, compounded: ``p(t) = p₀ (1 − d)^{t / span}``, solved for
    ``p(t) = target``: ``t = span · ln(target / p₀) / ln(1 − d)``.

    Parameters
    ----------
    x : mapping
        ``start`` price [USD/kg], ``decline`` over the span, in (0, 1) [1], ``span`` [s], ``target`` [USD/kg].

    Returns
    -------
    Computed
        Time to the target [s]; details: annual decline, price after three years; caveat: both.

    References
    ----------
    .. [1] BryceTech (2022) via NASA OTPS, Rodgers et al. (2024), NTRS 20230018600, p. 43 (−36 % 2013–22).
    """
    per_span = np.log1p(-x["decline"])
    seconds = x["span"] * np.log(x["target"] / x["start"]) / per_span
    in_three = x["start"] * np.exp(per_span * 3.0 * SECONDS_PER_YEAR / x["span"])
    annual = 1.0 - np.exp(per_span * SECONDS_PER_YEAR / x["span"])
    usd_per_kg = Unit("USD/kg", "USD/kg")
    return Computed(
        seconds,
        (
            Detail("price fall per year on the trend", _f(annual), _PERCENT),
            Detail("price after three more years on the trend", _f(in_three), usd_per_kg),
        ),
        caveat=f"on the 2013–22 trend ({_f(annual):.1%} a year) ${_f(x['start']):,.0f}/kg is "
        f"${_f(in_three):,.0f}/kg in 3 years and reaches ${_f(x['target']):,.0f}/kg in "
        f"{_f(seconds) / SECONDS_PER_YEAR:.0f} years",
    )


@_evaluator
def share_of_world_production(x: Inputs) -> Computed:
    """A production target as a share of world production: ``target / world``.

    Parameters
    ----------
    x : mapping
        ``target`` [W/s], ``world`` [W/s] (both capacity made per unit time).

    Returns
    -------
    Computed
        The share [1]; caveat: both figures in GW/yr.
    """
    share = x["target"] / x["world"]
    return Computed(
        share,
        caveat=f"{format_value(_f(x['target']), _POWER_RATE)} is {_f(share):.0%} of the "
        f"{format_value(_f(x['world']), _POWER_RATE)} of modules made worldwide in 2024",
    )


@_evaluator
def starship_vs_mass_driver_energy(x: Inputs) -> Computed:
    """Starship's fuel energy per kg to LEO over the mass driver's electricity per kg to lunar escape.

    Parameters
    ----------
    x : mapping
        ``propellant_mass`` [kg], ``payload`` [kg], ``oxidiser_to_fuel`` [1], ``fuel_lhv`` [J/kg],
        ``efficiency`` [1], ``moon_gm`` [m^3/s^2], ``moon_radius`` [m], ``electricity_price`` [USD/J],
        ``launch_cost`` [USD/kg] (the last two for the money comparison in the details).

    Returns
    -------
    Computed
        Energy ratio [1]; details: both energies per kg and, for comparison only, the mass driver's electricity
        cost per kg against Starship's cost per kg.

    References
    ----------
    .. [1] physics.launch.propellant_energy_per_kg_payload; physics.massdriver.mass_driver_energy.
    """
    starship = launch.propellant_energy_per_kg_payload(
        x["propellant_mass"], x["payload"], launch.fuel_mass_fraction(x["oxidiser_to_fuel"]), x["fuel_lhv"]
    )
    velocity = massdriver.escape_velocity_from_gm(x["moon_gm"], x["moon_radius"])
    driver = massdriver.mass_driver_energy(velocity, x["efficiency"])
    mj_per_kg = Unit("J/kg", "MJ/kg")
    usd_per_kg = Unit("USD/kg", "USD/kg")
    return Computed(
        starship / driver,
        (
            Detail("Starship methane energy per kg to LEO", _f(starship), mj_per_kg),
            Detail("mass-driver electricity per kg to lunar escape", _f(driver), mj_per_kg),
            Detail(
                "mass-driver electricity cost per kg (US industrial price)",
                _f(driver * x["electricity_price"]),
                usd_per_kg,
            ),
            Detail("Starship cost per kg (NASA OTPS baseline)", _f(x["launch_cost"]), usd_per_kg),
        ),
    )


@_evaluator
def orbit_vs_earth_cost_ratio(x: Inputs) -> Computed:
    """Total cost of ownership of an orbital datacentre over a terrestrial one (physics.datacentre, physics.tco).

    Parameters
    ----------
    x : mapping
        ``launch_cost`` [USD/kg], ``electricity_price`` [USD/J], ``array_specific_power`` [W/kg],
        ``radiator_areal_density`` [kg/m^2], ``lifetime`` [yr], ``satellite_cost`` [USD/W of array],
        ``facility_cost`` [USD/W of IT], ``gpu_cost`` [USD/W of IT, the same on both sides]. Everything else at
        compare_datacentres's sourced defaults (1 GW of IT).

    Returns
    -------
    Computed
        Cost ratio orbit ÷ Earth [1]; details per GW of IT: mass launched, launches, each side's largest cost
        items and totals, the GPUs with their replacements, the ratio with GPUs left out, the break-even launch
        price; caveat: the break-even launch price.
    """
    result = datacentre.compare_datacentres(
        lifetime_years=x["lifetime"],
        electricity_price_usd_per_j=x["electricity_price"],
        launch_cost_usd_per_kg=x["launch_cost"],
        array_specific_power_w_per_kg=x["array_specific_power"],
        radiator_areal_density_kg_m2=x["radiator_areal_density"],
        satellite_usd_per_w=x["satellite_cost"],
        facility_capex_usd_per_w=x["facility_cost"],
        gpu_cost_usd_per_w=x["gpu_cost"],
    )
    usd = Unit("USD", "USD")
    o, e = result.orbit, result.earth
    gpus = _f(e.costs["GPUs"]) + _f(e.costs["GPU replacements"])  # the same chips on both sides
    break_even = _f(result.break_even_launch_usd_per_kg)
    without_launch = _f(o.cost_usd) - _f(o.launch_cost_usd)
    caveat = (
        f"break-even launch price ${break_even:,.0f}/kg"
        if break_even >= 0
        else f"no launch price breaks even: without launch the orbit still costs {without_launch / _f(e.cost_usd):.1f}× "
        "the Earth site"
    )
    return Computed(
        np.asarray(o.cost_usd) / np.asarray(e.cost_usd),
        (
            Detail("mass to orbit per GW of IT", _f(o.mass_to_orbit_kg), Unit("kg", "[mass]")),
            Detail("Starship launches per GW of IT", _f(o.launches), _COUNT),
            Detail("orbit: launch, replacements included", _f(o.launch_cost_usd), usd),
            Detail("orbit: satellites (bus and arrays)", _f(o.costs["satellites (bus and arrays)"]), usd),
            Detail("orbit: radiators", _f(o.costs["radiators"]), usd),
            Detail("orbit: total cost of ownership", _f(o.cost_usd), usd),
            Detail("Earth: electricity", _f(e.electricity_cost_usd), usd),
            Detail(
                "Earth: facility (electrical, cooling, building and land, fit-out) and upkeep",
                sum(_f(v) for k, v in e.costs.items() if k.startswith("facility")),
                usd,
            ),
            Detail("Earth: total cost of ownership", _f(e.cost_usd), usd),
            Detail("each side: GPUs and their replacements (refresh)", gpus, usd),
            Detail(
                "orbit ÷ Earth with GPUs left out of both",
                (_f(o.cost_usd) - gpus) / (_f(e.cost_usd) - gpus),
                _RATIO,
            ),
            Detail("break-even launch price", break_even, Unit("USD/kg", "USD/kg")),
        ),
        caveat=caveat,
    )


@_evaluator
def energy_at_power_for_a_year(x: Inputs) -> Computed:
    """Energy drawn by a facility at full power for a Julian year, with rack count for scale.

    Parameters
    ----------
    x : mapping
        ``power`` facility power [W], ``pue`` [1], ``rack_power`` of one GB200 NVL72 rack [W],
        ``datacentres_2024`` world datacentre electricity in 2024 [J].

    Returns
    -------
    Computed
        Energy per year [J]; details: GB200 NVL72 racks and GPUs the IT power would feed, share of world
        datacentre electricity.
    """
    energy = x["power"] * SECONDS_PER_YEAR
    it_power = x["power"] / x["pue"]
    racks = it_power / x["rack_power"]
    return Computed(
        energy,
        (
            Detail("IT power at that PUE", _f(it_power), _POWER),
            Detail("GB200 NVL72 racks it would feed", _f(racks), _COUNT),
            Detail("GPUs in those racks (72 each)", _f(racks * 72.0), _COUNT),
            Detail(
                "share of world datacentre electricity in 2024 (IEA)",
                _f(energy / x["datacentres_2024"]),
                _PERCENT,
            ),
        ),
    )


@_evaluator
def mining_revenue_per_energy(x: Inputs) -> Computed:
    """Bitcoin mining revenue per joule: ``hashprice / ASIC efficiency``, converted to yen.

    Parameters
    ----------
    x : mapping
        ``hashprice`` [USD/hash], ``asic_efficiency`` [J/hash], ``jpy_per_usd`` [JPY/USD], ``claimed`` revenue
        per joule [JPY/J], ``mined_energy`` surplus [J] and ``mined_share`` [1] (for the details).

    Returns
    -------
    Computed
        Revenue per joule consumed [JPY/J]; details: the same in USD/kWh, the revenue of the mined energy, the
        hashprice the claimed ¥/kWh implies.
    """
    usd_per_j = x["hashprice"] / x["asic_efficiency"]
    jpy_per_j = usd_per_j * x["jpy_per_usd"]
    mined = x["mined_energy"] * x["mined_share"]
    implied_hashprice = x["claimed"] / x["jpy_per_usd"] * x["asic_efficiency"] * _PH_DAY
    return Computed(
        jpy_per_j,
        (
            Detail("revenue per kWh in dollars", _f(usd_per_j), Unit("USD/J", "USD/kWh")),
            Detail("revenue from the mined energy (24 TWh)", _f(jpy_per_j * mined), Unit("JPY", "JPY")),
            Detail(
                "hashprice implied by the claimed ¥/kWh at this ASIC efficiency (USD per PH/s per day)",
                _f(implied_hashprice),
                _COUNT,
            ),
        ),
    )


@_evaluator
def curtailed_share_of_renewables(x: Inputs) -> Computed:
    """Surplus as a share of renewable output: ``surplus / (renewable share · demand)``.

    Parameters
    ----------
    x : mapping
        ``surplus`` [J], ``renewable_share`` [1], ``demand`` [J], ``curtailed_fy2023`` [J] (all per year).

    Returns
    -------
    Computed
        Share of renewable output curtailed [1]; details: surplus as a share of total demand.
    """
    multiple = _f(x["surplus"] / x["curtailed_fy2023"])
    return Computed(
        x["surplus"] / (x["renewable_share"] * x["demand"]),
        (
            Detail("surplus ÷ Japan's FY2023 electricity demand", _f(x["surplus"] / x["demand"]), _PERCENT),
            Detail("surplus ÷ Japan's FY2023 solar and wind curtailment", multiple, _RATIO),
        ),
        caveat=f"{format_value(_f(x['surplus']), Unit('J', 'TWh'))} is {multiple:,.0f}× Japan's FY2023 "
        f"curtailment ({format_value(_f(x['curtailed_fy2023']), Unit('J', 'TWh'))})",
    )


def _mining_details(mining: float) -> tuple[Detail, ...]:
    per_mw_year = Unit("USD", "USD")
    return (
        Detail("mining revenue per MW-year at full uptime", _f(markets.per_mw_year(mining)), per_mw_year),
        Detail("mining revenue per kWh", _f(mining), Unit("USD/J", "USD/kWh")),
    )


@_evaluator
def ai_vs_mining_revenue_ratio(x: Inputs) -> Computed:
    """AI hosting revenue per unit of power over bitcoin mining's: ``R_AI / (hashprice / efficiency)``.

    Parameters
    ----------
    x : mapping
        ``ai_revenue`` [USD/(W·s)], ``hashprice`` [USD/hash], ``asic_efficiency`` [J/hash].

    Returns
    -------
    Computed
        The ratio [1]; details: both revenues per MW-year.
    """
    mining = x["hashprice"] / x["asic_efficiency"]
    per_mw_year = Unit("USD", "USD")
    return Computed(
        x["ai_revenue"] / mining,
        (
            Detail("AI revenue per MW-year", _f(markets.per_mw_year(x["ai_revenue"])), per_mw_year),
            *_mining_details(mining),
        ),
    )


@_evaluator
def ai_cloud_net_vs_mining_ratio(x: Inputs) -> Computed:
    """AI cloud revenue net of GPU amortisation over mining revenue: ``(R − c_GPU / L) / (hashprice / eff)``.

    Parameters
    ----------
    x : mapping
        ``ai_revenue`` [USD/(W·s)], ``gpu_cost`` [USD/W of IT], ``lifetime`` [yr], ``hashprice`` [USD/hash],
        ``asic_efficiency`` [J/hash].

    Returns
    -------
    Computed
        The ratio [1]; details: gross revenue, amortisation and net per MW-year, the gross ratio, mining revenue.

    References
    ----------
    .. [1] physics.markets (AI_CLOUD_REVENUE, GPU_CAPEX, HASHPRICE, ASIC_EFFICIENCY); straight-line amortisation.
    """
    mining = x["hashprice"] / x["asic_efficiency"]
    amortisation = x["gpu_cost"] / (x["lifetime"] * SECONDS_PER_YEAR)  # USD/(W s)
    net = x["ai_revenue"] - amortisation
    per_mw_year = Unit("USD", "USD")
    return Computed(
        net / mining,
        (
            Detail("AI cloud revenue per MW-year", _f(markets.per_mw_year(x["ai_revenue"])), per_mw_year),
            Detail("GPU capital written off per MW-year", _f(markets.per_mw_year(amortisation)), per_mw_year),
            Detail("AI cloud revenue net of GPUs per MW-year", _f(markets.per_mw_year(net)), per_mw_year),
            Detail(
                "gross cloud revenue ÷ mining revenue (VanEck's basis)", _f(x["ai_revenue"] / mining), _RATIO
            ),
            *_mining_details(mining),
        ),
    )


@_evaluator
def growth(x: Inputs) -> Computed:
    """Relative growth: ``future / base − 1``.

    Parameters
    ----------
    x : mapping
        ``future``, ``base`` [same unit].

    Returns
    -------
    Computed
        Growth. [1]
    """
    return Computed(x["future"] / x["base"] - 1.0)


@_evaluator
def landauer_headroom(x: Inputs) -> Computed:
    """Energy per FLOP of a GPU in units of the Landauer limit (kT ln 2 at 300 K).

    Parameters
    ----------
    x : mapping
        ``flops`` [FLOP/s], ``power`` [W], ``relative_efficiency`` claimed for a thermodynamic sampler [1].

    Returns
    -------
    Computed
        ``(1 / FLOP_per_J) / (k T ln 2)`` [1]; details: FLOP/J, the Landauer limit, and what is left above the
        limit after the claimed gain.

    References
    ----------
    .. [1] physics.compute.relative_to_landauer, flop_per_joule, landauer_limit.
    """
    efficiency = compute.flop_per_joule(x["flops"], x["power"])
    headroom = compute.relative_to_landauer(efficiency, 300.0)
    return Computed(
        headroom,
        (
            Detail("GPU efficiency (chip only)", _f(efficiency), Unit("FLOP/J", "FLOP/J")),
            Detail("Landauer limit at 300 K", _f(compute.landauer_limit(300.0)), Unit("J", "J")),
            Detail(
                "still above the limit after the claimed gain",
                _f(headroom / x["relative_efficiency"]),
                _RATIO,
            ),
        ),
    )
