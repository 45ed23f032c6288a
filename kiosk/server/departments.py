"""The hospital's departments: listing them with their queues and waits, and a department
system setting its own queue length.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import Context
from kiosk.server.errors import ApiError
from kiosk.server.views import department_json


class Departments:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list_all(self) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(t.departments).order_by(t.departments.c.code)).all()
        return {"departments": [department_json(r) for r in rows]}

    def set_queue(self, principal: Principal, code: str, queue_length: int) -> dict[str, Any]:
        if principal.department_code != code:
            raise ApiError(403, Reason.FORBIDDEN, "a department system may set only its queue")
        with self.ctx.db.write() as conn:
            result = conn.execute(
                update(t.departments).where(t.departments.c.code == code)
                .values(queue_length=queue_length)
            )
            if result.rowcount == 0:
                raise ApiError(404, Reason.DEPARTMENT_UNKNOWN, "no such department")
            row = conn.execute(select(t.departments).where(t.departments.c.code == code)).one()
            self.ctx.audit(conn, principal, "department.queue", "department", code,
                           queue_length=queue_length)
        return department_json(row)
