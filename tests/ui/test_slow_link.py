"""The attract screen says when the link is slow before a card goes in, and stops saying it by
itself when the link is quick again (issue 19 item 3). The real window, controller, runner and
client, talking to the real backend through the link emulator (``tests.support.link``): the
controller's periodic departments refresh is the traffic it judges by."""

from __future__ import annotations

from pathlib import Path

from kiosk.client import BackendClient, BackendConfig
from kiosk.demo.cards import demo_card_read
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
from kiosk.qt.background import Background
from kiosk.ui.controller import KioskController
from tests.support.link import Link, Shape
from tests.support.server_proc import Backend
from tests.ui.conftest import all_text, show

SLOW_ZH = "现在与医院系统的网络连接较慢"
SLOW_EN = "The connection to the hospital system is slow right now"


def test_the_notice_is_on_the_attract_screen_in_both_languages(qtbot, make_window) -> None:
    window = make_window()
    session = fs.Session()
    session.handle(fs.LinkSpeed(True))
    show(window, session)
    assert SLOW_ZH in all_text(window) and "本机仍可正常使用" in all_text(window)
    assert window.current_screen().art.isVisible()  # a card may still go in
    window.set_language("en")
    qtbot.waitUntil(lambda: SLOW_EN in all_text(window))
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: SLOW_ZH in all_text(window))
    session.handle(fs.BackendStatus(reachable=False))
    show(window, session)
    assert SLOW_ZH not in all_text(window) and "暂停服务" in all_text(window)
    show(window, fs.Session())
    assert SLOW_ZH not in all_text(window)


def test_a_slow_link_is_said_and_unsaid_by_itself(qtbot, make_window, backend: Backend,
                                                  tmp_path: Path) -> None:
    window = make_window()
    link = Link(backend.port, Shape(latency=2.5))  # each answer takes longer than 2 s
    client = BackendClient(BackendConfig(base_url=link.base_url, token=backend.kiosk_token,
                                         read_timeout=15.0, deadline=20.0))
    journal = Journal.open(tmp_path / "journal.sqlite3")
    background = Background()
    controller = KioskController(
        window, Runner(client, journal,
                       lambda _reader, challenge: demo_card_read("eligible", challenge)),
        background=background, finish_every=0.5, busy_delay=0.0)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.session.view().link_slow, timeout=40_000)
        assert SLOW_ZH in all_text(window) and not controller.session.view().out_of_service
        link.set_shape(latency=0.0)
        qtbot.waitUntil(lambda: not controller.session.view().link_slow, timeout=30_000)
        assert SLOW_ZH not in all_text(window)
    finally:
        controller.stop()
        background.shutdown(15)
        client.close()
        journal.close()
        link.close()
