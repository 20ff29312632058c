"""Earth versus orbit: one AI datacentre compared in mass, launches, energy and (separately) full cost.

The orbital datacentre is sized with the physics of this package (solar arrays covering the year-average load
at end of life in a dawn–dusk orbit sunlit 96 % of the year, two-sided edge-on radiators with fin efficiency
rejecting the whole facility power to a sink set by their view of the Earth, the coolant loop, the IT hardware
and its replacements) and launched on Starship. The terrestrial one buys grid electricity. Both sides carry an
itemised total cost of ownership (:mod:`wattsandtons.physics.tco`) and the launch price at which they break even.
Every default is a sourced :class:`~wattsandtons.physics.reference.Reference` or computed from them; every value
used is listed with its source in the result, and what the comparison leaves out is listed too.

Energy basis of launch: the chemical energy (lower heating value) of the methane burnt, for the launch-energy
payback and every energy total here — not the electricity to make the propellant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from wattsandtons.physics import tco
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
from wattsandtons.physics.markets import GPU_CAPEX
from wattsandtons.physics.reference import (
    ALUMINIUM_CONDUCTIVITY,
    CELL_DEGRADATION_PER_YEAR,
    COOLANT_LOOP_MASS_PER_W,
    DATACENTRE_LIFETIME_YEARS,
    DATACENTRE_WATER_PER_IT_ENERGY,
    EARTH_FACILITY_CAPEX_PER_W,
    EARTH_FACILITY_UPKEEP_PER_YEAR,
    ELECTRICITY_PRICE_US_INDUSTRIAL_2023,
    GPU_EMBODIED_ENERGY,
    GPU_FAILURE_RATE,
    GROUND_SEGMENT_COST,
    H100_SXM_POWER,
    IT_HARDWARE_MASS_PER_W,
    LAUNCH_COST_PER_KG_STARSHIP,
    ORBIT_OPERATIONS_PER_YEAR,
    PUE_HYPERSCALE,
    RADIATOR_ABSORPTIVITY,
    RADIATOR_AREAL_DENSITY,
    RADIATOR_COST_PER_M2,
    RADIATOR_EMISSIVITY,
    RADIATOR_FIN_HALF_WIDTH,
    RADIATOR_FIN_THICKNESS,
    RADIATOR_TEMPERATURE,
    SATELLITE_COST_PER_W,
    SPACE_ARRAY_SPECIFIC_POWER,
    SSO_REFERENCE_ALTITUDE,
    STARSHIP_PAYLOAD_LEO,
    WATER_PRICE,
    Reference,
)
from wattsandtons.physics.solar import (
    annual_beta_angles,
    degradation_factor,
    sun_synchronous_inclination,
)
from wattsandtons.physics.solar import (
    sunlit_fraction as named_sunlit_fraction,
)
from wattsandtons.physics.thermal import (
    coolant_loop_mass,
    earth_view_factor,
    fin_efficiency,
    radiator_area,
    sink_temperature,
)
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = [
    "EXCLUSIONS",
    "Assumption",
    "DatacentreComparison",
    "SiteFigures",
    "compare_datacentres",
    "default_radiator_sink_temperature",
]

_ORBIT_PUE_SOURCE = (
    "[unsourced] assumed equal to the hyperscale terrestrial PUE (pumped cooling loop, power conditioning); "
    f"cf. {PUE_HYPERSCALE.source}"
)
#: What the comparison leaves out, on purpose.
EXCLUSIONS = (
    "batteries for eclipses: the array covers the year-average load only",
    "station keeping and de-orbit",
    "energy to make the propellant and the vehicles (launch energy is the methane's heat)",
    "embodied energy of the facility, satellites and radiators (the GPUs' is counted)",
    "discounting: costs are summed over the lifetime, undiscounted",
    "ground links' capacity, latency, debris and regulatory risk",
)


@dataclass(frozen=True)
class Assumption:
    """One input of the comparison: its value as used (SI unless ``unit`` says otherwise), its source, and the
    range of its sourced default (``low``/``high``, or ``range_note`` saying why there is none; empty for a value
    the caller gave or one computed here)."""

    name: str
    value: FloatOrArray
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    range_note: str = ""


@dataclass(frozen=True)
class SiteFigures:
    """Totals over the lifetime for one site (SI; costs in USD, itemised in ``costs``, for comparison only)."""

    site: str
    facility_power_w: FloatOrArray
    array_power_bol_w: FloatOrArray
    array_mass_kg: FloatOrArray
    radiator_area_m2: FloatOrArray
    radiator_mass_kg: FloatOrArray
    coolant_loop_mass_kg: FloatOrArray
    it_hardware_mass_kg: FloatOrArray
    mass_to_orbit_kg: FloatOrArray
    replacement_mass_kg: FloatOrArray
    launches: FloatOrArray
    operation_energy_j: FloatOrArray
    operation_energy_source: str
    launch_energy_j: FloatOrArray
    gpu_embodied_energy_j: FloatOrArray
    total_energy_j: FloatOrArray
    launch_energy_payback_s: FloatOrArray
    costs: dict[str, FloatOrArray]
    cost_usd: FloatOrArray

    @property
    def electricity_cost_usd(self) -> FloatOrArray:
        """The electricity item of :attr:`costs` (0 in orbit). [USD]"""
        return self.costs.get("electricity", scalar_or_array(np.zeros_like(np.asarray(self.cost_usd))))

    @property
    def launch_cost_usd(self) -> FloatOrArray:
        """The launch item of :attr:`costs` (0 on Earth). [USD]"""
        return self.costs.get("launch", scalar_or_array(np.zeros_like(np.asarray(self.cost_usd))))


_ROWS: tuple[tuple[str, str, str], ...] = (
    ("mass to orbit", "mass_to_orbit_kg", "kg"),
    ("  of which arrays", "array_mass_kg", "kg"),
    ("  of which radiator panels", "radiator_mass_kg", "kg"),
    ("  of which coolant loop", "coolant_loop_mass_kg", "kg"),
    ("  of which IT hardware", "it_hardware_mass_kg", "kg"),
    ("GPU replacements launched", "replacement_mass_kg", "kg"),
    ("Starship launches", "launches", "1"),
    ("operation energy", "operation_energy_j", "J"),
    ("launch propellant chemical energy (methane LHV)", "launch_energy_j", "J"),
    ("GPU embodied energy, replacements included", "gpu_embodied_energy_j", "J"),
    ("total energy", "total_energy_j", "J"),
    ("launch-energy payback time (methane LHV basis)", "launch_energy_payback_s", "s"),
)
_INTENSIVE = ("launch_energy_payback_s",)
#: Cost items in the order the table shows them (items of one site only are 0 on the other).
COST_ITEMS = (
    "electricity",
    "facility: electrical (switchgear, UPS, backup)",
    "facility: cooling plant",
    "facility: building shell, site and land",
    "facility: network and fit-out",
    "facility upkeep",
    "water",
    "launch",
    "satellites (bus and arrays)",
    "radiators",
    "ground segment",
    "operations",
    "GPUs",
    "GPU replacements",
)


@dataclass(frozen=True)
class DatacentreComparison:
    """Result of :func:`compare_datacentres`: both sites, every assumption with its source, the exclusions, and
    the launch price at which the orbit's total cost equals the Earth's (negative: none does)."""

    it_power_w: FloatOrArray
    lifetime_years: FloatOrArray
    earth: SiteFigures
    orbit: SiteFigures
    assumptions: tuple[Assumption, ...]
    break_even_launch_usd_per_kg: FloatOrArray
    exclusions: tuple[str, ...] = EXCLUSIONS

    def rows(self) -> list[dict[str, Any]]:
        """The comparison as table rows, per GW of IT power and per kW-year of IT service.

        Returns
        -------
        list of dict
            One dict per quantity with keys ``quantity``, ``unit`` (of the per-GW columns), ``earth_per_gw``,
            ``orbit_per_gw``, ``unit_per_kw_year``, ``earth_per_kw_year``, ``orbit_per_kw_year``: physical rows,
            then one row per cost item (``cost: …``, USD), the totals, and the break-even launch price. Intensive
            rows (payback time, break-even price) have NaN per-kW-year entries; NaN on Earth means "not
            applicable".
        """
        per_gw = 1e9 / np.asarray(self.it_power_w)
        per_kw_year = 1.0 / (np.asarray(self.it_power_w) / 1e3 * np.asarray(self.lifetime_years))
        entries = [
            (label, getattr(self.earth, a), getattr(self.orbit, a), u, a in _INTENSIVE)
            for label, a, u in _ROWS
        ]
        zero = np.zeros_like(np.asarray(self.earth.cost_usd))
        for item in COST_ITEMS:
            e, o = self.earth.costs.get(item, zero), self.orbit.costs.get(item, zero)
            entries.append((f"cost: {item}", e, o, "USD", False))
        entries.append(("total cost of ownership", self.earth.cost_usd, self.orbit.cost_usd, "USD", False))
        entries.append(("break-even launch price", np.nan, self.break_even_launch_usd_per_kg, "USD/kg", True))
        rows = []
        for label, earth, orbit, unit, intensive in entries:
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
        return Assumption(
            name,
            default.value,
            default.unit,
            source or default.source,
            default.low,
            default.high,
            default.range_note,
        )
    return Assumption(name, scalar_or_array(value), default.unit, "given by the caller")


def default_radiator_sink_temperature(
    emissivity: npt.ArrayLike = RADIATOR_EMISSIVITY.value,
    absorptivity: npt.ArrayLike = RADIATOR_ABSORPTIVITY.value,
    altitude_m: float = SSO_REFERENCE_ALTITUDE.value,
) -> FloatOrArray:
    """Sink temperature of an edge-on radiator in the dawn–dusk sun-synchronous reference orbit.

    View factor to the Earth of a panel edge-on to it (:func:`~wattsandtons.physics.thermal.earth_view_factor`),
    Earth infrared, and sunlight reflected by the Earth below with the year-average albedo factor ``cos β / π``
    over the orbit's β-angle seasons (:func:`~wattsandtons.physics.solar.annual_beta_angles`); no direct sun
    (the panel is edge-on to the Sun too).

    Parameters
    ----------
    emissivity : float or array
        Radiator emissivity. [1]
    absorptivity : float or array
        Radiator solar absorptance. [1]
    altitude_m : float
        Orbit altitude; 650 km (Suncatcher) by default. [m]

    Returns
    -------
    float or array
        Effective sink temperature, ~180 K. [K]

    References
    ----------
    .. [1] Gilmore, D. G. (ed.) (2002), *Spacecraft Thermal Control Handbook*, 2nd ed., ch. 2.
    """
    beta = annual_beta_angles(altitude_m, sun_synchronous_inclination(altitude_m), np.pi / 2)
    albedo_factor = float(np.mean(np.cos(beta))) / np.pi
    return sink_temperature(
        earth_view_factor(altitude_m), emissivity, absorptivity, albedo_factor=albedo_factor
    )


#: Inputs with a sourced default, in the order they are listed: (name, Reference, source override).
_SOURCED: tuple[tuple[str, Reference, str | None], ...] = (
    ("lifetime_years", DATACENTRE_LIFETIME_YEARS, None),
    ("pue_earth", PUE_HYPERSCALE, None),
    ("pue_orbit", PUE_HYPERSCALE, _ORBIT_PUE_SOURCE),
    ("electricity_price_usd_per_j", ELECTRICITY_PRICE_US_INDUSTRIAL_2023, None),
    ("launch_cost_usd_per_kg", LAUNCH_COST_PER_KG_STARSHIP, None),
    ("payload_per_launch_kg", STARSHIP_PAYLOAD_LEO, None),
    ("launch_energy_j_per_kg", STARSHIP_LAUNCH_ENERGY_PER_KG, None),
    ("array_specific_power_w_per_kg", SPACE_ARRAY_SPECIFIC_POWER, None),
    ("degradation_per_year", CELL_DEGRADATION_PER_YEAR, None),
    ("radiator_temperature_k", RADIATOR_TEMPERATURE, None),
    ("radiator_emissivity", RADIATOR_EMISSIVITY, None),
    ("radiator_absorptivity", RADIATOR_ABSORPTIVITY, None),
    ("radiator_areal_density_kg_m2", RADIATOR_AREAL_DENSITY, None),
    ("coolant_loop_kg_per_w", COOLANT_LOOP_MASS_PER_W, None),
    ("it_hardware_kg_per_w", IT_HARDWARE_MASS_PER_W, None),
    ("gpu_failure_per_year", GPU_FAILURE_RATE, None),
    ("facility_capex_usd_per_w", EARTH_FACILITY_CAPEX_PER_W, None),
    ("facility_upkeep_per_year", EARTH_FACILITY_UPKEEP_PER_YEAR, None),
    ("water_m3_per_it_j", DATACENTRE_WATER_PER_IT_ENERGY, None),
    ("water_price_usd_per_m3", WATER_PRICE, None),
    ("satellite_usd_per_w", SATELLITE_COST_PER_W, None),
    ("radiator_usd_per_m2", RADIATOR_COST_PER_M2, None),
    ("ground_segment_usd", GROUND_SEGMENT_COST, None),
    ("operations_per_year", ORBIT_OPERATIONS_PER_YEAR, None),
    ("gpu_cost_usd_per_w", GPU_CAPEX, None),
)


def _assumptions(given: dict[str, Any]) -> tuple[Assumption, ...]:
    """Every input as used: the caller's value, else its sourced or computed default (with how it was computed)."""
    base = [_pick(name, given.get(name), ref, src) for name, ref, src in _SOURCED]
    v = {x.name: x.value for x in base}
    eps = fraction("radiator_emissivity", v["radiator_emissivity"])
    alpha = fraction("radiator_absorptivity", v["radiator_absorptivity"], allow_zero=True)
    t_rad = positive("radiator_temperature_k", v["radiator_temperature_k"], "K")
    computed = []
    if given.get("sunlit_fraction") is None:
        computed.append(
            Assumption(
                "sunlit_fraction",
                named_sunlit_fraction("sso_dawn_dusk"),
                "1",
                "computed: year average over the β-angle seasons of a dawn–dusk sun-synchronous orbit at 650 km "
                "(physics.solar.sunlit_fraction('sso_dawn_dusk')); Google Suncatcher states ~0.98",
            )
        )
    else:
        computed.append(
            Assumption(
                "sunlit_fraction", scalar_or_array(given["sunlit_fraction"]), "1", "given by the caller"
            )
        )
    if given.get("radiator_sink_temperature_k") is None:
        sink = default_radiator_sink_temperature(eps, alpha)
        source = (
            "computed: edge-on panel at 650 km, its view factor to the Earth (Howell B-13), Earth IR 237 W/m^2 "
            "and albedo 0.30 at the orbit's year-average cos β / π (physics.datacentre."
            "default_radiator_sink_temperature); spacedc-mdao assumes 250 K"
        )
        computed.append(Assumption("radiator_sink_temperature_k", sink, "K", source))
    else:
        computed.append(
            Assumption(
                "radiator_sink_temperature_k",
                scalar_or_array(given["radiator_sink_temperature_k"]),
                "K",
                "given by the caller",
            )
        )
    if given.get("radiator_fin_efficiency") is None:
        eta = fin_efficiency(
            RADIATOR_FIN_HALF_WIDTH.value,
            RADIATOR_FIN_THICKNESS.value,
            ALUMINIUM_CONDUCTIVITY.value,
            eps,
            t_rad,
        )
        source = (
            "computed: aluminium fins 1 mm thick, tubes 20 cm apart ([unsourced] geometry), at the radiator's "
            "temperature (physics.thermal.fin_efficiency)"
        )
        computed.append(Assumption("radiator_fin_efficiency", eta, "1", source))
    else:
        computed.append(
            Assumption(
                "radiator_fin_efficiency",
                scalar_or_array(given["radiator_fin_efficiency"]),
                "1",
                "given by the caller",
            )
        )
    return (*base, *computed)


