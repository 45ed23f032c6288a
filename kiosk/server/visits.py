"""A visit from check-in to its last charge: checking a patient in to a department (a queue
ticket), the departments posting charges against the patient's available credit and marking
items performed, and the itinerary (``routing.plan``) through the departments still to
visit. Every operation on a visit first checks the caller reaches it (``kiosk.server.reach``).

Check-ins to one department queue on the department's row and charges to one patient's credit
on the credit link's row, so tickets never collide and the credit limit holds under
concurrent requests. A re-post of a known ``his_order_id`` is a safe retry.
"""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Date, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain.reasons import Decision, Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.cardauth import session_may_use_credit
from kiosk.server.context import Context, bound_insert
from kiosk.server.eligibility import Eligibility, available_credit
from kiosk.server.errors import ApiError
from kiosk.server.models import ChargeIn
from kiosk.server.reach import NO_SUCH_PATIENT, NO_SUCH_VISIT, check_visit, reaches_patient
from kiosk.server.regions import with_region
from kiosk.server.routing import StopInput, plan
from kiosk.server.statuses import LinkStatus, VisitMode, VisitStatus
from kiosk.server.views import LIVE_CHARGE, charge_json, visit_json, visit_row

_CHARGE_FIELDS = ("item_code", "name", "category", "insurance_class", "unit_price_fen",
                  "quantity")

# The check-in's and the charge's statements, built once: each request only binds its values.
# The patient's open visit to a department today (at most one: a unique index), and the
# department with it:
_OPEN_VISIT = select(t.visits.c.visit_id).where(
    t.visits.c.patient_id == bindparam("patient_id"),
    t.visits.c.department_code == bindparam("department_code"),
    t.visits.c.visit_date == bindparam("today", type_=Date),
    t.visits.c.status == VisitStatus.OPEN)
_DEPARTMENT_AND_OPEN_VISIT = select(
    t.departments, _OPEN_VISIT.limit(1).scalar_subquery().label("open_visit_id")
).where(t.departments.c.code == bindparam("department_code"))
# one more patient in the department's queue (answers the queue's length: the patients
# ahead of the new one, plus one):
_JOIN_QUEUE = (update(t.departments).where(t.departments.c.code == bindparam("department"))
               .values(queue_length=t.departments.c.queue_length + 1)
               .returning(t.departments.c.queue_length))
# the visit, its ticket the department's next of the day: read by this statement, which
# must come after the queue's update (a statement sees what was committed when it began,
# and only the update waits for the check-in before it); and the charge:
_NEW_VISIT = bound_insert(
    t.visits, ("patient_id", "department_code", "visit_date", "mode", "opened_at",
               "insuplc_admdvs", "mdtrtarea_admvs", "region_class", "region_filed"),
    status=VisitStatus.OPEN,
    ticket_number=select(func.coalesce(func.max(t.visits.c.ticket_number), 0) + 1).where(
        t.visits.c.department_code == bindparam("new_department_code"),
        t.visits.c.visit_date == bindparam("new_visit_date", type_=Date)).scalar_subquery())
# a charge's visit: its own row, locked (where the dialect has row locks), is all a charge
# needs of it (not its totals); a locking read answers the row as the transaction it waited
# for left it
_LOCKED_VISIT = (select(t.visits.c.visit_id, t.visits.c.patient_id, t.visits.c.department_code,
                        t.visits.c.status, t.visits.c.mode)
                 .where(t.visits.c.visit_id == bindparam("visit_id")).with_for_update())
# a charge posted before for an order (a retry), and a patient's credit link's row lock:
_ORDER_ON_VISIT = select(t.charges).where(t.charges.c.visit_id == bindparam("visit_id"),
                                          t.charges.c.his_order_id == bindparam("his_order_id"))
_LOCK_CREDIT = (select(t.credit_links.c.patient_id)
                .where(t.credit_links.c.patient_id == bindparam("patient_id")).with_for_update())
_NEW_CHARGE = bound_insert(
    t.charges, ("visit_id", *_CHARGE_FIELDS, "amount_fen", "ordering_department_code",
                "performing_department_code", "his_order_id", "performed", "posted_at"))


