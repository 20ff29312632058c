"""AI hosting, AI cloud and mining on one basis; the hashprice × efficiency study (hand-calculated expectations)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from wattsandtons.dispatch import dispatch, parse_site
from wattsandtons.dispatch.economics import economic_bases, mining_study
from wattsandtons.physics import markets
from wattsandtons.timebase import SECONDS_PER_YEAR

HOURS_PER_YEAR = SECONDS_PER_YEAR / 3600  # 8766 (Julian year)


def site(data: dict[str, Any], hours: int = 24) -> Any:
    text = yaml.safe_dump({"horizon": {"start": "2025-04-01", "hours": hours}, **data}, sort_keys=False)
    return parse_site(text, "site.yaml")


def test_three_bases_per_mw_year_in_yen() -> None:
    """1 MW firm hall and 1 MW of miners on a flat 15 JPY/kWh import: every figure by hand at 150 JPY/USD."""
    s = site(
        {
            "currency": "JPY",
            "grid": {
                "import_limit": "5 MW",
                "export_limit": "0 MW",
                "import_price": "15 JPY/kWh",
                "export_price": "0 JPY/kWh",
            },
            "loads": {
                "hall": {"kind": "firm", "power": "1 MW"},
                "miners": {
                    "kind": "interruptible",
                    "power": "1 MW",
                    "value": "20 JPY/kWh",
                    "grid_fee": "2 JPY/kWh",
                },
            },
        }
    )
    assert s.usd_rate == pytest.approx(150.0)  # markets.JPY_PER_USD
    bases = {b.case: b for b in economic_bases(dispatch(s), s)}
    energy_cost = 15_000 * HOURS_PER_YEAR  # JPY per MW-year at the marginal price (the import price)
    mining = bases["mining"]
    assert mining.revenue == pytest.approx(20_000 * HOURS_PER_YEAR, rel=1e-9)
    assert mining.operating_cost == pytest.approx(energy_cost + 2_000 * HOURS_PER_YEAR, rel=1e-9)
    assert mining.capital == pytest.approx((0.55 + 1.0) * 150 * 1e6)
    lease = bases["AI hosting (lease)"]
    assert lease.revenue == pytest.approx(1.45e6 * 150, rel=1e-9)
    assert (lease.revenue_low, lease.revenue_high) == pytest.approx((1.45e6 * 150, 1.85e6 * 150))
    assert lease.operating_cost == pytest.approx(energy_cost, rel=1e-9)
    assert lease.payback_years == pytest.approx(9e6 * 150 / (1.45e6 * 150 - energy_cost), rel=1e-9)
    cloud = bases["AI cloud (GPUs owned)"]
    assert cloud.revenue == pytest.approx(9.11e6 * 150, rel=1e-9)
    assert cloud.capital == pytest.approx((9.0 + 35.0) * 150 * 1e6)


def test_mining_study_separates_surplus_from_thermal() -> None:
    """Coal at 36 USD/MWh sets the price in every hour; miners worth more than that burn coal, cheaper ones idle,
    and those valued below 0 never run: the flag says which."""
    s = site(
        {
            "generation": {
                "coal": {
                    "kind": "thermal",
                    "capacity": "100 MW",
                    "efficiency": "40 %",
                    "fuel_price": "4 USD/GJ",
                    "co2_intensity": "94.6 kg/GJ",
                }
            },
            "loads": {
                "town": {"kind": "fixed", "power": "50 MW"},
                "miners": {"kind": "interruptible", "power": "10 MW"},
            },
        },
        hours=4,
    )
    hp = (
        markets.HASHPRICE.value
    )  # 44 USD/PH/day: 104.8 USD/MWh at 17.5 J/TH, 36.1 at 50.8 J/TH, 30.6 at 60 J/TH
    frame = mining_study(s, [hp], [17.5e-12, 60e-12])
    rich, poor = frame.iloc[0], frame.iloc[1]
    assert rich["net value [USD/MWh]"] == pytest.approx(44 / (0.024 * 17.5))
    assert rich["energy [GWh]"] == pytest.approx(0.04)  # 10 MW × 4 h
    assert rich["thermal at the margin [GWh]"] == pytest.approx(0.04)
    assert rich["marginal CO2 [kt]"] == pytest.approx(40 * 0.8514 / 1e3)  # 851.4 kg/MWh
    assert not rich["absorbs surplus only"]
    assert poor["energy [GWh]"] == pytest.approx(0.0, abs=1e-12)
    assert poor["absorbs surplus only"]
