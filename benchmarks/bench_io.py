"""Benchmark: an EXIOBASE-size input–output table imported from long Parquet and solved for footprints.

Usage::

    .venv/bin/python benchmarks/bench_io.py [--products 10000] [--stressors 50] [--inputs 100] [--regions 49]

Builds a random sparse table like EXIOBASE 3 in shape (``--products`` products, each with ``--inputs`` nonzero
input coefficients summing to 0.6; ``--stressors`` satellite rows with 30 % nonzeros; a final demand of one column
per region with 1 % negative entries for changes in inventories), writes it as labelled Parquet (``A`` as long
``row, column, value`` triplets, ``Y`` wide, one satellite file of intensities), then times and measures:

* import: :func:`wattsandtons.io.read_labelled` (reading, labelling, sparse assembly);
* multipliers: ``M = S (I − A)⁻¹`` for every stressor (``IOTable.multipliers``);
* footprints: totals per consuming region and stressor (``IOTable.footprints(product_level="total")``);
* save + load of the model folder (``wattsandtons io import`` output).

Times are of a first, untraced run; peak memory is Python's traced allocation peak of a second run (tracemalloc: NumPy, SciPy and pandas buffers) of each step, next
to the bytes the table itself holds (``A``: 12 bytes per nonzero in CSR; ``S`` dense rows of the solve; ``Y``).
The multipliers are checked against an independent dense solve when ``--products`` ≤ 3,000.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

import wattsandtons.balance  # noqa: F401  (imports outside the timings)
from wattsandtons.io import load_model, read_labelled


def build(folder: Path, n: int, s: int, k: int, regions: int, seed: int = 1) -> int:
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=(n, k))
    values = rng.random((n, k))
    values *= 0.6 / values.sum(axis=1, keepdims=True)
    labels = np.array([f"p{i:05d}" for i in range(n)])
    A = (
        sp.coo_array((values.ravel(), (rows.ravel(), np.repeat(np.arange(n), k))), shape=(n, n))
        .tocsr()
        .tocoo()
    )
    (folder / "satellites").mkdir(parents=True)
    pd.DataFrame({"row": labels[A.row], "column": labels[A.col], "value": A.data}).to_parquet(
        folder / "A.parquet"
    )
    Y = rng.random((n, regions)) * (rng.random((n, regions)) < 0.5)
    Y[rng.random((n, regions)) < 0.01] *= -0.1
    pd.DataFrame(
        Y, index=pd.Index(labels, name="product"), columns=[f"r{j:02d}" for j in range(regions)]
    ).to_parquet(folder / "Y.parquet")
    S = rng.random((s, n)) * (rng.random((s, n)) < 0.3)
    sat = pd.DataFrame(S, columns=labels)
    sat.insert(0, "unit", "kg")
    sat.insert(0, "stressor", [f"stressor {j}" for j in range(s)])
    sat.to_parquet(folder / "satellites" / "S.parquet")
    return int(A.nnz)


def measure(label: str, func):  # type: ignore[no-untyped-def]
    """Time one run (untraced: tracemalloc slows allocation-heavy code several-fold), then trace a second."""
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"| {label} | {elapsed:.2f} s | {peak / 1e6:.0f} MB |")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--stressors", type=int, default=50)
    parser.add_argument("--inputs", type=int, default=100)
    parser.add_argument("--regions", type=int, default=49)
    args = parser.parse_args()
    n, s = args.products, args.stressors
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "table"
        nnz = build(folder, n, s, args.inputs, args.regions)
        print(
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; n = {n:,}, nnz(A) = {nnz:,}, "
            f"{s} stressors, {args.regions} regions; A holds {nnz * 12 / 1e6:.0f} MB in CSR, "
            f"a dense copy would be {n * n * 8 / 1e6:.0f} MB\n"
        )
        print("| step | time | peak traced memory |\n|---|---|---|")
        table = measure("import (read_labelled, long Parquet)", lambda: read_labelled(folder))
        M = measure(f"multipliers, {s} stressors", lambda: dataclasses.replace(table).multipliers())
        measure(
            "footprints per region (totals)",
            lambda: dataclasses.replace(table).footprints(product_level="total"),
        )
        measure("save model folder", lambda: table.save(Path(tmp) / "model"))
        measure("load model folder", lambda: load_model(Path(tmp) / "model"))
        if n <= 3_000:
            dense = np.linalg.solve((np.eye(n) - table.A.toarray()).T, table.S.toarray().T).T
            print(
                f"\nlargest relative difference to a dense solve: {np.abs(M.to_numpy() - dense).max() / np.abs(dense).max():.1e}"
            )


if __name__ == "__main__":
    main()
