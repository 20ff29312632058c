"""Growth: the loop building itself over decades — stocks, reinvestment, limits, learning, ensembles.

>>> from wattsandtons.scenario import load_scenario
>>> from wattsandtons.growth import simulate
>>> run = simulate(load_scenario("closed_loop_earth"), members=100, seed=1)  # doctest: +SKIP
>>> run.milestones  # doctest: +SKIP

Members are split into chunks; each chunk advances as arrays (no per-member Python loop). With ``scheduler``
(``tcp://host:port``) or ``dask_local`` (a number of local workers) the chunks run on a Dask cluster; the parameter
draws are made up front from the seed, so the numbers are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from wattsandtons.balance.growth_limit import GrowthLimit, max_growth_rate
from wattsandtons.growth.chunks import run_chunk
from wattsandtons.growth.core import Paths
from wattsandtons.growth.model import GrowthError, Structure, build_structure
from wattsandtons.growth.results import Trajectory, to_dataset, years_table
from wattsandtons.growth.sampling import ParameterSample, central_sample, sample_parameters
from wattsandtons.network import compile_network
from wattsandtons.scenario.model import Scenario

__all__ = [
    "GrowthError",
    "GrowthLimit",
    "ParameterSample",
    "Trajectory",
    "central_sample",
    "max_growth_rate",
    "prepare",
    "sample_parameters",
    "simulate",
]

#: Members advanced together in one chunk by default (memory ≈ chunk × nodes × processes × 8 B per array).
DEFAULT_CHUNK = 5_000


def prepare(
    scenario: Scenario, until: int | None = None, step: str | None = None, substeps: int | None = None
) -> Structure:
    """Compile a scenario for growth runs, optionally ending at year ``until``, with another record ``step``
    (year, quarter, month, week) or number of Euler ``substeps`` per step."""
    return build_structure(compile_network(scenario), until, step, substeps)


def simulate(
    scenario: Scenario | Structure,
    *,
    members: int = 1,
    seed: int = 0,
    sample: ParameterSample | None = None,
    until: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    scheduler: str | None = None,
    dask_local: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Trajectory:
    """Run the growth model for an ensemble.

    Parameters
    ----------
    scenario : Scenario or Structure
        A validated scenario with a ``growth`` block (or one already prepared with :func:`prepare`).
    members, seed : int
        Ensemble size and seed; parameters with distributions are sampled per member (one member: central values).
    sample : ParameterSample, optional
        Explicit parameter values per member (e.g. a Sobol design); overrides ``members`` and ``seed``.
    until : int, optional
        Last year (exclusive) instead of the scenario's ``growth.end``.
    chunk_size : int
        Members advanced together in one array chunk.
    scheduler, dask_local : optional
        Run chunks on the Dask scheduler at this address, or on a local cluster of this many workers.
    progress : callable(done, total), optional
        Called after every step of every chunk (locally) or every finished chunk (on Dask).
    """
    structure = scenario if isinstance(scenario, Structure) else prepare(scenario, until)
    if sample is None:
        sample = sample_parameters(structure.net.scenario, members, seed)
    if chunk_size < 1:
        raise GrowthError("chunk size must be at least 1")
    bounds = [(a, min(a + chunk_size, sample.members)) for a in range(0, sample.members, chunk_size)]
    chunks = [sample.chunk(a, b) for a, b in bounds]
    if scheduler is not None or dask_local is not None:
        from wattsandtons.growth.distributed import run_on_dask

        parts = run_on_dask(structure, chunks, scheduler=scheduler, workers=dask_local, progress=progress)
    else:
        total, done = structure.steps * len(chunks), 0
        parts = []
        for chunk in chunks:

            def tick(n: int, _base: int = done) -> None:
                if progress is not None:
                    progress(_base + n, total)

            counter = _Counter(tick)
            parts.append(run_chunk(structure, chunk, counter))
            done += structure.steps
    if len(parts) == 1:  # no copy for a single chunk
        paths, years = parts[0]
    else:
        paths = Paths(
            *(np.concatenate([getattr(p, f) for p, _ in parts], axis=0) for f in Paths.__dataclass_fields__)
        )
        years = np.concatenate([y for _, y in parts], axis=0)
    recorded = structure.recorded()
    dataset = to_dataset(recorded, paths, sample, seed)
    table = years_table(recorded, years)
    return Trajectory(dataset=dataset, milestones=table, milestone_years=years, structure=recorded)


class _Counter:
    """Counts steps of one chunk and reports the running total."""

    def __init__(self, report: Callable[[int], None]) -> None:
        self.n = 0
        self.report = report

    def __call__(self, steps: int) -> None:
        self.n += steps
        self.report(self.n)
