"""How the API shows departments, visits, charges, debts and settlements (JSON-ready dicts from
rows), and the prebuilt reads behind the visit views; shared by the area modules.

The hot reads (a visit with its totals wherever one is shown, the open visits and today's
appointments on a card insertion that has some) are built once here with bound parameters:
SQLAlchemy then only looks up its compiled form per call, and each answer takes one statement
instead of one per fact.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, bindparam, func, select

from kiosk.domain import settlement as st
from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.context import iso
from kiosk.server.errors import ApiError
from kiosk.server.statuses import ChargeStatus, DebtStatus, SettlementStatus, VisitStatus

SPLIT_KEYS = tuple(f"{name}_fen" for name in st.SPLIT_FIELDS)
# the charges a bill, a settlement's totals and the itinerary count: not voided or corrected
LIVE_CHARGE = t.charges.c.status == ChargeStatus.ACTIVE


def _visit_select() -> Any:
    """Visits joined with their department, the sum of their charges and their live
    settlement's id: everything ``visit_json`` shows, in one statement."""
    vid = t.visits.c.visit_id
    total = (select(func.coalesce(func.sum(t.charges.c.amount_fen), 0))
             .where(t.charges.c.visit_id == vid, LIVE_CHARGE).scalar_subquery())
    settlement = (select(t.settlements.c.settlement_id)
                  .where(t.settlements.c.visit_id == vid,
                         t.settlements.c.status != SettlementStatus.REVERSED)
                  .limit(1).scalar_subquery())
    return (select(t.visits, t.departments, total.label("charges_total_fen"),
                   settlement.label("live_settlement_id"))
            .join(t.departments, t.departments.c.code == t.visits.c.department_code))


_VISIT_BY_ID = _visit_select().where(t.visits.c.visit_id == bindparam("visit_id"))
# a visit's row lock (where the dialect has row locks)
LOCK_VISIT = (select(t.visits.c.visit_id).where(t.visits.c.visit_id == bindparam("visit_id"))
              .with_for_update())


def _open_visit_of(patient_id: Any) -> tuple[Any, ...]:
    """The conditions on ``visits`` of ``patient_id``'s open visits (a bound parameter, or
    the patient column of an enclosing statement): one rule for the list and for ``ANY_``."""
    return t.visits.c.patient_id == patient_id, t.visits.c.status == VisitStatus.OPEN


# Today's appointments not used yet: one whose department already has a visit of the
# patient's today (open, settled or closed) has been kept, and is not offered again.
_USED = (select(t.visits.c.visit_id)
         .where(t.visits.c.patient_id == t.appointments.c.patient_id,
                t.visits.c.department_code == t.appointments.c.department_code,
                t.visits.c.visit_date == t.appointments.c.date)
         .exists())


def _appointment_today_of(patient_id: Any) -> tuple[Any, ...]:
    """The conditions on ``appointments`` of ``patient_id``'s appointments today (``today``)
    not used yet, as ``_open_visit_of``."""
    return (t.appointments.c.patient_id == patient_id,
            t.appointments.c.date == bindparam("today", type_=Date), ~_USED)


_OPEN_VISITS = (_visit_select().where(*_open_visit_of(bindparam("patient_id")))
                .order_by(t.visits.c.visit_id))
_APPOINTMENTS_TODAY = (
    select(t.appointments.c.appointment_id, t.appointments.c.time, t.departments)
    .join(t.departments, t.departments.c.code == t.appointments.c.department_code)
    .where(*_appointment_today_of(bindparam("patient_id")))
    .order_by(t.appointments.c.time))
# Whether the patient of an enclosing statement over ``patients`` has an open visit, or an
# appointment today not used yet: a statement that reads the patient anyway answers these,
# and the lists above are read only for a patient who has some (a card insertion at the
# start of a journey has neither: two round trips fewer)
ANY_OPEN_VISIT = (select(t.visits.c.visit_id)
                  .where(*_open_visit_of(t.patients.c.patient_id)).exists())
ANY_APPOINTMENT_TODAY = (select(t.appointments.c.appointment_id)
                         .where(*_appointment_today_of(t.patients.c.patient_id)).exists())

# a settlement's debt, refunds and refunds' items (settlement_json)
_DEBT_OF = select(t.debts).where(t.debts.c.settlement_id == bindparam("settlement_id"))
_REFUNDS_OF = (select(t.refunds).where(t.refunds.c.settlement_id == bindparam("settlement_id"))
               .order_by(t.refunds.c.refund_id))
_REFUND_ITEMS_OF = (select(t.refund_items.c.refund_id, t.refund_items.c.charge_id)
                    .where(t.refund_items.c.settlement_id == bindparam("settlement_id"))
                    .order_by(t.refund_items.c.charge_id))


def department_json(row: Any) -> dict[str, Any]:
    return {
        "code": row.code, "name_zh": row.name_zh, "name_en": row.name_en,
        "building": row.building, "floor": row.floor, "room": row.room,
        "opens": row.opens, "closes": row.closes, "queue_length": row.queue_length,
        "minutes_per_patient": row.minutes_per_patient,
        "estimated_wait_minutes": row.queue_length * row.minutes_per_patient,
    }


