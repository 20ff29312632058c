"""Read input–output tables: a pymrio ``IOSystem``, an EXIOBASE-format folder, labelled CSV/Parquet files.

EXIOBASE 3 is distributed (and pymrio saves) as one folder per table: ``A.txt`` or ``Z.txt``, ``Y.txt``, ``x.txt``
and ``unit.txt``, tab-separated with the labels in the first columns and rows, and ``file_parameters.json`` saying
how many; each satellite account (``satellite/``, ``impacts/``, or pymrio's extension names) is a subfolder with
``F.txt`` or ``S.txt``, optionally ``F_Y.txt``, and ``unit.txt`` (Stadler et al. 2018; pymrio's ``save_all``).

Labelled CSV/Parquet (one folder or explicit files):

* ``A`` or ``Z`` (with ``x``): wide (labels in the first column(s), products as columns) or long — three columns
  ``row, column, value`` — which suits large sparse tables.
* ``x``: one value per product; ``Y``: products × final-demand columns (wide) or long.
* satellites, any number: wide (``stressor``, optional ``unit`` column, then one column per product) or long
  (``stressor, product, value`` and optional ``unit``). A stressor whose values are totals (``F``) is divided by
  ``x``; name the file ``S…`` to give intensities directly.

Negative entries are kept wherever the economics allows them: final demand (changes in inventories), stressors
(sinks), and by-products in ``A``; only NaN and infinities are refused.

References
----------
Stadler, K. et al. (2018). EXIOBASE 3: Developing a time series of detailed environmentally extended
multi-regional input-output tables. *J. Industrial Ecology* 22(3), 502–515. doi:10.1111/jiec.12715
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from wattsandtons.io.table import IOTable, IOTableError

__all__ = ["from_pymrio", "read_exiobase", "read_labelled", "read_table"]

_LONG = ("row", "column", "value")
_SUFFIXES = (".parquet", ".pq", ".csv", ".txt", ".tsv")


def read_table(source: Any, **files: Any) -> IOTable:
    """Read any supported source: a pymrio ``IOSystem``, an EXIOBASE-format folder or a labelled folder/files.

    Parameters
    ----------
    source : pymrio.IOSystem or str or pathlib.Path
        The system, or a folder: with ``file_parameters.json`` it is read as EXIOBASE format, otherwise as
        labelled CSV/Parquet files named ``A``/``Z``, ``x``, ``Y`` and satellites in ``satellites/``.
    **files
        Passed to :func:`read_labelled` for a labelled folder (explicit paths override the folder's files).
    """
    if hasattr(source, "get_extensions") and hasattr(source, "Y"):
        return from_pymrio(source)
    path = Path(source)
    if not path.exists():
        raise IOTableError(f"{path}: no such file or folder")
    if path.is_dir() and (path / "file_parameters.json").is_file():
        return read_exiobase(path)
    if path.is_dir():
        return read_labelled(path, **files)
    if path.suffix.lower() == ".zip":
        return _zipped_exiobase(path)
    raise IOTableError(
        f"{path}: expected a folder (EXIOBASE format with file_parameters.json, or labelled A/Z, x, Y files)"
    )


def _zipped_exiobase(path: Path) -> IOTable:
    """A zipped EXIOBASE 3 release, read through pymrio's parser (pymrio is optional)."""
    try:
        import pymrio
    except ImportError:
        raise IOTableError(
            f"{path}: reading a zipped EXIOBASE release needs pymrio (pip install pymrio), or unzip it first"
        ) from None
    try:
        system = pymrio.parse_exiobase3(path)
    except Exception as exc:  # pymrio raises many types on a file it cannot parse
        raise IOTableError(f"{path}: pymrio cannot read it as EXIOBASE 3 ({exc})") from None
    return from_pymrio(system, name=str(path))


# -- pymrio ----------------------------------------------------------------------------------------------------------
def from_pymrio(system: Any, name: str | None = None) -> IOTable:
    """An :class:`IOTable` from a pymrio ``IOSystem`` (all its extensions as stressors).

    Uses ``A`` (or ``Z`` with ``x``), ``Y``, and each extension's ``S`` (or ``F`` divided by ``x``), ``F_Y``
    and ``unit``. Nothing is computed by pymrio: ``calc_all`` is not needed.
    """
    Y = system.Y
    if Y is None:
        raise IOTableError("the pymrio system has no final demand Y")
    x = _vector(system.x) if system.x is not None else None
    A = system.A
    if A is None:
        if system.Z is None:
            raise IOTableError("the pymrio system has neither A nor Z")
        x = x if x is not None else system.Z.sum(axis=1).to_numpy() + Y.sum(axis=1).to_numpy()
        A = _coefficients(sp.csr_array(system.Z.to_numpy()), x)
        products = system.Z.index
    else:
        products = A.index
        A = sp.csr_array(A.to_numpy())
    table_units = getattr(system, "unit", None)
    product_unit = _common_unit(table_units)
    parts = []
    for ext in system.get_extensions(data=True):
        parts.append(_extension(ext.name, ext.S, ext.F, getattr(ext, "F_Y", None), ext.unit, products))
    return _assemble(
        name or f"pymrio {getattr(system, 'name', '')}".strip(), products, A, x, Y, parts, product_unit
    )


def _extension(
    name: str, S: Any, F: Any, F_Y: Any, unit: Any, products: pd.Index
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None, list[str], str]:
    if S is None and F is None:
        raise IOTableError(f"extension {name!r}: neither S nor F")
    frame = S if S is not None else F
    units = _units_for(frame.index, unit, name)
    return (
        None if S is None else S.reindex(columns=products),
        None if F is None else F.reindex(columns=products),
        F_Y,
        units,
        name,
    )


# -- EXIOBASE format -------------------------------------------------------------------------------------------------
def read_exiobase(folder: str | Path) -> IOTable:
    """Read an EXIOBASE-format folder (EXIOBASE 3 ``IOT_…`` release unpacked, or pymrio's ``save_all``)."""
    folder = Path(folder)
    params = _file_parameters(folder)
    core = {key: _read_txt(folder, spec) for key, spec in params.items() if key in ("Y", "x", "unit")}
    if "Y" not in core:
        raise IOTableError(f"{folder}: no Y (final demand) in file_parameters.json")
    Y = core["Y"]
    x = _vector(core["x"]) if "x" in core else None
    if "A" in params:
        products, A = _read_txt_sparse(folder, params["A"])
    elif "Z" in params:
        products, Z = _read_txt_sparse(folder, params["Z"])
        x = x if x is not None else np.asarray(Z.sum(axis=1)).ravel() + Y.sum(axis=1).to_numpy()
        A = _coefficients(Z, np.asarray(x, dtype=float))
    else:
        raise IOTableError(f"{folder}: neither A.txt nor Z.txt listed in file_parameters.json")
    product_unit = _common_unit(core.get("unit"))
    parts = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and (p / "file_parameters.json").is_file()):
        sub_params = _file_parameters(sub)
        tables = {k: _read_txt(sub, spec) for k, spec in sub_params.items() if k in ("S", "F", "F_Y", "unit")}
        if "S" not in tables and "F" not in tables:
            continue
        parts.append(
            _extension(
                sub.name, tables.get("S"), tables.get("F"), tables.get("F_Y"), tables.get("unit"), products
            )
        )
    return _assemble(str(folder), products, A, x, Y, parts, product_unit)


