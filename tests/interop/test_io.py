"""Input–output tables in, footprints out: pymrio's own numbers, EXIOBASE-format folders, labelled files, the CLI."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from typer.testing import CliRunner

from wattsandtons.balance import embodied_intensities, leontief_solve
from wattsandtons.cli import app
from wattsandtons.io import IOTableError, from_pymrio, load_model, read_exiobase, read_labelled, read_table

pymrio = pytest.importorskip("pymrio")

RTOL = 1e-12  # the bar for agreement with pymrio


@pytest.fixture(scope="module")
def mrio():
    system = pymrio.load_test()
    system.calc_all()
    return system


def _close(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Same labels, same numbers to RTOL of the largest entry (pymrio inverts, we solve)."""
    assert list(ours.columns) == list(theirs.columns)
    scale = np.abs(theirs.to_numpy()).max()
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=RTOL, atol=RTOL * scale)


def test_pymrio_multipliers_and_footprints_match(mrio) -> None:
    table = from_pymrio(mrio)
    assert table.n_products == 48 and table.n_stressors == 3
    M = table.multipliers(["Emissions"])
    _close(M, mrio.emissions.M)
    D = table.footprints(["Emissions"], demand_level="region", product_level="sector")
    _close(D, mrio.emissions.D_cba)
    total = table.footprints(["Emissions"], demand_level="region", product_level="total", include_direct=True)
    expected = mrio.emissions.D_cba_reg
    np.testing.assert_allclose(
        total.to_numpy(), expected.to_numpy(), rtol=RTOL, atol=RTOL * expected.abs().max().max()
    )
    value_added = table.multipliers(["Value Added"])
    _close(value_added, mrio.factor_inputs.M)
    assert M.attrs["units"] == ["kg per Mill USD", "kg per Mill USD"]


def test_exiobase_format_folder_matches_pymrio(mrio, tmp_path: Path) -> None:
    mrio.save_all(
        tmp_path / "exio", float_format="%.17g"
    )  # the layout EXIOBASE 3 releases use (file_parameters.json, one folder per account)
    table = read_exiobase(tmp_path / "exio")
    assert table.product_unit == "Mill USD"
    _close(table.multipliers(["emissions"]), mrio.emissions.M)
    _close(
        table.footprints(["emissions"], demand_level="region", product_level="sector"), mrio.emissions.D_cba
    )
    assert read_table(tmp_path / "exio").n_stressors == 3


def _miller_blair(folder: Path, *, long: bool) -> None:
    """Miller & Blair (2009) Table 2.3: Z, x = (1000, 2000), f = (350, 1700), written as labelled CSV."""
    folder.mkdir()
    if long:
        pd.DataFrame(
            {
                "row": ["agri", "agri", "manu", "manu"],
                "column": ["agri", "manu", "agri", "manu"],
                "value": [150, 500, 200, 100],
            }
        ).to_csv(folder / "Z.csv", index=False)
    else:
        pd.DataFrame({"product": ["agri", "manu"], "agri": [150, 200], "manu": [500, 100]}).to_csv(
            folder / "Z.csv", index=False
        )
    pd.DataFrame({"product": ["agri", "manu"], "x": [1000, 2000]}).to_csv(folder / "x.csv", index=False)
    # households 400 and 1700; changes in inventories -50 (a draw-down) and 0
    pd.DataFrame({"product": ["agri", "manu"], "households": [400, 1700], "inventories": [-50, 0]}).to_csv(
        folder / "Y.csv", index=False
    )
    (folder / "satellites").mkdir()
    pd.DataFrame(
        {"stressor": ["CO2", "water"], "unit": ["t", "m3"], "agri": [100, 3000], "manu": [400, 1000]}
    ).to_csv(folder / "satellites" / "F.csv", index=False)
    pd.DataFrame({"stressor": ["sink"], "product": ["agri"], "value": [-20.0], "unit": ["t"]}).to_parquet(
        folder / "satellites" / "F_sink.parquet"
    )


@pytest.mark.parametrize("long", [False, True])
def test_labelled_tables_give_the_hand_calculation(tmp_path: Path, long: bool) -> None:
    _miller_blair(tmp_path / "mb", long=long)
    table = read_labelled(tmp_path / "mb", product_unit="USD")
    assert list(table.products) == ["agri", "manu"]
    # A = Z / x = [[0.15, 0.25], [0.2, 0.05]]; L = (I - A)^-1 = [[0.95, 0.25], [0.2, 0.85]] / 0.7575
    det = 0.85 * 0.95 - 0.25 * 0.2
    L = np.array([[0.95, 0.25], [0.2, 0.85]]) / det
    np.testing.assert_allclose(table.A.toarray(), [[0.15, 0.25], [0.2, 0.05]], rtol=1e-15)
    S = np.array([[100 / 1000, 400 / 2000], [3000 / 1000, 1000 / 2000], [-20 / 1000, 0.0]])
    M = table.multipliers()
    # The default solver ("auto": the Neumann series here) guarantees 1e-12 relative in norm, per column.
    np.testing.assert_allclose(M.to_numpy(), S @ L, rtol=1e-11)
    assert M.attrs["units"] == ["t per USD", "m3 per USD", "t per USD"]
    D = table.footprints(demand_level=None, product_level="total")
    np.testing.assert_allclose(D[("inventories", "total")].to_numpy(), (S @ L)[:, 0] * -50, rtol=1e-11)
    assert D.loc[("F", "CO2"), ("inventories", "total")] < 0  # a draw-down of stocks lowers the footprint
    # all final demand (350 and 1700 net of the draw-down) needs the table's own output x = (1000, 2000)
    np.testing.assert_allclose(table.output().sum(axis=1).to_numpy(), [1000.0, 2000.0], rtol=1e-11)
    with pytest.raises(IOTableError, match="include_direct"):
        table.footprints(include_direct=True, product_level=None)


