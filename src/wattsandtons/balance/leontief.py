"""Leontief solves: activities from (I − A) x = y and embodied intensities M = D (I − A)⁻¹.

``A[i, j]`` is the amount of commodity ``i`` that process ``j`` consumes per unit of its activity: the
technical coefficients of Miller & Blair (2009, ch. 2) in a square (process-by-process or
commodity-by-commodity) system. Given a final demand ``y`` the activities ``x`` that deliver it satisfy
``x = A x + y``; given per-unit direct draws ``D`` of a few stressors (primary energy [J], mass [kg], …) the
embodied intensities are ``M = D (I − A)⁻¹``, computed from the transposed system ``(I − A)ᵀ mᵢ = dᵢ``.

The explicit inverse ``(I − A)⁻¹`` is never formed (Higham 2002, §14.1: solving is cheaper and more
accurate). Four methods are available; :func:`choose_method` states the rule ``method="auto"`` follows.

Mixed units. When ``ρ = min(‖A‖₁, ‖A‖∞)`` (of ``|A|``) is ≥ 1 and some commodity's row and column sums
differ by more than ``BALANCE_TRIGGER`` – J per kg next to kg per J – the system is first balanced by an exact
diagonal similarity ``Â = D⁻¹ A D`` (powers of two; Osborne 1960, as in LAPACK ``gebal``), which changes
neither the spectral radius nor the solution (``x = D x̂``, ``m = D⁻¹ m̂``) but brings the entries, the norm
bound and the LU pivots back to sensible sizes. Norms and tolerances below then apply to the balanced
system: ``‖D⁻¹ (x − x̂)‖`` for activities, ``‖D (m − m̂)‖`` for intensities. Otherwise ``D = I``. When the
bound is still ≥ 1, ``D`` is refined by a Collatz–Wielandt weighting (a few power iterations towards the left
Perron vector of ``|A|``, :mod:`wattsandtons.balance.scaling`), which brings ``‖D⁻¹|A|D‖₁`` down to about ``ρ(|A|)``: a
productive table's series is then proven to converge, whatever its units.

* ``"neumann"`` – the power series ``x = Σₖ Aᵏ y`` (the Leontief or Jacobi iteration; Miller & Blair 2009,
  ch. 2), used when the norm bound ``ρ < 1`` proves convergence (of ``|A|``, so negative by-product entries
  are allowed). With ``tₖ = Aᵏ y`` and ``xₖ = Σ_{j≤k} tⱼ`` the remainder is ``Σ_{j>k} Aʲ y``, so
  ``‖x − xₖ‖ ≤ ρ ‖tₖ‖ / (1 − ρ) ≤ ρᵏ⁺¹ ‖y‖ / (1 − ρ)`` in the vector norm (1 or ∞) whose induced matrix
  norm gave ``ρ``. Iteration stops when ``ρ ‖tₖ‖ / (1 − ρ) · (1 + rtol) ≤ rtol ‖xₖ‖``, which guarantees
  ``‖x − xₖ‖ ≤ rtol ‖x‖`` for every right-hand side (column) separately. Rounding adds about
  ``(k + m) u ‖x‖`` (``m`` entries per row, ``u`` = 1.1e-16; Higham 2002, ch. 3), far below the default
  ``rtol``.
* ``"dense"`` – LU with partial pivoting, factorised once for all right-hand sides. For ``A ≥ 0`` (or
  ``ρ < 1``) the LU is computed in single precision and every solve refined in double until each column's
  normwise backward error ``‖r‖∞ / (‖I − A‖∞ ‖x‖∞)`` is ≤ ``√n ε`` – the scheme and stopping test of LAPACK
  ``dsgesv`` (Langou et al. 2006; Higham 2002, ch. 12), about twice as fast as a double LU on 2 cores. When
  refinement cannot converge (``κ(I − A) ≳ 1e7``) the solver falls back to a double LU (LAPACK ``getrf``),
  which is used directly, with a condition estimate (``gecon``) to catch singularity, for ``A`` of mixed
  signs. Either way the result is backward stable and its relative error about ``κ(I − A) u`` (Higham 2002,
  §9.3 with ch. 7). When ``‖A‖₁ < 1``, ``I − A`` is diagonally dominant by columns: partial pivoting swaps
  no rows, the growth factor is ≤ 2 (Higham 2002, §9.5) and ``κ₁(I − A) ≤ (1 + ρ)/(1 − ρ)``. ``rtol`` does
  not apply.
* ``"splu"`` – sparse LU (SuperLU, :func:`scipy.sparse.linalg.splu`), backward stable like a double LU.
  Chosen by ``"auto"`` only for nearly triangular technospheres: random sparsity patterns fill in almost
  completely (see ``benchmarks/RESULTS.md``).
* ``"krylov"`` – restarted GMRES (:func:`scipy.sparse.linalg.gmres`) on each right-hand side, stopping at a
  relative residual ``‖y − (I − A) x‖₂ ≤ rtol ‖y‖₂`` checked on the true residual. The relative error is
  then at most ``κ₂(I − A) · rtol``: a residual guarantee; where the series' bound ``ρ < 1`` holds (as
  whenever ``"auto"`` picks GMRES for a proven table), ``κ₁(I − A) ≤ (1 + ρ)/(1 − ρ)``, so the error is
  at most ``√n (1 + ρ)/(1 − ρ) · rtol`` in the 1-norm.

Productivity. For ``A ≥ 0`` the system is productive when the spectral radius ``ρ(A) < 1``, equivalently
when ``(I − A)⁻¹ ≥ 0`` exists (the Hawkins–Simon conditions; Miller & Blair 2009, ch. 2). The norm bound
``ρ < 1`` proves it; otherwise the direct and Krylov paths solve one extra right-hand side
``z = (I − A)⁻¹ 𝟙``. ``z > 0`` with a residual ``r = 𝟙 − (I − A) z < 𝟙`` gives ``A z < z`` and hence
``ρ(A) < 1`` (the Collatz–Wielandt bound; Horn & Johnson 2013, §8.1), whatever the accuracy of ``z``; a failed
certificate means the system is not productive (the exact ``z`` is ``Σ Aᵏ 𝟙 ≥ 𝟙``), or within round-off of
it. For ``A`` with negative entries only singularity of ``I − A`` is detected. A failure raises
:class:`UnproductiveError` naming the strongly connected components (loops) of the graph of ``A`` whose own
diagonal block is unproductive: ``I − A`` is block triangular in that order, so those blocks are the cause.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*, 2nd ed. CUP.
Higham, N. J. (2002). *Accuracy and Stability of Numerical Algorithms*, 2nd ed. SIAM.
Horn, R. A. & Johnson, C. R. (2013). *Matrix Analysis*, 2nd ed. CUP.
Langou, J., Langou, J., Luszczek, P., Kurzak, J., Buttari, A. & Dongarra, J. (2006). Exploiting the
performance of 32 bit floating point arithmetic in obtaining 64 bit accuracy. Proc. ACM/IEEE SC'06.
Osborne, E. E. (1960). On pre-conditioning of matrices. *J. ACM* 7(4), 338–345.
Parlett, B. N. & Reinsch, C. (1969). Balancing a matrix for calculation of eigenvalues and eigenvectors.
*Numer. Math.* 13, 293–304.
Saad, Y. & Schultz, M. H. (1986). GMRES. *SIAM J. Sci. Stat. Comput.* 7(3), 856–869.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeAlias, get_args

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components

from wattsandtons.balance.labels import keep_labels
from wattsandtons.balance.scaling import (
    FloatArray,
    Matrix,
    _as_matrix,
    _check_real,
    _is_nonnegative,
    _prepare,
    _Prepared,
    balancing_scale,
)
from wattsandtons.errors import WattsAndTonsError

__all__ = [
    "ConvergenceError",
    "UnproductiveError",
    "balancing_scale",
    "check_productive",
    "choose_method",
    "embodied_intensities",
    "leontief_solve",
    "leontief_solve_stack",
]

Method: TypeAlias = Literal["auto", "dense", "neumann", "krylov", "splu"]
Solver: TypeAlias = Callable[[FloatArray], FloatArray]

DEFAULT_MAX_ITER = 10_000
"""Default limit on products with ``A`` per right-hand side (Neumann terms, GMRES inner iterations)."""

DENSE_MAX_N = 5_000
"""Largest sparse system ``"auto"`` densifies for LU: 2 × 200 MB and ≈ 1.2 s on 2 cores at n = 5,000."""

NEUMANN_ROW_COST = 5
"""Per-row cost of a Neumann iteration (update and norms) in stored-entry equivalents, per right-hand side."""

NEUMANN_OVERHEAD = 5_000
"""Fixed cost of one Neumann iteration in stored-entry equivalents (≈ 10 µs of Python and SciPy dispatch)."""

REFINE_MAX_STEPS = 30
"""Most mixed-precision refinement steps before the dense solver falls back to a double LU (as ``dsgesv``)."""

KRYLOV_ITERATIONS = 25
"""GMRES iterations per right-hand side ``"auto"`` expects (≤ the series' term count, which bounds them: GMRES
minimises over all polynomials, the series is one of them). Measured 7–20 on random tables of ρ = 0.6 at
n = 2,000–5,000 (dense to 0.5 % full), 41 on a nearly triangular one (which ``"auto"`` gives to sparse LU)."""

KRYLOV_ROW_COST = 10
"""Per-row cost of one GMRES iteration (orthogonalisation against the Krylov basis) in stored-entry equivalents."""

KRYLOV_OVERHEAD = 30_000
"""Fixed cost of one GMRES iteration in stored-entry equivalents (≈ 70 µs of SciPy's Python loop)."""

TRIANGULAR_SHARE = 0.01
"""``"auto"`` uses sparse LU when at most this share of the entries lies on the minority side of the diagonal."""

KRYLOV_RESTART = 50
"""GMRES restart length (inner iterations per cycle)."""

KRYLOV_CHUNK = 10
"""GMRES restart cycles between checks of the true residual; a chunk that does not halve it ends the solve."""

_EPS = float(np.finfo(np.float64).eps)


class UnproductiveError(WattsAndTonsError, ValueError):
    """The system ``(I − A) x = y`` has no productive solution.

    Raised when ``I − A`` is singular or, for ``A ≥ 0``, when its spectral radius is ≥ 1 (some loop of
    processes needs at least as much of its own output as it makes).

    Attributes
    ----------
    components : tuple of numpy.ndarray of int
        The strongly connected components (loops) of the graph of ``A`` whose sub-block is itself
        unproductive, each as sorted process/commodity indices. A component larger than
        :data:`DENSE_MAX_N` is listed without being checked. Empty when no single loop could be isolated.
    indices : numpy.ndarray of int
        All indices in :attr:`components`, sorted.
    """

    def __init__(self, message: str, components: Sequence[ArrayLike] = ()) -> None:
        super().__init__(message)
        self.components = tuple(np.sort(np.asarray(c, dtype=np.intp)) for c in components)
        self.indices = (
            np.unique(np.concatenate(self.components)) if self.components else np.empty(0, dtype=np.intp)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.components))