def _validated(v: dict[str, Any]) -> dict[str, Any]:
    """The inputs as float arrays, each checked; PhysicsError names the first impossible one."""
    out = {
        "years": positive("lifetime_years", v["lifetime_years"], "yr"),
        "pue_e": at_least("pue_earth", v["pue_earth"], 1.0),
        "pue_o": at_least("pue_orbit", v["pue_orbit"], 1.0),
        "payload": positive("payload_per_launch_kg", v["payload_per_launch_kg"], "kg"),
        "w_per_kg": positive("array_specific_power_w_per_kg", v["array_specific_power_w_per_kg"], "W/kg"),
        "f_sun": fraction("sunlit_fraction", v["sunlit_fraction"]),
        "t_rad": positive("radiator_temperature_k", v["radiator_temperature_k"], "K"),
        "eps": fraction("radiator_emissivity", v["radiator_emissivity"]),
        "eta": fraction("radiator_fin_efficiency", v["radiator_fin_efficiency"]),
        "rho": positive("radiator_areal_density_kg_m2", v["radiator_areal_density_kg_m2"], "kg/m^2"),
        "t_sink": non_negative("radiator_sink_temperature_k", v["radiator_sink_temperature_k"], "K"),
        "failure": fraction("gpu_failure_per_year", v["gpu_failure_per_year"], allow_zero=True),
        "degradation_per_year": v["degradation_per_year"],  # checked by solar.degradation_factor
    }
    fraction("radiator_absorptivity", v["radiator_absorptivity"], allow_zero=True)
    for name in (
        "electricity_price_usd_per_j",
        "launch_cost_usd_per_kg",
        "launch_energy_j_per_kg",
        "coolant_loop_kg_per_w",
        "it_hardware_kg_per_w",
        "gpu_cost_usd_per_w",
        "facility_capex_usd_per_w",
        "facility_upkeep_per_year",
        "water_m3_per_it_j",
        "water_price_usd_per_m3",
        "satellite_usd_per_w",
        "radiator_usd_per_m2",
        "ground_segment_usd",
        "operations_per_year",
    ):
        out[name] = non_negative(name, v[name])
    if np.any(out["t_sink"] >= out["t_rad"]):
        raise PhysicsError("radiator_sink_temperature_k must be below radiator_temperature_k")
    return out


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
    radiator_absorptivity: npt.ArrayLike | None = None,
    radiator_areal_density_kg_m2: npt.ArrayLike | None = None,
    radiator_sink_temperature_k: npt.ArrayLike | None = None,
    radiator_fin_efficiency: npt.ArrayLike | None = None,
    coolant_loop_kg_per_w: npt.ArrayLike | None = None,
    it_hardware_kg_per_w: npt.ArrayLike | None = None,
    gpu_failure_per_year: npt.ArrayLike | None = None,
    gpu_cost_usd_per_w: npt.ArrayLike | None = None,
    facility_capex_usd_per_w: npt.ArrayLike | None = None,
    facility_upkeep_per_year: npt.ArrayLike | None = None,
    water_m3_per_it_j: npt.ArrayLike | None = None,
    water_price_usd_per_m3: npt.ArrayLike | None = None,
    satellite_usd_per_w: npt.ArrayLike | None = None,
    radiator_usd_per_m2: npt.ArrayLike | None = None,
    ground_segment_usd: npt.ArrayLike | None = None,
    operations_per_year: npt.ArrayLike | None = None,
) -> DatacentreComparison:
    """Compare a terrestrial and an orbital AI datacentre of the same IT power over the same lifetime.

    Earth: facility power ``P_IT · PUE_earth`` bought from the grid for the whole lifetime, and the facility,
    water and GPUs (:func:`wattsandtons.physics.tco.earth_costs`).

    Orbit (dawn–dusk sun-synchronous orbit at 650 km by default):

    * array rated ``P_IT · PUE_orbit / (f_sun · (1 − d)^L)`` at beginning of life, so that its year-average
      output at end of life still covers the facility; mass = rating / array specific power;
    * two-sided radiators rejecting the whole facility power at ``T`` against the sink, with fin efficiency
      ``η`` (:func:`~wattsandtons.physics.thermal.radiator_area`); mass = area × areal density; plus the coolant
      loop (kg per W of heat);
    * IT hardware = ``P_IT`` × kg per W, and the GPUs that fail (``failure · L`` of it) launched as replacements;
    * launches = ⌈mass / payload⌉ for the first build; launch energy = everything launched × the methane's
      chemical energy per kg delivered; payback = launch energy / facility power;
    * cost items (:func:`wattsandtons.physics.tco.orbit_costs`) and the break-even launch price
      (:func:`wattsandtons.physics.tco.break_even_launch_price`).

    GPUs embody :data:`~wattsandtons.physics.reference.GPU_EMBODIED_ENERGY` per H100-class GPU (700 W) on both
    sides, replacements included. Any argument left as ``None`` takes its sourced (or computed) default; values
    given are recorded as "given by the caller". Arrays broadcast (e.g. a sweep of launch costs).

    Parameters
    ----------
    it_power_w : float or array
        Power of the IT equipment, > 0; 1 GW by default. [W]
    lifetime_years : float or array, optional
        Operating lifetime, > 0; default 5 (McCalip calculator). [yr]
    pue_earth, pue_orbit : float or array, optional
        Power usage effectiveness, ≥ 1; default 1.10 (Google fleet; in orbit [unsourced], assumed equal). [1]
    electricity_price_usd_per_j : float or array, optional
        Grid price on Earth; default 8.06 US cents/kWh (EIA industrial 2023). [USD/J]
    launch_cost_usd_per_kg : float or array, optional
        Launch price to LEO; default $1,000/kg (NASA OTPS Starship baseline). [USD/kg]
    payload_per_launch_kg : float or array, optional
        Payload per launch, > 0; default 100 t (Starship). [kg]
    launch_energy_j_per_kg : float or array, optional
        Chemical energy of the methane burnt per kg delivered; default ~500 MJ/kg ([calc]). [J/kg]
    array_specific_power_w_per_kg : float or array, optional
        Array specific power at beginning of life; default 100 W/kg. [W/kg]
    sunlit_fraction : float or array, optional
        Year-average share of time in sunlight; default computed, 0.961. [1]
    degradation_per_year : float or array, optional
        Array power loss per year; default 0.02. [1/yr]
    radiator_temperature_k, radiator_emissivity, radiator_absorptivity : float or array, optional
        Radiator temperature (320 K), infrared emissivity (0.85) and solar absorptance (0.17). [K], [1], [1]
    radiator_areal_density_kg_m2 : float or array, optional
        Panel mass per area; default 5 kg/m². [kg/m^2]
    radiator_sink_temperature_k : float or array, optional
        Effective sink temperature; default computed for an edge-on panel, ~180 K. [K]
    radiator_fin_efficiency : float or array, optional
        Fin efficiency of the panels; default computed, ~0.8. [1]
    coolant_loop_kg_per_w : float or array, optional
        Coolant loop mass per W of heat; default 3.5 kg/kW. [kg/W]
    it_hardware_kg_per_w : float or array, optional
        Launched IT hardware mass per W of IT power; default 0.0113 kg/W (GB200 NVL72 rack). [kg/W]
    gpu_failure_per_year : float or array, optional
        Share of GPUs replaced each year; default 0.09 (McCalip, 'Meta'). [1/yr]
    gpu_cost_usd_per_w : float or array, optional
        GPU (server) capital per W of IT, bought once and again for each failed GPU, the same on both sides;
        default 35 $/W (:data:`wattsandtons.physics.markets.GPU_CAPEX`, range 30–40). [USD/W]
    facility_capex_usd_per_w, facility_upkeep_per_year : float or array, optional
        Earth facility capital ($12.50/W) and upkeep (3 %/yr of it). [USD/W], [1/yr]
    water_m3_per_it_j, water_price_usd_per_m3 : float or array, optional
        Water per IT energy (1.8 L/kWh) and its price ($2/m³). [m^3/J], [USD/m^3]
    satellite_usd_per_w, radiator_usd_per_m2, ground_segment_usd, operations_per_year : optional
        Satellite hardware per W of array ($22/W), radiators per m² ($5,000), ground segment ($20 M), operations
        (1 %/yr of the hardware). [USD/W], [USD/m^2], [USD], [1/yr]

    Returns
    -------
    DatacentreComparison
        Lifetime totals for ``earth`` and ``orbit`` (SI; cost items in USD), ``assumptions`` with sources,
        ``exclusions``, the break-even launch price, and :meth:`DatacentreComparison.rows`.

    Raises
    ------
    PhysicsError
        If any argument is physically impossible (named in the message).

    Notes
    -----
    With the defaults, 1 GW of IT in orbit launches ~36,000 t (arrays ~12,600 t, radiator panels ~3,200 t,
    coolant loop ~3,900 t, IT ~11,300 t, GPU replacements ~5,100 t), and costs several times the Earth site;
    the break-even launch price is negative: even free launch does not close the gap at $22/W satellites.

    References
    ----------
    .. [1] NASA OTPS, Rodgers et al. (2024), "Space-Based Solar Power", NTRS 20230018600.
    .. [2] spacedc-mdao, https://github.com/jman4162/spacedc-mdao (radiator, array, degradation, cost defaults).
    .. [3] Google, Project Suncatcher, arXiv:2511.19468 (2025).
    .. [4] A. McCalip, orbital datacentre calculator, https://andrewmccalip.com/space-datacenters.
    """
    given = {k: v for k, v in locals().items() if k != "it_power_w"}  # the keyword inputs, None = default
    it = positive("it_power_w", it_power_w, "W")
    a = _assumptions(given)
    x = _validated({y.name: y.value for y in a})
    shape = np.broadcast_shapes(np.shape(it), *(np.shape(y.value) for y in a))

    def full(value: npt.ArrayLike) -> FloatOrArray:
        return scalar_or_array(np.broadcast_to(np.asarray(value, dtype=np.float64), shape).copy())

    earth, orbit = _sites(it, x, full)
    break_even = tco.break_even_launch_price(
        earth.cost_usd,
        np.asarray(orbit.cost_usd) - np.asarray(orbit.launch_cost_usd),
        np.asarray(orbit.mass_to_orbit_kg) + np.asarray(orbit.replacement_mass_kg),
    )
    return DatacentreComparison(
        it_power_w=scalar_or_array(it),
        lifetime_years=full(x["years"]),
        earth=earth,
        orbit=orbit,
        assumptions=a,
        break_even_launch_usd_per_kg=full(break_even),
    )


