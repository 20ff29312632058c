"""Access policy: who may do what to which rows, in one place.

Every check here runs inside the write transaction, on the rows as that transaction sees them under the ledger's
write lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``SELECT … FOR UPDATE`` on the chain head), so no
check-then-act window exists: a pending transfer created by another process a moment earlier is checked as it is
when the write applies, never before it exists.

``actor`` is the owner a request acts for (``None``: a trusted caller — the command line, a script with the
database — that is bound by the ledger's rules but by no owner's permissions). ``operator`` likewise for readings.

Reads follow the same rules (``check_sees_…``): what a key may not see answers as if it did not exist.

Rules (docs/ledger.md, "HTTP service and roles"):

* an owner moves value only out of its own asset accounts (transfers, pending transfers, conversions, retirements);
* a pending transfer is posted only by its recipient and voided by either party, also inside one batch;
* a pending transfer, a transfer or any id the owner is not party to looks like one that does not exist, and an id
  already used by someone else is refused with the same answer whatever the request's fields (no oracle);
* an operator submits readings only for the meters it operates.
"""

from __future__ import annotations

from wattsandtons.ledger.errors import CONFLICT, FORBIDDEN, NOT_FOUND, LedgerError
from wattsandtons.ledger.types import Account, Lot, Meter

__all__ = [
    "check_id_owner",
    "check_mover",
    "check_operator",
    "check_resolver",
    "check_sees_account",
    "check_sees_lot",
    "check_sees_meter",
    "check_sees_row",
    "hidden",
    "involved",
    "lot_visible",
    "may_move",
    "owner_scope",
]


def involved(actor: str, *accounts: Account | None) -> bool:
    """Whether ``actor`` owns one of ``accounts``."""
    return any(a is not None and a.owner == actor for a in accounts)


def may_move(actor: str | None, debit: Account) -> bool:
    """Whether ``actor`` may move value out of ``debit`` (a trusted caller, ``None``, may)."""
    return actor is None or debit.owner == actor


def check_mover(actor: str | None, debit: Account, field: str) -> None:
    """Value leaves ``debit``: only its owner may do that."""
    if not may_move(actor, debit):
        raise LedgerError(
            "forbidden",
            f"account {debit.name!r} does not belong to {actor!r}: owners move value out of their own accounts",
            field=field,
            status=FORBIDDEN,
        )


def check_resolver(
    actor: str | None, kind: str, pending_id: str, debit: Account, credit: Account, field: str
) -> None:
    """Post (the recipient only) or void (either party) pending transfer ``pending_id`` from ``debit`` to ``credit``.

    Someone who is party to neither side learns nothing: the answer is the one for a missing pending transfer.
    """
    if actor is None:
        return
    if not involved(actor, debit, credit):
        raise LedgerError(
            "pending_transfer_not_found", f"no pending transfer {pending_id[:100]!r}", field=field
        )
    if kind == "post" and credit.owner != actor:
        raise LedgerError(
            "forbidden",
            f"{actor!r} may not post pending transfer {pending_id!r}: only its recipient posts it",
            field=field,
            status=FORBIDDEN,
        )


def check_id_owner(
    actor: str | None, tid: str, debit: Account | None, credit: Account | None, field: str
) -> None:
    """An id already in the journal: a caller that is party to neither of its accounts gets one answer, whatever
    the fields it sent (nothing about the stored row can be guessed by comparing answers)."""
    if actor is not None and not involved(actor, debit, credit):
        raise LedgerError(
            "id_unavailable",
            f"id {tid[:100]!r} is already in use: choose another (e.g. a UUID)",
            field=field,
            status=CONFLICT,
        )


def check_operator(operator: str | None, meter: Meter, field: str) -> None:
    """Readings of ``meter``: only its operator submits them."""
    if operator is not None and meter.operator != operator:
        raise LedgerError(
            "forbidden",
            f"meter {meter.name!r} is not operated by {operator!r}",
            field=field,
            status=FORBIDDEN,
        )


def lot_visible(issued_to: Account, lot: Lot, owner: str) -> bool:
    """An owner sees a lot issued to it, or one it holds or retired (its own view of the lot, ``lot.partial``)."""
    return issued_to.owner == owner or bool(lot.held) or bool(lot.retired)


# -- reads: what a key sees ----------------------------------------------------------------------------------------
def hidden(what: str, name: str) -> LedgerError:
    """Another owner's things look like missing ones (no probing of names)."""
    return LedgerError(f"{what.replace(' ', '_')}_not_found", f"no {what} {name[:100]!r}", status=NOT_FOUND)


def owner_scope(role: str, subject: str | None, requested: str | None, what: str) -> str | None:
    """The owner a listing (accounts, statements) is limited to: an owner key sees only its own, by default too."""
    if role != "owner":
        return requested
    if requested is not None and requested != subject:
        raise LedgerError("forbidden", f"owners see only their own {what}", field="owner", status=FORBIDDEN)
    return subject


def check_sees_account(
    role: str, subject: str | None, account: Account, name: str, *, field: str | None = None
) -> None:
    """An owner key reads only its own accounts: another's is 404 (``field`` given: 403, for a query parameter)."""
    if role == "owner" and account.owner != subject:
        if field is not None:
            raise LedgerError(
                "forbidden", f"account {name!r} does not belong to {subject!r}", field=field, status=FORBIDDEN
            )
        raise hidden("account", name)


def check_sees_row(
    role: str, subject: str | None, debit: Account | None, credit: Account | None, what: str, name: str
) -> None:
    """An owner key reads a journal row or pending transfer only when it is party to it."""
    if role == "owner" and (subject is None or not involved(subject, debit, credit)):
        raise hidden(what, name)


def check_sees_meter(role: str, subject: str | None, owner: str, operator: str, name: str) -> None:
    """An owner key reads its own meters, an operator key those it operates."""
    if (role == "owner" and owner != subject) or (role == "operator" and operator != subject):
        raise hidden("meter", name)


def check_sees_lot(
    role: str, subject: str | None, issued_to: Account, lot: Lot, operator: str | None, name: str
) -> None:
    """An owner key reads a lot it was issued, holds or retired (its own view); an operator one from its meters."""
    if role == "owner" and (subject is None or not lot_visible(issued_to, lot, subject)):
        raise hidden("lot", name)
    if role == "operator" and (operator is None or operator != subject):
        raise hidden("lot", name)
