"""Pydantic's validation errors as located problems (file, line, column, path), for any YAML-backed schema.

Used by the scenario language and the dispatch site specs: unknown fields get a "did you mean" and the list of
allowed fields, missing fields and wrong types get plain words, a union chosen by a ``kind`` field is followed.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from wattsandtons.spec.errors import Path, Problem, did_you_mean
from wattsandtons.spec.located import Located


def titles_in(folder: Any) -> dict[str, str]:
    """``name → title`` of the YAML files in a package folder (``importlib.resources``), sorted by name."""
    import yaml

    out: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            out[entry.name.removesuffix(".yaml")] = str(data.get("title", ""))
    return out


def _data_path(data: Any, loc: tuple[Any, ...], missing: bool) -> Path:
    """The parts of a pydantic ``loc`` that are keys of the document; a union's tag (its ``kind``) is skipped."""
    out: list[str | int] = []
    cur = data
    tag: Any = None
    for i, part in enumerate(loc):
        if tag is not None and part == tag:  # the discriminator pydantic puts after a union-valued key
            tag = None
            continue
        tag = None
        if (isinstance(cur, dict) and part in cur) or (
            isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        ):
            out.append(part)
            cur = cur[part]
            tag = cur.get("kind") if isinstance(cur, dict) else None
        elif missing and i == len(loc) - 1 and isinstance(part, str):
            out.append(part)
    return tuple(out)


def _candidates(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _candidates(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _candidates(arg)]
    return [annotation]


def _model_at(root: type[BaseModel], data: Any, path: Path) -> type[BaseModel] | None:
    """The model class describing the mapping at ``path``; a ``kind`` in the data picks among a union's members."""
    current: Any = root
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
        if isinstance(current, type) and issubclass(current, BaseModel):
            spec = current.model_fields.get(str(part))
            if spec is None:
                return None
            current = spec.annotation
        elif typing.get_origin(current) in (dict, list):
            current = typing.get_args(current)[-1]
        else:
            return None
        options = [c for c in _candidates(current) if c is not type(None)]
        models = [c for c in options if isinstance(c, type) and issubclass(c, BaseModel)]
        containers = [c for c in options if typing.get_origin(c) in (dict, list)]
        if len(models) > 1 and isinstance(node, dict):
            kind = node.get("kind")
            models = [
                m
                for m in models
                if "kind" in m.model_fields and kind in typing.get_args(m.model_fields["kind"].annotation)
            ] or models[:1]
        current = models[0] if models else (containers[0] if containers else None)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def pydantic_problems(exc: ValidationError, located: Located, root: type[BaseModel]) -> list[Problem]:
    """Located problems from a pydantic error: unknown fields with suggestions, missing fields, wrong kinds."""
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
            parent = _model_at(root, located.data, path[:-1])
            allowed = [f.alias or n for n, f in parent.model_fields.items()] if parent is not None else []
            message = f"unknown field {path[-1]!r}{did_you_mean(str(path[-1]), allowed)}"
            expected = "one of " + ", ".join(allowed) if allowed else None
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            message = f"unknown kind {ctx.get('tag')!r}"
            expected = f"one of {ctx.get('expected_tags')}"
            path = (*path, "kind") if isinstance(_get(located.data, path), dict) else path
        elif kind == "union_tag_not_found":
            message = "missing required field 'kind'"
        elif kind == "string_pattern_mismatch":
            message = f"invalid name {err['input']!r}"
            expected = "letters, digits and _, not starting with a digit"
        elif kind in ("string_type", "float_type", "int_type") and isinstance(err["input"], dict | list):
            message = f"expected a single value here, got a {'mapping' if isinstance(err['input'], dict) else 'list'}"
            expected = "a number with a unit, e.g. '25 MW'" if kind != "int_type" else "a whole number"
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            message = f"expected a mapping here, got {type(err['input']).__name__} {err['input']!r}"
        key = (path, message)
        if key in seen:
            continue
        seen.add(key)
        at_key = "[key]" in err["loc"] or kind == "extra_forbidden"
        problems.append(located.problem(path, message, expected, at_key=at_key))
    return problems


def _get(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
