"""Total cost of ownership of an AI datacentre on Earth and in orbit, item by item, and the break-even launch price.

Money (USD) is its own dimension here, for comparison only: the physical sizing comes from
:func:`wattsandtons.physics.datacentre.compare_datacentres`, which calls these functions. Every price is a sourced
:class:`~wattsandtons.physics.reference.Reference`; the GPUs' capital per W of IT is the market figure
:data:`wattsandtons.physics.markets.GPU_CAPEX`, passed in by the caller (the same chips on both sides, bought once
and again for each one that fails: the refresh); their replacement launches, which only the orbit pays, are in its
launch item.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from wattsandtons.physics._validate import FloatOrArray
from wattsandtons.physics.reference import EARTH_CAPEX_SHARES
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = ["CostTable", "break_even_launch_price", "earth_costs", "orbit_costs"]

#: Items of a cost table, by name [USD].
CostTable = dict[str, FloatOrArray]


def earth_costs(
    it_power_w: npt.ArrayLike,
    operation_energy_j: npt.ArrayLike,
    years: npt.ArrayLike,
    electricity_price_usd_per_j: npt.ArrayLike,
    facility_capex_usd_per_w: npt.ArrayLike,
    upkeep_per_year: npt.ArrayLike,
    water_m3_per_it_j: npt.ArrayLike,
    water_price_usd_per_m3: npt.ArrayLike,
    gpu_cost_usd_per_w: npt.ArrayLike,
    gpu_failure_per_year: npt.ArrayLike,
) -> CostTable:
    """Lifetime cost items of a terrestrial datacentre buying grid electricity.

    * electricity: ``E · price``;
    * the facility, split by :data:`~wattsandtons.physics.reference.EARTH_CAPEX_SHARES` (electrical, cooling
      plant, building shell with site and land, network and fit-out): ``P_IT · capex``;
    * facility upkeep: ``capex · upkeep · L``;
    * water for evaporative cooling: ``P_IT · L · WUE · water price`` (WUE per unit of IT energy);
    * GPUs and their replacements: ``P_IT · c_GPU · (1 + failure · L)``.

    Parameters
    ----------
    it_power_w : float or array
        IT power. [W]
    operation_energy_j : float or array
        Facility electricity over the lifetime. [J]
    years : float or array
        Lifetime. [yr]
    electricity_price_usd_per_j : float or array
        Grid price. [USD/J]
    facility_capex_usd_per_w : float or array
        Facility capital per W of IT, GPUs excluded. [USD/W]
    upkeep_per_year : float or array
        Facility maintenance, a share of its capital each year. [1/yr]
    water_m3_per_it_j : float or array
        Water consumed per unit of IT energy (the Green Grid's WUE). [m^3/J]
    water_price_usd_per_m3 : float or array
        Price of water. [USD/m^3]
    gpu_cost_usd_per_w : float or array
        GPU (server) capital per W of IT. [USD/W]
    gpu_failure_per_year : float or array
        Share of GPUs replaced each year. [1/yr]

    Returns
    -------
    dict of str to float or array
        Cost items over the lifetime. [USD]

    References
    ----------
    .. [1] A. McCalip, orbital datacentre calculator, https://andrewmccalip.com/space-datacenters (capex buckets,
       upkeep, GPU failure rate).
    .. [2] Shehabi, A. et al. (2016), United States Data Center Energy Usage Report, LBNL-1005775 (water).
    """
    it = np.asarray(it_power_w, dtype=np.float64)
    years = np.asarray(years, dtype=np.float64)
    capex = it * np.asarray(facility_capex_usd_per_w)
    it_energy = it * years * SECONDS_PER_YEAR
    gpus = it * np.asarray(gpu_cost_usd_per_w)
    table: CostTable = {
        "electricity": np.asarray(operation_energy_j) * np.asarray(electricity_price_usd_per_j)
    }
    table.update({f"facility: {item}": capex * share for item, share in EARTH_CAPEX_SHARES.items()})
    table["facility upkeep"] = capex * np.asarray(upkeep_per_year) * years
    table["water"] = it_energy * np.asarray(water_m3_per_it_j) * np.asarray(water_price_usd_per_m3)
    table["GPUs"] = gpus
    table["GPU replacements"] = gpus * np.asarray(gpu_failure_per_year) * years
    return table


def orbit_costs(
    it_power_w: npt.ArrayLike,
    array_power_bol_w: npt.ArrayLike,
    radiator_area_m2: npt.ArrayLike,
    launched_mass_kg: npt.ArrayLike,
    years: npt.ArrayLike,
    launch_cost_usd_per_kg: npt.ArrayLike,
    satellite_usd_per_w: npt.ArrayLike,
    radiator_usd_per_m2: npt.ArrayLike,
    ground_segment_usd: npt.ArrayLike,
    operations_per_year: npt.ArrayLike,
    gpu_cost_usd_per_w: npt.ArrayLike,
    gpu_failure_per_year: npt.ArrayLike,
) -> CostTable:
    """Lifetime cost items of an orbital datacentre.

    * launch: everything launched (first build and GPU replacements) × price per kg;
    * satellites (bus and arrays): ``$/W × array rating``; radiators: ``$/m² × area``;
    * ground segment (one per constellation) and operations (a share of the hardware each year);
    * GPUs and their replacements as on Earth (their launch is in the launch item).

    Parameters
    ----------
    it_power_w : float or array
        IT power. [W]
    array_power_bol_w : float or array
        Array rating at beginning of life. [W]
    radiator_area_m2 : float or array
        Radiator panel area. [m^2]
    launched_mass_kg : float or array
        Mass launched over the lifetime, replacements included. [kg]
    years : float or array
        Lifetime. [yr]
    launch_cost_usd_per_kg : float or array
        Launch price. [USD/kg]
    satellite_usd_per_w : float or array
        Satellite hardware per W of array. [USD/W]
    radiator_usd_per_m2 : float or array
        Radiator hardware per m². [USD/m^2]
    ground_segment_usd : float or array
        Ground stations and operations centre. [USD]
    operations_per_year : float or array
        Operations, a share of satellite and radiator hardware each year. [1/yr]
    gpu_cost_usd_per_w : float or array
        GPU (server) capital per W of IT. [USD/W]
    gpu_failure_per_year : float or array
        Share of GPUs replaced each year. [1/yr]

    Returns
    -------
    dict of str to float or array
        Cost items over the lifetime. [USD]

    References
    ----------
    .. [1] A. McCalip, orbital datacentre calculator (satellite $/W, operations, GPU failures).
    .. [2] spacedc-mdao, https://github.com/jman4162/spacedc-mdao (radiator $/m², ground segment).
    """
    years = np.asarray(years, dtype=np.float64)
    satellites = np.asarray(array_power_bol_w) * np.asarray(satellite_usd_per_w)
    radiators = np.asarray(radiator_area_m2) * np.asarray(radiator_usd_per_m2)
    gpus = np.asarray(it_power_w) * np.asarray(gpu_cost_usd_per_w)
    return {
        "launch": np.asarray(launched_mass_kg) * np.asarray(launch_cost_usd_per_kg),
        "satellites (bus and arrays)": satellites,
        "radiators": radiators,
        "ground segment": np.broadcast_to(
            np.asarray(ground_segment_usd, dtype=np.float64), np.shape(satellites)
        ),
        "operations": (satellites + radiators) * np.asarray(operations_per_year) * years,
        "GPUs": gpus,
        "GPU replacements": gpus * np.asarray(gpu_failure_per_year) * years,
    }


def total(table: Mapping[str, FloatOrArray]) -> npt.NDArray[np.float64]:
    """Sum of a cost table's items. [USD]"""
    return np.asarray(sum(np.asarray(v, dtype=np.float64) for v in table.values()), dtype=np.float64)


def break_even_launch_price(
    earth_total_usd: npt.ArrayLike, orbit_without_launch_usd: npt.ArrayLike, launched_mass_kg: npt.ArrayLike
) -> FloatOrArray:
    """Launch price at which the orbit's lifetime cost equals the Earth's: ``(C_E − C_O,ex-launch) / m``.

    Parameters
    ----------
    earth_total_usd : float or array
        The terrestrial site's total. [USD]
    orbit_without_launch_usd : float or array
        The orbital site's total without its launch item. [USD]
    launched_mass_kg : float or array
        Mass launched over the lifetime, > 0. [kg]

    Returns
    -------
    float or array
        Break-even price. [USD/kg] Negative when the orbit costs more than the Earth site even with free launch.
    """
    mass = np.asarray(launched_mass_kg, dtype=np.float64)
    return np.asarray((np.asarray(earth_total_usd) - np.asarray(orbit_without_launch_usd)) / mass)[()]
