"""The web app: a JSON API over scenarios, balances and growth runs, and the dashboard page that uses it.

One FastAPI application (``create_app``) serves the dashboard (``/``), its static files (plotly.js from the installed
package — nothing from a CDN), the analysis API (``/api/…``) and, when a ledger database is given, the ledger routes
(``/ledger/…``). Errors are JSON problem bodies with a 4xx status; a scenario's problems keep their file, line,
column and path.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import plotly.io as pio
import yaml
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from plotly.offline import get_plotlyjs
from pydantic import BaseModel, Field

from wattsandtons import __version__
from wattsandtons.balance import solve_balance
from wattsandtons.errors import WattsAndTonsError
from wattsandtons.growth import prepare, simulate
from wattsandtons.report import figures
from wattsandtons.scenario import ScenarioError, bundled_scenarios, parse_scenario
from wattsandtons.scenario.model import Scenario
from wattsandtons.spec.errors import did_you_mean

MAX_YAML_BYTES = 1_000_000
MAX_WEB_MEMBERS = 20_000
MAX_JOBS = 32
#: Beside the ledger (``serve`` with a ledger database), growth runs need a ledger key and are capped, so that
#: compute in the same process cannot starve the books.
MAX_RUNS_BESIDE_LEDGER = 2
MAX_MEMBERS_BESIDE_LEDGER = 2_000
#: What a refused run without a valid ledger key is told (the 401's ``detail``, shown beside the Run button).
KEY_NEEDED = (
    "The ledger is served beside the dashboard, so growth runs, dispatch and sensitivity need a ledger key. "
    "Make one with `wattsandtons ledger key auditor --db <the server's --db>` and paste its token into the "
    "API key box of the Ledger tab, or start the server with `wattsandtons serve --no-ledger` to compute "
    "without one."
)


class ScenarioRequest(BaseModel):
    """A scenario by bundled name or as YAML text, with parameter overrides (``{"solar_cf": "0.2"}``)."""

    scenario: str | None = Field(default=None, description="Name of a bundled scenario.")
    yaml: str | None = Field(
        default=None, max_length=MAX_YAML_BYTES, description="Scenario YAML text (an upload)."
    )
    overrides: dict[str, str | float] = Field(
        default_factory=dict, description="Parameter name → new central value."
    )


class RunRequest(ScenarioRequest):
    members: int = Field(default=200, ge=1, le=MAX_WEB_MEMBERS)
    seed: int = Field(default=1, ge=0)
    until: int | None = None


class RunRefused(WattsAndTonsError):
    """A run refused beside the ledger (too many members or runs), with its HTTP status."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.field = field


class UnknownScenario(WattsAndTonsError):
    """A ``scenario`` that is not a bundled name (404, naming the field): the web never reads a path it is given."""

    status = 404

    def __init__(self, name: str, field: str = "scenario") -> None:
        hint = did_you_mean(name, bundled_scenarios())
        super().__init__(
            f"{field}: no bundled scenario {name!r}{hint}; give a name from GET /api/scenarios, "
            "or upload the scenario's text as 'yaml'"
        )
        self.field = field


def bundled_text(name: str) -> tuple[str, str]:
    """``(text, display name)`` of the bundled scenario ``name``; anything else — a path, ``../x``, a link — is
    refused with :class:`UnknownScenario` before any file is opened."""
    if name not in bundled_scenarios():
        raise UnknownScenario(name)
    bundled = resources.files("wattsandtons.scenario").joinpath("bundled").joinpath(f"{name}.yaml")
    return bundled.read_text(encoding="utf-8"), f"{name}.yaml"  # from the package, never the working folder


class Cancelled(Exception):
    """Raised inside a run's progress callback when the user cancels it."""


@dataclass
class Job:
    id: str
    status: str = "running"  # running | done | cancelled | failed
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = None
    error: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)


