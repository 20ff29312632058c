"""Plan against actual: a dispatch schedule written into the ledger, and the ledger's statement beside the plan.

**Writing** (:func:`write_schedule`). The site (owner = the site's name) gets one ``electricity`` account (Wh, lots
kept) and one meter per supplying asset — each generator (its output used on site), the grid import and each
store's discharge. Every hour of the schedule becomes one reading per meter (a lot, like a granular certificate of
that hour), and the site's consumption (all its loads) in that hour is **retired** from those lots in this order:

1. renewable lots of the same hour (what hourly matching counts);
2. renewable lots of earlier hours still held (what annual matching adds);
3. other lots of the same hour (storage discharge, grid import);
4. any other lot still held, oldest first.

Retirement ids carry the hour they stand for (``SITE-use-<start s>-<n>``). Energy exported or charged into a store
stays in the account as certificates (held at the end). Storage discharge is not renewable here (a conservative
choice: EnergyTag's storage rules, which carry a charged certificate through the store, are not modelled).

**Matching scores** (:func:`ledger_matching`, :func:`plan_matching`). Annual matching = renewable certificates
retired / consumption over the period; hourly matching = certificates retired *from the same hour's* renewable lots
/ consumption, as in granular certificate schemes (EnergyTag, *Granular Certificate Scheme Standard*, 2022;
Google's "24/7 carbon-free energy" score). From the plan: hourly Σ_h min(C_h, R_h) / Σ C_h, with R_h the renewable
energy used on site in hour h; annual adds what earlier hours' unused renewable energy covers (causal, as the
ledger retires it).

**Side by side** (:func:`vs_plan_rows`): each line of the ledger's energy statement for the site (issued per meter,
retired for the loads) with the planned amount beside it, read from the ``schedule.nc`` that ``dispatch --out``
writes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import xarray as xr

from wattsandtons.dispatch.spec import DispatchError

if TYPE_CHECKING:
    from wattsandtons.ledger import Ledger

__all__ = [
    "COMMODITY",
    "Matching",
    "Plan",
    "ledger_matching",
    "plan_matching",
    "vs_plan_rows",
    "write_schedule",
]

COMMODITY = "electricity"
WH = 3600.0  # J per Wh
HOUR_S = 3600


@dataclass(frozen=True)
class Plan:
    """Hourly energy [Wh] of a schedule: what each supplying asset delivers and what the site's loads consume."""

    site: str
    start_s: int  # Unix seconds (UTC) of the first hour
    supply: dict[str, np.ndarray]  # meter suffix (asset) → Wh per hour
    renewable: frozenset[str]  # the supplying assets that are renewable generators
    technology: dict[str, str]
    consumption: np.ndarray  # Wh per hour, all loads

    @property
    def hours(self) -> int:
        return int(self.consumption.size)

    def meter(self, asset: str) -> str:
        return f"{self.site}-{asset}"

    @property
    def account(self) -> str:
        return f"{self.site}/{COMMODITY}"


def plan_from_dataset(ds: xr.Dataset) -> Plan:
    """The :class:`Plan` of a schedule's dataset (``Schedule.dataset`` or a ``schedule.nc`` read back)."""
    power = ds["power"]
    assets = [str(a) for a in power["asset"].values]
    kinds = dict(item.split(":", 1) for item in str(ds.attrs.get("generator_kinds", "")).split(",") if item)
    stores = [n for n in str(ds.attrs.get("storage_names", "")).split(",") if n]
    loads = [n for n in str(ds.attrs.get("loads", "")).split(",") if n]
    renewable = frozenset(n for n in str(ds.attrs.get("renewable_generators", "")).split(",") if n)
    supply: dict[str, np.ndarray] = {}
    technology: dict[str, str] = {}
    for asset in assets:
        values = np.asarray(power.sel(asset=asset).values, dtype=float)
        if asset in kinds:
            supply[asset], technology[asset] = values, kinds[asset]
        elif asset == "grid_import":
            supply[asset], technology[asset] = values, "grid import"
        elif asset in stores:
            supply[f"{asset}_discharge"] = np.maximum(values, 0.0)
            technology[f"{asset}_discharge"] = "storage discharge"
    consumption = sum(
        (-np.asarray(power.sel(asset=n).values, dtype=float) for n in loads), np.zeros(power.shape[0])
    )
    start = pd.Timestamp(str(ds.attrs["start_utc"]))
    return Plan(
        site=str(ds.attrs["site"]),
        start_s=int(start.timestamp()),
        supply={k: np.rint(np.maximum(v, 0.0) * HOUR_S / WH).astype(np.int64) for k, v in supply.items()},
        renewable=renewable,
        technology=technology,
        consumption=np.rint(np.maximum(consumption, 0.0) * HOUR_S / WH).astype(np.int64),
    )


