"""Benchmark: the ledger's posting engine against a raw Python + sqlite3 double-entry loop, and its HTTP service.

Usage::

    .venv/bin/python benchmarks/bench_ledger.py [--transfers N] [--repeat R] [--pg URL] [--no-http] [--quick]

Workload (the one measured in ``ledger-anchors.md`` §4): 10,000 accounts of one commodity; transfers between
uniformly random pairs, amounts 1–10; batches of 1,000, each in one transaction; SQLite in WAL mode with
``synchronous=FULL`` (every commit is on disk before it returns).

* **raw loop** (the baseline): the standard library's ``sqlite3``; per transfer three statements — two balance
  ``UPDATE``\\ s and one journal ``INSERT`` — with ``BEGIN IMMEDIATE … COMMIT`` per batch. No checks.
* **engine (SQLite)**: ``Ledger.submit`` with every check on — ids and amounts validated, idempotency (a used id is
  refused by the journal's unique index, the batch then answered by the general path), no-negative-balance check,
  per-commodity account rules, origin lots moved oldest first, the hash-chained journal row (``sha256``) and the
  chain head, all in one transaction per batch.
* **engine (PostgreSQL)** with ``--pg``: the same on the local server (``synchronous_commit`` at its default, on).

Raw loop and engine alternate within each repetition, on fresh databases in the same folder; medians are reported
with the engine/raw ratio. With HTTP (default on): ``python -m wattsandtons.ledger`` (uvicorn, one process) on a
fresh SQLite file, then a paced client sends single-transfer requests (``POST /ledger/transfers`` with one transfer)
at 500 requests/s for ``--http-seconds`` over 4 keep-alive connections (a minimal raw-socket client, so the load
generator takes little of the 2 cores the server runs on), and reports the achieved rate, latency percentiles and
how late requests left against their schedule; then the same unpaced (as fast as 4 connections go).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ACCOUNTS = 10_000
BATCH = 1_000
DAY = 3600 * (int(time.time()) // 3600 - 48)  # two days ago, on the hour: inside the back-dating window


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlalchemy

    return (
        f"{cpu}, {os.cpu_count()} vCPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"SQLAlchemy {sqlalchemy.__version__}; load average {os.getloadavg()[0]:.2f}"
    )


def pairs(seed: int, n: int) -> list[tuple[int, int, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        i = rng.randrange(ACCOUNTS)
        j = rng.randrange(ACCOUNTS - 1)
        out.append((i, j + 1 if j >= i else j, rng.randint(1, 10)))
    return out


# -- the baseline ------------------------------------------------------------------------------------------------
def raw_loop(path: Path, work: list[tuple[int, int, int]], many: bool = False) -> float:
    """The same rows written with plain sqlite3: a statement per row, or (``many``) ``executemany`` per batch."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, unit TEXT, debits INTEGER, credits INTEGER)")
    con.execute(
        "CREATE TABLE journal(id INTEGER PRIMARY KEY, debit_account_id INTEGER, credit_account_id INTEGER, "
        "amount INTEGER CHECK (amount > 0), unit TEXT, ts REAL)"
    )
    con.execute("BEGIN")
    con.executemany("INSERT INTO accounts VALUES (?, 'Wh', 0, 1000000)", [(i,) for i in range(ACCOUNTS)])
    con.execute("COMMIT")
    start = time.perf_counter()
    jid = 0
    for b in range(0, len(work), BATCH):
        con.execute("BEGIN IMMEDIATE")
        part = work[b : b + BATCH]
        if many:
            now = time.time()
            con.executemany(
                "UPDATE accounts SET debits = debits + ? WHERE id = ?", [(a, i) for i, _, a in part]
            )
            con.executemany(
                "UPDATE accounts SET credits = credits + ? WHERE id = ?", [(a, j) for _, j, a in part]
            )
            rows = [(jid + n + 1, i, j, a, now) for n, (i, j, a) in enumerate(part)]
            con.executemany("INSERT INTO journal VALUES (?, ?, ?, ?, 'Wh', ?)", rows)
            jid += len(part)
        else:
            for i, j, amount in part:
                jid += 1
                con.execute("UPDATE accounts SET debits = debits + ? WHERE id = ?", (amount, i))
                con.execute("UPDATE accounts SET credits = credits + ? WHERE id = ?", (amount, j))
                con.execute(
                    "INSERT INTO journal VALUES (?, ?, ?, ?, 'Wh', ?)", (jid, i, j, amount, time.time())
                )
        con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    debits, credits = con.execute(
        "SELECT SUM(debits), SUM(credits) - 1000000 * COUNT(*) FROM accounts"
    ).fetchone()
    assert debits == credits == sum(a for _, _, a in work), "raw loop lost a transfer"
    con.close()
    return len(work) / elapsed


