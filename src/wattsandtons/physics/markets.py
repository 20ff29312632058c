"""Market and equipment figures shared by dispatch, claims and the datacentre model: one source of truth.

Each figure is a :class:`~wattsandtons.physics.reference.Reference`: a central value **in SI** (J, W, s, kg; money
in USD as its own dimension, so a price per energy is USD/J and a revenue per MW-year is USD/(W·s)), the source,
a low/high range where the sources give one, and a note (``[calc]`` marks arithmetic done here, ``[unsourced]`` a
round figure without a primary source, ``[secondary]`` a figure seen only as quoted by others).

Groups:

* bitcoin mining: ASIC efficiency by class (J per hash), hashprice (USD per hash), mining-site and ASIC capital;
* AI: hosting lease revenue (the tenant owns the GPUs), cloud revenue (the operator owns them), GPU capital per
  MW of IT load, hall capital without GPUs, GPU board power (re-exported from :mod:`.reference`);
* fuels and thermal plants for the merit order of :mod:`wattsandtons.dispatch`: fuel prices delivered to Japan,
  net (LHV) efficiencies, CO2 per fuel energy (IPCC defaults);
* the yen/dollar rate, for sites priced in JPY.

:func:`markets` lists them all; :func:`per_mw_year` and :func:`per_mwh` turn SI values into display units.
"""

from __future__ import annotations

from wattsandtons.physics.reference import H100_SXM_POWER, Reference
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = [
    "AI_CLOUD_REVENUE",
    "AI_HALL_CAPEX",
    "AI_HOSTING_LEASE",
    "ASIC_CAPEX",
    "ASIC_EFFICIENCY",
    "ASIC_S19J_PRO",
    "ASIC_S19_XP",
    "ASIC_S21",
    "ASIC_S21_XP",
    "CO2_COAL",
    "CO2_FUEL_OIL",
    "CO2_NATURAL_GAS",
    "EFFICIENCY_COAL",
    "EFFICIENCY_GAS_CC",
    "EFFICIENCY_GAS_STEAM",
    "EFFICIENCY_OIL",
    "FUEL_PRICE_COAL_JAPAN",
    "FUEL_PRICE_LNG_JAPAN",
    "FUEL_PRICE_OIL_JAPAN",
    "GPU_BOARD_POWER",
    "GPU_CAPEX",
    "HASHPRICE",
    "JPY_PER_USD",
    "MINING_SITE_CAPEX",
    "markets",
    "per_mw_year",
    "per_mwh",
]

_MW_YEAR = 1e6 * SECONDS_PER_YEAR  # W·s in one MW for a year
_PH_DAY = 1e15 * 86400.0  # hashes of 1 PH/s for a day
_GJ = 1e9
_MMBTU = 1.055056e9  # J per million Btu (IT Btu)
_TERA = 1e12

# --- Bitcoin mining -------------------------------------------------------------------------------------------

ASIC_S21 = Reference(
    17.5e-12,
    "J/hash",
    "Bitmain Antminer S21 specification: 200 TH/s at 3,500 W, 17.5 J/TH (via HackerNoon/BTCWire review, "
    "Mar 2024; d-central.tech glossary)",
    note="[calc] J/TH × 1e-12 = J per hash. Nameplate at the wall; the S21-class reference miner.",
)
ASIC_S21_XP = Reference(
    13.5e-12,
    "J/hash",
    "Bitmain Antminer S21 XP specification: 270 TH/s at 3,645 W, 13.5 J/TH (Bitmain product page, 2024) "
    "[secondary]",
    note="[calc] J/TH × 1e-12. The best air-cooled class shipping in 2024-25.",
)
ASIC_S19_XP = Reference(
    21.5e-12,
    "J/hash",
    "Bitmain Antminer S19 XP specification: 140 TH/s at 3,010 W, 21.5 J/TH (Bitmain product page, 2022) "
    "[secondary]",
    note="[calc] J/TH × 1e-12. The previous generation, still a large share of public miners' fleets in 2025.",
)
ASIC_S19J_PRO = Reference(
    29.5e-12,
    "J/hash",
    "Antminer S19/S19 Pro nameplate ~29.5 J/TH (d-central.tech glossary)",
    note="[calc] J/TH × 1e-12. The oldest class still run where power is cheap.",
)
ASIC_EFFICIENCY = Reference(
    ASIC_S21.value,
    "J/hash",
    ASIC_S21.source + "; low: CleanSpark fleet 16.15 J/TH (auralegal, 8 Jul 2025, via the project's "
    "dispatch-anchors notes); high: Antminer S19/S19 Pro nameplate ~29.5 J/TH (d-central.tech glossary)",
    low=16.15e-12,
    high=29.5e-12,
    note="The fleet figure used by dispatch, claims and the datacentre model: the S21 class, with the range "
    "of fleets in service.",
)
HASHPRICE = Reference(
    44.0 / _PH_DAY,
    "USD/hash",
    "Hashrate Index (Luxor) hashprice: $44.00/PH/day in 2025 with bitcoin near $84,000, via quark.news 'Chart "
    "of the week: dire picture for BTC miners'; low: $38.2/PH/day, a five-year low per Luxor (late 2025), via "
    "pakgazette.com / news.gurasala.com; high: ~$52/PH/day (auralegal, 8 Jul 2025, via the project's "
    "dispatch-anchors notes)",
    low=38.2 / _PH_DAY,
    high=52.0 / _PH_DAY,
    note="[calc] $/PH/day ÷ (1e15 × 86,400) = USD per hash. Moves with the bitcoin price, fees and difficulty. "
    "Value of a joule to a miner = HASHPRICE / ASIC_EFFICIENCY (USD/J): 104.8 USD/MWh at 17.5 J/TH.",
)
MINING_SITE_CAPEX = Reference(
    0.55,
    "USD/W",
    "Needham (2024), mining sites $0.3-0.8 M per MW excluding ASICs, via chaincryptocoins.com [secondary]",
    low=0.3,
    high=0.8,
    note="[calc] central = midpoint. Containers, transformers, switchgear; no machines.",
)
ASIC_CAPEX = Reference(
    1.0,
    "USD/W",
    "[unsourced] round figure: new S21-class machines sold at about 15-20 USD per TH/s in 2025 (broker price "
    "lists seen as quoted in trade press)",
    low=15.0 / (ASIC_S21.value * _TERA),
    high=20.0 / (ASIC_S21.value * _TERA),
    note="[calc] USD per TH/s ÷ W per TH/s (17.5 at the S21's 17.5 J/TH) = USD per W: about 1 M USD per MW.",
)

