"""A scenario (or site) in a request is a bundled name or uploaded text, never a path the server would read.

Before this check, ``{"scenario": "/abs/path.yaml"}`` made ``/api/validate`` read that file and answer 200."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wattsandtons.scenario import scenario_text
from wattsandtons.web import create_app

#: (method, route) of every route that takes a ``scenario`` in its body.
BODY_ROUTES = [
    "/api/validate",
    "/api/balance",
    "/api/runs",
    "/api/workbench/parameters",
    "/api/workbench/balance",
    "/api/workbench/runs",
    "/api/workbench/sensitivity",
]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A valid scenario outside the package, reachable by an absolute path, by ``../`` and through a link in the
    server's working folder; and a file in that folder that shadows a bundled name."""
    text, _ = scenario_text("closed_loop_earth")
    outside = tmp_path / "outside" / "secret.yaml"
    outside.parent.mkdir()
    outside.write_text(text, encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    os.symlink(outside, cwd / "linked")
    os.symlink(outside, cwd / "linked.yaml")
    (cwd / "closed_loop_earth").write_text("name: shadow\n", encoding="utf-8")
    monkeypatch.chdir(cwd)
    return {
        "absolute": str(outside),
        "dotdot": "../outside/secret.yaml",
        "dotdot_name": "../outside/secret",
        "symlink": "linked",
        "symlink_yaml": "linked.yaml",
    }


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _refused(response) -> None:  # type: ignore[no-untyped-def]
    if not 400 <= response.status_code < 500:
        raise AssertionError(f"{response.status_code}: {response.text[:300]}")
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["field"] == "scenario"
    assert "no bundled scenario" in body["detail"] and "secret" not in body.get("title", "")


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize("kind", ["absolute", "dotdot", "dotdot_name", "symlink", "symlink_yaml"])
def test_body_routes_refuse_paths(client: TestClient, hostile: dict[str, str], route: str, kind: str) -> None:
    response = client.post(route, json={"scenario": hostile[kind], "members": 4})
    assert response.status_code == 404
    _refused(response)


@pytest.mark.parametrize("kind", ["symlink", "symlink_yaml"])
def test_get_scenario_refuses_links(client: TestClient, hostile: dict[str, str], kind: str) -> None:
    _refused(client.get(f"/api/scenarios/{hostile[kind]}"))


@pytest.mark.parametrize(
    "name", ["..%2Foutside%2Fsecret", "%2Fetc%2Fpasswd", "..%2F..%2Fbundled%2Fclosed_loop_earth"]
)
def test_get_scenario_refuses_encoded_paths(client: TestClient, hostile: dict[str, str], name: str) -> None:
    response = client.get(f"/api/scenarios/{name}")
    assert 400 <= response.status_code < 500  # 404 from the router or from the name check; never the file
    assert "sunlight" not in response.text


def test_bundled_name_is_read_from_the_package_not_the_working_folder(
    client: TestClient, hostile: dict[str, str]
) -> None:
    """A file named ``closed_loop_earth`` in the server's folder does not shadow the bundled scenario."""
    response = client.post("/api/validate", json={"scenario": "closed_loop_earth"})
    assert response.status_code == 200
    assert response.json()["name"] != "shadow"
    detail = client.get("/api/scenarios/closed_loop_earth").json()
    assert detail["yaml"].startswith("# The essays' closed loop") and "name: shadow" not in detail["yaml"]


def test_uploaded_text_still_works(client: TestClient, hostile: dict[str, str]) -> None:
    text = Path(hostile["absolute"]).read_text(encoding="utf-8")
    assert client.post("/api/validate", json={"yaml": text}).status_code == 200


def test_dispatch_site_refuses_paths(client: TestClient, hostile: dict[str, str], tmp_path: Path) -> None:
    for site in (hostile["absolute"], hostile["dotdot"], hostile["symlink"]):
        response = client.post("/api/workbench/dispatch", json={"site": site, "hours": 24})
        assert response.status_code == 404, response.text
        assert response.json()["field"] == "site"


def test_bundled_site_is_read_from_the_package_not_the_working_folder(
    client: TestClient, hostile: dict[str, str]
) -> None:
    """A file named ``hybrid_site`` in the server's folder does not shadow the bundled site spec."""
    Path("hybrid_site").write_text("name: shadow\n", encoding="utf-8")
    response = client.post("/api/workbench/dispatch", json={"site": "hybrid_site", "hours": 24})
    assert response.status_code == 200, response.text
    assert "shadow" not in response.text
