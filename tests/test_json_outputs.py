"""Every command that prints data gives, with ``--format json``, only a strict JSON document on stdout.

Strict: ``json.loads`` with ``parse_constant`` refusing ``NaN``, ``Infinity`` and ``-Infinity`` (Python's json
module accepts them by default; RFC 8259 does not), and nothing else on stdout – no banner, no progress bar.
The ledger's reading commands need a database, so they have their own test on a fresh SQLite file.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from wattsandtons.cli import app


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name} on stdout")


def strict_json(text: str) -> Any:
    """Parse ``text`` as exactly one strict JSON document."""
    return json.loads(text, parse_constant=_refuse_constant)


COMMANDS = [
    pytest.param(["scenarios", "--format", "json"], id="scenarios"),
    pytest.param(["validate", "closed_loop_earth", "ecosystem", "--format", "json"], id="validate"),
    pytest.param(["balance", "closed_loop_earth", "--format", "json"], id="balance"),
    pytest.param(
        ["balance", "ecosystem", "--allocation", "cut_off", "--format", "json"], id="balance-cut-off"
    ),
    pytest.param(["datacentre", "--format", "json"], id="datacentre"),
    pytest.param(["show", "closed_loop_earth", "--format", "json"], id="show"),
    pytest.param(["show", "ecosystem", "--unit", "electricity=kWh", "-f", "json"], id="show-unit"),
    pytest.param(
        ["run", "closed_loop_earth", "--until", "2030", "--members", "3", "--format", "json"], id="run"
    ),
    pytest.param(["claims", "--id", "C4", "--format", "json"], id="claims"),
    pytest.param(["dispatch", "hybrid_site", "--hours", "48", "--format", "json"], id="dispatch"),
]


@pytest.mark.parametrize("args", COMMANDS)
def test_format_json_prints_one_strict_document(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (result.exit_code, result.stdout[-2000:], result.stderr[-2000:])
    document = strict_json(result.stdout)
    assert isinstance(document, dict | list) and document


def test_strict_json_refuses_nan_and_infinity() -> None:
    assert strict_json('{"a": 1.5, "b": null}') == {"a": 1.5, "b": None}
    for text in ('{"a": NaN}', '{"a": Infinity}', "[-Infinity]"):
        with pytest.raises(ValueError, match="non-standard JSON constant"):
            strict_json(text)
    with pytest.raises(json.JSONDecodeError):
        strict_json('banner\n{"a": 1}')


def test_validate_json_reports_a_broken_file_and_exits_2() -> None:
    result = CliRunner().invoke(app, ["validate", "no_such_scenario", "ecosystem", "--format", "json"])
    assert result.exit_code == 2
    records = strict_json(result.stdout)
    assert [r["ok"] for r in records] == [False, True]
    assert "no such file or bundled scenario" in records[0]["problems"][0]


def test_show_json_holds_the_tables_it_prints() -> None:
    document = strict_json(CliRunner().invoke(app, ["show", "closed_loop_earth", "--format", "json"]).stdout)
    table = CliRunner().invoke(app, ["show", "closed_loop_earth"], env={"COLUMNS": "400"}).stdout
    assert {"commodities", "processes", "flows", "uncertain parameters"} <= set(document)
    for row in document["processes"]:  # every process row of the table, with its SI numbers beside
        assert row["process"] in table and row["capacity"] in table
        assert 0.0 < row["si"]["capacity_factor"] <= 1.0
    cells = [[c.strip() for c in line.split("│")] for line in table.splitlines()]
    flows = [row for row in cells if len(row) == 7 and row[3] in ("in", "out", "capital")]
    assert [(f["flow"], f["commodity"]) for f in document["flows"]] == [(r[3], r[4]) for r in flows]


@pytest.mark.parametrize("spelling", [["--format", "json"], ["-f", "json"], ["--json"]])
def test_ledger_reading_commands_print_one_strict_document(tmp_path: Any, spelling: list[str]) -> None:
    db = f"sqlite:///{tmp_path / 'books.db'}"
    runner = CliRunner()
    init = runner.invoke(app, ["ledger", "init", "--scenario", "closed_loop_earth", "--db", db])
    assert init.exit_code == 0, init.output
    for args in (["verify"], ["balance", "--system"], ["statement", "--owner", "nobody"]):
        result = runner.invoke(app, ["ledger", *args, *spelling, "--db", db])
        if args[0] == "statement":  # an unknown owner is refused: exit 2, nothing on stdout
            assert result.exit_code == 2 and result.stdout == ""
            continue
        assert result.exit_code == 0, result.output
        document = strict_json(result.stdout)
        assert isinstance(document, dict | list)
    assert strict_json(runner.invoke(app, ["ledger", "verify", *spelling, "--db", db]).stdout)["ok"] is True
