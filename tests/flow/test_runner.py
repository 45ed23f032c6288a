"""The runner through its public behaviour: each effect in, the events it ends in out.

Against the real backend on loopback (``backend`` from ``tests/conftest.py``) with a journal of
its own; the card read is the injected boundary (the demo patients' records), so no reader is
needed. The backend's calls are counted, not replaced.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.client import BackendClient, BackendConfig
from kiosk.demo.cards import demo_card_read
from kiosk.domain.card import CardError, CardErrorCode
from kiosk.domain.reasons import Decision
from kiosk.flow import runner as runner_module
from kiosk.flow import session as fs
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
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
    """The demo patient whose card the next read reads."""
    return ["not_eligible"]


@pytest.fixture
def made(backend: Backend, tmp_path: Path, card: list[str]) -> Iterator[tuple[Runner, Counting]]:
    client = BackendClient(BackendConfig(base_url=backend.base_url, token=backend.kiosk_token))
    journal = Journal.open(tmp_path / "journal.sqlite3")
    counting = Counting(client)
    runner = Runner(client, journal, lambda _reader, challenge: demo_card_read(card[0], challenge))
    try:
        yield runner, counting
    finally:
        client.close()
        journal.close()


def test_reading_a_card_answers_with_the_read_then_the_decision(made) -> None:
    runner, counting = made
    read, answer = runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert read == fs.CardReadOk(1, demo_card_read("not_eligible"), today=read.today)
    assert read.record.proof is not None and read.record.proof.cryptogram  # authenticated
    assert read.today is not None  # the session works out the care-mode offer from it
    assert isinstance(answer, fs.EligibilityReceived) and answer.generation == 1
    assert answer.eligibility.decision == Decision.NOT_ELIGIBLE
    assert answer.eligibility.reasons  # the backend's own reasons, not a default
    assert counting.calls["eligibility"] == 1


def test_the_question_leaves_from_the_thread_that_read(made, card) -> None:
    runner, counting = made
    readers: list[threading.Thread] = []

    def read_card(_reader: str, challenge: bytes | None) -> Any:
        readers.append(threading.current_thread())
        return demo_card_read(card[0], challenge)

    runner.read_card = read_card
    runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert counting.threads == readers == [threading.current_thread()]


def test_a_failed_read_is_one_event_and_asks_nothing(made) -> None:
    runner, counting = made

    def pulled(_reader: str, _challenge: bytes | None) -> Any:
        raise CardError(CardErrorCode.CARD_REMOVED, "pulled during the read")

    runner.read_card = pulled
    assert runner.run(fs.ReadCardAndCheck(3, "reader")) == (
        fs.CardReadFailed(3, CardErrorCode.CARD_REMOVED),)
    assert counting.calls["eligibility"] == 0


def test_a_dead_backend_after_a_good_read_is_the_second_event(made, backend: Backend) -> None:
    runner, _counting = made
    backend.stop()
    read, answer = runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert isinstance(read, fs.CardReadOk)  # the read does not depend on the backend
    assert answer == fs.BackendUnavailable(1, "offline")
    backend.start()
    (retried,) = runner.run(fs.CheckEligibility(1, read.record))  # the retry asks again
    assert isinstance(retried, fs.EligibilityReceived)
    assert retried.eligibility.decision == Decision.NOT_ELIGIBLE


def test_a_retried_question_reads_the_card_again_with_a_fresh_challenge(
        made, card, backend: Backend) -> None:
    """The first try's challenge is spent (or was never had: the backend was down): the retry
    has the card, still in its reader, answer a fresh one, so an eligible patient is eligible."""
    runner, _counting = made
    card[0] = "eligible"
    backend.stop()
    read, answer = runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert answer == fs.BackendUnavailable(1, "offline")
    assert read.record.proof is None  # no challenge while the backend was away
    backend.start()
    (retried,) = runner.run(fs.CheckEligibility(1, read.record))
    assert isinstance(retried, fs.EligibilityReceived)
    assert retried.eligibility.decision == Decision.ELIGIBLE


def test_a_refusal_is_an_event_with_its_code(made) -> None:
    runner, _counting = made
    runner.run(fs.ReadCardAndCheck(1, "reader"))  # the patient session of generation 1
    (refused,) = runner.run(fs.LoadBill(1, 999_999))
    assert isinstance(refused, fs.RequestRejected) and refused.generation == 1
    assert refused.code == "visit_not_found"


def test_a_bug_is_raised_not_turned_into_an_event(made) -> None:
    runner, _counting = made

    def broken(_reader: str, _challenge: bytes | None) -> Any:
        raise KeyError("a bug in the card layer")

    runner.read_card = broken
    with pytest.raises(KeyError):
        runner.run(fs.ReadCardAndCheck(1, "reader"))


def test_the_patient_session_goes_with_its_generation_and_ends_with_the_card(
        made, card) -> None:
    """The eligibility answer's session reaches the patient's visits; another generation
    has none; ``EndSession`` (card out) ends it at the backend, not only in the runner."""
    runner, _counting = made
    card[0] = "eligible"
    client = runner.client
    tokens: list[str | None] = []
    ended: list[str] = []
    real_eligibility, real_end = client.eligibility, client.end_session

    def eligibility(record: Any) -> Any:
        answer = real_eligibility(record)
        tokens.append(answer.session_token)
        return answer

    def end_session(session: str, **kw: Any) -> None:
        ended.append(session)
        real_end(session, **kw)

    client.eligibility = eligibility  # type: ignore[method-assign]
    client.end_session = end_session  # type: ignore[method-assign]
    _read, answer = runner.run(fs.ReadCardAndCheck(4, "reader"))
    assert isinstance(answer, fs.EligibilityReceived) and tokens[0]
    (checked_in,) = runner.run(fs.CheckIn(4, answer.eligibility.patient_id, "INT"))
    assert isinstance(checked_in, fs.CheckedIn), checked_in
    visit_id = checked_in.ticket.visit_id
    (bill,) = runner.run(fs.LoadBill(4, visit_id))
    assert isinstance(bill, fs.BillReceived)
    (other,) = runner.run(fs.LoadBill(5, visit_id))  # a generation without a session
    assert other == fs.RequestRejected(5, "patient_session_ended", other.details)
    assert runner.run(fs.EndSession()) == ()
    assert ended == [tokens[0]]
    (after,) = runner.run(fs.LoadBill(4, visit_id))
    assert isinstance(after, fs.RequestRejected) and after.code == "patient_session_ended"
    from kiosk.client.errors import BackendRejected

    with pytest.raises(BackendRejected) as info:  # the backend ended it too
        client.bill(visit_id, session=tokens[0])
    assert info.value.http_status == 401


def test_effects_that_answer_nothing_answer_no_event(made) -> None:
    runner, counting = made
    assert runner.run(fs.EndSession()) == ()
    assert runner.run(fs.MarkReceiptShown(12345)) == ()
    assert counting.calls == {"eligibility": 0, "departments": 0}


def test_an_eligible_patient_gets_the_departments_refreshed_beforehand(
        made, card, monkeypatch) -> None:
    runner, counting = made
    card[0] = "eligible"
    runner.refresh_departments()
    assert counting.calls["departments"] == 1
    _read, answer = runner.run(fs.ReadCardAndCheck(1, "reader"))
    assert isinstance(answer, fs.EligibilityReceived)
    assert answer.eligibility.decision == Decision.ELIGIBLE
    assert {d.code for d in answer.departments} >= {"INT"}
    assert counting.calls["departments"] == 1  # no second round trip while the patient waits

    # a list older than DEPARTMENTS_MAX_AGE is fetched again when needed
    real_now = runner_module.time_monotonic
    monkeypatch.setattr(runner_module, "time_monotonic",
                        lambda: real_now() + runner_module.DEPARTMENTS_MAX_AGE + 1)
    _read, answer = runner.run(fs.ReadCardAndCheck(2, "reader"))
    assert isinstance(answer, fs.EligibilityReceived) and answer.departments
    assert counting.calls["departments"] == 2
