"""A PC clock that has drifted, for the tests of what the kiosk dates (issue 19 item 6).

``pc_clock_fast(hours)`` is a ``BackendClock`` whose PC reads ``PC_LOCAL`` (2026-12-01 02:30
local) while the backend's clock says ``hours`` earlier (2026-11-30 23:30 local for three):
a reading (``ClockOffset``) recorded as the running kiosk's would be. Whatever the kiosk
shows or decides from it must follow the backend's time, not the PC's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.domain.clock import BackendClock, ClockOffset

PC_LOCAL = datetime(2026, 12, 1, 2, 30).astimezone()  # what the drifting PC reads, local


def pc_clock_fast(hours: float = 3.0) -> BackendClock:
    clock = BackendClock(wall=lambda: PC_LOCAL.astimezone(UTC))
    assert clock.record(ClockOffset(-hours * 3600.0, 0.2))
    return clock


def backend_local(hours: float = 3.0) -> datetime:
    """The backend's local time while the PC reads ``PC_LOCAL`` ``hours`` fast."""
    return PC_LOCAL - timedelta(hours=hours)
