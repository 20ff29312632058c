"""Writing result files that other tools read: atomic, in units people use, without ``nan``/``inf`` text.

* **Atomic.** :func:`staged` collects a run's files in a hidden folder beside their destination and moves them
  into place only when all are written (``os.replace``, with Ctrl-C held back for those few renames). An
  interrupt or an error leaves the previous outputs as they were and no temporary files behind.
* **CSV.** Blanks where a value is missing or infinite (``na_rep=""``); :func:`humanize` converts SI columns to
  one readable unit per column (TWh, Mt, GW, …) and names it in the header: ``generation [GW]``.
* **Parquet** beside each CSV when pyarrow is installed (``pip install pyarrow``); the same table, with the numbers
  in full precision and missing values as nulls.
* **NetCDF.** :func:`cf_dataset` gives every variable one ``units`` attribute that pint (pint-xarray) and
  cf-xarray parse; a variable whose elements have different units (capacity per plant: W for power plants,
  kg/s for a launcher) is split into one variable per unit, ``capacity_W`` over ``plant_W`` and so on.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "INTERRUPTED",
    "cf_dataset",
    "cf_unit",
    "has_parquet",
    "humanize",
    "staged",
    "write_csv",
    "write_netcdf",
    "write_table",
    "write_text",
]

INTERRUPTED = "interrupted: no output was written; files from earlier runs are unchanged"
"""The one line the CLI prints on Ctrl-C."""

_STAGE_PREFIX = ".wattsandtons-partial-"


class _Stage:
    """The staging folder of one :func:`staged` block: write into :attr:`path`, files move on success."""

    def __init__(self, dest: Path, tmp: Path) -> None:
        self.dest = dest
        self.path = tmp

    def __truediv__(self, name: str) -> Path:
        return self.path / name


@contextlib.contextmanager
def staged(folder: str | Path) -> Iterator[_Stage]:
    """Write a set of files atomically into ``folder``.

    Examples
    --------
    >>> with staged(out) as stage:                                # doctest: +SKIP
    ...     (stage / "a.csv").write_text("x\\n1\\n")
    ...     (stage / "report.html").write_text("…")

    Files written under ``stage`` replace those of the same name in ``folder`` (others are left alone) only
    when the block ends without an exception; on an exception, including ``KeyboardInterrupt``, the staging
    folder is removed and ``folder`` is unchanged.
    """
    dest = Path(folder)
    dest.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX, dir=dest))
    try:
        yield _Stage(dest, tmp)
        with _interrupts_held():
            for item in sorted(tmp.rglob("*")):
                if item.is_file():
                    target = dest / item.relative_to(tmp)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(item, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def atomic_folder(folder: str | Path) -> Iterator[Path]:
    """Like :func:`staged`, yielding the staging folder's path itself."""
    with staged(folder) as stage:
        yield stage.path


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Defer SIGINT for the few renames that publish a run (main thread only; elsewhere a no-op)."""
    received: list[Any] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *args: received.append(args))
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def write_text(path: str | Path, text: str) -> Path:
    """Write one text file atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    with staged(path.parent) as stage:
        (stage / path.name).write_text(text, encoding="utf-8")
    return path


