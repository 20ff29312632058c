"""Argument checks shared by the physics functions.

Every check turns its argument into a float NumPy array (so scalars and arrays broadcast alike) and raises
:class:`PhysicsError` — a :class:`ValueError` — naming the argument when a value is physically impossible.
NaN never passes a check.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from wattsandtons.errors import WattsAndTonsError

__all__ = [
    "FloatOrArray",
    "PhysicsError",
    "at_least",
    "fraction",
    "non_negative",
    "positive",
    "scalar_or_array",
]

#: What the physics functions take and return: a float or a float NumPy array (broadcast together).
FloatOrArray = float | npt.NDArray[np.float64]


class PhysicsError(WattsAndTonsError, ValueError):
    """A physically impossible argument (negative power, emissivity above 1, temperature ≤ 0 K …)."""


def _array(name: str, value: npt.ArrayLike) -> npt.NDArray[np.float64]:
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise PhysicsError(f"{name} must be a number or an array of numbers, got {value!r}") from exc


def _show(value: npt.NDArray[np.float64], bad: npt.NDArray[np.bool_]) -> str:
    return repr(float(value)) if value.ndim == 0 else f"{value[bad].tolist()[:5]!r}"


def positive(name: str, value: npt.ArrayLike, unit: str = "") -> npt.NDArray[np.float64]:
    """``value`` as a float array, every element > 0, else :class:`PhysicsError` naming ``name``."""
    arr = _array(name, value)
    bad = ~(arr > 0)
    if np.any(bad):
        raise PhysicsError(f"{name} must be > 0 {unit}".rstrip() + f", got {_show(arr, bad)}")
    return arr


def non_negative(name: str, value: npt.ArrayLike, unit: str = "") -> npt.NDArray[np.float64]:
    """``value`` as a float array, every element ≥ 0 (and finite or +inf), else :class:`PhysicsError`."""
    arr = _array(name, value)
    bad = ~(arr >= 0)
    if np.any(bad):
        raise PhysicsError(f"{name} must be >= 0 {unit}".rstrip() + f", got {_show(arr, bad)}")
    return arr


def at_least(name: str, value: npt.ArrayLike, minimum: float, unit: str = "") -> npt.NDArray[np.float64]:
    """``value`` as a float array, every element ≥ ``minimum``, else :class:`PhysicsError`."""
    arr = _array(name, value)
    bad = ~(arr >= minimum)
    if np.any(bad):
        raise PhysicsError(f"{name} must be >= {minimum:g} {unit}".rstrip() + f", got {_show(arr, bad)}")
    return arr


def fraction(name: str, value: npt.ArrayLike, *, allow_zero: bool = False) -> npt.NDArray[np.float64]:
    """``value`` as a float array in (0, 1] — or [0, 1] with ``allow_zero`` — else :class:`PhysicsError`."""
    arr = _array(name, value)
    low_ok = arr >= 0 if allow_zero else arr > 0
    bad = ~(low_ok & (arr <= 1))
    if np.any(bad):
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise PhysicsError(f"{name} must lie in {interval}, got {_show(arr, bad)}")
    return arr


def scalar_or_array(result: Any) -> Any:
    """A 0-d array back to a NumPy float scalar (a ``float`` subclass); arrays unchanged."""
    return np.asarray(result, dtype=np.float64)[()]
