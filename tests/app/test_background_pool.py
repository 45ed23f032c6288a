"""The one background helper keeps serving new cards while questions hang on a dead backend.

A patient pulls the card and inserts it again and again while every eligibility question is
held (as by a backend that accepts and never answers, until the client's deadline): each new
read still starts at once on a free thread of the one pool, well within that deadline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.client import BackendClient, BackendConfig
from kiosk.demo.cards import demo_card_read
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
from kiosk.qt.background import Background
from tests.app.support import HoldingProxy
from tests.support.server_proc import Backend

CARDS = 6  # insertions while the questions of the ones before still hang


def test_reads_start_while_earlier_questions_hang(qtbot: Any, backend: Backend,
                                                  tmp_path: Path) -> None:
    proxy = HoldingProxy(backend.port, hold="request", match=b"/v1/eligibility")
    client = BackendClient(BackendConfig(base_url=proxy.base_url, token=backend.kiosk_token))
    journal = Journal.open(tmp_path / "journal.sqlite3")
    reads: list[str] = []

    def read_card(reader: str, challenge: bytes | None) -> Any:
        reads.append(reader)
        return demo_card_read("not_eligible", challenge)

    runner = Runner(client, journal, read_card)
    background = Background()
    answers: list[tuple[fs.Event, ...]] = []
    try:
        background.run(runner.finish_open, lambda _entries: None)
        background.run(runner.refresh_departments, lambda _listed: None)
        for generation in range(1, CARDS + 1):
            effect = fs.ReadCardAndCheck(generation, f"insertion {generation}")
            background.run(lambda effect=effect: runner.run(effect), answers.append)
            qtbot.waitUntil(lambda generation=generation: len(reads) == generation, timeout=3000)
        assert proxy.held.is_set() and answers == []  # every question still hangs
    finally:
        proxy.close()  # the held questions fail now
        assert background.shutdown(30)
        client.close()
        journal.close()
