"""PyPSA both ways: a dispatch :class:`~wattsandtons.dispatch.spec.Site` to a ``pypsa.Network`` and back to a spec.

:func:`to_network` writes the site's LP as PyPSA components on one bus (``site``), in MW, MWh and currency/MWh with
hourly snapshots (weight 1 h):

============================  ===================================================================================
site                          PyPSA
============================  ===================================================================================
generator                     ``Generator`` (``p_max_pu`` = available / capacity; must-run: ``p_min_pu = p_max_pu``)
grid import / export          ``Generator`` ``grid_import`` (carrier ``grid_import``); ``grid_export`` with
                              ``p_min_pu = −limit/p_nom``, ``p_max_pu = 0`` (carrier ``grid_export``); hourly prices
                              as time-varying ``marginal_cost``
battery, SOC window 0–100 %   ``StorageUnit`` (``max_hours`` = energy / power, ``p_min_pu`` = −charge/power)
other batteries               ``Store`` on its own bus with a charging ``Link`` (η_c) and a discharging ``Link`` (η_d)
fixed or firm load            ``Load`` (``p_set``); a firm load with ``shed_penalty`` adds a ``Generator``
                              ``shed_<name>`` priced at penalty + value (carrier ``load_shedding``)
interruptible load            ``Generator`` with ``p_min_pu = −1``, ``p_max_pu = 0``, ``marginal_cost`` = value and
                              ``ramp_limit_up/down`` = ramp (carrier ``interruptible``)
deferrable load               ``Link`` to its own bus (cost −value) feeding a ``Store`` emptied at the end of every
                              window by a ``Load`` of the window's energy (``e_max_pu = 0`` there): exactly the
                              energy per window, as the site's window rows ask
============================  ===================================================================================

Prices and bounds come from the site's own LP (:func:`wattsandtons.dispatch.model.build`), so the network
carries exactly what the LP charges and allows, hour by hour where that varies. The site's LP leaves constant terms
out: a generator's output is "available − curtailed", so its cost
``Σ mc·available`` is a constant, as is the value of firm load served. ``pypsa.Network.optimize()`` therefore
returns ``our objective + objective_offset(site)`` (:func:`objective_offset`, currency); the tests check that equality
to 1e-6 relative both ways. In the ``curtailment`` objective the curtailment weight is folded into the renewable
generators' marginal costs, so the exported network solves the same LP.

:func:`from_network` reads a single-bus network (plus the auxiliary store buses above) into a spec mapping and an
hourly profile table; :func:`write_spec` writes them as ``site.yaml`` + ``profiles.csv``, and
:func:`network_to_site` loads the result through the ordinary spec parser. Anything the site's LP cannot express
(lines between buses, extendable capacities, unit commitment, a generator whose output has a floor below its
ceiling) is refused with a :class:`~wattsandtons.dispatch.spec.DispatchError` naming the component.

PyPSA is imported when a function runs; without it they raise a :class:`DispatchError` saying how to install it.
Reference: PyPSA documentation, "Components" and "Optimal power flow" (https://docs.pypsa.org), version 1.x.
"""

from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wattsandtons.dispatch.model import MW, MWH
from wattsandtons.dispatch.spec import DispatchError, Site

if TYPE_CHECKING:
    import pypsa

__all__ = [
    "from_network",
    "is_network_file",
    "network_to_site",
    "objective_offset",
    "read_network",
    "save_network",
    "to_network",
    "write_spec",
]

BUS = "site"
RENEWABLE_CARRIERS = ("solar", "pv", "wind", "hydro", "ror", "geothermal", "biomass", "tidal", "wave")
_EPS = 1e-12


def _pypsa() -> Any:
    try:
        import pypsa
    except ImportError:
        raise DispatchError(
            "PyPSA is not installed: pip install pypsa (or wattsandtons[dev]) to export or import networks"
        ) from None
    return pypsa


