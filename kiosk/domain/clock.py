"""The kiosk's clock against the backend's: how far off it is, whether IT must be warned, and
the corrected time for what the kiosk dates.

Clinic PCs drift, and the backend's clock is the one settlements, debts and sessions are dated
by. One request tells the offset: the backend read its clock (``server_time``) somewhere
between our send and our receive, so ``clock_offset`` is the server's time less the midpoint
of the round trip, give or take half the round trip plus the server time's own resolution.
``clock_verdict`` decides from that: ``"ok"`` when surely within the tolerance (two minutes),
``"off"`` when surely beyond it, ``"unsure"`` when the uncertainty straddles it (a long round
trip).

``BackendClock`` holds the last offset measured precisely enough to use, and ``now()`` is
the UTC time corrected by it; ``backend_clock`` is the kiosk's one instance (the backend
client records into it, the journal dates its records by it).

Threads: the functions are pure; ``BackendClock`` may be used from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

# Off by more than this, the kiosk warns IT (self-test, admin status).
CLOCK_TOLERANCE = 120.0
# A reading vaguer than this (seconds either way) is not used to correct the time.
MAX_UNCERTAINTY = 30.0

Verdict = Literal["ok", "off", "unsure"]


@dataclass(frozen=True, slots=True)
class ClockOffset:
    """The backend's clock less ours (seconds; positive: ours is behind), ± ``uncertainty``."""

    seconds: float
    uncertainty: float

    def describe(self) -> str:
        return f"{self.seconds:+.1f} s ± {self.uncertainty:.1f} s"


def clock_offset(sent: datetime, round_trip: float, server_time: datetime,
                 resolution: float = 0.0) -> ClockOffset:
    """The offset from one request: ``sent`` is our (aware) time when it left, ``round_trip``
    the seconds until the answer came (a monotonic clock's, so a clock step in between does
    not count), ``server_time`` the time the answer carries and ``resolution`` how far that
    may be from the server's true reading (0.5 for a whole-second time taken mid-second)."""
    if round_trip < 0 or resolution < 0:
        raise ValueError("round trip and resolution must not be negative")
    if sent.tzinfo is None or server_time.tzinfo is None:
        raise ValueError("times must carry their time zone")
    midpoint = sent + timedelta(seconds=round_trip / 2)
    return ClockOffset((server_time - midpoint).total_seconds(), round_trip / 2 + resolution)


def clock_verdict(offset: ClockOffset, tolerance: float = CLOCK_TOLERANCE) -> Verdict:
    """``off`` when even the nearest the offset may be is beyond ``tolerance``; ``ok`` when
    even the farthest is within it; else ``unsure``."""
    distance = abs(offset.seconds)
    if distance - offset.uncertainty > tolerance:
        return "off"
    if distance + offset.uncertainty <= tolerance:
        return "ok"
    return "unsure"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BackendClock:
    """The time by the backend's clock: ours, corrected by the last usable offset (ours
    unchanged until one is known)."""

    def __init__(self, wall: Callable[[], datetime] = _utc_now) -> None:
        self._wall = wall
        self._lock = threading.Lock()
        self._offset: ClockOffset | None = None

    def record(self, offset: ClockOffset) -> bool:
        """Use ``offset`` from now on, if it is precise enough (``MAX_UNCERTAINTY``)."""
        if offset.uncertainty > MAX_UNCERTAINTY:
            return False
        with self._lock:
            self._offset = offset
        return True

    def forget(self) -> None:
        """Back to this PC's own clock (until the next reading)."""
        with self._lock:
            self._offset = None

    @property
    def offset(self) -> ClockOffset | None:
        with self._lock:
            return self._offset

    def now(self) -> datetime:
        """UTC by the backend's clock."""
        offset = self.offset
        shift = timedelta(seconds=offset.seconds) if offset is not None else timedelta()
        return self._wall() + shift

    def local_now(self) -> datetime:
        """The local wall time by the backend's clock (for what a patient reads)."""
        return self.now().astimezone()

    def today(self) -> date:
        """Today's local date by the backend's clock (card expiry, ages)."""
        return self.local_now().date()


backend_clock = BackendClock()
