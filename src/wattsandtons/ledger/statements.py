"""Recorded actuals as energy and mass statements: the ledger's journal → :class:`~wattsandtons.balance.Statement`.

The same type the balance part uses for a modelled plan, so a firm's books sit beside its plan. Each posted flow
that crosses the entity's boundary (an owner's asset accounts, or one account) in the period becomes a line:

* in: *issued from metering* (by meter), *produced by conversion* (by recipe), *received* (by counterparty);
* out: *delivered* (by counterparty), *retired* (by beneficiary), *consumed in conversion* and *lost in
  conversion* (waste heat, scrap — by recipe).

Amounts are SI (J or kg): a commodity counts on the energy statement if it carries energy (energy commodities, or
a declared energy per unit) and on the mass statement if it carries mass (mass commodities, or goods with a
declared mass per unit). Moves between the owner's own accounts are internal and not shown; pending transfers
count when posted. Memo lines give the holdings at the start and end of the period, so
``end = start + residual`` on every statement.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from wattsandtons.ledger.engine import Ledger
from wattsandtons.ledger.errors import NOT_FOUND, LedgerError
from wattsandtons.ledger.types import Account
from wattsandtons.statement import Line, Statement

__all__ = ["ledger_statement", "ledger_statements"]

_POSTED = ("reading", "transfer", "post", "convert", "retire")


def ledger_statements(
    ledger: Ledger,
    *,
    owner: str | None = None,
    account: str | None = None,
    start_s: float | None = None,
    end_s: float | None = None,
) -> dict[str, Statement]:
    """The energy and the mass statement of an owner (all its asset accounts) or one account over a period."""
    return {
        quantity: ledger_statement(
            ledger, owner=owner, account=account, quantity=quantity, start_s=start_s, end_s=end_s
        )
        for quantity in ("energy", "mass")
    }


def ledger_statement(
    ledger: Ledger,
    *,
    owner: str | None = None,
    account: str | None = None,
    quantity: str = "energy",
    start_s: float | None = None,
    end_s: float | None = None,
) -> Statement:
    """The ``quantity`` (``"energy"`` or ``"mass"``) statement over ``[start_s, end_s)`` (Unix seconds; default:
    from the first journal row to now)."""
    if quantity not in ("energy", "mass"):
        raise LedgerError("invalid_quantity", "quantity must be 'energy' or 'mass'", field="quantity")
    if (owner is None) == (account is None):
        raise LedgerError("invalid_entity", "give an owner or an account (one of them)", field="owner")
    accounts = _entity_accounts(ledger, owner, account)
    end_us = int((time.time() if end_s is None else end_s) * 1_000_000)
    start_us = None if start_s is None else int(start_s * 1_000_000)
    if start_us is not None and start_us > end_us:
        raise LedgerError("invalid_period", "the period ends before it starts", field="end")
    ids = {a.id for a in accounts}
    inflows: dict[tuple[str, str], float] = defaultdict(float)
    outflows: dict[tuple[str, str], float] = defaultdict(float)
    opening: dict[str, float] = defaultdict(float)
    closing: dict[str, float] = defaultdict(float)
    first_us: int | None = None
    per_unit = _per_unit(ledger, quantity)
    rows = ledger.journal(account_ids=sorted(ids), end_us=end_us) if ids else iter(())
    for row in rows:
        if row["kind"] not in _POSTED or row["amount"] == 0:
            continue
        factor = per_unit.get(row["commodity"])
        if factor is None:
            continue
        debit = ledger.catalog.account(row["debit_account"], "debit")
        credit = ledger.catalog.account(row["credit_account"], "credit")
        inside_debit, inside_credit = debit.id in ids, credit.id in ids
        if inside_debit and inside_credit:
            continue
        amount = row["amount"] * factor
        sign = 1.0 if inside_credit else -1.0
        closing[row["commodity"]] += sign * amount
        if start_us is not None and row["ts_us"] < start_us:
            opening[row["commodity"]] += sign * amount
            continue
        first_us = row["ts_us"] if first_us is None else first_us
        group, label = _classify(row, debit, credit, inside_credit)
        (inflows if inside_credit else outflows)[(group, label)] += amount
    begin_us = start_us if start_us is not None else (first_us if first_us is not None else end_us)
    memo = [Line("held at start", c, v) for c, v in sorted(opening.items())]
    memo += [Line("held at end", c, v) for c, v in sorted(closing.items())]
    return Statement(
        entity=f"owner {owner}" if owner is not None else f"account {account}",
        quantity="energy" if quantity == "energy" else "mass",
        period_s=max(0.0, (end_us - begin_us) / 1_000_000),
        inflows=tuple(Line(g, lab, v) for (g, lab), v in sorted(inflows.items())),
        outflows=tuple(Line(g, lab, v) for (g, lab), v in sorted(outflows.items())),
        memo=tuple(memo),
    )


def _entity_accounts(ledger: Ledger, owner: str | None, account: str | None) -> list[Account]:
    if account is not None:
        found = ledger.catalog.account(account, "account")
        if found.kind != "asset":
            raise LedgerError("system_account", f"{account!r} is a {found.kind} account", field="account")
        return [found]
    if owner is None:
        raise LedgerError("invalid_entity", "give an owner or an account", field="owner")
    owned = [b.account for b in ledger.accounts(owner=owner, kind="asset")]
    if not owned:
        raise LedgerError(
            "owner_not_found",
            f"no owner {str(owner)[:64]!r} (no account belongs to it)",
            field="owner",
            status=NOT_FOUND,
        )
    return owned


def _per_unit(ledger: Ledger, quantity: str) -> dict[str, float]:
    """SI amount (J or kg) per smallest unit, for the commodities that carry this quantity."""
    out = {}
    for commodity in ledger.commodities():
        value = commodity.energy_j_per_unit if quantity == "energy" else commodity.mass_kg_per_unit
        if value is not None:
            out[commodity.name] = value
    return out


def _classify(row: dict[str, Any], debit: Account, credit: Account, inbound: bool) -> tuple[str, str]:
    commodity = row["commodity"]
    kind = row["kind"]
    if inbound:
        if kind == "reading":
            return "issued from metering", f"{row['ref']}: {commodity}"
        if kind == "convert":
            return "produced by conversion", f"{debit.name.split(':')[1]}: {commodity}"
        return "received", f"{debit.owner}: {commodity}"
    if kind == "retire":
        return "retired", f"{row['meta']['beneficiary']}: {commodity}"
    if kind == "convert":
        recipe = credit.name.split(":")[1]
        if credit.kind == "loss":
            return "lost in conversion", f"{recipe}: {commodity}"
        return "consumed in conversion", f"{recipe}: {commodity}"
    return "delivered", f"{credit.owner}: {commodity}"
