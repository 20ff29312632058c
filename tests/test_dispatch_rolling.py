"""Rolling horizon: windows chained by state of charge and ramp, against the monolithic optimum."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import yaml

from wattsandtons.dispatch import DispatchError, dispatch, load_site, parse_site
from wattsandtons.dispatch.model import MW, solve_site
from wattsandtons.dispatch.rolling import money_value, rolling_gap, solve_rolling


def test_rolling_year_of_the_hybrid_site_matches_the_monolithic_value() -> None:
    """Daily battery cycles: one-week look-ahead loses nothing measurable (gap below 1e-6 of the value)."""
    site = load_site("hybrid_site")
    whole = solve_site(site)
    rolled = solve_rolling(site, window=2190, overlap=168)
    gap = rolling_gap(site, rolled, whole)
    assert -1e-9 <= gap < 1e-6
    assert rolled.variables < whole.variables / 3  # one window's LP bounds the memory
    assert money_value(site, whole) == pytest.approx(whole.value, rel=1e-12)
    battery = site.batteries[0]
    soc = rolled.state_of_charge["battery"]
    assert soc[-1] >= battery.soc_initial * battery.energy * (1 - 1e-9)  # the cyclic store ends as it began


def test_ramp_and_storage_carry_across_windows() -> None:
    """Prices alternate every 3 h; windows of 4 h: the miners' ramp holds across the window seams."""
    spec: dict[str, Any] = {
        "horizon": {"start": "2025-04-01", "hours": 24},
        "grid": {"import_limit": "50 MW", "export_limit": "0 MW", "export_price": "0 USD/MWh",
                 "import_price": {"value": "10 USD/MWh", "profile": {"daily": ([1.0] * 3 + [9.0] * 3) * 4}}},
        "loads": {"miners": {"kind": "interruptible", "power": "40 MW", "value": "50 USD/MWh", "ramp": "10 MW/h"}},
    }  # fmt: skip
    site = parse_site(yaml.safe_dump(spec), "s.yaml")
    rolled = solve_rolling(site, window=4, overlap=2)
    mined = rolled.load["miners"] / MW
    assert np.all(np.abs(np.diff(mined)) <= 10 + 1e-6)
    assert np.all(np.abs(np.diff(solve_site(site).load["miners"] / MW)) <= 10 + 1e-6)


def test_deferrable_windows_must_fit_and_the_command_uses_it() -> None:
    spec = {
        "horizon": {"start": "2025-04-01", "hours": 48},
        "grid": {
            "import_limit": "50 MW",
            "export_limit": "0 MW",
            "import_price": "10 USD/MWh",
            "export_price": "0 USD/MWh",
        },
        "loads": {"training": {"kind": "deferrable", "power": "10 MW", "energy": "50 MWh", "window": "24 h"}},
    }
    site = parse_site(yaml.safe_dump(spec), "s.yaml")
    with pytest.raises(DispatchError, match=r"not a whole number of loads\.training's 24-h"):
        solve_rolling(site, window=36)
    summary = dispatch(site, rolling=24).summary
    assert summary.load("training").energy == pytest.approx(100 * 3.6e9)
