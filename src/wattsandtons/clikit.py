"""What every command line of the package shares: the consoles, the exit statuses and the one error decorator.

Importing this module loads Typer and Rich only. Each part's command line (``cli.py``, ``io/cli.py``,
``ledger/cli.py`` …) decorates its commands with :func:`friendly_errors`, so a refusal reads the same everywhere:
one located line per problem on stderr (Rich markup in the message escaped) and exit status 2; Ctrl-C one line
and exit status 130.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from wattsandtons.errors import WattsAndTonsError

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "OutputFormat",
    "console",
    "err_console",
    "friendly_errors",
    "print_json",
]

console = Console()
err_console = Console(stderr=True)

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn the project's own errors into located one-line messages and exit status 2 (Ctrl-C: 130)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except WattsAndTonsError as exc:
            for message in exc.lines():
                err_console.print(f"[bold red]error[/] {escape(message)}", highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_USAGE) from None
        except KeyboardInterrupt:
            from wattsandtons.outputs import INTERRUPTED

            err_console.print(INTERRUPTED, highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


class OutputFormat(StrEnum):
    """What a command that prints data prints: tables (default), one strict JSON document, or CSV."""

    table = "table"
    json = "json"
    csv = "csv"


def print_json(document: Any) -> None:
    """``document`` as strict JSON (RFC 8259: no NaN or Infinity) on stdout, and nothing else."""
    sys.stdout.write(json.dumps(document, indent=2, allow_nan=False) + "\n")
