"""Tests of the low-level Leontief solvers in :mod:`wattsandtons.balance.leontief`."""

from __future__ import annotations

import pickle
import time

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from wattsandtons.balance.leontief import (
    DENSE_MAX_N,
    ConvergenceError,
    UnproductiveError,
    check_productive,
    choose_method,
    embodied_intensities,
    leontief_solve,
    leontief_solve_stack,
)
from wattsandtons.errors import WattsAndTonsError

METHODS = ["auto", "dense", "neumann", "krylov", "splu"]
EXACT = 1e-14  # rtol asked of the iterative methods where answers are checked elementwise to 1e-12

# Miller & Blair (2009), "Input-Output Analysis", 2nd ed., section 2.3, Table 2.3:
# Z = [[150, 500], [200, 100]], x = (1000, 2000), final demand f = (350, 1700); A = Z diag(x)⁻¹.
MB_A = np.array([[0.15, 0.25], [0.20, 0.05]])

# A hand-computed 3-process loop, A[i, j] = units of i per unit of j: a panel (0) needs 0.2 units of silicon
# (1), silicon needs 0.5 units of electricity (2), electricity needs 0.5 panels. Loop gain 0.2 · 0.5 · 0.5.
LOOP_A = np.array([[0.0, 0.0, 0.5], [0.2, 0.0, 0.0], [0.0, 0.5, 0.0]])


def random_productive(
    rng: np.random.Generator, n: int, *, density: float = 1.0, rho: float = 0.6, sparse: bool = False
) -> np.ndarray | sp.csr_array:
    """Nonnegative [n, n] coefficients with every column sum equal to ``rho`` (so ‖A‖₁ = rho < 1)."""
    a = sp.random_array((n, n), density=density, rng=rng, format="csr")
    a = a + sp.eye_array(n, format="csr") * 1e-3  # no empty column
    a = sp.csr_array(a @ sp.diags_array(rho / np.asarray(a.sum(axis=0)).ravel()))
    return a if sparse else a.toarray()


def exact(a: np.ndarray | sp.csr_array, y: np.ndarray) -> np.ndarray:
    dense = a.toarray() if sp.issparse(a) else a
    return np.linalg.solve(np.eye(dense.shape[0]) - dense, y)


