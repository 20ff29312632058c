"""Eight client processes move value between the same few accounts at once: no lost update, no negative balance,
every invariant holds, and the final balances are exactly what the acknowledged transfers imply."""

from __future__ import annotations

import multiprocessing
import random
from collections import Counter

from wattsandtons.ledger import Ledger, LedgerError, Transfer

from .helpers import DAY, check

PROCESSES = 8
ROUNDS = 50  # single transfers per process, then a few linked batches
ACCOUNTS = ("a", "b", "c", "d")


def _client(url: str, worker: int, queue: multiprocessing.Queue) -> None:
    rng = random.Random(worker)
    ledger = Ledger(url, create=False)
    done: list[tuple[str, str, str, int]] = []
    refused = 0
    try:
        for n in range(ROUNDS):
            debit, credit = rng.sample(ACCOUNTS, 2)
            amount = rng.randint(1, 400)
            tid = f"w{worker}-{n}"
            try:
                ledger.transfer(tid, debit, credit, amount)
                done.append((tid, debit, credit, amount))
            except LedgerError as exc:
                if exc.code != "exceeds_balance":
                    raise
                refused += 1
        for n in range(5):
            legs = []
            for k in range(3):
                debit, credit = rng.sample(ACCOUNTS, 2)
                legs.append((f"w{worker}-b{n}-{k}", debit, credit, rng.randint(1, 50)))
            try:
                ledger.submit([Transfer(*leg) for leg in legs])
                done.extend(legs)
            except LedgerError as exc:
                if exc.code != "exceeds_balance":
                    raise
                refused += 1
        queue.put((worker, done, refused, None))
    except BaseException as exc:  # report, so the parent fails with the reason instead of hanging
        queue.put((worker, done, refused, repr(exc)))
    finally:
        ledger.close()


def test_concurrent_clients(db_url: str) -> None:
    setup = Ledger(db_url)
    setup.create_commodity("electricity", "Wh")
    setup.create_accounts([{"name": n, "owner": f"o{n}", "commodity": "electricity"} for n in ACCOUNTS])
    setup.register_meter(
        "m", owner="oa", account="a", capacity="10 kW", location="x", technology="y", start_s=DAY
    )
    setup.record_reading("m", DAY, DAY + 3600, 4000)
    setup.submit([Transfer(f"seed-{n}", "a", n, 1000) for n in ACCOUNTS[1:]])
    start = {n: setup.account(n).balance for n in ACCOUNTS}
    setup.close()  # no connection of the parent's crosses the fork

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_client, args=(db_url, w, queue)) for w in range(PROCESSES)]
    for w in workers:
        w.start()
    results = [queue.get(timeout=240) for _ in workers]
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    errors = [r[3] for r in results if r[3] is not None]
    assert not errors, errors

    expected = Counter(start)
    acknowledged = [leg for r in results for leg in r[1]]
    for _tid, debit, credit, amount in acknowledged:
        expected[debit] -= amount
        expected[credit] += amount
    ledger = Ledger(db_url)
    try:
        assert {n: ledger.account(n).balance for n in ACCOUNTS} == dict(expected)  # no lost update
        assert all(ledger.account(n).balance >= 0 for n in ACCOUNTS)
        for tid, debit, credit, amount in acknowledged:
            row = ledger.transfer_record(tid)
            assert (row["debit_account"], row["credit_account"], row["amount"]) == (debit, credit, amount)
        transfers = sum(1 for row in ledger.journal() if row["kind"] == "transfer")
        assert transfers == len(acknowledged) + len(ACCOUNTS) - 1  # nothing applied that was not acknowledged
        assert sum(r[2] for r in results) + len(acknowledged) > 0
        check(ledger)
    finally:
        ledger.close()
