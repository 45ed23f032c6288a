"""Finishing settlements: send an outbox entry, or find out what became of it, until it is done.

``settle_entry`` drives one entry with the pure rules of ``kiosk.journal.recovery``: claim it,
send it with its own idempotency key, and when the outcome was not heard, ask for its status by
that key (never a new key). ``finish_open_entries`` does that for every open entry; the kiosk
calls it on start and whenever the backend is reachable again. The flow calls ``settle_entry``
right after ``Journal.begin_settlement`` when the patient taps "pay": one code path for both.

The backend is anything with the two methods of ``SettlementBackend`` (the flow's adapters of
the client have them). The journal may import only ``kiosk.domain`` and so knows no client
error: every caller passes ``classify``, a function from the raised exception to an ``CallResult``
(see ``kiosk.journal.recovery.Outcome``). The flow and the counter pass
``kiosk.flow.settling.settlement_outcome``, built on the one classifier of the client side;
there is no default, so no second reading of the client's errors can creep in here.

Threads: call from a background thread, never the GUI thread (network and fsync). Two threads
may run these at once: only the thread that claimed an entry sends it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable
from typing import Any, Protocol

from kiosk.journal.outbox import EntryState, OutboxEntry
from kiosk.journal.recovery import Action, CallResult, Outcome, Step, decide, first_action
from kiosk.journal.store import Journal, JournalError

log = logging.getLogger(__name__)

DEFAULT_MAX_STEPS = 6


class SettlementBackend(Protocol):
    """What the worker needs from the backend. ``visit_id`` is the journal's text form of the
    backend's id (an adapter converts it back, e.g. ``int(visit_id)``).

    ``settle`` returns the settlement: a dict, or a dataclass (stored as its fields, dates as
    ISO text). ``settlement_status`` returns None when the key is unknown, a dict or dataclass
    for the settlement, or an object with ``state`` (``"settled"`` with ``settlement``,
    ``"not_found"``, ``"in_progress"``), the shape of ``kiosk.client``'s ``SettlementStatus``.
    Both raise on failure; the caller's ``classify`` reads the error.
    """

    def settle(
        self,
        visit_id: str,
        idempotency_key: str,
        expected_medfee_sumamt_fen: int,
        expected_psn_cash_pay_fen: int,
    ) -> Any:
        """Settle the visit; the same key always names the same settlement. Raises on failure."""
        ...

    def settlement_status(self, idempotency_key: str) -> Any:
        """The settlement made under this key, or None if the backend never received it."""
        ...


def _as_json_dict(value: Any) -> dict[str, Any] | None:
    """A settlement answer as a JSON-ready dict, or None when it is not a settlement."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if not isinstance(value, dict):
        return None
    data: dict[str, Any] = json.loads(json.dumps(value, default=str))  # a dict comes back a dict
    return data


def status_event(status: Any) -> tuple[CallResult, dict[str, Any] | None]:
    """Read a ``settlement_status`` answer (see ``SettlementBackend``) as an event."""
    if status is None:
        return CallResult(Outcome.STATUS_NOT_FOUND), None
    state = getattr(status, "state", None)
    if isinstance(state, str) and not isinstance(status, dict):
        if state == "not_found":
            return CallResult(Outcome.STATUS_NOT_FOUND), None
        if state == "in_progress":
            return CallResult(Outcome.NO_ANSWER, code="settlement_in_progress"), None
        if state == "settled":
            status = getattr(status, "settlement", None)
        else:
            return CallResult(Outcome.NO_ANSWER, code="bad_response"), None
    settlement = _as_json_dict(status)
    if settlement is None:
        return CallResult(Outcome.NO_ANSWER, code="bad_response"), None
    return CallResult(Outcome.STATUS_SETTLED), settlement


# What a failed settle or status call means for the recovery rules; the caller's to give.
Classifier = Callable[[BaseException], CallResult]


def settle_entry(
    journal: Journal,
    backend: SettlementBackend,
    entry: OutboxEntry | int,
    *,
    classify: Classifier,
    max_steps: int = DEFAULT_MAX_STEPS,
) -> OutboxEntry:
    """Drive one entry as far as the backend lets it; returns the entry as it stands.

    Ends ``done`` or ``rejected`` (finished), ``unknown`` or ``pending`` (kept for later: the
    backend is unreachable or the step budget ran out), or ``sending`` when another thread of
    this process holds it.
    """
    entry_id = entry if isinstance(entry, int) else entry.id
    current = journal.entry(entry_id)
    if current is None:
        raise JournalError("no_such_entry", str(entry_id))
    action = first_action(current.state, claimed_by_me=current.owner == journal.owner)
    if current.state is EntryState.SENDING and action is Action.QUERY_STATUS:
        # Cut off mid-send by a crash: from now on it is simply unknown.
        current = _adopt_orphan(journal, current)
    steps = 0
    while action in (Action.SEND, Action.QUERY_STATUS) and steps < max_steps:
        steps += 1
        response: dict[str, Any] | None = None
        if action is Action.SEND:
            claimed = journal.claim_for_sending(current.id)
            if claimed is None:  # another thread got there first
                return journal.entry(current.id) or current
            current = claimed
            try:
                answer = backend.settle(
                    current.visit_id,
                    current.idempotency_key,
                    current.medfee_sumamt_fen,
                    current.psn_cash_pay_fen,
                )
            except Exception as exc:  # classified; never lost
                event = classify(exc)
            else:
                response = _as_json_dict(answer)
                if response is not None:
                    event = CallResult(Outcome.ACCEPTED)
                else:
                    event = CallResult(Outcome.NO_ANSWER, code="bad_response")
        else:
            try:
                status = backend.settlement_status(current.idempotency_key)
            except Exception as exc:
                event = classify(exc)
                if event.outcome is Outcome.ACCEPTED:
                    event = CallResult(Outcome.NO_ANSWER)
            else:
                event, response = status_event(status)
        step = decide(current.state, current.last_error, event)
        try:
            current = journal.record_step(current, step, event, response)
        except JournalError as exc:
            if exc.code != "stale_entry":
                raise
            return journal.entry(current.id) or current
        log.info(
            "settlement %s: %s -> %s (%s)",
            current.idempotency_key, event.outcome.value, step.next_state.value, step.action.value,
        )
        action = step.action
    return current


def _adopt_orphan(journal: Journal, entry: OutboxEntry) -> OutboxEntry:
    """Turn a ``sending`` entry left by a dead process into ``unknown`` (compare-and-set)."""
    step = Step(EntryState.UNKNOWN, Action.QUERY_STATUS)
    try:
        return journal.record_step(entry, step, CallResult(Outcome.NO_ANSWER, code="interrupted"))
    except JournalError as exc:
        if exc.code != "stale_entry":
            raise
        return journal.entry(entry.id) or entry


def finish_open_entries(
    journal: Journal,
    backend: SettlementBackend,
    *,
    classify: Classifier,
    max_steps_per_entry: int = DEFAULT_MAX_STEPS,
) -> list[OutboxEntry]:
    """Finish every open outbox entry, oldest first; returns each entry as it ended up.

    Stops early when the backend turns out to be offline (the rest stay open for the next
    call). Entries another thread of this process is sending are left alone.
    """
    results: list[OutboxEntry] = []
    for entry in journal.open_entries():
        if entry.state is EntryState.SENDING and entry.owner == journal.owner:
            results.append(entry)
            continue
        ended = settle_entry(
            journal, backend, entry, classify=classify, max_steps=max_steps_per_entry
        )
        results.append(ended)
        if ended.is_open and ended.last_error == "offline":
            break
    return results
