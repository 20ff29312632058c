"""A physical input–output table as a Watts & Tons scenario (for ``balance`` and, with a growth block, ``run``).

Each product becomes a commodity (its unit from the table, which must be a physical unit pint reads: ``t``,
``MWh``, ``piece``…) and a process making one unit of it from ``A[:, j]`` units of the others. Stressors whose unit
is an energy or a mass (primary energy drawn, ore extracted) become resources drawn by each process
(``S[s, j]`` per unit); other stressors (emissions, money, land) are left out and listed in the scenario's
description, since the balance accounts for energy and mass only. Final demand is the sum of the table's demand
columns, per year.

The scenario language caps a process at 200 inputs and a file at 4 MiB, so this suits physical tables of tens to
a few hundred products, not EXIOBASE (use :meth:`IOTable.multipliers` for those).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from wattsandtons.io.table import IOTable, IOTableError, label_text

__all__ = ["to_scenario"]

MAX_INPUTS = 200
"""Most inputs of one process in the scenario language (``scenario.schema.FlowMap``)."""


def _slug(label: Any, taken: set[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9_]+", "_", label_text(label)).strip("_").lower() or "product"
    if not re.match(r"[A-Za-z_]", name):
        name = f"p_{name}"
    base, k = name, 2
    while name in taken:
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def _dimension(unit: str) -> str | None:
    """``"energy"``, ``"mass"`` or None for a unit string (None also when pint cannot read it)."""
    from wattsandtons.units import dimensionality

    try:
        dim = dimensionality(unit)
    except Exception:  # pint raises many types on garbage
        return None
    if dim == dimensionality("[energy]"):
        return "energy"
    if dim == dimensionality("[mass]"):
        return "mass"
    return None


def to_scenario(
    table: IOTable,
    *,
    name: str = "io_table",
    units: dict[Any, str] | None = None,
    resources: list[str] | None = None,
    growth: dict[str, Any] | None = None,
    digits: int = 12,
) -> dict[str, Any]:
    """The scenario document (a dict ready for ``yaml.safe_dump``) of a physical input–output table.

    Parameters
    ----------
    table : IOTable
        A physical table: amounts in units pint reads.
    name : str
        The scenario's name.
    units : dict, optional
        Unit of each product by label; default ``table.product_unit`` for all.
    resources : list of str, optional
        Stressors to carry over as resources drawn from nature (names as in :meth:`IOTable.multipliers`); default
        every stressor in a unit of energy or mass. Name them when some of those are emissions (CO2 in t) rather
        than draws, since the balance counts every resource as drawn.
    growth : dict, optional
        A ``growth`` block to add (``{"start": 2026, "end": 2050}``), for ``wattsandtons run``.
    digits : int
        Significant digits of the coefficients written.

    Raises
    ------
    IOTableError
        A product unit pint cannot read, a process with more than 200 inputs, or negative total final demand.
    """
    from wattsandtons.units import parse

    taken: set[str] = set()
    names = [_slug(p, taken) for p in table.products]
    unit_of = [str((units or {}).get(p, table.product_unit)) for p in table.products]
    for label, unit in zip(table.products, unit_of, strict=True):
        try:
            parse(f"1 {unit}")
        except Exception:
            raise IOTableError(
                f"product {label_text(label)!r}: unit {unit!r} is not a physical unit (give units= or --product-unit)"
            ) from None
    stressors = []
    left_out = []
    chosen = set(table.stressor_positions(resources).tolist()) if resources else None
    for i, (label, unit) in enumerate(zip(table.stressors, table.stressor_units, strict=True)):
        kind = _dimension(unit)
        if chosen is not None and i in chosen and kind is None:
            raise IOTableError(f"stressor {label_text(label)!r}: unit {unit!r} is not an energy or a mass")
        if kind is None or (chosen is not None and i not in chosen) or (table.S[[i]].toarray() < 0).any():
            left_out.append(label_text(label))
        else:
            stressors.append((i, _slug(label, taken), unit))
    commodities: dict[str, Any] = {n: {"unit": u} for n, u in zip(names, unit_of, strict=True)}
    for _, slug, unit in stressors:
        commodities[slug] = {"unit": unit}
    A = table.A.tocsc()
    S = table.S.tocsc()
    processes: dict[str, Any] = {}
    for j, product in enumerate(names):
        inputs = {}
        column = A[:, [j]]
        for i, value in zip(column.indices, column.data, strict=True):
            if value != 0:
                inputs[names[i]] = f"{value:.{digits}g} {unit_of[i]}"
        direct = S[:, [j]]
        lookup = {i: (slug, unit) for i, slug, unit in stressors}
        for i, value in zip(direct.indices, direct.data, strict=True):
            if i in lookup and value != 0:
                inputs[lookup[i][0]] = f"{value:.{digits}g} {lookup[i][1]}"
        if len(inputs) > MAX_INPUTS:
            raise IOTableError(
                f"product {product!r} has {len(inputs)} inputs; a scenario process takes at most 200"
            )
        processes[f"make_{product}"] = {"outputs": {product: f"1 {unit_of[j]}"}, "inputs": inputs}
    demand = np.asarray(table.Y.sum(axis=1), dtype=float)
    if (demand < 0).any():
        k = int(np.flatnonzero(demand < 0)[0])
        raise IOTableError(
            f"product {names[k]!r}: total final demand is negative; a scenario's demand cannot be"
        )
    document: dict[str, Any] = {
        "name": name,
        "title": f"{table.name} as a scenario",
        "description": f"Exported from {table.name}: {len(names)} products."
        + (f" Stressors left out (not energy or mass drawn): {', '.join(left_out)}." if left_out else ""),
        "commodities": commodities,
        "processes": processes,
        "boundary": {
            "resources": {slug: {} for _, slug, _ in stressors},
            "demand": {
                n: f"{d:.{digits}g} {u}/yr" for n, d, u in zip(names, demand, unit_of, strict=True) if d > 0
            },
        },
    }
    if growth is not None:
        document["growth"] = growth
    return document
