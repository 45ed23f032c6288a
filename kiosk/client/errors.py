"""The few typed errors every backend call can end in, so callers branch on kind, not on text.

``BackendError`` is the base. Every error carries:

- ``op``: the name of the call that failed (``"eligibility"``, ``"settle"``...), never a path,
  since paths and bodies may carry personal data;
- ``request_id``: the X-Request-ID correlation id that the backend logs too;
- ``outcome_unknown``: True when the request may have reached the backend and been acted on
  (a read timeout, a dropped connection after sending, a 5xx, an unreadable 2xx). A caller
  that sent a settlement must then ask for its status with the same idempotency key; False
  means the backend certainly did not act (refused connection, TLS failure, a 4xx refusal).

The kinds:

- ``BackendOffline``: could not talk to the backend at all (connection refused, DNS, TLS
  handshake), or the connection dropped before any response came back.
  ``BackendTlsError`` is the subclass for a certificate that failed verification: a
  configuration or security problem, not a network blip, so it is logged as such.
- ``BackendTimeout``: connect timeout, read timeout, or the whole call's deadline passed
  (``kind`` says which).
- ``BackendRejected``: a 4xx answer. ``code`` is the machine-readable code from the error
  envelope ``{"error": {"code", "message", "details"}}`` (see ``kiosk.domain.reasons``).
- ``BackendFailure``: a 5xx, or a response the client cannot read (not JSON, wrong shape,
  truncated, too large, a redirect).

Messages are for logs and developers and never contain personal data; patients see the
message ``kiosk.ui`` maps from the kind and ``code``.
"""

from __future__ import annotations

from typing import Any


class BackendError(Exception):
    """Base of every error raised by ``kiosk.client``."""

    def __init__(
        self,
        message: str,
        *,
        op: str = "",
        request_id: str = "",
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.op = op
        self.request_id = request_id
        self.outcome_unknown = outcome_unknown

    def __str__(self) -> str:
        where = f"{self.op} " if self.op else ""
        rid = f" [request {self.request_id}]" if self.request_id else ""
        return f"{where}{type(self).__name__}: {self.message}{rid}"


class BackendOffline(BackendError):
    """The backend could not be reached (refused, DNS, TLS handshake, dropped connection)."""


class BackendTlsError(BackendOffline):
    """The backend's certificate failed verification against the configured CA bundle."""


class BackendTimeout(BackendError):
    """No answer in time. ``kind`` is ``"connect"``, ``"read"`` or ``"deadline"``."""

    def __init__(self, message: str, *, kind: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.kind = kind


class BackendRejected(BackendError):
    """The backend refused the request (4xx) with a machine-readable ``code``."""

    def __init__(
        self,
        code: str,
        http_status: int,
        message: str = "",
        details: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message or code, **kwargs)
        self.code = code
        self.http_status = http_status
        self.details: dict[str, Any] = dict(details or {})

    def __str__(self) -> str:
        return f"{super().__str__()} (code={self.code}, http {self.http_status})"


class BackendFailure(BackendError):
    """A 5xx, or a response the client could not read. ``http_status`` is 0 without one."""

    def __init__(
        self, message: str, *, http_status: int = 0, code: str = "", **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.http_status = http_status
        self.code = code


def failure_kind(error: BackendError) -> str:
    """``offline``, ``timeout`` or ``failure``: which "the backend is not there" message fits
    an error that is not a refusal (the kiosk's error screen and the setup checks use it)."""
    if isinstance(error, BackendTimeout):
        return "timeout"
    return "offline" if isinstance(error, BackendOffline) else "failure"
