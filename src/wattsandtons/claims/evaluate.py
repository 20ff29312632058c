"""Evaluate the essays' claims: compute each figure with :mod:`wattsandtons.physics`, derive the verdict.

How a check is evaluated
------------------------
1. Its inputs are looked up by key (see :mod:`wattsandtons.claims.data`) and the evaluation function named by
   ``Check.evaluate`` computes the figure at the inputs' central values.
2. The same function is evaluated, vectorised, at every corner of the inputs' low/high ranges (each input that
   has a range and is not ``fixed`` or overridden takes its low and its high value; all combinations). For the
   monotone relations used here the extremes lie on those corners.
3. :func:`judge` compares the central value and the corners with the claim and returns the verdict:

   * **holds** — the central value satisfies the claim, and so does every corner;
   * **holds under stated assumptions** — the central value does, some corner does not (the inputs whose own
     low or high breaks it are named), or it rests on an input flagged as a vendor claim or a simulation
     (named), or the central value misses but one input at an end of its published range satisfies it (named);
   * **holds on energy only** — a cost claim checked on its energy side (``Check.basis == "energy"``): the
     energy holds, the cost cannot be checked from physics;
   * **off by ×N** — the central value does not; N = computed ÷ claimed (the bound that is missed for a range
     or an inequality), rounded to two significant figures, with the direction;
   * **premise implausible** — the computed figure contradicts a sourced reference (``Check.premise``), named;
   * **not checkable** — the claim has no number physics can compare; why is given.

   The one-line verdict text carries the key caveat: the check's own (``Check.caveat``) and any the evaluation
   computes (``Computed.caveat``, e.g. C2's "1e-9 of the Sun = 2.2× all sunlight reaching the Earth").

Verdicts are never typed in: change an input (``overrides``, or a different Reference in
:data:`wattsandtons.claims.data.FIGURES`) and the verdict follows.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from wattsandtons.claims.data import CLAIMS, FIGURES, Check, Claim, Claimed, Unit
from wattsandtons.errors import WattsAndTonsError
from wattsandtons.physics import compute, datacentre, kardashev, launch, massdriver, solar
from wattsandtons.physics import reference as physics_reference
from wattsandtons.physics.reference import JULIAN_YEAR, Reference
from wattsandtons.units import format_quantity

__all__ = [
    "EVALUATORS",
    "HOLDS",
    "HOLDS_ON_ENERGY_ONLY",
    "HOLDS_UNDER_ASSUMPTIONS",
    "NOT_CHECKABLE",
    "OFF_BY",
    "PREMISE_IMPLAUSIBLE",
    "SCHEMA_VERSION",
    "VERDICT_KINDS",
    "Assumption",
    "CheckResult",
    "ClaimsError",
    "Computed",
    "Detail",
    "Verdict",
    "evaluate_check",
    "evaluate_claims",
    "format_value",
    "judge",
    "render_json",
    "render_markdown",
    "report",
    "resolve",
    "select_claims",
]

#: Version of the JSON document :func:`report` builds; raised whenever a field changes meaning or goes away.
SCHEMA_VERSION = 2

HOLDS = "holds"
HOLDS_UNDER_ASSUMPTIONS = "holds under stated assumptions"
HOLDS_ON_ENERGY_ONLY = "holds on energy only"
OFF_BY = "off by"
PREMISE_IMPLAUSIBLE = "premise implausible"
NOT_CHECKABLE = "not checkable"
#: The six verdict kinds, from best to worst supported (docs/claims.md explains each).
VERDICT_KINDS = (
    HOLDS,
    HOLDS_UNDER_ASSUMPTIONS,
    HOLDS_ON_ENERGY_ONLY,
    OFF_BY,
    PREMISE_IMPLAUSIBLE,
    NOT_CHECKABLE,
)

_YEAR = JULIAN_YEAR.value
_KWH = 3.6e6
_PH_DAY = 1e15 * 86400.0

Value = float | npt.NDArray[np.float64]
Inputs = Mapping[str, Any]


class ClaimsError(WattsAndTonsError, ValueError):
    """A bad request to the claims checker: unknown claim id, unknown input key or parameter."""


# --- Results ------------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Assumption:
    """One input as used: parameter name, the Reference key, value and range (SI), source, whether varied."""

    name: str
    key: str
    value: float
    unit: str
    low: float | None
    high: float | None
    source: str
    note: str
    varied: bool
    range_note: str = ""
    caveat: str = ""

    def display_central(self) -> str:
        """The central value in readable units."""
        return _display_reference_value(self.value, self.unit)

    def display_end(self, end: str) -> str:
        """The ``"low"`` or ``"high"`` end of the range in readable units."""
        x = self.low if end == "low" else self.high
        return _display_reference_value(self.value if x is None else x, self.unit)

    def display(self) -> str:
        """The value (and range) in readable units."""
        text = _display_reference_value(self.value, self.unit)
        if self.varied and (self.low is not None or self.high is not None):
            lo = _display_reference_value(self.low if self.low is not None else self.value, self.unit)
            hi = _display_reference_value(self.high if self.high is not None else self.value, self.unit)
            text += f" (range {lo} … {hi})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "name": self.name,
            "key": self.key,
            "value": _json_float(self.value),
            "unit": self.unit,
            "low": _json_float(self.low),
            "high": _json_float(self.high),
            "varied": self.varied,
            "display": self.display(),
            "source": self.source,
            "note": self.note,
            "range_note": self.range_note,
            "caveat": self.caveat,
        }


@dataclass(frozen=True)
class Verdict:
    """A derived verdict: ``kind`` (one of :data:`VERDICT_KINDS`), ``text``, ``factor`` for "off by", reason."""

    kind: str
    text: str
    factor: float | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "kind": self.kind,
            "text": self.text,
            "factor": _json_float(self.factor),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CheckResult:
    """One row of the claims table: the check, its computed value and range, verdict, assumptions, sources."""

    claim: Claim
    check: Check
    value: float | None
    low: float | None
    high: float | None
    verdict: Verdict
    assumptions: tuple[Assumption, ...]
    details: tuple[Detail, ...]
    sources: tuple[str, ...]

    @property
    def id(self) -> str:
        """The check's id (``C4a``; the claim's id when the claim has a single check)."""
        return self.check.id

    def computed_text(self) -> str:
        """The computed value for people, with its range when the inputs' ranges move it."""
        if self.value is None:
            return "—"
        text = format_value(self.value, self.check.unit)
        if self.low is not None and self.high is not None and not math.isclose(self.low, self.high):
            text += (
                f" ({format_value(self.low, self.check.unit)} … {format_value(self.high, self.check.unit)})"
            )
        return text

    def claimed_text(self) -> str:
        """The claim's number and the comparison used."""
        return _claimed_text(self.check.claimed, self.check.unit)

    def to_dict(self) -> dict[str, Any]:
        """The row as a JSON-safe dict (see docs/claims.md for the schema)."""
        c = self.check.claimed
        computed = (
            None
            if self.value is None
            else {
                "value": _json_float(self.value),
                "low": _json_float(self.low),
                "high": _json_float(self.high),
                "unit": self.check.unit.si,
                "display": self.computed_text(),
            }
        )
        return {
            "id": self.check.id,
            "claim_id": self.claim.id,
            "essay": self.claim.essay,
            "claim": self.claim.text,
            "quantity": self.check.quantity,
            "interpretation": self.check.interpretation,
            "evaluation": self.check.evaluate,
            "computed": computed,
            "claimed": {
                "text": c.text,
                "comparison": c.comparison,
                "value": _json_float(c.value),
                "low": _json_float(c.low),
                "high": _json_float(c.high),
                "tolerance": _json_float(c.tolerance),
                "tolerance_kind": c.tolerance_kind if c.comparison == "approx" else None,
                "unit": self.check.unit.si,
                "display": self.claimed_text(),
            },
            "verdict": self.verdict.to_dict(),
            "assumptions": [a.to_dict() for a in self.assumptions],
            "details": [d.to_dict() for d in self.details],
            "sources": list(self.sources),
            "notes": list(self.check.notes),
        }