class ConvergenceError(WattsAndTonsError, RuntimeError):
    """An iterative method did not reach the requested tolerance within ``max_iter`` products."""


@keep_labels(transposed=False)
def leontief_solve(
    A: ArrayLike | sp.sparray | sp.spmatrix,
    y: ArrayLike,
    *,
    method: Method = "auto",
    rtol: float = 1e-12,
    max_iter: int = DEFAULT_MAX_ITER,
) -> FloatArray:
    """Solve the Leontief system ``(I − A) x = y`` for the activities ``x``.

    Parameters
    ----------
    A : array_like or scipy.sparse matrix/array, shape [n, n]
        Technical coefficients: ``A[i, j]`` units of commodity ``i`` per unit of activity of process ``j``
        [unit of i / unit of j]. Finite; negative entries (by-products under system expansion) allowed.
    y : array_like, shape [n] or [n, k]
        Final demand (net output delivered outside the loop), one column per scenario [unit of each row].
    method : {"auto", "dense", "neumann", "krylov", "splu"}
        Solver; ``"auto"`` follows :func:`choose_method`. See the module docstring for each method's bound.
    rtol : float
        Relative tolerance of the iterative methods, in (0, 1). ``"neumann"`` guarantees
        ``‖x − x̂‖ ≤ rtol ‖x‖`` per column; ``"krylov"`` a relative residual ≤ ``rtol`` (norms of the
        balanced system, see the module docstring). Direct methods ignore it (they are accurate to about
        ``κ(I − A) · 1e-16``).
    max_iter : int
        Most products with ``A`` per right-hand side before :class:`ConvergenceError`.

    Returns
    -------
    numpy.ndarray, shape of ``y``
        Activities ``x`` [unit of activity of each process].

    Raises
    ------
    ValueError
        Bad shapes, non-finite or complex entries, unknown method, ``rtol`` outside (0, 1), or ``"neumann"``
        asked for when its norm bound is ≥ 1.
    UnproductiveError
        ``I − A`` is singular or (for ``A ≥ 0``) not productive; ``.indices`` names the offending loop.
    ConvergenceError
        An iterative method needed more than ``max_iter`` products.

    Examples
    --------
    Miller & Blair (2009), Table 2.3: two sectors with ``x = (1000, 2000)`` and ``f = (350, 1700)``.

    >>> leontief_solve([[0.15, 0.25], [0.20, 0.05]], [350.0, 1700.0])
    array([1000., 2000.])
    """
    mat = _as_matrix(A)
    n = mat.shape[0]
    rhs = _as_rhs(y, n, "y", f"({n},) or ({n}, k); got {np.shape(y)}")
    x = _solve(mat, rhs, transpose=False, method=method, rtol=rtol, max_iter=max_iter)
    return x.reshape(np.shape(y))


