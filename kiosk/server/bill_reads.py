"""The reads behind a visit's bill (the pre-settlement, the settlement's step 2, a refund's
split), built once with bound parameters so that each call only binds its values and
SQLAlchemy finds the compiled form in its cache:

* ``visit_and_patient``: in one statement, the visit (its status, mode, department, region),
  its patient with the credit link's status and payment reference, and the patient's year so
  far (deductible used, fund paid, personal account used by live settlements since
  ``start``; fund and account given back by their completed partial refunds); with
  ``lock``, the visit's row locked first (``FOR UPDATE``, where the dialect has row locks);
* ``live_charges``: the visit's charges that count (not voided or corrected), in order;

and the bill as the API shows it (``bill_json``) with its digest (``bill_digest``), which a
settlement may cite.

Runs inside the caller's transaction; any thread.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, DateTime, bindparam, func, select

from kiosk.domain import settlement as st
from kiosk.server import schema as t
from kiosk.server.context import sha256_hex
from kiosk.server.statuses import RefundState, SettlementStatus
from kiosk.server.views import LIVE_CHARGE, LOCK_VISIT, charge_json

_S, _R, _V, _LINK = t.settlements, t.refunds, t.visits, t.credit_links
_START = bindparam("start", type_=DateTime)
_THIS_YEAR = (_S.c.patient_id == t.patients.c.patient_id,
              _S.c.status != SettlementStatus.REVERSED, _S.c.created_at >= _START)


def _settled_sum(column: Any) -> Any:
    return select(func.coalesce(func.sum(column), 0)).where(*_THIS_YEAR).scalar_subquery()


def _refunded_sum(column: Any) -> Any:
    return (select(func.coalesce(func.sum(column), 0))
            .select_from(_R.join(_S, _S.c.settlement_id == _R.c.settlement_id))
            .where(*_THIS_YEAR, _R.c.status == RefundState.REFUNDED).scalar_subquery())


_VISIT_AND_PATIENT = (
    select(t.patients, _LINK.c.status.label("link_status"),
           _LINK.c.payment_method_ref.label("link_payment_method_ref"),
           _V.c.visit_id, _V.c.department_code, _V.c.status.label("visit_status"),
           _V.c.mode.label("visit_mode"), _V.c.insuplc_admdvs, _V.c.mdtrtarea_admvs,
           _V.c.region_class, _V.c.region_filed,
           _settled_sum(_S.c.act_pay_dedc_fen).label("year_deductible_fen"),
           _settled_sum(_S.c.hifp_pay_fen).label("year_fund_fen"),
           _settled_sum(_S.c.acct_pay_fen).label("year_acct_fen"),
           _refunded_sum(_R.c.fund_fen).label("year_fund_back_fen"),
           _refunded_sum(_R.c.acct_fen).label("year_acct_back_fen"))
    .select_from(_V.join(t.patients, t.patients.c.patient_id == _V.c.patient_id)
                 .outerjoin(_LINK, _LINK.c.patient_id == _V.c.patient_id))
    .where(_V.c.visit_id == bindparam("visit_id")))
_LIVE_CHARGES = (select(t.charges).where(t.charges.c.visit_id == bindparam("visit_id"),
                                         LIVE_CHARGE)
                 .order_by(t.charges.c.charge_id))


def visit_and_patient(conn: Connection, visit_id: int, start: Any, *, lock: bool = False
                      ) -> Any:
    """The row described in the module doc, None if there is no such visit."""
    if lock:  # first: a read that took the lock itself would keep, for its subqueries, the
        # snapshot from before it waited, and miss what the transaction it waited for wrote
        conn.execute(LOCK_VISIT, {"visit_id": visit_id}).first()
    return conn.execute(_VISIT_AND_PATIENT, {"visit_id": visit_id, "start": start}).first()


def live_charges(conn: Connection, visit_id: int) -> list[Any]:
    return list(conn.execute(_LIVE_CHARGES, {"visit_id": visit_id}).all())


def year_state(row: Any, balance: int) -> st.PatientYearState:
    """The patient's year so far from a ``visit_and_patient`` row, with the registry's
    account ``balance``: refunded shares count as unused again."""
    return st.PatientYearState(
        deductible_used_fen=int(row.year_deductible_fen),
        fund_paid_fen=int(row.year_fund_fen) - int(row.year_fund_back_fen),
        account_balance_fen=max(0, balance - int(row.year_acct_fen)
                                + int(row.year_acct_back_fen)))


def bill_digest(visit_id: int, rows: list[Any], split: st.Split) -> str:
    """The sha256 of the exact bill: every fee detail (its id, item, class, price, quantity,
    amount, performing department) and the split. Two bills with equal totals but other items
    have other digests."""
    lines = [[int(r.charge_id), r.item_code, r.name, r.category, r.insurance_class,
              int(r.unit_price_fen), int(r.quantity), int(r.amount_fen),
              r.performing_department_code] for r in rows]
    return sha256_hex(json.dumps({"visit_id": visit_id, "charges": lines,
                                  "split": split_json(split)}, sort_keys=True,
                                 ensure_ascii=False))


def bill_json(visit_id: int, rows: list[Any], split: st.Split) -> dict[str, Any]:
    """The pre-settlement's bill: fee details, split, and the bill's id and digest that settle
    cites (the id names the visit and the digest's first 16 digits; the digest is the bill)."""
    digest = bill_digest(visit_id, rows, split)
    return {"charges": [charge_json(r) for r in rows], "split": split_json(split),
            "bill": {"bill_id": f"bill-{visit_id}-{digest[:16]}", "digest": digest}}


def split_json(split: st.Split) -> dict[str, int]:
    data = split.to_dict()
    out = {f"{name}_fen": int(data[name]) for name in st.SPLIT_FIELDS}
    out["psn_part_amt_fen"] = int(data["psn_part_amt"])
    return out
