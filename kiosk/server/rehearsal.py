"""Rehearsal: scripted faults for the reference payment gateway and insurer, so operators and
tests can provoke each path (a declined charge, a gateway time-out, an outcome nobody knows, a
slow answer) without touching Python.

A fault is a row of ``rehearsal_faults``: which outside service (``gateway`` or ``insurer``),
which of its calls (the gateway's ``charge``, ``refund``, ``lookup``; the insurer's
``eligibility`` and ``balance``), what goes wrong, optionally for one patient only, and how
many calls it hits. Faults live in the database, so every server process (and the command
line, ``kiosk server rehearse``) sees the same script. They exist only where the server's
``environment`` is ``demo`` or ``development`` (the test configuration): in production the
admin endpoint answers 404 and the command refuses, and the reference adapters never read
the table (``Settings.environment`` is fixed at start).

What each fault does (``kiosk.server.adapters`` applies them):

* ``decline``: the gateway declines the charge or refund (recorded as declined); the insurer
  answers the insurance inactive (``eligibility``) or an empty personal account (``balance``).
* ``timeout``: the call raises ``TimeoutError`` and nothing happens at the gateway.
* ``unknown``: the gateway does the charge or refund but the answer is lost: the call raises
  and the next ``lookup`` of that reference raises too, so the server cannot tell what
  happened (the settlement lists as unresolved until someone resolves it). For the insurer it
  is a time-out.
* ``slow``: the call answers normally after ``delay_ms``.

``take`` (one transaction, any thread) uses up one call of the oldest matching fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, or_, select, update

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.db import Database
from kiosk.server.errors import ApiError

# "development" is the test configuration (the backend's tests run in it)
REHEARSAL_ENVIRONMENTS = ("demo", "development")
OPERATIONS = {"gateway": ("charge", "refund", "lookup"),
              "insurer": ("eligibility", "balance")}
FAULTS = ("decline", "timeout", "unknown", "slow")
MAX_DELAY_MS = 60_000
MAX_TIMES = 1_000


@dataclass(frozen=True, slots=True)
class Fault:
    fault: str
    delay_ms: int = 0


def rehearsal_allowed(environment: str) -> bool:
    return environment in REHEARSAL_ENVIRONMENTS


def check_fault(target: str, operation: str, fault: str, times: int, delay_ms: int) -> None:
    """Refuse (``422 validation_error``) a fault the reference services cannot play."""
    if target not in OPERATIONS:
        raise ApiError(422, Reason.VALIDATION_ERROR, f"target must be one of {sorted(OPERATIONS)}")
    if operation not in OPERATIONS[target]:
        raise ApiError(422, Reason.VALIDATION_ERROR,
                       f"the {target}'s operations are {', '.join(OPERATIONS[target])}")
    if fault not in FAULTS:
        raise ApiError(422, Reason.VALIDATION_ERROR, f"fault must be one of {', '.join(FAULTS)}")
    if operation == "lookup" and fault in ("decline", "unknown"):
        raise ApiError(422, Reason.VALIDATION_ERROR, "a lookup can only time out or be slow")
    if not 1 <= times <= MAX_TIMES:
        raise ApiError(422, Reason.VALIDATION_ERROR, f"times must lie in 1..{MAX_TIMES}")
    if not 0 <= delay_ms <= MAX_DELAY_MS or (fault == "slow" and delay_ms == 0):
        raise ApiError(422, Reason.VALIDATION_ERROR,
                       f"delay_ms must lie in 1..{MAX_DELAY_MS} for a slow answer")


def fault_json(row: Any) -> dict[str, Any]:
    return {"fault_id": int(row.fault_id), "target": row.target, "operation": row.operation,
            "fault": row.fault, "patient_id": row.patient_id, "remaining": int(row.remaining),
            "delay_ms": int(row.delay_ms)}


class Rehearsal:
    """The fault script over ``db``. ``now`` gives the naive UTC time rows are stamped with."""

    def __init__(self, db: Database, environment: str) -> None:
        self.db = db
        self.enabled = rehearsal_allowed(environment)

    def require_enabled(self) -> None:
        """404 outside demo and test: in production the rehearsal does not exist."""
        if not self.enabled:
            raise ApiError(404, Reason.NOT_FOUND, "not found")

    def add(self, target: str, operation: str, fault: str, *, times: int = 1,
            patient_id: int | None = None, delay_ms: int = 0, now: datetime) -> dict[str, Any]:
        self.require_enabled()
        check_fault(target, operation, fault, times, delay_ms)
        with self.db.write() as conn:
            fault_id = conn.execute(t.rehearsal_faults.insert().values(
                target=target, operation=operation, fault=fault, patient_id=patient_id,
                remaining=times, delay_ms=delay_ms, created_at=now)).inserted_primary_key[0]
            row = conn.execute(select(t.rehearsal_faults).where(
                t.rehearsal_faults.c.fault_id == fault_id)).one()
        return fault_json(row)

    def faults(self) -> list[dict[str, Any]]:
        self.require_enabled()
        with self.db.read() as conn:
            rows = conn.execute(select(t.rehearsal_faults).where(
                t.rehearsal_faults.c.remaining > 0).order_by(t.rehearsal_faults.c.fault_id)).all()
        return [fault_json(r) for r in rows]

    def clear(self) -> int:
        self.require_enabled()
        with self.db.write() as conn:
            return int(conn.execute(delete(t.rehearsal_faults)).rowcount)

    def pending(self, target: str, operation: str) -> bool:
        """Whether any fault is scripted for this call (one read; none when off)."""
        if not self.enabled:
            return False
        f = t.rehearsal_faults
        with self.db.read() as conn:
            return conn.execute(select(f.c.fault_id).where(
                f.c.target == target, f.c.operation == operation, f.c.remaining > 0
            ).limit(1)).first() is not None

    def take(self, target: str, operation: str, patient_id: int | None = None) -> Fault | None:
        """Use one call of the oldest fault scripted for this call, if any (none when the
        rehearsal is off: then not even the table is read)."""
        if not self.pending(target, operation):
            return None
        with self.db.write() as conn:
            return take_fault(conn, target, operation, patient_id)


def take_fault(conn: Connection, target: str, operation: str, patient_id: int | None
               ) -> Fault | None:
    f = t.rehearsal_faults
    who = f.c.patient_id.is_(None) if patient_id is None else or_(
        f.c.patient_id.is_(None), f.c.patient_id == patient_id)
    row = conn.execute(select(f).where(f.c.target == target, f.c.operation == operation,
                                       f.c.remaining > 0, who)
                       .order_by(f.c.fault_id).limit(1).with_for_update()).first()
    if row is None:
        return None
    conn.execute(update(f).where(f.c.fault_id == row.fault_id, f.c.remaining > 0)
                 .values(remaining=f.c.remaining - 1))
    return Fault(row.fault, int(row.delay_ms))


def add_lookup_timeout(conn: Connection, patient_id: int, now: datetime) -> None:
    """An ``unknown`` outcome's second half: the next lookup for this patient times out."""
    conn.execute(t.rehearsal_faults.insert().values(
        target="gateway", operation="lookup", fault="timeout", patient_id=patient_id,
        remaining=1, delay_ms=0, created_at=now))
