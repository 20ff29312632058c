"""``wattsandtons ledger …``: the worked example from the command line, refusals as one line + exit status 2."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from wattsandtons.ledger.cli import ledger_app

runner = CliRunner()


def run(db: str, *args: str, code: int = 0) -> str:
    result = runner.invoke(ledger_app, [*args, "--db", db], env={"COLUMNS": "160"})
    assert result.exit_code == code, f"{args}: {result.output}"
    return result.output


def test_worked_example(db_url: str, tmp_path) -> None:
    run(db_url, "init", "--scenario", "closed_loop_earth")
    for name, owner, commodity in (
        ("solarco/electricity", "solarco", "electricity"),
        ("solarco/chips", "solarco", "chip"),
        ("dc/electricity", "dc", "electricity"),
        ("dc/chips", "dc", "chip"),
        ("dc/compute", "dc", "ai_compute"),
    ):
        run(db_url, "account", name, "--owner", owner, "--commodity", commodity)
    run(db_url, "meter", "farm1", "--owner", "solarco", "--account", "solarco/electricity", "--capacity", "20 MW",
        "--location", "JP-Kyushu", "--technology", "solar PV", "--start", "2025-06-01T00:00Z")  # fmt: skip
    run(db_url, "meter", "fab1", "--owner", "dc", "--account", "dc/chips", "--capacity", "100 piece/h",
        "--location", "TW-Hsinchu", "--technology", "chip fab", "--start", "2025-06-01T00:00Z")  # fmt: skip
    out = run(
        db_url,
        "read",
        "farm1",
        "--start",
        "2025-06-01T10:00Z",
        "--end",
        "2025-06-01T11:00Z",
        "--amount",
        "16.2 MWh",
    )
    assert "16,200,000 Wh" in out and "solar PV" in out
    lot = out.split("lot ")[1].split(":")[0]
    run(
        db_url, "read", "fab1", "--start", "2025-06-01T00:00Z", "--end", "2025-06-01T01:00Z", "--amount", "50"
    )
    assert "lost: 1 of electricity" in run(db_url, "recipe", "datacentre", "--scenario", "closed_loop_earth")
    run(
        db_url,
        "transfer",
        "offer",
        "solarco/electricity",
        "dc/electricity",
        "10 MWh",
        "--pending",
        "--timeout",
        "3600",
    )
    barter = tmp_path / "barter.json"
    barter.write_text(json.dumps([
        {"id": "accept", "kind": "post", "pending_id": "offer"},
        {"id": "pay", "debit_account": "dc/chips", "credit_account": "solarco/chips", "amount": 12},
    ]))  # fmt: skip
    assert "batch of 2 applied" in run(db_url, "batch", str(barter))
    assert "already applied" in run(db_url, "batch", str(barter))
    out = run(db_url, "convert", "run1", "--recipe", "datacentre", "--amount", "5.9 MWh", "--commodity", "electricity",
              "--owner", "dc")  # fmt: skip
    assert "recipe:datacentre:loss:electricity" in out
    run(db_url, "retire", "green", "solarco/electricity", "1 MWh", "--beneficiary", "Kyushu town hall")
    balances = json.loads(run(db_url, "balance", "--owner", "dc", "--json"))
    assert {b["name"]: b["balance"] for b in balances}["dc/compute"] == 10_000_000_000
    statements = json.loads(run(db_url, "statement", "--owner", "dc", "--json"))
    assert [s["quantity"] for s in statements] == ["energy", "mass"]
    assert statements[1]["residual_kg"] == 38 * 20
    assert "hash chain intact" in run(db_url, "verify")
    assert "Kyushu town hall" in run(db_url, "lot", lot)
    assert "token (shown once)" in run(db_url, "key", "owner", "--subject", "solarco")


def test_refusals_exit_2(sqlite_url: str) -> None:
    run(sqlite_url, "init")
    run(sqlite_url, "commodity", "electricity", "Wh")
    run(sqlite_url, "account", "a", "--owner", "o", "--commodity", "electricity")
    run(sqlite_url, "account", "b", "--owner", "p", "--commodity", "electricity")
    out = run(sqlite_url, "transfer", "t1", "a", "b", "1 MWh", code=2)
    assert "exceeds_balance" in out
    assert "not a whole number" in run(sqlite_url, "transfer", "t1", "a", "b", "0.5 Wh", code=2)
    assert "no account" in run(sqlite_url, "balance", "nope", code=2)
    # an unknown owner is an error, not an empty table or statement (issue 17)
    assert "owner_not_found" in run(sqlite_url, "balance", "--owner", "nobody", code=2)
    assert "owner_not_found" in run(sqlite_url, "statement", "--owner", "nobody", code=2)
    # any exact amount in a compatible unit, and bare numbers in the smallest unit
    assert "exceeds_balance" in run(sqlite_url, "transfer", "t2", "a", "b", "3.6 GJ", code=2)
    assert "exceeds_balance" in run(sqlite_url, "transfer", "t2", "a", "b", "1e6", code=2)
    assert "expected ISO 8601" in run(
        sqlite_url, "read", "m", "--start", "yesterday", "--end", "1", "--amount", "1", code=2
    )
    report = json.loads(run(sqlite_url, "verify", "--json"))
    assert report["ok"] is True
