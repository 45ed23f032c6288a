"""Calls for help from kiosks: a kiosk asks (``ask``), staff see the open requests (``open``)
and acknowledge one (``acknowledge``), the kiosk learns it (``state``).

A request carries the kiosk (its token's name), the kiosk's location from the settings
(``kiosk_locations``, by that name) and the screen the patient is on: no personal data. A kiosk
has at most one open request: asking again while one is open answers that one (the
``help_requests.open_kiosk`` column is unique while a request is open, so two kiosks' taps at
once cannot make two). ``help_json`` is the pure shape the API answers with.

Thread-safe like every service (each call its own transaction).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import Context, iso
from kiosk.server.errors import ApiError

KIOSK_PREFIX = "kiosk:"


def help_json(row: Any, now: datetime) -> dict[str, Any]:
    """A help request as the API shows it: its state and its age in seconds at ``now``."""
    return {
        "help_id": row.help_id, "kiosk": row.kiosk.removeprefix(KIOSK_PREFIX),
        "location": row.location, "screen": row.screen,
        "requested_at": iso(row.requested_at),
        "age_seconds": max(0, int((now - row.requested_at).total_seconds())),
        "state": "open" if row.acknowledged_at is None else "acknowledged",
        "acknowledged_at": iso(row.acknowledged_at),
    }


class Help:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def ask(self, kiosk: Principal, screen: str) -> tuple[dict[str, Any], bool]:
        """The kiosk's open request, made now if it has none: (the request, made now?)."""
        table = t.help_requests
        name = kiosk.actor.removeprefix(KIOSK_PREFIX)
        for _attempt in range(3):
            existing = self._open_of(kiosk.actor)
            if existing is not None:
                return help_json(existing, self.ctx.now()), False
            try:
                with self.ctx.db.write() as conn:
                    help_id = conn.execute(table.insert().values(
                        kiosk=kiosk.actor, open_kiosk=kiosk.actor, screen=screen,
                        location=self.ctx.settings.kiosk_locations.get(name),
                        requested_at=self.ctx.now())).inserted_primary_key[0]
                    row = conn.execute(select(table).where(table.c.help_id == help_id)).one()
                return help_json(row, self.ctx.now()), True
            except IntegrityError:  # the same kiosk's other tap made it first: answer that one
                continue
        raise ApiError(500, Reason.INTERNAL_ERROR, "help request could not be made")

    def _open_of(self, actor: str) -> Any:
        with self.ctx.db.read() as conn:
            return conn.execute(select(t.help_requests).where(
                t.help_requests.c.open_kiosk == actor)).first()

    def state(self, kiosk: Principal, help_id: int) -> dict[str, Any]:
        """One of the kiosk's own requests (another kiosk's is not found)."""
        table = t.help_requests
        with self.ctx.db.read() as conn:
            row = conn.execute(select(table).where(
                table.c.help_id == help_id, table.c.kiosk == kiosk.actor)).first()
        if row is None:
            raise ApiError(404, Reason.NOT_FOUND, "no such help request")
        return help_json(row, self.ctx.now())

    def listing(self, only_open: bool) -> dict[str, Any]:
        """Open requests oldest first (with ``only_open``), else the latest 100 of all."""
        table = t.help_requests
        query = select(table)
        if only_open:
            query = query.where(table.c.acknowledged_at.is_(None)).order_by(table.c.help_id)
        else:
            query = query.order_by(table.c.help_id.desc()).limit(100)
        with self.ctx.db.read() as conn:
            rows = conn.execute(query).all()
        now = self.ctx.now()
        return {"help_requests": [help_json(row, now) for row in rows]}

    def acknowledge(self, staff: Principal, help_id: int) -> dict[str, Any]:
        """Staff are on their way: the request closes (acknowledging twice is harmless)."""
        table = t.help_requests
        with self.ctx.db.write() as conn:
            row = conn.execute(select(table).where(table.c.help_id == help_id)
                               .with_for_update()).first()
            if row is None:
                raise ApiError(404, Reason.NOT_FOUND, "no such help request")
            if row.acknowledged_at is None:
                conn.execute(update(table).where(table.c.help_id == help_id).values(
                    acknowledged_at=self.ctx.now(), acknowledged_by=staff.actor,
                    open_kiosk=None))
                self.ctx.audit(conn, staff, "help.acknowledge", "help_request", help_id)
            row = conn.execute(select(table).where(table.c.help_id == help_id)).one()
        return help_json(row, self.ctx.now())
