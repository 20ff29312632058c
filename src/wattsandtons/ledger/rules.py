"""Pure posting rules: the checks of names, ids, texts and metadata, idempotent retries, reading sequences and the
lot-holdings text — no database, no state. Both write paths (the batched fast path and the general one) use these."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from wattsandtons.ledger.errors import CONFLICT, LedgerError
from wattsandtons.ledger.limits import (
    BACKDATE_ENV,
    BACKDATE_S,
    MAX_BATCH,
    MAX_METADATA_BYTES,
    MAX_METADATA_DEPTH,
)
from wattsandtons.ledger.quantities import MAX_AMOUNT
from wattsandtons.ledger.types import (
    ID_RE,
    NAME_RE,
    TEXT_RE,
    Account,
    Meter,
)

__all__ = [
    "Op",
    "Reading",
    "backdate_window",
    "canonical_json",
    "check_id",
    "check_name",
    "check_sequence",
    "check_text",
    "check_tree",
    "compare_retry",
    "credit_refusal",
    "debit_refusal",
    "format_lots",
    "fraction_of",
    "metadata_json",
    "parse_lots",
    "searchable",
    "storable",
    "when",
]


@dataclass(frozen=True, slots=True)
class Reading:
    """A meter reading: ``amount`` (in the meter commodity's smallest unit, or a quantity such as ``"4.2 MWh"``)
    produced over ``[start_s, end_s)`` (seconds since the Unix epoch)."""

    meter: str
    start_s: int
    end_s: int
    amount: int | float | str


@dataclass(slots=True)
class Op:
    """A transfer after static checks."""

    index: int
    kind: str
    tid: str
    debit: Account | None
    credit: Account | None
    amount: int | None
    pending_id: str | None
    timeout_s: int | None
    meta: str | None


def check_batch(items: object, field: str, what: str) -> None:
    """A batch is a non-empty list of at most ``MAX_BATCH`` items (``what``: "transfers", "retirements" …)."""
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
        raise LedgerError("invalid_batch", f"expected a list of {what}", field=field)
    if not items:
        raise LedgerError("empty_batch", f"a batch needs at least one of its {what}", field=field)
    if len(items) > MAX_BATCH:
        raise LedgerError("batch_too_large", f"at most {MAX_BATCH} {what} per batch", field=field, status=413)


def backdate_window(value: int | None) -> int:
    if value is None:
        text = os.environ.get(BACKDATE_ENV, "").strip()
        if not text:
            return BACKDATE_S
        if not text.isdigit():
            raise LedgerError("invalid_backdate", f"${BACKDATE_ENV} must be whole seconds, got {text[:40]!r}")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**40:
        raise LedgerError("invalid_backdate", "the back-dating window must be whole seconds ≥ 0")
    return value


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def check_name(value: object, field: str, what: str = "name") -> str:
    if not isinstance(value, str) or not NAME_RE.match(value):
        raise LedgerError(
            f"invalid_{what}",
            f"invalid {what} {value!r}: 1-64 letters, digits and _ . - /, starting with a letter or digit",
            field=field,
        )
    return value


def check_id(value: object, field: str) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise LedgerError(
            "invalid_id",
            f"invalid id {value!r}: 1-100 letters, digits and _ . -, starting with a letter or digit "
            "(client-chosen, e.g. a UUID; reused only to retry the same request)",
            field=field,
        )
    return value


def searchable(value: object) -> bool:
    """Whether ``value`` can be looked up at all: bounded text both backends can store (no NUL, valid UTF-8).
    Anything else cannot name a stored row — and PostgreSQL would refuse the query outright."""
    if not isinstance(value, str) or len(value) > 200 or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, e.g. from JSON "\ud800"
        return False
    return True


def storable(text: str) -> bool:
    """Free text both backends can store: no NUL, valid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def check_text(value: object, field: str) -> str:
    if not isinstance(value, str) or not TEXT_RE.match(value) or not searchable(value):
        raise LedgerError(
            "invalid_text", f"{field} must be 1-128 printable characters, got {value!r}", field=field
        )
    return value


def metadata_json(value: object, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise LedgerError("invalid_metadata", "metadata must be a JSON object", field=field)
    check_tree(value, field)
    try:
        encoded = canonical_json(dict(value))
    except (TypeError, ValueError):
        raise LedgerError("invalid_metadata", "metadata must be plain JSON (no NaN)", field=field) from None
    if len(encoded) > MAX_METADATA_BYTES:
        raise LedgerError(
            "invalid_metadata", f"metadata is larger than {MAX_METADATA_BYTES} bytes as JSON", field=field
        )
    return encoded


def check_tree(value: object, field: str) -> None:
    """Metadata that can be stored and read back: nested at most ``MAX_METADATA_DEPTH`` deep, every key and string
    valid UTF-8 (no lone surrogate, which no response could encode)."""
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise LedgerError(
                    "invalid_metadata", "metadata text must be valid UTF-8", field=field
                ) from None
        elif isinstance(item, Mapping | list | tuple):
            if level >= MAX_METADATA_DEPTH:
                raise LedgerError(
                    "invalid_metadata",
                    f"metadata is nested deeper than {MAX_METADATA_DEPTH} levels",
                    field=field,
                )
            children = [*item.keys(), *item.values()] if isinstance(item, Mapping) else list(item)
            stack.extend((child, level + 1) for child in children)


def fraction_of(value: float) -> Fraction:
    """A float from pint as an exact decimal fraction (12 significant digits)."""
    return Fraction(f"{value:.12g}")


def parse_lots(text: str) -> dict[int, int]:
    """``"3:100,7:20"`` → ``{3: 100, 7: 20}`` (lot → amount held, by lot id)."""
    held: dict[int, int] = {}
    if text:
        for part in text.split(","):
            lot, amount = part.split(":")
            held[int(lot)] = int(amount)
    return held


def format_lots(held: Mapping[int, int]) -> str:
    if len(held) == 1:
        for lot, amount in held.items():
            return f"{lot}:{amount}"
    return ",".join(f"{lot}:{held[lot]}" for lot in sorted(held))


def compare_retry(op: Op, row: Any) -> None:
    """Refuse an id reused with different fields (TigerBeetle's ``exists_with_different_…``)."""
    field = None
    if row[1] != op.kind:
        field = "kind"
    elif op.debit is not None and row[2] != op.debit.id:
        field = "debit_account"
    elif op.credit is not None and row[3] != op.credit.id:
        field = "credit_account"
    elif op.amount is not None and int(row[4]) != op.amount:
        field = "amount"
    elif row[5] != op.pending_id:
        field = "pending_id"
    elif row[6] != op.meta:
        before = json.loads(row[6]) if row[6] else {}
        after = json.loads(op.meta) if op.meta else {}
        field = "timeout_s" if before.get("timeout_s") != after.get("timeout_s") else "metadata"
        if before.get("full") != after.get("full"):
            field = "amount"
    if field is not None:
        raise LedgerError(
            f"exists_with_different_{field}",
            f"id {op.tid!r} was already used for a transfer with a different {field.replace('_', ' ')}",
            field=f"transfers[{op.index}].{field}",
            status=CONFLICT,
        )


def when(seconds: int) -> str:
    """Unix seconds as ISO 8601 UTC, for messages: ``2025-06-01T03:00:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def check_sequence(meter: Meter, last_end: int | None, start: int) -> None:
    if last_end is None:
        return  # the first reading: not before commissioning (checked with the request)
    if start < last_end:
        raise LedgerError(
            "overlapping_reading",
            f"meter {meter.name!r} is read up to {when(last_end)}; a reading from {when(start)} overlaps it",
            field="start",
            status=CONFLICT,
        )
    if start > last_end:
        raise LedgerError(
            "reading_gap",
            f"meter {meter.name!r} is read up to {when(last_end)}; the next reading must start there, not at "
            f"{when(start)} "
            "(send a zero reading for an interval without production)",
            field="start",
            status=CONFLICT,
        )


def debit_refusal(counters: list[int], amount: int, no_negative: bool, pending: bool) -> str | None:
    """Why debiting ``amount`` (posted, or reserved if ``pending``) from an account with ``counters`` (debits posted,
    credits posted, debits pending, credits pending) is refused — ``exceeds_balance`` or ``overflow`` — or ``None``.
    The one copy of these rules, for the fast path and the general one."""
    if no_negative and counters[0] + counters[2] + amount > counters[1]:
        return "exceeds_balance"
    if counters[2 if pending else 0] + amount > MAX_AMOUNT:
        return "overflow"
    return None


def credit_refusal(counters: list[int], amount: int, pending: bool) -> str | None:
    """``overflow`` if crediting ``amount`` would take a counter past 2⁶³ − 1, else ``None``."""
    return "overflow" if counters[3 if pending else 1] + amount > MAX_AMOUNT else None
