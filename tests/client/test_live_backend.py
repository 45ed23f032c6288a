"""The endpoint methods against the REAL reference backend (``kiosk server``) on loopback,
seeded with the demo patients: the whole kiosk journey, refusals, auth and a backend that
goes away. Skipped while ``kiosk server`` is not available (see the ``live_backend`` fixture).
"""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.client import (
    BackendClient,
    BackendConfig,
    BackendOffline,
    BackendRejected,
    DepartmentClient,
    new_idempotency_key,
    rejected_settlement,
    rejected_split,
)
from kiosk.demo.cards import demo_card_read
from kiosk.domain.card import CardRecord
from kiosk.domain.demo import DemoPatient, demo_patient
from kiosk.domain.reasons import Decision, Reason


def card_of(patient: DemoPatient, client: BackendClient) -> CardRecord:
    """The patient's card as the kiosk reads it, with a fresh challenge (so it authenticates);
    an expired card too (the backend judges the expiry here)."""
    return demo_card_read(patient.key, client.card_challenge().challenge, today=date(2000, 1, 1))


@pytest.fixture
def kiosk(live_backend) -> BackendClient:
    client = BackendClient(BackendConfig(live_backend.base_url, token=live_backend.kiosk_token,
                                         deadline=10.0))
    yield client
    client.close()


@pytest.fixture
def department(live_backend) -> DepartmentClient:
    client = DepartmentClient(BackendConfig(live_backend.base_url,
                                            token=live_backend.department_token))
    yield client
    client.close()


def test_health_and_departments(kiosk, live_backend) -> None:
    assert kiosk.health().status == "ok"
    codes = [d.code for d in kiosk.departments()]
    assert live_backend.department_code in codes


@pytest.mark.parametrize(
    ("key", "decision", "reason"),
    [
        ("eligible", Decision.ELIGIBLE, None),
        ("rare_name", Decision.ELIGIBLE, None),
        ("first_time", Decision.NOT_LINKED, Reason.NOT_LINKED),
        ("not_eligible", Decision.NOT_ELIGIBLE, Reason.CREDIT_SCORE_LOW),
        ("not_eligible", Decision.NOT_ELIGIBLE, Reason.OVERDUE_DEBT),
        ("expired", Decision.NOT_ELIGIBLE, Reason.CARD_EXPIRED),
        ("blacklisted", Decision.NOT_ELIGIBLE, Reason.MONITORING_BLACKLIST),
    ],
)
def test_eligibility_of_the_demo_patients(kiosk, key, decision, reason) -> None:
    patient = demo_patient(key)
    result = kiosk.eligibility(card_of(patient, kiosk))
    assert result.decision is decision
    if reason is None:
        assert result.reasons == ()
        assert result.patient is not None
        assert result.patient.display_name != patient.name  # masked by the backend
        assert result.patient.display_name[0] == patient.name[0]
        assert result.available_credit_fen is not None and result.available_credit_fen > 0
    else:
        assert reason.value in result.reasons


