"""A patient whose session ended at the backend is told so, not "this kiosk is not working".

The whole path: the real backend on loopback, the real runner and journal, the real flow
session and the real ``MainWindow``; the card read is the demo patient's record (the injected
boundary of ``kiosk.flow.runner``). The patient checks in, a department posts a charge, the
patient comes back and sees the itinerary; the backend's session then ends (as it does after
``patient_session_idle_seconds`` without use, or at a card out), the patient asks for the
bill, and the screen says the session has ended and to insert the card again. Card out
returns to the start screen; the card inserted again reaches the same bill.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.client import BackendClient, BackendConfig
from kiosk.client.api import DepartmentClient
from kiosk.demo.cards import demo_card_read
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.flow.session import Session, State
from kiosk.journal.store import Journal
from kiosk.ui import spoken
from kiosk.ui.window import MainWindow
from tests.support.server_proc import Backend

from .conftest import all_text, show

READER = "Virtual PCD 00 00"


class Kiosk:
    """The flow session fed by the runner, every view shown in the window."""

    def __init__(self, runner: Runner, window: MainWindow) -> None:
        self.runner, self.window, self.session = runner, window, Session()
        self.tokens: list[str] = []  # the backend's patient sessions, as eligibility gave them
        real = runner.client.eligibility

        def eligibility(*args: Any, **kwargs: Any) -> Any:
            answer = real(*args, **kwargs)
            self.tokens.append(answer.session_token)
            return answer

        runner.client.eligibility = eligibility  # type: ignore[method-assign]

    def do(self, event: fs.Event) -> State:
        todo = [event]
        while todo:
            for effect in self.session.handle(todo.pop(0)):
                todo.extend(self.runner.run(effect))
        show(self.window, self.session)
        return self.session.state


@pytest.fixture
def kiosk(backend: Backend, tmp_path: Path, window: MainWindow) -> Iterator[Kiosk]:
    client = BackendClient(BackendConfig(base_url=backend.base_url, token=backend.kiosk_token))
    journal = Journal.open(tmp_path / "journal.sqlite3")
    runner = Runner(client, journal,
                    lambda _reader, challenge: demo_card_read("eligible", challenge))
    try:
        yield Kiosk(runner, window)
    finally:
        client.close()


def test_an_ended_session_says_insert_the_card_again_and_card_out_starts_over(
        kiosk: Kiosk, backend: Backend) -> None:
    assert kiosk.do(fs.CardInserted(READER)) == State.CHECK_IN
    kiosk.do(fs.ChooseDepartment(backend.department_code))
    assert kiosk.do(fs.ConfirmCheckIn()) == State.TICKET
    visit_id = kiosk.session.view().ticket.visit_id
    with DepartmentClient(BackendConfig(base_url=backend.base_url,
                                        token=backend.department_token)) as department:
        department.post_charge(visit_id, item_code="LAB-1", name="血常规", category="lab",
                               insurance_class="A", unit_price_fen=2_500)
    assert kiosk.do(fs.CardRemoved(READER)) == State.ATTRACT
    assert kiosk.do(fs.CardInserted(READER)) == State.ITINERARY

    kiosk.runner.client.end_session(kiosk.tokens[-1])  # the backend ends it, the kiosk knows not
    assert kiosk.do(fs.ShowBill()) == State.ERROR
    text = all_text(kiosk.window)
    assert "这台自助机暂时不能使用" not in text and "请换一台自助机" not in text
    assert "您的本次服务已结束" in text and "没有扣取任何费用" in text
    assert "请取出您的卡，再重新插入" in text
    view = kiosk.session.view()
    assert view.error is not None and view.error.code == "patient_session_ended"
    said = spoken.prompt(view)  # the voice says the same
    assert "您的本次服务已结束" in said and "这台自助机暂时不能使用" not in said
    kiosk.window.set_language("en")
    QApplication.processEvents()
    text = all_text(kiosk.window)
    assert "Your session has ended" in text and "Nothing was charged." in text
    assert "This kiosk is not working right now" not in text
    kiosk.window.set_language("zh_CN")

    assert kiosk.do(fs.CardRemoved(READER)) == State.ATTRACT
    assert kiosk.window.current_screen() is kiosk.window.screens[State.ATTRACT]
    assert "您的本次服务已结束" not in all_text(kiosk.window)
    assert kiosk.do(fs.CardInserted(READER)) == State.ITINERARY
    assert kiosk.do(fs.ShowBill()) == State.BILL  # nothing was charged: the same bill
    assert kiosk.session.view().bill.split.medfee_sumamt_fen == 2_500
