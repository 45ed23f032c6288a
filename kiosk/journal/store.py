"""The kiosk's local store: the settlement outbox, settings and a PII-free event log.

One SQLite file, opened by ``Journal.open(path)`` (inject it: every test opens its own file).
The connection is ours, wrapped by sqlite-utils: WAL, ``synchronous=FULL`` (a commit is on disk
before the call returns), a busy timeout, foreign keys, and no implicit transactions. Every
write goes through ``Journal.write()``, which runs ``BEGIN IMMEDIATE`` ... ``COMMIT`` (sqlite-utils
calls inside it nest as savepoints). Reads run in autocommit.

Threads: any thread may call any method; a lock serialises use of the one connection. Calls do
disk I/O with fsync, so the GUI thread must not call them (go through the background helper).

The file (and SQLite's -wal and -shm beside it) is 0600 and a folder ``open`` creates is 0700,
whatever the umask. Retention: ``prune(older_than)`` deletes events and finished (done or
rejected) settlements older than that age, never an open one; ``prune_expired()`` does so at
the age in the setting ``retention.days`` (default ``RETENTION_DAYS``), and the kiosk calls it
at start and once a day.

Records are dated by the backend's clock (``kiosk.domain.clock.backend_clock``: this PC's
clock corrected by the last offset measured against the backend; a ``clock`` may be
injected). Errors are machine-readable: ``JournalError.code`` (and ``PersonalDataError.code`` from
``kiosk.journal.privacy``).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, overload

from sqlite_utils import Database

from kiosk.domain.clock import backend_clock
from kiosk.domain.files import private_database, private_dir
from kiosk.journal.outbox import BLOCKING_STATES, OPEN_STATES, EntryState, OutboxEntry
from kiosk.journal.privacy import check_opaque_id, check_text, encode_detail
from kiosk.journal.recovery import CallResult, Step, recorded_error
from kiosk.journal.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000
RETENTION_DAYS = 90
RETENTION_SETTING = "retention.days"
_KIND = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
_SETTING_KEY = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
T = TypeVar("T")
# What a setting holds (set_setting refuses anything else).
SettingValue = str | int | bool | None


class JournalError(Exception):
    """A journal operation that cannot be done. ``code`` is machine-readable."""

    def __init__(self, code: str, message: str = "") -> None:
        self.code = code
        super().__init__(f"{code}: {message}" if message else code)


def _utc_now() -> datetime:
    return backend_clock.now()


def _check_fen(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise JournalError("invalid_amount", f"{field} must be integer fen")
    if value < 0:
        raise JournalError("invalid_amount", f"{field} must not be negative")
    return value


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    id: int
    at: str
    kind: str
    correlation_id: str | None
    detail: dict[str, Any] | None


class Journal:
    """The store. Build it with ``Journal.open(path)``; close it with ``close()`` or ``with``."""

    def __init__(self, conn: sqlite3.Connection, *, clock: Callable[[], datetime] = _utc_now):
        self._conn = conn
        self.db = Database(conn, execute_plugins=False)
        self._clock = clock
        self._lock = threading.RLock()
        # Marks entries this instance claimed for sending; a 'sending' entry with another owner
        # was cut off by a crash (or belongs to an earlier run) and needs a status query.
        self.owner = uuid.uuid4().hex
        self._migrate()

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path, *, clock: Callable[[], datetime] = _utc_now) -> Journal:
        """Open (creating if needed) the journal file at ``path`` and bring its schema up."""
        if str(path) != ":memory:":
            private_dir(Path(path).parent, tighten=False)
            private_database(path)
        conn = sqlite3.connect(
            str(path),
            isolation_level=None,  # no implicit transactions: write() says BEGIN IMMEDIATE
            check_same_thread=False,  # guarded by the instance lock instead
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        try:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise JournalError("wal_unavailable", f"journal_mode is {mode}")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys=ON")
            return cls(conn, clock=clock)
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pragma(self, name: str) -> Any:
        """One PRAGMA's current value (for tests and diagnostics)."""
        if not re.fullmatch(r"[a-z_]+", name):
            raise JournalError("bad_pragma", name)
        with self._lock:
            return self._conn.execute(f"PRAGMA {name}").fetchone()[0]

    @property
    def schema_version(self) -> int:
        return int(self.pragma("user_version"))

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

        Taking the write lock up front means no other connection can sneak a write between our
        read and our write. Nested calls join the outer transaction.
        """
        with self._lock:
            if self._conn.in_transaction:
                yield self.db
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise JournalError(
                "journal_too_new", f"file is version {version}, this kiosk knows {SCHEMA_VERSION}"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.write() as db:
                # Re-read under the write lock: another process may have migrated meanwhile.
                if self.schema_version != number:
                    continue
                MIGRATIONS[number](db)
                db.execute(f"PRAGMA user_version={number + 1}")

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="milliseconds")

    # ----------------------------------------------------------------- outbox
    @staticmethod
    def _entry(row: dict[str, Any]) -> OutboxEntry:
        return OutboxEntry(
            id=row["id"],
            visit_id=row["visit_id"],
            patient_ref=row["patient_ref"],
            idempotency_key=row["idempotency_key"],
            medfee_sumamt_fen=row["medfee_sumamt_fen"],
            psn_cash_pay_fen=row["psn_cash_pay_fen"],
            state=EntryState(row["state"]),
            attempts=row["attempts"],
            last_error=row["last_error"],
            response=json.loads(row["response"]) if row["response"] is not None else None,
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            finished_at=row["finished_at"],
            shown_at=row["shown_at"],
            owner=row["owner"],
        )

    def _one(self, where: str, params: list[Any]) -> OutboxEntry | None:
        with self._lock:
            rows = list(
                self.db["outbox"].rows_where(where, params, order_by="id desc", limit=1)
            )
        return self._entry(rows[0]) if rows else None

    def _many(self, where: str, params: list[Any]) -> list[OutboxEntry]:
        with self._lock:
            rows = list(self.db["outbox"].rows_where(where, params, order_by="id"))
        return [self._entry(row) for row in rows]

    def begin_settlement(
        self, visit_id: str, patient_ref: str, medfee_sumamt_fen: int, psn_cash_pay_fen: int
    ) -> OutboxEntry:
        """Write the outbox entry for settling ``visit_id``, before anything is sent.

        If the visit already has an open or done entry, that entry is returned unchanged (same
        key, same amounts): a second tap, a double tap or a tap after a restart cannot create a
        second settlement. Only a rejected entry lets a new one (with a new key) be written.
        """
        check_opaque_id(visit_id, "visit_id")
        check_opaque_id(patient_ref, "patient_ref")
        _check_fen(medfee_sumamt_fen, "medfee_sumamt_fen")
        _check_fen(psn_cash_pay_fen, "psn_cash_pay_fen")
        if psn_cash_pay_fen > medfee_sumamt_fen:
            raise JournalError("invalid_amount", "psn_cash_pay_fen exceeds medfee_sumamt_fen")
        blocking = sorted(state.value for state in BLOCKING_STATES)
        marks = ", ".join("?" for _ in blocking)
        with self.write() as db:
            existing = self._one(f"visit_id = ? AND state IN ({marks})", [visit_id, *blocking])
            if existing is not None:
                return existing
            now = self._now()
            key = str(uuid.uuid4())
            db.table("outbox").insert(
                {
                    "visit_id": visit_id,
                    "patient_ref": patient_ref,
                    "idempotency_key": key,
                    "medfee_sumamt_fen": medfee_sumamt_fen,
                    "psn_cash_pay_fen": psn_cash_pay_fen,
                    "state": EntryState.PENDING.value,
                    "attempts": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            self.log_event("settlement.written", key, {"visit_id": visit_id})
            entry = self.entry_for_key(key)
        assert entry is not None
        return entry

    def entry(self, entry_id: int) -> OutboxEntry | None:
        return self._one("id = ?", [entry_id])

    def entry_for_key(self, idempotency_key: str) -> OutboxEntry | None:
        return self._one("idempotency_key = ?", [idempotency_key])

    def entry_for_visit(self, visit_id: str) -> OutboxEntry | None:
        """The visit's latest entry in any state (None if it was never settled here)."""
        return self._one("visit_id = ?", [visit_id])

    def open_entries(self, patient_ref: str | None = None) -> list[OutboxEntry]:
        """Entries not yet finished (pending, sending, unknown), oldest first: for recovery."""
        states = sorted(state.value for state in OPEN_STATES)
        where = f"state IN ({', '.join('?' for _ in states)})"
        params: list[Any] = list(states)
        if patient_ref is not None:
            where += " AND patient_ref = ?"
            params.append(patient_ref)
        return self._many(where, params)

    def result_for_patient(
        self, patient_ref: str, *, mark_shown: bool = True
    ) -> OutboxEntry | None:
        """The latest finished (done or rejected) result this patient has not been shown yet.

        For a settlement that finished after the card was pulled: the flow asks at the next
        insertion of that card. With ``mark_shown`` (the default) it is marked shown in the same
        transaction, so it is shown once; pass False to peek, then call ``mark_shown``.
        """
        with self.write():
            entry = self._one(
                "patient_ref = ? AND state IN ('done', 'rejected') AND shown_at IS NULL",
                [patient_ref],
            )
            if entry is not None and mark_shown:
                entry = self.mark_shown(entry.id)
        return entry

    def mark_shown(self, entry_id: int) -> OutboxEntry:
        """Record that the patient saw this entry's result (receipt or refusal)."""
        with self.write() as db:
            db.execute(
                "UPDATE outbox SET shown_at = ? WHERE id = ? AND shown_at IS NULL "
                "AND state IN ('done', 'rejected')",
                [self._now(), entry_id],
            )
            entry = self.entry(entry_id)
        if entry is None:
            raise JournalError("no_such_entry", str(entry_id))
        return entry

    def claim_for_sending(self, entry_id: int) -> OutboxEntry | None:
        """Move a pending entry to ``sending`` for this instance, counting the attempt.

        Returns None when the entry is not pending any more (another sender got it): only the
        claimant may send, which is what keeps two threads from sending at once.
        """
        with self.write() as db:
            cursor = db.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, owner = ?, "
                "updated_at = ? WHERE id = ? AND state = 'pending'",
                [self.owner, self._now(), entry_id],
            )
            if cursor.rowcount != 1:
                return None
            entry = self.entry(entry_id)
            assert entry is not None
            self.log_event(
                "settlement.sending", entry.idempotency_key, {"attempt": entry.attempts}
            )
        return entry

    def record_step(
        self,
        entry: OutboxEntry,
        step: Step,
        event: CallResult,
        response: dict[str, Any] | None = None,
    ) -> OutboxEntry:
        """Apply a decided ``step`` to ``entry`` if nobody changed it meanwhile.

        Compare-and-set on (state, attempts): raises ``JournalError('stale_entry')`` when the
        entry moved on since it was read. ``response`` is the backend's settlement JSON; it is
        required when the step finishes the entry as done.
        """
        if step.next_state is EntryState.DONE and not isinstance(response, dict):
            raise JournalError("response_required", "a done entry keeps the backend's answer")
        body = None
        if response is not None and step.next_state is EntryState.DONE:
            body = json.dumps(response, ensure_ascii=False, sort_keys=True)
        finished = step.next_state in (EntryState.DONE, EntryState.REJECTED)
        error_code = recorded_error(entry.last_error, event, step)
        now = self._now()
        with self.write() as db:
            cursor = db.execute(
                "UPDATE outbox SET state = ?, last_error = ?, "
                "response = COALESCE(?, response), updated_at = ?, "
                "finished_at = CASE WHEN ? THEN ? ELSE finished_at END, "
                "owner = CASE WHEN ? = 'sending' THEN owner ELSE NULL END "
                "WHERE id = ? AND state = ? AND attempts = ?",
                [
                    step.next_state.value,
                    error_code,
                    body,
                    now,
                    finished,
                    now,
                    step.next_state.value,
                    entry.id,
                    entry.state.value,
                    entry.attempts,
                ],
            )
            if cursor.rowcount != 1:
                raise JournalError("stale_entry", f"entry {entry.id} changed meanwhile")
            detail: dict[str, Any] = {
                "from": entry.state.value,
                "to": step.next_state.value,
                "outcome": event.outcome.value,
                "action": step.action.value,
            }
            if error_code:
                detail["code"] = error_code
            self.log_event("settlement.step", entry.idempotency_key, detail)
            updated = self.entry(entry.id)
        assert updated is not None
        return updated

    # ----------------------------------------------------------------- settings
    @overload
    def get_setting(self, key: str, default: None) -> SettingValue: ...
    @overload
    def get_setting(self, key: str, default: T) -> T | None: ...
    def get_setting(self, key: str, default: object) -> object:
        """The stored value of ``key``, or ``default`` when there is none. The default fixes the
        type: a stored value of another type raises ``JournalError('setting_type')`` instead of
        leaking through. A stored None (set explicitly: "switched off") comes back as None.
        """
        self._check_setting_key(key)
        with self._lock:
            rows = list(self.db["settings"].rows_where("key = ?", [key]))
        if not rows:
            return default
        value: object = json.loads(rows[0]["value"])
        if value is not None and default is not None and not _same_type(value, default):
            raise JournalError(
                "setting_type", f"{key} holds {type(value).__name__}, want {type(default).__name__}"
            )
        return value

    def set_setting(self, key: str, value: SettingValue) -> None:
        """Store a setting: a string, integer, boolean or None (no floats, no containers)."""
        self._check_setting_key(key)
        if value is not None and not isinstance(value, str | int | bool):
            raise JournalError("setting_type", f"{key}: {type(value).__name__} not allowed")
        if isinstance(value, str):
            check_text(value, key)
        with self.write() as db:
            db.table("settings").upsert(
                {"key": key, "value": json.dumps(value), "updated_at": self._now()}, pk="key"
            )

    def settings(self) -> dict[str, Any]:
        with self._lock:
            return {
                row["key"]: json.loads(row["value"]) for row in self.db["settings"].rows
            }

    @staticmethod
    def _check_setting_key(key: str) -> None:
        if not isinstance(key, str) or not _SETTING_KEY.match(key):
            raise JournalError("bad_setting_key", repr(key)[:40])

    # ----------------------------------------------------------------- event log
    def log_event(
        self, kind: str, correlation_id: str | None = None, detail: dict[str, Any] | None = None
    ) -> int:
        """Append one event. Personal data in ``correlation_id`` or ``detail`` is refused with
        ``PersonalDataError`` and nothing is written."""
        if not isinstance(kind, str) or not _KIND.match(kind):
            raise JournalError("bad_event_kind", repr(kind)[:40])
        if correlation_id is not None:
            check_opaque_id(correlation_id, "correlation_id")
        text = encode_detail(detail)
        with self.write() as db:
            table = db.table("events")
            table.insert(
                {"at": self._now(), "kind": kind, "correlation_id": correlation_id, "detail": text}
            )
            assert table.last_pk is not None  # set by insert(): the new row's id
            return int(table.last_pk)

    def events(
        self, *, kind: str | None = None, correlation_id: str | None = None, limit: int = 100
    ) -> list[LoggedEvent]:
        """The latest events, oldest first, optionally filtered."""
        clauses, params = [], []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if correlation_id is not None:
            clauses.append("correlation_id = ?")
            params.append(correlation_id)
        where = " AND ".join(clauses) or None
        with self._lock:
            rows = list(
                self.db["events"].rows_where(where, params, order_by="id desc", limit=limit)
            )
        return [
            LoggedEvent(
                id=row["id"],
                at=row["at"],
                kind=row["kind"],
                correlation_id=row["correlation_id"],
                detail=json.loads(row["detail"]) if row["detail"] else None,
            )
            for row in reversed(rows)
        ]

    def prune_events(self, before: datetime) -> int:
        """Delete events logged before ``before``; returns how many went."""
        with self.write() as db:
            cursor = db.execute(
                "DELETE FROM events WHERE at < ?",
                [before.astimezone(UTC).isoformat(timespec="milliseconds")],
            )
            return cursor.rowcount

    def prune(self, older_than: timedelta) -> dict[str, int]:
        """Delete events and finished settlements older than ``older_than``; returns how many
        of each went. Pending, sending and unknown entries stay whatever their age: they are
        money whose outcome is not settled yet."""
        if older_than <= timedelta(0):
            raise JournalError("bad_retention", "the age must be positive")
        before = self._clock() - older_than
        cutoff = before.astimezone(UTC).isoformat(timespec="milliseconds")
        with self.write() as db:
            settled = db.execute(
                "DELETE FROM outbox WHERE state IN ('done', 'rejected') "
                "AND COALESCE(finished_at, updated_at) < ?", [cutoff]).rowcount
            events = self.prune_events(before)
            self.log_event("journal.pruned", None, {"events": events, "settlements": settled})
        return {"events": events, "settlements": settled}

    def prune_expired(self) -> dict[str, int]:
        """``prune`` at the configured age: the setting ``retention.days``, else 90 days."""
        days = self.get_setting(RETENTION_SETTING, RETENTION_DAYS)
        return self.prune(timedelta(days=days if days else RETENTION_DAYS))


def _same_type(value: object, default: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return type(value) is type(default)
    return isinstance(value, type(default))
