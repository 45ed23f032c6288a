"""Whole journeys through the link emulator: a village clinic's mobile link at 300 ms and at
1 s round trip and 256 kbit/s, and outages at each step.

The kiosk is its own controller, runner, client and pool (``tests.poorlink.drive``) against
the real backend behind ``tests.support.link.Link``. What is checked is what the patient and
the hospital see: every step ends on the screen it should, the patient always sees where they
stand (a screen with retry, or "being confirmed"), one settlement (never two charges), the kiosk
says it is out of service before a card goes in, and what was left open finishes by itself
when the link is back. How long the steps take is the benchmark's (``bench/poor_link.py``).

Outages here last 5 s, not the issue's 2 minutes: what an outage does to a call does not
depend on its length once it outlasts the call (connections are refused at once, so every
attempt fails within its deadline either way); the session's own waits are scaled down with it
(``Timing``: payment patience 2 s instead of 60, a status question every second instead of
every 5), and the controller's periodic check runs every 2 s instead of 30. A 2-minute outage
adds only the idle timeout (90 s) of a patient left on the error screen: that session ends,
and the settlement still finishes through the journal, as the pulled-card case shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.flow import session as fs
from tests.poorlink.drive import KioskRig, charges_poster, pause, wait_for
from tests.support.link import Link, Shape
from tests.support.server_proc import Backend

OUTAGE = 5.0
# A patient's requests in a whole journey: eligibility and check-in, then eligibility (which
# carries the itinerary of the open visit), bill and the settlement; nothing twice.
JOURNEY_OPS = ["eligibility", "check_in", "eligibility", "bill", "settle"]
FAST = fs.Timing(payment_patience_seconds=2.0, confirm_every_seconds=1.0)


def poster(backend: Backend) -> Callable[[int], None]:
    """The department posting the demo charges straight to the backend."""
    return charges_poster(backend.base_url, backend.kiosk_token, backend.department_tokens)


def paid_once(backend: Backend) -> bool:
    """One settlement, and at most one gateway charge for it (the demo patient's account
    covers the demo bill, so usually none)."""
    counts = backend.counts()
    return counts["settlements"] == 1 and counts["charges"] <= 1


@pytest.fixture
def clinic(qtbot: Any, backend: Backend, tmp_path: Path
           ) -> Iterator[Callable[[float], tuple[KioskRig, Link]]]:
    """``clinic(rtt)``: a kiosk whose link to the backend has that round trip, 256 kbit/s."""
    made: list[tuple[KioskRig, Link]] = []

    def make(rtt: float) -> tuple[KioskRig, Link]:
        link = Link(backend.port, Shape(latency=rtt, jitter=rtt / 10, rate_bps=256_000, seed=1))
        rig = KioskRig(link.base_url, backend.kiosk_token, tmp_path, timing=FAST,
                       finish_every=2.0)
        made.append((rig, link))
        return rig, link

    yield make
    for rig, link in made:
        rig.close()
        link.close()


@pytest.mark.parametrize("rtt", [0.3, 1.0])
def test_a_whole_journey_over_a_slow_link_reuses_its_connection(clinic, backend, rtt) -> None:
    rig, link = clinic(rtt)
    connections = link.stats.connections
    steps = rig.journey(poster(backend))
    assert [op for step in steps for op in step.patient_requests] == JOURNEY_OPS
    # one request on each step's critical path, the returning patient's card too (its
    # eligibility answer carries the itinerary of the open visit it names)
    assert [len(step.patient_requests) for step in steps] == [1, 1, 1, 1, 1]
    assert paid_once(backend)
    # One connection carries the journey (before: one per request, six).
    assert link.stats.connections - connections <= 2


STEPS = ["card -> check-in", "tap check in -> ticket", "card -> itinerary", "tap bill -> bill"]


@pytest.mark.parametrize("step", STEPS)
def test_an_outage_at_a_step_shows_retry_and_the_step_succeeds_after_it(clinic, backend,
                                                                       step) -> None:
    rig, link = clinic(0.3)
    plan = rig.journey_plan(poster(backend))
    for planned in plan:
        if planned.prepare is not None:
            planned.prepare()
        if planned.name == step:
            link.outage(OUTAGE)
            planned.act()
            wait_for(rig.settled(fs.State.ERROR), 30, "the error screen")
            error = rig.view.error
            assert error is not None and error.source == "backend" and error.can_retry
            wait_for(lambda: rig.view.out_of_service, 10, "out of service")
            wait_for(lambda: not link.is_down, OUTAGE + 1, "the link back")
            wait_for(lambda: not rig.view.out_of_service, 10, "back in service by itself")
            rig.step("retry", lambda: rig.tap(fs.Retry()), planned.until)
        else:
            rig.step(planned.name, planned.act, planned.until)
    rig.leave()
    assert paid_once(backend)


def up_to_the_pay_tap(rig: KioskRig, backend: Backend) -> None:
    """Every step of the journey but the last: the bill is on the screen."""
    for planned in rig.journey_plan(poster(backend))[:-1]:
        if planned.prepare is not None:
            planned.prepare()
        rig.step(planned.name, planned.act, planned.until)


@pytest.mark.parametrize("cut_after", [0.0, 0.2], ids=["before the tap", "answer lost"])
def test_an_outage_at_pay_charges_once_and_shows_the_receipt_when_the_link_is_back(
        clinic, backend, cut_after) -> None:
    rig, link = clinic(0.3)
    up_to_the_pay_tap(rig, backend)
    if not cut_after:
        link.outage(OUTAGE)
    rig.tap(fs.ConfirmPayment())
    if cut_after:  # the request is on its way or at the backend: its answer is cut
        pause(cut_after)
        link.outage(OUTAGE)
    seen = []
    wait_for(lambda: seen.append(rig.view.state) or rig.view.state == fs.State.RECEIPT,
             OUTAGE + 30, "the receipt")
    # meanwhile the patient saw the payment being confirmed, never the bill again
    assert fs.State.BILL not in seen and fs.State.ERROR not in seen
    rig.leave()
    assert paid_once(backend)
    assert rig.journal.open_entries() == []


def test_a_payment_left_open_by_a_pulled_card_finishes_by_itself_when_the_link_is_back(
        clinic, backend) -> None:
    rig, link = clinic(0.3)
    up_to_the_pay_tap(rig, backend)
    link.down()
    rig.tap(fs.ConfirmPayment())
    wait_for(lambda: rig.view.state == fs.State.PAYMENT_PENDING, 30, "payment pending")
    rig.remove()  # the patient leaves while the payment is being confirmed
    wait_for(lambda: rig.view.state == fs.State.ATTRACT, 30, "the attract screen")
    assert rig.view.out_of_service  # said before the next card goes in
    assert len(rig.journal.open_entries()) == 1 and backend.counts()["settlements"] == 0
    link.up()
    wait_for(lambda: rig.journal.open_entries() == [], 60, "the journal's entry finished")
    wait_for(lambda: not rig.view.out_of_service, 10, "back in service")
    assert paid_once(backend), backend.counts()  # what the backend's database holds
    rig.step("card -> kept receipt", rig.insert, fs.State.RECEIPT)
    rig.leave()


def test_the_kiosk_says_it_is_out_of_service_before_a_card_goes_in(clinic) -> None:
    rig, link = clinic(1.0)
    assert not rig.view.out_of_service
    link.down()
    wait_for(lambda: rig.view.out_of_service, 15, "out of service on the attract screen")
    link.up()
    wait_for(lambda: not rig.view.out_of_service, 15, "back in service by itself")