def _file_parameters(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "file_parameters.json"
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IOTableError(f"{path}: cannot read the file list ({exc})") from None
    return {key: {**spec, "folder": folder} for key, spec in files.items()}


CHUNK_ROWS = 500
"""Rows of a dense ``A.txt``/``Z.txt`` parsed at a time: memory stays near the nonzeros plus one chunk."""


def _read_txt_sparse(folder: Path, spec: dict[str, Any]) -> tuple[pd.Index, sp.csr_array]:
    """A square matrix file read in row chunks straight into sparse rows (never the whole dense frame)."""
    path = folder / spec["name"]
    index_cols, headers = int(spec.get("nr_index_col", 1)), int(spec.get("nr_header", 1))
    blocks: list[sp.csr_array] = []
    labels: list[pd.Index] = []
    columns: pd.Index | None = None
    try:
        reader = pd.read_csv(
            path,
            sep="\t",
            index_col=list(range(index_cols)),
            header=list(range(headers)),
            chunksize=CHUNK_ROWS,
        )
        for chunk in reader:
            columns = chunk.columns if columns is None else columns
            values = chunk.to_numpy(dtype=float)
            if not np.isfinite(values).all():
                raise IOTableError(
                    f"{path}: NaN, infinite or missing entries near row {sum(len(b) for b in labels) + 1}"
                )
            blocks.append(sp.csr_array(values))
            labels.append(chunk.index)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise IOTableError(f"{path}: cannot read ({exc})") from None
    if columns is None:
        raise IOTableError(f"{path}: no rows")
    index = labels[0].append(labels[1:]) if len(labels) > 1 else labels[0]
    if not index.equals(columns):
        raise IOTableError(
            f"{path}: row and column labels differ; expected a square product-by-product matrix"
        )
    return index, sp.csr_array(sp.vstack(blocks))


def _read_txt(folder: Path, spec: dict[str, Any]) -> pd.DataFrame:
    path = folder / spec["name"]
    index_cols, headers = int(spec.get("nr_index_col", 1)), int(spec.get("nr_header", 1))
    try:
        frame = pd.read_csv(
            path, sep="\t", index_col=list(range(index_cols)), header=list(range(headers)), low_memory=False
        )
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise IOTableError(f"{path}: cannot read ({exc})") from None
    if headers > 1 and isinstance(frame.columns, pd.MultiIndex):
        frame.columns = frame.columns.set_names(list(frame.columns.names))
    return frame


# -- labelled CSV / Parquet ------------------------------------------------------------------------------------------
def read_labelled(
    folder: str | Path | None = None,
    *,
    A: str | Path | pd.DataFrame | None = None,
    Z: str | Path | pd.DataFrame | None = None,
    x: str | Path | pd.Series | None = None,
    Y: str | Path | pd.DataFrame | None = None,
    satellites: Sequence[str | Path] | dict[str, pd.DataFrame] | None = None,
    product_unit: str = "unknown",
    name: str | None = None,
) -> IOTable:
    """Read labelled CSV/Parquet files (or frames) into an :class:`IOTable`; see the module docstring.

    Give ``A``, or ``Z`` with ``x`` (``x`` is computed as row sums of ``Z`` plus ``Y`` when missing), and ``Y``.
    Files not given are looked up in ``folder`` by name (``A.csv``, ``Z.parquet``, ``x.csv``, ``Y.csv``, every
    file in ``satellites/``).
    """
    base = Path(folder) if folder is not None else None
    A = A if A is not None else _find(base, "A")
    Z = Z if Z is not None else _find(base, "Z")
    x = x if x is not None else _find(base, "x")
    Y = Y if Y is not None else _find(base, "Y")
    if satellites is None and base is not None and (base / "satellites").is_dir():
        satellites = sorted(p for p in (base / "satellites").iterdir() if p.suffix.lower() in _SUFFIXES)
    if Y is None:
        raise IOTableError(f"{base or 'input'}: no final demand Y given")
    Y_frame = _matrix(Y, "Y")
    if A is not None:
        A_frame = _matrix(A, "A")
        products = _square_labels(A_frame, "A", Y_frame.index)
        A_mat = _sparse(A_frame, products, products)
    elif Z is not None:
        Z_frame = _matrix(Z, "Z")
        products = _square_labels(Z_frame, "Z", Y_frame.index)
        Z_mat = _sparse(Z_frame, products, products)
        Y_frame = Y_frame.reindex(products).fillna(0.0)
        x_vec = _vector(_read_any(x, "x")).reindex(products) if x is not None else None
        total = (
            x_vec.to_numpy()
            if x_vec is not None
            else np.asarray(Z_mat.sum(axis=1)).ravel() + Y_frame.sum(axis=1).to_numpy()
        )
        A_mat = _coefficients(Z_mat, total)
        x = pd.Series(total, index=products)
    else:
        raise IOTableError(f"{base or 'input'}: give A, or Z with x")
    x_arr = None if x is None else _vector(_read_any(x, "x")).reindex(products).to_numpy()
    if x_arr is not None and np.isnan(x_arr).any():
        raise IOTableError(f"x: no value for {products[np.isnan(x_arr)][0]!r}")
    parts = [_satellite(s, key, products) for key, s in _satellite_items(satellites)]
    label = name or (str(base) if base is not None else "labelled tables")
    return _assemble(
        label, products, A_mat, x_arr, Y_frame.reindex(products).fillna(0.0), parts, product_unit
    )


def _find(base: Path | None, stem: str) -> Path | None:
    if base is None:
        return None
    for suffix in _SUFFIXES:
        path = base / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def _read_any(source: Any, what: str) -> pd.DataFrame:
    """A frame from a path (CSV, TSV or Parquet) or a frame/series given directly."""
    if isinstance(source, pd.DataFrame | pd.Series):
        return source if isinstance(source, pd.DataFrame) else source.to_frame()
    path = Path(source)
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            try:
                return pd.read_parquet(path)
            except ImportError:
                raise IOTableError(f"{path}: reading Parquet needs pyarrow (pip install pyarrow)") from None
        sep = "\t" if path.suffix.lower() in (".txt", ".tsv") else ","
        return pd.read_csv(path, sep=sep, low_memory=False)
    except FileNotFoundError:
        raise IOTableError(f"{what}: no such file {path}") from None
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise IOTableError(f"{path}: cannot read {what} ({exc})") from None


def _is_long(frame: pd.DataFrame) -> bool:
    return [str(c).lower() for c in frame.columns[:3]] == list(_LONG) and frame.shape[1] == 3


def _matrix(source: Any, what: str) -> pd.DataFrame:
    """A wide, labelled frame; a long (row, column, value) file is kept long (marked in attrs)."""
    frame = _read_any(source, what)
    if isinstance(source, pd.DataFrame):
        return frame
    if _is_long(frame):
        frame.columns = list(_LONG)
        frame.attrs["long"] = True
        return frame
    frame = _labelled(frame)
    frame.index = frame.index.map(str)
    frame.columns = frame.columns.map(str)
    return frame


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Labels as the index: Parquet keeps a stored index; in CSV the labels are the first column."""
    if not isinstance(frame.index, pd.RangeIndex):
        return frame
    return frame.set_index(frame.columns[0])


def _square_labels(frame: pd.DataFrame, what: str, demand: pd.Index) -> pd.Index:
    """The product labels: those of a wide table, or for a long one the final demand's then any others."""
    if frame.attrs.get("long"):
        both = pd.concat([frame["row"], frame["column"]], ignore_index=True).astype(str)
        known = pd.Index(demand.map(str), name="product")
        codes, uniques = pd.factorize(pd.concat([known.to_series(), both], ignore_index=True))
        labels = pd.Index(uniques, name="product")
        if len(labels) > len(known) and len(known):
            raise IOTableError(
                f"{what}: product {labels[len(known)]!r} is not in the final demand Y's labels"
            )
        m = len(frame)
        frame.attrs["codes"] = (codes[len(known) : len(known) + m], codes[len(known) + m :])
        return labels
    if not frame.index.equals(frame.columns):
        missing = frame.columns.difference(frame.index)
        if len(missing) or len(frame.index) != len(frame.columns):
            raise IOTableError(f"{what}: row and column labels differ (e.g. {list(missing[:3]) or 'order'})")
        frame = frame.reindex(columns=frame.index)
    return frame.index


def _sparse(frame: pd.DataFrame, rows: pd.Index, cols: pd.Index) -> sp.csr_array:
    if frame.attrs.get("long"):
        i, j = frame.attrs["codes"]
        values = pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=float)
        if (i < 0).any() or (j < 0).any() or not np.isfinite(values).all():
            raise IOTableError("long table: unknown label or non-numeric value in some row")
        return sp.csr_array(sp.coo_array((values, (i, j)), shape=(len(rows), len(cols))))
    values = frame.reindex(index=rows, columns=cols).to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise IOTableError("table has NaN, infinite or missing entries")
    return sp.csr_array(values)


