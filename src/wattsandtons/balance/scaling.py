"""Preparing a coefficient matrix for the Leontief solvers: validation, balancing for units, a proven norm bound.

SI coefficients span tens of orders of magnitude (J per kg beside kg per J). An exact diagonal similarity
``D⁻¹ A D`` (powers of two) changes neither the spectral radius nor, after rescaling, the solution, but brings the
entries, the norm bound and the LU pivots back to sensible sizes: Osborne's balancing (:func:`balancing_scale`,
the package's one balancing) and, where the norm bound is still ≥ 1, a Collatz–Wielandt weighting towards the left
Perron vector (:func:`_perron_scale`), which proves the power series converges whenever ``ρ(|A|) < 1``. See
:mod:`wattsandtons.balance.leontief` for the solvers and the references.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

__all__ = ["balancing_scale"]

FloatArray: TypeAlias = NDArray[np.float64]
Matrix: TypeAlias = FloatArray | sp.csr_array

BALANCE_TRIGGER = 16.0
"""Balance ``A`` (see :func:`_balancing_scale`) when some index's row and column sums of ``|A|`` differ by more."""

BALANCE_MAX_SWEEPS = 50
"""Most balancing sweeps; any positive scaling is exact, so stopping early costs speed, not accuracy."""

PERRON_ITERATIONS = 40
"""Most power iterations for the Collatz–Wielandt scaling (:func:`_perron_scale`), each one product with ``|A|``."""


def balancing_scale(A: ArrayLike | sp.sparray | sp.spmatrix) -> FloatArray:
    """Powers of two ``d`` such that ``D⁻¹ A D`` is balanced (``D = diag(d)``); ones when ``A`` needs none.

    The one matrix balancing of the package (Osborne 1960, as in LAPACK ``gebal``; see
    :func:`_balancing_scale`), done on the sparse pattern of ``A`` in ``O(nnz)`` memory. SI coefficients span
    tens of orders of magnitude (chips per FLOP beside joules per tonne); ``D⁻¹ A D`` has the same spectral
    radius (productivity), exactly, and a sane condition number. Solve ``(I − D⁻¹ A D) x̂ = D⁻¹ y`` and take
    ``x = D x̂``.

    Parameters
    ----------
    A : array_like or scipy.sparse matrix/array, shape [n, n]
        Technical coefficients [unit of row / unit of column].

    Returns
    -------
    numpy.ndarray, shape [n]
        The diagonal of ``D`` [unit of each index, relative]; all ones when every index's row and column sums of
        ``|A|`` agree within ``BALANCE_TRIGGER`` or ``A`` is zero.

    Examples
    --------
    >>> balancing_scale([[0.0, 1e6], [1e-6, 0.0]]).tolist()  # D⁻¹ A D = [[0, 0.95], [1.05, 0]]
    [1024.0, 0.0009765625]
    """
    mat = _as_matrix(A)
    nonnegative = _is_nonnegative(mat)
    col_sums, row_sums = _abs_sums(mat, nonnegative)
    scale = _balancing_scale(mat, col_sums, row_sums, nonnegative)
    return np.ones(mat.shape[0]) if scale is None else scale