@keep_labels(transposed=True)
def embodied_intensities(
    A: ArrayLike | sp.sparray | sp.spmatrix,
    direct: ArrayLike,
    *,
    method: Method = "auto",
    rtol: float = 1e-12,
    max_iter: int = DEFAULT_MAX_ITER,
) -> FloatArray:
    """Total (embodied) intensities ``M = D (I − A)⁻¹`` by transposed solves ``(I − A)ᵀ mᵢ = dᵢ``.

    All stressor rows are solved together as one block of right-hand sides (one factorisation or one
    series); the Leontief inverse is never formed.

    Parameters
    ----------
    A : array_like or scipy.sparse matrix/array, shape [n, n]
        Technical coefficients, as in :func:`leontief_solve`.
    direct : array_like, shape [s, n] or [n]
        Direct draws of ``s`` stressors per unit of activity of each process, e.g. primary energy [J/unit]
        and mass [kg/unit].
    method, rtol, max_iter
        As in :func:`leontief_solve`; the Neumann norm bound is the same, taken in the dual vector norm.

    Returns
    -------
    numpy.ndarray, shape of ``direct``
        Embodied intensities: stressor drawn along the whole supply chain per unit of each process's
        output [stressor unit / unit].

    Raises
    ------
    ValueError, UnproductiveError, ConvergenceError
        As in :func:`leontief_solve`.

    Examples
    --------
    >>> embodied_intensities([[0.5]], [[2.0]])
    array([[4.]])
    """
    mat = _as_matrix(A)
    n = mat.shape[0]
    d = np.asarray(direct)
    rhs = _as_rhs(d.T, n, "direct", f"({n},) or (s, {n}); got {d.shape}")
    m = _solve(mat, rhs, transpose=True, method=method, rtol=rtol, max_iter=max_iter)
    return m.T.reshape(d.shape)


