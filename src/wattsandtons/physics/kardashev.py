"""Kardashev index of a civilisation's power use, in Sagan's continuous form."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wattsandtons.physics._validate import FloatOrArray, PhysicsError, positive, scalar_or_array

__all__ = ["kardashev", "kardashev_power"]


def kardashev(power_w: npt.ArrayLike) -> FloatOrArray:
    """Sagan's interpolation of the Kardashev scale: ``K = (log10 P − 6) / 10``.

    Type I = 1e16 W, type II = 1e26 W, type III = 1e36 W.

    Parameters
    ----------
    power_w : float or array
        Power used by the civilisation, > 0. [W]

    Returns
    -------
    float or array
        Kardashev index; 0.729 for 19.6 TW (world primary energy 2023), 0.7 for Sagan's 10 TW of 1973. [1]

    Raises
    ------
    PhysicsError
        If ``power_w`` is not > 0.

    References
    ----------
    .. [1] Kardashev, N. S. (1964), "Transmission of information by extraterrestrial civilizations",
       Soviet Astronomy 8, 217–221.
    .. [2] Sagan, C. (1973), *The Cosmic Connection: An Extraterrestrial Perspective*, Doubleday.
    """
    p = positive("power_w", power_w, "W")
    return scalar_or_array((np.log10(p) - 6.0) / 10.0)


def kardashev_power(k: npt.ArrayLike) -> FloatOrArray:
    """Power for a Kardashev index (inverse of :func:`kardashev`): ``P = 10^(10 K + 6)``.

    Parameters
    ----------
    k : float or array
        Kardashev index (finite; negative values are allowed and mean less than 1 MW). [1]

    Returns
    -------
    float or array
        Power. [W]

    Raises
    ------
    PhysicsError
        If ``k`` is not finite.

    References
    ----------
    .. [1] Sagan, C. (1973), *The Cosmic Connection: An Extraterrestrial Perspective*, Doubleday.
    """
    kk = np.asarray(k, dtype=np.float64)
    if not np.all(np.isfinite(kk)):
        raise PhysicsError(f"k must be finite, got {k!r}")
    return scalar_or_array(10.0 ** (10.0 * kk + 6.0))
