"""The backend's Prometheus metrics (``GET /metrics``, text format; docs/server.md
"Monitoring"): request latency per route template, settlements by outcome, the database
pool's use, failover events (``kiosk.server.db``: retries and lost connections), kiosk
heartbeats received.

Labels never carry ids, paths as typed or personal data: a route is its template
(``/v1/visits/{visit_id}``), an unmatched path is ``unmatched``, an outcome is a payment
status or an error code. With several uvicorn workers, prometheus-client's multiprocess mode
applies when ``PROMETHEUS_MULTIPROC_DIR`` names an empty directory before the server starts:
each worker writes its values there and any worker's ``/metrics`` answers the sum.

``MetricsMiddleware`` is pure ASGI and runs on the event loop; ``watch_database`` hooks the
engine's pool events and the failover counters, which fire on the threads using the database.
prometheus-client's metrics are thread-safe.
"""

from __future__ import annotations

import ipaddress
import json
import os
import time
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY
from sqlalchemy import event

from kiosk.server.db import Database

# seconds: a kiosk step should answer within 50 ms at p99; a failover holds requests ~15 s
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0)
SETTLE_ROUTE = ("POST", "/v1/visits/{visit_id}/settlement")
METRICS_PATH = "/metrics"

REQUEST_SECONDS = Histogram(
    "kiosk_http_request_duration_seconds",
    "Time until the answer started, per route template and method",
    ["method", "route"], buckets=LATENCY_BUCKETS)
REQUESTS = Counter("kiosk_http_requests", "Requests answered, per route template and status",
                   ["method", "route", "status"])
SETTLEMENTS = Counter(
    "kiosk_settlement_requests",
    "Answers to settlement requests by outcome: a payment status (charged, declined, failed, "
    "counter) or the error code of a refusal, 'error' for a 5xx", ["outcome"])
POOL_IN_USE = Gauge("kiosk_db_pool_connections_in_use", "Database connections checked out",
                    multiprocess_mode="livesum")
POOL_CAPACITY = Gauge("kiosk_db_pool_connections_max",
                      "Database connections the pool may open (size plus overflow)",
                      multiprocess_mode="livesum")
FAILOVER_EVENTS = Counter(
    "kiosk_db_failover_events",
    "Database failover events: 'retry' (a transaction's start retried on a fresh connection), "
    "'gave_up' (still failing after database_retry_seconds), 'lost_in_flight' (a connection "
    "lost or read-only inside a transaction)", ["kind"])
HEARTBEATS = Counter("kiosk_heartbeats_received", "Kiosk heartbeats received")
for _kind in ("retry", "gave_up", "lost_in_flight"):
    FAILOVER_EVENTS.labels(kind=_kind)  # present from the start, so rate() sees the first one


def route_label(scope: dict[str, Any]) -> str:
    """The route's template, or ``unmatched`` (never what the caller typed)."""
    template = getattr(scope.get("route"), "path", None)
    return template if isinstance(template, str) else "unmatched"


def settlement_outcome(status: int, body: bytes) -> str:
    """What a settlement request ended in, from its answer: the payment status of a
    settlement (201), the error code of a refusal, ``error`` for a server failure."""
    if status >= 500:
        return "error"
    try:
        answer = json.loads(body)
    except ValueError:
        return "unreadable"
    if not isinstance(answer, dict):
        return "unreadable"
    if status < 300:
        payment = answer.get("payment")
        return str(payment.get("status")) if isinstance(payment, dict) else "completed"
    error = answer.get("error")
    return str(error.get("code")) if isinstance(error, dict) else f"http_{status}"


class MetricsMiddleware:
    """Pure ASGI: times every request to the start of its answer and counts it per route
    template and status; reads the answer of a settlement request for its outcome."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") == METRICS_PATH:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]
        body: list[bytes] = []
        timed = [False]

        async def observe(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                timed[0] = True
                REQUEST_SECONDS.labels(scope["method"], route_label(scope)).observe(
                    time.perf_counter() - started)
            elif message["type"] == "http.response.body" and (
                    scope["method"], route_label(scope)) == SETTLE_ROUTE:
                body.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            route = route_label(scope)
            if not timed[0]:
                REQUEST_SECONDS.labels(scope["method"], route).observe(
                    time.perf_counter() - started)
            REQUESTS.labels(scope["method"], route, str(status[0])).inc()
            if (scope["method"], route) == SETTLE_ROUTE:
                SETTLEMENTS.labels(settlement_outcome(status[0], b"".join(body))).inc()


def watch_database(db: Database) -> None:
    """Pool use and failover events of ``db`` into the metrics."""
    pool = db.engine.pool
    size = getattr(pool, "size", lambda: 0)()
    overflow = max(0, getattr(pool, "_max_overflow", 0))
    POOL_CAPACITY.set(size + overflow)
    event.listen(pool, "checkout", lambda *_args: POOL_IN_USE.inc())
    event.listen(pool, "checkin", lambda *_args: POOL_IN_USE.dec())
    db.failovers.listeners.append(lambda kind: FAILOVER_EVENTS.labels(kind=kind).inc())


def allowed(address: str, networks: list[str]) -> bool:
    """Whether a scraper at ``address`` may read the metrics (``metrics_networks``)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n, strict=False) for n in networks)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format: this process's, or every worker's when
    ``PROMETHEUS_MULTIPROC_DIR`` is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(DEFAULT_REGISTRY), CONTENT_TYPE_LATEST
