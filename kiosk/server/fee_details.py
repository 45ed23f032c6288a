"""A fee detail's lifecycle while its visit is open: the department that posted a charge voids
it (a test cancelled) or corrects it (a dose changed), like the insurer's 2205 fee-details
cancel followed by a new 2204 upload.

The original row is kept with its status (``voided`` or ``corrected``), who changed it, when
and why; a correction is a new ``active`` charge whose ``corrects_charge_id`` names the
original, so both stay in the record; the audit log has who did it and when (``charge.void``,
``charge.correct``, ids and amounts only), the row has why (``change_reason``: free text,
kept out of the audit log like every free text).
Only ``active`` charges are billed (``views.LIVE_CHARGE``): the pre-settlement, the
settlement's totals, the visit's total, the available credit and the itinerary leave the
others out, and the bill's digest names the charges it holds, so a settlement citing a bill
from before a void or a correction answers ``409 amount_changed``.

Each change locks the visit's row first, as the settlement does, so a change racing a
settlement is ordered: the change first (the settlement then sees another bill), or the
settlement first (the change then answers ``409 visit_closed``: after settlement only a
refund changes money, ``kiosk.server.refunds``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import Context
from kiosk.server.eligibility import Eligibility, available_credit
from kiosk.server.errors import ApiError
from kiosk.server.reach import check_visit
from kiosk.server.statuses import ChargeStatus, LinkStatus, VisitMode, VisitStatus
from kiosk.server.views import charge_json, visit_row

CORRECTABLE = ("item_code", "name", "category", "insurance_class", "unit_price_fen",
               "quantity")


class FeeDetails:
    def __init__(self, ctx: Context, eligibility: Eligibility) -> None:
        self.ctx = ctx
        self.eligibility = eligibility

    def _open_charge(self, conn: Connection, principal: Principal, charge_id: int) -> Any:
        """The charge, locked with its visit, if ``principal`` posted it, it is active and
        its visit open; else the refusal."""
        visit_id = conn.execute(select(t.charges.c.visit_id).where(
            t.charges.c.charge_id == charge_id)).scalar()
        if visit_id is None:
            raise ApiError(404, Reason.NOT_FOUND, "no such charge")
        visit = check_visit(conn, principal, visit_row(conn, visit_id, lock=True))
        row = conn.execute(select(t.charges).where(
            t.charges.c.charge_id == charge_id).with_for_update()).one()
        if row.ordering_department_code != principal.department_code:
            raise ApiError(403, Reason.FORBIDDEN,
                           "only the department that posted a charge voids or corrects it")
        if visit.status != VisitStatus.OPEN:
            raise ApiError(409, Reason.VISIT_CLOSED, "the visit is settled or closed: only a "
                           "refund changes money now", {"status": visit.status})
        if row.status != ChargeStatus.ACTIVE:
            raise ApiError(409, Reason.AMOUNT_CHANGED,
                           "the charge was voided or corrected already",
                           {"charge": charge_json(row)})
        return row

    def _retire(self, conn: Connection, principal: Principal, row: Any, status: ChargeStatus,
                reason: str) -> None:
        conn.execute(update(t.charges).where(t.charges.c.charge_id == row.charge_id).values(
            status=status, changed_at=self.ctx.now(), changed_by=principal.actor,
            change_reason=reason))

    def void(self, principal: Principal, charge_id: int, reason: str) -> dict[str, Any]:
        """Void an active charge of an open visit; answers the voided charge."""
        with self.ctx.db.write() as conn:
            row = self._open_charge(conn, principal, charge_id)
            self._retire(conn, principal, row, ChargeStatus.VOIDED, reason)
            self.ctx.audit(conn, principal, "charge.void", "charge", charge_id,
                           visit_id=row.visit_id, amount_fen=int(row.amount_fen))
            return charge_json(conn.execute(select(t.charges).where(
                t.charges.c.charge_id == charge_id)).one())

    def correct(self, principal: Principal, charge_id: int, changes: dict[str, Any],
                reason: str) -> dict[str, Any]:
        """Replace an active charge of an open visit by a corrected one (the fields in
        ``changes``, the rest as they were); answers ``{"corrected": original, "charge":
        new}``. A credit visit's correction that costs more must fit the available credit."""
        with self.ctx.db.write() as conn:
            row = self._open_charge(conn, principal, charge_id)
            fields = {k: changes.get(k, getattr(row, k)) for k in CORRECTABLE}
            amount = int(fields["unit_price_fen"]) * int(fields["quantity"])
            visit = visit_row(conn, row.visit_id)
            extra = amount - int(row.amount_fen)
            if visit.mode == VisitMode.CREDIT and extra > 0:
                self._check_credit(conn, visit.patient_id, extra)
            self._retire(conn, principal, row, ChargeStatus.CORRECTED, reason)
            new_id = conn.execute(t.charges.insert().values(
                visit_id=row.visit_id, **fields, amount_fen=amount,
                ordering_department_code=row.ordering_department_code,
                performing_department_code=row.performing_department_code,
                his_order_id=None, performed=row.performed, performed_at=row.performed_at,
                posted_at=self.ctx.now(), status=ChargeStatus.ACTIVE,
                corrects_charge_id=row.charge_id)).inserted_primary_key[0]
            self.ctx.audit(conn, principal, "charge.correct", "charge", charge_id,
                           visit_id=row.visit_id, new_charge_id=new_id,
                           amount_fen=int(row.amount_fen), new_amount_fen=amount)
            charges = {r.charge_id: charge_json(r) for r in conn.execute(select(t.charges).where(
                t.charges.c.charge_id.in_([charge_id, new_id]))).all()}
        return {"corrected": charges[charge_id], "charge": charges[new_id]}

    def _check_credit(self, conn: Connection, patient_id: int, extra: int) -> None:
        conn.execute(select(t.credit_links.c.patient_id).where(
            t.credit_links.c.patient_id == patient_id).with_for_update()).first()
        standing = self.eligibility.standing(conn, patient_id)
        limit = standing.link_limit_fen if standing.link_status == LinkStatus.LINKED else 0
        available = available_credit(standing, limit)
        if extra > available:
            raise ApiError(409, Reason.CREDIT_LIMIT_EXCEEDED,
                           "the correction would pass the patient's available credit",
                           {"available_credit_fen": available, "requested_fen": extra})
