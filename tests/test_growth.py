"""Growth: analytic checks, conservation, determinism, Dask, sensitivity and the CLI."""

from __future__ import annotations

import math

import numpy as np
import pytest
from typer.testing import CliRunner

from wattsandtons.cli import app
from wattsandtons.growth import GrowthError, prepare, simulate
from wattsandtons.growth.results import first_year
from wattsandtons.scenario import load_scenario, parse_scenario

YEAR = 365.25 * 86400.0

REPLICATOR = """\
name: replicator
commodities:
  widget: {unit: t}
  vitamin: {unit: t}
processes:
  factory:
    outputs: {widget: 1 t}
    capacity: CAP t/yr
    lifetime: LIFE yr
    capital: {per: 1 t/yr, inputs: {widget: K t VITAMIN}}
boundary:
  IMPORTS
growth:
  start: 2030
  end: 2050
  step: STEP
  policy: shares
  reinvest: {factory: SHARE}
  REPLACE
"""


def replicator(
    *,
    cap=1.0,
    life=1e15,
    k=10.0,
    step="year",
    share=1.0,
    vitamin: float | None = None,
    limit: float | None = None,
    replace: bool = True,
) -> str:
    text = (
        REPLICATOR.replace("CAP", str(cap))
        .replace("LIFE", str(life))
        .replace("STEP", step)
        .replace("SHARE", str(share))
    )
    text = text.replace("K t", f"{k} t").replace("REPLACE", "" if replace else "replace_retirements: false")
    if vitamin is None:
        return text.replace(" VITAMIN", "").replace("IMPORTS", "{}")
    return text.replace(" VITAMIN", f", vitamin: {vitamin} t").replace(
        "IMPORTS", f"imports: {{vitamin: {{limit: {limit} t/yr, embodied_energy: 1 GJ/t}}}}"
    )


def capacity(run, plant: str = "factory") -> np.ndarray:
    return run.dataset["capacity"].sel(plant=plant).values[0] * YEAR / 1000  # t/yr


@pytest.mark.parametrize(
    ("step", "dt"), [("year", 1.0), ("quarter", 0.25), ("month", 1 / 12), ("week", 1 / 52)]
)
def test_self_replicator_doubles_in_ln2_k_over_r(step: str, dt: float) -> None:
    """dC/dt = r C / k with r = 1 (output per unit capacity per year), k = 10 yr: C = e^{t/k}, doubling in k ln 2.

    The scheme exactly: Heun sub-steps h = dt / n, C = (1 + z + z²/2)^(steps · n) with z = h/k (1e-9); the closed
    form within 1e-3 relative over 20 years (the bound g³ h² T / 6 = 0.001 · (1/52)² · 20 / 6 = 1.2e-6)."""
    k = 10.0
    run = simulate(parse_scenario(replicator(k=k, step=step), "r.yaml"))
    c = capacity(run)
    n = run.structure.substeps
    z = dt / n / k
    t = np.arange(len(c)) * dt
    assert np.allclose(c, (1 + z + z * z / 2) ** (np.arange(len(c)) * n), rtol=1e-9)
    assert np.allclose(c, np.exp(t / k), rtol=1e-3)
    doubling = float(run.dataset["doubling_time"].sel(plant="factory").values[0])
    assert doubling == pytest.approx(k * math.log(2), rel=1e-3)


def test_halving_the_substep_quarters_the_error() -> None:
    """Heun's method is second order: the log error of e^{t/k} falls fourfold when the sub-step halves (5 %)."""
    k, text = 10.0, replicator(k=10.0)
    errors = []
    for n in (2, 4, 8):
        run = simulate(prepare(parse_scenario(text, "r.yaml"), substeps=n))
        c = capacity(run)
        errors.append(abs(math.log(c[-1]) - (len(c) - 1) / k))
    assert errors[0] / errors[1] == pytest.approx(4.0, rel=0.05)
    assert errors[1] / errors[2] == pytest.approx(4.0, rel=0.05)


