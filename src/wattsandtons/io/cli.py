"""``wattsandtons io``: import input–output tables and compute multipliers and footprints.

Importing this module loads Typer and Rich only; each command imports pandas and SciPy in its body.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from wattsandtons.clikit import OutputFormat as Format
from wattsandtons.clikit import console, err_console, friendly_errors
from wattsandtons.errors import WattsAndTonsError

io_app = typer.Typer(
    name="io",
    help="Input–output tables: import pymrio/EXIOBASE/CSV/Parquet tables, then multipliers and footprints.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
F = TypeVar("F", bound=Callable[..., Any])


@io_app.command("import")
@friendly_errors
def import_command(
    source: Annotated[
        Path,
        typer.Argument(
            help="An EXIOBASE-format folder (file_parameters.json; a .zip release needs pymrio), or a folder of labelled CSV/Parquet files."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Model folder to write (sparse matrices + labels).")
    ],
    a: Annotated[Path | None, typer.Option("--A", help="Technical coefficients A (CSV/Parquet).")] = None,
    z: Annotated[Path | None, typer.Option("--Z", help="Transactions Z, with --x or computed x.")] = None,
    x: Annotated[Path | None, typer.Option("--x", help="Total output x.")] = None,
    y: Annotated[Path | None, typer.Option("--Y", help="Final demand Y.")] = None,
    satellite: Annotated[
        list[Path] | None, typer.Option("--satellite", "-s", help="Satellite account file (repeatable).")
    ] = None,
    product_unit: Annotated[str, typer.Option(help="Unit of the products, e.g. 'M.EUR' or 't'.")] = "unknown",
) -> None:
    """Read an input–output table into a sparse, labelled model folder.

    Example: [bold]wattsandtons io import IOT_2022_ixi/ --out exio.model[/]
    """
    from wattsandtons.io.read import read_exiobase, read_labelled, read_table

    if source.is_dir() and (source / "file_parameters.json").is_file():
        table = read_exiobase(source)
    elif source.suffix.lower() == ".zip" and source.is_file():
        table = read_table(source)
    elif source.is_dir():
        table = read_labelled(source, A=a, Z=z, x=x, Y=y, satellites=satellite, product_unit=product_unit)
    else:
        raise WattsAndTonsError(f"{source}: no such folder (an EXIOBASE-format or labelled-table folder)")
    table.save(out)
    console.print(f"{table!r}\nwrote [bold]{escape(str(out))}[/]", highlight=False)


@io_app.command("show")
@friendly_errors
def show_command(model: Annotated[Path, typer.Argument(help="A model folder from 'io import'.")]) -> None:
    """List a model's size, final-demand columns and stressors with their units.

    Example: [bold]wattsandtons io show exio.model[/]
    """
    from wattsandtons.io.table import label_text, load_model

    table = load_model(model)
    console.print(repr(table), highlight=False)
    listing = Table(title="Stressors")
    listing.add_column("stressor")
    listing.add_column("unit")
    for label, unit in zip(table.stressors, table.stressor_units, strict=True):
        listing.add_row(escape(label_text(label)), escape(unit))
    console.print(listing)


@io_app.command("footprint")
@friendly_errors
def footprint_command(
    model: Annotated[Path, typer.Argument(help="A model folder from 'io import'.")],
    stressor: Annotated[
        list[str] | None,
        typer.Option("--stressor", "-s", help="Stressor label or name (repeatable; default all)."),
    ] = None,
    by: Annotated[str, typer.Option(help="Level of the final-demand labels to group by, e.g. region.")] = "0",
    product_level: Annotated[
        str, typer.Option(help="'total', a level of the product labels (e.g. sector), or 'none'.")
    ] = "total",
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="table, json or csv.")
    ] = Format.table,
    out: Annotated[
        Path | None, typer.Option(help="Folder for multipliers and footprints (CSV, Parquet, NetCDF).")
    ] = None,
) -> None:
    """Multipliers (per unit of each product) and consumption-based footprints of any stressor.

    Example: [bold]wattsandtons io footprint exio.model -s "CO2 - combustion - air" --by region --out fp/[/]
    """
    import pandas as pd

    from wattsandtons.io.table import label_text, load_model
    from wattsandtons.outputs import staged, write_netcdf, write_table

    table = load_model(model)
    names = list(stressor) if stressor else None
    level: str | int | None = int(by) if by.isdigit() else (None if by == "none" else by)
    plevel = None if product_level == "none" else product_level
    D = table.footprints(names, demand_level=level, product_level=plevel, include_direct=plevel == "total")
    long = _long(D, table)
    if out is not None:
        M = table.multipliers(names)
        M_frame = M.set_axis([label_text(c) for c in M.columns], axis=1)
        M_frame.insert(0, "unit", [f"{u}" for u in M.attrs["units"]])
        M_frame.index = pd.Index([label_text(i) for i in M.index], name="stressor")
        with staged(out) as stage:
            write_table(M_frame, stage, "multipliers", index=True)
            write_table(long, stage, "footprints")
            write_netcdf(table.to_xarray(names, demand_level=level), stage / "footprints.nc", engine="scipy")
        err_console.print(f"wrote multipliers, footprints (CSV, Parquet, NetCDF) to {out}", highlight=False)
    if output_format is Format.json:
        records = long.to_dict("records")
        sys.stdout.write(json.dumps(records, indent=1, allow_nan=False) + "\n")
    elif output_format is Format.csv:
        sys.stdout.write(long.to_csv(index=False, na_rep=""))
    else:
        _print_footprints(long)


@io_app.command("scenario")
@friendly_errors
def scenario_command(
    model: Annotated[Path, typer.Argument(help="A model folder from 'io import' of a physical table.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Scenario YAML file to write.")],
    resource: Annotated[
        list[str] | None,
        typer.Option(
            "--resource", "-r", help="Stressor drawn from nature (repeatable; default: energy and mass)."
        ),
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", "-u", help="PRODUCT=UNIT where products differ (repeatable)."),
    ] = None,
    start: Annotated[int | None, typer.Option(help="Add a growth block from this year (for 'run').")] = None,
    end: Annotated[int | None, typer.Option(help="Last year of the growth block.")] = None,
) -> None:
    """Write a physical input–output table as a scenario for 'balance' and 'run'.

    Example: [bold]wattsandtons io scenario steel.model -u electricity=MWh -r "primary energy" --start 2026 --end 2050 --out steel.yaml[/]
    """
    import yaml

    from wattsandtons.io.scenario import to_scenario
    from wattsandtons.io.table import label_text, load_model
    from wattsandtons.outputs import write_text

    table = load_model(model)
    units = {}
    for option in unit or []:
        name, sep, text = option.partition("=")
        matches = [p for p in table.products if label_text(p) == name.strip()]
        if not sep or not matches:
            raise WattsAndTonsError(f"--unit {option!r}: expected PRODUCT=UNIT with a product of the table")
        units[matches[0]] = text.strip()
    if (start is None) != (end is None):
        raise WattsAndTonsError("--start and --end go together")
    growth = None if start is None else {"start": start, "end": end}
    document = to_scenario(table, name=out.stem, units=units, resources=resource, growth=growth)
    write_text(out, yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    console.print(
        f"wrote [bold]{escape(str(out))}[/]: {len(document['processes'])} processes", highlight=False
    )


def _long(D: Any, table: Any) -> Any:
    """Footprints as a long table: stressor, unit, demand group, product group, value."""
    import pandas as pd

    from wattsandtons.io.table import label_text

    units = dict(zip([label_text(s) for s in D.index], D.attrs["units"], strict=True))
    stacked = D.set_axis([label_text(s) for s in D.index]).T.stack()
    frame = stacked.rename("value").reset_index()
    frame.columns = ["demand", "product", "stressor", "value"]
    frame.insert(1, "unit", frame["stressor"].map(units))
    return pd.DataFrame(frame[["stressor", "unit", "demand", "product", "value"]])


def _print_footprints(long: Any) -> None:
    listing = Table(title="Footprints (consumption-based)")
    for column in ("stressor", "demand", "product", "amount"):
        listing.add_column(column, justify="right" if column == "amount" else "left")
    shown = long.head(60)
    for row in shown.itertuples():
        listing.add_row(
            escape(row.stressor),
            escape(str(row.demand)),
            escape(str(row.product)),
            f"{row.value:.4g} {row.unit}",
        )
    console.print(listing)
    if len(long) > len(shown):
        console.print(f"… {len(long) - len(shown):,} more rows: use --format csv or --out", highlight=False)
