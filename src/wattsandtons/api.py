"""The notebook API: ``import wattsandtons as wt`` then ``wt.load``, ``wt.balance``, ``wt.run``, ``wt.dispatch``,
``wt.claims`` (and ``wt.io`` for input–output tables).

Each function takes what a user has at hand — a file path, a bundled name or an object already loaded — and
returns the part's result type (:class:`~wattsandtons.balance.Balance`, :class:`~wattsandtons.growth.Trajectory`,
:class:`~wattsandtons.dispatch.Schedule`, :class:`ClaimsTable`), each with a short repr, an HTML table in Jupyter,
``to_frame()``, ``to_xarray()`` and ``plot()`` (the report's Plotly figures).

``balance``, ``dispatch`` and ``claims`` are also subpackages. The package makes those modules callable
(:class:`CallableModule`), so ``wt.balance(scenario)`` runs a balance while ``wt.balance.leontief_solve`` stays the
solver, whatever was imported first. Nothing heavy is imported until a function runs.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wattsandtons.notebook import NotebookMixin

if TYPE_CHECKING:
    from wattsandtons.balance import Balance
    from wattsandtons.dispatch import Schedule, Site
    from wattsandtons.growth import Trajectory
    from wattsandtons.scenario.model import Scenario

__all__ = ["CallableModule", "ClaimsTable", "balance", "claims", "dispatch", "load", "run"]


def load(source: str | Path) -> Scenario:
    """Load and validate a scenario: a YAML file or the name of a bundled scenario (``"closed_loop_earth"``).

    Raises :class:`~wattsandtons.scenario.ScenarioError` listing every located problem.
    """
    from wattsandtons.scenario import load_scenario

    return load_scenario(source)


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    return load(scenario) if isinstance(scenario, str | Path) else scenario


def balance(
    scenario: Scenario | str | Path,
    demand: dict[str, str] | None = None,
    *,
    allocation: str = "system_expansion",
) -> Balance:
    """The steady-state balance of a scenario (:func:`wattsandtons.balance.solve_balance`).

    Parameters
    ----------
    scenario : Scenario or str or pathlib.Path
        A loaded scenario, a YAML file or a bundled name.
    demand : dict, optional
        Final demand replacing the scenario's, ``{"ai_compute": "1e24 FLOP/yr"}`` (``COMMODITY[@LOCATION]``
        keys, rates with units).
    allocation : {"system_expansion", "cut_off"}
        How by-products are credited.
    """
    from wattsandtons.balance import solve_balance

    loaded = _scenario(scenario)
    nodes = _demand_nodes(loaded, demand) if demand else None
    return solve_balance(loaded, nodes, allocation=allocation)  # type: ignore[arg-type]


def _demand_nodes(scenario: Scenario, demand: dict[str, str]) -> dict[Any, float]:
    from wattsandtons.errors import UnitError, WattsAndTonsError
    from wattsandtons.scenario.model import TIME, Node
    from wattsandtons.spec.errors import did_you_mean
    from wattsandtons.units import to_si

    out = {}
    for key, text in demand.items():
        commodity, _, location = key.partition("@")
        location = location or ("earth" if "earth" in scenario.locations else next(iter(scenario.locations)))
        if commodity not in scenario.commodities:
            raise WattsAndTonsError(
                f"demand {key!r}: unknown commodity {commodity!r}{did_you_mean(commodity, scenario.commodities)}"
            )
        try:
            out[Node(commodity, location)] = to_si(text, scenario.commodities[commodity].dim / TIME)
        except UnitError as exc:
            raise WattsAndTonsError(f"demand {key!r}: {exc}") from None
    return out


def run(
    scenario: Scenario | str | Path,
    *,
    members: int = 1,
    seed: int = 0,
    until: int | None = None,
    **options: Any,
) -> Trajectory:
    """Grow a scenario over time (:func:`wattsandtons.growth.simulate`): ``members`` sampled runs from ``seed``.

    Other keyword arguments (``chunk_size``, ``scheduler``, ``dask_local``, ``sample``) pass through.
    """
    from wattsandtons.growth import simulate

    return simulate(_scenario(scenario), members=members, seed=seed, until=until, **options)


def dispatch(site: Site | str | Path, hours: int | None = None, *, baseline: bool = True) -> Schedule:
    """Dispatch a site or region hour by hour: a loaded site, a spec file or a bundled name (``"kyushu"``)."""
    from wattsandtons.dispatch import dispatch as solve
    from wattsandtons.dispatch import load_site

    loaded = load_site(site, hours) if isinstance(site, str | Path) else site
    return solve(loaded, hours if not isinstance(site, str | Path) else None, baseline=baseline)


@dataclass(frozen=True, repr=False)
class ClaimsTable(NotebookMixin):
    """The essays' claims checked by computation: one row per check (:func:`claims`)."""

    results: tuple[Any, ...]

    def _summary(self) -> str:
        kinds: dict[str, int] = {}
        for r in self.results:
            kinds[r.verdict.kind] = kinds.get(r.verdict.kind, 0) + 1
        return f"{len(self.results)} checks: " + ", ".join(f"{n} {k}" for k, n in kinds.items())

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Any:
        return iter(self.results)

    def to_frame(self) -> Any:
        """One row per check: id, essay, quantity, computed (with range), claimed, verdict, factor."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "id": r.id,
                    "essay": r.claim.essay,
                    "quantity": r.check.quantity,
                    "value": r.value,
                    "low": r.low,
                    "high": r.high,
                    "computed": r.computed_text(),
                    "claimed": r.claimed_text(),
                    "verdict": r.verdict.text,
                    "kind": r.verdict.kind,
                }
                for r in self.results
            ]
        ).set_index("id")

    def to_markdown(self) -> str:
        """The claims table as Markdown, as ``wattsandtons claims`` prints it."""
        from wattsandtons.claims import render_markdown

        return render_markdown(list(self.results), details=False)


def claims(
    ids: Sequence[str] | None = None, overrides: dict[str, dict[str, float]] | None = None
) -> ClaimsTable:
    """Check the essays' numeric claims (all, or the ids given such as ``["C4", "C7a"]``) by computation."""
    from wattsandtons.claims import evaluate_claims

    return ClaimsTable(tuple(evaluate_claims(ids, overrides)))


class CallableModule(types.ModuleType):
    """A module that can also be called: ``wt.balance(...)`` runs :func:`balance` above."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _CALLS[self.__name__.rpartition(".")[2]](*args, **kwargs)


_CALLS: dict[str, Callable[..., Any]] = {"balance": balance, "dispatch": dispatch, "claims": claims}
CALLABLE_PACKAGES = frozenset(_CALLS)
