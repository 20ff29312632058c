"""Input–output tables in (pymrio, EXIOBASE-format folders, labelled CSV/Parquet) and footprints out.

>>> import wattsandtons.io as wio                                     # doctest: +SKIP
>>> table = wio.read_table("IOT_2022_ixi")                           # an unpacked EXIOBASE 3 release
>>> table.multipliers(["CO2 - combustion - air"])                    # stressor × product, labelled
>>> table.footprints(["CO2 - combustion - air"], product_level="total")  # per consuming region

See ``docs/io.md``. Heavy parts (pandas, SciPy) load on first use.
"""

from __future__ import annotations

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "table": ["IOTable", "IOTableError", "load_model"],
        "read": ["from_pymrio", "read_exiobase", "read_labelled", "read_table"],
        "scenario": ["to_scenario"],
    },
)
