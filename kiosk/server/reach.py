"""Which visits a caller reaches (docs/api.md, "Who reaches what"):

* staff and the server itself: every visit;
* a kiosk: only the visits of the patient whose session it presents, and only when that
  session's card proved itself (or the patient was identified another way: the insurer's
  voucher; or the deployment does not require card authentication): numbers printed on a
  card open no one's bills;
* a department: the visits checked in to it, and those referred to it (a charge on the visit
  names it as the performing department: a lab, imaging or pharmacy order).

A visit out of reach answers exactly as a visit that does not exist (``404
visit_not_found``), so ids cannot be probed. Runs inside the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.errors import ApiError
from kiosk.server.statuses import Role

NO_SUCH_VISIT = (404, Reason.VISIT_NOT_FOUND, "no such visit")
NO_SUCH_PATIENT = (404, Reason.PATIENT_NOT_FOUND, "no such patient")


def referred_to(conn: Connection, visit_id: int, department_code: str | None) -> bool:
    """Does a charge on the visit name ``department_code`` as its performing department?"""
    return conn.execute(select(t.charges.c.charge_id).where(
        t.charges.c.visit_id == visit_id,
        t.charges.c.performing_department_code == department_code).limit(1)).first() is not None


def reaches_visit(conn: Connection, principal: Principal, visit: Any) -> bool:
    """``visit``: a row with ``visit_id``, ``patient_id`` and ``department_code``."""
    if principal.is_staff or principal.role == Role.SYSTEM:
        return True
    if principal.role == Role.KIOSK:
        return (principal.patient_id is not None and principal.patient_proven
                and visit.patient_id == principal.patient_id)
    if principal.role == Role.DEPARTMENT:
        return (visit.department_code == principal.department_code
                or referred_to(conn, visit.visit_id, principal.department_code))
    return False


def check_visit(conn: Connection, principal: Principal, visit: Any) -> Any:
    """``visit`` if ``principal`` reaches it, else ``404 visit_not_found``."""
    if not reaches_visit(conn, principal, visit):
        raise ApiError(*NO_SUCH_VISIT)
    return visit


def reaches_patient(principal: Principal, patient_id: int) -> bool:
    """A kiosk reaches only its session's patient; staff reach everyone."""
    if principal.role == Role.KIOSK:
        return principal.patient_id == patient_id
    return principal.is_staff or principal.role == Role.SYSTEM
