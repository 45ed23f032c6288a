"""The kiosk's local store: settlement outbox, settings and a PII-free event log (SQLite).

``Journal.open(path)`` opens the store (WAL, ``synchronous=FULL``, ``BEGIN IMMEDIATE`` writes);
``finish_open_entries(journal, backend, classify=...)`` / ``settle_entry(...)`` drive
settlements to the end, reading failures with the caller's ``classify`` (the flow's
``kiosk.flow.settling.settlement_outcome``); ``kiosk.journal.recovery`` holds the pure rules
they follow. Imports ``kiosk.domain`` only.
"""

from kiosk.journal.outbox import EntryState, OutboxEntry
from kiosk.journal.privacy import PersonalDataError
from kiosk.journal.recovery import Action, CallResult, Outcome, Step, decide, first_action
from kiosk.journal.store import Journal, JournalError, LoggedEvent
from kiosk.journal.worker import (
    Classifier,
    SettlementBackend,
    finish_open_entries,
    settle_entry,
)

__all__ = [
    "Action",
    "CallResult",
    "Classifier",
    "EntryState",
    "Journal",
    "JournalError",
    "LoggedEvent",
    "OutboxEntry",
    "Outcome",
    "PersonalDataError",
    "SettlementBackend",
    "Step",
    "decide",
    "finish_open_entries",
    "first_action",
    "settle_entry",
]
