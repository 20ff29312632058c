"""HTML reports: self-contained (plotly.js inlined, no CDN), with the figures, tables and captions they promise."""

from __future__ import annotations

import re

import pytest
from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

from wattsandtons.balance import solve_balance
from wattsandtons.cli import app
from wattsandtons.growth import simulate
from wattsandtons.report import figures
from wattsandtons.report.html import balance_sections, render, run_sections
from wattsandtons.scenario import load_scenario


@pytest.fixture(scope="module")
def loop():
    scenario = load_scenario("closed_loop_earth")
    return solve_balance(scenario), simulate(scenario, members=16, seed=2)


def test_sankey_conserves_what_the_statement_says(loop) -> None:
    balance, _ = loop
    figure, caption = figures.sankey(balance, "energy")
    data = figure.data[0]
    labels = list(data.node.label)
    into_nature = sum(
        v for s, v in zip(data.link.source, data.link.value, strict=True) if labels[s] == "nature"
    )
    assert into_nature * 3.6e15 == pytest.approx(balance.statements["loop.energy"].total_in, rel=1e-9)  # TWh
    assert "TWh/yr" in caption


def test_balance_and_run_reports_are_self_contained(loop) -> None:
    balance, run = loop
    page = render("t", "s", balance_sections(balance) + run_sections(run))
    assert get_plotlyjs() in page  # plotly.js inlined once
    ours = page.replace(get_plotlyjs(), "")
    assert "<script src=" not in ours and not re.search(
        r"src=.https?://", ours
    )  # nothing fetched: opens offline
    assert len(re.findall(r'id="figure-\d+"', page)) == 7  # 2 Sankeys + 5 growth figures
    for heading in (
        "Energy flows",
        "Mass flows",
        "Energy statement",
        "Milestones",
        "Kardashev index (Sagan)",
        "What bound the growth",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert page.count('<p class="caption">') == len(balance_sections(balance)) + len(run_sections(run))


def test_cli_out_writes_report(tmp_path) -> None:
    result = CliRunner().invoke(app, ["run", "closed_loop_earth", "--members", "8", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").stat().st_size > 1_000_000
    assert "report.html" in result.stdout


def test_dispatch_report(tmp_path) -> None:
    from wattsandtons.dispatch.cli import dispatch_command

    runner = CliRunner()
    import typer

    sub = typer.Typer()
    sub.command()(dispatch_command)
    result = runner.invoke(sub, ["hybrid_site", "--hours", "168", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for heading in ("Dispatch", "Curtailment", "Loads"):
        assert f"<h2>{heading}</h2>" in page
    assert "Curtailment duration curve" in page
