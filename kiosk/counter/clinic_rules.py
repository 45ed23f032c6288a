"""Clinic mode's pure decisions: what staff may do at each step of the patient's journey, and
what the patient's own screen shows (``kiosk.counter.clinic_screen``,
``kiosk.counter.customer_window``).

The journey is the kiosk's patient session (``kiosk.flow.session``); these functions only read
its ``SessionView``. The settlement is the patient's to confirm: on the customer-facing screen
when one is attached, otherwise by a staff tap labelled as the patient's confirmation
(``PATIENT_CONFIRMS``); never both.

Pure: any thread.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.flow.events import SessionView, State


class Action(StrEnum):
    """A staff button of the clinic desk."""

    READ_CARD = "read_card"  # the patient hands over the card: read it
    CHECK_IN = "check_in"  # check in to the chosen department
    SHOW_BILL = "show_bill"  # the visit's bill, for the patient to confirm
    PATIENT_CONFIRMS = "patient_confirms"  # no customer screen: the patient's "pay" at the PC
    BACK = "back"
    RETRY = "retry"
    MORE_TIME = "more_time"  # the idle warning: keep the patient's session
    END = "end"  # the patient leaves with the card: end the session


class Panel(StrEnum):
    """What the customer-facing screen shows."""

    WELCOME = "welcome"  # nobody's session: "staff will read your card"
    WAIT = "wait"  # staff are working (reading, checking in, fetching the bill, an error)
    CHECK_IN = "check_in"  # eligible: staff choose the department with the patient
    TICKET = "ticket"
    ITINERARY = "itinerary"
    BILL = "bill"  # the bill split, "your share", and the confirm button
    SETTLING = "settling"
    PENDING = "pending"  # the outcome is not known yet: reference, never charged twice
    NOT_PAID = "not_paid"
    RECEIPT = "receipt"
    NOT_ELIGIBLE = "not_eligible"
    FIRST_TIME = "first_time"


_PANELS = {
    State.ATTRACT: Panel.WELCOME, State.TAKE_CARD: Panel.WELCOME, State.READING: Panel.WAIT,
    State.ERROR: Panel.WAIT, State.CHECK_IN: Panel.CHECK_IN, State.TICKET: Panel.TICKET,
    State.ITINERARY: Panel.ITINERARY, State.BILL: Panel.BILL, State.SETTLING: Panel.SETTLING,
    State.PAYMENT_PENDING: Panel.PENDING, State.NOT_PAID: Panel.NOT_PAID,
    State.RECEIPT: Panel.RECEIPT, State.NOT_ELIGIBLE: Panel.NOT_ELIGIBLE,
    State.FIRST_TIME: Panel.FIRST_TIME,
}


def customer_panel(view: SessionView) -> Panel:
    """The patient's panel for ``view``: a step still loading shows "please wait"."""
    if view.busy and view.state in (State.CHECK_IN, State.ITINERARY, State.BILL):
        return Panel.WAIT
    return _PANELS[view.state]


def may_confirm(view: SessionView) -> bool:
    """Whether the patient may confirm the settlement now: a shown bill, nothing running."""
    return view.state == State.BILL and not view.busy and view.bill is not None


def staff_actions(view: SessionView, *, customer_screen: bool) -> frozenset[Action]:
    """The staff buttons that do something in ``view``. With a customer screen attached the
    patient confirms there, so staff have no pay button."""
    state, idle = view.state, not view.busy
    actions: set[Action] = set()
    if state in (State.ATTRACT, State.TAKE_CARD, State.NOT_PAID) or (
            state == State.PAYMENT_PENDING and not view.card_in):
        actions.add(Action.READ_CARD)
    if view.card_in and state not in (State.ATTRACT, State.TAKE_CARD, State.READING,
                                      State.SETTLING):
        actions.add(Action.END)
    if state == State.TAKE_CARD:
        actions.add(Action.END)  # the card is handed back
    if state == State.CHECK_IN and idle and view.selected_department is not None:
        actions.update((Action.CHECK_IN, Action.BACK))
    if state == State.ITINERARY and idle and view.itinerary is not None and not view.payment:
        actions.add(Action.SHOW_BILL)
    if state == State.BILL and idle and view.itinerary is not None:
        actions.add(Action.BACK)
    if may_confirm(view) and not customer_screen:
        actions.add(Action.PATIENT_CONFIRMS)
    if state == State.ERROR and view.error is not None and view.error.can_retry:
        actions.add(Action.RETRY)
    if view.idle_warning:
        actions.add(Action.MORE_TIME)
    return frozenset(actions)
