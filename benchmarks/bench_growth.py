"""Benchmark: the growth core against PySD and against hand-written vectorised NumPy on one small loop.

Usage::

    .venv/bin/python benchmarks/bench_growth.py [--repeat N] [--quick] [--seed S] [--no-big] [--profile]

**The model** (``benchmarks/models/loop5.yaml``): five plants — a solar farm (sunlight → electricity), a robot
factory, a chip fab, a datacentre (electricity → AI compute) and a mine (ore + electricity → mined mass) — grow
for 50 years in monthly steps (600 Euler steps). Electricity is the only produced input of the other four; the
solar farm has no produced input besides its capital; robots, chips and mined mass are every plant's capital
goods; AI compute is the final demand (+20 %/yr). Six parameters vary ±30 % (uniform): the reinvestment shares of
the solar farm and the robot factory, the electricity per robot and per chip, the solar and robot-factory
lifetimes. No learning, imports or draw limits, so the Leontief solution is explicit (``A² = 0``).

**The equations our core executes for it** (``wattsandtons.growth.core.simulate_chunk``, whose step rule is the
Numba kernel ``_advance``: generic in plants and constraint rows, one member at a time), per member and step of
``dt`` = 1/12 yr, with plants g ∈ {S solar, R robot factory, H chip fab, D datacentre, M mine}, capacity ``C_g``,
capacity factor ``f_g``, lifetime ``L_g``, capital ``K_xg`` of good x ∈ {R robots, H chips, M mined mass} per unit
of capacity g, electricity ``a_R, a_H, a_D, a_M`` per unit of robots, chips, compute, mined mass, and ``s`` = 5 MWh
of sunlight per MWh of electricity:

* Leontief: ``(I − A)⁻¹ = I + A``. A unit of capacity g built per unit time makes its capital goods,
  ``Zk[x, g] = K_xg``, and the electricity for them, ``Zk[S, g] = e_g = a_R K_Rg + a_H K_Hg + a_M K_Mg``;
  datacentre capacity is never used to build (``Zk[D, ·] = 0``). Demand y needs ``x_D = y`` and ``x_S = a_D y``.
* Direction (constant): ``d_g = (w_g / Σw) / (s e_g)`` — reinvestment shares per unit of embodied primary energy.
* Per step:

  1. ``avail_g = C_g f_g``; demand met ``μ = min(1, max(0, min(avail_S / x_S, avail_D / x_D)))``;
     ``slack = avail − μ x_y`` (only S and D serve demand).
  2. Retirements ``r_g = C_g / L_g``; their capital and electricity ``u1_x = Σ_g Zk[x, g] r_g`` for
     x ∈ {S, R, H, M}; ``λ₁ = min(1, max(0, min_x slack_x / u1_x))``; ``spare = max(slack − λ₁ u1, 0)``.
  3. Growth ``u2_x = Σ_g Zk[x, g] d_g``; ``λ₂ = min(1, Σw) · max(0, min_x spare_x / u2_x)``.
  4. ``build_g = λ₁ r_g + λ₂ d_g``; ``C_g ← max(C_g + (build_g − r_g) dt, 0)``; ``y ← y (1 + 0.2 dt)``.

These are written by hand twice: in Vensim (``benchmarks/models/loop5.mdl``, Euler, TIME STEP = 1/12 Year, run by
PySD) and below as vectorised NumPy over members (``hand_numpy``: one (members,) array per stock, no per-member
loop). Both use natural units (MW, piece/yr, EFLOP/s, t/yr, MWh, yr); the core works in SI (W, piece/s, FLOP/s,
kg/s, J, s) and is converted for the comparisons.

**Method.** The ensemble is ``sample_parameters(loop5, 10_000, seed)``; every way runs the same values (its first
n members). In each repetition (order reversed every other repetition) the script times: PySD
``model.run(params=…, return_columns=[5 stocks])`` for a few members, one run each (translated once, timed apart);
our core, ``simulate(prepare(scenario), sample=…, chunk_size=10_000)`` (the public call, xarray dataset and
milestones included) and ``simulate_chunk`` alone (the stock–flow loop); the hand NumPy — at 1, 1,000 and 10,000
members. Medians are reported, with the system CPU time each call spent (on these VMs: the kernel faulting in
fresh output pages, huge-page compaction included — it varies with what else runs). Agreement (exit status 1 if it fails): the five capacity trajectories of the core
against the hand NumPy for every member (relative 1e-9), and against PySD for the members PySD ran (relative 1e-6),
at the same times: PySD's saved row k is the state after k Euler steps, which is the core's ``capacity`` at step k
(the core stores the state at the *start* of each step), so rows 0…599 are compared and PySD's final row (2076)
has no counterpart. Targets: the core's per-member throughput ≥ 1,000× PySD's, and its time within 3× of the hand
NumPy at 10,000 members.

**Scale.** A generated 20-process loop (a solar farm and a chain of 19 factories, each good made from the previous
one and electricity; capital from the chain's last good and a middle one) runs 100,000 members × 50 yearly steps in
chunks of 10,000 through ``build_coefficients`` + ``simulate_chunk`` directly, keeping only each chunk's final
capacities: ``simulate`` would hold every member × time × plant array (about 0.4 GB per chunk of raw paths, ~4 GB
concatenated, then the dataset) — too much beside other jobs on a 23 GB machine. ``simulate`` itself is timed on
one chunk of 10,000 for comparison.

``--profile`` (automatic when the 3× target is missed, except with ``--quick``) profiles one ``simulate()`` of
loop5 at the largest size by function (cProfile) and prints the costliest functions; the two Numba kernels
(``_advance``: the step rule, ``_flows``: the derived flows) show as one function each.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba
import numpy as np

from wattsandtons.growth import ParameterSample, prepare, sample_parameters, simulate
from wattsandtons.growth.core import simulate_chunk
from wattsandtons.growth.model import build_coefficients
from wattsandtons.scenario import load_scenario, parse_scenario
from wattsandtons.timebase import SECONDS_PER_YEAR

MODELS = Path(__file__).resolve().parent / "models"
YEARS = 50
STEPS = 12 * YEARS
DT = 1.0 / 12.0  # yr
CORE_RTOL = 1e-9
PYSD_RTOL = 1e-6
TARGET_VS_PYSD = 1_000.0  # per-member throughput, at least
TARGET_VS_HAND = 3.0  # time at the largest size, at most
MWH = 3.6e9  # J

# loop5 in natural units (must match benchmarks/models/loop5.yaml and loop5.mdl; the agreement check enforces it).
PLANTS = ("solar_farm", "robot_factory", "chip_fab", "datacentre", "mine")
STOCKS = (
    "solar capacity",
    "robot factory capacity",
    "chip fab capacity",
    "datacentre capacity",
    "mine capacity",
)
TO_SI = (1e6, 1 / SECONDS_PER_YEAR, 1 / SECONDS_PER_YEAR, 1e18, 1e3 / SECONDS_PER_YEAR)  # natural unit → SI
C0 = (1e5, 1e6, 2e7, 1500.0, 2e9)  # MW, piece/yr, piece/yr, EFLOP/s, t/yr
CF = (0.2, 0.7, 0.8, 0.8, 0.6)
ROBOTS = (5.0, 0.5, 0.02, 20.0, 0.001)  # robots per unit of capacity of each plant
CHIPS = (50.0, 1.0, 0.005, 10_000.0, 0.002)  # chips per unit of capacity
MASS = (800.0, 20.0, 1.0, 5_000.0, 0.05)  # t of mined mass per unit of capacity
LIFE_H, LIFE_D, LIFE_M = 10.0, 6.0, 25.0  # yr (fixed lifetimes)
SHARE_H, SHARE_D, SHARE_M = 0.1, 0.1, 0.1  # fixed reinvestment shares
SUNLIGHT = 5.0  # MWh of sunlight per MWh of electricity
A_D = 0.0005  # MWh per EFLOP
A_M = 0.5  # MWh per t mined
HOURS = 8766.0  # h/yr
DEMAND0 = 3e10 / SECONDS_PER_YEAR  # EFLOP/s (3e28 FLOP/yr)
DEMAND_GROWTH = 0.2  # 1/yr

# Sampled parameter → (PySD / Vensim name, factor from SI to the model's natural unit).
PARAMETERS = {
    "solar_reinvest": ("solar reinvest share", 1.0),
    "robot_reinvest": ("robot factory reinvest share", 1.0),
    "robot_electricity": ("electricity per robot", 1 / MWH),
    "chip_electricity": ("electricity per chip", 1 / MWH),
    "solar_lifetime": ("solar lifetime", 1 / SECONDS_PER_YEAR),
    "robot_lifetime": ("robot factory lifetime", 1 / SECONDS_PER_YEAR),
}


def hand_numpy(p: dict[str, np.ndarray]) -> np.ndarray:
    """loop5's 600 steps for every member at once; ``p``: natural-unit parameter arrays keyed by Vensim name.

    Returns the capacities at the start of each step, (members, steps, 5) in natural units.
    """
    a_r, a_h = p["electricity per robot"], p["electricity per chip"]
    l_s, l_r = p["solar lifetime"], p["robot factory lifetime"]
    w_s, w_r = p["solar reinvest share"], p["robot factory reinvest share"]
    members = a_r.shape[0]
    # Electricity to build one unit of each plant's capacity (its capital goods), MWh per unit.
    e = [a_r * ROBOTS[g] + a_h * CHIPS[g] + A_M * MASS[g] for g in range(5)]
    total = w_s + w_r + (SHARE_H + SHARE_D + SHARE_M)
    frac = np.minimum(total, 1.0)
    d_s, d_r, d_h, d_d, d_m = (
        w / total / (SUNLIGHT * eg) for w, eg in zip((w_s, w_r, SHARE_H, SHARE_D, SHARE_M), e, strict=True)
    )
    e_s, e_r, e_h, e_d, e_m = (
        eg / HOURS for eg in e
    )  # MW of electricity per unit of capacity built per year
    # Use of each constraint (solar, robot factory, chip fab, mine) per unit of λ₂: constant over the run.
    u2_s = e_s * d_s + e_r * d_r + e_h * d_h + e_d * d_d + e_m * d_m
    u2_r = ROBOTS[0] * d_s + ROBOTS[1] * d_r + ROBOTS[2] * d_h + ROBOTS[3] * d_d + ROBOTS[4] * d_m
    u2_h = CHIPS[0] * d_s + CHIPS[1] * d_r + CHIPS[2] * d_h + CHIPS[3] * d_d + CHIPS[4] * d_m
    u2_m = MASS[0] * d_s + MASS[1] * d_r + MASS[2] * d_h + MASS[3] * d_d + MASS[4] * d_m

    c_s, c_r, c_h, c_d, c_m = (np.full(members, c) for c in C0)
    out = np.empty((STEPS, 5, members))
    x_d = DEMAND0  # EFLOP/s for the demand
    x_s = A_D * 3600.0 * DEMAND0  # MW of electricity for the demand
    grow = 1.0 + DEMAND_GROWTH * DT
    for k in range(STEPS):
        out[k, 0], out[k, 1], out[k, 2], out[k, 3], out[k, 4] = c_s, c_r, c_h, c_d, c_m
        av_s, av_r, av_h, av_d, av_m = c_s * CF[0], c_r * CF[1], c_h * CF[2], c_d * CF[3], c_m * CF[4]
        mu = np.minimum(1.0, np.maximum(np.minimum(av_s / x_s, av_d / x_d), 0.0))
        sl_s = av_s - mu * x_s
        r_s, r_r, r_h, r_d, r_m = c_s / l_s, c_r / l_r, c_h / LIFE_H, c_d / LIFE_D, c_m / LIFE_M
        u1_s = e_s * r_s + e_r * r_r + e_h * r_h + e_d * r_d + e_m * r_m
        u1_r = ROBOTS[0] * r_s + ROBOTS[1] * r_r + ROBOTS[2] * r_h + ROBOTS[3] * r_d + ROBOTS[4] * r_m
        u1_h = CHIPS[0] * r_s + CHIPS[1] * r_r + CHIPS[2] * r_h + CHIPS[3] * r_d + CHIPS[4] * r_m
        u1_m = MASS[0] * r_s + MASS[1] * r_r + MASS[2] * r_h + MASS[3] * r_d + MASS[4] * r_m
        lam1 = np.minimum(
            1.0,
            np.maximum(
                np.minimum(np.minimum(sl_s / u1_s, av_r / u1_r), np.minimum(av_h / u1_h, av_m / u1_m)), 0.0
            ),
        )
        sp_s = np.maximum(sl_s - lam1 * u1_s, 0.0)
        sp_r = np.maximum(av_r - lam1 * u1_r, 0.0)
        sp_h = np.maximum(av_h - lam1 * u1_h, 0.0)
        sp_m = np.maximum(av_m - lam1 * u1_m, 0.0)
        lam2 = frac * np.maximum(
            np.minimum(np.minimum(sp_s / u2_s, sp_r / u2_r), np.minimum(sp_h / u2_h, sp_m / u2_m)), 0.0
        )
        c_s = np.maximum(c_s + (lam1 * r_s + lam2 * d_s - r_s) * DT, 0.0)
        c_r = np.maximum(c_r + (lam1 * r_r + lam2 * d_r - r_r) * DT, 0.0)
        c_h = np.maximum(c_h + (lam1 * r_h + lam2 * d_h - r_h) * DT, 0.0)
        c_d = np.maximum(c_d + (lam1 * r_d + lam2 * d_d - r_d) * DT, 0.0)
        c_m = np.maximum(c_m + (lam1 * r_m + lam2 * d_m - r_m) * DT, 0.0)
        x_d *= grow
        x_s *= grow
    return out.transpose(2, 0, 1)


def natural_parameters(sample: ParameterSample) -> dict[str, np.ndarray]:
    """The sampled SI values as natural-unit arrays keyed by their Vensim names."""
    return {
        vensim: sample.values[:, sample.names.index(name)] * factor
        for name, (vensim, factor) in PARAMETERS.items()
    }


def core_natural(capacity_si: np.ndarray) -> np.ndarray:
    """The core's (members, steps, plants) SI capacities in loop5's natural units."""
    return capacity_si / np.asarray(TO_SI)


def max_relative_difference(got: np.ndarray, reference: np.ndarray) -> float:
    return float(np.max(np.abs(got - reference) / np.abs(reference)))


# --- PySD -----------------------------------------------------------------------------------------------------


def translate_pysd(workdir: Path) -> tuple[Any, float]:
    """Translate loop5.mdl in a scratch folder (PySD writes the .py beside it); return the model and seconds."""
    import pysd

    shutil.copy(MODELS / "loop5.mdl", workdir / "loop5.mdl")
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a translation warning is a failure
        model = pysd.read_vensim(str(workdir / "loop5.mdl"))
    return model, time.perf_counter() - start


def pysd_member(model: Any, params: dict[str, np.ndarray], m: int) -> np.ndarray:
    """One PySD run for member ``m``: the 5 stocks at the 601 saved times, natural units."""
    frame = model.run(params={k: float(v[m]) for k, v in params.items()}, return_columns=list(STOCKS))
    return frame[list(STOCKS)].to_numpy()


# --- the 20-process loop --------------------------------------------------------------------------------------


def chain_yaml(n_processes: int = 20) -> str:
    """A solar farm and a chain of n − 1 factories: good k from good k − 1 and electricity; yearly, 50 years."""
    n_goods = n_processes - 1
    last, middle = f"g{n_goods:02d}", f"g{n_goods // 2:02d}"
    lines = [
        "name: chain20",
        "parameters:",
        "  solar_lifetime: {value: 30 yr, distribution: uniform, low: 21 yr, high: 39 yr}",
        "  solar_reinvest: {value: 0.2, distribution: uniform, low: 0.14, high: 0.26}",
        "  g01_electricity: {value: 1 MWh, distribution: uniform, low: 0.7 MWh, high: 1.3 MWh}",
        f"  capital_{last}: {{value: 0.05 t, distribution: uniform, low: 0.035 t, high: 0.065 t}}",
        "commodities:",
        "  sunlight: {unit: MWh}",
        "  electricity: {unit: MWh}",
        "  ore: {unit: t}",
        *(f"  g{k:02d}: {{unit: t}}" for k in range(1, n_goods + 1)),
        "processes:",
        "  solar_farm:",
        "    outputs: {electricity: 1 MWh}",
        "    inputs: {sunlight: 5 MWh}",
        "    capacity: 1000 GW",
        "    capacity_factor: 0.2",
        "    lifetime: $solar_lifetime",
        f"    capital: {{per: 1 MW, inputs: {{{last}: 300 t, {middle}: 300 t}}}}",
    ]
    for k in range(1, n_goods + 1):
        source = "ore: 1.2 t" if k == 1 else f"g{k - 1:02d}: 1 t"
        electricity = "$g01_electricity" if k == 1 else "0.2 MWh"
        capital = f"$capital_{last}" if k == 1 else "0.05 t"
        lines += [
            f"  make_g{k:02d}:",
            f"    outputs: {{g{k:02d}: 1 t}}",
            f"    inputs: {{{source}, electricity: {electricity}}}",
            f"    capacity: {1e9 * (1 - 0.01 * k):.4g} t/yr",
            "    capacity_factor: 0.7",
            "    lifetime: 25 yr",
            f"    capital: {{per: 1 t/yr, inputs: {{{last}: {capital}, {middle}: 0.05 t}}}}",
        ]
    shares = ", ".join(f"make_g{k:02d}: 0.03" for k in range(1, n_goods + 1))
    lines += [
        "boundary:",
        "  resources: {sunlight: {}, ore: {}}",
        f"  demand: {{{last}: 1e7 t/yr}}",
        "growth:",
        "  start: 2026",
        "  end: 2076",
        "  step: year",
        "  substeps: 1",
        "  policy: shares",
        f"  reinvest: {{solar_farm: $solar_reinvest, {shares}}}",
        "  demand_growth: 5 %/yr",
    ]
    return "\n".join(lines) + "\n"


def run_big(members: int, chunk: int, seed: int) -> dict[str, float]:
    """The 20-process loop: ``members`` through ``simulate_chunk`` in chunks, keeping final capacities only."""
    scenario = parse_scenario(chain_yaml(), "chain20.yaml")
    structure = prepare(scenario)
    sample = sample_parameters(scenario, members, seed)
    growth = np.empty((members, len(structure.plants)))  # final capacity ÷ initial
    chunk_s = []
    start = time.perf_counter()
    for a in range(0, members, chunk):
        b = min(a + chunk, members)
        t0 = time.perf_counter()
        coef = build_coefficients(structure, sample.chunk(a, b))
        paths = simulate_chunk(structure, coef)
        growth[a:b] = paths.capacity[:, -1] / coef.capacity0
        del paths
        chunk_s.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    if not np.all(np.isfinite(growth)) or not np.all(growth > 0):
        raise SystemExit("chain20: non-finite or non-positive final capacities")
    one = min(chunk, members)
    t0 = time.perf_counter()
    simulate(structure, sample=sample.chunk(0, one), chunk_size=one)
    api_s = time.perf_counter() - t0
    return {
        "members": members,
        "plants": len(structure.plants),
        "nodes": structure.net.n_nodes,
        "steps": structure.steps,
        "chunk": chunk,
        "total_s": total,
        "chunk_median_s": statistics.median(chunk_s),
        "api_members": one,
        "api_s": api_s,
        "solar_growth_p50": float(np.median(growth[:, 0])),
        "growth_range": (float(growth.min()), float(growth.max())),
    }


# --- profile of simulate() -----------------------------------------------------------------------------------


def function_profile(structure: Any, sample: ParameterSample, top: int = 12) -> list[str]:
    """Own time per function of one ``simulate()`` call (cProfile; a Numba kernel counts as one function)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(simulate, structure, sample=sample, chunk_size=sample.members)
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = [f"simulate(), {sample.members:,} members × {structure.steps} steps: {total:.2f} s profiled", ""]
    rows += ["| function | own s | share |", "|---|---:|---:|"]
    entries = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]  # type: ignore[attr-defined]
    for (file, line, name), (_cc, _nc, own, _cum, _callers) in entries:
        rows.append(f"| `{name}` ({os.path.basename(file)}:{line}) | {own:.3f} | {own / total:.0%} |")
    return rows


