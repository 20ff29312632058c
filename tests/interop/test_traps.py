"""Unit and message traps: 'ton', dimension names in words, Rich markup in messages, one error per bad value."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from wattsandtons.cli import app
from wattsandtons.errors import UnitError
from wattsandtons.scenario import scenario_text
from wattsandtons.units import dimension_name, dimensionality, to_si

runner = CliRunner()


@pytest.mark.parametrize("text", ["9 tons", "9 ton", "2 kton", "1 ton/yr", "5 Mtons"])
def test_ton_is_refused_naming_the_tonne(text: str) -> None:
    with pytest.raises(UnitError, match="ambiguous") as caught:
        to_si(text, "[mass]" if "/" not in text else "[mass]/[time]")
    assert "'t' for the tonne" in str(caught.value)


def test_tonne_and_explicit_short_ton_still_read() -> None:
    assert to_si("9 t", "[mass]") == 9000.0
    assert to_si("3 tonne", "[mass]") == 3000.0
    assert to_si("1 short_ton", "[mass]") == pytest.approx(907.18474, rel=1e-12)  # 2000 lb × 0.45359237 kg


@pytest.mark.parametrize(
    ("unit", "words"),
    [
        ("EUR * s ** 2", "money (EUR) × time²"),
        ("m / s ** 2", "length per time²"),
        ("kg * m ** 2 / s ** 4", "mass × length² per time⁴"),
        ("MWh", "energy"),
    ],
)
def test_dimension_names_in_words(unit: str, words: str) -> None:
    assert dimension_name(dimensionality(unit)) == words


def _scenario_with(tmp_path, **values: str):
    data = yaml.safe_load(scenario_text("closed_loop_earth")[0])
    for name, value in values.items():
        data["parameters"][name]["value"] = value
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_one_bad_value_gives_one_error(tmp_path) -> None:
    # solar_cf feeds the solar farm, which growth's reinvestment and a milestone name: no follow-on errors
    path = _scenario_with(tmp_path, solar_cf="0.162 bananas", panel_energy="9 tons")
    done = runner.invoke(app, ["validate", str(path)])
    assert done.exit_code == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 2, errors
    assert "parameters.solar_cf.value: unknown unit 'bananas'" in errors[0]
    assert "parameters.panel_energy.value" in errors[1] and "'t' for the tonne" in errors[1]


def test_bracketed_text_survives_in_messages(tmp_path) -> None:
    path = _scenario_with(tmp_path, solar_cf="0.9")
    data = yaml.safe_load(path.read_text())
    data["parameters"]["solar_cf"]["high"] = 0.5
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    done = runner.invoke(app, ["validate", str(path)])
    assert done.exit_code == 2
    assert "[low, high]" in done.stderr  # Rich would otherwise read it as markup and drop it
