"""The one error type the service raises, rendered as the API's error envelope.

``ApiError(status, code, message, details)`` becomes
``{"error": {"code": ..., "message": ..., "details": ...}}`` with that HTTP status. Codes are
``kiosk.domain.reasons.Reason`` values; messages are English for developers, never PII.
"""

from __future__ import annotations

from typing import Any

from kiosk.domain.reasons import Reason


class ApiError(Exception):
    def __init__(
        self, status: int, code: Reason | str, message: str, details: Any = None
    ) -> None:
        self.status = status
        self.code = Reason(code).value
        self.message = message
        self.details = details
        super().__init__(f"{status} {self.code}: {message}")

    def body(self) -> dict[str, Any]:
        return envelope(self.code, self.message, self.details)


def envelope(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}