# == export ==========================================================================================================
class _Columns:
    """Cost [currency/MWh] and bounds [MW, MWh] of each named variable block of the site's own LP.

    The exporter reads prices and limits from :func:`wattsandtons.dispatch.model.build` rather than re-deriving
    them from the site's fields, so whatever the LP charges (a curtailment weight, a grid fee netted from a load's
    value, a tie-break on storage wear, an end-of-horizon SOC floor) is what PyPSA is given.
    """

    def __init__(self, site: Site) -> None:
        from wattsandtons.dispatch.model import build

        lp, _ = build(site)
        self.names = lp.columns
        self.cost, self.lower, self.upper = (np.concatenate(x) for x in (lp.cost, lp.lower, lp.upper))

    def get(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """``(cost, lower, upper)`` per hour of block ``name``, or None when the LP has no such block."""
        idx = self.names.get(name)
        return None if idx is None else (self.cost[idx], self.lower[idx], self.upper[idx])


def _generator_cost(columns: _Columns, g: Any) -> np.ndarray:
    """A generator's cost per MWh generated, per hour: minus its curtailment column's cost (which carries the
    curtailment weight in that objective); the spec's marginal cost for a must-run generator (no column)."""
    block = columns.get(f"curtail:{g.name}")
    return np.full(len(g.available), g.marginal_cost * MWH) if block is None else -block[0]


def objective_offset(site: Site) -> float:
    """PyPSA's objective minus ours for the same site [currency]: ``Σ_g Σ_t mc_gt · available_gt · 1 h``.

    The site's LP counts only what curtailment saves, so the cost of all available generation is the constant
    left out. Non-curtailable generation counts too (PyPSA pays for it; our LP has no variable for it).
    """
    columns = _Columns(site)
    return float(sum(_generator_cost(columns, g) @ (g.available / MW) for g in site.generators))


def _per_unit(values: np.ndarray, nominal: float) -> np.ndarray:
    return values / nominal if nominal > 0 else np.zeros_like(values)


def _series(values: np.ndarray, snapshots: pd.DatetimeIndex) -> float | pd.Series:
    """A constant as a float, anything that varies as a Series over the snapshots (PyPSA takes either)."""
    values = np.asarray(values, dtype=float)
    if values.size and np.all(values == values[0]):
        return float(values[0])
    return pd.Series(values, snapshots)


def to_network(site: Site) -> pypsa.Network:
    """The site as a ``pypsa.Network`` on one bus, MW/MWh/currency per MWh, one snapshot per hour (see module doc)."""
    pypsa = _pypsa()
    n = pypsa.Network(name=site.name)
    snapshots = pd.DatetimeIndex(site.index, name="snapshot")
    n.set_snapshots(snapshots)
    n.add("Bus", BUS, carrier="AC")
    columns = _Columns(site)
    for g in site.generators:
        p_nom = max(g.capacity, float(g.available.max(initial=0.0))) / MW
        pu = pd.Series(_per_unit(g.available / MW, p_nom), snapshots)
        n.add(
            "Generator", g.name, bus=BUS, carrier=g.kind, p_nom=p_nom, p_max_pu=pu,
            p_min_pu=0.0 if g.curtailable else pu, marginal_cost=_series(_generator_cost(columns, g), snapshots),
        )  # fmt: skip
    for side, sign in (("import", 1.0), ("export", -1.0)):
        if (block := columns.get(side)) is not None:
            cost, _, limit = block
            p_nom = float(limit.max(initial=0.0))
            pu = pd.Series(_per_unit(limit, p_nom), snapshots)
            n.add(
                "Generator", f"grid_{side}", bus=BUS, carrier=f"grid_{side}", p_nom=p_nom,
                p_max_pu=pu if sign > 0 else 0.0, p_min_pu=0.0 if sign > 0 else -pu,
                marginal_cost=_series(sign * cost, snapshots),
            )  # fmt: skip
    for b in site.batteries:
        _add_battery(n, b, columns, snapshots)
    for ld in site.loads:
        _add_load(n, site, ld, columns, snapshots)
    n.meta = {
        "wattsandtons": {
            "title": site.title,
            "currency": site.currency,
            "timezone": site.timezone,
            "renewable": [g.name for g in site.generators if g.renewable],
            "objective_offset": objective_offset(site),
        }
    }
    return n


def _add_battery(n: Any, b: Any, columns: _Columns, snapshots: pd.DatetimeIndex) -> None:
    """A ``StorageUnit`` when the LP lets the store use all of its energy every hour, else Store + two Links."""
    loss = b.standing_loss * 3600.0  # share per hour
    # PyPSA adds the initial state after the first hour's loss, the site before it: hand PyPSA what is left
    initial = 0.0 if b.cyclic else (1.0 - loss) * b.soc_initial * b.energy / MWH
    blocks = (columns.get(f"discharge:{b.name}"), columns.get(f"soc:{b.name}"))
    if blocks[0] is None or blocks[1] is None:
        raise DispatchError(f"storage.{b.name}: not in the site's LP")
    wear = _series(blocks[0][0], snapshots)  # cost per MWh discharged
    energy = b.energy / MWH
    soc_low, soc_high = (_per_unit(x, energy) for x in blocks[1][1:])
    if b.power > 0 and np.all(soc_low == 0.0) and np.allclose(soc_high, 1.0, rtol=1e-12, atol=0):
        n.add(
            "StorageUnit", b.name, bus=BUS, carrier="battery", p_nom=b.power / MW,
            p_min_pu=-b.charge_power / b.power, max_hours=b.energy / b.power / 3600.0,
            efficiency_store=b.charge_efficiency, efficiency_dispatch=b.discharge_efficiency,
            standing_loss=loss, cyclic_state_of_charge=b.cyclic, state_of_charge_initial=initial,
            marginal_cost=wear,
        )  # fmt: skip
        return
    aux = f"{b.name}_store"
    n.add("Bus", aux, carrier="battery")
    n.add(
        "Store", b.name, bus=aux, carrier="battery", e_nom=energy, e_min_pu=_series(soc_low, snapshots),
        e_max_pu=_series(soc_high, snapshots), e_cyclic=b.cyclic, e_initial=initial, standing_loss=loss,
    )  # fmt: skip
    n.add(
        "Link", f"{b.name}_charger", bus0=BUS, bus1=aux, carrier="battery_charger", p_nom=b.charge_power / MW,
        efficiency=b.charge_efficiency,
    )  # fmt: skip
    n.add(
        "Link", f"{b.name}_discharger", bus0=aux, bus1=BUS, carrier="battery_discharger",
        p_nom=b.power / MW / b.discharge_efficiency, efficiency=b.discharge_efficiency,
        marginal_cost=_series(np.asarray(blocks[0][0]) * b.discharge_efficiency, snapshots),
    )  # fmt: skip


def _add_load(n: Any, site: Site, ld: Any, columns: _Columns, snapshots: pd.DatetimeIndex) -> None:
    power = ld.power / MW
    if ld.kind in ("fixed", "firm"):
        n.add("Load", ld.name, bus=BUS, carrier=ld.kind, p_set=pd.Series(power, snapshots))
        if (shed := columns.get(f"shed:{ld.name}")) is not None:
            cap = float(shed[2].max(initial=0.0))
            n.add(
                "Generator", f"shed_{ld.name}", bus=BUS, carrier="load_shedding", p_nom=cap,
                p_max_pu=pd.Series(_per_unit(shed[2], cap), snapshots), marginal_cost=_series(shed[0], snapshots),
            )  # fmt: skip
        return
    block = columns.get(f"load:{ld.name}")
    if block is None:
        raise DispatchError(f"loads.{ld.name}: a {ld.kind!r} load has no PyPSA form here")
    cost, lower, upper = block  # cost per MWh drawn (minus what the load earns net of fees)
    cap = float(upper.max(initial=0.0))
    if ld.kind == "interruptible":
        ramp = math.nan if ld.ramp is None or cap <= 0 else ld.ramp * 3600.0 / MW / cap
        n.add(
            "Generator", ld.name, bus=BUS, carrier="interruptible", p_nom=cap,
            p_min_pu=_series(-_per_unit(upper, cap), snapshots), p_max_pu=_series(-_per_unit(lower, cap), snapshots),
            marginal_cost=_series(-cost, snapshots), ramp_limit_up=ramp, ramp_limit_down=ramp,
        )  # fmt: skip
        return
    if ld.kind != "deferrable" or ld.energy_per_window is None or ld.window_hours is None:
        raise DispatchError(f"loads.{ld.name}: a {ld.kind!r} load has no PyPSA form here")
    hours = site.hours
    width = ld.window_hours
    ends = np.array([min(start + width, hours) - 1 for start in range(0, hours, width)])
    need = np.zeros(hours)
    need[ends] = ld.energy_per_window / MWH * (np.diff(np.append(-1, ends))) / width
    aux = f"{ld.name}_work"
    e_max = np.ones(hours)
    e_max[ends] = 0.0
    n.add("Bus", aux, carrier="deferrable")
    n.add(
        "Link", ld.name, bus0=BUS, bus1=aux, carrier="deferrable", p_nom=cap, efficiency=1.0,
        p_min_pu=_series(_per_unit(lower, cap), snapshots), p_max_pu=_series(_per_unit(upper, cap), snapshots),
        marginal_cost=_series(cost, snapshots),
    )  # fmt: skip
    n.add(
        "Store", f"{ld.name}_backlog", bus=aux, carrier="deferrable", e_nom=max(float(need.max()), _EPS),
        e_max_pu=pd.Series(e_max, snapshots), e_cyclic=False, e_initial=0.0,
    )  # fmt: skip
    n.add("Load", f"{ld.name}_done", bus=aux, carrier="deferrable", p_set=pd.Series(need, snapshots))


# == import ==========================================================================================================
def _spec_name(raw: str, taken: set[str]) -> str:
    """A spec key from a PyPSA name: letters, digits and underscores, not starting with a digit, unique."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", str(raw))[:60] or "_"
    if name[0].isdigit():
        name = f"_{name}"[:60]
    base, i = name, 2
    while name in taken or name in ("grid_import", "grid_export"):
        name = f"{base}_{i}"
        i += 1
    taken.add(name)
    return name


class _Reader:
    """Reads one network into a spec mapping plus hourly columns (``profiles``)."""

    def __init__(self, n: Any) -> None:
        self.n = n
        self.meta = (getattr(n, "meta", None) or {}).get("wattsandtons", {})
        self.profiles: dict[str, np.ndarray] = {}
        self.taken: set[str] = set()
        self.spec: dict[str, Any] = {}

    def dense(self, component: str, attr: str) -> pd.DataFrame:
        return self.n.get_switchable_as_dense(component, attr)

    def column(self, key: str, values: np.ndarray) -> dict[str, Any]:
        self.profiles[key] = np.asarray(values, dtype=float)
        return {"file": "profiles.csv", "column": key}

    def series(self, key: str, values: np.ndarray, unit: str) -> dict[str, Any] | str:
        """A constant as ``"x unit"``; a varying series as a profile column with a unit."""
        values = np.asarray(values, dtype=float)
        if values.size and np.all(values == values[0]):
            return f"{float(values[0])!r} {unit}"
        return {"profile": {**self.column(key, values), "unit": unit}}

    def refuse(self, what: str, why: str) -> DispatchError:
        return DispatchError(f"PyPSA network {self.n.name or ''!s}: {what}: {why}".replace(" : ", ": "))

    def check_network(self) -> str:
        n = self.n
        for component in ("Line", "Transformer", "ShuntImpedance", "GlobalConstraint"):
            if not n.components[component].static.empty:
                raise self.refuse(component, "not supported (the dispatch model is one bus without lines)")
        for component, attr in (("Generator", "p_nom"), ("StorageUnit", "p_nom"), ("Store", "e_nom"),
                                ("Link", "p_nom")):  # fmt: skip
            frame = n.components[component].static
            if not frame.empty and frame[f"{attr}_extendable"].any():
                name = frame.index[frame[f"{attr}_extendable"]][0]
                raise self.refuse(
                    f"{component} {name}", "extendable capacity is not supported (dispatch only)"
                )
            if "committable" in frame and frame["committable"].any():
                raise self.refuse(f"{component} {frame.index[frame['committable']][0]}", "unit commitment")
        weights = n.snapshot_weightings["objective"].to_numpy()
        if not np.allclose(weights, 1.0):
            raise self.refuse("snapshot_weightings", "every snapshot must weigh 1 hour")
        aux = set(n.components["Store"].static["bus"])
        main = [b for b in n.buses.index if b not in aux]
        if len(main) != 1:
            raise self.refuse("buses", f"expected one electric bus besides store buses, got {main[:5]}")
        return str(main[0])

    def horizon(self) -> dict[str, Any]:
        snapshots = self.n.snapshots
        if isinstance(snapshots, pd.MultiIndex):
            raise self.refuse("snapshots", "multi-period networks are not supported")
        start = "2025-01-01"
        if isinstance(snapshots, pd.DatetimeIndex) and len(snapshots):
            if not np.all((snapshots[1:] - snapshots[:-1]) == pd.Timedelta("1h")):
                raise self.refuse("snapshots", "hourly snapshots needed")
            start = snapshots[0].tz_localize(None).isoformat(sep=" ")
        return {"start": start, "hours": len(snapshots)}


def from_network(n: pypsa.Network) -> tuple[dict[str, Any], pd.DataFrame]:
    """A dispatch spec (the mapping a site YAML holds) and its hourly ``profiles.csv`` table from a network.

    Generators with ``p_min_pu = 0`` become curtailable profile generators, those with ``p_min_pu = p_max_pu``
    must-run; generators that only consume (``p_max_pu ≤ 0``) become interruptible loads worth their marginal cost;
    ``grid_import`` / ``grid_export`` (by name or carrier) become the grid connection; loads become fixed loads;
    storage units, and stores with a charging and a discharging link, become batteries; a link into a store that a
    load empties at window ends becomes a deferrable load. Raises :class:`DispatchError` for anything else.
    """
    _pypsa()
    r = _Reader(n)
    bus = r.check_network()
    r.spec = {
        "title": r.meta.get("title") or f"Imported PyPSA network {n.name or ''}".strip(),
        "currency": r.meta.get("currency", "USD"),
        "horizon": r.horizon(),
        "generation": {},
        "storage": {},
        "loads": {},
    }
    zone = r.meta.get("timezone", "UTC")
    if zone != "UTC":  # snapshots are local time; a spec keeps a zone only with a location, which we lack
        r.spec["description"] = f"Snapshots in local time, {zone}."
    _read_generators(r, bus)
    _read_loads(r, bus)
    _read_storage_units(r, bus)
    _read_stores(r, bus)
    index = pd.RangeIndex(len(n.snapshots), name="hour")
    return r.spec, pd.DataFrame(r.profiles, index=index)


def _scalar(r: _Reader, frame: pd.DataFrame, name: str, what: str) -> float:
    values = frame[name].to_numpy(dtype=float)
    if values.size and not np.allclose(values, values[0], rtol=0, atol=1e-12):
        raise r.refuse(what, "varies in time; the site takes one value here")
    return float(values[0]) if values.size else 0.0


def _read_generators(r: _Reader, bus: str) -> None:
    gens = r.n.components["Generator"].static
    if gens.empty:
        return
    p_max, p_min, cost = (r.dense("Generator", a) for a in ("p_max_pu", "p_min_pu", "marginal_cost"))
    currency = r.spec["currency"]
    renewable = set(r.meta.get("renewable", []))
    grid: dict[str, Any] = {}
    for name, row in gens.iterrows():
        if row["bus"] != bus:
            raise r.refuse(f"Generator {name}", f"on bus {row['bus']!r}, not the site bus {bus!r}")
        p_nom = float(row["p_nom"])
        top, low = p_max[name].to_numpy(float) * p_nom, p_min[name].to_numpy(float) * p_nom
        sign = float(row.get("sign", 1.0))
        if sign != 1.0:
            raise r.refuse(f"Generator {name}", "sign other than 1 is not supported")
        kind = str(name) if name in ("grid_import", "grid_export") else str(row.get("carrier", ""))
        if kind in ("grid_import", "grid_export"):
            side = "import" if kind == "grid_import" else "export"
            limit = top if side == "import" else -low
            grid[f"{side}_limit"] = r.series(f"grid_{side}_limit", np.maximum(limit, 0.0), "MW")
            grid[f"{side}_price"] = r.series(
                f"grid_{side}_price", cost[name].to_numpy(float), f"{currency}/MWh"
            )
            continue
        if np.all(top <= _EPS) and np.any(low < 0):
            _sink(r, str(name), row, low, cost, p_nom)
            continue
        if np.any(low < -_EPS):
            raise r.refuse(f"Generator {name}", "both produces and consumes; split it in two")
        must_run = np.allclose(low, top, rtol=0, atol=1e-9 * max(p_nom, 1.0)) and np.any(top > 0)
        if np.any(low > 1e-9 * max(p_nom, 1.0)) and not must_run:
            raise r.refuse(
                f"Generator {name}", "a floor on output below its ceiling (p_min_pu) is not supported"
            )
        for ramp in ("ramp_limit_up", "ramp_limit_down"):
            if ramp in row and not pd.isna(row[ramp]) and float(row[ramp]) < 1.0:
                raise r.refuse(f"Generator {name}", f"{ramp} on a generator is not supported")
        key = _spec_name(str(name), r.taken)
        carrier = str(row.get("carrier", "")).lower()
        is_renewable = name in renewable if r.meta else any(c in carrier for c in RENEWABLE_CARRIERS)
        r.spec["generation"][key] = {
            "kind": "profile",
            "description": f"PyPSA Generator {name} (carrier {carrier or 'none'})",
            "capacity": f"{p_nom!r} MW",
            "profile": r.column(key, np.clip(_per_unit(top, p_nom), 0.0, 1.0)),
            "marginal_cost": f"{_scalar(r, cost, name, f'Generator {name} marginal_cost')!r} {currency}/MWh",
            "curtailable": not must_run,
            "renewable": bool(is_renewable),
        }
    if grid:
        zero = "0 MW"
        r.spec["grid"] = {
            "import_limit": grid.get("import_limit", zero),
            "export_limit": grid.get("export_limit", zero),
            "import_price": grid.get("import_price", f"0 {currency}/MWh"),
            "export_price": grid.get("export_price", f"0 {currency}/MWh"),
        }


def _sink(r: _Reader, name: str, row: pd.Series, low: np.ndarray, cost: pd.DataFrame, p_nom: float) -> None:
    """A generator that only consumes: an interruptible load worth its marginal cost per MWh."""
    cap = -low
    if not np.allclose(cap, cap[0], rtol=1e-12, atol=0):
        raise r.refuse(f"Generator {name}", "a consuming generator with a varying floor is not supported")
    load: dict[str, Any] = {
        "kind": "interruptible",
        "description": f"PyPSA Generator {name} (consumes; carrier {row.get('carrier', '') or 'none'})",
        "power": f"{float(cap[0])!r} MW",
        "value": f"{_scalar(r, cost, name, f'Generator {name} marginal_cost')!r} {r.spec['currency']}/MWh",
    }
    ups = [row.get(k) for k in ("ramp_limit_up", "ramp_limit_down")]
    finite = [float(u) for u in ups if u is not None and not pd.isna(u)]
    if finite:
        if len(finite) != 2 or finite[0] != finite[1]:
            raise r.refuse(f"Generator {name}", "ramp limits must be equal up and down")
        load["ramp"] = f"{finite[0] * p_nom!r} MW/h"
    r.spec["loads"][_spec_name(name, r.taken)] = load


def _read_loads(r: _Reader, bus: str) -> None:
    loads = r.n.components["Load"].static
    if loads.empty:
        return
    p_set = r.dense("Load", "p_set")
    for name, row in loads.iterrows():
        if row["bus"] != bus:
            continue  # a load on a store bus belongs to a deferrable load (read with the stores)
        if float(row.get("sign", -1.0)) != -1.0:
            raise r.refuse(f"Load {name}", "sign other than -1 is not supported")
        values = p_set[name].to_numpy(float)
        if np.any(values < 0):
            raise r.refuse(f"Load {name}", "negative demand; model generation as a Generator")
        key = _spec_name(str(name), r.taken)
        r.spec["loads"][key] = {
            "kind": "fixed",
            "description": f"PyPSA Load {name}",
            "power": r.series(key, values, "MW"),
        }


def _initial_share(initial: float, energy: float, loss: Any) -> float:
    """The site's ``soc_initial`` (share, before the first hour's standing loss) from PyPSA's initial energy."""
    return initial / (1.0 - float(loss)) / energy if energy > 0 else 0.0


