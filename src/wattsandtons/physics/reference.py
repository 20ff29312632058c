"""Sourced default parameters for the physics functions.

Each default is a :class:`Reference`: a central ``value`` **in SI units** (W, J, kg, m, s, K, FLOP; money in
USD as its own dimension), a display ``unit`` string saying what that SI unit is, the ``source`` it comes from
(paper, report or datasheet, with DOI or URL), an optional ``low``/``high`` range where the sources give one,
and a ``note`` for caveats: secondary sources, vendor claims, arithmetic done here.

Conventions in the notes:

* ``[calc]`` — arithmetic done in this module from the cited inputs, not a number printed by the source.
* ``[unsourced]`` — no primary source found; a round engineering figure, to be replaced when one is.
* ``[vendor claim]`` / ``[simulated]`` — a figure from an interested party or a simulation, not a measurement.

:func:`references` lists them all (the test suite checks every one carries a source).
"""

from __future__ import annotations

from dataclasses import dataclass

import scipy.constants as const

from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = [
    "ALUMINIUM_CONDUCTIVITY",
    "ASTRONOMICAL_UNIT",
    "BOLTZMANN",
    "CELL_DEGRADATION_PER_YEAR",
    "COOLANT_LOOP_MASS_PER_W",
    "DATACENTRE_LIFETIME_YEARS",
    "DATACENTRE_WATER_PER_IT_ENERGY",
    "EARTH_BOND_ALBEDO",
    "EARTH_CAPEX_SHARES",
    "EARTH_EQUATORIAL_RADIUS",
    "EARTH_FACILITY_CAPEX_PER_W",
    "EARTH_FACILITY_UPKEEP_PER_YEAR",
    "EARTH_GM",
    "EARTH_IR_FLUX",
    "EARTH_J2",
    "ELECTRICITY_PRICE_US_INDUSTRIAL_2023",
    "EXTROPIC_RELATIVE_EFFICIENCY",
    "GB200_NVL72_BF16_DENSE",
    "GB200_NVL72_MASS",
    "GB200_NVL72_POWER",
    "GPU_EMBODIED_ENERGY",
    "GPU_FAILURE_RATE",
    "GRAVITATIONAL_CONSTANT",
    "GROUND_SEGMENT_COST",
    "H100_SXM_BF16_DENSE",
    "H100_SXM_POWER",
    "IT_HARDWARE_MASS_PER_W",
    "JULIAN_YEAR",
    "LAUNCH_COST_PER_KG_STARSHIP",
    "LAUNCH_PRICE_STARSHIP",
    "LEO_REFERENCE_ALTITUDE",
    "LEO_REFERENCE_INCLINATION",
    "MASS_DRIVER_EFFICIENCY",
    "METHANE_LHV",
    "MOON_GM",
    "MOON_MEAN_RADIUS",
    "MOON_SYNODIC_PERIOD",
    "ORBIT_OPERATIONS_PER_YEAR",
    "PUE_HYPERSCALE",
    "PUE_INDUSTRY_AVERAGE_2024",
    "RADIATOR_ABSORPTIVITY",
    "RADIATOR_AREAL_DENSITY",
    "RADIATOR_COST_PER_M2",
    "RADIATOR_EMISSIVITY",
    "RADIATOR_FIN_HALF_WIDTH",
    "RADIATOR_FIN_THICKNESS",
    "RADIATOR_SINK_TEMPERATURE_LEO",
    "RADIATOR_TEMPERATURE",
    "RAPTOR_OXIDISER_TO_FUEL_RATIO",
    "SATELLITE_COST_PER_W",
    "SIDEREAL_DAY",
    "SOLAR_CONSTANT",
    "SOLAR_LUMINOSITY",
    "SPACE_ARRAY_SPECIFIC_POWER",
    "SPACE_CELL_EFFICIENCY",
    "SPACE_HARDWARE_PROGRESS_RATIO",
    "SSO_REFERENCE_ALTITUDE",
    "STANDARD_GRAVITY",
    "STARSHIP_PAYLOAD_LEO",
    "STARSHIP_PROPELLANT_MASS",
    "STEFAN_BOLTZMANN",
    "SUNLIT_FRACTION_LUNAR_POLE",
    "SUNLIT_FRACTION_SSO_DAWN_DUSK",
    "TROPICAL_YEAR",
    "WATER_PRICE",
    "WORLD_ELECTRICITY_2023",
    "WORLD_PRIMARY_POWER_2023",
    "Reference",
    "references",
]


@dataclass(frozen=True)
class Reference:
    """A sourced default: central ``value`` in SI (see ``unit``), its ``source``, range and note.

    ``low``/``high`` bound the value where a source gives a range. Where one side or both are missing,
    ``range_note`` says why ("no range published", "exact by definition", …) — the test suite fails on a
    Reference with neither. ``caveat`` is non-empty for a figure that is an interested party's claim or a
    simulation (e.g. "vendor simulation of an unbuilt chip"): a verdict resting on it names it.
    """

    value: float
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    note: str = ""
    range_note: str = ""
    caveat: str = ""

    @property
    def has_range(self) -> bool:
        """Whether both ends of the range are given or the missing side(s) are explained."""
        return (self.low is not None and self.high is not None) or bool(self.range_note.strip())


