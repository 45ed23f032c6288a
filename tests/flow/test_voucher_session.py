"""The QR voucher as a second way in, on the pure session: where a scan is taken, where it is
ignored, refusals, an unreadable scan, the scanner's state, and how a voucher session ends
with no card to pull."""

from __future__ import annotations

import pytest

from kiosk.flow import samples
from kiosk.flow import session as fs
from kiosk.flow.events import ScannerState, State
from kiosk.flow.models import OpenVisit
from kiosk.flow.voucher import accepts_scan, card_ignored, scanner_state

TOKEN = "opaque-voucher-token"


def scanned(session: fs.Session, token: str = TOKEN, now: float = 0.0) -> list[fs.Effect]:
    return session.handle(fs.VoucherScanned(token, now=now))


def served(eligibility=None, now: float = 0.0) -> fs.Session:
    s = fs.Session()
    scanned(s, now=now)
    s.handle(fs.EligibilityReceived(s.generation, eligibility or samples.eligible(),
                                    samples.DEPARTMENTS, now=now))
    return s


def test_a_scan_on_the_attract_screen_asks_the_backend_about_the_voucher():
    s = fs.Session()
    effects = scanned(s)
    assert effects == [fs.CheckVoucher(s.generation, TOKEN)]
    view = s.view()
    assert view.state == State.READING and view.busy and view.by_voucher
    assert not view.card_in
    assert TOKEN not in repr(effects[0]) and TOKEN not in repr(fs.VoucherScanned(TOKEN))


def test_the_answer_goes_down_the_cards_path_to_check_in():
    s = served()
    assert s.view().state == State.CHECK_IN and s.view().by_voucher


def test_a_scan_mid_session_is_ignored_never_an_identity_change():
    s = served()
    generation = s.generation
    assert scanned(s, "someone-elses-token") == []
    assert s.generation == generation and s.view().state == State.CHECK_IN


def test_a_scan_while_a_card_patient_is_served_is_ignored():
    s = samples.check_in()
    assert scanned(s) == [] and s.view().state == State.CHECK_IN and s.view().card_in


def test_a_card_while_a_voucher_patient_is_served_or_checked_is_ignored():
    s = fs.Session()
    scanned(s)
    assert s.handle(fs.CardInserted(samples.READER)) == []  # the code is being checked
    s.handle(fs.EligibilityReceived(s.generation, samples.eligible(), samples.DEPARTMENTS))
    assert s.handle(fs.CardInserted(samples.READER)) == []
    assert s.view().state == State.CHECK_IN and s.view().by_voucher


@pytest.mark.parametrize("code", ["voucher_expired", "voucher_forged", "voucher_reused"])
def test_a_refused_voucher_shows_its_reason_and_a_new_scan_is_taken(code):
    s = fs.Session()
    scanned(s)
    s.handle(fs.RequestRejected(s.generation, code))
    view = s.view()
    assert view.state == State.ERROR and view.error is not None
    assert view.error.code == code and not view.error.can_retry
    effects = scanned(s, "a-fresh-token")
    assert effects == [fs.CheckVoucher(s.generation, "a-fresh-token")]
    assert s.view().state == State.READING


def test_an_unreadable_scan_says_so_and_scan_again_is_taken():
    s = fs.Session()
    assert s.handle(fs.ScanUnreadable()) == []
    view = s.view()
    assert view.state == State.ERROR and view.error is not None
    assert (view.error.source, view.error.code) == ("scan", "unreadable")
    assert scanned(s) == [fs.CheckVoucher(s.generation, TOKEN)]


def test_an_unreadable_scan_mid_session_is_ignored():
    s = served()
    assert s.handle(fs.ScanUnreadable()) == [] and s.view().state == State.CHECK_IN


def test_finish_ends_a_voucher_session_at_once_no_card_to_take():
    s = served()
    generation = s.generation
    assert s.handle(fs.Finish()) == [fs.EndSession()]
    assert s.view().state == State.ATTRACT and s.generation > generation
    assert not s.view().by_voucher


def test_finish_after_a_refusal_goes_back_to_the_attract_screen():
    s = fs.Session()
    scanned(s)
    s.handle(fs.RequestRejected(s.generation, "voucher_expired"))
    assert s.handle(fs.Finish()) == [fs.EndSession()]
    assert s.view().state == State.ATTRACT


