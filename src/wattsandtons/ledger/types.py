"""Plain value types of the ledger: what callers pass in (:class:`Transfer`) and what they get back."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

__all__ = [
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
]

KINDS: tuple[str, ...] = ("asset", "source", "sink", "loss")
TRANSFER_KINDS: tuple[str, ...] = ("transfer", "pending", "post", "void")

#: Names people choose (owners, accounts, meters, recipes, commodities): no ':' — that is kept for system accounts
#: (``meter:…``, ``recipe:…``, ``retired:…``) and derived ids, so a chosen name can never collide with them.
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,63}\Z")
#: Client-chosen ids of transfers, conversions and retirements (idempotency keys), e.g. a UUID.
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}\Z")
#: Free text fields (technology, location, device, beneficiary): printable, bounded.
TEXT_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,128}\Z")

SYSTEM_OWNER = "system"


class Transfer(NamedTuple):
    """One transfer request: moves ``amount`` from ``debit_account`` to ``credit_account`` (same commodity).

    ``kind``: ``transfer`` (posted at once), ``pending`` (reserved until posted, voided or expired after
    ``timeout_s``), ``post`` (posts pending ``pending_id``, in full or the part given in ``amount``) or ``void``
    (releases pending ``pending_id``). ``id`` is chosen by the client and makes retries safe: the same id with the
    same fields is applied once; the same id with different fields is refused. (A named tuple: immutable, and cheap
    to make by the thousand.)
    """

    id: str
    debit_account: str | None = None
    credit_account: str | None = None
    amount: int | float | str | None = None
    kind: str = "transfer"
    pending_id: str | None = None
    timeout_s: int | None = None
    metadata: Mapping[str, Any] | None = None

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Transfer:
        if not isinstance(data, Mapping):
            from wattsandtons.ledger.errors import LedgerError

            raise LedgerError("invalid_transfer", "a transfer must be a JSON object")
        unknown = sorted(set(data) - set(Transfer._fields))
        if unknown:
            from wattsandtons.ledger.errors import LedgerError

            raise LedgerError(
                "unknown_field", f"unknown field {str(unknown[0])[:40]!r}", field=str(unknown[0])[:40]
            )
        return Transfer(**data)


@dataclass(frozen=True, slots=True)
class Commodity:
    id: int
    name: str
    unit: str  # the smallest unit amounts are counted in
    dimension: str
    si_per_unit: float
    energy_j_per_unit: float | None
    mass_kg_per_unit: float | None
    lots: bool
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    owner: str
    commodity: str
    commodity_id: int
    kind: str
    no_negative: bool


@dataclass(frozen=True, slots=True)
class AccountBalance:
    """An account with its four counters (TigerBeetle's model) and the balances derived from them."""

    account: Account
    unit: str
    debits_posted: int
    credits_posted: int
    debits_pending: int
    credits_pending: int

    @property
    def balance(self) -> int:
        """Posted balance: credits − debits (what an asset account holds; negative for a source)."""
        return self.credits_posted - self.debits_posted

    @property
    def available(self) -> int:
        """Posted balance less outgoing reservations (what can still be moved)."""
        return self.credits_posted - self.debits_posted - self.debits_pending

    def to_dict(self) -> dict[str, Any]:
        a = self.account
        return {
            "name": a.name,
            "owner": a.owner,
            "commodity": a.commodity,
            "unit": self.unit,
            "kind": a.kind,
            "no_negative": a.no_negative,
            "balance": self.balance,
            "available": self.available,
            "debits_posted": self.debits_posted,
            "credits_posted": self.credits_posted,
            "debits_pending": self.debits_pending,
            "credits_pending": self.credits_pending,
        }


@dataclass(frozen=True, slots=True)
class Meter:
    id: int
    name: str
    owner: str
    operator: str
    account: str
    source: str
    commodity: str
    capacity: str
    capacity_units_per_s: float
    technology: str
    location: str
    device: str
    start_s: int | None


@dataclass(frozen=True)
class Recipe:
    """A conversion recipe in exact ratios: smallest units of each commodity per unit of activity.

    ``loss`` is the fraction of each input that is lost (e.g. waste heat) rather than carried into the outputs.
    """

    id: int
    name: str
    inputs: Mapping[str, Fraction]
    outputs: Mapping[str, Fraction]
    loss: Mapping[str, Fraction]
    description: str | None = None
    source: str | None = None

    @property
    def reference(self) -> str:
        return next(iter(self.outputs))

    def definition(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "inputs": {c: str(v) for c, v in self.inputs.items()},
            "outputs": {c: str(v) for c, v in self.outputs.items()},
            "loss": {c: str(v) for c, v in self.loss.items()},
            "description": self.description,
            "source": self.source,
        }

    def canonical(self) -> str:
        return json.dumps(self.definition(), sort_keys=True, separators=(",", ":"))

    @staticmethod
    def from_definition(recipe_id: int, data: Mapping[str, Any]) -> Recipe:
        # keep the declared order of inputs/outputs: the first output is the reference product
        return Recipe(
            id=recipe_id,
            name=str(data["name"]),
            inputs={c: Fraction(v) for c, v in data["inputs"].items()},
            outputs={c: Fraction(v) for c, v in data["outputs"].items()},
            loss={c: Fraction(v) for c, v in data["loss"].items()},
            description=data.get("description"),
            source=data.get("source"),
        )


@dataclass(frozen=True, slots=True)
class Lot:
    """An issued lot with its origin, like a granular certificate, and where its units are now."""

    id: int
    commodity: str
    unit: str
    amount: int
    origin: str  # meter | conversion
    meter: str | None
    start_s: int | None
    end_s: int | None
    technology: str | None
    location: str | None
    recipe: str | None
    conversion: str | None
    issued_to: str
    held: Mapping[str, int] = field(default_factory=dict)
    retired: tuple[tuple[str, str, int], ...] = ()  # (retirement id, beneficiary, amount)
    #: True when ``held`` and ``retired`` are one owner's view only (what an owner key sees)
    partial: bool = False

    @property
    def left_circulation(self) -> int:
        """Units of this lot consumed or lost in conversions (not held, not retired)."""
        return self.amount - sum(self.held.values()) - sum(a for _, _, a in self.retired)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "commodity": self.commodity,
            "unit": self.unit,
            "amount": self.amount,
            "origin": self.origin,
            "meter": self.meter,
            "start": self.start_s,
            "end": self.end_s,
            "technology": self.technology,
            "location": self.location,
            "recipe": self.recipe,
            "conversion": self.conversion,
            "issued_to": self.issued_to,
            "held": dict(self.held),
            "retired": [{"id": i, "beneficiary": b, "amount": a} for i, b, a in self.retired],
            "consumed_or_lost": None if self.partial else self.left_circulation,
        }


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a committed (or already committed) batch returns."""

    status: str  # created | exists
    ids: tuple[str, ...]
    batch: int | None
    seqs: tuple[int, ...]
    head_seq: int
    head_hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "batch": self.batch,
            "ids": list(self.ids),
            "seqs": list(self.seqs),
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
        }


@dataclass(frozen=True, slots=True)
class CommodityTotals:
    """Per commodity: issued = held + retired + converted + lost, and debits = credits."""

    commodity: str
    unit: str
    issued: int  # net debits of source accounts (meters and conversion outputs)
    issued_by_journal: int  # the same, summed from the journal's issuing rows (readings, conversion outputs)
    held: int  # asset accounts
    retired: int  # retirement sinks
    converted: int  # conversion sinks (carried into other commodities)
    lost: int  # loss accounts (e.g. waste heat)
    pending: int
    debits_posted: int
    credits_posted: int

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    problems: tuple[str, ...]
    rows: int
    head_seq: int
    head_hash: str
    commodities: tuple[CommodityTotals, ...]
    accounts: int
    open_pendings: int
    lots: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": list(self.problems),
            "rows": self.rows,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "accounts": self.accounts,
            "open_pendings": self.open_pendings,
            "lots": self.lots,
            "commodities": [c.to_dict() for c in self.commodities],
        }