def test_model_folder_round_trip_and_xarray_units(tmp_path: Path, mrio) -> None:
    table = from_pymrio(mrio)
    table.save(tmp_path / "model")
    again = load_model(tmp_path / "model")
    assert again.products.equals(table.products) and again.stressors.equals(table.stressors)
    assert (again.A != table.A).nnz == 0 and again.stressor_units == table.stressor_units
    ds = again.to_xarray(["Emissions"], demand_level="region")
    assert ds["D Emissions|emission_type1|air"].attrs["units"] == "kg"
    assert ds["D Emissions|emission_type1|air"].dims == ("demand", "product")
    assert not list(tmp_path.joinpath("model").glob(".wattsandtons-partial-*"))


def test_errors_are_located(tmp_path: Path, mrio) -> None:
    table = from_pymrio(mrio)
    with pytest.raises(IOTableError, match="no stressor 'emision_type1'"):
        table.multipliers(["emision_type1"])
    with pytest.raises(IOTableError, match=r"no model\.json"):
        load_model(tmp_path)
    table.save(tmp_path / "model")
    (tmp_path / "model" / "A.npz").write_bytes(b"not a matrix")
    with pytest.raises(IOTableError, match="damaged model folder"):
        load_model(tmp_path / "model")
    (tmp_path / "bad").mkdir()
    pd.DataFrame({"product": ["a"], "a": [float("nan")]}).to_csv(tmp_path / "bad" / "A.csv", index=False)
    pd.DataFrame({"product": ["a"], "y": [1.0]}).to_csv(tmp_path / "bad" / "Y.csv", index=False)
    with pytest.raises(IOTableError, match="NaN"):
        read_labelled(tmp_path / "bad")