# --- Input lookup -------------------------------------------------------------------------------------------


def resolve(key: str) -> Reference:
    """The sourced Reference behind an input key.

    Looked up, in order, in :data:`wattsandtons.claims.data.FIGURES`, in
    :func:`wattsandtons.physics.reference.references` and among the module-level References of
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
    table = physics_reference.references()
    if key in table:
        return table[key]
    found = getattr(launch, key, None)
    if isinstance(found, Reference):
        return found
    raise ClaimsError(f"unknown input figure {key!r}: not in claims.data.FIGURES nor physics.reference")


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
    target_mass_per_year = x["target"] * _YEAR / x["specific_power"]
    flights_for_target = launch.flights_per_year(target_mass_per_year, x["payload"])
    physics_sp = _physics_satellite_specific_power()
    per_year = Unit("1/s", "per_year")
    return Computed(
        power_rate,
        (
            Detail("Starship flights a year at that cadence", _f(x["cadence"]), per_year),
            Detail("mass launched a year", _f(mass_rate), Unit("kg/s", "[mass]/[time]")),
            Detail("flights a year needed for the target", _f(flights_for_target / _YEAR), per_year),
            Detail(
                "mass a year needed for the target",
                _f(target_mass_per_year / _YEAR),
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
        f"{format_value(_f(x['target']), _POWER_RATE)} needs {_f(flights) * _YEAR:,.0f} flights a year "
        f"({_f(flights) * 3600:.1f} an hour) of {payloads['payload'] / 1e3:.0f} t at "
        f"{_f(x['specific_power']):.0f} W/kg, {ours_flights * _YEAR:,.0f} at our satellite's {ours:.1f} W/kg"
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
                _f(power / (x["target"] * _YEAR)),
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
    in_three = x["start"] * np.exp(per_span * 3.0 * _YEAR / x["span"])
    annual = 1.0 - np.exp(per_span * _YEAR / x["span"])
    usd_per_kg = Unit("USD/kg", "USD/kg")
    return Computed(
        seconds,
        (
            Detail("price fall per year on the trend", _f(annual), _PERCENT),
            Detail("price after three more years on the trend", _f(in_three), usd_per_kg),
        ),
        caveat=f"on the 2013–22 trend ({_f(annual):.1%} a year) ${_f(x['start']):,.0f}/kg is "
        f"${_f(in_three):,.0f}/kg in 3 years and reaches ${_f(x['target']):,.0f}/kg in "
        f"{_f(seconds) / _YEAR:.0f} years",
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
        ``facility_cost`` [USD/W of IT]. Everything else at compare_datacentres's sourced defaults (1 GW of IT).

    Returns
    -------
    Computed
        Cost ratio orbit ÷ Earth [1]; details per GW of IT: mass launched, launches, each side's largest cost
        items and totals, the break-even launch price; caveat: the break-even launch price.
    """
    result = datacentre.compare_datacentres(
        lifetime_years=x["lifetime"],
        electricity_price_usd_per_j=x["electricity_price"],
        launch_cost_usd_per_kg=x["launch_cost"],
        array_specific_power_w_per_kg=x["array_specific_power"],
        radiator_areal_density_kg_m2=x["radiator_areal_density"],
        satellite_usd_per_w=x["satellite_cost"],
        facility_capex_usd_per_w=x["facility_cost"],
    )
    usd = Unit("USD", "USD")
    o, e = result.orbit, result.earth
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
    energy = x["power"] * _YEAR
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


