"""The counter screens against the real backend on loopback (and the virtual card on the
private pcscd where a card is read): buttons clicked as staff click them."""

from __future__ import annotations

import hashlib
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from kiosk.card.virtual import CardBehaviour
from kiosk.client.api import BackendClient, DepartmentClient, new_idempotency_key
from kiosk.client.models import Settlement
from kiosk.client.staff import StaffClient, sign_in
from kiosk.client.transport import BackendConfig
from kiosk.counter import events as ev
from kiosk.counter import messages as cm
from kiosk.counter import rules
from kiosk.counter.i18n import install_language
from kiosk.demo.cards import authenticated_demo_record
from kiosk.demo.fixtures import demo_card_record
from kiosk.domain.citizen_id import mask_name
from kiosk.domain.demo import demo_patient
from kiosk.journal.outbox import EntryState
from tests.counter.conftest import Counter, draw

SIGNATURE = [(40, 100), (80, 60), (120, 120), (160, 70), (200, 110), (260, 90)]


def _staff(counter: Counter, role: str) -> StaffClient:
    login = counter.backend.credentials["staff"][role]
    config = BackendConfig(base_url=counter.backend.base_url)
    return StaffClient(config, sign_in(config, login["username"], login["password"]))


def _counter_settlement(counter: Counter, key: str) -> Settlement:
    """A visit paid at the counter, made through the API (setup for the refund tests)."""
    backend = counter.backend
    with _staff(counter, "supervisor") as staff:
        pid = staff.find_patient(demo_patient(key).ssn).patient.patient_id
        visit = staff.check_in_at_counter(pid, backend.department_code)
        with DepartmentClient(BackendConfig(base_url=backend.base_url,
                                            token=backend.department_token)) as dept:
            dept.post_charge(visit.visit_id, item_code="CONS-1", name="门诊诊查费",
                             category="consultation", insurance_class="A",
                             unit_price_fen=2500, his_order_id="ORD-REFUND-1")
        bill = staff.bill(visit.visit_id)
        return staff.settle_at_counter(visit.visit_id, new_idempotency_key(),
                                       bill.split.medfee_sumamt_fen, bill.split.psn_cash_pay_fen)


@pytest.mark.pcsc
def test_link_a_first_time_patient_then_the_kiosk_finds_them_eligible(make_counter,
                                                                      virtual_card):
    counter = make_counter()
    virtual_card("first_time")
    counter.sign_in("clerk")
    staff_id = counter.controller.staff.staff_id
    screen = counter.window.patient

    counter.click(screen.read_card_button)
    counter.wait(lambda: counter.controller.card is not None)
    counter.idle()
    first = demo_patient("first_time")
    assert counter.controller.patient is None  # unknown to the backend
    assert screen.first_time_panel.isVisible()
    assert screen.identity_values["ssn"].text() == first.ssn  # the full identity, for staff
    assert screen.identity_values["name"].text() == first.name

    screen.insurance_combo.setCurrentIndex(screen.insurance_combo.findData("390"))
    counter.click(screen.create_button)
    counter.wait(lambda: counter.controller.patient is not None)
    counter.idle()
    assert counter.controller.patient.eligibility.decision.value == "not_linked"

    counter.click(screen.link_button)
    assert counter.window.current_screen() == "link"
    link = counter.window.link_screen
    link.consent_box.setChecked(True)
    draw(link.signature, SIGNATURE)
    assert not link.signature.is_empty()
    link.identity_box.setChecked(True)
    link.method_combo.setCurrentIndex(link.method_combo.findData("wechat"))
    link.reference.setText("wx-0046")
    png = link.signature.to_png()
    counter.click(link.submit_button)
    counter.wait(lambda: counter.controller.patient.link is not None)
    counter.idle()

    view = counter.controller.patient
    assert counter.window.current_screen() == "patient"
    assert view.link.status == "linked" and view.link.credit_limit_fen > 0
    assert view.eligibility.decision.value == "eligible"
    assert "Credit limit" in counter.window.message.text()

    # what the backend kept: the versioned bilingual consent, the signature hash, the staff id
    with counter.db() as db:
        text, sig, verified_by = db.execute(
            "select consent_text, signature_sha256, verified_by from credit_links "
            "where patient_id = ?", (view.patient.patient_id,)).fetchone()
        actors = {row[0] for row in db.execute(
            "select actor from audit_log where action in ('patient.create', 'link.create')")}
        link_audit = db.execute("select details from audit_log where action = 'link.create' "
                                "and object_id = ?", (str(view.patient.patient_id),)).fetchone()
    assert text.startswith("[consent CL-2026.1]") and "知情同意书" in text and "Consent" in text
    assert sig == hashlib.sha256(png).hexdigest()
    # the image itself went to the backend, which hashed it (issue #5)
    assert json.loads(link_audit[0])["signature_image"] is True
    assert verified_by == f"staff:{staff_id}"
    assert f"staff:{staff_id}" in actors

    # and the kiosk, with its own token, now finds the patient eligible
    with BackendClient(BackendConfig(base_url=counter.backend.base_url,
                                     token=counter.backend.kiosk_token)) as kiosk:
        # the card the counter linked, read by a kiosk with its challenge
        decision = kiosk.eligibility(authenticated_demo_record(kiosk, "first_time"))
    assert decision.eligible and decision.reasons == ()


