"""When the card comes out, the kiosk ends the patient's session at the backend at once: the
session bound to that card no longer reaches the patient's visits (the next person at the
kiosk, or anyone who copied it, cannot use what is left of its idle time)."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

import pytest

from kiosk.flow.session import State
from tests.app.screens import Taps, wait_screen
from tests.app.test_journeys import check_in

pytestmark = pytest.mark.pcsc


def live_sessions(backend: Any) -> list[tuple[str | None]]:
    with contextlib.closing(sqlite3.connect(backend.db_path)) as db:
        return db.execute("SELECT end_reason FROM patient_sessions WHERE ended_at IS NULL"
                          ).fetchall()


def ended_by_card_out(backend: Any) -> int:
    with contextlib.closing(sqlite3.connect(backend.db_path)) as db:
        return int(db.execute("SELECT count(*) FROM patient_sessions "
                              "WHERE end_reason = 'card_out'").fetchone()[0])


def test_pulling_the_card_ends_the_patient_session_at_the_backend(qtbot, kiosk, backend,
                                                                  virtual_card) -> None:
    app = kiosk()
    card = virtual_card("eligible")
    check_in(qtbot, app, Taps(qtbot))
    assert len(live_sessions(backend)) == 1  # the eligibility answer opened it
    card.remove()
    wait_screen(qtbot, app, State.ATTRACT)
    qtbot.waitUntil(lambda: ended_by_card_out(backend) == 1, timeout=10000)
    assert live_sessions(backend) == []
