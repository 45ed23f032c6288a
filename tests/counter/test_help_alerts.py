"""Calls for help at the counter (issue 15 item 6), end to end on the real backend: a kiosk (the
real flow Session, Runner and client) asks for help; the counter, signed in, shows the request
(kiosk, location, screen, age) and sounds until a member of staff acknowledges it; the
acknowledgement stops the sound and the kiosk hears that staff are on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.client import BackendClient, BackendConfig
from kiosk.client.help import HelpRequest
from kiosk.counter.help_alerts import Chime, age_text, should_ring
from kiosk.flow import session as fs
from kiosk.flow.events import HelpStage
from kiosk.flow.help import HELP_CHECK_SECONDS
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
from tests.support import server_proc as sp

from .conftest import close_counter, open_counter

LOCATION = "门诊楼一层大厅 (outpatient hall, ground floor)"


def _request(help_id: int, acknowledged: bool = False) -> HelpRequest:
    return HelpRequest(help_id, "lobby-1", None, "bill", 30, acknowledged)


def test_the_chime_rings_while_a_request_is_open() -> None:
    assert not should_ring(())
    assert should_ring((_request(1, True), _request(2)))
    assert not should_ring((_request(1, True),))


def test_ages_read_as_staff_say_them(qapp) -> None:  # type: ignore[no-untyped-def]
    assert [age_text(s) for s in (0, 59, 60, 3599, 3600, 3900)] == [
        "0 s", "59 s", "1 min", "59 min", "1 h 00 min", "1 h 05 min"]


def test_a_chime_counts_its_plays_and_stops(qtbot) -> None:  # type: ignore[no-untyped-def]
    played: list[int] = []
    chime = Chime(lambda: played.append(1), interval_ms=20)
    chime.ring(True)
    chime.ring(True)  # ringing already: not a second chime at once
    assert chime.plays == 1
    qtbot.waitUntil(lambda: chime.plays >= 3)
    chime.ring(False)
    stopped_at = chime.plays
    qtbot.wait(100)
    assert chime.plays == stopped_at == len(played)


@pytest.fixture
def located_backend(tmp_path: Path, backend_template) -> Iterator[sp.Backend]:  # type: ignore[no-untyped-def]
    """The demo backend, knowing where kiosk ``lobby-1`` stands."""
    config = sp.write_config(tmp_path, sp.QUIET_CONFIG
                             + f'[kiosk_locations]\n"lobby-1" = "{LOCATION}"\n')
    server = sp.Backend(tmp_path / "backend", template=backend_template, config=config)
    server.start()
    yield server
    server.stop()


def kiosk_token(backend: sp.Backend, name: str) -> str:
    r = requests.post(f"{backend.base_url}/v1/admin/tokens",
                      json={"role": "kiosk", "name": name},
                      headers={"Authorization": f"Bearer {backend.staff_token('admin')}"},
                      timeout=10)
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


class KioskUnderTest:
    """A kiosk's flow as the app runs it, without the screens: the session, the runner, the
    real client with the kiosk's own token."""

    def __init__(self, backend: sp.Backend, token: str, journal: Path) -> None:
        self.client = BackendClient(BackendConfig(base_url=backend.base_url, token=token))
        self.journal = Journal.open(journal)
        self.runner = Runner(self.client, self.journal, lambda _reader, _challenge: None)  # type: ignore[arg-type, return-value]
        self.session = fs.Session()
        self.now = 0.0

    def feed(self, event: fs.Event) -> None:
        for effect in self.session.handle(event):
            for answer in self.runner.run(effect):
                self.feed(answer)

    def later(self, seconds: float) -> None:
        self.now += seconds
        self.feed(fs.Tick(self.now))

    def close(self) -> None:
        self.client.close()
        self.journal.close()


def test_a_kiosk_asks_the_counter_sounds_staff_acknowledge_the_kiosk_hears(
        qtbot, located_backend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kiosk = KioskUnderTest(located_backend, kiosk_token(located_backend, "lobby-1"),
                           tmp_path / "kiosk.sqlite3")
    counter = open_counter(qtbot, located_backend, tmp_path / "counter")
    try:
        counter.sign_in("clerk")
        chime = counter.window.supervision.help_desk.chime
        alerts = counter.window.supervision.help_alerts
        assert not alerts.isVisible() and chime.plays == 0

        kiosk.feed(fs.CallForHelp(now=kiosk.now))  # on the attract screen, no card
        assert kiosk.session.view().help == HelpStage.COMING  # the backend has it
        kiosk.feed(fs.CallForHelp(now=kiosk.now))  # a second tap: nothing more sent

        counter.window.supervision.help_desk.refresh()  # as the next poll would
        counter.wait(lambda: alerts.isVisible() and len(alerts.rows) == 1)
        text, button = alerts.rows[0]
        assert "lobby-1" in text.text() and LOCATION in text.text()
        assert "welcome (no card)" in text.text()  # the screen the patient is on
        assert chime.ringing and chime.plays >= 1

        counter.click(button)
        counter.wait(lambda: not alerts.isVisible())
        assert not chime.ringing
        plays = chime.plays
        qtbot.wait(200)
        assert chime.plays == plays  # the sound has stopped

        assert kiosk.session.view().help == HelpStage.COMING  # until it asks again
        kiosk.later(HELP_CHECK_SECONDS)
        assert kiosk.session.view().help == HelpStage.ON_THE_WAY
    finally:
        close_counter(counter)
        kiosk.close()


def test_a_call_that_cannot_reach_the_backend_says_so(tmp_path, live_backend) -> None:  # type: ignore[no-untyped-def]
    kiosk = KioskUnderTest(live_backend, live_backend.kiosk_token, tmp_path / "kiosk.sqlite3")
    try:
        live_backend.stop()
        kiosk.feed(fs.CallForHelp())
        assert kiosk.session.view().help == HelpStage.FAILED
    finally:
        kiosk.close()


def test_signing_out_stops_the_sound(qtbot, live_backend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kiosk = KioskUnderTest(live_backend, live_backend.kiosk_token, tmp_path / "kiosk.sqlite3")
    counter = open_counter(qtbot, live_backend, tmp_path / "counter")
    try:
        kiosk.feed(fs.CallForHelp())
        counter.sign_in("clerk")
        desk = counter.window.supervision.help_desk
        counter.wait(lambda: desk.chime.ringing)  # asked at once on sign-in
        counter.click(counter.window.sign_out_button)
        counter.wait(lambda: not desk.chime.ringing)
        assert not counter.window.supervision.help_alerts.isVisible()
    finally:
        close_counter(counter)
        kiosk.close()
