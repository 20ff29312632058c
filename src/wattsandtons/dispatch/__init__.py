"""Hourly dispatch of a site or region: renewables, grid, batteries, firm AI, deferrable training, mining.

>>> from wattsandtons.dispatch import dispatch, load_site
>>> site = load_site("hybrid_site", hours=48)
>>> schedule = dispatch(site)
>>> bool(abs(schedule.balance_residual()).max() < 1.0)  # W
True

A spec (YAML, ``docs/dispatch.md``) is loaded into a :class:`Site` (SI arrays), solved as a linear program with
HiGHS (:mod:`wattsandtons.dispatch.model`) and returned as a :class:`Schedule`: hour × asset power in an xarray
Dataset and a :class:`Summary` (curtailment with and without the flexible loads, energy and value per load, hashes
and FLOP, energy payback of the added equipment, battery cycles). Regions and their calibration:
:mod:`wattsandtons.dispatch.regions`.

The classes and :func:`parse_site` load on first use, and the functions import what they need when called, so that
defining the ``dispatch`` command (``wattsandtons --help``) does not import HiGHS, pvlib, pandas or xarray.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lazy_loader

if TYPE_CHECKING:
    from wattsandtons.dispatch.model import Solution
    from wattsandtons.dispatch.schedule import BatteryResult, LoadResult, Schedule, Summary
    from wattsandtons.dispatch.spec import DispatchError, Site, SiteError, parse_site

__all__ = [
    "BatteryResult",
    "DispatchError",
    "LoadResult",
    "Schedule",
    "Site",
    "SiteError",
    "Summary",
    "bundled_specs",
    "dispatch",
    "load_site",
    "parse_site",
    "spec_text",
]

#: Public names load on first use (SPEC 1 lazy loading), so defining the CLI command does not import them.
__getattr__, _, _ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "schedule": ["BatteryResult", "LoadResult", "Schedule", "Summary"],
        "spec": ["DispatchError", "Site", "SiteError", "parse_site"],
    },
)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _bundled_dir() -> Any:
    return resources.files("wattsandtons.dispatch").joinpath("bundled")


def bundled_specs() -> dict[str, str]:
    """Names of the bundled site, region and study specs with their titles, sorted by name."""
    from wattsandtons.spec import titles_in

    return titles_in(_bundled_dir())


def spec_text(source: str | Path) -> tuple[str, str, Path | None]:
    """``(text, display name, folder for relative files)`` of a spec file or a bundled spec given by name.

    Raises :class:`SiteError` for a missing, unreadable or oversized file (:func:`wattsandtons.spec.spec_text`).
    """
    from wattsandtons import spec
    from wattsandtons.dispatch.spec import SiteError

    return spec.spec_text(source, _bundled_dir(), error=SiteError, kind="spec")


def load_site(source: str | Path, hours: int | None = None) -> Site:
    """Load and validate a site spec (a file, or a bundled name such as ``kyushu``); ``hours`` overrides the horizon.

    Raises :class:`SiteError` (a :class:`DispatchError`) listing every located problem.
    """
    from wattsandtons.dispatch.spec import parse_site

    text, display, folder = spec_text(source)
    return parse_site(text, display, base_dir=folder, name=Path(display).stem, hours=hours)


def dispatch(
    site: Site,
    hours: int | None = None,
    *,
    baseline: bool = True,
    curtailment_range: bool = True,
    rolling: int | None = None,
) -> Schedule:
    """Dispatch ``site`` hour by hour (its first ``hours`` hours if given) and summarise.

    With ``baseline`` (default), the site is also solved without its flexible loads (those not marked
    ``baseline``) so the summary reports curtailment without and with them and the surplus each load absorbed.
    With ``curtailment_range`` (default), two more solves find the least and most curtailment among optima.
    With ``rolling`` (hours per window), both runs use a rolling horizon (:mod:`~.rolling`; no range then).
    Raises :class:`DispatchError` for an infeasible or unbounded site, naming the constraint and hour.
    """
    from wattsandtons.dispatch.model import solve_site
    from wattsandtons.dispatch.schedule import make_schedule
    from wattsandtons.dispatch.spec import DispatchError

    if hours is not None:
        if not 1 <= hours <= site.hours:
            raise DispatchError(f"hours must be between 1 and {site.hours} (the spec's horizon), got {hours}")
        site = site.head(hours)

    def solve(s: Site) -> Solution:
        if rolling is None:
            return solve_site(s)
        from wattsandtons.dispatch.rolling import solve_rolling

        return solve_rolling(s, rolling)

    solution = solve(site) if rolling is not None else solve_site(site, with_range=curtailment_range)
    if not baseline:
        return make_schedule(site, solution)
    base_site = site.baseline
    if len(base_site.loads) == len(site.loads):
        return make_schedule(site, solution, site, solution)
    return make_schedule(site, solution, base_site, solve(base_site))
