"""Sourced figures the claims' checks need that the physics package does not hold, and the essays' premises.

Each is a :class:`~wattsandtons.physics.reference.Reference` (SI value, unit, source, low/high or a
``range_note``, note, and a ``caveat`` for a vendor claim); the essays' own numbers ("one millionth of the Sun",
"$2,500/kg", "240 TWh") are References too, with the essay as their source.

Values are SI (W, J, kg, s; money in USD or JPY as their own dimensions; hashes counted as plain numbers, so a
hashprice is USD per hash and an ASIC efficiency J per hash). Market figures (hashprice, ASIC efficiency, AI
hosting and cloud revenue, GPU capital, the yen rate) are not here: they live once in
:mod:`wattsandtons.physics.markets`. Conventions in the notes, as in
:mod:`wattsandtons.physics.reference`: ``[calc]`` arithmetic done here, ``[unsourced]`` a round figure with no
primary source, ``[vendor claim]``/``[simulated]``, "via" a secondary source that reported the primary.
"""

from __future__ import annotations

from wattsandtons.physics.reference import Reference
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = ["FIGURES"]

_KWH = 3.6e6  # J per kWh (definition)
_TWH = 3.6e15  # J per TWh (definition)

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
        1e12 / SECONDS_PER_YEAR,
        "W/s",
        _premise(_ESSAY_003, "up to 1 TW per year of compute launched from Earth"),
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_EARTH_LAUNCH_RATE": Reference(
        100e9 / SECONDS_PER_YEAR,
        "W/s",
        _premise(_ESSAY_003, "orbital AI datacentres launched at 100–200 GW per year"),
        low=100e9 / SECONDS_PER_YEAR,
        high=200e9 / SECONDS_PER_YEAR,
        note="Central = the low end of the essay's range, the rate the details size flights for.",
        range_note="the essay's own figure: no range stated",
    ),
    "PREMISE_SOLAR_TARGET": Reference(
        100e9 / SECONDS_PER_YEAR,
        "W/s",
        _premise(_ESSAY_000, "Tesla and SpaceX target about 100 GW a year of solar manufacturing"),
        range_note="a round target: no range stated",
    ),
    "PREMISE_LUNAR_LAUNCH_TARGET": Reference(
        1000e9 / SECONDS_PER_YEAR,
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
        728e9 / SECONDS_PER_YEAR,
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
        9.0 * SECONDS_PER_YEAR,
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