def test_import_limit_sets_a_linear_growth_rate() -> None:
    """Each t/yr of capacity needs 0.5 t of an import limited to 2 t/yr: capacity grows by 4 t/yr each year."""
    run = simulate(parse_scenario(replicator(cap=1000, k=1.0, vitamin=0.5, limit=2.0), "r.yaml"))
    c = capacity(run)
    assert np.allclose(np.diff(c), 2.0 / 0.5, rtol=1e-9)
    assert set(run.bottlenecks().index) == {"limit vitamin@earth"}
    drawn = run.dataset["drawn"].sel(node="vitamin@earth").values[0] * YEAR / 1000  # t/yr
    assert np.allclose(drawn, 2.0, rtol=1e-9)


def test_first_order_retirement_by_hand() -> None:
    """C = 100 e^{−t/10} (closed form, 1e-3) and (1 − z + z²/2)^(n·steps), z = h/10, exactly (the scheme, 1e-9)."""
    run = simulate(parse_scenario(replicator(cap=100, life=10, share=0.0, replace=False), "r.yaml"))
    c = capacity(run)
    n = run.structure.substeps
    z = 1 / n / 10
    assert np.allclose(c, 100 * (1 - z + z * z / 2) ** (np.arange(len(c)) * n), rtol=1e-9)
    assert np.allclose(c, 100 * np.exp(-np.arange(len(c)) / 10), rtol=1e-3)


def test_replacement_keeps_capacity_level() -> None:
    run = simulate(parse_scenario(replicator(cap=100, life=10, share=0.0, k=1.0), "r.yaml"))
    assert np.allclose(capacity(run), 100, rtol=1e-9)


def test_wrights_law_on_capital_by_hand() -> None:
    text = (
        replicator(k=10.0).replace("  REPLACE\n", "")
        + "  learning: {factory: {progress_ratio: 0.8, applies_to: [capital], floor: 0.1}}\n"
    )
    run = simulate(parse_scenario(text, "r.yaml"))
    c = capacity(run)
    n = run.structure.substeps // 12  # sub-steps per month; learning is applied month by month
    expected, C, Q, q0, factor = [], 1.0, 0.0, 1.0, 1.0
    for month in range(12 * len(c)):
        if month % 12 == 0:
            expected.append(C)
        h = 1 / 12 / n  # yr
        z = h / (10.0 * factor)
        r = 1 + z + z * z / 2  # Heun's sub-step growth factor
        Q += C * (1 + z / 2) * h * (r**n - 1) / (r - 1)  # the month's output at cf 1 (t): trapezoids
        C = C * r**n
        factor = max(0.1, (max(Q, q0) / q0) ** math.log2(0.8))
    assert np.allclose(c, expected, rtol=1e-9)


@pytest.fixture(scope="module")
def ensemble():
    return simulate(load_scenario("closed_loop_earth"), members=64, seed=7)


def test_conservation_every_step(ensemble) -> None:
    ds = ensemble.dataset
    assert float(ds["energy_residual"].max()) <= 1e-9
    assert float(ds["mass_residual"].max()) <= 1e-9


@pytest.mark.parametrize("name", ["closed_loop_earth", "orbital_datacentres", "ecosystem"])
def test_capacity_is_the_euler_integral_of_building_minus_retirement(name: str) -> None:
    """The compiled step rule's record is consistent: C[t+1] = max(C[t] + (build[t] − retire[t]) dt, 0).

    closed_loop_earth re-solves its coefficients every step (learning, imports that give way); the others may not;
    both kernel paths are covered. Tolerance 1e-12 relative: the same operations in a different order.
    """
    run = simulate(load_scenario(name), members=16, seed=3)
    ds = run.dataset
    dt = float(ds.attrs["step_s"])
    C, build, retire = (ds[v].values for v in ("capacity", "build_rate", "retire_rate"))
    expected = np.maximum(C[:, :-1] + (build[:, :-1] - retire[:, :-1]) * dt, 0.0)
    assert np.allclose(C[:, 1:], expected, rtol=1e-12, atol=1e-12 * float(np.abs(C).max()))
    assert np.all(build >= 0.0) and np.all(retire >= 0.0)
    assert float(ds["energy_residual"].max()) <= 1e-9 and float(ds["mass_residual"].max()) <= 1e-9