@_evaluator
def ai_vs_mining_revenue_ratio(x: Inputs) -> Computed:
    """AI/HPC hosting revenue per unit of power over bitcoin mining's: ``R_AI / (hashprice / efficiency)``.

    Parameters
    ----------
    x : mapping
        ``ai_revenue`` [USD/J], ``hashprice`` [USD/hash], ``asic_efficiency`` [J/hash].

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
            Detail("AI/HPC hosting revenue per MW-year", _f(x["ai_revenue"] * 1e6 * _YEAR), per_mw_year),
            Detail("mining revenue per MW-year at full uptime", _f(mining * 1e6 * _YEAR), per_mw_year),
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


# --- Verdicts -----------------------------------------------------------------------------------------------


def _satisfies(claimed: Claimed, x: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Whether each value satisfies the claim's comparison."""
    if claimed.comparison == "approx":
        assert claimed.value is not None and claimed.tolerance is not None
        v, t = claimed.value, claimed.tolerance
        if claimed.tolerance_kind == "absolute":
            return np.asarray(np.abs(x - v) <= t * (1 + 1e-12))
        if claimed.tolerance_kind == "relative":
            return np.asarray(np.abs(x - v) <= t * abs(v) * (1 + 1e-12))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = x / v
            return np.asarray((ratio > 0) & (np.maximum(ratio, 1.0 / ratio) <= t * (1 + 1e-12)))
    if claimed.comparison == "range":
        assert claimed.low is not None and claimed.high is not None
        return np.asarray((x >= claimed.low) & (x <= claimed.high))
    if claimed.comparison == "at_least":
        assert claimed.value is not None
        return np.asarray(x >= claimed.value)
    if claimed.comparison == "at_most":
        assert claimed.value is not None
        return np.asarray(x <= claimed.value)
    raise ClaimsError(f"claim comparison {claimed.comparison!r} cannot be judged")


