"""Importing the ledger stays light: no SciPy, pandas, pint or the scenario language (issue 14).

The ledger keeps exact integers; pint (which itself imports NumPy and SciPy) loads only when a quantity with a unit is
first read. The test checks which modules a fresh interpreter has imported, as ``tests/test_cli_startup.py`` does for
the command line.
"""

from __future__ import annotations

import json
import subprocess
import sys

#: What the ledger must not load just by being imported (or by posting integer amounts).
FORBIDDEN = frozenset({"scipy", "pandas", "pint", "numpy", "numba", "xarray", "plotly", "dask"})


def _loaded_after(code: str) -> tuple[set[str], set[str]]:
    script = f"import json, sys\n{code}\nprint('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = set(json.loads(done.stdout.rsplit("MODULES ", 1)[1]))
    return {n.split(".")[0] for n in names}, {n for n in names if n.startswith("wattsandtons.")}


def test_importing_the_ledger_loads_no_heavy_library_nor_the_scenario_language() -> None:
    top, ours = _loaded_after(
        "import wattsandtons.ledger.api, wattsandtons.ledger.statements, wattsandtons.ledger.verify\n"
        "from wattsandtons.ledger import Ledger, Transfer\n"
        "Ledger\n"
    )
    assert not top & FORBIDDEN, sorted(top & FORBIDDEN)
    assert not {n for n in ours if n.startswith(("wattsandtons.scenario", "wattsandtons.balance"))}, sorted(
        ours
    )
    assert "wattsandtons.statement" in ours  # the shared Statement type sits at the bottom layer


def test_integer_postings_stay_light(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    top, _ = _loaded_after(
        "from wattsandtons.ledger import Ledger, Transfer\n"
        f"ledger = Ledger({url!r})\n"
        "ledger.create_accounts([])\n"
        "print(ledger.head())\n"
    )
    assert not top & FORBIDDEN, sorted(top & FORBIDDEN)


def test_quantities_still_load_pint_when_needed() -> None:
    top, _ = _loaded_after(
        "from wattsandtons.ledger.quantities import parse_amount\n"
        "assert parse_amount('3.6 GJ', unit='Wh', dimension='[energy]', field='amount') == 1_000_000\n"
    )
    assert "pint" in top
