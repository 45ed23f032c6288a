"""The administration API of tokens and staff accounts (admin role only): list, create with
an expiry, rotate and revoke kiosk and department tokens; list and create staff accounts,
disable or enable one, change its role, reset its password, end its sessions.

The same operations as ``kiosk server tokens ...`` and ``kiosk server staff ...`` (both call
``kiosk.server.auth.Auth``); every change is in the audit log under the admin's name.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Path, Request
from pydantic import Field

from kiosk.domain.reasons import Reason
from kiosk.server.auth import Principal
from kiosk.server.errors import ApiError
from kiosk.server.guard import ADMIN, require, service_of
from kiosk.server.models import DeptCode, Model, text

TokenId = Annotated[str, Path(min_length=1, max_length=16, pattern=r"^[0-9a-f]+$")]
StaffId = Annotated[int, Path(ge=1, le=2**53)]
ExpiresDays = Annotated[int, Field(strict=True, ge=1, le=3650)]
Password = Annotated[str, text(256, 12, r"^[^\x00]*$")]
StaffRole = Literal["clerk", "supervisor", "admin"]
Admin = Annotated[Principal, Depends(require(*ADMIN))]


class TokenIn(Model):
    role: Literal["kiosk", "department"]
    name: Annotated[str, text(64, 1, r"^[A-Za-z0-9._-]+$")]
    department_code: DeptCode | None = None
    expires_days: ExpiresDays | None = None


class RotateIn(Model):
    expires_days: ExpiresDays | None = None


class StaffIn(Model):
    username: Annotated[str, text(64, 1, r"^[A-Za-z0-9._@-]+$")]
    role: StaffRole
    password: Password


class StaffChangeIn(Model):
    active: bool | None = None
    role: StaffRole | None = None
    password: Password | None = None
    end_sessions: bool = False


def _refused(exc: ValueError) -> ApiError:
    return ApiError(422, Reason.VALIDATION_ERROR, str(exc))


def install_admin_routes(app: FastAPI) -> None:
    @app.get("/v1/admin/tokens", tags=["admin"])
    def list_tokens(request: Request, _who: Admin) -> dict[str, Any]:
        return service_of(request).auth.list_tokens()

    @app.post("/v1/admin/tokens", status_code=201, tags=["admin"])
    def create_token(request: Request, body: TokenIn, who: Admin) -> dict[str, Any]:
        try:
            return service_of(request).auth.issue_token(
                body.role, body.name, body.department_code, expires_days=body.expires_days,
                actor=who)
        except ValueError as exc:
            raise _refused(exc) from None

    @app.post("/v1/admin/tokens/{token_id}/rotation", status_code=201, tags=["admin"])
    def rotate_token(request: Request, token_id: TokenId, body: RotateIn, who: Admin
                     ) -> dict[str, Any]:
        return service_of(request).auth.rotate_token(token_id, expires_days=body.expires_days,
                                                     actor=who)

    @app.post("/v1/admin/tokens/{token_id}/revocation", tags=["admin"])
    def revoke_token(request: Request, token_id: TokenId, who: Admin) -> dict[str, Any]:
        return service_of(request).auth.revoke_token(token_id, actor=who)

    @app.get("/v1/admin/staff", tags=["admin"])
    def list_staff(request: Request, _who: Admin) -> dict[str, Any]:
        return service_of(request).auth.list_staff()

    @app.post("/v1/admin/staff", status_code=201, tags=["admin"])
    def create_staff(request: Request, body: StaffIn, who: Admin) -> dict[str, Any]:
        auth = service_of(request).auth
        try:
            staff_id = auth.create_staff(body.username, body.password, body.role, actor=who)
        except ValueError as exc:
            raise _refused(exc) from None
        return auth.update_staff(staff_id, actor=who)

    @app.patch("/v1/admin/staff/{staff_id}", tags=["admin"])
    def change_staff(request: Request, staff_id: StaffId, body: StaffChangeIn, who: Admin
                     ) -> dict[str, Any]:
        return service_of(request).auth.update_staff(
            staff_id, actor=who, active=body.active, role=body.role, password=body.password,
            end_sessions=body.end_sessions)
