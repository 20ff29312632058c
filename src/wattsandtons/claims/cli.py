"""``wattsandtons claims``: check the essays' numeric claims by computation and print the verdicts.

The lead registers :func:`claims_command` on the main app as ``app.command("claims")(friendly_errors(...))``;
expected errors are :class:`~wattsandtons.errors.WattsAndTonsError` and become one line and exit status 2.

Defining the command imports only Typer and Rich; the physics, pandas and Plotly load when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from wattsandtons.claims.evaluate import CheckResult

__all__ = ["FORMATS", "claims_command"]

#: Output formats of the command.
FORMATS = ("table", "md", "json")

console = Console()
err_console = Console(stderr=True)


def _styles() -> dict[str, str]:
    """Rich style of each verdict kind, in the order the summary line lists them."""
    from wattsandtons.claims.evaluate import (
        HOLDS,
        HOLDS_ON_ENERGY_ONLY,
        HOLDS_UNDER_ASSUMPTIONS,
        NOT_CHECKABLE,
        OFF_BY,
        PREMISE_IMPLAUSIBLE,
    )

    return {
        HOLDS: "green",
        HOLDS_UNDER_ASSUMPTIONS: "yellow",
        HOLDS_ON_ENERGY_ONLY: "cyan",
        OFF_BY: "bold red",
        PREMISE_IMPLAUSIBLE: "magenta",
        NOT_CHECKABLE: "dim",
    }


def _table(results: list[CheckResult]) -> Table:
    styles = _styles()
    table = Table(title="Claims of the essays, checked by computation", show_lines=False)
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("computed quantity", overflow="fold")
    table.add_column("computed", overflow="fold")
    table.add_column("claimed", overflow="fold")
    table.add_column("verdict", overflow="fold")
    for r in results:
        table.add_row(
            r.id,
            r.check.quantity,
            r.computed_text(),
            r.claimed_text(),
            f"[{styles[r.verdict.kind]}]{r.verdict.text}[/]",
        )
    return table


def claims_command(
    format: Annotated[  # shadows the builtin on purpose: the option is --format
        str, typer.Option("--format", "-f", help="table, md (Markdown with assumptions and sources) or json.")
    ] = "table",
    ids: Annotated[
        list[str] | None,
        typer.Option("--id", help="Only this claim (C4) or check (C4a); repeatable."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder to write claims.json, claims.md and report.html (self-contained HTML) into."
        ),
    ] = None,
) -> None:
    """Check the essays' numeric claims (C1–C18) by computation: value, assumptions, sources, verdict.

    Every figure is computed with the physics package from sourced inputs, at central values and across their
    low/high ranges; the verdict (holds; holds under stated assumptions, named; holds on energy only; off by ×N
    with its direction; premise implausible, with the reference; not checkable, with why) is derived, never
    typed in, and carries the key caveat. The JSON lists every input with its source and range.

    Example: [bold]wattsandtons claims --id C4 --id C6 --format md[/]
    """
    from wattsandtons.claims.evaluate import (
        OFF_BY,
        ClaimsError,
        evaluate_claims,
        render_json,
        render_markdown,
    )
    from wattsandtons.report.html import Section, write_report

    if format not in FORMATS:
        raise ClaimsError(f"--format {format!r}: expected one of {', '.join(FORMATS)}")
    results = evaluate_claims(ids or None)
    if format == "json":
        text = render_json(results)
        sys.stdout.write(text)
    elif format == "md":
        text = render_markdown(results)
        sys.stdout.write(text)
    else:
        text = render_markdown(results)
        console.print(_table(results))
        styles = _styles()
        counts = {kind: sum(r.verdict.kind == kind for r in results) for kind in styles}
        console.print(
            ", ".join(
                f"[{styles[k]}]{n} {k}{' ×N' if k == OFF_BY else ''}[/]" for k, n in counts.items() if n
            )
            + "  (--format md for assumptions and sources)",
            highlight=False,
        )
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / "claims.json").write_text(render_json(results), encoding="utf-8")
            (out / "claims.md").write_text(render_markdown(results), encoding="utf-8")
            report = write_report(
                out / "report.html",
                "The essays' claims, checked by computation",
                "Each figure is computed from sourced inputs at central values and across their ranges; "
                "the verdict is derived from the computed value, never typed in.",
                [
                    Section(
                        "Claims",
                        "Computed value (with its range), the claim, and the derived verdict.",
                        table=claims_frame(results),
                    )
                ],
            )
        except OSError as exc:
            raise ClaimsError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
        (console if format == "table" else err_console).print(
            f"wrote claims.json, claims.md and [bold]{report}[/]", highlight=False
        )


def claims_frame(results: list[CheckResult]) -> pd.DataFrame:
    """The claims table for reports: id, quantity, computed, claimed, verdict."""
    import pandas as pd

    return pd.DataFrame(
        {
            "id": [r.id for r in results],
            "computed quantity": [r.check.quantity for r in results],
            "computed": [r.computed_text() for r in results],
            "claimed": [r.claimed_text() for r in results],
            "verdict": [r.verdict.text for r in results],
        }
    )