def _missed_bound(claimed: Claimed, x: float) -> float:
    """The claimed number the computed value is measured against when it misses."""
    if claimed.comparison == "range":
        assert claimed.low is not None and claimed.high is not None
        return claimed.low if x < claimed.low else claimed.high
    assert claimed.value is not None
    return claimed.value


def _round_sig(x: float, digits: int = 2) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _factor_text(factor: float) -> str:
    rounded = _round_sig(factor, 2)
    if abs(rounded) >= 100:
        return f"{rounded:,.0f}"
    if abs(rounded) >= 10:
        return f"{rounded:.0f}"
    return f"{rounded:.2g}"


def judge(
    claimed: Claimed,
    central: float | None,
    corners: Sequence[float] | npt.ArrayLike = (),
    unit: Unit | None = None,
) -> Verdict:
    """Derive the verdict for a computed value against a claim.

    Parameters
    ----------
    claimed : Claimed
        The claim's number and comparison.
    central : float or None
        The computed value at central inputs (``None`` when nothing was computed). [check's SI unit]
    corners : sequence of float
        The computed value at every corner of the inputs' low/high ranges (may be empty). [same]
    unit : Unit, optional
        Unit of the values, to write the spread in the reason readably; SI numbers without it.

    Returns
    -------
    Verdict
        ``holds`` (central and every corner satisfy the claim), ``holds under stated assumptions`` (central
        does, some corner does not), ``off by ×N`` (central does not; N = computed ÷ claimed bound) or ``not
        checkable from physics`` (the claim has no comparison, or nothing was computed).
    """
    if claimed.comparison == "none":
        return Verdict(NOT_CHECKABLE, f"{NOT_CHECKABLE}: {claimed.reason}", reason=claimed.reason)
    if central is None or not math.isfinite(central):
        return Verdict(NOT_CHECKABLE, f"{NOT_CHECKABLE}: no value could be computed", reason="no value")
    values = np.asarray(corners, dtype=np.float64).reshape(-1)
    spread = np.concatenate([[central], values])
    lo, hi = float(np.min(spread)), float(np.max(spread))
    span = (
        f"{format_value(lo, unit)} … {format_value(hi, unit)}"
        if unit is not None
        else f"{lo:.4g} … {hi:.4g} (SI)"
    )
    if bool(_satisfies(claimed, np.asarray([central]))[0]):
        if values.size == 0 or bool(np.all(_satisfies(claimed, values))):
            return Verdict(HOLDS, HOLDS)
        return Verdict(
            HOLDS_UNDER_ASSUMPTIONS,
            HOLDS_UNDER_ASSUMPTIONS,
            reason=f"holds at central values; across the inputs' low/high ranges the value spans {span}, "
            "partly outside the claim",
        )
    factor = central / _missed_bound(claimed, central)
    direction = "computed below the claim" if factor < 1 else "computed above the claim"
    somewhere = values.size > 0 and bool(np.any(_satisfies(claimed, values)))
    reason = "at central values" + (
        f"; it would hold somewhere inside the inputs' ranges (the value spans {span})" if somewhere else ""
    )
    return Verdict(OFF_BY, f"off by ×{_factor_text(factor)} ({direction})", factor=factor, reason=reason)


def _with_caveat(text: str, caveats: Sequence[str]) -> str:
    """The verdict line with its caveats appended after a dash."""
    extra = "; ".join(c for c in caveats if c)
    return f"{text} — {extra}" if extra else text


def _label(a: Assumption) -> str:
    """How an input is named in a verdict: its parameter name, or its figure's key when the name says nothing."""
    return (a.key if a.name == "value" else a.name).lower().replace("_", " ")


def _named(assumptions: Sequence[Assumption]) -> str:
    return ", ".join(
        f"{_label(a)} {a.display_central()}" + (f" ({a.caveat})" if a.caveat else "") for a in assumptions
    )


def _premise_verdict(check: Check, value: float, unit: Unit) -> Verdict | None:
    """PREMISE_IMPLAUSIBLE when the computed value breaks the check's premise, else None."""
    premise = check.premise
    if premise is None:
        return None
    limit = premise.factor * resolve(premise.key).value
    broken = value > limit if premise.comparison == "at_most" else value < limit
    if not broken:
        return None
    bound = "above" if premise.comparison == "at_most" else "below"
    ratio = value / resolve(premise.key).value
    text = (
        f"{PREMISE_IMPLAUSIBLE}: {format_value(value, unit)} is {_factor_text(ratio)}× {premise.reference}, "
        f"{bound} the plausible {format_value(limit, unit)}"
    )
    return Verdict(PREMISE_IMPLAUSIBLE, text, reason=f"contradicts {premise.reference}")


