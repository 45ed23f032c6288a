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
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    String,
    func,
    inspect,
    select,
    update,
)

from kiosk.server import schema
from kiosk.server.db import Database

Migration = Callable[[Connection, Operations], None]


_V1_TABLES = ("schema_version", "departments", "patients", "credit_links", "ref_people",
              "appointments", "visits", "charges", "settlements", "debts", "idempotency_keys",
              "api_tokens", "staff", "staff_sessions", "gateway_transactions", "audit_log")


def m0001_baseline(conn: Connection, op: Operations) -> None:
    """The first schema: the tables of version 1 (created as schema.py declares them now;
    later migrations add only what is missing, so both paths end in the same schema)."""
    schema.metadata.create_all(conn, tables=[schema.metadata.tables[n] for n in _V1_TABLES])


def m0002_trust(conn: Connection, op: Operations) -> None:
    """Patient sessions, login throttling, token ids and expiry, idempotency key owners, a
    suspension that outlives unlinking."""
    inspector = inspect(conn)
    columns = {c["name"] for c in inspector.get_columns("api_tokens")}
    if "token_id" not in columns:
        op.add_column("api_tokens", Column("token_id", String(16)))
    if "expires_at" not in columns:
        op.add_column("api_tokens", Column("expires_at", DateTime))
    tokens = schema.api_tokens
    for (token_hash,) in conn.execute(select(tokens.c.token_hash).where(
            tokens.c.token_id.is_(None))).all():
        conn.execute(update(tokens).where(tokens.c.token_hash == token_hash)
                     .values(token_id=token_hash[:12]))
    if "uq_api_tokens_token_id" not in {i["name"] for i in inspector.get_indexes("api_tokens")}:
        op.create_index("uq_api_tokens_token_id", "api_tokens", ["token_id"], unique=True)
    if "owner" not in {c["name"] for c in inspector.get_columns("idempotency_keys")}:
        op.add_column("idempotency_keys", Column("owner", String(80)))
    if "suspended_at" not in {c["name"] for c in inspector.get_columns("credit_links")}:
        op.add_column("credit_links", Column("suspended_at", DateTime))
        op.execute("UPDATE credit_links SET suspended_at = updated_at WHERE status = 'suspended'")
    schema.patient_sessions.create(conn, checkfirst=True)
    schema.login_failures.create(conn, checkfirst=True)


def m0003_finance(conn: Connection, op: Operations) -> None:
    """Reversals exactly once: the reversal's key and start time on the settlement, the
    operation an idempotency key claimed."""
    inspector = inspect(conn)
    columns = {c["name"] for c in inspector.get_columns("settlements")}
    if "reversal_key" not in columns:
        op.add_column("settlements", Column("reversal_key", String(160)))
    if "reversal_started_at" not in columns:
        op.add_column("settlements", Column("reversal_started_at", DateTime))
    if "operation" not in {c["name"] for c in inspector.get_columns("idempotency_keys")}:
        op.add_column("idempotency_keys", Column("operation", String(16)))


def m0004_fleet(conn: Connection, op: Operations) -> None:
    """Kiosk heartbeats: each kiosk's latest, for the fleet view."""
    schema.kiosk_heartbeats.create(conn, checkfirst=True)


def m0005_card_auth(conn: Connection, op: Operations) -> None:
    """Card authentication: the challenges, and the card a patient's record is bound to."""
    schema.card_challenges.create(conn, checkfirst=True)
    if "card_sn" not in {c["name"] for c in inspect(conn).get_columns("patients")}:
        op.add_column("patients", Column("card_sn", String(32)))


