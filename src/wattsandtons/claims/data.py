"""The essays' numeric claims (C1–C18) as data, and the sourced figures their checks need.

Every claim is a :class:`Claim` (id, essay file, the claim paraphrased in English) holding one or more
:class:`Check` records. A check says what is computed (``quantity``, ``unit``), how the essay's number is
compared with it (:class:`Claimed`: a value with a tolerance, a range, an inequality — or no comparison, with
the reason), which evaluation function computes it (``evaluate``, a name in
:data:`wattsandtons.claims.evaluators.EVALUATORS`) and from which inputs (``inputs``: parameter name → key of a
sourced :class:`~wattsandtons.physics.reference.Reference`).

Input keys are looked up at evaluation time, first in :data:`FIGURES` (figures the physics package does not
hold, each with its source and low/high where known), then in
:func:`wattsandtons.physics.reference.references`, then among the References of
:mod:`wattsandtons.physics.launch`. Figures that are the essay's own premises (the "one millionth" of the Sun,
"$2,500/kg", "240 TWh") are References too, with the essay as their source, so that every number a check uses
is listed with where it comes from.

The records are defined in :mod:`wattsandtons.claims.records`, the figures in :mod:`wattsandtons.claims.figures`;
this module holds the claims themselves and re-exports both.
"""

from __future__ import annotations

import math

from wattsandtons.claims.figures import (
    _ESSAY_000,
    _ESSAY_001,
    _ESSAY_003,
    _ESSAY_004,
    _KWH,
    _TWH,
    FIGURES,
    _premise,
)
from wattsandtons.claims.records import COUNT, PERCENT, RATIO, Check, Claim, Claimed, Premise, Unit
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = [
    "CLAIMS",
    "COUNT",
    "FIGURES",
    "ORDER_OF_MAGNITUDE",
    "PERCENT",
    "RATIO",
    "Check",
    "Claim",
    "Claimed",
    "Premise",
    "Unit",
]

#: Tolerance of a claim stated as a round power of ten ("~100×", "~1,000,000×"): it holds when the computed
#: value rounds (in log10) to that power of ten, i.e. lies within a factor of √10 of it.
ORDER_OF_MAGNITUDE = math.sqrt(10.0)


def _per_year(watts: float) -> float:
    """Power launched per year [W/yr] in SI [W/s]."""
    return watts / SECONDS_PER_YEAR


_POWER_PER_YEAR = Unit("W/s", "[power]/[time]")
_ENERGY = Unit("J", "[energy]")
_TWH_UNIT = Unit("J", "TWh")
_JPY = Unit("JPY", "JPY")

