"""The finance office's routes (an ``APIRouter`` that ``create_app`` includes): the reversal of a
settlement, exactly once with an ``Idempotency-Key`` (``kiosk.server.reversal``).

Routes are thin, like ``kiosk.server.app``'s: authorise, validate, call the service, return
JSON. Plain ``def`` endpoints, run in Starlette's thread pool.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse

from kiosk.domain.reasons import Reason
from kiosk.server import models as m
from kiosk.server.auth import Principal
from kiosk.server.errors import ApiError
from kiosk.server.guard import SUPERVISOR, require, service_of

router = APIRouter()

IdPath = Annotated[int, Path(ge=1, le=2**53)]
Supervisor = Annotated[Principal, Depends(require(*SUPERVISOR))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=1000)]
_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def checked_key(key: str | None, *, required: bool) -> str | None:
    """The ``Idempotency-Key`` header if well-formed; ``400 idempotency_key_required`` if it is
    malformed, or missing where ``required``."""
    if key is None and not required:
        return None
    if not key or not _KEY.match(key):
        raise ApiError(400, Reason.IDEMPOTENCY_KEY_REQUIRED,
                       "send an Idempotency-Key header of 1..128 [A-Za-z0-9._:-]")
    return key


@router.post("/v1/settlements/{settlement_id}/reversal", tags=["staff"],
             responses={409: {"description": "already reversed (with its refund), too old, "
                                             "declined by the gateway, or still running"}})
def reversal(request: Request, settlement_id: IdPath, body: m.ReasonIn, who: Supervisor,
             idempotency_key: IdempotencyKey = None) -> JSONResponse:
    status, answer = service_of(request).settlements.reverse(
        who, settlement_id, body.reason, checked_key(idempotency_key, required=False))
    return JSONResponse(answer, status_code=status)
