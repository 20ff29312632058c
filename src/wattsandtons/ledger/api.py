"""The ledger over HTTP: ``create_app(db_url)`` returns a FastAPI app with the ``/ledger/…`` routes.

Every request but ``/ledger/health`` carries ``Authorization: Bearer wt_…`` (see :mod:`wattsandtons.ledger.auth`
for the roles). Every refusal is a 4xx ``application/problem+json`` body (RFC 9457) with ``code`` and ``field``, and
changes nothing. The OpenAPI spec is at ``/openapi.json`` (interactive docs at ``/docs``).
"""

import datetime as dt
import logging
import os
import re
import sys
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from wattsandtons.errors import WattsAndTonsError
from wattsandtons.ledger.access import (
    check_sees_account,
    check_sees_lot,
    check_sees_meter,
    check_sees_row,
    owner_scope,
)
from wattsandtons.ledger.auth import MAX_KEY_LIFETIME_S, KeyStore, Principal
from wattsandtons.ledger.engine import Ledger, Reading
from wattsandtons.ledger.errors import LedgerError
from wattsandtons.ledger.group import AsyncGroups
from wattsandtons.ledger.guard import JSON_KEY, PROBLEM, BodyGuard
from wattsandtons.ledger.limits import DB_ENV, DEFAULT_URL, MAX_BATCH, MAX_READINGS, MAX_TIMEOUT_S
from wattsandtons.ledger.quantities import MAX_AMOUNT, MAX_EXACT_FLOAT
from wattsandtons.ledger.statements import ledger_statement
from wattsandtons.ledger.types import Account, Transfer

__all__ = ["app_from_env", "create_app"]

log = logging.getLogger("wattsandtons.ledger.api")

#: Requests of at most this many transfers are group-committed; a group holds at most GROUP_REQUESTS requests.
GROUP_TRANSFERS = 16
GROUP_REQUESTS = 512

Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,63}$")]
AccountName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-/]{0,127}$")]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")]
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00-\x1f\x7f]{1,128}$")]
LongText = Annotated[str, StringConstraints(pattern=r"^[^\x00]{0,1000}$")]
QuantityText = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00]*$")]
#: Numbers are strict: ``true`` is not 1. A whole JSON float (``1e6``) is an amount in the smallest unit.
Count = Annotated[int, Strict(), Field(ge=1, le=MAX_AMOUNT)]
WholeFloat = Annotated[float, Strict(), Field(ge=0, le=MAX_EXACT_FLOAT, allow_inf_nan=False)]
Amount = Count | WholeFloat | QuantityText
Timestamp = Annotated[int, Strict(), Field(ge=0, lt=2**40)] | dt.datetime


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    code: str
    field: str | None = None


class TransferIn(_In):
    id: Id
    kind: Literal["transfer", "pending", "post", "void"] = "transfer"
    debit_account: AccountName | None = None
    credit_account: AccountName | None = None
    amount: Amount | None = None
    pending_id: Id | None = None
    timeout_s: Annotated[int, Strict(), Field(ge=1, le=MAX_TIMEOUT_S)] | None = None
    metadata: dict[str, Any] | None = None


class BatchIn(_In):
    transfers: Annotated[list[TransferIn], Field(min_length=1, max_length=MAX_BATCH)]


class ReadingIn(_In):
    meter: Name
    start: Timestamp
    end: Timestamp
    amount: Annotated[int, Strict(), Field(ge=0, le=MAX_AMOUNT)] | WholeFloat | QuantityText


class ReadingsIn(_In):
    readings: Annotated[list[ReadingIn], Field(min_length=1, max_length=MAX_READINGS)]


class ConversionIn(_In):
    id: Id
    recipe: Name
    amount: Amount
    commodity: Name | None = None
    accounts: dict[Name, AccountName] | None = None
    metadata: dict[str, Any] | None = None


class RetirementIn(_In):
    id: Id
    account: AccountName
    amount: Amount
    beneficiary: Text
    lot: Annotated[int, Strict(), Field(ge=1, le=MAX_AMOUNT)] | None = None


class RetirementsIn(_In):
    retirements: Annotated[list[RetirementIn], Field(min_length=1, max_length=MAX_BATCH)]