def test_state_only_run_matches_the_full_run() -> None:
    """``derive=False`` (the state kernel alone) records the same state as a run that derives every flow."""
    from wattsandtons.growth import prepare, sample_parameters
    from wattsandtons.growth.core import simulate_chunk
    from wattsandtons.growth.model import build_coefficients

    scenario = load_scenario("lunar_mass_driver")
    structure = prepare(scenario)
    coef = build_coefficients(structure, sample_parameters(scenario, 8, 5))
    full, state = simulate_chunk(structure, coef), simulate_chunk(structure, coef, derive=False)
    for field in ("capacity", "build_rate", "demand_met", "bottleneck"):
        assert np.array_equal(getattr(full, field), getattr(state, field)), field


LEARNER = """\
name: learner
commodities:
  widget: {unit: t}
  power: {unit: MWh}
  ore: {unit: t}
processes:
  factory:
    outputs: {widget: 1 t}
    inputs: {power: 2 MWh, ore: 3 t}
    capacity: 1 t/yr
    lifetime: 1e15 yr
    capital: {per: 1 t/yr, inputs: {widget: 10 t}}
boundary:
  resources: {power: {}, ore: {}}
growth:
  start: 2030
  end: 2050
  policy: shares
  reinvest: {factory: 1.0}
  learning:
    factory: {progress_ratio: 0.8, applies_to: APPLIES}
"""


@pytest.mark.parametrize(
    ("applies", "power_learns", "ore_learns"),
    [("[energy_inputs]", True, False), ("[material_inputs]", False, True), ("[inputs]", True, True)],
)
def test_learning_on_energy_or_material_inputs(applies: str, power_learns: bool, ore_learns: bool) -> None:
    """Wright's law on energy inputs makes power per widget fall by (Q/Q₀)^log₂0.8 and leaves ore per widget alone."""
    run = simulate(parse_scenario(LEARNER.replace("APPLIES", applies), "l.yaml"))
    ds = run.dataset
    made = ds["production"].sel(process="factory").values[0]  # widgets per second (kg/s)
    per_widget = {n: ds["drawn"].sel(node=f"{n}@earth").values[0] / made for n in ("power", "ore")}
    first = {"power": 2 * 3.6e9 / 1000, "ore": 3.0}  # J per kg and kg per kg of widget
    for node, learns in (("power", power_learns), ("ore", ore_learns)):
        assert per_widget[node][0] == pytest.approx(first[node], rel=1e-12)
        if learns:  # cumulative output grows ~×40 over 20 years: the multiplier falls well below 1
            assert per_widget[node][-1] < 0.5 * first[node]
            assert np.all(np.diff(per_widget[node]) <= 1e-12 * first[node])
        else:
            assert np.allclose(per_widget[node], first[node], rtol=1e-12)


def test_ensemble_varies_and_milestones_are_ordered(ensemble) -> None:
    ds = ensemble.dataset
    assert ds.sizes["member"] == 64
    assert float(ds["parameters"].std("member").min()) > 0
    table = ensemble.milestones
    assert list(table.columns) == ["milestone", "reached_share", "p10_year", "p50_year", "p90_year"]
    reached = table[table.reached_share == 1.0]
    assert (reached.p10_year <= reached.p50_year).all() and (reached.p50_year <= reached.p90_year).all()


def test_same_seed_identical_other_seed_different() -> None:
    scenario = load_scenario("closed_loop_earth")
    a = simulate(scenario, members=20, seed=3, chunk_size=7)
    again = simulate(scenario, members=20, seed=3, chunk_size=7)
    b = simulate(scenario, members=20, seed=3)
    c = simulate(scenario, members=20, seed=4)
    assert a.dataset.identical(again.dataset)  # bit-identical for the same seed and chunking
    # other chunkings change only the summation order inside BLAS; the balanced policy's switching between binding
    # constraints amplifies that rounding to about 5e-8 over 34 years: agreement to 1e-6
    np.testing.assert_allclose(a.dataset["capacity"].values, b.dataset["capacity"].values, rtol=1e-6)
    np.testing.assert_array_equal(a.dataset["parameters"].values, b.dataset["parameters"].values)
    assert not np.array_equal(a.dataset["capacity"].values, c.dataset["capacity"].values)