def test_a_voucher_session_times_out_to_the_attract_screen():
    s = served(now=0.0)
    timing = fs.Timing()
    assert s.handle(fs.Tick(timing.idle_seconds + timing.warning_seconds + 1)) == [
        fs.EndSession()]
    assert s.view().state == State.ATTRACT


def test_a_voucher_patient_pays_and_the_unknown_outcome_is_confirmed_without_a_card():
    s = served(samples.eligible([OpenVisit(7, "INT", 15, 38_650)]))
    s.handle(fs.ItineraryReceived(s.generation, samples.ITINERARY))
    s.handle(fs.ShowBill())
    s.handle(fs.BillReceived(s.generation, samples.BILL))
    effects = s.handle(fs.ConfirmPayment(now=1.0))
    assert isinstance(effects[0], fs.Settle)
    s.handle(fs.SettlementPending(s.generation, now=2.0))
    effects = s.handle(fs.Tick(2.0 + fs.Timing().confirm_every_seconds + 0.1))
    assert effects == [fs.ConfirmSettlement(s.generation, 7)]
    assert s.handle(fs.Finish()) == []  # never walked away from mid-payment
    s.handle(fs.SettlementFinished(s.generation, samples.RECEIPT))
    assert s.view().state == State.RECEIPT
    assert s.handle(fs.Finish()) == [fs.EndSession()] and s.view().state == State.ATTRACT


def test_backend_away_can_be_retried_with_the_same_voucher():
    s = fs.Session()
    scanned(s)
    s.handle(fs.BackendUnavailable(s.generation, "offline"))
    assert s.view().error is not None and s.view().error.can_retry
    assert s.handle(fs.Retry()) == [fs.CheckVoucher(s.generation, TOKEN)]


def test_a_pulled_cards_notice_gives_way_to_a_scan():
    s = samples.not_paid()
    assert s.view().state == State.NOT_PAID
    assert scanned(s) == [fs.CheckVoucher(s.generation, TOKEN)]


def test_the_scanner_state_is_the_kiosks_and_outlives_sessions():
    s = fs.Session()
    assert s.view().scanner == ScannerState.NONE
    s.handle(fs.ScannerStatus(ScannerState.READY))
    served_session = s
    scanned(served_session)
    s.handle(fs.ScannerStatus(ScannerState.REMOVED))  # unplugged mid-session: carries on
    assert s.view().state == State.READING and s.view().scanner == ScannerState.REMOVED
    s.handle(fs.EligibilityReceived(s.generation, samples.eligible(), samples.DEPARTMENTS))
    s.handle(fs.ScannerStatus(ScannerState.READY))
    s.handle(fs.Finish())
    assert s.view().state == State.ATTRACT and s.view().scanner == ScannerState.READY


def test_accepts_scan_decides_by_state_card_and_identity():
    free = dict(card_in=False, by_voucher=False, identified=False, notice=False)
    assert accepts_scan(State.ATTRACT, **free)
    assert not accepts_scan(State.ATTRACT, **{**free, "card_in": True})
    for state in State:
        if state != State.ATTRACT:
            assert not accepts_scan(state, **free), state
    assert accepts_scan(State.ERROR, **{**free, "by_voucher": True})
    assert not accepts_scan(State.ERROR, **{**free, "by_voucher": True, "identified": True})
    assert accepts_scan(State.NOT_PAID, **{**free, "notice": True})


def test_card_ignored_only_while_a_voucher_patient_is_served():
    assert not card_ignored(by_voucher=False, busy=True, identified=True)
    assert card_ignored(by_voucher=True, busy=True, identified=False)
    assert card_ignored(by_voucher=True, busy=False, identified=True)
    assert not card_ignored(by_voucher=True, busy=False, identified=False)


def test_scanner_state_names_each_device_event():
    assert scanner_state("scanner_connected") == ScannerState.READY
    assert scanner_state("scanner_missing") == ScannerState.MISSING
    assert scanner_state("scanner_removed") == ScannerState.REMOVED
    assert scanner_state("code_scanned") is None
