"""Who may call a route: the ``require(...)`` dependency that authenticates the bearer token
(and a kiosk's patient session, header ``X-Patient-Session``) and checks the caller's role.

The roles' reach (docs/api.md, "Who reaches what"): a kiosk token alone reaches health,
departments and eligibility (and its own settlements by idempotency key); within a patient
session it also reaches that patient's check-in, visits, bills and settlements. A department
reaches the visits checked in to it or referred to it (``kiosk.server.reach``). Staff reach
every patient. The dependency runs on the event loop and looks the token up on a worker
thread: every request reads the token's row, so a revocation holds at once everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import anyio
from fastapi import Header, Request

from kiosk.domain.reasons import Reason
from kiosk.server.auth import Principal
from kiosk.server.errors import ApiError
from kiosk.server.service import Service
from kiosk.server.statuses import STAFF_ROLES, Role

KIOSK = Role.KIOSK
DEPARTMENT = Role.DEPARTMENT
STAFF = STAFF_ROLES
SUPERVISOR = (Role.SUPERVISOR, Role.ADMIN)
ADMIN = (Role.ADMIN,)
EVERYONE = (KIOSK, DEPARTMENT, *STAFF)
SESSION_HEADER = "X-Patient-Session"


def service_of(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


def require(*roles: str, patient_session: bool = False) -> Callable[..., object]:
    """A dependency that authenticates the caller and checks its role. With
    ``patient_session`` a kiosk must also present a live patient session: without one it
    is ``401 patient_session_ended`` (its token is good; the patient must insert the card
    again), never ``unauthenticated``, which says the kiosk's own token failed. Staff and
    departments never need one."""

    async def dependency(
        request: Request,
        authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
        x_patient_session: Annotated[str | None, Header(include_in_schema=False)] = None,
    ) -> Principal:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(401, Reason.UNAUTHENTICATED, "missing bearer token")
        token = authorization[len("Bearer "):].strip()
        session = x_patient_session.strip() if x_patient_session else None
        principal = None
        if 0 < len(token) <= 256 and (session is None or 0 < len(session) <= 256):
            principal = await anyio.to_thread.run_sync(
                service_of(request).auth.authenticate, token, session)
        if principal is None:
            raise ApiError(401, Reason.UNAUTHENTICATED, "unknown, revoked or expired token "
                           "or patient session")
        if principal.role not in roles:
            raise ApiError(403, Reason.FORBIDDEN, f"role {principal.role} may not do this")
        if patient_session and principal.role == KIOSK and principal.patient_id is None:
            raise ApiError(401, Reason.PATIENT_SESSION_ENDED,
                           f"a kiosk needs the patient's live session ({SESSION_HEADER}) for "
                           "this; it is missing, ended or expired",
                           {"patient_session": "required"})
        request.state.actor = principal.actor
        return principal

    return dependency


def client_address(request: Request) -> str:
    """The caller's address as the server sees it (the login throttle's key)."""
    return request.client.host if request.client else ""
