"""Benchmark: a generated n-process scenario through the whole scenario path (parse, compile, balance).

Usage::

    .venv/bin/python benchmarks/bench_scenario_scale.py [N ...] [--seed S]

The scenario (:func:`generated_scenario_text`) has one power plant making electricity from sunlight and ``N − 1``
factories, each making one product (in tonnes) from 0.5 MWh of electricity and ``INPUTS_PER_PROCESS`` other
products chosen at random, ``0.2 / INPUTS_PER_PROCESS`` t each (so every factory column of ``A`` sums to 0.2 t
per t beside the electricity, and ``ρ(A) ≈ 0.2``); the power plant needs 0.001 t of the first product per MWh.
Electricity is in J and products in kg, so ``A`` mixes J per kg (1.8e6) with kg per J (2.8e-10): the
mixed-unit case of issue 17. It has ``≈ (INPUTS_PER_PROCESS + 2) · N`` stored entries.

For each ``N`` it prints the seconds to parse, the seconds to balance (:func:`solve_balance`, statements and
tables included), the solver chosen, and the peak memory the balance allocates (``tracemalloc``, Python and
NumPy allocations, measured in a second run so that the timing is not slowed by tracing), beside the size a
single dense ``N × N`` float64 matrix would take.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc

import numpy as np

INPUTS_PER_PROCESS = 3


def generated_scenario_text(n: int, seed: int = 1) -> str:
    """YAML of a productive scenario with ``n`` processes (``n ≥ 2``); see the module docstring."""
    if n < 2:
        raise ValueError(f"n must be at least 2; got {n}")
    rng = np.random.default_rng(seed)
    k = min(INPUTS_PER_PROCESS, n - 2)
    lines = ["name: generated", "commodities:", "  sun: {unit: MWh}", "  e: {unit: MWh}"]
    lines += [f"  g{i}: {{unit: t}}" for i in range(n - 1)]
    lines += ["processes:", "  farm: {outputs: {e: 1 MWh}, inputs: {sun: 5 MWh, g0: 0.001 t}}"]
    for i in range(n - 1):
        others = rng.choice(n - 2, size=k, replace=False) if k else np.empty(0, dtype=int)
        inputs = "".join(f", g{j + (j >= i)}: {0.2 / max(k, 1):.6g} t" for j in others)  # skips g{i} itself
        lines.append(f"  p{i}: {{outputs: {{g{i}: 1 t}}, inputs: {{e: 0.5 MWh{inputs}}}}}")
    lines += ["boundary:", "  resources: {sun: {}}", "  demand: {e: 100 MWh/yr, g0: 10 t/yr}"]
    return "\n".join(lines) + "\n"


def measure(n: int, seed: int) -> dict[str, float | str]:
    from wattsandtons.balance import solve_balance
    from wattsandtons.network import compile_network
    from wattsandtons.scenario import parse_scenario

    text = generated_scenario_text(n, seed)
    start = time.perf_counter()
    scenario = parse_scenario(text, f"generated{n}.yaml")
    parsed = time.perf_counter()
    balance = solve_balance(scenario)
    balanced = time.perf_counter()
    network = compile_network(scenario)
    nnz = network.U.nnz + network.V.nnz + network.K.nnz
    tracemalloc.start()
    solve_balance(network)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "n": n,
        "nnz": nnz,
        "parse_s": parsed - start,
        "balance_s": balanced - parsed,
        "solver": balance.solver,
        "peak_MB": peak / 1e6,
        "dense_MB": 8.0 * n * n / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2_000, 5_000, 20_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}")
    print(f"load average before: {os.getloadavg()}")
    print("| n | nnz(U+V+K) | parse (s) | balance (s) | solver | balance peak (MB) | one dense n×n (MB) |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        r = measure(n, args.seed)
        print(
            f"| {n:,} | {r['nnz']:,} | {r['parse_s']:.3g} | {r['balance_s']:.3g} | {r['solver']} "
            f"| {r['peak_MB']:.3g} | {r['dense_MB']:,.0f} |"
        )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