def _satellite_items(satellites: Any) -> list[tuple[str, Any]]:
    if satellites is None:
        return []
    if isinstance(satellites, dict):
        return list(satellites.items())
    return [(Path(s).stem, s) for s in satellites]


def _satellite(
    source: Any, key: str, products: pd.Index
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, None, list[str], str]:
    frame = _read_any(source, f"satellite {key}")
    cols = [str(c).lower() for c in frame.columns]
    if cols[:3] == ["stressor", "product", "value"]:
        units = frame.groupby("stressor", sort=False)["unit"].first() if "unit" in cols else None
        wide = frame.pivot_table(
            index="stressor", columns="product", values="value", aggfunc="sum", sort=False
        )
        wide.columns = wide.columns.map(str)
    else:
        frame = _labelled(frame)
        units = frame.pop("unit") if "unit" in frame.columns else None
        wide = frame
        wide.columns = wide.columns.map(str)
    unknown = wide.columns.difference(pd.Index([str(p) for p in products]))
    if len(unknown):
        raise IOTableError(f"satellite {key}: unknown products {list(unknown[:3])}")
    wide.index = wide.index.map(str)
    wide = wide.reindex(columns=[str(p) for p in products]).fillna(0.0)
    wide.columns = products
    unit_list = [str(u) for u in units.reindex(wide.index)] if units is not None else ["unknown"] * len(wide)
    is_intensity = key.upper().startswith("S")
    return (wide, None, None, unit_list, key) if is_intensity else (None, wide, None, unit_list, key)


