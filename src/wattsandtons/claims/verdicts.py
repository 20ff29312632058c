"""Verdicts of the claims' checks: what was checked, derived from the computed values, never typed in.

:func:`judge` compares a value (and its range corners) with a claim; :func:`verdict_for` refines that with the
check's premise, basis and flagged inputs and the ends of the inputs' ranges, and writes the one-line verdict with
its caveat. The kinds are explained in docs/claims.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from wattsandtons.claims.data import Check, Claimed, Unit
from wattsandtons.claims.evaluators import ClaimsError, resolve
from wattsandtons.claims.formatting import _display_reference_value, _json_float, _round_sig, format_value

__all__ = [
    "HOLDS",
    "HOLDS_ON_ENERGY_ONLY",
    "HOLDS_UNDER_ASSUMPTIONS",
    "NOT_CHECKABLE",
    "OFF_BY",
    "PREMISE_IMPLAUSIBLE",
    "VERDICT_KINDS",
    "Assumption",
    "Verdict",
    "judge",
    "verdict_for",
]

HOLDS = "holds"
HOLDS_UNDER_ASSUMPTIONS = "holds under stated assumptions"
HOLDS_ON_ENERGY_ONLY = "holds on energy only"
OFF_BY = "off by"
PREMISE_IMPLAUSIBLE = "premise implausible"
NOT_CHECKABLE = "not checkable"
#: The six verdict kinds, from best to worst supported (docs/claims.md explains each).
VERDICT_KINDS = (
    HOLDS,
    HOLDS_UNDER_ASSUMPTIONS,
    HOLDS_ON_ENERGY_ONLY,
    OFF_BY,
    PREMISE_IMPLAUSIBLE,
    NOT_CHECKABLE,
)


@dataclass(frozen=True)
class Assumption:
    """One input as used: parameter name, the Reference key, value and range (SI), source, whether varied."""

    name: str
    key: str
    value: float
    unit: str
    low: float | None
    high: float | None
    source: str
    note: str
    varied: bool
    range_note: str = ""
    caveat: str = ""

    def display_central(self) -> str:
        """The central value in readable units."""
        return _display_reference_value(self.value, self.unit)

    def display_end(self, end: str) -> str:
        """The ``"low"`` or ``"high"`` end of the range in readable units."""
        x = self.low if end == "low" else self.high
        return _display_reference_value(self.value if x is None else x, self.unit)

    def display(self) -> str:
        """The value (and range) in readable units."""
        text = _display_reference_value(self.value, self.unit)
        if self.varied and (self.low is not None or self.high is not None):
            lo = _display_reference_value(self.low if self.low is not None else self.value, self.unit)
            hi = _display_reference_value(self.high if self.high is not None else self.value, self.unit)
            text += f" (range {lo} … {hi})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "name": self.name,
            "key": self.key,
            "value": _json_float(self.value),
            "unit": self.unit,
            "low": _json_float(self.low),
            "high": _json_float(self.high),
            "varied": self.varied,
            "display": self.display(),
            "source": self.source,
            "note": self.note,
            "range_note": self.range_note,
            "caveat": self.caveat,
        }


@dataclass(frozen=True)
class Verdict:
    """A derived verdict: ``kind`` (one of :data:`VERDICT_KINDS`), ``text``, ``factor`` for "off by", reason."""

    kind: str
    text: str
    factor: float | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "kind": self.kind,
            "text": self.text,
            "factor": _json_float(self.factor),
            "reason": self.reason,
        }


# --- Verdicts -----------------------------------------------------------------------------------------------


def _satisfies(claimed: Claimed, x: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Whether each value satisfies the claim's comparison."""
    if claimed.comparison == "approx":
        assert claimed.value is not None and claimed.tolerance is not None
        v, t = claimed.value, claimed.tolerance
        if claimed.tolerance_kind == "absolute":
            return np.asarray(np.abs(x - v) <= t * (1 + 1e-12))
        if claimed.tolerance_kind == "relative":
            return np.asarray(np.abs(x - v) <= t * abs(v) * (1 + 1e-12))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = x / v
            return np.asarray((ratio > 0) & (np.maximum(ratio, 1.0 / ratio) <= t * (1 + 1e-12)))
    if claimed.comparison == "range":
        assert claimed.low is not None and claimed.high is not None
        return np.asarray((x >= claimed.low) & (x <= claimed.high))
    if claimed.comparison == "at_least":
        assert claimed.value is not None
        return np.asarray(x >= claimed.value)
    if claimed.comparison == "at_most":
        assert claimed.value is not None
        return np.asarray(x <= claimed.value)
    raise ClaimsError(f"claim comparison {claimed.comparison!r} cannot be judged")