class CommodityIn(_In):
    name: Name
    unit: Annotated[str, StringConstraints(pattern=r"^[A-Za-zµμ][A-Za-zµμ0-9_]{0,31}$")]
    mass_per_unit: QuantityText | None = None
    energy_per_unit: QuantityText | None = None
    lots: Annotated[bool, Strict()] = True
    description: LongText | None = None


class AccountIn(_In):
    name: Name
    owner: Name
    commodity: Name
    no_negative: Annotated[bool, Strict()] = True


class MeterIn(_In):
    name: Name
    owner: Name
    account: Name
    capacity: QuantityText
    location: Text
    technology: Text
    device: Text | None = None
    operator: Name | None = None
    start: Timestamp | None = None


class RecipeIn(_In):
    name: Name
    inputs: Annotated[dict[Name, Count | QuantityText], Field(min_length=1)]
    outputs: Annotated[dict[Name, Count | QuantityText], Field(min_length=1)]
    loss: dict[Name, Annotated[float, Strict(), Field(ge=0, le=1)]] | None = None
    efficiency: Annotated[float, Strict(), Field(ge=0, le=1)] | None = None
    description: LongText | None = None
    source: LongText | None = None


class KeyIn(_In):
    role: Literal["owner", "operator", "auditor", "admin"]
    subject: Name | None = None
    expires_in_s: Annotated[int, Strict(), Field(ge=1, le=MAX_KEY_LIFETIME_S)] | None = None


def _seconds(value: int | dt.datetime | None) -> int | None:
    if value is None or isinstance(value, int):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        return int(value.timestamp())
    except (OverflowError, OSError, ValueError):
        raise LedgerError("invalid_time", "time out of range", field="start") from None


def _problem(status: int, code: str, detail: str, field: str | None = None) -> JSONResponse:
    body = LedgerError(code, detail, field=field, status=status).problem()
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM: {}}, "description": text}
    for status, text in (
        (400, "malformed request body (not UTF-8 or not JSON)"),
        (401, "missing or invalid API key"),
        (403, "the key's role or subject does not allow this"),
        (404, "not found"),
        (409, "refused by the ledger's state (balance, duplicate, already done)"),
        (413, "too large"),
        (422, "invalid request"),
    )
}


