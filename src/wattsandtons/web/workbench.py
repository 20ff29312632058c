"""The dashboard as a workbench: editable parameters of any scenario, what-ifs, downloads, comparison, dispatch,
claims and sensitivity (``/api/workbench/…``, a FastAPI ``APIRouter`` included by :func:`wattsandtons.web.create_app`).

* ``POST /parameters`` — the named parameters of a bundled *or uploaded* scenario (value, range, source);
* ``POST /balance`` — the balance with overrides; an override outside a parameter's documented ``low``–``high``
  range is allowed: the range is widened to hold it and the answer carries a warning saying so;
* ``POST /runs`` (growth, in the background), ``POST /dispatch`` and ``POST /sensitivity`` (Sobol) — results kept
  (the last :data:`MAX_KEPT`) under an id, with ``GET /results/{id}/{file}`` downloads: CSV, Parquet, NetCDF and
  a self-contained HTML report;
* ``GET /compare?a=ID&b=ID`` — two growth runs side by side (milestones, generation P10–P90 on one chart);
* ``GET /claims`` — the essays' claims checked (the table of ``wattsandtons claims``).

Compute is bounded: members per run at most ``MAX_WEB_MEMBERS`` (as ``/api/runs``), dispatch at most one year,
Sobol base at most :data:`MAX_SOBOL_BASE`, and at most :data:`MAX_ACTIVE` computations at once (``429`` beyond).
Errors are problem+json bodies from the application's handlers.
"""

from __future__ import annotations

import io
import json
import math
import threading
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import yaml
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from wattsandtons.errors import UnitError, WattsAndTonsError
from wattsandtons.scenario import parse_scenario
from wattsandtons.scenario.model import Scenario
from wattsandtons.spec import did_you_mean
from wattsandtons.web.app import (
    MAX_WEB_MEMBERS,
    RunRequest,
    ScenarioRequest,
    balance_payload,
    bundled_text,
    run_payload,
)

__all__ = [
    "MAX_ACTIVE",
    "MAX_KEPT",
    "growth_warnings",
    "load_whatif",
    "parameter_rows",
    "router",
    "variable_warnings",
]

MAX_ACTIVE = 2  # computations (runs, dispatches, sensitivity) at once per app
MAX_KEPT = 8  # results kept for downloads and comparison …
MAX_KEPT_MEMBERS = 40_000  # … and at most this many growth-run members among them (a run keeps its data set)
MAX_SOBOL_BASE = 256
MAX_DISPATCH_HOURS = 8784
UNMET_WARNING = 0.01  # median share of final demand not delivered that earns a warning
IDLE_WARNING = 0.5  # median utilisation below which a plant counts as idle

router = APIRouter(prefix="/api/workbench", tags=["workbench"])


class WorkbenchError(WattsAndTonsError):
    """A bad workbench request (400); ``field`` names the request field at fault, if one is."""

    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(WorkbenchError):
    status = 404


class Busy(WorkbenchError):
    status = 429


class Cancelled(Exception):
    """Raised inside a run's progress callback when the user cancels it."""


# == state ==========================================================================================================
@dataclass
class Result:
    """A computation and what it produced: its JSON payload and the files it can be downloaded as."""

    id: str
    kind: str  # run | dispatch | sensitivity
    label: str
    status: str = "running"  # running | done | cancelled | failed
    done: int = 0
    total: int = 0
    payload: dict[str, Any] | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    files: dict[str, Any] = field(default_factory=dict)  # name -> callable returning (bytes, media type)
    data: Any = None  # the Trajectory of a run (for comparison)
    members: int = 0  # growth-run members held in ``data`` (what the store limits)
    cancel: threading.Event = field(default_factory=threading.Event)

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "status": self.status,
            "progress": self.done / self.total if self.total else (1.0 if self.status == "done" else 0.0),
            "result": self.payload,
            "error": self.error,
            "warnings": self.warnings,
            "files": sorted(self.files),
        }