def has_parquet() -> bool:
    """Whether Parquet can be written (pyarrow installed)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _blank_infinities(frame: Any) -> Any:
    import numpy as np

    numeric = frame.select_dtypes(include="number").columns
    if len(numeric) == 0:
        return frame
    out = frame.copy()
    out[numeric] = out[numeric].replace([np.inf, -np.inf], np.nan)
    return out


def write_csv(frame: Any, path: str | Path, *, index: bool = False) -> Path:
    """A DataFrame as CSV with blanks for NaN and ±inf (atomic when called inside :func:`staged`)."""
    path = Path(path)
    _blank_infinities(frame).to_csv(path, index=index, na_rep="")
    return path


def write_table(frame: Any, folder: Path | _Stage, stem: str, *, index: bool = False) -> list[Path]:
    """``stem.csv`` and, when pyarrow is installed, ``stem.parquet`` beside it; returns the paths written."""
    base = folder.path if isinstance(folder, _Stage) else Path(folder)
    written = [write_csv(frame, base / f"{stem}.csv", index=index)]
    if has_parquet():
        table = _blank_infinities(frame)
        table = table.set_axis([str(c) for c in table.columns], axis=1)
        table.to_parquet(base / f"{stem}.parquet", index=index)
        written.append(base / f"{stem}.parquet")
    return written


# -- units people use -------------------------------------------------------------------------------------------------
def _ladder_unit(values: Any, dim: str) -> str | None:
    """The unit of a display ladder in which the largest magnitude reads between 1 and 1000."""
    import numpy as np

    from wattsandtons.units import format_quantity

    finite = np.abs(np.asarray(values, dtype=float))
    finite = finite[np.isfinite(finite)]
    largest = float(finite.max()) if finite.size else 0.0
    text = format_quantity(largest if largest > 0 else 1.0, dim)
    unit = text.partition(" ")[2]
    return unit or None


def humanize(frame: Any, columns: dict[str, tuple[str, str]]) -> Any:
    """Convert SI columns to readable units and name the unit in the header.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, SI floats.
    columns : dict
        ``column → (new name, dimension)``, e.g. ``{"generation_W": ("generation", "[power]")}``. The unit is
        the one of the display ladder (:mod:`wattsandtons.units`) in which the column's largest magnitude reads
        between 1 and 1000: ``generation [GW]``.
    """
    from wattsandtons.units import Q_, dimensionality, si_unit

    out = frame.copy()
    renames = {}
    for column, (name, dim) in columns.items():
        if column not in out.columns:
            continue
        unit = _ladder_unit(out[column], dim)
        if unit is None:
            continue
        factor = float(Q_(1.0, si_unit(dimensionality(dim))).to(unit).magnitude)
        out[column] = out[column].astype(float) * factor
        renames[column] = f"{name} [{unit}]"
    return out.rename(columns=renames)


# -- NetCDF -----------------------------------------------------------------------------------------------------------
_SUPERSCRIPTS = str.maketrans({"²": "**2", "³": "**3", "⁴": "**4", "⁻": "-", "¹": "**1", "·": "*"})
_NAMED_UNITS = ("W", "J", "kg/s", "kg", "W/s", "FLOP/s", "FLOP", "piece/s", "piece", "m", "s", "year", "K")


def cf_unit(text: str) -> str:
    """A unit string that pint and udunits read: ``kg·m²/s³`` → ``W``, ``kg/s`` stays, ``1`` stays.

    Units equal to one of a few named units (W, J, kg/s, FLOP/s, …) are written by that name; others in pint's
    compact form (``kg*m**2/s**2``). Unparsable text is returned unchanged.
    """
    from wattsandtons.units import ureg

    clean = text.strip().translate(_SUPERSCRIPTS)
    if clean in ("", "1"):
        return "1"
    try:
        unit = ureg.parse_units(clean)
    except Exception:  # pint raises many types on garbage
        return text
    factor = ureg.Quantity(1.0, unit).to_base_units()
    for name in _NAMED_UNITS:
        named = ureg.Quantity(1.0, name).to_base_units()
        if named.dimensionality == factor.dimensionality and math.isclose(named.magnitude, factor.magnitude):
            return name
    return f"{unit:~C}"


_PER = re.compile(r"^per (\w+): (.*)$")


def _slug(unit: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", unit.replace("/", "_per_")).strip("_") or "1"


def cf_dataset(ds: Any) -> Any:
    """A copy of ``ds`` whose every variable has one parsable ``units`` attribute (see the module docstring)."""
    out = ds.copy()
    for name in list(out.data_vars):
        units = out[name].attrs.get("units")
        if not isinstance(units, str):
            continue
        match = _PER.match(units)
        if match is None:
            out[name].attrs["units"] = cf_unit(units)
            continue
        dim = match.group(1)
        pairs = [part.rsplit("=", 1) for part in match.group(2).split(", ")]
        by_unit: dict[str, list[str]] = {}
        for label, unit in pairs:
            by_unit.setdefault(cf_unit(unit), []).append(label)
        if len(by_unit) == 1:
            out[name].attrs["units"] = next(iter(by_unit))
            continue
        variable = out[name]
        out = out.drop_vars(name)
        for unit, labels in by_unit.items():
            new_dim = f"{dim}_{_slug(unit)}"
            part = variable.sel({dim: labels}).rename({dim: new_dim})
            part.attrs = {**variable.attrs, "units": unit}
            out[f"{name}_{_slug(unit)}"] = part
    return out


def write_netcdf(ds: Any, path: str | Path, **kwargs: Any) -> Path:
    """Write a Dataset as NetCDF after :func:`cf_dataset` (atomic when called inside :func:`staged`)."""
    path = Path(path)
    cf_dataset(ds).to_netcdf(path, **kwargs)
    return path


# -- the balance's tables -------------------------------------------------------------------------------------------
def _unit_factor(unit: str) -> float:
    """SI base units in one ``unit`` (1 MWh → 3.6e9)."""
    from wattsandtons.units import Q_

    return float(Q_(1.0, unit).to_base_units().magnitude)


def balance_tables(result: Any) -> dict[str, Any]:
    """The balance's tables as people read them: amounts per year in each commodity's declared unit (a ``unit``
    column), energy and mass in one readable unit per column named in the header (TWh, Mt, GW)."""
    import pandas as pd

    period = result.period_s
    declared = {name: info.unit for name, info in result.scenario.commodities.items()}
    activities = result.activities()
    factors = activities["unit"].map(_unit_factor)
    activities["activity_per_s"] = activities["activity_per_s"] * period / factors
    activities = activities.rename(columns={"activity_per_s": "activity per year (in unit)"})

    intensities = result.intensities()
    factors = intensities["unit"].map(_unit_factor)
    for column in ("energy_J_per_unit", "mass_kg_per_unit", "carrier_energy_J_per_unit"):
        intensities[column] = intensities[column] * factors
    intensities = humanize(
        intensities,
        {
            "energy_J_per_unit": ("primary energy per unit", "[energy]"),
            "mass_kg_per_unit": ("mass drawn per unit", "[mass]"),
            "carrier_energy_J_per_unit": ("energy carriers per unit", "[energy]"),
        },
    )

    flows = result.flows()
    units = flows["commodity"].str.split("@").str[0].map(declared)
    flows["amount"] = flows["amount"] / units.map(_unit_factor)
    flows["unit"] = units
    flows = humanize(flows, {"energy_J": ("energy", "[energy]"), "mass_kg": ("mass", "[mass]")})

    closure = result.closure.copy()
    units = closure["node"].str.split("@").str[0].map(declared)
    for column in ("made_per_s", "imported_per_s"):
        closure[column] = closure[column] * period / units.map(_unit_factor)
    closure = closure.rename(columns={"made_per_s": "made per year", "imported_per_s": "imported per year"})
    closure.insert(1, "unit", units)

    eroi = humanize(result.eroi, {"generation_W": ("generation", "[power]")})

    rows = [
        {
            "statement": key,
            "quantity": st.quantity,
            "side": side,
            "group": group,
            "item": label,
            "amount": amount,
        }
        for key, st in result.statements.items()
        for side, group, label, amount in st.lines()
    ]
    statements = pd.DataFrame(rows, columns=["statement", "quantity", "side", "group", "item", "amount"])
    statements["unit"] = ""
    for quantity, dim in (("energy", "[energy]"), ("mass", "[mass]")):
        mask = statements["quantity"] == quantity
        if mask.any():
            unit = _ladder_unit(statements.loc[mask, "amount"], dim) or (
                "J" if quantity == "energy" else "kg"
            )
            statements.loc[mask, "amount"] = statements.loc[mask, "amount"] / _unit_factor(unit)
            statements.loc[mask, "unit"] = unit
    return {
        "activities": activities,
        "intensities": intensities,
        "flows": flows,
        "closure": closure,
        "eroi": eroi,
        "statements": statements,
    }


def summary_table(summary: Any, dataset: Any) -> Any:
    """A growth run's ``summary()`` (series × year, SI) with each series in a readable unit, named in ``unit``.

    The unit of each plant's capacity comes from the run's dataset (its ``capacity`` ``units`` attribute).
    """
    from wattsandtons.units import dimensionality

    plant_units: dict[str, str] = {}
    match = _PER.match(str(dataset["capacity"].attrs.get("units", "")))
    if match is not None:
        plant_units = dict(part.rsplit("=", 1) for part in match.group(2).split(", "))
    elif "units" in dataset["capacity"].attrs:
        plant_units = {str(p): dataset["capacity"].attrs["units"] for p in dataset["plant"].values}
    out = summary.copy()
    out.insert(1, "unit", "")
    for series in out["series"].unique():
        if series.startswith("generation"):
            dim: Any = "[power]"
        elif series.startswith("capacity ") and series.removeprefix("capacity ") in plant_units:
            dim = dimensionality(cf_unit(plant_units[series.removeprefix("capacity ")]))
        else:
            continue
        rows = out["series"] == series
        unit = _ladder_unit(out.loc[rows, "p50"], dim)
        if unit is None:
            continue
        factor = _unit_factor(unit)
        out.loc[rows, ["p10", "p50", "p90"]] = out.loc[rows, ["p10", "p50", "p90"]] / factor
        out.loc[rows, "unit"] = unit
        out.loc[rows, "series"] = series.removesuffix(" [W]")
    return out
