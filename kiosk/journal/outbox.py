"""The settlement outbox entry: plain data describing one settlement the kiosk means to make.

An entry is written before anything is sent, with a fresh idempotency key and the amounts the
patient saw (integer fen). It moves through ``EntryState``::

    pending -> sending -> done | rejected | unknown
    unknown -> (status query) -> done | rejected | pending (never received: send again, same key)

Pure data, no I/O: ``kiosk.journal.store`` persists it, ``kiosk.journal.recovery`` decides its
next step. ``visit_id`` and ``patient_ref`` are the backend's opaque ids, never names, ID
numbers or card numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class EntryState(StrEnum):
    PENDING = "pending"  # written, not (or certainly not) received by the backend
    SENDING = "sending"  # claimed by a sender; the request may be in flight
    DONE = "done"  # the backend settled it; ``response`` holds its answer
    REJECTED = "rejected"  # the backend refused it; nothing was charged under this key
    UNKNOWN = "unknown"  # sent, outcome not heard: resolved by a status query, same key


OPEN_STATES = frozenset({EntryState.PENDING, EntryState.SENDING, EntryState.UNKNOWN})
FINISHED_STATES = frozenset({EntryState.DONE, EntryState.REJECTED})
# States that block a second settlement of the same visit (the one-per-visit constraint).
BLOCKING_STATES = OPEN_STATES | {EntryState.DONE}


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    visit_id: str
    patient_ref: str
    idempotency_key: str
    medfee_sumamt_fen: int
    psn_cash_pay_fen: int
    state: EntryState
    attempts: int
    last_error: str | None
    response: dict[str, Any] | None
    created_at: str
    updated_at: str
    finished_at: str | None
    shown_at: str | None
    owner: str | None  # the Journal instance that claimed it for sending

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES
