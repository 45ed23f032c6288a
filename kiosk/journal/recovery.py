"""Decide, then do: the pure rules that move a settlement outbox entry to its next state.

Nothing here does I/O. ``decide(state, last_error, event)`` takes the entry's state (which also
says which call was just made: ``sending`` means a settle request, ``unknown`` means a status
query), the error code it last recorded, and what happened, and returns a ``Step``: the next
state and the next ``Action``. ``first_action`` says what to do with an entry found in the
journal (on start, on reconnect, or right after a tap).

What happened is an ``Outcome``. Callers map their backend client's errors onto it (the
``classify`` the worker is given: for the kiosk and the counter,
``kiosk.flow.settling.settlement_outcome``):

- ``ACCEPTED``: settle answered with the settlement.
- ``REJECTED``: a definitive refusal (4xx) with a code; nothing was charged under this key.
- ``NO_ANSWER``: the request may have reached the backend and been acted on (read timeout,
  connection dropped after sending, 5xx, unreadable answer).
- ``OFFLINE``: the backend certainly did not act (refused connection, DNS, TLS, connect
  timeout).
- ``STATUS_SETTLED`` / ``STATUS_NOT_FOUND``: the status query by idempotency key found the
  settlement / says the backend never received that key (re-sending the SAME key is safe).

The rules that keep money safe: an outcome the kiosk did not hear becomes ``unknown`` and is
resolved by a status query, never by a new key; a refusal that hints the money may have moved
(``already_settled``, ``settlement_in_progress``, ``idempotency_key_reused``, or a 5xx) is
also checked by a status query before it is believed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.reasons import Reason
from kiosk.journal.outbox import EntryState


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NO_ANSWER = "no_answer"
    OFFLINE = "offline"
    STATUS_SETTLED = "status_settled"
    STATUS_NOT_FOUND = "status_not_found"


class Action(StrEnum):
    SEND = "send"  # send (again) with the entry's own idempotency key
    QUERY_STATUS = "query_status"  # ask the backend about the key
    SHOW_RESULT = "show_result"  # finished: give up trying and show done / rejected
    KEEP_FOR_LATER = "keep_for_later"  # backend unreachable: leave open, retry on reconnect
    IN_FLIGHT = "in_flight"  # another sender of this process holds it right now: wait


# Refusals that do not prove this key moved no money: check the status before believing them.
AMBIGUOUS_REJECTIONS = frozenset(
    {
        Reason.ALREADY_SETTLED.value,
        Reason.SETTLEMENT_IN_PROGRESS.value,
        Reason.IDEMPOTENCY_KEY_REUSED.value,
    }
)

SEND_OUTCOMES = frozenset({Outcome.ACCEPTED, Outcome.REJECTED, Outcome.NO_ANSWER, Outcome.OFFLINE})
STATUS_OUTCOMES = frozenset(
    {
        Outcome.STATUS_SETTLED,
        Outcome.STATUS_NOT_FOUND,
        Outcome.REJECTED,
        Outcome.NO_ANSWER,
        Outcome.OFFLINE,
    }
)

# Error codes recorded in ``last_error`` for outcomes that carry no backend code.
CODE_NO_ANSWER = "no_answer"
CODE_OFFLINE = "offline"
CODE_SERVER_ERROR = "server_error"


@dataclass(frozen=True, slots=True)
class CallResult:
    """What happened to the last call. ``code`` is the backend's code for ``REJECTED``."""

    outcome: Outcome
    code: str | None = None
    http_status: int | None = None

    @property
    def error_code(self) -> str | None:
        """The code to record in ``last_error`` (None for a success)."""
        if self.outcome in (Outcome.ACCEPTED, Outcome.STATUS_SETTLED):
            return None
        if self.outcome is Outcome.STATUS_NOT_FOUND:
            return Reason.SETTLEMENT_NOT_FOUND.value
        if self.code:
            return self.code
        if self.outcome is Outcome.OFFLINE:
            return CODE_OFFLINE
        if self.outcome is Outcome.REJECTED:
            return CODE_SERVER_ERROR if (self.http_status or 0) >= 500 else "rejected"
        return CODE_NO_ANSWER


@dataclass(frozen=True, slots=True)
class Step:
    next_state: EntryState
    action: Action


def recorded_error(last_error: str | None, event: CallResult, step: Step) -> str | None:
    """The code to keep in ``last_error`` after ``step``: the event's, except that a refusal
    confirmed by a status query keeps the refusal's code (say ``already_settled``), which is
    what the patient is told."""
    if step.next_state is EntryState.REJECTED and event.outcome is Outcome.STATUS_NOT_FOUND:
        return last_error
    return event.error_code


class InvalidTransition(ValueError):
    """An event that cannot follow the entry's state (a bug in the caller)."""

    code = "invalid_transition"


def first_action(state: EntryState, *, claimed_by_me: bool = False) -> Action:
    """What to do with an entry found in the journal.

    ``claimed_by_me`` is True for a ``sending`` entry claimed by this very process: its request
    is in flight on another thread, so nobody else may touch it. A ``sending`` entry from an
    earlier run was cut off mid-send (crash): the backend may have it, so ask.
    """
    state = EntryState(state)
    if state is EntryState.PENDING:
        return Action.SEND
    if state is EntryState.SENDING:
        return Action.IN_FLIGHT if claimed_by_me else Action.QUERY_STATUS
    if state is EntryState.UNKNOWN:
        return Action.QUERY_STATUS
    return Action.SHOW_RESULT


def _is_ambiguous_rejection(event: CallResult) -> bool:
    return (event.http_status or 0) >= 500 or (event.code or "") in AMBIGUOUS_REJECTIONS


def decide(state: EntryState, last_error: str | None, event: CallResult) -> Step:
    """The next state and action after ``event`` happened to an entry in ``state``.

    ``state`` is ``sending`` after a settle call and ``unknown`` after a status query; any other
    pairing raises ``InvalidTransition``.
    """
    state = EntryState(state)
    outcome = event.outcome
    if state is EntryState.SENDING:
        if outcome not in SEND_OUTCOMES:
            raise InvalidTransition(f"{outcome.value} cannot follow a settle request")
        if outcome is Outcome.ACCEPTED:
            return Step(EntryState.DONE, Action.SHOW_RESULT)
        if outcome is Outcome.REJECTED:
            if _is_ambiguous_rejection(event):
                return Step(EntryState.UNKNOWN, Action.QUERY_STATUS)
            return Step(EntryState.REJECTED, Action.SHOW_RESULT)
        if outcome is Outcome.NO_ANSWER:
            return Step(EntryState.UNKNOWN, Action.QUERY_STATUS)
        # OFFLINE: the backend certainly did not act; the entry is as good as never sent.
        return Step(EntryState.PENDING, Action.KEEP_FOR_LATER)

    if state is EntryState.UNKNOWN:
        if outcome not in STATUS_OUTCOMES:
            raise InvalidTransition(f"{outcome.value} cannot follow a status query")
        if outcome is Outcome.STATUS_SETTLED:
            return Step(EntryState.DONE, Action.SHOW_RESULT)
        if outcome is Outcome.STATUS_NOT_FOUND:
            if last_error == Reason.ALREADY_SETTLED.value:
                # The visit was settled under another key (say at the counter), not ours.
                return Step(EntryState.REJECTED, Action.SHOW_RESULT)
            return Step(EntryState.PENDING, Action.SEND)
        # The status query itself failed or was refused: still unknown, try again later.
        return Step(EntryState.UNKNOWN, Action.KEEP_FOR_LATER)

    raise InvalidTransition(f"no event is expected for an entry in state {state.value}")
