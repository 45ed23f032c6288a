"""The HTTP transport under every backend call: one bounded, logged, typed request at a time.

What it guarantees for each call:

- ``requests`` with ``trust_env = False`` (no proxy, netrc or CA bundle from the environment),
  TLS verified against the configured CA bundle (``verify=<path>``, never ``False``), the
  optional client certificate, ``Authorization: Bearer <kiosk token>``, an ``X-Request-ID``
  correlation id per call (kept across its retries), no redirects followed;
- a connect timeout and a read timeout on every attempt, and an overall deadline for the
  whole call: the body is read with ``stream=True`` in chunks, and a watchdog shuts the
  socket down when the deadline passes, so a server that drips one byte a second (even in
  its headers) cannot hold the kiosk longer than the deadline;
- retries with exponential backoff and jitter only for GET (reads and status queries), and
  only while the deadline leaves room; a POST is sent exactly once (the settlement POST is
  retried by its caller, the journal's outbox, with the same idempotency key);
- every failure comes out as one of the errors in ``kiosk.client.errors``;
- logs name the operation, method, status, duration and request id, never a path, a body,
  a query or the server's message text (they may carry personal data).

The decisions are pure functions, tested directly: ``check_config``, ``plan_request``,
``encode_json``, ``should_retry``, ``backoff_delay``, ``reuse_limit`` and ``warm_interval``
here, ``decode_response`` and ``classify_exception`` in ``kiosk.client.answers``.
``Transport`` only does what they decide.

Connections: one ``requests.Session`` per ``Transport``, shared by every thread, over one
bounded pool (``kiosk.client.deadline``): a call reuses the connection the last one left, so
a step costs one round trip, not a new TCP connection (and TLS handshake) each time. A kept
connection is reused only while the server still keeps it (``BackendConfig.keep_alive``, less
a margin for a slow link: ``reuse_limit``); while a patient is at the screen the connection is
kept warm with a cheap request (``keep_warm``, ``kiosk.client.keepwarm``). Answers are asked
for gzip-compressed (``Accept-Encoding``) and unpacked as they are read, the size limit
counting the unpacked bytes. ``close()`` closes every kept connection. ``round_trips()``
tells how long the last few answered calls took (retries included): what the kiosk judges
the link's speed by.

Threads: ``Transport.request`` blocks for up to the deadline, so it must never be called on
the GUI thread; call it from the background-work helper. Any number of worker threads may
use one ``Transport`` at once; ``keep_warm``, ``round_trips`` and ``close`` may be called
from any thread.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from ipaddress import ip_address
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests

from kiosk.client.answers import (
    classify_exception,
    decode_response,
)
from kiosk.client.deadline import DeadlineWatch, new_session, tls_resumptions
from kiosk.client.deadline import current as deadline_current
from kiosk.client.errors import (
    BackendError,
    BackendFailure,
    BackendOffline,
    BackendRejected,
    BackendTimeout,
    BackendTlsError,
)
from kiosk.client.keepwarm import KeepWarm

log = logging.getLogger("kiosk.client")

MAX_RESPONSE_BYTES = 2 * 1024 * 1024
READ_CHUNK_BYTES = 4096
USER_AGENT = "kiosk-client/0.1"
# docs/api.md: the server echoes X-Request-ID of up to 64 of these; idempotency keys are
# 1..128 of [A-Za-z0-9._:-].
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")
IDEMPOTENCY_KEY_RE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
SESSION_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
RETRYABLE_METHODS = frozenset({"GET", "HEAD"})
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# How many answered calls' durations ``Transport.round_trips`` keeps.
ROUND_TRIPS_KEPT = 5
# A kept connection is reused only this much sooner than the server's keep-alive ends: its
# close and our request may cross on a link with a round trip of up to a second.
KEEP_ALIVE_MARGIN = 1.5


@dataclass(frozen=True, slots=True)
class BackendConfig:
    """Where the backend is and how long the kiosk will wait for it (seconds).

    ``ca_bundle`` is the PEM file the server certificate must chain to (None: the system
    store); ``client_cert`` is ``(certificate.pem, key.pem)`` for mutual TLS. ``deadline``
    bounds a whole call including its retries. Plain ``http://`` is refused except to a
    loopback address, unless ``allow_plain_http`` says otherwise. ``keep_alive`` is how long
    the server (or the proxy in front of it) keeps an idle connection open: the reference
    server keeps it 75 s (its ``keep_alive_seconds``; uvicorn's own default is 5 s), longer than
    the kiosk's heartbeat (60 s), so a kiosk waiting for a patient keeps its connection and
    the first step after a quiet spell costs no new TCP and TLS handshake; 0 means the server
    keeps none, and every call opens a connection.
    """

    base_url: str
    token: str = field(default="", repr=False)
    ca_bundle: str | None = None
    client_cert: tuple[str, str] | None = None
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    deadline: float = 10.0
    max_attempts: int = 3
    backoff_base: float = 0.25
    backoff_cap: float = 2.0
    allow_plain_http: bool = False
    keep_alive: float = 75.0

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BackendConfig:
        """A checked config from settings (e.g. the journal's): unknown keys, wrong types and
        bad values raise ``ValueError`` naming the key. ``client_cert`` is a 2-item list."""
        if not isinstance(data, Mapping):
            raise ValueError("backend settings must be a mapping")
        types: dict[str, tuple[type, ...]] = {
            "base_url": (str,), "token": (str,), "ca_bundle": (str, type(None)),
            "client_cert": (list, tuple, type(None)), "connect_timeout": (int, float),
            "read_timeout": (int, float), "deadline": (int, float), "max_attempts": (int,),
            "backoff_base": (int, float), "backoff_cap": (int, float),
            "allow_plain_http": (bool,), "keep_alive": (int, float),
        }
        for key, value in data.items():
            if key not in types:
                raise ValueError(f"{key}: unknown backend setting")
            wanted = types[key]
            if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
                raise ValueError(f"{key}: wrong type {type(value).__name__}")
        if "base_url" not in data:
            raise ValueError("base_url: is required")
        values = dict(data)
        cert = values.get("client_cert")
        if cert is not None:
            if len(cert) != 2 or not all(isinstance(part, str) for part in cert):
                raise ValueError("client_cert: must be [certificate path, key path]")
            values["client_cert"] = (cert[0], cert[1])
        config = cls(**values)
        check_config(config)
        return config


@dataclass(frozen=True, slots=True)
class RequestPlan:
    """Everything one attempt sends: what ``requests.Session.request`` receives."""

    method: str
    url: str
    headers: Mapping[str, str] = field(repr=False)
    body: bytes | None = field(repr=False)
    timeout: tuple[float, float]
    verify: str | bool
    cert: tuple[str, str] | None

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "headers": dict(self.headers),
            "data": self.body,
            "timeout": self.timeout,
            "verify": self.verify,
            "cert": self.cert,
            "allow_redirects": False,
            "stream": True,
        }


def new_request_id() -> str:
    return uuid.uuid4().hex


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def check_config(config: BackendConfig) -> None:
    """Raise ``ValueError`` naming the first thing wrong with ``config``."""
    parts = urlsplit(config.base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("base_url must be an http(s) URL with a host")
    if parts.query or parts.fragment:
        raise ValueError("base_url must not carry a query or fragment")
    if (
        parts.scheme == "http"
        and not config.allow_plain_http
        and not _is_loopback(parts.hostname)
    ):
        raise ValueError("plain http is only allowed to a loopback address; use https")
    for name in ("connect_timeout", "read_timeout", "deadline"):
        if not getattr(config, name) > 0:
            raise ValueError(f"{name} must be positive")
    if config.max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if config.keep_alive < 0:
        raise ValueError("keep_alive must not be negative")
    if config.backoff_base < 0 or config.backoff_cap < 0:
        raise ValueError("backoff must not be negative")
    if config.client_cert is not None and len(config.client_cert) != 2:
        raise ValueError("client_cert must be (certificate path, key path)")
    if any(c in config.token for c in "\r\n"):
        raise ValueError("token must be a single line")


def reuse_limit(keep_alive: float) -> float:
    """Seconds a kept connection may sit idle and still be reused, given the server's
    keep-alive (0: never reused)."""
    return max(0.0, keep_alive - KEEP_ALIVE_MARGIN)


def warm_interval(keep_alive: float) -> float:
    """Seconds between keep-warm pings: well within ``reuse_limit`` (0: no pings, nothing
    to keep)."""
    return 0.8 * reuse_limit(keep_alive)


def path_of(*segments: str | int) -> str:
    """``path_of("visits", 7, "bill") -> "/visits/7/bill"``, each segment percent-quoted."""
    return "".join("/" + quote(str(s), safe="") for s in segments)


def _reject_floats(value: Any, where: str = "body") -> None:
    if isinstance(value, float):
        raise TypeError(f"{where} holds a float; money and counts are integers")
    if isinstance(value, Mapping):
        for key, item in value.items():
            _reject_floats(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _reject_floats(item, f"{where}[{index}]")


def encode_json(body: Any) -> bytes:
    """UTF-8 JSON for a request body. Floats are refused: money travels as integer fen."""
    _reject_floats(body)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def plan_request(
    config: BackendConfig,
    method: str,
    path: str,
    *,
    request_id: str,
    remaining: float,
    body: Any = None,
    query: Mapping[str, str | int] | None = None,
    idempotency_key: str | None = None,
    patient_session: str | None = None,
) -> RequestPlan:
    """Decide one attempt: URL, headers, encoded body, timeouts capped by the time left.
    ``patient_session``: the eligibility answer's session token, sent as
    ``X-Patient-Session`` (a kiosk's calls about that patient's visits)."""
    if not path.startswith("/"):
        raise ValueError("path must start with /")
    if not REQUEST_ID_RE.fullmatch(request_id):
        raise ValueError("request id must be 1..64 of [A-Za-z0-9._-]")
    url = config.base_url.rstrip("/") + path
    if query:
        url += "?" + urlencode({k: str(v) for k, v in query.items()})
    headers = {
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        "X-Request-ID": request_id,
    }
    if config.token:
        headers["Authorization"] = f"Bearer {config.token}"
    if idempotency_key is not None:
        if not IDEMPOTENCY_KEY_RE.fullmatch(idempotency_key):
            raise ValueError("idempotency key must be 1..128 of [A-Za-z0-9._:-]")
        headers["Idempotency-Key"] = idempotency_key
    if patient_session is not None:
        if not SESSION_TOKEN_RE.fullmatch(patient_session):
            raise ValueError("patient session must be 1..256 of [A-Za-z0-9_-]")
        headers["X-Patient-Session"] = patient_session
    data = None
    if body is not None:
        data = encode_json(body)
        headers["Content-Type"] = "application/json; charset=utf-8"
    left = max(remaining, 0.001)
    verify: str | bool = True
    if urlsplit(url).scheme == "https" and config.ca_bundle:
        verify = config.ca_bundle
    return RequestPlan(
        method=method.upper(),
        url=url,
        headers=headers,
        body=data,
        timeout=(min(config.connect_timeout, left), min(config.read_timeout, left)),
        verify=verify,
        cert=(config.client_cert[0], config.client_cert[1]) if config.client_cert else None,
    )


def should_retry(method: str, error: BackendError, attempt: int, max_attempts: int) -> bool:
    """True when a failed attempt ``attempt`` (1-based) of ``method`` may be tried again."""
    if method.upper() not in RETRYABLE_METHODS or attempt >= max_attempts:
        return False
    if isinstance(error, BackendTlsError):
        return False
    if isinstance(error, BackendTimeout):
        return error.kind != "deadline"
    if isinstance(error, BackendOffline):
        return True
    if isinstance(error, BackendRejected):
        return error.http_status == 429
    if isinstance(error, BackendFailure):
        return error.http_status in RETRYABLE_STATUSES
    return False


def backoff_delay(
    attempt: int, base: float, cap: float, rand: Callable[[], float] = random.random
) -> float:
    """Seconds to wait after failed attempt ``attempt`` (1-based): exponential, capped, with
    "equal jitter" (half fixed, half random) so kiosks that lost the backend together do not
    come back in step."""
    ceiling: float = min(cap, base * (2 ** (attempt - 1)))
    return ceiling / 2 + rand() * ceiling / 2


# --- the transport ---------------------------------------------------------------------------


class Transport:
    """Sends planned requests and turns their outcome into JSON or a ``BackendError``.

    ``sleep``, ``clock`` and ``rand`` are injectable so retry tests need not wait.
    """

    def __init__(
        self,
        config: BackendConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
    ) -> None:
        check_config(config)
        self.config = config
        self._sleep, self._clock, self._rand = sleep, clock, rand
        self._lock = threading.Lock()
        self._shared = new_session(reuse_limit(config.keep_alive))
        self._closed = False
        self._round_trips: deque[float] = deque(maxlen=ROUND_TRIPS_KEPT)
        every = warm_interval(config.keep_alive)
        self._warm = KeepWarm(
            lambda: self.request("GET", "/v1/health", op="keep_warm", deadline=every), every)

    def _session(self, op: str, rid: str) -> requests.Session:
        with self._lock:
            if self._closed:
                raise BackendOffline("client is closed", op=op, request_id=rid)
            return self._shared

    def keep_warm(self, seconds: float) -> None:
        """Keep the connection warm for ``seconds`` from now (a patient is at the screen);
        0 stops at once (the patient has gone)."""
        self._warm.hold(seconds)

    def round_trips(self) -> tuple[float, ...]:
        """How long the last few answered calls took, in seconds, oldest first."""
        with self._lock:
            return tuple(self._round_trips)

    def tls_resumptions(self) -> int:
        """How many of this transport's TLS handshakes resumed an earlier session."""
        return tls_resumptions(self._shared)

    @property
    def warm_pings(self) -> int:
        """Keep-warm pings sent so far."""
        return self._warm.pings

    def close(self) -> None:
        """Close every kept connection. Later calls raise ``BackendOffline``."""
        with self._lock:
            self._closed = True
        self._warm.close()
        self._shared.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        op: str,
        body: Any = None,
        query: Mapping[str, str | int] | None = None,
        idempotency_key: str | None = None,
        request_id: str | None = None,
        deadline: float | None = None,
        patient_session: str | None = None,
    ) -> Any:
        """One call: the decoded JSON of the 2xx answer (None when empty), or a BackendError.

        GET is retried (backoff with jitter) while the deadline leaves room; other methods
        are sent once. ``deadline`` overrides the configured one for this call.
        """
        method = method.upper()
        rid = request_id or new_request_id()
        started = self._clock()
        end = started + (deadline if deadline is not None else self.config.deadline)
        attempt = 0
        while True:
            attempt += 1
            try:
                result, status = self._attempt(method, path, op, rid, end, body, query,
                                               idempotency_key, patient_session)
            except BackendError as err:
                elapsed_ms = (self._clock() - started) * 1000
                retry = should_retry(method, err, attempt, self.config.max_attempts)
                delay = 0.0
                if retry:
                    delay = backoff_delay(
                        attempt, self.config.backoff_base, self.config.backoff_cap, self._rand
                    )
                    retry = self._clock() + delay < end
                log.warning(
                    "backend %s %s attempt %d failed: %s%s after %.0f ms%s [request %s]",
                    op, method, attempt, type(err).__name__, _log_detail(err), elapsed_ms,
                    f", retrying in {delay:.2f} s" if retry else "", rid,
                )
                if not retry:
                    raise
                self._sleep(delay)
                continue
            elapsed = self._clock() - started
            with self._lock:
                self._round_trips.append(elapsed)
            log.info(
                "backend %s %s -> %d in %.0f ms (attempt %d) [request %s]",
                op, method, status, elapsed * 1000, attempt, rid,
            )
            return result

    def _attempt(
        self,
        method: str,
        path: str,
        op: str,
        rid: str,
        end: float,
        body: Any,
        query: Mapping[str, str | int] | None,
        idempotency_key: str | None,
        patient_session: str | None = None,
    ) -> tuple[Any, int]:
        remaining = end - self._clock()
        if remaining <= 0:
            raise BackendTimeout(
                "the call's deadline passed", kind="deadline", op=op, request_id=rid,
                outcome_unknown=False,
            )
        plan = plan_request(
            self.config, method, path, request_id=rid, remaining=remaining, body=body,
            query=query, idempotency_key=idempotency_key, patient_session=patient_session,
        )
        session = self._session(op, rid)
        watch = DeadlineWatch(remaining)
        deadline_current.watch = watch
        watch.start()
        self._warm.begin()
        try:
            try:
                response = session.request(**plan.as_kwargs())
            except Exception as exc:
                raise classify_exception(
                    exc, deadline_passed=watch.fired or self._clock() >= end,
                    op=op, request_id=rid,
                ) from exc
            try:
                raw = self._read_body(response, end, op, rid)
            except BackendError:
                raise
            except Exception as exc:
                raise classify_exception(
                    exc, deadline_passed=watch.fired or self._clock() >= end,
                    op=op, request_id=rid,
                ) from exc
            finally:
                response.close()
            if watch.fired:
                raise BackendTimeout(
                    "the call's deadline passed", kind="deadline", op=op, request_id=rid,
                    outcome_unknown=True,
                )
        finally:
            watch.cancel()
            deadline_current.watch = None
            self._warm.end()
        return decode_response(response.status_code, raw, op=op, request_id=rid), (
            response.status_code
        )

    def _read_body(self, response: requests.Response, end: float, op: str, rid: str) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
            raise BackendFailure(
                "response too large", http_status=response.status_code, op=op,
                request_id=rid, outcome_unknown=True,
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(READ_CHUNK_BYTES):
            if self._clock() >= end:
                raise BackendTimeout(
                    "the call's deadline passed", kind="deadline", op=op, request_id=rid,
                    outcome_unknown=True,
                )
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise BackendFailure(
                    "response too large", http_status=response.status_code, op=op,
                    request_id=rid, outcome_unknown=True,
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _log_detail(err: BackendError) -> str:
    """Machine-readable detail safe for logs: kind, code and status, never message text."""
    parts = []
    if isinstance(err, BackendTimeout):
        parts.append(err.kind)
    code = getattr(err, "code", "")
    if code:
        parts.append(f"code={code}")
    status = getattr(err, "http_status", 0)
    if status:
        parts.append(f"http {status}")
    if err.outcome_unknown:
        parts.append("outcome unknown")
    return f" ({', '.join(parts)})" if parts else ""
