"""Reports for the hospital and the insurer: the clearing report, the completed settlements'
amounts summed per week or month (in the hospital's time zone) and insurance type.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, select

from kiosk.domain.reasons import Reason
from kiosk.server import schema as t
from kiosk.server.context import Context
from kiosk.server.errors import ApiError
from kiosk.server.statuses import SettlementStatus

AMOUNTS = ("medfee_sumamt_fen", "hifp_pay_fen", "fund_pay_sumamt_fen", "acct_pay_fen",
           "psn_cash_pay_fen")


def _period_of(day: date, period: str) -> tuple[date, date]:
    """The first and last day of the week (Monday to Sunday) or month holding ``day``."""
    if period == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    start = day.replace(day=1)
    return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


class Reports:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _utc_midnight(self, day: date) -> datetime:
        """The start of the local ``day`` as a stored (naive UTC) time."""
        return datetime.combine(day, time.min, self.ctx.tz).astimezone(UTC).replace(tzinfo=None)

    def clearing(self, period: str, start: date, end: date) -> dict[str, Any]:
        """``period``: ``weekly`` or ``monthly``; ``start`` and ``end``: local days, inclusive."""
        if end < start:
            raise ApiError(422, Reason.VALIDATION_ERROR, "end is before start")
        if start.year < 2000 or end.year > 2999:
            raise ApiError(422, Reason.VALIDATION_ERROR, "dates must lie in 2000..2999")
        lo, hi = self._utc_midnight(start), self._utc_midnight(end + timedelta(days=1))
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(t.settlements).where(and_(
                t.settlements.c.status == SettlementStatus.COMPLETED,
                t.settlements.c.completed_at >= lo, t.settlements.c.completed_at < hi))).all()
        buckets: dict[tuple[date, str], dict[str, Any]] = {}
        for r in rows:
            p_start, p_end = _period_of(self.ctx.local_date_of(r.completed_at), period)
            b = buckets.setdefault((p_start, r.insurance_type), {
                "period_start": p_start.isoformat(), "period_end": p_end.isoformat(),
                "insurance_type": r.insurance_type, "settlements": 0,
                **{a: 0 for a in AMOUNTS}})
            b["settlements"] += 1
            for a in AMOUNTS:
                b[a] += int(getattr(r, a))
        out_rows = [buckets[k] for k in sorted(buckets)]
        totals = {"settlements": sum(b["settlements"] for b in out_rows),
                  **{a: sum(b[a] for b in out_rows) for a in AMOUNTS}}
        return {"period": period, "start": start.isoformat(), "end": end.isoformat(),
                "rows": out_rows, "totals": totals}
