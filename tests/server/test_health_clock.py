"""The backend's health answer tells its clock (issue 19 item 6): kiosks measure their drift
against ``server_time``, UTC ISO 8601 to the millisecond, read from the backend's own clock
(the settable test clock here, so the value is exact)."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.client.answers import server_time_of


def test_health_carries_the_backends_time_to_the_millisecond(api) -> None:
    api.clock.now = datetime(2026, 11, 23, 2, 0, 5, 123456, tzinfo=UTC)
    answer = api.anon.get("/v1/health").json()
    assert answer["server_time"] == "2026-11-23T02:00:05.123Z"
    # the kiosk's parser takes it as a millisecond reading
    assert server_time_of(answer) == (datetime(2026, 11, 23, 2, 0, 5, 123000, tzinfo=UTC),
                                      0.001)
    api.clock.advance(minutes=3)
    assert api.anon.get("/v1/health").json()["server_time"] == "2026-11-23T02:03:05.123Z"