def _read_storage_units(r: _Reader, bus: str) -> None:
    units = r.n.components["StorageUnit"].static
    if units.empty:
        return
    currency = r.spec["currency"]
    p_max, p_min, inflow = (r.dense("StorageUnit", a) for a in ("p_max_pu", "p_min_pu", "inflow"))
    for name, row in units.iterrows():
        what = f"StorageUnit {name}"
        if row["bus"] != bus:
            raise r.refuse(what, f"on bus {row['bus']!r}, not the site bus {bus!r}")
        if np.any(inflow[name].to_numpy(float) != 0):
            raise r.refuse(what, "inflow is not supported")
        for attr in ("marginal_cost_storage", "spill_cost"):
            if attr in row and float(row[attr]) != 0:
                raise r.refuse(what, f"{attr} is not supported")
        p_nom = float(row["p_nom"])
        energy = float(row["max_hours"]) * p_nom
        battery: dict[str, Any] = {
            "description": f"PyPSA StorageUnit {name}",
            "power": f"{_scalar(r, p_max, name, what + ' p_max_pu') * p_nom!r} MW",
            "charge_power": f"{-_scalar(r, p_min, name, what + ' p_min_pu') * p_nom!r} MW",
            "energy": f"{energy!r} MWh",
            "charge_efficiency": float(row["efficiency_store"]),
            "discharge_efficiency": float(row["efficiency_dispatch"]),
            "standing_loss": f"{float(row['standing_loss'])!r} 1/h",
            "cyclic": bool(row["cyclic_state_of_charge"]),
            "cycle_cost": f"{_scalar(r, r.dense('StorageUnit', 'marginal_cost'), name, what)!r} {currency}/MWh",
        }
        if not battery["cyclic"]:
            battery["soc_initial"] = float(row["state_of_charge_initial"]) / energy if energy > 0 else 0.0
        r.spec["storage"][_spec_name(str(name), r.taken)] = battery


