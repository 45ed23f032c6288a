"""Every journey by keypad only (issue 15, items 1-3): arrows, Enter, Back and Help, in care
mode with voice on. At every screen: care mode's sizes (body text >= 36 px, headings >= 56 px,
targets >= 120 px), its contrast (>= 7:1), nothing clipped or off screen, the focus ring
drawn around the focused control, and the voice saying the screen (never the patient's name
or ID)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.domain.card import CardErrorCode
from kiosk.domain.reasons import Decision
from kiosk.flow import samples
from kiosk.flow import session as fs
from kiosk.flow.models import EligibilityView, OpenVisit, Ticket
from kiosk.flow.session import Session, State
from kiosk.qt import theme
from kiosk.ui import spoken
from tests.ui.conftest import LANDSCAPE, PORTRAIT, settle
from tests.ui.test_fit import misfits
from tests.ui.test_layout import clipped

ANSWERS = {
    fs.CheckIn: lambda g: [fs.CheckedIn(g, Ticket(7, 15, samples.INT))],
    fs.LoadItinerary: lambda g: [fs.ItineraryReceived(g, samples.ITINERARY)],
    fs.LoadBill: lambda g: [fs.BillReceived(g, samples.BILL)],
    fs.Settle: lambda g: [fs.SettlementFinished(g, samples.RECEIPT)],
    fs.CheckEligibility: lambda g: [
        fs.EligibilityReceived(g, samples.eligible(), samples.DEPARTMENTS)],
}


class Kiosk:
    """A window in front of a real session; effects answered as the runner would."""

    def __init__(self, window, qtbot, speaker) -> None:
        self.window, self.qtbot, self.speaker = window, qtbot, speaker
        self.session = Session()
        self.help_requests: list[fs.RequestHelp] = []
        window.intent.connect(self.feed)
        self.show()

    def feed(self, event) -> None:
        for effect in self.session.handle(event):
            if isinstance(effect, fs.RequestHelp):
                self.help_requests.append(effect)
            answer = ANSWERS.get(type(effect))
            for result in answer(self.session.generation) if answer else ():
                self.session.handle(result)
        self.show()

    def show(self) -> None:
        self.window.show_view(self.session.view())
        settle()

    def insert(self, eligibility: EligibilityView | None = None) -> None:
        self.feed(fs.CardInserted(samples.READER))  # the read is answered here, by hand
        self.feed(fs.CardReadOk(self.session.generation, samples.RECORD, today=samples.TODAY))
        self.feed(fs.EligibilityReceived(self.session.generation,
                                         eligibility or samples.eligible(), samples.DEPARTMENTS))

    def key(self, key: Qt.Key) -> None:
        self.qtbot.keyClick(self.window, key)
        settle()
        check_screen(self.window)

    def focus_on(self, text: str) -> QPushButton:
        """Arrow down until the focus is on the control whose label holds ``text``; then the
        voice must be saying it."""
        for _ in range(60):
            self.key(Qt.Key.Key_Down)
            focused = self.window.keypad.focused
            if focused is not None and text in focused.text():
                if self.session.view().voice:
                    assert " ".join(text.split()) in self.speaker.last_text
                return focused
        raise AssertionError(f"no control {text!r} reachable by arrows: "
                             f"{[b.text() for b in self.window.keypad.ordered()]}")

    def press(self, text: str) -> None:
        self.focus_on(text)
        self.key(Qt.Key.Key_Return)

    @property
    def state(self) -> State:
        return self.session.state


def check_screen(window) -> None:
    """Care mode's rules on what is shown now."""
    view = window._view
    problems = misfits(window) + clipped(window)
    assert not problems, (view.state, problems)
    if not view.care:
        return
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text():
            size = label.font().pixelSize()
            assert size >= theme.CARE.body, (label.text()[:30], size)
            if label.property("role") in ("title", "display"):
                assert size >= 56, (label.text()[:30], size)
    for control in window.findChildren(QPushButton):
        if control.isVisible() and control.text():
            assert control.height() >= 120, (control.text()[:30], control.height())
            assert control.font().pixelSize() >= theme.CARE.body, control.text()[:30]
    focused = window.keypad.focused
    if focused is not None and focused.isVisible():
        ring = window.focus_ring
        assert ring.isVisible()
        where = QRect(focused.mapTo(ring.parentWidget(), QPoint(0, 0)), focused.size())
        assert ring.geometry().contains(where.intersected(ring.parentWidget().rect()))
        assert ring.geometry().width() > where.width()  # drawn around it, not under it


def test_care_palette_has_contrast_of_at_least_7_to_1():
    for foreground, background in theme.CONTRAST_PAIRS:
        ratio = theme.contrast_ratio(theme.CARE_PALETTE[foreground],
                                     theme.CARE_PALETTE[background])
        assert ratio >= 7, (foreground, background, ratio)
    assert theme.CARE.body >= 36 and theme.CARE.title >= 56 and theme.CARE.display >= 56
    assert theme.CARE.button_height >= 120 and theme.CARE.bar_button_height >= 120


@pytest.fixture(params=[("zh_CN", PORTRAIT), ("en", LANDSCAPE)],
                ids=["zh-portrait", "en-landscape"])
def kiosk(request, make_window, qtbot, speaker) -> Kiosk:
    lang, size = request.param
    window = make_window(size, language=lang, speaker=speaker)
    kiosk = Kiosk(window, qtbot, speaker)
    # Care mode from the attract screen's big button, by keypad: voice comes on with it.
    assert kiosk.state == State.ATTRACT
    kiosk.press(window.screens[State.ATTRACT].care.text())
    assert kiosk.session.view().care and kiosk.session.view().voice
    check_screen(window)
    return kiosk


