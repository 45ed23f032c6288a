"""The QR voucher's screens as a patient sees and hears them: the attract screen's scan prompt
and the scanner's state, "checking your code", each refusal with "scan again", the
cross-region decisions with the filing explained, in both languages, in care mode, with the
voice's prompts; real clicks on real buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.reasons import Reason
from kiosk.flow import samples, voucher_samples
from kiosk.flow import session as fs
from kiosk.flow.session import ScannerState, State
from kiosk.ui import messages, spoken
from tests.ui.conftest import all_text, find_button, settle, show

EXTRA = voucher_samples.extra_screens()


def test_the_attract_screen_offers_the_code_beside_the_card_in_both_languages(qtbot, window):
    show(window, EXTRA["attract_scan"])
    text = all_text(window)
    assert "请插入您的医保卡" in text and "没带医保卡？请扫医保电子凭证" in text
    qtbot.mouseClick(find_button(window.top_bar, "English"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No card with you? Scan your e-insurance code" in all_text(window))
    assert "Please insert your medical insurance card" in all_text(window)
    assert "扫" not in all_text(window)


@pytest.mark.parametrize(("scanner", "words"), [
    (ScannerState.REMOVED, "扫码器已断开"),
    (ScannerState.MISSING, "扫码器暂时无法使用"),
])
def test_a_scanner_that_is_not_working_is_named_and_the_card_still_works(window, scanner,
                                                                          words):
    show(window, voucher_samples.attract(scanner).view())
    text = all_text(window)
    assert words in text and "请插入医保卡" in text
    assert "没带医保卡？" not in text


def test_no_scanner_fitted_or_out_of_service_says_nothing_of_a_scanner(window):
    show(window, samples.attract().view())
    assert "扫" not in all_text(window)
    session = voucher_samples.attract()
    session.handle(fs.BackendStatus(reachable=False))
    show(window, session)
    assert "扫" not in all_text(window)


def test_checking_a_code_says_so_without_asking_for_a_card(window):
    show(window, EXTRA["reading_voucher"])
    text = all_text(window)
    assert "正在核验您的医保码" in text and "卡" not in text


@pytest.mark.parametrize("code", [Reason.VOUCHER_EXPIRED, Reason.VOUCHER_FORGED,
                                  Reason.VOUCHER_REUSED])
def test_each_refusal_says_why_and_scan_again_and_back_goes_to_the_start(qtbot, window, code):
    view = show(window, voucher_samples.refused(code))
    message = messages.for_reason(code)
    assert message.next_step == messages.SCAN_AGAIN
    text = all_text(window)
    for words in messages.tr_message(message):
        assert words in text
    assert "重新扫码" in text
    said = spoken.prompt(view)
    assert messages.tr(message.title) in said and "重新扫码" in said
    titles = {messages.for_reason(c).title for c in (Reason.VOUCHER_EXPIRED,
                                                        Reason.VOUCHER_FORGED,
                                                        Reason.VOUCHER_REUSED)}
    assert len(titles) == 3  # each its own words
    with qtbot.waitSignal(window.intent) as sent:
        qtbot.mouseClick(find_button(window, "返回"), Qt.MouseButton.LeftButton)
    assert isinstance(sent.args[0], fs.Finish)


def test_an_unreadable_scan_and_an_insurer_away_are_told_in_words(window):
    show(window, EXTRA["error_scan_unreadable"])
    assert "无法识别此码" in all_text(window)
    show(window, EXTRA["error_insurer_unavailable"])
    text = all_text(window)
    assert "医保服务暂时无响应" in text and "请插入医保卡" in text


def test_cross_region_decisions_are_explained_with_the_filing_in_both_languages(window):
    show(window, EXTRA["not_eligible_cross_province"])
    text = all_text(window)
    assert "您的参保地在外省" in text and "备案" in text and "您仍然可以照常看病" in text
    window.set_language("en")
    settle()
    text = all_text(window)
    assert "You are insured in another province" in text
    assert "Filing means telling your insurance office" in text
    assert messages.TRADITIONAL_WAY in text
    show(window, EXTRA["not_eligible_cross_region"])
    assert "You are insured in another region" in all_text(window)
    said = spoken.prompt(EXTRA["not_eligible_cross_region"])
    assert "insured here" in said


def test_the_voice_offers_the_code_on_the_attract_screen_only_with_a_scanner(window):
    with_scanner = spoken.prompt(EXTRA["attract_scan"])
    without = spoken.prompt(samples.attract().view())
    assert with_scanner.startswith(without) and len(with_scanner) > len(without)
    assert "扫码器" in spoken.prompt(EXTRA["attract_scanner_removed"])
    assert "医保码" in spoken.prompt(EXTRA["reading_voucher"])


def test_care_mode_renders_the_voucher_screens_and_its_button_still_works(qtbot, window):
    for name, view in EXTRA.items():
        show(window, samples.in_care(view))
        assert window.current_screen() is window.screens[view.state], name
    show(window, EXTRA["attract_scan"])
    care = window.screens[State.ATTRACT].care
    with qtbot.waitSignal(window.intent) as sent:
        qtbot.mouseClick(care, Qt.MouseButton.LeftButton)
    assert sent.args[0] == fs.SetCareMode(True)


@pytest.mark.parametrize(("name", "zh", "en"), [
    ("check_in_in_province", "您在本省其他城市参保", "another city of this province"),
    ("check_in_cross_province_filed", "已办理在本地就医的备案", "have filed for treatment here"),
    ("check_in_cross_province_unfiled", "医保报销比例可能较低", "Filing means telling"),
])
def test_patients_insured_elsewhere_who_may_pay_later_are_told_what_it_means(window, name, zh,
                                                                            en):
    view = show(window, EXTRA[name])
    assert window.current_screen() is window.screens[State.CHECK_IN]
    assert zh in all_text(window) and zh in spoken.prompt(view)
    window.set_language("en")
    settle()
    assert en in all_text(window)


def test_a_local_patient_hears_nothing_of_regions(window):
    show(window, samples.check_in())
    assert window.screens[State.CHECK_IN].region.isHidden()
