"""The next card's challenge, fetched ahead (card authentication, profile 2).

The kiosk asks the backend for a challenge before a card arrives (at start, after each
read took the one it held, and again before it expires), so that reading the card with
INTERNAL AUTHENTICATE and asking about it stays one round trip. ``usable`` and
``needs_refresh`` are the pure decisions (times in ``time.monotonic`` seconds);
``ChallengeHolder`` keeps at most one challenge and hands it out once.

A card that comes while the next challenge is on its way waits for that answer. No challenge
in hand and none on its way: one is asked right then, bounded
by ``INLINE_DEADLINE`` (one more round trip, only then); the backend gives none (it is away):
the card is read without one and the backend's policy serves it the traditional way. The
kiosk never makes a challenge up.

Threads: ``refresh`` blocks (one backend call): worker threads only (the controller runs it
on the background helper). ``take`` and ``needs_refresh`` never block; any thread may call
them (a lock keeps the one challenge handed out once).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.client.challenge import CardChallenge

log = logging.getLogger(__name__)

# A challenge is used only while this much of its life is left: the card read and the
# eligibility request must reach the backend before it expires.
USE_MARGIN = 10.0
# It is replaced once this much of its life is left (and a new one is asked no more often
# than every RETRY_AFTER seconds while the backend does not give one).
REFRESH_MARGIN = 25.0
RETRY_AFTER = 5.0
# how long a challenge asked with the card already in the reader may take
INLINE_DEADLINE = 3.0


@dataclass(frozen=True, slots=True)
class HeldChallenge:
    challenge: bytes
    expires_at: float  # monotonic


def usable(held: HeldChallenge | None, now: float, margin: float = USE_MARGIN) -> bool:
    """Whether ``held`` may still go to a card at ``now``."""
    return held is not None and now < held.expires_at - margin


def needs_refresh(held: HeldChallenge | None, now: float, last_try: float | None,
                  margin: float = REFRESH_MARGIN, retry_after: float = RETRY_AFTER) -> bool:
    """Whether to ask for a new challenge at ``now``: none held, or the one held nears its
    end; never twice within ``retry_after`` seconds."""
    if last_try is not None and now - last_try < retry_after:
        return False
    return not usable(held, now, margin)


class ChallengeHolder:
    """At most one challenge, from ``fetch`` (``BackendClient.card_challenge``)."""

    def __init__(self, fetch: Callable[..., CardChallenge],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Condition()
        self._held: HeldChallenge | None = None
        self._last_try: float | None = None
        self._fetching = 0  # fetches on their way

    def ready(self) -> bool:
        """Whether a usable challenge is in hand now (a card coming now takes it at once)."""
        with self._lock:
            return usable(self._held, self._clock())

    def needs_refresh(self) -> bool:
        with self._lock:
            return needs_refresh(self._held, self._clock(), self._last_try)

    def refresh(self) -> None:
        """Fetch a new challenge now (blocking); raises the client's errors. Its life is
        counted from before the request left, so the kiosk never holds it too long."""
        asked = self._clock()
        with self._lock:
            self._last_try = asked
            self._fetching += 1
        try:
            fresh = self._fetch()
            with self._lock:
                self._held = HeldChallenge(fresh.challenge, asked + fresh.expires_in_seconds)
        finally:
            with self._lock:
                self._fetching -= 1
                self._lock.notify_all()

    def fetch_now(self, deadline: float) -> bytes | None:
        """A challenge for the card already in the reader when none was fetched ahead (one
        more round trip, bounded by ``deadline`` seconds); None when the backend gives none."""
        try:
            return self._fetch(deadline=deadline).challenge
        except Exception as error:  # the card is read without; the backend decides
            log.info("no card challenge: %s", type(error).__name__)
            return None

    def take(self, wait: float = 0.0) -> bytes | None:
        """The challenge for the card now in the reader, handed out once (None: none usable).
        With ``wait``: a challenge on its way (asked when the last card left) is waited for
        up to ``wait`` seconds, rather than asked again."""
        with self._lock:
            self._lock.wait_for(lambda: self._held is not None or not self._fetching,
                                timeout=wait)
            held, self._held = self._held, None
            self._last_try = None  # the next one may be asked at once
        if held is None or not usable(held, self._clock()):
            return None
        return held.challenge
