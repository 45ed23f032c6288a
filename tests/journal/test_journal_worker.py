"""Driving settlements to the end against an in-process ledger backend with scripted faults."""

from __future__ import annotations

import dataclasses
import datetime
import threading
from pathlib import Path

import pytest
from journal_doubles import FakeBackendError, LedgerBackend, classify_fake

from kiosk.journal import (
    CallResult,
    EntryState,
    Journal,
    Outcome,
    finish_open_entries,
    settle_entry,
)
from kiosk.journal.store import JournalError
from kiosk.journal.worker import status_event

BILL = (12_000, 3_000)


@pytest.fixture
def ledger() -> LedgerBackend:
    return LedgerBackend({"visit-1": BILL, "visit-2": (500, 500), "visit-3": (800, 0)})


def _begin(journal: Journal, visit: str = "visit-1", bill: tuple[int, int] = BILL):
    return journal.begin_settlement(visit, "patient-1", *bill)


def _keys_sent(ledger: LedgerBackend) -> set[str]:
    return {key for _, key in ledger.calls}


def test_happy_path(journal: Journal, ledger: LedgerBackend) -> None:
    entry = _begin(journal)
    done = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert done.state is EntryState.DONE and done.attempts == 1
    assert done.response == ledger.by_key[entry.idempotency_key]
    assert done.finished_at is not None and done.owner is None
    assert ledger.calls == [("settle", entry.idempotency_key)]
    assert [e.detail["to"] for e in journal.events(kind="settlement.step")] == ["done"]


def test_lost_answer_is_resolved_by_status_not_by_a_new_key(journal, ledger) -> None:
    entry = _begin(journal)
    ledger.fail_next("settle", "timeout_after")
    done = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert done.state is EntryState.DONE and done.attempts == 1
    assert ledger.calls == [("settle", entry.idempotency_key), ("status", entry.idempotency_key)]
    assert len(ledger.settlements_for("visit-1")) == 1


def test_not_received_is_sent_again_with_the_same_key(journal, ledger) -> None:
    entry = _begin(journal)
    ledger.fail_next("settle", "timeout_before")
    done = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert done.state is EntryState.DONE and done.attempts == 2
    assert [m for m, _ in ledger.calls] == ["settle", "status", "settle"]
    assert _keys_sent(ledger) == {entry.idempotency_key}
    assert len(ledger.settlements_for("visit-1")) == 1


def test_server_error_after_commit_is_checked(journal, ledger) -> None:
    entry = _begin(journal)
    ledger.fail_next("settle", "server_error_after")
    done = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert done.state is EntryState.DONE
    assert [m for m, _ in ledger.calls] == ["settle", "status"]


def test_offline_keeps_it_pending_for_later(journal, ledger) -> None:
    entry = _begin(journal)
    ledger.fail_next("settle", "offline")
    kept = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert kept.state is EntryState.PENDING and kept.last_error == "offline"
    assert kept.attempts == 1 and ledger.by_key == {}
    [again] = finish_open_entries(journal, ledger, classify=classify_fake)  # the backend is back
    assert again.state is EntryState.DONE and again.idempotency_key == entry.idempotency_key


def test_a_refusal_is_final_and_nothing_is_charged(journal, ledger) -> None:
    entry = _begin(journal, bill=(11_000, 3_000))  # the bill changed meanwhile
    refused = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert refused.state is EntryState.REJECTED and refused.last_error == "amount_changed"
    assert ledger.by_key == {}
    assert journal.open_entries() == []
    # the patient sees the new bill and taps again: a new entry with a new key
    again = _begin(journal)
    assert again.idempotency_key != entry.idempotency_key
    assert settle_entry(journal, ledger, again, classify=classify_fake).state is EntryState.DONE


def test_already_settled_elsewhere_ends_rejected(journal, ledger) -> None:
    ledger.settle("visit-1", "counter-key", *BILL)  # settled at the counter
    entry = _begin(journal)
    refused = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert refused.state is EntryState.REJECTED and refused.last_error == "already_settled"
    assert [m for m, _ in ledger.calls[1:]] == ["settle", "status"]
    assert len(ledger.settlements_for("visit-1")) == 1