# a visit's charges still to perform, each with its performing department (the itinerary)
_STOPS = (select(t.charges.c.charge_id, t.charges.c.item_code, t.charges.c.name,
                 t.charges.c.performing_department_code, t.departments.c.code,
                 t.departments.c.name_zh, t.departments.c.name_en, t.departments.c.building,
                 t.departments.c.floor, t.departments.c.room, t.departments.c.queue_length,
                 t.departments.c.minutes_per_patient)
          .join(t.departments, t.departments.c.code == t.charges.c.performing_department_code)
          .where(t.charges.c.visit_id == bindparam("visit_id"), LIVE_CHARGE,
                 t.charges.c.performed.is_(False))
          .order_by(t.charges.c.charge_id))


class Visits:
    def __init__(self, ctx: Context, eligibility: Eligibility) -> None:
        self.ctx = ctx
        self.eligibility = eligibility

    def _is_open(self, dept: Any) -> bool:
        now = self.ctx.local_now().strftime("%H:%M")
        return dept.opens <= now < dept.closes

    def check_in(self, principal: Principal, patient_id: int, department_code: str,
                 mode: str) -> dict[str, Any]:
        if mode == VisitMode.COUNTER and not principal.is_staff:
            raise ApiError(403, Reason.FORBIDDEN, "only staff check in counter-paying patients")
        if not reaches_patient(principal, patient_id):
            raise ApiError(*NO_SUCH_PATIENT)  # another patient's id: as if there were none
        if mode == VisitMode.CREDIT and not session_may_use_credit(self.ctx, principal):
            raise ApiError(409, Reason.NOT_ELIGIBLE, "credit needs an authenticated card",
                           {"decision": Decision.NOT_ELIGIBLE.value,
                            "reasons": [Reason.CARD_NOT_VERIFIED.value]})
        db = self.ctx.db
        today = self.ctx.today()
        open_visit = {"patient_id": patient_id, "department_code": department_code,
                      "today": today}  # _OPEN_VISIT's parameters
        # The patient's standing (with the ssn), then the department with an open visit there
        # today, each read on its own (``Database.reads``: no transaction on PostgreSQL). They
        # need no shared snapshot: the write below queues on the department's row for the
        # ticket, and the visits' unique index refuses a second open visit (then we look again).
        patient, dept = db.reads(lambda conn: (
            self.eligibility.standing(conn, patient_id),
            conn.execute(_DEPARTMENT_AND_OPEN_VISIT, open_visit).first()))
        if patient is None:
            raise ApiError(*NO_SUCH_PATIENT)
        if dept is None:
            raise ApiError(422, Reason.DEPARTMENT_UNKNOWN, "no such department")
        # the outside services are asked with no connection held
        facts = self.eligibility.facts(patient.ssn) if mode == VisitMode.CREDIT else None
        regions = self.eligibility.regions
        region = regions.of_ssn(patient.ssn)  # recorded on the visit; may refuse credit
        if facts is not None:
            decision = with_region(self.eligibility.decide(patient, None, facts), region,
                                   regions.credit_reason(region))
            if decision["decision"] != Decision.ELIGIBLE:
                raise ApiError(409, Reason.NOT_ELIGIBLE, "patient may not be treated on credit",
                               {"decision": decision["decision"],
                                "reasons": decision["reasons"]})
        if not self._is_open(dept):
            raise ApiError(409, Reason.DEPARTMENT_CLOSED, "department is closed now",
                           {"opens": dept.opens, "closes": dept.closes})
        existing = dept.open_visit_id
        for _attempt in range(8):
            if existing is not None:
                visit = visit_json(db.reads(partial(visit_row, visit_id=existing)))
                raise ApiError(409, Reason.ALREADY_CHECKED_IN,
                               "an open visit exists for this department today",
                               {"visit": visit})
            try:
                # Check-ins to one department queue up on its row (PostgreSQL's row lock, taken
                # by the first statement and held to the commit; SQLite serialises writers with
                # BEGIN IMMEDIATE), so tickets never collide. The lock is held for two
                # statements only (the queue; the visit with its audit row, one statement on
                # PostgreSQL): the reads above stay outside it and the answer is not read
                # back (a hot department's check-ins wait for each other's commits).
                with db.write() as conn:
                    queue = conn.execute(_JOIN_QUEUE, {"department": department_code})
                    ahead = queue.scalar_one() - 1
                    visit = self.ctx.insert_audited(
                        conn, _NEW_VISIT, {
                            "patient_id": patient_id, "department_code": department_code,
                            "visit_date": today, "mode": mode, "opened_at": self.ctx.now(),
                            **region.visit_values()},
                        principal, "visit.check_in", "visit",
                        patient_id=patient_id, department=department_code, mode=mode)
            except IntegrityError:
                # a concurrent check-in took the open slot: look again
                existing = next((r.visit_id for r in db.query(_OPEN_VISIT, open_visit)), None)
                continue
            # the answer from the rows at hand, not read back: the visit as stored, its
            # department as read above, no charges and no settlement yet; the wait is for the
            # patients ahead at check-in, not those who came since
            row = SimpleNamespace(**{**dept._mapping, **visit._mapping, "charges_total_fen": 0,
                                     "live_settlement_id": None})
            return {**visit_json(row),
                    "estimated_wait_minutes": ahead * dept.minutes_per_patient}
        raise ApiError(409, Reason.ALREADY_CHECKED_IN, "check-in kept colliding; try again")

    def get(self, principal: Principal, visit_id: int) -> dict[str, Any]:
        with self.ctx.db.read() as conn:
            visit = visit_json(check_visit(conn, principal, visit_row(conn, visit_id)))
            charges = conn.execute(
                select(t.charges).where(t.charges.c.visit_id == visit_id, LIVE_CHARGE)
                .order_by(t.charges.c.charge_id)).all()
        return {"visit": visit, "charges": [charge_json(c) for c in charges]}

    # ---- charges -----------------------------------------------------------------------
    @staticmethod
    def _existing_order(conn: Connection, visit_id: int, his_order_id: str | None) -> Any:
        if his_order_id is None:
            return None
        return conn.execute(_ORDER_ON_VISIT, {"visit_id": visit_id,
                                              "his_order_id": his_order_id}).first()

    @staticmethod
    def _replay_order(principal: Principal, existing: Any, body: ChargeIn,
                      performing: str | None) -> tuple[int, dict[str, Any]]:
        """A re-post of a known ``his_order_id``: the same charge again is a safe retry (200,
        the existing charge); anything else reuses the order id and is refused."""
        posted = {**{k: getattr(body, k) for k in _CHARGE_FIELDS},
                  "performing_department_code": performing,
                  "ordering_department_code": principal.department_code or ""}
        differing = sorted(k for k, v in posted.items() if getattr(existing, k) != v)
        if differing:
            raise ApiError(422, Reason.HIS_ORDER_REUSED,
                           "this his_order_id was posted on this visit with other values",
                           {"fields": differing, "charge": charge_json(existing)})
        return 200, charge_json(existing)

    def post_charge(self, principal: Principal, visit_id: int, body: ChargeIn
                    ) -> tuple[int, dict[str, Any]]:
        """(201, the new charge), or (200, the charge) for a retry of its ``his_order_id``."""
        performing = body.performing_department_code or principal.department_code
        amount = body.unit_price_fen * body.quantity
        try:
            with self.ctx.db.write() as conn:
                visit = conn.execute(_LOCKED_VISIT, {"visit_id": visit_id}).first()
                if visit is None:
                    raise ApiError(*NO_SUCH_VISIT)
                check_visit(conn, principal, visit)
                if (performing != principal.department_code
                        and visit.department_code != principal.department_code):
                    raise ApiError(403, Reason.FORBIDDEN, "only the visit's own department "
                                   "orders items another department performs")
                existing = self._existing_order(conn, visit_id, body.his_order_id)
                if existing is not None:
                    return self._replay_order(principal, existing, body, performing)
                if visit.status != VisitStatus.OPEN:
                    raise ApiError(409, Reason.VISIT_CLOSED, "the visit is no longer open")
                # a department performing its own order exists (its token does); another
                # one named in the order is looked up
                if performing != principal.department_code and not conn.execute(
                    select(t.departments.c.code).where(t.departments.c.code == performing)
                ).first():
                    raise ApiError(422, Reason.DEPARTMENT_UNKNOWN,
                                   "unknown performing department")
                if visit.mode == VisitMode.CREDIT:
                    # charges to one patient's credit queue up here
                    conn.execute(_LOCK_CREDIT, {"patient_id": visit.patient_id}).first()
                    standing = self.eligibility.standing(conn, visit.patient_id)
                    limit = (standing.link_limit_fen
                             if standing.link_status == LinkStatus.LINKED else 0)
                    available = available_credit(standing, limit)
                    if amount > available:
                        raise ApiError(
                            409, Reason.CREDIT_LIMIT_EXCEEDED,
                            "the charge would pass the patient's available credit",
                            {"available_credit_fen": available, "requested_fen": amount})
                row = self.ctx.insert_audited(  # the new row as stored: no second read
                    conn, _NEW_CHARGE, {
                        "visit_id": visit_id, **{k: getattr(body, k) for k in _CHARGE_FIELDS},
                        "amount_fen": amount,
                        "ordering_department_code": principal.department_code or "",
                        "performing_department_code": performing,
                        "his_order_id": body.his_order_id, "performed": False,
                        "posted_at": self.ctx.now()},
                    principal, "charge.post", "charge",
                    visit_id=visit_id, amount_fen=amount, performing=performing)
                return 201, charge_json(row)
        except IntegrityError:
            with self.ctx.db.read() as conn:
                existing = self._existing_order(conn, visit_id, body.his_order_id)
            if existing is None:
                raise
            return self._replay_order(principal, existing, body, performing)

    def mark_performed(self, principal: Principal, charge_id: int) -> dict[str, Any]:
        with self.ctx.db.write() as conn:
            row = conn.execute(
                select(t.charges).where(t.charges.c.charge_id == charge_id)).first()
            if row is None:
                raise ApiError(404, Reason.NOT_FOUND, "no such charge")
            if row.performing_department_code != principal.department_code:
                raise ApiError(403, Reason.FORBIDDEN,
                               "only the performing department marks an item performed")
            if not row.performed:
                conn.execute(update(t.charges).where(t.charges.c.charge_id == charge_id)
                             .values(performed=True, performed_at=self.ctx.now()))
                self.ctx.audit(conn, principal, "charge.performed", "charge", charge_id)
            row = conn.execute(
                select(t.charges).where(t.charges.c.charge_id == charge_id)).one()
        return charge_json(row)

    # ---- itinerary ----------------------------------------------------------------------
    def itinerary(self, principal: Principal, visit_id: int) -> dict[str, Any]:
        """The departments with items still to perform, in the order that ends soonest."""
        with self.ctx.db.read() as conn:
            visit = check_visit(conn, principal, visit_row(conn, visit_id))
            return self._itinerary(conn, visit)

    def first_itinerary(self, patient_id: int, open_visits: list[dict[str, Any]]
                        ) -> dict[str, Any] | None:
        """The itinerary a returning patient's kiosk shows first, for the eligibility answer
        (so that screen costs no second round trip on a slow link): of ``open_visits`` (the
        answer's, all this patient's), the first with charges still to pay, else the first."""
        if not open_visits:
            return None
        owing = [v for v in open_visits if v["unsettled_total_fen"] > 0]
        visit = (owing or open_visits)[0]
        if visit["patient_id"] != patient_id:
            return None
        # one statement on its own: the visit's building is in the open visit already
        return self._plan(int(visit["visit_id"]), visit["building"],
                          self.ctx.db.query(_STOPS, {"visit_id": visit["visit_id"]}))

    def _itinerary(self, conn: Connection, visit: Any) -> dict[str, Any]:
        return self._plan(visit.visit_id, visit.building,
                          list(conn.execute(_STOPS, {"visit_id": visit.visit_id}).all()))

    def _plan(self, visit_id: int, building: str, rows: list[Any]) -> dict[str, Any]:
        """The itinerary from the visit's building through the departments of ``rows``
        (``_STOPS``: its charges still to perform, each with its department)."""
        depts = {r.code: r for r in rows}
        codes = sorted(depts)
        stops = [StopInput(c, depts[c].building, depts[c].queue_length,
                           depts[c].minutes_per_patient) for c in codes]
        planned = plan(building, stops, self.ctx.settings.walk)
        out = []
        for p in planned:
            d = depts[p.code]
            out.append({
                "department_code": d.code, "name_zh": d.name_zh, "name_en": d.name_en,
                "building": d.building, "floor": d.floor, "room": d.room,
                "queue_length": d.queue_length, "walk_minutes": p.walk_minutes,
                "arrive_after_minutes": p.arrive_after_minutes,
                "expected_wait_minutes": p.expected_wait_minutes,
                "items": [{"charge_id": r.charge_id, "item_code": r.item_code, "name": r.name}
                          for r in rows if r.performing_department_code == d.code],
            })
        return {"visit_id": visit_id,
                "total_expected_minutes": planned[-1].done_after_minutes if planned else 0,
                "stops": out}