class Bench:
    """Per-app state: kept results and the count of computations in flight."""

    def __init__(self) -> None:
        self.results: OrderedDict[str, Result] = OrderedDict()
        self.lock = threading.Lock()
        self.active = 0
        self.claims: dict[str, Any] | None = None

    def start(self, kind: str, label: str, members: int = 0) -> Result:
        """Register a computation, or raise :class:`Busy`; the oldest results go beyond the store's limits."""
        with self.lock:
            if self.active >= MAX_ACTIVE:
                raise Busy(
                    f"{self.active} computations are running (at most {MAX_ACTIVE}); try again shortly"
                )
            self.active += 1
            result = Result(uuid.uuid4().hex, kind, label, members=members)
            self.results[result.id] = result
            while len(self.results) > MAX_KEPT or (
                len(self.results) > 1 and sum(r.members for r in self.results.values()) > MAX_KEPT_MEMBERS
            ):
                self.results.popitem(last=False)
        return result

    def finish(self) -> None:
        with self.lock:
            self.active -= 1

    def get(self, result_id: str) -> Result:
        result = self.results.get(result_id)
        if result is None:
            raise NotFound(f"no result {result_id!r} (only the last {MAX_KEPT} are kept)")
        return result


def _guard(request: Request, members: int) -> None:
    """The application's own check before compute starts, if it set one (``app.state.compute_guard(request,
    members)``, e.g. a ledger key and tighter caps when the ledger is served alongside); it raises to refuse."""
    guard = getattr(request.app.state, "compute_guard", None)
    if guard is not None:
        guard(request, members)


def _bench(request: Request) -> Bench:
    state = request.app.state
    with _BENCH_LOCK:
        if not hasattr(state, "workbench"):
            state.workbench = Bench()
    bench: Bench = state.workbench
    return bench


_BENCH_LOCK = threading.Lock()


# == what-ifs =======================================================================================================
def _request_text(request: ScenarioRequest) -> tuple[str, str]:
    if (request.scenario is None) == (request.yaml is None):
        raise WorkbenchError("give either 'scenario' (a bundled name) or 'yaml' (the text of a scenario)")
    if request.yaml is not None:
        return request.yaml, "upload.yaml"
    return bundled_text(str(request.scenario))  # a bundled name only: never a path on the server


def _magnitude(text: Any, like: Any) -> float | None:
    """``text`` in the units of ``like`` (both quantity strings or numbers); None if either does not parse."""
    from wattsandtons.units import parse

    try:
        reference = parse(like)
        return float(parse(text).to(reference.units).magnitude)
    except (UnitError, ValueError, TypeError):  # pint's DimensionalityError is a TypeError
        return None  # the scenario check then reports the value with its place in the file


def _widen(name: str, entry: dict[str, Any], value: Any, scenario: Scenario) -> str | None:
    """Widen ``entry``'s documented range to hold ``value``; the warning to show, or None if it was inside."""
    low, high = entry.get("low"), entry.get("high")
    source = scenario.cite(entry.get("source")) if entry.get("source") else None
    cited = f" ({source})" if source else ""
    for end, bound, outside in (("low", low, lambda x, b: x < b), ("high", high, lambda x, b: x > b)):
        if bound is None:
            continue
        x, b = _magnitude(value, bound), _magnitude(bound, bound)
        if x is not None and b is not None and outside(x, b):
            entry[end] = value
            return (
                f"{name} = {value} is outside its documented range {low} – {high}{cited}: a what-if beyond the "
                f"evidence; the range was widened to include it for this run"
            )
    return None


def load_whatif(request: ScenarioRequest) -> tuple[Scenario, list[str]]:
    """The scenario a request names or uploads, with overrides; out-of-range overrides give warnings, not errors."""
    text, file = _request_text(request)
    scenario = parse_scenario(text, file)  # located errors refer to the text as written
    if not request.overrides:
        return scenario, []
    data = yaml.safe_load(text)
    params = data.get("parameters") or {}
    warnings = []
    for name, value in request.overrides.items():
        if name not in scenario.parameters or name not in params:
            raise WorkbenchError(f"override {name!r}: not a named parameter of {scenario.name}")
        entry = params[name]
        if isinstance(entry, dict):
            entry["value"] = value
            if (note := _widen(name, entry, value, scenario)) is not None:
                warnings.append(note)
        else:
            params[name] = value
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return parse_scenario(text, f"{file} (what-if)"), warnings