CLAIMS: tuple[Claim, ...] = (
    Claim(
        "C1",
        _ESSAY_003,
        "Civilisation uses ~1 % of Earth's potential energy; one millionth of the Sun's output is about "
        "1,000,000 times what civilisation uses now.",
        (
            Check(
                "C1a",
                "one millionth of the Sun's luminosity ÷ world primary power",
                RATIO,
                Claimed("~1,000,000×", "approx", 1e6, tolerance=ORDER_OF_MAGNITUDE, tolerance_kind="factor"),
                "sun_fraction_vs_world_power",
                {
                    "sun_fraction": "PREMISE_SUN_MILLIONTH",
                    "solar_luminosity": "SOLAR_LUMINOSITY",
                    "world_power": "WORLD_PRIMARY_POWER_2023",
                    "earth_radius": "EARTH_MEAN_RADIUS",
                },
                interpretation="'What civilisation uses now' read as world primary energy (620 EJ in 2023).",
            ),
            Check(
                "C1b",
                "world primary power ÷ sunlight intercepted by the Earth",
                PERCENT,
                Claimed("~1 %", "approx", 0.01, tolerance=ORDER_OF_MAGNITUDE, tolerance_kind="factor"),
                "world_power_share_of_earth_sunlight",
                {"world_power": "WORLD_PRIMARY_POWER_2023", "earth_radius": "EARTH_MEAN_RADIUS"},
                interpretation="'Earth's potential energy' read as all sunlight the Earth intercepts "
                "(π R² × solar flux at 1 au); the essay does not define it.",
            ),
        ),
    ),
    Claim(
        "C2",
        _ESSAY_001,
        "Using one billionth of the Sun's total energy for AI and robots would return more than 1,000 times.",
        (
            Check(
                "C2",
                "one billionth of the Sun's luminosity ÷ world primary power",
                RATIO,
                Claimed("more than 1,000×", "at_least", 1000.0),
                "sun_fraction_vs_world_power",
                {
                    "sun_fraction": "PREMISE_SUN_BILLIONTH",
                    "solar_luminosity": "SOLAR_LUMINOSITY",
                    "world_power": "WORLD_PRIMARY_POWER_2023",
                    "earth_radius": "EARTH_MEAN_RADIUS",
                },
                interpretation="'Return' read as the energy made available relative to what civilisation uses "
                "now; the essay gives no other measure of return.",
            ),
        ),
    ),
    Claim(
        "C3",
        _ESSAY_003,
        "The Sun is 99.8 % of the solar system's mass.",
        (
            Check(
                "C3",
                "Sun's mass ÷ (Sun + planets, the Moon and Pluto)",
                PERCENT,
                Claimed("99.8 %", "approx", 0.998, tolerance=0.001, tolerance_kind="absolute"),
                "sun_mass_share",
                {
                    "solar_gm": "SOLAR_GM",
                    "gravitational_constant": "GRAVITATIONAL_CONSTANT",
                    "planets_mass": "PLANETS_MASS",
                },
                interpretation="Stated to one decimal: within ±0.1 percentage point.",
            ),
        ),
    ),
    Claim(
        "C4",
        _ESSAY_003,
        "SpaceX will launch orbital AI datacentres at 100–200 GW per year, with a path to up to 1 TW per year "
        "from Earth.",
        (
            Check(
                "C4a",
                "compute power launched per year at the memo's cadence, payload and W/kg",
                _POWER_PER_YEAR,
                Claimed("100–200 GW/yr", "range", low=_per_year(100e9), high=_per_year(200e9)),
                "orbital_power_launched_per_year",
                {
                    "cadence": "STARSHIP_CADENCE_MUSK",
                    "payload": "STARSHIP_PAYLOAD_MUSK",
                    "specific_power": "SATELLITE_SPECIFIC_POWER",
                    "target": "PREMISE_EARTH_LAUNCH_TARGET",
                },
                interpretation="Launch rate × payload × whole-satellite specific power, at the figures of "
                "Musk's own memo (one Starship an hour, 200 t, 100 kW per tonne), with independent low/high.",
            ),
            Check(
                "C4b",
                "Starship flights a year for 1 TW/yr of compute, at the memo's payload and W/kg",
                Unit("1/s", "per_year"),
                Claimed(
                    "a path to up to 1 TW/yr",
                    "none",
                    reason="'a path to' gives neither a date nor a flight rate to compare with; the "
                    "computed value is what 1 TW/yr would take",
                ),
                "flights_for_power_rate",
                {
                    "target": "PREMISE_EARTH_LAUNCH_TARGET",
                    "target_low": "PREMISE_EARTH_LAUNCH_RATE",
                    "payload": "STARSHIP_PAYLOAD_MUSK",
                    "payload_published": "STARSHIP_PAYLOAD_LEO",
                    "specific_power": "SATELLITE_SPECIFIC_POWER",
                },
                fixed=frozenset({"target_low", "payload_published"}),
                interpretation="What 1 TW/yr takes: flights and tonnes a year, for each payload class "
                "(100 t and 150 t published by SpaceX, 200 t in the memo) at the memo's 100 W/kg and at the "
                "specific power of the satellite physics.datacentre sizes (details).",
                caveat="a path with no date or flight rate: nothing to compare",
            ),
        ),
    ),
    Claim(
        "C5",
        _ESSAY_003,
        "Going beyond 1 TW/yr needs the Moon: a lunar factory and mass driver reach more than 1,000 GW/yr.",
        (
            Check(
                "C5",
                "average mass-driver power to launch 1,000 GW/yr of satellites from the Moon",
                Unit("W", "[power]"),
                Claimed(
                    ">1,000 GW/yr",
                    "none",
                    reason="the claim is about the output of lunar factories that do not exist; physics gives "
                    "the launch energy bill (see the computed value), which is not what limits the rate",
                ),
                "mass_driver_power_for_rate",
                {
                    "target": "PREMISE_LUNAR_LAUNCH_TARGET",
                    "specific_power": "SATELLITE_SPECIFIC_POWER",
                    "efficiency": "MASS_DRIVER_EFFICIENCY",
                    "moon_gm": "MOON_GM",
                    "moon_radius": "MOON_MEAN_RADIUS",
                    "starship_energy_per_kg": "STARSHIP_LAUNCH_ENERGY_PER_KG",
                },
                caveat="a rate of lunar factories that do not exist; physics gives only the launch energy",
            ),
        ),
    ),
    Claim(
        "C6",
        _ESSAY_003,
        "Starship cuts the cost to orbit by ~95 %, from ~$2,500/kg to ~$100–200/kg (also: from $25,000/kg); "
        "at least 10×, maybe 20×; less than 10 % chance it fails to reach <$200/kg within 3 years.",
        (
            Check(
                "C6a",
                "cost reduction from $2,500/kg to $100–200/kg",
                PERCENT,
                Claimed("~95 %", "approx", 0.95, tolerance=0.025, tolerance_kind="absolute"),
                "cost_reduction_share",
                {"before": "PREMISE_PRICE_BEFORE", "after": "PREMISE_PRICE_AFTER"},
                interpretation="'Perhaps 95 %', a round figure: within ±2.5 percentage points.",
            ),
            Check(
                "C6b",
                "cost reduction factor from $2,500/kg to $100–200/kg",
                RATIO,
                Claimed("at least 10×, maybe 20×", "range", low=10.0, high=20.0),
                "cost_reduction_factor",
                {"before": "PREMISE_PRICE_BEFORE", "after": "PREMISE_PRICE_AFTER"},
            ),
            Check(
                "C6c",
                "cost reduction factor from $25,000/kg to $100–200/kg",
                RATIO,
                Claimed("at least 10×, maybe 20×", "range", low=10.0, high=20.0),
                "cost_reduction_factor",
                {"before": "PREMISE_PRICE_BEFORE_HIGH", "after": "PREMISE_PRICE_AFTER"},
                interpretation="The essay's other starting price, $25,000/kg, against the same 10–20×.",
            ),
            Check(
                "C6d",
                "years to fall from today's lowest price to $200/kg on the 2013–22 launch-price trend",
                Unit("s", "yr"),
                Claimed(
                    "<10 % chance of missing <$200/kg within 3 years",
                    "none",
                    reason="a probability about one company's future prices; the sources' own forecasts: "
                    "Google Suncatcher '≲$200/kg by the mid-2030s', NASA OTPS (2024) $615/kg by 2040 on the "
                    "2013–22 price trend",
                ),
                "years_to_price_on_trend",
                {
                    "start": "LAUNCH_PRICE_LOWEST_2023",
                    "decline": "LAUNCH_PRICE_DECLINE_2013_2022",
                    "span": "LAUNCH_PRICE_TREND_SPAN",
                    "target": "PREMISE_PRICE_TARGET",
                },
                fixed=frozenset({"span"}),
                interpretation="Launch prices, not hardware learning: BryceTech's 36 % fall in the average "
                "price per kg from 2013 to 2022 (as used by NASA OTPS), continued from today's lowest "
                "$1,500/kg.",
                caveat="a probability about the future: nothing to compare",
                sources=(
                    "Google, 'Towards a future space-based, highly scalable AI infrastructure system design' "
                    "(Project Suncatcher), arXiv:2511.19468 (2025)",
                ),
            ),
        ),
    ),
    Claim(
        "C7",
        _ESSAY_003,
        "A lunar mass driver makes shipping to orbit or deep space about 100 times cheaper than Starship from "
        "Earth.",
        (
            Check(
                "C7",
                "Starship fuel energy per kg to LEO ÷ mass-driver electricity per kg to lunar escape",
                RATIO,
                Claimed("~100×", "approx", 100.0, tolerance=ORDER_OF_MAGNITUDE, tolerance_kind="factor"),
                "starship_vs_mass_driver_energy",
                {
                    "propellant_mass": "STARSHIP_PROPELLANT_MASS",
                    "payload": "STARSHIP_PAYLOAD_LEO",
                    "oxidiser_to_fuel": "RAPTOR_OXIDISER_TO_FUEL_RATIO",
                    "fuel_lhv": "METHANE_LHV",
                    "efficiency": "MASS_DRIVER_EFFICIENCY",
                    "moon_gm": "MOON_GM",
                    "moon_radius": "MOON_MEAN_RADIUS",
                    "electricity_price": "ELECTRICITY_PRICE_US_INDUSTRIAL_2023",
                    "launch_cost": "LAUNCH_COST_PER_KG_STARSHIP",
                },
                fixed=frozenset({"electricity_price", "launch_cost"}),
                interpretation="The claim is about cost; physics compares energy per kg. Starship's figure "
                "stops at LEO while the mass driver's reaches lunar escape, so the ratio favours Starship.",
                basis="energy",
                caveat="Starship's methane to LEO vs the driver's electricity to lunar escape",
                notes=(
                    "Money for comparison only (details): the mass driver's electricity costs cents per kg, "
                    "but its capital cost, which would dominate, is not sourced here.",
                ),
            ),
        ),
    ),
    Claim(
        "C8",
        _ESSAY_003,
        "Space-solar AI datacentres cut operating cost by ~60 % (50–70 %) against terrestrial ones, from day "
        "one.",
        (
            Check(
                "C8",
                "total cost of ownership of an orbital datacentre ÷ a terrestrial one (same IT power)",
                RATIO,
                Claimed("60 % cheaper (50–70 %)", "range", low=0.30, high=0.50),
                "orbit_vs_earth_cost_ratio",
                {
                    "launch_cost": "LAUNCH_COST_PER_KG_STARSHIP",
                    "electricity_price": "ELECTRICITY_PRICE_US_INDUSTRIAL_2023",
                    "array_specific_power": "SPACE_ARRAY_SPECIFIC_POWER",
                    "radiator_areal_density": "RADIATOR_AREAL_DENSITY",
                    "lifetime": "DATACENTRE_LIFETIME_YEARS",
                    "satellite_cost": "SATELLITE_COST_PER_W",
                    "facility_cost": "EARTH_FACILITY_CAPEX_PER_W",
                    "gpu_cost": "GPU_CAPEX",
                },
                interpretation="physics.datacentre.compare_datacentres, full cost of ownership on both sides "
                "(physics.tco): the terrestrial site pays for electricity, its facility (electrical, cooling "
                "plant, building and land, fit-out), upkeep and water; the orbital one for launch (GPU "
                "replacements included), satellites, radiators, ground segment and operations; both buy the same "
                "GPUs (physics.markets.GPU_CAPEX) and replace the ones that fail. 'Operating cost 50–70 % "
                "lower' read as a lifetime cost ratio of 0.3–0.5 (orbit has no separate operating cost: its "
                "capital is what replaces the electricity). Other inputs at their defaults.",
                caveat="GPUs and their refresh counted on both sides",
                notes=(
                    "The break-even launch price is in the details; with satellites at $22/W (Starlink V2 Mini, "
                    "McCalip) no launch price closes the gap. Left out: see physics.datacentre.EXCLUSIONS.",
                ),
            ),
        ),
    ),
    Claim(
        "C9",
        _ESSAY_001,
        "Colossus 2 is the world's first gigawatt-class training cluster and will be upgraded to 1.5 GW.",
        (
            Check(
                "C9",
                "electricity of a 1.5 GW cluster over a year at full load",
                _TWH_UNIT,
                Claimed(
                    "first gigawatt-class cluster, 1.5 GW",
                    "none",
                    reason="a statement about one company's facility and its rank; only press reports of "
                    "Musk's post (Teslarati, Jan 2026) and SemiAnalysis (16 Sep 2025, 'on track to be the "
                    "first gigawatt datacenter') were seen, no metered figure",
                ),
                "energy_at_power_for_a_year",
                {
                    "power": "PREMISE_COLOSSUS2_POWER",
                    "pue": "PUE_HYPERSCALE",
                    "rack_power": "GB200_NVL72_POWER",
                    "datacentres_2024": "IEA_DATACENTRE_2024",
                },
                fixed=frozenset({"rack_power"}),
                caveat="one company's facility and rank; no metered figure is published",
                sources=(
                    "Teslarati via briefly.co, 'Elon Musk's xAI brings 1GW Colossus 2 AI training cluster "
                    "online' (Jan 2026)",
                    "SemiAnalysis, 'xAI's Colossus 2 – first gigawatt datacenter' (16 Sep 2025), via "
                    "news.lego-sia.com (23 Apr 2026)",
                ),
            ),
        ),
    ),
    Claim(
        "C10",
        _ESSAY_000,
        "Tesla and SpaceX target about 100 GW per year of solar manufacturing.",
        (
            Check(
                "C10",
                "the target as a share of the world's solar module production in 2024",
                PERCENT,
                Claimed(
                    "~100 GW/yr",
                    "none",
                    reason="a corporate target quoted from an interview; no production figure of the two "
                    "companies was found",
                ),
                "share_of_world_production",
                {"target": "PREMISE_SOLAR_TARGET", "world": "WORLD_PV_MODULE_PRODUCTION_2024"},
                caveat="a corporate target, not a production figure",
                sources=(_premise(_ESSAY_000, "'a related interview', not identified by the essay"),),
            ),
        ),
    ),
    Claim(
        "C11",
        _ESSAY_004,
        "IEA: datacentre electricity ~460 TWh (2022) rises to more than 1,000 TWh (2026), about Japan's annual "
        "consumption (~1,000 TWh).",
        (
            Check(
                "C11a",
                "datacentre electricity 2022 (IEA)",
                _TWH_UNIT,
                Claimed("~460 TWh", "approx", 460.0 * _TWH, tolerance=0.05),
                "sourced_figure",
                {"value": "IEA_DATACENTRE_2022"},
            ),
            Check(
                "C11b",
                "datacentre electricity 2026 (IEA base case, low–high cases)",
                _TWH_UNIT,
                Claimed(">1,000 TWh", "at_least", 1000.0 * _TWH),
                "sourced_figure",
                {"value": "IEA_DATACENTRE_2026"},
                caveat="the IEA's high case, not its base case",
                notes=(
                    "The essay cites 'Electricity 2025'; the 460 → 1,000 TWh figures are from Electricity 2024.",
                ),
            ),
            Check(
                "C11c",
                "Japan's electricity demand FY2023",
                _TWH_UNIT,
                Claimed("~1,000 TWh", "approx", 1000.0 * _TWH, tolerance=0.10),
                "sourced_figure",
                {"value": "JAPAN_ELECTRICITY_FY2023"},
            ),
        ),
    ),
    Claim(
        "C12",
        _ESSAY_004,
        "Electric motors are ~90 % efficient against 20–30 % for combustion engines.",
        (
            Check(
                "C12a",
                "electric motor efficiency",
                PERCENT,
                Claimed("~90 %", "approx", 0.90, tolerance=0.05, tolerance_kind="absolute"),
                "sourced_figure",
                {"value": "MOTOR_EFFICIENCY"},
            ),
            Check(
                "C12b",
                "combustion vehicle, share of fuel energy reaching the wheels",
                PERCENT,
                Claimed("20–30 %", "range", low=0.20, high=0.30),
                "sourced_figure",
                {"value": "ENGINE_EFFICIENCY_VEHICLE"},
            ),
        ),
    ),
    Claim(
        "C13",
        _ESSAY_004,
        "Curtailment of solar and wind in FY2025: Kyushu 5.9 %, Shikoku 3.8 %, Tohoku 3.0 %, Chugoku 1.5 %.",
        tuple(
            Check(
                f"C13{letter}",
                f"FY2025 curtailment outlook, {area.title()}",
                PERCENT,
                Claimed(
                    f"{share:.1%}".replace("%", " %"),
                    "approx",
                    share,
                    tolerance=0.0005,
                    tolerance_kind="absolute",
                ),
                "sourced_figure",
                {"value": f"CURTAILMENT_FY2025_{area}"},
                interpretation="Stated to 0.1 percentage point: within ±0.05 point.",
            )
            for letter, area, share in (
                ("a", "KYUSHU", 0.059),
                ("b", "SHIKOKU", 0.038),
                ("c", "TOHOKU", 0.030),
                ("d", "CHUGOKU", 0.015),
            )
        ),
    ),
    Claim(
        "C14",
        _ESSAY_004,
        "At 50 % renewables Japan could curtail ~240 TWh/yr; mining 10 % of it (24 TWh) would yield ~¥360 bn "
        "of bitcoin a year (i.e. ~¥15/kWh).",
        (
            Check(
                "C14a",
                "10 % of 240 TWh",
                _TWH_UNIT,
                Claimed("24 TWh", "approx", 24.0 * _TWH, tolerance=0.01),
                "product",
                {"a": "PREMISE_JAPAN_SURPLUS", "b": "PREMISE_MINED_SHARE"},
            ),
            Check(
                "C14b",
                "bitcoin mining revenue per kWh (hashprice ÷ ASIC efficiency)",
                Unit("JPY/J", "JPY/kWh"),
                Claimed(
                    "¥360 bn from 24 TWh = ¥15/kWh",
                    "approx",
                    FIGURES["PREMISE_MINING_REVENUE"].value,
                    tolerance=0.20,
                ),
                "mining_revenue_per_energy",
                {
                    "hashprice": "HASHPRICE",
                    "asic_efficiency": "ASIC_EFFICIENCY",
                    "jpy_per_usd": "JPY_PER_USD",
                    "claimed": "PREMISE_MINING_REVENUE",
                    "mined_energy": "PREMISE_JAPAN_SURPLUS",
                    "mined_share": "PREMISE_MINED_SHARE",
                },
                fixed=frozenset({"claimed"}),
                interpretation="An estimate of a volatile revenue: within ±20 %. Miners assumed to run all "
                "the time they have power, revenue before any costs.",
            ),
            Check(
                "C14c",
                "share of renewable output that 240 TWh of surplus would be",
                PERCENT,
                Claimed(
                    "~240 TWh/yr curtailed at 50 % renewables",
                    "none",
                    reason="a scenario figure from Agile Energy X's president; no dispatch model of Japan at "
                    "50 % renewables is sourced here to compare it with",
                ),
                "curtailed_share_of_renewables",
                {
                    "surplus": "PREMISE_JAPAN_SURPLUS",
                    "renewable_share": "PREMISE_RENEWABLE_SHARE",
                    "demand": "JAPAN_ELECTRICITY_FY2023",
                    "curtailed_fy2023": "JAPAN_CURTAILMENT_FY2023",
                },
                premise=Premise(
                    "at_most",
                    "CURTAILMENT_FY2025_KYUSHU",
                    "Kyushu's FY2025 outlook (5.9 %, the highest region in Japan)",
                    factor=ORDER_OF_MAGNITUDE,
                ),
                interpretation="Plausible only within an order of magnitude (×√10) of the highest regional "
                "curtailment share Japan's grid operators expect.",
                caveat="a scenario figure from Agile Energy X's president",
                notes=(
                    "For scale: METI's FY2025 outlook is at most 5.9 % curtailment (Kyushu) and ~2 TWh "
                    "nationwide.",
                ),
            ),
        ),
    ),
    Claim(
        "C15",
        _ESSAY_004,
        "AI/HPC hosting earns up to 25 times more per MW than bitcoin mining (VanEck).",
        (
            Check(
                "C15a",
                "AI hosting (lease) revenue per MW ÷ mining revenue per MW",
                RATIO,
                Claimed("up to 25×", "approx", 25.0, tolerance=0.25),
                "ai_vs_mining_revenue_ratio",
                {
                    "ai_revenue": "AI_HOSTING_LEASE",
                    "hashprice": "HASHPRICE",
                    "asic_efficiency": "ASIC_EFFICIENCY",
                },
                interpretation="The claim's own word, hosting: a host leases powered, cooled space and the "
                "tenant owns the GPUs (physics.markets.AI_HOSTING_LEASE). Mining revenue = hashprice ÷ ASIC "
                "efficiency at full uptime, before power and machines. '25×' taken as the figure to match, "
                "within ±25 %.",
                caveat="basis: hosting lease per MW-year against mining revenue",
                notes=(
                    "VanEck's $9.11 M per MW-year is GPU cloud revenue (the operator owns the GPUs); it is "
                    "the second basis, C15b.",
                ),
            ),
            Check(
                "C15b",
                "AI cloud revenue net of GPU capital amortisation, per MW ÷ mining revenue per MW",
                RATIO,
                Claimed("up to 25×", "approx", 25.0, tolerance=0.25),
                "ai_cloud_net_vs_mining_ratio",
                {
                    "ai_revenue": "AI_CLOUD_REVENUE",
                    "gpu_cost": "GPU_CAPEX",
                    "lifetime": "DATACENTRE_LIFETIME_YEARS",
                    "hashprice": "HASHPRICE",
                    "asic_efficiency": "ASIC_EFFICIENCY",
                },
                interpretation="The basis of VanEck's figure: GPU cloud revenue (physics.markets."
                "AI_CLOUD_REVENUE) less the GPUs bought to earn it (GPU_CAPEX) written off straight-line over "
                "the datacentre lifetime of physics.datacentre; mining revenue as in C15a. '25×' within ±25 %.",
                caveat="basis: GPU cloud revenue less straight-line GPU amortisation",
                notes=(
                    "Left out on both bases: electricity, the hall or mining site and the ASICs' capital, GPU "
                    "failures (physics.datacentre counts those), discounting.",
                ),
            ),
        ),
    ),
    Claim(
        "C16",
        _ESSAY_004,
        "Japan's power demand reaches 1.1–1.2 trillion kWh in 2040, 10–20 % more than now.",
        (
            Check(
                "C16a",
                "Japan's electricity in FY2040 (7th Strategic Energy Plan)",
                _TWH_UNIT,
                Claimed("1.1–1.2 trillion kWh", "range", low=1.1e12 * _KWH, high=1.2e12 * _KWH),
                "sourced_figure",
                {"value": "JAPAN_ELECTRICITY_2040"},
            ),
            Check(
                "C16b",
                "growth from FY2023 to FY2040",
                PERCENT,
                Claimed("+10–20 %", "range", low=0.10, high=0.20),
                "growth",
                {"future": "JAPAN_ELECTRICITY_2040", "base": "JAPAN_ELECTRICITY_FY2023"},
            ),
        ),
    ),
    Claim(
        "C17",
        _ESSAY_004,
        "Japan's digital deficit exceeded ¥5 tn/yr in 2024 and reached ~¥3.5 tn in H1 2025: 'imported energy' "
        "in the form of remote computation.",
        (
            Check(
                "C17a",
                "digital-related services deficit, 2024",
                _JPY,
                Claimed("more than ¥5 tn", "at_least", 5e12),
                "sourced_figure",
                {"value": "DIGITAL_DEFICIT_2024"},
            ),
            Check(
                "C17b",
                "digital-related services deficit, January–June 2025",
                _JPY,
                Claimed("~¥3.5 tn", "approx", 3.5e12, tolerance=0.05e12, tolerance_kind="absolute"),
                "sourced_figure",
                {"value": "DIGITAL_DEFICIT_H1_2025"},
                interpretation="Stated to 0.1 tn: within ±¥0.05 tn.",
            ),
            Check(
                "C17c",
                "energy embodied in the imported digital services",
                _ENERGY,
                Claimed(
                    "the deficit is 'imported energy'",
                    "none",
                    reason="the deficit is money paid for advertising, licences and cloud services; their "
                    "energy content is not recorded and no energy intensity per yen of such services is "
                    "sourced",
                ),
                caveat="the deficit is money; no energy per yen of such services is sourced",
                sources=(FIGURES["DIGITAL_DEFICIT_2024"].source,),
            ),
        ),
    ),
    Claim(
        "C18",
        _ESSAY_004,
        "Thermodynamic computing could raise computation per joule by orders of magnitude over GPUs.",
        (
            Check(
                "C18a",
                "thermodynamic sampler vs GPU, useful work per joule (Extropic, simulated)",
                RATIO,
                Claimed("orders of magnitude (≥100×)", "at_least", 100.0),
                "sourced_figure",
                {"value": "EXTROPIC_RELATIVE_EFFICIENCY"},
                interpretation="'Orders of magnitude' read as at least two (≥100×).",
                caveat="on one small image task",
                notes=(
                    "The 10,000× is a system-level simulation of an unbuilt chip on one small image task, a "
                    "[vendor claim] not witnessed in hardware.",
                ),
            ),
            Check(
                "C18b",
                "H100 energy per FLOP in Landauer units (kT ln 2 at 300 K)",
                RATIO,
                Claimed("room for orders of magnitude (≥100×) above GPUs", "at_least", 100.0),
                "landauer_headroom",
                {
                    "flops": "H100_SXM_BF16_DENSE",
                    "power": "H100_SXM_POWER",
                    "relative_efficiency": "EXTROPIC_RELATIVE_EFFICIENCY",
                },
                fixed=frozenset({"relative_efficiency"}),
                interpretation="Physics allows the gain only if a GPU operation costs far more than the "
                "Landauer limit; a FLOP is compared with one bit erased (physics.compute.relative_to_landauer).",
            ),
        ),
    ),
)
