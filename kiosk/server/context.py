"""What every area of the backend shares: the store, the settings, the adapters, the clock (and
the hospital's time zone and settlement policies derived from them) and the audit log writer.

One ``Context`` is built per process and handed to each area (``auth``, ``departments``,
``eligibility``, ``visits``, ``settlement``, ``patients``, ``reports``). It holds no mutable
state of its own, so any thread may use it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

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


_AUDIT = t.audit_log.insert()  # built once: each row only binds its values


def audit_details(details: dict[str, Any]) -> str | None:
    """An audit row's ``details`` column: the JSON of ``details``, None if empty."""
    return json.dumps(details, sort_keys=True, default=str) if details else None
