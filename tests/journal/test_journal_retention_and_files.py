"""Retention and file modes of the journal: settled rows and events older than the retention
age go, open settlements never do; the file, its -wal and -shm and a folder it creates are
private whatever the umask."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.journal import EntryState, Journal, JournalError
from kiosk.journal.store import RETENTION_SETTING


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def settle(journal: Journal, visit: str, state: EntryState) -> None:
    entry = journal.begin_settlement(visit, "p1", 1000, 200)
    if state is EntryState.PENDING:
        return
    with journal.write() as db:  # the state the worker would have reached
        db.execute("UPDATE outbox SET state = ?, response = '{}', finished_at = "
                   "CASE WHEN ? IN ('done', 'rejected') THEN updated_at END WHERE id = ?",
                   [state.value, state.value, entry.id])


def test_prune_takes_old_settled_rows_and_events_and_keeps_open_ones(tmp_path: Path) -> None:
    clock = Clock()
    journal = Journal.open(tmp_path / "j.sqlite3", clock=clock)
    for visit, state in [("v-done", EntryState.DONE), ("v-rejected", EntryState.REJECTED),
                         ("v-unknown", EntryState.UNKNOWN), ("v-pending", EntryState.PENDING)]:
        settle(journal, visit, state)
    clock.now += timedelta(days=91)
    settle(journal, "v-recent", EntryState.DONE)
    gone = journal.prune_expired()  # default: 90 days
    assert gone["settlements"] == 2 and gone["events"] >= 4
    left = {e.visit_id for e in journal.open_entries()}
    assert left == {"v-unknown", "v-pending"}
    assert journal.entry_for_visit("v-recent") is not None
    assert journal.entry_for_visit("v-done") is None
    assert all(event.at >= "2026-04" for event in journal.events())


def test_the_retention_age_is_a_setting(tmp_path: Path) -> None:
    clock = Clock()
    journal = Journal.open(tmp_path / "j.sqlite3", clock=clock)
    settle(journal, "v1", EntryState.DONE)
    clock.now += timedelta(days=10)
    assert journal.prune_expired()["settlements"] == 0
    journal.set_setting(RETENTION_SETTING, 7)
    assert journal.prune_expired()["settlements"] == 1
    with pytest.raises(JournalError):
        journal.prune(timedelta(0))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_journal_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "new-folder" / "journal.sqlite3"
        journal = Journal.open(path)
        journal.log_event("test.event")
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        assert (mode(path.parent), mode(path), mode(wal), mode(shm)) == (
            0o700, 0o600, 0o600, 0o600)
        journal.close()
        os.chmod(path, 0o644)  # a file left by an older kiosk
        Journal.open(path).close()
        assert mode(path) == 0o600
    finally:
        os.umask(old)
