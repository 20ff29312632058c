"""Running chunks of ensemble members on a Dask cluster (``--scheduler tcp://host:port`` or ``--dask-local N``).

Workers need the same ``wattsandtons`` installed. Each chunk carries its own parameter rows, drawn up front from the
seed on the client, so the result is identical to a local run. To use a real cluster, start a scheduler and workers
on the machines (``dask scheduler`` on one, ``dask worker tcp://SCHEDULER:8786`` on each, in the same Python
environment) and pass ``--scheduler tcp://SCHEDULER:8786``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from wattsandtons.distributed import map_on_dask
from wattsandtons.growth.chunks import run_chunk
from wattsandtons.growth.core import Paths
from wattsandtons.growth.model import GrowthError, Structure
from wattsandtons.growth.sampling import ParameterSample


def _run(structure: Structure, sample: ParameterSample) -> tuple[Paths, np.ndarray]:
    return run_chunk(structure, sample)


def run_on_dask(
    structure: Structure,
    chunks: list[ParameterSample],
    *,
    scheduler: str | None,
    workers: int | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Paths, np.ndarray]]:
    """Run every chunk as a Dask task and return the results (paths, milestone years) in chunk order."""
    return map_on_dask(
        _run,
        chunks,
        shared=structure,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        error=GrowthError,
    )
