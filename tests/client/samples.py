"""Answers exactly as docs/api.md shows them, for the parser and endpoint tests."""

from __future__ import annotations

import copy
from typing import Any

DEPARTMENT: dict[str, Any] = {
    "code": "INT", "name_zh": "内科", "name_en": "Internal medicine", "building": "A",
    "floor": 2, "room": "A-201", "opens": "00:00", "closes": "24:00", "queue_length": 4,
    "minutes_per_patient": 6, "estimated_wait_minutes": 24,
}

VISIT: dict[str, Any] = {
    "visit_id": 7, "patient_id": 1, "department_code": "INT", "visit_date": "2026-11-23",
    "mode": "credit", "status": "open", "ticket_number": 5, "building": "A", "floor": 2,
    "room": "A-201", "estimated_wait_minutes": 24, "opened_at": "2026-11-23T08:15:00Z",
    "settlement_id": None, "unsettled_total_fen": 0,
}

ELIGIBILITY: dict[str, Any] = {
    "decision": "eligible", "reasons": [],
    "patient": {"patient_id": 1, "display_name": "林**", "insurance_type": "310",
                "region_code": "990101"},
    "credit_limit_fen": 200000, "available_credit_fen": 200000,
    "open_visits": [VISIT],
    "appointments_today": [{"appointment_id": 1, "department_code": "INT", "time": "09:30",
                            "department": DEPARTMENT}],
}

NOT_LINKED: dict[str, Any] = {
    "decision": "not_linked", "reasons": ["not_linked"], "patient": None,
    "credit_limit_fen": None, "available_credit_fen": None, "open_visits": [],
    "appointments_today": [],
}

CHARGE: dict[str, Any] = {
    "charge_id": 3, "visit_id": 7, "item_code": "LAB-CBC", "name": "血常规", "category": "lab",
    "insurance_class": "A", "unit_price_fen": 2500, "quantity": 1, "amount_fen": 2500,
    "ordering_department_code": "INT", "performing_department_code": "LAB",
    "his_order_id": "ORD-1", "performed": False, "posted_at": "2026-11-23T08:20:00Z",
}

ITINERARY: dict[str, Any] = {
    "visit_id": 7, "total_expected_minutes": 31,
    "stops": [{"department_code": "LAB", "name_zh": "检验科", "name_en": "Laboratory",
               "building": "B", "floor": 1, "room": "B-105", "queue_length": 3,
               "walk_minutes": 4, "expected_wait_minutes": 9, "arrive_after_minutes": 4,
               "items": [{"charge_id": 3, "item_code": "LAB-CBC", "name": "血常规"}]}],
}

SPLIT: dict[str, Any] = {
    "medfee_sumamt_fen": 12000, "fulamt_ownpay_amt_fen": 0, "preselfpay_amt_fen": 500,
    "inscp_scp_amt_fen": 11500, "act_pay_dedc_fen": 0, "hifp_pay_fen": 8000,
    "fund_pay_sumamt_fen": 8000, "acct_pay_fen": 0, "psn_cash_pay_fen": 4000,
}

BILL: dict[str, Any] = {"visit_id": 7, "insurance_type": "310", "charges": [CHARGE],
                        "split": SPLIT}

SETTLEMENT: dict[str, Any] = {
    "settlement_id": 4, "visit_id": 7, "patient_id": 1, "status": "completed",
    "channel": "linked_method", "split": SPLIT,
    "payment": {"status": "charged", "amount_fen": 4000, "gateway_reference": "settlement-4"},
    "debt": None, "created_at": "2026-11-23T09:00:00Z", "completed_at": "2026-11-23T09:00:01Z",
    "reversal": None,
}


def sample(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of ``doc`` with top-level ``changes``."""
    out = copy.deepcopy(doc)
    out.update(changes)
    return out