_KWH = 3.6e6  # J per kWh (definition)
_EXA = 1e18

# --- Physical constants -------------------------------------------------------------------------------------

STEFAN_BOLTZMANN = Reference(
    const.Stefan_Boltzmann,
    "W/(m^2 K^4)",
    "CODATA 2018, exact since the 2019 SI redefinition (derived from exact h, c, k), via scipy.constants; "
    "https://physics.nist.gov/cgi-bin/cuu/Value?sigma",
    range_note="exact (SI 2019)",
)
BOLTZMANN = Reference(
    const.k,
    "J/K",
    "SI 2019 defining constant (exact), via scipy.constants; https://physics.nist.gov/cgi-bin/cuu/Value?k",
    range_note="exact (SI 2019)",
)
GRAVITATIONAL_CONSTANT = Reference(
    const.G,
    "m^3/(kg s^2)",
    "CODATA 2018 (relative standard uncertainty 2.2e-5), via scipy.constants; "
    "https://physics.nist.gov/cgi-bin/cuu/Value?bg",
    range_note="CODATA uncertainty 2.2e-5, negligible here",
)
STANDARD_GRAVITY = Reference(
    const.g,
    "m/s^2",
    "3rd CGPM (1901) conventional value, via scipy.constants",
    note="g0 in Isp·g0 = effective exhaust velocity.",
    range_note="exact by convention",
)
ASTRONOMICAL_UNIT = Reference(
    const.au,
    "m",
    "IAU 2012 Resolution B2 (exact), via scipy.constants",
    range_note="exact by definition",
)
JULIAN_YEAR = Reference(
    SECONDS_PER_YEAR,
    "s",
    "IAU Julian year: 365.25 days of 86,400 s (IAU 1976; equals scipy.constants.Julian_year)",
    note="The sourced record of wattsandtons.timebase.SECONDS_PER_YEAR, which code reads the year from.",
    range_note="exact by definition",
)
SIDEREAL_DAY = Reference(
    86164.0905,
    "s",
    "Mean sidereal day 23 h 56 min 4.0905 s (US Naval Observatory / HM Nautical Almanac Office, "
    "The Astronomical Almanac)",
    note="Period of a geostationary orbit.",
    range_note="measured to far below a second",
)

# --- Sun, Earth, Moon ---------------------------------------------------------------------------------------

