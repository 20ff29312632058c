"""Benchmark: embodied intensities by ``wattsandtons.balance.leontief`` against pymrio's explicit inverse.

Usage::

    .venv/bin/python benchmarks/bench_balance.py [--repeat N] [--quick] [--seed S] [--methods]

For each case the script builds a random productive coefficient matrix ``A`` (nonnegative, uniform [0, 1)
entries at the stated density, every column sum scaled to 0.6, so ‖A‖₁ = 0.6) and a direct-draw matrix for
``s = 2`` stressors (primary energy, uniform 1e6–1e8 J/unit; mass, uniform 0.1–10 kg/unit). It then times,
interleaved within each repetition (the order alternates between repetitions):

* ours:   ``embodied_intensities(A, direct)`` on ``A`` as given (``scipy.sparse.csr_array`` or ``ndarray``),
          validation and method choice included;
* pymrio: ``direct @ pymrio.calc_L(A_dense)`` (``calc_L`` is ``np.linalg.inv(np.eye(n) - A)``); the dense copy
          of a sparse ``A`` is made once, outside the timing, in pymrio's favour.

pymrio is skipped at n = 20,000 (a dense inverse needs 3.2 GB per copy and minutes on 2 cores); there the
reference is an independent plain power series ``Σ Aᵏ`` summed until its terms underflow 1e-17 relative.
Every result must agree with its reference to a relative difference of 1e-8 (asserted). Medians over the
repetitions are printed as a Markdown table, with the machine description, for ``benchmarks/RESULTS.md``.
``--quick`` runs the n = 2,000 cases only (one repetition unless ``--repeat`` says otherwise).

``--methods`` instead times every method (series, GMRES, sparse LU, dense LU) beside ``auto`` on every case –
the random tables above, a mixed-unit table (one energy carrier in J beside products in kg), a nearly
triangular technosphere and pymrio's 48-sector test system – checks that all agree to 1e-8, and states
whether ``auto`` lands within ``AUTO_WITHIN`` of the fastest (issue 17).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pymrio
import scipy
import scipy.sparse as sp

from wattsandtons.balance.leontief import choose_method, embodied_intensities

COLUMN_SUM = 0.6
DENSITY = 0.005
AGREEMENT_RTOL = 1e-8
TARGETS = {  # case name → the least speed-up over pymrio asked for
    "sparse n=5000": 20.0,
    "dense n=2000": 3.0,
}
N20K_LIMIT_S = 5.0


@dataclass(frozen=True)
class Case:
    name: str
    n: int
    dense: bool
    with_pymrio: bool


CASES = [
    Case("sparse n=2000", 2_000, dense=False, with_pymrio=True),
    Case("dense n=2000", 2_000, dense=True, with_pymrio=True),
    Case("sparse n=5000", 5_000, dense=False, with_pymrio=True),
    Case("sparse n=20000", 20_000, dense=False, with_pymrio=False),
]


def make_coefficients(rng: np.random.Generator, n: int, dense: bool) -> np.ndarray | sp.csr_array:
    """Nonnegative [n, n] coefficients with every column sum equal to ``COLUMN_SUM``."""
    if dense:
        a = rng.random((n, n))
        return a * (COLUMN_SUM / a.sum(axis=0))
    a = sp.random_array((n, n), density=DENSITY, rng=rng, format="csr")
    sums = np.asarray(a.sum(axis=0)).ravel()
    assert np.all(sums > 0), "an empty column: raise the density or change the seed"
    return sp.csr_array(a @ sp.diags_array(COLUMN_SUM / sums))


def make_direct(rng: np.random.Generator, n: int) -> np.ndarray:
    """Direct draws [2, n]: primary energy [J/unit] and mass [kg/unit]."""
    return np.vstack([rng.uniform(1e6, 1e8, n), rng.uniform(0.1, 10.0, n)])


def series_reference(a: sp.csr_array, direct: np.ndarray) -> np.ndarray:
    """``direct Σₖ Aᵏ`` by a plain power series, until every term is below 1e-17 of the sum."""
    total = direct.copy()
    term = direct
    while np.any(np.abs(term).max(axis=1) > 1e-17 * np.abs(total).max(axis=1)):
        term = np.asarray(term @ a)
        total += term
    return total


def max_relative_difference(got: np.ndarray, reference: np.ndarray) -> float:
    return float(np.max(np.abs(got - reference) / np.abs(reference)))


@dataclass(frozen=True)
class Row:
    case: str
    n: int
    nnz: int
    ours_s: list[float]
    pymrio_s: list[float]
    method: str
    max_rel_diff: float
    reference: str

    @property
    def ours_median(self) -> float:
        return float(np.median(self.ours_s))

    @property
    def pymrio_median(self) -> float | None:
        return float(np.median(self.pymrio_s)) if self.pymrio_s else None

    @property
    def ratio(self) -> float | None:
        """pymrio median / ours median."""
        return None if self.pymrio_median is None else self.pymrio_median / self.ours_median

    @property
    def paired_ratio(self) -> float | None:
        """Median over repetitions of pymrio / ours in the same repetition: robust to drifting load."""
        if not self.pymrio_s:
            return None
        return float(np.median(np.divide(self.pymrio_s, self.ours_s)))


def run_case(case: Case, repeat: int, rng: np.random.Generator) -> Row:
    a = make_coefficients(rng, case.n, case.dense)
    direct = make_direct(rng, case.n)
    a_dense = (a.toarray() if isinstance(a, sp.csr_array) else a) if case.with_pymrio else None
    runners: dict[str, Callable[[], np.ndarray]] = {"ours": lambda: embodied_intensities(a, direct)}
    if a_dense is not None:
        runners["pymrio"] = lambda: np.asarray(direct @ pymrio.calc_L(a_dense))
    seconds: dict[str, list[float]] = {label: [] for label in runners}
    results: dict[str, np.ndarray] = {}
    for rep in range(repeat):
        order = list(runners) if rep % 2 == 0 else list(runners)[::-1]
        for label in order:
            start = time.perf_counter()
            results[label] = runners[label]()
            seconds[label].append(time.perf_counter() - start)
    reference = results["pymrio"] if a_dense is not None else series_reference(sp.csr_array(a), direct)
    difference = max_relative_difference(results["ours"], reference)
    assert difference <= AGREEMENT_RTOL, f"{case.name}: ours and the reference differ by {difference:.3g}"
    return Row(
        case=case.name,
        n=case.n,
        nnz=int(a.size if case.dense else sp.csr_array(a).nnz),
        ours_s=seconds["ours"],
        pymrio_s=seconds.get("pymrio", []),
        method=choose_method(a, n_rhs=direct.shape[0]),
        max_rel_diff=difference,
        reference="pymrio" if a_dense is not None else "power series",
    )


def machine() -> list[str]:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    env = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}
    return [
        f"nproc {len(os.sched_getaffinity(0))}, CPU {model}",
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"pymrio {pymrio.__version__}",
        f"BLAS {blas.get('name')} {blas.get('version')}; BLAS/OpenMP environment {env or 'unset'}",
    ]


def markdown_table(rows: list[Row]) -> list[str]:
    lines = [
        "| case | n | nnz(A) | pymrio median (s) | ours median (s) | ratio | paired ratio | method "
        "| max rel diff | reference |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        pymrio_cell = "skipped" if r.pymrio_median is None else f"{r.pymrio_median:.3g}"
        ratio_cell = "–" if r.ratio is None else f"{r.ratio:.1f}×"
        paired_cell = "–" if r.paired_ratio is None else f"{r.paired_ratio:.1f}×"
        lines.append(
            f"| {r.case} | {r.n:,} | {r.nnz:,} | {pymrio_cell} | {r.ours_median:.3g} | {ratio_cell} "
            f"| {paired_cell} | {r.method} | {r.max_rel_diff:.1e} | {r.reference} |"
        )
    return lines


def verdicts(rows: list[Row]) -> list[str]:
    by_case = {r.case: r for r in rows}
    lines = []
    for name, target in TARGETS.items():
        row = by_case.get(name)
        if row is not None and row.ratio is not None and row.paired_ratio is not None:
            verdict = "met" if min(row.ratio, row.paired_ratio) >= target else "MISSED"
            lines.append(
                f"{name}: {row.ratio:.1f}× (paired {row.paired_ratio:.1f}×) against a target of "
                f"≥ {target:g}× → {verdict}"
            )
    if "sparse n=20000" in by_case:
        seconds = by_case["sparse n=20000"].ours_median
        verdict = "met" if seconds < N20K_LIMIT_S else "MISSED"
        lines.append(f"sparse n=20000: {seconds:.3g} s against a limit of {N20K_LIMIT_S:g} s → {verdict}")
    return lines


METHODS = ("neumann", "krylov", "splu", "dense")
"""The methods timed side by side with ``auto`` (``--methods``): series, GMRES, sparse LU, dense LU."""

METHOD_DENSE_MAX_N = 5_000
"""Largest case on which ``dense`` (and ``splu`` of a random pattern) is timed (20,000² doubles are 3.2 GB)."""

BLAS_REST_S = 0.1
"""Pause before each timing in ``--methods``: OpenBLAS's threads spin for a while after a dense LU and, on a
shared 2-core machine, slow whatever is timed next by 2–4× (measured: GMRES 11 ms alone, 47 ms after a LU)."""

AUTO_WITHIN = 1.2
"""``auto`` must take at most this multiple of the fastest method's median on every case (issue 17)."""