def create_app(db: str | Ledger, *, title: str = "Watts & Tons ledger", prefix: str = "/ledger") -> FastAPI:
    """The ledger's FastAPI app over a database URL (or an open :class:`Ledger`).

    Its routes start with ``prefix``: ``/ledger`` when the app is served alone, ``""`` when another app mounts it at
    ``/ledger`` (:func:`wattsandtons.web.app.create_app` does), so that its middleware (body limit, strict JSON) and
    error handlers (problem+json with ``code`` and ``field``) serve every ledger request either way."""
    ledger = db if isinstance(db, Ledger) else Ledger(db)
    keys = KeyStore(ledger)
    app = FastAPI(
        title=title,
        version="1",
        description="Double-entry books in watt-hours and grams, issued only from metering. See docs/ledger.md.",
        responses=ERRORS,
    )
    app.state.ledger = ledger
    app.state.keys = keys
    bearer = HTTPBearer(auto_error=False, description="An API key: wt_<key id>_<secret>")

    def principal(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        # a plain def: the key is looked up in the database (revocation takes effect at once), in the thread pool
        return keys.authenticate(None if credentials is None else credentials.credentials)

    Who = Annotated[Principal, Depends(principal)]
    _install_handlers(app)
    router = APIRouter(prefix=prefix)
    _routes_registry(router, ledger, keys, Who)

    async def token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> str | None:
        # the bearer token only: the routes that work in one thread-pool call check it there (one hop, not two)
        return None if credentials is None else credentials.credentials

    _routes_value(router, ledger, Who, keys, Annotated[str | None, Depends(token)])
    _routes_reads(router, ledger, Who)
    _routes_audit(router, ledger, Who)
    app.include_router(router)
    _with_schemas(app)
    return app


def _install_handlers(app: FastAPI) -> None:
    app.add_middleware(BodyGuard)

    @app.exception_handler(LedgerError)
    async def ledger_error(_request: Request, exc: LedgerError) -> JSONResponse:
        return JSONResponse(exc.problem(), status_code=exc.status, media_type=PROBLEM)

    @app.exception_handler(WattsAndTonsError)
    async def own_error(_request: Request, exc: WattsAndTonsError) -> JSONResponse:
        return _problem(422, "invalid_request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        detail = "; ".join(f"{_field(e.get('loc', ())) or 'body'}: {e.get('msg', '')}" for e in errors[:5])
        return _problem(422, "invalid_request", detail[:2000], _field(first.get("loc", ())))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code if 400 <= exc.status_code < 600 else 400
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
        return _problem(status, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug if reached
        log.exception("unexpected error in the ledger API")
        body = {"type": "about:blank", "title": "internal error", "status": 500, "detail": type(exc).__name__}
        return JSONResponse(body, status_code=500, media_type=PROBLEM)


#: pydantic's names for the member of a union a value failed, which are not request fields
_UNION_TAGS = re.compile(r"^(int|float|str|bool|datetime|constrained-.*|function-.*|.*\[.*)$")


def _field(loc: Any) -> str | None:
    """A validation error's location as the request field: ``("body", "transfers", 0, "amount", "int")`` →
    ``transfers[0].amount``."""
    out = ""
    for index, part in enumerate(loc):
        if index == 0 and part in ("body", "query", "path", "header"):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif _UNION_TAGS.match(str(part)) and index == len(loc) - 1:
            continue
        else:
            out += f".{part}" if out else str(part)
    return out[:200] or None


#: Request bodies validated inside their route (see ``_validated``), added to the OpenAPI components by hand.
_SCHEMAS: dict[str, Any] = {}
M = TypeVar("M", bound=BaseModel)


def _body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of a route that validates ``model`` itself."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    _SCHEMAS.update(schema.pop("$defs", {}))
    _SCHEMAS[model.__name__] = schema
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def _validated(model: type[M], request: Request) -> M:
    """The body the guard checked (strict JSON), validated as ``model``; errors as FastAPI's (422, located)."""
    try:
        return model.model_validate(request.scope.get(JSON_KEY))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


def _with_schemas(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            spec.setdefault("components", {}).setdefault("schemas", {}).update(_SCHEMAS)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _routes_registry(router: APIRouter, ledger: Ledger, keys: KeyStore, Who: Any) -> None:
    @router.post("/commodities", status_code=201, tags=["registry"])
    def create_commodity(body: CommodityIn, who: Who) -> dict[str, Any]:
        """Register a commodity counted in an integer smallest unit (admin)."""
        who.require("admin")
        c = ledger.create_commodity(
            body.name,
            body.unit,
            mass_per_unit=body.mass_per_unit,
            energy_per_unit=body.energy_per_unit,
            lots=body.lots,
            description=body.description,
        )
        return _commodity_dict(c)

    @router.post("/accounts", status_code=201, tags=["registry"])
    def create_account(body: AccountIn, who: Who) -> dict[str, Any]:
        """Open an asset account for an owner (admin)."""
        who.require("admin")
        ledger.create_account(body.name, body.owner, body.commodity, no_negative=body.no_negative)
        return ledger.account(body.name).to_dict()

    @router.post("/meters", status_code=201, tags=["registry"])
    def register_meter(body: MeterIn, who: Who) -> dict[str, Any]:
        """Register a meter that issues into its owner's account (admin)."""
        who.require("admin")
        ledger.register_meter(
            body.name,
            owner=body.owner,
            account=body.account,
            capacity=body.capacity,
            location=body.location,
            technology=body.technology,
            device=body.device,
            operator=body.operator,
            start_s=_seconds(body.start),
        )
        return ledger.meter(body.name)

    @router.post("/recipes", status_code=201, tags=["registry"])
    def register_recipe(body: RecipeIn, who: Who) -> dict[str, Any]:
        """Register a conversion recipe (admin)."""
        who.require("admin")
        recipe = ledger.register_recipe(
            body.name,
            body.inputs,
            body.outputs,
            loss=body.loss,
            efficiency=body.efficiency,
            description=body.description,
            source=body.source,
        )
        return recipe.definition()

    @router.post("/keys", status_code=201, tags=["registry"])
    def create_key(body: KeyIn, who: Who) -> dict[str, Any]:
        """Create an API key (admin). The token is shown only in this response."""
        who.require("admin")
        made, token = keys.create(body.role, body.subject, expires_in_s=body.expires_in_s)
        return {"key_id": made.key_id, "role": made.role, "subject": made.subject, "token": token}


def _routes_value(router: APIRouter, ledger: Ledger, Who: Any, keys: KeyStore, Token: Any) -> None:
    # Every route is a plain ``def``: FastAPI runs it in its thread pool, so database work never blocks the event
    # loop (a long batch of readings holds the ledger's write lock, not the server).
    # The two routes that take thousands of items validate their body and encode their answer in the thread pool
    # too (FastAPI would do both on the event loop: ≈ 0.14 s and more for 10,000 readings).
    # Requests of a few transfers are group-committed: queued on the event loop, and each group authenticated,
    # validated and committed in one worker-thread call and one transaction (wattsandtons.ledger.group).
    groups: AsyncGroups[tuple[str | None, Request], JSONResponse] = AsyncGroups(
        lambda items: _submit_group(ledger, keys, items), run_in_threadpool, limit=GROUP_REQUESTS
    )

    @router.post("/transfers", tags=["value"], openapi_extra=_body_schema(BatchIn))
    async def submit(request: Request, token: Token) -> JSONResponse:
        """A linked batch of transfers, applied all or nothing (owner: from its own accounts)."""
        body = request.scope.get(JSON_KEY)
        items = body.get("transfers") if isinstance(body, dict) else None
        if isinstance(items, list) and len(items) <= GROUP_TRANSFERS:
            return await groups.submit((token, request))

        def work() -> JSONResponse:
            who = keys.authenticate(token)
            who.require("owner")
            body = _validated(BatchIn, request)
            transfers = [Transfer(**t.model_dump()) for t in body.transfers]
            return JSONResponse(ledger.submit(transfers, actor=who.subject).to_dict())

        return await run_in_threadpool(work)

    @router.post("/readings", tags=["value"], openapi_extra=_body_schema(ReadingsIn))
    async def readings(request: Request, token: Token) -> JSONResponse:
        """Meter readings, in order, all or nothing; each issues a lot (operator of the meters)."""

        def work() -> JSONResponse:
            who = keys.authenticate(token)
            who.require("operator")
            body = _validated(ReadingsIn, request)
            items = [
                Reading(r.meter, _seconds(r.start) or 0, _seconds(r.end) or 0, r.amount)
                for r in body.readings
            ]
            lots = ledger.record_readings(items, operator=who.subject)
            return JSONResponse({"lots": [None if lot is None else lot.to_dict() for lot in lots]})

        return await run_in_threadpool(work)

    @router.post("/conversions", tags=["value"])
    def convert(body: ConversionIn, who: Who) -> dict[str, Any]:
        """Run a recipe on the owner's accounts as one linked batch (owner)."""
        who.require("owner")
        result = ledger.convert(
            body.id,
            body.recipe,
            body.amount,
            commodity=body.commodity,
            accounts=body.accounts,
            owner=who.subject,
            metadata=body.metadata,
            actor=who.subject,
        )
        return result.to_dict()

    @router.post("/retirements", tags=["value"])
    def retire(body: RetirementIn, who: Who) -> dict[str, Any]:
        """Retire (cancel) units for a beneficiary: they leave circulation for good (owner)."""
        who.require("owner")
        return ledger.retire(
            body.id, body.account, body.amount, body.beneficiary, lot=body.lot, actor=who.subject
        ).to_dict()

    @router.post("/retirements/batch", tags=["value"])
    def retire_many(body: RetirementsIn, who: Who) -> dict[str, Any]:
        """Many retirements as one linked batch, all or nothing, in order (owner: from its own accounts)."""
        who.require("owner")
        items = [r.model_dump() for r in body.retirements]
        return ledger.retire_many(items, actor=who.subject).to_dict()


def _submit_group(
    ledger: Ledger, keys: KeyStore, requests: list[tuple[str | None, Request]]
) -> list[JSONResponse | Exception]:
    """One group of transfer requests: each authenticated and validated on its own (its refusal is its answer
    alone), the valid ones committed by :meth:`Ledger.submit_many` (one transaction for the plain ones)."""
    outcomes: list[JSONResponse | Exception | None] = [None] * len(requests)
    batches: list[tuple[list[Transfer], str | None]] = []
    where: list[int] = []
    principals = keys.authenticate_many([token for token, _ in requests])  # one read for the group
    for k, (_, request) in enumerate(requests):
        try:
            who = principals[k]
            if isinstance(who, LedgerError):
                raise who
            who.require("owner")
            body = _validated(BatchIn, request)
        except (LedgerError, RequestValidationError) as exc:
            outcomes[k] = exc
            continue
        batches.append(([Transfer(**t.model_dump()) for t in body.transfers], who.subject))
        where.append(k)
    for k, result in zip(where, ledger.submit_many(batches), strict=True):
        outcomes[k] = result if isinstance(result, LedgerError) else JSONResponse(result.to_dict())
    return [o for o in outcomes if o is not None]


def _routes_reads(router: APIRouter, ledger: Ledger, Who: Any) -> None:
    @router.get("/health", tags=["reads"])
    def health() -> dict[str, Any]:
        """Liveness and the chain head (no key needed)."""
        seq, digest = ledger.head()
        return {"status": "ok", "head_seq": seq, "head_hash": digest}

    @router.get("/commodities", tags=["reads"])
    def commodities(who: Who) -> list[dict[str, Any]]:
        return [_commodity_dict(c) for c in ledger.commodities()]

    @router.get("/recipes", tags=["reads"])
    def recipes(who: Who) -> list[dict[str, Any]]:
        return [r.definition() for r in ledger.recipes()]

    @router.get("/recipes/{name:path}", tags=["reads"])
    def recipe(name: str, who: Who) -> dict[str, Any]:
        return ledger.recipe(name).definition()

    @router.get("/accounts", tags=["reads"])
    def accounts(
        who: Who,
        owner: Annotated[str | None, Query(max_length=64)] = None,
        commodity: Annotated[str | None, Query(max_length=64)] = None,
    ) -> list[dict[str, Any]]:
        """Accounts and balances (owner: its own)."""
        who.require("owner", "auditor", "admin")
        owner = owner_scope(who.role, who.subject, owner, "accounts")
        return [b.to_dict() for b in ledger.accounts(owner=owner, commodity=commodity)]

    @router.get("/accounts/{name:path}", tags=["reads"])
    def account(name: str, who: Who) -> dict[str, Any]:
        who.require("owner", "auditor", "admin")
        found = ledger.account(name)
        check_sees_account(who.role, who.subject, found.account, name)
        return {
            **found.to_dict(),
            "lots": [{"lot": lot, "amount": amount} for lot, amount in ledger.lots_held(name)],
        }

    @router.get("/transfers/{id}", tags=["reads"])
    def transfer(id: str, who: Who) -> dict[str, Any]:
        """A journal row by id (owner: one touching its accounts)."""
        who.require("owner", "auditor", "admin")
        row = ledger.transfer_record(id)
        check_sees_row(who.role, who.subject, *_parties(ledger, row), "transfer", id)
        return row

    @router.get("/pending/{id}", tags=["reads"])
    def pending(id: str, who: Who) -> dict[str, Any]:
        who.require("owner", "auditor", "admin")
        found = ledger.pending(id)
        check_sees_row(who.role, who.subject, *_parties(ledger, found), "pending transfer", id)
        return found

    @router.get("/meters", tags=["reads"])
    def meters(who: Who) -> list[dict[str, Any]]:
        """Meters (owner: its own; operator: those it operates)."""
        if who.role == "owner":
            return ledger.meters(owner=who.subject)
        if who.role == "operator":
            return ledger.meters(operator=who.subject)
        return ledger.meters()

    @router.get("/meters/{name:path}", tags=["reads"])
    def meter(name: str, who: Who) -> dict[str, Any]:
        found = ledger.meter(name)
        check_sees_meter(who.role, who.subject, found["owner"], found["operator"], name)
        return found


def _routes_audit(router: APIRouter, ledger: Ledger, Who: Any) -> None:
    @router.get("/lots/{lot_id}", tags=["reads"])
    def lot(lot_id: Annotated[int, Path(ge=1, le=MAX_AMOUNT)], who: Who) -> dict[str, Any]:
        """A lot's origin, holders and retirements (owner: a lot issued to, held or retired by it, with only its own
        holdings and retirements)."""
        found = ledger.lot(lot_id, owner=who.subject if who.role == "owner" else None)
        operator = None if found.meter is None else ledger.catalog.meter(found.meter, "lot").operator
        issued_to = ledger.catalog.account(found.issued_to, "lot")
        check_sees_lot(who.role, who.subject, issued_to, found, operator, str(lot_id))
        return found.to_dict()

    @router.get("/statements", tags=["reads"])
    def statement(
        who: Who,
        owner: Annotated[str | None, Query(max_length=64)] = None,
        account: Annotated[str | None, Query(max_length=128)] = None,
        quantity: Literal["energy", "mass"] = "energy",
        start: Annotated[int | None, Query(ge=0, lt=2**40)] = None,
        end: Annotated[int | None, Query(ge=0, lt=2**40)] = None,
    ) -> dict[str, Any]:
        """Energy or mass statement of an owner or an account over ``[start, end)`` (Unix seconds).

        An owner key sees its own: with neither ``owner`` nor ``account`` given, the statement is its owner's.
        """
        who.require("owner", "auditor", "admin")
        if account is not None:
            found = ledger.catalog.account(account, "account")
            check_sees_account(who.role, who.subject, found, account, field="account")
        else:
            owner = owner_scope(who.role, who.subject, owner, "statements")
        made = ledger_statement(
            ledger, owner=owner, account=account, quantity=quantity, start_s=start, end_s=end
        )
        return made.to_dict()

    @router.get("/verify", tags=["reads"])
    def verify(who: Who) -> dict[str, Any]:
        """Check every invariant (auditor, admin)."""
        who.require("auditor", "admin")
        return ledger.verify().to_dict()

    @router.get("/journal", tags=["reads"])
    def journal(
        who: Who,
        after: Annotated[int, Query(ge=0, lt=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[dict[str, Any]]:
        """Journal rows after ``after`` in order, with their hashes (auditor, admin)."""
        who.require("auditor", "admin")
        return list(ledger.journal(after_seq=after, limit=limit))


def _parties(ledger: Ledger, row: dict[str, Any]) -> tuple[Account | None, Account | None]:
    """The debit and credit accounts named by a transfer or pending-transfer row."""
    debit, credit = row.get("debit_account"), row.get("credit_account")
    return (
        None if debit is None else ledger.catalog.account(debit, "id"),
        None if credit is None else ledger.catalog.account(credit, "id"),
    )


def _commodity_dict(c: Any) -> dict[str, Any]:
    return {
        "name": c.name,
        "unit": c.unit,
        "dimension": c.dimension,
        "energy_j_per_unit": c.energy_j_per_unit,
        "mass_kg_per_unit": c.mass_kg_per_unit,
        "lots": c.lots,
        "description": c.description,
    }


#: Seconds a thread may hold the interpreter before another gets it, in a server process: Python's 5 ms default
#: lets a long write (10,000 readings) delay every other request by 5 ms at each of its many hand-overs (socket,
#: database, thread pool). Measured with ``bench_ledger.py --stall`` on a shared 2-vCPU machine: other clients' slowest
#: read 107-164 ms at 5 ms, 62-73 ms at 1 ms; single-transfer throughput showed no difference beyond the noise.
SWITCH_INTERVAL_S = 0.001


def serving_switch_interval() -> None:
    """Set the interpreter's switch interval for a server process that serves the ledger (``serve``)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory``: the database URL comes from ``$WATTSANDTONS_LEDGER_DB`` (:data:`DB_ENV`)."""
    return create_app(os.environ.get(DB_ENV, DEFAULT_URL))