def parameter_rows(text: str, file: str) -> dict[str, Any]:
    """Name, title and named parameters (value as written, range, distribution, source) of a scenario's text."""
    scenario = parse_scenario(text, file)
    data = (yaml.safe_load(text) or {}).get("parameters") or {}
    rows = []
    for name, entry in data.items():
        spec = entry if isinstance(entry, dict) else {"value": entry}
        rows.append(
            {
                "name": name,
                "value": str(spec.get("value")),
                "low": None if spec.get("low") is None else str(spec["low"]),
                "high": None if spec.get("high") is None else str(spec["high"]),
                "distribution": spec.get("distribution"),
                "source": scenario.cite(spec.get("source")) if spec.get("source") else None,
            }
        )
    return {"name": scenario.name, "title": scenario.title, "parameters": rows}


# == files ==========================================================================================================
def _csv(frame: pd.DataFrame, index: bool = False) -> tuple[bytes, str]:
    """CSV with blanks where a value is missing or infinite (never ``nan``/``inf``)."""
    clean = frame.replace([np.inf, -np.inf], np.nan)
    return clean.to_csv(index=index, na_rep="").encode("utf-8"), "text/csv"


def _parquet(frame: pd.DataFrame, index: bool = False) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=index)
    return buffer.getvalue(), "application/vnd.apache.parquet"


def _netcdf(dataset: Any) -> tuple[bytes, str]:
    return bytes(dataset.to_netcdf(engine="scipy")), "application/x-netcdf"


def _html(title: str, subtitle: str, sections: list[Any]) -> tuple[bytes, str]:
    from wattsandtons.report.html import render

    return render(title, subtitle, sections).encode("utf-8"), "text/html"


def _tables(name: str, frame: pd.DataFrame, index: bool = False) -> dict[str, Any]:
    return {f"{name}.csv": lambda: _csv(frame, index), f"{name}.parquet": lambda: _parquet(frame, index)}


# == growth warnings ================================================================================================
def growth_warnings(dataset: Any) -> list[str]:
    """Warnings on a run whose dataset has ``unmet_demand`` (member × time) or ``utilisation`` (member × time ×
    plant); none for a dataset without them (older runs). The growth model's own ``run_warnings`` is used where
    it exists, :func:`variable_warnings` otherwise."""
    from wattsandtons.growth import results

    if "unmet_demand" not in dataset and "utilisation" not in dataset:
        return []
    own = getattr(results, "run_warnings", None)
    if own is not None and "unmet_demand" in dataset and "step_s" in dataset.attrs:
        return list(own(dataset))
    return variable_warnings(dataset)


def variable_warnings(dataset: Any) -> list[str]:
    """Median unmet share of final demand above 1 %, and plants whose median utilisation is under 50 %."""
    out = []
    times = dataset["time"].values
    if "unmet_demand" in dataset:
        unmet = np.nanmedian(dataset["unmet_demand"].transpose("member", "time").values, axis=0)
        if np.any(unmet > UNMET_WARNING):
            first, worst = int(np.argmax(unmet > UNMET_WARNING)), int(np.nanargmax(unmet))
            out.append(
                f"unmet demand: from {times[first]:.4g} the loop delivers less than {1 - UNMET_WARNING:.0%} of "
                f"final demand (median of members); worst {unmet[worst]:.1%} not delivered in {times[worst]:.4g}"
            )
    if "utilisation" in dataset and dataset["utilisation"].sizes.get("time", 0):
        use = dataset["utilisation"].transpose("member", "time", "plant").values
        with np.errstate(all="ignore"):
            median = np.nanmedian(use, axis=0)
        for g, plant in enumerate(dataset["plant"].values):
            idle = np.nan_to_num(median[:, g], nan=1.0) < IDLE_WARNING
            if idle.any():
                out.append(
                    f"idle capacity: {plant} is less than {IDLE_WARNING:.0%} utilised (median) in {int(idle.sum())} "
                    f"of {idle.size} steps, from {times[int(np.argmax(idle))]:.4g} (as low as "
                    f"{np.nanmin(median[:, g]):.1%})"
                )
    return out


