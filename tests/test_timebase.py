"""One year for the whole package: the IAU Julian year, and every other definition agrees with it exactly."""

from __future__ import annotations

import scipy.constants

from wattsandtons.physics.reference import JULIAN_YEAR
from wattsandtons.timebase import HOURS_PER_YEAR, SECONDS_PER_DAY, SECONDS_PER_YEAR
from wattsandtons.units import ureg


def test_year_is_the_julian_year_everywhere() -> None:
    assert SECONDS_PER_YEAR == 31_557_600.0  # 365.25 d × 86,400 s (hand calculation), exact in binary
    assert SECONDS_PER_YEAR == scipy.constants.Julian_year == JULIAN_YEAR.value
    assert ureg.Quantity(1, "year").to("s").magnitude == SECONDS_PER_YEAR  # what "MWh/yr" in a scenario means
    assert HOURS_PER_YEAR * 3_600.0 == SECONDS_PER_YEAR and SECONDS_PER_DAY * 365.25 == SECONDS_PER_YEAR


def test_timebase_imports_nothing_of_the_package() -> None:
    import ast
    from pathlib import Path

    import wattsandtons.timebase as timebase

    tree = ast.parse(Path(timebase.__file__).read_text(encoding="utf-8"))
    imported = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert all(getattr(node, "module", None) == "__future__" for node in imported)
