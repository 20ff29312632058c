"""Every limit the ledger enforces, in one place (docs/ledger.md, "Limits", lists them).

Requests (HTTP): a body of at most :data:`MAX_BODY_BYTES` (also when sent chunked), JSON nested at most
:data:`MAX_DEPTH` deep, strings of at most :data:`MAX_STRING_CHARS` characters, arrays of at most :data:`MAX_ITEMS`
items, objects of at most :data:`MAX_KEYS` keys; numbers finite and integers of at most :data:`MAX_INT_DIGITS`
digits; no lone surrogates. Per request: :data:`MAX_BATCH` transfers or :data:`MAX_READINGS` readings.

Metering: a reading covers at most :data:`MAX_INTERVAL_S`, issues at most capacity × interval ×
:data:`CAPACITY_MARGIN`, has ended, starts no earlier than the meter's commissioning and no earlier than
:data:`BACKDATE_S` before now (``$WATTSANDTONS_LEDGER_BACKDATE_S`` or ``Ledger(backdate_s=…)``).
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = [
    "BACKDATE_ENV",
    "BACKDATE_S",
    "CAPACITY_MARGIN",
    "DB_ENV",
    "DEFAULT_URL",
    "MAX_BATCH",
    "MAX_BODY_BYTES",
    "MAX_DEPTH",
    "MAX_INTERVAL_S",
    "MAX_INT_DIGITS",
    "MAX_ITEMS",
    "MAX_KEYS",
    "MAX_METADATA_BYTES",
    "MAX_METADATA_DEPTH",
    "MAX_READINGS",
    "MAX_STRING_CHARS",
    "MAX_TIMEOUT_S",
    "capacity_bound",
]

#: The default ledger database, a SQLite file in the working directory, and the environment variable that names
#: another; the command lines, the API factory and :class:`~wattsandtons.ledger.Ledger` all read them from here.
DEFAULT_URL = "sqlite:///wattsandtons-ledger.db"
DB_ENV = "WATTSANDTONS_LEDGER_DB"
#: A reading may exceed capacity × interval by this factor (metering tolerance), as in EnergyTag's reference
#: registry (``CAPACITY_MARGIN = 1.1``); anything above is refused.
CAPACITY_MARGIN = Fraction(11, 10)
#: Longest metering interval: one hour, the granularity of an EnergyTag granular certificate.
MAX_INTERVAL_S = 3600
#: Default back-dating window: a reading may start at most this long before the ledger's clock (31 days: one monthly
#: metering and settlement cycle). A policy choice, no range published; set per process with
#: ``Ledger(backdate_s=…)`` or ``$WATTSANDTONS_LEDGER_BACKDATE_S``.
BACKDATE_S = 31 * 86400
BACKDATE_ENV = "WATTSANDTONS_LEDGER_BACKDATE_S"
#: Most operations in one batch of transfers (TigerBeetle: 8,190 per request).
MAX_BATCH = 8190
#: Most readings in one request (10,000 one-second readings post in under a second on SQLite).
MAX_READINGS = 10_000
#: Longest timeout of a pending transfer: a leap year.
MAX_TIMEOUT_S = 366 * 86400
#: Metadata of a transfer or conversion: at most this many bytes as canonical JSON, nested at most this deep.
MAX_METADATA_BYTES = 4096
MAX_METADATA_DEPTH = 8

#: Largest request body (bytes), whether sent with a Content-Length or chunked.
MAX_BODY_BYTES = 4 * 1024 * 1024
#: Deepest nesting of a JSON request body (the body itself is depth 1).
MAX_DEPTH = 12
#: Longest JSON string (characters) and largest array and object anywhere in a request body.
MAX_STRING_CHARS = 4096
MAX_ITEMS = MAX_READINGS
MAX_KEYS = 256
#: Longest JSON integer (digits): 64-bit amounts have 19; more is refused before Python converts it.
MAX_INT_DIGITS = 24


def capacity_bound(units_per_s: float, seconds: int) -> int:
    """Most a meter may issue over ``seconds``: capacity × interval × margin, rounded down.

    The rate is read back as the nearest fraction with a denominator up to 10⁹ (20 MW in Wh/s is exactly 50000/9)
    so that float noise never takes a unit off the bound.
    """
    rate = Fraction(units_per_s).limit_denominator(10**9)
    return math.floor(rate * seconds * CAPACITY_MARGIN)
