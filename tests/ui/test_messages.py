"""Every card error code, backend reason code and backend failure kind has its own plain
message with a next step, in both languages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kiosk.domain.card import CardErrorCode
from kiosk.domain.reasons import Reason
from kiosk.flow.models import ErrorInfo
from kiosk.qt.assets import asset
from kiosk.ui import messages


def _complete(message: messages.PatientMessage) -> None:
    for text in (message.title, message.message, message.next_step):
        assert text and text.strip() and text[0].isupper(), message


@pytest.mark.parametrize("code", list(CardErrorCode))
def test_every_card_error_code_has_a_message(code):
    assert code in messages.CARD_MESSAGES
    _complete(messages.CARD_MESSAGES[code])
    assert messages.for_card_error(code.value) is messages.CARD_MESSAGES[code]


@pytest.mark.parametrize("code", list(Reason))
def test_every_reason_code_has_a_message(code):
    assert code in messages.REASON_MESSAGES
    _complete(messages.REASON_MESSAGES[code])
    assert messages.for_reason(code.value) is messages.REASON_MESSAGES[code]


@pytest.mark.parametrize("kind", messages.BACKEND_FAILURE_KINDS)
def test_every_backend_failure_kind_has_a_message(kind):
    _complete(messages.BACKEND_MESSAGES[kind])
    assert messages.for_error(ErrorInfo("backend", kind, True)) is messages.BACKEND_MESSAGES[kind]


def test_the_tables_hold_nothing_but_known_codes():
    assert set(messages.CARD_MESSAGES) == set(CardErrorCode)
    assert set(messages.REASON_MESSAGES) == set(Reason)
    assert set(messages.BACKEND_MESSAGES) == set(messages.BACKEND_FAILURE_KINDS)


def test_the_named_messages_say_what_the_issue_asks():
    secure = messages.CARD_MESSAGES[CardErrorCode.SECURE_MODULE_REQUIRED]
    assert "only be read at the counter" in secure.message
    assert "electronic insurance QR code" in secure.next_step
    linked = messages.REASON_MESSAGES[Reason.NOT_LINKED]
    assert "payment counter once" in linked.next_step
    for reason in (Reason.CREDIT_SCORE_LOW, Reason.MONITORING_FRAUD,
                   Reason.INSURANCE_INACTIVE, Reason.NOT_ELIGIBLE, Reason.LINK_SUSPENDED):
        assert messages.REASON_MESSAGES[reason].next_step == messages.TRADITIONAL_WAY
    assert "register at the counter and pay at each step" in messages.TRADITIONAL_WAY


def test_not_eligible_reasons_promise_nothing_and_say_where_to_pay():
    # defect 5: "paying the debt at the counter restores credit" was promised, and broken
    for reason in messages.REASON_MESSAGES:
        text = messages.REASON_MESSAGES[reason]
        words = f"{text.message} {text.next_step}".lower()
        assert "pay later again" not in words and "restore" not in words, reason
    debt = messages.REASON_MESSAGES[Reason.OVERDUE_DEBT]
    assert "payment counter, window" in debt.next_step  # where to pay
    score = messages.REASON_MESSAGES[Reason.CREDIT_SCORE_LOW]
    assert "credit score" in score.message and "does not change" in score.message


def test_errors_map_by_source_and_unknown_codes_still_get_a_message():
    card = ErrorInfo("card", "card_expired", False)
    assert messages.for_error(card) is messages.CARD_MESSAGES[CardErrorCode.CARD_EXPIRED]
    rejected = ErrorInfo("rejected", "credit_limit_exceeded", False)
    assert messages.for_error(rejected) is messages.REASON_MESSAGES[
        Reason.CREDIT_LIMIT_EXCEEDED]
    assert messages.for_error(ErrorInfo("rejected", "brand_new_code", False)) is messages.UNKNOWN
    assert messages.for_error(ErrorInfo("card", "brand_new_code", True)) is messages.UNKNOWN
    assert messages.for_backend("brand_new_kind") is messages.BACKEND_MESSAGES["failure"]


def _translations(lang: str) -> dict[tuple[str, str], str]:
    root = ET.parse(asset("translations", f"kiosk_{lang}.ts")).getroot()
    out = {}
    for context in root.iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            out[(name, message.find("source").text)] = translation.text or ""
    return out


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_message_is_translated_with_the_same_placeholders(lang):
    table = _translations(lang)
    texts = {messages.TRADITIONAL_WAY, messages.COUNTER_LOCATION, messages.GO_TO_COUNTER}
    for message in [*messages.CARD_MESSAGES.values(), *messages.REASON_MESSAGES.values(),
                    *messages.BACKEND_MESSAGES.values()]:
        texts |= {message.title, message.message, message.next_step}
    for text in texts:
        assert table.get(("Messages", text)), f"{lang}: no translation for {text!r}"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_translation_in_the_ts_files_is_finished_and_keeps_placeholders(lang):
    table = _translations(lang)
    root = ET.parse(asset("translations", f"kiosk_{lang}.ts")).getroot()
    assert len(table) == len(list(root.iter("message")))
    for (context, source), translation in table.items():
        assert translation, (context, source)
        placeholders = sorted(re.findall(r"\{\w+\}", source))
        assert sorted(re.findall(r"\{\w+\}", translation)) == placeholders, (source, translation)
    if lang == "zh_CN":
        chinese = [t for t in table.values() if re.search(r"[\u4e00-\u9fff]", t)]
        assert len(chinese) >= len(table) - 2  # all but separators like ", "
