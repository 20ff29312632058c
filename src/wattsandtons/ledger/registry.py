"""Registration: commodities (their smallest unit and what one unit carries), asset accounts, meters and recipes —
the checks before the write and the idempotent inserts inside it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from wattsandtons.errors import UnitError
from wattsandtons.ledger import model
from wattsandtons.ledger.errors import CONFLICT, LedgerError
from wattsandtons.ledger.posting import Tx
from wattsandtons.ledger.quantities import MAX_AMOUNT
from wattsandtons.ledger.rules import canonical_json, check_name, check_text, fraction_of, storable
from wattsandtons.ledger.types import (
    KINDS,
    SYSTEM_OWNER,
    Account,
    Commodity,
    Meter,
    Recipe,
)

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger

__all__ = [
    "DEFAULT_SMALLEST",
    "RegistryTx",
    "account_spec",
    "build_recipe",
    "capacity_units_per_s",
    "carried",
    "check_conservation",
    "commodity_definition",
    "meter_definition",
    "positive_si",
    "ratio",
    "recipe_losses",
    "unit_fraction",
]


#: Default smallest unit per dimension: chosen so a 64-bit balance holds a civilisation-scale amount
#: (9.2e18 Wh = 9.2 EWh; 9.2e18 g = 9.2 Gt; 9.2e18 TFLOP = 9.2e30 FLOP).
DEFAULT_SMALLEST = {"[energy]": "Wh", "[mass]": "g", "[compute]": "TFLOP", "[count]": "piece"}


class RegistryTx(Tx):
    """Registration inside a write: commodities, accounts, meters and recipes, each idempotent."""

    def create_commodity(self, d: dict[str, Any]) -> Commodity:
        definition = canonical_json(d)
        if self.register("commodity", d["name"], definition) is not None:
            return self.catalog.commodity(d["name"], "name", self.conn)
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_commodities")[0][0])
        seq = self.append(
            "commodity", f"commodity:{d['name']}", None, None, 0, str(next_id), None, definition
        )
        commodity = Commodity(
            next_id,
            d["name"],
            d["unit"],
            d["dimension"],
            d["si_per_unit"],
            d["energy_j_per_unit"],
            d["mass_kg_per_unit"],
            d["lots"],
            d["description"],
        )
        self.conn.execute(model.commodities.insert().values(id=next_id, seq=seq, **d))
        self.new_commodities.append(commodity)
        self.open_account(f"retired:{d['name']}", SYSTEM_OWNER, commodity, "sink", False, field="name")
        return commodity

    def open_account(
        self, name: str, owner: str, commodity: Commodity, kind: str, no_negative: bool, *, field: str
    ) -> Account:
        assert kind in KINDS
        definition = canonical_json(
            {
                "name": name,
                "owner": owner,
                "commodity": commodity.name,
                "kind": kind,
                "no_negative": no_negative,
            }
        )
        made = self.new_accounts.get(name)
        if made is not None:
            if (made.owner, made.commodity, made.kind, made.no_negative) != (
                owner,
                commodity.name,
                kind,
                no_negative,
            ):
                raise LedgerError(
                    "exists_with_different_fields",
                    f"account {name!r} is opened twice",
                    field=field,
                    status=CONFLICT,
                )
            return made
        if self.register("account", name, definition, field) is not None:
            return self.account(name, field)
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_accounts")[0][0])
        next_id = max([next_id, *(a.id + 1 for a in self.new_accounts.values())])
        seq = self.append("account", f"account:{name}", None, None, 0, str(next_id), None, definition)
        tracked = commodity.lots and kind == "asset"
        self.exec(
            "INSERT INTO ledger_accounts (id, name, owner, commodity_id, kind, no_negative, seq) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (next_id, name, owner, commodity.id, kind, no_negative, seq),
        )
        self.exec(
            "INSERT INTO ledger_balances (id, debits_posted, credits_posted, debits_pending, credits_pending, lots) "
            "VALUES (?, 0, 0, 0, 0, ?)",
            (next_id, "" if tracked else None),
        )
        account = Account(next_id, name, owner, commodity.name, commodity.id, kind, no_negative)
        self.new_accounts[name] = account
        self.bal[next_id] = [0, 0, 0, 0]
        if tracked:
            self.hold[next_id] = {}
        return account

    def register_meter(self, d: dict[str, Any]) -> Meter:
        definition = canonical_json(d)
        if self.register("meter", d["name"], definition) is not None:
            return self.catalog.meter(d["name"], "name", self.conn)
        if self.lookup([f"account:meter:{d['name']}"]):
            raise LedgerError(
                "name_taken", f"account 'meter:{d['name']}' exists", field="name", status=CONFLICT
            )
        commodity = self.catalog.commodity(d["commodity"], "account", self.conn)
        source = self.open_account(
            f"meter:{d['name']}", SYSTEM_OWNER, commodity, "source", False, field="name"
        )
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_meters")[0][0])
        seq = self.append("meter", f"meter:{d['name']}", None, None, 0, str(next_id), None, definition)
        values = {k: v for k, v in d.items() if k != "commodity"}
        self.conn.execute(
            model.meters.insert().values(
                id=next_id,
                source_id=source.id,
                commodity_id=commodity.id,
                last_end_s=None,
                readings=0,
                issued=0,
                seq=seq,
                **values,
            )
        )
        account = self.catalog.account_by_id(d["account_id"], self.conn)
        meter = Meter(
            next_id,
            d["name"],
            d["owner"],
            d["operator"],
            account.name,
            source.name,
            commodity.name,
            d["capacity"],
            d["capacity_units_per_s"],
            d["technology"],
            d["location"],
            d["device"],
            d["start_s"],
        )
        self.new_meters.append(meter)
        return meter

    def register_recipe(self, recipe: Recipe) -> Recipe:
        definition = recipe.canonical()
        if self.register("recipe", recipe.name, definition) is not None:
            return self.catalog.recipe(recipe.name, "name", self.conn)
        next_id = int(self.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM ledger_recipes")[0][0])
        for c in recipe.inputs:
            commodity = self.catalog.commodity(c, f"inputs.{c}", self.conn)
            self.open_account(
                f"recipe:{recipe.name}:in:{c}", SYSTEM_OWNER, commodity, "sink", False, field="name"
            )
            if recipe.loss.get(c, 0) > 0:
                self.open_account(
                    f"recipe:{recipe.name}:loss:{c}", SYSTEM_OWNER, commodity, "loss", False, field="name"
                )
        for c in recipe.outputs:
            commodity = self.catalog.commodity(c, f"outputs.{c}", self.conn)
            self.open_account(
                f"recipe:{recipe.name}:out:{c}", SYSTEM_OWNER, commodity, "source", False, field="name"
            )
        seq = self.append("recipe", f"recipe:{recipe.name}", None, None, 0, str(next_id), None, definition)
        self.exec(
            "INSERT INTO ledger_recipes (id, name, definition, seq) VALUES (?, ?, ?, ?)",
            (next_id, recipe.name, definition, seq),
        )
        made = Recipe(
            next_id,
            recipe.name,
            recipe.inputs,
            recipe.outputs,
            recipe.loss,
            recipe.description,
            recipe.source,
        )
        self.new_recipes.append(made)
        return made


def account_spec(
    ledger: Ledger, name: Any, owner: Any, commodity: Any, kind: Any, no_negative: Any
) -> Commodity:
    check_name(name, "name")
    check_name(owner, "owner", "owner")
    if owner == SYSTEM_OWNER:
        raise LedgerError("reserved_owner", f"owner {SYSTEM_OWNER!r} is reserved", field="owner")
    if kind != "asset":
        raise LedgerError(
            "invalid_kind",
            f"only asset accounts are opened by hand (got {kind!r}); source, sink and loss accounts are "
            "opened with the meters, recipes and commodities that use them",
            field="kind",
        )
    if not isinstance(no_negative, bool):
        raise LedgerError("invalid_flag", "no_negative must be true or false", field="no_negative")
    if not isinstance(commodity, str):
        raise LedgerError("invalid_commodity", "commodity must be a name", field="commodity")
    found = ledger.catalog.commodity(commodity, "commodity")
    if found.lots and not no_negative:
        raise LedgerError(
            "invalid_flag",
            f"{commodity!r} tracks origin lots, so its accounts cannot go below zero",
            field="no_negative",
        )
    return found


def meter_definition(
    ledger: Ledger,
    name: str,
    owner: str,
    account: str,
    capacity: str,
    location: str,
    technology: str,
    device: str | None,
    operator: str | None,
    start_s: int | None,
) -> dict[str, Any]:
    check_name(name, "name")
    check_name(owner, "owner", "owner")
    operator = owner if operator is None else check_name(operator, "operator", "operator")
    target = ledger.catalog.account(account, "account")
    if target.kind != "asset" or target.owner != owner:
        raise LedgerError(
            "invalid_account",
            f"a meter issues into an asset account of its owner {owner!r}; {account!r} is a {target.kind} "
            f"account of {target.owner!r}",
            field="account",
        )
    commodity = ledger.catalog.commodity(target.commodity, "account")
    if start_s is None:
        start_s = int(ledger.clock())  # commissioned now: nothing produced before registration is issued
    if isinstance(start_s, bool) or not isinstance(start_s, int) or not 0 <= start_s < 2**40:
        raise LedgerError("invalid_time", "start must be whole seconds since 1970", field="start")
    return {
        "name": name,
        "owner": owner,
        "operator": operator,
        "account_id": target.id,
        "commodity": commodity.name,
        "capacity": check_text(capacity, "capacity"),
        "capacity_units_per_s": capacity_units_per_s(capacity, commodity),
        "technology": check_text(technology, "technology"),
        "location": check_text(location, "location"),
        "device": check_text(device if device is not None else name, "device"),
        "start_s": start_s,
    }


def build_recipe(
    ledger: Ledger,
    name: str,
    inputs: Mapping[str, str | int],
    outputs: Mapping[str, str | int],
    loss: Mapping[str, float | str] | None,
    efficiency: float | str | None,
    description: str | None,
    source: str | None,
) -> Recipe:
    check_name(name, "name")
    if not isinstance(inputs, Mapping) or not inputs:
        raise LedgerError("invalid_recipe", "a recipe needs at least one input", field="inputs")
    if not isinstance(outputs, Mapping) or not outputs:
        raise LedgerError("invalid_recipe", "a recipe needs at least one output", field="outputs")
    ins = {c: ratio(ledger, c, v, f"inputs.{c}") for c, v in inputs.items()}
    outs = {c: ratio(ledger, c, v, f"outputs.{c}") for c, v in outputs.items()}
    both = sorted(set(ins) & set(outs))
    if both:
        raise LedgerError(
            "invalid_recipe", f"{both[0]!r} is both an input and an output", field=f"outputs.{both[0]}"
        )
    losses = recipe_losses(ledger, ins, outs, loss, efficiency)
    check_conservation(ledger, ins, outs, losses)
    for text_field, value in (("description", description), ("source", source)):
        if value is not None and (not isinstance(value, str) or len(value) > 1000 or not storable(value)):
            raise LedgerError(
                "invalid_text", f"{text_field} must be text up to 1000 characters", field=text_field
            )
    return Recipe(0, name, ins, outs, losses, description, source)


def ratio(ledger: Ledger, commodity_name: str, value: str | int, field: str) -> Fraction:
    from wattsandtons.units import to_si

    commodity = ledger.catalog.commodity(commodity_name, field)
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,30}(/[0-9]{1,30})?\s*", value):
        ratio = Fraction(value.strip())
    elif isinstance(value, int) and not isinstance(value, bool):
        ratio = Fraction(value)
    elif isinstance(value, str):
        try:
            si = to_si(value, commodity.dimension)
        except UnitError as exc:
            raise LedgerError("invalid_amount", str(exc), field=field) from None
        ratio = fraction_of(si) / fraction_of(commodity.si_per_unit)
    else:
        raise LedgerError(
            "invalid_amount", f"expected a quantity such as '1 MWh', got {value!r}", field=field
        )
    if ratio <= 0 or ratio > MAX_AMOUNT:
        raise LedgerError("invalid_amount", f"amount must be positive, got {value!r}", field=field)
    return ratio


def commodity_definition(
    name: str,
    unit: str | None,
    dimension: str | None,
    mass_per_unit: str | None,
    energy_per_unit: str | None,
    lots: bool,
    description: str | None,
) -> dict[str, Any]:
    check_name(name, "name")
    from wattsandtons.units import dimensionality, ureg

    if unit is None:
        if dimension is None or dimension not in DEFAULT_SMALLEST:
            raise LedgerError(
                "invalid_unit", "give the smallest unit (e.g. 'Wh', 'g', 'piece')", field="unit"
            )
        unit = DEFAULT_SMALLEST[dimension]
    if not isinstance(unit, str) or not re.fullmatch(r"[A-Za-zµμ][A-Za-zµμ0-9_]{0,31}", unit):
        raise LedgerError("invalid_unit", f"invalid unit {unit!r}", field="unit")
    try:
        parsed = ureg.parse_units(unit)
    except Exception:
        raise LedgerError("invalid_unit", f"unknown unit {unit!r}", field="unit") from None
    dim = str(parsed.dimensionality) if parsed.dimensionality else "[]"
    if dimension is not None and dimensionality(dimension) != parsed.dimensionality:
        raise LedgerError("invalid_unit", f"{unit!r} is not a unit of {dimension}", field="unit")
    si = float(ureg.Quantity(1.0, parsed).to_base_units().magnitude)
    energy = si if parsed.dimensionality == dimensionality("[energy]") else None
    mass = si if parsed.dimensionality == dimensionality("[mass]") else None
    if mass_per_unit is not None:
        if mass is not None:
            raise LedgerError(
                "invalid_field", "a mass commodity has no separate mass per unit", field="mass_per_unit"
            )
        mass = positive_si(mass_per_unit, "[mass]", "mass_per_unit")
    if energy_per_unit is not None:
        if energy is not None:
            raise LedgerError(
                "invalid_field",
                "an energy commodity has no separate energy per unit",
                field="energy_per_unit",
            )
        energy = positive_si(energy_per_unit, "[energy]", "energy_per_unit")
    if not isinstance(lots, bool):
        raise LedgerError("invalid_flag", "lots must be true or false", field="lots")
    if description is not None and (
        not isinstance(description, str) or len(description) > 1000 or not storable(description)
    ):
        raise LedgerError(
            "invalid_text", "description must be text up to 1000 characters", field="description"
        )
    return {
        "name": name,
        "unit": unit,
        "dimension": dim,
        "si_per_unit": si,
        "energy_j_per_unit": energy,
        "mass_kg_per_unit": mass,
        "lots": lots,
        "description": description,
    }


def positive_si(value: object, dimension: str, field: str) -> float:
    from wattsandtons.units import to_si

    if not isinstance(value, str):
        raise LedgerError("invalid_amount", f"{field} must be a quantity such as '20 kg'", field=field)
    try:
        si = to_si(value, dimension)
    except UnitError as exc:
        raise LedgerError("invalid_amount", str(exc), field=field) from None
    if not si > 0:
        raise LedgerError("invalid_amount", f"{field} must be positive", field=field)
    return si


def capacity_units_per_s(capacity: object, commodity: Commodity) -> float:
    from wattsandtons.units import dimension_name, dimensionality, to_si

    if not isinstance(capacity, str):
        raise LedgerError("invalid_capacity", "capacity must be a rate such as '5 MW'", field="capacity")
    rate_dim = f"{commodity.dimension} / [time]" if commodity.dimension != "[]" else "1 / [time]"
    try:
        si = to_si(capacity, rate_dim)
    except UnitError as exc:
        raise LedgerError(
            "invalid_capacity",
            f"{exc} — a meter of {commodity.name} needs a capacity in "
            f"{dimension_name(dimensionality(rate_dim))}, e.g. '5 MW' or '2 t/h'",
            field="capacity",
        ) from None
    if not 0 < si < 1e30:
        raise LedgerError("invalid_capacity", "capacity must be positive", field="capacity")
    return si / commodity.si_per_unit


def recipe_losses(
    ledger: Ledger,
    ins: Mapping[str, Fraction],
    outs: Mapping[str, Fraction],
    loss: Mapping[str, float | str] | None,
    efficiency: float | str | None,
) -> dict[str, Fraction]:
    energy_in, energy_out, mass_in, mass_out = carried(ledger, ins, outs)
    losses: dict[str, Fraction] = {}
    if efficiency is not None:
        kept = unit_fraction(efficiency, "efficiency")
        energy_share = kept
    else:
        energy_share = energy_out / energy_in if energy_in > 0 else Fraction(0)
    mass_share = mass_out / mass_in if mass_in > 0 else Fraction(0)
    for c in ins:
        commodity = ledger.catalog.commodity(c, f"inputs.{c}")
        if commodity.energy_j_per_unit is not None:
            losses[c] = 1 - min(energy_share, Fraction(1))
        elif commodity.mass_kg_per_unit is not None:
            losses[c] = 1 - min(mass_share, Fraction(1))
    for c, value in (loss or {}).items():
        if c not in ins:
            raise LedgerError("invalid_recipe", f"loss names {c!r}, which is not an input", field=f"loss.{c}")
        losses[c] = unit_fraction(value, f"loss.{c}")
    return {c: v for c, v in losses.items() if v > 0}


def unit_fraction(value: object, field: str) -> Fraction:
    try:
        if isinstance(value, bool):
            raise ValueError
        fraction = Fraction(str(value).strip()).limit_denominator(10**12)
    except (ValueError, ZeroDivisionError):
        raise LedgerError("invalid_fraction", f"{field} must be a number from 0 to 1", field=field) from None
    if not 0 <= fraction <= 1:
        raise LedgerError("invalid_fraction", f"{field} must be from 0 to 1, got {value!r}", field=field)
    return fraction


def carried(
    ledger: Ledger, ins: Mapping[str, Fraction], outs: Mapping[str, Fraction]
) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    def total(flows: Mapping[str, Fraction], attribute: str) -> Fraction:
        out = Fraction(0)
        for c, ratio in flows.items():
            per_unit = getattr(ledger.catalog.commodity(c, c), attribute)
            if per_unit is not None:
                out += ratio * fraction_of(per_unit)
        return out

    return (
        total(ins, "energy_j_per_unit"),
        total(outs, "energy_j_per_unit"),
        total(ins, "mass_kg_per_unit"),
        total(outs, "mass_kg_per_unit"),
    )


def check_conservation(
    ledger: Ledger, ins: Mapping[str, Fraction], outs: Mapping[str, Fraction], losses: Mapping[str, Fraction]
) -> None:
    for attribute, what in (("energy_j_per_unit", "energy"), ("mass_kg_per_unit", "mass")):
        kept = Fraction(0)
        carried = Fraction(0)
        for c, ratio in ins.items():
            per_unit = getattr(ledger.catalog.commodity(c, c), attribute)
            if per_unit is not None:
                kept += ratio * (1 - losses.get(c, Fraction(0))) * fraction_of(per_unit)
        for c, ratio in outs.items():
            per_unit = getattr(ledger.catalog.commodity(c, c), attribute)
            if per_unit is not None:
                carried += ratio * fraction_of(per_unit)
        if carried > kept * (1 + Fraction(1, 10**9)):
            unit = "J" if what == "energy" else "kg"
            raise LedgerError(
                "creates_" + what,
                f"the outputs carry {float(carried):.6g} {unit} of {what} per unit of activity but the inputs keep "
                f"only {float(kept):.6g} {unit} after losses: a conversion cannot create {what}",
                field="outputs",
            )
