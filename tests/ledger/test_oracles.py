"""No oracles, no gaps (issue 13): what another owner did cannot be probed, views show a caller only its own, the
reserved owner gets no key, the two-phase rules hold inside one batch, keys expire and a revocation holds at once in
every server process. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from wattsandtons.ledger import Ledger, Transfer
from wattsandtons.ledger.api import create_app
from wattsandtons.ledger.auth import KeyStore
from wattsandtons.web.app import create_app as serve_app

from .helpers import DAY, Clock, check, refused, server

H = 3600


@pytest.fixture
def books(world: Ledger) -> Ledger:
    world.create_account("mallory/electricity", "mallory", "electricity")
    world.record_reading("farm1", DAY, DAY + H, "16 MWh")
    world.transfer("secret", "solarco/electricity", "dc/electricity", "5 MWh")
    world.transfer("m-seed", "solarco/electricity", "mallory/electricity", "1 MWh")
    return world


@pytest.fixture
def http(books: Ledger) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    store = KeyStore(books)
    keys = {
        o: {"Authorization": f"Bearer {store.create('owner', o)[1]}"} for o in ("solarco", "dc", "mallory")
    }
    keys["admin"] = {"Authorization": f"Bearer {store.create('admin')[1]}"}
    with TestClient(create_app(books), raise_server_exceptions=False) as client:
        yield client, keys


def test_an_id_someone_else_used_reveals_nothing(http, books: Ledger) -> None:
    c, keys = http
    head = books.head()
    answers = []
    for amount in (5_000_000, 4_999_999, 1):  # the hidden amount, and two wrong guesses: the same answer
        for debit, credit in (
            ("mallory/electricity", "dc/electricity"),
            ("mallory/electricity", "solarco/electricity"),
        ):
            body = {
                "transfers": [
                    {"id": "secret", "debit_account": debit, "credit_account": credit, "amount": amount}
                ]
            }
            r = c.post("/ledger/transfers", json=body, headers=keys["mallory"])
            assert r.status_code == 409, r.text
            answers.append(r.json())
    assert all(a == answers[0] for a in answers) and answers[0]["code"] == "id_unavailable", answers
    r = c.post("/ledger/retirements", json={"id": "secret", "account": "mallory/electricity", "amount": 1,
                                             "beneficiary": "x"}, headers=keys["mallory"])  # fmt: skip
    assert r.json()["code"] == "id_unavailable"
    assert books.head() == head
    # the parties themselves still get the precise answers (a faithful retry; a different amount)
    retry = {"transfers": [{"id": "secret", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": "5 MWh"}]}  # fmt: skip
    assert c.post("/ledger/transfers", json=retry, headers=keys["solarco"]).json()["status"] == "exists"
    retry["transfers"][0]["amount"] = 1
    assert (
        c.post("/ledger/transfers", json=retry, headers=keys["solarco"]).json()["code"]
        == "exists_with_different_amount"
    )


def test_lot_view_shows_only_the_callers_holdings(http, books: Ledger) -> None:
    c, keys = http
    (lot_id, _), = books.lots_held("mallory/electricity")  # fmt: skip
    full = c.get(f"/ledger/lots/{lot_id}", headers=keys["admin"]).json()
    assert full["held"] == {
        "solarco/electricity": 10_000_000,
        "dc/electricity": 5_000_000,
        "mallory/electricity": 1_000_000,
    }
    mine = c.get(f"/ledger/lots/{lot_id}", headers=keys["mallory"]).json()
    assert mine["held"] == {"mallory/electricity": 1_000_000}  # holding 1 MWh shows nobody else's amount
    assert mine["consumed_or_lost"] is None and mine["meter"] == "farm1"
    c.post("/ledger/transfers", json={"transfers": [{"id": "back", "debit_account": "mallory/electricity",
           "credit_account": "solarco/electricity", "amount": "1 MWh"}]}, headers=keys["mallory"])  # fmt: skip
    r = c.get(f"/ledger/lots/{lot_id}", headers=keys["mallory"])  # no longer held, never issued to it: hidden
    assert r.status_code == 404 and r.json()["code"] == "lot_not_found"


def test_the_reserved_owner_gets_no_key(http, books: Ledger) -> None:
    c, keys = http
    refused("reserved_owner", KeyStore(books).create, "owner", "system")
    refused("reserved_owner", KeyStore(books).create, "operator", "system")
    r = c.post("/ledger/keys", json={"role": "owner", "subject": "system"}, headers=keys["admin"])
    assert r.status_code == 422 and r.json()["code"] == "reserved_owner"


def test_only_the_recipient_posts_even_inside_one_batch(books: Ledger) -> None:
    head = books.head()
    batch = [
        Transfer("hold", "solarco/electricity", "dc/electricity", 100, kind="pending"),
        Transfer("take", kind="post", pending_id="hold"),
    ]
    e = refused("forbidden", books.submit, batch, actor="solarco")
    assert e.field == "transfers[1].pending_id" and e.status == 403
    assert refused("forbidden", books.submit, batch, actor="mallory").field == "transfers[0].debit_account"
    assert books.head() == head
    books.submit([batch[0]], actor="solarco")
    books.submit([Transfer("void-it", kind="void", pending_id="hold")], actor="solarco")  # either party voids
    check(books)


def test_keys_expire(http, books: Ledger, clock: Clock) -> None:
    c, keys = http
    r = c.post("/ledger/keys", json={"role": "auditor", "expires_in_s": 60}, headers=keys["admin"])
    token = {"Authorization": f"Bearer {r.json()['token']}"}
    assert c.get("/ledger/verify", headers=token).status_code == 200
    clock.advance(61)
    r = c.get("/ledger/verify", headers=token)
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    assert (
        c.post(
            "/ledger/keys", json={"role": "auditor", "expires_in_s": True}, headers=keys["admin"]
        ).status_code
        == 422
    )


def test_revocation_holds_at_once_in_another_server_process(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        store = KeyStore(ledger)
        made, token = store.create("auditor")
        with server(db_url) as (_, base):
            headers = {"Authorization": f"Bearer {token}"}
            assert httpx.get(f"{base}/ledger/verify", headers=headers, timeout=30).status_code == 200
            store.revoke(made.key_id)  # by another process (this one), sharing the database
            assert httpx.get(f"{base}/ledger/verify", headers=headers, timeout=30).status_code == 401


def test_growth_runs_beside_the_ledger_need_a_key_and_fit_the_caps(world: Ledger) -> None:
    token = KeyStore(world).create("auditor")[1]
    with TestClient(serve_app(ledger_db=world.url), raise_server_exceptions=False) as c:
        run = {"scenario": "closed_loop_earth", "members": 20_000}
        r = c.post("/api/runs", json=run)
        assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
        r = c.post("/api/runs", json=run, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 422 and "2000 members" in r.json()["detail"]