# -- our engine --------------------------------------------------------------------------------------------------
def prepared_ledger(url: str):  # -> Ledger
    from wattsandtons.ledger import Ledger, Transfer

    ledger = Ledger(url)
    ledger.create_commodity("electricity", "Wh")
    ledger.create_accounts(
        [{"name": "treasury", "owner": "t", "commodity": "electricity"}]
        + [{"name": f"a{i}", "owner": f"o{i % 100}", "commodity": "electricity"} for i in range(ACCOUNTS)]
    )
    ledger.register_meter(
        "m", owner="t", account="treasury", capacity="100 GW", location="x", technology="pv", start_s=DAY
    )
    ledger.record_reading("m", DAY, DAY + 3600, 10**11)
    for b in range(0, ACCOUNTS, 5_000):
        ledger.submit(
            [Transfer(f"f{i}", "treasury", f"a{i}", 1_000_000) for i in range(b, min(b + 5_000, ACCOUNTS))]
        )
    return ledger


def engine_run(url: str, work: list[tuple[int, int, int]], tag: str) -> float:
    ledger = prepared_ledger(url)
    names = [f"a{i}" for i in range(ACCOUNTS)]
    # (id, debit, credit, amount) tuples: the engine's plain-transfer form. Built before the clock starts, as the
    # raw loop's parameter tuples are: making a request is the client's work, not the ledger's.
    batches = [
        [(f"{tag}{b + k}", names[i], names[j], a) for k, (i, j, a) in enumerate(work[b : b + BATCH])]
        for b in range(0, len(work), BATCH)
    ]
    start = time.perf_counter()
    for batch in batches:
        ledger.submit(batch)
    elapsed = time.perf_counter() - start
    report = ledger.verify()
    assert report.ok, report.problems[:3]
    ledger.close()
    return len(work) / elapsed


def pg_schema(url: str, name: str, create: bool) -> str:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        if create:
            conn.execute(f'CREATE SCHEMA "{name}"')
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{name}"


# -- HTTP ----------------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/ledger/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")


def _post(sock: socket.socket, head: bytes, body: bytes) -> int:
    """One keep-alive HTTP/1.1 POST on a raw socket; returns the status once the whole response is read."""
    sock.sendall(head + str(len(body)).encode() + b"\r\n\r\n" + body)
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        buffer += chunk
    header, rest = buffer.split(b"\r\n\r\n", 1)
    length = 0
    for line in header.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        rest += sock.recv(65536)
    return int(header.split(b" ", 2)[1])


