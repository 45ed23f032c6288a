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

``classify(error)`` is the one place that says what any failure on the client side is: a
``Failure`` with its ``FailureKind`` (card, refusal, offline, timeout, backend failure, bad
input, bug), its code and whether the backend may have acted. The kiosk's session events,
the settlement journal's outcomes, the counter's messages and the health checks all start
from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from kiosk.domain.card import CardError


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


class FailureKind(StrEnum):
    """What kind of failure an exception is; see ``classify``."""

    CARD = "card"  # the card could not be read; code: the CardErrorCode value
    REJECTED = "rejected"  # the backend refused (4xx); code: the reason code
    OFFLINE = "offline"  # the backend could not be reached
    TIMEOUT = "timeout"  # no answer in time
    FAILURE = "failure"  # a 5xx or an answer the client could not read
    INPUT = "input"  # a value the caller should have checked (ValueError)
    BUG = "bug"  # anything else; code: the exception's type name

    @property
    def backend_unavailable(self) -> bool:
        """The backend is not there (offline, timeout, failure), as opposed to an answer."""
        return self in (FailureKind.OFFLINE, FailureKind.TIMEOUT, FailureKind.FAILURE)


@dataclass(frozen=True, slots=True)
class Failure:
    """A classified failure: no message text (it may carry personal data), only codes."""

    kind: FailureKind
    code: str = ""
    # True when the backend may have acted on the request (ask by idempotency key before
    # believing anything else); False when it certainly did not, or no backend was involved.
    outcome_unknown: bool = False
    http_status: int | None = None
    details: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}),
                                       compare=False)


def classify(error: BaseException) -> Failure:
    """The one classifier of client-side failures (pure; any thread).

    A card error, a refusal, the three ways the backend can be away, bad input and bugs. An
    exception this does not recognise is a ``BUG`` whose outcome is unknown: whoever sent a
    request must then check what became of it rather than assume nothing happened."""
    if isinstance(error, CardError):
        return Failure(FailureKind.CARD, error.code.value)
    if isinstance(error, BackendRejected):
        return Failure(FailureKind.REJECTED, error.code, error.outcome_unknown,
                       error.http_status, MappingProxyType(dict(error.details)))
    if isinstance(error, BackendError):
        if isinstance(error, BackendTimeout):
            kind = FailureKind.TIMEOUT
        elif isinstance(error, BackendOffline):
            kind = FailureKind.OFFLINE
        else:
            kind = FailureKind.FAILURE
        status = getattr(error, "http_status", None) or None
        return Failure(kind, getattr(error, "code", "") or "", error.outcome_unknown, status)
    if isinstance(error, ValueError):
        return Failure(FailureKind.INPUT)
    return Failure(FailureKind.BUG, type(error).__name__, outcome_unknown=True)
