"""The patient is never stuck and never misled (issue 14), on the real window: the tap guard,
a fresh start for every patient, and the honest words of each screen. Views come from a real
flow Session (kiosk.flow.samples); taps are real mouse clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flow import samples
from kiosk.flow import session as fs
from kiosk.flow.models import ItineraryView, Stop
from kiosk.flow.session import State
from kiosk.qt import theme
from tests.ui.conftest import LANDSCAPE, all_text, show, visible_texts

VIEWS = samples.every_screen()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_double_tap_on_pay_does_not_land_on_the_receipt(qtbot, make_window):
    # defect 1: the second tap landed on the receipt's "完成", where "确认支付" was
    clock = Clock()
    window = make_window(clock=clock, tap_guard=0.5)
    intents: list[object] = []
    window.intent.connect(intents.append)
    session = samples.bill()
    show(window, session)
    clock.now += 2.0  # the patient reads the bill
    qtbot.mouseClick(window.current_screen().pay, Qt.MouseButton.LeftButton)
    assert intents == [fs.ConfirmPayment()]
    session.handle(fs.ConfirmPayment())
    show(window, session)  # paying…
    clock.now += 0.012
    session.handle(fs.SettlementFinished(session.generation, samples.RECEIPT))
    show(window, session)  # the receipt, 12 ms later
    clock.now += 0.1  # the second tap of the double tap
    receipt = window.current_screen()
    qtbot.mouseClick(receipt.done, Qt.MouseButton.LeftButton)
    assert intents == [fs.ConfirmPayment()] and window.current_screen() is receipt
    clock.now += 0.5  # a deliberate tap later is taken
    qtbot.mouseClick(receipt.done, Qt.MouseButton.LeftButton)
    assert intents == [fs.ConfirmPayment(), fs.Finish()]


def test_the_next_patient_starts_in_the_kiosks_language_and_text_size(qtbot, make_window):
    # defect 4: language and large text carried over to the next patient
    window = make_window()
    show(window, samples.check_in())
    qtbot.mouseClick(window.top_bar.language_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_bar.large_button, Qt.MouseButton.LeftButton)
    assert window.language() == "en" and window.large_text()
    qtbot.waitUntil(lambda: "Where would you like to check in?" in all_text(window))
    take = samples.take_card()
    show(window, take)  # the session timed out or the patient tapped "done"
    take.handle(fs.CardRemoved(samples.READER))
    show(window, take)  # the card came out
    assert window.language() == "zh_CN" and not window.large_text()
    assert "请插入您的医保卡" in all_text(window)
    assert window.styleSheet() == theme.stylesheet(False)


def test_an_eligible_patient_is_told_the_outcome_and_the_credit(window):
    # defect 8: an eligible patient was never told the outcome or the credit available
    show(window, VIEWS[State.CHECK_IN])
    assert "您可以先看病，最后一次付清。可用额度：¥2,000.00" in all_text(window)


def test_an_overdue_debt_is_told_with_its_amount_and_where_to_pay(window):
    # defect 5: the patient was told to pay at the counter without the amount
    show(window, samples.not_eligible())
    text = all_text(window)
    assert "应付金额：¥386.50。请到一楼大厅收费处 1 号窗口。" in text
    assert "工作人员会告诉您金额" not in text


def test_nothing_to_pay_says_so_and_a_declined_payment_is_not_green(window):
    # defect 8: "确认支付 ¥0.00", and "您需支付" green on a declined-payment receipt
    show(window, samples.nothing_to_pay())
    text = all_text(window)
    assert "确认结算 · 无需另付" in text and "确认支付 ¥0.00" not in text
    show(window, samples.receipt(declined=True))
    split = window.current_screen().split
    roles = {label.text(): label.property("role") for label in split.findChildren(type(
        window.current_screen().title)) if label.isVisible()}
    assert roles["您需支付"] == "alert"
    show(window, samples.receipt())
    split = window.current_screen().split
    roles = {label.text(): label.property("role") for label in split.findChildren(type(
        window.current_screen().title)) if label.isVisible()}
    assert roles["您需支付"] == "good"


def test_the_itinerary_never_says_no_wait_with_people_ahead(window):
    # defect 7: "无需等候 · 前面 5 人"
    session = samples.itinerary()
    lab = samples.LAB
    session.handle(fs.ItineraryReceived(session.generation, ItineraryView(
        7, (Stop(lab, 5, 4, 0, ("血常规",)),), 4)))
    show(window, session)
    text = all_text(window)
    assert "前面 5 人" in text and "无需等候" not in text


def test_departments_are_sorted_by_pinyin_in_chinese_not_by_english(window):
    # defect 7: departments sorted by English name in Chinese (心电图室 first)
    show(window, VIEWS[State.CHECK_IN])
    tiles = [t.text().split("\n")[0] for t in window.current_screen().tiles.values()]
    assert tiles == ["儿科", "口腔科", "内科", "外科", "眼科", "中医科"]


def test_out_of_service_is_on_the_attract_screen(window):
    # defect 9: the kiosk said it could not reach the hospital system only after a card
    show(window, samples.out_of_service())
    text = all_text(window)
    assert "暂停服务" in text and "本机暂时连不上医院系统" in text
    assert "请到一楼大厅收费处 1 号窗口。" in text
    assert not window.current_screen().art.isVisible()
    show(window, samples.attract())
    assert "暂停服务" not in all_text(window)


def test_pending_payment_and_not_paid_say_what_became_of_the_money(make_window):
    # defects 2 and 6: a pending payment spun for ever; a pulled card said nothing
    window = make_window(LANDSCAPE)
    show(window, samples.payment_pending())
    text = all_text(window)
    assert "绝不会重复扣费" in text and "您的查询号：V000007" in text and "1 号窗口" in text
    assert "完成" in visible_texts(window.current_screen().action_bar)
    show(window, samples.payment_pending(card_in=False))
    assert "V000007" in all_text(window)
    show(window, samples.not_paid())
    assert "没有扣任何费用" in all_text(window)