def _read_stores(r: _Reader, bus: str) -> None:
    stores = r.n.components["Store"].static
    links = r.n.components["Link"].static
    loads = r.n.components["Load"].static
    for name, row in stores.iterrows():
        aux = row["bus"]
        into = links[(links["bus1"] == aux) & (links["bus0"] == bus)] if not links.empty else links
        out = links[(links["bus0"] == aux) & (links["bus1"] == bus)] if not links.empty else links
        drains = loads[loads["bus"] == aux] if not loads.empty else loads
        if len(into) == 1 and len(out) == 1 and drains.empty:
            _battery_from_store(r, str(name), row, into.iloc[0], out.iloc[0], str(out.index[0]))
        elif len(into) == 1 and out.empty and len(drains) == 1:
            _deferrable_from_store(r, str(name), row, into.iloc[0], str(into.index[0]), str(drains.index[0]))
        else:
            raise r.refuse(
                f"Store {name}",
                "expected a battery (one charging and one discharging Link to the site bus) or a deferrable "
                "load (one Link in, one Load out)",
            )
    used = set(stores["bus"]) if not stores.empty else set()
    if not links.empty:
        for name, row in links.iterrows():
            if row["bus0"] not in used and row["bus1"] not in used:
                raise r.refuse(f"Link {name}", "only links to a store's bus are supported")


