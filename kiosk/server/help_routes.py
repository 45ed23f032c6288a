"""Calls for help over HTTP (``kiosk.server.help``): a kiosk asks (``POST /v1/help-requests``,
its token alone: no patient session is needed, the body names the screen only) and follows
its request (``GET /v1/help-requests/{help_id}``); staff list the open ones
(``GET /v1/help-requests?open=1``) and acknowledge one
(``POST /v1/help-requests/{help_id}/acknowledgement``).

Routes are plain ``def`` functions run in Starlette's thread pool, like the rest of the API
(``kiosk.server.app`` includes ``router``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, StringConstraints

from kiosk.server.auth import Principal
from kiosk.server.guard import KIOSK, STAFF, require
from kiosk.server.guard import service_of as _service
from kiosk.server.help import Help

router = APIRouter()
HelpId = Annotated[int, Path(ge=1, le=2**62)]


class HelpIn(BaseModel):
    """A kiosk's call for help: the screen the patient is on (a state's name), nothing else."""

    model_config = ConfigDict(extra="forbid")
    screen: Annotated[str, StringConstraints(min_length=1, max_length=32,
                                             pattern=r"^[a-z][a-z0-9_]*$")]


def _help(request: Request) -> Help:
    return Help(_service(request).context)


@router.post("/v1/help-requests", tags=["kiosk"], status_code=201,
             responses={200: {"description": "the kiosk's request already open"}})
def ask_for_help(request: Request, body: HelpIn,
                 who: Annotated[Principal, Depends(require(KIOSK))]) -> JSONResponse:
    answer, made = _help(request).ask(who, body.screen)
    return JSONResponse(answer, status_code=201 if made else 200)


@router.get("/v1/help-requests/{help_id}", tags=["kiosk"])
def help_request(request: Request, help_id: HelpId,
                 who: Annotated[Principal, Depends(require(KIOSK))]) -> dict[str, Any]:
    return _help(request).state(who, help_id)


@router.get("/v1/help-requests", tags=["staff"])
def help_requests(request: Request, _who: Annotated[Principal, Depends(require(*STAFF))],
                  open_only: Annotated[bool, Query(alias="open")] = False) -> dict[str, Any]:
    return _help(request).listing(open_only)


@router.post("/v1/help-requests/{help_id}/acknowledgement", tags=["staff"])
def acknowledge_help(request: Request, help_id: HelpId,
                     who: Annotated[Principal, Depends(require(*STAFF))]) -> dict[str, Any]:
    return _help(request).acknowledge(who, help_id)
