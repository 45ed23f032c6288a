"""The kiosk's call for help as pure steps of the patient session (issue 15 item 6).

A tap on "call for help" (``CallForHelp``) sends one request (``RequestHelp``: the screen's
name, nothing about the patient); while it is being sent or is open, more taps send nothing
(the backend keeps one open request per kiosk as well). The stages the patient is told
(``SessionView.help``):

- ``sending``: the tap is being sent (the button says so);
- ``coming``: the backend has the request: "someone is coming". The kiosk asks after it every
  ``HELP_CHECK_SECONDS`` (``CheckHelp``) until staff acknowledge it;
- ``on_the_way``: staff acknowledged: "staff are on the way", for ``HELP_NOTICE_SECONDS``;
- ``failed``: the request could not be sent: "please go to the counter", for as long; a tap
  tries again.

A failed check of an open request changes nothing the patient sees (the request was sent);
the next check follows. Help belongs to the kiosk, not the patient: a request outlives the
patient session (staff still come to the kiosk), and the notices end by time.

Pure: no I/O, time passed in. The session (``kiosk.flow.session``) keeps one ``HelpState``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.flow.events import CheckHelp, HelpStage, RequestHelp

HELP_CHECK_SECONDS = 10.0  # how often an open request's state is asked
HELP_NOTICE_SECONDS = 120.0  # how long "on the way" and "go to the counter" stay shown

HelpEffect = RequestHelp | CheckHelp


@dataclass(frozen=True, slots=True)
class HelpState:
    stage: HelpStage | None = None
    help_id: int | None = None
    next_check_at: float | None = None  # when the open request is asked after next
    until: float | None = None  # when a final notice (on the way, failed) ends


def call(state: HelpState, screen: str) -> tuple[HelpState, list[HelpEffect]]:
    """A tap on "call for help" on ``screen``: one request, never a second while one is
    being sent or is open."""
    if state.stage in (HelpStage.SENDING, HelpStage.COMING):
        return state, []
    return HelpState(HelpStage.SENDING), [RequestHelp(screen)]


def answered(state: HelpState, help_id: int, acknowledged: bool,
             now: float) -> HelpState:
    """The backend's answer about the request (to the tap, or to a check)."""
    if state.stage not in (HelpStage.SENDING, HelpStage.COMING):
        return state  # a late answer after the notice ended
    if acknowledged:
        return HelpState(HelpStage.ON_THE_WAY, help_id, until=now + HELP_NOTICE_SECONDS)
    return HelpState(HelpStage.COMING, help_id, next_check_at=now + HELP_CHECK_SECONDS)


def failed(state: HelpState, help_id: int | None, now: float) -> HelpState:
    """A call that did not get through: the request itself (``help_id`` None: the patient is
    told to go to the counter) or a check of an open request (asked again later)."""
    if help_id is None and state.stage == HelpStage.SENDING:
        return HelpState(HelpStage.FAILED, until=now + HELP_NOTICE_SECONDS)
    if help_id is not None and state.stage == HelpStage.COMING:
        return replace(state, next_check_at=now + HELP_CHECK_SECONDS)
    return state


def tick(state: HelpState, now: float) -> tuple[HelpState, list[HelpEffect]]:
    """Time passes: a notice ends, an open request is due to be asked after."""
    if state.until is not None and now >= state.until:
        return HelpState(), []
    if (state.stage == HelpStage.COMING and state.help_id is not None
            and state.next_check_at is not None and now >= state.next_check_at):
        return replace(state, next_check_at=None), [CheckHelp(state.help_id)]
    return state, []
