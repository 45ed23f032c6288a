"""Retention on the backend: ``kiosk server prune`` deletes what is older than the configured
age, keeping what the clearing report and disputes need for longer (docs/server.md
"Retention").

Two ages (``Settings.retention_days``, 90; ``Settings.retention_money_days``, 3650):

* after ``retention_days``: audit rows not about money, ended or expired patient and staff
  sessions, login-failure rows no longer locking anyone out, finished idempotency keys,
  acknowledged calls for help (an open one stays, however old), and the rotated log files
  (``server.log.N``; never the live ``server.log``);
* after ``retention_money_days``: settlements in a final status (completed or reversed), their
  closed debts, the gateway's charges and refunds, and the audit rows about money
  (``MONEY_ACTION_PREFIXES``): what the insurer's reconciliation and a patient's dispute are
  answered from.

Whatever its age, nothing goes that an open visit, an unsettled (charging or reversing)
settlement, an open debt or an in-progress idempotency key refers to.

Decide, then do: ``snapshot`` reads the old rows and what protects them; the pure ``plan``
(with one ``*_may_go`` function per kind of row) says which may go; ``execute`` deletes them,
one transaction per table, each delete repeating its age condition in SQL so a row that
changed since the snapshot stays. The report holds counts only, never personal data.

Threads: a command-line job; any thread may call anything, each call uses its own
transactions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, select

from kiosk.server import schema as t
from kiosk.server.auth import SYSTEM
from kiosk.server.context import Context
from kiosk.server.db import Database
from kiosk.server.logs import LOG_FILE
from kiosk.server.statuses import DebtStatus, KeyStatus, SettlementStatus, VisitStatus

log = logging.getLogger(__name__)

# audit actions about money: kept for retention_money_days (a dispute asks who charged, refunded,
# reversed, posted a charge, linked a payment method, or freed a settlement's key, and when)
MONEY_ACTION_PREFIXES = ("settlement.", "debt.", "refund.", "reversal.", "charge.", "link.",
                         "idempotency.")
FINAL_SETTLEMENT = (SettlementStatus.COMPLETED, SettlementStatus.REVERSED)
CLOSED_DEBT = (DebtStatus.PAID, DebtStatus.CANCELLED)
_GATEWAY_REFERENCE = re.compile(r"^(?:settlement|refund)-(\d+)$")
_CHUNK = 500  # ids per DELETE statement
TABLES = ("audit_log", "patient_sessions", "staff_sessions", "login_failures",
          "idempotency_keys", "debts", "settlements", "gateway_transactions", "help_requests")


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """Naive UTC instants: rows older than ``general`` (or ``money``) may go."""

    now: datetime
    general: datetime
    money: datetime
    session_grace: datetime  # a patient session seen after this still lets its kiosk settle


def cutoffs(now: datetime, days: int, money_days: int, session_grace_hours: int) -> Cutoffs:
    """The instants for ``now`` (naive UTC). Refuses ages that would delete what is still in
    use: under a day, or money kept for less than the rest."""
    if days < 1:
        raise ValueError("the retention age must be at least 1 day")
    if money_days < days:
        raise ValueError("money records must be kept at least as long as the rest")
    return Cutoffs(now=now, general=now - timedelta(days=days),
                   money=now - timedelta(days=money_days),
                   session_grace=now - timedelta(hours=max(0, session_grace_hours)))


@dataclass(frozen=True, slots=True)
class Protected:
    """What may not go whatever its age: ids of what is still open or in flight."""

    open_visits: frozenset[int] = frozenset()
    open_visit_patients: frozenset[int] = frozenset()
    open_visit_charges: frozenset[int] = frozenset()
    unsettled_settlements: frozenset[int] = frozenset()  # charging or reversing
    unsettled_reversal_keys: frozenset[str] = frozenset()
    open_debts: frozenset[int] = frozenset()
    in_progress_keys: frozenset[str] = frozenset()


def is_money_action(action: str) -> bool:
    return action.startswith(MONEY_ACTION_PREFIXES)


def audit_may_go(row: Any, c: Cutoffs, p: Protected) -> bool:
    """An ``audit_log`` row (``at``, ``action``, ``object_type``, ``object_id``)."""
    limit = c.money if is_money_action(row.action) else c.general
    if row.at >= limit:
        return False
    oid = str(row.object_id)
    if row.object_type == "idempotency_key":
        return oid not in p.in_progress_keys
    about = {"visit": p.open_visits, "settlement": p.unsettled_settlements,
             "debt": p.open_debts, "charge": p.open_visit_charges,
             "patient": p.open_visit_patients}.get(row.object_type)
    return about is None or not (oid.isdigit() and int(oid) in about)


def session_may_go(row: Any, c: Cutoffs, p: Protected) -> bool:
    """A ``patient_sessions`` row: ended (or past its absolute cap) before the cutoff, not
    seen within the settle grace, and not of a patient with an open visit."""
    finished = row.expires_at if row.ended_at is None else min(row.ended_at, row.expires_at)
    return (finished < c.general and row.last_seen_at < c.session_grace
            and row.created_at < c.session_grace
            and int(row.patient_id) not in p.open_visit_patients)


def staff_session_may_go(row: Any, c: Cutoffs) -> bool:
    """A ``staff_sessions`` row: revoked or expired before the cutoff."""
    finished = row.expires_at if row.revoked_at is None else min(row.revoked_at, row.expires_at)
    return bool(finished < c.general)


def login_failure_may_go(row: Any, c: Cutoffs) -> bool:
    """A ``login_failures`` row: last failure before the cutoff and no lockout running."""
    return row.last_failure_at < c.general and (
        row.locked_until is None or row.locked_until < c.now)


def help_request_may_go(row: Any, c: Cutoffs) -> bool:
    """A ``help_requests`` row: acknowledged before the cutoff (an open call stays)."""
    return row.acknowledged_at is not None and bool(row.acknowledged_at < c.general)


def key_may_go(row: Any, c: Cutoffs, p: Protected) -> bool:
    """An ``idempotency_keys`` row: done, last touched before the cutoff, and not the key of a
    settlement or reversal still in flight."""
    if row.status != KeyStatus.DONE or row.updated_at >= c.general:
        return False
    if row.key in p.in_progress_keys or row.key in p.unsettled_reversal_keys:
        return False
    return row.settlement_id is None or int(row.settlement_id) not in p.unsettled_settlements


def debt_may_go(row: Any, c: Cutoffs) -> bool:
    """A ``debts`` row: closed (paid or cancelled), created and closed before the money
    cutoff."""
    return (row.status in CLOSED_DEBT and row.closed_at is not None
            and row.closed_at < c.money and row.created_at < c.money)


def settlement_may_go(row: Any, c: Cutoffs, staying_debt_settlements: frozenset[int]) -> bool:
    """A ``settlements`` row: final, every timestamp before the money cutoff, and no debt
    that stays refers to it."""
    if row.status not in FINAL_SETTLEMENT:
        return False
    times = (row.created_at, row.completed_at, row.reversed_at, row.reversal_started_at)
    if any(when is not None and when >= c.money for when in times):
        return False
    return int(row.settlement_id) not in staying_debt_settlements


def gateway_settlement_id(reference: str) -> int | None:
    """The settlement a gateway reference (``settlement-<id>``, ``refund-<id>``) belongs to."""
    match = _GATEWAY_REFERENCE.match(reference)
    return int(match.group(1)) if match else None


def gateway_may_go(row: Any, c: Cutoffs, staying_settlements: frozenset[int]) -> bool:
    """A ``gateway_transactions`` row: before the money cutoff and not of a settlement that
    stays (a charging settlement's repair looks its charge up by reference)."""
    sid = gateway_settlement_id(row.reference)
    return row.created_at < c.money and (sid is None or sid not in staying_settlements)


def log_file_may_go(path: Path, modified: datetime, c: Cutoffs, live_name: str) -> bool:
    """A rotated log file (``<live_name>.<n>``) last written before the cutoff."""
    rotated = re.fullmatch(re.escape(live_name) + r"\.\d+", path.name) is not None
    return rotated and modified < c.general


@dataclass(slots=True)
class Snapshot:
    """The rows old enough to be considered, and what protects rows."""

    protected: Protected
    audit_log: list[Any] = field(default_factory=list)
    patient_sessions: list[Any] = field(default_factory=list)
    staff_sessions: list[Any] = field(default_factory=list)
    login_failures: list[Any] = field(default_factory=list)
    idempotency_keys: list[Any] = field(default_factory=list)
    debts: list[Any] = field(default_factory=list)
    settlements: list[Any] = field(default_factory=list)
    gateway_transactions: list[Any] = field(default_factory=list)
    help_requests: list[Any] = field(default_factory=list)
    # settlements still in the database that old gateway rows name (with their debts' links)
    referenced_settlements: frozenset[int] = frozenset()
    debt_settlements: dict[int, int] = field(default_factory=dict)  # debt id -> settlement id


def plan(s: Snapshot, c: Cutoffs) -> dict[str, list[Any]]:
    """Primary keys that may go, per table (``TABLES``)."""
    p = s.protected
    debts = [d.debt_id for d in s.debts if debt_may_go(d, c)]
    going_debts = set(debts)
    staying_debt_settlements = frozenset(
        sid for did, sid in s.debt_settlements.items() if did not in going_debts)
    settlements = [r.settlement_id for r in s.settlements
                   if settlement_may_go(r, c, staying_debt_settlements)]
    staying = frozenset(s.referenced_settlements - set(settlements))
    return {
        "audit_log": [r.audit_id for r in s.audit_log if audit_may_go(r, c, p)],
        "patient_sessions": [r.token_hash for r in s.patient_sessions
                             if session_may_go(r, c, p)],
        "staff_sessions": [r.token_hash for r in s.staff_sessions
                           if staff_session_may_go(r, c)],
        "login_failures": [r.key for r in s.login_failures if login_failure_may_go(r, c)],
        "idempotency_keys": [r.key for r in s.idempotency_keys if key_may_go(r, c, p)],
        "debts": debts,
        "settlements": settlements,
        "gateway_transactions": [r.transaction_id for r in s.gateway_transactions
                                 if gateway_may_go(r, c, staying)],
        "help_requests": [r.help_id for r in s.help_requests if help_request_may_go(r, c)],
    }


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _ids(conn: Connection, column: Any, *where: Any) -> frozenset[Any]:
    return frozenset(conn.execute(select(column).where(*where)).scalars())


def snapshot(db: Database, c: Cutoffs) -> Snapshot:
    """Read the candidates (rows older than the shorter age) and the protecting ids."""
    with db.read() as conn:
        v, st_, k = t.visits, t.settlements, t.idempotency_keys
        unsettled = (SettlementStatus.CHARGING, SettlementStatus.REVERSING)
        protected = Protected(
            open_visits=_ids(conn, v.c.visit_id, v.c.status == VisitStatus.OPEN),
            open_visit_patients=_ids(conn, v.c.patient_id, v.c.status == VisitStatus.OPEN),
            open_visit_charges=frozenset(conn.execute(
                select(t.charges.c.charge_id).select_from(
                    t.charges.join(v, v.c.visit_id == t.charges.c.visit_id))
                .where(v.c.status == VisitStatus.OPEN)).scalars()),
            unsettled_settlements=_ids(conn, st_.c.settlement_id, st_.c.status.in_(unsettled)),
            unsettled_reversal_keys=_ids(conn, st_.c.reversal_key, st_.c.status.in_(unsettled),
                                         st_.c.reversal_key.is_not(None)),
            open_debts=_ids(conn, t.debts.c.debt_id, t.debts.c.status == DebtStatus.OPEN),
            in_progress_keys=_ids(conn, k.c.key, k.c.status == KeyStatus.IN_PROGRESS))
        a = t.audit_log
        snap = Snapshot(
            protected=protected,
            audit_log=list(conn.execute(select(
                a.c.audit_id, a.c.at, a.c.action, a.c.object_type, a.c.object_id)
                .where(a.c.at < c.general))),
            patient_sessions=list(conn.execute(select(
                t.patient_sessions.c.token_hash, t.patient_sessions.c.patient_id,
                t.patient_sessions.c.created_at, t.patient_sessions.c.last_seen_at,
                t.patient_sessions.c.expires_at, t.patient_sessions.c.ended_at)
                .where(t.patient_sessions.c.created_at < c.general))),
            staff_sessions=list(conn.execute(select(
                t.staff_sessions.c.token_hash, t.staff_sessions.c.expires_at,
                t.staff_sessions.c.revoked_at)
                .where(t.staff_sessions.c.created_at < c.general))),
            login_failures=list(conn.execute(select(t.login_failures).where(
                t.login_failures.c.last_failure_at < c.general))),
            idempotency_keys=list(conn.execute(select(
                k.c.key, k.c.status, k.c.settlement_id, k.c.updated_at)
                .where(k.c.updated_at < c.general))),
            debts=list(conn.execute(select(
                t.debts.c.debt_id, t.debts.c.status, t.debts.c.created_at, t.debts.c.closed_at)
                .where(t.debts.c.created_at < c.money))),
            settlements=list(conn.execute(select(
                st_.c.settlement_id, st_.c.status, st_.c.created_at, st_.c.completed_at,
                st_.c.reversed_at, st_.c.reversal_started_at)
                .where(st_.c.created_at < c.money))),
            gateway_transactions=list(conn.execute(select(
                t.gateway_transactions.c.transaction_id, t.gateway_transactions.c.reference,
                t.gateway_transactions.c.created_at)
                .where(t.gateway_transactions.c.created_at < c.money))),
            help_requests=list(conn.execute(select(
                t.help_requests.c.help_id, t.help_requests.c.acknowledged_at)
                .where(t.help_requests.c.requested_at < c.general))))
        old_settlements = {int(r.settlement_id) for r in snap.settlements}
        snap.debt_settlements = {
            int(did): int(sid) for did, sid in conn.execute(
                select(t.debts.c.debt_id, t.debts.c.settlement_id).where(
                    t.debts.c.settlement_id.is_not(None)))
            if int(sid) in old_settlements}
        named = sorted({sid for r in snap.gateway_transactions
                        if (sid := gateway_settlement_id(r.reference)) is not None})
        existing: set[int] = set()
        for chunk in _chunks(named):
            existing |= _ids(conn, st_.c.settlement_id, st_.c.settlement_id.in_(chunk))
        snap.referenced_settlements = frozenset(existing)
    return snap


def _guards(c: Cutoffs) -> dict[str, tuple[Any, list[Any]]]:
    """Per table: the primary key column and the conditions every delete repeats."""
    s = t.settlements
    return {
        "audit_log": (t.audit_log.c.audit_id, [t.audit_log.c.at < c.general]),
        "patient_sessions": (t.patient_sessions.c.token_hash,
                             [t.patient_sessions.c.last_seen_at < c.session_grace]),
        "staff_sessions": (t.staff_sessions.c.token_hash,
                           [t.staff_sessions.c.created_at < c.general]),
        "login_failures": (t.login_failures.c.key,
                           [t.login_failures.c.last_failure_at < c.general]),
        "idempotency_keys": (t.idempotency_keys.c.key,
                             [t.idempotency_keys.c.status == KeyStatus.DONE,
                              t.idempotency_keys.c.updated_at < c.general]),
        "debts": (t.debts.c.debt_id, [t.debts.c.status.in_(CLOSED_DEBT)]),
        "settlements": (s.c.settlement_id, [s.c.status.in_(FINAL_SETTLEMENT)]),
        "gateway_transactions": (t.gateway_transactions.c.transaction_id,
                                 [t.gateway_transactions.c.created_at < c.money]),
        "help_requests": (t.help_requests.c.help_id,
                          [t.help_requests.c.acknowledged_at < c.general]),
    }


def execute(db: Database, going: dict[str, list[Any]], c: Cutoffs) -> dict[str, int]:
    """Delete the planned rows, one transaction per table, in an order the foreign keys
    allow (debts before their settlements); returns the rows deleted per table."""
    deleted: dict[str, int] = {}
    guards = _guards(c)
    for name in TABLES:
        key, conditions = guards[name]
        table: Table = key.table
        count = 0
        with db.write() as conn:
            for chunk in _chunks(going[name]):
                count += conn.execute(
                    delete(table).where(key.in_(chunk), *conditions)).rowcount or 0
        deleted[name] = count
    return deleted


def old_log_files(directory: Path, c: Cutoffs, live_name: str) -> list[Path]:
    """The rotated log files in ``directory`` that may go."""
    if not directory.is_dir():
        return []
    return sorted(
        path for path in directory.iterdir()
        if path.is_file() and log_file_may_go(
            path, datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None),
            c, live_name))


