"""Evaluate the essays' claims: compute each figure with :mod:`wattsandtons.physics`, derive the verdict.

How a check is evaluated
------------------------
1. Its inputs are looked up by key (see :mod:`wattsandtons.claims.data`) and the evaluation function named by
   ``Check.evaluate`` computes the figure at the inputs' central values.
2. The same function is evaluated, vectorised, at every corner of the inputs' low/high ranges (each input that
   has a range and is not ``fixed`` or overridden takes its low and its high value; all combinations). For the
   monotone relations used here the extremes lie on those corners.
3. :func:`~wattsandtons.claims.verdicts.verdict_for` compares the central value, the corners and the value with
   each input alone at an end of its range with the claim, and returns the verdict:

   * **holds** — the central value satisfies the claim, and so does every corner;
   * **holds under stated assumptions** — the central value does, some corner does not (the inputs whose own
     low or high breaks it are named), or it rests on an input flagged as a vendor claim or a simulation
     (named), or the central value misses but one input at an end of its published range satisfies it (named);
   * **holds on energy only** — a cost claim checked on its energy side (``Check.basis == "energy"``): the
     energy holds, the cost cannot be checked from physics;
   * **off by ×N** — the central value does not; N = computed ÷ claimed (the bound that is missed for a range
     or an inequality), rounded to two significant figures, with the direction;
   * **premise implausible** — the computed figure contradicts a sourced reference (``Check.premise``), named;
   * **not checkable** — the claim has no number physics can compare; why is given.

   The one-line verdict text carries the key caveat: the check's own (``Check.caveat``) and any the evaluation
   computes (``Computed.caveat``, e.g. C2's "1e-9 of the Sun = 2.2× all sunlight reaching the Earth").

Verdicts are never typed in: change an input (``overrides``, or a different Reference in
:data:`wattsandtons.claims.data.FIGURES`) and the verdict follows.

Modules: :mod:`~wattsandtons.claims.evaluators` (the evaluation functions), :mod:`~wattsandtons.claims.verdicts`
(the verdict rules), :mod:`~wattsandtons.claims.formatting` (numbers for people); this one runs the checks and
writes the reports.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from wattsandtons.claims.data import CLAIMS, Check, Claim
from wattsandtons.claims.evaluators import (
    EVALUATORS,
    ClaimsError,
    Computed,
    Detail,
    Evaluator,
    _f,
    resolve,
)
from wattsandtons.claims.formatting import _claimed_text, _json_float, format_value
from wattsandtons.claims.verdicts import (
    HOLDS,
    HOLDS_ON_ENERGY_ONLY,
    HOLDS_UNDER_ASSUMPTIONS,
    NOT_CHECKABLE,
    OFF_BY,
    PREMISE_IMPLAUSIBLE,
    VERDICT_KINDS,
    Assumption,
    Verdict,
    judge,
    verdict_for,
)
from wattsandtons.physics.reference import Reference

__all__ = [
    "EVALUATORS",
    "HOLDS",
    "HOLDS_ON_ENERGY_ONLY",
    "HOLDS_UNDER_ASSUMPTIONS",
    "NOT_CHECKABLE",
    "OFF_BY",
    "PREMISE_IMPLAUSIBLE",
    "SCHEMA_VERSION",
    "VERDICT_KINDS",
    "Assumption",
    "CheckResult",
    "ClaimsError",
    "Computed",
    "Detail",
    "Verdict",
    "evaluate_check",
    "evaluate_claims",
    "format_value",
    "judge",
    "render_json",
    "render_markdown",
    "report",
    "resolve",
    "select_claims",
]

#: Version of the JSON document :func:`report` builds; raised whenever a field changes meaning or goes away.
SCHEMA_VERSION = 2


# --- Results ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """One row of the claims table: the check, its computed value and range, verdict, assumptions, sources."""

    claim: Claim
    check: Check
    value: float | None
    low: float | None
    high: float | None
    verdict: Verdict
    assumptions: tuple[Assumption, ...]
    details: tuple[Detail, ...]
    sources: tuple[str, ...]

    @property
    def id(self) -> str:
        """The check's id (``C4a``; the claim's id when the claim has a single check)."""
        return self.check.id

    def computed_text(self) -> str:
        """The computed value for people, with its range when the inputs' ranges move it."""
        if self.value is None:
            return "—"
        text = format_value(self.value, self.check.unit)
        if self.low is not None and self.high is not None and not math.isclose(self.low, self.high):
            text += (
                f" ({format_value(self.low, self.check.unit)} … {format_value(self.high, self.check.unit)})"
            )
        return text

    def claimed_text(self) -> str:
        """The claim's number and the comparison used."""
        return _claimed_text(self.check.claimed, self.check.unit)

    def to_dict(self) -> dict[str, Any]:
        """The row as a JSON-safe dict (see docs/claims.md for the schema)."""
        c = self.check.claimed
        computed = (
            None
            if self.value is None
            else {
                "value": _json_float(self.value),
                "low": _json_float(self.low),
                "high": _json_float(self.high),
                "unit": self.check.unit.si,
                "display": self.computed_text(),
            }
        )
        return {
            "id": self.check.id,
            "claim_id": self.claim.id,
            "essay": self.claim.essay,
            "claim": self.claim.text,
            "quantity": self.check.quantity,
            "interpretation": self.check.interpretation,
            "evaluation": self.check.evaluate,
            "computed": computed,
            "claimed": {
                "text": c.text,
                "comparison": c.comparison,
                "value": _json_float(c.value),
                "low": _json_float(c.low),
                "high": _json_float(c.high),
                "tolerance": _json_float(c.tolerance),
                "tolerance_kind": c.tolerance_kind if c.comparison == "approx" else None,
                "unit": self.check.unit.si,
                "display": self.claimed_text(),
            },
            "verdict": self.verdict.to_dict(),
            "assumptions": [a.to_dict() for a in self.assumptions],
            "details": [d.to_dict() for d in self.details],
            "sources": list(self.sources),
            "notes": list(self.check.notes),
        }