# --- textbook and hand-computed cases -----------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_miller_blair_table_2_3(method: str) -> None:
    x = leontief_solve(MB_A, [350.0, 1700.0], method=method, rtol=EXACT)
    np.testing.assert_allclose(x, [1000.0, 2000.0], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_miller_blair_new_final_demand(method: str) -> None:
    # f = (600, 1500): det(I − A) = 0.7575, x = (945, 1395) / 0.7575 = (378000, 558000) / 303.
    x = leontief_solve(MB_A, np.array([600.0, 1500.0]), method=method, rtol=EXACT)
    np.testing.assert_allclose(x, [378000 / 303, 558000 / 303], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_three_process_loop(method: str) -> None:
    # Demand 1 panel: x0 = 1 + 0.5 x2, x1 = 0.2 x0, x2 = 0.5 x1 → x = (20, 4, 2) / 19.
    x = leontief_solve(LOOP_A, [1.0, 0.0, 0.0], method=method, rtol=EXACT)
    np.testing.assert_allclose(x, np.array([20.0, 4.0, 2.0]) / 19, rtol=1e-12)
    # Only panel making draws energy directly (1 J per panel): m = d + m A → m = (20, 5, 10) / 19 J/unit.
    m = embodied_intensities(LOOP_A, [[1.0, 0.0, 0.0]], method=method, rtol=EXACT)
    np.testing.assert_allclose(m, [np.array([20.0, 5.0, 10.0]) / 19], rtol=1e-12)


def test_shapes_follow_inputs() -> None:
    assert leontief_solve(MB_A, [1.0, 2.0]).shape == (2,)
    assert leontief_solve(MB_A, np.ones((2, 3))).shape == (2, 3)
    assert leontief_solve(MB_A, np.ones((2, 0))).shape == (2, 0)
    assert embodied_intensities(MB_A, [1.0, 2.0]).shape == (2,)
    assert embodied_intensities(MB_A, np.ones((4, 2))).shape == (4, 2)
    assert leontief_solve([[0]], [3]).tolist() == [3.0]  # integers accepted


def test_zero_demand_gives_zero_activity() -> None:
    for method in METHODS:
        assert np.all(leontief_solve(MB_A, np.zeros((2, 2)), method=method) == 0.0)


def test_inputs_are_not_modified() -> None:
    a = random_productive(np.random.default_rng(1), 50, density=0.2, sparse=True)
    data, y = a.data.copy(), np.ones(50)
    for method in METHODS:
        leontief_solve(a, y, method=method)
        embodied_intensities(a.toarray(), y[None, :], method=method)
    assert np.array_equal(a.data, data)
    assert np.array_equal(y, np.ones(50))


# --- agreement with numpy.linalg.solve ----------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("k", [None, 3])
def test_methods_agree_with_numpy(method: str, sparse: bool, k: int | None) -> None:
    rng = np.random.default_rng(7)
    a = random_productive(rng, 80, density=0.15, rho=0.8, sparse=sparse)
    y = rng.random(80) if k is None else rng.random((80, k))
    np.testing.assert_allclose(leontief_solve(a, y, method=method), exact(a, y), rtol=1e-10)


@pytest.mark.parametrize("method", METHODS)
def test_negative_by_product_entries(method: str) -> None:
    # System expansion credits: some coefficients are negative; ‖|A|‖ stays below 1.
    rng = np.random.default_rng(3)
    a = random_productive(rng, 40, density=0.3, rho=0.7)
    a[rng.random(a.shape) < 0.1] *= -1.0
    y = rng.random((40, 2))
    np.testing.assert_allclose(leontief_solve(a, y, method=method), exact(a, y), rtol=1e-10)


@pytest.mark.parametrize("method", ["auto", "dense", "krylov", "splu"])
def test_productive_although_norm_bound_exceeds_one(method: str) -> None:
    # Mixed units: D A D⁻¹ has the spectrum of A but column and row sums far above 1 (J/kg against kg/J).
    rng = np.random.default_rng(11)
    base = random_productive(rng, 60, density=0.2, rho=0.7)
    scale = 10.0 ** rng.uniform(-3, 3, 60)
    a = scale[:, None] * base / scale[None, :]
    assert min(np.abs(a).sum(axis=0).max(), np.abs(a).sum(axis=1).max()) > 1.0
    y = scale * rng.random(60)
    np.testing.assert_allclose(leontief_solve(a, y, method=method), exact(a, y), rtol=1e-9)
    direct = rng.random((2, 60)) / scale
    expected = direct @ np.linalg.inv(np.eye(60) - a)
    np.testing.assert_allclose(embodied_intensities(a, direct, method=method), expected, rtol=1e-9)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("method", ["auto", "dense", "krylov", "splu"])
@pytest.mark.parametrize("sparse", [False, True])
def test_units_spanning_forty_orders_of_magnitude(method: str, sparse: bool) -> None:
    # FLOP, J, kg and counts side by side: D A D⁻¹ with D across 1e±20. Balancing must undo it exactly, so
    # every entry (not only the largest) comes out to double precision.
    rng = np.random.default_rng(12)
    base = random_productive(rng, 300, density=0.05, rho=0.7)
    scale = 10.0 ** rng.uniform(-20, 20, 300)
    a = scale[:, None] * base / scale[None, :]
    y = scale * rng.random(300)
    x = leontief_solve(sp.csr_array(a) if sparse else a, y, method=method)
    np.testing.assert_allclose(x, scale * exact(base, y / scale), rtol=1e-10)
    direct = rng.random((2, 300)) / scale
    m = embodied_intensities(sp.csr_array(a) if sparse else a, direct, method=method)
    np.testing.assert_allclose(
        m, np.linalg.solve((np.eye(300) - base).T, (direct * scale).T).T / scale, rtol=1e-10
    )


@pytest.mark.parametrize("method", METHODS)
def test_two_cycle_in_mixed_units(method: str) -> None:
    # 0.5 J of electricity per kg of steel... written as 5e7 and 5e-9: ‖A‖ = 5e7 but ρ(A) = 0.5. Balancing
    # must bring the norm bound below 1, so that even the Neumann series applies.
    a = np.array([[0.0, 0.5e8], [0.5e-8, 0.0]])
    y = np.array([1.0, 1e-8])
    expected = np.linalg.solve(np.eye(2) - a, y)
    np.testing.assert_allclose(leontief_solve(a, y, method=method, rtol=EXACT), expected, rtol=1e-12)


@pytest.mark.filterwarnings("error")
def test_unproductive_loop_named_despite_mixed_units() -> None:
    a = with_bad_loop(8, UNPRODUCTIVE["2-cycle gain 1.2"], sparse=False)
    scale = 10.0 ** np.linspace(-15, 15, 8)
    with pytest.raises(UnproductiveError) as info:
        leontief_solve(scale[:, None] * a / scale[None, :], np.ones(8))
    assert info.value.indices.tolist() == [1, 4]


@pytest.mark.parametrize("gap", [1e-6, 1e-10])
def test_dense_mixed_precision_near_the_productivity_limit(gap: float) -> None:
    # κ(I − A) ≈ 1/gap: at 1e-6 single-precision LU plus refinement converges, at 1e-10 it cannot
    # (κ · 6e-8 > 1) and the solver must fall back to a double LU; both are as accurate as κ allows.
    rng = np.random.default_rng(9)
    a = random_productive(rng, 60, rho=1.0 - gap)
    y = rng.random((60, 2))
    x = leontief_solve(a, y, method="dense")
    np.testing.assert_allclose(x, exact(a, y), rtol=1e-14 / gap)


def test_neumann_proven_by_weighted_norm() -> None:
    # ρ(A) = 0.5 but ‖A‖₁ = ‖A‖∞ = 1.4: the Collatz–Wielandt weighting proves a bound below 1, so the series runs.
    a = np.array([[0.5, 0.9], [0.0, 0.5]])
    # the series guarantees 1e-12 in the weighted norm; componentwise that is a few 1e-12 here
    x = leontief_solve(a, [1.0, 1.0], method="neumann")
    np.testing.assert_allclose(x, exact(a, np.ones(2)), rtol=1e-10)
    assert choose_method(a) in {"neumann", "dense"}


def test_neumann_refuses_without_norm_bound() -> None:
    # A = [[0.6, 0.6], [-0.6, 0.6]]: eigenvalues 0.6 ± 0.6i, so ρ(A) = 0.85, but ρ(|A|) = 1.2 and no weighting of
    # |A| proves a bound below 1 (hand calculation).
    a = np.array([[0.6, 0.6], [-0.6, 0.6]])
    with pytest.raises(ValueError, match="Neumann series needs"):
        leontief_solve(a, [1.0, 1.0], method="neumann")
    np.testing.assert_allclose(leontief_solve(a, [1.0, 1.0]), exact(a, np.ones(2)), rtol=1e-12)


def test_mixed_unit_table_proves_series() -> None:
    # A heavy row (one energy carrier used by every process, J per kg) beside light columns (kg per J): the plain
    # norms are far above 1, the spectral radius ≈ 0.2; the weighted bound must prove the series (issue 17).
    rng = np.random.default_rng(7)
    n = 300
    a = sp.random_array((n, n), density=0.01, rng=rng, format="csr") * 0.02
    a = sp.lil_array(a)
    a[0, 1:] = 1.8e6  # J of electricity per kg of each product
    a[1:, 0] = 1e-10  # kg of each product per J of electricity
    a = sp.csr_array(a)
    assert min(abs(a).sum(axis=0).max(), abs(a).sum(axis=1).max()) > 1.0
    assert choose_method(a) in {"neumann", "krylov"}  # proven: not dense LU
    np.testing.assert_allclose(
        leontief_solve(a, np.ones(n), method="neumann"), exact(a, np.ones(n)), rtol=1e-9
    )
    y = rng.random(n)
    np.testing.assert_allclose(leontief_solve(a, y), leontief_solve(a, y, method="dense"), rtol=1e-9)


# --- property tests -----------------------------------------------------------------------------------------


@st.composite
def productive_systems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Nonnegative A (random sparsity, ‖A‖₁ = rho ≤ 0.95) and a demand y, signed or not, 1-D or 2-D."""
    n = draw(st.integers(1, 12))
    values = draw(hnp.arrays(np.float64, (n, n), elements=st.floats(0.0, 1.0)))
    mask = draw(hnp.arrays(np.bool_, (n, n)))
    rho = draw(st.floats(0.0, 0.95))
    a = np.where(mask & (values > 1e-9), values, 0.0)
    sums = a.sum(axis=0)
    a = a * np.divide(rho, sums, out=np.zeros(n), where=sums > 0)
    shape = draw(st.sampled_from([(n,), (n, 2)]))
    y = draw(hnp.arrays(np.float64, shape, elements=st.floats(-1e3, 1e3)))
    return a, y


@settings(max_examples=60, deadline=None)
@given(system=productive_systems(), method=st.sampled_from(["auto", "dense", "splu", "krylov"]))
def test_direct_and_krylov_residual_and_error(system: tuple[np.ndarray, np.ndarray], method: str) -> None:
    a, y = system
    x = leontief_solve(a, y, method=method)
    x_exact = exact(a, y)
    residual = np.linalg.norm(y - (x - a @ x))
    assert residual <= 1e-11 * (np.linalg.norm(y) + np.linalg.norm(x)) + 1e-300
    # ‖A‖₁ ≤ 0.95 bounds κ₁(I − A) by 1.95 / 0.05 = 39: both direct (κ u) and GMRES (κ rtol) are far inside.
    assert np.linalg.norm(x - x_exact) <= 1e-9 * np.linalg.norm(x_exact) + 1e-300


@settings(max_examples=60, deadline=None)
@given(system=productive_systems(), rtol=st.sampled_from([1e-3, 1e-6, 1e-12]), sparse=st.booleans())
def test_neumann_error_bound_holds(system: tuple[np.ndarray, np.ndarray], rtol: float, sparse: bool) -> None:
    a, y = system
    x = leontief_solve(sp.csr_array(a) if sparse else a, y, method="neumann", rtol=rtol)
    x_exact = exact(a, y).reshape(len(a), -1)
    # The documented guarantee, per column, in the norm the bound was taken in (‖A‖₁ ≤ ‖A‖∞ → the 1-norm).
    order = 1 if np.abs(a).sum(axis=0).max() <= np.abs(a).sum(axis=1).max() else np.inf
    error = np.linalg.norm(x.reshape(len(a), -1) - x_exact, ord=order, axis=0)
    rounding = 1e-13 * np.linalg.norm(x_exact, ord=order, axis=0)
    assert np.all(error <= rtol * np.linalg.norm(x_exact, ord=order, axis=0) + rounding + 1e-300)


@settings(max_examples=40, deadline=None)
@given(system=productive_systems(), method=st.sampled_from(METHODS))
def test_embodied_equals_direct_times_inverse(system: tuple[np.ndarray, np.ndarray], method: str) -> None:
    a, y = system
    direct = np.abs(np.atleast_2d(y.T))  # [s, n] nonnegative draws
    expected = direct @ np.linalg.inv(np.eye(len(a)) - a)  # test-only use of the inverse
    got = embodied_intensities(a, direct, method=method)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12 * np.abs(expected).max(initial=0.0))


# --- embodied intensities -----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_embodied_small_dense_and_sparse(method: str) -> None:
    rng = np.random.default_rng(5)
    a = random_productive(rng, 30, density=0.3, rho=0.75, sparse=True)
    direct = rng.random((2, 30)) * [[3.6e6], [1.0]]  # primary energy [J/unit] and mass [kg/unit]
    expected = direct @ np.linalg.inv(np.eye(30) - a.toarray())
    np.testing.assert_allclose(embodied_intensities(a, direct, method=method), expected, rtol=1e-10)
    np.testing.assert_allclose(embodied_intensities(a.toarray(), direct, method=method), expected, rtol=1e-10)


def test_embodied_sparse_n20000_is_fast() -> None:
    rng = np.random.default_rng(20_000)
    a = random_productive(rng, 20_000, density=0.005, rho=0.6, sparse=True)
    direct = rng.random((2, 20_000))
    assert (
        choose_method(a, n_rhs=2) == "krylov"
    )  # proven ρ = 0.6; GMRES costed below the series at 100 nnz/col
    start = time.perf_counter()
    m = embodied_intensities(a, direct)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"embodied_intensities took {elapsed:.2f} s at n = 20,000"
    # (I − A)ᵀ mᵢ = dᵢ, i.e. M − M A = D; with ‖A‖ ≤ 0.6 the residual is ≤ 1.6 × the guaranteed error.
    residual = np.abs(direct - (m - np.asarray(m @ a))).max(axis=1)
    assert np.all(residual <= 1.6e-12 * np.abs(m).max(axis=1) * 1.01)
    assert np.all(m >= direct)


# --- unproductive systems -----------------------------------------------------------------------------------


def with_bad_loop(n: int, loop: dict[tuple[int, int], float], *, sparse: bool) -> np.ndarray | sp.csr_array:
    """A productive system whose processes in ``loop`` also supply the others but take nothing from them."""
    a = random_productive(np.random.default_rng(n), n, density=min(1.0, 20 / n), rho=0.5, sparse=False)
    bad = sorted({i for pair in loop for i in pair})
    a[:, bad] = 0.0  # the loop's own processes consume only from each other
    for (i, j), value in loop.items():
        a[i, j] = value
    return sp.csr_array(a) if sparse else a


UNPRODUCTIVE = {
    "self-loop 1.2": {(3, 3): 1.2},
    "2-cycle gain 1.2": {(1, 4): 2.0, (4, 1): 0.6},
    "2-cycle gain 1 (singular)": {(2, 5): 2.0, (5, 2): 0.5},
}


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("method", ["auto", "dense", "krylov", "splu"])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("case", UNPRODUCTIVE)
def test_unproductive_names_the_loop(case: str, sparse: bool, method: str) -> None:
    loop = UNPRODUCTIVE[case]
    a = with_bad_loop(8, loop, sparse=sparse)
    expected = sorted({i for pair in loop for i in pair})
    with pytest.raises(UnproductiveError) as info:
        leontief_solve(a, np.ones(8), method=method)
    assert info.value.indices.tolist() == expected
    assert str(expected[0]) in str(info.value)
    with pytest.raises(UnproductiveError):
        embodied_intensities(a, np.ones((2, 8)), method=method)
    with pytest.raises(UnproductiveError):
        check_productive(a)


@pytest.mark.filterwarnings("error")
def test_unproductive_loop_found_in_a_large_sparse_system() -> None:
    a = with_bad_loop(3_000, {(10, 2_000): 1.5, (2_000, 10): 0.8}, sparse=True)
    with pytest.raises(UnproductiveError) as info:
        leontief_solve(a, np.ones(3_000))
    assert info.value.indices.tolist() == [10, 2_000]
    assert [c.tolist() for c in info.value.components] == [[10, 2_000]]


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("method", ["auto", "dense", "krylov", "splu"])
def test_singular_with_negative_entries(method: str) -> None:
    a = np.array([[0.5, -0.5], [-0.5, 0.5]])  # I − A = [[.5, .5], [.5, .5]]
    with pytest.raises(UnproductiveError, match="singular") as info:
        leontief_solve(a, [1.0, 0.0], method=method)
    assert info.value.indices.tolist() == [0, 1]


def test_unproductive_error_is_a_family_value_error_and_pickles() -> None:
    with pytest.raises(UnproductiveError) as info:
        leontief_solve([[0.0, 2.0], [0.6, 0.0]], [1.0, 1.0])
    error = info.value
    assert isinstance(error, ValueError)
    assert isinstance(error, WattsAndTonsError)
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
    assert copy.indices.tolist() == [0, 1]


def test_check_productive_accepts_productive_systems() -> None:
    check_productive(MB_A)
    check_productive(np.array([[0.0, 2.0], [0.1, 0.0]]))  # ‖A‖ = 2 but ρ(A) ≈ 0.45


# --- method choice and limits -------------------------------------------------------------------------------


def test_choose_method() -> None:
    rng = np.random.default_rng(0)
    # proven ρ = 0.6 (k = 56 terms at rtol 1e-12): the cheaper of series and GMRES by the documented costs
    assert choose_method(random_productive(rng, 200)) == "krylov"  # 56·46,000 > 25·72,000 (hand calculation)
    assert choose_method(random_productive(rng, 40)) == "neumann"  # 56·6,800 < 25·31,600
    assert choose_method(random_productive(rng, 2_000, density=0.005, sparse=True), n_rhs=2) == "krylov"
    # no proof (ρ ≥ 1 by every bound): dense LU up to DENSE_MAX_N, GMRES above
    big = DENSE_MAX_N + 1
    above_one = sp.csr_array(sp.random_array((big, big), density=1e-3, rng=rng) * 10.0)
    assert choose_method(above_one) == "krylov"
    rotation = np.kron(np.eye(50), [[0.6, 0.6], [-0.6, 0.6]])  # ρ(A) = 0.85 but ρ(|A|) = 1.2: no proof
    assert choose_method(rotation) == "dense"
    # nearly triangular: sparse LU
    triangular = sp.csr_array(sp.triu(random_productive(rng, 300, density=0.05, sparse=True)))
    assert choose_method(triangular) == "splu"
    np.testing.assert_allclose(
        leontief_solve(triangular, np.ones(300)), exact(triangular, np.ones(300)), rtol=1e-12
    )


def test_iteration_limit_raises_convergence_error() -> None:
    a = random_productive(np.random.default_rng(2), 20, rho=0.9)
    with pytest.raises(ConvergenceError, match="3 terms"):
        leontief_solve(a, np.ones(20), method="neumann", max_iter=3)


# --- bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "y", "message"),
    [
        (np.zeros((2, 3)), np.ones(2), "square"),
        (np.zeros((0, 0)), np.ones(0), "square"),
        (np.zeros((2, 2, 2)), np.ones(2), "square"),
        (MB_A, np.ones(3), r"shape \(2,\) or \(2, k\)"),
        (MB_A, np.ones((2, 2, 1)), "shape"),
        (np.array([[0.1, np.nan], [0.0, 0.1]]), np.ones(2), "A has non-finite"),
        (sp.csr_array(np.array([[0.1, np.inf], [0.0, 0.1]])), np.ones(2), "A has non-finite"),
        (MB_A, np.array([1.0, np.nan]), "y has non-finite"),
        (MB_A.astype(complex), np.ones(2), "real"),
        (np.array([["a", "b"], ["c", "d"]]), np.ones(2), "real"),
        (MB_A, sp.csr_array(np.ones((2, 1))), "dense array"),
    ],
)
def test_bad_input_raises_value_error(a: object, y: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        leontief_solve(a, y)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"method": "inverse"}, "method must be one of"),
        ({"rtol": 0.0}, "rtol"),
        ({"rtol": 1.0}, "rtol"),
        ({"max_iter": 0}, "max_iter"),
        ({"max_iter": 2.5}, "max_iter"),
    ],
)
def test_bad_options_raise_value_error(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        leontief_solve(MB_A, np.ones(2), **options)  # type: ignore[arg-type]


def test_bad_direct_shape() -> None:
    with pytest.raises(ValueError, match=r"\(s, 2\)"):
        embodied_intensities(MB_A, np.ones((2, 3)))
    with pytest.raises(ValueError, match="direct has non-finite"):
        embodied_intensities(MB_A, [[1.0, np.inf]])


def test_certificate_needs_positive_z_and_contraction() -> None:
    from wattsandtons.balance.leontief import _certifies

    assert _certifies(np.array([[0.5]]), np.array([2.0]))  # the exact z = (1 − 0.5)⁻¹
    assert _certifies(np.array([[0.5]]), np.array([1.0]))  # any z > 0 with A z < z will do
    assert not _certifies(np.array([[1.2]]), np.array([1.0]))  # z > 0 but A z > z
    assert not _certifies(np.array([[1.2]]), np.array([-5.0]))  # the exact z, negative


# --- stacks of dense systems (ensemble members) ------------------------------------------------------------------


def test_stack_matches_each_member_solved_alone() -> None:
    rng = np.random.default_rng(11)
    stack = np.stack([random_productive(rng, 30, rho=0.9) for _ in range(5)])
    stack[:, 0, 1:] *= 1e9  # mixed units: J per kg in one row …
    stack[:, 1:, 0] *= 1e-9  # … kg per J in its column (ρ unchanged: the loop 0 → j → 0 keeps its product)
    y = rng.random((5, 30, 3))
    x = leontief_solve_stack(stack, y)
    for m in range(5):
        np.testing.assert_allclose(x[m], exact(stack[m], y[m]), rtol=1e-9)


def test_stack_refuses_an_unproductive_member() -> None:
    # member 1 needs 1.25 units of its own product per unit: ρ = 1.25 ≥ 1 (hand calculation), though I − A is
    # invertible and the solve returns finite numbers (−4 per unit of demand).
    stack = np.array([[[0.5]], [[1.25]]])
    with pytest.raises(UnproductiveError, match="not productive"):
        leontief_solve_stack(stack, np.ones((2, 1)))
    with pytest.raises(ValueError, match="stack of square"):
        leontief_solve_stack(np.ones((2, 3)), np.ones((2, 3)))


@pytest.mark.parametrize("size", [4.23779103e-253, 1e-300, 1.0, 1e250])
def test_krylov_scale_free(size: float) -> None:
    # Found by hypothesis: GMRES returned y unchanged for a right-hand side of 4e-253 (its norms underflow).
    # The system is linear, so the answer scales exactly: (1 − 0.875)⁻¹ y = 8 y.
    got = leontief_solve(np.array([[0.875]]), [size], method="krylov")
    assert got[0] == pytest.approx(8.0 * size, rel=1e-12)
