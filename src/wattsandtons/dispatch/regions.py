"""Regions: calibrating a regional spec to a cited curtailment share, and running several regions as a study.

Calibration (``docs/dispatch.md`` has the full method). A regional spec describes an area's fleet with round public
figures: solar and wind capacity, must-run generation (nuclear, run-of-river hydro, geothermal, minimum thermal),
pumped storage, the interconnector margin for export, and the area's demand shape. Such a model leaves out much
(unit commitment, reserves, the neighbours' own surplus, rooftop self-consumption), so its curtailment at the
nominal capacities is off. We fix one knob: a factor ``k`` on the available output of every renewable generator
(``calibration.renewable_scale``), found by bracketing and bisection on the baseline LP (without the flexible
loads) so that its curtailed share of renewable energy equals ``calibration.target_curtailment``. The factor is
written back into the spec and reported; a ``k`` far from 1 says how far the plain model is from the cited share.

Run ``python -m wattsandtons.dispatch.regions calibrate [--write] [NAMES…]`` to (re)calibrate bundled regions.

Studies: a YAML file with ``regions: [kyushu, …]`` (bundled names or files) and the claims they bear on; its
regions run in parallel (local processes, or Dask with a scheduler address or a local cluster) with a progress
callback, each with its flexible loads and its baseline.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wattsandtons.dispatch import dispatch, load_site, spec_text
from wattsandtons.dispatch.model import solve_site
from wattsandtons.dispatch.schedule import Schedule
from wattsandtons.dispatch.spec import DispatchError, Site, SiteError
from wattsandtons.distributed import map_on_dask
from wattsandtons.spec import load_yaml, pydantic_problems

__all__ = [
    "REGIONS",
    "Calibration",
    "Study",
    "baseline_share",
    "calibrate",
    "is_study",
    "load_study",
    "run_many",
]

REGIONS = ("kyushu", "shikoku", "tohoku", "chugoku")
#: A calibrated renewable scale outside 1 ± this needs a stated reason (the spec's ``calibration.note``).
SCALE_BAND = 0.1


def scale_renewables(site: Site, factor: float) -> Site:
    """The site with every renewable generator's capacity and available output × ``factor``."""
    gens = tuple(
        replace(g, capacity=g.capacity * factor, available=g.available * factor) if g.renewable else g
        for g in site.generators
    )
    return replace(site, generators=gens, renewable_scale=site.renewable_scale * factor)


def baseline_share(site: Site) -> float:
    """Curtailed share of renewable energy in the baseline (the site without its flexible loads)."""
    base = site.baseline
    sol = solve_site(base)
    available = sum(float(g.available.sum()) for g in base.generators if g.renewable)
    curtailed = sum(float(sol.curtailed[g.name].sum()) for g in base.generators if g.renewable)
    return curtailed / available if available > 0 else 0.0


@dataclass(frozen=True)
class Calibration:
    """The result of :func:`calibrate`: the new ``renewable_scale`` and the share it gives."""

    name: str
    target: float
    renewable_scale: float
    share: float
    share_at_nominal: float  # at renewable_scale = 1
    evaluations: int

    @property
    def within_band(self) -> bool:
        """Whether the fitted scale stays within 1 ± ``SCALE_BAND`` (else the spec's note must say why)."""
        return abs(self.renewable_scale - 1.0) <= SCALE_BAND


def calibrate(
    site: Site, target: float | None = None, *, tol: float = 2e-5, max_evaluations: int = 60
) -> Calibration:
    """Find the renewable scale at which the baseline curtails ``target`` (default the spec's) of its renewables.

    The share grows with the scale (more renewables against the same demand, storage and export), so the root is
    bracketed by doubling/halving and then found by bisection on log(scale) until within ``tol`` (absolute share).
    """
    target = site.target_curtailment if target is None else target
    if target is None or not 0.0 < target < 1.0:
        raise DispatchError(f"{site.name}: calibration needs a target curtailment share between 0 and 1")
    nominal = scale_renewables(site, 1.0 / site.renewable_scale)
    evaluations = 0
    cache: dict[float, float] = {}

    def share(k: float) -> float:
        nonlocal evaluations
        if k not in cache:
            evaluations += 1
            cache[k] = baseline_share(scale_renewables(nominal, k))
        return cache[k]

    at_nominal = share(1.0)
    lo, hi = site.renewable_scale, site.renewable_scale
    while share(lo) > target and lo > 1e-3:
        lo /= 1.5
    while share(hi) < target and hi < 1e3:
        hi *= 1.5
    if not share(lo) <= target <= share(hi):
        raise DispatchError(f"{site.name}: cannot bracket a renewable scale giving {target:.2%} curtailment")
    k = lo if abs(share(lo) - target) <= abs(share(hi) - target) else hi
    while abs(share(k) - target) > tol and evaluations < max_evaluations:
        k = math.sqrt(lo * hi)
        if share(k) < target:
            lo = k
        else:
            hi = k
    return Calibration(site.name, target, k, share(k), at_nominal, evaluations)


