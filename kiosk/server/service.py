"""What the backend does, independent of HTTP: eligibility, check-in, charges, itinerary,
pre-settlement, settlement, reversal, counter operations, auto-settle and the clearing report.

``Service`` holds the injected store (``Database``), the settings, the adapters and a clock.
Every method either returns JSON-ready data or raises ``ApiError``; a refused request leaves
the database as it was (each change happens in one transaction). Safe to call from many
threads and from many processes sharing one database: correctness rests on constraints,
transactions and row locks, never on in-process locks.

Settlement runs in three steps so that money is never charged twice and a settlement is
never lost: (1) claim the idempotency key (unique row), (2) in one transaction lock the
visit, compute the split, check the amounts the patient saw and write the settlement as
``charging`` (a partial unique index allows one live settlement per visit), (3) charge the
gateway with reference ``settlement-<id>`` (idempotent at the gateway), then complete the
settlement, turning a declined or failed charge into a debt. A settlement left in
``charging`` by a crash is finished by ``resume_stale`` with the same gateway reference.

A crash can also leave an idempotency key ``in_progress``: before step (2) commits (no
settlement: ``resume_stale`` deletes the stale key, so a retry with it starts afresh), or after
the settlement completed (``resume_stale`` stores the settlement as the key's answer). A request
owns its key by the key's ``created_at``: if its key was freed meanwhile (the request took
longer than ``settle_stale_seconds``), the request creates nothing and never overwrites the
answer of a later claim of the same key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from time import monotonic as time_monotonic
from typing import Any
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Date, and_, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain import settlement as st
from kiosk.domain.citizen_id import mask_name
from kiosk.domain.reasons import Decision, Reason
from kiosk.server import schema as t
from kiosk.server.adapters import Adapters
from kiosk.server.config import Settings
from kiosk.server.db import Database
from kiosk.server.errors import ApiError, describe
from kiosk.server.routing import StopInput, plan

log = logging.getLogger("kiosk.server")

STAFF_ROLES = ("clerk", "supervisor", "admin")
SPLIT_KEYS = tuple(f"{name}_fen" for name in st.SPLIT_FIELDS)
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-password")
TOKEN_CACHE_SECONDS = 10.0


def sha256_hex(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


@dataclass(frozen=True, slots=True)
class Facts:
    """What the outside services say about a person, asked before any transaction opens
    (an adapter call never runs while this process holds a database connection)."""

    insurance_active: bool
    credit_score: int
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Principal:
    role: str  # kiosk | department | clerk | supervisor | admin | system
    actor: str  # for the audit log: "kiosk:<name>", "department:<code>", "staff:<id>"
    department_code: str | None = None
    staff_id: int | None = None
    session_hash: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


SYSTEM = Principal(role="system", actor="system")


# ---- statements built once ------------------------------------------------------------------
# The hot reads (eligibility on every card insertion, a visit on every charge) are built once
# here with bound parameters: SQLAlchemy then only looks up its compiled form per call, and
# each answer takes one statement instead of one per fact (fewer round trips, and fewer
# points where a request gives up the GIL and waits to get it back under load).


def _standing_select() -> Any:
    """A patient's row with what eligibility decides on: the credit link, overdue debts,
    unsettled credit charges and open debts (``today``: the local date)."""
    pid = t.patients.c.patient_id
    overdue = (select(func.count()).select_from(t.debts)
               .where(t.debts.c.patient_id == pid, t.debts.c.status == "open",
                      t.debts.c.due_date < bindparam("today", type_=Date))
               .scalar_subquery())
    unsettled = (select(func.coalesce(func.sum(t.charges.c.amount_fen), 0))
                 .select_from(t.charges.join(t.visits,
                                             t.visits.c.visit_id == t.charges.c.visit_id))
                 .where(t.visits.c.patient_id == pid, t.visits.c.status == "open",
                        t.visits.c.mode == "credit")
                 .scalar_subquery())
    debts = (select(func.coalesce(func.sum(t.debts.c.amount_fen), 0))
             .where(t.debts.c.patient_id == pid, t.debts.c.status == "open")
             .scalar_subquery())
    return (select(t.patients, t.credit_links.c.status.label("link_status"),
                   t.credit_links.c.credit_limit_fen.label("link_limit_fen"),
                   overdue.label("overdue_debts"), unsettled.label("unsettled_fen"),
                   debts.label("open_debts_fen"))
            .select_from(t.patients.outerjoin(
                t.credit_links, t.credit_links.c.patient_id == pid)))


def _visit_select() -> Any:
    """Visits joined with their department, the sum of their charges and their live
    settlement's id: everything ``Service._visit_json`` shows, in one statement."""
    vid = t.visits.c.visit_id
    total = (select(func.coalesce(func.sum(t.charges.c.amount_fen), 0))
             .where(t.charges.c.visit_id == vid).scalar_subquery())
    settlement = (select(t.settlements.c.settlement_id)
                  .where(t.settlements.c.visit_id == vid, t.settlements.c.status != "reversed")
                  .limit(1).scalar_subquery())
    return (select(t.visits, t.departments, total.label("charges_total_fen"),
                   settlement.label("live_settlement_id"))
            .join(t.departments, t.departments.c.code == t.visits.c.department_code))


_STANDING_BY_SSN = _standing_select().where(t.patients.c.ssn == bindparam("ssn"))
_STANDING_BY_ID = _standing_select().where(t.patients.c.patient_id == bindparam("patient_id"))
_VISIT_BY_ID = _visit_select().where(t.visits.c.visit_id == bindparam("visit_id"))
_OPEN_VISITS = (_visit_select()
                .where(t.visits.c.patient_id == bindparam("patient_id"),
                       t.visits.c.status == "open")
                .order_by(t.visits.c.visit_id))
_APPOINTMENTS_TODAY = (
    select(t.appointments.c.appointment_id, t.appointments.c.time, t.departments)
    .join(t.departments, t.departments.c.code == t.appointments.c.department_code)
    .where(t.appointments.c.patient_id == bindparam("patient_id"),
           t.appointments.c.date == bindparam("today", type_=Date))
    .order_by(t.appointments.c.time))


class _ClaimLost(Exception):
    """This request's idempotency key was freed as stale while the request still ran."""