def _battery_from_store(
    r: _Reader, name: str, store: pd.Series, into: pd.Series, out: pd.Series, out_name: str
) -> None:
    what = f"Store {name}"
    eta_d = float(out["efficiency"])
    e_nom = float(store["e_nom"])
    for link in (into, out):
        for attr in ("p_min_pu",):
            if float(link[attr]) != 0:
                raise r.refuse(
                    what, f"its links need p_min_pu = 0 (one direction each), got {float(link[attr])}"
                )
        if float(link["p_max_pu"]) != 1.0:
            raise r.refuse(what, "its links need p_max_pu = 1")
    if float(into["marginal_cost"]) != 0 or float(store["marginal_cost"]) != 0:
        raise r.refuse(
            what, "a cost on charging or on the stored energy is not supported; price the discharge"
        )
    e_min = _scalar(r, r.dense("Store", "e_min_pu"), name, what + " e_min_pu")
    e_max = _scalar(r, r.dense("Store", "e_max_pu"), name, what + " e_max_pu")
    cost = _scalar(r, r.dense("Link", "marginal_cost"), out_name, f"Link {out_name} marginal_cost") / eta_d
    battery: dict[str, Any] = {
        "description": f"PyPSA Store {name} with Links",
        "power": f"{float(out['p_nom']) * eta_d!r} MW",
        "charge_power": f"{float(into['p_nom'])!r} MW",
        "energy": f"{e_nom!r} MWh",
        "charge_efficiency": float(into["efficiency"]),
        "discharge_efficiency": eta_d,
        "soc_min": e_min,
        "soc_max": e_max,
        "standing_loss": f"{float(store['standing_loss'])!r} 1/h",
        "cyclic": bool(store["e_cyclic"]),
        "cycle_cost": f"{cost!r} {r.spec['currency']}/MWh",
    }
    if not battery["cyclic"]:
        battery["soc_initial"] = _initial_share(float(store["e_initial"]), e_nom, store["standing_loss"])
    r.spec["storage"][_spec_name(name, r.taken)] = battery


