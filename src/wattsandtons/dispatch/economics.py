"""AI against mining on one basis, and where mining absorbs surplus or burns thermal power.

**One basis** (:func:`economic_bases`). For each flexible or firm load of a dispatched site, per MW of the load's
capacity and per year, in the site's currency:

* revenue — mining: the hashes it made × hashprice (the dispatch's own value); AI hosting: the lease
  (:data:`~wattsandtons.physics.markets.AI_HOSTING_LEASE`, the tenant owns the GPUs); AI cloud: GPU cloud revenue
  (:data:`~wattsandtons.physics.markets.AI_CLOUD_REVENUE`, the operator owns the GPUs);
* operating cost — the energy the load drew, priced at the hour's marginal price from the LP (the nodal price a
  market participant at this bus would pay; where a flexible load is itself at the margin, the price is its own
  value and it keeps little margin), plus its grid fees;
* capital — per MW: mining site + ASICs; AI hall without GPUs; AI hall + GPUs
  (:data:`~wattsandtons.physics.markets.MINING_SITE_CAPEX`, ``ASIC_CAPEX``, ``AI_HALL_CAPEX``, ``GPU_CAPEX``);
* the margin (revenue − operating cost) and the simple payback of the capital on it (years; no discounting).

USD figures are converted with the site's ``usd_rate``. Revenue ranges come from the references' low/high.

**The mining study** (:func:`mining_study`). Over a grid of hashprice × ASIC efficiency, the site is re-dispatched
with the miners valued at hashprice / efficiency; each cell reports the miners' energy, the part of it that was
surplus (would have been curtailed without the flexible loads), the part drawn in hours when a thermal block was
at the margin, and its marginal emissions, so the table shows where mining absorbs surplus and where it burns fuel.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

import pandas as pd

from wattsandtons.dispatch.model import solve_site
from wattsandtons.dispatch.schedule import Schedule, make_schedule
from wattsandtons.dispatch.spec import DispatchError, Site
from wattsandtons.physics import markets
from wattsandtons.timebase import SECONDS_PER_YEAR

__all__ = ["EconomicBasis", "economic_bases", "mining_study"]

MW = 1e6
MWH = 3.6e9


@dataclass(frozen=True)
class EconomicBasis:
    """One load on one economic basis, per MW of capacity per year (money in the site's currency)."""

    case: str  # mining | AI hosting (lease) | AI cloud (GPUs owned)
    load: str
    capacity: float  # W
    revenue: float  # money per MW-year
    revenue_low: float | None
    revenue_high: float | None
    operating_cost: float  # money per MW-year: energy at the marginal price + grid fees
    capital: float  # money per MW
    source: str

    @property
    def margin(self) -> float:
        """Revenue − operating cost, money per MW-year."""
        return self.revenue - self.operating_cost

    @property
    def payback_years(self) -> float | None:
        """Capital / margin (simple payback, no discounting); None when the margin is not positive."""
        return self.capital / self.margin if self.margin > 0 else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "margin": self.margin, "payback_years": self.payback_years}


def _per_mw_year(amount: float, capacity: float, duration: float) -> float:
    return amount / (capacity / MW) / (duration / SECONDS_PER_YEAR) if capacity > 0 and duration > 0 else 0.0


