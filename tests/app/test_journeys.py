"""Patient journeys through the real window, the real backend and the virtual card on pcscd.

Every tap is a ``qtbot.mouseClick`` on the real screen's button; the card goes in and out of
the vpcd reader; the backend is the reference server in a child process (stopped and started
again for "backend down"). Waits are ``qtbot.waitUntil``, never sleeps.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from kiosk.card.virtual import CardBehaviour
from kiosk.client import BackendConfig
from kiosk.demo.fixtures import post_demo_charges
from kiosk.flow.session import ConfirmPayment, State, Timing
from tests.app.screens import Taps, receipt_screen_shows, texts, wait_screen

pytestmark = pytest.mark.pcsc


def check_in(qtbot: Any, app: Any, taps: Taps, department: str = "INT") -> Any:
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    taps.tap(screen.tiles[department])
    qtbot.waitUntil(lambda: screen.confirm.isVisible())
    taps.tap(screen.confirm)
    return wait_screen(qtbot, app, State.TICKET)


def take_card(qtbot: Any, app: Any, card: Any) -> None:
    screen = app.window.current_screen()
    Taps(qtbot).tap(screen.done if hasattr(screen, "done") else screen.finish)
    wait_screen(qtbot, app, State.TAKE_CARD)
    card.remove()
    wait_screen(qtbot, app, State.ATTRACT)


def post_charges(backend: Any, visit_id: int) -> None:
    config = BackendConfig(base_url=backend.base_url, token=backend.kiosk_token)
    post_demo_charges(config, backend.department_tokens, visit_id=visit_id)


def to_the_bill(qtbot: Any, app: Any, backend: Any, virtual_card: Any) -> tuple[int, Any]:
    """An eligible patient checks in, takes the card, the departments post charges, the
    patient comes back and taps "pay" on the itinerary: (visit id, the bill screen). The
    card in the reader is ``app.card``."""
    card = virtual_card("eligible", wait=False)
    check_in(qtbot, app, Taps(qtbot))
    visit_id = app.controller.session.view().ticket.visit_id
    take_card(qtbot, app, card)
    post_charges(backend, visit_id)
    app.card = virtual_card("eligible", wait=False)
    Taps(qtbot).tap(wait_screen(qtbot, app, State.ITINERARY).pay)
    return visit_id, wait_screen(qtbot, app, State.BILL)


def test_eligible_journey_check_in_then_settle_with_few_taps(qtbot, kiosk, backend,
                                                           virtual_card) -> None:
    app = kiosk()
    wait_screen(qtbot, app, State.ATTRACT)
    card = virtual_card("eligible", wait=False)
    taps = Taps(qtbot)
    check_in(qtbot, app, taps)
    assert taps.count <= 3
    ticket = app.controller.session.view().ticket
    assert ticket is not None and ticket.department.code == "INT"
    assert str(ticket.ticket_number) in texts(app.window.screens[State.TICKET])
    take_card(qtbot, app, card)
    assert app.controller.session.view().patient is None  # the session's data is wiped

    post_charges(backend, ticket.visit_id)  # the departments post what they did

    card = virtual_card("eligible", wait=False)
    itinerary = wait_screen(qtbot, app, State.ITINERARY)
    view = app.controller.session.view()
    assert view.itinerary is not None and view.itinerary.visit_id == ticket.visit_id
    stops = [s.department.code for s in view.itinerary.stops]
    assert stops and set(stops) <= {"INT", "LAB", "PHA"}
    shown = texts(itinerary)
    assert all(s.department.room in shown for s in view.itinerary.stops)
    taps = Taps(qtbot)
    taps.tap(itinerary.pay)
    bill = wait_screen(qtbot, app, State.BILL)
    split = app.controller.session.view().bill.split
    assert split.medfee_sumamt_fen == (split.fund_pay_sumamt_fen + split.acct_pay_fen
                                       + split.psn_cash_pay_fen)
    taps.tap(bill.pay)
    wait_screen(qtbot, app, State.RECEIPT)
    assert taps.count <= 2
    receipt = app.controller.session.view().receipt
    assert receipt is not None and receipt.visit_id == ticket.visit_id
    assert receipt.split == split and not receipt.from_earlier_session
    receipt_screen_shows(app.window, receipt)
    assert backend.counts(ticket.visit_id)["settlements"] == 1
    take_card(qtbot, app, card)


def test_a_double_tap_on_pay_settles_once(qtbot, kiosk, backend, virtual_card) -> None:
    app = kiosk()
    visit_id, bill = to_the_bill(qtbot, app, backend, virtual_card)
    bill.pay.click()
    bill.pay.click()  # a second tap before the next screen: the button is already off
    app.controller.on_intent(ConfirmPayment())  # and one that arrives anyway
    wait_screen(qtbot, app, State.RECEIPT)
    assert backend.counts(visit_id)["settlements"] == 1


@pytest.mark.parametrize(("key", "state", "code"), [
    ("first_time", State.FIRST_TIME, None),
    ("not_eligible", State.NOT_ELIGIBLE, None),
    ("expired", State.ERROR, "card_expired"),
    ("third_generation", State.ERROR, "secure_module_required"),
])
def test_patients_who_cannot_use_credit_are_told_what_to_do(qtbot, kiosk, virtual_card,
                                                           key, state, code) -> None:
    app = kiosk()
    card = virtual_card(key, wait=False)
    screen = wait_screen(qtbot, app, state)
    assert texts(screen).strip()
    view = app.controller.session.view()
    if code is not None:
        assert view.error is not None and view.error.code == code
        assert not view.error.can_retry and not screen.retry.isVisible()
    take_card(qtbot, app, card)


def test_card_pulled_mid_read(qtbot, kiosk, virtual_card) -> None:
    app = kiosk()
    slow = virtual_card("eligible", CardBehaviour(delay=0.3), wait=False)
    qtbot.waitUntil(lambda: slow.apdu_count >= 1, timeout=10000)
    assert app.controller.session.state == State.READING
    slow.remove()
    wait_screen(qtbot, app, State.ATTRACT)
    assert app.controller.session.view().patient is None
    card = virtual_card("eligible", wait=False)  # the next patient is served normally
    wait_screen(qtbot, app, State.CHECK_IN)
    card.remove()
    wait_screen(qtbot, app, State.ATTRACT)


def test_card_pulled_mid_journey(qtbot, kiosk, virtual_card) -> None:
    app = kiosk()
    card = virtual_card("eligible", wait=False)
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    Taps(qtbot).tap(screen.tiles["INT"])
    card.remove()
    wait_screen(qtbot, app, State.ATTRACT)
    view = app.controller.session.view()
    assert view.patient is None and view.eligibility is None and view.selected_department is None
    assert "林" not in app.window.top_bar.patient.text()


def test_backend_down_at_each_step_then_retry(qtbot, kiosk, backend, virtual_card) -> None:
    app = kiosk()
    taps = Taps(qtbot)
    # 1. eligibility
    backend.stop()
    card = virtual_card("eligible", wait=False)
    error = wait_screen(qtbot, app, State.ERROR)
    assert app.controller.session.view().error.source == "backend"
    backend.start()
    taps.tap(error.retry)
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    # 2. check-in
    taps.tap(screen.tiles["INT"])
    backend.stop()
    taps.tap(screen.confirm)
    error = wait_screen(qtbot, app, State.ERROR)
    backend.start()
    taps.tap(error.retry)
    wait_screen(qtbot, app, State.TICKET)
    visit_id = app.controller.session.view().ticket.visit_id
    take_card(qtbot, app, card)
    post_charges(backend, visit_id)
    # 3. the bill
    card = virtual_card("eligible", wait=False)
    itinerary = wait_screen(qtbot, app, State.ITINERARY)
    backend.stop()
    taps.tap(itinerary.pay)
    error = wait_screen(qtbot, app, State.ERROR)
    backend.start()
    taps.tap(error.retry)
    bill = wait_screen(qtbot, app, State.BILL)
    # 4. the settlement: never a second payment, "being confirmed" until the backend is back
    backend.stop()
    taps.tap(bill.pay)
    qtbot.waitUntil(lambda: app.controller.session.view().confirming, timeout=20000)
    settling = app.window.screens[State.SETTLING]
    qtbot.waitUntil(lambda: app.window.current_screen() is settling, timeout=2000)
    backend.start()
    wait_screen(qtbot, app, State.RECEIPT, timeout=30000)
    assert backend.counts(visit_id) == {"settlements": 1, "charges": 0}  # all from the account
    take_card(qtbot, app, card)


class FakeClock:
    """Monotonic time the test moves forward (the controller's ticks read it)."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


def test_idle_timeout_warns_can_be_extended_then_ends_the_session(qtbot, kiosk,
                                                                   virtual_card) -> None:
    clock = FakeClock()
    app = kiosk(timing=Timing(idle_seconds=30, warning_seconds=20), clock=clock,
                tick_seconds=0.05)
    card = virtual_card("eligible", wait=False)
    wait_screen(qtbot, app, State.CHECK_IN)
    overlay = app.window.idle_overlay
    assert not overlay.isVisible()
    clock.now += 31
    qtbot.waitUntil(overlay.isVisible, timeout=5000)
    assert app.controller.session.view().seconds_left <= 20
    Taps(qtbot).tap(overlay.button)  # "More time"
    qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=5000)
    clock.now += 31
    qtbot.waitUntil(overlay.isVisible, timeout=5000)  # warned again, can extend again
    assert app.controller.session.state == State.CHECK_IN
    clock.now += 21
    wait_screen(qtbot, app, State.TAKE_CARD)
    assert not overlay.isVisible() and app.controller.session.view().patient is None
    card.remove()
    wait_screen(qtbot, app, State.ATTRACT)


def test_language_switch_on_the_screens_of_a_journey(qtbot, kiosk, virtual_card) -> None:
    app = kiosk()
    window = app.window
    card = virtual_card("eligible", wait=False)
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    chinese = texts(screen)
    Taps(qtbot).tap(window.top_bar.language_button)
    qtbot.waitUntil(lambda: "Internal medicine" in texts(screen), timeout=5000)
    assert window.language() == "en" and texts(screen) != chinese
    Taps(qtbot).tap(window.top_bar.language_button)
    qtbot.waitUntil(lambda: "内科" in texts(screen), timeout=5000)
    assert window.language() == "zh_CN"
    card.remove()
    wait_screen(qtbot, app, State.ATTRACT)