# -- shared ---------------------------------------------------------------------------------------------------------
def _vector(frame: Any) -> pd.Series:
    if isinstance(frame, pd.Series):
        return frame.astype(float)
    if frame.shape[1] == 1:
        return frame.iloc[:, 0].astype(float)
    return _labelled(frame).iloc[:, 0].rename(index=str).astype(float)


def _coefficients(Z: sp.csr_array, x: np.ndarray) -> sp.csr_array:
    """``A = Z diag(x)⁻¹``; a column with zero output has zero coefficients (pymrio does the same)."""
    inverse = np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)
    return sp.csr_array(Z @ sp.diags_array(inverse))


def _units_for(index: pd.Index, unit: Any, name: str) -> list[str]:
    if unit is None:
        return ["unknown"] * len(index)
    series = unit.iloc[:, 0] if isinstance(unit, pd.DataFrame) else unit
    with contextlib.suppress(ValueError, TypeError):  # units listed in another order: align by label
        series = series.reindex(index)
    if len(series) != len(index):
        raise IOTableError(f"extension {name!r}: {len(series)} units for {len(index)} stressors")
    return [str(u) for u in series.fillna("unknown")]


def _common_unit(unit: Any) -> str:
    if unit is None:
        return "unknown"
    series = unit.iloc[:, 0] if isinstance(unit, pd.DataFrame) else unit
    values = pd.unique(series.astype(str))
    return str(values[0]) if len(values) == 1 else "mixed"