def make_mixed_units(rng: np.random.Generator, n: int) -> sp.csr_array:
    """A mixed-unit sparse table: the random ``A`` of :func:`make_coefficients` with one energy carrier.

    Index 0 is electricity [J]; every other index a product [kg] that uses 1.8e6 J per kg (0.5 MWh/t) and the
    carrier uses 1e-10 kg of each per J, so ``‖A‖₁`` and ``‖A‖∞`` are ≈ 1e9 and 2e-6 · n … while
    ``ρ(A) ≈ 0.6`` stays that of the products' block plus ``1.8e-4 · (n − 1) · 0.1``.
    """
    a = sp.lil_array(make_coefficients(rng, n, dense=False))
    a[0, 1:] = 1.8e6
    a[1:, 0] = 1e-10 * 0.1
    return sp.csr_array(a)


def make_triangular(rng: np.random.Generator, n: int) -> sp.csr_array:
    """A nearly triangular technosphere: each process uses 4 of the 20 processes made before it, and the first
    uses a little of the last (one long loop), column sums 0.6 – the structure sparse LU factorises without fill.
    """
    rows, cols = [], []
    for j in range(1, n):
        earlier = rng.choice(np.arange(max(0, j - 20), j), size=min(4, j), replace=False)
        rows += earlier.tolist()
        cols += [j] * len(earlier)
    rows.append(n - 1)
    cols.append(0)
    a = sp.csr_array((rng.random(len(rows)), (rows, cols)), shape=(n, n))
    return sp.csr_array(a @ sp.diags_array(COLUMN_SUM / np.asarray(a.sum(axis=0)).ravel()))