def test_the_whole_journey(kiosk, department, live_backend) -> None:
    answer = kiosk.eligibility(card_of(demo_patient("eligible"), kiosk))
    patient, session = answer.patient, answer.session_token
    assert patient is not None and session
    check_in = kiosk.check_in(patient.patient_id, live_backend.department_code, session=session)
    visit = check_in.visit
    assert not check_in.already_checked_in and visit.is_open
    assert visit.department_code == live_backend.department_code and visit.ticket_number > 0

    again = kiosk.check_in(patient.patient_id, live_backend.department_code, session=session)
    assert again.already_checked_in and again.visit.visit_id == visit.visit_id

    # the department posts two charges; re-posting an order is a safe retry
    consult = department.post_charge(
        visit.visit_id, item_code="CONS-1", name="普通门诊诊查费", category="consultation",
        insurance_class="A", unit_price_fen=1000, his_order_id="ORD-C1")
    drug = department.post_charge(
        visit.visit_id, item_code="DRUG-7", name="阿莫西林胶囊", category="drug",
        insurance_class="B", unit_price_fen=1250, quantity=2, his_order_id="ORD-D7")
    repeat = department.post_charge(
        visit.visit_id, item_code="DRUG-7", name="阿莫西林胶囊", category="drug",
        insurance_class="B", unit_price_fen=1250, quantity=2, his_order_id="ORD-D7")
    assert repeat.charge_id == drug.charge_id
    assert drug.amount_fen == 2500

    detail = kiosk.visit(visit.visit_id, session=session)
    assert {c.charge_id for c in detail.charges} == {consult.charge_id, drug.charge_id}

    itinerary = kiosk.itinerary(visit.visit_id, session=session)
    assert itinerary.visit_id == visit.visit_id
    assert itinerary.stops, "charges not yet performed must give stops"
    for charge in (consult, drug):
        department.mark_performed(charge.charge_id)
    assert kiosk.itinerary(visit.visit_id, session=session).stops == ()

    bill = kiosk.bill(visit.visit_id, session=session)
    assert bill.split.medfee_sumamt_fen == 3500
    assert (bill.split.fund_pay_sumamt_fen + bill.split.acct_pay_fen
            + bill.split.psn_cash_pay_fen) == 3500
    assert sum(g.total_fen for g in bill.groups()) == 3500

    key = new_idempotency_key()
    settlement = kiosk.settle(visit.visit_id, key, bill.split.medfee_sumamt_fen,
                              bill.split.psn_cash_pay_fen, session=session)
    assert settlement.visit_id == visit.visit_id and settlement.status == "completed"
    assert settlement.split == bill.split
    assert settlement.payment.amount_fen == bill.split.psn_cash_pay_fen

    # the same tap again (a retry that did not hear the answer): the same settlement, even
    # though the settlement ended the patient session (the patient had no other open visit)
    replay = kiosk.settle(visit.visit_id, key, bill.split.medfee_sumamt_fen,
                          bill.split.psn_cash_pay_fen, session=session)
    assert replay.settlement_id == settlement.settlement_id
    status = kiosk.settlement_status(key)
    assert status.state == "settled"
    assert status.settlement.settlement_id == settlement.settlement_id
    with pytest.raises(BackendRejected) as info:
        kiosk.visit_settlement(visit.visit_id, session=session)
    assert (info.value.code, info.value.http_status) == ("patient_session_ended", 401)
    kiosk.end_session(session)  # the card out after a paid journey: heard, not refused
    session = kiosk.eligibility(card_of(demo_patient("eligible"), kiosk)).session_token
    assert kiosk.visit_settlement(visit.visit_id, session=session).settlement_id == \
        settlement.settlement_id
    assert kiosk.settlement(settlement.settlement_id, session=session).visit_id == \
        visit.visit_id

    # a second tap with a new key cannot settle twice
    with pytest.raises(BackendRejected) as info:
        kiosk.settle(visit.visit_id, new_idempotency_key(), bill.split.medfee_sumamt_fen,
                     bill.split.psn_cash_pay_fen, session=session)
    assert info.value.code == "already_settled" and info.value.http_status == 409
    assert rejected_settlement(info.value).settlement_id == settlement.settlement_id

    with pytest.raises(BackendRejected) as info:
        kiosk.bill(visit.visit_id, session=session)
    assert info.value.code == "visit_closed"
    kiosk.end_session(session)  # the card is out
    with pytest.raises(BackendRejected) as info:
        kiosk.bill(visit.visit_id, session=session)
    assert (info.value.code, info.value.http_status) == ("patient_session_ended", 401)


def test_changed_bill_is_refused_then_settled_with_a_new_key(kiosk, department,
                                                              live_backend) -> None:
    answer = kiosk.eligibility(card_of(demo_patient("rare_name"), kiosk))
    patient, session = answer.patient, answer.session_token
    visit = kiosk.check_in(patient.patient_id, live_backend.department_code,
                           session=session).visit
    department.post_charge(visit.visit_id, item_code="LAB-CBC", name="血常规",
                           category="lab", insurance_class="A", unit_price_fen=2500)
    seen = kiosk.bill(visit.visit_id, session=session).split
    department.post_charge(visit.visit_id, item_code="LAB-CRP", name="C反应蛋白",
                           category="lab", insurance_class="A", unit_price_fen=3000)
    with pytest.raises(BackendRejected) as info:
        kiosk.settle(visit.visit_id, new_idempotency_key(), seen.medfee_sumamt_fen,
                     seen.psn_cash_pay_fen, session=session)
    assert info.value.code == "amount_changed"
    current = rejected_split(info.value)
    assert current is not None and current.medfee_sumamt_fen == 5500
    # nothing was charged
    assert kiosk.visit_settlement(visit.visit_id, session=session) is None
    settlement = kiosk.settle(visit.visit_id, new_idempotency_key(), current.medfee_sumamt_fen,
                              current.psn_cash_pay_fen, session=session)
    assert settlement.split.medfee_sumamt_fen == 5500


def test_unknown_things_and_keys(kiosk) -> None:
    session = kiosk.eligibility(card_of(demo_patient("eligible"), kiosk)).session_token
    with pytest.raises(BackendRejected) as info:
        kiosk.visit(999_999, session=session)
    assert info.value.code == "visit_not_found" and info.value.http_status == 404
    assert kiosk.settlement_status(new_idempotency_key()).state == "not_found"
    try:
        assert kiosk.visit_settlement(999_999, session=session) is None
    except BackendRejected as err:
        assert err.code == "visit_not_found"


def test_wrong_token_and_wrong_role(live_backend, department) -> None:
    config = BackendConfig(live_backend.base_url, token="not-a-token")
    with BackendClient(config) as stranger, pytest.raises(BackendRejected) as info:
        stranger.departments()
    assert (info.value.code, info.value.http_status) == ("unauthenticated", 401)
    dept_as_kiosk = BackendClient(department.transport)
    with pytest.raises(BackendRejected) as info:
        dept_as_kiosk.eligibility(card_of(demo_patient("eligible"), dept_as_kiosk))
    assert (info.value.code, info.value.http_status) == ("forbidden", 403)


def test_backend_gone_is_offline(kiosk, live_backend) -> None:
    assert kiosk.health().status == "ok"
    live_backend.stop()
    with pytest.raises(BackendOffline) as info:
        kiosk.departments()
    assert info.value.outcome_unknown is False