def verdict_for(
    check: Check,
    value: float | None,
    corners: npt.NDArray[np.float64],
    ends: Sequence[tuple[Assumption, str, float]],
    assumptions: Sequence[Assumption],
    computed_caveat: str = "",
) -> Verdict:
    """The verdict of one check: :func:`judge` refined by premise, basis, flagged inputs and range ends.

    Parameters
    ----------
    check : Check
        The check (its claim, ``basis``, ``premise`` and ``caveat``).
    value : float or None
        Computed value at central inputs. [check's SI unit]
    corners : array
        Values at every corner of the varied inputs' ranges. [same]
    ends : sequence of (Assumption, "low" or "high", float)
        The value with one varied input at one end of its range, the others central. [same]
    assumptions : sequence of Assumption
        Every input as used (to name those flagged with a caveat).
    computed_caveat : str
        The caveat the evaluation function computed.

    Returns
    -------
    Verdict
        One of :data:`VERDICT_KINDS`; its ``text`` is the one-line verdict with the key caveat.
    """
    caveats = (computed_caveat, check.caveat)
    if value is not None and math.isfinite(value):
        implausible = _premise_verdict(check, value, check.unit)
        if implausible is not None:
            return Verdict(
                implausible.kind, _with_caveat(implausible.text, caveats), reason=implausible.reason
            )
    base = judge(check.claimed, value, corners, check.unit)
    if base.kind == NOT_CHECKABLE:
        why = check.caveat or base.reason or ""
        return Verdict(NOT_CHECKABLE, _with_caveat(f"{NOT_CHECKABLE}: {why}", (computed_caveat,)), reason=why)
    named = ""
    kind, reason = base.kind, base.reason
    if base.kind == OFF_BY:
        saving = [(a, end) for a, end, v in ends if bool(_satisfies(check.claimed, np.asarray([v]))[0])]
        if not saving:
            return Verdict(OFF_BY, _with_caveat(base.text, caveats), factor=base.factor, reason=base.reason)
        named = ", ".join(f"{_label(a)} at its {end} ({a.display_end(end)})" for a, end in saving)
        kind, reason = HOLDS_UNDER_ASSUMPTIONS, f"misses at central values ({base.text}); holds with {named}"
    else:
        breaking = _unique_assumptions(
            a for a, _end, v in ends if not bool(_satisfies(check.claimed, np.asarray([v]))[0])
        )
        flagged = [a for a in assumptions if a.caveat and a not in breaking and a.name not in check.fixed]
        if breaking or flagged:
            kind, named = HOLDS_UNDER_ASSUMPTIONS, _named([*breaking, *flagged])
        elif base.kind == HOLDS_UNDER_ASSUMPTIONS:
            named = "the inputs' central values together"
    if check.basis == "energy":
        text = f"{HOLDS_ON_ENERGY_ONLY} — cost not checkable" + (f"; assumes {named}" if named else "")
        return Verdict(HOLDS_ON_ENERGY_ONLY, _with_caveat(text, caveats), reason=reason)
    text = f"{kind}: {named}" if named else kind
    return Verdict(kind, _with_caveat(text, caveats), reason=reason)


def _unique_assumptions(items: Iterable[Assumption]) -> list[Assumption]:
    seen: list[Assumption] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


# --- Running checks -----------------------------------------------------------------------------------------


def _corner_inputs(
    refs: Mapping[str, Reference], central: Mapping[str, float], varied: Sequence[str]
) -> dict[str, Any] | None:
    """Inputs as arrays over every low/high corner of the varied inputs; ``None`` if none is varied."""
    if not varied:
        return None
    options = []
    for name in varied:
        ref = refs[name]
        options.append(
            sorted(
                {
                    ref.low if ref.low is not None else ref.value,
                    ref.high if ref.high is not None else ref.value,
                }
            )
        )
    grid = np.array(list(itertools.product(*options)), dtype=np.float64)
    inputs: dict[str, Any] = {name: np.full(len(grid), x) for name, x in central.items()}
    for column, name in enumerate(varied):
        inputs[name] = grid[:, column]
    return inputs