# == routes: scenario ===============================================================================================
@router.post("/parameters")
def parameters(request: ScenarioRequest) -> dict[str, Any]:
    """The named parameters of a bundled or uploaded scenario, for the editable parameter panel."""
    text, file = _request_text(request)
    return parameter_rows(text, file)


@router.post("/balance")
def balance(request: ScenarioRequest, http: Request) -> dict[str, Any]:
    """Steady-state balance with overrides; out-of-range overrides are run and reported in ``warnings``."""
    scenario, warnings = load_whatif(request)
    payload = balance_payload(scenario)
    bench = _bench(http)
    result = bench.start("balance", f"balance of {scenario.name}")
    bench.finish()
    result.status, result.warnings, result.files = "done", warnings, _balance_files(scenario)
    return {**payload, "warnings": warnings, "id": result.id, "files": sorted(result.files)}


def _balance_files(scenario: Scenario) -> dict[str, Any]:
    """Statements as CSV and Parquet and the HTML report; the balance is solved again when a file is asked for."""
    from wattsandtons.balance import solve_balance
    from wattsandtons.report import figures
    from wattsandtons.report.html import balance_sections

    def table(key: str, maker: Any) -> Any:
        return lambda: maker(figures.statement_table(solve_balance(scenario), key))

    files: dict[str, Any] = {
        "report.html": lambda: _html(
            f"Balance of {scenario.title or scenario.name}",
            "Steady state",
            balance_sections(solve_balance(scenario)),
        )
    }
    for name, key in (("energy_statement", "loop.energy"), ("mass_statement", "loop.mass")):
        files[f"{name}.csv"] = table(key, _csv)
        files[f"{name}.parquet"] = table(key, _parquet)
    return files


# == routes: growth runs ============================================================================================
def _run_files(result: Result, run: Any, title: str) -> None:
    from wattsandtons.report.html import run_sections

    result.files = {
        "trajectories.nc": lambda: _netcdf(run.dataset),
        **_tables("milestones", run.milestones),
        **_tables("summary", run.summary()),
        "report.html": lambda: _html(f"Growth of {title}", f"{run.members} member(s)", run_sections(run)),
    }


@router.post("/runs", status_code=202)
def start_run(body: RunRequest, request: Request) -> dict[str, Any]:
    """Start a growth run (members ≤ the API's cap); poll ``GET /results/{id}``, cancel with ``DELETE``."""
    from wattsandtons.growth import prepare, simulate

    _guard(request, body.members)
    scenario, warnings = load_whatif(body)
    structure = prepare(scenario, body.until)
    bench = _bench(request)
    label = f"{scenario.name}, {body.members} members, seed {body.seed}" + (
        f", {', '.join(f'{k}={v}' for k, v in body.overrides.items())}" if body.overrides else ""
    )
    result = bench.start("run", label, body.members)
    result.warnings = warnings

    def progress(done: int, total: int) -> None:
        result.done, result.total = done, total
        if result.cancel.is_set():
            raise Cancelled

    def work() -> None:
        try:
            run = simulate(structure, members=body.members, seed=body.seed, progress=progress)
            result.warnings = [*warnings, *growth_warnings(run.dataset)]
            result.data = run
            _run_files(result, run, scenario.title or scenario.name)
            result.payload = run_payload(run)
            result.status = "done"
        except Cancelled:
            result.status = "cancelled"
        except WattsAndTonsError as exc:
            result.status, result.error = "failed", str(exc)
        except Exception as exc:  # a bug: say so instead of leaving the run "running" for ever
            result.status, result.error = "failed", f"internal error ({type(exc).__name__}); please report it"
            raise
        finally:
            bench.finish()

    threading.Thread(target=work, name=f"workbench-{result.id}", daemon=True).start()
    return {"id": result.id, "warnings": warnings}