# --- report ---------------------------------------------------------------------------------------------------


def machine() -> list[str]:
    import pysd

    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return [
        f"machine: {os.cpu_count()} CPUs ({model}), {platform.system()} {platform.machine()}",
        f"python {platform.python_version()}, numpy {np.__version__}, numba {numba.__version__}, "
        f"pysd {pysd.__version__}",
    ]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (default 5; 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run under 30 s")
    parser.add_argument("--seed", type=int, default=1, help="seed of the parameter draws")
    parser.add_argument("--no-big", action="store_true", help="skip the 100,000-member 20-process run")
    parser.add_argument("--profile", action="store_true", help="line-time simulate_chunk at the largest size")
    args = parser.parse_args(argv)
    quick = args.quick
    repeat = args.repeat if not quick or args.repeat != 5 else 2
    sizes = (1, 100, 1_000) if quick else (1, 1_000, 10_000)
    pysd_runs = 4 if quick else 30
    big = (2_000, 1_000) if quick else (100_000, 10_000)

    start = time.perf_counter()
    importlib.import_module("pysd")  # timed: PySD's import is part of its start-up cost
    import_s = time.perf_counter() - start
    print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}")
    print(*machine(), sep="\n")
    print(f"load average before: {os.getloadavg()}")
    scenario = load_scenario(MODELS / "loop5.yaml")
    structure = prepare(scenario)
    assert structure.plants == PLANTS and structure.steps == STEPS
    sample = sample_parameters(scenario, max(sizes), args.seed)
    params = natural_parameters(sample)
    workdir = Path(tempfile.mkdtemp(prefix="bench_growth_"))
    try:
        model, translate_s = translate_pysd(workdir)
        print(f"pysd: import {import_s:.2f} s, translate loop5.mdl {translate_s:.2f} s")

        def ours(n: int) -> Callable[[], np.ndarray]:
            chunk = sample.chunk(0, n)
            return lambda: simulate(structure, sample=chunk, chunk_size=max(sizes)).dataset["capacity"].values

        def ours_loop(n: int) -> Callable[[], np.ndarray]:
            chunk = sample.chunk(0, n)
            return lambda: (
                simulate_chunk(structure, build_coefficients(structure, chunk), derive=False).capacity
            )

        def hand(n: int) -> Callable[[], np.ndarray]:
            sub = {k: v[:n] for k, v in params.items()}
            return lambda: hand_numpy(sub)

        runners: dict[tuple[str, int], Callable[[], np.ndarray]] = {}
        for n in sizes:
            runners["ours: simulate()", n] = ours(n)
            runners["ours: core state loop", n] = ours_loop(n)
            runners["hand NumPy", n] = hand(n)
        for fn in (ours(1), ours_loop(1), hand(1)):  # warm-up: first-call costs out of the timings
            fn()
        pysd_member(model, params, 0)

        seconds: dict[tuple[str, int], list[float]] = {key: [] for key in runners}
        kernel_s: dict[tuple[str, int], list[float]] = {
            key: [] for key in runners
        }  # system CPU (page faults)
        pysd_s: list[float] = []
        pysd_out: dict[int, np.ndarray] = {}
        last: dict[tuple[str, int], np.ndarray] = {}
        largest = max(sizes)
        for rep in range(repeat):
            order = list(runners) if rep % 2 == 0 else list(runners)[::-1]
            for m in range(rep, pysd_runs, repeat):  # PySD's members, spread over the repetitions
                t, pysd_out[m] = timed(lambda m=m: pysd_member(model, params, m))
                pysd_s.append(t)
            for key in order:
                system = resource.getrusage(resource.RUSAGE_SELF).ru_stime
                t, result = timed(runners[key])
                seconds[key].append(t)
                kernel_s[key].append(resource.getrusage(resource.RUSAGE_SELF).ru_stime - system)
                if key[1] == largest:
                    last[key] = result
                del result
            print(f"  repetition {rep + 1}/{repeat} done (load {os.getloadavg()[0]:.2f})")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    # Agreement.
    core = core_natural(last["ours: simulate()", largest])
    loop = core_natural(last["ours: core state loop", largest])
    handed = last["hand NumPy", largest]
    members_pysd = sorted(pysd_out)
    by_pysd = np.stack([pysd_out[m] for m in members_pysd])  # (R, 601, 5)
    diffs = {
        f"core vs hand NumPy, {largest:,} members × 600 steps × 5 stocks": (
            max_relative_difference(core, handed),
            CORE_RTOL,
        ),
        "simulate() vs simulate_chunk()": (max_relative_difference(core, loop), CORE_RTOL),
        f"core vs PySD, {len(members_pysd)} members, rows 0-599": (
            max_relative_difference(core[members_pysd], by_pysd[:, :STEPS]),
            PYSD_RTOL,
        ),
        "hand NumPy vs PySD, same members": (
            max_relative_difference(handed[members_pysd], by_pysd[:, :STEPS]),
            PYSD_RTOL,
        ),
    }
    growth = core[:, -1] / core[:, 0]

    # Table.
    pysd_median = statistics.median(pysd_s)
    pysd_rate = YEARS / pysd_median
    rows = [
        "| way | members | median s | of it system CPU s | µs per member | member-years/s | × PySD throughput "
        "| time ÷ hand NumPy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| PySD `run(params=…)` | 1 (× {len(pysd_s)} runs) | {pysd_median:.4f} | | {pysd_median * 1e6:,.0f} "
        f"| {pysd_rate:,.0f} | 1 | |",
    ]
    for way in ("ours: simulate()", "ours: core state loop", "hand NumPy"):
        for n in sizes:
            s = statistics.median(seconds[way, n])
            hand_s = statistics.median(seconds["hand NumPy", n])
            rate = n * YEARS / s
            rows.append(
                f"| {way} | {n:,} | {s:.4f} | {statistics.median(kernel_s[way, n]):.3f} | {s / n * 1e6:,.1f} "
                f"| {rate:,.0f} | {rate / pysd_rate:,.1f} "
                f"| {s / hand_s:.2f} |"
            )
    print(f"load average after: {os.getloadavg()}")
    print(f"repetitions: {repeat}, seed {args.seed}, PySD runs {len(pysd_s)}")
    print()
    print(*rows, sep="\n")
    print()
    print("Agreement (max relative difference of the capacity trajectories):")
    failed = False
    for label, (diff, rtol) in diffs.items():
        ok = diff <= rtol
        failed |= not ok
        print(f"  {label}: {diff:.2e} ({'ok' if ok else 'FAILS'}, limit {rtol:g})")
    p10, p50, p90 = np.percentile(growth, [10, 50, 90], axis=0)
    print(
        "  growth of each plant over 50 years, P10/P50/P90 across members: "
        + ", ".join(f"{p} ×{a:.3g}/{b:.3g}/{c:.3g}" for p, a, b, c in zip(PLANTS, p10, p50, p90, strict=True))
    )
    print()
    ours_s = statistics.median(seconds["ours: simulate()", largest])
    vs_pysd = largest * YEARS / ours_s / pysd_rate
    vs_hand = ours_s / statistics.median(seconds["hand NumPy", largest])
    loop_vs_hand = statistics.median(seconds["ours: core state loop", largest]) / statistics.median(
        seconds["hand NumPy", largest]
    )
    loop_vs_pysd = largest * YEARS / statistics.median(seconds["ours: core state loop", largest]) / pysd_rate
    met_pysd, met_hand = (
        max(vs_pysd, loop_vs_pysd) >= TARGET_VS_PYSD,
        min(vs_hand, loop_vs_hand) <= TARGET_VS_HAND,
    )
    print(f"Targets at {largest:,} members:")
    print(
        f"  core ≥ {TARGET_VS_PYSD:,.0f}× PySD's per-member throughput: simulate() {vs_pysd:,.0f}×, core state loop {loop_vs_pysd:,.0f}× "
        f"({'met' if met_pysd else 'NOT met'})"
    )
    print(
        f"  core within {TARGET_VS_HAND:g}× of hand NumPy: simulate() with every output {vs_hand:.1f}×, core state loop "
        f"{loop_vs_hand:.1f}× ({'met' if met_hand else 'NOT met'})"
    )

    if not args.no_big:
        members, chunk = big
        r = run_big(members, chunk, args.seed)
        rate = r["members"] * YEARS / r["total_s"]
        print()
        print(
            f"20-process loop ({r['plants']} plants, {r['nodes']} nodes, {r['steps']} yearly steps): "
            f"{r['members']:,} members in chunks of {r['chunk']:,} through build_coefficients + simulate_chunk "
            f"(final capacities kept): {r['total_s']:.1f} s, {rate:,.0f} member-years/s, "
            f"median chunk {r['chunk_median_s']:.2f} s; simulate() on {r['api_members']:,} members: "
            f"{r['api_s']:.2f} s; solar capacity grows ×{r['solar_growth_p50']:.3g} (median; every plant and "
            f"member within ×{r['growth_range'][0]:.3g} … ×{r['growth_range'][1]:.3g})"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak resident memory: {peak:.1f} GB")

    if args.profile or (not met_hand and not quick):
        print()
        print("Where simulate()'s time goes (loop5, cProfile):")
        print(*function_profile(structure, sample.chunk(0, largest)), sep="\n")
    if failed:
        print("AGREEMENT FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