def test_dask_local_cluster_gives_identical_numbers() -> None:
    scenario = load_scenario("closed_loop_earth")
    local = simulate(scenario, members=12, seed=5, chunk_size=4)
    remote = simulate(scenario, members=12, seed=5, chunk_size=4, dask_local=2)
    assert local.dataset.identical(remote.dataset)


def test_first_year() -> None:
    series = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    years = first_year(series, np.array([2030.0, 2031.0, 2032.0]), 2.0, at_least=True)
    assert years[0] == 2031.0 and years[1] == np.inf


def test_no_growth_block_is_a_clear_error() -> None:
    text = replicator().split("growth:")[0]
    with pytest.raises(GrowthError, match="no 'growth' block"):
        simulate(parse_scenario(text, "r.yaml"))


def test_unbounded_growth_is_reported() -> None:
    text = replicator(cap=10, k=1.0, vitamin=1.0, limit=1.0).replace("{limit: 1.0 t/yr, ", "{")
    text = text.replace(
        "capital: {per: 1 t/yr, inputs: {widget: 1.0 t, vitamin: 1.0 t}}",
        "capital: {per: 1 t/yr, inputs: {vitamin: 1.0 t}}",
    )
    with pytest.raises(GrowthError, match="not limited by any capacity or draw limit"):
        simulate(parse_scenario(text, "r.yaml"))


def test_sensitivity_names_a_dominant_parameter(tmp_path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "sensitivity",
            "closed_loop_earth",
            "-o",
            "milestone:Specialty materials refined in the loop >= 10 kt/yr",
            "--base",
            "8",
            "--until",
            "2045",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "dominant parameter:" in result.stdout
    assert (tmp_path / "sobol.csv").read_text().startswith("parameter,S1,S1_conf,ST,ST_conf,output")


runner = CliRunner()


def test_cli_run_twice_gives_identical_files(tmp_path) -> None:
    for name in ("a", "b"):
        result = runner.invoke(
            app, ["run", "closed_loop_earth", "--members", "50", "--seed", "1", "--out", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    assert "Milestones" in result.stdout and "P50" in result.stdout
    for file in ("trajectories.nc", "milestones.csv", "summary.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "closed_loop_earth", "--members", "0"], "--members must be between"),
        (["run", "closed_loop_earth", "--until", "2000"], "must be after the growth start year"),
        (["sensitivity", "closed_loop_earth", "--base", "7"], "power of two"),
        (
            [
                "sensitivity",
                "closed_loop_earth",
                "--base",
                "8",
                "-o",
                "capacity:nowhere:2040",
                "--until",
                "2041",
            ],
            "unknown plant",
        ),
    ],
)
def test_cli_bad_growth_options_exit_2(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr


def test_production_milestone_on_a_link_counts_payload_mass() -> None:
    text = """\
name: hop
locations: {earth: {kind: earth}, leo: {kind: orbit}}
commodities:
  sat: {unit: piece, mass_per_unit: 2 t/piece}
processes:
  factory: {outputs: {sat: 1 piece}, capacity: 100 piece/yr}
links:
  rocket: {from: earth, to: leo, carries: [sat], per: 1 t, capacity: 1000 t/yr}
boundary:
  demand: {sat@leo: 50 piece/yr}
growth:
  start: 2030
  end: 2032
  milestones:
    - {name: launch >= 90 t/yr, metric: production, of: rocket, at_least: 90 t/yr}
"""
    run = simulate(parse_scenario(text, "hop.yaml"))
    assert run.milestones.p50_year[0] == 2030  # 50 satellites × 2 t = 100 t/yr moved from the first year
