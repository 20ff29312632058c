"""The ledger's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The **journal** is the source of truth: append-only, one row per event (registration, reading, transfer leg,
pending/post/void/expiry, conversion leg, retirement), each row hash-chained to the one before. Every other table is
a projection of the journal that the engine keeps up to date in the same transaction — balances and the lots each
account holds, open and resolved pending transfers, lots, meters' last reading — and that :meth:`Ledger.verify` rebuilds from the
journal and compares. API keys are not ledger state and are kept outside the chain.

All amounts are integers (``BIGINT``) in the commodity's smallest unit; times are integers (journal: microseconds
since the Unix epoch; meter intervals: seconds).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

__all__ = ["SCHEMA_VERSION", "metadata"]

SCHEMA_VERSION = 1

#: A 64-bit key that is SQLite's rowid there (an ``INTEGER PRIMARY KEY`` — a ``BIGINT`` one would get a second
#: B-tree, written on every insert).
ROWID = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

meta = Table(
    "ledger_meta",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1
    Column("version", Integer, nullable=False),
    Column("head_seq", BigInteger, nullable=False),  # seq of the last journal row (0 when empty)
    Column("head_hash", String(64), nullable=False),  # its hash (64 zeros when empty)
    Column("last_ts", BigInteger, nullable=False),  # µs; journal time never goes backwards
    Column("batches", BigInteger, nullable=False),
)

commodities = Table(
    "ledger_commodities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(64), nullable=False, unique=True),
    Column(
        "unit", String(32), nullable=False
    ),  # the smallest unit amounts are counted in: Wh, g, TFLOP, piece
    Column("dimension", String(64), nullable=False),  # pint dimensionality, e.g. "[mass]"
    Column("si_per_unit", Float, nullable=False),  # SI amount of one smallest unit (3600 J per Wh)
    Column("energy_j_per_unit", Float, nullable=True),  # energy in one smallest unit, for energy statements
    Column("mass_kg_per_unit", Float, nullable=True),  # mass of one smallest unit, for mass statements
    Column("lots", Boolean, nullable=False),  # track origin lots (granular certificates)
    Column("description", Text, nullable=True),
    Column("seq", BigInteger, nullable=False),
)

accounts = Table(
    "ledger_accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(128), nullable=False, unique=True),
    Column("owner", String(64), nullable=False, index=True),
    Column("commodity_id", Integer, nullable=False),
    Column("kind", String(8), nullable=False),  # asset | source | sink | loss
    Column("no_negative", Boolean, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

#: The four counters of each account (TigerBeetle's model), apart from the immutable account row: a narrow table
#: keeps the pages a batch rewrites few.
balances = Table(
    "ledger_balances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # = ledger_accounts.id
    Column("debits_posted", BigInteger, nullable=False),
    Column("credits_posted", BigInteger, nullable=False),
    Column("debits_pending", BigInteger, nullable=False),
    Column("credits_pending", BigInteger, nullable=False),
    # lots held, "lot:amount,…" by lot id (asset accounts of lot-tracked commodities; NULL otherwise): kept with
    # the counters so one UPDATE per account writes its balance and its holdings together
    Column("lots", Text, nullable=True),
)

journal = Table(
    "ledger_journal",
    metadata,
    Column("seq", ROWID, primary_key=True, autoincrement=False),
    Column("batch", BigInteger, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("tid", String(160), nullable=False, unique=True),  # client-chosen id (idempotency) or derived
    Column("debit_id", Integer, nullable=True),
    Column("credit_id", Integer, nullable=True),
    Column("amount", BigInteger, nullable=False),
    Column("ref", String(160), nullable=True),  # pending id (post/void/expire), conversion id, meter name
    Column("ts", BigInteger, nullable=False),
    Column("lots", Text, nullable=True),  # "lot:amount,lot:amount" moved with this row
    Column("meta", Text, nullable=True),  # canonical JSON
    Column("hash", LargeBinary(32), nullable=False),  # sha256(previous hash ‖ canonical row), 32 bytes
)

pendings = Table(
    "ledger_pendings",
    metadata,
    Column("tid", String(160), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("debit_id", Integer, nullable=False),
    Column("credit_id", Integer, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=True),  # µs; NULL = no timeout
    Column("state", String(8), nullable=False),  # open | posted | voided | expired
    Column("resolved_amount", BigInteger, nullable=False),  # amount posted (0 unless posted)
    Index("ix_ledger_pendings_open", "state", "expires_at"),
)

meters = Table(
    "ledger_meters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(64), nullable=False, unique=True),
    Column("owner", String(64), nullable=False),
    Column("operator", String(64), nullable=False),
    Column("account_id", Integer, nullable=False),  # the owner's account the readings issue into
    Column("source_id", Integer, nullable=False),  # the meter's source account (debited by issuance)
    Column("commodity_id", Integer, nullable=False),
    Column("capacity", String(64), nullable=False),  # as registered, e.g. "5 MW"
    Column("capacity_units_per_s", Float, nullable=False),  # smallest units per second at full capacity
    Column("technology", String(64), nullable=False),
    Column("location", String(128), nullable=False),
    Column("device", String(128), nullable=False),
    Column("start_s", BigInteger, nullable=True),  # s; first reading must begin here when set
    Column("last_end_s", BigInteger, nullable=True),  # s; end of the last reading
    Column("readings", BigInteger, nullable=False),
    Column("issued", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

lots = Table(
    "ledger_lots",
    metadata,
    Column("id", ROWID, primary_key=True, autoincrement=False),
    Column("commodity_id", Integer, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("origin", String(16), nullable=False),  # meter | conversion
    Column("meter", String(64), nullable=True),
    Column("start_s", BigInteger, nullable=True),
    Column("end_s", BigInteger, nullable=True),
    Column("technology", String(64), nullable=True),
    Column("location", String(128), nullable=True),
    Column("recipe", String(64), nullable=True),
    Column("conversion", String(160), nullable=True),
    Column("account_id", Integer, nullable=False),  # first holder
    Column("seq", BigInteger, nullable=False),  # journal row that issued it
)

recipes = Table(
    "ledger_recipes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(64), nullable=False, unique=True),
    Column("definition", Text, nullable=False),  # canonical JSON
    Column("seq", BigInteger, nullable=False),
)

retirements = Table(
    "ledger_retirements",
    metadata,
    Column("tid", String(160), nullable=False),
    Column("lot_id", BigInteger, nullable=False),
    Column("account_id", Integer, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("beneficiary", String(128), nullable=False),
    Column("seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("tid", "lot_id"),
    Index("ix_ledger_retirements_lot", "lot_id"),
)

keys = Table(
    "ledger_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("secret_sha256", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("subject", String(64), nullable=True),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked", Boolean, nullable=False),
    Column("expires_at", BigInteger, nullable=True),  # s; NULL = never (added in place to older databases)
)

#: Append-only guard: updates and deletes of journal rows are refused by the database itself. Someone with direct
#: write access can drop the trigger, which is why verify also checks the hash chain.
SQLITE_GUARDS = (
    "CREATE TRIGGER IF NOT EXISTS ledger_journal_no_update BEFORE UPDATE ON ledger_journal "
    "BEGIN SELECT RAISE(ABORT, 'ledger journal is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS ledger_journal_no_delete BEFORE DELETE ON ledger_journal "
    "BEGIN SELECT RAISE(ABORT, 'ledger journal is append-only'); END",
)
POSTGRES_GUARDS = (
    "CREATE OR REPLACE FUNCTION ledger_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'ledger journal is append-only'; END $$",
    "DROP TRIGGER IF EXISTS ledger_journal_no_change ON ledger_journal",
    "CREATE TRIGGER ledger_journal_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_journal "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_journal_append_only()",
)
