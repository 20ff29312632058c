"""Time constants, defined once for the whole package (bottom layer: imports nothing of it).

The year is the IAU Julian year, 365.25 days of 86,400 SI seconds (IAU 1976 System of Astronomical Constants;
``scipy.constants.Julian_year`` and pint's ``year`` agree exactly), the unit in which annual figures (EJ/yr,
kW-year, t/yr) are turned into rates in SI. No range: these are definitions.
"""

from __future__ import annotations

SECONDS_PER_HOUR = 3_600.0
SECONDS_PER_DAY = 86_400.0
DAYS_PER_YEAR = 365.25
SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY
HOURS_PER_YEAR = DAYS_PER_YEAR * 24.0

__all__ = ["DAYS_PER_YEAR", "HOURS_PER_YEAR", "SECONDS_PER_DAY", "SECONDS_PER_HOUR", "SECONDS_PER_YEAR"]
