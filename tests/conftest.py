"""Shared fixtures: the bundled scenario as text and as data, and a helper to write scenario files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wattsandtons.scenario import scenario_text


@pytest.fixture(scope="session")
def loop_text() -> str:
    return scenario_text("closed_loop_earth")[0]


@pytest.fixture
def loop_data(loop_text: str) -> dict:
    return yaml.safe_load(loop_text)


@pytest.fixture
def write(tmp_path: Path):
    """write(data_or_text, name="s.yaml") -> path of a scenario file in a temporary folder."""

    def _write(content: dict | str, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False))
        return path

    return _write