def read_plan(path: Path) -> Plan:
    """The plan in ``schedule.nc`` (a file, or the ``--out`` folder of ``wattsandtons dispatch`` holding it)."""
    target = path / "schedule.nc" if path.is_dir() else path
    if not target.is_file():
        raise DispatchError(
            f"{path}: no schedule.nc (write one with 'wattsandtons dispatch SPEC --out FOLDER')"
        )
    try:
        with xr.open_dataset(target) as ds:
            return plan_from_dataset(ds.load())
    except (OSError, ValueError, KeyError) as exc:
        raise DispatchError(f"{target}: not a dispatch schedule: {exc}") from None


# -- writing -----------------------------------------------------------------------------------------------------------
def _ensure_books(ledger: Ledger, plan: Plan) -> None:
    from wattsandtons.ledger import LedgerError

    try:
        ledger.commodity(COMMODITY)
    except LedgerError:
        ledger.create_commodity(COMMODITY, "Wh")
    try:
        ledger.account(plan.account)
    except LedgerError:
        ledger.create_account(plan.account, plan.site, COMMODITY)
    known = {m["name"] for m in ledger.meters(owner=plan.site)}
    for asset, wh in plan.supply.items():
        if plan.meter(asset) in known:
            continue
        peak = max(float(wh.max(initial=0)) / 1e6, 1e-3)  # MWh in an hour = MW
        ledger.register_meter(
            plan.meter(asset),
            owner=plan.site,
            account=plan.account,
            capacity=f"{peak:.9g} MW",
            location=plan.site,
            technology=plan.technology[asset],
            start_s=plan.start_s,
        )


def _read_meters(ledger: Ledger, plan: Plan, actual: dict[str, np.ndarray]) -> dict[str, list[int | None]]:
    """One reading per meter and hour, in batches; returns the lot id of each (None for a zero reading)."""
    from wattsandtons.ledger import MAX_BATCH, Reading

    lots: dict[str, list[int | None]] = {}
    for asset, wh in actual.items():
        meter = plan.meter(asset)
        readings = [
            Reading(meter, plan.start_s + h * HOUR_S, plan.start_s + (h + 1) * HOUR_S, int(wh[h]))
            for h in range(plan.hours)
        ]
        issued: list[int | None] = []
        for first in range(0, len(readings), MAX_BATCH):
            issued += [
                None if lot is None else lot.id
                for lot in ledger.record_readings(readings[first : first + MAX_BATCH])
            ]
        lots[asset] = issued
    return lots


def _retire_hour(
    out: list[dict[str, Any]],
    plan: Plan,
    hour: int,
    now: list[tuple[int, bool]],
    queues: tuple[deque[int], deque[int]],
    held: dict[int, int],
) -> int:
    """Hour ``hour``'s retirements, in the order of the module docstring, appended to ``out``; returns the Wh left
    unmatched."""
    renewable, other = queues
    order = chain(
        (lot for lot, green in now if green), renewable, (lot for lot, green in now if not green), other
    )
    need = int(plan.consumption[hour])
    n = 0
    for lot in order:
        if need == 0:
            break
        take = min(need, held.get(lot, 0))
        if take <= 0:
            continue
        tid = f"{plan.site}-use-{plan.start_s + hour * HOUR_S}-{n}"
        out.append(
            {
                "id": tid,
                "account": plan.account,
                "amount": take,
                "beneficiary": f"{plan.site} loads",
                "lot": lot,
            }
        )
        held[lot] -= take
        need -= take
        n += 1
    for queue in queues:  # drop spent lots from the front of the held queues
        while queue and held.get(queue[0], 0) == 0:
            queue.popleft()
    return need