def test_unknown_stays_unknown_while_status_cannot_be_asked(journal, ledger) -> None:
    entry = _begin(journal)
    ledger.fail_next("settle", "timeout_after")
    ledger.fail_next("status", "timeout_before")
    kept = settle_entry(journal, ledger, entry, classify=classify_fake)
    assert kept.state is EntryState.UNKNOWN
    ledger.fail_next("status", "offline")
    [still] = finish_open_entries(journal, ledger, classify=classify_fake)
    assert still.state is EntryState.UNKNOWN and still.last_error == "offline"
    ledger.fail_next("status", "reject:unauthenticated")
    [still] = finish_open_entries(journal, ledger, classify=classify_fake)
    assert still.state is EntryState.UNKNOWN and still.last_error == "unauthenticated"
    [done] = finish_open_entries(journal, ledger, classify=classify_fake)
    assert done.state is EntryState.DONE and done.attempts == 1
    assert [m for m, _ in ledger.calls].count("settle") == 1


def test_step_budget_bounds_one_run(journal, ledger) -> None:
    entry = _begin(journal)
    ledger.fail_next("settle", *["timeout_before"] * 10)
    kept = settle_entry(journal, ledger, entry, max_steps=4, classify=classify_fake)
    assert kept.is_open and len(ledger.calls) == 4
    assert _keys_sent(ledger) == {entry.idempotency_key}


def test_finish_open_entries_stops_when_offline(journal, ledger) -> None:
    first = _begin(journal, "visit-1")
    second = _begin(journal, "visit-2", (500, 500))
    ledger.fail_next("settle", "offline")
    results = finish_open_entries(journal, ledger, classify=classify_fake)
    assert [r.id for r in results] == [first.id]  # did not hammer an offline backend
    results = finish_open_entries(journal, ledger, classify=classify_fake)
    assert [(r.id, r.state) for r in results] == [
        (first.id, EntryState.DONE), (second.id, EntryState.DONE),
    ]  # fmt: skip
    assert finish_open_entries(journal, ledger, classify=classify_fake) == []


def test_an_entry_in_flight_in_this_process_is_left_alone(journal, ledger) -> None:
    entry = _begin(journal)
    claimed = journal.claim_for_sending(entry.id)
    assert claimed is not None
    assert finish_open_entries(journal, ledger, classify=classify_fake) == [claimed]
    assert settle_entry(journal, ledger, entry, classify=classify_fake) == claimed
    assert ledger.calls == []


def test_an_orphan_from_a_dead_process_is_asked_about(journal_path: Path, ledger) -> None:
    with Journal.open(journal_path) as dead:
        entry = dead.claim_for_sending(_begin(dead).id)
    assert entry is not None
    with Journal.open(journal_path) as alive:
        [done] = finish_open_entries(alive, ledger, classify=classify_fake)
    assert done.state is EntryState.DONE and done.attempts == 2
    assert [m for m, _ in ledger.calls] == ["status", "settle"]