def _missed_bound(claimed: Claimed, x: float) -> float:
    """The claimed number the computed value is measured against when it misses."""
    if claimed.comparison == "range":
        assert claimed.low is not None and claimed.high is not None
        return claimed.low if x < claimed.low else claimed.high
    assert claimed.value is not None
    return claimed.value


def _factor_text(factor: float) -> str:
    rounded = _round_sig(factor, 2)
    if abs(rounded) >= 100:
        return f"{rounded:,.0f}"
    if abs(rounded) >= 10:
        return f"{rounded:.0f}"
    return f"{rounded:.2g}"


def judge(
    claimed: Claimed,
    central: float | None,
    corners: Sequence[float] | npt.ArrayLike = (),
    unit: Unit | None = None,
) -> Verdict:
    """Derive the verdict for a computed value against a claim.

    Parameters
    ----------
    claimed : Claimed
        The claim's number and comparison.
    central : float or None
        The computed value at central inputs (``None`` when nothing was computed). [check's SI unit]
    corners : sequence of float
        The computed value at every corner of the inputs' low/high ranges (may be empty). [same]
    unit : Unit, optional
        Unit of the values, to write the spread in the reason readably; SI numbers without it.

    Returns
    -------
    Verdict
        ``holds`` (central and every corner satisfy the claim), ``holds under stated assumptions`` (central
        does, some corner does not), ``off by ×N`` (central does not; N = computed ÷ claimed bound) or ``not
        checkable from physics`` (the claim has no comparison, or nothing was computed).
    """
    if claimed.comparison == "none":
        return Verdict(NOT_CHECKABLE, f"{NOT_CHECKABLE}: {claimed.reason}", reason=claimed.reason)
    if central is None or not math.isfinite(central):
        return Verdict(NOT_CHECKABLE, f"{NOT_CHECKABLE}: no value could be computed", reason="no value")
    values = np.asarray(corners, dtype=np.float64).reshape(-1)
    spread = np.concatenate([[central], values])
    lo, hi = float(np.min(spread)), float(np.max(spread))
    span = (
        f"{format_value(lo, unit)} … {format_value(hi, unit)}"
        if unit is not None
        else f"{lo:.4g} … {hi:.4g} (SI)"
    )
    if bool(_satisfies(claimed, np.asarray([central]))[0]):
        if values.size == 0 or bool(np.all(_satisfies(claimed, values))):
            return Verdict(HOLDS, HOLDS)
        return Verdict(
            HOLDS_UNDER_ASSUMPTIONS,
            HOLDS_UNDER_ASSUMPTIONS,
            reason=f"holds at central values; across the inputs' low/high ranges the value spans {span}, "
            "partly outside the claim",
        )
    factor = central / _missed_bound(claimed, central)
    direction = "computed below the claim" if factor < 1 else "computed above the claim"
    somewhere = values.size > 0 and bool(np.any(_satisfies(claimed, values)))
    reason = "at central values" + (
        f"; it would hold somewhere inside the inputs' ranges (the value spans {span})" if somewhere else ""
    )
    return Verdict(OFF_BY, f"off by ×{_factor_text(factor)} ({direction})", factor=factor, reason=reason)


def _with_caveat(text: str, caveats: Sequence[str]) -> str:
    """The verdict line with its caveats appended after a dash."""
    extra = "; ".join(c for c in caveats if c)
    return f"{text} — {extra}" if extra else text


def _label(a: Assumption) -> str:
    """How an input is named in a verdict: its parameter name, or its figure's key when the name says nothing."""
    return (a.key if a.name == "value" else a.name).lower().replace("_", " ")


def _named(assumptions: Sequence[Assumption], fails_at: dict[str, str] | None = None) -> str:
    """The inputs a verdict rests on: value, flag, and the end of its range at which the claim fails."""
    parts = []
    for a in assumptions:
        notes = [a.caveat] if a.caveat else []
        end = (fails_at or {}).get(a.name)
        if end:
            notes.append(f"fails at its {end}, {a.display_end(end)}")
        parts.append(f"{_label(a)} {a.display_central()}" + (f" ({'; '.join(notes)})" if notes else ""))
    return ", ".join(parts)


