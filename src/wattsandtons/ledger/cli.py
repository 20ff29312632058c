"""``wattsandtons ledger …`` and ``wattsandtons serve``: the ledger from the command line.

The CLI works on the database directly (whoever can open the database file or log in to the server is trusted,
like ``sqlite3``/``psql``); the HTTP service (``serve``) is where API keys and roles apply. Every command takes
``--db URL`` (default ``sqlite:///wattsandtons-ledger.db``, or ``$WATTSANDTONS_LEDGER_DB``). Refusals print one line
and exit with status 2; ``verify`` exits with 1 when an invariant fails.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from wattsandtons.clikit import OutputFormat, console, err_console, friendly_errors
from wattsandtons.clikit import print_json as _print_json
from wattsandtons.ledger.errors import LedgerError
from wattsandtons.ledger.limits import DB_ENV, DEFAULT_URL
from wattsandtons.ledger.types import AccountBalance, Transfer

if TYPE_CHECKING:
    from wattsandtons.ledger.engine import Ledger

__all__ = ["DEFAULT_URL", "ledger_app"]


ledger_app = typer.Typer(
    name="ledger",
    help="Double-entry books in watt-hours and grams: accounts, meters, transfers, conversions, statements.\n\n"
    "Value enters only from meter readings; every batch applies all or nothing; 'verify' checks every invariant.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

Db = Annotated[
    str,
    typer.Option("--db", envvar=DB_ENV, help="Database URL: sqlite:///FILE or postgresql://…"),
]


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table or json (one strict JSON document on stdout).")
]
#: The older spelling of ``--format json``, kept working for scripts; hidden from --help.
Json = Annotated[bool, typer.Option("--json", hidden=True, help="Same as --format json.")]


def _wants_json(output_format: OutputFormat, as_json: bool) -> bool:
    if output_format is OutputFormat.csv:
        raise LedgerError(
            "bad_format", "--format csv: the ledger prints a table or JSON (--format json)", field="format"
        )
    return as_json or output_format is OutputFormat.json


def _open(db: str) -> Ledger:
    from wattsandtons.ledger.engine import Ledger

    return Ledger(db)


def _time(value: str | None, option: str) -> int | None:
    """Unix seconds or ISO 8601 (``2025-06-01T10:00Z``; no zone = UTC) → Unix seconds."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return int(text)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise LedgerError(
            "invalid_time", f"{option} {value!r}: expected ISO 8601 or Unix seconds", field=option
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return int(parsed.timestamp())


