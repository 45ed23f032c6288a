"""The QR scanner in the fleet: the heartbeat's ``scanner_state`` is kept, shown in
``GET /v1/fleet`` next to the reader's, and a scanner fault is a problem like a reader fault;
a kiosk that does not tell its scanner (a heartbeat without the field) is listed as before.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kiosk.server.fleet import problems

from .conftest import START, Api

BEAT = {"version": "1.4.0", "reader_state": "ok", "printer_state": "ok", "paper": "ok",
        "outbox_depth": 0, "last_error_code": None, "uptime_seconds": 3600}
NOW = START.replace(tzinfo=None)


@pytest.mark.parametrize(("scanner", "found"), [
    ("ok", []), ("none", []), (None, []),
    ("no_scanner", []),  # like a reader that is not there: the kiosk says so on its screen
    ("fault", ["scanner_fault"]),
])
def test_a_scanner_fault_is_a_problem_like_a_reader_fault(scanner: str | None,
                                                          found: list[str]) -> None:
    row = SimpleNamespace(**BEAT, scanner_state=scanner, received_at=NOW, outbox_growth=0)
    assert problems(row, NOW, 120) == found
    both = SimpleNamespace(**{**BEAT, "reader_state": "fault"}, scanner_state=scanner,
                           received_at=NOW, outbox_growth=0)
    assert problems(both, NOW, 120) == ["reader_fault", *found]


def test_the_fleet_view_keeps_and_shows_the_scanners_state(api: Api) -> None:
    assert api.kiosk.post("/v1/kiosk/heartbeat", json=BEAT).status_code == 204
    (kiosk,) = api.supervisor.get("/v1/fleet").json()["kiosks"]
    assert kiosk["scanner_state"] is None and kiosk["problems"] == []  # a kiosk that does not say
    assert {"kiosk", "last_seen_at", "silent_seconds", "version", "reader_state",
            "printer_state", "paper", "outbox_depth", "last_error_code", "uptime_seconds",
            "problems"} <= set(kiosk)  # the answer's fields stay: only one is added
    for state, found in (("ok", []), ("fault", ["scanner_fault"]), ("no_scanner", []),
                         ("none", [])):
        beat = {**BEAT, "scanner_state": state}
        assert api.kiosk.post("/v1/kiosk/heartbeat", json=beat).status_code == 204
        (kiosk,) = api.supervisor.get("/v1/fleet").json()["kiosks"]
        assert (kiosk["scanner_state"], kiosk["problems"]) == (state, found)


@pytest.mark.parametrize("state", ["melted", "", "OK", 3])
def test_a_scanner_state_outside_the_vocabulary_is_refused(api: Api, state: object) -> None:
    r = api.kiosk.post("/v1/kiosk/heartbeat", json={**BEAT, "scanner_state": state})
    assert r.status_code == 422, r.text
    assert api.supervisor.get("/v1/fleet").json()["kiosks"] == []