def _assemble(
    name: str,
    products: pd.Index,
    A: sp.csr_array,
    x: np.ndarray | None,
    Y: pd.DataFrame,
    parts: list[Any],
    product_unit: str,
) -> IOTable:
    Y = Y.reindex(products)
    if Y.isna().to_numpy().any():
        raise IOTableError(
            f"{name}: final demand Y misses some products, e.g. {products[Y.isna().any(axis=1)][0]!r}"
        )
    if x is None:
        from wattsandtons.balance import leontief_solve

        x = np.asarray(leontief_solve(A, Y.sum(axis=1).to_numpy()))
    blocks: list[sp.csr_array] = []
    stressors: list[tuple[Any, ...]] = []
    units: list[str] = []
    fy: list[np.ndarray | None] = []
    for S, F, F_Y, unit_list, ext in parts:
        if S is not None:
            block = sp.csr_array(S.fillna(0.0).to_numpy())
            index = S.index
        else:
            inverse = np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)
            block = sp.csr_array(F.fillna(0.0).to_numpy() * inverse[None, :])
            index = F.index
        blocks.append(block)
        stressors.extend((ext, *(label if isinstance(label, tuple) else (label,))) for label in index)
        units.extend(unit_list)
        fy.append(None if F_Y is None else F_Y.reindex(columns=Y.columns).fillna(0.0).to_numpy())
    depth = max((len(s) for s in stressors), default=2)
    labels = [s + ("",) * (depth - len(s)) for s in stressors]
    names = ["account", "stressor", *(f"level{k}" for k in range(2, depth))]
    stressor_index = (
        pd.MultiIndex.from_tuples(labels, names=names[:depth])
        if labels
        else pd.MultiIndex.from_tuples([], names=["account", "stressor"])
    )
    S_all = sp.csr_array(sp.vstack(blocks)) if blocks else sp.csr_array((0, len(products)))
    F_Y = None
    if any(f is not None for f in fy):
        rows = [
            f if f is not None else np.zeros((b.shape[0], Y.shape[1]))
            for f, b in zip(fy, blocks, strict=True)
        ]
        F_Y = pd.DataFrame(np.vstack(rows), index=stressor_index, columns=Y.columns)
    return IOTable(
        products=products,
        A=A,
        x=np.asarray(x, dtype=float),
        Y=Y.astype(float),
        stressors=stressor_index,
        S=S_all,
        stressor_units=tuple(units),
        product_unit=product_unit,
        F_Y=F_Y,
        name=name,
    )