def leontief_solve_stack(A: ArrayLike, y: ArrayLike, *, scale: ArrayLike | None = None) -> FloatArray:
    """Solve ``(I − A[m]) X[m] = Y[m]`` for a stack of small dense systems, e.g. one per ensemble member.

    One batched LU (LAPACK ``gesv`` through :func:`numpy.linalg.solve`) for all members, on the similar
    systems ``D⁻¹ A[m] D`` (see :func:`balancing_scale`; the same ``D`` for every member). For ``A ≥ 0`` one
    more right-hand side ``z = (I − A[m])⁻¹ 𝟙`` certifies every member productive (Collatz–Wielandt, as in the
    module docstring), so an unproductive member raises instead of returning a meaningless solution.

    Parameters
    ----------
    A : array_like, shape [m, n, n]
        Technical coefficients per member [unit of row / unit of column]; finite.
    y : array_like, shape [m, n] or [m, n, k]
        Right-hand sides per member [unit of each row].
    scale : array_like, shape [n], optional
        Diagonal of ``D``; by default :func:`balancing_scale` of the first member. Any positive scale gives the
        same solution in exact arithmetic; a good one keeps the LU's pivots independent of units.

    Returns
    -------
    numpy.ndarray, shape of ``y``
        Activities ``X`` per member.

    Raises
    ------
    ValueError
        Bad shapes or non-finite entries.
    UnproductiveError
        Some member's ``I − A`` is singular or, for ``A ≥ 0``, not productive; ``.components`` is empty (the
        members are not diagnosed one by one: balance the central member to name the loop).

    Examples
    --------
    >>> leontief_solve_stack([[[0.5]], [[0.75]]], [[1.0], [1.0]]).tolist()
    [[2.0], [4.0]]
    """
    a = np.asarray(A, dtype=np.float64)
    rhs = np.asarray(y, dtype=np.float64)
    if a.ndim != 3 or a.shape[1] != a.shape[2] or a.shape[1] == 0:
        raise ValueError(f"A must be a stack of square matrices [m, n, n]; got shape {a.shape}")
    if rhs.ndim not in (2, 3) or rhs.shape[:2] != a.shape[:2]:
        raise ValueError(
            f"y must have shape [m, n] or [m, n, k] to match A of shape {a.shape}; got {rhs.shape}"
        )
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(rhs))):
        raise ValueError("A and y must be finite (no NaN or ±inf)")
    d = balancing_scale(a[0]) if scale is None else np.asarray(scale, dtype=np.float64)
    if d.shape != (a.shape[1],) or not np.all(d > 0):
        raise ValueError(f"scale must hold {a.shape[1]} positive numbers")
    columns = rhs.reshape(*rhs.shape[:2], -1) / d[None, :, None]
    nonnegative = not bool(np.any(a < 0))
    if nonnegative:
        columns = np.concatenate([columns, np.ones((*a.shape[:2], 1))], axis=2)
    scaled = a * (d[None, None, :] / d[None, :, None])  # D⁻¹ A D
    system = np.eye(a.shape[1])[None] - scaled
    try:
        solution = np.linalg.solve(system, columns)
    except np.linalg.LinAlgError:
        raise UnproductiveError("I − A is singular for some member of the stack") from None
    if not np.all(np.isfinite(solution)):
        raise UnproductiveError("I − A is singular (or nearly so) for some member of the stack")
    if nonnegative:
        z = solution[:, :, -1]
        residual = 1.0 - (z - np.einsum("mij,mj->mi", scaled, z))
        if not (np.all(z > 0.0) and np.all(residual < 1.0)):
            raise UnproductiveError(
                "I − A is not productive (spectral radius of A ≥ 1) for some member of the stack"
            )
        solution = solution[:, :, :-1]
    return (solution * d[None, :, None]).reshape(rhs.shape)


def choose_method(
    A: ArrayLike | sp.sparray | sp.spmatrix,
    *,
    n_rhs: int = 1,
    rtol: float = 1e-12,
    max_iter: int = DEFAULT_MAX_ITER,
) -> str:
    """The method ``method="auto"`` uses for ``A`` and ``n_rhs`` right-hand sides.

    Rule, with ``ρ`` the proven norm bound of the prepared ``A`` (``min(‖·‖₁, ‖·‖∞)`` of ``|A|``, balanced and
    Collatz–Wielandt weighted where that lowers it; see :func:`_prepare`) and ``k`` the a-priori Neumann term
    count for ``rtol`` (the least ``k`` with ``ρᵏ⁺¹ (1 + ρ)/(1 − ρ) ≤ rtol``; infinite when ``ρ ≥ 1``):

    1. ``"splu"`` for a sparse ``A`` with at most ``TRIANGULAR_SHARE`` of its entries on one side of the
       diagonal (a nearly triangular technosphere: LU without fill-in);
    2. when ``k > max_iter`` (no proof that the series converges): ``"dense"`` if ``n ≤ DENSE_MAX_N``, else
       ``"krylov"``;
    3. otherwise the cheaper of ``"neumann"``, costed ``k · ((nnz + NEUMANN_ROW_COST · n) · n_rhs +
       NEUMANN_OVERHEAD)``, and ``"krylov"``, costed ``n_rhs · min(k, KRYLOV_ITERATIONS) · (nnz +
       KRYLOV_ROW_COST · n + KRYLOV_OVERHEAD)`` (stored-entry equivalents; dense arrays count ``nnz = n²``).
       GMRES needs at most ``k`` iterations, usually far fewer; the series wins on small tables, where
       SciPy's per-iteration overhead dominates (pymrio's 48-sector test system: 0.3 ms against 1.2 ms).

    Measured side by side by ``benchmarks/bench_balance.py --methods`` (``benchmarks/RESULTS.md``).

    Parameters
    ----------
    A : array_like or scipy.sparse matrix/array, shape [n, n]
        Technical coefficients.
    n_rhs : int
        Number of right-hand sides (columns of ``y`` or stressor rows of ``direct``).
    rtol, max_iter
        As in :func:`leontief_solve`.

    Returns
    -------
    str
        One of ``"neumann"``, ``"dense"``, ``"krylov"``, ``"splu"``.
    """
    _check_options("auto", rtol, max_iter)
    system = _prepare(_as_matrix(A))
    return _auto_method(system.mat, system.rho, max(int(n_rhs), 1), rtol, max_iter)


