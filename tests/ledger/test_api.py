"""The HTTP service: problem bodies for every refusal (which changes nothing), idempotent retries, OpenAPI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from wattsandtons.ledger import Ledger
from wattsandtons.ledger.api import create_app
from wattsandtons.ledger.auth import KeyStore

from .helpers import DAY, check

H = 3600


@dataclass
class Api:
    client: TestClient
    ledger: Ledger
    keys: dict[str, dict[str, str]]  # role name → headers

    def head(self) -> tuple[int, str]:
        return self.ledger.head()


def make_api(world: Ledger) -> Api:
    store = KeyStore(world)
    keys = {}
    for name, role, subject in (
        ("admin", "admin", None),
        ("auditor", "auditor", None),
        ("solarco", "owner", "solarco"),
        ("dc", "owner", "dc"),
        ("operator", "operator", "kyuden-metering"),
        ("other_operator", "operator", "someone-else"),
    ):
        _, token = store.create(role, subject)
        keys[name] = {"Authorization": f"Bearer {token}"}
    client = TestClient(create_app(world), raise_server_exceptions=False)
    return Api(client, world, keys)


@pytest.fixture
def api(world: Ledger) -> Iterator[Api]:
    made = make_api(world)
    with made.client:
        yield made


def problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and "detail" in body
    if code is not None:
        assert body["code"] == code, body
    return body


def test_health_and_openapi(api: Api) -> None:
    assert api.client.get("/ledger/health").json()["status"] == "ok"
    spec = api.client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/ledger/transfers", "/ledger/readings", "/ledger/conversions", "/ledger/retirements",
                 "/ledger/accounts/{name}", "/ledger/statements", "/ledger/verify", "/ledger/keys"):  # fmt: skip
        assert path in paths
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_full_flow_over_http(api: Api) -> None:
    c, k = api.client, api.keys
    r = c.post("/ledger/readings", json={"readings": [{"meter": "farm1", "start": DAY + 10 * H, "end": "2025-06-01T11:00:00Z", "amount": "16 MWh"}]}, headers=k["operator"])  # fmt: skip
    assert r.status_code == 200, r.text
    lot = r.json()["lots"][0]
    assert (lot["amount"], lot["technology"], lot["location"]) == (16_000_000, "solar PV", "JP-Kyushu")
    offer = {"transfers": [{"id": "offer", "kind": "pending", "debit_account": "solarco/electricity",
                            "credit_account": "dc/electricity", "amount": "10 MWh", "timeout_s": 3600}]}  # fmt: skip
    assert c.post("/ledger/transfers", json=offer, headers=k["solarco"]).status_code == 200
    assert c.post("/ledger/readings", json={"readings": [{"meter": "fab1", "start": DAY, "end": DAY + H, "amount": 50}]}, headers=k["operator"]).status_code == 403  # fmt: skip
    api.ledger.record_reading("fab1", DAY, DAY + H, 50)
    barter = {"transfers": [{"id": "accept", "kind": "post", "pending_id": "offer"},
                            {"id": "pay", "debit_account": "dc/chips", "credit_account": "solarco/chips", "amount": 12}]}  # fmt: skip
    first = c.post("/ledger/transfers", json=barter, headers=k["dc"])
    assert first.status_code == 200 and first.json()["status"] == "created"
    again = c.post("/ledger/transfers", json=barter, headers=k["dc"])
    assert again.json()["status"] == "exists" and again.json()["seqs"] == first.json()["seqs"]
    r = c.post("/ledger/conversions", json={"id": "run1", "recipe": "datacentre", "amount": "5.9 MWh", "commodity": "electricity"}, headers=k["dc"])  # fmt: skip
    assert r.status_code == 200, r.text
    r = c.post("/ledger/retirements", json={"id": "green", "account": "solarco/electricity", "amount": "1 MWh", "beneficiary": "Kyushu town hall"}, headers=k["solarco"])  # fmt: skip
    assert r.status_code == 200, r.text
    assert c.get("/ledger/accounts/dc/electricity", headers=k["dc"]).json()["balance"] == 4_100_000
    statement = c.get(
        "/ledger/statements", params={"owner": "dc", "quantity": "mass"}, headers=k["dc"]
    ).json()
    assert statement["quantity"] == "mass" and statement["residual_kg"] == pytest.approx(38 * 20)
    report = c.get("/ledger/verify", headers=k["auditor"]).json()
    assert report["ok"] and report["rows"] == api.head()[0]
    rows = c.get("/ledger/journal", params={"after": 0, "limit": 5}, headers=k["auditor"]).json()
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    check(api.ledger)


def test_every_bad_request_is_a_problem_and_changes_nothing(api: Api) -> None:
    api.ledger.record_reading("farm1", DAY, DAY + H, "2 MWh")
    c, k = api.client, api.keys
    head = api.head()
    cases = [
        (c.post("/ledger/transfers", json={"transfers": []}, headers=k["solarco"]), 422, "invalid_request"),
        (c.post("/ledger/transfers", content=b"{not json", headers={**k["solarco"], "content-type": "application/json"}), 400, "invalid_json"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": "3 MWh"}]}, headers=k["solarco"]), 409, "exceeds_balance"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": "0.5 Wh"}]}, headers=k["solarco"]), 422, "not_whole_units"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/chips", "amount": 1}]}, headers=k["solarco"]), 422, "commodity_mismatch"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "nope", "amount": 1}]}, headers=k["solarco"]), 422, "account_not_found"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 2**63}]}, headers=k["solarco"]), 422, "invalid_request"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "bogus": 1}]}, headers=k["solarco"]), 422, "invalid_request"),
        (c.post("/ledger/readings", json={"readings": [{"meter": "farm1", "start": DAY + H, "end": DAY + 2 * H, "amount": "30 MWh"}]}, headers=k["operator"]), 422, "exceeds_capacity"),
        (c.post("/ledger/readings", json={"readings": [{"meter": "farm1", "start": DAY, "end": DAY + H, "amount": "2 MWh"}]}, headers=k["operator"]), 409, "duplicate_reading"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1}]}), 401, "unauthorized"),
        (c.post("/ledger/transfers", json={"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1}]}, headers={"Authorization": "Bearer wt_0123456789abcdef_nope"}), 401, "unauthorized"),
        (c.get("/ledger/accounts/nope", headers=k["admin"]), 404, "account_not_found"),
        (c.get("/ledger/nope", headers=k["admin"]), 404, "not_found"),
        (c.delete("/ledger/transfers", headers=k["admin"]), 405, "method_not_allowed"),
        (c.post("/ledger/transfers", content=b"x" * 10, headers={**k["solarco"], "content-length": str(10**9)}), 413, "body_too_large"),
    ]  # fmt: skip
    for response, status, code in cases:
        problem(response, status, code)
    assert api.head() == head
    check(api.ledger)


def test_id_reuse_with_different_fields_over_http(api: Api) -> None:
    api.ledger.record_reading("farm1", DAY, DAY + H, "2 MWh")
    c, k = api.client, api.keys
    body = {"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 5}]}  # fmt: skip
    assert c.post("/ledger/transfers", json=body, headers=k["solarco"]).status_code == 200
    body["transfers"][0]["amount"] = 6
    problem(c.post("/ledger/transfers", json=body, headers=k["solarco"]), 409, "exists_with_different_amount")
    assert api.ledger.account("dc/electricity").balance == 5


def test_revoked_key_stops_working(api: Api) -> None:
    store = KeyStore(api.ledger)
    made, token = store.create("auditor")
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/ledger/verify", headers=headers).status_code == 200
    api.client.app.state.keys.revoke(made.key_id)  # the server's own store forgets it at once
    problem(api.client.get("/ledger/verify", headers=headers), 401, "unauthorized")
    assert store.list()[-1]["revoked"] is True
    keys = api.client.post(
        "/ledger/keys", json={"role": "owner", "subject": "newco"}, headers=api.keys["admin"]
    ).json()
    assert keys["token"].startswith("wt_") and keys["role"] == "owner"
    with api.ledger.engine.connect() as conn:
        stored = [r[0] for r in conn.exec_driver_sql("SELECT secret_sha256 FROM ledger_keys")]
    assert all(keys["token"].split("_", 2)[2] not in s for s in stored)  # only hashes are stored


def test_text_no_database_can_store_is_a_4xx(api: Api) -> None:
    """NUL bytes and lone surrogates reach no query (PostgreSQL would refuse them with an error)."""
    api.ledger.record_reading("farm1", DAY, DAY + H, "2 MWh")
    c, k = api.client, api.keys
    head = api.head()
    for path in ("/ledger/accounts/%00", "/ledger/transfers/%00", "/ledger/pending/%00", "/ledger/meters/%00",
                 "/ledger/recipes/%00", "/ledger/accounts?commodity=%00", "/ledger/statements?account=%00",
                 "/ledger/accounts?owner=%00", "/ledger/statements?owner=%00", "/ledger/lots/99999"):  # fmt: skip
        assert c.get(path, headers=k["admin"]).status_code < 500, path
    assert (
        c.get("/ledger/verify", headers={"Authorization": "Bearer wt_012345678\x00abcdef_xx"}).status_code
        == 401
    )
    bodies = [
        ("/ledger/retirements", {"id": "r1", "account": "solarco/electricity", "amount": 5, "beneficiary": "\ud800"}, "solarco"),
        ("/ledger/meters", {"name": "m9", "owner": "dc", "account": "dc/chips", "capacity": "1 piece/h", "location": "\ud800x", "technology": "y"}, "admin"),
        ("/ledger/commodities", {"name": "c9", "unit": "g", "description": "a\ud800b"}, "admin"),
        ("/ledger/transfers", {"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1, "metadata": {"k": "\ud800\u0000"}}]}, "solarco"),
    ]  # fmt: skip
    for path, body, who in bodies:  # JSON-escaped on the wire: "\ud800"
        headers = {**k[who], "content-type": "application/json"}
        response = c.post(path, content=json.dumps(body).encode(), headers=headers)
        assert problem(response, 422, "invalid_text")["field"], (path, response.text)
    # a lone surrogate is not text: refused anywhere in a body, so nothing stored can fail to be read back
    assert api.ledger.account("dc/electricity").balance == 0
    assert api.head() == head
    check(api.ledger)
