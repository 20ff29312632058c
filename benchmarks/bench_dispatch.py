"""Benchmark: the 8,760-hour hybrid site dispatched by ``wattsandtons.dispatch`` against PyPSA (and plain linopy).

Usage::

    .venv/bin/python benchmarks/bench_dispatch.py [--repeat N] [--hours H]

The site is the PyPSA anchor of ``../shared/reference/dispatch-anchors.md`` §2: 200 MW of PV (pvlib clear sky at
Fukuoka × this project's seeded cloud model), a firm 20 MW AI load, 40 MW of mining worth 40 USD/MWh, a 25 MW /
100 MWh battery (η 0.95/0.95, cyclic, 0.5 USD/MWh on discharge), export capped at 30 MW and sold at 60 USD/MWh,
import up to 20 MW at 120 USD/MWh. The spec is parsed once (profiles included) outside the timings; every
implementation then gets the same hourly arrays and solves with HiGHS in this process:

* ours:   ``solve_site(site)`` (sparse LP assembled from triplets, ``highspy`` directly, presolve off and devex
          pricing) plus ``make_schedule``; and the same LP with HiGHS's default options, to separate the two gains;
* linopy: the same LP written with linopy variables over a ``time`` dimension, ``solve(io_api="direct")``;
* PyPSA:  the site exported by ``wattsandtons.dispatch.pypsa_io.to_network`` (a bus, PV ``Generator``, ``Load``,
  import and export ``Generator`` s, mining as a consuming ``Generator``, battery ``StorageUnit``; the export is
  timed as part of the build); ``optimize.create_model()`` then ``optimize.solve_model(io_api="direct")``.

The three objectives must agree to 1e-6 relative (asserted). Build and solve are timed separately, repetitions are
interleaved (the order rotates), and medians are printed as a Markdown table for ``benchmarks/RESULTS.md``.

Then the scale cases (once each; ``--no-scale`` skips them): the same site over 5 years (43,800 h) as one LP and as
a rolling horizon (quarter-year windows + one week of look-ahead, :mod:`wattsandtons.dispatch.rolling`) with the
objective gap; and the four bundled regions' baselines solved separately and as one coupled LP
(:mod:`wattsandtons.dispatch.coupled`, Kanmon and Honshi links).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator

import highspy
import linopy
import numpy as np
import pandas as pd
import pypsa
import xarray as xr

from wattsandtons.dispatch import Site, parse_site
from wattsandtons.dispatch.model import MW, MWH, build, solve_site
from wattsandtons.dispatch.pypsa_io import to_network
from wattsandtons.dispatch.schedule import make_schedule

AGREEMENT_RTOL = 1e-6
TARGET = 3.0  # ours at least this many times faster than PyPSA, end to end

SITE = """\
title: "Benchmark site (dispatch-anchors.md section 2)"
currency: USD
location: {latitude: 33.6, longitude: 130.4, timezone: Asia/Tokyo}
horizon: {start: 2025-01-01, hours: 8760}
seed: 0
generation:
  pv: {kind: pv, capacity: 200 MW, clouds: {clearness: 0.7, concentration: 5}}
grid: {import_limit: 20 MW, export_limit: 30 MW, import_price: 120 USD/MWh, export_price: 60 USD/MWh}
storage:
  battery: {power: 25 MW, energy: 100 MWh, charge_efficiency: 95 %, discharge_efficiency: 95 %, cycle_cost: 0.5 USD/MWh}
loads:
  ai: {kind: firm, power: 20 MW}
  mining: {kind: interruptible, power: 40 MW, value: 40 USD/MWh}
"""


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence HiGHS's banner, which linopy's Highs() prints to file descriptor 1 before any option is set."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def ours(site: Site) -> tuple[float, float, float]:
    """(build s, solve s, objective): build includes assembling the Schedule from the solution."""
    start = time.perf_counter()
    solution = solve_site(site)
    make_schedule(site, solution)
    total = time.perf_counter() - start
    return total - solution.solve_s, solution.solve_s, solution.objective


def ours_default_highs(site: Site) -> tuple[float, float, float]:
    """Our LP solved with HiGHS's default options (presolve on, dual steepest edge), as linopy and PyPSA use."""
    start = time.perf_counter()
    lp, _ = build(site)
    h = lp.to_highs(tuned=False)
    built = time.perf_counter()
    h.run()
    solved = time.perf_counter()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return built - start, solved - built, float(h.getInfo().objective_function_value)


