"""The scenario bridge: a scenario's commodities and processes registered as the ledger's commodities and recipes, so
recorded actuals use the plan's names and ratios."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from wattsandtons.ledger.errors import LedgerError
from wattsandtons.ledger.registry import DEFAULT_SMALLEST
from wattsandtons.ledger.rules import fraction_of
from wattsandtons.ledger.types import (
    Commodity,
    Recipe,
)

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger

__all__ = ["commodities_from_scenario", "recipe_from_scenario"]


def recipe_from_scenario(ledger: Ledger, scenario: Any, process: str, *, name: str | None = None) -> Recipe:
    """Register a scenario process as a recipe (its inputs and outputs; capital is not a conversion flow).

    The scenario's commodities must be registered here under the same names
    (:meth:`commodities_from_scenario`).
    """
    info = scenario.processes.get(process)
    if info is None:
        raise LedgerError("process_not_found", f"scenario has no process {process!r}", field="process")
    flows_in: dict[str, str | int] = {}
    flows_out: dict[str, str | int] = {}
    for flows, target in ((info.inputs, flows_in), (info.outputs, flows_out)):
        for flow in flows:
            name_c = flow.node.commodity
            commodity = ledger.catalog.commodity(name_c, f"process.{process}.{name_c}")
            amount = Fraction(f"{flow.amount.si:.12g}") / fraction_of(commodity.si_per_unit)
            target[name_c] = (
                f"{amount.numerator}/{amount.denominator}" if amount.denominator != 1 else str(amount)
            )
    source = f"scenario {scenario.name}, process {process}"
    return ledger.register_recipe(
        name or process, flows_in, flows_out, description=info.description, source=source
    )


def commodities_from_scenario(ledger: Ledger, scenario: Any) -> list[Commodity]:
    """Register the scenario's commodities that are not registered yet (smallest unit as declared, or Wh, g,
    TFLOP, piece by dimension); goods keep their mass per unit for mass statements."""
    from wattsandtons.units import dimensionality, ureg

    made = []
    for name, info in scenario.commodities.items():
        by_dimension = [u for d, u in DEFAULT_SMALLEST.items() if dimensionality(d) == info.dim]
        smallest = info.smallest_unit or (by_dimension[0] if by_dimension else info.unit)
        mass = None
        energy = None
        si_per_unit = float(ureg.Quantity(1.0, smallest).to_base_units().magnitude)
        if info.mass_per_unit is not None:
            mass = f"{info.mass_per_unit.si * si_per_unit!r} kg"
        if info.energy_content is not None:
            energy = f"{info.energy_content.si * si_per_unit!r} J"
        made.append(
            ledger.create_commodity(
                name, smallest, mass_per_unit=mass, energy_per_unit=energy, description=info.description
            )
        )
    return made
