"""The workbench views in a real browser (Debian's /usr/bin/chromium through Playwright; never a downloaded build).

Each view is driven as a user would and checked against the JSON API or the Python API: parameters of an uploaded
scenario and an out-of-range what-if, a growth run with warnings and downloads, two runs compared, Sobol
sensitivity, dispatch, claims. Screenshots go to test-artifacts/, or to $WATTSANDTONS_SCREENSHOTS (docs/img for the
README and docs).
"""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from wattsandtons.dispatch import dispatch, load_site
from wattsandtons.scenario import scenario_text
from wattsandtons.web import create_app
from wattsandtons.web.workbench import growth_warnings

from .browser import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"
)
STAND_IN: set[str] = set()  # holds "used" once a run got the stand-in variables below
SLOW = 90_000  # ms: a growth run or Sobol design on a busy 2-core machine


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve(create_app())


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(server + "/")
        page.wait_for_selector("#parameters input")
        yield page
        browser.close()


@pytest.fixture(scope="module")
def shots(pytestconfig: pytest.Config) -> Path:
    folder = Path(os.environ.get("WATTSANDTONS_SCREENSHOTS") or pytestconfig.rootpath / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def _growth_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs carry ``unmet_demand`` and ``utilisation`` as the growth model's new outputs do, derived here from the
    run itself: demand counts as unmet while the P50 closure is below 1 in the first years (a stand-in with the
    right shape, member × time and member × time × plant, so the page's warning path runs end to end)."""
    import wattsandtons.growth as growth

    if os.environ.get("WATTSANDTONS_SCREENSHOTS"):
        return  # screenshots for the docs show real runs only
    real = growth.simulate

    def simulate(*args: Any, **kwargs: Any) -> Any:
        run = real(*args, **kwargs)
        ds = run.dataset
        if "unmet_demand" in ds:
            return run
        STAND_IN.add("used")
        members, steps, plants = ds.sizes["member"], ds.sizes["time"], ds.sizes["plant"]
        unmet = np.zeros((members, steps))
        unmet[:, : max(1, steps // 5)] = 0.2
        use = np.ones((members, steps, plants))
        use[:, :, 0] = 0.3
        ds = ds.assign(
            unmet_demand=(("member", "time"), unmet), utilisation=(("member", "time", "plant"), use)
        )
        return dataclasses.replace(run, dataset=ds)

    monkeypatch.setattr(growth, "simulate", simulate)


def _rows(page: Any, selector: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        f"{selector} tbody tr",
        """rows => rows.map(r => Object.fromEntries([...r.cells].map((c, i) =>
             [r.closest('table').tHead.rows[0].cells[i].textContent, c.textContent])))""",
    )


def test_uploaded_scenario_parameters_and_an_out_of_range_what_if(
    server: str, page: Any, tmp_path: Path, shots: Path
) -> None:
    text, _ = scenario_text("closed_loop_earth")
    upload = tmp_path / "my_loop.yaml"
    upload.write_text(text)
    page.set_input_files("#upload", str(upload))
    page.wait_for_function("document.getElementById('source').textContent.startsWith('uploaded: ')")
    page.wait_for_selector("#parameters input[data-name=solar_cf]")
    assert page.input_value("#parameters input[data-name=solar_cf]") == "0.162"
    page.fill("#parameters input[data-name=solar_cf]", "0.05")  # below the documented 0.11
    assert "outside the documented range" in page.inner_text("#parameters")
    page.click("#balance-button")
    page.wait_for_selector("#warnings li", timeout=SLOW)
    assert "solar_cf = 0.05 is outside its documented range 0.11 – 0.25" in page.inner_text("#warnings")
    page.wait_for_selector("#sankey-energy svg")
    api = httpx.post(
        server + "/api/workbench/balance", json={"yaml": text, "overrides": {"solar_cf": "0.05"}}, timeout=60
    ).json()
    assert page.inner_text("#verdict") == api["verdict"]
    links = page.eval_on_selector_all("#balance-downloads a", "as => as.map(a => a.textContent)")
    assert {"energy_statement.csv", "mass_statement.parquet", "report.html"} <= set(links)
    page.screenshot(path=str(shots / "workbench-whatif.png"), full_page=False)


def test_growth_run_warnings_and_downloads(server: str, page: Any, shots: Path) -> None:
    page.fill("#members", "30")
    page.click("#run-button")
    page.wait_for_selector("#run-downloads a", timeout=SLOW)
    links = page.eval_on_selector_all("#run-downloads a", "as => as.map(a => a.getAttribute('href'))")
    netcdf = next(link for link in links if link.endswith("trajectories.nc"))
    dataset = xr.open_dataset(io.BytesIO(httpx.get(server + netcdf).content), engine="scipy")
    expected = growth_warnings(dataset)  # the page shows what the run's own data say
    shown = page.eval_on_selector_all("#run-warnings li", "li => li.map(x => x.textContent)")
    assert shown[0].startswith("solar_cf = 0.05 is outside")  # the what-if from the test above, still set
    assert shown[1:] == expected
    if "used" in STAND_IN:  # the stand-in's unmet demand and idle plant must show
        assert any(w.startswith("unmet demand") for w in expected) and any(
            w.startswith("idle") for w in expected
        )
    names = {link.rsplit("/", 1)[1] for link in links}
    assert {"trajectories.nc", "milestones.csv", "milestones.parquet", "summary.csv", "report.html"} <= names
    parquet = next(link for link in links if link.endswith("milestones.parquet"))
    frame = pd.read_parquet(io.BytesIO(httpx.get(server + parquet).content))
    assert list(frame["milestone"]) == [row["milestone"] for row in _rows(page, "#milestones")]
    page.screenshot(path=str(shots / "workbench-growth.png"), full_page=False)


def test_two_runs_side_by_side(server: str, page: Any, shots: Path) -> None:
    page.fill("#parameters input[data-name=solar_cf]", "0.25")
    page.click("#run-button")
    page.wait_for_function(
        "document.getElementById('run-label').textContent.includes('solar_cf=0.25')", timeout=SLOW
    )
    page.click("button[data-tab=compare-tab]")
    page.wait_for_function("document.querySelectorAll('#compare-b option').length >= 2")
    page.click("#compare-button")
    page.wait_for_selector("#compare-figure svg", timeout=SLOW)
    runs = _rows(page, "#compare-runs")
    assert "solar_cf=0.05" in runs[0]["label"] and "solar_cf=0.25" in runs[1]["label"]
    ids = [page.input_value(f"#compare-{side}") for side in "ab"]
    api = httpx.get(f"{server}/api/workbench/compare", params=dict(zip("ab", ids, strict=True))).json()
    for row, want in zip(_rows(page, "#compare-milestones"), api["milestones"], strict=True):
        assert row["milestone"] == want["milestone"]
        for key in ("A: P50 year", "B: P50 year", "B − A [years]"):  # whole years on the page
            if want[key] is not None:
                assert float(row[key]) == round(want[key]), key
    page.screenshot(path=str(shots / "workbench-compare.png"), full_page=False)


def test_sensitivity_view(page: Any, shots: Path) -> None:
    page.click("button[data-tab=sensitivity-tab]")
    page.select_option("#sobol-base", "32" if os.environ.get("WATTSANDTONS_SCREENSHOTS") else "8")
    page.click("#reset-button")
    page.click("#sobol-button")
    page.wait_for_selector("#sobol-figure svg", timeout=SLOW)
    rows = _rows(page, "#sobol-table")
    totals = [float(row["total ST"]) for row in rows]
    assert totals == sorted(totals, reverse=True) and len(rows) >= 2
    assert page.eval_on_selector_all("#sobol-output option", "o => o.length") > 1
    assert "sobol.parquet" in page.inner_text("#sobol-downloads")
    page.screenshot(path=str(shots / "workbench-sensitivity.png"), full_page=False)


def test_dispatch_view(page: Any, shots: Path) -> None:
    page.click("button[data-tab=dispatch-tab]")
    page.select_option("#site", "hybrid_site")
    page.fill("#hours", "168")
    page.click("#dispatch-button")
    page.wait_for_selector("#dispatch_stack svg", timeout=SLOW)
    page.wait_for_selector("#curtailment_duration svg")
    direct = dispatch(load_site("hybrid_site"), 168)
    loads = _rows(page, "#dispatch-loads")
    assert [row["load"] for row in loads] == [ld.name for ld in direct.summary.loads]
    energy = {row["load"]: float(row["energy [MWh]"]) for row in loads}
    for ld in direct.summary.loads:
        assert energy[ld.name] == pytest.approx(ld.energy / 3.6e9, rel=1e-3)  # 4 significant digits shown
    assert "schedule.nc" in page.inner_text("#dispatch-downloads")
    page.screenshot(path=str(shots / "workbench-dispatch.png"), full_page=False)


def test_claims_view(server: str, page: Any, shots: Path) -> None:
    page.click("button[data-tab=claims-tab]")
    page.click("#claims-button")
    page.wait_for_selector("#claims-table tbody tr", timeout=SLOW)
    api = httpx.get(server + "/api/workbench/claims", timeout=60).json()
    rows = _rows(page, "#claims-table")
    assert [row["id"] for row in rows] == [row["id"] for row in api["table"]]
    assert [row["verdict"] for row in rows] == [row["verdict"] for row in api["table"]]
    counts = page.inner_text("#claims-counts")
    assert all(f"{n} {kind}" in counts for kind, n in api["counts"].items())
    page.screenshot(path=str(shots / "workbench-claims.png"), full_page=False)
