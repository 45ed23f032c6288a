"""What the runner dates goes by the backend's clock, not a drifting PC's (issue 19 item 6):
the date the card is judged on (care mode's age) and the opening hours of the departments a
patient may check in to. The PC here reads 02:30 on 1 December while the backend's clock says
23:30 on 30 November (``tests.support.clocks``). Against the real backend on loopback."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest

from kiosk.client import BackendClient, BackendConfig
from kiosk.demo.cards import demo_card_read
from kiosk.flow import session as fs
from kiosk.flow.care import offers_care
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
from tests.support.clocks import PC_LOCAL, backend_local, pc_clock_fast
from tests.support.server_proc import Backend


@pytest.fixture
def runner(backend: Backend, tmp_path: Path) -> Iterator[Runner]:
    client = BackendClient(BackendConfig(base_url=backend.base_url, token=backend.kiosk_token))
    journal = Journal.open(tmp_path / "journal.sqlite3")
    try:
        yield Runner(client, journal,
                     lambda _reader, challenge: demo_card_read("eligible", challenge),
                     clock=pc_clock_fast(3))
    finally:
        client.close()
        journal.close()


def test_the_card_is_judged_on_the_backends_date(runner: Runner) -> None:
    read, _answer = runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert isinstance(read, fs.CardReadOk)
    assert read.today == date(2026, 11, 30) != PC_LOCAL.date()
    # born 1 December 1961: 65 by the PC's date, still 64 by the backend's - no care offer yet
    assert not offers_care(date(1961, 12, 1), read.today)
    assert offers_care(date(1961, 12, 1), PC_LOCAL.date())


def test_opening_hours_follow_the_backends_time(runner: Runner, backend: Backend) -> None:
    # Internal medicine opens late in the evening only: open by the backend's 23:30, closed by
    # the PC's 02:30
    with contextlib.closing(sqlite3.connect(backend.db_path)) as db, db:
        db.execute("UPDATE departments SET opens = '23:00', closes = '24:00' WHERE code = 'INT'")
    _read, answer = runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert isinstance(answer, fs.EligibilityReceived)
    (internal,) = [d for d in answer.departments if d.code == "INT"]
    assert internal.is_open
    assert backend_local(3).time() == time(23, 30)