def _problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def load_request(request: ScenarioRequest) -> Scenario:
    """The scenario a request names or uploads, with its parameter overrides applied."""
    if (request.scenario is None) == (request.yaml is None):
        raise WattsAndTonsError("give either 'scenario' (a bundled name) or 'yaml' (the text of a scenario)")
    if request.yaml is not None:
        text, file = request.yaml, "upload.yaml"
    else:
        text, file = bundled_text(str(request.scenario))
    if not request.overrides:
        return parse_scenario(text, file)
    scenario = parse_scenario(text, file)  # located errors refer to the text as written
    data = yaml.safe_load(text)
    for name, value in request.overrides.items():
        if name not in scenario.parameters or name not in data.get("parameters", {}):
            raise WattsAndTonsError(f"override {name!r}: not a named parameter of {scenario.name}")
        entry = data["parameters"][name]
        if isinstance(entry, dict):
            entry["value"] = value
        else:
            data["parameters"][name] = value
    return parse_scenario(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), f"{file} (with overrides)"
    )


def _figure(fig: Any) -> Any:
    return pio.to_json(fig, validate=False, engine="json")


def balance_payload(scenario: Scenario) -> dict[str, Any]:
    result = solve_balance(scenario)
    energy, energy_caption = figures.sankey(result, "energy")
    mass, mass_caption = figures.sankey(result, "mass")
    data = result.to_dict()
    data["figures"] = {
        "energy": {"json": _figure(energy), "caption": energy_caption},
        "mass": {"json": _figure(mass), "caption": mass_caption},
    }
    data["tables"] = {
        "energy_statement": figures.statement_table(result, "loop.energy").to_dict("records"),
        "mass_statement": figures.statement_table(result, "loop.mass").to_dict("records"),
    }
    return data


def run_payload(run: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "members": run.members,
        "milestones": figures.milestones_table(run).to_dict("records"),
        "bottlenecks": {str(k): int(v) for k, v in run.bottlenecks().items()},
        "figures": {},
    }
    for make in (figures.capacity_fans, figures.generation_fan, figures.closure_plot, figures.kardashev_plot):
        fig, caption = make(run)
        out["figures"][make.__name__] = {"json": _figure(fig), "caption": caption}
    return out


