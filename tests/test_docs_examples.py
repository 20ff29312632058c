"""docs/scenario-format.md stays true: its scenarios validate, it names every field, its error examples are real.

Fenced blocks in the document are read by their info string:

* ```` ```yaml ```` — a complete scenario: it must validate, without warnings;
* ```` ```yaml fragment ```` — part of a scenario, for reading only: skipped;
* ```` ```yaml broken ```` — a scenario that must fail validation;
* ```` ```console ```` right after a ``yaml``/``yaml broken`` block and starting with ``$ wattsandtons validate FILE``:
  the expected output of validating that block saved as FILE — re-run here through the CLI, line for line.
"""

from __future__ import annotations

import itertools
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from wattsandtons.cli import app
from wattsandtons.scenario import ScenarioError, parse_scenario
from wattsandtons.scenario.schema import ScenarioModel

DOC = Path(__file__).resolve().parents[1] / "docs" / "scenario-format.md"
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
YAML_TAGS = {"yaml", "yaml fragment", "yaml broken"}
VALIDATE = re.compile(r"^\$ wattsandtons validate (\S+)\s*$")


@dataclass(frozen=True)
class Block:
    info: str
    body: str
    line: int  # of the opening fence, 1-based

    def __str__(self) -> str:  # pytest ids
        return f"line{self.line}"


def _blocks() -> list[Block]:
    text = DOC.read_text(encoding="utf-8")
    return [
        Block(m.group(1).strip(), m.group(2), text.count("\n", 0, m.start()) + 1)
        for m in FENCE.finditer(text)
    ]


BLOCKS = _blocks()
SCENARIOS = [b for b in BLOCKS if b.info == "yaml"]
BROKEN = [b for b in BLOCKS if b.info == "yaml broken"]
RUNS = [
    (scenario, console)
    for scenario, console in itertools.pairwise(BLOCKS)
    if scenario.info in ("yaml", "yaml broken")
    and console.info == "console"
    and VALIDATE.match(console.body.splitlines()[0])
]


def test_document_has_the_examples() -> None:
    assert len(SCENARIOS) >= 3, "the smallest scenario, the link example and the worked example"
    assert len(BROKEN) >= 4
    assert {id(s) for s, _ in RUNS} >= {id(b) for b in BROKEN}, "every broken example shows its output"


def test_yaml_blocks_are_tagged() -> None:
    """A typo in a tag (```yml, ```yaml fragmnet) would silently drop a block from these checks."""
    wrong = [
        f"line {b.line}: {b.info!r}" for b in BLOCKS if b.info.startswith("y") and b.info not in YAML_TAGS
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("block", SCENARIOS, ids=str)
def test_complete_scenarios_validate(block: Block) -> None:
    try:
        scenario = parse_scenario(block.body, "doc.yaml")
    except ScenarioError as exc:
        pytest.fail(f"the ```yaml block at line {block.line} of {DOC.name} does not validate:\n{exc}")
    assert scenario.warnings == (), f"line {block.line}: {scenario.warnings}"


@pytest.mark.parametrize("block", BROKEN, ids=str)
def test_broken_scenarios_fail(block: Block) -> None:
    with pytest.raises(ScenarioError):
        parse_scenario(block.body, "doc.yaml")


@pytest.mark.parametrize(("scenario", "console"), RUNS, ids=[str(s) for s, _ in RUNS])
def test_validate_output_is_what_the_doc_shows(
    scenario: Block, console: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, *expected = console.body.splitlines()
    match = VALIDATE.match(first)
    assert match is not None
    name = match.group(1)
    (tmp_path / name).write_text(scenario.body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", name])
    assert result.exit_code == (2 if scenario.info == "yaml broken" else 0), result.output
    assert "Traceback" not in result.output
    got = (result.stdout + result.stderr).splitlines()
    assert got == expected, (
        f"the output at line {console.line} of {DOC.name} is out of date; the CLI now prints:\n"
        + "\n".join(got)
    )


# -- the document names every field and every choice of the schema ---------------------------------------------------
def _walk(annotation: typing.Any, models: dict[type[BaseModel], None], choices: set[str]) -> None:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        choices.update(str(a) for a in typing.get_args(annotation))
    elif origin is typing.Annotated:
        _walk(typing.get_args(annotation)[0], models, choices)
    elif origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            _walk(arg, models, choices)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in models:
        models[annotation] = None
        for field in annotation.model_fields.values():
            _walk(field.annotation, models, choices)


def _schema() -> tuple[dict[str, list[str]], set[str]]:
    models: dict[type[BaseModel], None] = {}
    choices: set[str] = set()
    _walk(ScenarioModel, models, choices)
    fields = {m.__name__: [f.alias or n for n, f in m.model_fields.items()] for m in models}
    return fields, choices


def test_schema_walk_reaches_every_model() -> None:
    fields, choices = _schema()
    expected = {"ScenarioModel", "QuantitySpec", "Location", "Commodity", "Capital", "Process", "Link"}
    expected |= {"Resource", "Import", "Boundary", "Learning", "Milestone", "Growth"}
    assert expected <= set(fields)
    assert "from" in fields["Link"]
    assert {"lognormal", "kardashev", "deep_space", "month", "capital"} <= choices


def test_doc_names_every_field() -> None:
    text = DOC.read_text(encoding="utf-8")
    fields, _ = _schema()
    missing = [
        f"{model}.{name}" for model, names in fields.items() for name in names if f"`{name}`" not in text
    ]
    assert not missing, f"{DOC.name} does not document (as `name`): {', '.join(missing)}"


def test_doc_names_every_choice() -> None:
    text = DOC.read_text(encoding="utf-8")
    _, choices = _schema()
    missing = sorted(c for c in choices if f"`{c}`" not in text)
    assert not missing, f"{DOC.name} does not list (as `value`): {', '.join(missing)}"
