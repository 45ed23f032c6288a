"""The call for help in the patient session (issue 15 item 6): one request per tap, never a
second while one is open; "someone is coming" once the backend has it, "on the way" once staff
acknowledge (learnt by asking every few seconds), "go to the counter" when it could not be
sent; the notices end by time; help outlives the patient session."""

from __future__ import annotations

from kiosk.flow import help as help_call
from kiosk.flow import session as fs
from kiosk.flow.events import CheckHelp, HelpAnswered, HelpFailed, HelpStage
from kiosk.flow.help import HELP_CHECK_SECONDS, HELP_NOTICE_SECONDS, HelpState
from kiosk.flow.samples import DEPARTMENTS, READER, RECORD, eligible
from kiosk.flow.session import Session, State


def at_check_in() -> Session:
    s = Session()
    s.handle(fs.CardInserted(READER, now=0.0))
    s.handle(fs.CardReadOk(s.generation, RECORD, now=0.0))
    s.handle(fs.EligibilityReceived(s.generation, eligible(), DEPARTMENTS, now=0.0))
    assert s.state == State.CHECK_IN
    return s


def test_a_tap_sends_one_request_and_more_taps_send_nothing() -> None:
    s = at_check_in()
    assert s.handle(fs.CallForHelp(now=1.0)) == [fs.RequestHelp("check_in")]
    assert s.view().help == HelpStage.SENDING
    assert s.handle(fs.CallForHelp(now=1.2)) == []  # still being sent
    s.handle(HelpAnswered(7, acknowledged=False, now=1.5))
    assert s.view().help == HelpStage.COMING
    assert s.handle(fs.CallForHelp(now=3.0)) == []  # open: no flood


def test_the_kiosk_asks_after_the_open_request_until_staff_acknowledge() -> None:
    s = at_check_in()
    s.handle(fs.CallForHelp(now=0.0))
    s.handle(HelpAnswered(7, acknowledged=False, now=0.0))
    assert s.handle(fs.Tick(HELP_CHECK_SECONDS - 0.1)) == []
    assert s.handle(fs.Tick(HELP_CHECK_SECONDS)) == [CheckHelp(7)]
    assert s.handle(fs.Tick(HELP_CHECK_SECONDS + 1)) == []  # one check at a time
    s.handle(HelpFailed(7, now=11.0))  # the check did not get through: nothing changes
    assert s.view().help == HelpStage.COMING
    assert s.handle(fs.Tick(11.0 + HELP_CHECK_SECONDS)) == [CheckHelp(7)]
    s.handle(HelpAnswered(7, acknowledged=True, now=22.0))
    assert s.view().help == HelpStage.ON_THE_WAY
    assert s.handle(fs.Tick(22.0 + HELP_CHECK_SECONDS)) == []  # no more checks
    s.handle(fs.Tick(22.0 + HELP_NOTICE_SECONDS))
    assert s.view().help is None


def test_a_request_that_could_not_be_sent_says_go_to_the_counter_and_a_tap_tries_again() -> None:
    s = at_check_in()
    s.handle(fs.CallForHelp(now=0.0))
    s.handle(HelpFailed(now=5.0))
    assert s.view().help == HelpStage.FAILED
    assert s.handle(fs.CallForHelp(now=6.0)) == [fs.RequestHelp("check_in")]
    s.handle(HelpFailed(now=11.0))
    s.handle(fs.Tick(11.0 + HELP_NOTICE_SECONDS))
    assert s.view().help is None


def test_help_outlives_the_patient_session() -> None:
    s = at_check_in()
    s.handle(fs.CallForHelp(now=0.0))
    s.handle(HelpAnswered(7, acknowledged=False, now=0.0))
    s.handle(fs.CardRemoved(READER, now=1.0))
    s.handle(fs.Tick(2.0))
    assert s.state == State.ATTRACT and s.view().help == HelpStage.COMING
    assert s.handle(fs.Tick(HELP_CHECK_SECONDS)) == [CheckHelp(7)]


def test_late_answers_change_nothing_once_the_notice_is_over() -> None:
    assert help_call.answered(HelpState(), 7, True, 0.0) == HelpState()
    assert help_call.failed(HelpState(), None, 0.0) == HelpState()
    assert help_call.failed(HelpState(HelpStage.COMING, 7), None, 0.0) == HelpState(
        HelpStage.COMING, 7)  # a request already open is not "not sent"
    assert help_call.tick(HelpState(), 1e9) == (HelpState(), [])