@router.get("/results")
def list_results(request: Request) -> list[dict[str, Any]]:
    """The kept results, oldest first (id, kind, label, status): what can be compared or downloaded."""
    bench = _bench(request)
    return [
        {"id": r.id, "kind": r.kind, "label": r.label, "status": r.status}
        for r in list(bench.results.values())
    ]


@router.get("/results/{result_id}")
def get_result(result_id: str, request: Request) -> dict[str, Any]:
    """Status, progress, payload, warnings and downloadable files of a result."""
    return _bench(request).get(result_id).public()


@router.delete("/results/{result_id}")
def cancel_result(result_id: str, request: Request) -> dict[str, str]:
    result = _bench(request).get(result_id)
    result.cancel.set()
    return {"id": result.id, "status": "cancelling" if result.status == "running" else result.status}


@router.get("/results/{result_id}/{name}")
def download(result_id: str, name: str, request: Request) -> Response:
    """One file of a finished result (CSV, Parquet, NetCDF or HTML), as an attachment."""
    result = _bench(request).get(result_id)
    if name not in result.files:
        raise NotFound(
            f"result {result_id} has no file {name!r}; it has {', '.join(sorted(result.files)) or 'none yet'}"
        )
    content, media = result.files[name]()
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


# == routes: comparison =============================================================================================
def _run_of(bench: Bench, result_id: str) -> Result:
    result = bench.get(result_id)
    if result.kind != "run" or result.status != "done" or result.data is None:
        raise WorkbenchError(
            f"result {result_id} is not a finished growth run ({result.kind}, {result.status})"
        )
    return result


@router.get("/compare")
def compare(a: str, b: str, request: Request) -> dict[str, Any]:
    """Two finished growth runs side by side: milestone years (P50 and the change) and generation fans together."""
    bench = _bench(request)
    first, second = _run_of(bench, a), _run_of(bench, b)
    ma = first.data.milestones.set_index("milestone")
    mb = second.data.milestones.set_index("milestone")
    rows = []
    for name in list(dict.fromkeys([*ma.index, *mb.index])):
        pa = float(ma["p50_year"].get(name, math.nan))
        pb = float(mb["p50_year"].get(name, math.nan))
        rows.append(
            {
                "milestone": name,
                "A: P50 year": _finite(pa),
                "B: P50 year": _finite(pb),
                "B − A [years]": _finite(pb - pa),
                "A: reached": _finite(ma["reached_share"].get(name, math.nan)),
                "B: reached": _finite(mb["reached_share"].get(name, math.nan)),
            }
        )
    figure = go.Figure()
    for label, rgb, result in (("A", "31, 119, 180", first), ("B", "214, 39, 40", second)):
        generation = result.data.dataset["generation"]
        q = generation.quantile([0.1, 0.5, 0.9], dim="member").values / 1e12
        years = generation["time"].values
        band = {"width": 0, "color": f"rgba({rgb}, 0)"}
        figure.add_trace(go.Scatter(x=years, y=q[2], line=band, showlegend=False, hoverinfo="skip"))
        figure.add_trace(
            go.Scatter(x=years, y=q[0], fill="tonexty", line=band, fillcolor=f"rgba({rgb}, 0.25)",
                       name=f"{label}: P10–P90")
        )  # fmt: skip
    for label, rgb, result in (("A", "31, 119, 180", first), ("B", "214, 39, 40", second)):
        generation = result.data.dataset["generation"]
        p50 = generation.quantile(0.5, dim="member").values / 1e12
        figure.add_trace(
            go.Scatter(x=generation["time"].values, y=p50, line={"color": f"rgb({rgb})", "width": 2.5},
                       name=f"{label}: P50")
        )  # fmt: skip
    figure.update_layout(
        title="Generation, run A and run B", xaxis_title="year", yaxis_title="generation [TW]", height=420
    )
    return {
        "a": {"id": a, "label": first.label, "warnings": first.warnings},
        "b": {"id": b, "label": second.label, "warnings": second.warnings},
        "milestones": rows,
        "figure": {
            "json": figure.to_json(),
            "caption": "Energy generated by each run's loop [TW]: median line, P10–P90 band across members.",
        },
    }