def names(kiosk: Kiosk) -> tuple[str, str]:
    return samples.RECORD.name, samples.RECORD.ssn


def test_check_in_journey_by_keypad(kiosk):
    w = kiosk.window
    kiosk.insert()
    assert kiosk.state == State.CHECK_IN
    kiosk.key(Qt.Key.Key_F1)  # help: the keys, then the screen
    assert "Enter" in kiosk.speaker.last_text or "确认键" in kiosk.speaker.last_text
    tile = w.screens[State.CHECK_IN].tiles["INT"]
    kiosk.press(tile.text().splitlines()[0])
    assert kiosk.session.view().selected_department == samples.INT
    kiosk.key(Qt.Key.Key_Escape)  # Back: choose again
    assert kiosk.session.view().selected_department is None
    kiosk.press(tile.text().splitlines()[0])
    kiosk.press(w.screens[State.CHECK_IN].confirm.text())
    assert kiosk.state == State.TICKET
    said = kiosk.speaker.last_text
    assert "15" in said and samples.INT.room in said  # number, department, floor, room
    kiosk.press(w.screens[State.TICKET].done.text())
    assert kiosk.state == State.TAKE_CARD
    kiosk.feed(fs.CardRemoved(samples.READER))
    assert kiosk.state == State.ATTRACT and not kiosk.session.view().care  # reset
    for secret in names(kiosk):
        assert secret not in kiosk.speaker.last_text


def test_pay_journey_by_keypad(kiosk):
    w = kiosk.window
    kiosk.insert(samples.eligible([OpenVisit(7, "INT", 15, 38_650)]))
    assert kiosk.state == State.ITINERARY
    kiosk.press(w.screens[State.ITINERARY].pay.text())
    assert kiosk.state == State.BILL
    kiosk.key(Qt.Key.Key_Backspace)  # Back to the stops
    assert kiosk.state == State.ITINERARY
    kiosk.press(w.screens[State.ITINERARY].pay.text())
    kiosk.focus_on(w.screens[State.BILL].pay.text())
    assert ("九十五元三角" in kiosk.speaker.last_text
            or "ninety-five yuan" in kiosk.speaker.last_text
            or kiosk.window.screens[State.BILL].pay.text() in kiosk.speaker.last_text)
    kiosk.key(Qt.Key.Key_Return)
    assert kiosk.state == State.RECEIPT
    kiosk.press(w.screens[State.RECEIPT].done.text())
    assert kiosk.state == State.TAKE_CARD


@pytest.mark.parametrize("ending", ["first_time", "not_eligible", "card_error"])
def test_the_other_endings_by_keypad(kiosk, ending):
    w = kiosk.window
    if ending == "card_error":
        kiosk.feed(fs.CardInserted(samples.READER))
        kiosk.feed(fs.CardReadFailed(kiosk.session.generation,
                                     CardErrorCode.CARD_UNRESPONSIVE))
        assert kiosk.state == State.ERROR
        assert w.screens[State.ERROR].guide.isVisible()  # which way the card goes in
        kiosk.press(w.screens[State.ERROR].retry.text())
        assert kiosk.state == State.READING  # read again
        kiosk.feed(fs.CardReadOk(kiosk.session.generation, samples.RECORD))
        kiosk.feed(fs.EligibilityReceived(kiosk.session.generation, samples.eligible(),
                                          samples.DEPARTMENTS))
        assert kiosk.state == State.CHECK_IN
        return
    decision = Decision.NOT_LINKED if ending == "first_time" else Decision.NOT_ELIGIBLE
    kiosk.insert(EligibilityView(decision, ("not_linked",) if ending == "first_time"
                                 else ("overdue_debt",), None, None, None))
    assert kiosk.state in (State.FIRST_TIME, State.NOT_ELIGIBLE)
    kiosk.key(Qt.Key.Key_Escape)  # Back = the way out
    assert kiosk.state == State.TAKE_CARD


def test_idle_warning_by_keypad(kiosk):
    kiosk.insert()
    now = time.monotonic()
    kiosk.feed(fs.ExtendTime(now=now))
    kiosk.feed(fs.Tick(now + 121))
    assert kiosk.session.view().idle_warning  # care mode: after two minutes, not one
    assert kiosk.window.keypad.ordered() == [kiosk.window.idle_overlay.button]
    kiosk.press(kiosk.window.idle_overlay.button.text())
    assert not kiosk.session.view().idle_warning


def test_voice_is_switched_from_the_top_bar_and_repeats(make_window, qtbot, speaker):
    window = make_window(PORTRAIT, speaker=speaker)
    kiosk = Kiosk(window, qtbot, speaker)
    kiosk.insert()
    asked = speaker.asked
    kiosk.press(window.top_bar.voice_button.text())
    assert kiosk.session.view().voice and not kiosk.session.view().care
    assert speaker.asked > asked
    asked = speaker.asked
    kiosk.press(window.top_bar.repeat_button.text())
    assert speaker.asked > asked + 1  # the button's name, then the screen again
    assert speaker.last_text == spoken.prompt(kiosk.session.view())


def test_the_care_offer_is_taken_with_one_key_press(make_window, qtbot, speaker):
    window = make_window(PORTRAIT, speaker=speaker)
    kiosk = Kiosk(window, qtbot, speaker)
    kiosk.insert()  # the sample patient is 70
    assert window.care_offer.isVisible()
    kiosk.press(window.care_offer.button.text())
    assert kiosk.session.view().care and not window.care_offer.isVisible()