def _deferrable_from_store(
    r: _Reader, name: str, store: pd.Series, link: pd.Series, link_name: str, load: str
) -> None:
    what = f"Store {name}"
    need = r.dense("Load", "p_set")[load].to_numpy(float)
    e_max = r.dense("Store", "e_max_pu")[name].to_numpy(float)
    ends = np.flatnonzero(e_max == 0)
    hours = need.size
    if store["e_cyclic"] or float(store["e_initial"]) != 0 or ends.size == 0 or ends[-1] != hours - 1:
        raise r.refuse(
            what, "a deferrable load's store starts empty and is emptied (e_max_pu = 0) at window ends"
        )
    width = int(ends[0]) + 1
    if not np.array_equal(ends, np.unique(np.append(np.arange(width - 1, hours, width), hours - 1))):
        raise r.refuse(what, "windows of unequal length")
    full = float(need[width - 1])
    expected = np.zeros(hours)
    expected[ends] = full * np.diff(np.append(-1, ends)) / width
    if not np.allclose(need, expected, rtol=1e-12, atol=1e-12):
        raise r.refuse(f"Load {load}", "the energy per window must be the same in every full window")
    if float(link["efficiency"]) != 1.0 or float(link["p_min_pu"]) != 0:
        raise r.refuse(f"Link {link_name}", "a deferrable load's link needs efficiency 1 and p_min_pu 0")
    value = -_scalar(r, r.dense("Link", "marginal_cost"), link_name, f"Link {link_name} marginal_cost")
    r.spec["loads"][_spec_name(link_name, r.taken)] = {
        "kind": "deferrable",
        "description": f"PyPSA Link {link_name} into Store {name}",
        "power": f"{float(link['p_nom']) * float(link['p_max_pu'])!r} MW",
        "energy": f"{float(full)!r} MWh",
        "window": f"{width} h",
        "value": f"{value!r} {r.spec['currency']}/MWh",
    }