def _sites(it: npt.NDArray[np.float64], x: dict[str, Any], full: Any) -> tuple[SiteFigures, SiteFigures]:
    """Both sites' physical totals and cost tables from the validated inputs."""
    years = x["years"]
    gpu_energy = it / H100_SXM_POWER.value * GPU_EMBODIED_ENERGY.value * (1.0 + x["failure"] * years)
    return _earth(it, x, full, gpu_energy), _orbit(it, x, full, gpu_energy)


def _earth(it: npt.NDArray[np.float64], x: dict[str, Any], full: Any, gpu_energy: Any) -> SiteFigures:
    """The terrestrial site: grid electricity, facility, water, GPUs."""
    years = x["years"]
    seconds = years * SECONDS_PER_YEAR
    p_earth = np.asarray(facility_power(it, x["pue_e"]))
    e_earth = p_earth * seconds
    earth_costs = tco.earth_costs(
        it, e_earth, years, x["electricity_price_usd_per_j"], x["facility_capex_usd_per_w"],
        x["facility_upkeep_per_year"], x["water_m3_per_it_j"], x["water_price_usd_per_m3"],
        x["gpu_cost_usd_per_w"], x["failure"],
    )  # fmt: skip
    zero = full(0.0)
    earth = SiteFigures(
        site="earth",
        facility_power_w=full(p_earth),
        array_power_bol_w=zero,
        array_mass_kg=zero,
        radiator_area_m2=zero,
        radiator_mass_kg=zero,
        coolant_loop_mass_kg=zero,
        it_hardware_mass_kg=zero,
        mass_to_orbit_kg=zero,
        replacement_mass_kg=zero,
        launches=zero,
        operation_energy_j=full(e_earth),
        operation_energy_source="grid electricity",
        launch_energy_j=zero,
        gpu_embodied_energy_j=full(gpu_energy),
        total_energy_j=full(e_earth + gpu_energy),
        launch_energy_payback_s=full(np.nan),
        costs={k: full(v) for k, v in earth_costs.items()},
        cost_usd=full(tco.total(earth_costs)),
    )
    return earth