# --- Running checks -----------------------------------------------------------------------------------------


def _corner_inputs(
    refs: Mapping[str, Reference], central: Mapping[str, float], varied: Sequence[str]
) -> dict[str, Any] | None:
    """Inputs as arrays over every low/high corner of the varied inputs; ``None`` if none is varied."""
    if not varied:
        return None
    options = []
    for name in varied:
        ref = refs[name]
        options.append(
            sorted(
                {
                    ref.low if ref.low is not None else ref.value,
                    ref.high if ref.high is not None else ref.value,
                }
            )
        )
    grid = np.array(list(itertools.product(*options)), dtype=np.float64)
    inputs: dict[str, Any] = {name: np.full(len(grid), x) for name, x in central.items()}
    for column, name in enumerate(varied):
        inputs[name] = grid[:, column]
    return inputs


def evaluate_check(claim: Claim, check: Check, overrides: Mapping[str, float] | None = None) -> CheckResult:
    """Evaluate one check: compute at central inputs and over the inputs' ranges, derive the verdict.

    Parameters
    ----------
    claim : Claim
        The claim the check belongs to.
    check : Check
        The check.
    overrides : mapping of str to float, optional
        Input values to use instead of the sourced ones, by parameter name (SI). An overridden input is
        recorded as "given by the caller" and is not varied over a range.

    Returns
    -------
    CheckResult
        The row: computed value and range, verdict, assumptions with sources, details, sources.

    Raises
    ------
    ClaimsError
        If an override names no input of the check, or an input key or evaluation function is unknown.
    PhysicsError
        If an input is physically impossible (e.g. a negative mass from an override).
    """
    given = dict(overrides or {})
    unknown = sorted(set(given) - set(check.inputs))
    if unknown:
        raise ClaimsError(
            f"{check.id}: no input named {', '.join(unknown)}; inputs: {', '.join(check.inputs)}"
        )
    refs = {name: resolve(key) for name, key in check.inputs.items()}
    central = {name: float(given.get(name, ref.value)) for name, ref in refs.items()}
    varied = [
        name
        for name, ref in refs.items()
        if name not in check.fixed and name not in given and (ref.low is not None or ref.high is not None)
    ]
    assumptions = tuple(
        Assumption(
            name=name,
            key=check.inputs[name],
            value=central[name],
            unit=ref.unit,
            low=None if name in given else ref.low,
            high=None if name in given else ref.high,
            source="given by the caller" if name in given else ref.source,
            note="" if name in given else ref.note,
            varied=name in varied,
            range_note="" if name in given else ref.range_note,
            caveat="" if name in given else ref.caveat,
        )
        for name, ref in refs.items()
    )
    value: float | None = None
    low: float | None = None
    high: float | None = None
    details: tuple[Detail, ...] = ()
    corners: npt.NDArray[np.float64] = np.empty(0)
    ends: list[tuple[Assumption, str, float]] = []
    caveat = ""
    if check.evaluate is not None:
        if check.evaluate not in EVALUATORS:
            raise ClaimsError(f"{check.id}: unknown evaluation function {check.evaluate!r}")
        func = EVALUATORS[check.evaluate]
        result = func(central)
        value, details, caveat = _f(result.value), result.details, result.caveat
        corners = _evaluate_grid(func, _corner_inputs(refs, central, varied))
        by_name = {a.name: a for a in assumptions}
        labels, end_inputs = _end_inputs(refs, central, varied)
        ends = [
            (by_name[name], end, float(v))
            for (name, end), v in zip(labels, _evaluate_grid(func, end_inputs), strict=True)
        ]
        spread = np.concatenate([[value], corners])
        low, high = float(np.min(spread)), float(np.max(spread))
    verdict = verdict_for(check, value, corners, ends, assumptions, caveat)
    sources = _unique(
        [a.source for a in assumptions if a.source != "given by the caller"] + list(check.sources)
    )
    return CheckResult(claim, check, value, low, high, verdict, assumptions, details, tuple(sources))


