"""The client tells how long its last few answered calls took (``Transport.round_trips``),
what the kiosk judges the link's speed by (issue 19 item 3). Against a scripted server on
loopback, with the transport's clock injected so the durations are exact."""

from __future__ import annotations

import pytest

from kiosk.client import BackendConfig
from kiosk.client.errors import BackendError
from kiosk.client.transport import ROUND_TRIPS_KEPT, Transport
from tests.client.conftest import error_reply, json_reply


class SteppingClock:
    """Each reading is ``step`` seconds after the one before."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_answered_calls_are_timed_and_only_the_last_few_kept(loopback) -> None:
    clock = SteppingClock(0.5)
    config = BackendConfig(base_url=loopback.base_url, token="t", max_attempts=1)
    with Transport(config, clock=clock) as transport:
        assert transport.round_trips() == ()
        calls = ROUND_TRIPS_KEPT + 2
        loopback.script("/v1/health", *[json_reply(200, {"status": "ok"})] * calls)
        for _ in range(calls):
            transport.request("GET", "/v1/health", op="health")
        trips = transport.round_trips()
        assert len(trips) == ROUND_TRIPS_KEPT
        assert all(seconds > 0 for seconds in trips)
        loopback.script("/v1/departments", error_reply(503, "unavailable"))
        with pytest.raises(BackendError):
            transport.request("GET", "/v1/departments", op="departments")
        assert transport.round_trips() == trips  # a failed call is not counted
