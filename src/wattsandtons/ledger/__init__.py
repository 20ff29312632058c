"""The ledger: double-entry books kept in watt-hours and kilograms, with value issued only from metering.

>>> from wattsandtons.ledger import Ledger
>>> ledger = Ledger("sqlite:///books.db")  # doctest: +SKIP

See ``docs/ledger.md`` for the model, the rules, the invariants, the HTTP API and a worked example.
"""

from __future__ import annotations

from wattsandtons.ledger.engine import (
    CAPACITY_MARGIN,
    DEFAULT_URL,
    MAX_BATCH,
    MAX_INTERVAL_S,
    Ledger,
    Reading,
)
from wattsandtons.ledger.errors import LedgerError
from wattsandtons.ledger.quantities import MAX_AMOUNT, parse_amount
from wattsandtons.ledger.types import (
    Account,
    AccountBalance,
    BatchResult,
    Commodity,
    CommodityTotals,
    Lot,
    Meter,
    Recipe,
    Transfer,
    VerifyReport,
)

__all__ = [
    "CAPACITY_MARGIN",
    "DEFAULT_URL",
    "MAX_AMOUNT",
    "MAX_BATCH",
    "MAX_INTERVAL_S",
    "Account",
    "AccountBalance",
    "BatchResult",
    "Commodity",
    "CommodityTotals",
    "Ledger",
    "LedgerError",
    "Lot",
    "Meter",
    "Reading",
    "Recipe",
    "Transfer",
    "VerifyReport",
    "parse_amount",
]