def plain_linopy(site: Site) -> tuple[float, float, float]:
    """The same LP in linopy (vectorised over time), solved in memory by HiGHS."""
    start = time.perf_counter()
    t_count = site.hours
    time_index = pd.RangeIndex(t_count, name="time")
    pv = site.generators[0].available / MW
    firm = site.loads[0].power / MW
    battery = site.batteries[0]
    energy = battery.energy / MWH
    m = linopy.Model()
    curtail = m.add_variables(0, xr.DataArray(pv, coords=[time_index]), name="curtail")
    imp = m.add_variables(0, 20.0, coords=[time_index], name="import")
    exp = m.add_variables(0, 30.0, coords=[time_index], name="export")
    charge = m.add_variables(0, battery.charge_power / MW, coords=[time_index], name="charge")
    discharge = m.add_variables(0, battery.power / MW, coords=[time_index], name="discharge")
    soc = m.add_variables(0, energy, coords=[time_index], name="soc")
    mining = m.add_variables(0, 40.0, coords=[time_index], name="mining")
    m.add_constraints(
        -curtail + imp - exp + discharge - charge - mining == xr.DataArray(firm - pv, coords=[time_index]),
        name="balance",
    )
    previous = soc.roll(time=1)
    m.add_constraints(
        soc - previous - battery.charge_efficiency * charge + discharge / battery.discharge_efficiency == 0,
        name="storage",
    )
    m.add_objective((120 * imp - 60 * exp + 0.5 * discharge - 40 * mining).sum())
    built = time.perf_counter()
    with _quiet_stdout():
        m.solve(solver_name="highs", io_api="direct", progress=False, output_flag=False)
    solved = time.perf_counter()
    return built - start, solved - built, float(m.objective.value)


