"""Running chunks of ensemble members on a Dask cluster (``--scheduler tcp://host:port`` or ``--dask-local N``).

Workers need the same ``wattsandtons`` installed. Each chunk carries its own parameter rows, drawn up front from the
seed on the client, so the result is identical to a local run. To use a real cluster, start a scheduler and workers
on the machines (``dask scheduler`` on one, ``dask worker tcp://SCHEDULER:8786`` on each, in the same Python
environment) and pass ``--scheduler tcp://SCHEDULER:8786``.
"""

from __future__ import annotations

from collections.abc import Callable

from wattsandtons.growth.core import Paths, simulate_chunk
from wattsandtons.growth.model import GrowthError, Structure, build_coefficients
from wattsandtons.growth.sampling import ParameterSample


def _run(structure: Structure, sample: ParameterSample) -> Paths:
    return simulate_chunk(structure, build_coefficients(structure, sample))


def run_on_dask(
    structure: Structure,
    chunks: list[ParameterSample],
    *,
    scheduler: str | None,
    workers: int | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Paths]:
    """Run every chunk as a Dask task and return the results in chunk order."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise GrowthError(f"Dask is not installed: {exc}") from None
    if scheduler is not None and workers is not None:
        raise GrowthError("give either --scheduler or --dask-local, not both")
    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout="10s")
        else:
            assert workers is not None
            if workers < 1:
                raise GrowthError("--dask-local needs at least one worker")
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
    except OSError as exc:
        raise GrowthError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        shared = client.scatter(structure, broadcast=True)
        futures = [client.submit(_run, shared, chunk, pure=False) for chunk in chunks]
        order = {future.key: i for i, future in enumerate(futures)}
        results: list[Paths | None] = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), start=1):
            results[order[future.key]] = future.result()
            if progress is not None:
                progress(done, len(futures))
        assert all(r is not None for r in results)
        return [r for r in results if r is not None]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