def plan_backdate_s(plan: Plan, now_s: float) -> int:
    """The ledger back-dating window [s] that lets ``plan``'s first hour be recorded at ``now_s``: at least the
    ledger's default (:data:`wattsandtons.ledger.limits.BACKDATE_S`). A plan replays a past year (its weather year), so
    the ledger it is written into must accept readings that old; open it with ``Ledger(url, backdate_s=…)``."""
    from wattsandtons.ledger.limits import BACKDATE_S

    return max(BACKDATE_S, int(now_s) - plan.start_s + HOUR_S)


def write_schedule(ledger: Ledger, plan: Plan, actual: dict[str, np.ndarray] | None = None) -> int:
    """Record ``actual`` hourly supply (Wh per asset; default: the plan's) and retire the plan's consumption.

    Returns the Wh of consumption that found no certificate (0 when supply covers it). Raises the ledger's
    :class:`~wattsandtons.ledger.LedgerError` (nothing of the failing call written) on refused readings.
    """
    actual = plan.supply if actual is None else actual
    unknown = set(actual) - set(plan.supply)
    if unknown:
        raise DispatchError(f"actual readings for assets not in the plan: {', '.join(sorted(unknown))}")
    _ensure_books(ledger, plan)
    lots = _read_meters(ledger, plan, actual)
    held: dict[int, int] = {}
    queues: tuple[deque[int], deque[int]] = (deque(), deque())
    unmatched = 0
    retirements: list[dict[str, Any]] = []
    for hour in range(plan.hours):
        now = []
        for asset, issued in lots.items():
            lot = issued[hour]
            if lot is not None:
                held[lot] = int(actual[asset][hour])
                now.append((lot, asset in plan.renewable))
        unmatched += _retire_hour(retirements, plan, hour, now, queues, held)
        for lot, green in now:  # what is left of this hour's lots is held for later hours, oldest first
            if held.get(lot, 0) > 0:
                queues[0 if green else 1].append(lot)
    from wattsandtons.ledger import MAX_BATCH

    for first in range(0, len(retirements), MAX_BATCH):  # batch retirement: one transaction per chunk
        ledger.retire_many(retirements[first : first + MAX_BATCH])
    return unmatched


# -- matching -------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Matching:
    """Consumption [J] and the shares of it matched by renewable certificates: same hour, and over the period."""

    consumption: float
    hourly: float
    annual: float


def plan_matching(plan: Plan) -> Matching:
    """Hourly Σ min(C_h, R_h) / Σ C; annual: the same plus what earlier hours' unused renewable energy covers.

    The annual share is causal (certificates of earlier hours, as :func:`write_schedule` retires them), so plan and
    ledger agree exactly when the readings are the plan's; with a full year of surplus banked it approaches
    min(Σ C, Σ R) / Σ C.
    """
    renewable = sum(
        (plan.supply[a] for a in plan.supply if a in plan.renewable), np.zeros(plan.hours, np.int64)
    )
    total = int(plan.consumption.sum())
    if total <= 0:
        return Matching(0.0, 0.0, 0.0)
    direct = np.minimum(plan.consumption, renewable)
    bank = banked = 0
    for need, spare in zip((plan.consumption - direct).tolist(), (renewable - direct).tolist(), strict=True):
        take = min(need, bank)
        banked += take
        bank += spare - take
    return Matching(total * WH, int(direct.sum()) / total, (int(direct.sum()) + banked) / total)


