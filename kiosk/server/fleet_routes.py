"""Fleet monitoring over HTTP: kiosks' heartbeats in (``POST /v1/kiosk/heartbeat``), the
supervisors' fleet view out (``GET /v1/fleet``), and the Prometheus metrics
(``GET /metrics``, only to ``metrics_networks``; ``kiosk.server.metrics``).

Routes are plain ``def`` functions run in Starlette's thread pool, like the rest of the API
(``kiosk.server.app`` includes ``router``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kiosk.domain.reasons import Reason
from kiosk.server import metrics
from kiosk.server.auth import Principal
from kiosk.server.errors import ApiError
from kiosk.server.fleet import Fleet
from kiosk.server.guard import KIOSK, SUPERVISOR, client_address, require
from kiosk.server.guard import service_of as _service
from kiosk.server.models import HeartbeatIn

router = APIRouter()


@router.post("/v1/kiosk/heartbeat", status_code=204, tags=["kiosk"])
def heartbeat(request: Request, body: HeartbeatIn,
              who: Annotated[Principal, Depends(require(KIOSK))]) -> Response:
    Fleet(_service(request).context).record(who, body)
    metrics.HEARTBEATS.inc()
    return Response(status_code=204)


@router.get("/v1/fleet", tags=["staff"])
def fleet(request: Request,
          _who: Annotated[Principal, Depends(require(*SUPERVISOR))]) -> dict[str, Any]:
    return Fleet(_service(request).context).view()


@router.get(metrics.METRICS_PATH, include_in_schema=False)
def prometheus_metrics(request: Request) -> Response:
    if not metrics.allowed(client_address(request),
                           _service(request).context.settings.metrics_networks):
        raise ApiError(404, Reason.NOT_FOUND, "not found")  # as if there were none
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
