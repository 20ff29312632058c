"""A labelled, sparse input–output table and its footprints.

An :class:`IOTable` holds the technical coefficients ``A`` (sparse, products × products), the total output
``x``, the final demand ``Y`` (products × demand columns; negative entries such as changes in inventories are
kept) and any number of stressors (satellite accounts: CO2, water, land, value added, …) as direct intensities
``S`` (stressors × products) with the unit of each stressor. Amounts stay in the table's own units (money or
physical), which every output names; nothing is converted.

Multipliers are ``M = S (I − A)⁻¹`` and consumption-based footprints ``D = M diag(y)`` (Miller & Blair 2009,
§§ 5.2 and 10.3; the ``M`` and ``D_cba`` of pymrio, Stadler 2021). Both are computed by solves with
:func:`wattsandtons.balance.embodied_intensities` and :func:`~wattsandtons.balance.leontief_solve`: the Leontief
inverse is never formed, so memory grows with the nonzeros of ``A`` and with ``stressors × products``.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*, 2nd ed. CUP.
Stadler, K. (2021). Pymrio – a Python based multi-regional input-output analysis toolbox. *J. Open Research
Software* 9(1), 8. doi:10.5334/jors.251
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from wattsandtons.errors import WattsAndTonsError

__all__ = ["IOTable", "IOTableError", "load_model"]

FORMAT = "wattsandtons-io/1"


class IOTableError(WattsAndTonsError):
    """An input–output table that cannot be read or used: missing parts, mismatched labels, bad numbers."""


@dataclass(frozen=True, eq=False)
class IOTable:
    """A sparse, labelled input–output table with satellite accounts.

    Attributes
    ----------
    products : pandas.Index
        Labels of the rows and columns of ``A`` (a MultiIndex such as ``(region, sector)`` for a multi-regional
        table).
    A : scipy.sparse.csr_array, shape [n, n]
        Technical coefficients [unit of row product per unit of column product's output].
    x : numpy.ndarray, shape [n]
        Total output of each product [product unit]; computed from ``A`` and ``Y`` when a source lacks it.
    Y : pandas.DataFrame, shape [n, k]
        Final demand [product unit]; columns labelled (e.g. ``(region, category)``). Negative entries allowed.
    stressors : pandas.Index
        Labels of the satellite accounts' rows.
    S : scipy.sparse.csr_array, shape [s, n]
        Direct intensities [stressor unit per product unit].
    stressor_units : tuple of str
        The unit of each stressor, as written in the source (``kg``, ``kg CO2-eq``, ``M.EUR``…).
    product_unit : str
        The unit of the products (``M.EUR`` for a monetary table, or ``mixed`` for a physical one).
    F_Y : pandas.DataFrame or None
        Stressors emitted directly by final demand (households' own emissions) [stressor unit], s × k.
    name : str
        Where the table came from.
    """

    products: pd.Index
    A: sp.csr_array
    x: np.ndarray
    Y: pd.DataFrame
    stressors: pd.Index
    S: sp.csr_array
    stressor_units: tuple[str, ...]
    product_unit: str = "unknown"
    F_Y: pd.DataFrame | None = None
    name: str = "input–output table"
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n, s = len(self.products), len(self.stressors)
        if self.A.shape != (n, n):
            raise IOTableError(
                f"{self.name}: A has shape {self.A.shape}, expected ({n}, {n}) for {n} products"
            )
        if self.S.shape != (s, n):
            raise IOTableError(f"{self.name}: S has shape {self.S.shape}, expected ({s}, {n})")
        if self.Y.shape[0] != n or self.x.shape != (n,):
            raise IOTableError(f"{self.name}: Y and x must have one row per product ({n})")
        if len(self.stressor_units) != s:
            raise IOTableError(f"{self.name}: {s} stressors but {len(self.stressor_units)} units")
        if not self.products.is_unique:
            raise IOTableError(
                f"{self.name}: product labels repeat, e.g. {self.products[self.products.duplicated()][0]}"
            )
        for label, values in (
            ("A", self.A.data),
            ("S", self.S.data),
            ("x", self.x),
            ("Y", self.Y.to_numpy()),
        ):
            if not np.all(np.isfinite(values)):
                raise IOTableError(f"{self.name}: {label} has NaN or infinite entries")

    # -- shape ------------------------------------------------------------------------------------------------------
    @property
    def n_products(self) -> int:
        return len(self.products)

    @property
    def n_stressors(self) -> int:
        return len(self.stressors)

    def units(self) -> pd.Series:
        """The unit of each stressor, labelled."""
        return pd.Series(self.stressor_units, index=self.stressors, name="unit")

    def __repr__(self) -> str:
        return (
            f"IOTable({self.name!r}: {self.n_products:,} products, {self.Y.shape[1]:,} final-demand columns, "
            f"{self.n_stressors:,} stressors, A with {self.A.nnz:,} nonzeros)"
        )

    def _repr_html_(self) -> str:
        from wattsandtons.notebook import html_table

        head = self.units().to_frame().head(20)
        return (
            f"<p><b>{self.name}</b>: {self.n_products:,} products, {self.A.nnz:,} nonzeros in A.</p>"
            + html_table(head, "stressors (first 20)")
        )

    # -- stressor selection -----------------------------------------------------------------------------------------
    def stressor_positions(self, names: list[str] | None) -> np.ndarray:
        """Positions of the stressors named (a full label, or its first level, or ``a|b`` for a MultiIndex)."""
        if not names:
            return np.arange(self.n_stressors)
        flat = [label_text(label) for label in self.stressors]
        parts = [label if isinstance(label, tuple) else (label,) for label in self.stressors]
        out: list[int] = []
        for name in names:
            key = name.casefold()
            hits = [i for i, f in enumerate(flat) if f.casefold() == key]
            hits = hits or [i for i, p in enumerate(parts) if label_text(p[1:]).casefold() == key]
            hits = hits or [i for i, p in enumerate(parts) if key in (str(x).casefold() for x in p)]
            if not hits:
                from wattsandtons.spec.errors import did_you_mean

                raise IOTableError(
                    f"{self.name}: no stressor {name!r}{did_you_mean(name, flat)}; "
                    f"{self.n_stressors} stressors, e.g. {', '.join(flat[:3])}"
                )
            out.extend(hits)
        return np.array(out, dtype=np.intp)

    # -- results ------------------------------------------------------------------------------------------------------
    def multipliers(self, stressors: list[str] | None = None, *, method: str = "auto") -> pd.DataFrame:
        """Total (embodied) multipliers ``M = S (I − A)⁻¹`` [stressor unit per product unit].

        One transposed solve per stressor, all together (:func:`wattsandtons.balance.embodied_intensities`).

        Returns
        -------
        pandas.DataFrame
            Stressors × products, with the unit of each stressor in ``attrs['units']``.
        """
        from wattsandtons.balance import embodied_intensities

        rows = self.stressor_positions(stressors)
        key = f"M:{method}:{rows.tobytes().hex()}"
        if key not in self._cache:
            direct = self.S[rows].toarray()
            self._cache[key] = embodied_intensities(self.A, direct, method=method)  # type: ignore[arg-type]
        frame = pd.DataFrame(self._cache[key], index=self.stressors[rows], columns=self.products)
        frame.attrs["units"] = [f"{self.stressor_units[i]} per {self.product_unit}" for i in rows]
        return frame

    def output(self, demand: pd.DataFrame | pd.Series | None = None, *, method: str = "auto") -> pd.DataFrame:
        """Total output ``x = (I − A)⁻¹ y`` that a final demand needs [product unit] (default: the table's ``Y``)."""
        from wattsandtons.balance import leontief_solve

        y = self.Y if demand is None else demand
        frame = y.to_frame() if isinstance(y, pd.Series) else y
        values = leontief_solve(self.A, frame.reindex(self.products).fillna(0.0).to_numpy(), method=method)  # type: ignore[arg-type]
        return pd.DataFrame(values, index=self.products, columns=frame.columns)

    def footprints(
        self,
        stressors: list[str] | None = None,
        *,
        demand_level: str | int | None = 0,
        product_level: str | int | None = None,
        include_direct: bool = False,
        method: str = "auto",
    ) -> pd.DataFrame:
        """Consumption-based footprints ``D = M diag(y)`` [stressor unit].

        Parameters
        ----------
        stressors : list of str, optional
            Stressors to compute (default: all).
        demand_level : str or int or None
            Level of ``Y``'s column labels to group final demand by (``"region"`` or 0: one footprint per
            consuming region, as pymrio's ``D_cba``); ``None`` keeps every column.
        product_level : str or int or None
            Level of the product labels to aggregate the purchased products by (``"sector"`` sums the same
            sector over all producing regions, as pymrio's ``D_cba`` does); ``None`` keeps every product;
            ``"total"`` sums over all products.
        include_direct : bool
            Add the stressors emitted by final demand itself (``F_Y``) to the ``"total"`` column (pymrio's
            ``D_cba_reg``); needs ``product_level="total"``.

        Returns
        -------
        pandas.DataFrame
            Stressors as rows; columns ``(demand group, product group)``. Units in ``attrs['units']``.
        """
        if include_direct and product_level != "total":
            raise IOTableError("include_direct needs product_level='total' (F_Y has no product dimension)")
        M = self.multipliers(stressors, method=method)
        groups = _group_columns(self.Y, demand_level)
        demand_name = _level_name(self.Y.columns, demand_level)
        if product_level == "total":  # M y per group: no stressor × product block is formed
            totals = M.to_numpy() @ np.column_stack(list(groups.values()))
            if include_direct and self.F_Y is not None:
                direct = _group_columns(self.F_Y.iloc[self.stressor_positions(stressors)], demand_level)
                totals = totals + np.column_stack(list(direct.values()))
            columns = pd.MultiIndex.from_product([list(groups), ["total"]], names=[demand_name, "product"])
            out = pd.DataFrame(totals, index=M.index, columns=columns)
            out.attrs["units"] = [self.stressor_units[i] for i in self.stressor_positions(stressors)]
            return out
        blocks = {}
        for name, y in groups.items():
            block = M.to_numpy() * y[None, :]  # stressor × product: what demand group `name` buys of each
            frame = pd.DataFrame(block, index=M.index, columns=self.products)
            if product_level is not None:
                frame = frame.T.groupby(level=product_level, sort=False).sum().T
            blocks[name] = frame
        level_names = [n if n is not None else "product" for n in next(iter(blocks.values())).columns.names]
        if demand_name in level_names:
            demand_name = f"consuming {demand_name}"
        out = pd.concat(blocks, axis=1, names=[demand_name, *level_names])
        out.attrs["units"] = [self.stressor_units[i] for i in self.stressor_positions(stressors)]
        return out

    def to_xarray(self, stressors: list[str] | None = None, *, demand_level: str | int | None = 0) -> Any:
        """Multipliers and footprints (by consuming group and product) as an ``xarray.Dataset``.

        One variable per stressor and kind (``M <stressor>``, ``D <stressor>``), each with one ``units`` attribute
        that pint-xarray can parse where the source's unit is a pint unit.
        """
        import xarray as xr

        rows = self.stressor_positions(stressors)
        M = self.multipliers(stressors)
        D = self.footprints(stressors, demand_level=demand_level)
        demand = D.columns.get_level_values(0).unique()
        product_dim = pd.Index([label_text(p) for p in self.products], name="product")
        data = {}
        for k, i in enumerate(rows):
            name = label_text(self.stressors[i])
            unit = self.stressor_units[i]
            data[f"M {name}"] = xr.DataArray(
                M.to_numpy()[k],
                coords={"product": product_dim},
                dims="product",
                attrs={"units": f"{unit} / ({self.product_unit})", "long_name": f"multiplier of {name}"},
            )
            block = D.to_numpy()[k].reshape(len(demand), self.n_products)
            data[f"D {name}"] = xr.DataArray(
                block,
                coords={"demand": [label_text(d) for d in demand], "product": product_dim},
                dims=("demand", "product"),
                attrs={"units": unit, "long_name": f"footprint of {name}"},
            )
        return xr.Dataset(data, attrs={"source": self.name, "product_unit": self.product_unit})

    def to_frame(self) -> pd.DataFrame:
        """The multipliers of every stressor, one row per stressor, with a ``unit`` column first."""
        frame = self.multipliers()
        frame.insert(0, "unit", self.stressor_units)
        return frame

    # -- derived tables -----------------------------------------------------------------------------------------------
    def with_stressors(self, S: sp.csr_array, stressors: pd.Index, units: tuple[str, ...]) -> IOTable:
        """The same table with other satellite accounts."""
        return replace(
            self, S=sp.csr_array(S), stressors=stressors, stressor_units=units, F_Y=None, _cache={}
        )

    # -- storage ------------------------------------------------------------------------------------------------------
    def save(self, folder: Path) -> list[Path]:
        """Write the table as a model folder (sparse ``.npz`` matrices, labels and units in ``model.json``)."""
        from wattsandtons.outputs import atomic_folder

        with atomic_folder(folder) as tmp:
            sp.save_npz(tmp / "A.npz", sp.csr_matrix(self.A), compressed=False)
            sp.save_npz(tmp / "S.npz", sp.csr_matrix(self.S), compressed=False)
            np.save(tmp / "x.npy", self.x)
            np.save(tmp / "Y.npy", self.Y.to_numpy())
            meta = {
                "format": FORMAT,
                "name": self.name,
                "product_unit": self.product_unit,
                "products": _labels_json(self.products),
                "demand": _labels_json(self.Y.columns),
                "stressors": _labels_json(self.stressors),
                "stressor_units": list(self.stressor_units),
            }
            if self.F_Y is not None:
                np.save(tmp / "F_Y.npy", self.F_Y.to_numpy())
            (tmp / "model.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        return sorted(folder.iterdir())


def load_model(folder: str | Path) -> IOTable:
    """Read a model folder written by :meth:`IOTable.save` (``wattsandtons io import … --out FOLDER``)."""
    folder = Path(folder)
    meta_path = folder / "model.json"
    if not meta_path.is_file():
        raise IOTableError(
            f"{folder}: not an imported model (no model.json); run 'wattsandtons io import' first"
        )
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise IOTableError(f"{meta_path}: format {meta.get('format')!r}, expected {FORMAT!r}")
        return _load_arrays(folder, meta)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IOTableError(
            f"{folder}: damaged model folder ({type(exc).__name__}: {exc}); import it again"
        ) from None


def _load_arrays(folder: Path, meta: dict[str, Any]) -> IOTable:
    products = _labels_from_json(meta["products"])
    demand = _labels_from_json(meta["demand"])
    stressors = _labels_from_json(meta["stressors"])
    F_Y = None
    if (folder / "F_Y.npy").is_file():
        F_Y = pd.DataFrame(np.load(folder / "F_Y.npy"), index=stressors, columns=demand)
    return IOTable(
        products=products,
        A=sp.csr_array(sp.load_npz(folder / "A.npz")),
        x=np.load(folder / "x.npy"),
        Y=pd.DataFrame(np.load(folder / "Y.npy"), index=products, columns=demand),
        stressors=stressors,
        S=sp.csr_array(sp.load_npz(folder / "S.npz")),
        stressor_units=tuple(meta["stressor_units"]),
        product_unit=meta["product_unit"],
        F_Y=F_Y,
        name=meta["name"],
    )


def label_text(label: Any) -> str:
    """A label as one string: tuples of a MultiIndex joined with ``|``."""
    if isinstance(label, tuple):
        return "|".join(str(part) for part in label if str(part) != "")
    return str(label)


def _labels_json(index: pd.Index) -> dict[str, Any]:
    values = [list(map(str, v)) if isinstance(v, tuple) else str(v) for v in index]
    return {"names": [None if n is None else str(n) for n in index.names], "values": values}


def _labels_from_json(data: dict[str, Any]) -> pd.Index:
    names, values = data["names"], data["values"]
    if len(names) > 1:
        return pd.MultiIndex.from_tuples([tuple(v) for v in values], names=names)
    return pd.Index(values, name=names[0])


def _level_name(columns: pd.Index, level: str | int | None) -> str:
    if level is None:
        return "demand"
    if isinstance(level, int):
        return str(columns.names[level] or "demand")
    return level


def _group_columns(frame: pd.DataFrame, level: str | int | None) -> dict[Any, np.ndarray]:
    """Sum a frame's columns by one level of their labels (``None``: every column apart)."""
    if level is None:
        return {label_text(c): frame[c].to_numpy() for c in frame.columns}
    try:
        grouped = frame.T.groupby(level=level, sort=False).sum().T
    except (KeyError, IndexError, ValueError) as exc:
        raise IOTableError(f"final demand has no column level {level!r} ({exc})") from None
    return {label_text(c): grouped[c].to_numpy() for c in grouped.columns}
