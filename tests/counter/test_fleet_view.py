"""The supervisors' fleet view at the counter (issue 18 item 6), from real heartbeats of kiosks
under test (``kiosk.flow.heartbeat.Heartbeat`` with the real client, each kiosk its own token and
journal): it lists the kiosks silent for over 2 minutes, out of paper, with a reader fault or a
growing outbox, counts the healthy ones, and is offered to supervisors only."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from kiosk.client import BackendClient, BackendConfig
from kiosk.client.help import Fleet, FleetKiosk
from kiosk.counter.fleet_view import problem_rows, problem_text
from kiosk.flow.heartbeat import Heartbeat
from kiosk.journal.store import Journal

from .test_help_alerts import kiosk_token


def _kiosk(name: str, *problems: str, silent: int = 0, depth: int = 0) -> FleetKiosk:
    return FleetKiosk(name, silent, "1.0", "ok", "ok", "ok", depth, None, tuple(problems))


def test_only_kiosks_with_problems_are_listed(qapp) -> None:  # type: ignore[no-untyped-def]
    fleet = Fleet((_kiosk("a", "silent", silent=185), _kiosk("b"), _kiosk("c")), 120)
    rows, healthy = problem_rows(fleet)
    assert [r.kiosk for r in rows] == ["a"] and healthy == 2
    assert problem_text("silent", rows[0].kiosk_state) == "silent for 3 min"
    assert problem_text("outbox_growing", _kiosk("d", depth=4)) == (
        "payments waiting to be sent: 4, growing")
    assert problem_text("out_of_paper", _kiosk("e")) == "out of paper"


def test_the_fleet_view_from_real_heartbeats(make_counter, live_backend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    opened = []

    def kiosk(name: str, **kwargs) -> Heartbeat:  # type: ignore[no-untyped-def]
        client = BackendClient(BackendConfig(base_url=live_backend.base_url,
                                             token=kiosk_token(live_backend, name)))
        journal = Journal.open(tmp_path / f"{name}.sqlite3")
        opened.append((client, journal))
        return Heartbeat(client, journal, "1.4.0", **kwargs)

    try:
        healthy = kiosk("lobby-1")
        no_paper = kiosk("lobby-2", printer=lambda: ("ok", "out"))
        no_reader = kiosk("ward-3")
        no_reader.on_reader_event(type("E", (), {"kind": "service_unavailable"})())
        growing = kiosk("ward-4")
        silent = kiosk("ward-5")
        for beat in (healthy, no_paper, no_reader, growing, silent):
            assert beat.send()
        for visit in ("901", "902"):  # two payments stuck in ward-4's outbox, beat by beat
            growing.journal.begin_settlement(visit, "p1", 10_000, 2_000)
            assert growing.send()
        with sqlite3.connect(live_backend.db_path) as db:  # ward-5 last heard 3 minutes ago
            db.execute("UPDATE kiosk_heartbeats SET received_at = ? WHERE kiosk = ?",
                       ((datetime.utcnow() - timedelta(minutes=3)).isoformat(" "),
                        "kiosk:ward-5"))

        counter = make_counter()
        counter.sign_in("clerk")
        assert not counter.window.supervision.fleet_button.isVisible()  # supervisors only
        counter.click(counter.window.sign_out_button)
        counter.sign_in("supervisor")
        button = counter.window.supervision.fleet_button
        assert button.isVisible()
        counter.click(button)
        fleet = counter.window.supervision.fleet_window
        counter.wait(lambda: fleet.loads >= 1)
        listed = {row.kiosk: row.problems for row in fleet.rows}
        demo = {k for k in listed if k.startswith("demo-")}  # the demo kiosk never beat here
        assert {k: v for k, v in listed.items() if k not in demo} == {
            "lobby-2": ("out_of_paper",), "ward-3": ("reader_fault",),
            "ward-4": ("outbox_growing",), "ward-5": ("silent",)}
        shown = [[fleet.table.item(i, j).text() for j in range(2)]
                 for i in range(fleet.table.rowCount())]
        assert ["ward-5", "silent for 3 min"] in shown
        assert ["lobby-2", "out of paper"] in shown
        assert "1 without a problem" in fleet.summary.text()
    finally:
        for client, journal in opened:
            client.close()
            journal.close()
