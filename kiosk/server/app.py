"""The HTTP layer: ``create_app(settings)`` builds the FastAPI application over a ``Service``
(``kiosk.server.service``: the operations by area).

Routes are thin: authenticate and authorise (``Authorization: Bearer``), validate the body
(``kiosk.server.models``), call the service, return JSON. Every error, including 404, 405,
422 and 500, leaves as the envelope ``{"error": {"code", "message", "details"}}``. Access
logs carry the request id, method, route template (never ids or personal data), status and
time.

An unexpected exception is answered ``500 internal_error`` by ``RequestIdMiddleware`` and
logged with ``errors.describe`` (type, SQL without parameters, frames; never the exception's
message, which may quote personal data), so it never reaches uvicorn's own traceback logging.

Endpoints are plain ``def`` functions: Starlette runs them in its thread pool, and the
service is thread-safe. At start-up each process runs ``Settlements.resume_stale`` once
(repairs what a crash left; idempotent), off the event loop; then one daemon thread
(``kiosk.server.repair``) runs it every ``resume_stale_interval_seconds`` and
``Settlements.auto_settle`` every ``auto_settle_interval_seconds`` (safe with several workers:
both are idempotent).
"""

from __future__ import annotations

import gc
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Annotated, Any, Literal

import anyio
from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.domain.reasons import Reason
from kiosk.server import models as m
from kiosk.server.adapters import Adapters, reference_adapters
from kiosk.server.admin_routes import install_admin_routes
from kiosk.server.auth import Principal
from kiosk.server.card_routes import router as card_challenge_router
from kiosk.server.cardauth import apply_policy as apply_card_policy
from kiosk.server.config import Settings
from kiosk.server.context import Context
from kiosk.server.db import Database
from kiosk.server.docs_ui import install_docs
from kiosk.server.errors import ApiError, describe, envelope
from kiosk.server.finance_ops_routes import router as finance_ops_router
from kiosk.server.finance_routes import router as finance_router
from kiosk.server.fleet_routes import router as fleet_router
from kiosk.server.guard import (
    ADMIN,
    DEPARTMENT,
    EVERYONE,
    KIOSK,
    STAFF,
    SUPERVISOR,
    client_address,
    require,
)
from kiosk.server.guard import service_of as _service
from kiosk.server.help_routes import router as help_router
from kiosk.server.metrics import MetricsMiddleware, watch_database
from kiosk.server.migrations import LATEST, migrate
from kiosk.server.receipt_routes import router as receipt_router
from kiosk.server.refund_routes import router as refund_router
from kiosk.server.region_routes import router as region_router
from kiosk.server.repair import RepairThread
from kiosk.server.service import Service
from kiosk.server.statuses import LinkStatus

log = logging.getLogger("kiosk.server.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

IdPath = Annotated[int, Path(ge=1, le=2**53)]

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "enum": [r.value for r in Reason]},
                "message": {"type": "string"},
                "details": {},
            },
        }
    },
}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")


