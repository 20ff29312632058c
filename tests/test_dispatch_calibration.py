"""Calibration inputs: holidays as minimum-demand days, inverter loading; a scale outside 1 ± 0.1 states why."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from wattsandtons.dispatch import SiteError, load_site, parse_site
from wattsandtons.dispatch.regions import REGIONS, SCALE_BAND


def test_holidays_take_the_weekend_multiplier() -> None:
    """Mon 5 May 2025 (Children's Day) is a holiday, Tue 6 May a substitute one, Wed 7 May a working day."""
    spec = {
        "horizon": {"start": "2025-05-05", "hours": 72},
        "loads": {
            "d": {
                "kind": "fixed",
                "power": {
                    "value": "1 MW",
                    "profile": {"weekend": 0.5, "holidays": ["2025-05-05", "2025-05-06"]},
                },
            }
        },
    }
    power = parse_site(yaml.safe_dump(spec), "s.yaml").loads[0].power
    assert np.allclose(power[::24], [0.5e6, 0.5e6, 1e6])
    spec["loads"]["d"]["power"]["profile"] = {"daily": [1.0] * 24, "holidays": ["2025-05-05"]}
    with pytest.raises(SiteError, match="'holidays' take the 'weekend' multiplier"):
        parse_site(yaml.safe_dump(spec), "s.yaml")


@pytest.mark.parametrize("region", REGIONS)
def test_region_scale_is_within_band_or_the_spec_says_why(region: str) -> None:
    site = load_site(region, hours=24)
    if abs(site.renewable_scale - 1.0) > SCALE_BAND:
        assert site.calibration_note is not None and "outside 1 ± 0.1" in site.calibration_note
    solar = next(g for g in site.generators if g.name == "solar")
    assert site.ranges["generation.solar.dc_ac_ratio"] == pytest.approx((1.2, 1.3, 1.5))
    assert solar.available.max() <= solar.capacity * (1 + 1e-9)  # clipped at the (scaled) AC capacity