def check_productive(A: ArrayLike | sp.sparray | sp.spmatrix) -> None:
    """Raise :class:`UnproductiveError` unless ``I − A`` is invertible and, for ``A ≥ 0``, ``ρ(A) < 1``.

    Parameters
    ----------
    A : array_like or scipy.sparse matrix/array, shape [n, n]
        Technical coefficients.

    Raises
    ------
    UnproductiveError
        With ``.indices`` naming the offending loop(s).
    """
    mat = _as_matrix(A)
    if _prepare(mat).rho < 1.0:
        return  # a norm of D⁻¹|A|D below 1 bounds the spectral radius of A (and of |A|) below 1
    method: Method = "dense" if mat.shape[0] <= DENSE_MAX_N else "krylov"
    ones = np.ones((mat.shape[0], 1))
    _solve(mat, ones, transpose=False, method=method, rtol=1e-8, max_iter=DEFAULT_MAX_ITER)


# --- validation ---------------------------------------------------------------------------------------------


def _as_rhs(y: ArrayLike, n: int, name: str, expected: str) -> FloatArray:
    """Validate a right-hand side of shape [n] or [n, k] and return it as a float64 [n, k] array."""
    if sp.issparse(y):
        raise ValueError(f"{name} must be a dense array; got a sparse {type(y).__name__}")
    arr = np.asarray(y)
    _check_real(arr.dtype, name)
    if arr.ndim not in (1, 2) or arr.shape[0] != n:
        raise ValueError(f"{name} must have shape {expected} to match A of shape ({n}, {n})")
    out = np.array(arr, dtype=np.float64, order="C", ndmin=2).reshape(n, -1)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} has non-finite entries (NaN or ±inf)")
    return out


def _check_options(method: str, rtol: float, max_iter: int) -> None:
    if method not in get_args(Method):
        raise ValueError(f"method must be one of {get_args(Method)}; got {method!r}")
    if not 0.0 < rtol < 1.0:
        raise ValueError(f"rtol must lie in (0, 1); got {rtol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, int | np.integer) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter!r}")


# --- method choice ------------------------------------------------------------------------------------------


def _neumann_terms(rho: float, rtol: float) -> float:
    """A-priori Neumann term count: least ``k`` with ``ρᵏ⁺¹ (1 + ρ)/(1 − ρ) ≤ rtol``.

    The factor ``1 + ρ`` turns the bound relative to ``‖y‖`` into one relative to ``‖x‖ ≥ ‖y‖ / (1 + ρ)``.
    """
    if rho >= 1.0:
        return math.inf
    if rho == 0.0:
        return 0.0
    return max(0.0, math.ceil(math.log(rtol * (1.0 - rho) / (1.0 + rho)) / math.log(rho)) - 1.0)


def _stored_entries(mat: Matrix) -> int:
    return mat.nnz if isinstance(mat, sp.csr_array) else mat.size


def _nearly_triangular(mat: Matrix) -> bool:
    """True for a sparse ``A`` whose entries lie, but for ``TRIANGULAR_SHARE`` of them, on one side of the diagonal.

    Such a technosphere (each process uses what earlier ones make, with few loops back) factorises with little
    fill-in, and sparse LU beats every iterative method on it (``benchmarks/RESULTS.md``).
    """
    if not isinstance(mat, sp.csr_array) or mat.nnz == 0:
        return False
    rows = np.repeat(np.arange(mat.shape[0]), np.diff(mat.indptr))
    below = int(np.count_nonzero(rows > mat.indices))
    above = int(np.count_nonzero(rows < mat.indices))
    return min(below, above) <= TRIANGULAR_SHARE * mat.nnz


def _auto_method(mat: Matrix, rho: float, n_rhs: int, rtol: float, max_iter: int) -> Method:
    n = mat.shape[0]
    if _nearly_triangular(mat):
        return "splu"
    terms = _neumann_terms(rho, rtol)
    if terms > max_iter:
        return "dense" if n <= DENSE_MAX_N else "krylov"
    entries = _stored_entries(mat)
    neumann_cost = terms * ((entries + NEUMANN_ROW_COST * n) * n_rhs + NEUMANN_OVERHEAD)
    krylov_cost = n_rhs * min(terms, KRYLOV_ITERATIONS) * (entries + KRYLOV_ROW_COST * n + KRYLOV_OVERHEAD)
    return "neumann" if neumann_cost <= krylov_cost else "krylov"


# --- the solve ----------------------------------------------------------------------------------------------


class _SingularError(Exception):
    """Internal: the factorisation found ``I − A`` (numerically) singular."""