class Service:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        adapters: Adapters,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.adapters = adapters
        self.clock = clock or (lambda: datetime.now(UTC))
        self._token_cache: dict[str, tuple[Principal, float]] = {}
        self.tz = ZoneInfo(settings.timezone)
        self.policies: dict[str, st.Policy] = {
            **st.DEFAULT_POLICIES,
            **st.policies_from_mapping(settings.policies),
        }

    # ---- time -------------------------------------------------------------------------
    def now(self) -> datetime:
        """Naive UTC, as stored."""
        return self.clock().astimezone(UTC).replace(tzinfo=None)

    def local_now(self) -> datetime:
        return self.clock().astimezone(self.tz)

    def today(self) -> date:
        return self.local_now().date()

    def local_date_of(self, naive_utc: datetime) -> date:
        return naive_utc.replace(tzinfo=UTC).astimezone(self.tz).date()

    # ---- audit ------------------------------------------------------------------------
    def audit(self, conn: Connection, actor: Principal, action: str, object_type: str,
              object_id: object, **details: Any) -> None:
        conn.execute(
            t.audit_log.insert().values(
                at=self.now(), actor=actor.actor, action=action, object_type=object_type,
                object_id=str(object_id),
                details=json.dumps(details, sort_keys=True, default=str) if details else None,
            )
        )

    # ---- tokens, staff and sessions ----------------------------------------------------
    def create_token(self, role: str, name: str, department_code: str | None = None) -> str:
        if role not in ("kiosk", "department"):
            raise ValueError("role must be kiosk or department")
        token = secrets.token_urlsafe(32)
        with self.db.write() as conn:
            if department_code is not None and not conn.execute(
                select(t.departments.c.code).where(t.departments.c.code == department_code)
            ).first():
                raise ValueError(f"unknown department {department_code!r}")
            conn.execute(
                t.api_tokens.insert().values(
                    token_hash=sha256_hex(token), role=role, name=name,
                    department_code=department_code, created_at=self.now(),
                )
            )
            self.audit(conn, SYSTEM, "token.create", "api_token", name, role=role)
        return token

    def create_staff(self, username: str, password: str, role: str) -> int:
        if role not in STAFF_ROLES:
            raise ValueError(f"role must be one of {STAFF_ROLES}")
        with self.db.write() as conn:
            staff_id = conn.execute(
                t.staff.insert().values(
                    username=username, password_hash=_hasher.hash(password), role=role,
                    active=True, created_at=self.now(),
                )
            ).inserted_primary_key[0]
            self.audit(conn, SYSTEM, "staff.create", "staff", staff_id, role=role)
        return int(staff_id)

    def cached_principal(self, token: str) -> Principal | None:
        """The kiosk or department principal of ``token`` if ``authenticate`` saw it within
        ``TOKEN_CACHE_SECONDS``; no I/O, so the event loop may call it."""
        cached = self._token_cache.get(sha256_hex(token))
        if cached is not None and cached[1] > time_monotonic():
            return cached[0]
        return None

    def authenticate(self, token: str) -> Principal | None:
        """Kiosk and department tokens are remembered for ``TOKEN_CACHE_SECONDS`` (they are
        looked up on every request); staff sessions are checked every time, so a logout or
        an expiry takes effect at once."""
        cached = self.cached_principal(token)
        if cached is not None:
            return cached
        token_hash = sha256_hex(token)
        with self.db.read() as conn:
            row = conn.execute(
                select(t.api_tokens).where(
                    t.api_tokens.c.token_hash == token_hash, t.api_tokens.c.revoked_at.is_(None)
                )
            ).first()
            if row:
                principal = Principal(role=row.role, actor=f"{row.role}:{row.name}",
                                      department_code=row.department_code)
                if len(self._token_cache) > 10_000:
                    self._token_cache.clear()
                self._token_cache[token_hash] = (principal,
                                                 time_monotonic() + TOKEN_CACHE_SECONDS)
                return principal
            row = conn.execute(
                select(t.staff_sessions, t.staff.c.role, t.staff.c.active)
                .join(t.staff, t.staff.c.staff_id == t.staff_sessions.c.staff_id)
                .where(t.staff_sessions.c.token_hash == token_hash)
            ).first()
        if not row or row.revoked_at is not None or not row.active or row.expires_at <= self.now():
            return None
        return Principal(role=row.role, actor=f"staff:{row.staff_id}", staff_id=row.staff_id,
                         session_hash=token_hash)

    def login(self, username: str, password: str) -> dict[str, Any]:
        with self.db.read() as conn:
            row = conn.execute(select(t.staff).where(t.staff.c.username == username)).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
            ok = row is not None and row.active
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or row is None:
            raise ApiError(401, Reason.UNAUTHENTICATED, "wrong username or password")
        token = secrets.token_urlsafe(32)
        expires = self.now() + timedelta(minutes=self.settings.session_minutes)
        with self.db.write() as conn:
            conn.execute(
                t.staff_sessions.insert().values(
                    token_hash=sha256_hex(token), staff_id=row.staff_id, created_at=self.now(),
                    expires_at=expires,
                )
            )
            self.audit(conn, Principal(row.role, f"staff:{row.staff_id}"), "session.create",
                       "staff", row.staff_id)
        return {"token": token, "role": row.role, "staff_id": row.staff_id,
                "expires_at": iso(expires)}

    def logout(self, principal: Principal) -> None:
        with self.db.write() as conn:
            conn.execute(
                update(t.staff_sessions)
                .where(t.staff_sessions.c.token_hash == principal.session_hash)
                .values(revoked_at=self.now())
            )
            self.audit(conn, principal, "session.end", "staff", principal.staff_id)

    # ---- departments ----------------------------------------------------------------------
    @staticmethod
    def department_json(row: Any) -> dict[str, Any]:
        return {
            "code": row.code, "name_zh": row.name_zh, "name_en": row.name_en,
            "building": row.building, "floor": row.floor, "room": row.room,
            "opens": row.opens, "closes": row.closes, "queue_length": row.queue_length,
            "minutes_per_patient": row.minutes_per_patient,
            "estimated_wait_minutes": row.queue_length * row.minutes_per_patient,
        }

    def list_departments(self) -> dict[str, Any]:
        with self.db.read() as conn:
            rows = conn.execute(select(t.departments).order_by(t.departments.c.code)).all()
        return {"departments": [self.department_json(r) for r in rows]}

    def set_queue(self, principal: Principal, code: str, queue_length: int) -> dict[str, Any]:
        if principal.department_code != code:
            raise ApiError(403, Reason.FORBIDDEN, "a department system may set only its queue")
        with self.db.write() as conn:
            result = conn.execute(
                update(t.departments).where(t.departments.c.code == code)
                .values(queue_length=queue_length)
            )
            if result.rowcount == 0:
                raise ApiError(404, Reason.DEPARTMENT_UNKNOWN, "no such department")
            row = conn.execute(select(t.departments).where(t.departments.c.code == code)).one()
            self.audit(conn, principal, "department.queue", "department", code,
                       queue_length=queue_length)
        return self.department_json(row)

    def _is_open(self, dept: Any) -> bool:
        now = self.local_now().strftime("%H:%M")
        return dept.opens <= now < dept.closes

    # ---- eligibility -----------------------------------------------------------------------
    @staticmethod
    def _available_credit(standing: Any, limit: int) -> int:
        """What is left of ``limit`` after unsettled credit charges and open debts."""
        return max(0, int(limit) - int(standing.unsettled_fen) - int(standing.open_debts_fen))

    def facts(self, ssn: str) -> Facts:
        a = self.adapters
        if a.people is not None:
            found = a.people.facts(ssn)
            return Facts(found.insurance_active, found.credit_score, tuple(found.flags))
        return Facts(a.registry.is_active(ssn), a.bureau.credit_score(ssn),
                     tuple(a.monitor.flags(ssn)))

    def _standing(self, conn: Connection, patient_id: int) -> Any:
        """The patient's row with the figures ``_decide`` needs (``_standing_select``)."""
        return conn.execute(_STANDING_BY_ID, {"patient_id": patient_id,
                                              "today": self.today()}).first()

    def _decide(self, patient: Any, card: dict[str, Any] | None, facts: Facts
                ) -> dict[str, Any]:
        """The eligibility answer from a ``_standing_select`` row and the outside facts."""
        today = self.today()
        reasons: list[str] = []
        if card is not None and card.get("card_number") != patient.card_number:
            reasons.append(Reason.CARD_MISMATCH)
        expiry = card.get("expiry_date") if card else None
        expiry = expiry or patient.card_expiry_date
        if expiry is not None and expiry < today:
            reasons.append(Reason.CARD_EXPIRED)
        if not facts.insurance_active:
            reasons.append(Reason.INSURANCE_INACTIVE)
        linked = patient.link_status in ("linked", "suspended")
        if patient.link_status == "suspended":
            reasons.append(Reason.LINK_SUSPENDED)
        if facts.credit_score < self.settings.credit_score_threshold:
            reasons.append(Reason.CREDIT_SCORE_LOW)
        for flag in facts.flags:
            if flag == "fraud":
                reasons.append(Reason.MONITORING_FRAUD)
            elif flag == "blacklist":
                reasons.append(Reason.MONITORING_BLACKLIST)
        if patient.overdue_debts:
            reasons.append(Reason.OVERDUE_DEBT)
        if reasons:
            decision = Decision.NOT_ELIGIBLE
            if not linked:
                reasons.append(Reason.NOT_LINKED)
        elif not linked:
            decision = Decision.NOT_LINKED
            reasons.append(Reason.NOT_LINKED)
        else:
            decision = Decision.ELIGIBLE
        out: dict[str, Any] = {
            "decision": decision.value,
            "reasons": [Reason(r).value for r in reasons],
            "patient": {
                "patient_id": patient.patient_id, "display_name": mask_name(patient.name),
                "insurance_type": patient.insurance_type, "region_code": patient.region_code,
            },
            "credit_limit_fen": None,
            "available_credit_fen": None,
        }
        if linked:
            out["credit_limit_fen"] = int(patient.link_limit_fen)
            out["available_credit_fen"] = self._available_credit(patient,
                                                                 patient.link_limit_fen)
        return out

    def eligibility(self, card: dict[str, Any]) -> dict[str, Any]:
        facts = self.facts(card["ssn"])
        today = self.today()
        with self.db.read() as conn:
            patient = conn.execute(_STANDING_BY_SSN, {"ssn": card["ssn"], "today": today}
                                   ).first()
            if patient is None:
                return {"decision": Decision.NOT_LINKED.value, "reasons": [Reason.NOT_LINKED.value],
                        "patient": None, "credit_limit_fen": None, "available_credit_fen": None,
                        "open_visits": [], "appointments_today": []}
            out = self._decide(patient, card, facts)
            if Reason.CARD_MISMATCH.value in out["reasons"]:
                # someone else's card number: tell nothing about the record
                out.update(patient=None, credit_limit_fen=None, available_credit_fen=None,
                           open_visits=[], appointments_today=[])
                return out
            out["open_visits"] = self._open_visits(conn, patient.patient_id)
            out["appointments_today"] = self._appointments_today(conn, patient.patient_id)
        return out

    def _open_visits(self, conn: Connection, patient_id: int) -> list[dict[str, Any]]:
        rows = conn.execute(_OPEN_VISITS, {"patient_id": patient_id}).all()
        return [self._visit_json(r) for r in rows]

    def _appointments_today(self, conn: Connection, patient_id: int) -> list[dict[str, Any]]:
        rows = conn.execute(_APPOINTMENTS_TODAY, {"patient_id": patient_id,
                                                  "today": self.today()}).all()
        return [{"appointment_id": r.appointment_id, "department_code": r.code, "time": r.time,
                 "department": self.department_json(r)} for r in rows]

    # ---- visits -------------------------------------------------------------------------
    def _visit_json(self, row: Any) -> dict[str, Any]:
        """``row``: a ``_visit_select`` row (the visit, its department, its totals)."""
        return {
            "visit_id": row.visit_id, "patient_id": row.patient_id,
            "department_code": row.department_code, "visit_date": row.visit_date.isoformat(),
            "mode": row.mode, "status": row.status, "ticket_number": row.ticket_number,
            "building": row.building, "floor": row.floor, "room": row.room,
            "estimated_wait_minutes": row.queue_length * row.minutes_per_patient,
            "opened_at": iso(row.opened_at), "settlement_id": row.live_settlement_id,
            "unsettled_total_fen": int(row.charges_total_fen) if row.status == "open" else 0,
        }

    def _visit_row(self, conn: Connection, visit_id: int, *, lock: bool = False) -> Any:
        if lock:
            conn.execute(
                select(t.visits.c.visit_id).where(t.visits.c.visit_id == visit_id)
                .with_for_update()
            ).first()
        row = conn.execute(_VISIT_BY_ID, {"visit_id": visit_id}).first()
        if row is None:
            raise ApiError(404, Reason.VISIT_NOT_FOUND, "no such visit")
        return row

    def check_in(self, principal: Principal, patient_id: int, department_code: str,
                 mode: str) -> dict[str, Any]:
        if mode == "counter" and not principal.is_staff:
            raise ApiError(403, Reason.FORBIDDEN, "only staff check in counter-paying patients")
        with self.db.read() as conn:
            ssn = conn.execute(select(t.patients.c.ssn).where(
                t.patients.c.patient_id == patient_id)).scalar()
        if ssn is None:
            raise ApiError(404, Reason.PATIENT_NOT_FOUND, "no such patient")
        facts = self.facts(ssn) if mode == "credit" else None
        with self.db.read() as conn:
            patient = self._standing(conn, patient_id)
            dept = conn.execute(
                select(t.departments).where(t.departments.c.code == department_code)).first()
            if dept is None:
                raise ApiError(422, Reason.DEPARTMENT_UNKNOWN, "no such department")
            if facts is not None:
                decision = self._decide(patient, None, facts)
                if decision["decision"] != Decision.ELIGIBLE:
                    raise ApiError(409, Reason.NOT_ELIGIBLE, "patient may not be treated on credit",
                                   {"decision": decision["decision"],
                                    "reasons": decision["reasons"]})
        if not self._is_open(dept):
            raise ApiError(409, Reason.DEPARTMENT_CLOSED, "department is closed now",
                           {"opens": dept.opens, "closes": dept.closes})
        today = self.today()
        for _attempt in range(8):
            try:
                with self.db.write() as conn:
                    # check-ins to one department queue up here (PostgreSQL row lock; SQLite
                    # writers are serialised by BEGIN IMMEDIATE), so tickets never collide
                    conn.execute(select(t.departments.c.code).where(
                        t.departments.c.code == department_code).with_for_update())
                    existing = conn.execute(
                        select(t.visits.c.visit_id).where(
                            t.visits.c.patient_id == patient_id,
                            t.visits.c.department_code == department_code,
                            t.visits.c.visit_date == today, t.visits.c.status == "open")
                    ).scalar()
                    if existing is not None:
                        visit = self._visit_json(self._visit_row(conn, existing))
                        raise ApiError(409, Reason.ALREADY_CHECKED_IN,
                                       "an open visit exists for this department today",
                                       {"visit": visit})
                    ticket = conn.execute(
                        select(func.coalesce(func.max(t.visits.c.ticket_number), 0)).where(
                            t.visits.c.department_code == department_code,
                            t.visits.c.visit_date == today)
                    ).scalar_one() + 1
                    visit_id = conn.execute(
                        t.visits.insert().values(
                            patient_id=patient_id, department_code=department_code,
                            visit_date=today, mode=mode, status="open", ticket_number=ticket,
                            opened_at=self.now())
                    ).inserted_primary_key[0]
                    row = self._visit_row(conn, visit_id)
                    visit = self._visit_json(row)
                    conn.execute(
                        update(t.departments).where(t.departments.c.code == department_code)
                        .values(queue_length=t.departments.c.queue_length + 1))
                    self.audit(conn, principal, "visit.check_in", "visit", visit_id,
                               patient_id=patient_id, department=department_code, mode=mode)
                return visit
            except IntegrityError:
                continue  # a concurrent check-in took the ticket or the open slot: look again
        raise ApiError(409, Reason.ALREADY_CHECKED_IN, "check-in kept colliding; try again")

    def get_visit(self, visit_id: int) -> dict[str, Any]:
        with self.db.read() as conn:
            visit = self._visit_json(self._visit_row(conn, visit_id))
            charges = conn.execute(
                select(t.charges).where(t.charges.c.visit_id == visit_id)
                .order_by(t.charges.c.charge_id)).all()
        return {"visit": visit, "charges": [self._charge_json(c) for c in charges]}

    # ---- charges -----------------------------------------------------------------------
    @staticmethod
    def _charge_json(row: Any) -> dict[str, Any]:
        return {
            "charge_id": row.charge_id, "visit_id": row.visit_id, "item_code": row.item_code,
            "name": row.name, "category": row.category, "insurance_class": row.insurance_class,
            "unit_price_fen": row.unit_price_fen, "quantity": row.quantity,
            "amount_fen": row.amount_fen, "ordering_department_code": row.ordering_department_code,
            "performing_department_code": row.performing_department_code,
            "his_order_id": row.his_order_id, "performed": bool(row.performed),
            "posted_at": iso(row.posted_at),
        }

    def _existing_order(self, conn: Connection, visit_id: int, his_order_id: str | None) -> Any:
        if his_order_id is None:
            return None
        return conn.execute(
            select(t.charges).where(t.charges.c.visit_id == visit_id,
                                    t.charges.c.his_order_id == his_order_id)).first()

    def _replay_order(self, principal: Principal, existing: Any, body: dict[str, Any],
                      performing: str | None) -> tuple[int, dict[str, Any]]:
        """A re-post of a known ``his_order_id``: the same charge again is a safe retry (200,
        the existing charge); anything else reuses the order id and is refused."""
        posted = {**{k: body[k] for k in ("item_code", "name", "category", "insurance_class",
                                          "unit_price_fen", "quantity")},
                  "performing_department_code": performing,
                  "ordering_department_code": principal.department_code or ""}
        differing = sorted(k for k, v in posted.items() if getattr(existing, k) != v)
        if differing:
            raise ApiError(422, Reason.HIS_ORDER_REUSED,
                           "this his_order_id was posted on this visit with other values",
                           {"fields": differing, "charge": self._charge_json(existing)})
        return 200, self._charge_json(existing)

    def post_charge(self, principal: Principal, visit_id: int, body: dict[str, Any]
                    ) -> tuple[int, dict[str, Any]]:
        performing = body.get("performing_department_code") or principal.department_code
        amount = body["unit_price_fen"] * body["quantity"]
        try:
            with self.db.write() as conn:
                visit = self._visit_row(conn, visit_id, lock=True)
                existing = self._existing_order(conn, visit_id, body.get("his_order_id"))
                if existing is not None:
                    return self._replay_order(principal, existing, body, performing)
                if visit.status != "open":
                    raise ApiError(409, Reason.VISIT_CLOSED, "the visit is no longer open")
                if not conn.execute(
                    select(t.departments.c.code).where(t.departments.c.code == performing)
                ).first():
                    raise ApiError(422, Reason.DEPARTMENT_UNKNOWN,
                                   "unknown performing department")
                if visit.mode == "credit":
                    conn.execute(  # charges to one patient's credit queue up here
                        select(t.credit_links.c.patient_id).where(
                            t.credit_links.c.patient_id == visit.patient_id)
                        .with_for_update()
                    ).first()
                    standing = self._standing(conn, visit.patient_id)
                    limit = standing.link_limit_fen if standing.link_status == "linked" else 0
                    available = self._available_credit(standing, limit)
                    if amount > available:
                        raise ApiError(
                            409, Reason.CREDIT_LIMIT_EXCEEDED,
                            "the charge would pass the patient's available credit",
                            {"available_credit_fen": available, "requested_fen": amount})
                charge_id = conn.execute(
                    t.charges.insert().values(
                        visit_id=visit_id, item_code=body["item_code"], name=body["name"],
                        category=body["category"], insurance_class=body["insurance_class"],
                        unit_price_fen=body["unit_price_fen"], quantity=body["quantity"],
                        amount_fen=amount,
                        ordering_department_code=principal.department_code or "",
                        performing_department_code=performing,
                        his_order_id=body.get("his_order_id"), performed=False,
                        posted_at=self.now())
                ).inserted_primary_key[0]
                row = conn.execute(
                    select(t.charges).where(t.charges.c.charge_id == charge_id)).one()
                self.audit(conn, principal, "charge.post", "charge", charge_id,
                           visit_id=visit_id, amount_fen=amount, performing=performing)
                return 201, self._charge_json(row)
        except IntegrityError:
            with self.db.read() as conn:
                existing = self._existing_order(conn, visit_id, body.get("his_order_id"))
            if existing is None:
                raise
            return self._replay_order(principal, existing, body, performing)

    def mark_performed(self, principal: Principal, charge_id: int) -> dict[str, Any]:
        with self.db.write() as conn:
            row = conn.execute(
                select(t.charges).where(t.charges.c.charge_id == charge_id)).first()
            if row is None:
                raise ApiError(404, Reason.NOT_FOUND, "no such charge")
            if row.performing_department_code != principal.department_code:
                raise ApiError(403, Reason.FORBIDDEN,
                               "only the performing department marks an item performed")
            if not row.performed:
                conn.execute(update(t.charges).where(t.charges.c.charge_id == charge_id)
                             .values(performed=True, performed_at=self.now()))
                self.audit(conn, principal, "charge.performed", "charge", charge_id)
            row = conn.execute(
                select(t.charges).where(t.charges.c.charge_id == charge_id)).one()
        return self._charge_json(row)

    # ---- itinerary ----------------------------------------------------------------------
    def itinerary(self, visit_id: int) -> dict[str, Any]:
        with self.db.read() as conn:
            visit = self._visit_row(conn, visit_id)
            rows = conn.execute(
                select(t.charges).where(t.charges.c.visit_id == visit_id,
                                        t.charges.c.performed.is_(False))
                .order_by(t.charges.c.charge_id)).all()
            codes = sorted({r.performing_department_code for r in rows})
            depts = {d.code: d for d in conn.execute(
                select(t.departments).where(t.departments.c.code.in_(codes))).all()}
        stops = [StopInput(c, depts[c].building, depts[c].queue_length,
                           depts[c].minutes_per_patient) for c in codes]
        planned = plan(visit.building, stops, self.settings.walk)
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

    # ---- pre-settlement -------------------------------------------------------------------
    def _year_state(self, conn: Connection, patient: Any, balance: int
                    ) -> st.PatientYearState:
        start = datetime(self.today().year, 1, 1)
        used = conn.execute(
            select(func.coalesce(func.sum(t.settlements.c.act_pay_dedc_fen), 0),
                   func.coalesce(func.sum(t.settlements.c.hifp_pay_fen), 0),
                   func.coalesce(func.sum(t.settlements.c.acct_pay_fen), 0))
            .where(t.settlements.c.patient_id == patient.patient_id,
                   t.settlements.c.status != "reversed",
                   t.settlements.c.created_at >= start)
        ).one()
        return st.PatientYearState(
            deductible_used_fen=int(used[0]), fund_paid_fen=int(used[1]),
            account_balance_fen=max(0, balance - int(used[2])))

    def _account_balance(self, visit_id: int) -> int:
        """The registry's account balance for the visit's patient (0 for unknown visits)."""
        with self.db.read() as conn:
            ssn = conn.execute(
                select(t.patients.c.ssn).select_from(
                    t.visits.join(t.patients, t.patients.c.patient_id == t.visits.c.patient_id))
                .where(t.visits.c.visit_id == visit_id)).scalar()
        return 0 if ssn is None else int(self.adapters.registry.account_balance_fen(ssn))

    def _split(self, conn: Connection, visit_id: int, patient_id: int, balance: int
               ) -> tuple[Any, list[Any], st.Split]:
        patient = conn.execute(
            select(t.patients).where(t.patients.c.patient_id == patient_id)).one()
        rows = conn.execute(
            select(t.charges).where(t.charges.c.visit_id == visit_id)
            .order_by(t.charges.c.charge_id)).all()
        lines = [st.ChargeLine(item_code=r.item_code, name=r.name, category=r.category,
                               insurance_class=r.insurance_class,
                               unit_price_fen=int(r.unit_price_fen), quantity=int(r.quantity),
                               department_code=r.performing_department_code) for r in rows]
        policy = self.policies.get(patient.insurance_type) or self.policies["390"]
        return patient, rows, st.split(lines, policy, self._year_state(conn, patient, balance))

    @staticmethod
    def split_json(split: st.Split) -> dict[str, int]:
        data = split.to_dict()
        out = {f"{name}_fen": int(data[name]) for name in st.SPLIT_FIELDS}
        out["psn_part_amt_fen"] = int(data["psn_part_amt"])
        return out

    def pre_settlement(self, visit_id: int) -> dict[str, Any]:
        balance = self._account_balance(visit_id)
        with self.db.read() as conn:
            visit = self._visit_row(conn, visit_id)
            if visit.status != "open":
                raise ApiError(409, Reason.VISIT_CLOSED, "the visit is no longer open",
                               {"status": visit.status})
            patient, rows, split = self._split(conn, visit_id, visit.patient_id, balance)
        return {"visit_id": visit_id, "insurance_type": patient.insurance_type,
                "charges": [self._charge_json(r) for r in rows],
                "split": self.split_json(split)}

    # ---- settlement ---------------------------------------------------------------------
    def _settlement_json(self, conn: Connection, row: Any) -> dict[str, Any]:
        debt = conn.execute(
            select(t.debts).where(t.debts.c.settlement_id == row.settlement_id)).first()
        split = {key: int(getattr(row, key)) for key in SPLIT_KEYS}
        split["psn_part_amt_fen"] = split["acct_pay_fen"] + split["psn_cash_pay_fen"]
        return {
            "settlement_id": row.settlement_id, "visit_id": row.visit_id,
            "patient_id": row.patient_id, "status": row.status, "channel": row.channel,
            "split": split,
            "payment": None if row.payment_status is None else {
                "status": row.payment_status, "amount_fen": int(row.psn_cash_pay_fen),
                "gateway_reference": row.gateway_reference},
            "debt": None if debt is None else self._debt_json(debt),
            "created_at": iso(row.created_at), "completed_at": iso(row.completed_at),
            "reversal": None if row.reversed_at is None else {
                "reason": row.reversal_reason, "reversed_at": iso(row.reversed_at),
                "refund_status": row.refund_status, "refunded_fen": row.refunded_fen},
        }

    def _debt_json(self, row: Any) -> dict[str, Any]:
        return {"debt_id": row.debt_id, "settlement_id": row.settlement_id,
                "amount_fen": int(row.amount_fen), "due_date": row.due_date.isoformat(),
                "status": row.status,
                "overdue": row.status == "open" and row.due_date < self.today()}

    def _settlement_by_id(self, settlement_id: int) -> dict[str, Any]:
        with self.db.read() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id)).first()
            if row is None:
                raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "no such settlement")
            return self._settlement_json(conn, row)

    def get_settlement(self, settlement_id: int) -> dict[str, Any]:
        return self._settlement_by_id(settlement_id)

    def visit_settlement(self, visit_id: int) -> dict[str, Any]:
        with self.db.read() as conn:
            self._visit_row(conn, visit_id)
            sid = conn.execute(
                select(t.settlements.c.settlement_id).where(t.settlements.c.visit_id == visit_id)
                .order_by(t.settlements.c.settlement_id.desc())).scalar()
        if sid is None:
            raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "the visit has no settlement")
        return self._settlement_by_id(sid)

    def settlement_by_key(self, key: str) -> dict[str, Any]:
        with self.db.read() as conn:
            row = conn.execute(select(t.idempotency_keys).where(
                t.idempotency_keys.c.key == key)).first()
        if row is None:
            raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "unknown idempotency key")
        if row.status == "in_progress":
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "the settlement is still running")
        if row.settlement_id is not None:
            return self._settlement_by_id(row.settlement_id)
        raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "that request ended without a settlement",
                       {"status_code": row.response_status})

    def settle(self, principal: Principal, visit_id: int, key: str, body: dict[str, Any]
               ) -> tuple[int, dict[str, Any]]:
        """The one tap. Returns (HTTP status, body); replays are byte-for-byte the same."""
        channel = body.get("channel") or "linked_method"
        if channel == "counter" and not principal.is_staff:
            raise ApiError(403, Reason.FORBIDDEN, "only staff take payment at the counter")
        request_hash = sha256_hex(json.dumps({"visit_id": visit_id, **body}, sort_keys=True))
        claimed_at = self.now()
        try:
            with self.db.write() as conn:
                conn.execute(t.idempotency_keys.insert().values(
                    key=key, request_hash=request_hash, status="in_progress",
                    created_at=claimed_at, updated_at=claimed_at))
        except IntegrityError:
            return self._replay(key, request_hash)
        mine = and_(t.idempotency_keys.c.key == key,
                    t.idempotency_keys.c.created_at == claimed_at)
        try:
            status, answer = 201, self._settle_claimed(principal, visit_id, key, claimed_at,
                                                       body, channel)
        except _ClaimLost:
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS,
                           "the request took too long and created nothing; retry it") from None
        except ApiError as exc:
            status, answer = exc.status, exc.body()
        except Exception:
            # unexpected: free the key unless a settlement exists (resume_stale finishes it)
            with self.db.write() as conn:
                conn.execute(t.idempotency_keys.delete().where(
                    mine, t.idempotency_keys.c.settlement_id.is_(None)))
            raise
        with self.db.write() as conn:
            conn.execute(update(t.idempotency_keys).where(
                mine, t.idempotency_keys.c.status == "in_progress")
                .values(status="done", response_status=status,
                        response_body=json.dumps(answer), updated_at=self.now()))
        return status, answer

    def _replay(self, key: str, request_hash: str) -> tuple[int, dict[str, Any]]:
        with self.db.read() as conn:
            row = conn.execute(select(t.idempotency_keys).where(
                t.idempotency_keys.c.key == key)).first()
        if row is None:  # freed after an unexpected failure
            raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "retry the request")
        if row.request_hash != request_hash:
            raise ApiError(422, Reason.IDEMPOTENCY_KEY_REUSED,
                           "this Idempotency-Key was used for a different request")
        if row.status == "done":
            return int(row.response_status), json.loads(row.response_body)
        raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "the first request is still running")

    def _settle_claimed(self, principal: Principal, visit_id: int, key: str,
                        claimed_at: datetime, body: dict[str, Any], channel: str
                        ) -> dict[str, Any]:
        balance = self._account_balance(visit_id)
        try:
            with self.db.write() as conn:
                visit = self._visit_row(conn, visit_id, lock=True)
                live = conn.execute(select(t.settlements).where(
                    t.settlements.c.visit_id == visit_id,
                    t.settlements.c.status != "reversed")).first()
                if live is not None:
                    raise ApiError(409, Reason.ALREADY_SETTLED, "the visit is already settled",
                                   {"settlement": self._settlement_json(conn, live)})
                if visit.status != "open":
                    raise ApiError(409, Reason.VISIT_CLOSED, "the visit is no longer open",
                                   {"status": visit.status})
                if visit.mode == "counter" and channel != "counter":
                    raise ApiError(409, Reason.NOT_ELIGIBLE,
                                   "a counter visit is paid at the counter")
                patient, rows, split = self._split(conn, visit_id, visit.patient_id, balance)
                if not rows:
                    raise ApiError(409, Reason.NOTHING_TO_SETTLE, "the visit has no charges")
                if (body["expected_medfee_sumamt_fen"] != split.medfee_sumamt
                        or body["expected_psn_cash_pay_fen"] != split.psn_cash_pay):
                    raise ApiError(409, Reason.AMOUNT_CHANGED,
                                   "the bill changed since the patient saw it",
                                   {"split": self.split_json(split)})
                values = {f"{name}_fen": getattr(split, name) for name in st.SPLIT_FIELDS}
                settlement_id = conn.execute(t.settlements.insert().values(
                    visit_id=visit_id, patient_id=visit.patient_id, idempotency_key=key,
                    channel=channel, status="charging", insurance_type=patient.insurance_type,
                    created_at=self.now(), **values)).inserted_primary_key[0]
                conn.execute(update(t.visits).where(t.visits.c.visit_id == visit_id)
                             .values(status="settled", closed_at=self.now()))
                owned = conn.execute(update(t.idempotency_keys).where(
                    t.idempotency_keys.c.key == key,
                    t.idempotency_keys.c.created_at == claimed_at,
                    t.idempotency_keys.c.status == "in_progress")
                    .values(settlement_id=settlement_id, updated_at=self.now()))
                if owned.rowcount != 1:
                    raise _ClaimLost  # rolls the settlement back: nothing was created
                self.audit(conn, principal, "settlement.create", "settlement", settlement_id,
                           visit_id=visit_id, medfee_sumamt_fen=split.medfee_sumamt,
                           psn_cash_pay_fen=split.psn_cash_pay, channel=channel)
        except IntegrityError:
            # another request settled this visit between our check and our insert
            with self.db.read() as conn:
                live = conn.execute(select(t.settlements).where(
                    t.settlements.c.visit_id == visit_id,
                    t.settlements.c.status != "reversed")).first()
                if live is None:
                    raise
                raise ApiError(409, Reason.ALREADY_SETTLED, "the visit is already settled",
                               {"settlement": self._settlement_json(conn, live)}) from None
        self._collect(principal, int(settlement_id))
        return self._settlement_by_id(int(settlement_id))

    def _collect(self, principal: Principal, settlement_id: int) -> None:
        """Charge the cash share and complete the settlement (idempotent; see module doc)."""
        with self.db.read() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id)).one()
            link = conn.execute(select(t.credit_links).where(
                t.credit_links.c.patient_id == row.patient_id)).first()
        if row.status != "charging":
            return
        amount = int(row.psn_cash_pay_fen)
        reference = f"settlement-{settlement_id}"
        gateway_ref: str | None = None
        if row.channel == "counter":
            payment_status = "counter"
        elif amount == 0:
            payment_status = "charged"
        elif link is None or link.status != "linked":
            payment_status = "failed"
        else:
            gateway_ref = reference
            try:
                result = self.adapters.gateway.charge(
                    reference=reference, patient_id=int(row.patient_id),
                    payment_method_ref=link.payment_method_ref, amount_fen=amount)
                payment_status = "charged" if result.status == "succeeded" else "declined"
            except Exception as exc:
                log.error("payment gateway failed for settlement %s: %s", settlement_id,
                          describe(exc))
                try:
                    found = self.adapters.gateway.lookup(reference)
                except Exception:
                    found = None
                if found is not None:
                    payment_status = "charged" if found.status == "succeeded" else "declined"
                else:
                    payment_status = "failed"
        with self.db.write() as conn:
            done = conn.execute(
                update(t.settlements).where(t.settlements.c.settlement_id == settlement_id,
                                            t.settlements.c.status == "charging")
                .values(status="completed", payment_status=payment_status,
                        gateway_reference=gateway_ref, completed_at=self.now()))
            if done.rowcount == 0:
                return
            if payment_status in ("declined", "failed") and amount > 0:
                debt_id = conn.execute(t.debts.insert().values(
                    patient_id=row.patient_id, settlement_id=settlement_id, amount_fen=amount,
                    due_date=self.today() + timedelta(days=self.settings.debt_due_days),
                    status="open", created_at=self.now())).inserted_primary_key[0]
                self.audit(conn, principal, "debt.create", "debt", debt_id,
                           settlement_id=settlement_id, amount_fen=amount)
            self.audit(conn, principal, "settlement.complete", "settlement", settlement_id,
                       payment_status=payment_status)

    def resume_stale(self) -> list[int]:
        """Repair what a crash left behind, once it is older than ``settle_stale_seconds``:
        finish settlements left in ``charging`` (a crash between charge and completion) and
        store their answer for their key; store the answer for ``in_progress`` keys whose
        settlement is finished (a crash after completion); delete ``in_progress`` keys without
        a settlement (a crash before the settlement was written), so that a retry with the
        same key settles afresh. Returns the ids of the settlements finished here."""
        cutoff = self.now() - timedelta(seconds=self.settings.settle_stale_seconds)
        with self.db.read() as conn:
            ids = conn.execute(select(t.settlements.c.settlement_id).where(
                t.settlements.c.status == "charging",
                t.settlements.c.created_at < cutoff)).scalars().all()
        for sid in ids:
            self._collect(SYSTEM, int(sid))
            answer = self._settlement_by_id(int(sid))
            with self.db.write() as conn:
                conn.execute(update(t.idempotency_keys).where(
                    t.idempotency_keys.c.settlement_id == sid,
                    t.idempotency_keys.c.status == "in_progress")
                    .values(status="done", response_status=201,
                            response_body=json.dumps(answer), updated_at=self.now()))
        self._repair_stale_keys(cutoff)
        return [int(i) for i in ids]

    def _repair_stale_keys(self, cutoff: datetime) -> None:
        keys = t.idempotency_keys
        with self.db.read() as conn:
            rows = conn.execute(select(keys.c.key, keys.c.settlement_id).where(
                keys.c.status == "in_progress", keys.c.updated_at < cutoff)).all()
        for key, settlement_id in rows:
            stale = and_(keys.c.key == key, keys.c.status == "in_progress",
                         keys.c.updated_at < cutoff)
            if settlement_id is None:
                with self.db.write() as conn:
                    freed = conn.execute(keys.delete().where(
                        stale, keys.c.settlement_id.is_(None))).rowcount
                    if freed:
                        self.audit(conn, SYSTEM, "idempotency.free_stale", "idempotency_key",
                                   key if len(key) <= 64 else sha256_hex(key))
                continue
            with self.db.read() as conn:
                status = conn.execute(select(t.settlements.c.status).where(
                    t.settlements.c.settlement_id == settlement_id)).scalar()
            if status is None or status == "charging":
                continue  # charging: finished above once the settlement itself is stale
            answer = self._settlement_by_id(int(settlement_id))
            with self.db.write() as conn:
                conn.execute(update(keys).where(stale, keys.c.settlement_id == settlement_id)
                             .values(status="done", response_status=201,
                                     response_body=json.dumps(answer), updated_at=self.now()))

    # ---- reversal ---------------------------------------------------------------------------
    def reverse(self, principal: Principal, settlement_id: int, reason: str) -> dict[str, Any]:
        with self.db.write() as conn:
            row = conn.execute(select(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).with_for_update()).first()
            if row is None:
                raise ApiError(404, Reason.SETTLEMENT_NOT_FOUND, "no such settlement")
            if row.status in ("reversed", "reversing"):
                raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED, "already reversed",
                               {"why": "already_reversed"})
            if row.status == "charging":
                raise ApiError(409, Reason.SETTLEMENT_IN_PROGRESS, "the settlement is running")
            if row.completed_at < self.now() - timedelta(days=self.settings.reversal_max_days):
                raise ApiError(409, Reason.REVERSAL_NOT_ALLOWED, "the settlement is too old",
                               {"why": "too_old",
                                "max_days": self.settings.reversal_max_days})
            conn.execute(update(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).values(status="reversing"))
        refund_status, refunded = "none", 0
        if row.payment_status == "charged" and int(row.psn_cash_pay_fen) > 0:
            try:
                result = self.adapters.gateway.refund(
                    reference=f"refund-{settlement_id}", patient_id=int(row.patient_id),
                    amount_fen=int(row.psn_cash_pay_fen))
                ok = result.status == "succeeded"
            except Exception as exc:
                log.error("refund failed for settlement %s: %s", settlement_id, describe(exc))
                ok = False
            refund_status = "refunded" if ok else "failed"
            refunded = int(row.psn_cash_pay_fen) if ok else 0
        elif row.payment_status == "counter":
            refund_status = "at_counter"
        with self.db.write() as conn:
            debt = conn.execute(select(t.debts).where(
                t.debts.c.settlement_id == settlement_id)).first()
            if debt is not None and debt.status == "open":
                conn.execute(update(t.debts).where(t.debts.c.debt_id == debt.debt_id)
                             .values(status="cancelled", closed_at=self.now()))
            elif debt is not None and debt.status == "paid":
                refund_status = "at_counter"
            conn.execute(update(t.settlements).where(
                t.settlements.c.settlement_id == settlement_id).values(
                status="reversed", reversed_at=self.now(), reversal_reason=reason,
                reversed_by=principal.actor, refund_status=refund_status,
                refunded_fen=refunded))
            visit = conn.execute(select(t.visits).where(
                t.visits.c.visit_id == row.visit_id)).one()
            other = conn.execute(select(t.visits.c.visit_id).where(
                t.visits.c.patient_id == visit.patient_id,
                t.visits.c.department_code == visit.department_code,
                t.visits.c.visit_date == visit.visit_date, t.visits.c.status == "open",
                t.visits.c.visit_id != visit.visit_id)).scalar()
            if other is None:
                conn.execute(update(t.visits).where(t.visits.c.visit_id == visit.visit_id)
                             .values(status="open", closed_at=None))
            else:  # the patient checked in again meanwhile: the charges join that visit
                conn.execute(update(t.charges).where(t.charges.c.visit_id == visit.visit_id)
                             .values(visit_id=other))
            self.audit(conn, principal, "settlement.reverse", "settlement", settlement_id,
                       refund_status=refund_status, refunded_fen=refunded)
        return self._settlement_by_id(settlement_id)

    # ---- patients (counter) ---------------------------------------------------------------
    def create_patient(self, principal: Principal, card: dict[str, Any], insurance_type: str
                       ) -> dict[str, Any]:
        try:
            with self.db.write() as conn:
                patient_id = conn.execute(t.patients.insert().values(
                    ssn=card["ssn"], card_number=card["card_number"], name=card.get("name") or "",
                    gender=card.get("gender"), birth_date=card.get("birth_date"),
                    region_code=card.get("region_code") or card["ssn"][:6],
                    insurance_type=insurance_type, card_expiry_date=card.get("expiry_date"),
                    created_at=self.now())).inserted_primary_key[0]
                self.audit(conn, principal, "patient.create", "patient", patient_id)
        except IntegrityError:
            with self.db.read() as conn:
                existing = conn.execute(select(t.patients.c.patient_id).where(
                    t.patients.c.ssn == card["ssn"])).scalar()
            raise ApiError(409, Reason.PATIENT_EXISTS, "a patient with this ssn exists",
                           {"patient_id": existing}) from None
        return self.patient_view(int(patient_id))

    def find_patient(self, ssn: str) -> dict[str, Any]:
        with self.db.read() as conn:
            pid = conn.execute(select(t.patients.c.patient_id).where(
                t.patients.c.ssn == ssn)).scalar()
        if pid is None:
            raise ApiError(404, Reason.PATIENT_NOT_FOUND, "no such patient")
        return self.patient_view(int(pid))

    def patient_view(self, patient_id: int) -> dict[str, Any]:
        with self.db.read() as conn:
            ssn = conn.execute(select(t.patients.c.ssn).where(
                t.patients.c.patient_id == patient_id)).scalar()
        if ssn is None:
            raise ApiError(404, Reason.PATIENT_NOT_FOUND, "no such patient")
        facts = self.facts(ssn)
        with self.db.read() as conn:
            p = self._standing(conn, patient_id)
            if p is None:
                raise ApiError(404, Reason.PATIENT_NOT_FOUND, "no such patient")
            link = conn.execute(select(t.credit_links).where(
                t.credit_links.c.patient_id == patient_id)).first()
            decision = self._decide(p, None, facts)
            debts = conn.execute(select(t.debts).where(t.debts.c.patient_id == patient_id)
                                 .order_by(t.debts.c.debt_id)).all()
            settlements = conn.execute(
                select(t.settlements).where(t.settlements.c.patient_id == patient_id)
                .order_by(t.settlements.c.settlement_id.desc()).limit(20)).all()
            return {
                "patient": {
                    "patient_id": p.patient_id, "ssn": p.ssn, "name": p.name,
                    "gender": p.gender,
                    "birth_date": p.birth_date.isoformat() if p.birth_date else None,
                    "card_number": p.card_number, "region_code": p.region_code,
                    "insurance_type": p.insurance_type,
                    "card_expiry_date": p.card_expiry_date.isoformat()
                    if p.card_expiry_date else None,
                },
                "link": None if link is None else {
                    "status": link.status, "credit_limit_fen": int(link.credit_limit_fen),
                    "payment_method_type": link.payment_method_type,
                    "payment_method_ref": link.payment_method_ref,
                    "linked_at": iso(link.linked_at),
                    "consent_signed_at": iso(link.consent_signed_at),
                    "status_reason": link.status_reason,
                },
                "eligibility": decision,
                "debts": [self._debt_json(d) for d in debts],
                "open_visits": self._open_visits(conn, patient_id),
                "settlements": [self._settlement_json(conn, s) for s in settlements],
            }

    def link(self, principal: Principal, patient_id: int, body: dict[str, Any]
             ) -> dict[str, Any]:
        with self.db.read() as conn:
            p = conn.execute(select(t.patients).where(
                t.patients.c.patient_id == patient_id)).first()
        if p is None:
            raise ApiError(404, Reason.PATIENT_NOT_FOUND, "no such patient")
        limit = self.settings.credit_limit_for(self.adapters.bureau.credit_score(p.ssn))
        consent, method = body["consent"], body["payment_method"]
        now = self.now()
        values = dict(
            status="linked", credit_limit_fen=limit, payment_method_type=method["type"],
            payment_method_ref=method["reference"], consent_text=consent["text"],
            consent_text_sha256=sha256_hex(consent["text"]),
            signature_sha256=consent["signature_sha256"].lower(),  # ConsentIn: the image hash
            consent_signed_at=consent["signed_at"].astimezone(UTC).replace(tzinfo=None),
            verified_by=principal.actor, linked_at=now, updated_at=now, status_reason=None)
        with self.db.write() as conn:
            link = conn.execute(select(t.credit_links).where(
                t.credit_links.c.patient_id == patient_id).with_for_update()).first()
            if link is not None and link.status != "unlinked":
                raise ApiError(409, Reason.LINK_STATE, "already linked; unlink first",
                               {"status": link.status})
            if link is None:
                conn.execute(t.credit_links.insert().values(patient_id=patient_id, **values))
            else:
                conn.execute(update(t.credit_links).where(
                    t.credit_links.c.patient_id == patient_id).values(**values))
            self.audit(conn, principal, "link.create", "patient", patient_id,
                       credit_limit_fen=limit, consent_text_sha256=values["consent_text_sha256"],
                       signature_sha256=values["signature_sha256"],
                       signature_image=consent.get("signature_png_base64") is not None)
        return self.patient_view(patient_id)

    def set_link_status(self, principal: Principal, patient_id: int, new_status: str,
                        allowed_from: Iterable[str], reason: str) -> dict[str, Any]:
        with self.db.write() as conn:
            if not conn.execute(select(t.patients.c.patient_id).where(
                    t.patients.c.patient_id == patient_id)).first():
                raise ApiError(404, Reason.PATIENT_NOT_FOUND, "no such patient")
            link = conn.execute(select(t.credit_links).where(
                t.credit_links.c.patient_id == patient_id).with_for_update()).first()
            if link is None or link.status not in allowed_from:
                raise ApiError(409, Reason.LINK_STATE, f"cannot go to {new_status}",
                               {"status": None if link is None else link.status})
            conn.execute(update(t.credit_links).where(t.credit_links.c.patient_id == patient_id)
                         .values(status=new_status, status_reason=reason,
                                 updated_at=self.now()))
            self.audit(conn, principal, f"link.{new_status}", "patient", patient_id)
        return self.patient_view(patient_id)

    def pay_debt(self, principal: Principal, debt_id: int, channel: str, amount_fen: int
                 ) -> dict[str, Any]:
        with self.db.write() as conn:
            debt = conn.execute(select(t.debts).where(
                t.debts.c.debt_id == debt_id).with_for_update()).first()
            if debt is None:
                raise ApiError(404, Reason.DEBT_NOT_FOUND, "no such debt")
            if debt.status != "open":
                raise ApiError(409, Reason.DEBT_NOT_OPEN, "the debt is not open",
                               {"status": debt.status})
            if amount_fen != debt.amount_fen:
                raise ApiError(409, Reason.AMOUNT_CHANGED, "the amount differs from the debt",
                               {"amount_fen": int(debt.amount_fen)})
            conn.execute(update(t.debts).where(t.debts.c.debt_id == debt_id).values(
                status="paid", closed_at=self.now(), paid_channel=channel))
            self.audit(conn, principal, "debt.pay", "debt", debt_id, amount_fen=amount_fen,
                       channel=channel)
            debt = conn.execute(select(t.debts).where(t.debts.c.debt_id == debt_id)).one()
            return self._debt_json(debt)

    def set_payment_declines(self, ssn: str, declines: bool) -> None:
        """Reference gateway switch (demos and tests): make charges for this person decline."""
        with self.db.write() as conn:
            result = conn.execute(update(t.ref_people).where(t.ref_people.c.ssn == ssn)
                                  .values(payment_declines=declines))
            if result.rowcount == 0:
                conn.execute(t.ref_people.insert().values(
                    ssn=ssn, credit_score=self.settings.default_credit_score,
                    payment_declines=declines, insurance_active=True, account_balance_fen=0))

    # ---- auto-settle and clearing -----------------------------------------------------------
    def auto_settle(self) -> dict[str, list[int]]:
        """Settle (or close, if empty) open visits older than the configured time."""
        out: dict[str, list[int]] = {"settled": [], "closed": [], "failed": [], "resumed": []}
        out["resumed"] = self.resume_stale()
        cutoff = self.now() - timedelta(minutes=self.settings.auto_settle_after_minutes)
        with self.db.read() as conn:
            rows = conn.execute(select(t.visits.c.visit_id, t.visits.c.mode).where(
                t.visits.c.status == "open", t.visits.c.opened_at < cutoff)
                .order_by(t.visits.c.visit_id)).all()
        for visit_id, mode in rows:
            with self.db.write() as conn:
                n = conn.execute(select(func.count()).select_from(t.charges).where(
                    t.charges.c.visit_id == visit_id)).scalar_one()
                if n == 0:
                    conn.execute(update(t.visits).where(
                        t.visits.c.visit_id == visit_id, t.visits.c.status == "open")
                        .values(status="closed", closed_at=self.now()))
                    self.audit(conn, SYSTEM, "visit.auto_close", "visit", visit_id)
                    out["closed"].append(visit_id)
                    continue
            if mode != "credit":
                continue  # counter visits are paid at the counter, never charged
            try:
                bill = self.pre_settlement(visit_id)["split"]
                status, answer = self.settle(SYSTEM, visit_id, f"auto-visit-{visit_id}", {
                    "expected_medfee_sumamt_fen": bill["medfee_sumamt_fen"],
                    "expected_psn_cash_pay_fen": bill["psn_cash_pay_fen"],
                    "channel": "auto"})
            except ApiError:
                status, answer = 409, {}
            if status == 201:
                out["settled"].append(answer["settlement_id"])
            else:
                out["failed"].append(visit_id)
        return out

    def clearing_report(self, period: str, start: date, end: date) -> dict[str, Any]:
        if end < start:
            raise ApiError(422, Reason.VALIDATION_ERROR, "end is before start")
        if start.year < 2000 or end.year > 2999:
            raise ApiError(422, Reason.VALIDATION_ERROR, "dates must lie in 2000..2999")
        lo = datetime.combine(start, time.min, self.tz).astimezone(UTC).replace(tzinfo=None)
        hi = datetime.combine(end + timedelta(days=1), time.min, self.tz).astimezone(UTC) \
            .replace(tzinfo=None)
        amounts = ("medfee_sumamt_fen", "hifp_pay_fen", "fund_pay_sumamt_fen", "acct_pay_fen",
                   "psn_cash_pay_fen")
        with self.db.read() as conn:
            rows = conn.execute(select(t.settlements).where(and_(
                t.settlements.c.status == "completed", t.settlements.c.completed_at >= lo,
                t.settlements.c.completed_at < hi))).all()
        buckets: dict[tuple[date, str], dict[str, Any]] = {}
        for r in rows:
            day = self.local_date_of(r.completed_at)
            if period == "weekly":
                p_start = day - timedelta(days=day.weekday())
                p_end = p_start + timedelta(days=6)
            else:
                p_start = day.replace(day=1)
                p_end = (p_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            b = buckets.setdefault((p_start, r.insurance_type), {
                "period_start": p_start.isoformat(), "period_end": p_end.isoformat(),
                "insurance_type": r.insurance_type, "settlements": 0,
                **{a: 0 for a in amounts}})
            b["settlements"] += 1
            for a in amounts:
                b[a] += int(getattr(r, a))
        out_rows = [buckets[k] for k in sorted(buckets)]
        totals = {"settlements": sum(b["settlements"] for b in out_rows),
                  **{a: sum(b[a] for b in out_rows) for a in amounts}}
        return {"period": period, "start": start.isoformat(), "end": end.isoformat(),
                "rows": out_rows, "totals": totals}
