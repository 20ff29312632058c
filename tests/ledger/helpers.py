"""Helpers shared by the ledger tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from wattsandtons.ledger import Ledger, LedgerError

#: 2025-06-01 00:00 UTC: readings in the worked example start here (a day before the test clock).
DAY = 1_748_736_000


class Clock:
    """A clock tests can move: ``clock.now`` in Unix seconds (starts at 2025-06-02 00:00 UTC)."""

    def __init__(self, now: float = 1_748_822_400.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def check(ledger: Ledger) -> None:
    """Assert every invariant (used after every batch in the tests)."""
    report = ledger.verify()
    assert report.ok, "\n".join(report.problems)


def refused(code: str, fn, *args, **kwargs) -> LedgerError:
    with pytest.raises(LedgerError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, f"expected {code}, got {info.value.code}: {info.value}"
    assert 400 <= info.value.status < 500
    return info.value


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(url: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wattsandtons.ledger",
            "--db",
            url,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/ledger/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"server did not start: {process.stderr.read().decode()[-2000:] if process.stderr else ''}"
                )
            time.sleep(0.1)
        yield process, base
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()