# --- AI: lease against cloud ----------------------------------------------------------------------------------

AI_HOSTING_LEASE = Reference(
    1.45e6 / _MW_YEAR,
    "USD/(W s)",
    "Core Scientific-CoreWeave: about 200 MW under 12-year contracts, about $290 M per year, via abcdtech.io "
    "[secondary]; high: $1.85 M per MW-year for hosting leases as summarised in issue 15 of this project",
    low=1.45e6 / _MW_YEAR,
    high=1.85e6 / _MW_YEAR,
    note="[calc] $290 M / 200 MW = $1.45 M per MW-year = 166 USD/MWh at full load. The host provides power, "
    "shell and cooling; the tenant owns the GPUs. ipcarrier.blogspot (29 Oct 2025) quotes 0.25-0.35 USD/kWh "
    "($2.2-3.1 M/MW-yr) for AI/HPC hosting, above this range.",
)
AI_CLOUD_REVENUE = Reference(
    9.11e6 / _MW_YEAR,
    "USD/(W s)",
    "VanEck (Aug 2024) bitcoin-miner report: AI/HPC ~$9.11 M revenue per MW per year, via coinfea.com "
    "'Bitcoin miners could earn $14 billion annually from AI by 2027'",
    note="[calc] $9.11e6 / (1 MW × 1 yr). GPU cloud revenue: the operator owns the GPUs (GPU_CAPEX on top).",
    range_note="no range published (one analyst's figure)",
)
GPU_CAPEX = Reference(
    35.0,
    "USD/W",
    "Issue 15 of this project: $30-40 M per MW of GPUs bought on top of cloud revenue; consistent with an "
    "eight-GPU H100 server at about $300-400 k for 10.2 kW (NVIDIA DGX H100 datasheet, max system power 10.2 kW; "
    "prices as reported in trade press) [secondary]",
    low=30.0,
    high=40.0,
    note="[calc] central = midpoint; $300-400 k / 10.2 kW = $29-39 M per MW of IT load.",
)
AI_HALL_CAPEX = Reference(
    9.0,
    "USD/W",
    "Needham (2024): HPC conversion capex $8-10 M per MW excluding GPUs, via chaincryptocoins.com [secondary]; "
    "VanEck (Aug 2024) gives ~$7.5 M/MW for retrofits",
    low=7.5,
    high=10.0,
    note="[calc] central = midpoint of Needham's range. Shell, power, cooling; no GPUs.",
)
GPU_BOARD_POWER = H100_SXM_POWER  # the same Reference, re-exported: defined once in physics.reference

# --- Fuels and thermal plants (merit order) -------------------------------------------------------------------

