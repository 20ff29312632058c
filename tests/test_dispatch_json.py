"""Machine-readable dispatch output: the document alone on stdout (no HiGHS banner), strict JSON (no NaN/Infinity)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def _strict(text: str) -> Any:
    """Parse as RFC 8259 JSON: NaN, Infinity and -Infinity are refused (Python's json accepts them by default)."""

    def refuse(name: str) -> Any:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.run(
        [sys.executable, "-m", "wattsandtons", "dispatch", *args, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_strict_parser_refuses_nan() -> None:
    with pytest.raises(ValueError, match="NaN"):
        _strict('{"a": NaN}')


def test_site_json_is_only_the_document_and_strict(tmp_path: Path) -> None:
    """Run in a child process: the banner HiGHS prints on file descriptor 1 would not show in CliRunner."""
    result = _run("hybrid_site", "--hours", "48", "--out", str(tmp_path), "--mining-study")
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith("{"), result.stdout[:200]
    doc = _strict(result.stdout)
    assert doc["site"] == "hybrid_site" and doc["hours"] == 48
    assert "HiGHS" not in result.stdout
    assert [b["case"] for b in doc["economics"]] == ["AI hosting (lease)", "AI cloud (GPUs owned)", "mining"]
    assert len(doc["mining_study"]) == 12  # 3 hashprices × 4 ASIC classes
    saved = _strict((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert saved["curtailed"] == doc["curtailed"]


def test_study_json_is_strict() -> None:
    result = _run("japan_curtailment", "--hours", "24", "--workers", "1")
    assert result.returncode == 0, result.stderr
    doc = _strict(result.stdout)
    assert [r["site"] for r in doc["regions"]] == ["kyushu", "shikoku", "tohoku", "chugoku"]


def test_infinite_payback_becomes_null_not_infinity() -> None:
    from wattsandtons.dispatch.schedule import json_document

    text = json_document({"payback": float("inf"), "nested": [float("nan"), 1.0]})
    assert _strict(text) == {"payback": None, "nested": [None, 1.0]}