def _solve(
    mat: Matrix, rhs: FloatArray, *, transpose: bool, method: str, rtol: float, max_iter: int
) -> FloatArray:
    """Solve ``(I − Aᵀ) X = rhs`` if ``transpose`` else ``(I − A) X = rhs``; ``rhs`` is [n, k].

    With ``A = D Â D⁻¹`` (:mod:`wattsandtons.balance.scaling`) this is ``(I − Â)(D⁻¹ X) = D⁻¹ rhs``, or
    ``(I − Â)ᵀ (D X) = D rhs`` for the transpose; the tolerances apply to the balanced system.
    """
    _check_options(method, rtol, max_iter)
    system = _prepare(mat)
    if system.scale is None:
        return _solve_balanced(system, rhs, transpose=transpose, method=method, rtol=rtol, max_iter=max_iter)
    to_balanced = system.scale if transpose else 1.0 / system.scale
    solution = _solve_balanced(
        system, rhs * to_balanced[:, None], transpose=transpose, method=method, rtol=rtol, max_iter=max_iter
    )
    return solution / to_balanced[:, None]


def _solve_balanced(
    system: _Prepared, rhs: FloatArray, *, transpose: bool, method: str, rtol: float, max_iter: int
) -> FloatArray:
    """:func:`_solve` on the prepared (balanced) system, by the method asked for or chosen."""
    mat, nonnegative = system.mat, system.nonnegative
    op = mat.T if transpose else mat
    if method == "auto":
        method = _auto_method(mat, system.rho, rhs.shape[1], rtol, max_iter)
    if method == "neumann":
        # ‖Aᵀ‖₁ = ‖A‖∞: take the vector norm whose induced matrix norm of `op` is the smaller one.
        op_norm_1 = system.row_norm if transpose else system.col_norm
        return _neumann(op, rhs, system.rho, 1 if op_norm_1 <= system.rho else np.inf, rtol, max_iter)

    # Without a norm bound below 1, for A ≥ 0 one more right-hand side, z = (I − A)⁻¹ 𝟙, certifies ρ(A) < 1
    # (see the module docstring).
    certify = nonnegative and system.rho >= 1.0
    k = rhs.shape[1]
    stacked = np.column_stack([rhs, np.ones(rhs.shape[0])]) if certify else rhs
    try:
        if method == "dense":
            # ‖I − A‖∞ ≤ 1 + ‖A‖∞ and ‖(I − A)ᵀ‖∞ = ‖I − A‖₁ ≤ 1 + ‖A‖₁ bound the refinement's test.
            system_norm = 1.0 + (system.col_norm if transpose else system.row_norm)
            # Mixed precision unless singularity must be caught by a condition estimate (A of mixed signs).
            mixed = nonnegative or system.rho < 1.0
            solver = _dense_solver(mat, transpose, mixed=mixed, system_norm=system_norm)
        elif method == "splu":
            solver = _splu_solver(mat, transpose)
        else:
            solver = _krylov_solver(op, rtol, max_iter)
        solution = solver(stacked)
        if certify and not _certifies(op, solution[:, k]):
            raise _SingularError
    except _SingularError:
        raise _unproductive(mat, transpose) from None
    solution = solution[:, :k]
    if not np.all(np.isfinite(solution)):
        raise _unproductive(mat, transpose)
    if method == "krylov":
        try:
            _check_residuals(op, rhs, solution, rtol, max_iter)
        except ConvergenceError as exc:
            if _offending_components(mat, nonnegative):
                raise _unproductive(mat, transpose) from exc
            raise
    return solution


def _neumann(
    op: Matrix, rhs: FloatArray, rho: float, norm_ord: float, rtol: float, max_iter: int
) -> FloatArray:
    """Sum ``Σ opᵏ rhs`` until ``ρ ‖tₖ‖/(1 − ρ) (1 + rtol) ≤ rtol ‖xₖ‖`` for every column.

    ``ρ`` must bound the matrix norm of ``op`` induced by the vector norm ``norm_ord`` (1 or ∞).
    """
    if not rho < 1.0:
        raise ValueError(
            f"the Neumann series needs min(‖A‖₁, ‖A‖∞) < 1 (of |A|, balanced for units) to guarantee "
            f"convergence; got {rho:.6g}. "
            "Use method='dense', 'splu' or 'krylov'."
        )
    factor = rho / (1.0 - rho)
    term = rhs
    total = rhs.copy()
    for products in range(max_iter + 1):
        tail_bound = factor * np.linalg.norm(term, ord=norm_ord, axis=0)
        if np.all(tail_bound * (1.0 + rtol) <= rtol * np.linalg.norm(total, ord=norm_ord, axis=0)):
            return total
        if products == max_iter:
            break
        term = np.asarray(op @ term)
        total += term
    raise ConvergenceError(
        f"Neumann series not within rtol={rtol:g} after {max_iter} terms (norm bound ρ = {rho:.6g}); "
        "raise max_iter or rtol, or use method='dense'"
    )