FUEL_PRICE_LNG_JAPAN = Reference(
    12.5 / _MMBTU / 0.9,
    "USD/J",
    "Japan LNG import price (CIF) about 12-13 USD/MMBtu in 2024, low 10 and high 15 over 2023-2025 (Ministry "
    "of Finance trade statistics as summarised by METI and the IEA Gas Market Report) [secondary]",
    low=10.0 / _MMBTU / 0.9,
    high=15.0 / _MMBTU / 0.9,
    note="[calc] USD/MMBtu (gross, HHV) ÷ 1.055 GJ ÷ 0.9 (LHV/HHV of natural gas) = USD per J on the net (LHV) "
    "basis of the efficiencies and IPCC factors here.",
)
FUEL_PRICE_COAL_JAPAN = Reference(
    150.0 / 25.8e9,
    "USD/J",
    "Japan steam-coal import price (CIF) about 150 USD/t in 2024, 120-200 USD/t over 2023-2025 (Ministry of "
    "Finance trade statistics; Newcastle benchmark plus freight) [secondary]; IPCC 2006 Guidelines Vol. 2 "
    "Ch. 1 Table 1.2: net calorific value of other bituminous coal 25.8 TJ/Gg",
    low=120.0 / 25.8e9,
    high=200.0 / 25.8e9,
    note="[calc] USD/t ÷ 25.8 GJ/t (LHV).",
)
FUEL_PRICE_OIL_JAPAN = Reference(
    85.0 / 5.75e9,
    "USD/J",
    "Japan crude-oil import price (CIF) about 85 USD/bbl in 2024, 70-100 over 2023-2025 (Ministry of Finance "
    "trade statistics) [secondary]; IPCC 2006 Vol. 2 Ch. 1 Table 1.2: crude oil NCV 42.3 TJ/Gg",
    low=70.0 / 5.75e9,
    high=100.0 / 5.75e9,
    note="[calc] USD/bbl ÷ 5.75 GJ/bbl (0.136 t/bbl × 42.3 GJ/t, LHV). Heavy fuel oil is priced near crude.",
)
EFFICIENCY_COAL = Reference(
    0.42,
    "1",
    "IEA/NEA, Projected Costs of Generating Electricity 2020: coal plants 37-45 % net (LHV), ultra-supercritical "
    "units at the top; METI Power Generation Cost Verification WG (2021) model coal plant",
    low=0.37,
    high=0.45,
    note="Net electricity out per fuel energy in (LHV).",
)
EFFICIENCY_GAS_CC = Reference(
    0.57,
    "1",
    "IEA/NEA, Projected Costs of Generating Electricity 2020: combined-cycle gas turbines 50-62 % net (LHV)",
    low=0.50,
    high=0.62,
    note="Net, LHV. Older Japanese combined-cycle units (1990s) sit near the low end.",
)
EFFICIENCY_GAS_STEAM = Reference(
    0.40,
    "1",
    "IEA/NEA, Projected Costs of Generating Electricity 2020 and METI cost WG (2021): conventional gas-fired "
    "steam units 36-42 % net (LHV) [secondary]",
    low=0.36,
    high=0.42,
    note="Net, LHV. LNG-fired steam units held as mid-merit and peak reserve in Japan.",
)
EFFICIENCY_OIL = Reference(
    0.39,
    "1",
    "METI Power Generation Cost Verification WG (2021): oil-fired model plant 38-39 % (HHV) [secondary]; "
    "IEA/NEA 2020 gives 35-42 % for oil steam units",
    low=0.35,
    high=0.42,
    note="Net. Oil is the top of Japan's merit order.",
)
CO2_COAL = Reference(
    94.6e-9,
    "kg/J",
    "IPCC 2006 Guidelines Vol. 2 Ch. 2 Table 2.2: other bituminous coal 94,600 kg CO2/TJ (95 % interval "
    "89,500-99,700)",
    low=89.5e-9,
    high=99.7e-9,
    note="[calc] kg/TJ × 1e-12 = kg per J of fuel (net calorific value).",
)
CO2_NATURAL_GAS = Reference(
    56.1e-9,
    "kg/J",
    "IPCC 2006 Guidelines Vol. 2 Ch. 2 Table 2.2: natural gas 56,100 kg CO2/TJ (54,300-58,300)",
    low=54.3e-9,
    high=58.3e-9,
    note="[calc] kg/TJ × 1e-12 = kg per J of fuel (NCV).",
)
CO2_FUEL_OIL = Reference(
    77.4e-9,
    "kg/J",
    "IPCC 2006 Guidelines Vol. 2 Ch. 2 Table 2.2: residual fuel oil 77,400 kg CO2/TJ (75,500-78,800)",
    low=75.5e-9,
    high=78.8e-9,
    note="[calc] kg/TJ × 1e-12 = kg per J of fuel (NCV).",
)

# --- Money ------------------------------------------------------------------------------------------------------

JPY_PER_USD = Reference(
    150.0,
    "JPY/USD",
    "round figure [unsourced] inside the range of the Federal Reserve's averages: low: G.5A annual average "
    "2023, 140.50 (https://federalreserve.gov/releases/g5a/20240201); high: G.5 monthly average June 2024, "
    "157.86 (http://federalreserve.gov/Releases/G5/current/default.htm)",
    low=140.50,
    high=157.86,
    note="Money conversion only: turns the USD figures here into yen for sites priced in JPY.",
)


def markets() -> dict[str, Reference]:
    """Every figure of this module by name (for listings and the sourcing test)."""
    found = {name: globals()[name] for name in __all__}
    return {name: value for name, value in found.items() if isinstance(value, Reference)}


def per_mw_year(value: float) -> float:
    """USD/(W·s) → USD per MW-year (Julian year)."""
    return value * _MW_YEAR


def per_mwh(value: float) -> float:
    """USD/J → USD per MWh."""
    return value * 3.6e9