def test_two_threads_send_once(journal_path: Path, ledger) -> None:
    """The tap path and the recovery worker racing on one entry: one settle call."""
    gate = threading.Event()
    sent: list[str] = []

    class SlowLedger(LedgerBackend):
        def settle(self, *args, **kwargs):
            sent.append(args[1])
            gate.wait(5)
            return ledger.settle(*args, **kwargs)

        def settlement_status(self, key):
            return ledger.settlement_status(key)

    slow = SlowLedger()
    with Journal.open(journal_path) as journal:
        entry = _begin(journal)
        results: list = []
        threads = [
            threading.Thread(target=lambda: results.append(
                settle_entry(journal, slow, entry, classify=classify_fake)))
            for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        while not sent:
            threading.Event().wait(0.01)
        gate.set()
        for thread in threads:
            thread.join()
        assert sent == [entry.idempotency_key]
        assert journal.entry(entry.id).state is EntryState.DONE
    assert len(ledger.settlements_for("visit-1")) == 1


def test_result_after_the_card_was_pulled(journal, ledger) -> None:
    """The flow sent it, the card went, recovery finished it: shown at the next insertion."""
    entry = _begin(journal)
    ledger.fail_next("settle", "timeout_after")
    ledger.fail_next("status", "offline")
    assert settle_entry(journal, ledger, entry, classify=classify_fake).state is EntryState.UNKNOWN
    assert journal.result_for_patient("patient-1") is None  # still open
    finish_open_entries(journal, ledger, classify=classify_fake)
    shown = journal.result_for_patient("patient-1")
    assert shown is not None and shown.response["settlement_no"] == "S000001"
    assert journal.result_for_patient("patient-1") is None


def test_a_bad_answer_is_treated_as_not_heard(journal, ledger) -> None:
    class Odd(LedgerBackend):
        def settle(self, *args, **kwargs):
            ledger.settle(*args, **kwargs)
            return "OK"  # not the settlement

        def settlement_status(self, key):
            return ledger.settlement_status(key)

    done = settle_entry(journal, Odd(), _begin(journal), classify=classify_fake)
    assert done.state is EntryState.DONE and done.response["settlement_no"] == "S000001"


def test_unknown_entry_id(journal, ledger) -> None:
    with pytest.raises(JournalError) as info:
        settle_entry(journal, ledger, 42, classify=classify_fake)
    assert info.value.code == "no_such_entry"


def test_a_custom_classifier_is_used(journal, ledger) -> None:
    entry = _begin(journal)
    ledger.fail_next("settle", "offline")
    seen: list[BaseException] = []

    def classify(exc: BaseException) -> CallResult:
        seen.append(exc)
        return CallResult(Outcome.NO_ANSWER)

    done = settle_entry(journal, ledger, entry, classify=classify)
    assert len(seen) == 1 and done.state is EntryState.DONE


# ------------------------------------------------- answers shaped like kiosk.client's models


@dataclasses.dataclass(frozen=True)
class _Settlement:
    settlement_id: int
    visit_id: int
    created_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class _Status:
    state: str
    settlement: _Settlement | None = None


_S1 = _Settlement(7, 1, datetime.datetime(2025, 3, 1, 8, 30, tzinfo=datetime.UTC))
_S1_JSON = {"settlement_id": 7, "visit_id": 1, "created_at": "2025-03-01 08:30:00+00:00"}


@pytest.mark.parametrize(
    ("status", "event", "response"),
    [
        (None, CallResult(Outcome.STATUS_NOT_FOUND), None),
        ({"settlement_id": 7}, CallResult(Outcome.STATUS_SETTLED), {"settlement_id": 7}),
        (_S1, CallResult(Outcome.STATUS_SETTLED), _S1_JSON),
        (_Status("settled", _S1), CallResult(Outcome.STATUS_SETTLED), _S1_JSON),
        (_Status("not_found"), CallResult(Outcome.STATUS_NOT_FOUND), None),
        (_Status("in_progress"), CallResult(Outcome.NO_ANSWER, "settlement_in_progress"), None),
        (_Status("settled", None), CallResult(Outcome.NO_ANSWER, "bad_response"), None),
        (_Status("weird"), CallResult(Outcome.NO_ANSWER, "bad_response"), None),
        ("settled", CallResult(Outcome.NO_ANSWER, "bad_response"), None),
    ],
)
def test_status_event(status: object, event: CallResult, response: dict | None) -> None:
    assert status_event(status) == (event, response)


def test_dataclass_answers_are_stored_as_json(journal, ledger) -> None:
    class Typed:
        def settle(self, visit_id, key, total, cash):
            ledger.settle(visit_id, key, total, cash)
            raise FakeBackendError(outcome_unknown=True)  # the answer got lost

        def settlement_status(self, key):
            return _Status("settled", _S1) if ledger.by_key.get(key) else _Status("not_found")

    done = settle_entry(journal, Typed(), _begin(journal), classify=classify_fake)
    assert done.state is EntryState.DONE and done.response == _S1_JSON


def test_in_progress_is_kept_for_later(journal, ledger) -> None:
    class Busy(LedgerBackend):
        def settle(self, *args):
            raise FakeBackendError(outcome_unknown=True)

        def settlement_status(self, key):
            return _Status("in_progress")

    kept = settle_entry(journal, Busy(), _begin(journal), classify=classify_fake)
    assert kept.state is EntryState.UNKNOWN and kept.last_error == "settlement_in_progress"


def test_the_real_client_status_shape() -> None:
    models = pytest.importorskip("kiosk.client.models")
    assert status_event(models.SettlementStatus("not_found"))[0].outcome is (
        Outcome.STATUS_NOT_FOUND
    )
    assert status_event(models.SettlementStatus("in_progress"))[0].outcome is Outcome.NO_ANSWER