def test_an_empty_signature_is_refused_and_nothing_is_sent(make_counter):
    counter = make_counter()
    with _staff(counter, "clerk") as staff:
        staff.create_patient(demo_card_record("first_time"), "390")
    counter.sign_in("clerk")
    counter.find("first_time")
    counter.click(counter.window.patient.link_button)
    link = counter.window.link_screen
    link.consent_box.setChecked(True)
    link.identity_box.setChecked(True)
    link.reference.setText("6222****0046")

    counter.click(link.submit_button)
    assert link.problems.text() == cm.problem_text(rules.SIGNATURE_EMPTY)
    draw(link.signature, [(50, 50), (52, 51)])  # a tap is not a signature
    counter.click(link.submit_button)
    assert link.problems.text() == cm.problem_text(rules.SIGNATURE_EMPTY)
    assert counter.window.current_screen() == "link"
    assert not counter.controller.busy
    with counter.db() as db:
        assert db.execute("select count(*) from credit_links where patient_id = ?",
                          (counter.controller.patient.patient.patient_id,)).fetchone()[0] == 0

    link.consent_box.setChecked(False)
    draw(link.signature, SIGNATURE)
    counter.click(link.submit_button)
    assert link.problems.text() == cm.problem_text(rules.CONSENT_MISSING)


@pytest.mark.pcsc
def test_a_card_that_is_not_a_social_security_card_shows_the_card_error(make_counter,
                                                                       virtual_card):
    counter = make_counter()
    virtual_card("eligible", CardBehaviour(not_social_security=True))
    counter.sign_in("clerk")
    counter.click(counter.window.patient.read_card_button)
    counter.wait(lambda: counter.window.message.isVisible())
    counter.idle()
    assert counter.window.message.text() == cm.card_text("unsupported_card")
    assert counter.controller.patient is None and counter.controller.card is None
    assert counter.window.patient.identity_values["ssn"].text() == "—"


def test_paying_the_overdue_debt_removes_the_overdue_reason(make_counter):
    counter = make_counter()
    counter.sign_in("clerk")
    counter.find("not_eligible")
    view = counter.controller.patient
    assert "overdue_debt" in view.eligibility.reasons
    assert "credit_score_low" in view.eligibility.reasons  # the seed's 540 < 600 stays
    screen = counter.window.patient
    # every reason in words, never its code
    assert cm.reason_text("credit_score_low") in screen.reasons.text()
    assert not any(code in screen.reasons.text() for code in view.eligibility.reasons)
    (debt,) = view.open_debts
    assert debt.overdue and debt.amount_fen == 38_650
    assert screen.debts_table.item(0, 4).text() == "OVERDUE"

    screen.channel_combo.setCurrentIndex(screen.channel_combo.findData("cash"))
    counter.click(screen.pay_debt_button)
    confirm = counter.window.debt_confirm
    assert counter.window.current_screen() == "confirm_debt"
    patient = demo_patient("not_eligible")
    shown = "\n".join(w.text() for w in (confirm.patient_line, confirm.debt_line,
                                         confirm.amount, confirm.channel))
    assert "¥386.50" in shown and "cash" in shown and "overdue" in shown
    assert mask_name(patient.name) in shown and patient.name not in shown
    assert patient.ssn not in shown
    assert _debt_status(counter, debt.debt_id) == "open"  # nothing sent on the first click

    counter.click(confirm.cancel_button)  # cancel sends nothing
    assert counter.window.current_screen() == "patient"
    assert _debt_status(counter, debt.debt_id) == "open"

    counter.click(screen.pay_debt_button)
    counter.click(confirm.confirm_button)
    counter.wait(lambda: not counter.controller.patient.open_debts)
    counter.idle()
    assert counter.window.current_screen() == "patient"
    after = counter.controller.patient
    assert "overdue_debt" not in after.eligibility.reasons
    assert after.debts[0].status == "paid"
    with BackendClient(BackendConfig(base_url=counter.backend.base_url,
                                     token=counter.backend.kiosk_token)) as kiosk:
        seen = kiosk.eligibility(demo_card_record("not_eligible"))
    assert "overdue_debt" not in seen.reasons


