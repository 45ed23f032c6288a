"""The journal's versioned schema: numbered migrations tracked by ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes the database from version ``n`` to ``n + 1``. ``kiosk.journal.store``
runs each missing one in its own ``BEGIN IMMEDIATE`` transaction that also bumps
``user_version``, so a crash mid-migration leaves the previous version intact. Append new
migrations; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

_STATES = "'pending', 'sending', 'done', 'rejected', 'unknown'"


def _v1(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            visit_id TEXT NOT NULL,
            patient_ref TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            total_fen INTEGER NOT NULL CHECK (typeof(total_fen) = 'integer' AND total_fen >= 0),
            psn_cash_pay_fen INTEGER NOT NULL CHECK (
                typeof(psn_cash_pay_fen) = 'integer'
                AND psn_cash_pay_fen >= 0 AND psn_cash_pay_fen <= total_fen),
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ({_STATES})),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            response TEXT,
            owner TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            shown_at TEXT,
            CHECK (state != 'done' OR response IS NOT NULL)
        )
        """
    )
    # One live settlement per visit: a second tap, or a tap after a restart, finds this one.
    db.execute(
        "CREATE UNIQUE INDEX outbox_one_per_visit ON outbox (visit_id) "
        "WHERE state != 'rejected'"
    )
    db.execute("CREATE INDEX outbox_open ON outbox (state) WHERE state IN "
               "('pending', 'sending', 'unknown')")
    db.execute("CREATE INDEX outbox_patient ON outbox (patient_ref, shown_at)")
    db.execute(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            correlation_id TEXT,
            detail TEXT
        )
        """
    )
    db.execute("CREATE INDEX events_correlation ON events (correlation_id)")
    db.execute("CREATE INDEX events_kind_at ON events (kind, at)")


def _v2(db: Database) -> None:
    # One spelling of the split end to end: the national field name, as the backend's API and
    # the session's effects spell it (SQLite rewrites the CHECK constraints that name it).
    db.execute("ALTER TABLE outbox RENAME COLUMN total_fen TO medfee_sumamt_fen")


MIGRATIONS: tuple[Callable[[Database], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)
