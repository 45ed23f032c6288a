"""The kiosk says when the link is slow before a card goes in (issue 19 item 3): the pure
decision over the last calls' round trips (``kiosk.flow.link``) and the session's flag
(``LinkSpeed`` -> ``SessionView.link_slow``)."""

from __future__ import annotations

import pytest

from kiosk.flow import session as fs
from kiosk.flow.link import SLOW_ROUND_TRIP, link_is_slow


@pytest.mark.parametrize(("round_trips", "slow"), [
    ((), False),                               # nothing known yet
    ((0.2,), False),
    ((2.5,), True),                            # the only call known was slow
    ((0.3, 0.2, 0.4), False),
    ((0.3, 2.5, 0.4), False),                  # one slow answer is not a slow link
    ((2.5, 3.0, 0.4), True),                   # most of the last three
    ((2.5, 3.0, 4.0, 0.3, 0.2), False),        # quick again: the notice goes by itself
    ((0.2, 0.3, 5.0, 2.1, 0.2), True),         # only the last three count
    ((SLOW_ROUND_TRIP, SLOW_ROUND_TRIP), False),  # at the threshold is not beyond it
])
def test_the_link_is_slow_when_most_recent_round_trips_are(round_trips, slow) -> None:
    assert link_is_slow(round_trips) is slow


def test_the_threshold_and_the_window_are_the_callers() -> None:
    assert link_is_slow((1.5, 1.6), threshold=1.0)
    assert not link_is_slow((5.0, 0.1, 0.1), recent=2)
    assert not link_is_slow((5.0,), recent=0)


def test_the_flag_outlives_sessions_and_yields_to_out_of_service() -> None:
    session = fs.Session()
    assert not session.view().link_slow
    session.handle(fs.LinkSpeed(True))
    assert session.view().link_slow and session.view().state == fs.State.ATTRACT
    session.handle(fs.CardInserted("reader"))
    session.handle(fs.CardRemoved("reader"))
    assert session.view().link_slow  # the kiosk's, not the patient's
    session.handle(fs.BackendStatus(reachable=False))
    assert not session.view().link_slow and session.view().out_of_service  # down says more
    session.handle(fs.BackendStatus(reachable=True))
    assert session.view().link_slow
    session.handle(fs.LinkSpeed(False))
    assert not session.view().link_slow