def test_a_double_click_on_pay_debt_does_not_confirm_it(make_counter):
    counter = make_counter()
    counter.sign_in("clerk")
    counter.find("not_eligible")
    pay = counter.window.patient.pay_debt_button
    where = pay.mapTo(counter.window, pay.rect().center())
    counter.click(pay)
    counter.qtbot.mouseClick(counter.window, Qt.MouseButton.LeftButton, pos=where)
    confirm = counter.window.debt_confirm.confirm_button
    assert not confirm.geometry().translated(
        confirm.parentWidget().mapTo(counter.window, QPoint(0, 0))).contains(where)
    assert counter.window.current_screen() == "confirm_debt"
    assert counter.controller.patient.open_debts  # still open: nothing was sent
    (debt,) = counter.controller.patient.open_debts
    assert _debt_status(counter, debt.debt_id) == "open"


def _debt_status(counter: Counter, debt_id: int) -> str:
    with counter.db() as db:
        return str(db.execute("select status from debts where debt_id = ?",
                              (debt_id,)).fetchone()[0])


def test_a_visit_paid_at_the_counter_then_refunded_by_a_supervisor(make_counter):
    counter = make_counter()
    counter.sign_in("supervisor")
    counter.find("not_eligible")
    screen = counter.window.patient
    code = counter.backend.department_code
    screen.department_combo.setCurrentIndex(screen.department_combo.findData(code))
    counter.click(screen.check_in_button)
    counter.wait(lambda: bool(counter.controller.patient.open_visits))
    counter.idle()
    visit = counter.controller.patient.open_visits[0]
    assert visit.mode == "counter"
    with DepartmentClient(BackendConfig(base_url=counter.backend.base_url,
                                        token=counter.backend.department_token)) as dept:
        dept.post_charge(visit.visit_id, item_code="LAB-CBC", name="血常规", category="lab",
                         insurance_class="A", unit_price_fen=2500, his_order_id="ORD-1")

    counter.click(screen.payment_button)
    counter.wait(lambda: counter.window.current_screen() == "payment")
    payment = counter.window.payment
    assert payment.bill.visit_id == visit.visit_id and payment.bill.split.medfee_sumamt_fen
    counter.click(payment.pay_button)
    counter.wait(lambda: payment.receipt is not None)
    counter.idle()
    settlement = payment.receipt
    with counter.db() as db:
        row = db.execute("select channel, status, idempotency_key from settlements "
                         "where settlement_id = ?", (settlement.settlement_id,)).fetchone()
    entry = counter.station.journal.entry_for_visit(str(visit.visit_id))
    assert row == ("counter", "completed", entry.idempotency_key)  # kept in the journal
    assert entry.state is EntryState.DONE
    assert not payment.pay_button.isEnabled()  # no second payment from this screen

    counter.click(payment.back_button)
    counter.wait(lambda: any(s.settlement_id == settlement.settlement_id
                             for s in counter.controller.patient.settlements))
    counter.idle()
    counter.click(screen.refund_button)
    assert counter.window.current_screen() == "reason"
    counter.click(counter.window.reason.confirm_button)  # no reason yet
    assert counter.window.reason.problem.text() == cm.problem_text(rules.REASON_MISSING)
    counter.window.reason.reason.setText("patient paid twice by mistake")
    counter.click(counter.window.reason.confirm_button)
    counter.wait(lambda: any(s.settlement_id == settlement.settlement_id and s.reversed
                             for s in counter.controller.patient.settlements))
    counter.idle()
    assert counter.window.message.text() == cm.tr(cm.NOTICES[ev.REFUNDED])


def test_a_clerk_may_not_refund(make_counter):
    counter = make_counter()
    settlement = _counter_settlement(counter, "not_eligible")
    counter.sign_in("clerk")
    counter.find("not_eligible")
    screen = counter.window.patient
    assert screen.settlements_table.rowCount() == 1
    counter.click(screen.refund_button)
    counter.window.reason.reason.setText("refund requested")
    counter.click(counter.window.reason.confirm_button)
    counter.wait(lambda: counter.window.message.text() == cm.reason_text("forbidden"))
    counter.idle()
    assert counter.controller.staff is not None  # refused, not signed out
    (row,) = counter.controller.patient.settlements
    assert row.settlement_id == settlement.settlement_id and not row.reversed