def create_app(*, ledger_db: str | None = None) -> FastAPI:
    """The application: dashboard, analysis API and (with ``ledger_db``) the ledger routes."""
    app = FastAPI(
        title="Watts & Tons", version=__version__, description="Physical economics in watts and tonnes."
    )
    jobs: OrderedDict[str, Job] = OrderedDict()
    lock = threading.Lock()
    static = resources.files("wattsandtons.web").joinpath("static")
    ledger_keys = None if ledger_db is None else mount_ledger(app, ledger_db)

    def may_start_run(request: Request, members: int) -> None:
        """Beside the ledger, a growth run needs a ledger key and fits the caps: compute never starves the books."""
        if ledger_keys is None:
            return
        header = request.headers.get("authorization", "")
        token = header[7:] if header[:7].lower() == "bearer " else None
        try:
            ledger_keys.authenticate(token)
        except WattsAndTonsError as exc:  # the ledger's own 401: say what a newcomer should do
            why = "No ledger key was sent." if not token else f"The ledger key was refused ({exc})."
            raise RunRefused(
                401, f"{why} {KEY_NEEDED}", code="ledger_key_needed", field="authorization"
            ) from None
        if members > MAX_MEMBERS_BESIDE_LEDGER:
            raise RunRefused(422, f"at most {MAX_MEMBERS_BESIDE_LEDGER} members per run beside the ledger")
        with lock:
            running = sum(job.status == "running" for job in jobs.values())
        if running >= MAX_RUNS_BESIDE_LEDGER:
            raise RunRefused(
                429, f"{running} runs are going: at most {MAX_RUNS_BESIDE_LEDGER} at once beside the ledger"
            )

    @app.exception_handler(ScenarioError)
    async def scenario_error(_: Request, exc: ScenarioError) -> JSONResponse:
        problems = [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "path": list(p.path),
                "message": p.message,
                "text": str(p),
            }
            for p in exc.problems
        ]
        return _problem(422, "invalid scenario", f"{len(problems)} problem(s)", problems=problems)

    @app.exception_handler(WattsAndTonsError)
    async def known_error(_: Request, exc: WattsAndTonsError) -> JSONResponse:
        extra = {k: v for k in ("code", "field") if (v := getattr(exc, k, None)) is not None}
        response = _problem(getattr(exc, "status", 400), type(exc).__name__, str(exc), **extra)
        if response.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="wattsandtons ledger"'
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return static.joinpath("index.html").read_text(encoding="utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str) -> Response:
        if name == "plotly.min.js":
            return Response(
                get_plotlyjs(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
            )
        kinds = {"app.js": "text/javascript", "style.css": "text/css"}
        if name not in kinds:
            return _problem(404, "not found", f"no static file {name!r}")
        return Response(static.joinpath(name).read_text(encoding="utf-8"), media_type=kinds[name])

    @app.get("/api/scenarios")
    def list_scenarios() -> list[dict[str, str]]:
        """The bundled scenarios."""
        return [{"name": name, "title": title} for name, title in bundled_scenarios().items()]

    @app.get("/api/scenarios/{name}")
    def get_scenario(name: str) -> dict[str, Any]:
        """A bundled scenario's YAML and its named parameters (central values as written, with ranges)."""
        from wattsandtons.web.workbench import parameter_rows  # the workbench's panel, one copy

        text, file = bundled_text(name)
        return {**parameter_rows(text, file), "name": name, "yaml": text}

    @app.post("/api/validate")
    def validate(request: ScenarioRequest) -> dict[str, Any]:
        """Validate a scenario; 422 with located problems when it is broken."""
        scenario = load_request(request)
        return {
            "ok": True,
            "name": scenario.name,
            "processes": len(scenario.processes),
            "commodities": len(scenario.commodities),
        }

    @app.post("/api/balance")
    def balance(request: ScenarioRequest) -> dict[str, Any]:
        """Steady-state balance with figures (Plotly JSON) and statement tables."""
        return balance_payload(load_request(request))

    @app.post("/api/runs", status_code=202)
    def start_run(request: RunRequest, http: Request) -> dict[str, str]:
        """Start a growth run in the background; poll ``GET /api/runs/{id}``, cancel with ``DELETE``.

        When the ledger is served beside the dashboard, a run needs ``Authorization: Bearer <ledger key>`` and at
        most ``MAX_RUNS_BESIDE_LEDGER`` runs of ``MAX_MEMBERS_BESIDE_LEDGER`` members go at once."""
        may_start_run(http, request.members)
        structure = prepare(load_request(request), request.until)
        job = Job(id=uuid.uuid4().hex)
        with lock:
            jobs[job.id] = job
            while len(jobs) > MAX_JOBS:
                jobs.popitem(last=False)

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
            if job.cancel.is_set():
                raise Cancelled

        def work() -> None:
            try:
                run = simulate(structure, members=request.members, seed=request.seed, progress=progress)
                job.result = run_payload(run)
                job.status = "done"
            except Cancelled:
                job.status = "cancelled"
            except WattsAndTonsError as exc:
                job.status, job.error = "failed", str(exc)

        threading.Thread(target=work, name=f"run-{job.id}", daemon=True).start()
        return {"id": job.id}

    def _job(job_id: str) -> Job:
        job = jobs.get(job_id)
        if job is None:
            raise WattsAndTonsError(f"no run {job_id!r}")
        return job

    @app.get("/api/runs/{job_id}")
    def run_status(job_id: str) -> dict[str, Any]:
        job = _job(job_id)
        progress = job.done / job.total if job.total else 0.0
        return {
            "id": job.id,
            "status": job.status,
            "progress": progress,
            "result": job.result,
            "error": job.error,
        }

    @app.delete("/api/runs/{job_id}")
    def cancel_run(job_id: str) -> dict[str, str]:
        job = _job(job_id)
        job.cancel.set()
        return {"id": job.id, "status": "cancelling" if job.status == "running" else job.status}

    from wattsandtons.web.workbench import router as workbench  # after app.py's names: it imports them

    app.include_router(workbench)
    app.state.compute_guard = may_start_run  # the workbench's compute routes pass the same gate as /api/runs
    return app


def mount_ledger(app: FastAPI, db_url: str) -> Any:
    """Mount the ledger's own app at ``/ledger``, so its middleware (body limit, strict JSON) and its handlers
    (problem+json with ``code`` and ``field``) serve every ledger request; its OpenAPI is ``/ledger/openapi.json``.
    Returns its key store."""
    from wattsandtons.ledger.api import create_app as ledger_app  # optional for the dashboard
    from wattsandtons.ledger.api import serving_switch_interval

    serving_switch_interval()  # a long ledger write hands the interpreter over every 1 ms
    sub = ledger_app(db_url, prefix="")
    app.mount("/ledger", sub)
    return sub.state.keys