def http_run(url: str, seconds: float, rate: float | None, clients: int = 4) -> dict[str, float]:
    """Single-transfer requests from ``clients`` keep-alive connections, paced to ``rate`` in all (or unpaced).

    The load generator is a minimal raw-socket HTTP/1.1 client (pre-built headers, ~0.05 ms of CPU a request) so
    that it takes as little as possible of the 2 cores the server also runs on.
    """

    from wattsandtons.ledger.auth import KeyStore

    ledger = prepared_ledger(url)
    _, token = KeyStore(ledger).create("owner", "o0")
    ledger.close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "wattsandtons.ledger", "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        latencies: list[float] = []
        late: list[float] = []
        errors = [0]
        lock = threading.Lock()
        head = (
            f"POST /ledger/transfers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: "
        ).encode()
        start = time.perf_counter()
        interval = None if rate is None else clients / rate

        def client(worker: int) -> None:
            # owner o0 holds a0, a100, a200, …: move value around those, one transfer per request
            mine = [f"a{i}" for i in range(0, ACCOUNTS, 100)]
            rng = random.Random(worker)
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                n = 0
                due = start + worker * (interval or 0) / clients
                while time.perf_counter() - start < seconds:
                    if interval is not None:
                        wait = due - time.perf_counter()
                        if wait > 0:
                            time.sleep(wait)
                    debit, credit = rng.sample(mine, 2)
                    body = (
                        f'{{"transfers":[{{"id":"h{worker}-{n}","debit_account":"{debit}",'
                        f'"credit_account":"{credit}","amount":1}}]}}'
                    ).encode()
                    n += 1
                    sent = time.perf_counter()
                    status = _post(sock, head, body)
                    done = time.perf_counter()
                    with lock:
                        latencies.append(done - sent)
                        if interval is not None:
                            late.append(max(0.0, sent - due))  # how far behind schedule it was sent
                        if status != 200:
                            errors[0] += 1
                    if interval is not None:
                        due += interval

        threads = [threading.Thread(target=client, args=(w,)) for w in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    latencies.sort()
    late.sort()
    return {
        "requests": len(latencies),
        "rate": len(latencies) / elapsed,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max_ms": 1000 * latencies[-1],
        "late_p99_ms": 1000 * late[min(len(late) - 1, int(len(late) * 0.99))] if late else 0.0,
        "errors": errors[0],
    }


def stall_run(pg: str | None) -> None:
    """10,000 one-second readings in one request through a server, while another client reads every 10 ms."""
    import httpx

    from wattsandtons.ledger import Ledger
    from wattsandtons.ledger.auth import KeyStore

    folder = Path(tempfile.mkdtemp(prefix="bench_stall_"))
    url = pg_schema(pg, "bench_stall", True) if pg else f"sqlite:///{folder / 'stall.db'}"
    now = int(time.time()) // 3600 * 3600
    first = now - 10_000 - 3600
    with Ledger(url) as ledger:
        ledger.create_commodity("electricity", "Wh")
        ledger.create_account("a", "o", "electricity")
        ledger.register_meter("m", owner="o", account="a", capacity="20 MW", location="x", technology="pv", start_s=first)  # fmt: skip
        keys = KeyStore(ledger)
        operator = {"Authorization": f"Bearer {keys.create('operator', 'o')[1]}"}
        owner = {"Authorization": f"Bearer {keys.create('owner', 'o')[1]}"}
    body = {"readings": [{"meter": "m", "start": first + i, "end": first + i + 1, "amount": 5_000} for i in range(10_000)]}  # fmt: skip
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "wattsandtons.ledger", "--db", url, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        latencies: list[float] = []
        stop = threading.Event()

        def other() -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                while not stop.is_set():
                    t = time.perf_counter()
                    c.get("/ledger/accounts/a", headers=owner)
                    latencies.append(time.perf_counter() - t)
                    time.sleep(0.01)

        reader = threading.Thread(target=other)
        reader.start()
        time.sleep(0.5)
        before = len(latencies)
        with httpx.Client(base_url=base, timeout=120) as c:
            t = time.perf_counter()
            status = c.post("/ledger/readings", json=body, headers=operator).status_code
            took = time.perf_counter() - t
        stop.set()
        reader.join()
        during = sorted(latencies[before:])
        print(f"machine: {machine()}")
        print(f"10,000 readings in one request ({'PostgreSQL' if pg else 'SQLite'}): status {status}, {took:.2f} s; "
              f"another client's reads meanwhile: {len(during)}, median {1000 * during[len(during) // 2]:.0f} ms, "
              f"max {1000 * during[-1]:.0f} ms")  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        if pg:
            pg_schema(pg, "bench_stall", False)
        shutil.rmtree(folder, ignore_errors=True)


# -- main --------------------------------------------------------------------------------------------------------
def median_runs(runs: dict[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values) for name, values in runs.items() if values}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transfers", type=int, default=200_000, help="transfers per run (default 200,000)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved repetitions (default 5)")
    parser.add_argument(
        "--pg", default=None, help="PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/test"
    )
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP measurements")
    parser.add_argument("--http-only", action="store_true", help="only the HTTP measurements")
    parser.add_argument("--http-seconds", type=float, default=20.0)
    parser.add_argument("--quick", action="store_true", help="20,000 transfers, 2 repetitions, 5 s of HTTP")
    parser.add_argument(
        "--stall", action="store_true", help="only: 10,000 readings in one request while another client reads"
    )
    args = parser.parse_args()
    if args.stall:
        stall_run(args.pg)
        return
    if args.quick:
        args.transfers, args.repeat, args.http_seconds = 20_000, 2, 5.0
    work = pairs(1, args.transfers)
    folder = Path(tempfile.mkdtemp(prefix="bench_ledger_"))
    runs: dict[str, list[float]] = {
        "raw loop (sqlite3)": [],
        "raw executemany (sqlite3)": [],
        "engine (SQLite)": [],
        "engine (PostgreSQL)": [],
    }
    print(f"machine: {machine()}", file=sys.stderr)
    try:
        for r in range(0 if args.http_only else args.repeat):
            order: list[tuple[str, Callable[[], float]]] = [
                ("raw loop (sqlite3)", partial(raw_loop, folder / f"raw{r}.db", work)),
                ("raw executemany (sqlite3)", partial(raw_loop, folder / f"many{r}.db", work, True)),
                (
                    "engine (SQLite)",
                    partial(engine_run, f"sqlite:///{folder / f'ours{r}.db'}", work, f"r{r}-"),
                ),
            ]
            if args.pg:
                url = pg_schema(args.pg, f"bench_{r}", True)  # a fresh schema for this repetition
                order.append(("engine (PostgreSQL)", partial(engine_run, url, work, f"p{r}-")))
            if r % 2:
                order.reverse()
            for name, fn in order:
                rate = fn()
                runs[name].append(rate)
                print(f"  run {r + 1}/{args.repeat} {name}: {rate:,.0f} transfers/s", file=sys.stderr)
                for p in folder.glob("*.db*"):
                    p.unlink()
            if args.pg:
                pg_schema(args.pg, f"bench_{r}", False)
        if not args.http_only:
            batched_table(args, runs)
        if not args.no_http:
            http_table(args, folder)
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def batched_table(args: argparse.Namespace, runs: dict[str, list[float]]) -> None:
    medians = median_runs(runs)
    raw = medians["raw loop (sqlite3)"]
    many = medians["raw executemany (sqlite3)"]
    print(f"\nMachine: {machine()}\n")
    print(f"Batched path: {args.transfers:,} transfers in batches of {BATCH:,} between {ACCOUNTS:,} accounts, "
          f"{args.repeat} interleaved repetitions, medians.\n")  # fmt: skip
    print("| implementation | transfers/s (median) | runs | / raw loop | / raw executemany |")
    print("|---|---:|---|---:|---:|")
    for name, values in runs.items():
        if values:
            shown = " / ".join(f"{v:,.0f}" for v in values)
            print(f"| {name} | {medians[name]:,.0f} | {shown} | {medians[name] / raw:.0%} | {medians[name] / many:.0%} |")  # fmt: skip
    engine = runs["engine (SQLite)"]
    paired = [e / m for e, m in zip(engine, runs["raw executemany (sqlite3)"], strict=True)]
    print(f"\nengine / raw executemany, paired by repetition: {' / '.join(f'{p:.0%}' for p in paired)}; "
          f"median {statistics.median(paired):.0%}")  # fmt: skip


def http_table(args: argparse.Namespace, folder: Path) -> None:
    """Single-transfer requests: paced at 500/s from 4 clients, unpaced from 4 and from 8 (group commit)."""
    print("\nHTTP, single-transfer requests (keep-alive connections from the same machine):\n")
    print(
        "| server DB | clients | pacing | requests | achieved req/s | p50 [ms] | p99 [ms] | max [ms] "
        "| sent late, p99 [ms] | errors |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    targets = [("SQLite", f"sqlite:///{folder / 'http.db'}")]
    if args.pg:
        targets.append(("PostgreSQL", pg_schema(args.pg, "bench_http", True)))
    for label, url in targets:
        for clients, pacing in ((4, 500.0), (4, None), (8, None)):
            if label == "SQLite":
                for p in folder.glob("http.db*"):
                    p.unlink()
            else:
                url = pg_schema(args.pg, "bench_http", True)
            h = http_run(url, args.http_seconds, pacing, clients)
            shown = "500/s" if pacing else "unpaced"
            print(f"| {label} | {clients} | {shown} | {h['requests']:,} | {h['rate']:,.0f} | {h['p50_ms']:.1f} | "
                  f"{h['p99_ms']:.1f} | {h['max_ms']:.1f} | {h['late_p99_ms']:.1f} | {h['errors']} |")  # fmt: skip
    if args.pg:
        pg_schema(args.pg, "bench_http", False)


if __name__ == "__main__":
    main()
