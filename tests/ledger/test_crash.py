"""The server is killed with SIGKILL in the middle of a load, then restarted: every acknowledged transfer is
there, none is half-applied, and retrying the unacknowledged ones never applies anything twice."""

from __future__ import annotations

import os
import signal
import threading
import time

import httpx

from wattsandtons.ledger import Ledger
from wattsandtons.ledger.auth import KeyStore

from .helpers import DAY, check, server

CLIENTS = 4
KILL_AFTER = 80  # acknowledged transfers before the kill
DEADLINE_S = 60.0


def _load(base: str, token: str, worker: int, acked: list, unknown: list, stop: threading.Event) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
        n = 0
        while not stop.is_set():
            debit, credit = ("o/a", "o/b") if (worker + n) % 2 == 0 else ("o/b", "o/a")
            item = (f"k{worker}-{n}", debit, credit, 1 + n % 7)
            n += 1
            body = {
                "transfers": [
                    {"id": item[0], "debit_account": debit, "credit_account": credit, "amount": item[3]}
                ]
            }
            try:
                response = client.post("/ledger/transfers", json=body)
            except httpx.HTTPError:
                unknown.append(item)  # sent, no answer: applied or not, but never half
                return
            assert response.status_code == 200, response.text
            acked.append(item)


def test_sigkill_mid_load(db_url: str) -> None:
    setup = Ledger(db_url)
    setup.create_commodity("electricity", "Wh")
    setup.create_accounts([{"name": "o/a", "owner": "o", "commodity": "electricity"},
                           {"name": "o/b", "owner": "o", "commodity": "electricity"}])  # fmt: skip
    setup.register_meter(
        "m", owner="o", account="o/a", capacity="1 MW", location="x", technology="y", start_s=DAY
    )
    setup.record_reading("m", DAY, DAY + 3600, 500_000)
    setup.transfer("seed", "o/a", "o/b", 250_000)
    _, token = KeyStore(setup).create("owner", "o")
    setup.close()

    acked: list[tuple[str, str, str, int]] = []
    unknown: list[tuple[str, str, str, int]] = []
    stop = threading.Event()
    with server(db_url) as (process, base):
        threads = [
            threading.Thread(target=_load, args=(base, token, w, acked, unknown, stop))
            for w in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + DEADLINE_S
        while len(acked) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)  # mid-load: clients have requests in flight
        process.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert len(acked) >= KILL_AFTER, f"only {len(acked)} transfers acknowledged before the deadline"

    with server(db_url) as (_process, base):
        ledger = Ledger(db_url)
        try:
            check(ledger)  # nothing half-applied: chain, replay, conservation all hold after the crash
            for tid, debit, credit, amount in acked:
                row = ledger.transfer_record(tid)
                assert (row["debit_account"], row["credit_account"], row["amount"]) == (debit, credit, amount)
            headers = {"Authorization": f"Bearer {token}"}
            for tid, debit, credit, amount in unknown:  # retry: applied at most once
                body = {
                    "transfers": [
                        {"id": tid, "debit_account": debit, "credit_account": credit, "amount": amount}
                    ]
                }
                for _ in range(2):
                    response = httpx.post(f"{base}/ledger/transfers", json=body, headers=headers, timeout=10)
                    assert response.status_code == 200, response.text
            applied = acked + unknown
            moved = sum(amount if debit == "o/a" else -amount for _tid, debit, _credit, amount in applied)
            assert ledger.account("o/a").balance == 250_000 - moved
            rows = [r for r in ledger.journal() if r["kind"] == "transfer"]
            assert len(rows) == len(applied) + 1
            check(ledger)
        finally:
            ledger.close()
