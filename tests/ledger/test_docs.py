"""docs/ledger.md stays true: its worked example is re-run here, command by command, and must print what the
document shows (hashes and key tokens aside, which differ on every run)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wattsandtons.ledger import cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "ledger.md"
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
VOLATILE = re.compile(r"\b[0-9a-f]{12,}\b|wt_[0-9a-f]{16}_[A-Za-z0-9_\-]+")


def _normal(text: str) -> list[str]:
    return [VOLATILE.sub("…", line.rstrip()) for line in text.strip("\n").splitlines()]


def _steps() -> tuple[dict[str, str], list[tuple[str, str]]]:
    files: dict[str, str] = {}
    steps: list[tuple[str, str]] = []
    for match in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        info, body = match.group(1).strip(), match.group(2)
        if info.startswith("json ") and len(info.split()) == 2:
            files[info.split()[1]] = body
        if info != "console" or not body.startswith("$ wattsandtons ledger"):
            continue
        command, output = None, []
        for line in body.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    steps.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            steps.append((command, "\n".join(output)))
    return files, steps


def test_worked_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files, steps = _steps()
    assert len(steps) >= 20, "the worked example is in the document"
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    widths = (cli.console._width, cli.err_console._width)
    cli.console.width = cli.err_console.width = 120
    runner = CliRunner()
    env = {"WATTSANDTONS_LEDGER_DB": "sqlite:///books.db", "COLUMNS": "120", "NO_COLOR": "1"}  # in tmp_path
    try:
        for command, expected in steps:
            args = shlex.split(command)
            assert args[:2] == ["wattsandtons", "ledger"], command
            result = runner.invoke(cli.ledger_app, args[2:], env=env)
            want = _normal(expected)
            assert result.exit_code == (2 if want and want[0].startswith("error") else 0), (
                command,
                result.output,
            )
            assert _normal(result.output) == want, f"$ {command}\n{result.output}"
    finally:
        cli.console._width, cli.err_console._width = widths