def write_spec(n: pypsa.Network, folder: Path) -> Path:
    """Write ``site.yaml`` and (if any series vary) ``profiles.csv`` for network ``n`` into ``folder``."""
    import yaml

    spec, profiles = from_network(n)
    folder.mkdir(parents=True, exist_ok=True)
    if not profiles.empty:
        profiles.to_csv(folder / "profiles.csv", index=False, float_format="%.17g")
    path = folder / "site.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def network_to_site(n: pypsa.Network, name: str | None = None) -> Site:
    """The :class:`Site` of network ``n``, through the spec (so the import is checked like any spec file)."""
    from wattsandtons.dispatch.spec import parse_site

    with tempfile.TemporaryDirectory(prefix="wattsandtons-pypsa-") as tmp:
        path = write_spec(n, Path(tmp))
        return parse_site(
            path.read_text(encoding="utf-8"), path.name, base_dir=Path(tmp), name=name or (n.name or "pypsa")
        )


def is_network_file(source: str | Path) -> bool:
    """Whether ``source`` names a PyPSA network file (``.nc`` NetCDF or ``.h5`` HDF5) that exists."""
    path = Path(source)
    return path.suffix.lower() in (".nc", ".h5") and path.is_file()


def read_network(path: Path) -> pypsa.Network:
    """A network from a PyPSA NetCDF (``.nc``) or HDF5 (``.h5``) file; a :class:`DispatchError` if unreadable."""
    pypsa = _pypsa()
    try:
        return pypsa.Network(str(path))
    except Exception as exc:  # xarray, h5py and PyPSA raise many types on a bad file
        raise DispatchError(f"{path}: cannot read as a PyPSA network: {exc}") from None


def save_network(site: Site, path: Path) -> Path:
    """Write ``to_network(site)`` to ``path`` (NetCDF; ``.h5`` for HDF5), through a temporary file and a rename."""
    n = to_network(site)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    if path.suffix.lower() == ".h5":
        n.export_to_hdf5(str(partial))
    else:
        n.export_to_netcdf(str(partial))
    partial.replace(path)
    return path
