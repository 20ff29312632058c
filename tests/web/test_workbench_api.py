"""The workbench routes (/api/workbench/…): what-ifs, downloads, comparison, dispatch, claims, sensitivity, limits."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from fastapi.testclient import TestClient

from wattsandtons.balance import solve_balance
from wattsandtons.dispatch import dispatch, load_site
from wattsandtons.scenario import load_scenario, scenario_text
from wattsandtons.web import create_app, workbench

WB = "/api/workbench"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _wait(client: TestClient, result_id: str) -> dict[str, Any]:
    for _ in range(600):
        status = client.get(f"{WB}/results/{result_id}").json()
        if status["status"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("run did not finish in 60 s")


def test_an_uploaded_scenario_has_editable_parameters(client: TestClient) -> None:
    text, _ = scenario_text("closed_loop_earth")
    data = client.post(f"{WB}/parameters", json={"yaml": text}).json()
    params = {p["name"]: p for p in data["parameters"]}
    assert params["solar_cf"]["value"] == "0.162" and params["solar_cf"]["low"] == "0.11"
    changed = client.post(f"{WB}/balance", json={"yaml": text, "overrides": {"sunlight_per_mwh": "7 MWh"}})
    base = client.post(f"{WB}/balance", json={"yaml": text}).json()
    assert changed.status_code == 200 and changed.json()["warnings"] == []  # 7 MWh is inside 5.0–7.5 MWh
    assert changed.json()["primary_energy_W"] > base["primary_energy_W"] * 1.1
    statement = client.get(f"{WB}/results/{base['id']}/energy_statement.parquet")
    frame = pd.read_parquet(io.BytesIO(statement.content))
    assert frame.to_dict("records") == base["tables"]["energy_statement"]


def test_a_what_if_outside_the_range_runs_with_a_warning(client: TestClient) -> None:
    """The old route refuses 0.05 (below low = 0.11); the workbench runs it, says so, and the result moves."""
    body = {"scenario": "closed_loop_earth", "overrides": {"solar_cf": "0.05"}}
    assert client.post("/api/balance", json=body).status_code == 422
    data = client.post(f"{WB}/balance", json=body).json()
    (warning,) = data["warnings"]
    assert "solar_cf = 0.05 is outside its documented range 0.11 – 0.25" in warning
    direct = solve_balance(load_scenario("closed_loop_earth"))
    assert data["primary_energy_W"] != pytest.approx(direct.primary_energy, rel=1e-3)
    # units are compared as quantities: 8 MWh is above high = 7.5 MWh, 7000 kWh is not
    high = client.post(f"{WB}/balance", json={**body, "overrides": {"sunlight_per_mwh": "8000 kWh"}}).json()
    assert high["warnings"][0].startswith("sunlight_per_mwh = 8000 kWh is outside its documented range")
    inside = client.post(f"{WB}/balance", json={**body, "overrides": {"sunlight_per_mwh": "7000 kWh"}}).json()
    assert inside["warnings"] == []


def test_a_what_if_with_the_wrong_dimension_is_still_a_located_error(client: TestClient) -> None:
    body = {"scenario": "closed_loop_earth", "overrides": {"sunlight_per_mwh": "3 t"}}
    response = client.post(f"{WB}/balance", json=body)
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/problem")
    assert "what-if" in response.json()["problems"][0]["file"]


def test_run_downloads_in_four_formats_match_the_run(client: TestClient) -> None:
    started = client.post(
        f"{WB}/runs", json={"scenario": "closed_loop_earth", "members": 20, "seed": 3}
    ).json()
    status = _wait(client, started["id"])
    assert status["status"] == "done", status
    assert set(status["files"]) >= {"trajectories.nc", "milestones.csv", "milestones.parquet", "report.html"}
    base = f"{WB}/results/{started['id']}"
    nc = xr.open_dataset(io.BytesIO(client.get(f"{base}/trajectories.nc").content), engine="scipy")
    assert nc.sizes["member"] == 20
    csv = pd.read_csv(io.StringIO(client.get(f"{base}/milestones.csv").text))
    parquet = pd.read_parquet(io.BytesIO(client.get(f"{base}/milestones.parquet").content))
    assert (
        list(csv["milestone"])
        == list(parquet["milestone"])
        == [m["milestone"] for m in status["result"]["milestones"]]
    )
    assert "nan" not in client.get(f"{base}/summary.csv").text.lower()
    html = client.get(f"{base}/report.html")
    assert html.headers["content-disposition"] == 'attachment; filename="report.html"'
    assert "<h2>Milestones</h2>" in html.text
    missing = client.get(f"{base}/nope.csv")
    assert missing.status_code == 404 and "milestones.csv" in missing.json()["detail"]


def test_two_runs_compare_side_by_side(client: TestClient) -> None:
    ids = []
    for cf in ("0.162", "0.2"):
        body = {"scenario": "closed_loop_earth", "members": 20, "seed": 1, "overrides": {"solar_cf": cf}}
        ids.append(_wait(client, client.post(f"{WB}/runs", json=body).json()["id"])["id"])
    data = client.get(f"{WB}/compare", params={"a": ids[0], "b": ids[1]}).json()
    assert "solar_cf=0.2" in data["b"]["label"]
    own = [
        pd.read_csv(io.StringIO(client.get(f"{WB}/results/{i}/milestones.csv").text)).set_index("milestone")
        for i in ids
    ]
    for row in data["milestones"]:  # each side is its own run's table; the change is B − A
        for side, table in zip("AB", own, strict=True):
            p50 = table.loc[row["milestone"], "p50_year"]
            assert row[f"{side}: P50 year"] == (None if pd.isna(p50) else pytest.approx(p50))
        if row["A: P50 year"] is not None and row["B: P50 year"] is not None:
            assert row["B − A [years]"] == pytest.approx(row["B: P50 year"] - row["A: P50 year"])
    assert [t.get("name") for t in json.loads(data["figure"]["json"])["data"]][-2:] == ["A: P50", "B: P50"]
    assert client.get(f"{WB}/compare", params={"a": ids[0], "b": "nope"}).status_code == 404


def test_dispatch_matches_the_python_api_and_downloads(client: TestClient) -> None:
    data = client.post(f"{WB}/dispatch", json={"site": "hybrid_site", "hours": 48}).json()
    direct = dispatch(load_site("hybrid_site"), 48)
    assert data["result"]["summary"]["curtailed"] == pytest.approx(direct.summary.curtailed, rel=1e-9)
    base = f"{WB}/results/{data['id']}"
    frame = pd.read_parquet(io.BytesIO(client.get(f"{base}/schedule.parquet").content))
    assert len(frame) == 48
    assert np.allclose(frame["solar [MW]"].to_numpy(), direct.to_frame()["solar [MW]"].to_numpy())
    nc = xr.open_dataset(io.BytesIO(client.get(f"{base}/schedule.nc").content))
    assert nc["power"].attrs.get("units") == "W"
    assert client.post(f"{WB}/dispatch", json={"site": "japan_curtailment"}).status_code == 400
    assert client.post(f"{WB}/dispatch", json={"site": "hybrid_site", "hours": 9000}).status_code == 422


def test_claims_table_and_files(client: TestClient) -> None:
    data = client.get(f"{WB}/claims").json()
    assert sum(data["counts"].values()) == len(data["table"]) == len(data["report"]["checks"])
    csv = pd.read_csv(io.StringIO(client.get(f"{WB}/claims/claims.csv").text))
    assert list(csv["id"]) == [row["id"] for row in data["table"]]


def test_sensitivity_ranks_parameters(client: TestClient) -> None:
    data = client.post(f"{WB}/sensitivity", json={"scenario": "closed_loop_earth", "base": 8}).json()
    result = data["result"]
    assert result["output"] == result["outputs"][0] and result["runs"] % 8 == 0
    totals = [row["ST"] for row in result["indices"]]
    assert totals == sorted(totals, reverse=True)
    assert "sobol.csv" in data["files"]
    bad = client.post(f"{WB}/sensitivity", json={"scenario": "closed_loop_earth", "base": 12})
    assert bad.status_code == 400 and "power of two" in bad.json()["detail"]


def test_compute_is_bounded(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        client.post(f"{WB}/runs", json={"scenario": "closed_loop_earth", "members": 10**6}).status_code == 422
    )
    monkeypatch.setattr(workbench, "MAX_ACTIVE", 0)
    busy = client.post(f"{WB}/dispatch", json={"site": "hybrid_site", "hours": 24})
    assert busy.status_code == 429 and "at most 0" in busy.json()["detail"]


def test_growth_warnings_read_the_new_variables_and_ignore_their_absence() -> None:
    times = np.arange(2030.0, 2040.0)
    ds = xr.Dataset(coords={"member": [0, 1, 2], "time": times, "plant": ["fab", "farm"]})
    assert workbench.growth_warnings(ds) == []
    unmet = np.zeros((3, 10))
    unmet[:, 6:] = 0.05  # 5 % not delivered from 2036
    use = np.ones((3, 10, 2))
    use[:, 2:5, 0] = 0.3  # the fab idles three steps
    ds["unmet_demand"] = (("member", "time"), unmet)
    ds["utilisation"] = (("member", "time", "plant"), use)
    unmet_text, idle_text = workbench.variable_warnings(ds)
    assert "from 2036" in unmet_text and "5.0% not delivered" in unmet_text
    assert idle_text.startswith("idle capacity: fab") and "3 of 10 steps, from 2032" in idle_text


def test_the_store_keeps_the_newest_results_within_its_member_budget() -> None:
    bench = workbench.Bench()
    first = bench.start("run", "a", workbench.MAX_KEPT_MEMBERS - 1)
    bench.finish()
    small = bench.start("dispatch", "b")
    bench.finish()
    assert list(bench.results) == [first.id, small.id]
    big = bench.start("run", "c", 2)  # over the member budget: the oldest run goes
    bench.finish()
    assert list(bench.results) == [small.id, big.id]
    for k in range(workbench.MAX_KEPT):
        bench.start("dispatch", str(k))
        bench.finish()
    assert len(bench.results) == workbench.MAX_KEPT and big.id not in bench.results


def test_the_app_can_guard_compute(monkeypatch: pytest.MonkeyPatch) -> None:
    """An app that sets ``state.compute_guard`` (a ledger key beside the ledger) sees every compute request first."""
    app = create_app()
    seen: list[int] = []

    def guard(request: Any, members: int) -> None:
        seen.append(members)
        if request.headers.get("authorization") != "Bearer good":
            raise workbench.WorkbenchError("a key is needed to compute beside the ledger")

    app.state.compute_guard = guard
    client = TestClient(app)
    body = {"scenario": "closed_loop_earth", "members": 7}
    assert client.post(f"{WB}/runs", json=body).status_code == 400
    assert client.post(f"{WB}/runs", json=body, headers={"Authorization": "Bearer good"}).status_code == 202
    assert client.post(f"{WB}/dispatch", json={"site": "hybrid_site", "hours": 24}).status_code == 400
    assert seen == [7, 7, 1]


def test_names_are_bundled_names_never_server_paths(client: TestClient, tmp_path: Any) -> None:
    secret = tmp_path / "site.yaml"
    secret.write_text("title: not yours\n")
    for url, body in (
        (f"{WB}/balance", {"scenario": str(secret)}),
        (f"{WB}/parameters", {"scenario": "../scenario/bundled/closed_loop_earth"}),
        (f"{WB}/dispatch", {"site": str(secret)}),
    ):
        response = client.post(url, json=body)
        assert response.status_code == 404, url
        assert "not yours" not in response.text
    near = client.post(f"{WB}/dispatch", json={"site": "kyushuu"}).json()["detail"]
    assert "kyushu" in near  # did you mean
