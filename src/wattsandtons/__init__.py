"""Watts & Tons: physical economics in watts and tonnes.

Five parts share one vocabulary (commodity, process, location, flow): the scenario model, the steady-state balance,
growth over time, hourly dispatch and a ledger kept in physical units.

In a notebook::

    import wattsandtons as wt
    loop = wt.load("closed_loop_earth")      # a scenario (file or bundled name)
    b = wt.balance(loop)                     # Balance: b.to_frame(), b.to_xarray(), b.plot()
    t = wt.run(loop, members=100, seed=1)    # Trajectory
    s = wt.dispatch("kyushu", hours=168)     # Schedule
    c = wt.claims(["C4"])                    # ClaimsTable
    table = wt.io.read_table("IOT_2022_ixi") # input–output tables: multipliers and footprints

Everything loads on first use (:mod:`wattsandtons.api`), so ``import wattsandtons`` stays instant.
"""

import sys
import types
from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "balance", "claims", "dispatch", "io", "load", "run"]

_CALLABLE = frozenset({"balance", "dispatch", "claims"})


class _Package(types.ModuleType):
    """This package's module type: ``balance``, ``dispatch`` and ``claims`` become callable when imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CALLABLE and type(value) is types.ModuleType:
            from wattsandtons.api import CallableModule

            value.__class__ = CallableModule
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    if name in ("load", "run"):
        from wattsandtons import api

        return getattr(api, name)
    if name in _CALLABLE or name == "io":
        import importlib

        return importlib.import_module(f"wattsandtons.{name}")
    raise AttributeError(f"module 'wattsandtons' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


sys.modules[__name__].__class__ = _Package
