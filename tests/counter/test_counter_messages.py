"""Every refusal and failure has words for staff, in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.client.errors import BackendOffline, BackendRejected
from kiosk.counter import messages as cm
from kiosk.counter import rules
from kiosk.counter.i18n import install_language
from kiosk.domain.card import CardError, CardErrorCode
from kiosk.domain.reasons import Reason


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_code_has_a_message(qapp, lang):
    install_language(QApplication.instance(), lang)
    texts = [cm.reason_text(r.value) for r in Reason]
    texts += [cm.card_text(c.value) for c in CardErrorCode]
    texts += [cm.problem_text(p) for p in cm.PROBLEMS]
    assert all(t and t.strip() for t in texts)
    assert all(r.value not in cm.reason_text(r.value) for r in Reason)  # never a raw code


def test_every_code_has_staff_words_of_its_own():
    assert set(Reason) <= set(cm.STAFF_REASONS)
    assert set(CardErrorCode) <= set(cm.CARD_ERRORS)


def test_staff_texts_are_translated_to_chinese(qapp):
    install_language(QApplication.instance(), "zh_CN")
    try:
        assert cm.reason_text("forbidden") == "您的角色无权进行此操作，请联系主管。"
        assert cm.problem_text(rules.SIGNATURE_EMPTY) == "签名为空，请患者在签名框内签名。"
        assert cm.card_text("card_expired") == "此卡已过期，患者需先办理换卡。"
    finally:
        install_language(QApplication.instance(), "en")
    assert cm.reason_text("forbidden") == "Your role may not do this. Please ask a supervisor."


def test_error_text_names_the_request_but_no_backend_message(qapp):
    install_language(QApplication.instance(), "en")
    refused = BackendRejected("link_state", 409, "message with 王志明", request_id="r1")
    assert "王志明" not in cm.error_text(refused)
    offline = cm.error_text(BackendOffline("down", request_id="abc123"))
    assert offline.endswith("[abc123]")
    assert cm.error_text(CardError("unsupported_card")) == cm.card_text("unsupported_card")
