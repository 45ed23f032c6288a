"""The kiosk's heartbeat (``kiosk.flow.heartbeat``): the pure body and device states, then a
whole kiosk (``build_kiosk`` on the real window, reader watcher and journal) sending its
heartbeat at start to the real backend on loopback, seen in the supervisors' fleet view and
counted by the backend's metrics endpoint.
"""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.card.watcher import EventKind, ReaderEvent
from kiosk.flow.heartbeat import heartbeat_body, printer_state, reader_state
from tests.support.server_proc import Backend, session, staff_token


def test_the_body_keeps_to_the_backends_vocabulary() -> None:
    body = heartbeat_body(version="1.4.0", reader="ok", printer="ok", paper="low",
                          outbox_depth=2, last_error_code="Backend Offline!",
                          uptime_seconds=61.7)
    assert body == {"version": "1.4.0", "reader_state": "ok", "printer_state": "ok",
                    "paper": "low", "outbox_depth": 2, "last_error_code": "backend_offline_",
                    "uptime_seconds": 61, "scanner_state": "none"}
    odd = heartbeat_body(version="", reader="melted", printer="?", paper="wet",
                         outbox_depth=-3, last_error_code="", uptime_seconds=-1)
    assert (odd["version"], odd["reader_state"], odd["printer_state"], odd["paper"],
            odd["outbox_depth"], odd["last_error_code"], odd["uptime_seconds"]) == (
        "unknown", "fault", "fault", "unknown", 0, None, 0)


@pytest.mark.parametrize(("readers", "service", "state"), [
    (frozenset({"ACS 00"}), True, "ok"), (frozenset(), True, "no_reader"),
    (frozenset({"ACS 00"}), False, "fault"), (frozenset(), False, "fault")])
def test_reader_state(readers: frozenset[str], service: bool, state: str) -> None:
    assert reader_state(readers, service) == state


@pytest.mark.parametrize(("fault", "has_printer", "states"), [
    (None, True, ("ok", "ok")), ("no_paper", True, ("ok", "out")),
    ("offline", True, ("offline", "unknown")), ("failed", True, ("fault", "unknown")),
    (None, False, ("none", "unknown"))])
def test_printer_state(fault: str | None, has_printer: bool, states: tuple[str, str]) -> None:
    assert printer_state(fault, has_printer) == states


def _fleet(backend: Backend) -> list[dict[str, Any]]:
    token = staff_token(backend.base_url, backend.credentials, "supervisor")
    r = session().get(f"{backend.base_url}/v1/fleet",
                      headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200, r.text
    return list(r.json()["kiosks"])


def test_a_kiosk_sends_its_heartbeat_to_the_backend(kiosk, backend: Backend, qtbot) -> None:
    app = kiosk()  # starting sends the first heartbeat, then one a minute
    qtbot.waitUntil(lambda: len(_fleet(backend)) == 1, timeout=20_000)
    (seen,) = _fleet(backend)
    assert seen["problems"] == [] and seen["outbox_depth"] == 0
    assert seen["printer_state"] == "none"  # the test kiosk has no printer configured
    assert seen["reader_state"] in ("ok", "no_reader")  # the test's pcscd, as the watcher saw
    # the reader service goes away: the next heartbeat says so and the view lists the fault
    app.heartbeat.on_reader_event(ReaderEvent(EventKind.SERVICE_UNAVAILABLE))
    assert app.heartbeat.send()
    (seen,) = _fleet(backend)
    assert seen["problems"] == ["reader_fault"]
    assert seen["last_error_code"] == "pcsc_service_unavailable"
    metrics = session().get(f"{backend.base_url}/metrics", timeout=10)
    assert metrics.status_code == 200
    assert "kiosk_heartbeats_received_total 2.0" in metrics.text
