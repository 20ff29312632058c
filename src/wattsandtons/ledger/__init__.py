"""The ledger: double-entry books kept in watt-hours and grams (exact integers), with value issued only from metering.

>>> from wattsandtons.ledger import Ledger
>>> ledger = Ledger("sqlite:///books.db")  # doctest: +SKIP

See ``docs/ledger.md`` for the model, the rules, the invariants, the HTTP API and a worked example.

The names below are loaded on first use, so that ``wattsandtons.ledger.cli`` (and with it ``wattsandtons --help``)
does not import SQLAlchemy until a ledger command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger, Reading
    from wattsandtons.ledger.errors import LedgerError
    from wattsandtons.ledger.limits import CAPACITY_MARGIN, DEFAULT_URL, MAX_BATCH, MAX_INTERVAL_S
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

#: Public names load on first use (SPEC 1 lazy loading), so defining the CLI command does not import them.
__getattr__, __dir__, _ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "engine": ["Ledger", "Reading"],
        "limits": ["CAPACITY_MARGIN", "DEFAULT_URL", "MAX_BATCH", "MAX_INTERVAL_S"],
        "errors": ["LedgerError"],
        "quantities": ["MAX_AMOUNT", "parse_amount"],
        "types": [
            "Account",
            "AccountBalance",
            "BatchResult",
            "Commodity",
            "CommodityTotals",
            "Lot",
            "Meter",
            "Recipe",
            "Transfer",
            "VerifyReport",
        ],
    },
)
