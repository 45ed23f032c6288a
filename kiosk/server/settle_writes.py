"""The settlement's writes (``kiosk.server.settlement``, steps 2 and 3). On PostgreSQL each
step's writes go in one statement (``WITH`` of data-modifying parts, built once) instead of
four, each of which was a round trip to the server and a statement for SQLAlchemy to build;
SQLite, in-process, runs them one by one (its ``RETURNING`` cannot name another table).

* ``create``, step 2: insert the settlement (``charging``), close the visit, record the
  settlement on the request's key (only while the request still owns it) and write the
  ``settlement.create`` audit row. Returns the settlement's row and whether the key was
  still this request's; the caller rolls back when it was not.
* ``complete``, step 3 without a debt (PostgreSQL): mark the settlement ``completed`` (only
  if still ``charging``), write the ``settlement.complete`` audit row, store ``answer`` as
  the key's answer and end the patient session ``session`` unless its patient has an open
  visit left. Returns whether the settlement was completed here; if not, nothing was
  written.

Run inside the caller's transaction; any thread.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text, update

from kiosk.domain import settlement as st
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import Context, audit_details
from kiosk.server.statuses import KeyStatus, SettlementStatus, VisitStatus

_SPLIT = [f"{name}_fen" for name in st.SPLIT_FIELDS]
_CREATED = ["visit_id", "patient_id", "idempotency_key", "channel", "status",
            "insurance_type", "created_at", *_SPLIT]

_CREATE = text(f"""
WITH s AS (
  INSERT INTO settlements ({", ".join(_CREATED)})
  VALUES ({", ".join(":" + c for c in _CREATED)}) RETURNING *
), v AS (
  UPDATE visits SET status = '{VisitStatus.SETTLED.value}', closed_at = :created_at
  WHERE visit_id = :visit_id
), k AS (
  UPDATE idempotency_keys SET settlement_id = (SELECT settlement_id FROM s),
    updated_at = :created_at
  WHERE key = :idempotency_key AND created_at = :claimed_at
    AND status = '{KeyStatus.IN_PROGRESS.value}'
  RETURNING 1
), a AS (
  INSERT INTO audit_log (at, actor, action, object_type, object_id, details)
  SELECT :created_at, :actor, 'settlement.create', 'settlement',
    CAST(s.settlement_id AS VARCHAR), :details FROM s
)
SELECT s.*, (SELECT count(*) FROM k) AS owned FROM s""")

_COMPLETE = text(f"""
WITH d AS (
  UPDATE settlements SET status = '{SettlementStatus.COMPLETED.value}',
    payment_status = :payment_status, gateway_reference = :gateway_reference,
    completed_at = :now
  WHERE settlement_id = :settlement_id AND status = '{SettlementStatus.CHARGING.value}'
  RETURNING settlement_id, idempotency_key, patient_id
), a AS (
  INSERT INTO audit_log (at, actor, action, object_type, object_id, details)
  SELECT :now, :actor, 'settlement.complete', 'settlement', CAST(d.settlement_id AS VARCHAR),
    :details FROM d
), k AS (
  UPDATE idempotency_keys SET status = '{KeyStatus.DONE.value}', response_status = 201,
    response_body = :answer, updated_at = :now
  FROM d WHERE idempotency_keys.key = d.idempotency_key
    AND idempotency_keys.settlement_id = d.settlement_id
    AND idempotency_keys.status = '{KeyStatus.IN_PROGRESS.value}'
), e AS (
  UPDATE patient_sessions SET ended_at = :now, end_reason = 'settled'
  FROM d WHERE patient_sessions.token_hash = :session AND patient_sessions.ended_at IS NULL
    AND patient_sessions.patient_id = d.patient_id
    AND NOT EXISTS (SELECT 1 FROM visits WHERE visits.patient_id = d.patient_id
                    AND visits.status = '{VisitStatus.OPEN.value}')
)
SELECT count(*) FROM d""")


# the same writes one by one (SQLite), built once too
_INSERT = t.settlements.insert().returning(*t.settlements.c)
_CLOSE_VISIT = (update(t.visits).where(t.visits.c.visit_id == bindparam("visit"))
                .values(status=VisitStatus.SETTLED, closed_at=bindparam("at")))
_KEYS = t.idempotency_keys
_OWN_KEY = (update(_KEYS).where(_KEYS.c.key == bindparam("claimed_key"),
                                _KEYS.c.created_at == bindparam("claimed"),
                                _KEYS.c.status == KeyStatus.IN_PROGRESS)
            .values(settlement_id=bindparam("settlement"), updated_at=bindparam("at")))
# step 3's completion alone (SQLite, and a completion that makes a debt)
COMPLETE_ONE = (update(t.settlements)
                .where(t.settlements.c.settlement_id == bindparam("settlement"),
                       t.settlements.c.status == SettlementStatus.CHARGING)
                .values(status=SettlementStatus.COMPLETED,
                        payment_status=bindparam("payment"),
                        gateway_reference=bindparam("reference"), completed_at=bindparam("at"))
                .returning(*t.settlements.c))


def create(ctx: Context, conn: Connection, values: dict[str, Any], claimed_at: datetime,
           principal: Principal, audit: dict[str, Any]) -> tuple[Any, bool]:
    """``values``: the settlement's columns (``_CREATED``); ``audit``: the audit row's
    details."""
    if ctx.db.dialect == "postgresql":
        row = conn.execute(_CREATE, {**values, "claimed_at": claimed_at,
                                     "actor": principal.actor,
                                     "details": audit_details(audit)}).one()
        return row, int(row.owned) == 1
    now = values["created_at"]
    row = conn.execute(_INSERT, values).one()
    conn.execute(_CLOSE_VISIT, {"visit": row.visit_id, "at": now})
    owned = conn.execute(_OWN_KEY, {"claimed_key": row.idempotency_key, "claimed": claimed_at,
                                    "settlement": row.settlement_id, "at": now}).rowcount == 1
    if owned:
        ctx.audit(conn, principal, "settlement.create", "settlement", row.settlement_id,
                  **audit)
    return row, owned


def complete(conn: Connection, settlement_id: int, payment_status: str,
             gateway_reference: str | None, now: datetime, actor: str, details: str | None,
             answer: str, session: str | None) -> bool:
    return int(conn.execute(_COMPLETE, {
        "settlement_id": settlement_id, "payment_status": payment_status,
        "gateway_reference": gateway_reference, "now": now, "actor": actor,
        "details": details, "answer": answer, "session": session}).scalar_one()) == 1
