"""Hostile input, through the ledger's own app and through ``serve``'s app that mounts it (issue 13, classes
"hostile JSON" and "the size limit is gone under serve").

Every refusal is a 4xx ``application/problem+json`` body with ``code`` and ``field`` and changes nothing; whatever is
accepted can be read back (a property test posts generated metadata and reads every transfer again).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wattsandtons.ledger import Ledger
from wattsandtons.ledger.api import create_app
from wattsandtons.ledger.auth import KeyStore
from wattsandtons.ledger.limits import MAX_BODY_BYTES, MAX_DEPTH, MAX_KEYS, MAX_STRING_CHARS
from wattsandtons.web.app import create_app as serve_app

from .helpers import DAY, check

H = 3600


@pytest.fixture(params=["ledger app", "served"])
def client(
    request: pytest.FixtureRequest, world: Ledger
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """The ledger's own app, and the app ``wattsandtons serve`` runs (dashboard + the ledger mounted at /ledger)."""
    world.record_reading("farm1", DAY, DAY + H, "16 MWh")
    store = KeyStore(world)
    keys = {o: {"Authorization": f"Bearer {store.create('owner', o)[1]}"} for o in ("solarco", "dc")}
    keys["admin"] = {"Authorization": f"Bearer {store.create('admin')[1]}"}
    app = create_app(world) if request.param == "ledger app" else serve_app(ledger_db=world.url)
    with TestClient(app, raise_server_exceptions=False) as made:
        yield made, keys


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["code"] == code and body["status"] == status, body
    return body


def _transfer(**extra: object) -> dict:
    return {"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity",
                           "amount": 1, **extra}]}  # fmt: skip


def _post(c: TestClient, keys: dict, raw: bytes | str, path: str = "/ledger/transfers", who: str = "solarco"):
    data = raw.encode() if isinstance(raw, str) else raw
    return c.post(path, content=data, headers={**keys[who], "content-type": "application/json"})


def test_body_limit_with_and_without_content_length(client, world: Ledger) -> None:
    c, keys = client
    head = world.head()
    big = b'{"transfers": [' + b" " * MAX_BODY_BYTES + b"]}"
    _problem(_post(c, keys, big), 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: Transfer-Encoding chunked
        yield b'{"transfers": ['
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536
        yield b"]}"

    response = c.post("/ledger/transfers", content=chunks(), headers={**keys["solarco"], "content-type": "application/json"})  # fmt: skip
    _problem(response, 413, "body_too_large")
    assert world.head() == head


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": NaN}]}', "invalid_number", None),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": Infinity}]}', "invalid_number", None),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": -Infinity}]}', "invalid_number", None),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1e400}]}', "invalid_number", None),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1' + "0" * 40 + "}]}", "invalid_number", None),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": true}]}', "invalid_request", "transfers[0].amount"),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1, "metadata": {"k": "\\ud800"}}]}', "invalid_text", "transfers[0].metadata.k"),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1, "metadata": {"\\udfff": 1}}]}', "invalid_text", "transfers[0].metadata.\\udfff"),
        ('{"transfers": [{"id": "t1", "id": "t2", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1}]}', "duplicate_key", None),
        ('{"transfers": [{"id": "t1", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 1, "timeout_s": false}]}', "invalid_request", "transfers[0].timeout_s"),
    ],
)  # fmt: skip
def test_hostile_json_is_a_located_4xx(client, world: Ledger, raw: str, code: str, field: str | None) -> None:
    c, keys = client
    head = world.head()
    body = _problem(_post(c, keys, raw), 422, code)
    assert body["field"] == field
    assert world.head() == head


def test_nesting_strings_and_objects_are_bounded(client, world: Ledger) -> None:
    c, keys = client
    head = world.head()
    deep: object = 1
    for _ in range(255):  # the 255 levels: refused before anything is stored
        deep = {"a": deep}
    body = _problem(_post(c, keys, json.dumps(_transfer(metadata=deep))), 422, "too_deep")
    assert body["field"].startswith("transfers[0].metadata.a")
    deep = 1
    for _ in range(MAX_DEPTH - 3):  # body, transfers, transfer, metadata …: just inside the limit of the body
        deep = {"a": deep}
    _problem(
        _post(c, keys, json.dumps(_transfer(metadata=deep))), 422, "invalid_metadata"
    )  # metadata: 8 levels
    _problem(_post(c, keys, json.dumps(_transfer(metadata={"k": "x" * (MAX_STRING_CHARS + 1)}))), 422, "string_too_long")  # fmt: skip
    many = {f"k{i}": i for i in range(MAX_KEYS + 1)}
    _problem(_post(c, keys, json.dumps(_transfer(metadata=many))), 422, "too_many_keys")
    _problem(_post(c, keys, b"\xff\xfe"), 400, "invalid_json")
    _problem(_post(c, keys, "{not json"), 400, "invalid_json")
    assert world.head() == head


def test_refusals_under_serve_carry_code_and_field(client) -> None:
    c, keys = client
    body = _problem(
        c.post("/ledger/transfers", json={"transfers": []}, headers=keys["solarco"]), 422, "invalid_request"
    )
    assert body["field"] == "transfers"
    body = _problem(c.post("/ledger/transfers", json={"transfers": [{"id": "x", "bogus": 1}]}, headers=keys["solarco"]), 422, "invalid_request")  # fmt: skip
    assert body["field"] == "transfers[0].bogus"
    _problem(c.get("/ledger/no-such-route", headers=keys["solarco"]), 404, "not_found")
    _problem(c.get("/ledger/accounts"), 401, "unauthorized")


_ids = itertools.count()
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=16,
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    metadata=st.dictionaries(st.text(max_size=6), JSON, max_size=5),
    amount=st.sampled_from([1, "1 Wh", 1.0, "3.6 kJ"]),
)
def test_whatever_is_accepted_reads_back(client, metadata: dict, amount: object) -> None:  # fmt: skip
    c, keys = client
    tid = f"p{next(_ids)}"
    body = {"transfers": [{"id": tid, "debit_account": "solarco/electricity", "credit_account": "dc/electricity",
                           "amount": amount, "metadata": metadata}]}  # fmt: skip
    response = c.post("/ledger/transfers", json=body, headers=keys["solarco"])
    if response.status_code != 200:  # refused (e.g. nested too deep): a located problem, never a 5xx
        assert 400 <= response.status_code < 500 and response.json()["code"], response.text
        return
    for who in ("solarco", "dc"):
        row = c.get(f"/ledger/transfers/{tid}", headers=keys[who])
        assert row.status_code == 200, row.text
        assert row.json()["meta"]["metadata"] == metadata and row.json()["amount"] == 1
    page = c.get("/ledger/journal", params={"after": 0, "limit": 1000}, headers=keys["admin"])
    assert page.status_code == 200


def test_world_still_verifies(client, world: Ledger) -> None:
    c, keys = client
    assert c.post("/ledger/transfers", json=_transfer(amount=1e6), headers=keys["solarco"]).status_code == 200
    assert world.account("dc/electricity").balance == 1_000_000
    check(world)
