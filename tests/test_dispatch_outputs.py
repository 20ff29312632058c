"""``dispatch --out`` writes like every other command (wattsandtons.outputs): the schedule's files and its
report.html in one staged folder, so an interrupt never leaves one run's data beside another's report; Parquet
beside each CSV, with the same numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from wattsandtons.cli import app
from wattsandtons.dispatch import dispatch, load_site
from wattsandtons.outputs import INTERRUPTED

pytest.importorskip("pyarrow")
runner = CliRunner()
FILES = {
    "report.html",
    "schedule.csv",
    "schedule.parquet",
    "schedule.nc",
    "summary.json",
    "loads.csv",
    "loads.parquet",
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_out_writes_report_and_tables_with_parquet_beside_csv(tmp_path: Path) -> None:
    result = runner.invoke(app, ["dispatch", "hybrid_site", "--hours", "48", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == FILES  # nothing else: no staging folder left behind
    for stem, index in (("schedule", "hour"), ("loads", None)):
        csv = pd.read_csv(tmp_path / f"{stem}.csv", index_col=index)
        parquet = pd.read_parquet(tmp_path / f"{stem}.parquet")
        assert list(parquet.columns) == list(csv.columns)
        numeric = csv.select_dtypes("number").columns
        assert len(numeric) > 0
        # the CSV is text of the same floats: equal to 1e-12 relative (pandas writes repr-round-trip digits)
        pd.testing.assert_frame_equal(
            parquet[numeric].reset_index(drop=True), csv[numeric].reset_index(drop=True), rtol=1e-12
        )
    assert len(pd.read_parquet(tmp_path / "schedule.parquet")) == 48
    assert "wrote" in result.output and "report.html" in result.output


def test_interrupt_while_writing_the_report_leaves_the_last_run_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after the new schedule files are written but before the report: all of the old run stays, exit 130
    with one line. Before, schedule.save had already replaced the tables beside the old report.html."""
    first = runner.invoke(app, ["dispatch", "hybrid_site", "--hours", "24", "--out", str(tmp_path)])
    assert first.exit_code == 0, first.output
    before = _snapshot(tmp_path)

    from wattsandtons.report import html

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(html, "render", interrupted)
    second = runner.invoke(app, ["dispatch", "hybrid_site", "--hours", "48", "--out", str(tmp_path)])
    assert second.exit_code == 130, second.output
    assert INTERRUPTED in second.output
    assert _snapshot(tmp_path) == before  # same names, same bytes: no mixed run, no partial folder


def test_schedule_save_stages_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schedule = dispatch(load_site("hybrid_site", hours=24))
    written = schedule.save(tmp_path)
    assert {p.name for p in written} == FILES - {"report.html"}
    assert all(p.is_file() for p in written)
    before = _snapshot(tmp_path)

    import wattsandtons.outputs as outputs

    def broken(*args: object, **kwargs: object) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(outputs, "write_netcdf", broken)  # fails after schedule.csv/.parquet are staged
    with pytest.raises(OSError, match="disk full"):
        dispatch(load_site("hybrid_site", hours=48)).save(tmp_path)
    assert _snapshot(tmp_path) == before


def test_a_study_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A study writes study.csv/.parquet and one folder per region in one stage; Ctrl-C while the second region's
    report is rendered leaves no study.csv and no region folder (before, the first regions were already there)."""
    from wattsandtons.report import html

    real, calls = html.render, []

    def second_interrupted(*args: object, **kwargs: object) -> str:
        calls.append(args[0])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(html, "render", second_interrupted)
    out = tmp_path / "study"
    result = runner.invoke(app, ["dispatch", "japan_curtailment", "--hours", "24", "--out", str(out)])
    assert result.exit_code == 130, result.output
    assert len(calls) == 2 and list(out.iterdir()) == []
    monkeypatch.setattr(html, "render", real)
    result = runner.invoke(app, ["dispatch", "japan_curtailment", "--hours", "24", "--out", str(out)])
    assert result.exit_code == 0, result.output
    regions = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(regions) >= 2 and {"study.csv", "study.parquet"} <= {p.name for p in out.iterdir()}
    study = pd.read_parquet(out / "study.parquet")
    assert len(study) == len(regions)
    for region in regions:
        assert {p.name for p in (out / region).iterdir()} == FILES
