"""The card authentication route (``kiosk.server.app`` includes ``router``):
``POST /v1/card-challenges`` gives a kiosk (or the counter's staff) a fresh challenge for the
next card: 32 upper-case hex characters, single use, expiring within a minute
(``kiosk.server.cardauth``). A plain ``def`` route, run in Starlette's thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from kiosk.server.auth import Principal
from kiosk.server.guard import KIOSK, STAFF, require
from kiosk.server.guard import service_of as _service

router = APIRouter()


@router.post("/v1/card-challenges", status_code=201, tags=["kiosk"])
def card_challenge(request: Request,
                   who: Annotated[Principal, Depends(require(KIOSK, *STAFF))]
                   ) -> dict[str, Any]:
    return _service(request).cardauth.issue(who)