def evaluate_check(claim: Claim, check: Check, overrides: Mapping[str, float] | None = None) -> CheckResult:
    """Evaluate one check: compute at central inputs and over the inputs' ranges, derive the verdict.

    Parameters
    ----------
    claim : Claim
        The claim the check belongs to.
    check : Check
        The check.
    overrides : mapping of str to float, optional
        Input values to use instead of the sourced ones, by parameter name (SI). An overridden input is
        recorded as "given by the caller" and is not varied over a range.

    Returns
    -------
    CheckResult
        The row: computed value and range, verdict, assumptions with sources, details, sources.

    Raises
    ------
    ClaimsError
        If an override names no input of the check, or an input key or evaluation function is unknown.
    PhysicsError
        If an input is physically impossible (e.g. a negative mass from an override).
    """
    given = dict(overrides or {})
    unknown = sorted(set(given) - set(check.inputs))
    if unknown:
        raise ClaimsError(
            f"{check.id}: no input named {', '.join(unknown)}; inputs: {', '.join(check.inputs)}"
        )
    refs = {name: resolve(key) for name, key in check.inputs.items()}
    central = {name: float(given.get(name, ref.value)) for name, ref in refs.items()}
    varied = [
        name
        for name, ref in refs.items()
        if name not in check.fixed and name not in given and (ref.low is not None or ref.high is not None)
    ]
    assumptions = tuple(
        Assumption(
            name=name,
            key=check.inputs[name],
            value=central[name],
            unit=ref.unit,
            low=None if name in given else ref.low,
            high=None if name in given else ref.high,
            source="given by the caller" if name in given else ref.source,
            note="" if name in given else ref.note,
            varied=name in varied,
            range_note="" if name in given else ref.range_note,
            caveat="" if name in given else ref.caveat,
        )
        for name, ref in refs.items()
    )
    value: float | None = None
    low: float | None = None
    high: float | None = None
    details: tuple[Detail, ...] = ()
    corners: npt.NDArray[np.float64] = np.empty(0)
    ends: list[tuple[Assumption, str, float]] = []
    caveat = ""
    if check.evaluate is not None:
        if check.evaluate not in EVALUATORS:
            raise ClaimsError(f"{check.id}: unknown evaluation function {check.evaluate!r}")
        func = EVALUATORS[check.evaluate]
        result = func(central)
        value, details, caveat = _f(result.value), result.details, result.caveat
        corners = _evaluate_grid(func, _corner_inputs(refs, central, varied))
        by_name = {a.name: a for a in assumptions}
        labels, end_inputs = _end_inputs(refs, central, varied)
        ends = [
            (by_name[name], end, float(v))
            for (name, end), v in zip(labels, _evaluate_grid(func, end_inputs), strict=True)
        ]
        spread = np.concatenate([[value], corners])
        low, high = float(np.min(spread)), float(np.max(spread))
    verdict = verdict_for(check, value, corners, ends, assumptions, caveat)
    sources = _unique(
        [a.source for a in assumptions if a.source != "given by the caller"] + list(check.sources)
    )
    return CheckResult(claim, check, value, low, high, verdict, assumptions, details, tuple(sources))


def _evaluate_grid(func: Evaluator, inputs: dict[str, Any] | None) -> npt.NDArray[np.float64]:
    """The evaluation function over array inputs (all arrays of one length), as a 1-d array."""
    if inputs is None:
        return np.empty(0)
    n = max(np.size(v) for v in inputs.values())
    return np.broadcast_to(np.asarray(func(inputs).value, dtype=np.float64), (n,)).copy()


def _end_inputs(
    refs: Mapping[str, Reference], central: Mapping[str, float], varied: Sequence[str]
) -> tuple[list[tuple[str, str]], dict[str, Any] | None]:
    """Inputs with one varied input at one end of its range and the rest central: labels and array inputs."""
    labels: list[tuple[str, str]] = []
    rows: list[dict[str, float]] = []
    for name in varied:
        for end in ("low", "high"):
            x = getattr(refs[name], end)
            if x is not None and x != central[name]:
                labels.append((name, end))
                rows.append({**central, name: float(x)})
    if not rows:
        return labels, None
    return labels, {name: np.array([r[name] for r in rows], dtype=np.float64) for name in central}


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def select_claims(
    ids: Sequence[str] | None = None, claims: Sequence[Claim] = CLAIMS
) -> list[tuple[Claim, Check]]:
    """The (claim, check) pairs named by ``ids``: a claim id (``C4``) selects all its checks, a check id one.

    Parameters
    ----------
    ids : sequence of str, optional
        Claim or check ids, case-insensitive; ``None`` or empty selects everything.
    claims : sequence of Claim
        The claims to choose from; :data:`wattsandtons.claims.data.CLAIMS` by default.

    Returns
    -------
    list of (Claim, Check)
        In the claims' own order.

    Raises
    ------
    ClaimsError
        If an id names no claim or check.
    """
    pairs = [(claim, check) for claim in claims for check in claim.checks]
    if not ids:
        return pairs
    wanted = {i.strip().upper() for i in ids}
    known = {c.id.upper() for c in claims} | {k.id.upper() for _, k in pairs}
    unknown = sorted(wanted - known, key=_natural_key)
    if unknown:
        raise ClaimsError(
            f"unknown claim id {', '.join(unknown)}; known: {', '.join(c.id for c in claims)} "
            "(or a check id such as C4a)"
        )
    return [
        (claim, check) for claim, check in pairs if claim.id.upper() in wanted or check.id.upper() in wanted
    ]


