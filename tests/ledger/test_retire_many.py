"""Batch retirement: many retirements as one linked batch, each with the rules of a single retirement."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from wattsandtons.ledger import Ledger

from .helpers import DAY, check, refused
from .test_api import Api, make_api, problem

H = 3600


@pytest.fixture
def api(world: Ledger) -> Iterator[Api]:
    made = make_api(world)
    with made.client:
        yield made


def _two_lots(world: Ledger) -> tuple[int, int]:
    first = world.record_reading("farm1", DAY, DAY + H, "1 MWh")
    second = world.record_reading("farm1", DAY + H, DAY + 2 * H, "2 MWh")
    assert first and second
    return first.id, second.id


def test_retire_many_applies_in_order_all_or_nothing(world: Ledger) -> None:
    """Three retirements by hand: 0.5 MWh of lot 2, then 1.2 MWh oldest first (all 1 MWh of lot 1, 0.2 MWh of
    lot 2), then 0.3 MWh of lot 2 — lot 2 keeps 2 − 0.5 − 0.2 − 0.3 = 1.0 MWh."""
    lot1, lot2 = _two_lots(world)
    head = world.head()
    batch = [
        {
            "id": "b1",
            "account": "solarco/electricity",
            "amount": "0.5 MWh",
            "beneficiary": "town",
            "lot": lot2,
        },
        {"id": "b2", "account": "solarco/electricity", "amount": 1_200_000, "beneficiary": "school"},
        {"id": "b3", "account": "solarco/electricity", "amount": 300_000, "beneficiary": "town", "lot": lot2},
    ]
    # the third asks more than the first two left (1.3 MWh): the whole batch is refused, nothing written
    too_much = [*batch[:2], {**batch[2], "amount": 1_500_000}]
    error = refused("exceeds_balance", world.retire_many, too_much)
    assert error.field == "retirements[2].amount"
    assert world.head() == head
    result = world.retire_many(batch)
    assert result.status == "created" and result.ids == ("b1", "b2", "b3") and len(set(result.seqs)) == 3
    assert world.lot(lot1).retired == (("b2", "school", 1_000_000),)
    assert world.lot(lot2).held == {"solarco/electricity": 1_000_000}
    assert world.account("retired:electricity").balance == 2_000_000
    assert world.retire_many(batch).status == "exists"  # a faithful retry changes nothing
    after = world.head()
    refused("batch_partially_exists", world.retire_many, [batch[0], {**batch[1], "id": "b9"}])
    refused("exists_with_different_fields", world.retire_many, [{**batch[0], "amount": 1}])
    refused("duplicate_id", world.retire_many, [{**batch[1], "id": "c1"}, {**batch[1], "id": "c1"}])
    refused("system_account", world.retire_many, [{**batch[1], "id": "c2", "account": "meter:farm1"}])
    refused("forbidden", world.retire_many, [{**batch[1], "id": "c3", "amount": 1}], actor="dc")
    refused("missing_field", world.retire_many, [{"id": "c4", "account": "solarco/electricity", "amount": 1}])
    refused("empty_batch", world.retire_many, [])
    assert world.head() == after
    check(world)


def test_retire_many_over_http(api: Api) -> None:
    lot1, _ = _two_lots(api.ledger)
    body = {
        "retirements": [
            {
                "id": f"h{k}",
                "account": "solarco/electricity",
                "amount": 1_000,
                "beneficiary": "b",
                "lot": lot1,
            }
            for k in range(50)
        ]
    }
    response = api.client.post("/ledger/retirements/batch", json=body, headers=api.keys["solarco"])
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "created" and len(response.json()["seqs"]) == 50
    # another owner: solarco's ids reveal nothing (id_unavailable); new ids on solarco's account are forbidden
    problem(
        api.client.post("/ledger/retirements/batch", json=body, headers=api.keys["dc"]), 409, "id_unavailable"
    )
    fresh = {"retirements": [{**body["retirements"][0], "id": "d1"}]}
    problem(
        api.client.post("/ledger/retirements/batch", json=fresh, headers=api.keys["dc"]), 403, "forbidden"
    )
    bad = {"retirements": [{**body["retirements"][0], "id": "x1", "amount": True}]}
    problem(api.client.post("/ledger/retirements/batch", json=bad, headers=api.keys["solarco"]), 422)
    assert api.ledger.account("retired:electricity").balance == 50_000
    check(api.ledger)


def test_ten_thousand_retirements_are_fast(world: Ledger) -> None:
    """8,190 retirements (the batch limit) of 1 Wh each from one lot in one call: under 5 s on this shared machine
    (one at a time, a transaction each, they took ≈ 25 ms apiece)."""
    lot1, _ = _two_lots(world)
    batch = [
        {"id": f"r{k}", "account": "solarco/electricity", "amount": 1, "beneficiary": "b", "lot": lot1}
        for k in range(8_190)
    ]
    start = time.perf_counter()
    world.retire_many(batch)
    took = time.perf_counter() - start
    assert took < 5.0, took
    assert world.lot(lot1).held == {"solarco/electricity": 1_000_000 - 8_190}
    check(world)
