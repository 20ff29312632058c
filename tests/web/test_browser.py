"""The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright — never a downloaded
browser build. Runs a bundled scenario, checks figures rendered (SVG) and table numbers against the JSON API, uploads
a broken scenario and sees the located error, and saves screenshots under test-artifacts/."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from wattsandtons.web import create_app

from .browser import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve(create_app())


@pytest.fixture(scope="module")
def ledger_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A dashboard with a ledger holding the docs' worked example; yields its URL and an auditor and owner key."""
    from wattsandtons.ledger import Ledger, Transfer
    from wattsandtons.ledger.auth import KeyStore

    url = f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'books.db'}"
    ledger = Ledger(url)
    ledger.create_commodity("electricity", "Wh")
    ledger.create_commodity("chip", "piece", mass_per_unit="20 kg")
    ledger.create_accounts(
        [
            {"name": "solarco/electricity", "owner": "solarco", "commodity": "electricity"},
            {"name": "solarco/chips", "owner": "solarco", "commodity": "chip"},
            {"name": "dc/electricity", "owner": "dc", "commodity": "electricity"},
            {"name": "dc/chips", "owner": "dc", "commodity": "chip"},
        ]
    )
    for meter, owner, account, capacity, technology in (
        ("farm1", "solarco", "solarco/electricity", "20 MW", "solar PV"),
        ("fab1", "dc", "dc/chips", "100 piece/h", "chip fab"),
    ):
        ledger.register_meter(
            meter,
            owner=owner,
            account=account,
            capacity=capacity,
            location="JP-Kyushu",
            technology=technology,
            start_s=3600 * (int(time.time()) // 3600 - 48),  # commissioned two days ago
        )
    hour = 3600 * (int(time.time()) // 3600 - 48)
    ledger.record_reading("farm1", hour, hour + 3600, "16 MWh")
    ledger.record_reading("fab1", hour, hour + 3600, 50)
    ledger.submit(
        [
            Transfer("sale", "solarco/electricity", "dc/electricity", "10 MWh"),
            Transfer("pay", "dc/chips", "solarco/chips", 12),
        ]
    )
    keys = KeyStore(ledger)
    tokens = {role: keys.create(role, subject)[1] for role, subject in (("auditor", None), ("owner", "dc"))}
    ledger.engine.dispose()
    yield from ((base, tokens) for base in serve(create_app(ledger_db=url)))


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
    (eroi,) = _table(page, "#eroi")  # in words and units, not J per unit and W
    (want,) = api["eroi"]
    assert (eroi["process"], eroi["EROI"]) == (want["process"], f"{want['eroi']:.1f}")
    number, unit = eroi["generation"].split()  # 4 significant digits in a unit that reads between 1 and 1000
    scale = {"GW": 1e9, "TW": 1e12}[unit]
    assert 1 <= float(number) < 1000
    assert float(number) == pytest.approx(want["generation_W"] / scale, rel=5e-4)
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


def _table(page: Any, selector: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        f"{selector} tbody tr",
        """rows => rows.map(r => Object.fromEntries([...r.cells].map((c, i) =>
             [r.closest('table').tHead.rows[0].cells[i].textContent, c.textContent])))""",
    )


def _open_ledger_tab(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("#parameters input")  # the page has finished loading the scenario list
    page.click("button[data-tab=ledger-tab]")


def test_ledger_view_shows_accounts_journal_and_statements(
    ledger_server: tuple[str, dict[str, str]], page, artifacts: Path
) -> None:
    """An auditor key shows every account with its balance, the journal and statements, as the JSON API has them."""
    base, keys = ledger_server
    _open_ledger_tab(page, base)
    page.fill("#api-key", keys["auditor"])
    page.click("#ledger-button")
    page.wait_for_selector("#ledger-statements tbody tr", timeout=30_000)
    auth = {"Authorization": f"Bearer {keys['auditor']}"}
    accounts = httpx.get(base + "/ledger/accounts", headers=auth).json()
    shown = _table(page, "#accounts")
    assert [row["account"] for row in shown] == [a["name"] for a in accounts]
    balances = {a["name"]: a["balance"] for a in accounts}
    assert balances["dc/electricity"] == 10_000_000  # Wh in the API …
    human = {row["account"]: row["balance"] for row in shown}  # … in the units people read on the page
    assert human["dc/electricity"] == "10 MWh" and human["solarco/electricity"] == "6 MWh"
    assert human["dc/chips"] == "38 piece" and human["solarco/chips"] == "12 piece"
    journal = httpx.get(base + "/ledger/journal?limit=50", headers=auth).json()
    rows = _table(page, "#journal")
    assert len(rows) == len(journal) >= 4  # 2 issuances, the sale, the payment
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["time (UTC)"]) for row in rows)
    first = dt.datetime.fromtimestamp(journal[0]["ts_us"] / 1e6, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert rows[0]["time (UTC)"] == first
    sale = next(row for row in rows if row["id"] == "sale")
    assert (sale["from (debit)"], sale["to (credit)"], sale["amount"]) == (
        "solarco/electricity",
        "dc/electricity",
        "10 MWh",
    )
    statements = _table(page, "#ledger-statements")
    issued = next(r for r in statements if r["group"] == "issued from metering" and r["quantity"] == "energy")
    assert (issued["item"], issued["amount"]) == ("farm1: electricity", "16 MWh")  # 5.76e10 J in the API
    chips = next(r for r in statements if r["group"] == "issued from metering" and r["quantity"] == "mass")
    assert chips["amount"] == "1 t"  # 50 chips × 20 kg
    # no table wider than the panel (the raw journal was 3,551 px wide)
    widths = page.evaluate(
        "[...document.querySelectorAll('#ledger-tab table')].map(t => [t.scrollWidth, t.parentElement.clientWidth])"
    )
    assert all(width <= panel + 1 for width, panel in widths), widths
    page.screenshot(path=str(artifacts / "dashboard-ledger.png"), full_page=True)
    shots = os.environ.get("WATTSANDTONS_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "workbench-ledger.png"), full_page=True)


def test_ledger_view_owner_key_sees_its_own(ledger_server: tuple[str, dict[str, str]], page) -> None:
    """An owner key lists only its accounts and its own statements; the journal (auditors only) stays empty."""
    base, keys = ledger_server
    _open_ledger_tab(page, base)
    page.fill("#api-key", keys["owner"])
    page.click("#ledger-button")
    page.wait_for_selector("#ledger-statements tbody tr", timeout=30_000)
    assert {row["owner"] for row in _table(page, "#accounts")} == {"dc"}
    assert _table(page, "#journal") == []
    received = next(r for r in _table(page, "#ledger-statements") if r["item"] == "solarco: electricity")
    assert received["amount"] == "10 MWh"  # dc received the sale from solarco


def test_ledger_view_rejects_a_bad_key(ledger_server: tuple[str, dict[str, str]], page) -> None:
    base, _keys = ledger_server
    _open_ledger_tab(page, base)
    page.fill("#api-key", "wt_0123456789abcdef_nonsense")
    page.click("#ledger-button")
    page.wait_for_function("document.getElementById('errors').textContent.length > 0")
    assert "invalid or revoked API key" in page.inner_text("#errors")
    assert _table(page, "#accounts") == []


def test_first_run_beside_the_ledger_says_what_to_do(
    ledger_server: tuple[str, dict[str, str]], page, artifacts: Path
) -> None:
    """A newcomer presses Run under ``serve`` (ledger mounted) with no key: beside the Run button the page says to
    make a ledger key and paste it into the Ledger tab, or to serve with --no-ledger; with the key the run goes."""
    base, keys = ledger_server
    page.goto(base + "/")
    page.wait_for_selector("#parameters input")
    assert page.evaluate("document.getElementById('api-key').value") == ""  # a fresh page holds no key
    page.fill("#members", "20")
    page.click("#run-button")
    page.wait_for_function("document.getElementById('errors').textContent.includes('--no-ledger')")
    shown = page.inner_text("#errors")
    assert shown.startswith("No ledger key was sent.")
    assert "wattsandtons ledger key auditor" in shown and "Ledger tab" in shown
    near = page.evaluate(  # the message sits in the Run section, under the Run button
        """() => { const b = document.getElementById('run-button').getBoundingClientRect();
                   const e = document.getElementById('errors').getBoundingClientRect();
                   return [e.top - b.bottom, Math.abs(e.left - b.left)]; }"""
    )
    assert 0 <= near[0] < 200 and near[1] < 50, near
    page.screenshot(path=str(artifacts / "dashboard-key-needed.png"), full_page=True)
    shots = os.environ.get("WATTSANDTONS_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "workbench-key-needed.png"), full_page=True)
    page.click("#key-needed-button")  # takes the user to the key box
    assert page.evaluate("document.activeElement.id") == "api-key"
    page.fill("#api-key", keys["auditor"])
    page.click("#run-button")
    page.wait_for_selector("#milestones tbody tr", timeout=60_000)
    assert page.inner_text("#errors") == ""