def _as_matrix(A: ArrayLike | sp.sparray | sp.spmatrix) -> Matrix:
    """Validate ``A`` and return it as a float64 ``ndarray`` or ``csr_array``; the input is never modified."""
    if sp.issparse(A):
        sparse = sp.csr_array(A)
        _check_real(sparse.dtype, "A")
        mat: Matrix = sparse.astype(np.float64)
        values = mat.data
    else:
        arr = np.asarray(A)
        _check_real(arr.dtype, "A")
        mat = values = arr.astype(np.float64, copy=False)
    if mat.ndim != 2 or mat.shape[0] != mat.shape[1] or mat.shape[0] == 0:
        raise ValueError(f"A must be a non-empty square matrix [n, n]; got shape {mat.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError("A has non-finite entries (NaN or ±inf)")
    return mat


def _check_real(dtype: np.dtype[Any], name: str) -> None:
    if not (np.issubdtype(dtype, np.integer) or np.issubdtype(dtype, np.floating) or dtype == np.bool_):
        raise ValueError(f"{name} must hold real numbers; got dtype {dtype}")


def _abs_sums(mat: Matrix, nonnegative: bool) -> tuple[FloatArray, FloatArray]:
    """Column and row sums of ``|A|`` [n each]; their maxima are ``‖A‖₁`` and ``‖A‖∞``."""
    absolute = mat if nonnegative else abs(mat)
    return np.asarray(absolute.sum(axis=0)).ravel(), np.asarray(absolute.sum(axis=1)).ravel()


def _balancing_scale(
    mat: Matrix, col_sums: FloatArray, row_sums: FloatArray, nonnegative: bool
) -> FloatArray | None:
    """Powers of two ``d`` making ``D⁻¹|A|D`` balanced, or None when ``A`` needs no balancing.

    Mixed units (J per kg next to kg per J) give ``A`` entries across many orders of magnitude, and with them
    norm bounds far above 1, LU pivots chosen by units and a certificate lost to round-off. A diagonal
    similarity ``D⁻¹ A D`` changes neither ``ρ(A)`` nor the solution (after rescaling) and, with powers of
    two, is exact. ``d`` follows Osborne's (1960) balancing (as in LAPACK ``gebal``; Parlett & Reinsch 1969),
    updating all indices at once from the row sums ``r`` and column sums ``c`` of ``D⁻¹|A|D``:
    ``d ← d (r/c)^¼``, half of Osborne's step, which would oscillate on a 2-cycle when taken by all indices
    together. It stops when every index's ``r`` and ``c`` agree within a factor 2 or after
    ``BALANCE_MAX_SWEEPS`` sweeps; indices with a zero row or column sum are left alone. Used only when some
    ``r`` and ``c`` of ``A`` itself differ by more than ``BALANCE_TRIGGER``.
    """

    def log_imbalance(rows: FloatArray, cols: FloatArray) -> FloatArray:
        active = (rows > 0) & (cols > 0)
        out = np.zeros_like(rows)
        out[active] = np.log2(rows[active] / cols[active])
        return out

    imbalance = log_imbalance(row_sums, col_sums)
    if np.abs(imbalance).max() <= math.log2(BALANCE_TRIGGER):
        return None
    absolute = mat if nonnegative else abs(mat)
    log_d = np.zeros_like(imbalance)
    for _sweep in range(BALANCE_MAX_SWEEPS):
        if np.abs(imbalance).max() <= 1.0:
            break
        log_d += imbalance / 4
        d = np.exp2(log_d)
        rows = np.asarray(absolute @ d).ravel() / d
        cols = np.asarray(absolute.T @ (1.0 / d)).ravel() * d
        imbalance = log_imbalance(rows, cols)
    return np.exp2(np.round(log_d))


@dataclass(frozen=True)
class _Prepared:
    """``A`` balanced by a diagonal similarity, with what the solvers need to know about it."""

    mat: Matrix  # D⁻¹ A D
    scale: FloatArray | None  # d, powers of two; None when D = I
    nonnegative: bool
    col_norm: float  # ‖D⁻¹|A|D‖₁
    row_norm: float  # ‖D⁻¹|A|D‖∞

    @property
    def rho(self) -> float:
        """The Neumann norm bound ``min(‖·‖₁, ‖·‖∞)``, ≥ the spectral radius of ``A``."""
        return min(self.col_norm, self.row_norm)


def _prepare(mat: Matrix) -> _Prepared:
    """``A`` itself when its norm bound is below 1, else ``A`` balanced (if badly scaled) and weighted.

    The norm bound ``min(‖A‖₁, ‖A‖∞)`` of a productive table is often above 1 – a mixed-unit table (J per kg
    beside kg per J) or one heavy row – though ``ρ(A)`` is well below it. Balancing (Osborne) evens the units
    out; the Collatz–Wielandt weighting (:func:`_perron_scale`) then brings the column-sum norm down to about
    ``ρ(|A|)``, which proves the power series converges wherever ``ρ(|A|) < 1`` (up to the iteration count).
    """
    nonnegative = _is_nonnegative(mat)
    col_sums, row_sums = _abs_sums(mat, nonnegative)
    plain = _Prepared(mat, None, nonnegative, float(col_sums.max()), float(row_sums.max()))
    if plain.rho < 1.0:
        return plain
    scale = _balancing_scale(mat, col_sums, row_sums, nonnegative)
    system = plain if scale is None else _similar(mat, scale, nonnegative)
    if system.rho < 1.0:
        return system
    weights = _perron_scale(system.mat if nonnegative else abs(system.mat))
    if weights is None:
        return system
    weighted = _similar(mat, weights if system.scale is None else system.scale * weights, nonnegative)
    return weighted if weighted.rho < system.rho else system


def _similar(mat: Matrix, scale: FloatArray, nonnegative: bool) -> _Prepared:
    """``D⁻¹ A D`` for ``d = scale`` with its norms."""
    if isinstance(mat, sp.csr_array):
        balanced: Matrix = sp.csr_array(sp.diags_array(1.0 / scale) @ mat @ sp.diags_array(scale))
    else:
        balanced = mat / scale[:, None] * scale[None, :]
    col_sums, row_sums = _abs_sums(balanced, nonnegative)
    return _Prepared(balanced, scale, nonnegative, float(col_sums.max()), float(row_sums.max()))


def _perron_scale(absolute: Matrix) -> FloatArray | None:
    """Powers of two ``d`` with ``‖D⁻¹|A|D‖₁`` close to ``ρ(|A|)`` (``|A|`` given), or None if none helps.

    For any ``w > 0``, ``ρ(|A|) ≤ maxⱼ (wᵀ|A|)ⱼ / wⱼ`` (Collatz–Wielandt; Horn & Johnson 2013, §8.1), with
    equality at the left Perron vector; that maximum is the column-sum norm of ``W |A| W⁻¹``, i.e. of
    ``D⁻¹|A|D`` with ``d = 1/w``. ``w`` comes from shifted power iterations ``w ← |A|ᵀw + τ w`` (the shift
    ``τ`` = a quarter of the current bound keeps ``w > 0`` and converges on cyclic tables), at most
    ``PERRON_ITERATIONS``, stopping once the bound is below 1 and improves by less than 2 % a step. The bound is
    a proof whatever ``w`` is: it is recomputed by the caller on the scaled matrix, exactly as for any norm.
    """
    n = absolute.shape[0]
    w = np.ones(n)
    transposed = absolute.T
    best_bound, best_w = math.inf, None
    for _iteration in range(PERRON_ITERATIONS):
        product = np.asarray(transposed @ w).ravel()
        bound = float(np.max(product / w))
        if bound < best_bound:
            previous, best_bound, best_w = best_bound, bound, w
            if bound < 1.0 and bound > 0.98 * previous:
                break
        elif best_bound < 1.0:
            break
        w = product + 0.25 * bound * w
        w /= w.max()
        if not np.all(w > 0.0):
            break
    if best_w is None or not best_bound < 1.0:
        return None
    return np.exp2(np.round(-np.log2(best_w)))


def _is_nonnegative(mat: Matrix) -> bool:
    values = mat.data if isinstance(mat, sp.csr_array) else mat
    return not bool(np.any(values < 0))
