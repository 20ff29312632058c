"""Merit order, marginal prices and emissions from the LP's duals, flexible loads against the price, optima ranges.

Every expected number is a hand calculation from the spec given in the test (stated beside it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from wattsandtons.dispatch import SiteError, dispatch, load_site, parse_site
from wattsandtons.dispatch.model import MW, MWH, solve_site
from wattsandtons.physics import markets

KWH = 3.6e6


def site(data: dict[str, Any], hours: int = 3) -> Any:
    text = yaml.safe_dump({"horizon": {"start": "2025-04-01", "hours": hours}, **data}, sort_keys=False)
    return parse_site(text, "site.yaml")


# coal: 4 USD/GJ / 40 % = 10 USD/GJ = 36 USD/MWh; 94.6 kg/GJ / 0.4 = 236.5 kg/GJ = 851.4 kg/MWh
# gas: 10 USD/GJ / 50 % = 20 USD/GJ = 72 USD/MWh; 56.1 kg/GJ / 0.5 = 112.2 kg/GJ = 403.92 kg/MWh
FLEET = {
    "coal": {
        "kind": "thermal",
        "capacity": "50 MW",
        "efficiency": "40 %",
        "fuel_price": "4 USD/GJ",
        "co2_intensity": "94.6 kg/GJ",
    },
    "gas": {
        "kind": "thermal",
        "capacity": "50 MW",
        "efficiency": "50 %",
        "fuel_price": "10 USD/GJ",
        "co2_intensity": "56.1 kg/GJ",
    },
}
# demand 30, 60, 90 MW in hours 0, 1, 2: coal, gas, gas at the margin
TOWN = {"kind": "fixed", "power": {"value": "30 MW", "profile": {"daily": [1, 2, 3] + [3] * 21}}}


def test_merit_order_sets_price_and_marginal_emissions() -> None:
    schedule = dispatch(site({"generation": FLEET, "loads": {"town": TOWN}}))
    ds = schedule.dataset
    assert ds["price"].values * MWH == pytest.approx([36.0, 72.0, 72.0], rel=1e-9)
    assert ds["marginal_emissions"].values * MWH == pytest.approx([851.4, 403.92, 403.92], rel=1e-9)
    # emissions: coal 30 + 50 + 50 MWh, gas 0 + 10 + 40 MWh
    expected = 130 * 851.4 + 50 * 403.92
    assert schedule.summary.emissions == pytest.approx(expected, rel=1e-9)
    assert ds["emissions"].values.sum() * 3600 == pytest.approx(expected, rel=1e-9)


def test_marginal_emissions_match_a_finite_difference_with_storage() -> None:
    """One more MW of demand in an hour, re-solved: the change in emissions equals the basis' marginal rate."""
    data = {
        "generation": {
            **FLEET,
            "solar": {"kind": "profile", "capacity": "40 MW", "profile": {"daily": [0, 1, 0] + [0] * 21}},
        },
        "storage": {"battery": {"power": "10 MW", "energy": "20 MWh", "cycle_cost": "1 USD/MWh"}},
        "loads": {"town": TOWN},
    }
    base = solve_site(site(data))
    for hour in range(3):
        bumped = dict(data)
        profile = [1.0, 2.0, 3.0] + [3.0] * 21
        profile[hour] += 1 / 30  # +1 MW
        bumped["loads"] = {"town": {**TOWN, "power": {"value": "30 MW", "profile": {"daily": profile}}}}
        more = solve_site(site(bumped))
        delta = (more.emissions.sum() - base.emissions.sum()) * 3600  # kg for 1 MWh more
        assert delta == pytest.approx(base.marginal_emissions[hour] * MWH, rel=1e-6, abs=1e-6)
        assert (more.objective - base.objective) == pytest.approx(base.price[hour] * MWH, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(("fee", "expected_hours"), [("0 USD/MWh", [0, 1, 2]), ("20 USD/MWh", [0])])
def test_miners_run_only_when_value_exceeds_price_plus_fee(fee: str, expected_hours: list[int]) -> None:
    """Miners worth 80 USD/MWh: above gas (72) with no fee; with 20 USD/MWh of fee (net 60) only on coal (36)."""
    loads = {
        "town": TOWN,
        "miners": {"kind": "interruptible", "power": "5 MW", "value": "80 USD/MWh", "grid_fee": fee},
    }
    schedule = dispatch(site({"generation": FLEET, "loads": loads}))
    mined = -schedule.power.sel(asset="miners").values / MW
    assert list(np.flatnonzero(mined > 1e-6)) == expected_hours
    assert mined[expected_hours] == pytest.approx(5.0)
    miners = schedule.summary.load("miners")
    fee_per_mwh = float(fee.split()[0])
    assert miners.grid_fees == pytest.approx(fee_per_mwh * 5 * len(expected_hours), rel=1e-9)
    # every hour the miners ran, a thermal block was at the margin: all their energy burned fuel
    assert miners.thermal_margin_energy == pytest.approx(miners.energy)


def test_hourly_price_csv_replaces_the_merit_order(tmp_path: Path) -> None:
    (tmp_path / "prices.csv").write_text("hour,price\n0,10\n1,100\n2,40\n", encoding="utf-8")
    spec = {
        "horizon": {"start": "2025-04-01", "hours": 3},
        "grid": {
            "import_limit": "100 MW",
            "export_limit": "0 MW",
            "import_price": {"profile": {"file": "prices.csv", "column": "price", "unit": "USD/MWh"}},
            "export_price": "0 USD/MWh",
        },
        "loads": {
            "town": {"kind": "fixed", "power": "10 MW"},
            "miners": {"kind": "interruptible", "power": "5 MW", "value": "50 USD/MWh"},
        },
    }
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    schedule = dispatch(load_site(tmp_path / "s.yaml"))
    assert schedule.dataset["price"].values * MWH == pytest.approx([10.0, 100.0, 40.0])
    mined = -schedule.power.sel(asset="miners").values / MW
    assert mined == pytest.approx([5.0, 0.0, 5.0])


def test_curtailment_range_of_a_degenerate_optimum() -> None:
    """Two free generators (one renewable) for 50 MW of demand: renewable curtailment anywhere in 10-60 MWh."""
    data = {
        "generation": {
            "solar": {"kind": "profile", "capacity": "60 MW", "profile": {"daily": [1.0] * 24}},
            "hydro": {
                "kind": "profile",
                "capacity": "60 MW",
                "profile": {"daily": [1.0] * 24},
                "renewable": False,
            },
        },
        "loads": {"town": {"kind": "fixed", "power": "50 MW"}},
    }
    summary = dispatch(site(data, hours=1)).summary
    assert summary.curtailed_low == pytest.approx(10 * MWH, rel=1e-9)
    assert summary.curtailed_high == pytest.approx(60 * MWH, rel=1e-9)
    assert summary.curtailed_low <= summary.curtailed <= summary.curtailed_high


def test_storage_does_not_burn_surplus_by_cycling() -> None:
    """Surplus in every hour and nothing to store it for: without the tie-break, charging and discharging at once
    would turn surplus into losses at no cost. With it, no hour has both."""
    data = {
        "generation": {"solar": {"kind": "profile", "capacity": "100 MW", "profile": {"daily": [1.0] * 24}}},
        "storage": {
            "pumped": {
                "power": "30 MW",
                "energy": "200 MWh",
                "charge_efficiency": "80 %",
                "discharge_efficiency": "80 %",
            }
        },
        "loads": {"town": {"kind": "fixed", "power": "20 MW"}},
    }
    schedule = dispatch(site(data, hours=24))
    ds = schedule.dataset
    both = np.minimum(ds["charge"].values, ds["discharge"].values)
    assert both.max() <= 1e-6 * MW
    assert schedule.summary.curtailed == pytest.approx(80 * 24 * MWH, rel=1e-9)
    assert schedule.summary.curtailed_low == pytest.approx(schedule.summary.curtailed_high, rel=1e-6)


def test_kyushu_s21_miners_never_run_above_their_value_and_storage_never_cycles() -> None:
    schedule = dispatch(load_site("kyushu"))
    ds = schedule.dataset
    miners = next(ld for ld in load_site("kyushu", hours=1).loads if ld.name == "miners")
    assert miners.hashes_per_joule == pytest.approx(
        1 / markets.ASIC_EFFICIENCY.value
    )  # 17.5 J/TH from markets
    net = miners.value - miners.grid_fee  # JPY/J
    served = -ds["power"].sel(asset="miners").values
    price = ds["price"].values
    assert np.all(
        price[served > 1e-3 * MW] <= net * (1 + 1e-9)
    )  # runs only where the price is below its value
    assert np.all(served[price > net * (1 + 1e-9)] <= 1e-3 * MW)
    assert np.minimum(ds["charge"].values, ds["discharge"].values).max() <= 1e-3 * MW
    s = schedule.summary
    assert s.curtailed_low <= s.curtailed * (1 + 1e-9) and s.curtailed <= s.curtailed_high * (1 + 1e-9)
    assert (
        s.curtailed_high - s.curtailed_low
    ) / s.renewable_available < 0.001  # the range is reported, and narrow


def test_value_ranges_are_checked_and_reported() -> None:
    loads = {"miners": {"kind": "interruptible", "power": "5 MW", "value": "80 USD/MWh",
                        "grid_fee": {"value": "20 USD/MWh", "low": "10 USD/MWh", "high": "30 USD/MWh"}}}  # fmt: skip
    s = site({"generation": FLEET, "loads": loads})
    assert s.ranges["loads.miners.grid_fee"] == pytest.approx((10 / MWH, 20 / MWH, 30 / MWH))
    assert dispatch(s, baseline=False).summary.to_dict()["ranges"]["loads.miners.grid_fee"][
        2
    ] == pytest.approx(30 / MWH)
    loads["miners"]["grid_fee"]["low"] = "25 USD/MWh"
    with pytest.raises(SiteError, match=r"loads\.miners\.grid_fee\.low: the range must hold the value"):
        site({"generation": FLEET, "loads": loads})
    loads["miners"]["grid_fee"]["low"] = "10 MW"
    with pytest.raises(SiteError, match=r"grid_fee\.low: '10 MW' is a power"):
        site({"generation": FLEET, "loads": loads})
