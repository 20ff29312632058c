"""The scenario language: load a YAML file (or a bundled scenario by name) into a validated :class:`Scenario`.

>>> from wattsandtons.scenario import load_scenario
>>> scenario = load_scenario("closed_loop_earth")
>>> scenario.processes["solar_farm"].capacity_factor.si  # doctest: +SKIP
0.17
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from wattsandtons.scenario.errors import ScenarioError
from wattsandtons.scenario.model import Scenario
from wattsandtons.scenario.resolve import Resolver
from wattsandtons.scenario.schema import ScenarioModel
from wattsandtons.spec.errors import Problem
from wattsandtons.spec.loader import spec_text
from wattsandtons.spec.located import load_yaml
from wattsandtons.spec.pydantic import pydantic_problems, titles_in

__all__ = ["Problem", "Scenario", "ScenarioError", "bundled_scenarios", "load_scenario", "parse_scenario"]


def _bundled_dir() -> Any:
    return resources.files("wattsandtons.scenario").joinpath("bundled")


def bundled_scenarios() -> dict[str, str]:
    """Names of the bundled scenarios with their one-line titles, sorted by name."""
    return titles_in(_bundled_dir())


def scenario_text(source: str | FilePath) -> tuple[str, str]:
    """The text of a scenario file, or of a bundled scenario given by name; returns ``(text, display_name)``."""
    text, display, _ = spec_text(source, _bundled_dir(), error=ScenarioError, kind="scenario")
    return text, display


def load_scenario(source: str | FilePath) -> Scenario:
    """Load and validate a scenario file (or a bundled scenario by name). Raises :class:`ScenarioError`."""
    text, display = scenario_text(source)
    return parse_scenario(text, display)


def parse_scenario(text: str, file: str = "<scenario>") -> Scenario:
    """Validate scenario YAML text. Raises :class:`ScenarioError` listing every located problem."""
    located = load_yaml(text, file, error=ScenarioError, what="scenario")
    if not isinstance(located.data, dict):
        raise ScenarioError([located.problem((), "the document must be a mapping of scenario fields")])
    try:
        model = ScenarioModel.model_validate(located.data)
    except ValidationError as exc:
        raise ScenarioError(pydantic_problems(exc, located, ScenarioModel)) from None
    return Resolver(model, located).resolve()
