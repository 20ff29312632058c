"""The scenario language: load a YAML file (or a bundled scenario by name) into a validated :class:`Scenario`.

>>> from wattsandtons.scenario import load_scenario
>>> scenario = load_scenario("closed_loop_earth")
>>> scenario.processes["solar_farm"].capacity_factor.si  # doctest: +SKIP
0.17
"""

from __future__ import annotations

import types
import typing
from importlib import resources
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from wattsandtons.scenario.errors import Path, Problem, ScenarioError
from wattsandtons.scenario.model import Scenario
from wattsandtons.scenario.resolve import Resolver, did_you_mean
from wattsandtons.scenario.schema import ScenarioModel
from wattsandtons.scenario.yamlpos import Located, load_yaml

__all__ = ["Problem", "Scenario", "ScenarioError", "bundled_scenarios", "load_scenario", "parse_scenario"]

MAX_FILE_BYTES = 4 * 1024 * 1024


def _bundled_dir() -> Any:
    return resources.files("wattsandtons.scenario").joinpath("bundled")


def bundled_scenarios() -> dict[str, str]:
    """Names of the bundled scenarios with their one-line titles, sorted by name."""
    out: dict[str, str] = {}
    for entry in sorted(_bundled_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            out[entry.name.removesuffix(".yaml")] = str(data.get("title", ""))
    return out


def scenario_text(source: str | FilePath) -> tuple[str, str]:
    """The text of a scenario file, or of a bundled scenario given by name; returns ``(text, display_name)``."""
    path = FilePath(source)
    if path.is_file():
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError([Problem(str(path), 1, 1, (), f"file is larger than {MAX_FILE_BYTES} bytes")])
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError([Problem(str(path), 1, 1, (), f"cannot read file: {exc}")]) from None
    name = str(source)
    bundled = _bundled_dir().joinpath(f"{name}.yaml")
    if "/" not in name and "\\" not in name and bundled.is_file():
        return bundled.read_text(encoding="utf-8"), f"{name}.yaml"
    hint = did_you_mean(name, bundled_scenarios())
    raise ScenarioError(
        [
            Problem(
                str(source),
                1,
                1,
                (),
                f"no such file or bundled scenario{hint}",
                "a YAML file or a bundled name",
            )
        ]
    )


def load_scenario(source: str | FilePath) -> Scenario:
    """Load and validate a scenario file (or a bundled scenario by name). Raises :class:`ScenarioError`."""
    text, display = scenario_text(source)
    return parse_scenario(text, display)


def parse_scenario(text: str, file: str = "<scenario>") -> Scenario:
    """Validate scenario YAML text. Raises :class:`ScenarioError` listing every located problem."""
    located = load_yaml(text, file)
    if not isinstance(located.data, dict):
        raise ScenarioError([located.problem((), "the document must be a mapping of scenario fields")])
    try:
        model = ScenarioModel.model_validate(located.data)
    except ValidationError as exc:
        raise ScenarioError(_pydantic_problems(exc, located)) from None
    return Resolver(model, located).resolve()


# -- turning pydantic's errors into located problems ----------------------------------------------------------------
def _data_path(data: Any, loc: tuple[Any, ...], missing: bool) -> Path:
    """Keep the parts of a pydantic ``loc`` that are real keys/indices of the document (drop union tags etc.)."""
    out: list[str | int] = []
    cur = data
    for i, part in enumerate(loc):
        if (isinstance(cur, dict) and part in cur) or (
            isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        ):
            out.append(part)
            cur = cur[part]
        elif missing and i == len(loc) - 1 and isinstance(part, str):
            out.append(part)
    return tuple(out)


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes (and dict/list element types) inside an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(path: Path) -> type[BaseModel] | None:
    """The pydantic model class that describes the mapping at ``path`` in a scenario document."""
    current: Any = ScenarioModel
    for part in path:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                field = next((f for f in current.model_fields.values() if f.alias == part), None)
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (dict, list):
            current = typing.get_args(current)[-1]
        else:
            return None
        candidates = [c for c in _unwrap(current) if c is not type(None)]
        models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        containers = [c for c in candidates if typing.get_origin(c) in (dict, list)]
        current = models[0] if models else (containers[0] if containers else None)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _pydantic_problems(exc: ValidationError, located: Located) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[Path, str]] = set()
    for err in exc.errors(include_url=False):
        kind = err["type"]
        path = _data_path(located.data, tuple(err["loc"]), missing=kind == "missing")
        message = str(err["msg"]).removeprefix("Value error, ")
        expected: str | None = None
        if kind == "missing":
            message = f"missing required field {path[-1]!r}" if path else "missing required field"
        elif kind == "extra_forbidden":
            parent = _model_at(path[:-1])
            allowed = _field_names(parent) if parent is not None else []
            message = f"unknown field {path[-1]!r}{did_you_mean(str(path[-1]), allowed)}"
            expected = "one of " + ", ".join(allowed) if allowed else None
        elif kind == "string_pattern_mismatch":
            message = f"invalid name {err['input']!r}"
            expected = "letters, digits and _, not starting with a digit"
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            message = f"expected a mapping here, got {type(err['input']).__name__} {err['input']!r}"
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        at_key = "[key]" in err["loc"] or kind == "extra_forbidden"
        problems.append(located.problem(path, message, expected, at_key=at_key))
    return problems
