r"""Records of the claims: :class:`Claim` holds :class:`Check`\ s, each comparing a computed figure with the essay's
number (:class:`Claimed`), optionally testing a :class:`Premise` first, in a :class:`Unit`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["BASES", "COUNT", "PERCENT", "RATIO", "Check", "Claim", "Claimed", "Premise", "Unit"]


@dataclass(frozen=True)
class Unit:
    """Unit of a check's computed and claimed values: ``si`` as stored, ``display`` as shown.

    ``display`` is a unit or dimension :func:`wattsandtons.units.format_quantity` understands (``"[power]"``,
    ``"JPY/kWh"``), or one of ``"ratio"`` (a multiple, shown ``19,480×``), ``"percent"`` (a fraction shown in
    %), ``"per_year"`` (a rate in 1/s shown per year), ``"count"`` (a plain number), ``"JPY"``/``"USD"``
    (money shown in bn/tn).
    """

    si: str
    display: str


RATIO = Unit("1", "ratio")
PERCENT = Unit("1", "percent")
COUNT = Unit("1", "count")


@dataclass(frozen=True)
class Claimed:
    """The essay's number and how the computed value is compared with it (all in the check's SI unit).

    ``comparison`` is one of:

    * ``"approx"`` — ``value`` within ``tolerance``, read as ``tolerance_kind``: ``"relative"`` (a fraction of
      ``value``), ``"absolute"`` (in the SI unit) or ``"factor"`` (within ``value ÷ t`` … ``value × t``);
    * ``"range"`` — between ``low`` and ``high``;
    * ``"at_least"`` / ``"at_most"`` — an inequality against ``value``;
    * ``"none"`` — nothing physics can compare; ``reason`` says why.
    """

    text: str
    comparison: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    tolerance: float | None = None
    tolerance_kind: str = "relative"
    reason: str = ""

    def __post_init__(self) -> None:
        kinds = ("approx", "range", "at_least", "at_most", "none")
        if self.comparison not in kinds:
            raise ValueError(f"comparison must be one of {kinds}, got {self.comparison!r}")
        if self.comparison == "approx" and (self.value is None or self.tolerance is None):
            raise ValueError("an 'approx' claim needs a value and a tolerance")
        if self.comparison == "approx" and self.tolerance_kind not in ("relative", "absolute", "factor"):
            raise ValueError(f"unknown tolerance_kind {self.tolerance_kind!r}")
        if self.comparison == "range" and (self.low is None or self.high is None or self.low > self.high):
            raise ValueError("a 'range' claim needs low <= high")
        if self.comparison in ("at_least", "at_most") and self.value is None:
            raise ValueError(f"an {self.comparison!r} claim needs a value")
        if self.comparison == "none" and not self.reason:
            raise ValueError("a claim that is not checkable needs a reason")


@dataclass(frozen=True)
class Premise:
    """What the computed value must satisfy for the essay's premise to be plausible at all.

    The limit is ``factor`` × the sourced figure ``key`` (e.g. √10 × the highest curtailment share on record);
    ``comparison`` is ``"at_most"`` or ``"at_least"``; ``reference`` names the figure in words for the verdict.
    """

    comparison: str
    key: str
    reference: str
    factor: float = 1.0

    def __post_init__(self) -> None:
        if self.comparison not in ("at_most", "at_least"):
            raise ValueError(f"a premise compares 'at_most' or 'at_least', got {self.comparison!r}")
        if not (self.factor > 0):
            raise ValueError(f"a premise's factor must be > 0, got {self.factor!r}")


#: Bases of a check: ``"full"`` (the claim's own quantity is computed) or ``"energy"`` (the claim is about cost
#: and only the energy side can be computed).
BASES = ("full", "energy")


@dataclass(frozen=True)
class Check:
    """One computed figure of a claim and its comparison with the essay's number.

    ``inputs`` maps the evaluation function's parameter names to keys of sourced References; ``fixed`` names
    inputs held at their central value when the low/high ranges are explored (context for the details, or a
    figure the claim itself states), and never named by a verdict; ``sources`` adds sources that
    are not attached to an input (for claims checked against nothing computed). ``basis`` is ``"energy"`` when
    a cost claim is checked on energy only; ``premise`` tests the essay's premise against a reference before the
    claim itself; ``caveat`` is the key caveat the one-line verdict carries (for a claim that cannot be checked,
    why not — required then).
    """

    id: str
    quantity: str
    unit: Unit
    claimed: Claimed
    evaluate: str | None = None
    inputs: Mapping[str, str] = field(default_factory=dict)
    fixed: frozenset[str] = frozenset()
    interpretation: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    basis: str = "full"
    premise: Premise | None = None
    caveat: str = ""

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"{self.id}: basis must be one of {BASES}, got {self.basis!r}")
        if self.claimed.comparison == "none" and not self.caveat:
            raise ValueError(
                f"{self.id}: a check that is not checkable needs a caveat saying why, for the verdict"
            )


@dataclass(frozen=True)
class Claim:
    """A numeric claim of an essay: its id (``C1``…), essay file, English paraphrase and its checks."""

    id: str
    essay: str
    text: str
    checks: tuple[Check, ...]
