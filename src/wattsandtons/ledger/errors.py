"""The ledger's error family: every refusal carries a stable ``code``, the request ``field`` it concerns and an
HTTP status, so the CLI prints one located line and the API answers with a JSON problem body (RFC 9457).

A refused request never changes anything: the engine validates a whole batch before it writes, and writes it in
one database transaction.
"""

from __future__ import annotations

from wattsandtons.errors import WattsAndTonsError

__all__ = ["LedgerError"]

#: HTTP status by kind of refusal.
BAD_REQUEST = 422  # the request is malformed or names something that does not exist
NOT_FOUND = 404  # the resource in the URL path does not exist
CONFLICT = (
    409  # the request is well formed but the ledger's state refuses it (balance, duplicate, already done)
)
UNAUTHORIZED = 401
FORBIDDEN = 403


class LedgerError(WattsAndTonsError):
    """A refused ledger operation.

    Attributes
    ----------
    code : str
        Stable machine-readable reason, e.g. ``exceeds_balance``, ``exists_with_different_amount``.
    field : str or None
        The request field concerned, e.g. ``transfers[3].amount``.
    status : int
        The HTTP status the API answers with (4xx).
    """

    def __init__(
        self, code: str, message: str, *, field: str | None = None, status: int = BAD_REQUEST
    ) -> None:
        assert 400 <= status < 500, f"a ledger error is a client error, got status {status}"
        assert code and code.replace("_", "").isalnum(), f"bad error code {code!r}"
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{where}{self.message} [{self.code}]"

    def at(self, prefix: str) -> LedgerError:
        """The same error with its field placed under ``prefix`` (e.g. ``transfers[2]``)."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return LedgerError(self.code, self.message, field=field, status=self.status)

    def problem(self) -> dict[str, object]:
        """The JSON problem body (``application/problem+json``) for this error."""
        return {
            "type": f"urn:wattsandtons:ledger:{self.code}",
            "title": self.code.replace("_", " "),
            "status": self.status,
            "detail": _text(self.message),
            "code": self.code,
            "field": None if self.field is None else _text(self.field),
        }


def _text(value: str) -> str:
    """Text any response can encode: a lone surrogate from the request becomes ``\\udfff``."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")
