"""What one attempt's outcome means: the JSON of an answer, or the typed error an answer or
an exception stands for, and the backend's time an answer tells (``server_time_of``). Pure
functions, tested directly (``tests/client``); the transport (``kiosk.client.transport``) only
does what they say.
"""

from __future__ import annotations

import json
import socket
import ssl
from datetime import datetime, timedelta
from typing import Any, TypedDict

import requests
from urllib3.exceptions import NameResolutionError, NewConnectionError

from kiosk.client.errors import (
    BackendError,
    BackendFailure,
    BackendOffline,
    BackendRejected,
    BackendTimeout,
    BackendTlsError,
)
from kiosk.domain.reasons import Reason

# A 4xx without our error envelope (a proxy, or the framework's own answer) still gets a code.
FALLBACK_CODES: dict[int, str] = {
    400: "validation_error",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "validation_error",
    422: "validation_error",
    429: "rate_limited",
}


def _strict_json(raw: bytes) -> Any:
    def no_constants(name: str) -> Any:
        raise ValueError(f"JSON constant {name} is not allowed")

    return json.loads(raw.decode("utf-8"), parse_constant=no_constants)


def parse_error_envelope(raw: bytes) -> tuple[str, str, dict[str, Any]] | None:
    """``(code, message, details)`` from ``{"error": {"code", "message", "details"}}``, or None."""
    try:
        data = _strict_json(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return None
    code, message = error.get("code"), error.get("message", "")
    details = error.get("details") or {}
    if not isinstance(code, str) or not code or not isinstance(message, str):
        return None
    if not isinstance(details, dict):
        details = {"value": details}
    return code, message, details


def refusal_code(code: str, details: dict[str, Any]) -> str:
    """The code a refusal stands for: a ``401 unauthenticated`` whose details say the patient
    session is required is ``patient_session_ended`` (the kiosk's token was good; only the
    patient's session is missing or over), which is what a backend before that code, and a
    tap without a live session, answer."""
    if code == Reason.UNAUTHENTICATED and details.get("patient_session") == "required":
        return Reason.PATIENT_SESSION_ENDED.value
    return code


class _ErrorContext(TypedDict):
    """The keywords every ``BackendError`` raised for one call carries."""

    op: str
    request_id: str


def decode_response(status: int, raw: bytes, *, op: str = "", request_id: str = "") -> Any:
    """The JSON of a 2xx answer (None when empty), or raise the error the answer means."""
    ctx: _ErrorContext = {"op": op, "request_id": request_id}
    if 200 <= status < 300:
        if status == 204 or not raw.strip():
            return None
        try:
            return _strict_json(raw)
        except (ValueError, UnicodeDecodeError):
            raise BackendFailure(
                "response body is not JSON", http_status=status, outcome_unknown=True, **ctx
            ) from None
    envelope = parse_error_envelope(raw)
    if 400 <= status < 500:
        if envelope is None:
            code = FALLBACK_CODES.get(status, f"http_{status}")
            raise BackendRejected(code, status, f"http {status} without an error envelope", **ctx)
        code, message, details = envelope
        raise BackendRejected(refusal_code(code, details), status, message, details, **ctx)
    if 500 <= status < 600:
        code = envelope[0] if envelope else ""
        raise BackendFailure(
            f"server error {status}", http_status=status, code=code, outcome_unknown=True, **ctx
        )
    raise BackendFailure(f"unexpected http status {status}", http_status=status, **ctx)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (causes, contexts, urllib3 ``reason``, args)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        item = todo.pop()
        if item in seen:
            continue
        seen.append(item)
        nxt = [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
        todo.extend(x for x in nxt if isinstance(x, BaseException))
    return seen


def classify_exception(
    exc: BaseException, *, deadline_passed: bool, op: str = "", request_id: str = ""
) -> BackendError:
    """Map what ``requests`` raised during one attempt to the error the caller sees."""
    ctx: _ErrorContext = {"op": op, "request_id": request_id}
    if isinstance(exc, BackendError):
        return exc
    if deadline_passed:
        return BackendTimeout(
            "the call's deadline passed", kind="deadline", outcome_unknown=True, **ctx
        )
    chain = _chain(exc)
    if isinstance(exc, requests.exceptions.SSLError) or any(
        isinstance(e, ssl.SSLError) for e in chain
    ):
        if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain):
            return BackendTlsError("server certificate failed verification", **ctx)
        return BackendOffline("TLS handshake failed", **ctx)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return BackendTimeout("connect timed out", kind="connect", **ctx)
    if isinstance(exc, requests.exceptions.ReadTimeout) or any(
        isinstance(e, socket.timeout | TimeoutError) for e in chain
    ):
        return BackendTimeout("read timed out", kind="read", outcome_unknown=True, **ctx)
    if isinstance(exc, requests.exceptions.ConnectionError):
        if any(isinstance(e, NameResolutionError) for e in chain):
            return BackendOffline("backend host name did not resolve", **ctx)
        if any(isinstance(e, NewConnectionError | ConnectionRefusedError) for e in chain):
            return BackendOffline("connection refused or unreachable", **ctx)
        return BackendOffline(
            "connection dropped before a response", outcome_unknown=True, **ctx
        )
    if isinstance(
        exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return BackendFailure("response body truncated or undecodable", outcome_unknown=True, **ctx)
    if isinstance(exc, OSError):
        return BackendOffline(
            f"network error ({type(exc).__name__})", outcome_unknown=True, **ctx
        )
    return BackendFailure(f"request failed ({type(exc).__name__})", outcome_unknown=True, **ctx)


def server_time_of(answer: Any) -> tuple[datetime, float] | None:
    """The backend's time an answer carries (``{"server_time": "2026-05-04T08:30:12.345Z"}``,
    ISO 8601 with its zone) and how far it may be from the backend's true reading, in
    seconds: a whole-second time is taken as mid-second (± 0.5), a fractional one ± 1 ms.
    None when the answer tells no usable time."""
    text = answer.get("server_time") if isinstance(answer, dict) else None
    if not isinstance(text, str) or not 19 <= len(text) <= 40:
        return None
    try:
        told = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if told.tzinfo is None:
        return None
    if "." in text[19:]:
        return told, 0.001
    return told + timedelta(seconds=0.5), 0.5