def _dense_solver(mat: Matrix, transpose: bool, *, mixed: bool, system_norm: float = 0.0) -> Solver:
    """Factorise ``I − A`` once and return ``rhs ↦ (I − A)⁻¹ rhs`` (or ``(I − A)⁻ᵀ rhs``).

    With ``mixed`` the LU is computed in single precision and each solve is refined in double precision
    until every column's normwise backward error ``‖r‖∞ / (‖I − A‖∞ ‖x‖∞)`` is at most ``√n ε`` – the scheme
    and test of LAPACK ``dsgesv`` (Langou et al. 2006; Higham 2002, ch. 12), about twice as fast as a double
    LU and as accurate. It converges when ``κ(I − A) · 6e-8 < 1``; otherwise (after
    ``REFINE_MAX_STEPS``, on a zero pivot or on overflow) the solver falls back to a double LU for good.
    Without ``mixed`` the double LU is also checked for a reciprocal condition number above ``n ε``.
    ``system_norm`` must bound ``‖I − A‖∞`` (or ``‖(I − A)ᵀ‖∞``) when ``mixed``.
    """
    dense = mat.toarray() if isinstance(mat, sp.csr_array) else mat
    op = dense.T if transpose else dense
    # LAPACK works in Fortran order: build I − A in the layout of A, factorise whichever of it and its free
    # transposed view is Fortran-ordered, and set `trans` so that solves are with I − A or its transpose.
    fortran = bool(dense.flags.f_contiguous)
    trans = int(transpose) if fortran else int(not transpose)

    def factorise(dtype: type[np.floating[Any]], check_rcond: bool) -> tuple[NDArray[Any], NDArray[np.int32]]:
        b = np.negative(dense, dtype=dtype, order="F" if fortran else "C")
        b[np.diag_indices_from(b)] += 1.0
        return _lu_factor(b if fortran else b.T, check_rcond=check_rcond)

    single = None
    if mixed:
        try:
            with np.errstate(over="ignore"):  # overflow to inf makes refinement fail and fall back
                single = factorise(np.float32, check_rcond=False)
        except _SingularError:
            single = None
    double = None
    cte = math.sqrt(dense.shape[0]) * _EPS * system_norm

    def solve(rhs: FloatArray) -> FloatArray:
        nonlocal double
        if single is not None and double is None:
            refined = _refine(op, single, trans, rhs, cte)
            if refined is not None:
                return refined
        if double is None:
            double = factorise(np.float64, check_rcond=not mixed)
        return np.asarray(sla.lu_solve(double, rhs, trans=trans, check_finite=False))

    return solve


def _lu_factor(matrix: NDArray[Any], *, check_rcond: bool) -> tuple[NDArray[Any], NDArray[np.int32]]:
    """LAPACK ``getrf`` of a Fortran-ordered matrix, overwritten; :class:`_SingularError` on a zero pivot.

    With ``check_rcond`` also when LAPACK ``gecon`` estimates the reciprocal condition number ≤ ``n ε``.
    """
    anorm = float(np.abs(matrix).sum(axis=0).max()) if check_rcond else 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sla.LinAlgWarning)  # exact zero pivots are checked just below
        lu_piv = sla.lu_factor(matrix, overwrite_a=True, check_finite=False)
    if np.any(np.diagonal(lu_piv[0]) == 0.0):
        raise _SingularError
    if check_rcond:
        gecon = sla.get_lapack_funcs("gecon", (lu_piv[0],))
        rcond, _ = gecon(lu_piv[0], anorm, norm="1")
        if not rcond > matrix.shape[0] * _EPS:
            raise _SingularError
    return lu_piv


def _refine(
    op: FloatArray,
    single: tuple[NDArray[Any], NDArray[np.int32]],
    trans: int,
    rhs: FloatArray,
    cte: float,
) -> FloatArray | None:
    """Refine single-precision LU solves of ``(I − op) x = rhs`` in double until ``‖r‖∞ ≤ cte ‖x‖∞`` per
    column; None when that fails within ``REFINE_MAX_STEPS`` steps."""
    x = np.zeros_like(rhs)
    residual = rhs
    for _step in range(REFINE_MAX_STEPS + 1):
        x += sla.lu_solve(single, residual.astype(np.float32), trans=trans, check_finite=False)
        residual = rhs - (x - op @ x)
        if not np.all(np.isfinite(residual)):
            return None
        if np.all(np.abs(residual).max(axis=0) <= cte * np.abs(x).max(axis=0)):
            return x
    return None


def _splu_solver(mat: Matrix, transpose: bool) -> Solver:
    """Factorise ``I − A`` with SuperLU (COLAMD ordering) and return the solver."""
    n = mat.shape[0]
    b = sp.csc_array(sp.eye_array(n, format="csc") - sp.csc_array(mat))
    try:
        lu = spla.splu(b)
    except RuntimeError as exc:  # SuperLU: "Factor is exactly singular"
        raise _SingularError from exc
    trans = "T" if transpose else "N"

    def solve(rhs: FloatArray) -> FloatArray:
        return np.asarray(lu.solve(rhs, trans=trans))

    return solve


