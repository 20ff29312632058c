"""The spec kernel: located YAML, located errors, the loader and the shared fields, on their own and under scenarios."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError

from wattsandtons.errors import WattsAndTonsError
from wattsandtons.scenario import ScenarioError, scenario_text
from wattsandtons.spec import Problem, SpecError, did_you_mean, load_yaml, spec_text
from wattsandtons.spec.fields import SourcedValue

BUNDLED = resources.files("wattsandtons.scenario").joinpath("bundled")


def test_located_yaml_marks_and_duplicate_keys() -> None:
    located = load_yaml("a:\n  b: 1\n  c: [x, y]\n", "f.yaml")
    assert located.data == {"a": {"b": 1, "c": ["x", "y"]}}
    assert located.where(("a", "c", 1)) == (3, 10)  # "  c: [x, y]": y stands at column 10 (1-based)
    with pytest.raises(SpecError) as caught:
        load_yaml("a: 1\na: 2\n", "dup.yaml")
    assert type(caught.value) is SpecError and "dup.yaml:2:1" in str(caught.value)


def test_error_type_is_the_callers() -> None:
    class SiteError(SpecError):
        pass

    with pytest.raises(
        SiteError, match=r"empty\.yaml:1:1 <document>: the document is empty \(expected a mapping"
    ):
        load_yaml("", "empty.yaml", error=SiteError, what="site")
    assert issubclass(ScenarioError, SpecError) and issubclass(SpecError, WattsAndTonsError)
    with pytest.raises(ValueError, match="at least one problem"):
        SpecError([])


def test_problems_sorted_and_unique() -> None:
    late, early = Problem("f", 9, 1, ("b",), "late"), Problem("f", 2, 5, ("a", 0), "early")
    error = SpecError([late, early, late])
    assert error.lines() == ["f:2:5 a[0]: early", "f:9:1 b: late"]


def test_loader_file_bundled_and_missing(tmp_path: Path) -> None:
    text, display, folder = spec_text("ecosystem", BUNDLED, kind="scenario")
    assert display == "ecosystem.yaml" and "\nname: ecosystem\n" in text and folder is not None
    path = tmp_path / "big.yaml"
    path.write_text("x: " + "1" * 100 + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match="larger than 50 bytes"):
        spec_text(path, BUNDLED, max_bytes=50)
    assert spec_text(path, BUNDLED)[2] == tmp_path
    with pytest.raises(
        ScenarioError, match=r"no such file or bundled scenario \(did you mean 'ecosystem'\?\)"
    ):
        scenario_text("ecosystm")
    assert did_you_mean("zzz", ["ecosystem"]) == ""


def test_sourced_value_from_scalar_and_mapping() -> None:
    assert SourcedValue.model_validate("25 MW").value == "25 MW"
    assert SourcedValue.model_validate({"value": 3, "source": "datasheet"}).source == "datasheet"
    with pytest.raises(ValidationError, match="true/false"):
        SourcedValue.model_validate(True)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        SourcedValue.model_validate({"value": 1, "unit": "MW"})