def _natural_key(text: str) -> tuple[str, int, str]:
    digits = "".join(ch for ch in text[1:] if ch.isdigit())
    return (text[:1], int(digits) if digits else 0, text)


def evaluate_claims(
    ids: Sequence[str] | None = None,
    overrides: Mapping[str, Mapping[str, float]] | None = None,
    claims: Sequence[Claim] = CLAIMS,
) -> list[CheckResult]:
    """Evaluate the selected claims (all by default).

    Parameters
    ----------
    ids : sequence of str, optional
        Claim or check ids to evaluate (see :func:`select_claims`).
    overrides : mapping, optional
        Per check id, input values to use instead of the sourced ones (see :func:`evaluate_check`).
    claims : sequence of Claim
        The claim records; :data:`wattsandtons.claims.data.CLAIMS` by default.

    Returns
    -------
    list of CheckResult
        One row per check, in order.
    """
    by_check = {k.upper(): v for k, v in (overrides or {}).items()}
    return [
        evaluate_check(claim, check, by_check.get(check.id.upper()))
        for claim, check in select_claims(ids, claims)
    ]


# --- Formatting and reports ---------------------------------------------------------------------------------


def _plain_number(x: float) -> str:
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    rounded = _round_sig(x, 4)
    if abs(x) >= 1e9 or abs(x) < 1e-3:
        mantissa, exponent = f"{x:.3e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return f"{rounded:,.0f}" if abs(rounded) >= 1000 else f"{rounded:.4g}"


def _money(x: float, currency: str) -> str:
    symbol = {"JPY": "¥", "USD": "$"}[currency]
    for scale, word in ((1e12, " tn"), (1e9, " bn"), (1e6, " M")):
        if abs(x) >= scale:
            return f"{symbol}{x / scale:.3g}{word}"
    return f"{symbol}{_plain_number(x)}"


def format_value(value: float, unit: Unit) -> str:
    """A check's SI value for people.

    Parameters
    ----------
    value : float
        Value in ``unit.si``.
    unit : Unit
        Its unit; ``unit.display`` picks the style (see :class:`wattsandtons.claims.data.Unit`).

    Returns
    -------
    str
        E.g. ``"19,480×"``, ``"94 %"``, ``"175.3 GW/yr"``, ``"¥6.65 tn"``, ``"15.72 JPY/kWh"``.
    """
    kind = unit.display
    if kind == "ratio":
        return f"{_plain_number(value)}×"
    if kind == "percent":
        return f"{_round_sig(value * 100, 4):.4g} %"
    if kind == "count":
        return _plain_number(value)
    if kind == "per_year":
        return f"{_plain_number(value * _YEAR)} /yr"
    if kind in ("JPY", "USD"):
        return _money(value, kind)
    return format_quantity(value, kind)


_REFERENCE_DISPLAY: dict[str, tuple[float, str]] = {
    "USD/J": (_KWH, "USD/kWh"),
    "JPY/J": (_KWH, "JPY/kWh"),
    "J/kg": (1e-6, "MJ/kg"),
    "USD/hash": (_PH_DAY, "USD/(PH/s·day)"),
    "J/hash": (1e12, "J/TH"),
    "1/s": (_YEAR, "/yr"),
    "W/s": (_YEAR * 1e-9, "GW/yr"),
    "m^3/s^2": (1.0, "m^3/s^2"),
}


def _display_reference_value(value: float, unit: str) -> str:
    """A Reference value in a readable unit (from its SI unit string)."""
    if unit in _REFERENCE_DISPLAY:
        scale, label = _REFERENCE_DISPLAY[unit]
        return f"{_plain_number(value * scale)} {label}"
    if unit in ("JPY", "USD"):
        return _money(value, unit)
    if unit == "1":
        return _plain_number(value)
    if unit == "J":
        return format_quantity(value, "[energy]")
    if unit == "W":
        return format_quantity(value, "[power]")
    if unit == "kg":
        return format_quantity(value, "[mass]" if abs(value) < 1e15 else "kg")
    return f"{_plain_number(value)} {unit}"