SOLAR_CONSTANT = Reference(
    1361.0,
    "W/m^2",
    "IAU 2015 Resolution B3 nominal total solar irradiance (Prša et al. 2016, AJ 152, 41, "
    "doi:10.3847/0004-6256/152/2/41); Kopp & Lean 2011, GRL 38, L01706, doi:10.1029/2010GL045777 "
    "(1360.8 ± 0.5 W/m^2 at the 2008 solar minimum)",
    low=1360.3,
    high=1362.0,
    note="Range: 2008 minimum minus its uncertainty to ~0.1 % solar-cycle maximum.",
)
SOLAR_LUMINOSITY = Reference(
    3.828e26,
    "W",
    "IAU 2015 Resolution B3 nominal solar luminosity (Prša et al. 2016, AJ 152, 41, "
    "doi:10.3847/0004-6256/152/2/41)",
    note="[calc] check: 4π (1 au)^2 × 1361 W/m^2 = 3.8275e26 W.",
    range_note="IAU nominal value (exact by convention); the real output varies ~0.1 % (see SOLAR_CONSTANT)",
)
EARTH_EQUATORIAL_RADIUS = Reference(
    6378137.0,
    "m",
    "WGS 84 / IERS Conventions (2010), IERS Technical Note 36, Table 1.1; "
    "https://www.iers.org/IERS/EN/Publications/TechnicalNotes/tn36.html",
    note="Used for orbital altitudes and the radius of Earth's cylindrical shadow.",
    range_note="exact by convention (WGS 84)",
)
EARTH_GM = Reference(
    3.986004418e14,
    "m^3/s^2",
    "IERS Conventions (2010), IERS Technical Note 36, Table 1.1 (geocentric gravitational constant)",
    range_note="IERS value, uncertainty ~2e-9, negligible",
)
EARTH_J2 = Reference(
    1.0826359e-3,
    "1",
    "IERS Conventions (2010), IERS Technical Note 36, Table 1.1: dynamical form factor J2 = 1.0826359e-3",
    range_note="measured to ~1e-10, negligible",
    note="Drives the precession of an orbit's plane (and so the sun-synchronous inclination).",
)
EARTH_IR_FLUX = Reference(
    237.0,
    "W/m^2",
    "Earth's outgoing longwave radiation, global annual mean ~237–240 W/m^2 (NASA CERES EBAF; Trenberth, "
    "Fasullo & Kiehl 2009, BAMS 90, 311, doi:10.1175/2008BAMS2634.1: 239 W/m^2); 237 W/m^2 is the value of "
    "the McCalip calculator (andrewmccalip.com/space-datacenters, static/js/math.js)",
    low=218.0,
    high=275.0,
    note="Low/high: the cold- and hot-case Earth IR of NASA's thermal design environments for LEO as usually "
    "quoted (Anderson, Justus & Batts 2001, NASA/TM-2001-211221), [not re-read here].",
)
EARTH_BOND_ALBEDO = Reference(
    0.30,
    "1",
    "Earth's Bond albedo ~0.29–0.30 (NASA NSSDCA Earth Fact Sheet: 0.306; Trenberth et al. 2009: 0.30); "
    "https://nssdc.gsfc.nasa.gov/planetary/factsheet/earthfact.html",
    low=0.23,
    high=0.306,
    note="Low: the cold-case albedo of NASA's LEO design environments (Anderson et al. 2001), [not re-read].",
)
TROPICAL_YEAR = Reference(
    365.24219 * 86400.0,
    "s",
    "Mean tropical year 365.24219 d (US Naval Observatory / The Astronomical Almanac)",
    range_note="measured to far below a second",
    note="The period a sun-synchronous orbit's plane must turn once in.",
)
MOON_GM = Reference(
    4.9028e12,
    "m^3/s^2",
    "JPL planetary ephemerides DE430/DE440: GM_Moon = 4902.80 km^3/s^2 (Park et al. 2021, AJ 161, 105, "
    "doi:10.3847/1538-3881/abd414); NASA NSSDCA Moon Fact Sheet gives 0.00490e6 km^3/s^2, "
    "https://nssdc.gsfc.nasa.gov/planetary/factsheet/moonfact.html",
    note="The figure 4.9048695e12 m^3/s^2 also seen quoted is 0.04 % higher; both give 2.38 km/s escape.",
    range_note="uncertainty ~0.04 % between ephemerides (note), negligible",
)
MOON_MEAN_RADIUS = Reference(
    1737.4e3,
    "m",
    "NASA NSSDCA Moon Fact Sheet, volumetric mean radius; "
    "https://nssdc.gsfc.nasa.gov/planetary/factsheet/moonfact.html",
    range_note="a defined mean, negligible uncertainty",
)
MOON_SYNODIC_PERIOD = Reference(
    29.53 * 86400.0,
    "s",
    "NASA NSSDCA Moon Fact Sheet, synodic period 29.53 d; "
    "https://nssdc.gsfc.nasa.gov/planetary/factsheet/moonfact.html",
    note="One lunar day-night cycle at a given place; half of it is daylight away from the poles.",
    range_note="a mean; the period varies ~±7 h, negligible",
)

# --- World energy -------------------------------------------------------------------------------------------

WORLD_PRIMARY_POWER_2023 = Reference(
    620.0 * _EXA / const.Julian_year,
    "W",
    "Energy Institute, Statistical Review of World Energy 2024: global primary energy consumption 620 EJ in "
    "2023; https://www.energyinst.org/statistical-review",
    note="[calc] 620 EJ / 1 Julian year = 19.6 TW. EI counts non-fossil power by the substitution method.",
    range_note="no range published (a reported statistic)",
)
WORLD_ELECTRICITY_2023 = Reference(
    29925e12 * 3600.0 / const.Julian_year,
    "W",
    "Energy Institute, Statistical Review of World Energy 2024: electricity generation 29,925 TWh in 2023; "
    "https://www.energyinst.org/statistical-review",
    note="[calc] 29,925 TWh / 1 Julian year = 3.41 TW average.",
    range_note="no range published (a reported statistic)",
)

# --- Launch -------------------------------------------------------------------------------------------------

