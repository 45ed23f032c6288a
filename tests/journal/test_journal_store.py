"""The store itself: connection settings, schema versions, transactions, outbox, settings."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.journal import CallResult, EntryState, Journal, JournalError, Outcome, PersonalDataError
from kiosk.journal.recovery import Action, Step
from kiosk.journal.schema import SCHEMA_VERSION


def test_connection_settings(journal: Journal) -> None:
    assert journal.pragma("journal_mode") == "wal"
    assert journal.pragma("synchronous") == 2  # FULL
    assert journal.pragma("foreign_keys") == 1
    assert journal.pragma("busy_timeout") == 5000
    assert journal.schema_version == SCHEMA_VERSION


def test_reopen_keeps_data_and_does_not_migrate_again(journal_path: Path) -> None:
    with Journal.open(journal_path) as first:
        entry = first.begin_settlement("visit-1", "patient-1", 12_000, 3_000)
    with Journal.open(journal_path) as second:
        assert second.schema_version == SCHEMA_VERSION
        assert second.entry(entry.id) == entry


def test_a_newer_file_is_refused(journal_path: Path) -> None:
    Journal.open(journal_path).close()
    conn = sqlite3.connect(journal_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(JournalError) as info:
        Journal.open(journal_path)
    assert info.value.code == "journal_too_new"


def test_write_rolls_back_on_error(journal: Journal) -> None:
    with pytest.raises(RuntimeError), journal.write() as db:
        db["settings"].insert({"key": "a", "value": "1", "updated_at": "x"})
        db["settings"].insert({"key": "b", "value": "2", "updated_at": "x"})
        raise RuntimeError("boom")
    assert journal.settings() == {}


def test_write_takes_the_write_lock_up_front(journal: Journal, journal_path: Path) -> None:
    other = sqlite3.connect(journal_path, isolation_level=None, timeout=0.05)
    with journal.write():
        # BEGIN IMMEDIATE holds the RESERVED lock: nobody else may even start a write.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        # ... while readers still read (WAL).
        assert other.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_begin_settlement_writes_a_pending_entry(journal: Journal) -> None:
    entry = journal.begin_settlement("visit-1", "patient-1", 12_345, 2_345)
    assert entry.state is EntryState.PENDING
    assert (entry.medfee_sumamt_fen, entry.psn_cash_pay_fen) == (12_345, 2_345)
    assert entry.attempts == 0 and entry.response is None and entry.last_error is None
    assert len(entry.idempotency_key) == 36
    assert journal.open_entries() == [entry]
    assert journal.entry_for_key(entry.idempotency_key) == entry
    assert journal.entry_for_visit("visit-1") == entry
    [event] = journal.events(kind="settlement.written")
    assert event.correlation_id == entry.idempotency_key


def test_second_tap_returns_the_same_entry(journal: Journal, journal_path: Path) -> None:
    first = journal.begin_settlement("visit-1", "patient-1", 12_000, 3_000)
    assert journal.begin_settlement("visit-1", "patient-1", 12_000, 3_000) == first
    # ... even with other amounts, and from another connection (a restarted kiosk).
    with Journal.open(journal_path) as again:
        assert again.begin_settlement("visit-1", "patient-1", 99_000, 0) == first
    assert len(journal.open_entries()) == 1


def test_a_done_entry_blocks_a_new_one_and_a_rejected_one_does_not(journal: Journal) -> None:
    done = _finish(journal, "visit-1", CallResult(Outcome.ACCEPTED), {"settlement_no": "S1"})
    assert done.state is EntryState.DONE
    assert journal.begin_settlement("visit-1", "patient-1", 100, 10) == done

    refused = _finish(journal, "visit-2", CallResult(Outcome.REJECTED, "amount_changed", 409))
    assert refused.state is EntryState.REJECTED
    fresh = journal.begin_settlement("visit-2", "patient-1", 120, 10)
    assert fresh.id != refused.id and fresh.idempotency_key != refused.idempotency_key
    assert fresh.state is EntryState.PENDING


def test_the_database_itself_refuses_two_live_entries_per_visit(journal: Journal) -> None:
    journal.begin_settlement("visit-1", "patient-1", 100, 10)
    with pytest.raises(sqlite3.IntegrityError), journal.write() as db:
        db["outbox"].insert(
            {"visit_id": "visit-1", "patient_ref": "p", "idempotency_key": "k2",
             "medfee_sumamt_fen": 1, "psn_cash_pay_fen": 0, "state": "unknown",
             "created_at": "t", "updated_at": "t"}
        )  # fmt: skip
    assert len(journal.open_entries()) == 1


def test_concurrent_taps_make_one_entry(journal_path: Path) -> None:
    journals = [Journal.open(journal_path) for _ in range(4)]
    keys: list[str] = []
    barrier = threading.Barrier(len(journals))

    def tap(j: Journal) -> None:
        barrier.wait()
        keys.append(j.begin_settlement("visit-1", "patient-1", 500, 50).idempotency_key)

    threads = [threading.Thread(target=tap, args=(j,)) for j in journals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for j in journals:
        j.close()
    assert len(keys) == 4 and len(set(keys)) == 1


@pytest.mark.parametrize(
    ("total", "cash", "code"),
    [
        (10.5, 0, "invalid_amount"),
        (1000, 0.5, "invalid_amount"),
        (-1, 0, "invalid_amount"),
        (100, -1, "invalid_amount"),
        (100, 101, "invalid_amount"),
        (True, 0, "invalid_amount"),
        ("100", 0, "invalid_amount"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(
    journal: Journal, total: object, cash: object, code: str
) -> None:
    with pytest.raises(JournalError) as info:
        journal.begin_settlement("visit-1", "patient-1", total, cash)  # type: ignore[arg-type]
    assert info.value.code == code
    assert journal.open_entries() == []


@pytest.mark.parametrize(
    ("visit_id", "patient_ref"),
    [
        ("990101195603140023", "patient-1"),
        ("visit-1", "990101195603140023"),
        ("visit-1", "林秀英"),
        ("", "patient-1"),
        ("visit-1", "x" * 200),
        ("visit\n1", "patient-1"),
    ],
)
def test_ids_that_look_like_personal_data_are_refused(
    journal: Journal, visit_id: str, patient_ref: str
) -> None:
    with pytest.raises(PersonalDataError):
        journal.begin_settlement(visit_id, patient_ref, 100, 10)
    assert journal.open_entries() == []


def test_claim_for_sending_is_compare_and_set(journal: Journal, journal_path: Path) -> None:
    entry = journal.begin_settlement("visit-1", "patient-1", 100, 10)
    with Journal.open(journal_path) as other:
        claimed = other.claim_for_sending(entry.id)
        assert claimed is not None and claimed.state is EntryState.SENDING
        assert claimed.attempts == 1 and claimed.owner == other.owner
        assert journal.claim_for_sending(entry.id) is None


def test_record_step_refuses_a_stale_entry(journal: Journal) -> None:
    entry = journal.claim_for_sending(journal.begin_settlement("v", "p", 100, 10).id)
    assert entry is not None
    step = Step(EntryState.UNKNOWN, Action.QUERY_STATUS)
    moved = journal.record_step(entry, step, CallResult(Outcome.NO_ANSWER))
    assert moved.state is EntryState.UNKNOWN and moved.owner is None
    with pytest.raises(JournalError) as info:
        journal.record_step(entry, step, CallResult(Outcome.NO_ANSWER))  # 'sending' is gone
    assert info.value.code == "stale_entry"


def test_done_needs_the_backend_answer(journal: Journal) -> None:
    entry = journal.claim_for_sending(journal.begin_settlement("v", "p", 100, 10).id)
    assert entry is not None
    with pytest.raises(JournalError) as info:
        journal.record_step(entry, Step(EntryState.DONE, Action.SHOW_RESULT),
                            CallResult(Outcome.ACCEPTED))  # fmt: skip
    assert info.value.code == "response_required"
    assert journal.entry(entry.id) == entry


def test_result_for_patient_is_shown_once(journal: Journal) -> None:
    assert journal.result_for_patient("patient-1") is None
    done = _finish(journal, "visit-1", CallResult(Outcome.ACCEPTED), {"settlement_no": "S9"})
    assert journal.result_for_patient("patient-2") is None
    peek = journal.result_for_patient("patient-1", mark_shown=False)
    assert peek is not None and peek.id == done.id and peek.shown_at is None
    shown = journal.result_for_patient("patient-1")
    assert shown is not None and shown.response == {"settlement_no": "S9"}
    assert shown.shown_at is not None
    assert journal.result_for_patient("patient-1") is None


def test_open_results_are_not_results(journal: Journal) -> None:
    journal.begin_settlement("visit-1", "patient-1", 100, 10)
    assert journal.result_for_patient("patient-1") is None
    assert len(journal.open_entries("patient-1")) == 1
    assert journal.open_entries("patient-2") == []


def test_mark_shown_after_a_live_receipt(journal: Journal) -> None:
    done = _finish(journal, "visit-1", CallResult(Outcome.ACCEPTED), {"settlement_no": "S1"})
    assert journal.mark_shown(done.id).shown_at is not None
    assert journal.result_for_patient("patient-1") is None
    with pytest.raises(JournalError):
        journal.mark_shown(999)


def test_times_come_from_the_injected_clock(journal_path: Path) -> None:
    moment = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)
    with Journal.open(journal_path, clock=lambda: moment) as journal:
        entry = journal.begin_settlement("visit-1", "patient-1", 100, 10)
    assert entry.created_at == "2025-03-01T08:30:00.000+00:00"


# ---------------------------------------------------------------- settings


def test_settings_typed_with_defaults(journal: Journal) -> None:
    assert journal.get_setting("idle_timeout_s", 60) == 60
    journal.set_setting("idle_timeout_s", 90)
    journal.set_setting("language", "en")
    journal.set_setting("large_text", True)
    journal.set_setting("printer", None)
    assert journal.get_setting("idle_timeout_s", 60) == 90
    assert journal.get_setting("language", "zh_CN") == "en"
    assert journal.get_setting("large_text", False) is True
    assert journal.get_setting("printer", "lp0") is None  # an explicit None stays None
    assert journal.settings() == {
        "idle_timeout_s": 90, "language": "en", "large_text": True, "printer": None,
    }  # fmt: skip
    journal.set_setting("idle_timeout_s", 120)
    assert journal.get_setting("idle_timeout_s", 60) == 120


@pytest.mark.parametrize(
    ("stored", "default"), [("90", 60), (1, True), (True, 1), ("yes", False), (5, "five")]
)
def test_a_setting_of_the_wrong_type_is_an_error(
    journal: Journal, stored: object, default: object
) -> None:
    journal.set_setting("key", stored)  # type: ignore[arg-type]
    with pytest.raises(JournalError) as info:
        journal.get_setting("key", default)
    assert info.value.code == "setting_type"


@pytest.mark.parametrize("value", [1.5, [1], {"a": 1}, b"x"])
def test_unsupported_setting_values_are_refused(journal: Journal, value: object) -> None:
    with pytest.raises(JournalError) as info:
        journal.set_setting("key", value)  # type: ignore[arg-type]
    assert info.value.code == "setting_type"
    assert journal.settings() == {}


@pytest.mark.parametrize("key", ["", "Bad", "has space", "x" * 80, 5])
def test_bad_setting_keys(journal: Journal, key: object) -> None:
    with pytest.raises(JournalError) as info:
        journal.set_setting(key, 1)  # type: ignore[arg-type]
    assert info.value.code == "bad_setting_key"


def test_a_setting_value_with_personal_data_is_refused(journal: Journal) -> None:
    with pytest.raises(PersonalDataError):
        journal.set_setting("last_patient", "990101195603140023")


# ---------------------------------------------------------------- event log


def test_event_log_round_trip_and_filters(journal: Journal) -> None:
    journal.log_event("card.inserted", "corr-1", {"reader": 0})
    journal.log_event("backend.offline", "corr-2", None)
    journal.log_event("card.removed", "corr-1", {"after_ms": 1200})
    assert [e.kind for e in journal.events()] == ["card.inserted", "backend.offline",
                                                  "card.removed"]  # fmt: skip
    assert [e.detail for e in journal.events(correlation_id="corr-1")] == [
        {"reader": 0}, {"after_ms": 1200},
    ]  # fmt: skip
    assert [e.kind for e in journal.events(kind="backend.offline")] == ["backend.offline"]
    assert [e.kind for e in journal.events(limit=1)] == ["card.removed"]


def test_event_log_refuses_personal_data_and_writes_nothing(journal: Journal) -> None:
    with pytest.raises(PersonalDataError) as info:
        journal.log_event("card.read", "corr-1", {"card": {"name": "林秀英"}})
    assert info.value.code == "personal_field" and info.value.path == "card.name"
    with pytest.raises(PersonalDataError):
        journal.log_event("card.read", "990101195603140023", {})
    with pytest.raises(PersonalDataError):
        journal.log_event("card.read", "corr", {"note": "patient 990101195603140023"})
    with pytest.raises(JournalError) as bad_kind:
        journal.log_event("Card Read!", "corr", {})
    assert bad_kind.value.code == "bad_event_kind"
    assert journal.events() == []


def test_prune_events(journal_path: Path) -> None:
    now = [datetime(2025, 1, 1, tzinfo=UTC)]
    with Journal.open(journal_path, clock=lambda: now[0]) as journal:
        journal.log_event("old.one")
        now[0] += timedelta(days=40)
        journal.log_event("new.one")
        assert journal.prune_events(now[0] - timedelta(days=30)) == 1
        assert [e.kind for e in journal.events()] == ["new.one"]


# ---------------------------------------------------------------- helpers


def _finish(journal: Journal, visit_id: str, event: CallResult, response: dict | None = None):
    from kiosk.journal import decide

    entry = journal.claim_for_sending(
        journal.begin_settlement(visit_id, "patient-1", 100, 10).id
    )
    assert entry is not None
    step = decide(entry.state, entry.last_error, event)
    return journal.record_step(entry, step, event, response)


def test_a_journal_from_before_the_split_names_keeps_its_entries(journal_path: Path) -> None:
    # a journal file as the first schema left it, with a settlement still open in it
    from kiosk.journal.schema import MIGRATIONS

    old = sqlite3.connect(journal_path)
    from sqlite_utils import Database

    MIGRATIONS[0](Database(old))
    old.execute("PRAGMA user_version=1")
    old.execute(
        "INSERT INTO outbox (visit_id, patient_ref, idempotency_key, total_fen, "
        "psn_cash_pay_fen, state, created_at, updated_at) VALUES "
        "('visit-9', 'patient-9', 'key-9', 12000, 4000, 'unknown', 't', 't')")
    old.commit()
    old.close()
    journal = Journal.open(journal_path)
    try:
        assert journal.schema_version == SCHEMA_VERSION
        (entry,) = journal.open_entries()
        assert (entry.idempotency_key, entry.medfee_sumamt_fen, entry.psn_cash_pay_fen) == (
            "key-9", 12000, 4000)
        with pytest.raises(JournalError):  # the constraints came along under the new name
            journal.begin_settlement("visit-10", "patient-10", 100, 200)
    finally:
        journal.close()
