"""Labelled inputs give labelled outputs: pandas in, pandas out for the Leontief solvers.

The solvers work on plain arrays. :func:`keep_labels` wraps one so that a :class:`pandas.DataFrame` or
:class:`pandas.Series` passed as ``A`` or as the right-hand side comes back as a frame or series with the same
labels; arrays in still give arrays out.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def _is_pandas(value: Any) -> bool:
    pandas = sys.modules.get("pandas")  # a caller holding a frame has imported pandas already
    return pandas is not None and isinstance(value, pandas.DataFrame | pandas.Series)


def keep_labels(transposed: bool) -> Callable[[F], F]:
    """Decorate ``f(A, rhs, **options)`` so that labelled inputs give labelled outputs.

    Parameters
    ----------
    transposed : bool
        ``False`` for ``leontief_solve``: ``y`` [n] or [n, k] has rows labelled like ``A.index`` (commodities);
        the activities ``x`` come back with rows labelled like ``A.columns`` (processes; ``y.index`` when ``A`` is
        unlabelled) and the columns of ``y``. ``True`` for ``embodied_intensities``: ``direct`` [s, n] has columns
        labelled like ``A.columns``; the intensities come back with columns labelled like ``A.index`` (or
        ``direct.columns``) and the rows of ``direct``.
    """

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def wrapper(A: Any, rhs: Any, *args: Any, **kwargs: Any) -> Any:
            out = func(A, rhs, *args, **kwargs)
            if not (_is_pandas(A) or _is_pandas(rhs)):
                return out
            import pandas as pd

            given = None
            if _is_pandas(rhs):
                given = rhs.columns if (transposed and rhs.ndim == 2) else rhs.index
            if _is_pandas(A) and given is not None:
                expected = A.columns if transposed else A.index
                if not expected.equals(given):
                    raise ValueError(
                        "the labels of A and of the right-hand side differ: reorder one to match the other"
                    )
            labels = (A.index if transposed else A.columns) if _is_pandas(A) else given
            if out.ndim == 1:
                return pd.Series(out, index=labels, name=getattr(rhs, "name", None))
            if transposed:
                return pd.DataFrame(out, index=getattr(rhs, "index", None), columns=labels)
            return pd.DataFrame(out, index=labels, columns=getattr(rhs, "columns", None))

        return wrapper  # type: ignore[return-value]

    return wrap
