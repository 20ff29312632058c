"""Earth versus orbit: one AI datacentre compared in mass, launches, energy and (separately) money.

The orbital datacentre is sized with the physics of this package (solar arrays covering the orbit-average
load at end of life, two-sided radiators rejecting the whole facility power, the IT hardware itself) and
launched on Starship. The terrestrial one buys grid electricity. Every default is a sourced
:class:`~wattsandtons.physics.reference.Reference`; every value used is listed with its source in the result,
and what the comparison leaves out is listed too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
from wattsandtons.physics.compute import facility_power
from wattsandtons.physics.launch import STARSHIP_LAUNCH_ENERGY_PER_KG
from wattsandtons.physics.reference import (
    CELL_DEGRADATION_PER_YEAR,
    DATACENTRE_LIFETIME_YEARS,
    ELECTRICITY_PRICE_US_INDUSTRIAL_2023,
    IT_HARDWARE_MASS_PER_W,
    JULIAN_YEAR,
    LAUNCH_COST_PER_KG_STARSHIP,
    PUE_HYPERSCALE,
    RADIATOR_AREAL_DENSITY,
    RADIATOR_EMISSIVITY,
    RADIATOR_SINK_TEMPERATURE_LEO,
    RADIATOR_TEMPERATURE,
    SPACE_ARRAY_SPECIFIC_POWER,
    STARSHIP_PAYLOAD_LEO,
    SUNLIT_FRACTION_SSO_DAWN_DUSK,
    Reference,
)
from wattsandtons.physics.solar import degradation_factor
from wattsandtons.physics.thermal import radiator_area

__all__ = [
    "EXCLUSIONS",
    "Assumption",
    "DatacentreComparison",
    "SiteFigures",
    "compare_datacentres",
]

_ORBIT_PUE_SOURCE = (
    "[unsourced] assumed equal to the hyperscale terrestrial PUE (pumped cooling loop, power conditioning); "
    f"cf. {PUE_HYPERSCALE.source}"
)

#: What the comparison leaves out, on purpose.
EXCLUSIONS = (
    "IT hardware purchase cost (the same chips on both sides)",
    "terrestrial facility capital cost (buildings, grid connection, cooling plant, land)",
    "satellite manufacturing cost (arrays, radiators, bus, structure) and its embodied energy",
    "batteries for eclipses: the array covers the orbit-average load only",
    "replacement launches for failed hardware, station keeping, de-orbit",
    "energy to make the propellant (oxygen liquefaction, methane) and the vehicles",
    "embodied energy of the hardware on both sides",
    "ground links, latency, debris and regulatory risk",
)


@dataclass(frozen=True)
class Assumption:
    """One input of the comparison: its value as used (SI unless ``unit`` says otherwise) and its source."""

    name: str
    value: FloatOrArray
    unit: str
    source: str


@dataclass(frozen=True)
class SiteFigures:
    """Totals over the lifetime for one site (SI; costs in USD, for comparison only)."""

    site: str
    facility_power_w: FloatOrArray
    array_power_bol_w: FloatOrArray
    array_mass_kg: FloatOrArray
    radiator_area_m2: FloatOrArray
    radiator_mass_kg: FloatOrArray
    it_hardware_mass_kg: FloatOrArray
    mass_to_orbit_kg: FloatOrArray
    launches: FloatOrArray
    operation_energy_j: FloatOrArray
    operation_energy_source: str
    launch_energy_j: FloatOrArray
    total_energy_j: FloatOrArray
    launch_energy_payback_s: FloatOrArray
    electricity_cost_usd: FloatOrArray
    launch_cost_usd: FloatOrArray
    cost_usd: FloatOrArray


_ROWS: tuple[tuple[str, str, str], ...] = (
    ("mass to orbit", "mass_to_orbit_kg", "kg"),
    ("Starship launches", "launches", "1"),
    ("operation energy", "operation_energy_j", "J"),
    ("launch propellant chemical energy", "launch_energy_j", "J"),
    ("total energy", "total_energy_j", "J"),
    ("launch-energy payback time", "launch_energy_payback_s", "s"),
    ("electricity cost (USD, comparison only)", "electricity_cost_usd", "USD"),
    ("launch cost (USD, comparison only)", "launch_cost_usd", "USD"),
    ("total cost (USD, comparison only)", "cost_usd", "USD"),
)


@dataclass(frozen=True)
class DatacentreComparison:
    """Result of :func:`compare_datacentres`: both sites, every assumption with its source, the exclusions."""

    it_power_w: FloatOrArray
    lifetime_years: FloatOrArray
    earth: SiteFigures
    orbit: SiteFigures
    assumptions: tuple[Assumption, ...]
    exclusions: tuple[str, ...] = EXCLUSIONS

    def rows(self) -> list[dict[str, Any]]:
        """The comparison as table rows, per GW of IT power and per kW-year of IT service.

        Returns
        -------
        list of dict
            One dict per quantity with keys ``quantity``, ``unit`` (of the per-GW columns), ``earth_per_gw``,
            ``orbit_per_gw``, ``unit_per_kw_year``, ``earth_per_kw_year``, ``orbit_per_kw_year``. The payback
            time does not scale with size, so its per-kW-year entries are NaN. NaN on Earth means "not
            applicable".
        """
        per_gw = 1e9 / np.asarray(self.it_power_w)
        per_kw_year = 1.0 / (np.asarray(self.it_power_w) / 1e3 * np.asarray(self.lifetime_years))
        rows = []
        for label, attr, unit in _ROWS:
            earth, orbit = getattr(self.earth, attr), getattr(self.orbit, attr)
            intensive = attr == "launch_energy_payback_s"
            rows.append(
                {
                    "quantity": label,
                    "unit": unit,
                    "earth_per_gw": scalar_or_array(earth if intensive else earth * per_gw),
                    "orbit_per_gw": scalar_or_array(orbit if intensive else orbit * per_gw),
                    "unit_per_kw_year": "n/a" if intensive else f"{unit}/(kW yr)",
                    "earth_per_kw_year": scalar_or_array(np.nan if intensive else earth * per_kw_year),
                    "orbit_per_kw_year": scalar_or_array(np.nan if intensive else orbit * per_kw_year),
                }
            )
        return rows


def _pick(
    name: str, value: npt.ArrayLike | None, default: Reference, source: str | None = None
) -> Assumption:
    if value is None:
        return Assumption(name, default.value, default.unit, source or default.source)
    return Assumption(name, scalar_or_array(value), default.unit, "given by the caller")


def compare_datacentres(
    it_power_w: npt.ArrayLike = 1e9,
    *,
    lifetime_years: npt.ArrayLike | None = None,
    pue_earth: npt.ArrayLike | None = None,
    pue_orbit: npt.ArrayLike | None = None,
    electricity_price_usd_per_j: npt.ArrayLike | None = None,
    launch_cost_usd_per_kg: npt.ArrayLike | None = None,
    payload_per_launch_kg: npt.ArrayLike | None = None,
    launch_energy_j_per_kg: npt.ArrayLike | None = None,
    array_specific_power_w_per_kg: npt.ArrayLike | None = None,
    sunlit_fraction: npt.ArrayLike | None = None,
    degradation_per_year: npt.ArrayLike | None = None,
    radiator_temperature_k: npt.ArrayLike | None = None,
    radiator_emissivity: npt.ArrayLike | None = None,
    radiator_areal_density_kg_m2: npt.ArrayLike | None = None,
    radiator_sink_temperature_k: npt.ArrayLike | None = None,
    it_hardware_kg_per_w: npt.ArrayLike | None = None,
) -> DatacentreComparison:
    """Compare a terrestrial and an orbital AI datacentre of the same IT power over the same lifetime.

    Earth: facility power ``P_IT · PUE_earth`` bought from the grid for the whole lifetime.

    Orbit (dawn-dusk SSO by default):

    * array rated ``P_IT · PUE_orbit / (f_sun · (1 − d)^L)`` at beginning of life, so that its orbit-average
      output at end of life still covers the facility; mass = rating / array specific power;
    * two-sided radiators rejecting the whole facility power at ``T`` against sink ``T_sink``
      (:func:`~wattsandtons.physics.thermal.radiator_area`); mass = area × areal density;
    * IT hardware mass = ``P_IT`` × kg per W;
    * launches = ⌈mass / payload⌉; launch energy = mass × chemical energy of the fuel per kg delivered;
      payback time of that energy = launch energy / facility power delivered by the array.

    Any argument left as ``None`` takes its sourced default (listed below); values given are recorded as
    "given by the caller". Arrays broadcast (e.g. a sweep of launch costs).

    Parameters
    ----------
    it_power_w : float or array
        Power of the IT equipment, > 0; 1 GW by default. [W]
    lifetime_years : float or array, optional
        Operating lifetime, > 0; default 5 (McCalip calculator). [yr]
    pue_earth : float or array, optional
        Terrestrial PUE, ≥ 1; default 1.10 (Google fleet, hyperscale). [1]
    pue_orbit : float or array, optional
        Orbital PUE, ≥ 1; default 1.10, [unsourced], assumed equal to hyperscale. [1]
    electricity_price_usd_per_j : float or array, optional
        Grid price on Earth, ≥ 0; default 8.06 US cents/kWh = 2.24e-8 USD/J (EIA industrial 2023). [USD/J]
    launch_cost_usd_per_kg : float or array, optional
        Launch cost to LEO, ≥ 0; default $1,000/kg (NASA OTPS Starship baseline). [USD/kg]
    payload_per_launch_kg : float or array, optional
        Payload per launch, > 0; default 100 t (Starship). [kg]
    launch_energy_j_per_kg : float or array, optional
        Chemical energy of launch fuel per kg delivered, ≥ 0; default ~500 MJ/kg (Starship, [calc]). [J/kg]
    array_specific_power_w_per_kg : float or array, optional
        Array specific power at beginning of life, > 0; default 100 W/kg (spacedc-mdao / NASA). [W/kg]
    sunlit_fraction : float or array, optional
        Share of time in sunlight, in (0, 1]; default 0.98 (dawn-dusk SSO, Suncatcher). [1]
    degradation_per_year : float or array, optional
        Array power loss per year, in [0, 1); default 0.02 (spacedc-mdao). [1/yr]
    radiator_temperature_k : float or array, optional
        Radiator temperature; default 320 K (spacedc-mdao, low confidence). [K]
    radiator_emissivity : float or array, optional
        Radiator emissivity, in (0, 1]; default 0.85 (spacedc-mdao). [1]
    radiator_areal_density_kg_m2 : float or array, optional
        Radiator mass per area, > 0; default 5 kg/m² (spacedc-mdao). [kg/m^2]
    radiator_sink_temperature_k : float or array, optional
        Effective sink temperature; default 250 K (spacedc-mdao, LEO). [K]
    it_hardware_kg_per_w : float or array, optional
        Launched IT hardware mass per watt of IT power, ≥ 0; default 0.0113 kg/W (GB200 NVL72 rack). [kg/W]

    Returns
    -------
    DatacentreComparison
        Lifetime totals for ``earth`` and ``orbit`` (SI; costs in USD, clearly separate), ``assumptions`` with
        sources, ``exclusions``, and :meth:`DatacentreComparison.rows` per GW and per kW-year.

    Raises
    ------
    PhysicsError
        If any argument is physically impossible (named in the message).

    Notes
    -----
    With the defaults, 1 GW of IT in orbit needs ~32,000 t in LEO (array ~12,400 t, radiators ~8,700 t, IT
    ~11,300 t), 325 Starship launches and ~16 PJ of launch fuel energy, paid back in ~0.47 years of the
    array's output; the launch bill (~$32 B) is ~8 times the Earth site's 5-year electricity bill (~$3.9 B).

    References
    ----------
    .. [1] NASA OTPS, Rodgers et al. (2024), "Space-Based Solar Power", NTRS 20230018600.
    .. [2] spacedc-mdao, https://github.com/jman4162/spacedc-mdao (radiator, array, degradation defaults).
    .. [3] Google, Project Suncatcher, arXiv:2511.19468 (2025).
    .. [4] Starcloud, "Why we should train AI in space" (whitepaper, 2025), https://starcloudinc.github.io/wp.pdf.
    .. [5] A. McCalip, orbital datacentre calculator, https://andrewmccalip.com/space-datacenters.
    """
    it = positive("it_power_w", it_power_w, "W")
    a = (
        _pick("lifetime_years", lifetime_years, DATACENTRE_LIFETIME_YEARS),
        _pick("pue_earth", pue_earth, PUE_HYPERSCALE),
        _pick("pue_orbit", pue_orbit, PUE_HYPERSCALE, _ORBIT_PUE_SOURCE),
        _pick(
            "electricity_price_usd_per_j", electricity_price_usd_per_j, ELECTRICITY_PRICE_US_INDUSTRIAL_2023
        ),
        _pick("launch_cost_usd_per_kg", launch_cost_usd_per_kg, LAUNCH_COST_PER_KG_STARSHIP),
        _pick("payload_per_launch_kg", payload_per_launch_kg, STARSHIP_PAYLOAD_LEO),
        _pick("launch_energy_j_per_kg", launch_energy_j_per_kg, STARSHIP_LAUNCH_ENERGY_PER_KG),
        _pick("array_specific_power_w_per_kg", array_specific_power_w_per_kg, SPACE_ARRAY_SPECIFIC_POWER),
        _pick("sunlit_fraction", sunlit_fraction, SUNLIT_FRACTION_SSO_DAWN_DUSK),
        _pick("degradation_per_year", degradation_per_year, CELL_DEGRADATION_PER_YEAR),
        _pick("radiator_temperature_k", radiator_temperature_k, RADIATOR_TEMPERATURE),
        _pick("radiator_emissivity", radiator_emissivity, RADIATOR_EMISSIVITY),
        _pick("radiator_areal_density_kg_m2", radiator_areal_density_kg_m2, RADIATOR_AREAL_DENSITY),
        _pick("radiator_sink_temperature_k", radiator_sink_temperature_k, RADIATOR_SINK_TEMPERATURE_LEO),
        _pick("it_hardware_kg_per_w", it_hardware_kg_per_w, IT_HARDWARE_MASS_PER_W),
    )
    v = {x.name: x.value for x in a}
    years = positive("lifetime_years", v["lifetime_years"], "yr")
    seconds = years * JULIAN_YEAR.value
    pue_e = at_least("pue_earth", v["pue_earth"], 1.0)
    pue_o = at_least("pue_orbit", v["pue_orbit"], 1.0)
    price = non_negative("electricity_price_usd_per_j", v["electricity_price_usd_per_j"], "USD/J")
    usd_per_kg = non_negative("launch_cost_usd_per_kg", v["launch_cost_usd_per_kg"], "USD/kg")
    payload = positive("payload_per_launch_kg", v["payload_per_launch_kg"], "kg")
    j_per_kg = non_negative("launch_energy_j_per_kg", v["launch_energy_j_per_kg"], "J/kg")
    w_per_kg = positive("array_specific_power_w_per_kg", v["array_specific_power_w_per_kg"], "W/kg")
    f_sun = fraction("sunlit_fraction", v["sunlit_fraction"])
    t_rad = positive("radiator_temperature_k", v["radiator_temperature_k"], "K")
    eps = fraction("radiator_emissivity", v["radiator_emissivity"])
    rho = positive("radiator_areal_density_kg_m2", v["radiator_areal_density_kg_m2"], "kg/m^2")
    t_sink = non_negative("radiator_sink_temperature_k", v["radiator_sink_temperature_k"], "K")
    if np.any(t_sink >= t_rad):
        raise PhysicsError("radiator_sink_temperature_k must be below radiator_temperature_k")
    kg_per_w = non_negative("it_hardware_kg_per_w", v["it_hardware_kg_per_w"], "kg/W")

    # Earth: grid electricity for the whole lifetime.
    p_earth = np.asarray(facility_power(it, pue_e))
    e_earth = p_earth * seconds

    # Orbit: array for the end-of-life orbit-average load, radiators for all of it, the IT hardware, launched.
    p_orbit = np.asarray(facility_power(it, pue_o))
    array_bol = p_orbit / (f_sun * np.asarray(degradation_factor(v["degradation_per_year"], years)))
    array_mass = array_bol / w_per_kg
    rad_area = np.asarray(radiator_area(p_orbit, t_rad, eps, 2, t_sink))
    rad_mass = rad_area * rho
    it_mass = it * kg_per_w
    mass = array_mass + rad_mass + it_mass
    launch_energy = mass * j_per_kg
    launch_cost = mass * usd_per_kg
    e_orbit = p_orbit * seconds
    shape = np.broadcast_shapes(np.shape(it), *(np.shape(x.value) for x in a))

    def full(x: npt.ArrayLike) -> FloatOrArray:
        return scalar_or_array(np.broadcast_to(np.asarray(x, dtype=np.float64), shape).copy())

    earth = SiteFigures(
        site="earth",
        facility_power_w=full(p_earth),
        array_power_bol_w=full(0.0),
        array_mass_kg=full(0.0),
        radiator_area_m2=full(0.0),
        radiator_mass_kg=full(0.0),
        it_hardware_mass_kg=full(0.0),
        mass_to_orbit_kg=full(0.0),
        launches=full(0.0),
        operation_energy_j=full(e_earth),
        operation_energy_source="grid electricity",
        launch_energy_j=full(0.0),
        total_energy_j=full(e_earth),
        launch_energy_payback_s=full(np.nan),
        electricity_cost_usd=full(e_earth * price),
        launch_cost_usd=full(0.0),
        cost_usd=full(e_earth * price),
    )
    orbit = SiteFigures(
        site="orbit",
        facility_power_w=full(p_orbit),
        array_power_bol_w=full(array_bol),
        array_mass_kg=full(array_mass),
        radiator_area_m2=full(rad_area),
        radiator_mass_kg=full(rad_mass),
        it_hardware_mass_kg=full(it_mass),
        mass_to_orbit_kg=full(mass),
        launches=full(np.ceil(mass / payload)),
        operation_energy_j=full(e_orbit),
        operation_energy_source="sunlight, converted by the on-board array",
        launch_energy_j=full(launch_energy),
        total_energy_j=full(e_orbit + launch_energy),
        launch_energy_payback_s=full(launch_energy / p_orbit),
        electricity_cost_usd=full(0.0),
        launch_cost_usd=full(launch_cost),
        cost_usd=full(launch_cost),
    )
    return DatacentreComparison(
        it_power_w=scalar_or_array(it),
        lifetime_years=scalar_or_array(years),
        earth=earth,
        orbit=orbit,
        assumptions=a,
    )