def _orbit(it: npt.NDArray[np.float64], x: dict[str, Any], full: Any, gpu_energy: Any) -> SiteFigures:
    """The orbital site: arrays, radiators, coolant loop, IT and its replacements, launched."""
    years = x["years"]
    seconds = years * SECONDS_PER_YEAR
    p_orbit = np.asarray(facility_power(it, x["pue_o"]))
    array_bol = p_orbit / (x["f_sun"] * np.asarray(degradation_factor(x["degradation_per_year"], years)))
    rad_area = np.asarray(radiator_area(p_orbit, x["t_rad"], x["eps"], 2, x["t_sink"], x["eta"]))
    loop = np.asarray(coolant_loop_mass(p_orbit, x["coolant_loop_kg_per_w"]))
    it_mass = it * x["it_hardware_kg_per_w"]
    mass = array_bol / x["w_per_kg"] + rad_area * x["rho"] + loop + it_mass
    replacements = it_mass * x["failure"] * years
    launch_energy = (mass + replacements) * x["launch_energy_j_per_kg"]
    orbit_costs = tco.orbit_costs(
        it, array_bol, rad_area, mass + replacements, years, x["launch_cost_usd_per_kg"],
        x["satellite_usd_per_w"], x["radiator_usd_per_m2"], x["ground_segment_usd"],
        x["operations_per_year"], x["gpu_cost_usd_per_w"], x["failure"],
    )  # fmt: skip
    orbit = SiteFigures(
        site="orbit",
        facility_power_w=full(p_orbit),
        array_power_bol_w=full(array_bol),
        array_mass_kg=full(array_bol / x["w_per_kg"]),
        radiator_area_m2=full(rad_area),
        radiator_mass_kg=full(rad_area * x["rho"]),
        coolant_loop_mass_kg=full(loop),
        it_hardware_mass_kg=full(it_mass),
        mass_to_orbit_kg=full(mass),
        replacement_mass_kg=full(replacements),
        launches=full(np.ceil(mass / x["payload"])),
        operation_energy_j=full(p_orbit * seconds),
        operation_energy_source="sunlight, converted by the on-board array",
        launch_energy_j=full(launch_energy),
        gpu_embodied_energy_j=full(gpu_energy),
        total_energy_j=full(p_orbit * seconds + launch_energy + gpu_energy),
        launch_energy_payback_s=full(launch_energy / p_orbit),
        costs={k: full(v) for k, v in orbit_costs.items()},
        cost_usd=full(tco.total(orbit_costs)),
    )
    return orbit
