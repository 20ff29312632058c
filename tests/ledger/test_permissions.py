"""The permission matrix: every role × every operation, cross-owner attempts included.

Roles: admin, auditor, two owners (solarco, dc), the operator of solarco's meters, an operator of no meter, no key,
and a forged key. Allowed → 2xx; denied → 401 (no or bad key), 403 (role or subject may not) or 404 (another
owner's things look missing) — and a denied write changes nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from wattsandtons.ledger import Ledger, Transfer

from .helpers import DAY, check
from .test_api import Api, make_api

H = 3600
ROLES = ("admin", "auditor", "solarco", "dc", "operator", "other_operator", "anonymous", "forged")
AUTHENTICATED = frozenset(ROLES) - {"anonymous", "forged"}
_ids = itertools.count()


def uid(prefix: str) -> str:
    return f"{prefix}{next(_ids)}"


@pytest.fixture
def matrix_api(world: Ledger) -> Iterator[tuple[Api, dict[str, Any]]]:
    world.register_meter(
        "farm9", owner="solarco", account="solarco/electricity", capacity="1 MW", location="JP-Kyushu",
        technology="solar PV", operator="kyuden-metering", start_s=DAY,
    )  # fmt: skip
    world.record_reading("farm1", DAY, DAY + H, "22 MWh")
    untouched = world.record_reading("farm9", DAY, DAY + H, "1 MWh")  # never moved: only solarco holds it
    world.record_reading("fab1", DAY, DAY + H, 100)
    world.transfer("seed", "solarco/electricity", "dc/electricity", "5 MWh")
    world.retire("green0", "solarco/electricity", 1000, "a school")
    world.submit([Transfer("held0", "solarco/electricity", "dc/electricity", 1000, kind="pending")])
    api = make_api(world)
    api.keys["anonymous"] = {}
    api.keys["forged"] = {"Authorization": "Bearer wt_0123456789abcdef_forgedsecretforgedsecretforged00"}
    assert untouched is not None
    with api.client:
        yield api, {"lot": untouched.id}


def pending(api: Api) -> str:
    tid = uid("p")
    api.ledger.submit([Transfer(tid, "solarco/electricity", "dc/electricity", 10, kind="pending")])
    return tid


def next_reading(api: Api) -> dict[str, Any]:
    start = api.ledger.meter("farm1")["last_end"]
    return {"meter": "farm1", "start": start, "end": start + H, "amount": "1 MWh"}


Op = Callable[[Api, dict[str, str], dict[str, Any]], Any]
WRITES: dict[str, tuple[Op, frozenset[str]]] = {
    "register commodity": (lambda a, h, x: a.client.post("/ledger/commodities", json={"name": uid("c"), "unit": "g"}, headers=h), frozenset({"admin"})),
    "open account": (lambda a, h, x: a.client.post("/ledger/accounts", json={"name": uid("acct"), "owner": "dc", "commodity": "chip"}, headers=h), frozenset({"admin"})),
    "register meter": (lambda a, h, x: a.client.post("/ledger/meters", json={"name": uid("m"), "owner": "dc", "account": "dc/chips", "capacity": "5 piece/h", "location": "x", "technology": "y"}, headers=h), frozenset({"admin"})),
    "register recipe": (lambda a, h, x: a.client.post("/ledger/recipes", json={"name": uid("r"), "inputs": {"electricity": "1 kWh"}, "outputs": {"compute": "1 PFLOP"}}, headers=h), frozenset({"admin"})),
    "create key": (lambda a, h, x: a.client.post("/ledger/keys", json={"role": "auditor"}, headers=h), frozenset({"admin"})),
    "transfer from solarco": (lambda a, h, x: a.client.post("/ledger/transfers", json={"transfers": [{"id": uid("t"), "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 7}]}, headers=h), frozenset({"solarco"})),
    "transfer from dc": (lambda a, h, x: a.client.post("/ledger/transfers", json={"transfers": [{"id": uid("t"), "debit_account": "dc/chips", "credit_account": "solarco/chips", "amount": 1}]}, headers=h), frozenset({"dc"})),
    "pending from solarco": (lambda a, h, x: a.client.post("/ledger/transfers", json={"transfers": [{"id": uid("t"), "kind": "pending", "debit_account": "solarco/electricity", "credit_account": "dc/electricity", "amount": 7}]}, headers=h), frozenset({"solarco"})),
    "post a pending (recipient captures)": (lambda a, h, x: a.client.post("/ledger/transfers", json={"transfers": [{"id": uid("t"), "kind": "post", "pending_id": pending(a)}]}, headers=h), frozenset({"dc"})),
    "void a pending": (lambda a, h, x: a.client.post("/ledger/transfers", json={"transfers": [{"id": uid("t"), "kind": "void", "pending_id": pending(a)}]}, headers=h), frozenset({"solarco", "dc"})),
    "meter reading": (lambda a, h, x: a.client.post("/ledger/readings", json={"readings": [next_reading(a)]}, headers=h), frozenset({"operator"})),
    "conversion on dc's accounts": (lambda a, h, x: a.client.post("/ledger/conversions", json={"id": uid("c"), "recipe": "datacentre", "amount": "1 kWh", "commodity": "electricity", "accounts": {"electricity": "dc/electricity", "compute": "dc/compute"}}, headers=h), frozenset({"dc"})),
    "retire from solarco": (lambda a, h, x: a.client.post("/ledger/retirements", json={"id": uid("r"), "account": "solarco/electricity", "amount": 5, "beneficiary": "b"}, headers=h), frozenset({"solarco"})),
}  # fmt: skip
READS: dict[str, tuple[Op, frozenset[str]]] = {
    "health": (lambda a, h, x: a.client.get("/ledger/health", headers=h), frozenset(ROLES)),
    "list commodities": (lambda a, h, x: a.client.get("/ledger/commodities", headers=h), AUTHENTICATED),
    "list recipes": (lambda a, h, x: a.client.get("/ledger/recipes", headers=h), AUTHENTICATED),
    "read recipe": (lambda a, h, x: a.client.get("/ledger/recipes/datacentre", headers=h), AUTHENTICATED),
    "list meters": (lambda a, h, x: a.client.get("/ledger/meters", headers=h), AUTHENTICATED),
    "list accounts": (lambda a, h, x: a.client.get("/ledger/accounts", headers=h), frozenset({"admin", "auditor", "solarco", "dc"})),
    "list solarco's accounts by filter": (lambda a, h, x: a.client.get("/ledger/accounts", params={"owner": "solarco"}, headers=h), frozenset({"admin", "auditor", "solarco"})),
    "read solarco's account": (lambda a, h, x: a.client.get("/ledger/accounts/solarco/electricity", headers=h), frozenset({"admin", "auditor", "solarco"})),
    "read solarco's retirement": (lambda a, h, x: a.client.get("/ledger/transfers/green0", headers=h), frozenset({"admin", "auditor", "solarco"})),
    "read a transfer solarco → dc": (lambda a, h, x: a.client.get("/ledger/transfers/seed", headers=h), frozenset({"admin", "auditor", "solarco", "dc"})),
    "read a pending solarco → dc": (lambda a, h, x: a.client.get("/ledger/pending/held0", headers=h), frozenset({"admin", "auditor", "solarco", "dc"})),
    "read solarco's meter": (lambda a, h, x: a.client.get("/ledger/meters/farm1", headers=h), frozenset({"admin", "auditor", "solarco", "operator"})),
    "read solarco's lot": (lambda a, h, x: a.client.get(f"/ledger/lots/{x['lot']}", headers=h), frozenset({"admin", "auditor", "solarco", "operator"})),
    "solarco's statement": (lambda a, h, x: a.client.get("/ledger/statements", params={"owner": "solarco"}, headers=h), frozenset({"admin", "auditor", "solarco"})),
    "solarco's account statement": (lambda a, h, x: a.client.get("/ledger/statements", params={"account": "solarco/chips", "quantity": "mass"}, headers=h), frozenset({"admin", "auditor", "solarco"})),
    "verify": (lambda a, h, x: a.client.get("/ledger/verify", headers=h), frozenset({"admin", "auditor"})),
    "journal": (lambda a, h, x: a.client.get("/ledger/journal", headers=h), frozenset({"admin", "auditor"})),
}  # fmt: skip


def _expect(name: str, role: str, allowed: frozenset[str], response: Any) -> str | None:
    status = response.status_code
    if role in allowed:
        ok = 200 <= status < 300
    elif role in ("anonymous", "forged"):
        ok = status == 401
    else:
        ok = status in (403, 404)
    if ok and status >= 400:
        ok = response.headers["content-type"].startswith("application/problem+json")
    return None if ok else f"{name} as {role}: {status} {response.text[:200]}"


def test_permission_matrix(matrix_api: tuple[Api, dict[str, Any]]) -> None:
    api, extra = matrix_api
    failures = []
    cells = 0
    for table, writes in ((WRITES, True), (READS, False)):
        for name, (op, allowed) in table.items():
            for role in ROLES:
                head = api.head()
                response = op(api, api.keys[role], extra)
                cells += 1
                failure = _expect(name, role, allowed, response)
                # a denied write changes nothing (beyond the one pending transfer the op itself set up)
                setup_rows = 1 if name in ("post a pending (recipient captures)", "void a pending") else 0
                if (
                    failure is None
                    and writes
                    and role not in allowed
                    and api.head()[0] != head[0] + setup_rows
                ):
                    failure = f"{name} as {role}: denied but the journal moved"
                if failure:
                    failures.append(failure)
    assert cells == (len(WRITES) + len(READS)) * len(ROLES)
    assert not failures, "\n".join(failures)
    check(api.ledger)


def test_owners_see_only_their_own(matrix_api: tuple[Api, dict[str, Any]]) -> None:
    api, _ = matrix_api
    names = {a["name"] for a in api.client.get("/ledger/accounts", headers=api.keys["dc"]).json()}
    assert names == {"dc/electricity", "dc/chips", "dc/compute"}
    meters = {m["name"] for m in api.client.get("/ledger/meters", headers=api.keys["operator"]).json()}
    assert meters == {"farm1", "farm9"}
    assert api.client.get("/ledger/meters", headers=api.keys["other_operator"]).json() == []
    # a cross-owner post of a pending the owner made itself (payer capturing its own payment) is refused
    tid = pending(api)
    r = api.client.post("/ledger/transfers", json={"transfers": [{"id": uid("t"), "kind": "post", "pending_id": tid}]}, headers=api.keys["solarco"])  # fmt: skip
    assert r.status_code == 403 and r.json()["field"] == "transfers[0].pending_id"
