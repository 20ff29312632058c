"""Helpers shared by the ledger tests."""

from __future__ import annotations

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