def test_the_staff_session_ends_after_inactivity(make_counter):
    counter = make_counter(idle_seconds=1.5)
    counter.sign_in("clerk")
    token = counter.controller.staff.token
    counter.find("eligible")
    assert counter.window.patient.identity_values["name"].text() == demo_patient("eligible").name
    counter.wait(lambda: counter.window.current_screen() == "signin", timeout=10_000)
    assert counter.controller.staff is None and counter.controller.patient is None
    assert counter.window.patient.identity_values["name"].text() == "—"  # nothing left shown
    assert counter.window.signin.message.isVisible()
    # the backend session is ended too: the old token is refused
    config = BackendConfig(base_url=counter.backend.base_url, token=token)
    with BackendClient(config) as old:
        counter.wait(lambda: _refused(old), timeout=10_000)


def _refused(client: BackendClient) -> bool:
    from kiosk.client.errors import BackendRejected

    try:
        client.departments()
    except BackendRejected as err:
        return err.code == "unauthenticated"
    return False


def test_a_wrong_password_is_refused_with_a_message(make_counter):
    counter = make_counter()
    screen = counter.window.signin
    screen.username.setText(counter.backend.credentials["staff"]["clerk"]["username"])
    screen.password.setText("not the password")
    counter.click(screen.sign_in_button)
    counter.wait(lambda: screen.message.text() == cm.reason_text("unauthenticated"))
    assert counter.window.current_screen() == "signin"


def test_sign_out_forgets_the_patient(make_counter):
    counter = make_counter()
    counter.sign_in("clerk")
    counter.find("eligible")
    counter.click(counter.window.sign_out_button)
    assert counter.window.current_screen() == "signin"
    assert counter.controller.patient is None
    assert counter.window.patient.identity_values["ssn"].text() == "—"


def _reason_action(counter: Counter, button, reason: str) -> None:  # type: ignore[no-untyped-def]
    counter.click(button)
    assert counter.window.current_screen() == "reason"
    counter.window.reason.reason.setText(reason)
    counter.click(counter.window.reason.confirm_button)
    counter.idle()


def test_suspend_reinstate_and_unlink_with_a_reason(make_counter):
    clerk = make_counter()
    clerk.sign_in("clerk")
    clerk.find("eligible")
    screen = clerk.window.patient
    _reason_action(clerk, screen.suspend_button, "card reported lost")
    clerk.wait(lambda: clerk.controller.patient.link.status == "suspended")
    assert "link_suspended" in clerk.controller.patient.eligibility.reasons
    assert clerk.controller.patient.link.status_reason == "card reported lost"

    _reason_action(clerk, screen.reinstate_button, "card found")  # a clerk may not
    clerk.wait(lambda: clerk.window.message.text() == cm.reason_text("forbidden"))
    assert clerk.controller.patient.link.status == "suspended"
    clerk.click(clerk.window.sign_out_button)

    clerk.sign_in("supervisor")
    clerk.find("eligible")
    _reason_action(clerk, screen.reinstate_button, "card found")
    clerk.wait(lambda: clerk.controller.patient.link.status == "linked")
    assert clerk.controller.patient.eligibility.decision.value == "eligible"

    _reason_action(clerk, screen.unlink_button, "patient asked to unlink")
    clerk.wait(lambda: clerk.controller.patient.link.status == "unlinked")
    assert clerk.controller.patient.eligibility.decision.value == "not_linked"
    assert screen.link_button.isEnabled()  # may be linked again
    with clerk.db() as db:
        actions = [row[0] for row in db.execute(
            "select action from audit_log where action like 'link.%' order by audit_id")]
    assert actions[-3:] == ["link.suspended", "link.linked", "link.unlinked"]


def test_the_language_switches_live(make_counter):
    counter = make_counter(lang="zh_CN")
    try:
        counter.sign_in("clerk")
        counter.find("not_eligible")
        screen = counter.window.patient
        assert screen.read_card_button.text() == "读卡"
        assert screen.debts_table.item(0, 4).text() == "已逾期"
        counter.click(counter.window.language_button)  # LanguageChange arrives as an event
        counter.wait(lambda: screen.read_card_button.text() == "Read card")
        assert screen.debts_table.item(0, 4).text() == "OVERDUE"
    finally:
        install_language(QApplication.instance(), "en")
