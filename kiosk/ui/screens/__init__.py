"""One screen per session state. ``SCREEN_CLASSES`` maps each ``State`` to its screen class.

Screens only show a ``SessionView`` and emit intents (``Screen.intent``); see
``kiosk.ui.widgets.Screen``. Threads: GUI thread only.
"""

from __future__ import annotations

from kiosk.flow.session import State
from kiosk.ui.screens.entry import (
    AttractScreen,
    ErrorScreen,
    FirstTimeScreen,
    NotEligibleScreen,
    ReadingScreen,
    TakeCardScreen,
)
from kiosk.ui.screens.payment import (
    BillScreen,
    NotPaidScreen,
    PaymentPendingScreen,
    ReceiptScreen,
    SettlingScreen,
)
from kiosk.ui.screens.visit import CheckInScreen, ItineraryScreen, TicketScreen

SCREEN_CLASSES = {
    State.ATTRACT: AttractScreen,
    State.READING: ReadingScreen,
    State.CHECK_IN: CheckInScreen,
    State.TICKET: TicketScreen,
    State.ITINERARY: ItineraryScreen,
    State.BILL: BillScreen,
    State.SETTLING: SettlingScreen,
    State.PAYMENT_PENDING: PaymentPendingScreen,
    State.NOT_PAID: NotPaidScreen,
    State.RECEIPT: ReceiptScreen,
    State.FIRST_TIME: FirstTimeScreen,
    State.NOT_ELIGIBLE: NotEligibleScreen,
    State.ERROR: ErrorScreen,
    State.TAKE_CARD: TakeCardScreen,
}

__all__ = ["SCREEN_CLASSES"]
