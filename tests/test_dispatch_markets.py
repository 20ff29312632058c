"""physics.markets: every figure sourced, inside its range; the conversions dispatch and claims rely on."""

from __future__ import annotations

import pytest

from wattsandtons.physics import markets as m
from wattsandtons.physics.reference import H100_SXM_POWER, Reference


@pytest.mark.parametrize("name", sorted(m.markets()))
def test_every_figure_is_sourced_and_inside_its_range(name: str) -> None:
    ref = m.markets()[name]
    assert isinstance(ref, Reference)
    assert len(ref.source) > 20
    if ref.low is not None:
        assert ref.low <= ref.value
    if ref.high is not None:
        assert ref.value <= ref.high


def test_mining_value_per_mwh_by_hand() -> None:
    # 44 USD/PH/day ÷ 17.5 J/TH: 44 / (1e15 × 86,400) USD/hash ÷ 17.5e-12 J/hash × 3.6e9 J/MWh = 104.76 USD/MWh
    assert m.per_mwh(m.HASHPRICE.value / m.ASIC_S21.value) == pytest.approx(44 / (0.024 * 17.5), rel=1e-12)
    assert m.ASIC_S21_XP.value < m.ASIC_S21.value < m.ASIC_S19_XP.value < m.ASIC_S19J_PRO.value


def test_ai_bases_per_mw_year() -> None:
    assert m.per_mw_year(m.AI_HOSTING_LEASE.value) == pytest.approx(1.45e6)
    assert m.per_mw_year(m.AI_CLOUD_REVENUE.value) == pytest.approx(9.11e6)
    assert m.GPU_BOARD_POWER is H100_SXM_POWER  # defined once


def test_merit_order_of_the_default_fuels() -> None:
    """Marginal cost = fuel price / efficiency: coal < LNG combined cycle < LNG steam < oil at the central values."""
    costs = [
        m.FUEL_PRICE_COAL_JAPAN.value / m.EFFICIENCY_COAL.value,
        m.FUEL_PRICE_LNG_JAPAN.value / m.EFFICIENCY_GAS_CC.value,
        m.FUEL_PRICE_LNG_JAPAN.value / m.EFFICIENCY_GAS_STEAM.value,
        m.FUEL_PRICE_OIL_JAPAN.value / m.EFFICIENCY_OIL.value,
    ]
    assert costs == sorted(costs)
    # coal: 150 USD/t ÷ 25.8 GJ/t ÷ 0.42 = 13.84 USD/GJ of electricity = 49.8 USD/MWh
    assert m.per_mwh(costs[0]) == pytest.approx(150 / 25.8 / 0.42 * 3.6, rel=1e-12)
