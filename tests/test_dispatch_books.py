"""Plan against actual: hybrid_site's schedule written into a SQLite ledger, the statement beside the plan."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from wattsandtons.cli import app
from wattsandtons.dispatch import dispatch, load_site
from wattsandtons.dispatch.books import (
    Plan,
    ledger_matching,
    plan_backdate_s,
    plan_from_dataset,
    plan_matching,
    read_plan,
    write_schedule,
)
from wattsandtons.ledger import Ledger

HOURS = 72


def test_plan_matching_by_hand() -> None:
    """Three hours: consumption 10, 10, 10 Wh; renewable 15, 0, 10 Wh. Hourly: (10 + 0 + 10) / 30; annual adds
    the 5 Wh banked in hour 0 for hour 1: 25 / 30."""
    plan = Plan(
        "s", 0, {"pv": np.array([15, 0, 10]), "grid_import": np.array([0, 10, 0])}, frozenset({"pv"}),
        {"pv": "pv", "grid_import": "grid import"}, np.array([10, 10, 10]),
    )  # fmt: skip
    m = plan_matching(plan)
    assert m.hourly == pytest.approx(20 / 30) and m.annual == pytest.approx(25 / 30)


def test_whole_path_through_the_commands(tmp_path: Path) -> None:
    """dispatch --out --to-ledger, then ledger statement --vs-plan: recorded equals planned, scores agree."""
    db = f"sqlite:///{tmp_path / 'books.db'}"
    runner = CliRunner()
    out = tmp_path / "plan"
    result = runner.invoke(
        app, ["dispatch", "hybrid_site", "--hours", str(HOURS), "--out", str(out), "--to-ledger", db],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "hourly matching" in result.stdout
    result = runner.invoke(
        app, ["ledger", "statement", "--owner", "hybrid_site", "--vs-plan", str(out), "--db", db, "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    lines = {row["line"]: row for row in doc["lines"]}
    for name in ("hybrid_site-solar: electricity", "hybrid_site loads: electricity"):
        assert lines[name]["recorded"] == pytest.approx(lines[name]["planned"], rel=1e-12)
    recorded, planned = doc["matching"]["recorded"], doc["matching"]["planned"]
    assert recorded == pytest.approx(planned, rel=1e-12)
    assert 0 < recorded["hourly"] < recorded["annual"] <= 1  # nights need the banked or grid certificates
    table = runner.invoke(
        app, ["ledger", "statement", "--owner", "hybrid_site", "--vs-plan", str(out), "--db", db],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert table.exit_code == 0, table.output
    assert "hourly matching" in table.stdout and "recorded − planned" in table.stdout
    wrong = runner.invoke(app, ["ledger", "statement", "--owner", "grid", "--vs-plan", str(out), "--db", db])
    assert wrong.exit_code == 2 and "no owner 'grid'" in wrong.stderr  # an unknown owner is an error
    with Ledger(db) as books:  # another owner in the same books: its statement is not the plan's site
        books.create_account("other/electricity", "other", "electricity")
    wrong = runner.invoke(app, ["ledger", "statement", "--owner", "other", "--vs-plan", str(out), "--db", db])
    assert wrong.exit_code == 2 and "give --owner hybrid_site" in wrong.stderr


def test_actual_below_plan_lowers_the_recorded_hourly_score(tmp_path: Path) -> None:
    """Solar reads 20 % below plan every hour (the grid covers the rest): the ledger's scores equal the plan
    formula applied to the actual readings, and fall below the plan's."""
    schedule = dispatch(load_site("hybrid_site", hours=HOURS), curtailment_range=False)
    plan = plan_from_dataset(schedule.dataset)
    solar = np.rint(plan.supply["solar"] * 0.8).astype(np.int64)
    actual = {
        **plan.supply,
        "solar": solar,
        "grid_import": plan.supply["grid_import"] + plan.supply["solar"] - solar,
    }
    ledger = Ledger(f"sqlite:///{tmp_path / 'books.db'}", backdate_s=plan_backdate_s(plan, time.time()))
    assert write_schedule(ledger, plan, actual) == 0
    recorded = ledger_matching(ledger, plan)
    expected = plan_matching(
        Plan(plan.site, plan.start_s, actual, plan.renewable, plan.technology, plan.consumption)
    )
    assert recorded.hourly == pytest.approx(expected.hourly, rel=1e-12)
    assert recorded.annual == pytest.approx(expected.annual, rel=1e-12)
    assert recorded.hourly < plan_matching(plan).hourly
    assert ledger.verify().ok


def test_read_plan_refuses_a_folder_without_a_schedule(tmp_path: Path) -> None:
    from wattsandtons.dispatch import DispatchError

    with pytest.raises(DispatchError, match=r"no schedule\.nc"):
        read_plan(tmp_path)
