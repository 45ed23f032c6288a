"""The runner asks ahead: the eligibility question leaves the moment the card is read, and the
departments list comes from a background refresh. Against the real backend on loopback; the
card read is the injected boundary (the demo patients' records), so no reader is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import backend_config
from kiosk.client import BackendClient
from kiosk.demo_panel import demo_card_record
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
        for name in self.calls:
            real = getattr(client, name)

            def counted(*args: Any, _real: Any = real, _name: str = name) -> Any:
                self.calls[_name] += 1
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