STARSHIP_PAYLOAD_LEO = Reference(
    100e3,
    "kg",
    "SpaceX, Starship Users Guide rev. 1.0 (March 2020): more than 100 t to LEO, "
    "https://www.spacex.com/media/starship_users_guide_v1.pdf; NASA OTPS, Rodgers et al. 2024, "
    "'Space-Based Solar Power', NTRS 20230018600 (assumes 100 t); high: SpaceX 'baseline reusable design' "
    "100–150 t and Musk 2019 (150 t reference payload, twitter.com/elonmusk/status/1149571338748616704)",
    low=100e3,
    high=150e3,
    note="Fully reusable configuration. Musk's 200 t per flight is aspirational and not used as a bound.",
)
STARSHIP_PROPELLANT_MASS = Reference(
    4.6e6,
    "kg",
    "SpaceX Starship vehicle page, propellant capacity Super Heavy 3,400 t + Starship 1,200 t "
    "(2022–2024 figures), https://www.spacex.com/vehicles/starship/; high: CNN, 18 Nov 2023 "
    "(3,700 t + 1,500 t)",
    low=4.6e6,
    high=5.2e6,
    note="Secondary copies seen, primary page not re-read here; propellant capacity grows with each version.",
)
RAPTOR_OXIDISER_TO_FUEL_RATIO = Reference(
    3.6,
    "1",
    "SpaceX Raptor mixture ratio 3.6 (78 % O2, 22 % CH4 by mass), Wikipedia 'SpaceX Raptor' infobox citing "
    "SpaceX statements; https://en.wikipedia.org/wiki/SpaceX_Raptor",
    note="Secondary source. Stoichiometric O/F is 4.0; Raptor runs fuel-rich. Fuel mass share = 1/(1+O/F).",
    range_note="no range published",
)
METHANE_LHV = Reference(
    50.0e6,
    "J/kg",
    "Engineering ToolBox, 'Fuels - Higher and Lower Calorific Values' (methane LHV 50.0 MJ/kg, "
    "HHV 55.5 MJ/kg), https://www.engineeringtoolbox.com/fuels-higher-calorific-values-d_169.html; "
    "cross-check from NIST Chemistry WebBook, methane (https://webbook.nist.gov/cgi/cbook.cgi?ID=C74828): "
    "LHV 802.3 kJ/mol / 16.043 g/mol = 50.0 MJ/kg",
    note="[calc] cross-check repeated in the test suite.",
    range_note="a property of the fuel, no range needed",
)
LAUNCH_PRICE_STARSHIP = Reference(
    100e6,
    "USD",
    "NASA Office of Technology, Policy and Strategy, Rodgers et al. (11 Jan 2024), 'Space-Based Solar "
    "Power', "
    "NTRS 20230018600, https://ntrs.nasa.gov/citations/20230018600: $100 M per Starship launch "
    "(15 % block discount), 100 t to LEO, 100 reuses, 104 launches/yr",
    note="Money, for comparison only.",
    range_note="no range published (NASA's single assumption)",
)
LAUNCH_COST_PER_KG_STARSHIP = Reference(
    1000.0,
    "USD/kg",
    "NASA OTPS 2024 (NTRS 20230018600) baseline $100 M / 100 t; low: Google 'Project Suncatcher', "
    "arXiv:2511.19468 (LEO launch <= $200/kg by the mid-2030s); high: NASA OTPS 2024, lowest price today "
    "$1,500/kg (Falcon Heavy)",
    low=200.0,
    high=1500.0,
    note="[calc] central = $100 M / 100 t. Starcloud's $30/kg (or $10/kg) is a [vendor claim] below the low.",
)
SPACE_HARDWARE_PROGRESS_RATIO = Reference(
    0.85,
    "1",
    "NASA OTPS 2024 (NTRS 20230018600), learning curves: 75 % for modules, 85 % for servicers",
    low=0.75,
    high=0.85,
    note="Wright's-law progress ratio: unit cost multiplies by this each time cumulative output doubles.",
)

# --- Lunar mass driver --------------------------------------------------------------------------------------

MASS_DRIVER_EFFICIENCY = Reference(
    0.6,
    "1",
    "G. K. O'Neill's estimate of overall mass-driver efficiency 'more than 60 %' (14 km driver, 5 kg buckets "
    "carrying 9 kg, 2.4 km/s), in SSI 1976 survey, p. 228, https://ssi.org/wp-content/fbs/sps-prc-survey-1976/228",
    low=0.4,
    high=0.9,
    note="Low/high are a bracket chosen in the reference notes, [unsourced].",
)

# --- Orbital power and heat rejection -----------------------------------------------------------------------

