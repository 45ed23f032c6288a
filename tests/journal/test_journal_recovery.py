"""The pure recovery rules, checked against a written-out table for every combination."""

from __future__ import annotations

import itertools

import pytest

from kiosk.domain.reasons import Reason
from kiosk.journal.outbox import EntryState
from kiosk.journal.recovery import (
    AMBIGUOUS_REJECTIONS,
    Action,
    CallResult,
    InvalidTransition,
    Outcome,
    Step,
    decide,
    first_action,
    recorded_error,
)

S, A, Oc = EntryState, Action, Outcome
CODES = [None, *(reason.value for reason in Reason)]
STATUSES = [None, 400, 401, 404, 409, 422, 500, 502, 503]
LAST_ERRORS = [None, "no_answer", "offline", "already_settled", "settlement_in_progress",
               "amount_changed", "settlement_not_found", "interrupted"]  # fmt: skip


def expected(state: S, last_error: str | None, event: CallResult) -> Step | None:
    """The table, written the long way round. None means the pairing is invalid."""
    o = event.outcome
    ambiguous = (event.http_status or 0) >= 500 or event.code in AMBIGUOUS_REJECTIONS
    table: dict[tuple[S, Oc], Step] = {
        (S.SENDING, Oc.ACCEPTED): Step(S.DONE, A.SHOW_RESULT),
        (S.SENDING, Oc.NO_ANSWER): Step(S.UNKNOWN, A.QUERY_STATUS),
        (S.SENDING, Oc.OFFLINE): Step(S.PENDING, A.KEEP_FOR_LATER),
        (S.SENDING, Oc.REJECTED): (
            Step(S.UNKNOWN, A.QUERY_STATUS) if ambiguous else Step(S.REJECTED, A.SHOW_RESULT)
        ),
        (S.UNKNOWN, Oc.STATUS_SETTLED): Step(S.DONE, A.SHOW_RESULT),
        (S.UNKNOWN, Oc.STATUS_NOT_FOUND): (
            Step(S.REJECTED, A.SHOW_RESULT)
            if last_error == "already_settled"
            else Step(S.PENDING, A.SEND)
        ),
        (S.UNKNOWN, Oc.NO_ANSWER): Step(S.UNKNOWN, A.KEEP_FOR_LATER),
        (S.UNKNOWN, Oc.OFFLINE): Step(S.UNKNOWN, A.KEEP_FOR_LATER),
        (S.UNKNOWN, Oc.REJECTED): Step(S.UNKNOWN, A.KEEP_FOR_LATER),
    }
    return table.get((state, o))


ALL = list(itertools.product(list(S), list(Oc), CODES, STATUSES, LAST_ERRORS))


def test_every_combination_matches_the_table() -> None:
    checked = invalid = 0
    for state, outcome, code, status, last_error in ALL:
        event = CallResult(outcome, code=code, http_status=status)
        want = expected(state, last_error, event)
        if want is None:
            with pytest.raises(InvalidTransition):
                decide(state, last_error, event)
            invalid += 1
        else:
            assert decide(state, last_error, event) == want, (state, outcome, code, status)
            checked += 1
    assert checked > 0 and invalid > 0
    assert checked + invalid == len(ALL)


def test_no_rule_ever_ends_in_sending_or_forgets_an_unheard_outcome() -> None:
    for state, outcome, code, status, last_error in ALL:
        try:
            step = decide(state, last_error, CallResult(outcome, code=code, http_status=status))
        except InvalidTransition:
            continue
        assert step.next_state is not S.SENDING  # only claim_for_sending enters it
        if outcome is Oc.NO_ANSWER:
            assert step.next_state is S.UNKNOWN  # never pending: that would mean re-send blind
        if step.next_state in (S.DONE, S.REJECTED):
            assert step.action is A.SHOW_RESULT
        else:
            assert step.action is not A.SHOW_RESULT


def test_a_settle_answer_may_become_done_only_from_the_backend() -> None:
    done_from = {
        outcome
        for state, outcome, code, status, last_error in ALL
        if (
            (state in (S.SENDING, S.UNKNOWN))
            and expected(state, last_error, CallResult(outcome, code, status)) is not None
            and decide(state, last_error, CallResult(outcome, code, status)).next_state is S.DONE
        )
    }
    assert done_from == {Oc.ACCEPTED, Oc.STATUS_SETTLED}


@pytest.mark.parametrize(
    ("state", "mine", "action"),
    [
        (S.PENDING, False, A.SEND),
        (S.PENDING, True, A.SEND),
        (S.SENDING, False, A.QUERY_STATUS),
        (S.SENDING, True, A.IN_FLIGHT),
        (S.UNKNOWN, False, A.QUERY_STATUS),
        (S.UNKNOWN, True, A.QUERY_STATUS),
        (S.DONE, False, A.SHOW_RESULT),
        (S.DONE, True, A.SHOW_RESULT),
        (S.REJECTED, False, A.SHOW_RESULT),
        (S.REJECTED, True, A.SHOW_RESULT),
    ],
)
def test_first_action(state: S, mine: bool, action: A) -> None:
    assert first_action(state, claimed_by_me=mine) is action
    assert first_action(state.value, claimed_by_me=mine) is action


@pytest.mark.parametrize(
    ("event", "code"),
    [
        (CallResult(Oc.ACCEPTED), None),
        (CallResult(Oc.STATUS_SETTLED), None),
        (CallResult(Oc.STATUS_NOT_FOUND), "settlement_not_found"),
        (CallResult(Oc.OFFLINE), "offline"),
        (CallResult(Oc.NO_ANSWER), "no_answer"),
        (CallResult(Oc.NO_ANSWER, code="bad_response"), "bad_response"),
        (CallResult(Oc.REJECTED, code="amount_changed", http_status=409), "amount_changed"),
        (CallResult(Oc.REJECTED, http_status=503), "server_error"),
        (CallResult(Oc.REJECTED, http_status=400), "rejected"),
    ],
)
def test_error_code_recorded(event: CallResult, code: str | None) -> None:
    assert event.error_code == code


def test_ambiguous_rejections_are_known_reason_codes() -> None:
    assert {reason.value for reason in Reason} >= AMBIGUOUS_REJECTIONS


def test_recorded_error() -> None:
    for state, outcome, code, status, last_error in ALL:
        event = CallResult(outcome, code=code, http_status=status)
        want = expected(state, last_error, event)
        if want is None:
            continue
        got = recorded_error(last_error, event, want)
        if want.next_state is S.REJECTED and outcome is Oc.STATUS_NOT_FOUND:
            assert got == last_error == "already_settled"
        else:
            assert got == event.error_code