def with_pypsa(site: Site) -> tuple[float, float, float]:
    """PyPSA 1.x: network from the same arrays, create_model, solve_model(io_api="direct")."""
    start = time.perf_counter()
    n = to_network(site)  # wattsandtons.dispatch.pypsa_io: one bus, the same LP (docs/pypsa.md)
    n.optimize.create_model()
    built = time.perf_counter()
    with _quiet_stdout():
        status, condition = n.optimize.solve_model(
            solver_name="highs", io_api="direct", progress=False, output_flag=False
        )
    solved = time.perf_counter()
    assert status == "ok", (status, condition)
    return built - start, solved - built, float(n.objective)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            return next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.machine()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (medians are reported)")
    parser.add_argument("--hours", type=int, default=8760)
    parser.add_argument("--no-scale", action="store_true", help="skip the 5-year and coupled-region cases")
    args = parser.parse_args(argv)
    logging.getLogger("pypsa").setLevel(logging.ERROR)
    logging.getLogger("linopy").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=FutureWarning)

    site = parse_site(SITE, "bench_dispatch.yaml", hours=args.hours)
    runs: dict[str, Callable[[Site], tuple[float, float, float]]] = {
        "wattsandtons (sparse + highspy)": ours,
        "wattsandtons, HiGHS default options": ours_default_highs,
        "plain linopy (direct)": plain_linopy,
        "PyPSA 1.x (io_api=direct)": with_pypsa,
    }
    for run in runs.values():  # warm-up, untimed: first calls pay for lazy imports and caches
        run(site)
    load_before = os.getloadavg()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    objectives: dict[str, float] = {}
    names = list(runs)
    for rep in range(args.repeat):
        for name in names[rep % len(names) :] + names[: rep % len(names)]:
            build, solve, objective = runs[name](site)
            times[name].append((build, solve))
            objectives[name] = objective
            print(
                f"  rep {rep + 1} {name}: build {build:.3f} s, solve {solve:.3f} s, objective {objective:.6f}",
                file=sys.stderr,
            )

    reference = objectives["PyPSA 1.x (io_api=direct)"]
    for name, objective in objectives.items():
        rel = abs(objective - reference) / abs(reference)
        assert rel <= AGREEMENT_RTOL, (
            f"{name}: objective {objective} vs PyPSA {reference} ({rel:.1e} relative)"
        )

    load_after = os.getloadavg()
    pypsa_total = statistics.median(b + s for b, s in times["PyPSA 1.x (io_api=direct)"])
    print(f"Machine: {_cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"pypsa {pypsa.__version__}, linopy {linopy.__version__}, highspy/HiGHS {highspy.Highs().version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}")  # fmt: skip
    print(f"Site: {args.hours} h, objective {reference:,.4f} USD (minimised cost; all agree to "
          f"{max(abs(o - reference) / abs(reference) for o in objectives.values()):.1e} relative); "
          f"medians of {args.repeat} interleaved runs after one warm-up; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after\n")  # fmt: skip
    print("| implementation | build [s] | solve [s] | total [s] | PyPSA total / total |")
    print("|---|---:|---:|---:|---:|")
    ratio_ours = 0.0
    for name in names:
        build = statistics.median(b for b, _ in times[name])
        solve = statistics.median(s for _, s in times[name])
        total = statistics.median(b + s for b, s in times[name])
        ratio = pypsa_total / total
        if name == "wattsandtons (sparse + highspy)":
            ratio_ours = ratio
        print(f"| {name} | {build:.3f} | {solve:.3f} | {total:.3f} | {ratio:.2f}× |")
    print(f"\ntarget ≥ {TARGET:g}× faster than PyPSA end to end: {'met' if ratio_ours >= TARGET else 'NOT met'} "
          f"({ratio_ours:.2f}×)")  # fmt: skip
    if not args.no_scale:
        scale_cases()
    return 0


def scale_cases() -> None:
    """5 years monolithic vs rolling; four regions separate vs coupled (one run each, wall-clock seconds)."""
    from wattsandtons.dispatch import load_site
    from wattsandtons.dispatch.coupled import JAPAN_LINKS, solve_coupled, solve_coupled_rolling
    from wattsandtons.dispatch.rolling import rolling_gap, solve_rolling

    long = parse_site(SITE, "bench_dispatch.yaml", hours=5 * 8760)
    start = time.perf_counter()
    whole = solve_site(long)
    whole_s = time.perf_counter() - start
    start = time.perf_counter()
    rolled = solve_rolling(long, window=2190, overlap=168)
    rolled_s = time.perf_counter() - start
    one_year = parse_site(SITE, "bench_dispatch.yaml", hours=8760)
    start = time.perf_counter()
    solve_rolling(one_year, window=2190, overlap=168)
    year_s = time.perf_counter() - start
    print("\n| 5 years (43,800 h) | LP columns per solve | seconds | objective gap |")
    print("|---|---:|---:|---:|")
    print(f"| one LP | {whole.variables:,} | {whole_s:.2f} | — |")
    print(f"| rolling, 2,190 h + 168 h look-ahead | {rolled.variables:,} | {rolled_s:.2f} | "
          f"{rolling_gap(long, rolled, whole):.1e} |")  # fmt: skip
    print(f"\nrolling: 1 year {year_s:.2f} s, 5 years {rolled_s:.2f} s ({rolled_s / year_s:.2f}× for 5× the hours); "
          f"one LP: 5 years {whole_s:.2f} s")  # fmt: skip

    regions = [load_site(name).baseline for name in ("kyushu", "shikoku", "tohoku", "chugoku")]
    start = time.perf_counter()
    separate = [solve_site(r) for r in regions]
    separate_s = time.perf_counter() - start
    start = time.perf_counter()
    coupled = solve_coupled(regions, JAPAN_LINKS)
    coupled_s = time.perf_counter() - start
    start = time.perf_counter()
    rolled_regions = solve_coupled_rolling(regions, JAPAN_LINKS, window=2190, overlap=168)
    rolled_regions_s = time.perf_counter() - start
    best = sum(s.value for s in coupled.solutions.values())
    regions_gap = (best + rolled_regions.objective) / abs(best)
    print("\n| four regions, 8,760 h (baselines) | LP columns | seconds | total cost [JPY] |")
    print("|---|---:|---:|---:|")
    print(f"| separately | {sum(s.variables for s in separate):,} | {separate_s:.2f} | "
          f"{sum(s.objective for s in separate):,.0f} |")  # fmt: skip
    print(f"| coupled (Kanmon 2.78 GW, Honshi 2.4 GW) | {coupled.variables:,} | {coupled_s:.2f} | "
          f"{coupled.objective:,.0f} |")  # fmt: skip
    print(f"| coupled, rolling 2,190 h + 168 h | {rolled_regions.variables:,} | {rolled_regions_s:.2f} | "
          f"value gap {regions_gap:.1e} |")  # fmt: skip
    for region in regions:
        solution = coupled.solutions[region.name]
        available = sum(float(g.available.sum()) for g in region.generators if g.renewable)
        alone = next(s for s, r in zip(separate, regions, strict=True) if r.name == region.name)
        shares = [
            sum(float(sol.curtailed[g.name].sum()) for g in region.generators if g.renewable) / available
            for sol in (alone, solution)
        ]
        print(f"  {region.name}: curtailment {shares[0]:.2%} alone, {shares[1]:.2%} coupled")


if __name__ == "__main__":
    sys.exit(main())