def prune(db: Database, c: Cutoffs, *, log_dir: Path | None, live_log: str,
          dry_run: bool) -> dict[str, Any]:
    """Plan and (unless ``dry_run``) delete; returns counts per table and of log files."""
    going = plan(snapshot(db, c), c)
    logs = old_log_files(log_dir, c, live_log) if log_dir is not None else []
    if dry_run:
        counts = {name: len(going[name]) for name in TABLES}
    else:
        counts = execute(db, going, c)
        for path in logs:
            path.unlink(missing_ok=True)
    counts["log_files"] = len(logs)
    log.info("retention %s: %s", "dry run" if dry_run else "pruned",
             " ".join(f"{name}={n}" for name, n in counts.items()))
    return {"dry_run": dry_run, "older_than": c.general.isoformat(timespec="seconds") + "Z",
            "money_older_than": c.money.isoformat(timespec="seconds") + "Z",
            ("would_delete" if dry_run else "deleted"): counts}


def prune_backend(ctx: Context, *, days: int | None = None, money_days: int | None = None,
                  log_dir: Path | None = None, dry_run: bool = False) -> dict[str, Any]:
    """``kiosk server prune``: the ages from the arguments, else the settings; a real run
    leaves a ``retention.prune`` audit row with its counts."""
    s = ctx.settings
    c = cutoffs(ctx.now(), s.retention_days if days is None else days,
                s.retention_money_days if money_days is None else money_days,
                s.patient_session_settle_grace_hours)
    report = prune(ctx.db, c, log_dir=log_dir, live_log=LOG_FILE, dry_run=dry_run)
    if not dry_run:
        with ctx.db.write() as conn:
            ctx.audit(conn, SYSTEM, "retention.prune", "database", "retention",
                      **report["deleted"])
    return report
