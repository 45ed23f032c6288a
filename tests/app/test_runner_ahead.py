"""The runner asks ahead: the eligibility question leaves the moment the card is read, and the
departments list comes from a background refresh. Against the real backend on loopback; the
card read is the injected boundary (the demo patients' records), so no reader is needed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import backend_config
from kiosk.client import BackendClient
from kiosk.demo.fixtures import demo_card_record
from kiosk.domain.card import CardError, CardErrorCode
from kiosk.domain.reasons import Decision
from kiosk.flow import runner as runner_module
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
from tests.app.support import HoldingProxy
from tests.support.server_proc import Backend


class Counting:
    """The real client, with the calls of two endpoints counted (not replaced)."""

    def __init__(self, client: BackendClient) -> None:
        self.calls = {"eligibility": 0, "departments": 0}
        self.threads: list[threading.Thread] = []  # the thread of each call
        for name in self.calls:
            real = getattr(client, name)

            def counted(*args: Any, _real: Any = real, _name: str = name) -> Any:
                self.calls[_name] += 1
                self.threads.append(threading.current_thread())
                return _real(*args)

            setattr(client, name, counted)


@pytest.fixture
def card() -> list[str]:
    """The demo patient whose card the next ``ReadCard`` reads."""
    return ["not_eligible"]


@pytest.fixture
def made(backend: Backend, tmp_path: Path, card: list[str]) -> Iterator[tuple[Runner, Counting]]:
    client = BackendClient(backend_config(backend.base_url, backend.kiosk_token))
    journal = Journal.open(tmp_path / "journal.sqlite3")
    counting = Counting(client)
    runner = Runner(client, journal, lambda _reader: demo_card_record(card[0]))
    try:
        yield runner, counting
    finally:
        runner.close()
        client.close()
        journal.close()


def test_the_session_gets_the_answer_asked_ahead_with_one_request(made) -> None:
    runner, counting = made
    read = runner.run(fs.ReadCard(1, "reader"))
    assert isinstance(read, fs.CardReadOk)
    answer = runner.run(fs.CheckEligibility(1, read.record))
    assert isinstance(answer, fs.EligibilityReceived) and answer.generation == 1
    assert answer.eligibility.decision == Decision.NOT_ELIGIBLE
    assert answer.eligibility.reasons  # the backend's own reasons, not a default
    assert counting.calls["eligibility"] == 1


def test_an_answer_asked_ahead_is_used_once_and_only_for_its_card(made, card) -> None:
    runner, counting = made
    read = runner.run(fs.ReadCard(1, "reader"))
    assert isinstance(read, fs.CardReadOk)
    other = demo_card_record("first_time")
    answer = runner.run(fs.CheckEligibility(1, other))  # not the card read: asked afresh
    assert isinstance(answer, fs.EligibilityReceived)
    assert answer.eligibility.decision == Decision.NOT_LINKED
    retry = runner.run(fs.CheckEligibility(1, read.record))  # a retry asks again
    assert isinstance(retry, fs.EligibilityReceived)
    assert retry.eligibility.decision == Decision.NOT_ELIGIBLE
    assert counting.calls["eligibility"] == 3


def test_a_pulled_card_leaves_nothing_asked_ahead(made) -> None:
    runner, counting = made
    read = runner.run(fs.ReadCard(4, "reader"))
    assert isinstance(read, fs.CardReadOk)
    runner.forget(5)  # the card came out: the session of generation 4 is over
    assert runner._asked is None  # the card record is not kept
    answer = runner.run(fs.CheckEligibility(4, read.record))
    assert isinstance(answer, fs.EligibilityReceived)
    assert counting.calls["eligibility"] == 2  # asked again, not taken from before


def test_a_read_of_a_forgotten_session_asks_nothing_ahead(made) -> None:
    runner, counting = made
    runner.forget(9)  # a card pulled while its read was still running
    read = runner.run(fs.ReadCard(8, "reader"))
    assert isinstance(read, fs.CardReadOk)
    assert runner._asked is None
    assert counting.calls["eligibility"] == 0


def test_a_backend_failure_asked_ahead_reaches_the_session(made, backend: Backend) -> None:
    runner, _counting = made
    backend.stop()
    read = runner.run(fs.ReadCard(1, "reader"))
    assert isinstance(read, fs.CardReadOk)  # the read does not depend on the backend
    answer = runner.run(fs.CheckEligibility(1, read.record))
    assert isinstance(answer, fs.BackendUnavailable)
    assert answer.kind == "offline"


def test_an_eligible_patient_gets_the_departments_refreshed_beforehand(
        made, card, monkeypatch) -> None:
    runner, counting = made
    card[0] = "eligible"
    runner.refresh_departments()
    assert counting.calls["departments"] == 1
    read = runner.run(fs.ReadCard(1, "reader"))
    answer = runner.run(fs.CheckEligibility(1, read.record))
    assert isinstance(answer, fs.EligibilityReceived)
    assert answer.eligibility.decision == Decision.ELIGIBLE
    assert {d.code for d in answer.departments} >= {"INT"}
    assert counting.calls["departments"] == 1  # no second round trip while the patient waits

    # a list older than DEPARTMENTS_MAX_AGE is fetched again when needed
    real_now = runner_module.time_monotonic
    monkeypatch.setattr(runner_module, "time_monotonic",
                        lambda: real_now() + runner_module.DEPARTMENTS_MAX_AGE + 1)
    read = runner.run(fs.ReadCard(2, "reader"))
    answer = runner.run(fs.CheckEligibility(2, read.record))
    assert isinstance(answer, fs.EligibilityReceived) and answer.departments
    assert counting.calls["departments"] == 2


# -- submit: the read and the question on the runner's own thread ----------------------------


def test_submit_reads_then_asks_on_the_same_thread_without_a_hand_over(made, card) -> None:
    runner, counting = made
    readers: list[threading.Thread] = []

    def read_card(_reader: str) -> Any:
        readers.append(threading.current_thread())
        return demo_card_record(card[0])

    runner.read_card = read_card
    read_future = runner.submit(fs.ReadCard(1, "reader"))
    assert read_future is not None
    read = read_future.result(10)
    assert isinstance(read, fs.CardReadOk)
    answer_future = runner.submit(fs.CheckEligibility(1, read.record))
    assert answer_future is not None  # the answer asked ahead, not a new question
    answer = answer_future.result(10)
    assert isinstance(answer, fs.EligibilityReceived)
    assert answer.eligibility.decision == Decision.NOT_ELIGIBLE
    assert counting.calls["eligibility"] == 1
    assert readers[0] is not threading.current_thread()
    assert counting.threads == readers  # the question left from the thread that read
    # taken once: asking again for the same card is the caller's to run
    assert runner.submit(fs.CheckEligibility(1, read.record)) is None


def test_submit_carries_only_reads_and_answers_asked_ahead(made) -> None:
    runner, counting = made
    record = demo_card_record("not_eligible")
    assert runner.submit(fs.CheckEligibility(1, record)) is None  # nothing asked ahead
    assert runner.submit(fs.LoadBill(1, 7)) is None
    assert runner.submit(fs.EndSession()) is None
    assert counting.calls["eligibility"] == 0


def test_a_failed_read_submitted_is_an_event_and_asks_nothing(made) -> None:
    runner, counting = made

    def pulled(_reader: str) -> Any:
        raise CardError(CardErrorCode.CARD_REMOVED, "pulled during the read")

    runner.read_card = pulled
    read_future = runner.submit(fs.ReadCard(3, "reader"))
    assert read_future is not None
    read = read_future.result(10)
    assert read == fs.CardReadFailed(3, CardErrorCode.CARD_REMOVED)
    assert runner._asked is None and counting.calls["eligibility"] == 0


def test_a_backend_failure_asked_ahead_is_an_event_in_the_future(made, backend: Backend) -> None:
    runner, _counting = made
    backend.stop()
    read_future = runner.submit(fs.ReadCard(1, "reader"))
    assert read_future is not None
    read = read_future.result(10)
    assert isinstance(read, fs.CardReadOk)
    answer_future = runner.submit(fs.CheckEligibility(1, read.record))
    assert answer_future is not None
    answer = answer_future.result(30)  # an event, not an exception
    assert isinstance(answer, fs.BackendUnavailable) and answer.kind == "offline"


def test_close_finishes_a_read_under_way_and_then_refuses(made) -> None:
    runner, counting = made
    started, release = threading.Event(), threading.Event()

    def slow_read(_reader: str) -> Any:
        started.set()
        release.wait(10)
        return demo_card_record("not_eligible")

    runner.read_card = slow_read
    read_future = runner.submit(fs.ReadCard(1, "reader"))
    assert read_future is not None and started.wait(5)
    threading.Timer(0.2, release.set).start()
    runner.close()  # waits for the read
    assert read_future.done()
    read = read_future.result()
    assert isinstance(read, fs.CardReadOk)
    assert counting.calls["eligibility"] == 0  # closing: nothing asked ahead
    assert runner.submit(fs.ReadCard(2, "reader")) is None
    runner.read_card = lambda _reader: demo_card_record("not_eligible")
    assert isinstance(runner.run(fs.ReadCard(2, "reader")), fs.CardReadOk)  # read in place


def test_questions_hanging_on_a_dead_backend_do_not_hold_up_the_next_read(
        backend: Backend, tmp_path: Path) -> None:
    # every eligibility question is held (as by a backend that accepts and never answers,
    # until the client's read timeout); the patient pulls the card and inserts it again and
    # again: each read comes at once, well within that timeout, while the earlier questions
    # still hang (with two threads, the third read waited for the first question to fail)
    proxy = HoldingProxy(backend.port, hold="request", match=b"/v1/eligibility")
    client = BackendClient(backend_config(proxy.base_url, backend.kiosk_token))
    journal = Journal.open(tmp_path / "journal.sqlite3")
    runner = Runner(client, journal, lambda _reader: demo_card_record("not_eligible"))
    try:
        for generation in range(1, runner_module.AHEAD_THREADS + 1):
            read_future = runner.submit(fs.ReadCard(generation, "reader"))
            assert read_future is not None
            assert isinstance(read_future.result(2), fs.CardReadOk)
            assert proxy.held.wait(5)
            runner.forget(generation + 1)  # the card came out
    finally:
        proxy.close()  # the held questions fail now, and the runner can close
        runner.close()
        client.close()
        journal.close()
