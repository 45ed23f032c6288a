"""The next card's challenge fetched ahead (kiosk.flow.challenge): the pure decisions, and
the holder handing a challenge out once, refreshing before it expires, never making one up."""

from __future__ import annotations

import pytest

from kiosk.client.challenge import CardChallenge, parse_card_challenge
from kiosk.client.models import ResponseShapeError
from kiosk.flow.challenge import (
    REFRESH_MARGIN,
    RETRY_AFTER,
    USE_MARGIN,
    ChallengeHolder,
    HeldChallenge,
    needs_refresh,
    usable,
)

HELD = HeldChallenge(b"\x01" * 16, expires_at=100.0)


def test_usable_only_with_margin_left() -> None:
    assert usable(HELD, 100.0 - USE_MARGIN - 0.1)
    assert not usable(HELD, 100.0 - USE_MARGIN)
    assert not usable(None, 0.0)


@pytest.mark.parametrize(("held", "now", "last_try", "expected"), [
    (None, 0.0, None, True),  # nothing held: ask
    (HELD, 100.0 - REFRESH_MARGIN - 1, 0.0, False),  # plenty of life left
    (HELD, 100.0 - REFRESH_MARGIN + 1, 0.0, True),  # nears its end: ask for the next
    (None, 10.0, 10.0 - RETRY_AFTER + 1, False),  # just asked (the backend may be away)
    (None, 10.0, 10.0 - RETRY_AFTER, True),
])
def test_needs_refresh(held, now, last_try, expected) -> None:
    assert needs_refresh(held, now, last_try) is expected


class Fake:
    def __init__(self) -> None:
        self.now = 0.0
        self.served = 0
        self.fail = False

    def fetch(self, deadline: float | None = None) -> CardChallenge:
        if self.fail:
            raise ConnectionError("backend away")
        self.served += 1
        return CardChallenge(bytes([self.served]) * 16, 60)


def test_the_holder_hands_a_challenge_out_once() -> None:
    fake = Fake()
    holder = ChallengeHolder(fake.fetch, clock=lambda: fake.now)
    assert holder.needs_refresh()
    assert not holder.ready()
    holder.refresh()
    assert not holder.needs_refresh() and holder.ready()
    assert holder.take() == b"\x01" * 16
    assert not holder.ready()
    assert holder.take() is None  # single use
    assert holder.needs_refresh()  # the next one may be asked at once


def test_an_old_challenge_is_refreshed_and_never_used_late() -> None:
    fake = Fake()
    holder = ChallengeHolder(fake.fetch, clock=lambda: fake.now)
    holder.refresh()
    fake.now = 60 - REFRESH_MARGIN + 1
    assert holder.needs_refresh()
    fake.now = 60 - USE_MARGIN
    assert holder.take() is None  # too close to its end for a read and a request


def test_no_challenge_when_the_backend_gives_none() -> None:
    fake = Fake()
    fake.fail = True
    holder = ChallengeHolder(fake.fetch, clock=lambda: fake.now)
    with pytest.raises(ConnectionError):
        holder.refresh()
    assert not holder.needs_refresh()  # not asked again at once
    assert holder.fetch_now(1.0) is None and holder.take() is None
    fake.fail = False
    assert holder.fetch_now(1.0) == b"\x01" * 16


def test_parse_card_challenge() -> None:
    parsed = parse_card_challenge({"challenge": "0A" * 16, "expires_at": "x",
                                   "expires_in_seconds": 600})
    assert parsed.challenge == b"\x0a" * 16 and parsed.expires_in_seconds == 60
    for bad in ({"challenge": "0A" * 8, "expires_in_seconds": 60},
                {"challenge": "zz" * 16, "expires_in_seconds": 60},
                {"challenge": "0A" * 16, "expires_in_seconds": 0}):
        with pytest.raises(ResponseShapeError):
            parse_card_challenge(bad)
    assert "0a" not in repr(parsed).lower().replace("card", "")


def test_a_card_waits_for_the_challenge_on_its_way_rather_than_asking_again() -> None:
    import threading

    fake = Fake()
    release = threading.Event()

    def slow_fetch(deadline: float | None = None) -> CardChallenge:
        release.wait(5)
        return fake.fetch(deadline)

    holder = ChallengeHolder(slow_fetch, clock=lambda: fake.now)
    fetching = threading.Thread(target=holder.refresh)
    fetching.start()
    while holder.needs_refresh():  # until the fetch is on its way (asked: not again yet)
        threading.Event().wait(0.001)
    threading.Timer(0.05, release.set).start()
    assert holder.take(wait=5.0) == b"\x01" * 16  # the one asked before the card came
    fetching.join()
    assert fake.served == 1
    assert holder.take(wait=0.5) is None  # nothing on its way: no wait