def _evaluate_grid(func: Evaluator, inputs: dict[str, Any] | None) -> npt.NDArray[np.float64]:
    """The evaluation function over array inputs (all arrays of one length), as a 1-d array."""
    if inputs is None:
        return np.empty(0)
    n = max(np.size(v) for v in inputs.values())
    return np.broadcast_to(np.asarray(func(inputs).value, dtype=np.float64), (n,)).copy()


def _end_inputs(
    refs: Mapping[str, Reference], central: Mapping[str, float], varied: Sequence[str]
) -> tuple[list[tuple[str, str]], dict[str, Any] | None]:
    """Inputs with one varied input at one end of its range and the rest central: labels and array inputs."""
    labels: list[tuple[str, str]] = []
    rows: list[dict[str, float]] = []
    for name in varied:
        for end in ("low", "high"):
            x = getattr(refs[name], end)
            if x is not None and x != central[name]:
                labels.append((name, end))
                rows.append({**central, name: float(x)})
    if not rows:
        return labels, None
    return labels, {name: np.array([r[name] for r in rows], dtype=np.float64) for name in central}


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def select_claims(
    ids: Sequence[str] | None = None, claims: Sequence[Claim] = CLAIMS
) -> list[tuple[Claim, Check]]:
    """The (claim, check) pairs named by ``ids``: a claim id (``C4``) selects all its checks, a check id one.

    Parameters
    ----------
    ids : sequence of str, optional
        Claim or check ids, case-insensitive; ``None`` or empty selects everything.
    claims : sequence of Claim
        The claims to choose from; :data:`wattsandtons.claims.data.CLAIMS` by default.

    Returns
    -------
    list of (Claim, Check)
        In the claims' own order.

    Raises
    ------
    ClaimsError
        If an id names no claim or check.
    """
    pairs = [(claim, check) for claim in claims for check in claim.checks]
    if not ids:
        return pairs
    wanted = {i.strip().upper() for i in ids}
    known = {c.id.upper() for c in claims} | {k.id.upper() for _, k in pairs}
    unknown = sorted(wanted - known, key=_natural_key)
    if unknown:
        raise ClaimsError(
            f"unknown claim id {', '.join(unknown)}; known: {', '.join(c.id for c in claims)} "
            "(or a check id such as C4a)"
        )
    return [
        (claim, check) for claim, check in pairs if claim.id.upper() in wanted or check.id.upper() in wanted
    ]


