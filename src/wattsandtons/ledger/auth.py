"""API keys and roles.

A key is shown once, at creation: ``wt_<key id>_<secret>`` with a 32-byte random secret. The database keeps only
``sha256(secret)`` (a random 256-bit secret needs no slow hash: it cannot be guessed from a dictionary), and a
presented key is checked with a constant-time comparison. Roles:

* ``owner`` (subject = the owner's name): moves value out of its own asset accounts only — transfers, pending
  transfers (it may void them), conversions, retirements; posts pending transfers made *to* it (capture); reads its
  own accounts, transfers, lots, meters and statements.
* ``operator`` (subject = the meter operator's name): submits readings for the meters it operates; reads them.
* ``auditor``: reads everything, including ``verify`` and the journal; writes nothing.
* ``admin``: registers commodities, accounts, meters and recipes and creates keys; reads everything; moves no value.

A key may expire (``expires_in_s``). Every request looks its key up in the database — one primary-key read — so a
revocation or an expiry takes effect at once in every server process sharing the database (there is no cache to
outlive it). The reserved owner ``system`` (which owns the meters', recipes' and retirements' accounts) cannot get a
key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from wattsandtons.ledger import model
from wattsandtons.ledger.engine import Ledger
from wattsandtons.ledger.errors import FORBIDDEN, NOT_FOUND, UNAUTHORIZED, LedgerError
from wattsandtons.ledger.store import chunks, in_list, q
from wattsandtons.ledger.types import NAME_RE, SYSTEM_OWNER

__all__ = ["ROLES", "KeyStore", "Principal"]

ROLES: tuple[str, ...] = ("owner", "operator", "auditor", "admin")
#: Longest lifetime of a key that expires: ten years.
MAX_KEY_LIFETIME_S = 10 * 366 * 86400
_DUMMY = hashlib.sha256(b"no such key").hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: str
    role: str
    subject: str | None

    def require(self, *roles: str) -> None:
        if self.role not in roles:
            raise LedgerError(
                "forbidden",
                f"a key with role {self.role!r} may not do this (needs {' or '.join(roles)})",
                status=FORBIDDEN,
            )


class KeyStore:
    """Create, check, list and revoke API keys kept (hashed) in the ledger's database."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def now_s(self) -> int:
        return self.ledger.now_us() // 1_000_000

    def create(
        self, role: str, subject: str | None = None, *, expires_in_s: int | None = None
    ) -> tuple[Principal, str]:
        """A new key: returns the principal and the token (shown only now). ``expires_in_s``: seconds it works."""
        if role not in ROLES:
            raise LedgerError("invalid_role", f"role must be one of {', '.join(ROLES)}", field="role")
        if role in ("owner", "operator"):
            if subject is None or not NAME_RE.match(subject):
                raise LedgerError(
                    "invalid_subject", f"a {role} key needs the {role}'s name as its subject", field="subject"
                )
        elif subject is not None and not NAME_RE.match(subject):
            raise LedgerError("invalid_subject", "subject must be a name", field="subject")
        if subject == SYSTEM_OWNER:
            raise LedgerError(
                "reserved_owner", f"{SYSTEM_OWNER!r} is reserved: no key acts for it", field="subject"
            )
        if expires_in_s is not None and (
            isinstance(expires_in_s, bool)
            or not isinstance(expires_in_s, int)
            or not 0 < expires_in_s <= MAX_KEY_LIFETIME_S
        ):
            raise LedgerError(
                "invalid_expiry", f"expires_in_s must be whole seconds from 1 to {MAX_KEY_LIFETIME_S}",
                field="expires_in_s",
            )  # fmt: skip
        now = self.now_s()
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        with self.ledger.engine.begin() as conn:
            conn.execute(
                model.keys.insert().values(
                    key_id=key_id,
                    secret_sha256=hashlib.sha256(secret.encode()).hexdigest(),
                    role=role,
                    subject=subject,
                    created_at=now,
                    revoked=False,
                    expires_at=None if expires_in_s is None else now + expires_in_s,
                )
            )
        return Principal(key_id, role, subject), f"wt_{key_id}_{secret}"

    def authenticate(self, token: str | None) -> Principal:
        """The principal of a presented token; 401 if it is missing, malformed, unknown, revoked or expired.

        Looked up in the database every time: a revocation or expiry holds at once in every process."""
        if not token:
            raise LedgerError(
                "unauthorized", "missing API key (send 'Authorization: Bearer wt_…')", status=UNAUTHORIZED
            )
        return self._check(token)

    def authenticate_many(self, tokens: list[str | None]) -> list[Principal | LedgerError]:
        """:meth:`authenticate` for many tokens with one database read (a group of requests): per token its
        principal or the refusal."""
        key_ids = sorted({parsed[0] for t in tokens if t and (parsed := _parse(t)) is not None})
        rows = self._rows(key_ids)
        out: list[Principal | LedgerError] = []
        for token in tokens:
            try:
                out.append(self.authenticate(token) if not token else self._verify(token, rows))
            except LedgerError as exc:
                out.append(exc)
        return out

    def _check(self, token: str) -> Principal:
        parsed = _parse(token)
        return self._verify(token, self._rows([] if parsed is None else [parsed[0]]))

    def _rows(self, key_ids: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for part in chunks(key_ids):
            if not part:
                continue
            cond, params = in_list(self.ledger.pg, "key_id", part)
            with self.ledger.engine.connect() as conn:
                for row in conn.exec_driver_sql(
                    q(
                        self.ledger.pg,
                        "SELECT key_id, secret_sha256, role, subject, revoked, expires_at FROM ledger_keys "
                        f"WHERE {cond}",
                    ),
                    params,
                ):
                    found[str(row[0])] = row[1:]
        return found

    def _verify(self, token: str, rows: dict[str, Any]) -> Principal:
        bad = LedgerError("unauthorized", "invalid or revoked API key", status=UNAUTHORIZED)
        parsed = _parse(token)
        if parsed is None:
            raise bad
        key_id, secret = parsed
        row = rows.get(key_id)
        presented = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
        stored = _DUMMY if row is None else str(row[0])
        if not hmac.compare_digest(presented, stored) or row is None or bool(row[3]):
            raise bad
        if row[4] is not None and int(row[4]) <= self.now_s():
            raise LedgerError("unauthorized", "the API key has expired", status=UNAUTHORIZED)
        return Principal(key_id, str(row[1]), None if row[2] is None else str(row[2]))

    def revoke(self, key_id: str) -> None:
        with self.ledger.engine.begin() as conn:
            done = conn.execute(
                model.keys.update().where(model.keys.c.key_id == key_id).values(revoked=True)
            ).rowcount
        if not done:
            raise LedgerError("key_not_found", f"no key {key_id!r}", field="key_id", status=NOT_FOUND)

    def list(self) -> list[dict[str, Any]]:
        with self.ledger.engine.connect() as conn:
            rows = conn.execute(select(model.keys).order_by(model.keys.c.created_at)).fetchall()
        return [
            {
                "key_id": r.key_id,
                "role": r.role,
                "subject": r.subject,
                "created_at": int(r.created_at),
                "revoked": bool(r.revoked),
                "expires_at": None if r.expires_at is None else int(r.expires_at),
            }
            for r in rows
        ]


def _parse(token: str) -> tuple[str, str] | None:
    """``wt_<16 hex>_<secret>`` → (key id, secret); ``None`` if malformed."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "wt" or len(parts[1]) != 16 or not parts[2]:
        return None
    if not all(c in "0123456789abcdef" for c in parts[1]):
        return None
    return parts[1], parts[2]