SPACE_CELL_EFFICIENCY = Reference(
    0.30,
    "1",
    "Spectrolab XTJ triple-junction cells, 29.8 % average AM0 BOL (Fetzer et al., IEEE PVSC); low: Starcloud "
    "whitepaper silicon 22 % (https://starcloudinc.github.io/wp.pdf); high: NASA OTPS 2024 assumption 35 % "
    "(NTRS 20230018600)",
    low=0.22,
    high=0.35,
)
CELL_DEGRADATION_PER_YEAR = Reference(
    0.02,
    "1/yr",
    "spacedc-mdao default 0.02/yr for LEO, medium confidence (https://github.com/jman4162/spacedc-mdao); "
    "Spectrolab XTJ keeps 0.89 of Pmp after 5e14 1-MeV e/cm^2 (Fetzer et al.)",
    low=0.0015,
    note="Low = Starcloud '<0.15 %/yr' [vendor claim].",
    range_note="no upper figure published",
)
SPACE_ARRAY_SPECIFIC_POWER = Reference(
    100.0,
    "W/kg",
    "spacedc-mdao solar_arrays.yaml citing NASA state of the art (~30 W/kg today, ~200 W/kg upper bound), "
    "https://github.com/jman4162/spacedc-mdao; Mikulas et al., NASA NTRS 20150006022 (30–50 kW flexible "
    "blankets ~150 W/kg)",
    low=30.0,
    high=200.0,
    note="Array level at BOL. Starcloud's '>1000 W/kg' thin film is a [vendor claim], outside the range.",
)
SUNLIT_FRACTION_SSO_DAWN_DUSK = Reference(
    0.98,
    "1",
    "Google 'Project Suncatcher' (arXiv:2511.19468) dawn-dusk SSO ~650 km, sunlit ~98 % of the time, via the "
    "spacedc-mdao whitepaper (https://jman4162.github.io/spacedc-mdao/whitepaper/)",
    low=0.95,
    range_note="no upper figure published",
    note="Secondary source; the figure as published, kept for comparison. The package computes the year "
    "average over the orbit's β-angle seasons, 0.961 (physics.solar.sunlit_fraction('sso_dawn_dusk')): "
    "eclipse seasons of up to ~20 min per orbit. Low = Starcloud '>95 %' [vendor claim].",
)
SUNLIT_FRACTION_LUNAR_POLE = Reference(
    0.86,
    "1",
    "Bussey et al. 2010, Icarus 208, 558–564, doi:10.1016/j.icarus.2010.03.028 (best single south-pole site "
    "lit 86 % of 2020, Kaguya topography); low: Gläser et al. 2018, Planet. Space Sci. 162, 170–178 (best "
    "sites 77.1–88.0 % at 2 m height over 2017–2037); high: Gläser et al. 2014, Icarus 243, 78–90 "
    "(92.27 % at 2 m over one year)",
    low=0.77,
    high=0.92,
    note="Peaks of (almost) eternal light on crater rims; a few km^2 only, not a whole polar region.",
)
RADIATOR_EMISSIVITY = Reference(
    0.85,
    "1",
    "spacedc-mdao radiators.yaml: 0.85 for white paint / optical solar reflectors, high confidence, "
    "https://github.com/jman4162/spacedc-mdao",
    low=0.85,
    high=1.0,
    note="High = ideal black body.",
)
RADIATOR_AREAL_DENSITY = Reference(
    5.0,
    "kg/m^2",
    "spacedc-mdao radiators.yaml (aluminium panel 5 kg/m^2; improvement lever down to 2 kg/m^2), "
    "https://github.com/jman4162/spacedc-mdao; heat-pipe panels 5–10 kg/m^2 (curiousexplorer.blog report); "
    "high: the flown ISS Photovoltaic Radiator, 740.7 kg over 3.12 m x 13.6 m = 17.5 kg/m^2 (NASA/Boeing, "
    "'Active Thermal Control System (ATCS) Overview', "
    "https://www.nasa.gov/wp-content/uploads/2021/02/473486main_iss_atcs_overview.pdf)",
    low=2.0,
    high=17.5,
    note="Panels only; the coolant loop is COOLANT_LOOP_MASS_PER_W. The ISS EATCS radiator ORU is 1,122.64 kg "
    "over 23.3 m x 3.4 m = 14.2 kg/m^2 (same source).",
)
RADIATOR_FIN_HALF_WIDTH = Reference(
    0.10,
    "m",
    "[unsourced] engineering figure: coolant tubes 20 cm apart in an aluminium face sheet",
    low=0.05,
    high=0.15,
    note="Low/high: a bracket chosen here, [unsourced]. With RADIATOR_FIN_THICKNESS and "
    "ALUMINIUM_CONDUCTIVITY it sets the fin efficiency (physics.thermal.fin_efficiency): 0.81 at 320 K.",
)
RADIATOR_FIN_THICKNESS = Reference(
    1.0e-3,
    "m",
    "[unsourced] engineering figure: a 1 mm aluminium face sheet",
    low=0.5e-3,
    high=2.0e-3,
    note="Low/high: a bracket chosen here, [unsourced].",
)
RADIATOR_SINK_TEMPERATURE_LEO = Reference(
    250.0,
    "K",
    "spacedc-mdao effective sink temperature in LEO (Earth infrared and albedo loading), "
    "https://github.com/jman4162/spacedc-mdao",
    low=3.0,
    range_note="no upper figure published",
    note="Low = deep space (cosmic background ~2.7 K). A panel facing the Earth; an edge-on panel sees "
    "~180 K (physics.thermal.sink_temperature), which the datacentre comparison computes instead.",
)
RADIATOR_TEMPERATURE = Reference(
    320.0,
    "K",
    "spacedc-mdao radiators.yaml, aluminium panel t_radiator_k 320 K ('consistent with coolant loop and chip "
    "junction budget', low confidence), https://github.com/jman4162/spacedc-mdao; low: Starcloud whitepaper "
    "radiator at 20 °C (https://starcloudinc.github.io/wp.pdf)",
    low=293.15,
    high=350.0,
    note="High (350 K) is a round figure from the reference notes' flux table, [unsourced].",
)

