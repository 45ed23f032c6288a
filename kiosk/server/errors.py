"""The one error type the service raises, rendered as the API's error envelope.

``ApiError(status, code, message, details)`` becomes
``{"error": {"code": ..., "message": ..., "details": ...}}`` with that HTTP status. Codes are
``kiosk.domain.reasons.Reason`` values; messages are English for developers, never PII.

``describe(exc)`` is how an unexpected exception reaches the log: without its message, which
may carry personal data (a database's ``DETAIL: Key (ssn)=(...)``, an adapter's own text).
"""

from __future__ import annotations

import traceback
from typing import Any

from kiosk.domain.reasons import Reason


class ApiError(Exception):
    def __init__(
        self, status: int, code: Reason | str, message: str, details: Any = None, *,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.headers = headers
        self.code = Reason(code).value
        self.message = message
        self.details = details
        super().__init__(f"{status} {self.code}: {message}")

    def body(self) -> dict[str, Any]:
        return envelope(self.code, self.message, self.details)


def envelope(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def describe(exc: BaseException, frames: int = 12) -> str:
    """Type, SQLSTATE and parameterised SQL (database errors; SQL parameters are never
    included) and the innermost ``frames`` frames (file, line, function). Never the message."""
    parts = [type(exc).__qualname__]
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None)
    if sqlstate:
        parts.append(f"[{sqlstate}]")
    statement = getattr(exc, "statement", None)
    if isinstance(statement, str):
        parts.append("sql: " + " ".join(statement.split())[:500])
    stack = traceback.extract_tb(exc.__traceback__)[-frames:]
    parts.extend(f"  at {f.filename}:{f.lineno} in {f.name}" for f in stack)
    return "\n".join(parts)