def write_scale(path: Path, scale: float) -> None:
    """Replace the ``renewable_scale:`` value in a spec file (keeps everything else as written)."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(renewable_scale:\s*)[0-9.eE+-]+", rf"\g<1>{scale:.6f}", text, count=1)
    if count != 1:
        raise DispatchError(f"{path}: no 'renewable_scale:' line to update")
    path.write_text(new, encoding="utf-8")


# -- studies ---------------------------------------------------------------------------------------------------------
class StudyModel(BaseModel):
    """A study file: several regions (or sites) run together, and the claims their results bear on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    description: str | None = None
    regions: list[str] = Field(min_length=1, max_length=200)
    claims: dict[str, str] = Field(default_factory=dict)
    sources: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class Study:
    name: str
    title: str
    file: str
    regions: tuple[str, ...]  # names or paths, resolved against the study's folder
    claims: dict[str, str]


def is_study(source: str | Path) -> bool:
    """Whether a spec (file or bundled name) is a study (it has ``regions:``)."""
    text, _, _ = spec_text(source)
    return re.search(r"^regions\s*:", text, flags=re.MULTILINE) is not None


def load_study(source: str | Path) -> Study:
    """Load a study file (or bundled name); raises :class:`SiteError` with located problems."""
    text, display, folder = spec_text(source)
    located = load_yaml(text, display, error=SiteError, what="study")
    try:
        model = StudyModel.model_validate(located.data)
    except ValidationError as exc:
        raise SiteError(pydantic_problems(exc, located, StudyModel)) from None
    regions = []
    for i, region in enumerate(model.regions):
        candidate = folder / region if folder is not None else Path(region)
        if candidate.is_file():
            regions.append(str(candidate))
            continue
        try:
            spec_text(region)
        except SiteError:
            raise SiteError(
                [located.problem(("regions", i), f"no such spec {region!r}", "a bundled name or a file")]
            ) from None
        regions.append(region)
    return Study(
        Path(display).stem, model.title or Path(display).stem, display, tuple(regions), dict(model.claims)
    )


def _run_one(source: str, hours: int | None) -> Schedule:
    return dispatch(load_site(source, hours=hours))


def run_many(
    sources: list[str],
    hours: int | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_local: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Schedule]:
    """Dispatch several specs, each with its baseline, in parallel; results in input order.

    Local processes by default (``workers``, default one per CPU up to the number of specs; 1 runs in this
    process); on Dask with ``scheduler`` (``tcp://host:8786``) or ``dask_local`` (a local cluster of that many
    workers). Workers load the specs themselves, so only names travel.
    """
    total = len(sources)
    results: list[Schedule | None] = [None] * total
    if scheduler is not None or dask_local is not None:
        return _run_dask(sources, hours, scheduler, dask_local, progress)
    count = max(1, min(workers or (os.cpu_count() or 1), total))
    if count == 1:
        for i, source in enumerate(sources):
            results[i] = _run_one(source, hours)
            if progress is not None:
                progress(i + 1, total)
    else:
        with ProcessPoolExecutor(max_workers=count) as pool:
            futures = {pool.submit(_run_one, source, hours): i for i, source in enumerate(sources)}
            for done, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                if progress is not None:
                    progress(done, total)
    return [r for r in results if r is not None]


def _run_dask(
    sources: list[str],
    hours: int | None,
    scheduler: str | None,
    dask_local: int | None,
    progress: Callable[[int, int], None] | None,
) -> list[Schedule]:
    return map_on_dask(
        partial(_run_one, hours=hours),
        sources,
        scheduler=scheduler,
        workers=dask_local,
        progress=progress,
        error=DispatchError,
    )


# -- command line: calibrate the bundled regions ------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wattsandtons.dispatch.regions")
    sub = parser.add_subparsers(dest="command", required=True)
    cal = sub.add_parser("calibrate", help="find each region's renewable_scale for its target curtailment")
    cal.add_argument("names", nargs="*", default=list(REGIONS))
    cal.add_argument("--write", action="store_true", help="write the scale into the bundled spec files")
    args = parser.parse_args(argv)
    for name in args.names:
        site = load_site(name)
        result = calibrate(site)
        print(
            f"{name}: target {result.target:.2%}; at nominal capacities {result.share_at_nominal:.3%}; "
            f"renewable_scale {result.renewable_scale:.6f} gives {result.share:.4%} ({result.evaluations} LPs)"
        )
        if not result.within_band:
            print(
                f"  outside 1 ± {SCALE_BAND:g}: {site.calibration_note or 'no reason stated in calibration.note'}"
            )
        if args.write:
            _, _, folder = spec_text(name)
            assert folder is not None
            write_scale(folder / f"{name}.yaml", result.renewable_scale)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
