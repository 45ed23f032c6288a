"""The kiosk fleet: each kiosk's latest heartbeat (``record``) and the supervisors' view of
the fleet (``view``), with the problems a supervisor acts on: silent for over
``fleet_silent_seconds``, out of paper, a reader fault, a QR scanner fault (fitted but
unusable: no rights, held by another program), an outbox growing without draining.

``outbox_growth`` and ``problems`` are the pure decisions. Thread-safe like every service.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from kiosk.server import schema as t
from kiosk.server.auth import Principal
from kiosk.server.context import Context, iso
from kiosk.server.models import HeartbeatIn

# an outbox that grew this many heartbeats in a row without draining is a problem
OUTBOX_GROWING_AFTER = 2


def outbox_growth(previous_depth: int | None, previous_growth: int, depth: int) -> int:
    """Consecutive heartbeats in which the outbox grew without draining: one more when it
    grew, the same while it holds, none once it drains (or is empty)."""
    if depth == 0 or previous_depth is None or depth < previous_depth:
        return 0
    return previous_growth + 1 if depth > previous_depth else previous_growth


def problems(row: Any, now: datetime, silent_seconds: int) -> list[str]:
    """What a supervisor should look at for this kiosk, most urgent first."""
    found = []
    if (now - row.received_at).total_seconds() > silent_seconds:
        found.append("silent")
    if row.paper == "out":
        found.append("out_of_paper")
    if row.reader_state == "fault":
        found.append("reader_fault")
    # None (or no such field) from a kiosk that does not tell its scanner: no fault to flag
    if getattr(row, "scanner_state", None) == "fault":
        found.append("scanner_fault")
    if row.printer_state == "fault":
        found.append("printer_fault")
    if row.outbox_depth > 0 and row.outbox_growth >= OUTBOX_GROWING_AFTER:
        found.append("outbox_growing")
    return found


class Fleet:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def record(self, kiosk: Principal, beat: HeartbeatIn) -> None:
        beats = t.kiosk_heartbeats
        values = beat.model_dump()
        with self.ctx.db.write() as conn:
            previous = conn.execute(select(beats.c.outbox_depth, beats.c.outbox_growth).where(
                beats.c.kiosk == kiosk.actor).with_for_update()).first()
            values.update(received_at=self.ctx.now(), outbox_growth=outbox_growth(
                previous.outbox_depth if previous else None,
                previous.outbox_growth if previous else 0, beat.outbox_depth))
            if previous is None:
                conn.execute(beats.insert().values(kiosk=kiosk.actor, **values))
            else:
                conn.execute(update(beats).where(beats.c.kiosk == kiosk.actor).values(**values))

    def view(self) -> dict[str, Any]:
        """Every kiosk that ever sent a heartbeat, those with problems first."""
        now, silent = self.ctx.now(), self.ctx.settings.fleet_silent_seconds
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(t.kiosk_heartbeats).order_by(
                t.kiosk_heartbeats.c.kiosk)).all()
        kiosks = [{
            "kiosk": row.kiosk.removeprefix("kiosk:"), "last_seen_at": iso(row.received_at),
            "silent_seconds": max(0, int((now - row.received_at).total_seconds())),
            "version": row.version, "reader_state": row.reader_state,
            "printer_state": row.printer_state, "paper": row.paper,
            "outbox_depth": row.outbox_depth, "last_error_code": row.last_error_code,
            "uptime_seconds": row.uptime_seconds, "scanner_state": row.scanner_state,
            "problems": problems(row, now, silent)} for row in rows]
        kiosks.sort(key=lambda k: (not k["problems"], k["kiosk"]))
        return {"kiosks": kiosks, "silent_after_seconds": silent}