def _finite(x: Any) -> float | None:
    value = float(x)
    return value if math.isfinite(value) else None


# == routes: dispatch ===============================================================================================
class DispatchRequest(BaseModel):
    """A bundled site or region by name, or a site spec's YAML text, dispatched for ``hours`` from its start."""

    site: str | None = Field(default=None, description="Bundled site or region (not a study).")
    yaml: str | None = Field(default=None, max_length=1_000_000, description="Site spec YAML (an upload).")
    hours: int = Field(default=168, ge=1, le=MAX_DISPATCH_HOURS)


@router.get("/sites")
def sites() -> list[dict[str, str]]:
    """The bundled sites and regions (studies, which run many regions, are left out)."""
    from wattsandtons.dispatch import bundled_specs
    from wattsandtons.dispatch.regions import is_study

    return [{"name": n, "title": t} for n, t in bundled_specs().items() if not is_study(n)]


@router.post("/dispatch")
def run_dispatch(body: DispatchRequest, request: Request) -> dict[str, Any]:
    """Dispatch a site hour by hour: summary, loads, the dispatch stack and curtailment duration; files to download."""
    from wattsandtons.dispatch import bundled_specs, dispatch, load_site, parse_site
    from wattsandtons.dispatch.regions import is_study
    from wattsandtons.report import figures
    from wattsandtons.report.html import dispatch_sections

    if (body.site is None) == (body.yaml is None):
        raise WorkbenchError("give either 'site' (a bundled name) or 'yaml' (the text of a site spec)")
    if body.site is not None:
        names = bundled_specs()
        if body.site not in names:  # a bundled name only: never a path on the server
            raise NotFound(f"site: no bundled site {body.site!r}{did_you_mean(body.site, names)}", "site")
        if is_study(body.site):
            raise WorkbenchError(f"{body.site} is a study of several regions; pick one of its regions")
    _guard(request, 1)
    bench = _bench(request)
    result = bench.start("dispatch", f"dispatch {body.site or 'upload'}, {body.hours} h")
    try:
        if body.yaml is not None:
            site = parse_site(body.yaml, "upload.yaml", name="upload")
        else:
            # the package's file by its full path: a file of that name in the server's working folder is never read
            bundled = (
                resources.files("wattsandtons.dispatch").joinpath("bundled").joinpath(f"{body.site}.yaml")
            )
            site = load_site(
                Path(str(bundled)) if Path(str(bundled)).is_file() else str(body.site), hours=None
            )
        schedule = dispatch(site, min(body.hours, site.hours))
    except WattsAndTonsError:
        bench.results.pop(result.id, None)
        raise
    finally:
        bench.finish()
    stack, stack_caption = figures.dispatch_stack(schedule)
    duration, duration_caption = figures.curtailment_duration(schedule)
    summary = schedule.summary
    result.files = {
        **_tables("schedule", schedule.to_frame(), index=True),
        **_tables("loads", summary.loads_frame()),
        "schedule.nc": lambda: _netcdf(schedule.dataset),
        "report.html": lambda: _html(
            f"Dispatch of {summary.site}",
            f"{summary.hours} hours from {summary.start}",
            dispatch_sections(schedule),
        ),
    }
    result.payload = {
        "summary": summary.to_dict(),
        "loads": json.loads(summary.loads_frame().to_json(orient="records")),
        "figures": {
            "dispatch_stack": {"json": stack.to_json(), "caption": stack_caption},
            "curtailment_duration": {"json": duration.to_json(), "caption": duration_caption},
        },
    }
    result.status = "done"
    return result.public()


