"""The strict parsers of backend answers, fed the documented shapes and broken ones."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from samples import (
    BILL,
    CHARGE,
    DEPARTMENT,
    ELIGIBILITY,
    ITINERARY,
    NOT_LINKED,
    SETTLEMENT,
    SPLIT,
    VISIT,
    sample,
)

from kiosk.client.models import (
    ResponseShapeError,
    parse_bill,
    parse_charge,
    parse_departments,
    parse_eligibility,
    parse_health,
    parse_itinerary,
    parse_settlement,
    parse_split,
    parse_visit,
    parse_visit_detail,
)
from kiosk.domain.reasons import Decision
from kiosk.domain.settlement import Category


def test_eligibility_eligible() -> None:
    result = parse_eligibility(ELIGIBILITY)
    assert result.eligible and result.decision is Decision.ELIGIBLE
    assert result.reasons == ()
    assert result.patient is not None and result.patient.display_name == "林**"
    assert result.credit_limit_fen == 200000
    (visit,) = result.open_visits
    assert visit.visit_id == 7 and visit.is_open
    assert visit.visit_date == date(2026, 11, 23)
    assert visit.opened_at == datetime(2026, 11, 23, 8, 15, tzinfo=UTC)
    (appointment,) = result.appointments_today
    assert appointment.time == "09:30" and appointment.department.room == "A-201"


def test_eligibility_first_time_patient() -> None:
    result = parse_eligibility(NOT_LINKED)
    assert result.decision is Decision.NOT_LINKED and not result.eligible
    assert result.patient is None and result.credit_limit_fen is None
    assert result.reasons == ("not_linked",)


def test_unknown_reason_codes_are_kept_as_text() -> None:
    result = parse_eligibility(sample(NOT_LINKED, decision="not_eligible",
                                      reasons=["credit_score_low", "something_new"]))
    assert result.reasons == ("credit_score_low", "something_new")


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        (sample(ELIGIBILITY, decision="maybe"), "$.decision"),
        (sample(ELIGIBILITY, reasons="none"), "$.reasons"),
        (sample(ELIGIBILITY, credit_limit_fen=2000.5), "$.credit_limit_fen"),
        (sample(ELIGIBILITY, credit_limit_fen="200000"), "$.credit_limit_fen"),
        (sample(ELIGIBILITY, credit_limit_fen=True), "$.credit_limit_fen"),
        (sample(ELIGIBILITY, credit_limit_fen=-1), "$.credit_limit_fen"),
        (sample(ELIGIBILITY, open_visits=[sample(VISIT, opened_at="yesterday")]),
         "$.open_visits[0].opened_at"),
        (sample(ELIGIBILITY, open_visits=[sample(VISIT, opened_at="2026-11-23T08:15:00")]),
         "$.open_visits[0].opened_at"),
        (sample(ELIGIBILITY, patient={"patient_id": 1}), "$.patient.display_name"),
        ({k: v for k, v in ELIGIBILITY.items() if k != "open_visits"}, "$.open_visits"),
        ([], "$"),
        (None, "$"),
    ],
)
def test_eligibility_malformed(doc: object, where: str) -> None:
    with pytest.raises(ResponseShapeError) as info:
        parse_eligibility(doc)
    assert info.value.where == where


def test_visit_and_detail() -> None:
    assert parse_visit(sample(VISIT, settlement_id=4)).settlement_id == 4
    detail = parse_visit_detail({"visit": VISIT, "charges": [CHARGE]})
    assert detail.visit.visit_id == 7
    assert detail.charges[0].amount_fen == 2500
    with pytest.raises(ResponseShapeError, match=r"\$\.visit\.visit_date"):
        parse_visit_detail({"visit": sample(VISIT, visit_date="23/11/2026"), "charges": []})


def test_charge() -> None:
    charge = parse_charge(CHARGE)
    assert charge.name == "血常规" and charge.performed is False
    line = charge.to_line()
    assert line.category is Category.LAB and line.department_code == "LAB"
    with pytest.raises(ResponseShapeError, match="performed"):
        parse_charge(sample(CHARGE, performed="no"))
    with pytest.raises(ResponseShapeError, match="quantity"):
        parse_charge(sample(CHARGE, quantity=0))


def test_itinerary_keeps_the_backends_order() -> None:
    second = sample(ITINERARY["stops"][0], department_code="IMG", room="C-301")
    itinerary = parse_itinerary(sample(ITINERARY, stops=[*ITINERARY["stops"], second]))
    assert [s.department_code for s in itinerary.stops] == ["LAB", "IMG"]
    assert itinerary.stops[0].floor == 1 and itinerary.stops[0].items[0].charge_id == 3
    assert parse_itinerary(sample(ITINERARY, stops=[])).stops == ()
    with pytest.raises(ResponseShapeError, match=r"stops\[0\]\.items\[0\]\.charge_id"):
        parse_itinerary(sample(ITINERARY, stops=[sample(ITINERARY["stops"][0], items=[{}])]))


def test_bill_split_and_groups() -> None:
    bill = parse_bill(BILL)
    assert bill.split.medfee_sumamt_fen == 12000
    assert bill.split.fund_pay_sumamt_fen == 8000
    assert bill.split.acct_pay_fen == 0
    assert bill.split.psn_cash_pay_fen == 4000
    (group,) = bill.groups()
    assert (group.department_code, group.category, group.total_fen) == ("LAB", "lab", 2500)


def test_split_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(ResponseShapeError, match="medfee_sumamt"):
        parse_split(sample(SPLIT, psn_cash_pay_fen=3999))


def test_bill_with_an_unknown_category_is_refused() -> None:
    with pytest.raises(ResponseShapeError, match="charges"):
        parse_bill(sample(BILL, charges=[sample(CHARGE, category="spa")]))


def test_settlement() -> None:
    settlement = parse_settlement(SETTLEMENT)
    assert settlement.settlement_id == 4 and settlement.payment.amount_fen == 4000
    assert settlement.debt is None and settlement.reversal is None
    declined = parse_settlement(sample(
        SETTLEMENT,
        payment={"status": "declined", "amount_fen": 4000, "gateway_reference": None},
        debt={"debt_id": 2, "amount_fen": 4000, "due_date": "2026-12-23", "status": "open"},
    ))
    assert declined.debt is not None and declined.debt.due_date == date(2026, 12, 23)
    with pytest.raises(ResponseShapeError, match=r"\$\.payment\.amount_fen"):
        parse_settlement(sample(SETTLEMENT, payment={"status": "charged", "amount_fen": 40.0}))


def test_health_and_departments() -> None:
    assert parse_health({"status": "ok", "schema_version": 1}).schema_version == 1
    (department,) = parse_departments({"departments": [DEPARTMENT]})
    assert department.name_en == "Internal medicine"
    with pytest.raises(ResponseShapeError):
        parse_departments({"departments": {"INT": DEPARTMENT}})


def test_extra_fields_are_ignored() -> None:
    assert parse_visit(sample(VISIT, new_field=[1, 2])).visit_id == 7
