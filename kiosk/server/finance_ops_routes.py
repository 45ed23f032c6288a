"""The finance office's operations routes (an ``APIRouter`` that ``create_app`` includes): the
unresolved list and its resolution (``kiosk.server.finance_ops``), the per-settlement export
and the reconcile run (``kiosk.server.reconcile``), and the rehearsal's scripted faults
(``kiosk.server.rehearsal``: demo and test configurations only, 404 in production).

Routes are thin: authorise, validate, call, return JSON. Plain ``def`` endpoints, run in
Starlette's thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from kiosk.server import models as m
from kiosk.server.auth import Principal
from kiosk.server.finance_ops import FinanceOps
from kiosk.server.guard import SUPERVISOR, require, service_of
from kiosk.server.reconcile import Reconciliation, export_csv, parse_period
from kiosk.server.rehearsal import MAX_DELAY_MS, MAX_TIMES, Rehearsal

router = APIRouter()

IdPath = Annotated[int, Path(ge=1, le=2**53)]
Supervisor = Annotated[Principal, Depends(require(*SUPERVISOR))]


class ReconcileIn(m.Model):
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    to: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None


class FaultIn(m.Model):
    target: Literal["gateway", "insurer"]
    operation: Literal["charge", "refund", "lookup", "eligibility", "balance"]
    fault: Literal["decline", "timeout", "unknown", "slow"]
    times: Annotated[int, Field(strict=True, ge=1, le=MAX_TIMES)] = 1
    patient_id: Annotated[int, Field(strict=True, ge=1, le=2**53)] | None = None
    delay_ms: Annotated[int, Field(strict=True, ge=0, le=MAX_DELAY_MS)] = 0


def finance_ops(request: Request) -> FinanceOps:
    service = service_of(request)
    return FinanceOps(service.context, service.settlements)


def rehearsal(request: Request) -> Rehearsal:
    ctx = service_of(request).context
    return Rehearsal(ctx.db, ctx.settings.environment)


@router.get("/v1/finance/unresolved", tags=["staff"])
def unresolved(request: Request, _who: Supervisor,
               older_than_seconds: Annotated[int | None, Query(ge=0, le=86_400 * 30)] = None,
               ) -> dict[str, Any]:
    return finance_ops(request).unresolved(older_than_seconds)


@router.post("/v1/finance/unresolved/{settlement_id}/resolution", tags=["staff"],
             responses={409: {"description": "the outcome is known already, or the gateway "
                                             "still does not answer"}})
def resolve(request: Request, settlement_id: IdPath, who: Supervisor,
            kind: Annotated[str, Query(max_length=16)] = "settlement") -> dict[str, Any]:
    return finance_ops(request).resolve(who, settlement_id, kind)


@router.get("/v1/reports/settlements", tags=["admin"],
            responses={200: {"content": {"text/csv": {}}}})
def settlements_export(request: Request, _who: Supervisor,
                       start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
                       end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
                       format: Annotated[Literal["json", "csv"], Query()] = "json",
                       ) -> Response:
    ctx = service_of(request).context
    first, last = parse_period(start, end, ctx.today())
    export = Reconciliation(ctx).export(first, last)
    if format == "csv":
        return Response(export_csv(export["settlements"]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="settlements-'
                                 f'{export["from"]}-{export["to"]}.csv"'})
    return JSONResponse(export)


@router.post("/v1/finance/reconciliations", tags=["admin"])
def reconciliation(request: Request, body: ReconcileIn, who: Supervisor) -> dict[str, Any]:
    ctx = service_of(request).context
    first, last = parse_period(body.date, body.to, ctx.today())
    return Reconciliation(ctx).reconcile(who, first, last)


# the rehearsal exists only in demo and development (test) configurations: it is not in the
# OpenAPI description, which production serves too (and which the fuzzer would script faults
# through); docs/api.md documents it
@router.post("/v1/admin/rehearsal/faults", status_code=201, include_in_schema=False)
def add_fault(request: Request, body: FaultIn, _who: Supervisor) -> dict[str, Any]:
    return rehearsal(request).add(body.target, body.operation, body.fault, times=body.times,
                                  patient_id=body.patient_id, delay_ms=body.delay_ms,
                                  now=service_of(request).context.now())


@router.get("/v1/admin/rehearsal/faults", include_in_schema=False)
def list_faults(request: Request, _who: Supervisor) -> dict[str, Any]:
    return {"faults": rehearsal(request).faults()}


@router.delete("/v1/admin/rehearsal/faults", include_in_schema=False)
def clear_faults(request: Request, _who: Supervisor) -> dict[str, Any]:
    return {"cleared": rehearsal(request).clear()}
