"""Property: whatever is done to a valid scenario, only our own located error ever comes out.

Mutations of the bundled ``closed_loop_earth``: drop a key, replace a value with a wrong type or a bad number, swap a
quantity's unit for one of another dimension, misspell a key; and raw text damage (cuts, stray characters) for
malformed YAML. A mutation may leave the scenario valid — that is fine; a traceback of any other type is not.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wattsandtons.scenario import Scenario, ScenarioError, parse_scenario, scenario_text

BASE_TEXT = scenario_text("closed_loop_earth")[0]
BASE = yaml.safe_load(BASE_TEXT)


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


PATHS = _paths(BASE)
QUANTITY = re.compile(r"^\s*([-+0-9.eE]+)\s*(.*)$")
BAD_STRINGS = [
    "3 t",
    "-1 MWh",
    "0 yr",
    "5 blorp",
    "nan kg",
    "1e999 J",
    "$nope",
    "$solar_cf",
    "12 %",
    "1 GW/yr",
    "1 FLOP",
    "2 piece",
    "inf t",
    "-0.5",
    "1.5",
    "",
    " ",
    "1 USD",
    "3 JPY/kWh",
    "kg",
    "1 kg kg",
    "((",
    "1/0 J",
    "@earth",
]
UNITS = ["t", "MWh", "GW", "FLOP", "piece", "yr", "USD", "kg/kW", "m", "K", "blorp", "%", "1/yr", "W/kg"]

bad_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(BAD_STRINGS),
)
mutation = st.tuples(
    st.sampled_from(["drop", "replace", "rename", "unit", "unit", "replace"]),
    st.sampled_from(PATHS),
    bad_values,
    st.sampled_from(UNITS),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_@ 1", min_size=1, max_size=12),
)


def _parent(data: Any, path: tuple) -> tuple[Any, Any] | None:
    cur = data
    for part in path[:-1]:
        if (isinstance(cur, dict) and part in cur) or (
            isinstance(cur, list) and isinstance(part, int) and part < len(cur)
        ):
            cur = cur[part]
        else:
            return None
    last = path[-1]
    if (isinstance(cur, dict) and last in cur) or (
        isinstance(cur, list) and isinstance(last, int) and last < len(cur)
    ):
        return cur, last
    return None


def apply(data: Any, kind: str, path: tuple, value: Any, unit: str, name: str) -> None:
    found = _parent(data, path)
    if found is None:
        return
    parent, key = found
    if kind == "drop":
        del parent[key]
    elif kind == "replace":
        parent[key] = value
    elif kind == "rename" and isinstance(parent, dict):
        parent[name] = parent.pop(key)
    elif kind == "unit" and isinstance(parent[key], str):
        match = QUANTITY.match(parent[key])
        if match:
            parent[key] = f"{match.group(1)} {unit}"


def check(text: str) -> None:
    try:
        result = parse_scenario(text, "m.yaml")
    except ScenarioError as exc:
        assert exc.problems  # noqa: PT017 - the property is "valid, or our located error"
        for problem in exc.problems:
            assert problem.file == "m.yaml"
            assert problem.line >= 1 and problem.column >= 1
            assert str(problem).startswith(f"m.yaml:{problem.line}:{problem.column} ")
            assert problem.message
    else:
        assert isinstance(result, Scenario)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(mutation, min_size=1, max_size=3))
def test_mutated_scenarios_only_raise_located_errors(mutations: list) -> None:
    data = copy.deepcopy(BASE)
    for m in mutations:
        apply(data, *m)
    check(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(0, len(BASE_TEXT)), st.integers(0, 40), st.text(max_size=6))
def test_damaged_text_only_raises_located_errors(at: int, cut: int, junk: str) -> None:
    check(BASE_TEXT[:at] + junk + BASE_TEXT[at + cut :])


def test_at_least_one_mutation_is_rejected() -> None:
    """The property above is not vacuous: a known-bad mutation is caught."""
    data = copy.deepcopy(BASE)
    apply(data, "unit", ("processes", "panel_fab", "inputs", "bulk_materials", "value"), None, "MWh", "")
    with pytest.raises(ScenarioError, match=r"is an energy \(expected a mass\)"):
        parse_scenario(yaml.safe_dump(data), "m.yaml")
