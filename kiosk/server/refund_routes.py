"""The routes of fee corrections and partial refunds (an ``APIRouter`` that ``create_app``
includes): a department voiding or correcting its charge while the visit is open
(``kiosk.server.fee_details``), a supervisor refunding selected items of a settlement with an
``Idempotency-Key`` (``kiosk.server.refunds``).

Routes are thin: authorise, validate, call the service, return JSON. Plain ``def`` endpoints,
run in Starlette's thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import Field, model_validator

from kiosk.server import models as m
from kiosk.server.auth import Principal
from kiosk.server.finance_routes import IdempotencyKey, IdPath, Supervisor, checked_key
from kiosk.server.guard import DEPARTMENT, require, service_of

router = APIRouter()

Department = Annotated[Principal, Depends(require(DEPARTMENT))]
ChargeId = Annotated[int, Field(strict=True, ge=1, le=2**53)]


class CorrectionIn(m.Model):
    """The corrected fields (at least one) and why."""

    reason: m.Reason500
    item_code: Annotated[str, m.text(32)] | None = None
    name: Annotated[str, m.text(128)] | None = None
    category: Literal["consultation", "drug", "lab", "imaging", "procedure"] | None = None
    insurance_class: Literal["A", "B", "C"] | None = None
    unit_price_fen: m.Fen | None = None
    quantity: Annotated[int, Field(strict=True, ge=1, le=1000)] | None = None

    @model_validator(mode="after")
    def _something_changes(self) -> CorrectionIn:
        if not self.changes():
            raise ValueError("name at least one field to correct")
        return self

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if k != "reason" and v is not None}


class RefundIn(m.Model):
    charge_ids: Annotated[list[ChargeId], Field(min_length=1, max_length=200)]
    reason: m.Reason500


@router.post("/v1/charges/{charge_id}/void", tags=["department"],
             responses={409: {"description": "the visit is settled or closed "
                                             "(visit_closed), or the charge was voided or "
                                             "corrected already (amount_changed)"}})
def void_charge(request: Request, charge_id: IdPath, body: m.ReasonIn,
                who: Department) -> dict[str, Any]:
    return service_of(request).fee_details.void(who, charge_id, body.reason)


@router.post("/v1/charges/{charge_id}/correction", status_code=201, tags=["department"],
             responses={409: {"description": "as for a void, or the correction passes the "
                                             "patient's available credit"}})
def correct_charge(request: Request, charge_id: IdPath, body: CorrectionIn,
                   who: Department) -> dict[str, Any]:
    return service_of(request).fee_details.correct(who, charge_id, body.changes(),
                                                   body.reason)


@router.post("/v1/settlements/{settlement_id}/refunds", tags=["staff"],
             responses={409: {"description": "not refundable (reversed, items refunded "
                                             "already or not the settlement's, declined by "
                                             "the gateway) or still running"}})
def refund(request: Request, settlement_id: IdPath, body: RefundIn, who: Supervisor,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    key = checked_key(idempotency_key, required=True)
    assert key is not None
    status, answer = service_of(request).settlements.refunds.refund(
        who, settlement_id, body.charge_ids, body.reason, key)
    return JSONResponse(answer, status_code=status)
