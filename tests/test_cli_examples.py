"""Every command's ``--help`` carries a runnable example, and the cheap ones run (exit status 0).

The examples are the ``[bold]wattsandtons …[/]`` spans in each command's help text (Typer shows them bold). They run
through Typer's CliRunner in a fresh folder per top-level command, in the order ``--help`` lists them, so that a
chain such as ``ledger init`` → ``account`` → ``read`` → ``transfer`` works as a user would type it. The only
things the test provides are what an example names but cannot make itself: a scenario file ``my_loop.yaml``, the
``dc`` accounts and ``barter.json`` the ledger examples move energy between, and a back-dating window wide enough
for the examples' fixed 2024/2025 dates. Examples not run are listed in :data:`NOT_RUN` with the reason.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from wattsandtons.cli import app

#: Examples not run here, each with why (a prefix of the example's arguments → reason).
NOT_RUN = {
    "serve": "starts a web server and blocks (tests/web covers the app)",
    "sensitivity": "a Saltelli design of 128 x (parameters + 2) growth runs: 10-40 s (tests/test_growth.py covers it)",
    "io import": "needs an EXIOBASE-format download (IOT_2022_ixi/), not shipped",
    "io show": "needs exio.model from 'io import' of that download",
    "io footprint": "needs exio.model from 'io import' of that download",
    "io scenario": "needs steel.model, a physical table not shipped (tests/interop builds one)",
}
EXAMPLE = re.compile(r"\[bold\](wattsandtons [^\[]*?)\[/\]")


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    if hasattr(command, "commands"):
        return [pair for name, sub in command.commands.items() for pair in _commands(sub, (*path, name))]
    return [(path, command)]


COMMANDS = [(path, cmd) for path, cmd in _commands(typer.main.get_command(app)) if not cmd.hidden]


def _examples(command: Any) -> list[list[str]]:
    text = " ".join(line.strip() for line in (command.help or "").splitlines())
    return [shlex.split(example)[1:] for example in EXAMPLE.findall(text)]


def _reason(args: list[str]) -> str | None:
    joined = " ".join(args)
    return next((why for prefix, why in NOT_RUN.items() if joined.startswith(prefix)), None)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_help_has_an_example(path: tuple[str, ...], command: Any) -> None:
    examples = _examples(command)
    assert examples, f"wattsandtons {' '.join(path)} --help has no [bold]wattsandtons …[/] example"
    assert any(args[: len(path)] == list(path) for args in examples), (path, examples)


def _setup(folder: Path, top: str) -> None:
    """What the examples of ``top`` name but do not make themselves."""
    bundled = resources.files("wattsandtons.scenario").joinpath("bundled", "closed_loop_earth.yaml")
    shutil.copyfile(str(bundled), folder / "my_loop.yaml")
    if top == "ledger":
        legs = [
            {
                "id": "b1",
                "debit_account": "dc/electricity",
                "credit_account": "solarco/electricity",
                "amount": 1000,
            }
        ]
        (folder / "barter.json").write_text(json.dumps(legs), encoding="utf-8")


def test_cheap_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    env = {
        "WATTSANDTONS_LEDGER_DB": "sqlite:///books.db",
        "WATTSANDTONS_LEDGER_BACKDATE_S": str(10 * 366 * 86400),
    }
    ran, lot = [], None
    for path, command in COMMANDS:
        folder = tmp_path / path[0]
        if not folder.exists():
            folder.mkdir()
            _setup(folder, path[0])
        monkeypatch.chdir(folder)
        for args in _examples(command):
            if _reason(args) is not None:
                continue
            if args[:2] == ["ledger", "lot"] and lot is not None:  # the id is the one 'read' printed
                args = ["ledger", "lot", lot, *args[3:]]
            if args[:2] == ["ledger", "transfer"]:  # the dc side of the worked example (docs/ledger.md)
                for name, commodity in (("dc/electricity", "electricity"), ("dc/compute", "ai_compute")):
                    made = runner.invoke(
                        app, ["ledger", "account", name, "--owner", "dc", "--commodity", commodity], env=env
                    )
                    assert made.exit_code == 0, made.output
            result = runner.invoke(app, args, env=env)
            assert result.exit_code == 0, (" ".join(args), result.output[-1500:])
            if args[:2] == ["ledger", "read"]:
                found = re.search(r"lot (\d+)", result.output)
                lot = found.group(1) if found else None
            ran.append(" ".join(args[:2]))
    assert len(ran) >= 25, ran  # every example but the few in NOT_RUN