def _premise_verdict(check: Check, value: float, unit: Unit) -> Verdict | None:
    """PREMISE_IMPLAUSIBLE when the computed value breaks the check's premise, else None."""
    premise = check.premise
    if premise is None:
        return None
    limit = premise.factor * resolve(premise.key).value
    broken = value > limit if premise.comparison == "at_most" else value < limit
    if not broken:
        return None
    bound = "above" if premise.comparison == "at_most" else "below"
    ratio = value / resolve(premise.key).value
    text = (
        f"{PREMISE_IMPLAUSIBLE}: {format_value(value, unit)} is {_factor_text(ratio)}× {premise.reference}, "
        f"{bound} the plausible {format_value(limit, unit)}"
    )
    return Verdict(PREMISE_IMPLAUSIBLE, text, reason=f"contradicts {premise.reference}")


def verdict_for(
    check: Check,
    value: float | None,
    corners: npt.NDArray[np.float64],
    ends: Sequence[tuple[Assumption, str, float]],
    assumptions: Sequence[Assumption],
    computed_caveat: str = "",
) -> Verdict:
    """The verdict of one check: :func:`judge` refined by premise, basis, flagged inputs and range ends.

    Parameters
    ----------
    check : Check
        The check (its claim, ``basis``, ``premise`` and ``caveat``).
    value : float or None
        Computed value at central inputs. [check's SI unit]
    corners : array
        Values at every corner of the varied inputs' ranges. [same]
    ends : sequence of (Assumption, "low" or "high", float)
        The value with one varied input at one end of its range, the others central. [same]
    assumptions : sequence of Assumption
        Every input as used (to name those flagged with a caveat).
    computed_caveat : str
        The caveat the evaluation function computed.

    Returns
    -------
    Verdict
        One of :data:`VERDICT_KINDS`; its ``text`` is the one-line verdict with the key caveat.
    """
    caveats = (computed_caveat, check.caveat)
    if value is not None and math.isfinite(value):
        implausible = _premise_verdict(check, value, check.unit)
        if implausible is not None:
            return Verdict(
                implausible.kind, _with_caveat(implausible.text, caveats), reason=implausible.reason
            )
    base = judge(check.claimed, value, corners, check.unit)
    if base.kind == NOT_CHECKABLE:
        why = check.caveat or base.reason or ""
        return Verdict(NOT_CHECKABLE, _with_caveat(f"{NOT_CHECKABLE}: {why}", (computed_caveat,)), reason=why)
    named = ""
    kind, reason = base.kind, base.reason
    if base.kind == OFF_BY:
        saving = [(a, end) for a, end, v in ends if bool(_satisfies(check.claimed, np.asarray([v]))[0])]
        if not saving:
            return Verdict(OFF_BY, _with_caveat(base.text, caveats), factor=base.factor, reason=base.reason)
        named = ", ".join(f"{_label(a)} at its {end} ({a.display_end(end)})" for a, end in saving)
        kind, reason = HOLDS_UNDER_ASSUMPTIONS, f"misses at central values ({base.text}); holds with {named}"
    else:
        failing = [(a, end) for a, end, v in ends if not bool(_satisfies(check.claimed, np.asarray([v]))[0])]
        breaking = _unique_assumptions(a for a, _end in failing)
        fails_at: dict[str, str] = {}
        for a, end in failing:
            fails_at.setdefault(a.name, end)
        flagged = [a for a in assumptions if a.caveat and a not in breaking and a.name not in check.fixed]
        if breaking or flagged:
            kind, named = HOLDS_UNDER_ASSUMPTIONS, _named([*breaking, *flagged], fails_at)
        elif base.kind == HOLDS_UNDER_ASSUMPTIONS:
            named = "the inputs' central values together"
    if check.basis == "energy":
        text = f"{HOLDS_ON_ENERGY_ONLY} — cost not checkable" + (f"; assumes {named}" if named else "")
        return Verdict(HOLDS_ON_ENERGY_ONLY, _with_caveat(text, caveats), reason=reason)
    text = f"{kind}: {named}" if named else kind
    return Verdict(kind, _with_caveat(text, caveats), reason=reason)


def _unique_assumptions(items: Iterable[Assumption]) -> list[Assumption]:
    seen: list[Assumption] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
