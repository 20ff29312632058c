"""Reads: accounts and balances, meters, recipes, journal rows, pending transfers, lots — each answered from one
database snapshot, names through the catalog."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from wattsandtons.ledger import model
from wattsandtons.ledger.catalog import WITH_BALANCES, Catalog, commodity_from_row
from wattsandtons.ledger.errors import NOT_FOUND, LedgerError
from wattsandtons.ledger.rules import parse_lots, searchable
from wattsandtons.ledger.store import q
from wattsandtons.ledger.types import (
    AccountBalance,
    Commodity,
    Lot,
    Recipe,
    VerifyReport,
)

__all__ = ["LedgerReads"]


class LedgerReads:
    """The ledger's reads (a mixin of :class:`~wattsandtons.ledger.engine.Ledger`): each on one snapshot."""

    catalog: Catalog
    pg: bool

    def head(self) -> tuple[int, str]:
        """The chain head: ``(seq, hash)`` of the last journal row — worth recording outside the database."""
        with self.catalog.read() as conn:
            row = conn.exec_driver_sql("SELECT head_seq, head_hash FROM ledger_meta WHERE id = 1").fetchone()
        if row is None:
            raise LedgerError("not_initialised", "the database holds no ledger: run 'ledger init'")
        return int(row[0]), str(row[1])

    def commodity(self, name: str) -> Commodity:
        return self.catalog.commodity(name, "commodity")

    def commodities(self) -> list[Commodity]:
        with self.catalog.read() as conn:
            rows = conn.execute(select(model.commodities).order_by(model.commodities.c.id)).fetchall()
        return [commodity_from_row(row) for row in rows]

    def account(self, name: str) -> AccountBalance:
        """An account and its balances (404 if there is none)."""
        with self.catalog.read() as conn:
            row = self.catalog.stored(
                conn, f"{WITH_BALANCES} WHERE a.name = ?", name, "account", "name", status=NOT_FOUND
            )
            return self._balance_from_row(row, conn)

    def accounts(
        self, *, owner: str | None = None, commodity: str | None = None, kind: str | None = None
    ) -> list[AccountBalance]:
        t, b = model.accounts, model.balances
        query = (
            select(
                t, b.c.debits_posted, b.c.credits_posted, b.c.debits_pending, b.c.credits_pending, b.c.lots
            )
            .join(b, b.c.id == t.c.id)
            .order_by(t.c.id)
        )
        if owner is not None and not searchable(owner):
            return []  # no such owner can exist
        if owner is not None:
            query = query.where(t.c.owner == owner)
        if kind is not None:
            query = query.where(t.c.kind == kind)
        with self.catalog.read() as conn:
            if commodity is not None:
                query = query.where(
                    t.c.commodity_id == self.catalog.commodity(commodity, "commodity", conn).id
                )
            rows = conn.execute(query).fetchall()
            return [self._balance_from_row(row, conn) for row in rows]

    def _balance_from_row(self, row: Any, conn: Connection) -> AccountBalance:
        m = row._mapping
        account = self.catalog.accounts_by_id.get(int(m["id"])) or self.catalog.cache_account(row, conn)
        return AccountBalance(
            account=account,
            unit=self.catalog.commodity_by_id(account.commodity_id, conn).unit,
            debits_posted=int(m["debits_posted"]),
            credits_posted=int(m["credits_posted"]),
            debits_pending=int(m["debits_pending"]),
            credits_pending=int(m["credits_pending"]),
        )

    def meter(self, name: str) -> dict[str, Any]:
        with self.catalog.read() as conn:
            row = self.catalog.stored(
                conn, "SELECT * FROM ledger_meters WHERE name = ?", name, "meter", "name", status=NOT_FOUND
            )
            return self._meter_dict(row, conn)

    def meters(self, *, owner: str | None = None, operator: str | None = None) -> list[dict[str, Any]]:
        if any(v is not None and not searchable(v) for v in (owner, operator)):
            return []  # no such owner or operator can exist
        t = model.meters
        query = select(t).order_by(t.c.id)
        if owner is not None:
            query = query.where(t.c.owner == owner)
        if operator is not None:
            query = query.where(t.c.operator == operator)
        with self.catalog.read() as conn:
            return [self._meter_dict(row, conn) for row in conn.execute(query).fetchall()]

    def _meter_dict(self, row: Any, conn: Connection) -> dict[str, Any]:
        meter = self.catalog.meter_from_row(row, conn)
        m = row._mapping
        unit = self.catalog.commodity(meter.commodity, "commodity", conn).unit
        return {
            "name": meter.name,
            "owner": meter.owner,
            "operator": meter.operator,
            "account": meter.account,
            "source": meter.source,
            "commodity": meter.commodity,
            "unit": unit,
            "capacity": meter.capacity,
            "technology": meter.technology,
            "location": meter.location,
            "device": meter.device,
            "start": meter.start_s,
            "last_end": None if m["last_end_s"] is None else int(m["last_end_s"]),
            "readings": int(m["readings"]),
            "issued": int(m["issued"]),
        }

    def recipe(self, name: str) -> Recipe:
        try:
            return self.catalog.recipe(name, "name")
        except LedgerError as exc:
            raise LedgerError(exc.code, exc.message, field=exc.field, status=NOT_FOUND) from None

    def recipes(self) -> list[Recipe]:
        with self.catalog.read() as conn:
            rows = conn.exec_driver_sql("SELECT id, definition FROM ledger_recipes ORDER BY id").fetchall()
        return [Recipe.from_definition(int(r[0]), json.loads(r[1])) for r in rows]

    def transfer_record(self, tid: str) -> dict[str, Any]:
        """The journal row of a transfer (or conversion leg, retirement, reading) by id, with account names."""
        with self.catalog.read() as conn:
            row = self.catalog.stored(
                conn, "SELECT * FROM ledger_journal WHERE tid = ?", tid, "transfer", "id", status=NOT_FOUND
            )
            return self._row_dict(row, conn)

    def _row_dict(self, row: Any, conn: Connection) -> dict[str, Any]:
        m = row._mapping
        debit = None if m["debit_id"] is None else self.catalog.account_by_id(int(m["debit_id"]), conn)
        credit = None if m["credit_id"] is None else self.catalog.account_by_id(int(m["credit_id"]), conn)
        commodity = None
        for account in (debit, credit):
            if account is not None:
                commodity = account.commodity
        return {
            "seq": int(m["seq"]),
            "batch": int(m["batch"]),
            "kind": m["kind"],
            "id": m["tid"],
            "debit_account": debit.name if debit else None,
            "credit_account": credit.name if credit else None,
            "commodity": commodity,
            "amount": int(m["amount"]),
            "ref": m["ref"],
            "ts_us": int(m["ts"]),
            "lots": m["lots"],
            "meta": json.loads(m["meta"]) if m["meta"] else None,
            "hash": bytes(m["hash"]).hex(),
        }

    def pending(self, tid: str) -> dict[str, Any]:
        with self.catalog.read() as conn:
            row = self.catalog.stored(
                conn,
                "SELECT * FROM ledger_pendings WHERE tid = ?",
                tid,
                "pending transfer",
                "id",
                status=NOT_FOUND,
            )
            m = row._mapping
            return {
                "id": m["tid"],
                "debit_account": self.catalog.account_by_id(int(m["debit_id"]), conn).name,
                "credit_account": self.catalog.account_by_id(int(m["credit_id"]), conn).name,
                "amount": int(m["amount"]),
                "expires_at_us": None if m["expires_at"] is None else int(m["expires_at"]),
                "state": m["state"],
                "posted_amount": int(m["resolved_amount"]),
            }

    def lot(self, lot_id: int, *, owner: str | None = None) -> Lot:
        """A lot, its holders and retirements; with ``owner``, only that owner's holdings and retirements
        (``partial``)."""
        mine = "" if owner is None else " AND a.owner = ?"
        extra: tuple[Any, ...] = () if owner is None else (owner,)
        with self.catalog.read() as conn:
            row = conn.exec_driver_sql(
                q(self.pg, "SELECT * FROM ledger_lots WHERE id = ?"), (lot_id,)
            ).fetchone()
            if row is None:
                raise LedgerError("lot_not_found", f"no lot {lot_id}", field="id", status=NOT_FOUND)
            accounts = conn.exec_driver_sql(
                q(
                    self.pg,
                    "SELECT b.id, b.lots FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.id "
                    f"WHERE a.commodity_id = ? AND b.lots <> ''{mine} ORDER BY b.id",
                ),
                (row._mapping["commodity_id"], *extra),
            ).fetchall()
            held = [(a, parse_lots(text)[lot_id]) for a, text in accounts if lot_id in parse_lots(text)]
            retired = conn.exec_driver_sql(
                q(
                    self.pg,
                    "SELECT r.tid, r.beneficiary, r.amount FROM ledger_retirements r "
                    f"JOIN ledger_accounts a ON a.id = r.account_id WHERE r.lot_id = ?{mine} ORDER BY r.seq",
                ),
                (lot_id, *extra),
            ).fetchall()
            m = row._mapping
            commodity = self.catalog.commodity_by_id(int(m["commodity_id"]), conn)
            return Lot(
                id=int(m["id"]),
                commodity=commodity.name,
                unit=commodity.unit,
                amount=int(m["amount"]),
                origin=str(m["origin"]),
                meter=m["meter"],
                start_s=m["start_s"],
                end_s=m["end_s"],
                technology=m["technology"],
                location=m["location"],
                recipe=m["recipe"],
                conversion=m["conversion"],
                issued_to=self.catalog.account_by_id(int(m["account_id"]), conn).name,
                held={self.catalog.account_by_id(int(a), conn).name: int(v) for a, v in held},
                retired=tuple((str(t), str(b), int(a)) for t, b, a in retired),
                partial=owner is not None,
            )

    def lots_held(self, account: str) -> list[tuple[int, int]]:
        """``(lot id, amount)`` held by an account, oldest lot first."""
        found = self.catalog.account(account, "account")
        with self.catalog.read() as conn:
            row = conn.exec_driver_sql(
                q(self.pg, "SELECT lots FROM ledger_balances WHERE id = ?"), (found.id,)
            ).fetchone()
        return sorted(parse_lots("" if row is None else row[0] or "").items())

    def journal(
        self,
        *,
        account_ids: Sequence[int] | None = None,
        start_us: int | None = None,
        end_us: int | None = None,
        after_seq: int = 0,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Journal rows in order, optionally only those touching ``account_ids`` within ``[start_us, end_us)``."""
        t = model.journal
        query = select(t).where(t.c.seq > after_seq).order_by(t.c.seq)
        if start_us is not None:
            query = query.where(t.c.ts >= start_us)
        if end_us is not None:
            query = query.where(t.c.ts < end_us)
        if account_ids is not None:
            ids = list(account_ids)
            query = query.where(t.c.debit_id.in_(ids) | t.c.credit_id.in_(ids))
        if limit is not None:
            query = query.limit(limit)
        with self.catalog.read() as conn:
            for row in conn.execute(query).fetchall():
                yield self._row_dict(row, conn)

    def verify(self, *, anchor: tuple[int, str] | None = None) -> VerifyReport:
        """Check every invariant; see :mod:`wattsandtons.ledger.verify`. ``anchor`` = a ``(seq, hash)`` recorded
        earlier outside the database: the chain must still pass through it."""
        from wattsandtons.ledger.verify import verify

        with self.catalog.read() as conn:
            return verify(conn, self.pg, anchor=anchor)
