"""The JSON API behind the dashboard: the same numbers as the Python API, located errors, runs with cancel."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from wattsandtons.balance import solve_balance
from wattsandtons.scenario import load_scenario
from wattsandtons.web import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_scenarios_and_parameters(client: TestClient) -> None:
    names = [s["name"] for s in client.get("/api/scenarios").json()]
    assert "closed_loop_earth" in names
    detail = client.get("/api/scenarios/closed_loop_earth").json()
    params = {p["name"]: p for p in detail["parameters"]}
    assert params["solar_cf"]["value"] == "0.162" and params["solar_cf"]["low"] == "0.11"


def test_balance_matches_python_api(client: TestClient) -> None:
    data = client.post("/api/balance", json={"scenario": "closed_loop_earth"}).json()
    direct = solve_balance(load_scenario("closed_loop_earth"))
    assert data["verdict"] == direct.verdict
    assert data["primary_energy_W"] == pytest.approx(direct.primary_energy, rel=1e-12)
    assert '"type":"sankey"' in data["figures"]["energy"]["json"].replace(" ", "")


def test_overrides_change_the_result(client: TestClient) -> None:
    base = client.post("/api/balance", json={"scenario": "closed_loop_earth"}).json()
    changed = client.post(
        "/api/balance", json={"scenario": "closed_loop_earth", "overrides": {"sunlight_per_mwh": "7 MWh"}}
    ).json()
    assert changed["primary_energy_W"] > base["primary_energy_W"] * 1.1


def test_broken_upload_gives_located_problems(client: TestClient) -> None:
    response = client.post(
        "/api/validate",
        json={"yaml": "name: x\ncommodities:\n  e: {unit: MWh}\nprocesses:\n  p: {outputs: {e: 3 t}}\n"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    (problem,) = response.json()["problems"]
    assert problem["text"] == "upload.yaml:5:20 processes.p.outputs.e: '3 t' is a mass (expected an energy)"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 400),
        ({"scenario": "nope"}, 404),  # a bundled name only (tests/web/test_scenario_names.py)
        ({"scenario": "closed_loop_earth", "overrides": {"nope": "1"}}, 400),
    ],
)
def test_bad_requests_are_4xx_problems(client: TestClient, body: dict, status: int) -> None:
    response = client.post("/api/balance", json=body)
    assert response.status_code == status
    assert "detail" in response.json()


def _wait(client: TestClient, run_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/api/runs/{run_id}").json()
        if status["status"] != "running":
            return status
        time.sleep(0.05)
    raise AssertionError("run did not finish")


def test_run_completes_with_milestones(client: TestClient) -> None:
    run_id = client.post("/api/runs", json={"scenario": "closed_loop_earth", "members": 20}).json()["id"]
    status = _wait(client, run_id)
    assert status["status"] == "done" and status["progress"] == 1.0
    assert status["result"]["milestones"][0]["milestone"].startswith("Solar manufacturing")


def test_run_can_be_cancelled(client: TestClient) -> None:
    body = {"scenario": "closed_loop_earth", "members": 20000, "seed": 3}
    run_id = client.post("/api/runs", json=body).json()["id"]
    client.delete(f"/api/runs/{run_id}")
    assert _wait(client, run_id)["status"] == "cancelled"


def test_dashboard_and_static_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'src="/static/plotly.min.js"' in page.text
    assert client.get("/static/plotly.min.js").text.startswith("/**")
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../etc/passwd").status_code == 404


def test_one_app_serves_dashboard_and_ledger(tmp_path) -> None:
    app = create_app(ledger_db=f"sqlite:///{tmp_path / 'ledger.db'}")
    with TestClient(app) as client:
        assert client.get("/").status_code == 200
        assert client.get("/ledger/health").status_code == 200
        denied = client.get("/ledger/accounts")
        assert denied.status_code == 401 and denied.headers["content-type"].startswith(
            "application/problem+json"
        )
        assert "/api/balance" in client.get("/openapi.json").json()["paths"]
        # the ledger's own app, mounted at /ledger
        assert "/transfers" in client.get("/ledger/openapi.json").json()["paths"]
