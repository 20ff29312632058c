"""The notebook API: ``import wattsandtons as wt``, result reprs and conversions, and the executed notebook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import wattsandtons as wt

NOTEBOOKS = Path(__file__).parents[2] / "docs" / "notebooks"


def test_import_is_light_and_names_resolve() -> None:
    code = (
        "import sys, wattsandtons as wt\n"
        "heavy = {'numpy', 'pandas', 'pint', 'scipy', 'xarray'} & {m.split('.')[0] for m in sys.modules}\n"
        "assert not heavy, heavy\n"
        "assert callable(wt.load) and callable(wt.run)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_subpackages_are_callable_whatever_was_imported_first() -> None:
    from wattsandtons.balance import leontief_solve  # the subpackage first, then the call

    assert callable(wt.balance) and callable(wt.dispatch) and callable(wt.claims)
    assert wt.balance.leontief_solve is leontief_solve
    with pytest.raises(AttributeError, match="no_such_name"):
        wt.no_such_name  # noqa: B018


def test_balance_result_in_a_notebook() -> None:
    b = wt.balance("closed_loop_earth", {"ai_compute": "1e24 FLOP/yr"})
    text = repr(b)
    assert text.startswith("<Balance closed_loop_earth:") and len(text) < 200
    frame = b.to_frame()
    assert frame.index.name == "process" and "datacentre" in frame.index
    ds = b.to_xarray()
    assert ds["node_unit"].sel(node="electricity@earth").item() == "W"
    # activity is the same number in the frame and the dataset
    assert ds["activity"].sel(process="datacentre").item() == frame.loc["datacentre", "activity_per_s"]
    assert "<table" in b._repr_html_()
    assert b.plot("mass").data[0].type == "sankey"


def test_claims_table() -> None:
    c = wt.claims(["C4"])
    assert repr(c).startswith("<ClaimsTable 2 checks")
    assert list(c.to_frame().index) == ["C4a", "C4b"]


def test_demand_errors_are_located() -> None:
    from wattsandtons.errors import WattsAndTonsError

    with pytest.raises(WattsAndTonsError, match="unknown commodity 'ai_compte'"):
        wt.balance("closed_loop_earth", {"ai_compte": "1e24 FLOP/yr"})
    with pytest.raises(WattsAndTonsError, match="ai_compute"):
        wt.balance("closed_loop_earth", {"ai_compute": "1e24 kg"})


def test_quickstart_notebook_runs(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOKS / "quickstart.ipynb", as_version=4)
    # the kernel is this interpreter's own (ipykernel's native "python3" spec uses sys.executable)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = {
        k: "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs)
        for k, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    }
    text = "\n".join(outputs.values())
    assert "<Balance closed_loop_earth" in text and "<Trajectory closed_loop_earth" in text
    assert "<Schedule kyushu" in text and "IOTable(" in text
    # Miller & Blair Table 2.3: all final demand (400 + 1700, less 50 from stocks) needs x = (1000, 2000)
    assert "1000.0" in outputs[max(outputs)] and "2000.0" in outputs[max(outputs)]


def test_statement_frame_in_readable_units() -> None:
    b = wt.balance("closed_loop_earth")
    statement = b.statements["loop.energy"]
    frame = statement.to_frame()
    (unit,) = set(frame["unit"])  # one readable unit for the whole statement, chosen by its largest line
    joules = {"TWh": 3.6e15, "PWh": 3.6e18}[unit]  # by hand: 1 TWh = 3.6e15 J
    largest = frame["amount"].abs().max()
    assert 1 <= largest < 1000
    assert frame.loc[frame["side"] == "in", "amount"].sum() == pytest.approx(
        statement.total_in / joules, rel=1e-12
    )
    assert repr(statement).startswith("<Statement energy of loop: in ")