def method_cases(rng: np.random.Generator, quick: bool) -> list[tuple[str, np.ndarray | sp.csr_array]]:
    cases: list[tuple[str, np.ndarray | sp.csr_array]] = [
        ("sparse n=2000", make_coefficients(rng, 2_000, dense=False)),
        ("dense n=2000", make_coefficients(rng, 2_000, dense=True)),
        ("mixed units n=2000", make_mixed_units(rng, 2_000)),
        ("triangular n=2000", make_triangular(rng, 2_000)),
    ]
    if not quick:
        cases += [
            ("sparse n=5000", make_coefficients(rng, 5_000, dense=False)),
            ("mixed units n=5000", make_mixed_units(rng, 5_000)),
            ("triangular n=20000", make_triangular(rng, 20_000)),
            ("sparse n=20000", make_coefficients(rng, 20_000, dense=False)),
        ]
    try:
        test = pymrio.load_test().calc_all()
        cases.insert(0, ("pymrio test system n=48", np.asarray(test.A.to_numpy(), dtype=float)))
    except Exception as exc:  # pymrio's bundled data missing: report and go on
        print(f"pymrio test system skipped: {exc}")
    return cases


def compare_methods(repeat: int, rng: np.random.Generator, quick: bool) -> list[str]:
    """Every method beside ``auto`` on every case (2 stressors, intensities); the ``AUTO_WITHIN`` verdict."""
    lines = [
        "| case | n | nnz(A) | "
        + " | ".join(f"{m} (s)" for m in METHODS)
        + " | auto (s) | auto picks | auto / best |",
        "|---|---|---|" + "---|" * len(METHODS) + "---|---|---|",
    ]
    for name, a in method_cases(rng, quick):
        n = a.shape[0]
        direct = make_direct(rng, n)
        # above METHOD_DENSE_MAX_N dense LU needs 3.2 GB, and sparse LU of a random pattern as much (it fills in)
        skipped = {"dense"} | (set() if name.startswith("triangular") else {"splu"})
        methods = [m for m in METHODS if not (m in skipped and n > METHOD_DENSE_MAX_N)]
        seconds: dict[str, list[float]] = {m: [] for m in [*methods, "auto"]}
        reference = None
        labels = list(seconds)
        for rep in range(repeat):
            order = labels[rep % len(labels) :] + labels[: rep % len(labels)]  # each method in each position
            for method in order:
                time.sleep(BLAS_REST_S)
                start = time.perf_counter()
                try:
                    got = embodied_intensities(a, direct, method=method)  # type: ignore[arg-type]
                except (ValueError, RuntimeError):  # the series without a proof, GMRES not converging
                    seconds[method].append(float("inf"))
                    continue
                seconds[method].append(time.perf_counter() - start)
                if reference is None:
                    reference = got
                difference = max_relative_difference(got, reference)
                assert difference <= AGREEMENT_RTOL, f"{name}, {method}: differs by {difference:.3g}"
        medians = {m: float(np.median(v)) for m, v in seconds.items()}
        best = min(medians[m] for m in methods)
        ratio = medians["auto"] / best
        cells = " | ".join(f"{medians[m]:.3g}" if m in medians else "skipped" for m in METHODS)
        nnz = a.nnz if sp.issparse(a) else a.size
        lines.append(
            f"| {name} | {n:,} | {nnz:,} | {cells} | {medians['auto']:.3g} | {choose_method(a, n_rhs=2)} "
            f"| {ratio:.2f} {'met' if ratio <= AUTO_WITHIN else 'MISSED'} |"
        )
    return lines


def _seconds(values: list[float]) -> str:
    return " ".join(f"{v:.3g}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, help="repetitions per case (default 7, or 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="the n = 2,000 cases only")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the random matrices")
    parser.add_argument(
        "--methods", action="store_true", help="only time every method beside auto on every case (issue 17)"
    )
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 7)
    cases = [c for c in CASES if c.n == 2_000] if args.quick else CASES
    rng = np.random.default_rng(args.seed)

    print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}")
    print(*machine(), sep="\n")
    print(f"load average before: {os.getloadavg()}")
    if args.methods:
        print(*compare_methods(repeat, rng, args.quick), sep="\n")
        print(f"load average after: {os.getloadavg()}")
        return 0
    rows = []
    for case in cases:
        row = run_case(case, repeat, rng)
        rows.append(row)
        print(f"  {case.name}: ours {_seconds(row.ours_s)} s, pymrio {_seconds(row.pymrio_s) or 'skipped'}")
    print(f"load average after: {os.getloadavg()}")
    print(
        f"repetitions: {repeat}, seed {args.seed}, column sums {COLUMN_SUM}, sparse density {DENSITY:.1%}, s = 2"
    )
    print()
    print(*markdown_table(rows), sep="\n")
    print()
    print(*verdicts(rows), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