# == routes: claims and sensitivity =================================================================================
@router.get("/claims")
def claims(request: Request) -> dict[str, Any]:
    """Every claim checked: id, computed value, claim, verdict (and the full JSON report); computed once per app."""
    from wattsandtons.claims.cli import claims_frame
    from wattsandtons.claims.evaluate import evaluate_claims, report

    bench = _bench(request)
    if bench.claims is None:
        results = evaluate_claims(None)
        frame = claims_frame(results)
        counts = Counter(r.verdict.kind for r in results)
        bench.claims = {
            "table": frame.to_dict("records"),
            "counts": dict(counts),
            "report": report(results),
            "frame": frame,
        }
    return {k: v for k, v in bench.claims.items() if k != "frame"}


@router.get("/claims/{name}")
def claims_file(name: str, request: Request) -> Response:
    """The claims table as ``claims.csv``, ``claims.parquet`` or ``claims.html``."""
    from wattsandtons.report.html import Section

    claims(request)
    frame = _bench(request).claims["frame"]  # type: ignore[index]
    makers = {
        **_tables("claims", frame),
        "claims.html": lambda: _html(
            "The essays' claims, checked by computation",
            "Computed value (with its range), the claim, and the derived verdict.",
            [Section("Claims", "One row per check.", table=frame)],
        ),
    }
    if name not in makers:
        raise NotFound(f"no file {name!r}; there are {', '.join(sorted(makers))}")
    content, media = makers[name]()
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


class SensitivityRequest(ScenarioRequest):
    """Sobol sensitivity of one growth output (``milestone:NAME`` …; default the first milestone)."""

    output: str | None = None
    base: int = Field(
        default=32, ge=8, le=MAX_SOBOL_BASE, description="Saltelli base sample, a power of two."
    )
    seed: int = Field(default=0, ge=0)
    until: int | None = None


@router.post("/sensitivity")
def sensitivity(body: SensitivityRequest, request: Request) -> dict[str, Any]:
    """Sobol first-order and total indices (SALib) of one output; base·(2D+2) members, at most the API's cap."""
    from wattsandtons.growth import prepare, simulate
    from wattsandtons.growth.sensitivity import analyse, output_names, sobol_design
    from wattsandtons.report.html import Section

    scenario, warnings = load_whatif(body)
    structure = prepare(scenario, body.until)
    design = sobol_design(structure, body.base, body.seed)
    if design.members > MAX_WEB_MEMBERS:
        raise WorkbenchError(f"{design.members} runs needed; at most {MAX_WEB_MEMBERS}: lower 'base'")
    _guard(request, design.members)
    bench = _bench(request)
    result = bench.start("sensitivity", f"Sobol of {scenario.name}, base {body.base}")
    try:
        run = simulate(structure, sample=design)
        names = output_names(run)
        (res,) = analyse(structure, run, [body.output or names[0]], body.seed)
    except WattsAndTonsError:
        bench.results.pop(result.id, None)
        raise
    finally:
        bench.finish()
    table = res.indices
    figure = go.Figure(
        [
            go.Bar(y=table["parameter"], x=table["ST"], orientation="h", name="total ST",
                   error_x={"array": table["ST_conf"]}),
            go.Bar(y=table["parameter"], x=table["S1"], orientation="h", name="first order S1",
                   error_x={"array": table["S1_conf"]}),
        ]
    )  # fmt: skip
    figure.update_layout(
        title=f"Sobol indices of {res.output}", xaxis_title="share of variance", height=120 + 28 * len(table),
        yaxis={"autorange": "reversed"}, barmode="group",
    )  # fmt: skip
    caption = (
        f"{res.runs} runs (Saltelli design, base {body.base}); total index ST includes interactions, bars show the "
        "95 % bootstrap interval"
        + (f"; {res.never_reached:.0%} of runs never reach it" if res.never_reached else "")
    )
    result.files = {
        **_tables("sobol", table),
        "report.html": lambda: _html(
            f"Sensitivity of {scenario.name}",
            caption,
            [Section(res.output, caption, figure=figure, table=table)],
        ),
    }
    result.warnings = warnings
    result.payload = {
        "output": res.output,
        "outputs": names,
        "runs": res.runs,
        "never_reached": res.never_reached,
        "indices": json.loads(table.to_json(orient="records")),
        "figure": {"json": figure.to_json(), "caption": caption},
    }
    result.status = "done"
    return result.public()
