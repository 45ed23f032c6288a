"""What every area of the backend shares: the store, the settings, the adapters, the clock (and
the hospital's time zone and settlement policies derived from them) and the audit log writer.

One ``Context`` is built per process and handed to each area (``auth``, ``departments``,
``eligibility``, ``visits``, ``settlement``, ``patients``, ``reports``). It holds no mutable
state of its own, so any thread may use it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    DateTime,
    Executable,
    Insert,
    Row,
    String,
    Table,
    bindparam,
    cast,
    select,
)

from kiosk.domain import settlement as st
from kiosk.server import schema as t
from kiosk.server.adapters import Adapters
from kiosk.server.config import Settings
from kiosk.server.db import Database
from kiosk.server.receipts import ReceiptSigner

if TYPE_CHECKING:
    from kiosk.server.auth import Principal


def sha256_hex(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def iso(dt: datetime | None) -> str | None:
    """A stored (naive UTC) time as the API shows it: ``2024-05-01T08:30:00Z``."""
    return None if dt is None else dt.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


class Context:
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
        self.tz = ZoneInfo(settings.timezone)
        self.receipts = ReceiptSigner.for_settings(settings)  # loads its key on first use
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
        """One ``audit_log`` row in the caller's transaction (ids and amounts only)."""
        conn.execute(_AUDIT, {"at": self.now(), "actor": actor.actor, "action": action,
                              "object_type": object_type, "object_id": str(object_id),
                              "details": audit_details(details)})

    def insert_audited(self, conn: Connection, insert: Insert, values: dict[str, Any],
                       actor: Principal, action: str, object_type: str, **details: Any
                       ) -> Row[Any]:
        """``insert`` (one row: a ``bound_insert``, built once) with ``values`` (by column)
        and its ``audit_log`` row (about the new row's first primary key column), in the
        caller's transaction; returns the row as stored. On PostgreSQL one statement (the
        insert in a ``WITH``, its audit row a second data-modifying part of it, which runs
        whether or not the query reads it): one round trip instead of two. SQLite,
        in-process, runs them one by one."""
        key, plain, with_audit = _audited(insert)
        params = {f"new_{column}": value for column, value in values.items()}
        if conn.dialect.name != "postgresql":
            row = conn.execute(plain, params).one()
            self.audit(conn, actor, action, object_type, row._mapping[key], **details)
            return row
        return conn.execute(with_audit, {
            **params, "audit_at": self.now(), "audit_actor": actor.actor,
            "audit_action": action, "audit_object_type": object_type,
            "audit_details": audit_details(details)}).one()


def bound_insert(table: Table, columns: Iterable[str], **fixed: Any) -> Insert:
    """An ``INSERT`` of one row into ``table``, to be built once (at import): each of
    ``columns`` a bound parameter ``new_<column>`` (``Context.insert_audited`` binds them by
    column), each of ``fixed`` as given (a constant, or an expression that may use those
    parameters). SQLAlchemy then only looks up its compiled form per call: building a
    charge's ``INSERT`` with the request's values, and its cache key, took about 240 us a
    call, more than the statement's round trip (``bench/statement_cost.py``)."""
    return table.insert().values({
        **{c: bindparam(f"new_{c}", type_=table.c[c].type) for c in columns}, **fixed})


@cache  # per ``bound_insert`` (a statement is hashed by its identity)
def _audited(insert: Insert) -> tuple[str, Executable, Executable]:
    """``insert``'s first primary key column's name, the insert answering its row, and that
    with its audit row (PostgreSQL)."""
    table = insert.table
    key = next(iter(table.primary_key.columns)).name
    plain = insert.returning(*table.c)
    new = plain.cte("new_row")
    audit = t.audit_log.insert().from_select(
        ["at", "actor", "action", "object_type", "object_id", "details"],
        select(bindparam("audit_at", type_=DateTime), bindparam("audit_actor", type_=String),
               bindparam("audit_action", type_=String),
               bindparam("audit_object_type", type_=String),
               cast(new.c[key], String), bindparam("audit_details", type_=String))
        .select_from(new)).cte("audit_row")
    return key, plain, select(new).add_cte(audit)


_AUDIT = t.audit_log.insert()  # built once: each row only binds its values


def audit_details(details: dict[str, Any]) -> str | None:
    """An audit row's ``details`` column: the JSON of ``details``, None if empty."""
    return json.dumps(details, sort_keys=True, default=str) if details else None
