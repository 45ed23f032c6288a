"""The kiosk's clock against the backend's (issue 19 item 6): the pure offset and verdict
(``kiosk.domain.clock``), the backend's time in an answer (``server_time_of``), the client's
reading over loopback (``BackendClient.server_clock``), and the journal dating its records
by the corrected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.client import BackendClient, BackendConfig
from kiosk.client.answers import server_time_of
from kiosk.domain.clock import (
    CLOCK_TOLERANCE,
    MAX_UNCERTAINTY,
    BackendClock,
    ClockOffset,
    backend_clock,
    clock_offset,
    clock_verdict,
)
from kiosk.journal import Journal
from tests.client.conftest import json_reply

T0 = datetime(2026, 5, 4, 8, 30, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- the pure decisions ----------------------------------------------------------------------


def test_offset_is_the_server_time_less_the_round_trips_midpoint() -> None:
    # sent at T0, answered 0.4 s later; the server read T0 + 5 min + 0.2 s: ours is 5 min behind
    offset = clock_offset(T0, 0.4, T0 + timedelta(minutes=5, seconds=0.2))
    assert offset == ClockOffset(300.0, 0.2)
    assert offset.describe() == "+300.0 s ± 0.2 s"
    # a whole-second time adds its own half second of doubt
    assert clock_offset(T0, 1.0, T0 - timedelta(seconds=10), 0.5) == ClockOffset(-10.5, 1.0)


def test_offset_refuses_what_cannot_be_a_reading() -> None:
    with pytest.raises(ValueError):
        clock_offset(T0, -0.1, T0)
    with pytest.raises(ValueError):
        clock_offset(T0.replace(tzinfo=None), 0.1, T0)


@pytest.mark.parametrize(("seconds", "uncertainty", "verdict"), [
    (0.0, 0.1, "ok"),
    (119.0, 1.0, "ok"),                   # within, even at its farthest
    (-119.5, 1.0, "unsure"),              # might be 120.5 s off
    (121.5, 1.0, "off"),                  # surely beyond, even at its nearest
    (-300.0, 0.2, "off"),                 # ahead or behind alike
    (130.0, 15.0, "unsure"),              # a slow link cannot tell
    (CLOCK_TOLERANCE, 0.0, "ok"),
])
def test_verdict_warns_only_when_surely_off(seconds, uncertainty, verdict) -> None:
    assert clock_verdict(ClockOffset(seconds, uncertainty)) == verdict


def test_backend_clock_corrects_by_the_last_precise_reading() -> None:
    clock = BackendClock(wall=lambda: T0)
    assert clock.now() == T0 and clock.offset is None
    assert clock.record(ClockOffset(-180.0, 0.3))
    assert clock.now() == T0 - timedelta(minutes=3)
    assert not clock.record(ClockOffset(600.0, MAX_UNCERTAINTY + 1))  # too vague to use
    assert clock.now() == T0 - timedelta(minutes=3)
    assert clock.today() == clock.local_now().date()
    clock.forget()
    assert clock.now() == T0


@pytest.mark.parametrize(("answer", "told"), [
    ({"server_time": "2026-05-04T08:30:00.250Z"}, (T0 + timedelta(seconds=0.25), 0.001)),
    ({"server_time": "2026-05-04T16:30:00+08:00"}, (T0 + timedelta(seconds=0.5), 0.5)),
    ({"status": "ok", "schema_version": 2}, None),        # a backend that tells no time
    ({"server_time": "2026-05-04T08:30:00"}, None),       # no zone: which time is it?
    ({"server_time": "yesterday"}, None),
    ({"server_time": 1777883400}, None),
    (["server_time"], None),
    (None, None),
])
def test_server_time_of_an_answer(answer, told) -> None:
    assert server_time_of(answer) == told


# --- the client's reading against a server on loopback ---------------------------------------


def test_server_clock_measures_a_backend_five_minutes_ahead(loopback) -> None:
    now = datetime.now(UTC)
    loopback.script("/v1/health", json_reply(
        200, {"status": "ok", "schema_version": 2,
              "server_time": iso(now + timedelta(minutes=5))}))
    clock = BackendClock()
    with BackendClient(BackendConfig(base_url=loopback.base_url, token="t")) as client:
        offset = client.server_clock(record_in=clock)
    assert offset is not None
    assert abs(offset.seconds - 300) < 2 + offset.uncertainty
    assert clock_verdict(offset) == "off"
    assert clock.offset == offset
    assert abs((clock.now() - datetime.now(UTC)).total_seconds() - 300) < 3


def test_a_slow_answer_widens_the_uncertainty(loopback) -> None:
    # the time is read when scripted, the answer leaves 0.6 s after the request came
    loopback.script("/v1/health", json_reply(200, {"server_time": iso(datetime.now(UTC))},
                                             delay=0.6))
    with BackendClient(BackendConfig(base_url=loopback.base_url, token="t")) as client:
        offset = client.server_clock(record_in=None)
    assert offset is not None and offset.uncertainty >= 0.3  # half the round trip at least
    assert clock_verdict(offset) == "ok"


def test_server_clock_without_a_server_time_records_nothing(loopback) -> None:
    loopback.script("/v1/health", json_reply(200, {"status": "ok", "schema_version": 2}))
    clock = BackendClock()
    with BackendClient(BackendConfig(base_url=loopback.base_url, token="t")) as client:
        assert client.server_clock(record_in=clock) is None
    assert clock.offset is None


# --- the journal dates its records by the backend's clock ------------------------------------


@pytest.fixture
def shifted_backend_clock():
    backend_clock.record(ClockOffset(-600.0, 0.1))  # this PC runs ten minutes fast
    yield backend_clock
    backend_clock.forget()


def test_journal_records_take_the_backends_time(tmp_path, shifted_backend_clock) -> None:
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        journal.log_event("kiosk.started", None, {})
        (event,) = journal.events(kind="kiosk.started")
    stamped = datetime.fromisoformat(str(event.at).replace("Z", "+00:00"))
    expected = datetime.now(UTC) - timedelta(minutes=10)
    assert abs((stamped - expected).total_seconds()) < 5