def m0006_refunds(conn: Connection, op: Operations) -> None:
    """Fee corrections (a charge's status, the charge a correction replaces, who changed it,
    when and why) and partial refunds (their tables)."""
    columns = {c["name"] for c in inspect(conn).get_columns("charges")}
    if "status" not in columns:
        op.add_column("charges", Column("status", String(10), nullable=False,
                                        server_default="active"))
    for name, kind in (("corrects_charge_id", schema.Id), ("changed_at", DateTime()),
                       ("changed_by", String(80)), ("change_reason", String(500))):
        if name not in columns:
            op.add_column("charges", Column(name, kind))
    schema.refunds.create(conn, checkfirst=True)
    schema.refund_items.create(conn, checkfirst=True)


def m0009_help_requests(conn: Connection, op: Operations) -> None:
    """Calls for help from kiosks, for the counter (kiosk.server.help)."""
    schema.help_requests.create(conn, checkfirst=True)


def m0007_rehearsal(conn: Connection, op: Operations) -> None:
    """Scripted faults of the reference gateway and insurer (demo and test only)."""
    schema.rehearsal_faults.create(conn, checkfirst=True)


def m0010_regions(conn: Connection, op: Operations) -> None:
    """Patients from elsewhere and the e-voucher: the visit's two region codes, class and
    filing; the reference insurer's people, vouchers and key; the insured places' policies."""
    columns = {c["name"] for c in inspect(conn).get_columns("visits")}
    for name, kind in (("insuplc_admdvs", String(6)), ("mdtrtarea_admvs", String(6)),
                       ("region_class", String(16)), ("region_filed", Boolean)):
        if name not in columns:
            op.add_column("visits", Column(name, kind))
    if "identity" not in {c["name"] for c in inspect(conn).get_columns("patient_sessions")}:
        op.add_column("patient_sessions", Column("identity", String(8), nullable=False,
                                                 server_default="card"))
    for table in (schema.ref_insured, schema.ref_vouchers, schema.ref_insurer_keys,
                  schema.region_policies):
        table.create(conn, checkfirst=True)


def m0013_scanner_state(conn: Connection, op: Operations) -> None:
    """The QR scanner's state in each kiosk's latest heartbeat (kiosk.server.fleet)."""
    if "scanner_state" not in {c["name"] for c in inspect(conn).get_columns("kiosk_heartbeats")}:
        op.add_column("kiosk_heartbeats", Column("scanner_state", String(16)))


def m0014_key_repair_index(conn: Connection, op: Operations) -> None:
    """The index the crash repair finds keys left in progress by (kiosk.server.settlement,
    reversal, refunds: every server, every few seconds), instead of reading every key.
    PostgreSQL builds it inside the migration's transaction, so writes of new keys wait for
    the build (seconds for a few million keys): upgrade a city's servers in a quiet hour."""
    name = "ix_idempotency_keys_status_updated"
    if name not in {i["name"] for i in inspect(conn).get_indexes("idempotency_keys")}:
        op.create_index(name, "idempotency_keys", ["status", "updated_at"])


def m0015_settlement_visit_index(conn: Connection, op: Operations) -> None:
    """An index on settlements' visit, whatever their status: a visit's settlement
    (``GET /v1/visits/{id}/settlement``: the kiosk showing a visit paid under another key,
    the counter, receipts) read every settlement ever made, since the only index on the
    visit is the partial unique one of live settlements. Built inside the migration's
    transaction, as 14: a quiet hour for a city's upgrade."""
    name = "ix_settlements_visit"
    if name not in {i["name"] for i in inspect(conn).get_indexes("settlements")}:
        op.create_index(name, "settlements", ["visit_id"])


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "baseline", m0001_baseline),
    (2, "trust", m0002_trust),
    (3, "finance", m0003_finance),
    (4, "fleet", m0004_fleet),
    (5, "card_auth", m0005_card_auth),
    (6, "refunds", m0006_refunds),
    (7, "rehearsal", m0007_rehearsal),
    (9, "help_requests", m0009_help_requests),
    (10, "regions", m0010_regions),
    (13, "scanner_state", m0013_scanner_state),
    (14, "key_repair_index", m0014_key_repair_index),
    (15, "settlement_visit_index", m0015_settlement_visit_index),
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
