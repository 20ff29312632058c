"""The catalog: lookups of the ledger's immutable definitions — commodities, accounts, meters, recipes — by name or
id, cached in the process once read (a definition never changes once registered).

A name that cannot name a stored row (not text, too long, NUL, a lone surrogate) is refused before any query, with
the same ``<what>_not_found`` code as a name that names nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from wattsandtons.ledger.errors import BAD_REQUEST, LedgerError
from wattsandtons.ledger.rules import searchable
from wattsandtons.ledger.store import q
from wattsandtons.ledger.types import Account, Commodity, Meter, Recipe

__all__ = ["WITH_BALANCES", "Catalog", "commodity_from_row"]

#: Accounts joined with their counters and holdings.
WITH_BALANCES = (
    "SELECT a.id, a.name, a.owner, a.commodity_id, a.kind, a.no_negative, a.seq, b.debits_posted, b.credits_posted, "
    "b.debits_pending, b.credits_pending, b.lots FROM ledger_accounts a JOIN ledger_balances b ON b.id = a.id"
)


class Catalog:
    """Cached lookups by name and id on one database (``pg``: PostgreSQL)."""

    def __init__(self, engine: Engine, pg: bool) -> None:
        self.engine = engine
        self.pg = pg
        self.commodities_by_name: dict[str, Commodity] = {}
        self.commodities_by_id: dict[int, Commodity] = {}
        self.accounts_by_name: dict[str, Account] = {}
        self.accounts_by_id: dict[int, Account] = {}
        self.meters_by_name: dict[str, Meter] = {}
        self.recipes_by_name: dict[str, Recipe] = {}

    def read(self) -> Connection:
        """A connection for reads (one snapshot on PostgreSQL)."""
        conn = self.engine.connect()
        if self.pg:
            conn.execution_options(isolation_level="REPEATABLE READ")
        return conn

    def commodity(self, name: str, field: str, conn: Connection | None = None) -> Commodity:
        found = self.commodities_by_name.get(name) if isinstance(name, str) else None
        if found is not None:
            return found
        row = self.stored(conn, "SELECT * FROM ledger_commodities WHERE name = ?", name, "commodity", field)
        commodity = commodity_from_row(row)
        self.commodities_by_name[name] = commodity
        self.commodities_by_id[commodity.id] = commodity
        return commodity

    def commodity_by_id(self, commodity_id: int, conn: Connection | None = None) -> Commodity:
        found = self.commodities_by_id.get(commodity_id)
        if found is not None:
            return found
        row = self.fetch(conn, "SELECT * FROM ledger_commodities WHERE id = ?", (commodity_id,))
        if row is None:
            raise LookupError(f"commodity id {commodity_id} referenced but missing")
        return self.commodity(str(row._mapping["name"]), "commodity", conn)

    def account(self, name: object, field: str, conn: Connection | None = None) -> Account:
        if not isinstance(name, str):
            raise LedgerError("invalid_account", f"expected an account name, got {name!r}", field=field)
        found = self.accounts_by_name.get(name)
        if found is not None:
            return found
        row = self.stored(conn, "SELECT * FROM ledger_accounts WHERE name = ?", name, "account", field)
        return self.cache_account(row, conn)

    def account_by_id(self, account_id: int, conn: Connection | None = None) -> Account:
        found = self.accounts_by_id.get(account_id)
        if found is not None:
            return found
        row = self.fetch(conn, "SELECT * FROM ledger_accounts WHERE id = ?", (account_id,))
        if row is None:
            raise LookupError(f"account id {account_id} referenced but missing")
        return self.cache_account(row, conn)

    def cache_account(self, row: Any, conn: Connection | None) -> Account:
        """The account of a ``ledger_accounts`` row (or a row with its columns), remembered."""
        m = row._mapping
        commodity = self.commodity_by_id(int(m["commodity_id"]), conn)
        account = Account(
            id=int(m["id"]),
            name=str(m["name"]),
            owner=str(m["owner"]),
            commodity=commodity.name,
            commodity_id=commodity.id,
            kind=str(m["kind"]),
            no_negative=bool(m["no_negative"]),
        )
        self.accounts_by_name[account.name] = account
        self.accounts_by_id[account.id] = account
        return account

    def meter(self, name: object, field: str, conn: Connection | None = None) -> Meter:
        if not isinstance(name, str):
            raise LedgerError("invalid_meter", f"expected a meter name, got {name!r}", field=field)
        found = self.meters_by_name.get(name)
        if found is not None:
            return found
        row = self.stored(conn, "SELECT * FROM ledger_meters WHERE name = ?", name, "meter", field)
        meter = self.meter_from_row(row, conn)
        self.meters_by_name[name] = meter
        return meter

    def meter_from_row(self, row: Any, conn: Connection | None) -> Meter:
        m = row._mapping
        return Meter(
            id=int(m["id"]),
            name=str(m["name"]),
            owner=str(m["owner"]),
            operator=str(m["operator"]),
            account=self.account_by_id(int(m["account_id"]), conn).name,
            source=self.account_by_id(int(m["source_id"]), conn).name,
            commodity=self.commodity_by_id(int(m["commodity_id"]), conn).name,
            capacity=str(m["capacity"]),
            capacity_units_per_s=float(m["capacity_units_per_s"]),
            technology=str(m["technology"]),
            location=str(m["location"]),
            device=str(m["device"]),
            start_s=None if m["start_s"] is None else int(m["start_s"]),
        )

    def recipe(self, name: object, field: str, conn: Connection | None = None) -> Recipe:
        if not isinstance(name, str):
            raise LedgerError("invalid_recipe", f"expected a recipe name, got {name!r}", field=field)
        found = self.recipes_by_name.get(name)
        if found is not None:
            return found
        row = self.stored(
            conn, "SELECT id, definition FROM ledger_recipes WHERE name = ?", name, "recipe", field
        )
        recipe = Recipe.from_definition(int(row[0]), json.loads(row[1]))
        self.recipes_by_name[name] = recipe
        return recipe

    def remember(
        self,
        commodities: Iterable[Commodity],
        accounts: Iterable[Account],
        meters: Iterable[Meter],
        recipes: Iterable[Recipe],
    ) -> None:
        """Definitions a committed write registered."""
        for commodity in commodities:
            self.commodities_by_name[commodity.name] = commodity
            self.commodities_by_id[commodity.id] = commodity
        for account in accounts:
            self.accounts_by_name[account.name] = account
            self.accounts_by_id[account.id] = account
        for meter in meters:
            self.meters_by_name[meter.name] = meter
        for recipe in recipes:
            self.recipes_by_name[recipe.name] = recipe

    def stored(
        self,
        conn: Connection | None,
        sql: str,
        name: object,
        what: str,
        field: str,
        status: int = BAD_REQUEST,
    ) -> Any:
        """The stored row ``sql`` (one ``?``) finds for ``name``; ``<what>_not_found`` if the name cannot name a
        stored row or none matches — with ``status`` 404 for reads by key, the default for a request's references."""
        row = self.fetch(conn, sql, (name,)) if searchable(name) else None
        if row is None:
            code = what.replace(" ", "_") + "_not_found"
            raise LedgerError(code, f"no {what} {str(name)[:130]!r}", field=field, status=status)
        return row

    def fetch(self, conn: Connection | None, sql: str, params: tuple[Any, ...]) -> Any:
        if conn is not None:
            return conn.exec_driver_sql(q(self.pg, sql), params).fetchone()
        with self.read() as own:
            return own.exec_driver_sql(q(self.pg, sql), params).fetchone()


def commodity_from_row(row: Any) -> Commodity:
    m = row._mapping
    return Commodity(
        id=int(m["id"]),
        name=str(m["name"]),
        unit=str(m["unit"]),
        dimension=str(m["dimension"]),
        si_per_unit=float(m["si_per_unit"]),
        energy_j_per_unit=None if m["energy_j_per_unit"] is None else float(m["energy_j_per_unit"]),
        mass_kg_per_unit=None if m["mass_kg_per_unit"] is None else float(m["mass_kg_per_unit"]),
        lots=bool(m["lots"]),
        description=m["description"],
    )