def visit_json(row: Any) -> dict[str, Any]:
    """``row``: a ``visit_row`` (the visit, its department, its totals)."""
    return {
        "visit_id": row.visit_id, "patient_id": row.patient_id,
        "department_code": row.department_code, "visit_date": row.visit_date.isoformat(),
        "mode": row.mode, "status": row.status, "ticket_number": row.ticket_number,
        "building": row.building, "floor": row.floor, "room": row.room,
        "estimated_wait_minutes": row.queue_length * row.minutes_per_patient,
        "opened_at": iso(row.opened_at), "settlement_id": row.live_settlement_id,
        "unsettled_total_fen": int(row.charges_total_fen)
        if row.status == VisitStatus.OPEN else 0,
    }


def visit_row(conn: Connection, visit_id: int, *, lock: bool = False) -> Any:
    """The visit with its department and totals (``lock``: first lock the visit's row);
    ``404 visit_not_found`` if there is none."""
    if lock:  # first, so that the read below sees what a writer before us committed
        conn.execute(LOCK_VISIT, {"visit_id": visit_id}).first()
    row = conn.execute(_VISIT_BY_ID, {"visit_id": visit_id}).first()
    if row is None:
        raise ApiError(404, Reason.VISIT_NOT_FOUND, "no such visit")
    return row


def open_visits(conn: Connection, patient_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(_OPEN_VISITS, {"patient_id": patient_id}).all()
    return [visit_json(r) for r in rows]


def appointments_today(conn: Connection, patient_id: int, today: date
                       ) -> list[dict[str, Any]]:
    rows = conn.execute(_APPOINTMENTS_TODAY, {"patient_id": patient_id, "today": today}).all()
    return [{"appointment_id": r.appointment_id, "department_code": r.code, "time": r.time,
             "department": department_json(r)} for r in rows]


def charge_json(row: Any) -> dict[str, Any]:
    return {
        "charge_id": row.charge_id, "visit_id": row.visit_id, "item_code": row.item_code,
        "name": row.name, "category": row.category, "insurance_class": row.insurance_class,
        "unit_price_fen": row.unit_price_fen, "quantity": row.quantity,
        "amount_fen": row.amount_fen, "ordering_department_code": row.ordering_department_code,
        "performing_department_code": row.performing_department_code,
        "his_order_id": row.his_order_id, "performed": bool(row.performed),
        "posted_at": iso(row.posted_at), "status": row.status,
        "corrects_charge_id": row.corrects_charge_id,
    }


def debt_json(row: Any, today: date) -> dict[str, Any]:
    return {"debt_id": row.debt_id, "settlement_id": row.settlement_id,
            "amount_fen": int(row.amount_fen), "due_date": row.due_date.isoformat(),
            "status": row.status,
            "overdue": row.status == DebtStatus.OPEN and row.due_date < today}


def settlement_json(conn: Connection, row: Any, today: date) -> dict[str, Any]:
    """A settlement row with its split, payment, debt (if any), reversal and refunds, as they
    are in the database now."""
    debt = conn.execute(_DEBT_OF, {"settlement_id": row.settlement_id}).first()
    return settlement_body(row, debt, refunds_json(conn, row.settlement_id), today)


def settlement_body(row: Any, debt: Any, refunds: list[dict[str, Any]], today: date
                    ) -> dict[str, Any]:
    """``settlement_json`` from what the caller has already: the settlement's debt row (or
    None) and its refunds (a settlement completed in the caller's transaction has none)."""
    split = {key: int(getattr(row, key)) for key in SPLIT_KEYS}
    split["psn_part_amt_fen"] = split["acct_pay_fen"] + split["psn_cash_pay_fen"]
    return {
        "settlement_id": row.settlement_id, "visit_id": row.visit_id,
        "patient_id": row.patient_id, "status": row.status, "channel": row.channel,
        "split": split,
        "payment": None if row.payment_status is None else {
            "status": row.payment_status, "amount_fen": int(row.psn_cash_pay_fen),
            "gateway_reference": row.gateway_reference},
        "debt": None if debt is None else debt_json(debt, today),
        "created_at": iso(row.created_at), "completed_at": iso(row.completed_at),
        "reversal": None if row.reversed_at is None else {
            "reason": row.reversal_reason, "reversed_at": iso(row.reversed_at),
            "refund_status": row.refund_status, "refunded_fen": row.refunded_fen},
        "refunds": refunds,
    }


def refunds_json(conn: Connection, settlement_id: int) -> list[dict[str, Any]]:
    """A settlement's partial refunds, oldest first, each with its items' charge ids."""
    rows = conn.execute(_REFUNDS_OF, {"settlement_id": settlement_id}).all()
    if not rows:
        return []
    items = conn.execute(_REFUND_ITEMS_OF, {"settlement_id": settlement_id}).all()
    return [{"refund_id": r.refund_id, "status": r.status, "reason": r.reason,
             "charge_ids": [i.charge_id for i in items if i.refund_id == r.refund_id],
             "fund_fen": int(r.fund_fen), "acct_fen": int(r.acct_fen),
             "cash_fen": int(r.cash_fen),
             "total_fen": int(r.fund_fen) + int(r.acct_fen) + int(r.cash_fen),
             "cash_refund_status": r.cash_refund_status, "started_at": iso(r.started_at),
             "completed_at": iso(r.completed_at)} for r in rows]
