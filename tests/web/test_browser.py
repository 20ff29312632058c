"""The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright — never a downloaded
browser build. Runs a bundled scenario, checks figures rendered (SVG) and table numbers against the JSON API, uploads
a broken scenario and sees the located error, and saves screenshots under test-artifacts/."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from wattsandtons.web import create_app

CHROMIUM = Path(os.environ.get("WATTSANDTONS_CHROMIUM", "/usr/bin/chromium"))
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/api/scenarios", timeout=1.0)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        yield context.new_page()
        browser.close()


@pytest.fixture(scope="module")
def artifacts(pytestconfig: pytest.Config) -> Path:
    folder = pytestconfig.rootpath / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def test_balance_renders_and_matches_the_api(server: str, page, artifacts: Path) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#scenario option[value=closed_loop_earth]", state="attached")
    page.wait_for_selector("#parameters input")
    page.click("#balance-button")
    page.wait_for_selector("#sankey-energy svg", timeout=30_000)
    page.wait_for_selector("#sankey-mass svg")
    page.wait_for_selector("#energy-statement tbody tr")
    api = httpx.post(server + "/api/balance", json={"scenario": "closed_loop_earth"}, timeout=60).json()
    rows = page.eval_on_selector_all(
        "#energy-statement tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    expected = [
        [str(row[k]) for k in ("side", "group", "item", "per year")]
        for row in api["tables"]["energy_statement"]
    ]
    assert rows == expected
    assert page.inner_text("#verdict") == api["verdict"]
    page.screenshot(path=str(artifacts / "dashboard-balance.png"), full_page=True)


def test_growth_run_shows_milestones(server: str, page, artifacts: Path) -> None:
    page.fill("#members", "40")
    page.click("#run-button")
    page.wait_for_selector("#milestones tbody tr", timeout=60_000)
    page.wait_for_selector("#capacity_fans svg")
    cells = page.eval_on_selector_all("#milestones tbody tr", "rows => rows.map(r => r.cells[0].textContent)")
    assert cells[0].startswith("Solar manufacturing")
    page.screenshot(path=str(artifacts / "dashboard-growth.png"), full_page=True)


def test_broken_upload_shows_the_located_error(page, tmp_path: Path, artifacts: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\ncommodities:\n  e: {unit: MWh}\nprocesses:\n  p: {outputs: {e: 3 t}}\n")
    page.set_input_files("#upload", str(broken))
    page.wait_for_function("document.getElementById('errors').textContent.includes('upload.yaml:5:20')")
    assert "'3 t' is a mass (expected an energy)" in page.inner_text("#errors")
    page.screenshot(path=str(artifacts / "dashboard-error.png"))
