"""The root of every error Watts & Tons raises on purpose.

Each part has its own family under :class:`WattsAndTonsError`; the CLI turns any of them into a one-line message
and exit status 2, the web API into a JSON problem body with a 4xx status.
"""

from __future__ import annotations


class WattsAndTonsError(Exception):
    """Base of all expected (user-facing) errors: bad input, impossible requests."""

    def lines(self) -> list[str]:
        """The message as one line per problem (an error that locates several problems gives several)."""
        return [str(self)]


class UnitError(WattsAndTonsError, ValueError):
    """A quantity string that does not parse, or has the wrong physical dimension."""

    def __init__(self, message: str, expected: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected

    def __str__(self) -> str:
        return self.message if self.expected is None else f"{self.message} (expected {self.expected})"