def _natural_key(text: str) -> tuple[str, int, str]:
    digits = "".join(ch for ch in text[1:] if ch.isdigit())
    return (text[:1], int(digits) if digits else 0, text)


def evaluate_claims(
    ids: Sequence[str] | None = None,
    overrides: Mapping[str, Mapping[str, float]] | None = None,
    claims: Sequence[Claim] = CLAIMS,
) -> list[CheckResult]:
    """Evaluate the selected claims (all by default).

    Parameters
    ----------
    ids : sequence of str, optional
        Claim or check ids to evaluate (see :func:`select_claims`).
    overrides : mapping, optional
        Per check id, input values to use instead of the sourced ones (see :func:`evaluate_check`).
    claims : sequence of Claim
        The claim records; :data:`wattsandtons.claims.data.CLAIMS` by default.

    Returns
    -------
    list of CheckResult
        One row per check, in order.
    """
    by_check = {k.upper(): v for k, v in (overrides or {}).items()}
    return [
        evaluate_check(claim, check, by_check.get(check.id.upper()))
        for claim, check in select_claims(ids, claims)
    ]


# --- Reports ------------------------------------------------------------------------------------------------


def report(results: Sequence[CheckResult]) -> dict[str, Any]:
    """The results as one JSON-safe document (schema in docs/claims.md).

    Parameters
    ----------
    results : sequence of CheckResult
        Rows from :func:`evaluate_claims`.

    Returns
    -------
    dict
        ``{"schema_version", "verdict_kinds", "summary", "checks"}``.
    """
    summary = {kind: sum(r.verdict.kind == kind for r in results) for kind in VERDICT_KINDS}
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict_kinds": list(VERDICT_KINDS),
        "summary": summary,
        "checks": [r.to_dict() for r in results],
    }


def render_json(results: Sequence[CheckResult]) -> str:
    """:func:`report` as stable, strict JSON text (no NaN): sorted keys, two-space indent, UTF-8, newline."""
    return json.dumps(report(results), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(results: Sequence[CheckResult], details: bool = True) -> str:
    """The results as a Markdown table, followed (``details=True``) by each check's assumptions and sources.

    Parameters
    ----------
    results : sequence of CheckResult
        Rows from :func:`evaluate_claims`.
    details : bool
        Add a section per check with the claim, interpretation, details, assumptions, sources and notes.

    Returns
    -------
    str
        Markdown text ending in a newline.
    """
    lines = [
        "| id | essay | computed quantity | computed | claimed | verdict |",
        "|----|-------|-------------------|----------|---------|---------|",
    ]
    for r in results:
        lines.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    r.id,
                    r.claim.essay[:3],
                    r.check.quantity,
                    r.computed_text(),
                    r.claimed_text(),
                    r.verdict.text,
                )
            )
            + " |"
        )
    if details:
        for r in results:
            lines += [
                "",
                f"### {r.id} — {r.check.quantity}",
                "",
                f"*Claim ({r.claim.id}, essay {r.claim.essay}):* {r.claim.text}",
            ]
            if r.check.interpretation:
                lines += ["", f"*Read as:* {r.check.interpretation}"]
            lines += [
                "",
                f"*Verdict:* **{r.verdict.text}**"
                + (
                    f" — {r.verdict.reason}"
                    if r.verdict.reason and r.verdict.reason not in r.verdict.text
                    else ""
                ),
            ]
            if r.details:
                lines += ["", "Details (central values):", ""]
                lines += [f"- {d.label}: {format_value(d.value, d.unit)}" for d in r.details]
            if r.assumptions:
                lines += ["", "Assumptions:", ""]
                lines += [f"- `{a.key}` ({a.name}) = {a.display()} — {a.source}" for a in r.assumptions]
            extra = [s for s in r.sources if s not in {a.source for a in r.assumptions}]
            if extra:
                lines += ["", "Other sources:", ""]
                lines += [f"- {s}" for s in extra]
            if r.check.notes:
                lines += ["", "Notes:", ""]
                lines += [f"- {n}" for n in r.check.notes]
    return "\n".join(lines) + "\n"
