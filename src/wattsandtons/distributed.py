"""Running independent pieces of work on a Dask cluster: ``--scheduler tcp://host:port`` or ``--dask-local N``.

Used by growth (chunks of ensemble members) and dispatch (regions of a study). Workers need the same
``wattsandtons`` installed. Results come back in the order of the inputs, whatever order they finish in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from wattsandtons.errors import WattsAndTonsError

R = TypeVar("R")


def map_on_dask(
    func: Callable[..., R],
    items: Sequence[Any],
    *,
    shared: Any = None,
    scheduler: str | None,
    workers: int | None,
    progress: Callable[[int, int], None] | None = None,
    error: type[WattsAndTonsError] = WattsAndTonsError,
) -> list[R]:
    """``[func(shared, item) for item in items]`` (or ``func(item)`` without ``shared``) as Dask tasks.

    ``shared`` is scattered once to every worker. ``scheduler`` is an address; ``workers`` starts a local
    cluster of that many processes instead. Problems with either are raised as ``error``.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    if (scheduler is None) == (workers is None):
        raise error("give either --scheduler or --dask-local")
    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout="10s")
        else:
            assert workers is not None
            if workers < 1:
                raise error("--dask-local needs at least one worker")
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
    except OSError as exc:
        raise error(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        if shared is None:
            futures = [client.submit(func, item, pure=False) for item in items]
        else:
            scattered = client.scatter(shared, broadcast=True)
            futures = [client.submit(func, scattered, item, pure=False) for item in items]
        order = {future.key: i for i, future in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), start=1):
            results[order[future.key]] = future.result()
            if progress is not None:
                progress(done, len(futures))
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
