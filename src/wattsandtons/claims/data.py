"""The essays' numeric claims (C1–C18) as data, and the sourced figures their checks need.

Every claim is a :class:`Claim` (id, essay file, the claim paraphrased in English) holding one or more
:class:`Check` records. A check says what is computed (``quantity``, ``unit``), how the essay's number is
compared with it (:class:`Claimed`: a value with a tolerance, a range, an inequality — or no comparison, with
the reason), which evaluation function computes it (``evaluate``, a name in
:data:`wattsandtons.claims.evaluate.EVALUATORS`) and from which inputs (``inputs``: parameter name → key of a
sourced :class:`~wattsandtons.physics.reference.Reference`).

Input keys are looked up at evaluation time, first in :data:`FIGURES` (figures the physics package does not
hold, each with its source and low/high where known), then in
:func:`wattsandtons.physics.reference.references`, then among the References of
:mod:`wattsandtons.physics.launch`. Figures that are the essay's own premises (the "one millionth" of the Sun,
"$2,500/kg", "240 TWh") are References too, with the essay as their source, so that every number a check uses
is listed with where it comes from.

Values are SI (W, J, kg, s; money in USD or JPY as their own dimensions; hashes counted as plain numbers, so a
hashprice is USD per hash and an ASIC efficiency J per hash).

Conventions in the notes, as in :mod:`wattsandtons.physics.reference`: ``[calc]`` arithmetic done here,
``[unsourced]`` a round figure with no primary source, ``[vendor claim]``/``[simulated]`` figures from an
interested party or a simulation, "via" a secondary source that reported the primary.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from wattsandtons.physics.reference import JULIAN_YEAR, Reference

__all__ = [
    "CLAIMS",
    "FIGURES",
    "ORDER_OF_MAGNITUDE",
    "Check",
    "Claim",
    "Claimed",
    "Premise",
    "Unit",
]

_YEAR = JULIAN_YEAR.value  # s
_KWH = 3.6e6  # J per kWh (definition)
_TWH = 3.6e15  # J per TWh (definition)
_PH_DAY = 1e15 * 86400.0  # hashes in one PH/s sustained for a day

#: Tolerance of a claim stated as a round power of ten ("~100×", "~1,000,000×"): it holds when the computed
#: value rounds (in log10) to that power of ten, i.e. lies within a factor of √10 of it.
ORDER_OF_MAGNITUDE = math.sqrt(10.0)

_ESSAY_000 = "000_b784cd8b6f037075.txt"
_ESSAY_001 = "001_73e733157448eca7.txt"
_ESSAY_003 = "003_56b14e745a801f5b.txt"
_ESSAY_004 = "004_2a09aabb2fd2178f.txt"


def _premise(essay: str, what: str) -> str:
    return f"claim premise: essay {essay} ({what})"


# --- Sourced figures the physics package does not hold ------------------------------------------------------

_MUSK_MEMO = (
    "E. Musk, e-mail to SpaceX employees on the SpaceX–xAI combination (2026), as reported by TTM Financial, "
    "https://ttm.financial/m/news/1145116437"
)
_HASHRATE_SOURCES = (
    "Hashrate Index (Luxor) hashprice: $44.00/PH/day in 2025 with bitcoin near $84,000, via quark.news 'Chart "
    "of the week: dire picture for BTC miners'; low: $38.2/PH/day, a five-year low per Luxor (late 2025), via "
    "pakgazette.com / news.gurasala.com; high: ~$52/PH/day (auralegal, 8 Jul 2025, via the project's "
    "dispatch-anchors notes)"
)
_METI_CURTAILMENT = (
    "METI, 4th meeting of the Next-Generation Power Grid Working Group (24 Sep 2025), updated FY2025 "
    "short-term curtailment outlook for variable renewables, via neiaap.net "
    "(http://neiaap.net/article/49afc16d-a628-49ee-b627-98bfd00ddb80)"
)
_METI_CURTAILMENT_NOTE = (
    "Secondary source. Initial outlook at the 1st WG (23 Jan 2025, via blog.eco-megane.jp): Kyushu 6.1 %, "
    "Shikoku 2.4 %, Tohoku 2.2 %, Chugoku 2.8 %. The essay cites RTS Corporation (30 Oct 2025), not seen."
)

FIGURES: dict[str, Reference] = {
    # Sun, Earth, planets
    "EARTH_MEAN_RADIUS": Reference(
        6.371e6,
        "m",
        "NASA NSSDCA Earth Fact Sheet, volumetric mean radius 6,371.000 km, "
        "https://nssdc.gsfc.nasa.gov/planetary/factsheet/earthfact.html",
        range_note="a defined mean; uncertainty far below 0.01 %",
    ),
    "SOLAR_GM": Reference(
        1.3271244e20,
        "m^3/s^2",
        "IAU 2015 Resolution B3 nominal solar mass parameter (GM)☉ = 1.3271244e20 m^3/s^2 (Prša et al. 2016, "
        "AJ 152, 41, doi:10.3847/0004-6256/152/2/41); NASA NSSDCA Sun Fact Sheet GM 132,712e6 km^3/s^2",
        note="Mass = GM / G; GM is known far more precisely than G or M.",
        range_note="IAU nominal value (exact by convention)",
    ),
    "PLANETS_MASS": Reference(
        (0.330 + 4.87 + 5.97 + 0.073 + 0.642 + 1898.0 + 568.0 + 86.8 + 102.0 + 0.0130) * 1e24,
        "kg",
        "NASA NSSDCA Planetary Fact Sheet (metric), masses in 1e24 kg: Mercury 0.330, Venus 4.87, Earth 5.97, "
        "Moon 0.073, Mars 0.642, Jupiter 1898, Saturn 568, Uranus 86.8, Neptune 102, Pluto 0.0130; "
        "https://nssdc.gsfc.nasa.gov/planetary/factsheet/",
        note="[calc] sum = 2,666.7e24 kg. Other moons, asteroids, comets and the Oort cloud are left out "
        "(each below 1e-5 of the Sun's mass).",
        range_note="no range published; each mass is known to better than 0.1 %",
    ),
    # Claim premises (the essays' own numbers, used as inputs)
    "PREMISE_SUN_MILLIONTH": Reference(
        1e-6,
        "1",
        _premise(_ESSAY_003, "one millionth of the Sun's energy"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_SUN_BILLIONTH": Reference(
        1e-9,
        "1",
        _premise(_ESSAY_001, "one billionth of the Sun's energy"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_EARTH_LAUNCH_TARGET": Reference(
        1e12 / _YEAR,
        "W/s",
        _premise(_ESSAY_003, "up to 1 TW per year of compute launched from Earth"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_EARTH_LAUNCH_RATE": Reference(
        100e9 / _YEAR,
        "W/s",
        _premise(_ESSAY_003, "orbital AI datacentres launched at 100–200 GW per year"),
        low=100e9 / _YEAR,
        high=200e9 / _YEAR,
        note="Central = the low end of the essay's range, the rate the details size flights for.",
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_SOLAR_TARGET": Reference(
        100e9 / _YEAR,
        "W/s",
        _premise(_ESSAY_000, "Tesla and SpaceX target about 100 GW a year of solar manufacturing"),
        range_note="a round target: no range stated",
    ),
    "PREMISE_LUNAR_LAUNCH_TARGET": Reference(
        1000e9 / _YEAR,
        "W/s",
        _premise(_ESSAY_003, "more than 1,000 GW per year from the Moon"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_PRICE_BEFORE": Reference(
        2500.0,
        "USD/kg",
        _premise(_ESSAY_003, "from $2,500/kg"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_PRICE_BEFORE_HIGH": Reference(
        25000.0,
        "USD/kg",
        _premise(_ESSAY_003, "'from $25,000/kg to $100 or $200' in the next 12 months"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_PRICE_AFTER": Reference(
        150.0,
        "USD/kg",
        _premise(_ESSAY_003, "to $100–200/kg"),
        low=100.0,
        high=200.0,
        note="[calc] central = midpoint of the essay's range.",
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_PRICE_TARGET": Reference(
        200.0,
        "USD/kg",
        _premise(_ESSAY_003, "below $200/kg within 3 years"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_COLOSSUS2_POWER": Reference(
        1.5e9,
        "W",
        _premise(_ESSAY_001, "upgraded to 1.5 GW in April"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_JAPAN_SURPLUS": Reference(
        240.0 * _TWH,
        "J",
        _premise(_ESSAY_004, "240 TWh/yr surplus at 50 % renewables, Agile Energy X's president"),
        note="An energy per year.",
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_MINED_SHARE": Reference(
        0.10,
        "1",
        _premise(_ESSAY_004, "10 % of the surplus mined"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_RENEWABLE_SHARE": Reference(
        0.50,
        "1",
        _premise(_ESSAY_004, "at a 50 % renewable share"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_MINING_REVENUE": Reference(
        360e9 / (24.0 * _TWH),
        "JPY/J",
        _premise(_ESSAY_004, "¥360 bn/yr from 24 TWh"),
        note="[calc] ¥360e9 / 24e9 kWh = ¥15/kWh.",
        range_note="the essay's own figure: no range stated",
    ),
    # Launch to orbit, as stated in Musk's memo, against independent figures
    "STARSHIP_CADENCE_MUSK": Reference(
        1.0 / 3600.0,
        "1/s",
        f"{_MUSK_MEMO}: 'the capability of launching every hour'",
        range_note="no range published; NASA OTPS's 104 launches/yr (note) is an assumption, not a bound",
        caveat="Musk's memo",
        note="One flight an hour = 8,766 flights per Julian year. Aspirational; NASA OTPS 2024 assumed 104 "
        "launches/yr.",
    ),
    "STARSHIP_PAYLOAD_MUSK": Reference(
        200e3,
        "kg",
        f"{_MUSK_MEMO}: 'delivering 200 tons of cargo per flight'; low: SpaceX Starship Users Guide rev. 1.0 "
        "(2020), more than 100 t to LEO, https://www.spacex.com/media/starship_users_guide_v1.pdf",
        low=100e3,
        range_note="no figure above the memo's 200 t is published",
        caveat="Musk's memo",
        note="Musk's 200 t is aspirational; 100–150 t is the reusable figure SpaceX has published.",
    ),
    "SATELLITE_SPECIFIC_POWER": Reference(
        100.0,
        "W/kg",
        f"{_MUSK_MEMO}: 'each ton generating 100 kilowatts'; low: Starlink ~37 W/kg, high: ~150 W/kg argued "
        "ceiling, spacedc-mdao whitepaper (https://jman4162.github.io/spacedc-mdao/whitepaper/)",
        low=37.0,
        high=150.0,
        caveat="Musk's memo",
        note="Whole satellite (arrays, radiators, chips, bus), not the array alone. Musk's 100 W/kg is a "
        "[vendor claim].",
    ),
    # Electricity and compute demand
    "IEA_DATACENTRE_2022": Reference(
        460.0 * _TWH,
        "J",
        "IEA (2024), Electricity 2024 — Analysis and forecast to 2026, data-centre chapter: data centres, "
        "cryptocurrencies and AI consumed about 460 TWh in 2022, https://www.iea.org/reports/electricity-2024 "
        "(quoted at notes.davidkopp.de and openlegalblogarchive.org)",
        note="An energy per year.",
        range_note="no range published (a single IEA estimate)",
    ),
    "IEA_DATACENTRE_2026": Reference(
        800.0 * _TWH,
        "J",
        "IEA (2024), Electricity 2024: 620–1,050 TWh in 2026, base case 'just over 800 TWh', "
        "https://www.iea.org/reports/electricity-2024 (quoted at openlegalblogarchive.org)",
        low=620.0 * _TWH,
        high=1050.0 * _TWH,
        note="'More than 1,000 TWh' is the IEA's high case. IEA, Energy and AI (Apr 2025) later estimated "
        "415 TWh in 2024 and ~945 TWh in 2030 (via business-standard.com).",
    ),
    "IEA_DATACENTRE_2024": Reference(
        415.0 * _TWH,
        "J",
        "IEA (2025), Energy and AI: data centres used about 415 TWh in 2024 (1.5 % of global electricity), "
        "via business-standard.com (13 Apr 2025)",
        range_note="no range published (a single IEA estimate)",
    ),
    "JAPAN_ELECTRICITY_FY2023": Reference(
        985.4e9 * _KWH,
        "J",
        "METI, draft 7th Strategic Energy Plan reference values (Subcommittee on Basic Policy, 25 Dec 2024): "
        "electricity demand 985.4 billion kWh in FY2023, via beyond-coal.jp "
        "(https://beyond-coal.jp/en/news/energy-supply-and-demand-in-2040)",
        note="An energy per year.",
        range_note="no range published (a reported statistic)",
    ),
    "JAPAN_ELECTRICITY_2040": Reference(
        1.15e12 * _KWH,
        "J",
        "METI, 7th Strategic Energy Plan (Cabinet decision 18 Feb 2025): around 1.1–1.2 trillion kWh in FY2040, "
        "via beyond-coal.jp and shulman-advisory.com (23 Dec 2024)",
        low=1.1e12 * _KWH,
        high=1.2e12 * _KWH,
        note="[calc] central = midpoint. Shulman Advisory reads 1.1–1.2 trillion kWh as generation and gives "
        "demand as 0.9–1.1 trillion kWh.",
    ),
    # Motors and engines
    "MOTOR_EFFICIENCY": Reference(
        0.906,
        "1",
        "Bauer Gear Motor, 'Efficiency classes' (IEC 60034-30): a 4-pole 15 kW IE2 motor is 90.6 % efficient, "
        "http://www.bauergears.com/energy-efficiency/efficiency-classes",
        note="One industrial motor class and size; IE3/IE4 motors and large motors are more efficient, small "
        "ones less. DOE/EPA: EVs deliver over 77 % of grid energy to the wheels (whole drivetrain).",
        range_note="no range published for this class and size (a standard's minimum)",
    ),
    "ENGINE_EFFICIENCY_VEHICLE": Reference(
        0.21,
        "1",
        "US DOE/EPA fueleconomy.gov: 'only about 12 %–30 % of the energy from the fuel you put in a conventional "
        "vehicle is used to move it down the road', via Green Energy Times (Sep 2018)",
        low=0.12,
        high=0.30,
        note="[calc] central = midpoint. Fuel-to-wheels of a whole vehicle (engine, driveline, idling, "
        "accessories), not the engine's peak thermal efficiency (~35–40 %).",
    ),
    "WORLD_PV_MODULE_PRODUCTION_2024": Reference(
        728e9 / _YEAR,
        "W/s",
        "IEA PVPS, Trends in Photovoltaic Applications 2025: global production of solar modules reached 728 GW "
        "in 2024, 18.5 % more than in 2023, via pv-magazine-usa.com (20 Oct 2025, 'Thirty-five countries now "
        "operate GW-scale annual PV markets')",
        range_note="no range published (one survey figure)",
        note="Secondary source. Installations in 2024 were 553–601 GW (same report).",
    ),
    "JAPAN_CURTAILMENT_FY2023": Reference(
        1.76 * _TWH,
        "J",
        "METI outlook for FY2023 (April 2023 – March 2024): solar + wind curtailment in mainland Japan 1.76 TWh, "
        "via Renewable Energy Institute, 'Curtailment increases across Japan' (11 Apr 2024), "
        "https://www.renewable-ei.org/en/activities/column/REupdate/20240411.php",
        range_note="no range published (a forecast of the fiscal year, not the outturn)",
        note="An energy per year; 0.57 TWh in FY2022.",
    ),
    # Launch prices (the trend, not hardware learning)
    "LAUNCH_PRICE_LOWEST_2023": Reference(
        1500.0,
        "USD/kg",
        "NASA OTPS, Rodgers et al. (2024), 'Space-Based Solar Power', NTRS 20230018600, p. 43 (section 5.2.2): "
        "'today's lowest price is $1,500/kg' (Falcon Heavy); via the SSI flipbook copy "
        "https://ssi.org/wp-content/fbs/sps-nasa-ohnasa-2024/43",
        low=1500.0,
        high=2940.0,
        note="High: Falcon 9 list price $67 M for 22.8 t expendable to LEO, [calc] $2,940/kg (the project's "
        "reference notes; McCalip calculator's Falcon 9 slider end).",
    ),
    "LAUNCH_PRICE_DECLINE_2013_2022": Reference(
        0.36,
        "1",
        "BryceTech (2022), as cited by NASA OTPS, Rodgers et al. (2024), NTRS 20230018600, p. 43: 'the average "
        "launch price per kilogram of payload dropped by 36% from 2013 to 2022'",
        range_note="no range published",
        note="A fall in price over nine years (a time trend), not a learning rate per doubling of output. "
        "[calc] 4.8 % a year compounded.",
    ),
    "LAUNCH_PRICE_TREND_SPAN": Reference(
        9.0 * _YEAR,
        "s",
        "BryceTech (2022) via NASA OTPS (2024): the trend runs from 2013 to 2022",
        range_note="exact (the span of the data)",
    ),
    # Japanese curtailment, FY2025 outlook (share of variable renewable output)
    "CURTAILMENT_FY2025_KYUSHU": Reference(
        0.059,
        "1",
        _METI_CURTAILMENT,
        note=_METI_CURTAILMENT_NOTE,
        range_note="no range published (an operator outlook)",
    ),
    "CURTAILMENT_FY2025_SHIKOKU": Reference(
        0.038,
        "1",
        _METI_CURTAILMENT,
        note=_METI_CURTAILMENT_NOTE,
        range_note="no range published (an operator outlook)",
    ),
    "CURTAILMENT_FY2025_TOHOKU": Reference(
        0.030,
        "1",
        _METI_CURTAILMENT,
        note=_METI_CURTAILMENT_NOTE,
        range_note="no range published (an operator outlook)",
    ),
    "CURTAILMENT_FY2025_CHUGOKU": Reference(
        0.015,
        "1",
        _METI_CURTAILMENT,
        note=_METI_CURTAILMENT_NOTE,
        range_note="no range published (an operator outlook)",
    ),
    # Bitcoin mining and AI hosting
    "HASHPRICE_2025": Reference(
        44.0 / _PH_DAY,
        "USD/hash",
        _HASHRATE_SOURCES,
        low=38.2 / _PH_DAY,
        high=52.0 / _PH_DAY,
        note="[calc] $/PH/day ÷ (1e15 × 86,400) = USD per hash. Secondary sources; hashprice moves with the "
        "bitcoin price, fees and difficulty.",
    ),
    "ASIC_EFFICIENCY": Reference(
        17.5e-12,
        "J/hash",
        "Bitmain Antminer S21 specification 200 TH/s at 17.5 J/TH (via HackerNoon/BTCWire review, Mar 2024; "
        "d-central.tech glossary); low: CleanSpark fleet 16.15 J/TH (auralegal, 8 Jul 2025, via the project's "
        "dispatch-anchors notes); high: Antminer S19/S19 Pro nameplate ~29.5 J/TH (d-central.tech glossary)",
        low=16.15e-12,
        high=29.5e-12,
        note="[calc] J/TH × 1e-12 = J per hash.",
    ),
    "JPY_PER_USD": Reference(
        150.0,
        "JPY/USD",
        "round figure [unsourced] inside the range of the Federal Reserve's averages: low: G.5A annual average "
        "2023, 140.50 (https://federalreserve.gov/releases/g5a/20240201); high: G.5 monthly average June 2024, "
        "157.86 (http://federalreserve.gov/Releases/G5/current/default.htm)",
        low=140.50,
        high=157.86,
        note="Money conversion only, for comparing a yen figure with dollar hashprices.",
    ),
    "VANECK_AI_HPC_REVENUE": Reference(
        9.11e6 / (1e6 * _YEAR),
        "USD/J",
        "VanEck (Aug 2024) bitcoin-miner report: AI/HPC hosting ~$9.11 M revenue per MW per year (retrofit "
        "capex ~$7.5 M/MW), via coinfea.com 'Bitcoin miners could earn $14 billion annually from AI by 2027'",
        note="[calc] $9.11e6 / (1 MW × 1 yr) = USD per joule of capacity-time. Secondary source. The essay's "
        "'up to 25×' was not found in the VanEck material read.",
        range_note="no range published (one analyst's figure)",
    ),
    # Japan's digital deficit (money, for the data claim only)
    "DIGITAL_DEFICIT_2024": Reference(
        6.6506e12,
        "JPY",
        "Ministry of Finance, preliminary balance of payments 2024: digital-related services deficit "
        "¥6,650.6 bn, via Jiji Press / nippon.com (10 Feb 2025); low: ¥6,462.2 bn as reported by Kyodo via "
        "kumanichi.com (11 Feb 2025)",
        low=6.4622e12,
        note="The two press figures differ in what they count as digital; both are above ¥6 tn.",
        range_note="no higher figure published; low is another press count",
    ),
    "DIGITAL_DEFICIT_H1_2025": Reference(
        3.4810e12,
        "JPY",
        "Ministry of Finance, preliminary balance of payments January–June 2025: digital-related deficit "
        "¥3,481.0 bn, via Jiji Press (8 Aug 2025)",
        range_note="no range published (a reported statistic)",
    ),
}


# --- Claim records ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """Unit of a check's computed and claimed values: ``si`` as stored, ``display`` as shown.

    ``display`` is a unit or dimension :func:`wattsandtons.units.format_quantity` understands (``"[power]"``,
    ``"JPY/kWh"``), or one of ``"ratio"`` (a multiple, shown ``19,480×``), ``"percent"`` (a fraction shown in
    %), ``"per_year"`` (a rate in 1/s shown per year), ``"count"`` (a plain number), ``"JPY"``/``"USD"``
    (money shown in bn/tn).
    """

    si: str
    display: str


RATIO = Unit("1", "ratio")
PERCENT = Unit("1", "percent")
COUNT = Unit("1", "count")


@dataclass(frozen=True)
class Claimed:
    """The essay's number and how the computed value is compared with it (all in the check's SI unit).

    ``comparison`` is one of:

    * ``"approx"`` — ``value`` within ``tolerance``, read as ``tolerance_kind``: ``"relative"`` (a fraction of
      ``value``), ``"absolute"`` (in the SI unit) or ``"factor"`` (within ``value ÷ t`` … ``value × t``);
    * ``"range"`` — between ``low`` and ``high``;
    * ``"at_least"`` / ``"at_most"`` — an inequality against ``value``;
    * ``"none"`` — nothing physics can compare; ``reason`` says why.
    """

    text: str
    comparison: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    tolerance: float | None = None
    tolerance_kind: str = "relative"
    reason: str = ""

    def __post_init__(self) -> None:
        kinds = ("approx", "range", "at_least", "at_most", "none")
        if self.comparison not in kinds:
            raise ValueError(f"comparison must be one of {kinds}, got {self.comparison!r}")
        if self.comparison == "approx" and (self.value is None or self.tolerance is None):
            raise ValueError("an 'approx' claim needs a value and a tolerance")
        if self.comparison == "approx" and self.tolerance_kind not in ("relative", "absolute", "factor"):
            raise ValueError(f"unknown tolerance_kind {self.tolerance_kind!r}")
        if self.comparison == "range" and (self.low is None or self.high is None or self.low > self.high):
            raise ValueError("a 'range' claim needs low <= high")
        if self.comparison in ("at_least", "at_most") and self.value is None:
            raise ValueError(f"an {self.comparison!r} claim needs a value")
        if self.comparison == "none" and not self.reason:
            raise ValueError("a claim that is not checkable needs a reason")


@dataclass(frozen=True)
class Premise:
    """What the computed value must satisfy for the essay's premise to be plausible at all.

    The limit is ``factor`` × the sourced figure ``key`` (e.g. √10 × the highest curtailment share on record);
    ``comparison`` is ``"at_most"`` or ``"at_least"``; ``reference`` names the figure in words for the verdict.
    """

    comparison: str
    key: str
    reference: str
    factor: float = 1.0

    def __post_init__(self) -> None:
        if self.comparison not in ("at_most", "at_least"):
            raise ValueError(f"a premise compares 'at_most' or 'at_least', got {self.comparison!r}")
        if not (self.factor > 0):
            raise ValueError(f"a premise's factor must be > 0, got {self.factor!r}")


#: Bases of a check: ``"full"`` (the claim's own quantity is computed) or ``"energy"`` (the claim is about cost
#: and only the energy side can be computed).
BASES = ("full", "energy")


@dataclass(frozen=True)
class Check:
    """One computed figure of a claim and its comparison with the essay's number.

    ``inputs`` maps the evaluation function's parameter names to keys of sourced References; ``fixed`` names
    inputs held at their central value when the low/high ranges are explored (context for the details, or a
    figure the claim itself states), and never named by a verdict; ``sources`` adds sources that
    are not attached to an input (for claims checked against nothing computed). ``basis`` is ``"energy"`` when
    a cost claim is checked on energy only; ``premise`` tests the essay's premise against a reference before the
    claim itself; ``caveat`` is the key caveat the one-line verdict carries (for a claim that cannot be checked,
    why not — required then).
    """

    id: str
    quantity: str
    unit: Unit
    claimed: Claimed
    evaluate: str | None = None
    inputs: Mapping[str, str] = field(default_factory=dict)
    fixed: frozenset[str] = frozenset()
    interpretation: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    basis: str = "full"
    premise: Premise | None = None
    caveat: str = ""

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"{self.id}: basis must be one of {BASES}, got {self.basis!r}")
        if self.claimed.comparison == "none" and not self.caveat:
            raise ValueError(
                f"{self.id}: a check that is not checkable needs a caveat saying why, for the verdict"
            )


@dataclass(frozen=True)
class Claim:
    """A numeric claim of an essay: its id (``C1``…), essay file, English paraphrase and its checks."""

    id: str
    essay: str
    text: str
    checks: tuple[Check, ...]


def _per_year(watts: float) -> float:
    """Power launched per year [W/yr] in SI [W/s]."""
    return watts / _YEAR


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
                },
                interpretation="physics.datacentre.compare_datacentres, full cost of ownership on both sides "
                "(physics.tco): the terrestrial site pays for electricity, its facility (electrical, cooling "
                "plant, building and land, fit-out), upkeep and water; the orbital one for launch (GPU "
                "replacements included), satellites, radiators, ground segment and operations. 'Operating "
                "cost 50–70 % lower' read as a lifetime cost ratio of 0.3–0.5 (orbit has no separate "
                "operating cost: its capital is what replaces the electricity). GPUs, the same on both sides, "
                "are left out. Other inputs at their defaults.",
                caveat="GPUs left out on both sides",
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
                    "hashprice": "HASHPRICE_2025",
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
                "C15",
                "AI/HPC hosting revenue per MW ÷ mining revenue per MW",
                RATIO,
                Claimed("up to 25×", "approx", 25.0, tolerance=0.25),
                "ai_vs_mining_revenue_ratio",
                {
                    "ai_revenue": "VANECK_AI_HPC_REVENUE",
                    "hashprice": "HASHPRICE_2025",
                    "asic_efficiency": "ASIC_EFFICIENCY",
                },
                interpretation="Mining revenue = hashprice ÷ ASIC efficiency at full uptime; AI revenue = "
                "VanEck's $9.11 M per MW-year. '25×' taken as the figure to match, within ±25 %. Basis: "
                "VanEck's AI/HPC revenue per MW is on the scale of renting out GPUs (cloud revenue), not of "
                "leasing powered space to a tenant (hosting); it is re-based onto hosting leases when the "
                "project's market figures (physics.markets) land.",
                caveat="basis: VanEck's AI/HPC revenue per MW (GPU-cloud scale), not a hosting lease",
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