def _pairs(options: list[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in options or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise LedgerError("invalid_option", f"{option} {item!r}: expected NAME=VALUE", field=option)
        out[key.strip()] = value.strip()
    return out


def _readable(ledger: Ledger, commodity: str, value: float) -> str:
    """``value`` smallest units as a readable quantity (``8 MWh``); empty for counted goods."""
    from wattsandtons.units import dimensionality, format_quantity

    found = ledger.commodity(commodity)
    if found.dimension in ("[]", "[count]"):
        return ""
    return format_quantity(float(value) * found.si_per_unit, dimensionality(found.dimension))


def _amount(ledger: Ledger, commodity: str, amount: int) -> str:
    """``8,000,000 Wh (8 MWh)``: the exact integer, and a readable form where the commodity has a dimension."""
    exact = f"{amount:,} {ledger.commodity(commodity).unit}"
    readable = _readable(ledger, commodity, amount)
    same = readable.replace(" ", "") == exact.replace(",", "").replace(" ", "")
    return exact if not readable or same else f"{exact} ({readable})"


def _echo_result(result: Any, what: str) -> None:
    verb = "applied" if result.status == "created" else "already applied (nothing changed)"
    seqs = f"rows {result.seqs[0]}–{result.seqs[-1]}" if len(result.seqs) > 1 else f"row {result.seqs[0]}"
    console.print(f"[green]ok[/] {what} {verb}: batch {result.batch}, journal {seqs}", highlight=False)


# -- setting up ----------------------------------------------------------------------------------------------------
@ledger_app.command()
@friendly_errors
def init(
    db: Db = DEFAULT_URL,
    scenario: Annotated[
        str | None, typer.Option(help="Register this scenario's commodities (a file or bundled name).")
    ] = None,
    recipes: Annotated[
        bool, typer.Option(help="With --scenario: register its processes as recipes too.")
    ] = False,
) -> None:
    """Create the ledger's tables in a database (idempotent).

    Example: [bold]wattsandtons ledger init --db sqlite:///books.db --scenario closed_loop_earth[/]
    """
    ledger = _open(db)
    console.print(f"[green]ok[/] ledger ready in {db}", highlight=False)
    if scenario is not None:
        from wattsandtons.scenario import load_scenario

        loaded = load_scenario(scenario)
        made = ledger.commodities_from_scenario(loaded)
        console.print(
            f"  {len(made)} commodities from {loaded.name}: {', '.join(c.name for c in made)}",
            highlight=False,
        )
        if recipes:
            for process in loaded.processes:
                ledger.register_recipe_from_scenario(loaded, process)
            console.print(
                f"  {len(loaded.processes)} recipes: {', '.join(loaded.processes)}", highlight=False
            )


@ledger_app.command()
@friendly_errors
def commodity(
    name: Annotated[str, typer.Argument(help="Commodity name, e.g. electricity.")],
    unit: Annotated[str, typer.Argument(help="Smallest unit amounts are counted in: Wh, g, piece, TFLOP.")],
    mass_per_unit: Annotated[
        str | None, typer.Option(help="Mass of one unit of a counted good, e.g. '20 kg'.")
    ] = None,
    energy_per_unit: Annotated[
        str | None, typer.Option(help="Energy in one unit of a fuel, e.g. '33 kWh'.")
    ] = None,
    lots: Annotated[
        bool, typer.Option(help="Keep each unit's origin lot (like a granular certificate).")
    ] = True,
    db: Db = DEFAULT_URL,
) -> None:
    """Register a commodity.

    Example: [bold]wattsandtons ledger commodity wafer piece --mass-per-unit "128 g"[/]
    """
    made = _open(db).create_commodity(
        name, unit, mass_per_unit=mass_per_unit, energy_per_unit=energy_per_unit, lots=lots
    )
    console.print(f"[green]ok[/] commodity {made.name} counted in {made.unit}", highlight=False)


@ledger_app.command()
@friendly_errors
def account(
    name: Annotated[str, typer.Argument(help="Account name, e.g. solarco/electricity.")],
    owner: Annotated[str, typer.Option(help="Owner of the account.")],
    commodity: Annotated[str, typer.Option(help="Commodity it holds.")],
    db: Db = DEFAULT_URL,
) -> None:
    """Open an asset account (never below zero) for an owner.

    Example: [bold]wattsandtons ledger account solarco/electricity --owner solarco --commodity electricity[/]
    """
    made = _open(db).create_account(name, owner, commodity)
    console.print(f"[green]ok[/] account {made.name} ({made.commodity}) for {made.owner}", highlight=False)


@ledger_app.command()
@friendly_errors
def meter(
    name: Annotated[str, typer.Argument(help="Meter name.")],
    owner: Annotated[str, typer.Option(help="Owner of the device.")],
    account: Annotated[str, typer.Option(help="The owner's account readings issue into.")],
    capacity: Annotated[str, typer.Option(help="Capacity as a rate: '20 MW', '2 t/h', '100 piece/h'.")],
    location: Annotated[str, typer.Option(help="Where it stands (grid region, site).")],
    technology: Annotated[str, typer.Option(help="e.g. 'solar PV'.")],
    operator: Annotated[str | None, typer.Option(help="Who submits readings (default: the owner).")] = None,
    device: Annotated[str | None, typer.Option(help="Device id (default: the meter name).")] = None,
    start: Annotated[
        str | None, typer.Option(help="Commissioning time: the first reading starts here.")
    ] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """Register a meter: the only way value enters the ledger.

    Example: [bold]wattsandtons ledger meter farm1 --owner solarco --account solarco/electricity --capacity "20 MW"
    --location Kyushu --technology "solar PV" --start 2025-06-01T00:00Z[/]
    """
    made = _open(db).register_meter(
        name,
        owner=owner,
        account=account,
        capacity=capacity,
        location=location,
        technology=technology,
        operator=operator,
        device=device,
        start_s=_time(start, "--start"),
    )
    console.print(
        f"[green]ok[/] meter {made.name} ({made.capacity} {made.technology}, {made.location}) issues into "
        f"{made.account}",
        highlight=False,
    )


@ledger_app.command()
@friendly_errors
def recipe(
    name: Annotated[str, typer.Argument(help="Recipe name (or the process name with --scenario).")],
    input: Annotated[
        list[str] | None, typer.Option("--input", help="COMMODITY=QUANTITY per activity (repeat).")
    ] = None,
    output: Annotated[
        list[str] | None, typer.Option("--output", help="COMMODITY=QUANTITY per activity (repeat).")
    ] = None,
    loss: Annotated[
        list[str] | None, typer.Option("--loss", help="COMMODITY=FRACTION lost (repeat).")
    ] = None,
    efficiency: Annotated[
        float | None, typer.Option(help="Share of input energy kept in the outputs.")
    ] = None,
    scenario: Annotated[str | None, typer.Option(help="Take the process NAME from this scenario.")] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """Register a conversion recipe, directly or from a scenario's process.

    Example: [bold]wattsandtons ledger recipe datacentre --input electricity="0.59 kWh" --output ai_compute="1 EFLOP"[/]
    """
    ledger = _open(db)
    if scenario is not None:
        from wattsandtons.scenario import load_scenario

        made = ledger.register_recipe_from_scenario(load_scenario(scenario), name)
    else:
        made = ledger.register_recipe(
            name,
            _pairs(input, "--input"),
            _pairs(output, "--output"),
            loss=_pairs(loss, "--loss") or None,
            efficiency=efficiency,
        )
    # shown per a readable unit of activity: scaled so that the smallest flow is one smallest unit
    scale = 1 / min(min(made.inputs.values()), min(made.outputs.values()))
    flows = lambda side: ", ".join(f"{_amount_frac(ledger, c, v * scale)} {c}" for c, v in side.items())  # noqa: E731
    losses = ", ".join(f"{float(v):.4g} of {c}" for c, v in made.loss.items()) or "none"
    console.print(
        f"[green]ok[/] recipe {made.name}: {flows(made.inputs)} → {flows(made.outputs)}; lost: {losses}",
        highlight=False,
    )


def _amount_frac(ledger: Ledger, commodity: str, value: Any) -> str:
    return _readable(ledger, commodity, value) or f"{float(value):.6g} {ledger.commodity(commodity).unit}"


# -- moving value --------------------------------------------------------------------------------------------------
@ledger_app.command()
@friendly_errors
def read(
    meter: Annotated[str, typer.Argument(help="Meter name.")],
    start: Annotated[str, typer.Option(help="Interval start: ISO 8601 or Unix seconds.")],
    end: Annotated[str, typer.Option(help="Interval end (at most one hour after start).")],
    amount: Annotated[
        str, typer.Option(help="Produced in the interval: '8.2 MWh', or an integer of smallest units.")
    ],
    db: Db = DEFAULT_URL,
) -> None:
    """Record a meter reading: issues a lot into the meter's account.

    Example: [bold]wattsandtons ledger read farm1 --start 2025-06-01T10:00Z --end 2025-06-01T11:00Z --amount "16 MWh"[/]
    """
    ledger = _open(db)
    lot = ledger.record_reading(meter, _time(start, "--start") or 0, _time(end, "--end") or 0, amount)
    if lot is None:
        console.print(f"[green]ok[/] zero reading recorded for {meter}", highlight=False)
        return
    console.print(
        f"[green]ok[/] lot {lot.id}: {_amount(ledger, lot.commodity, lot.amount)} from {lot.meter} "
        f"({lot.technology}, {lot.location}) issued to {lot.issued_to}",
        highlight=False,
    )


@ledger_app.command()
@friendly_errors
def transfer(
    id: Annotated[
        str, typer.Argument(help="Your id for this transfer (retrying with it never applies twice).")
    ],
    debit: Annotated[str | None, typer.Argument(help="From this account.")] = None,
    credit: Annotated[str | None, typer.Argument(help="To this account.")] = None,
    amount: Annotated[str | None, typer.Argument(help="'3 MWh', or an integer of smallest units.")] = None,
    pending: Annotated[bool, typer.Option(help="Reserve only; post, void or let it expire later.")] = False,
    timeout: Annotated[int | None, typer.Option(help="Seconds until a pending transfer expires.")] = None,
    post: Annotated[str | None, typer.Option(help="Post this pending transfer (AMOUNT: part of it).")] = None,
    void: Annotated[str | None, typer.Option(help="Void this pending transfer.")] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """Move value between asset accounts of one commodity (or post/void a pending transfer).

    Example: [bold]wattsandtons ledger transfer t1 solarco/electricity dc/electricity "3 MWh"[/]
    """
    if post is not None or void is not None:
        if post is not None and void is not None:
            raise LedgerError("invalid_option", "give --post or --void, not both")
        kind, ref = ("post", post) if post is not None else ("void", void)
        item = Transfer(id, debit, credit, _maybe_int(amount), kind=kind, pending_id=ref)
    else:
        item = Transfer(
            id,
            debit,
            credit,
            _maybe_int(amount),
            kind="pending" if pending else "transfer",
            timeout_s=timeout,
        )
    result = _open(db).submit([item])
    _echo_result(result, f"{item.kind} {id}")


def _maybe_int(value: str | None) -> int | str | None:
    return int(value) if value is not None and value.strip().isdigit() else value


@ledger_app.command()
@friendly_errors
def batch(
    file: Annotated[Path, typer.Argument(help="JSON list of transfers ('-' for stdin).", allow_dash=True)],
    db: Db = DEFAULT_URL,
) -> None:
    """Apply a linked batch of transfers from a JSON file: all or nothing (e.g. a barter: both legs or neither).

    Each item: {"id", "debit_account", "credit_account", "amount", "kind"?, "pending_id"?, "timeout_s"?}.

    Example: [bold]wattsandtons ledger batch barter.json[/]
    """
    text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LedgerError("invalid_json", f"{file}: {exc}") from None
    result = _open(db).submit(items)
    _echo_result(result, f"batch of {len(result.ids)}")


@ledger_app.command()
@friendly_errors
def convert(
    id: Annotated[str, typer.Argument(help="Your id for this conversion.")],
    recipe: Annotated[str, typer.Option(help="Recipe name.")],
    amount: Annotated[str, typer.Option(help="How much of --commodity: '200 MWh'.")],
    commodity: Annotated[
        str | None, typer.Option(help="Which input or output --amount is of (default: the main output).")
    ] = None,
    owner: Annotated[
        str | None, typer.Option(help="Use this owner's accounts (its only one per commodity).")
    ] = None,
    account: Annotated[
        list[str] | None, typer.Option("--account", help="COMMODITY=ACCOUNT (repeat).")
    ] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """Run a recipe on an owner's accounts as one linked batch; losses go to the recipe's loss account.

    Example: [bold]wattsandtons ledger convert c1 --recipe datacentre --amount "2 MWh" --commodity electricity --owner dc[/]
    """
    ledger = _open(db)
    result = ledger.convert(
        id,
        recipe,
        _maybe_int(amount) or amount,
        commodity=commodity,
        owner=owner,
        accounts=_pairs(account, "--account") or None,
    )
    _echo_result(result, f"conversion {id}")
    for seq in result.seqs:
        row = next(ledger.journal(after_seq=seq - 1, limit=1))
        console.print(
            f"  {row['debit_account']} → {row['credit_account']}: {_amount(ledger, row['commodity'], row['amount'])}",
            highlight=False,
        )


@ledger_app.command()
@friendly_errors
def retire(
    id: Annotated[str, typer.Argument(help="Your id for this retirement.")],
    account: Annotated[str, typer.Argument(help="From this account.")],
    amount: Annotated[str, typer.Argument(help="'1 MWh', or an integer of smallest units.")],
    beneficiary: Annotated[str, typer.Option(help="On whose behalf the units are cancelled.")],
    lot: Annotated[int | None, typer.Option(help="Retire from this lot (default: oldest first).")] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """Retire (cancel) units for a beneficiary: they leave circulation for good, with their lots' origin.

    Example: [bold]wattsandtons ledger retire r1 solarco/electricity "1 MWh" --beneficiary "Kyushu town hall"[/]
    """
    ledger = _open(db)
    result = ledger.retire(id, account, _maybe_int(amount) or amount, beneficiary, lot=lot)
    _echo_result(result, f"retirement {id}")


# -- reading -------------------------------------------------------------------------------------------------------
@ledger_app.command()
@friendly_errors
def balance(
    account: Annotated[str | None, typer.Argument(help="One account (default: all, or --owner's).")] = None,
    owner: Annotated[str | None, typer.Option(help="Only this owner's accounts.")] = None,
    system: Annotated[bool, typer.Option(help="Include source, sink and loss accounts.")] = False,
    output_format: FormatOption = OutputFormat.table,
    as_json: Json = False,
    db: Db = DEFAULT_URL,
) -> None:
    """Balances: posted, available (after reservations) and pending.

    Example: [bold]wattsandtons ledger balance --owner solarco[/]
    """
    ledger = _open(db)
    rows = [ledger.account(account)] if account else ledger.accounts(owner=owner)
    if owner is not None and not rows:
        raise LedgerError("owner_not_found", f"no owner {owner!r} (no account belongs to it)", field="owner")
    if not system and account is None:
        rows = [b for b in rows if b.account.kind == "asset"]
    if _wants_json(output_format, as_json):
        _print_json([b.to_dict() for b in rows])
        return
    table = Table(title="Balances")
    for column in ("account", "kind", "balance", "unit", "≈", "available", "pending in", "pending out"):
        table.add_column(
            column,
            justify="left" if column in ("account", "kind", "unit") else "right",
            no_wrap=column == "account",
        )
    for b in rows:
        table.add_row(*_balance_row(ledger, b))
    console.print(table)


def _balance_row(ledger: Ledger, b: AccountBalance) -> list[str]:
    a = b.account
    readable = _readable(ledger, a.commodity, b.balance)
    unit = ledger.commodity(a.commodity).unit
    pending = (f"{b.credits_pending:,}", f"{b.debits_pending:,}")
    return [a.name, a.kind, f"{b.balance:,}", unit, readable, f"{b.available:,}", *pending]


@ledger_app.command()
@friendly_errors
def statement(
    owner: Annotated[str | None, typer.Option(help="An owner (all its asset accounts).")] = None,
    account: Annotated[str | None, typer.Option(help="Or one account.")] = None,
    quantity: Annotated[str, typer.Option(help="energy, mass or both.")] = "both",
    start: Annotated[str | None, typer.Option(help="Period start (ISO 8601 or Unix seconds).")] = None,
    end: Annotated[str | None, typer.Option(help="Period end (default: now).")] = None,
    output_format: FormatOption = OutputFormat.table,
    as_json: Json = False,
    db: Db = DEFAULT_URL,
    vs_plan: Annotated[
        Path | None,
        typer.Option("--vs-plan", help="A dispatch schedule.nc (or its --out folder) to set beside."),
    ] = None,
) -> None:
    """Energy and mass statements of recorded flows (the same Statement type as 'wattsandtons balance').

    With --vs-plan, the energy statement of the site (--owner SITE) beside a dispatch plan, with the hourly and
    annual matching scores (docs/dispatch.md).

    Example: [bold]wattsandtons ledger statement --owner dc[/]
    """
    from wattsandtons.ledger.statements import ledger_statement

    if quantity not in ("energy", "mass", "both"):
        raise LedgerError("invalid_quantity", "--quantity must be energy, mass or both", field="--quantity")
    ledger = _open(db)
    wanted = ("energy", "mass") if quantity == "both" else (quantity,)
    made = [
        ledger_statement(
            ledger,
            owner=owner,
            account=account,
            quantity=q,
            start_s=_time(start, "--start"),
            end_s=_time(end, "--end"),
        )
        for q in wanted
    ]
    if vs_plan is not None:
        from wattsandtons.dispatch.books import print_vs_plan

        print_vs_plan(ledger, made[0], vs_plan, as_json=_wants_json(output_format, as_json))
        return
    if _wants_json(output_format, as_json):
        _print_json([s.to_dict() for s in made])
        return
    for s in made:
        table = Table(title=f"{s.quantity.capitalize()} statement — {s.entity}")
        for column in ("", "group", "line", "amount"):
            table.add_column(column, justify="right" if column == "amount" else "left")
        for side, group, label, amount in s.lines():
            table.add_row(side, group, label, s.format(amount))
        table.add_row("", "[bold]total in[/]", "", s.format(s.total_in))
        table.add_row("", "[bold]total out[/]", "", s.format(s.total_out))
        table.add_row("", "[bold]residual (in − out)[/]", "", s.format(s.residual))
        console.print(table)


@ledger_app.command()
@friendly_errors
def lot(
    lot_id: Annotated[int, typer.Argument(help="Lot id (the journal row that issued it).")],
    output_format: FormatOption = OutputFormat.table,
    as_json: Json = False,
    db: Db = DEFAULT_URL,
) -> None:
    """A lot's origin (meter, interval, technology, location, or recipe), holders and retirements.

    Example: [bold]wattsandtons ledger lot 7 --format json[/] (the id 'read' printed)
    """
    ledger = _open(db)
    found = ledger.lot(lot_id)
    if _wants_json(output_format, as_json):
        _print_json(found.to_dict())
        return
    when = ""
    if found.start_s is not None and found.end_s is not None:
        begin = dt.datetime.fromtimestamp(found.start_s, dt.UTC).strftime("%Y-%m-%d %H:%M")
        finish = dt.datetime.fromtimestamp(found.end_s, dt.UTC).strftime("%H:%M")
        when = f", {begin}–{finish} UTC"
    origin = (
        f"meter {found.meter} ({found.technology}, {found.location}{when})"
        if found.origin == "meter"
        else (f"conversion {found.conversion} by recipe {found.recipe}")
    )
    console.print(
        f"lot {found.id}: {_amount(ledger, found.commodity, found.amount)} of {found.commodity} from {origin}",
        highlight=False,
    )
    for name, amount in found.held.items():
        console.print(f"  held by {name}: {_amount(ledger, found.commodity, amount)}", highlight=False)
    for tid, beneficiary, amount in found.retired:
        console.print(
            f"  retired ({tid}) for {beneficiary}: {_amount(ledger, found.commodity, amount)}",
            highlight=False,
        )
    if found.left_circulation:
        console.print(
            f"  consumed or lost in conversions: {_amount(ledger, found.commodity, found.left_circulation)}",
            highlight=False,
        )


@ledger_app.command()
@friendly_errors
def verify(
    anchor: Annotated[
        str | None, typer.Option(help="SEQ:HASH recorded earlier: the chain must still pass through it.")
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    as_json: Json = False,
    db: Db = DEFAULT_URL,
) -> None:
    """Check every invariant: hash chain, journal replay = tables, debits = credits and issued = held + retired +
    converted + lost per commodity, no forbidden negative balance, lots. Exit status 1 if any fails.

    Example: [bold]wattsandtons ledger verify[/]
    """
    pinned = None
    if anchor is not None:
        seq, sep, digest = anchor.partition(":")
        if not sep or not seq.isdigit() or len(digest) != 64:
            raise LedgerError("invalid_anchor", "--anchor must be SEQ:HASH (64 hex digits)", field="--anchor")
        pinned = (int(seq), digest)
    report = _open(db).verify(anchor=pinned)
    if _wants_json(output_format, as_json):
        _print_json(report.to_dict())
    else:
        table = Table(
            title=f"Ledger invariants — {report.rows:,} journal rows, head {report.head_seq} {report.head_hash[:16]}…"
        )
        amounts = ("issued", "held", "retired", "converted", "lost", "pending")
        for column in ("commodity", "unit", *amounts, "debits = credits"):
            table.add_column(column, justify="left" if column in ("commodity", "unit") else "right")
        idle = [c for c in report.commodities if not (c.issued or c.debits_posted or c.pending)]
        for c in report.commodities:
            if c not in idle:
                balanced = "yes" if c.debits_posted == c.credits_posted else "NO"
                table.add_row(c.commodity, c.unit, *(f"{getattr(c, a):,}" for a in amounts), balanced)
        console.print(table)
        if idle:
            console.print(
                f"  ({len(idle)} commodities without any flow yet: {', '.join(c.commodity for c in idle)})"
            )
        for problem in report.problems:
            err_console.print(f"[bold red]problem[/] {escape(problem)}", highlight=False, soft_wrap=True)
        if report.ok:
            console.print(
                f"[green]ok[/] hash chain intact; journal replay matches every table; per commodity debits = credits "
                f"and issued = held + retired + converted + lost; no account below zero; lots add up "
                f"({report.accounts} accounts, {report.lots} lots, {report.open_pendings} open pending)",
                highlight=False,
            )
    if not report.ok:
        raise typer.Exit(1)


@ledger_app.command()
@friendly_errors
def key(
    role: Annotated[
        str | None, typer.Argument(help="owner, operator, auditor or admin (creates a key).")
    ] = None,
    subject: Annotated[str | None, typer.Option(help="The owner's or operator's name.")] = None,
    list_keys: Annotated[
        bool, typer.Option("--list", help="List keys (ids and roles, never secrets).")
    ] = False,
    revoke: Annotated[str | None, typer.Option(help="Revoke this key id.")] = None,
    expires_days: Annotated[
        int | None, typer.Option(help="The new key stops working after this many days.", min=1)
    ] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """Create, list or revoke API keys for 'wattsandtons serve'. A new key's token is printed once.

    Example: [bold]wattsandtons ledger key owner --subject solarco[/]
    """
    from wattsandtons.ledger.auth import KeyStore

    store = KeyStore(_open(db))
    if revoke is not None:
        store.revoke(revoke)
        console.print(f"[green]ok[/] key {revoke} revoked", highlight=False)
    elif list_keys:
        table = Table(title="API keys")
        for column in ("key id", "role", "subject", "revoked", "expires"):
            table.add_column(column)
        for k in store.list():
            expires = "" if k["expires_at"] is None else dt.datetime.fromtimestamp(k["expires_at"], dt.UTC)
            table.add_row(
                k["key_id"], k["role"], k["subject"] or "", "yes" if k["revoked"] else "", str(expires)[:16]
            )
        console.print(table)
    elif role is not None:
        made, token = store.create(
            role, subject, expires_in_s=None if expires_days is None else expires_days * 86400
        )
        console.print(
            f"[green]ok[/] {made.role} key {made.key_id} for {made.subject or '-'}; token (shown once):",
            highlight=False,
        )
        print(token)
    else:
        raise LedgerError("invalid_option", "give a ROLE to create a key, --list or --revoke KEY_ID")