RADIATOR_ABSORPTIVITY = Reference(
    0.17,
    "1",
    "Z-93 white paint, the ISS radiators' coating (NASA/Boeing, 'Active Thermal Control System (ATCS) "
    "Overview', https://www.nasa.gov/wp-content/uploads/2021/02/473486main_iss_atcs_overview.pdf, pp. 14–16): "
    "solar absorptance ~0.15–0.17 at beginning of life (Gilmore, Spacecraft Thermal Control Handbook, 2nd ed. "
    "2002, Appendix A, [not re-read here])",
    low=0.15,
    high=0.30,
    note="High: end-of-life absorptance after years of UV and atomic oxygen, [unsourced] round figure.",
)
COOLANT_LOOP_MASS_PER_W = Reference(
    3.5e-3,
    "kg/W",
    "spacedc-mdao coolants.yaml, ammonia single-phase pumped loop: fluid 1.5 kg/kW + pumps, lines and "
    "hardware 2.0 kg/kW (https://github.com/jman4162/spacedc-mdao; 'estimated', medium confidence)",
    range_note="no range published",
    note="The loop that carries heat from the chips to the radiators; the panels themselves are counted by "
    "RADIATOR_AREAL_DENSITY.",
)
ALUMINIUM_CONDUCTIVITY = Reference(
    167.0,
    "W/(m K)",
    "Aluminium 6061-T6 thermal conductivity 167 W/(m K) at 25 °C (ASM Aerospace Specification Metals, "
    "https://asm.matweb.com/search/SpecificMaterial.asp?bassnum=ma6061t6)",
    low=152.0,
    high=237.0,
    note="Low: 6061-T4; high: pure aluminium (Incropera, Table A.1). The fin material of a panel radiator.",
)

# --- Compute ------------------------------------------------------------------------------------------------

H100_SXM_POWER = Reference(
    700.0,
    "W",
    "NVIDIA H100 Tensor Core GPU datasheet, H100 SXM max TDP 700 W, "
    "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet",
    note="Chip only: excludes host CPU, memory, network and facility overhead (PUE).",
    range_note="a datasheet maximum, no range",
)
H100_SXM_BF16_DENSE = Reference(
    989.4e12,
    "FLOP/s",
    "NVIDIA H100 Tensor Core GPU datasheet: BF16 Tensor Core 1,979 TFLOPS with sparsity, dense half of it, "
    "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet; dense matrix "
    "989.4 TFLOPS tabulated at https://glennklockwood.com/garden/processors/h100",
    note="Peak; sustained utilisation on real training runs is typically well below it.",
    range_note="a datasheet peak, no range",
)
GB200_NVL72_BF16_DENSE = Reference(
    180e15,
    "FLOP/s",
    "NVIDIA GB200 NVL72 product page: FP16/BF16 Tensor Core 360 PFLOPS with sparsity (dense half of it), "
    "https://www.nvidia.com/en-us/data-center/gb200-nvl72/",
    note="[calc] dense = 360/2 PFLOPS. Preliminary vendor specification.",
    range_note="a datasheet peak, no range",
)
GB200_NVL72_POWER = Reference(
    120e3,
    "W",
    "DGX GB200 NVL72 rack ~120 kW as shown at NVIDIA GTC 2024 (ServeTheHome / The Register, via Tom's "
    "Hardware); high: introl.com GB300 NVL72 deployment notes, power shelves 132 kW DC output (citing "
    "Supermicro)",
    low=120e3,
    high=132e3,
    note="Secondary sources. Whole rack: 72 GPUs, 36 Grace CPUs, NVLink switches.",
)
GB200_NVL72_MASS = Reference(
    1360.0,
    "kg",
    "DGX GB200 NVL72 rack weighs 1.36 t (3,000 lb) (The Register / ServeTheHome, GTC 2024, via Tom's "
    "Hardware)",
    note="Secondary source. Terrestrial rack with its frame and liquid-cooling manifolds.",
    range_note="no range published",
)
IT_HARDWARE_MASS_PER_W = Reference(
    GB200_NVL72_MASS.value / GB200_NVL72_POWER.value,
    "kg/W",
    f"{GB200_NVL72_MASS.source}; {GB200_NVL72_POWER.source}",
    note="[calc] rack mass / rack power, ~11 kg/kW. A terrestrial rack; flight hardware could be lighter or "
    "heavier.",
    range_note="no range published",
)
EXTROPIC_RELATIVE_EFFICIENCY = Reference(
    1e4,
    "1",
    "Extropic, 'An efficient probabilistic hardware architecture for diffusion-like models', "
    "arXiv:2510.23972 (v1 28 Oct 2025): devices 'could achieve performance parity with GPUs on a simple "
    "image benchmark using approximately 10,000 times less energy', https://arxiv.org/abs/2510.23972",
    range_note="no range published (one simulated ratio)",
    caveat="a vendor simulation of an unbuilt chip",
    note="[simulated] [vendor claim] system-level simulation of an unbuilt chip, not hardware-witnessed "
    "(mlthermo.com audit). A task-level ratio (binarized Fashion-MNIST at equal FID), not a per-FLOP figure; "
    "no absolute joules per sample are published.",
)
PUE_INDUSTRY_AVERAGE_2024 = Reference(
    1.56,
    "1",
    "Uptime Institute Global Data Center Survey 2024 (average PUE 1.56); range 1.55–1.59 since 2020 per "
    "Uptime Intelligence, 'Large data centers are mostly more efficient, analysis confirms' (23 Nov 2023), "
    "https://intelligence.uptimeinstitute.com/resource/large-data-centers-are-mostly-more-efficient-analysis-confirms",
    low=1.55,
    high=1.59,
    note="The 2024 figure was seen through a secondary snippet; 1.58 (2023) is from Uptime directly.",
)
PUE_HYPERSCALE = Reference(
    1.10,
    "1",
    "Google data centre fleet trailing-twelve-month PUE ~1.10, "
    "https://www.google.com/about/datacenters/efficiency/ "
    "(1.1 for Q2 2021 as reported by CNBC, 13 Apr 2022)",
    range_note="no range published for the fleet figure",
)
DATACENTRE_LIFETIME_YEARS = Reference(
    5.0,
    "yr",
    "Andrew McCalip orbital datacentre calculator, default 5 years "
    "(https://andrewmccalip.com/space-datacenters); "
    "high: NASA OTPS 2024 hardware life 10 years (NTRS 20230018600)",
    high=10.0,
    note="A count of years (the one non-SI 'unit' here, kept because degradation rates are per year).",
    range_note="no lower figure published",
)
ELECTRICITY_PRICE_US_INDUSTRIAL_2023 = Reference(
    0.0806 / _KWH,
    "USD/J",
    "US EIA, average retail price of electricity to industrial customers 2023: 8.06 US cents/kWh "
    "(EIA via Statista; EIA Electric Power Annual 2023, https://www.eia.gov/electricity/annual/)",
    low=0.045 / _KWH,
    note="[calc] 0.0806 USD/kWh / 3.6e6 J/kWh. Low = US wholesale $0.045/kWh as cited by the Starcloud "
    "whitepaper. Money, for comparison only.",
    range_note="no upper figure published",
)

