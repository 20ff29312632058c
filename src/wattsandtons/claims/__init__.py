"""The essays' numeric claims (C1–C18) as data, checked by computation with :mod:`wattsandtons.physics`.

Each claim (:data:`CLAIMS`) holds one or more checks. :func:`evaluate_claims` computes every check's figure at
the sourced inputs' central values and across their low/high ranges, and derives a verdict that says what was
checked — ``holds``, ``holds under stated assumptions`` (named), ``holds on energy only``, ``off by ×N``,
``premise implausible`` or ``not checkable`` (with why) — never typed in, with its key caveat.
:func:`render_markdown` and :func:`render_json` (schema in docs/claims.md) turn the rows into reports; the
``wattsandtons claims`` command (:func:`wattsandtons.claims.cli.claims_command`) prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from wattsandtons.claims.data import CLAIMS, FIGURES, Check, Claim, Claimed, Unit
    from wattsandtons.claims.evaluate import (
        EVALUATORS,
        SCHEMA_VERSION,
        VERDICT_KINDS,
        CheckResult,
        ClaimsError,
        Verdict,
        evaluate_check,
        evaluate_claims,
        judge,
        render_json,
        render_markdown,
        report,
    )

__all__ = [
    "CLAIMS",
    "EVALUATORS",
    "FIGURES",
    "SCHEMA_VERSION",
    "VERDICT_KINDS",
    "Check",
    "CheckResult",
    "Claim",
    "Claimed",
    "ClaimsError",
    "Unit",
    "Verdict",
    "evaluate_check",
    "evaluate_claims",
    "judge",
    "render_json",
    "render_markdown",
    "report",
]

#: Public names load on first use (SPEC 1 lazy loading), so defining the CLI command does not import them.
__getattr__, __dir__, _ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "data": ["CLAIMS", "FIGURES", "Check", "Claim", "Claimed", "Unit"],
        "evaluate": [
            "EVALUATORS",
            "SCHEMA_VERSION",
            "VERDICT_KINDS",
            "CheckResult",
            "ClaimsError",
            "Verdict",
            "evaluate_check",
            "evaluate_claims",
            "judge",
            "render_json",
            "render_markdown",
            "report",
        ],
    },
)
