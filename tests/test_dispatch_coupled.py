"""Coupled regions: one LP, links with capacities; prices equal across an uncongested link, split by a full one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import yaml

from wattsandtons.dispatch import DispatchError, parse_site
from wattsandtons.dispatch.coupled import Link, solve_coupled
from wattsandtons.dispatch.model import MW, MWH, solve_site


def region(name: str, data: dict[str, Any]) -> Any:
    text = yaml.safe_dump({"horizon": {"start": "2025-04-01", "hours": 2}, **data}, sort_keys=False)
    return parse_site(text, f"{name}.yaml", name=name)


COAL = {"kind": "thermal", "capacity": "100 MW", "efficiency": "40 %", "fuel_price": "4 USD/GJ"}  # 36 USD/MWh
OIL = {
    "kind": "thermal",
    "capacity": "100 MW",
    "efficiency": "40 %",
    "fuel_price": "20 USD/GJ",
}  # 180 USD/MWh


@pytest.mark.parametrize(
    ("capacity", "flow", "prices"), [("50 MW", 30.0, (36.0, 36.0)), ("10 MW", 10.0, (36.0, 180.0))]
)
def test_two_regions_share_the_cheap_plant_up_to_the_link(
    capacity: str, flow: float, prices: tuple[float, float]
) -> None:
    """West has coal and 20 MW of demand, east oil and 30 MW: east imports as much as the link carries."""
    west = region("west", {"generation": {"coal": COAL}, "loads": {"d": {"kind": "fixed", "power": "20 MW"}}})
    east = region("east", {"generation": {"oil": OIL}, "loads": {"d": {"kind": "fixed", "power": "30 MW"}}})
    link = Link("west", "east", float(capacity.split()[0]) * MW)
    result = solve_coupled([west, east], [link])
    assert result.flows["west-east"] / MW == pytest.approx([flow, flow])
    assert result.solutions["west"].price * MWH == pytest.approx([prices[0]] * 2)
    assert result.solutions["east"].price * MWH == pytest.approx([prices[1]] * 2)
    alone = solve_site(west).objective + solve_site(east).objective
    assert result.objective == pytest.approx(
        alone - flow * 2 * (180 - 36)
    )  # each MWh moved saves oil for coal


def test_coupled_sites_need_distinct_names_and_hours() -> None:
    west = region("west", {"generation": {"coal": COAL}, "loads": {"d": {"kind": "fixed", "power": "20 MW"}}})
    with pytest.raises(DispatchError, match="distinct names"):
        solve_coupled([west, west])
    assert np.allclose(solve_coupled([west]).solutions["west"].price * MWH, 36.0)


def test_coupled_rolling_matches_the_one_lp_without_storage() -> None:
    """No store or ramp couples the hours here, so one-hour windows give the same flows and value."""
    from wattsandtons.dispatch.coupled import solve_coupled_rolling

    west = region("west", {"generation": {"coal": COAL}, "loads": {"d": {"kind": "fixed", "power": "20 MW"}}})
    east = region("east", {"generation": {"oil": OIL}, "loads": {"d": {"kind": "fixed", "power": "30 MW"}}})
    links = [Link("west", "east", 10 * MW)]
    whole, rolled = (
        solve_coupled([west, east], links),
        solve_coupled_rolling([west, east], links, window=1, overlap=0),
    )
    assert rolled.flows["west-east"] / MW == pytest.approx([10.0, 10.0])
    assert rolled.variables < whole.variables
    value = sum(s.value for s in whole.solutions.values())
    assert -rolled.objective == pytest.approx(value, rel=1e-12)