# --- Money of the Earth-vs-orbit comparison (USD, for comparison only) --------------------------------------
# GPU prices, hosting and cloud revenue live in physics.markets (another module), not here.

_MCCALIP = (
    "A. McCalip, orbital vs terrestrial datacentre calculator (https://andrewmccalip.com/space-datacenters; "
    "model in github.com/andrewmccalip/thoughts, static/js/math.js at commit 278ecbc)"
)
EARTH_FACILITY_CAPEX_PER_W = Reference(
    12.5,
    "USD/W",
    f"{_MCCALIP}: terrestrial capex slider $10 (low) / $12.50 (representative) / $17 (high) per W of IT, from a "
    "techno-economic report citing EIA and Sargent & Lundy; buckets electrical $5.25, mechanical (cooling) "
    "$3.00, civil and shell (land ~$244k/acre, building) $2.50, network and fit-out $1.75 per W",
    low=10.0,
    high=17.0,
    note="Without on-site generation (the Earth site here buys grid power). spacedc-mdao's Earth baseline is "
    "$12 M/MW ex-GPU, the same figure.",
)
#: Shares of EARTH_FACILITY_CAPEX_PER_W by item, from McCalip's buckets (5.25, 3.00, 2.50, 1.75 of 12.50 $/W).
EARTH_CAPEX_SHARES = {
    "electrical (switchgear, UPS, backup)": 5.25 / 12.5,
    "cooling plant": 3.0 / 12.5,
    "building shell, site and land": 2.5 / 12.5,
    "network and fit-out": 1.75 / 12.5,
}
EARTH_FACILITY_UPKEEP_PER_YEAR = Reference(
    0.03,
    "1/yr",
    f"{_MCCALIP}: maintenance 3 % of capex a year; high: spacedc-mdao Earth maintenance 5 %/yr of capex "
    "(https://github.com/jman4162/spacedc-mdao)",
    low=0.03,
    high=0.05,
)
DATACENTRE_WATER_PER_IT_ENERGY = Reference(
    1.8e-3 / _KWH,
    "m^3/J",
    "Shehabi et al. (2016), United States Data Center Energy Usage Report, LBNL-1005775: on-site water use "
    "~1.8 L per kWh of IT energy (evaporative cooling), [not re-read here]",
    low=0.0,
    high=1.8e-3 / _KWH,
    note="[calc] 1.8 L/kWh = 5e-10 m^3/J. Low: a closed-loop dry-cooled site uses almost no water.",
)
WATER_PRICE = Reference(
    2.0,
    "USD/m^3",
    "[unsourced] round figure for US commercial water and sewer",
    low=1.0,
    high=5.0,
    note="Low/high: a bracket chosen here, [unsourced]. Water is ~2 % of the Earth site's cost, so the "
    "comparison does not hinge on it.",
)
SATELLITE_COST_PER_W = Reference(
    22.0,
    "USD/W",
    f"{_MCCALIP}: satellite hardware per W of array, Starlink V2 Mini ~$22/W (bill of materials at ~$800/kg); "
    "high: Starlink V1 ~$32/W; low: the slider's $5/W",
    low=5.0,
    high=32.0,
    note="Bus, arrays, structure, avionics and comms; radiators are counted apart (RADIATOR_COST_PER_M2). "
    "Starcloud claims <$5/W, a [vendor claim] at the low end.",
)
RADIATOR_COST_PER_M2 = Reference(
    5000.0,
    "USD/m^2",
    "spacedc-mdao cost model: radiator $5,000 per m^2 (https://github.com/jman4162/spacedc-mdao)",
    range_note="no range published",
)
GROUND_SEGMENT_COST = Reference(
    20e6,
    "USD",
    "spacedc-mdao cost model: ground segment $20 M (https://github.com/jman4162/spacedc-mdao)",
    range_note="no range published",
    note="Ground stations and network operations centre, one per constellation.",
)
ORBIT_OPERATIONS_PER_YEAR = Reference(
    0.01,
    "1/yr",
    f"{_MCCALIP}: operations (comms, infrastructure) 1 % of satellite hardware a year",
    range_note="no range published",
)
GPU_FAILURE_RATE = Reference(
    0.09,
    "1/yr",
    f"{_MCCALIP}: GPU failure rate 9 %/yr ('Meta'), slider 1 % (shielded) – 12 % (polar)",
    low=0.01,
    high=0.12,
    note="Failed GPUs are replaced on both sides; in orbit each replacement is launched.",
)
GPU_EMBODIED_ENERGY = Reference(
    318.0 / 0.495 * _KWH,
    "J",
    "Chien et al. (2023), 'Reducing the carbon impact of generative AI inference', HotCarbon '23, "
    "doi:10.1145/3604930.3605705: 318 kg CO2e embodied per A100-class GPU (1/8 of an instance with its share "
    "of CPU, memory and storage), via the Scope3 methodology notes; divided by Taiwan's grid emission factor "
    "0.495 kg CO2e/kWh (Energy Administration, MOEA, 2022, [not re-read here])",
    low=0.2e3 * _KWH,
    high=1.5e3 * _KWH,
    note="[calc] 318 / 0.495 = 642 kWh = 2.3 GJ per GPU slot. Low: 0.2 MWh, the electricity alone of the "
    "orbital_datacentres scenario's chip fab per GPU (an assumption there); high: a bracket, [unsourced]. The "
    "one GPU embodied-energy figure of the package: every module should use this Reference.",
)