def log_safe(text: str, limit: int = 200) -> str:
    """``text`` for one log line: control characters (and the backslash) as ``\\xNN``
    escapes, cut to ``limit`` characters, so no request can write a line of its own."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text[:limit])


def logged_path(scope: Any) -> str:
    """The path the access log shows: the matched route's template (``/v1/visits/{visit_id}``:
    no ids, nothing the caller typed), else the raw path escaped (a 404's)."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    if isinstance(template, str):
        return template
    return log_safe(str(scope.get("path", "")))


class RequestIdMiddleware:
    """Pure ASGI: gives every request an id (``X-Request-ID`` if well-formed, else a fresh
    one) in ``request.state.request_id`` and the response header, adds ``Server-Timing:
    app;dur=<ms>`` (the server's time until the answer starts), and writes the access log
    line: id, method, the route's template (never the ids or the query string; an unmatched
    path with its control characters escaped), status, milliseconds.
    Turns an unexpected exception into ``500 internal_error`` (see the module doc)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = ""
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                given = value.decode("latin-1")
                break
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = [500]
        started_response = [False]

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                started_response[0] = True
                status[0] = message["status"]
                took = (time.perf_counter() - started) * 1000
                message["headers"] = [*message.get("headers", ()),
                                      (b"x-request-id", request_id.encode()),
                                      (b"server-timing", f"app;dur={took:.2f}".encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            log.error("request %s failed: %s", request_id, describe(exc))
            if not started_response[0]:
                body = json.dumps(envelope(Reason.INTERNAL_ERROR.value, "internal error",
                                           {"request_id": request_id})).encode()
                await send_with_id({"type": "http.response.start", "status": 500, "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())]})
                await send_with_id({"type": "http.response.body", "body": body})
        finally:
            log.info("%s %s %s %s %.1fms", request_id, log_safe(str(scope.get("method"))),
                     logged_path(scope), status[0], (time.perf_counter() - started) * 1000)


def create_app(
    settings: Settings | None = None,
    *,
    adapters: Adapters | None = None,
    clock: Callable[[], datetime] | None = None,
    apply_migrations: bool = True,
) -> FastAPI:
    """The application over ``settings.database_url``; migrations applied unless told not to.

    Tests inject ``adapters`` (e.g. a gateway that blocks mid-charge) and ``clock``.
    """
    settings = settings or Settings()
    db = Database(settings.database_url, retry_seconds=settings.database_retry_seconds)
    if apply_migrations:
        migrate(db)
    watch_database(db)
    service = Service(Context(db, settings, adapters or reference_adapters(
        db, settings.default_credit_score, settings.environment), clock))
    service.context.receipts.private_key()  # the e-receipt key: created 0600 if missing

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        repair = RepairThread(service.settlements.resume_stale, service.settlements.auto_settle,
                              settings.resume_stale_interval_seconds,
                              settings.auto_settle_interval_seconds)
        try:
            resumed = await anyio.to_thread.run_sync(service.settlements.resume_stale)
            if resumed:
                log.info("resumed settlements at start: %s", resumed)
        except Exception as exc:
            log.error("resume at start failed: %s", describe(exc))
        repair.start()
        # Everything built so far (modules, the app, its routes and models: about 100,000
        # objects) lives as long as the process: move it out of the collector's reach, so a
        # full collection walks only what requests allocate. Walking it all took 45-60 ms
        # here, a stall for every request in flight whenever a full collection came due.
        gc.collect()
        gc.freeze()
        yield
        repair.stop()
        db.dispose()

    docs_on = settings.environment != "production"
    app = FastAPI(
        title="Kiosk credit-eligibility and settlement backend",
        version="1",
        description="See docs/api.md. Money is integer fen; errors use one envelope.",
        lifespan=lifespan,
        # the description and its browsable UI only outside production (docs/server.md)
        openapi_url="/openapi.json" if docs_on else None, docs_url=None, redoc_url=None,
    )
    app.state.service = service
    app.state.settings = settings

    # ---- errors --------------------------------------------------------------------------
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
                   "type": str(e.get("type", ""))} for e in exc.errors()]
        return JSONResponse(envelope(Reason.VALIDATION_ERROR.value, "the request is malformed",
                                     {"errors": errors}), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # the framework's answer to a body it could not parse (invalid UTF-8, JSON nested
            # past the parser's depth): malformed input like any other, so 422
            return JSONResponse(envelope(Reason.VALIDATION_ERROR.value,
                                         "the request body cannot be parsed", None),
                                status_code=422)
        code = {404: Reason.NOT_FOUND, 405: Reason.METHOD_NOT_ALLOWED,
                401: Reason.UNAUTHENTICATED, 403: Reason.FORBIDDEN}.get(
            exc.status_code, Reason.VALIDATION_ERROR)
        return JSONResponse(envelope(code.value, str(exc.detail), None),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.error("request %s failed: %s", getattr(request.state, "request_id", "-"),
                  describe(exc))
        return JSONResponse(envelope(Reason.INTERNAL_ERROR.value, "internal error", {
            "request_id": getattr(request.state, "request_id", None)}), status_code=500)

    # answers over 1 kB (a long bill, the department list) go compressed to a client that asks
    # (requests does): a village clinic's link carries a few kB a second
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RequestIdMiddleware)

    # ---- public ----------------------------------------------------------------------------
    @app.get("/v1/health", tags=["public"])
    def health(request: Request) -> dict[str, Any]:
        # The backend's clock, to the millisecond: kiosks measure their drift against it.
        now = _service(request).context.now()
        return {"status": "ok", "schema_version": LATEST,
                "server_time": now.isoformat(timespec="milliseconds") + "Z"}

    @app.post("/v1/staff/sessions", status_code=201, tags=["staff"])
    def staff_login(body: m.StaffLoginIn, request: Request) -> dict[str, Any]:
        return _service(request).auth.login(body.username, body.password,
                                            client_address(request))

    @app.delete("/v1/staff/sessions/current", status_code=204, tags=["staff"])
    def staff_logout(request: Request,
                     who: Annotated[Principal, Depends(require(*STAFF))]) -> Response:
        _service(request).auth.logout(who)
        return Response(status_code=204)

    # ---- departments -----------------------------------------------------------------------
    @app.get("/v1/departments", tags=["departments"])
    def departments(request: Request,
                    _who: Annotated[Principal, Depends(require(*EVERYONE))]) -> dict[str, Any]:
        return _service(request).departments.list_all()

    @app.put("/v1/departments/{code}/queue", tags=["departments"])
    def department_queue(request: Request, body: m.QueueIn,
                         code: Annotated[str, Path(min_length=1, max_length=16,
                                                   pattern=r"^[A-Za-z0-9_-]+$")],
                         who: Annotated[Principal, Depends(require(DEPARTMENT))]
                         ) -> dict[str, Any]:
        return _service(request).departments.set_queue(who, code, body.queue_length)

    # ---- the kiosk journey ----------------------------------------------------------------
    @app.post("/v1/eligibility", tags=["kiosk"])
    def eligibility(request: Request, body: m.EligibilityIn,
                    who: Annotated[Principal, Depends(require(KIOSK, *STAFF))]
                    ) -> dict[str, Any]:
        service = _service(request)
        if who.role == KIOSK:  # the card's proof: its challenge is used up whatever follows
            finding, card_sn = service.cardauth.examine(who, body.card.card_sn, body.challenge,
                                                        body.cryptogram)
        answer, bound = service.eligibility.check(body.card, detailed=who.is_staff)
        answer.update(session_token=None, session_idle_seconds=None, card_authenticated=None)
        if who.role == KIOSK and answer["patient"] is not None:
            finding = service.cardauth.bind(answer["patient"]["patient_id"], finding, card_sn,
                                            bound)
            apply_card_policy(answer, finding, service.cardauth.required)
            answer.update(service.auth.open_patient_session(
                who, answer["patient"]["patient_id"], card_authenticated=finding is None))
            if finding is not None and service.cardauth.required:
                # an unproven card learns nothing of the patient's visits (what was done
                # is health data): it is served the traditional way, at the counter
                answer.update(open_visits=[], appointments_today=[], itinerary=None)
            else:
                answer["itinerary"] = service.visits.first_itinerary(
                    answer["patient"]["patient_id"], answer["open_visits"])
        return answer

    @app.delete("/v1/patient-sessions/current", status_code=204, tags=["kiosk"])
    def card_out(request: Request, who: Annotated[Principal, Depends(require(KIOSK))]
                 ) -> Response:
        # idempotent: a session that has already ended (the settlement ended it, or it
        # went idle) is what the kiosk asks for, so that is 204 too, never a refusal
        _service(request).auth.end_patient_session(who, "card_out")
        return Response(status_code=204)

    @app.post("/v1/visits", status_code=201, tags=["kiosk"])
    def check_in(request: Request, body: m.CheckInIn,
                 who: Annotated[Principal, Depends(require(KIOSK, *STAFF, patient_session=True))]
                 ) -> dict[str, Any]:
        return _service(request).visits.check_in(who, body.patient_id,
                                                 body.department_code, body.mode)

    @app.get("/v1/visits/{visit_id}", tags=["kiosk"])
    def get_visit(request: Request, visit_id: IdPath,
                  who: Annotated[Principal, Depends(require(*EVERYONE, patient_session=True))]
                  ) -> dict[str, Any]:
        return _service(request).visits.get(who, visit_id)

    @app.post("/v1/visits/{visit_id}/charges", status_code=201, tags=["department"],
              responses={200: {"description": "the existing charge: this his_order_id was "
                                              "posted before (a safe retry)"}})
    def post_charge(request: Request, visit_id: IdPath, body: m.ChargeIn,
                    who: Annotated[Principal, Depends(require(DEPARTMENT))]) -> JSONResponse:
        status, answer = _service(request).visits.post_charge(who, visit_id, body)
        return JSONResponse(answer, status_code=status)

    @app.post("/v1/charges/{charge_id}/performed", tags=["department"])
    def performed(request: Request, charge_id: IdPath,
                  who: Annotated[Principal, Depends(require(DEPARTMENT))]) -> dict[str, Any]:
        return _service(request).visits.mark_performed(who, charge_id)

    @app.get("/v1/visits/{visit_id}/itinerary", tags=["kiosk"])
    def itinerary(request: Request, visit_id: IdPath,
                  who: Annotated[Principal, Depends(require(KIOSK, *STAFF,
                                                            patient_session=True))]
                  ) -> dict[str, Any]:
        return _service(request).visits.itinerary(who, visit_id)

    @app.get("/v1/visits/{visit_id}/pre-settlement", tags=["kiosk"])
    def pre_settlement(request: Request, visit_id: IdPath,
                       who: Annotated[Principal, Depends(require(KIOSK, *STAFF,
                                                                 patient_session=True))]
                       ) -> dict[str, Any]:
        return _service(request).settlements.pre_settlement(who, visit_id)

    @app.post("/v1/visits/{visit_id}/settlement", status_code=201, tags=["kiosk"])
    def settle(request: Request, visit_id: IdPath, body: m.SettleIn,
               who: Annotated[Principal, Depends(require(KIOSK, *STAFF))],
               idempotency_key: Annotated[str | None, Header(
                   alias="Idempotency-Key", max_length=1000)] = None) -> JSONResponse:
        if not idempotency_key or not _IDEMPOTENCY_KEY.match(idempotency_key):
            raise ApiError(400, Reason.IDEMPOTENCY_KEY_REQUIRED,
                           "send an Idempotency-Key header of 1..128 [A-Za-z0-9._:-]")
        service = _service(request)
        # a settlement ends the patient session if nothing is left to pay (in its own
        # completing transaction)
        status, answer = service.settlements.settle(who, visit_id, idempotency_key, body)
        if status == 201:
            service.context.receipts.with_link(answer)
        return JSONResponse(answer, status_code=status)

    @app.get("/v1/visits/{visit_id}/settlement", tags=["kiosk"])
    def visit_settlement(request: Request, visit_id: IdPath,
                         who: Annotated[Principal, Depends(require(KIOSK, *STAFF,
                                                                   patient_session=True))]
                         ) -> dict[str, Any]:
        service = _service(request)
        return service.context.receipts.with_link(service.settlements.of_visit(who, visit_id))

    @app.get("/v1/settlements/by-key/{idempotency_key}", tags=["kiosk"])
    def settlement_by_key(request: Request,
                          idempotency_key: Annotated[str, Path(
                              min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")],
                          who: Annotated[Principal, Depends(require(KIOSK, *STAFF))]
                          ) -> dict[str, Any]:
        service = _service(request)
        return service.context.receipts.with_link(service.settlements.by_key(who,
                                                                             idempotency_key))

    @app.get("/v1/settlements/{settlement_id}", tags=["kiosk"])
    def get_settlement(request: Request, settlement_id: IdPath,
                       who: Annotated[Principal, Depends(require(KIOSK, *STAFF,
                                                                 patient_session=True))]
                       ) -> dict[str, Any]:
        service = _service(request)
        return service.context.receipts.with_link(service.settlements.get(settlement_id, who))

    # ---- counter ----------------------------------------------------------------------------
    @app.post("/v1/patients", status_code=201, tags=["staff"])
    def create_patient(request: Request, body: m.PatientCreateIn,
                       who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
        return _service(request).patients.create(who, body)

    @app.post("/v1/patients/search", tags=["staff"])
    def search_patient(request: Request, body: m.PatientSearchIn,
                       _who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
        return _service(request).patients.find(body.ssn.upper())

    @app.get("/v1/patients/{patient_id}", tags=["staff"])
    def patient_view(request: Request, patient_id: IdPath,
                     _who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
        return _service(request).patients.view(patient_id)

    @app.post("/v1/patients/{patient_id}/link", tags=["staff"])
    def link(request: Request, patient_id: IdPath, body: m.LinkIn,
             who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
        service = _service(request)
        card_sn = service.cardauth.for_link(who, body)  # the card read at the counter, or 409
        return service.patients.link(who, patient_id, body, card_sn=card_sn)

    @app.post("/v1/patients/{patient_id}/unlink", tags=["staff"])
    def unlink(request: Request, patient_id: IdPath, body: m.ReasonIn,
               who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
        return _service(request).patients.set_link_status(
            who, patient_id, LinkStatus.UNLINKED, (LinkStatus.LINKED, LinkStatus.SUSPENDED),
            body.reason)

    @app.post("/v1/patients/{patient_id}/suspend", tags=["staff"])
    def suspend(request: Request, patient_id: IdPath, body: m.ReasonIn,
                who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
        return _service(request).patients.set_link_status(
            who, patient_id, LinkStatus.SUSPENDED, (LinkStatus.LINKED,), body.reason)

    @app.post("/v1/patients/{patient_id}/reinstate", tags=["staff"])
    def reinstate(request: Request, patient_id: IdPath, body: m.ReasonIn,
                  who: Annotated[Principal, Depends(require(*SUPERVISOR))]) -> dict[str, Any]:
        return _service(request).patients.set_link_status(
            who, patient_id, LinkStatus.LINKED, (LinkStatus.SUSPENDED,), body.reason)

    @app.post("/v1/debts/{debt_id}/payment", tags=["staff"])
    def pay_debt(request: Request, debt_id: IdPath, body: m.DebtPaymentIn,
                 who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
        return _service(request).patients.pay_debt(who, debt_id, body.channel, body.amount_fen)

    # ---- administration ----------------------------------------------------------------------
    @app.get("/v1/reports/clearing", tags=["admin"])
    def clearing(request: Request,
                 _who: Annotated[Principal, Depends(require(*SUPERVISOR))],
                 start: Annotated[date, Query()],
                 end: Annotated[date, Query()],
                 period: Annotated[Literal["weekly", "monthly"], Query()] = "monthly",
                 ) -> dict[str, Any]:
        return _service(request).reports.clearing(period, start, end)

    @app.post("/v1/admin/auto-settle", tags=["admin"])
    def auto_settle(request: Request,
                    _who: Annotated[Principal, Depends(require(*ADMIN))]) -> dict[str, Any]:
        return _service(request).settlements.auto_settle()

    install_admin_routes(app)
    app.include_router(finance_router)
    app.include_router(refund_router)
    app.include_router(finance_ops_router)
    app.include_router(fleet_router)
    app.include_router(card_challenge_router)
    app.include_router(region_router)
    app.include_router(receipt_router)
    app.include_router(help_router)
    _install_openapi(app)
    if docs_on:
        install_docs(app)
    return app


def _install_openapi(app: FastAPI) -> None:
    """Describe errors as our envelope (FastAPI's default 422 schema is not what we send)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps.pop("ValidationError", None)
        comps["HTTPValidationError"] = ERROR_SCHEMA
        comps["Error"] = ERROR_SCHEMA
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer"}}
        for path, ops in schema.get("paths", {}).items():
            for op in ops.values():
                if path not in ("/v1/health", "/v1/staff/sessions",
                                "/v1/receipts/public-key") or op.get(
                        "operationId", "").startswith("staff_logout"):
                    op["security"] = [{"bearer": []}]
                op.setdefault("responses", {}).setdefault("default", {
                    "description": "error", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
