"""Care mode in the session (issue 15, item 1): chosen before or during a visit, the longer
time limits, the one-time offer to patients of 65 or more, the reset when the patient has
gone; and the amounts in words the voice says."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kiosk.flow import care
from kiosk.flow import session as fs
from kiosk.flow.samples import DEPARTMENTS, READER, RECORD, eligible
from kiosk.flow.session import Session, State

TODAY = date(2026, 5, 1)


def at_check_in(session: Session, *, today: date | None = TODAY, record=RECORD) -> Session:
    session.handle(fs.CardInserted(READER, now=0.0))
    session.handle(fs.CardReadOk(session.generation, record, now=0.0, today=today))
    session.handle(fs.EligibilityReceived(session.generation, eligible(), DEPARTMENTS, now=0.0))
    assert session.state == State.CHECK_IN
    return session


@pytest.mark.parametrize(("birth", "today", "age"), [
    (date(1956, 3, 14), date(2026, 3, 13), 69),
    (date(1956, 3, 14), date(2026, 3, 14), 70),
    (date(2000, 2, 29), date(2065, 2, 28), 64),
    (date(2000, 2, 29), date(2065, 3, 1), 65),
])
def test_age_counts_full_years(birth, today, age):
    assert care.age_on(birth, today) == age


def test_offers_care_from_65():
    assert care.offers_care(date(1961, 5, 1), TODAY)
    assert not care.offers_care(date(1961, 5, 2), TODAY)
    assert not care.offers_care(None, TODAY)
    assert not care.offers_care(date(1930, 1, 1), None)


def test_a_patient_of_65_or_more_is_offered_care_mode_once():
    s = at_check_in(Session())
    assert s.view().care_offer and not s.view().care
    s.handle(fs.ChooseDepartment("INT"))  # the same screen, another page: still offered
    assert s.view().care_offer
    s.handle(fs.ConfirmCheckIn())
    s.handle(fs.CheckedIn(s.generation, fs_ticket()))
    assert s.state == State.TICKET and not s.view().care_offer  # no tap keeps normal mode
    assert not s.view().care


def fs_ticket():
    from kiosk.flow.models import Ticket
    return Ticket(7, 15, DEPARTMENTS[0])


def test_one_tap_on_the_offer_turns_care_mode_and_voice_on():
    s = at_check_in(Session())
    s.handle(fs.SetCareMode(True))
    view = s.view()
    assert view.care and view.voice and not view.care_offer


def test_a_younger_patient_or_no_date_is_not_offered():
    young = replace(RECORD, birth_date=date(1990, 1, 1))
    assert not at_check_in(Session(), record=young).view().care_offer
    assert not at_check_in(Session(), today=None).view().care_offer


def test_care_mode_chosen_on_the_attract_screen_holds_through_the_visit_and_ends_with_it():
    s = Session()
    s.handle(fs.SetCareMode(True))
    assert s.view().care and s.state == State.ATTRACT
    at_check_in(s)
    assert s.view().care and not s.view().care_offer  # already in care mode: no offer
    s.handle(fs.Finish())
    assert s.state == State.TAKE_CARD and s.view().care
    s.handle(fs.CardRemoved(READER))
    assert s.state == State.ATTRACT
    assert not s.view().care and not s.view().voice


def test_voice_alone_is_switched_from_any_screen_and_reset_with_the_session():
    s = at_check_in(Session())
    s.handle(fs.SetVoice(True))
    assert s.view().voice and not s.view().care
    s.handle(fs.CardRemoved(READER))
    assert not s.view().voice


def test_in_care_mode_no_countdown_is_shorter_than_two_minutes():
    timing = fs.Timing(idle_seconds=60, warning_seconds=30)
    s = at_check_in(Session(timing))
    s.handle(fs.SetCareMode(True, now=0.0))
    s.handle(fs.Tick(119.0))
    assert not s.view().idle_warning  # the usual 60 s are not enough
    s.handle(fs.Tick(121.0))
    view = s.view()
    assert view.idle_warning and view.seconds_left >= 118  # the warning still comes
    s.handle(fs.Tick(120.0 + 119.0))
    assert s.state == State.CHECK_IN  # a long time to answer it
    s.handle(fs.ExtendTime(now=239.5))
    assert not s.view().idle_warning


def test_care_timing_below_two_minutes_is_refused():
    with pytest.raises(ValueError):
        fs.Timing(care_idle_seconds=60)


def test_call_for_help_names_the_screen_and_nothing_about_the_patient():
    s = at_check_in(Session())
    effects = s.handle(fs.CallForHelp())
    assert effects == [fs.RequestHelp("check_in")]
    assert RECORD.name not in repr(effects) and RECORD.ssn not in repr(effects)


@pytest.mark.parametrize(("fen", "words"), [
    (12350, "一百二十三元五角"),
    (12305, "一百二十三元零五分"),
    (12355, "一百二十三元五角五分"),
    (12300, "一百二十三元"),
    (50, "五角"),
    (5, "五分"),
    (0, "零元"),
    (1000, "十元"),
    (10500, "一百零五元"),
    (100500, "一千零五元"),
    (1005000, "一万零五十元"),
    (10000000, "十万元"),
    (953, "九元五角三分"),
])
def test_amounts_in_chinese_words(fen, words):
    assert care.yuan_zh(fen) == words


@pytest.mark.parametrize(("fen", "words"), [
    (12350, "one hundred twenty-three yuan and fifty fen"),
    (12300, "one hundred twenty-three yuan"),
    (5, "five fen"),
    (0, "zero yuan"),
    (100000, "one thousand yuan"),
    (953012, "nine thousand five hundred thirty yuan and twelve fen"),
])
def test_amounts_in_english_words(fen, words):
    assert care.yuan_en(fen) == words
    assert care.yuan_words(fen, "en") == words