# --- Orbits -------------------------------------------------------------------------------------------------

SSO_REFERENCE_ALTITUDE = Reference(
    650e3,
    "m",
    "Google 'Project Suncatcher' (arXiv:2511.19468): dawn-dusk sun-synchronous orbit at ~650 km, via the "
    "spacedc-mdao whitepaper (https://jman4162.github.io/spacedc-mdao/whitepaper/)",
    low=550e3,
    high=800e3,
    note="Low: Starlink shells ~550 km (McCalip calculator default); high: a round upper end of LEO SSO "
    "missions, [unsourced].",
)
LEO_REFERENCE_INCLINATION = Reference(
    51.64 * const.degree,
    "rad",
    "ISS orbital inclination 51.64° (NASA, ISS facts and figures; space.stackexchange.com/questions/6505)",
    range_note="the ISS's, exact enough",
    note="Used with LEO_REFERENCE_ALTITUDE for the 'leo' sunlit fraction.",
)

LEO_REFERENCE_ALTITUDE = Reference(
    400e3,
    "m",
    "ISS-like low Earth orbit, about 400 km (ISS 404 x 415 km in Dec 2014, period 92.75 min, per "
    "space.stackexchange.com/questions/6505; NASA JSC 'Space Station Orbit Tutorial', 90–93 min per orbit, "
    "https://eol.jsc.nasa.gov/orbtutor/page2.htm)",
    range_note="a reference altitude, chosen",
)


def references() -> dict[str, Reference]:
    """Every :class:`Reference` defined in this module, by constant name.

    Returns
    -------
    dict of str to Reference
        Name (e.g. ``"SOLAR_CONSTANT"``) to its sourced default, in definition order.

    References
    ----------
    .. [1] The ``source`` of each :class:`Reference`.
    """
    return {name: value for name, value in globals().items() if isinstance(value, Reference)}
