"""Whose policy a bill was split under, for the pre-settlement answer: the region its visit
recorded at check-in (``kiosk.server.regions``: the insured place, the place of treatment,
the class and, cross-province, the filing). A visit from elsewhere is split under its insured
place's policy, so the kiosk says so on the bill; a local visit's block says ``local``.

Read after the bill, in its own short read: the split's transaction stays as it is. Any
thread may call it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kiosk.server import schema as t
from kiosk.server.context import Context
from kiosk.server.regions import visit_region


def with_bill_region(ctx: Context, answer: dict[str, Any]) -> dict[str, Any]:
    """The pre-settlement ``answer`` with the ``region`` block of its visit."""
    v = t.visits
    with ctx.db.read() as conn:
        visit = conn.execute(select(v.c.insuplc_admdvs, v.c.mdtrtarea_admvs, v.c.region_class,
                                    v.c.region_filed)
                             .where(v.c.visit_id == answer["visit_id"])).one()
    return {**answer, "region": visit_region(visit, ctx.settings.mdtrtarea_admvs).to_json()}
