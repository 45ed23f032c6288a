"""Versioned schema migrations: numbered functions applied in order, each in its own
transaction, recorded in ``schema_version``.

To change the schema: edit the table in ``kiosk.server.schema`` and append a function here,
``def m0002_xxx(conn, op)``, that makes the same change with alembic's ``op`` (for example
``op.add_column("visits", Column("note", String(200)))``), then add it to ``MIGRATIONS``.
Never edit a migration that has shipped. ``kiosk server init-db`` (and server start-up, and
``seed-demo``) apply whatever is missing. On PostgreSQL an advisory lock keeps two processes
from migrating at once; on SQLite ``BEGIN IMMEDIATE`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, func, inspect, select

from kiosk.server import schema
from kiosk.server.db import Database

Migration = Callable[[Connection, Operations], None]


def m0001_baseline(conn: Connection, op: Operations) -> None:
    """The first schema: every table of schema.py as it was in version 1."""
    schema.metadata.create_all(conn)


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "baseline", m0001_baseline),
]

LATEST = MIGRATIONS[-1][0]
_ADVISORY_LOCK_ID = 734_112_003


def current_version(db: Database) -> int:
    with db.read() as conn:
        if not inspect(conn).has_table("schema_version"):
            return 0
        return int(conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0)


def migrate(db: Database) -> list[int]:
    """Apply every missing migration; returns the versions applied (empty if up to date)."""
    applied: list[int] = []
    for version, _name, fn in MIGRATIONS:
        with db.write() as conn:
            if db.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK_ID})")
            schema.schema_version.create(conn, checkfirst=True)
            done = conn.execute(
                select(schema.schema_version.c.version).where(
                    schema.schema_version.c.version == version
                )
            ).first()
            if done:
                continue
            fn(conn, Operations(MigrationContext.configure(conn)))
            conn.execute(
                schema.schema_version.insert().values(
                    version=version, applied_at=datetime.now(UTC).replace(tzinfo=None)
                )
            )
            applied.append(version)
    return applied
