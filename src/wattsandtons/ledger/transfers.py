"""Transfers before the write: the static checks of a batch (ids, accounts, amounts, kinds, timeouts), and the fast
path's test for a batch of plain posted transfers."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wattsandtons.ledger.errors import LedgerError
from wattsandtons.ledger.limits import (
    MAX_BATCH,
    MAX_TIMEOUT_S,
)
from wattsandtons.ledger.quantities import MAX_AMOUNT, parse_amount
from wattsandtons.ledger.rules import Op, canonical_json, check_batch, check_id, metadata_json
from wattsandtons.ledger.types import (
    ID_RE,
    TRANSFER_KINDS,
    Account,
    Transfer,
)

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger

__all__ = [
    "amount_for_post",
    "plain_batch",
    "prepare_movement",
    "prepare_one",
    "prepare_timeout",
    "prepare_transfers",
]


def plain_batch(ledger: Ledger, transfers: object) -> list[tuple[str, Account, Account, int]] | None:
    """The fast path's checks: every item a plain posted transfer — a :class:`Transfer` without pending id,
    timeout or metadata, or an ``(id, debit, credit, amount)`` tuple — between known asset accounts of one
    commodity, with an integer amount in range and a valid id (an id used twice is refused by the journal's
    unique index). ``None`` sends the batch down the general path (which gives every refusal its precise
    message)."""
    if not isinstance(transfers, list) or not 0 < len(transfers) <= MAX_BATCH:
        return None
    out = []
    accounts = ledger.catalog.accounts_by_name
    id_match = ID_RE.match
    for item in transfers:
        if type(item) is Transfer:
            tid, debit_name, credit_name, amount, kind, pending_id, timeout, metadata = item
            if kind != "transfer" or pending_id is not None or timeout is not None or metadata is not None:
                return None
        elif type(item) is tuple and len(item) == 4:
            tid, debit_name, credit_name, amount = item
        else:
            return None
        if type(amount) is not int or type(debit_name) is not str or type(credit_name) is not str:
            return None
        d = accounts.get(debit_name)
        c = accounts.get(credit_name)
        if (
            d is None
            or c is None
            or d.kind != "asset"
            or c.kind != "asset"
            or d.commodity_id != c.commodity_id
            or d is c
            or not 0 < amount <= MAX_AMOUNT
            or type(tid) is not str
            or not id_match(tid)
        ):
            return None
        out.append((tid, d, c, amount))
    return out


def prepare_transfers(
    ledger: Ledger, transfers: Sequence[Transfer | Mapping[str, Any] | tuple[str, str, str, int]]
) -> list[Op]:
    check_batch(transfers, "transfers", "transfers")
    ops = []
    seen: set[str] = set()
    for index, item in enumerate(transfers):
        try:
            if isinstance(item, Transfer):
                transfer = item
            elif isinstance(item, tuple) and len(item) == 4:
                transfer = Transfer(*item)
            else:
                transfer = Transfer.from_dict(item)
            op = prepare_one(ledger, transfer, index)
        except LedgerError as exc:
            raise exc.at(f"transfers[{index}]") from None
        if op.tid in seen:
            raise LedgerError(
                "duplicate_id",
                f"id {op.tid!r} appears twice in the batch",
                field=f"transfers[{index}].id",
            )
        seen.add(op.tid)
        ops.append(op)
    return ops


def prepare_one(ledger: Ledger, t: Transfer, index: int) -> Op:
    tid = check_id(t.id, "id")
    kind = t.kind
    if kind not in TRANSFER_KINDS:
        raise LedgerError("invalid_kind", f"kind must be one of {', '.join(TRANSFER_KINDS)}", field="kind")
    meta_user = metadata_json(t.metadata, "metadata")
    if kind in ("transfer", "pending"):
        debit, credit, amount = prepare_movement(ledger, t)
        if t.pending_id is not None:
            raise LedgerError("invalid_field", f"a {kind} transfer has no pending_id", field="pending_id")
        timeout = prepare_timeout(t, kind)
        meta = None
        if kind == "pending" and (timeout or meta_user):
            meta = canonical_json({"timeout_s": timeout, "metadata": json.loads(meta_user or "null")})
        elif meta_user is not None:
            meta = canonical_json({"metadata": json.loads(meta_user)})
        return Op(index, kind, tid, debit, credit, amount, None, timeout, meta)
    pending_id = check_id(t.pending_id, "pending_id")
    if t.timeout_s is not None:
        raise LedgerError("invalid_field", f"a {kind} has no timeout", field="timeout_s")
    named_debit = (
        None if t.debit_account is None else ledger.catalog.account(t.debit_account, "debit_account")
    )
    named_credit = (
        None if t.credit_account is None else ledger.catalog.account(t.credit_account, "credit_account")
    )
    posted = None
    if t.amount is not None:
        if kind == "void":
            raise LedgerError("invalid_field", "a void releases the whole pending amount", field="amount")
        posted = amount_for_post(ledger, t.amount, pending_id, named_debit or named_credit)
    meta = canonical_json({"full": posted is None, "metadata": json.loads(meta_user or "null")})
    return Op(index, kind, tid, named_debit, named_credit, posted, pending_id, None, meta)


def amount_for_post(
    ledger: Ledger, value: int | float | str, pending_id: str, account: Account | None
) -> int:
    if account is None:  # the pending transfer's accounts never change: read its commodity
        row = ledger.catalog.fetch(None, "SELECT debit_id FROM ledger_pendings WHERE tid = ?", (pending_id,))
        account = None if row is None else ledger.catalog.account_by_id(int(row[0]))
    if account is None:
        return parse_amount(value, unit="smallest units", dimension="[]", field="amount")
    commodity = ledger.catalog.commodity(account.commodity, "amount")
    return parse_amount(value, unit=commodity.unit, dimension=commodity.dimension, field="amount")


def prepare_movement(ledger: Ledger, t: Transfer) -> tuple[Account, Account, int]:
    debit = ledger.catalog.account(t.debit_account, "debit_account")
    credit = ledger.catalog.account(t.credit_account, "credit_account")
    if debit.id == credit.id:
        raise LedgerError(
            "accounts_must_be_different", "debit and credit accounts are the same", field="credit_account"
        )
    if debit.commodity_id != credit.commodity_id:
        raise LedgerError(
            "commodity_mismatch",
            f"{debit.name!r} holds {debit.commodity} but {credit.name!r} holds {credit.commodity}; "
            "exchange goods with two linked transfers (barter) or a conversion",
            field="credit_account",
        )
    for account, field in ((debit, "debit_account"), (credit, "credit_account")):
        if account.kind != "asset":
            raise LedgerError(
                "system_account",
                f"{account.name!r} is a {account.kind} account: value enters only by metering or conversion "
                "and leaves only by retirement or conversion",
                field=field,
            )
    commodity = ledger.catalog.commodity_by_id(debit.commodity_id)
    if t.amount is None:
        raise LedgerError("invalid_amount", "amount is required", field="amount")
    amount = parse_amount(t.amount, unit=commodity.unit, dimension=commodity.dimension, field="amount")
    return debit, credit, amount


def prepare_timeout(t: Transfer, kind: str) -> int | None:
    if t.timeout_s is None:
        return None
    if kind != "pending":
        raise LedgerError("invalid_field", "only a pending transfer has a timeout", field="timeout_s")
    if (
        isinstance(t.timeout_s, bool)
        or not isinstance(t.timeout_s, int)
        or not 0 < t.timeout_s <= MAX_TIMEOUT_S
    ):
        raise LedgerError(
            "invalid_timeout",
            f"timeout_s must be whole seconds from 1 to {MAX_TIMEOUT_S}",
            field="timeout_s",
        )
    return t.timeout_s