def ledger_matching(ledger: Ledger, plan: Plan) -> Matching:
    """The same shares from what the ledger recorded: its retirements for the site, their lots' meters and hours."""
    account = ledger.account(plan.account).account
    renewable_meters = {plan.meter(a) for a in plan.renewable}
    prefix = f"{plan.site}-use-"
    lot_cache: dict[int, tuple[str | None, int | None]] = {}
    total = hourly = annual = 0
    for row in ledger.journal(account_ids=[account.id]):
        if row["kind"] != "retire" or not str(row["id"]).startswith(prefix):
            continue
        amount = int(row["amount"])
        total += amount
        lot_id = (row["meta"] or {}).get("lot")
        if lot_id is None:
            continue
        if lot_id not in lot_cache:
            lot = ledger.lot(int(lot_id))
            lot_cache[lot_id] = (lot.meter, lot.start_s)
        meter, start = lot_cache[lot_id]
        if meter in renewable_meters:
            annual += amount
            if start == int(str(row["id"])[len(prefix) :].split("-")[0]):
                hourly += amount
    if total == 0:
        return Matching(0.0, 0.0, 0.0)
    return Matching(total * WH, hourly / total, annual / total)


def vs_plan_rows(statement: Any, plan: Plan) -> list[dict[str, Any]]:
    """The statement's lines with the planned amount [J] beside each (None where the plan has no such line)."""
    planned = {
        ("issued from metering", f"{plan.meter(a)}: {COMMODITY}"): float(wh.sum()) * WH
        for a, wh in plan.supply.items()
    }
    planned[("retired", f"{plan.site} loads: {COMMODITY}")] = float(plan.consumption.sum()) * WH
    rows = []
    seen = set()
    for side, group, label, amount in statement.lines():
        key = (group, label)
        seen.add(key)
        rows.append(
            {"side": side, "group": group, "line": label, "recorded": amount, "planned": planned.get(key)}
        )
    for (group, label), amount in planned.items():
        if (group, label) not in seen:
            side = "out" if group == "retired" else "in"
            rows.append({"side": side, "group": group, "line": label, "recorded": 0.0, "planned": amount})
    return rows


def print_vs_plan(ledger: Ledger, statement: Any, path: Path, *, as_json: bool = False) -> None:
    """``ledger statement --vs-plan FILE``: the energy statement with the plan beside it and both matching scores."""
    import sys

    from rich.console import Console
    from rich.table import Table

    from wattsandtons.dispatch.schedule import json_document

    plan = read_plan(path)
    if statement.quantity != "energy":
        raise DispatchError("--vs-plan compares energy: use --quantity energy or both")
    if statement.entity != f"owner {plan.site}":
        raise DispatchError(f"--vs-plan {path}: the plan is site {plan.site!r}; give --owner {plan.site}")
    rows = vs_plan_rows(statement, plan)
    recorded, planned = ledger_matching(ledger, plan), plan_matching(plan)
    if as_json:
        sys.stdout.write(
            json_document(
                {
                    "entity": statement.entity,
                    "units": {"energy": "J"},
                    "lines": rows,
                    "matching": {"recorded": recorded.__dict__, "planned": planned.__dict__},
                }
            )
        )
        return
    table = Table(title=f"Energy statement — {statement.entity}: recorded against plan {path}")
    for column in ("", "group", "line", "recorded", "planned", "recorded − planned"):
        table.add_column(
            column, justify="right" if column in ("recorded", "planned", "recorded − planned") else "left"
        )
    for row in rows:
        plan_amount = row["planned"]
        table.add_row(
            row["side"], row["group"], row["line"], statement.format(row["recorded"]),
            "" if plan_amount is None else statement.format(plan_amount),
            "" if plan_amount is None else statement.format(row["recorded"] - plan_amount),
        )  # fmt: skip
    for name in ("hourly", "annual"):
        what = "same hour" if name == "hourly" else "any earlier hour"
        table.add_row(
            "", f"[bold]{name} matching[/]", f"renewable certificates of the {what} / consumption",
            f"{getattr(recorded, name):.2%}", f"{getattr(planned, name):.2%}",
            f"{getattr(recorded, name) - getattr(planned, name):+.2%}",
        )  # fmt: skip
    Console().print(table)
