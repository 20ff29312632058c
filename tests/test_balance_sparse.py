"""Sparse all the way: a generated scenario balances with memory in proportion to its nonzeros (issue 14, item 4).

The generator is ``benchmarks/bench_scenario_scale.py`` (one power plant, n − 1 factories with 3 random inputs
each, mixed units J and kg), which also gives the figures at n = 20,000 for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import importlib.util
import sys
import tracemalloc
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from wattsandtons.balance import solve_balance
from wattsandtons.network import compile_network
from wattsandtons.scenario import parse_scenario

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_scenario_scale.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scenario_scale", SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generated = _load_script()


def _peak_bytes(n: int) -> tuple[int, int]:
    """Peak bytes ``solve_balance`` allocates on the generated n-process network, and the network's nonzeros."""
    network = compile_network(parse_scenario(generated.generated_scenario_text(n), f"gen{n}.yaml"))
    tracemalloc.start()
    try:
        solve_balance(network)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, network.U.nnz + network.V.nnz + network.K.nnz


def test_generated_scenario_balances_by_hand_identities() -> None:
    n = 1_500
    balance = solve_balance(parse_scenario(generated.generated_scenario_text(n), "gen.yaml"))
    net = balance.network
    # every produced node is met by production (no draws, no surplus): x = S (y + A x). The series is accurate
    # normwise (rtol 1e-12 in the balanced norm), so compare within each unit against its largest flow, to 1e-9.
    need = balance.use + balance.capital_use + balance.demand
    for commodity in ("e", "g"):
        nodes = np.array([node.commodity.startswith(commodity) for node in net.nodes])
        gap = np.abs(balance.production[nodes] - need[nodes]).max()
        assert gap <= 1e-9 * need[nodes].max(), (commodity, gap)
    made = ~(net.is_resource | net.is_import)
    assert np.all(balance.draw[made] == 0) and np.all(balance.surplus == 0)
    # sunlight drawn = 5 MWh per MWh made (hand calculation from the recipe), to the solver's 1e-9
    sun = net.nodes.index(next(node for node in net.nodes if node.commodity == "sun"))
    electricity = net.processes.index("farm")
    assert balance.draw[sun] == pytest.approx(5.0 * balance.activity[electricity], rel=1e-12)
    assert balance.solver == "neumann"  # ρ(A) ≈ 0.2 proven despite mixed units (J per kg beside kg per J)


def test_balance_memory_grows_with_nonzeros_not_n_squared() -> None:
    small, nnz_small = _peak_bytes(300)
    large, nnz_large = _peak_bytes(1_200)
    # 4× the nonzeros: linear growth gives ≈ 4× the peak, a dense n × n matrix 16× (the code before this test
    # densified A for its balancing and V for an assertion: two n × n float64 matrices, 23 MB at n = 1,200).
    assert nnz_large / nnz_small == pytest.approx(4.0, rel=0.05)
    assert large / small < 8.0, (small, large)
    assert large < 8 * 1_200**2, large  # less than one dense float64 n × n matrix