def _krylov_solver(op: Matrix, rtol: float, max_iter: int) -> Solver:
    """Restarted GMRES on ``I − op``, one column at a time, in chunks of ``KRYLOV_CHUNK`` restart cycles.

    A column stops when its true relative residual is ≤ ``rtol``, after ``max_iter`` inner iterations, or when
    a chunk fails to halve the residual (stagnation: ``I − A`` singular or nearly so). The solver returns its
    best iterate without raising: a productivity certificate holds for any iterate, and the caller checks the
    residuals of the solution with :func:`_check_residuals`.
    """
    n = op.shape[0]
    operator = spla.LinearOperator((n, n), matvec=lambda v: v - op @ v, dtype=np.float64)
    restart = min(KRYLOV_RESTART, n)
    chunks = max(1, math.ceil(max_iter / (restart * KRYLOV_CHUNK)))

    def solve_column(column: FloatArray) -> FloatArray:
        # The system is linear: solve for the column scaled to a largest entry of 1 and scale back, so that
        # SciPy's GMRES (whose norms and breakdown tests square the entries) sees no underflow at 1e-250.
        size = float(np.max(np.abs(column), initial=0.0))
        if size == 0.0:
            return np.zeros(n)
        b = column / size
        x = np.zeros(n)
        previous = np.inf
        for _chunk in range(chunks):
            x, _ = spla.gmres(operator, b, x0=x, rtol=rtol, atol=0.0, restart=restart, maxiter=KRYLOV_CHUNK)
            relative = _relative_residuals(op, b[:, None], x[:, None])[0]
            if relative <= rtol or relative > 0.5 * previous:
                break
            previous = relative
        return x * size

    def solve(rhs: FloatArray) -> FloatArray:
        solution = np.zeros_like(rhs)
        for j in range(rhs.shape[1]):
            solution[:, j] = solve_column(rhs[:, j])
        return solution

    return solve


def _relative_residuals(op: Matrix, rhs: FloatArray, x: FloatArray) -> FloatArray:
    """``‖rhs − (I − op) x‖₂ / ‖rhs‖₂`` per column (0 for a zero column solved exactly)."""
    size = np.max(np.abs(rhs), axis=0, initial=0.0)  # columns scaled to a largest entry of 1: no overflow
    size = np.where(size > 0, size, 1.0)
    residual = np.linalg.norm((rhs - (x - op @ x)) / size, axis=0)
    scale = np.linalg.norm(rhs / size, axis=0)
    return np.divide(residual, scale, out=np.where(residual > 0, np.inf, 0.0), where=scale > 0)


def _check_residuals(op: Matrix, rhs: FloatArray, x: FloatArray, rtol: float, max_iter: int) -> None:
    worst = float(np.max(_relative_residuals(op, rhs, x), initial=0.0))
    if not worst <= rtol:
        raise ConvergenceError(
            f"GMRES reached a relative residual of {worst:.3g}, not {rtol:g}, within {max_iter} iterations "
            "per right-hand side; I − A may be singular or very ill-conditioned (try method='dense')"
        )


def _certifies(op: Matrix, z: FloatArray) -> bool:
    """Collatz–Wielandt certificate for ``op ≥ 0``: ``z > 0`` and ``op z < z`` prove ``ρ(op) < 1``.

    ``op z < z`` is checked as ``r = 𝟙 − (z − op z) < 𝟙``, i.e. on the residual of ``(I − op) z = 𝟙``.
    """
    if not (np.all(np.isfinite(z)) and np.all(z > 0.0)):
        return False
    residual = 1.0 - (z - op @ z)
    return bool(np.all(residual < 1.0))


# --- diagnosis ----------------------------------------------------------------------------------------------


def _unproductive(mat: Matrix, transpose: bool) -> UnproductiveError:
    """Build the error, naming the loops (strongly connected components) whose own block is unproductive."""
    nonnegative = _is_nonnegative(mat)
    components = _offending_components(mat, nonnegative)
    side = "(I − A)ᵀ" if transpose else "I − A"
    what = "not productive (spectral radius of A ≥ 1)" if nonnegative else "singular"
    if not components:
        return UnproductiveError(f"{side} is {what}, within round-off; no single loop could be isolated")
    listed = ", ".join(f"[{_format_indices(c)}]" for c in components)
    why = "need at least as much of their own output as they make" if nonnegative else "have a singular block"
    return UnproductiveError(
        f"{side} is {what}: the loop(s) of processes/commodities {listed} {why}", components
    )


def _format_indices(component: FloatArray | NDArray[np.intp], limit: int = 20) -> str:
    shown = ", ".join(str(int(i)) for i in component[:limit])
    return shown + (f", … ({component.size} in all)" if component.size > limit else "")


def _offending_components(mat: Matrix, nonnegative: bool) -> list[NDArray[np.intp]]:
    """Strongly connected components of the graph of ``A`` whose diagonal block fails on its own."""
    pattern = sp.csr_array(mat != 0)
    n_components, labels = connected_components(pattern, directed=True, connection="strong")
    members = np.split(
        np.argsort(labels, kind="stable"), np.cumsum(np.bincount(labels, minlength=n_components))[:-1]
    )
    diagonal = mat.diagonal()
    offending = []
    for component in members:
        if component.size == 1:
            a = diagonal[component[0]]
            bad = a >= 1.0 if nonnegative else a == 1.0
        elif component.size > DENSE_MAX_N:
            bad = True  # too large to check densely; reported as a suspect
        else:
            block = mat[component][:, component]
            dense = block.toarray() if isinstance(block, sp.csr_array) else np.asarray(block)
            bad = not _block_ok(dense, nonnegative)
        if bad:
            offending.append(component)
    return offending


def _block_ok(block: FloatArray, nonnegative: bool) -> bool:
    """True when ``I − block`` is invertible and, for ``block ≥ 0``, certified productive."""
    try:
        z = _dense_solver(block, transpose=False, mixed=False)(np.ones((block.shape[0], 1)))[:, 0]
    except _SingularError:
        return False
    return _certifies(block, z) if nonnegative else True
