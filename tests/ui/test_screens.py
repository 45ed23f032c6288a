"""Every screen, driven like a patient drives it: the right screen for each state, its texts,
each button's intent, live language switching, large text, busy, idle warning, few taps.

Views come from a real kiosk.flow Session driven with events (kiosk.flow.samples); clicks are
real mouse clicks on real buttons."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton

from kiosk.domain.card import CardErrorCode
from kiosk.flow import samples
from kiosk.flow import session as fs
from kiosk.flow.models import Ticket
from kiosk.flow.session import State
from kiosk.qt import theme
from kiosk.qt.qr import qr_image
from tests.ui.conftest import LANDSCAPE, all_text, find_button, settle, show, visible_texts

VIEWS = samples.every_screen()

# (a text in Chinese, the same text in English) that each screen must show
KEY_TEXTS = {
    State.ATTRACT: ("请插入您的医保卡", "Please insert your medical insurance card"),
    State.READING: ("正在查询…", "Checking…"),
    State.CHECK_IN: ("您要去哪个科室报到？", "Where would you like to check in?"),
    State.TICKET: ("您的号码", "Your number"),
    State.ITINERARY: ("您接下来要去", "Your next stops"),
    State.BILL: ("确认支付 ¥95.30", "Confirm and pay ¥95.30"),
    State.SETTLING: ("正在确认您的付款，请不要重复付款。",
                     "Your payment is being confirmed. Please do not pay again."),
    State.PAYMENT_PENDING: ("您的付款正在确认中", "Your payment is being confirmed"),
    State.NOT_PAID: ("尚未付款", "Not paid yet"),
    State.RECEIPT: ("结算单号：4021", "Settlement number: 4021"),
    State.FIRST_TIME: ("请到收费窗口开通一次", "Please go to the payment counter once"),
    State.NOT_ELIGIBLE: ("您仍然可以照常看病", "You can still be seen the traditional way"),
    State.ERROR: ("您的卡读不出来", "Your card could not be read"),
    State.TAKE_CARD: ("请取走您的卡", "Please take your card"),
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def click(qtbot, window, text: str) -> object:
    button = find_button(window, text)
    with qtbot.waitSignal(window.intent, timeout=2000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (intent,) = blocker.args
    return intent


@pytest.mark.parametrize("state", list(State))
def test_each_state_shows_its_own_screen_in_chinese_by_default(window, state):
    assert window.language() == "zh_CN"
    show(window, VIEWS[state])
    assert window.current_screen() is window.screens[state]
    assert window.stack.currentWidget().objectName() == f"screen_{state.value}"
    zh, _ = KEY_TEXTS[state]
    assert zh in all_text(window)


@pytest.mark.parametrize("state", list(State))
def test_language_switches_live_on_every_screen(qtbot, window, state):
    show(window, VIEWS[state])
    chinese = visible_texts(window)
    zh, en = KEY_TEXTS[state]
    qtbot.mouseClick(find_button(window.top_bar, "English"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: en in all_text(window))
    assert window.language() == "en" and zh not in all_text(window)
    english = visible_texts(window)
    assert english != chinese
    assert find_button(window.top_bar, "中文") and find_button(window.top_bar, "Large text")
    assert window.current_screen() is window.screens[state]  # still the same screen
    qtbot.mouseClick(find_button(window.top_bar, "中文"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: zh in all_text(window))
    settle()
    assert window.language() == "zh_CN"
    assert sorted(visible_texts(window)) == sorted(chinese)


def test_the_fixed_texts_of_a_screen_are_fully_english_after_switching(qtbot, window):
    show(window, VIEWS[State.ERROR])
    window.set_language("en")
    settle()
    assert not [t for t in visible_texts(window) if CJK.search(t) and t != "中文"]


def test_the_top_bar_shows_only_the_masked_patient(window):
    view = show(window, VIEWS[State.CHECK_IN])
    text = all_text(window)
    assert view.patient.masked_name in text and view.patient.masked_id in text
    assert samples.RECORD.name not in text and samples.RECORD.ssn not in text
    show(window, VIEWS[State.ATTRACT])
    assert view.patient.masked_id not in all_text(window)


def test_check_in_buttons(qtbot, window):
    show(window, VIEWS[State.CHECK_IN])
    assert click(qtbot, window, "今天的预约：09:30 内科") == fs.ChooseAppointment(3)
    assert click(qtbot, window, "外科") == fs.ChooseDepartment("SUR")
    assert click(qtbot, window, "结束") == fs.Finish()
    closed = find_button(window, "口腔科")
    assert not closed.isEnabled() and "暂停看诊" in closed.text()
    inside = find_button(window, "内科\nA栋")
    assert "A栋 2楼 A-201室" in inside.text() and "约等 24 分钟" in inside.text()


def test_choosing_a_department_asks_to_confirm(qtbot, window):
    show(window, samples.check_in(selected="INT"))
    assert "确定去内科报到吗？" in all_text(window)
    assert click(qtbot, window, "确认") == fs.ConfirmCheckIn()
    assert click(qtbot, window, "返回") == fs.Back()


def test_ticket_screen(qtbot, window):
    show(window, VIEWS[State.TICKET])
    text = all_text(window)
    assert "15" in visible_texts(window) and "内科" in text and "A栋 2楼 A-201室" in text
    assert "约等 24 分钟" in text and "报到成功" in text
    assert click(qtbot, window, "完成") == fs.Finish()
    show(window, samples.ticket(already=True))
    assert "您已经报到过了" in all_text(window)


def test_itinerary_shows_stops_in_the_backends_order(qtbot, window):
    show(window, VIEWS[State.ITINERARY])
    text = all_text(window)
    first, second, third = (text.index(f"{n}. {name}") for n, name in
                            ((1, "检验科"), (2, "放射科"), (3, "内科")))
    assert first < second < third
    assert "B栋 1楼 B-105室" in text and "血常规、C反应蛋白" in text and "约等 9 分钟" in text
    assert click(qtbot, window, "现在付费") == fs.ShowBill()
    assert click(qtbot, window, "完成") == fs.Finish()
    show(window, samples.itinerary(empty=True))
    assert "您已看完，现在可以付费。" in all_text(window)


def test_bill_groups_by_department_and_category_and_shows_the_split(qtbot, window):
    show(window, VIEWS[State.BILL])
    text = all_text(window)
    assert text.index("内科") < text.index("检验科") < text.index("放射科")
    assert "药品费" in text and "¥49.50" in text  # two medicines summed in one row
    assert "阿莫西林胶囊 ×2、复方甘草片" in text
    for label_text, amount in (("总费用", "¥386.50"), ("医保支付", "¥241.20"),
                               ("个人账户支付", "¥50.00"), ("您需支付", "¥95.30")):
        assert label_text in text and amount in text
    pay_buttons = [b for b in window.current_screen().findChildren(QPushButton)
                   if b.isVisible() and "确认支付" in b.text()]
    assert len(pay_buttons) == 1  # ONE pay button
    assert "费用有变化" not in text
    assert click(qtbot, window, "返回") == fs.Back()
    assert click(qtbot, window, "确认支付 ¥95.30") == fs.ConfirmPayment()


def test_changed_bill_shows_a_notice(window):
    show(window, samples.bill(changed=True))
    assert "费用有变化，请核对新的金额。" in all_text(window)


def test_settling_says_paying_then_do_not_pay_again(window):
    show(window, samples.settling())
    assert "正在付款…" in all_text(window)
    assert "请不要重复付款" not in all_text(window)
    assert not [b for b in window.current_screen().findChildren(QPushButton) if b.isVisible()]
    show(window, samples.settling(confirming=True))
    notice = [w for w in window.current_screen().findChildren(QLabel)
              if w.isVisible() and "请不要重复付款" in w.text()]
    assert len(notice) == 1 and notice[0].property("role") == "notice"


def test_receipt_shows_number_split_and_a_qr_code_of_the_reference(qtbot, window):
    view = show(window, VIEWS[State.RECEIPT])
    text = all_text(window)
    assert "付款成功" in text and "结算单号：4021" in text and "¥95.30" in text
    assert "还需支付" not in text
    qr = window.current_screen().qr
    assert qr.isVisible() and qr.data == view.receipt.receipt_reference
    # the pixels are segno's matrix for that reference, module by module
    image = qr.pixmap().toImage()
    expected = qr_image(view.receipt.receipt_reference, scale=8)
    assert image.size() == expected.size()
    import segno

    matrix = segno.make(view.receipt.receipt_reference, error="m").matrix
    for row in range(len(matrix)):
        for col in range(len(matrix)):
            pixel = image.pixelColor((col + 4) * 8 + 4, (row + 4) * 8 + 4)
            assert (pixel.lightness() < 128) == bool(matrix[row][col])
    assert click(qtbot, window, "完成") == fs.Finish()


def test_declined_payment_shows_the_debt_notice(window):
    show(window, samples.receipt(declined=True))
    text = all_text(window)
    assert "已结算，但扣款没有成功" in text
    assert "还需支付 ¥95.30，请在 2026-06-30 前到收费窗口付清。" in text


def test_first_time_and_not_eligible(qtbot, window):
    show(window, VIEWS[State.FIRST_TIME])
    text = all_text(window)
    assert "您的卡还没有开通“先看病后付费”。" in text and "收费窗口在一楼大厅。" in text
    assert click(qtbot, window, "完成") == fs.Finish()
    show(window, VIEWS[State.NOT_ELIGIBLE])
    text = all_text(window)
    assert "您今天的信用分低于这个分数" in text
    assert "您以前有一笔费用已过期" in text
    assert text.count("您仍然可以照常看病") == 1
    assert click(qtbot, window, "完成") == fs.Finish()


def test_error_screen_offers_retry_only_when_it_can_help(qtbot, window):
    show(window, samples.card_error(CardErrorCode.CARD_UNRESPONSIVE))
    assert click(qtbot, window, "再试一次") == fs.Retry()
    assert click(qtbot, window, "结束") == fs.Finish()
    show(window, samples.card_error(CardErrorCode.SECURE_MODULE_REQUIRED))
    text = all_text(window)
    assert "这张卡的信息只能在窗口读取。" in text and "医保电子凭证二维码" in text
    assert "再试一次" not in text
    show(window, samples.backend_error("offline"))
    assert "连不上医院系统" in all_text(window)
    assert click(qtbot, window, "再试一次") == fs.Retry()


def test_busy_view_says_please_wait_and_disables_the_buttons(qtbot, window):
    s = samples.check_in(selected="INT")
    s.handle(fs.ConfirmCheckIn())
    view = show(window, s)
    assert view.busy and "请稍等…" in all_text(window)
    buttons = [b for b in window.current_screen().findChildren(QPushButton) if b.isVisible()]
    assert buttons and not any(b.isEnabled() for b in buttons)
    with qtbot.assertNotEmitted(window.intent):
        qtbot.mouseClick(find_button(window, "确认"), Qt.MouseButton.LeftButton)
    s.handle(fs.CheckedIn(s.generation, Ticket(7, 15, samples.INT)))
    show(window, s)
    assert "请稍等…" not in all_text(window)
    assert find_button(window, "完成").isEnabled()


def test_idle_warning_counts_down_and_more_time_extends(qtbot, window):
    show(window, samples.idle_warning())
    overlay = window.idle_overlay
    assert overlay.isVisible() and overlay.geometry() == window.centralWidget().rect()
    assert "您还需要更多时间吗？" in all_text(window) and "26 秒后将自动结束。" in all_text(window)
    assert click(qtbot, window, "需要，继续") == fs.ExtendTime()
    window.set_language("en")
    settle()
    assert "This screen will close in 26 seconds." in all_text(window)
    s = samples.idle_warning()
    s.handle(fs.ExtendTime(now=65.0))
    show(window, s)
    assert not overlay.isVisible()


def test_a_countdown_tick_does_not_rebuild_the_buttons(window):
    s = samples.idle_warning()
    show(window, s)
    tile = find_button(window, "外科")
    s.handle(fs.Tick(70.0))
    show(window, s)
    assert find_button(window, "外科") is tile
    assert "20 秒后将自动结束。" in all_text(window)


def _label_sizes(screen) -> dict[str, int]:
    return {w.text(): w.font().pixelSize() for w in screen.findChildren(QLabel)
            if w.isVisible() and w.text()}


@pytest.mark.parametrize("state", list(State))
def test_large_text_enlarges_fonts_and_buttons_stay_big(qtbot, window, state):
    show(window, VIEWS[state])
    screen = window.current_screen()
    normal = _label_sizes(screen)
    assert normal and min(normal.values()) >= theme.NORMAL.small >= 24
    for button in window.findChildren(QPushButton):
        if button.isVisible():
            assert button.height() >= 88, button.text()
    qtbot.mouseClick(find_button(window.top_bar, "大字"), Qt.MouseButton.LeftButton)
    settle()
    assert window.large_text() and window.top_bar.large_button.isChecked()
    assert window.current_screen() is screen
    large = _label_sizes(screen)
    assert large.keys() == normal.keys()
    for text, size in large.items():
        assert size >= theme.LARGE.small >= 32 and size > normal[text], text
    for button in window.findChildren(QPushButton):
        if button.isVisible():
            assert button.height() >= 88 and button.font().pixelSize() >= 32, button.text()
    window.set_large_text(False)
    settle()
    assert not window.top_bar.large_button.isChecked()
    assert _label_sizes(screen) == normal


def test_layouts_reflow_between_portrait_and_landscape(make_window):
    window = make_window()
    show(window, VIEWS[State.BILL])
    bill = window.current_screen()
    assert bill.content.direction() == QBoxLayout.Direction.TopToBottom
    window.resize(*LANDSCAPE)
    settle()
    assert bill.content.direction() == QBoxLayout.Direction.LeftToRight
    show(window, VIEWS[State.CHECK_IN])
    wide = window.current_screen()._columns
    window.resize(1080, 1920)
    settle()
    assert window.current_screen()._columns <= wide


class Loop:
    """Wires the window to a real Session the way the controller does; counts the taps."""

    def __init__(self, qtbot, window, session):
        self.qtbot, self.window, self.session = qtbot, window, session
        self.effects: list[object] = []
        self.taps = 0
        window.intent.connect(self.on_intent)
        show(window, session)

    def on_intent(self, intent) -> None:
        self.effects += self.session.handle(intent)
        self.window.show_view(self.session.view())

    def tap(self, text: str) -> None:
        self.taps += 1
        self.qtbot.mouseClick(find_button(self.window, text), Qt.MouseButton.LeftButton)
        settle()

    def feed(self, event) -> None:
        self.effects += self.session.handle(event)
        show(self.window, self.session)


def test_an_eligible_patient_checks_in_within_three_taps(qtbot, window):
    loop = Loop(qtbot, window, samples.check_in(appointment=False))
    loop.tap("内科")
    loop.tap("确认")
    (check_in,) = loop.effects
    assert isinstance(check_in, fs.CheckIn) and check_in.department_code == "INT"
    loop.feed(fs.CheckedIn(loop.session.generation, Ticket(7, 15, samples.INT)))
    assert window.current_screen() is window.screens[State.TICKET] and loop.taps <= 3


def test_todays_appointment_checks_in_with_one_tap(qtbot, window):
    loop = Loop(qtbot, window, samples.check_in(appointment=True))
    loop.tap("今天的预约")
    assert [type(e) for e in loop.effects] == [fs.CheckIn] and loop.taps == 1


def test_a_returning_patient_settles_in_two_taps_and_a_double_tap_pays_once(qtbot, window):
    loop = Loop(qtbot, window, samples.itinerary())
    loop.tap("现在付费")
    loop.feed(fs.BillReceived(loop.session.generation, samples.BILL))
    pay = find_button(window, "确认支付 ¥95.30")
    loop.taps += 1
    qtbot.mouseClick(pay, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pay, Qt.MouseButton.LeftButton)  # the second tap of a double tap
    qtbot.mouseDClick(pay, Qt.MouseButton.LeftButton)
    settles = [e for e in loop.effects if isinstance(e, fs.Settle)]
    assert len(settles) == 1 and settles[0].expected_psn_cash_pay_fen == 9_530
    assert window.current_screen() is window.screens[State.SETTLING] and loop.taps == 2
    loop.feed(fs.SettlementFinished(loop.session.generation, samples.RECEIPT))
    assert "付款成功" in all_text(window)


def _decided(eligibility, departments=()) -> fs.SessionView:
    s = fs.Session()
    (read,) = s.handle(fs.CardInserted(samples.READER))
    s.handle(fs.CardReadOk(read.generation, samples.RECORD))
    s.handle(fs.EligibilityReceived(s.generation, eligibility, departments))
    return s.view()


def test_a_not_eligible_screen_shown_again_shows_only_the_new_reasons(window):
    from kiosk.domain.reasons import Decision
    from kiosk.flow.models import EligibilityView

    show(window, VIEWS[State.NOT_ELIGIBLE])  # two reasons
    assert "您以前有一笔费用已过期" in all_text(window)
    show(window, _decided(EligibilityView(Decision.NOT_ELIGIBLE, ("card_expired",), 3,
                                          None, None)))
    text = all_text(window)
    assert "您的卡已过期" in text
    assert "您以前有一笔费用已过期" not in text  # the labels are reused, not left behind
    assert "您今天的信用分低于这个分数" not in text
    show(window, VIEWS[State.NOT_ELIGIBLE])
    text = all_text(window)
    assert "您以前有一笔费用已过期" in text and "您的卡已过期" not in text


def test_department_tiles_are_kept_and_follow_the_list(window):
    from dataclasses import replace

    show(window, VIEWS[State.CHECK_IN])
    surgery = find_button(window, "外科")
    assert "儿科" in all_text(window)
    closed = replace(samples.SUR, is_open=False)
    show(window, _decided(samples.eligible(), (samples.INT, closed, samples.OPH)))
    tile = find_button(window, "外科")
    assert tile is surgery  # kept, and updated
    assert "暂停看诊" in tile.text() and not tile.isEnabled()
    assert "儿科" not in all_text(window)  # gone from the list, gone from the screen
    show(window, VIEWS[State.CHECK_IN])
    assert find_button(window, "外科").isEnabled() and "儿科" in all_text(window)


def test_a_wrapped_label_measures_again_when_its_text_or_font_changes(window):
    from kiosk.qt.widgets import label

    text = label()
    text.setText("短")
    one_line = text.heightForWidth(300)
    text.setText("这是一段很长的说明文字，" * 8)
    assert text.heightForWidth(300) > one_line
    assert text.heightForWidth(300) == text.heightForWidth(300)
    font = text.font()
    before = text.heightForWidth(300)
    font.setPixelSize(font.pixelSize() * 2 if font.pixelSize() > 0 else 40)
    text.setFont(font)
    assert text.heightForWidth(300) > before
    text.clear()
    assert text.heightForWidth(300) < before
