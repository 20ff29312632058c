"""PyPSA agreement on the merit-order model: same optimum (objective to 1e-6) and the same marginal prices.

PyPSA expresses every part of this site: thermal blocks and the PV as generators (``p_max_pu``), the must-run block
with ``p_min_pu = p_max_pu``, export and the miners as negative generators priced at what they earn (the miners at
value − grid fee), a ``StorageUnit`` with its cost on dispatch. Our objective counts thermal generation through
what is *not* generated (−c·curtailed), so PyPSA's = ours + Σ c·available.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import yaml

from wattsandtons.dispatch import parse_site
from wattsandtons.dispatch.model import MW, MWH, solve_site

pypsa = pytest.importorskip("pypsa")

HOURS = 72
SITE = {
    "currency": "JPY",
    "location": {"latitude": 32.8, "longitude": 130.7, "timezone": "Asia/Tokyo"},
    "horizon": {"start": "2025-05-01", "hours": HOURS},
    "generation": {
        "solar": {"kind": "pv", "capacity": "6 GW", "clouds": {"clearness": 0.6}},
        "must_run": {
            "kind": "profile",
            "capacity": "3 GW",
            "profile": {"daily": [1.0] * 24},
            "curtailable": False,
            "renewable": False,
        },
        "coal": {"kind": "thermal", "fuel": "coal", "capacity": "3 GW"},
        "lng_cc": {"kind": "thermal", "fuel": "lng_cc", "capacity": "2 GW"},
        "oil": {"kind": "thermal", "fuel": "oil", "capacity": "2 GW"},
    },
    "grid": {
        "import_limit": "1 GW",
        "export_limit": "0.5 GW",
        "import_price": "25 JPY/kWh",
        "export_price": "6 JPY/kWh",
    },
    "storage": {
        "pumped": {
            "power": "1 GW",
            "energy": "7 GWh",
            "charge_efficiency": "84 %",
            "discharge_efficiency": "84 %",
            "cycle_cost": "0.5 JPY/kWh",
        }
    },
    "loads": {
        "demand": {
            "kind": "fixed",
            "power": {"value": "6 GW", "profile": {"daily": [0.8] * 7 + [1.0] * 10 + [1.2] * 5 + [0.9] * 2}},
        },
        "miners": {"kind": "interruptible", "power": "0.3 GW", "grid_fee": "2 JPY/kWh"},
    },
}


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """HiGHS prints its banner on file descriptor 1 when linopy creates it."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _pypsa(site: Any) -> Any:
    logging.getLogger("pypsa").setLevel(logging.ERROR)
    logging.getLogger("linopy").setLevel(logging.ERROR)
    snapshots = np.arange(site.hours)
    n = pypsa.Network()
    n.set_snapshots(snapshots)
    n.add("Bus", "bus")
    for g in site.generators:
        pu = g.available / g.capacity
        n.add(
            "Generator", g.name, bus="bus", p_nom=g.capacity / MW, p_max_pu=pu,
            p_min_pu=0.0 if g.curtailable else pu, marginal_cost=g.marginal_cost * MWH,
        )  # fmt: skip
    grid = site.grid
    n.add(
        "Generator",
        "import",
        bus="bus",
        p_nom=float(grid.import_limit[0] / MW),
        marginal_cost=float(grid.import_price[0] * MWH),
    )
    n.add(
        "Generator",
        "export",
        bus="bus",
        p_nom=float(grid.export_limit[0] / MW),
        p_min_pu=-1.0,
        p_max_pu=0.0,
        marginal_cost=float(grid.export_price[0] * MWH),
    )
    for ld in site.loads:
        if ld.kind == "fixed":
            n.add("Load", ld.name, bus="bus", p_set=ld.power / MW)
        else:
            n.add(
                "Generator",
                ld.name,
                bus="bus",
                p_nom=ld.capacity / MW,
                p_min_pu=-1.0,
                p_max_pu=0.0,
                marginal_cost=(ld.value - ld.grid_fee) * MWH,
            )
    b = site.batteries[0]
    n.add(
        "StorageUnit", b.name, bus="bus", p_nom=b.power / MW, max_hours=b.energy / b.power / 3600,
        efficiency_store=b.charge_efficiency, efficiency_dispatch=b.discharge_efficiency, cyclic_state_of_charge=True,
        marginal_cost=b.cycle_cost * MWH,
    )  # fmt: skip
    with _quiet():
        status, _ = n.optimize(
            solver_name="highs", progress=False, output_flag=False, include_objective_constant=False
        )
    assert status == "ok"
    return n


@pytest.mark.filterwarnings("ignore:pandas infers the .str. dtype:FutureWarning")
def test_objective_and_marginal_prices_agree_with_pypsa() -> None:
    site = parse_site(yaml.safe_dump(SITE), "pypsa_site.yaml")
    ours = solve_site(site)
    n = _pypsa(site)
    constant = sum(g.marginal_cost * MWH * float(g.available.sum()) / MW for g in site.generators)
    assert ours.objective + constant == pytest.approx(float(n.objective), rel=1e-6)
    price = n.buses_t.marginal_price["bus"].to_numpy()
    # Where a thermal block runs strictly between zero and its available power, any optimal dual prices the hour at
    # its marginal cost: there both models must agree exactly (elsewhere the dual can be degenerate).
    checked = 0
    for g in site.generators:
        if g.kind != "thermal":
            continue
        used = g.available - ours.curtailed[g.name]
        inside = (used > 1e-3 * MW) & (used < g.available - 1e-3 * MW)
        assert np.allclose(ours.price[inside] * MWH, g.marginal_cost * MWH, rtol=1e-9)
        assert np.allclose(price[inside], g.marginal_cost * MWH, rtol=1e-6)
        checked += int(inside.sum())
    assert checked >= HOURS // 2
    # and the overall price series agree wherever PyPSA's dual is not degenerate in the same way (most hours)
    assert np.mean(np.isclose(ours.price * MWH, price, rtol=1e-6, atol=1e-6)) > 0.9
