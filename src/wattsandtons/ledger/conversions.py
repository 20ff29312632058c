"""Conversions: a recipe run at a scale fixed by one of its commodities — inputs rounded up, outputs down, losses to
the recipe's loss accounts — planned before the write and posted as one linked batch."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from wattsandtons.ledger.access import check_id_owner, check_mover
from wattsandtons.ledger.errors import CONFLICT, LedgerError
from wattsandtons.ledger.posting import Tx
from wattsandtons.ledger.quantities import MAX_AMOUNT, parse_amount
from wattsandtons.ledger.rules import canonical_json, check_id, metadata_json
from wattsandtons.ledger.types import (
    Account,
    BatchResult,
    Recipe,
)

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger

__all__ = ["ConversionTx", "conversion_accounts", "only_account", "plan_conversion"]


class ConversionTx(Tx):
    """A conversion inside a write: its legs as one linked batch, outputs issued as lots."""

    def convert(self, plan: dict[str, Any]) -> BatchResult:
        tid = plan["tid"]
        row = self.lookup([tid]).get(tid)
        if row is not None:
            check_id_owner(self.actor, tid, *self.row_accounts(row), "id")
            if row[1] != "convert" or row[6] != plan["meta"]:
                raise LedgerError(
                    "exists_with_different_fields",
                    f"id {tid!r} was used for a different request",
                    field="id",
                    status=CONFLICT,
                )
            return BatchResult("exists", (tid,), int(row[8]), (int(row[7]),), self.seq, self.hash.hex())
        recipe: Recipe = plan["recipe"]
        accounts: dict[str, Account] = plan["accounts"]
        for name, account in accounts.items():
            check_mover(self.actor, account, f"accounts.{name}")
        names = [f"recipe:{recipe.name}:in:{c}" for c in recipe.inputs]
        names += [f"recipe:{recipe.name}:loss:{c}" for c in recipe.inputs if recipe.loss.get(c, 0) > 0]
        names += [f"recipe:{recipe.name}:out:{c}" for c in recipe.outputs]
        system = {name: self.catalog.account(name, "recipe", self.conn) for name in names}
        everything = [*accounts.values(), *system.values()]
        self.load_balances({a.id for a in everything})
        self.load_holdings(everything)
        legs: list[tuple[Account, Account, int]] = []
        for c, amount in plan["inputs"].items():
            lost = math.ceil(amount * recipe.loss.get(c, Fraction(0)))
            if amount - lost > 0:
                legs.append((accounts[c], system[f"recipe:{recipe.name}:in:{c}"], amount - lost))
            if lost > 0:
                legs.append((accounts[c], system[f"recipe:{recipe.name}:loss:{c}"], lost))
        for c, amount in plan["outputs"].items():
            legs.append((system[f"recipe:{recipe.name}:out:{c}"], accounts[c], amount))
        seqs = []
        for n, (d, c, amount) in enumerate(legs):
            leg_tid = tid if n == 0 else f"{tid}:{n}"
            self.post_debit(d, amount, f"accounts.{d.commodity}")
            self.post_credit(c, amount, f"accounts.{c.commodity}")
            if d.kind == "source":
                lots = f"{self.seq + 1}:{amount}" if c.id in self.hold else None
                if lots is not None:
                    self.hold[c.id][self.seq + 1] = amount
                    self.lot_rows.append(
                        (
                            self.seq + 1,
                            c.commodity_id,
                            amount,
                            "conversion",
                            None,
                            None,
                            None,
                            f"conversion:{recipe.name}",
                            None,
                            recipe.name,
                            tid,
                            c.id,
                            self.seq + 1,
                        )
                    )
            else:
                lots = self.move_lots(d, c, amount) if d.id in self.hold else None
            seqs.append(
                self.append(
                    "convert", leg_tid, d.id, c.id, amount, tid, lots, plan["meta"] if n == 0 else None
                )
            )
        return self.result([tid], seqs)


def plan_conversion(
    ledger: Ledger,
    tid: str,
    recipe_name: str,
    amount: int | float | str,
    commodity: str | None,
    accounts: Mapping[str, str] | None,
    owner: str | None,
    metadata: Mapping[str, Any] | None,
) -> dict[str, Any]:
    check_id(tid, "id")
    recipe = ledger.catalog.recipe(recipe_name, "recipe")
    given = commodity or recipe.reference
    ratio = recipe.inputs.get(given, recipe.outputs.get(given))
    if ratio is None:
        raise LedgerError(
            "invalid_commodity", f"recipe {recipe.name!r} does not use {given!r}", field="commodity"
        )
    unit = ledger.catalog.commodity(given, "commodity")
    exact = parse_amount(amount, unit=unit.unit, dimension=unit.dimension, field="amount")
    chosen = conversion_accounts(ledger, recipe, accounts, owner)
    scale = exact / ratio
    flows_in = {c: exact if c == given else math.ceil(r * scale) for c, r in recipe.inputs.items()}
    flows_out = {c: exact if c == given else math.floor(r * scale) for c, r in recipe.outputs.items()}
    for c, value in {**flows_in, **flows_out}.items():
        if value <= 0:
            raise LedgerError(
                "conversion_too_small", f"the amount is too small to produce any {c}", field="amount"
            )
        if value > MAX_AMOUNT:
            raise LedgerError("invalid_amount", f"the amount of {c} would overflow", field="amount")
    request = {
        "recipe": recipe.name,
        "commodity": given,
        "amount": exact,
        "accounts": {c: a.name for c, a in chosen.items()},
        "metadata": json.loads(metadata_json(metadata, "metadata") or "null"),
    }
    return {
        "tid": tid,
        "recipe": recipe,
        "accounts": chosen,
        "inputs": flows_in,
        "outputs": flows_out,
        "meta": canonical_json(request),
    }


def conversion_accounts(
    ledger: Ledger, recipe: Recipe, accounts: Mapping[str, str] | None, owner: str | None
) -> dict[str, Account]:
    accounts = dict(accounts or {})
    chosen: dict[str, Account] = {}
    for c in (*recipe.inputs, *recipe.outputs):
        field = f"accounts.{c}"
        if c in accounts:
            account = ledger.catalog.account(accounts.pop(c), field)
        elif owner is not None:
            account = only_account(ledger, owner, c, field)
        else:
            raise LedgerError("missing_account", f"no account given for {c!r}", field=field)
        if account.kind != "asset" or account.commodity != c:
            raise LedgerError(
                "invalid_account", f"{account.name!r} is not an asset account of {c}", field=field
            )
        chosen[c] = account
    if accounts:
        extra = sorted(accounts)[0]
        raise LedgerError(
            "invalid_commodity",
            f"recipe {recipe.name!r} does not use {extra!r}",
            field=f"accounts.{extra}",
        )
    owners = {a.owner for a in chosen.values()}
    if len(owners) > 1:
        raise LedgerError(
            "mixed_owners",
            f"a conversion happens inside one owner's books; accounts belong to {', '.join(sorted(owners))}",
            field="accounts",
        )
    return chosen


def only_account(ledger: Ledger, owner: str, commodity: str, field: str) -> Account:
    found = [
        b.account for b in ledger.accounts(owner=owner, commodity=commodity) if b.account.kind == "asset"
    ]
    if len(found) != 1:
        raise LedgerError(
            "missing_account",
            f"owner {owner!r} has {len(found)} accounts in {commodity!r}; name the one to use",
            field=field,
        )
    return found[0]
