"""Group commit: concurrent plain batches committed in one transaction, each answered as if alone."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from wattsandtons.ledger import Ledger, LedgerError, Transfer
from wattsandtons.ledger.group import GroupCommit

from .helpers import DAY, check


def _setup(ledger: Ledger) -> None:
    ledger.create_commodity("electricity", "Wh")
    ledger.create_accounts(
        [
            {"name": "a", "owner": "A", "commodity": "electricity"},
            {"name": "b", "owner": "B", "commodity": "electricity"},
            {"name": "c", "owner": "A", "commodity": "electricity"},
        ]
    )
    ledger.register_meter(
        "m", owner="A", account="a", capacity="1 MW", location="x", technology="pv", start_s=DAY
    )
    ledger.record_reading("m", DAY, DAY + 3600, 1_000)


def _grouped(ledger: Ledger, calls: list[tuple[str, Transfer]]) -> list[Any]:
    """Run ``calls`` (actor, transfer) from one thread each, all queued before any runs: one group."""
    outcomes: list[Any] = [None] * len(calls)

    def call(k: int) -> None:
        actor, transfer = calls[k]
        try:
            outcomes[k] = ledger.submit([transfer], actor=actor, group=True)
        except LedgerError as exc:
            outcomes[k] = exc

    threads = [threading.Thread(target=call, args=(k,)) for k in range(len(calls))]
    with ledger.group.lock:  # hold the write lock until every call is queued
        for t in threads:
            t.start()
        deadline = time.monotonic() + 10
        while len(ledger.group.queue) < len(calls):
            if time.monotonic() > deadline:
                raise RuntimeError("the calls were not queued")
            time.sleep(0.001)
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_group_answers_each_request_alone(ledger: Ledger) -> None:
    """Six single-transfer requests in one group: two refused (each its own 4xx), a retry applied once, the
    others committed together; balances and the hash chain as if they had run one by one."""
    _setup(ledger)
    before = ledger.group.groups
    out = _grouped(
        ledger,
        [
            ("A", Transfer("t1", "a", "b", 100)),
            ("A", Transfer("t2", "a", "b", 2_000)),  # more than a holds
            ("B", Transfer("t3", "a", "b", 10)),  # B does not own a
            ("A", Transfer("dup", "a", "c", 50)),
            ("A", Transfer("dup", "a", "c", 50)),  # the same request twice: applied once
            ("A", Transfer("t4", "a", "c", 25)),
        ],
    )
    assert ledger.group.groups == before + 1  # all six were in one group
    assert isinstance(out[1], LedgerError) and out[1].code == "exceeds_balance" and out[1].status == 409
    assert isinstance(out[2], LedgerError) and out[2].code == "forbidden" and out[2].status == 403
    assert out[0].status == "created" and out[5].status == "created"
    assert sorted((out[3].status, out[4].status)) == ["created", "exists"]
    assert out[3].seqs == out[4].seqs
    created = [o for o in out if not isinstance(o, LedgerError) and o.status == "created"]
    assert len({o.batch for o in created}) == len(created)  # each keeps its own batch number
    assert ledger.account("a").balance == 1_000 - 100 - 50 - 25
    assert ledger.account("b").balance == 100
    assert ledger.account("c").balance == 75
    check(ledger)


def test_group_of_many_commits_once(ledger: Ledger) -> None:
    """32 requests queued together are one transaction: the journal gains one head per group, not per request."""
    _setup(ledger)
    before = ledger.group.groups
    out = _grouped(ledger, [("A", Transfer(f"g{k}", "a", "c", 1)) for k in range(32)])
    assert all(not isinstance(o, LedgerError) and o.status == "created" for o in out)
    assert ledger.group.groups == before + 1
    assert [o.seqs[0] for o in out] == sorted(o.seqs[0] for o in out)  # arrival order kept
    assert ledger.account("c").balance == 32
    check(ledger)


def test_group_limit_and_failure() -> None:
    """A group holds at most ``limit`` units; a group whose run raises fails every caller in it."""
    lock = threading.RLock()
    seen: list[list[int]] = []

    def run(items: list[int]) -> list[int | BaseException]:
        seen.append(list(items))
        if 13 in items:
            raise OSError("disk full")
        return [-i if i == 7 else i * 10 for i in items]

    group: GroupCommit[int, int] = GroupCommit(lock, run, limit=5)
    results: dict[int, Any] = {}

    def call(i: int, size: int) -> None:
        try:
            results[i] = group.submit(i, size)
        except OSError as exc:
            results[i] = exc

    threads = [threading.Thread(target=call, args=(i, 2)) for i in range(1, 5)]
    with lock:
        for t in threads:
            t.start()
        while len(group.queue) < 4:
            time.sleep(0.001)
    for t in threads:
        t.join()
    assert results == {1: 10, 2: 20, 3: 30, 4: 40}
    assert all(sum(2 for _ in g) <= 5 for g in seen) and sum(len(g) for g in seen) == 4
    assert group.submit(7) == -7
    with pytest.raises(OSError, match="disk full"):
        group.submit(13)
    with pytest.raises(ValueError, match="at least one"):
        GroupCommit(lock, run, limit=0)
