"""Backend answers as the patient session's view models (pure conversions).

Screens never see the client's types: the runner turns each answer into the frozen view
models of ``kiosk.flow.models`` here, and names and ID numbers stay on the card record.
Any thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from kiosk.client.models import Bill, BillSplit, Department, Eligibility, Itinerary
from kiosk.domain.clock import backend_clock
from kiosk.domain.reasons import Decision
from kiosk.flow.models import (
    AppointmentView,
    BillLine,
    BillView,
    DepartmentView,
    EligibilityView,
    ItineraryView,
    OpenVisit,
    SplitView,
    Stop,
)

# What a department is, for routing. The departments API carries no kind, so it is derived
# here from the code and the English name: lab, imaging and the pharmacy are reached through
# a doctor's orders, never as a first check-in, and the pharmacy is the last stop of a visit.
_TEST_CODES = frozenset({"LAB", "RAD", "ECG", "US", "CT", "MRI", "END", "PATH"})
_PHARMACY_CODES = frozenset({"PHA", "PHARM"})
_TEST_WORDS = ("laboratory", "radiology", "imaging", "ecg", "ultrasound", "x-ray",
               "pathology", "endoscopy")


def department_kind(code: str, name_en: str = "") -> str:
    """``pharmacy``, ``test`` (lab, imaging and other examinations) or ``clinical``."""
    name = name_en.lower()
    if code.upper() in _PHARMACY_CODES or "pharmacy" in name:
        return "pharmacy"
    if code.upper() in _TEST_CODES or any(word in name for word in _TEST_WORDS):
        return "test"
    return "clinical"


def check_in_targets(departments: Iterable[DepartmentView]) -> tuple[DepartmentView, ...]:
    """The departments a patient may check in to first: the clinical ones."""
    return tuple(d for d in departments if department_kind(d.code, d.name_en) == "clinical")


_STOP_RANK = {"test": 0, "clinical": 1, "pharmacy": 2}


def route_order(stops: Iterable[Stop]) -> tuple[Stop, ...]:
    """Stops in an order a clinician would accept: tests first (their results are ready when
    the doctor reviews them), then the clinical stops, the pharmacy last; otherwise the
    backend's order."""
    return tuple(sorted(stops, key=lambda s: _STOP_RANK[
        department_kind(s.department.code, s.department.name_en)]))


def is_open_at(opens: str, closes: str, now: time) -> bool:
    """Whether ``now`` (hospital local time) lies in ``[opens, closes)``; "24:00" is midnight."""

    def minutes(hhmm: str) -> int:
        hours, _, mins = hhmm.partition(":")
        return int(hours) * 60 + int(mins or 0)

    current = now.hour * 60 + now.minute
    return minutes(opens) <= current < minutes(closes)


def department_view(dept: Department, now: time | None = None) -> DepartmentView:
    """``now``: the hospital's local time of day, by default by the backend's clock (a
    drifting PC must not open or close a department)."""
    now = now if now is not None else backend_clock.local_now().time()
    return DepartmentView(dept.code, dept.name_zh, dept.name_en, dept.building, dept.floor,
                      dept.room, dept.estimated_wait_minutes,
                      is_open=is_open_at(dept.opens, dept.closes, now))


def split_view(split: BillSplit) -> SplitView:
    return SplitView(
        medfee_sumamt_fen=split.medfee_sumamt_fen,
        fund_pay_sumamt_fen=split.fund_pay_sumamt_fen,
        acct_pay_fen=split.acct_pay_fen,
        psn_cash_pay_fen=split.psn_cash_pay_fen,
        fulamt_ownpay_amt_fen=split.fulamt_ownpay_amt_fen,
        preselfpay_amt_fen=split.preselfpay_amt_fen,
        act_pay_dedc_fen=split.act_pay_dedc_fen,
    )


def eligibility_view(elig: Eligibility, now: time | None = None) -> EligibilityView:
    return EligibilityView(
        decision=Decision(elig.decision),
        reasons=tuple(elig.reasons),
        patient_id=elig.patient.patient_id if elig.patient else None,
        available_credit_fen=elig.available_credit_fen,
        credit_limit_fen=elig.credit_limit_fen,
        open_visits=tuple(
            OpenVisit(v.visit_id, v.department_code, v.ticket_number, v.unsettled_total_fen)
            for v in elig.open_visits if v.status == "open"
        ),
        appointments=tuple(
            AppointmentView(a.appointment_id, a.time, department_view(a.department, now))
            for a in elig.appointments_today
        ),
        overdue_debt_fen=elig.overdue_debt_fen,
        masked_name=elig.patient.display_name if elig.patient else "",
        region_class=elig.region.cls if elig.region else None,
        region_filed=elig.region.filed if elig.region else None,
    )


def itinerary_view(itin: Itinerary) -> ItineraryView:
    stops = tuple(
        Stop(
            DepartmentView(s.department_code, s.name_zh, s.name_en, s.building, s.floor, s.room,
                       s.expected_wait_minutes),
            s.queue_length, s.walk_minutes, s.expected_wait_minutes,
            tuple(item.name for item in s.items),
        )
        for s in itin.stops
    )
    return ItineraryView(itin.visit_id, route_order(stops), itin.total_expected_minutes)


def bill_view(bill: Bill) -> BillView:
    lines = tuple(
        BillLine(c.performing_department_code, c.category, c.name, c.quantity, c.amount_fen)
        for c in bill.charges
    )
    region = bill.region
    insured = region.insured_admdvs if region is not None and region.cls != "local" else None
    return BillView(bill.visit_id, lines, split_view(bill.split), insured)
