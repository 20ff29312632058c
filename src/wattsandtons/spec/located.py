"""Read YAML into plain Python data while remembering where every value stands in the file (any spec).

PyYAML's ``compose`` gives a node tree with marks; we build dicts, lists and scalars from it ourselves so that each
path (``("processes", "fab", "capacity")``) maps to its line and column. Duplicate keys — which PyYAML accepts
silently, keeping the last — are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from wattsandtons.spec.errors import Path, Problem, SpecError

#: libyaml's C loader when PyYAML was built with it (about 10× faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Limits on what a document may hold (TigerBeetle style: every loop has a bound).
MAX_DEPTH = 32
MAX_NODES = 1_000_000


@dataclass
class Located:
    """Plain data from a YAML document plus the line/column (1-based) of every path in it."""

    file: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(
        default_factory=dict
    )  # where each mapping key itself stands

    def where(self, path: Path) -> tuple[int, int]:
        """Line and column of the deepest existing prefix of ``path`` (the document start if none)."""
        for end in range(len(path), -1, -1):
            mark = self.marks.get(tuple(path[:end]))
            if mark is not None:
                return mark
        return (1, 1)

    def problem(self, path: Path, message: str, expected: str | None = None, at_key: bool = False) -> Problem:
        line, column = self.key_marks.get(tuple(path), self.where(path)) if at_key else self.where(path)
        return Problem(self.file, line, column, tuple(path), message, expected)


def load_yaml(text: str, file: str, *, error: type[SpecError] = SpecError, what: str = "spec") -> Located:
    """Parse YAML text into :class:`Located` data.

    Raises ``error`` (a :class:`SpecError` subclass, e.g. the scenario's or a site's) with located problems for
    malformed YAML, an empty document (expected "a mapping of ``what`` fields") or duplicate keys.
    """
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = exc.problem or exc.context or "malformed YAML"
        raise error([Problem(file, line, column, (), f"malformed YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise error([Problem(file, 1, 1, (), f"malformed YAML: {exc}")]) from None
    located = Located(file=file, data=None)
    if root is None:
        raise error([Problem(file, 1, 1, (), "the document is empty", f"a mapping of {what} fields")])
    builder = _Builder(located)
    located.data = builder.build(root, (), 0)
    if builder.problems:
        raise error(builder.problems)
    return located


class _Builder:
    def __init__(self, located: Located) -> None:
        self.located = located
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        mark = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.located.marks.setdefault(path, mark)
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            self.problems.append(
                self.located.problem(
                    path, f"document nests deeper than {MAX_DEPTH} or has over {MAX_NODES} nodes"
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.problems.append(self.located.problem(path, f"cannot read value: {exc}"))
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        self.constructor.flatten_mapping(node)  # resolves YAML merge keys (<<: *anchor)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    self.located.problem(path, "a mapping key must be a plain value, not a list or mapping")
                )
                continue
            raw_key = self.constructor.construct_object(key_node)
            key = raw_key if isinstance(raw_key, str) else str(raw_key)
            child = (*path, key)
            if key in out:
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                first_line = self.located.marks.get(child, (0, 0))[0]
                self.problems.append(
                    Problem(
                        self.located.file,
                        line,
                        column,
                        child,
                        f"duplicate key {key!r} (first at line {first_line})",
                    )
                )
                continue
            self.located.marks[child] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
            self.located.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child, depth + 1)
        return out
