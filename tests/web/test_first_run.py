"""A newcomer's first Run beside the ledger: the 401 says what to do, and ``serve`` says it at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wattsandtons.web import create_app

COMPUTE = [
    ("/api/runs", {"scenario": "closed_loop_earth", "members": 20}),
    ("/api/workbench/runs", {"scenario": "closed_loop_earth", "members": 20}),
    ("/api/workbench/sensitivity", {"scenario": "closed_loop_earth", "base": 8}),
    ("/api/workbench/dispatch", {"site": "hybrid_site", "hours": 24}),
]


@pytest.fixture(scope="module")
def beside_ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, str]:
    from wattsandtons.ledger import Ledger
    from wattsandtons.ledger.auth import KeyStore

    url = f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'books.db'}"
    ledger = Ledger(url)
    token = KeyStore(ledger).create("auditor")[1]
    ledger.engine.dispose()
    return TestClient(create_app(ledger_db=url)), token


def _says_what_to_do(response: Any, why: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert (body["code"], body["field"]) == ("ledger_key_needed", "authorization")
    assert body["detail"].startswith(why)
    for hint in ("wattsandtons ledger key auditor", "Ledger tab", "wattsandtons serve --no-ledger"):
        assert hint in body["detail"]


@pytest.mark.parametrize(("route", "body"), COMPUTE)
def test_compute_without_a_key_says_what_to_do(
    beside_ledger: tuple[TestClient, str], route: str, body: dict
) -> None:
    client, _ = beside_ledger
    _says_what_to_do(client.post(route, json=body), "No ledger key was sent.")


def test_a_refused_key_says_why_and_what_to_do(beside_ledger: tuple[TestClient, str]) -> None:
    client, _ = beside_ledger
    bad = {"Authorization": "Bearer wt_0123456789abcdef_nope"}
    response = client.post("/api/workbench/runs", json=COMPUTE[1][1], headers=bad)
    _says_what_to_do(response, "The ledger key was refused (")


def test_a_valid_key_computes(beside_ledger: tuple[TestClient, str]) -> None:
    client, token = beside_ledger
    response = client.post("/api/validate", json={"scenario": "closed_loop_earth"})
    assert response.status_code == 200  # validation computes nothing and needs no key
    started = client.post("/api/runs", json=COMPUTE[0][1], headers={"Authorization": f"Bearer {token}"})
    assert started.status_code == 202, started.text


def test_without_the_ledger_no_key_is_needed() -> None:
    response = TestClient(create_app()).post("/api/runs", json=COMPUTE[0][1])
    assert response.status_code == 202, response.text


@pytest.mark.parametrize("no_ledger", [False, True])
def test_serve_says_at_start_up_that_compute_needs_a_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_ledger: bool
) -> None:
    import uvicorn

    from wattsandtons.cli import app

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: served.append(application))
    db = f"sqlite:///{tmp_path / 'books.db'}"
    args = ["serve", "--db", db] + (["--no-ledger"] if no_ledger else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(served) == 1
    lines = [line for line in result.output.splitlines() if "need a ledger key" in line]
    if no_ledger:
        assert lines == []
    else:
        (line,) = lines
        assert f"wattsandtons ledger key auditor --db {db}" in line and "--no-ledger" in line
