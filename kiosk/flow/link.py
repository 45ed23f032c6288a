"""Whether the link to the backend is slow: a pure decision over recent round trips.

A village clinic's mobile link may answer in seconds rather than milliseconds. The attract
screen then says, before a card goes in, that the connection is slow and each step may take
longer, and stops saying it by itself once answers are quick again. ``link_is_slow`` decides
from the durations of the last few answered calls (``Transport.round_trips``): slow when most
of the last ``RECENT`` took longer than ``SLOW_ROUND_TRIP``, so one slow answer neither raises
the notice on a quick link nor keeps it up once the link is quick again.

Pure; any thread.
"""

from __future__ import annotations

from collections.abc import Sequence

SLOW_ROUND_TRIP = 2.0  # seconds for one call, retries included
RECENT = 3  # the calls the decision looks at, the latest last


def link_is_slow(round_trips: Sequence[float], threshold: float = SLOW_ROUND_TRIP,
                 recent: int = RECENT) -> bool:
    """Whether most of the last ``recent`` round trips (seconds, oldest first) took longer
    than ``threshold``; none known: not slow."""
    last = list(round_trips)[-recent:] if recent > 0 else []
    slow = sum(1 for seconds in last if seconds > threshold)
    return 2 * slow > len(last)
