"""Reports for the hospital and the insurer: the clearing report, the completed settlements'
amounts summed per week or month (in the hospital's time zone) and insurance type, and split
by region class (local, in-province, cross-province: the three add up to the totals); and the
cross-region detail per insured place, for clearing with the insurers of elsewhere.

A settlement of a visit from before region codes counts as local. No personal data: ids,
region codes and amounts only.
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
DETAIL_AMOUNTS = ("medfee_sumamt_fen", "fulamt_ownpay_amt_fen", "preselfpay_amt_fen",
                  "inscp_scp_amt_fen", "act_pay_dedc_fen", *AMOUNTS[1:])
REGION_CLASSES = ("local", "in_province", "cross_province")


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
        self._check_range(start, end)
        rows = self._completed(start, end)
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
        by_class = {c: {"settlements": 0, **{a: 0 for a in AMOUNTS}} for c in REGION_CLASSES}
        for r in rows:
            part = by_class[r.region_class or "local"]
            part["settlements"] += 1
            for a in AMOUNTS:
                part[a] += int(getattr(r, a))
        return {"period": period, "start": start.isoformat(), "end": end.isoformat(),
                "rows": out_rows, "totals": totals, "by_region_class": by_class}

    def _check_range(self, start: date, end: date) -> None:
        if end < start:
            raise ApiError(422, Reason.VALIDATION_ERROR, "end is before start")
        if start.year < 2000 or end.year > 2999:
            raise ApiError(422, Reason.VALIDATION_ERROR, "dates must lie in 2000..2999")

    def _completed(self, start: date, end: date) -> list[Any]:
        """The settlements completed in the local days ``start``..``end``, each with its
        visit's region codes, class and filing."""
        lo, hi = self._utc_midnight(start), self._utc_midnight(end + timedelta(days=1))
        v = t.visits
        with self.ctx.db.read() as conn:
            return list(conn.execute(
                select(t.settlements, v.c.insuplc_admdvs, v.c.mdtrtarea_admvs,
                       v.c.region_class, v.c.region_filed)
                .select_from(t.settlements.join(v, v.c.visit_id == t.settlements.c.visit_id))
                .where(and_(t.settlements.c.status == SettlementStatus.COMPLETED,
                            t.settlements.c.completed_at >= lo,
                            t.settlements.c.completed_at < hi))
                .order_by(t.settlements.c.settlement_id)).all())

    def cross_region(self, start: date, end: date) -> dict[str, Any]:
        """The in-province and cross-province settlements of ``start``..``end`` (local days,
        inclusive) per insured place: each place's sums and its settlements."""
        self._check_range(start, end)
        regions: dict[str, dict[str, Any]] = {}
        for r in self._completed(start, end):
            if (r.region_class or "local") == "local":
                continue
            region = regions.setdefault(r.insuplc_admdvs, {
                "insuplc_admdvs": r.insuplc_admdvs, "region_class": r.region_class,
                "count": 0, **{a: 0 for a in AMOUNTS}, "settlements": []})
            region["count"] += 1
            for a in AMOUNTS:
                region[a] += int(getattr(r, a))
            region["settlements"].append({
                "settlement_id": r.settlement_id, "visit_id": r.visit_id,
                "completed_date": self.ctx.local_date_of(r.completed_at).isoformat(),
                "mdtrtarea_admvs": r.mdtrtarea_admvs, "region_class": r.region_class,
                "filed": r.region_filed, "insurance_type": r.insurance_type,
                **{a: int(getattr(r, a)) for a in DETAIL_AMOUNTS}})
        out = [regions[k] for k in sorted(regions)]
        return {"from": start.isoformat(), "to": end.isoformat(),
                "columns": ["settlement_id", "visit_id", "completed_date", "mdtrtarea_admvs",
                            "region_class", "filed", "insurance_type", *DETAIL_AMOUNTS],
                "regions": out,
                "totals": {"count": sum(r["count"] for r in out),
                           **{a: sum(r[a] for r in out) for a in AMOUNTS}}}