def _synthetic(
    n: int, stressors: int, per_column: int, seed: int = 1
) -> tuple[sp.csr_array, np.ndarray, np.ndarray]:
    """A random sparse table like EXIOBASE's: ``per_column`` inputs per product, column sums 0.6."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=(n, per_column))
    values = rng.random((n, per_column))
    values *= 0.6 / values.sum(axis=1, keepdims=True)
    cols = np.repeat(np.arange(n), per_column)
    A = sp.csr_array(sp.coo_array((values.ravel(), (rows.ravel(), cols)), shape=(n, n)))
    S = rng.random((stressors, n)) * (rng.random((stressors, n)) < 0.3)
    y = rng.random((n, 4)) - 0.05  # a few negative entries
    return A, S, y


def test_synthetic_sparse_table_solves_fast_in_memory_proportional_to_nonzeros(tmp_path: Path) -> None:
    n, s, k = 2_000, 20, 40
    A, S, y = _synthetic(n, s, k)
    labels = [f"p{i}" for i in range(n)]
    coo = A.tocoo()
    folder = tmp_path / "synthetic"
    (folder / "satellites").mkdir(parents=True)
    pd.DataFrame(
        {"row": np.take(labels, coo.row), "column": np.take(labels, coo.col), "value": coo.data}
    ).to_parquet(folder / "A.parquet")
    pd.DataFrame(y, index=pd.Index(labels, name="product"), columns=[f"r{j}" for j in range(4)]).to_parquet(
        folder / "Y.parquet"
    )
    pd.DataFrame(
        S.T, index=pd.Index(labels, name="product"), columns=[f"s{j}" for j in range(s)]
    ).T.rename_axis("stressor").reset_index().to_parquet(folder / "satellites" / "S.parquet")
    tracemalloc.start()
    start = time.perf_counter()
    table = read_labelled(folder)
    M = table.multipliers()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # the reference: the same solve on the arrays directly
    reference = embodied_intensities(A, S)
    np.testing.assert_allclose(M.to_numpy(), reference, rtol=1e-10, atol=1e-12)
    totals = table.footprints(demand_level=None, product_level="total")
    np.testing.assert_allclose(totals.to_numpy(), reference @ y, rtol=1e-9)
    assert elapsed < 20.0, elapsed  # seconds on a shared 2-core machine; about 1 s when quiet
    # memory in proportion to what the table holds: a dense n x n copy alone would be 32 MB
    held = A.nnz * 12 + s * n * 8 * 6 + n * 4 * 8 * 4
    assert peak < 12 * held, (peak, held)
    assert peak < n * n * 8, peak


def test_labelled_inputs_give_labelled_outputs() -> None:
    labels = pd.Index(["agri", "manu"], name="product")
    A = pd.DataFrame([[0.15, 0.25], [0.2, 0.05]], index=labels, columns=labels)
    x = leontief_solve(A, pd.Series([350.0, 1700.0], index=labels, name="f"))
    assert isinstance(x, pd.Series) and list(x.index) == ["agri", "manu"] and x.name == "f"
    np.testing.assert_allclose(
        x.to_numpy(), [1000.0, 2000.0], rtol=1e-11
    )  # solver guarantee 1e-12 normwise; Miller & Blair Table 2.3
    M = embodied_intensities(A, pd.DataFrame([[1.0, 2.0]], index=["CO2"], columns=labels))
    assert list(M.index) == ["CO2"] and list(M.columns) == ["agri", "manu"]
    assert isinstance(leontief_solve(A.to_numpy(), [350.0, 1700.0]), np.ndarray)
    with pytest.raises(ValueError, match="labels"):
        leontief_solve(A, pd.Series([350.0, 1700.0], index=["manu", "agri"]))


def test_cli_exiobase_folder_to_footprints_in_three_commands(tmp_path: Path, mrio) -> None:
    mrio.save_all(tmp_path / "exio", float_format="%.17g")
    runner = CliRunner()
    done = runner.invoke(app, ["io", "import", str(tmp_path / "exio"), "--out", str(tmp_path / "model")])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["io", "show", str(tmp_path / "model")])
    assert done.exit_code == 0 and "emission_type1" in done.stdout
    done = runner.invoke(
        app,
        [
            "io",
            "footprint",
            str(tmp_path / "model"),
            "-s",
            "emission_type1",
            "--by",
            "region",
            "--format",
            "json",
            "--out",
            str(tmp_path / "fp"),
        ],
    )
    assert done.exit_code == 0, done.output
    records = json.loads(done.stdout)
    reg1 = next(r for r in records if r["demand"] == "reg1")
    expected = mrio.emissions.D_cba_reg.loc[("emission_type1", "air"), "reg1"]
    assert reg1["value"] == pytest.approx(expected, rel=RTOL) and reg1["unit"] == "kg"
    written = {p.name for p in (tmp_path / "fp").iterdir()}
    assert {"multipliers.csv", "footprints.csv", "footprints.nc"} <= written


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["io", "footprint", str(tmp_path)])
    assert done.exit_code == 2
    assert "no model.json" in done.output and "Traceback" not in done.output


def test_readme_three_commands_work_as_written(tmp_path: Path, mrio, monkeypatch) -> None:
    """The README's console block, run in a folder holding an EXIOBASE-format table under the README's name."""
    import re
    import shlex

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From an EXIOBASE-format folder to footprints in three commands", 1)[1]
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL)
    assert block is not None
    commands = [shlex.split(line[2:]) for line in block.group(1).splitlines() if line.startswith("$ ")]
    assert len(commands) == 3 and all(c[0] == "wattsandtons" for c in commands)
    mrio.save_all(tmp_path / "IOT_2022_ixi")
    # pymrio's test system has no CO2 row: its first emission stands in for EXIOBASE's "CO2 - combustion - air"
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for command in commands:
        args = [("emission_type1" if a == "CO2 - combustion - air" else a) for a in command[1:]]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, (command, done.output)
    footprints = pd.read_csv(tmp_path / "footprints" / "footprints.csv")
    reg2 = footprints[footprints["demand"] == "reg2"]["value"].item()
    expected = mrio.emissions.D_cba_reg.loc[("emission_type1", "air"), "reg2"]
    assert reg2 == pytest.approx(expected, rel=1e-11)  # pymrio's text files keep 12 significant digits


def test_io_help_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom wattsandtons.cli import app\ntry:\n    app(['io', '--help'], prog_name='wattsandtons')\n"
        "except SystemExit as exc:\n    assert exc.code in (0, None)\n"
        "heavy = {'numpy', 'pandas', 'scipy', 'xarray', 'pyarrow', 'pymrio'} & {m.split('.')[0] for m in sys.modules}\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "footprint" in done.stdout and "import" in done.stdout


def test_exiobase_matrix_read_in_row_chunks(mrio, tmp_path: Path, monkeypatch) -> None:
    import wattsandtons.io.read as read

    mrio.save_all(tmp_path / "exio", float_format="%.17g")
    monkeypatch.setattr(read, "CHUNK_ROWS", 7)  # 48 rows: seven chunks, the last one short
    table = read_exiobase(tmp_path / "exio")
    np.testing.assert_array_equal(table.A.toarray(), mrio.A.to_numpy())
    assert list(table.products) == list(mrio.A.index)