def _tolerance_text(claimed: Claimed, unit: Unit) -> str:
    assert claimed.tolerance is not None
    if claimed.tolerance_kind == "relative":
        return f"±{_round_sig(claimed.tolerance * 100, 3):g} %"
    if claimed.tolerance_kind == "factor":
        return f"within ×{claimed.tolerance:.3g}"
    if unit.display == "percent":
        return f"±{_round_sig(claimed.tolerance * 100, 3):g} pp"
    return f"±{format_value(claimed.tolerance, unit)}"


def _claimed_text(claimed: Claimed, unit: Unit) -> str:
    if claimed.comparison == "approx":
        assert claimed.value is not None
        return f"{claimed.text} [≈ {format_value(claimed.value, unit)}, {_tolerance_text(claimed, unit)}]"
    if claimed.comparison == "range":
        assert claimed.low is not None and claimed.high is not None
        return f"{claimed.text} [{format_value(claimed.low, unit)} … {format_value(claimed.high, unit)}]"
    if claimed.comparison == "at_least":
        assert claimed.value is not None
        return f"{claimed.text} [≥ {format_value(claimed.value, unit)}]"
    if claimed.comparison == "at_most":
        assert claimed.value is not None
        return f"{claimed.text} [≤ {format_value(claimed.value, unit)}]"
    return claimed.text


def _json_float(x: float | None) -> float | None:
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None


def report(results: Sequence[CheckResult]) -> dict[str, Any]:
    """The results as one JSON-safe document (schema in docs/claims.md).

    Parameters
    ----------
    results : sequence of CheckResult
        Rows from :func:`evaluate_claims`.

    Returns
    -------
    dict
        ``{"schema_version", "verdict_kinds", "summary", "checks"}``.
    """
    summary = {kind: sum(r.verdict.kind == kind for r in results) for kind in VERDICT_KINDS}
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict_kinds": list(VERDICT_KINDS),
        "summary": summary,
        "checks": [r.to_dict() for r in results],
    }


def render_json(results: Sequence[CheckResult]) -> str:
    """:func:`report` as stable, strict JSON text (no NaN): sorted keys, two-space indent, UTF-8, newline."""
    return json.dumps(report(results), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(results: Sequence[CheckResult], details: bool = True) -> str:
    """The results as a Markdown table, followed (``details=True``) by each check's assumptions and sources.

    Parameters
    ----------
    results : sequence of CheckResult
        Rows from :func:`evaluate_claims`.
    details : bool
        Add a section per check with the claim, interpretation, details, assumptions, sources and notes.

    Returns
    -------
    str
        Markdown text ending in a newline.
    """
    lines = [
        "| id | essay | computed quantity | computed | claimed | verdict |",
        "|----|-------|-------------------|----------|---------|---------|",
    ]
    for r in results:
        lines.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    r.id,
                    r.claim.essay[:3],
                    r.check.quantity,
                    r.computed_text(),
                    r.claimed_text(),
                    r.verdict.text,
                )
            )
            + " |"
        )
    if details:
        for r in results:
            lines += [
                "",
                f"### {r.id} — {r.check.quantity}",
                "",
                f"*Claim ({r.claim.id}, essay {r.claim.essay}):* {r.claim.text}",
            ]
            if r.check.interpretation:
                lines += ["", f"*Read as:* {r.check.interpretation}"]
            lines += [
                "",
                f"*Verdict:* **{r.verdict.text}**"
                + (
                    f" — {r.verdict.reason}"
                    if r.verdict.reason and r.verdict.reason not in r.verdict.text
                    else ""
                ),
            ]
            if r.details:
                lines += ["", "Details (central values):", ""]
                lines += [f"- {d.label}: {format_value(d.value, d.unit)}" for d in r.details]
            if r.assumptions:
                lines += ["", "Assumptions:", ""]
                lines += [f"- `{a.key}` ({a.name}) = {a.display()} — {a.source}" for a in r.assumptions]
            extra = [s for s in r.sources if s not in {a.source for a in r.assumptions}]
            if extra:
                lines += ["", "Other sources:", ""]
                lines += [f"- {s}" for s in extra]
            if r.check.notes:
                lines += ["", "Notes:", ""]
                lines += [f"- {n}" for n in r.check.notes]
    return "\n".join(lines) + "\n"