def economic_bases(schedule: Schedule, site: Site) -> list[EconomicBasis]:
    """Mining, AI hosting and AI cloud on one basis for the site's interruptible and firm loads (module docstring).

    Raises :class:`DispatchError` when the site's currency has no ``usd_rate`` for the USD reference figures.
    """
    rate = site.usd_rate
    if rate is None:
        raise DispatchError(
            f"{site.file}: give 'usd_rate' to compare loads with the USD figures of physics.markets"
        )
    duration = site.hours * 3600.0
    year = MW * SECONDS_PER_YEAR  # (money/(W s)) × this = money per MW-year
    out: list[EconomicBasis] = []
    for result in schedule.summary.loads:
        if result.kind not in ("interruptible", "firm") or result.capacity <= 0:
            continue
        opex = _per_mw_year(result.energy_cost + result.grid_fees, result.capacity, duration)
        if result.kind == "interruptible":
            revenue = _per_mw_year(result.value, result.capacity, duration)
            hp = markets.HASHPRICE
            scale = (hp.low or hp.value) / hp.value, (hp.high or hp.value) / hp.value
            capital = (markets.MINING_SITE_CAPEX.value + markets.ASIC_CAPEX.value) * rate * MW
            source = "hashes made × hashprice (dispatch); capital: markets.MINING_SITE_CAPEX + ASIC_CAPEX"
            out.append(
                EconomicBasis(
                    "mining",
                    result.name,
                    result.capacity,
                    revenue,
                    revenue * scale[0],
                    revenue * scale[1],
                    opex,
                    capital,
                    source,
                )
            )
            continue
        lease, cloud = markets.AI_HOSTING_LEASE, markets.AI_CLOUD_REVENUE
        hall = markets.AI_HALL_CAPEX.value * rate * MW
        gpus = markets.GPU_CAPEX.value * rate * MW
        out.append(
            EconomicBasis(
                "AI hosting (lease)",
                result.name,
                result.capacity,
                lease.value * rate * year,
                None if lease.low is None else lease.low * rate * year,
                None if lease.high is None else lease.high * rate * year,
                opex,
                hall,
                "markets.AI_HOSTING_LEASE; capital: markets.AI_HALL_CAPEX (no GPUs: the tenant's)",
            )
        )
        out.append(
            EconomicBasis(
                "AI cloud (GPUs owned)",
                result.name,
                result.capacity,
                cloud.value * rate * year,
                None,
                None,
                opex,
                hall + gpus,
                "markets.AI_CLOUD_REVENUE; capital: markets.AI_HALL_CAPEX + GPU_CAPEX",
            )
        )
    return out


def _with_value(site: Site, name: str, value: float, per_hash: float) -> Site:
    loads = tuple(
        replace(ld, value=value, hashes_per_joule=1.0 / per_hash) if ld.name == name else ld
        for ld in site.loads
    )
    return replace(site, loads=loads)


def mining_study(
    site: Site,
    hashprices: list[float] | None = None,
    efficiencies: list[float] | None = None,
    load: str | None = None,
) -> pd.DataFrame:
    """Re-dispatch ``site`` over hashprice [USD/hash] × efficiency [J/hash] (defaults: markets' range × classes).

    One row per cell: the miners' net value (money/MWh, after grid fees), their energy, the surplus it absorbed,
    the energy drawn while a thermal block set the price, and the CO2 of that marginal response (kt). The baseline
    (without the flexible loads) is solved once.
    """
    miners = [ld for ld in site.loads if ld.kind == "interruptible" and (load is None or ld.name == load)]
    if not miners:
        raise DispatchError(f"{site.file}: no interruptible load{'' if load is None else f' named {load!r}'}")
    if site.usd_rate is None:
        raise DispatchError(f"{site.file}: give 'usd_rate' to price hashes given in USD")
    miner = miners[0]
    hp = markets.HASHPRICE
    hashprices = hashprices or [x for x in (hp.low, hp.value, hp.high) if x is not None]
    efficiencies = efficiencies or [
        markets.ASIC_S21_XP.value,
        markets.ASIC_S21.value,
        markets.ASIC_S19_XP.value,
        markets.ASIC_S19J_PRO.value,
    ]
    base_site = site.baseline
    base = solve_site(base_site)
    rows = []
    for price in hashprices:
        for per_hash in efficiencies:
            value = price * site.usd_rate / per_hash
            variant = _with_value(site, miner.name, value, per_hash)
            result = make_schedule(variant, solve_site(variant), base_site, base).summary.load(miner.name)
            rows.append(
                {
                    "hashprice [USD/PH/day]": price * 1e15 * 86400,
                    "efficiency [J/TH]": per_hash * 1e12,
                    f"net value [{site.currency}/MWh]": (value - miner.grid_fee) * MWH,
                    "energy [GWh]": result.energy / MWH / 1e3,
                    "surplus absorbed [GWh]": result.surplus_absorbed / MWH / 1e3,
                    "thermal at the margin [GWh]": result.thermal_margin_energy / MWH / 1e3,
                    "marginal CO2 [kt]": result.marginal_emissions / 1e6,
                    "absorbs surplus only": result.thermal_margin_energy <= 1e-6 * max(result.energy, 1.0),
                }
            )
    return pd.DataFrame(rows)
