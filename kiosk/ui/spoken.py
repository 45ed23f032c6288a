"""What the voice says for each view: ``prompt(view)`` is a pure function of the session's
view and the current language (Qt's translator), tested directly.

Every screen's prompt, every error, amounts in words ("一百二十三元五角", "one hundred
twenty-three yuan and fifty fen") and the ticket (number, department, floor, room) are
spoken; the patient's name and ID never are (the view holds them only masked, and no
sentence here reads ``view.patient``). ``focus_text(button)`` is what the keypad's focus says;
``KEYPAD_HELP`` is the help key's answer.

Threads: GUI thread (translation).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.flow.care import yuan_words
from kiosk.flow.models import DepartmentView
from kiosk.flow.session import ScannerState, SessionView, State
from kiosk.qt import i18n
from kiosk.ui import messages
from kiosk.ui.screens.region import region_words
from kiosk.ui.widgets import department_name, location_text

CONTEXT = "Spoken"
KEYPAD_HELP = QT_TRANSLATE_NOOP(
    "Spoken", "Use the arrow keys to move between buttons, Enter to choose, and Back to go "
              "back. Press the help key to hear this screen again.")


def _button(context: str, text: str) -> str:
    """A button's label as the screen shows it, so the voice names what is there."""
    return QCoreApplication.translate(context, text)


def money(fen: int) -> str:
    return yuan_words(fen, i18n.current_language())


def place(department: DepartmentView) -> str:
    return f"{department_name(department)}. {location_text(department)}"


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _check_in(view: SessionView) -> str:
    selected = view.selected_department
    if selected is not None:
        return _join(QCoreApplication.translate(
            "Spoken", "Check in to {place}?").format(place=place(selected)),
                     QCoreApplication.translate(
                         "Spoken", "Press {confirm} to check in, or {back}.").format(
                         confirm=_button("CheckInScreen", "Confirm"),
                         back=_button("CheckInScreen", "Back")))
    parts = [QCoreApplication.translate(
        "Spoken", "You can see the doctor first and pay once at the end."), region_words(view)]
    appointments = view.eligibility.appointments if view.eligibility else ()
    for appt in appointments:
        parts.append(QCoreApplication.translate(
            "Spoken", "You have an appointment today at {time} in {department}.").format(
            time=appt.time, department=department_name(appt.department)))
    parts.append(QCoreApplication.translate("Spoken", "Choose where to check in."))
    return _join(*parts)


def _ticket(view: SessionView) -> str:
    ticket = view.ticket
    if ticket is None:
        return ""
    head = (QCoreApplication.translate(
        "Spoken", "You are already checked in.") if ticket.already_checked_in
            else QCoreApplication.translate("Spoken", "You are checked in."))
    return _join(head, QCoreApplication.translate(
        "Spoken", "Your number is {number}.").format(number=ticket.ticket_number),
                 QCoreApplication.translate(
                     "Spoken", "Please go to {place}.").format(place=place(ticket.department)))


def _itinerary(view: SessionView) -> str:
    stops = view.itinerary.stops if view.itinerary else ()
    if not stops:
        return QCoreApplication.translate("Spoken", "You have no more stops. You can pay now.")
    parts = [QCoreApplication.translate("Spoken", "Your next stops.")]
    for number, stop in enumerate(stops, start=1):
        parts.append(QCoreApplication.translate(
            "Spoken", "Stop {number}: {place}.").format(number=number,
                                                          place=place(stop.department)))
    parts.append(QCoreApplication.translate("Spoken", "When you are done, press {pay}.").format(
        pay=_button("ItineraryScreen", "Pay now")))
    return _join(*parts)


def _bill(view: SessionView) -> str:
    bill = view.bill
    if bill is None:
        return ""
    split = bill.split
    parts = []
    if view.bill_changed:
        parts.append(_button("BillScreen", "The bill has changed. Please check the new amount."))
    parts.append(QCoreApplication.translate(
        "Spoken", "Your bill. The total is {total}. Insurance pays {fund}.").format(
        total=money(split.medfee_sumamt_fen), fund=money(split.fund_pay_sumamt_fen)))
    if split.psn_cash_pay_fen > 0:
        parts.append(QCoreApplication.translate(
            "Spoken", "You pay {amount}. Press {pay} to pay.").format(
            amount=money(split.psn_cash_pay_fen),
            pay=_button("BillScreen", "Confirm and pay")))
    else:
        parts.append(QCoreApplication.translate(
            "Spoken", "You have nothing more to pay. Press confirm."))
    return _join(*parts)


def _receipt(view: SessionView) -> str:
    receipt = view.receipt
    if receipt is None:
        return ""
    paid = receipt.split.psn_cash_pay_fen
    if receipt.payment_status == "charged":
        done = QCoreApplication.translate("Spoken", "Payment complete.")
        amount = QCoreApplication.translate("Spoken", "You paid {amount}.").format(
            amount=money(paid)) if paid > 0 else ""
        if view.by_voucher:  # no card to take
            return _join(done, amount, QCoreApplication.translate(
                "Spoken", "Press Done when you are finished."))
        return _join(done, amount, QCoreApplication.translate("Spoken", "Please take your card."))
    owed = receipt.debt_fen or paid
    return _join(
        QCoreApplication.translate(
            "Spoken", "Your visit is settled, but the payment did not go through."),
        QCoreApplication.translate(
            "Spoken", "Still to pay: {amount}. Please pay it at the payment counter.").format(
            amount=money(owed)))


def _pending(view: SessionView) -> str:
    payment = view.payment
    parts = [QCoreApplication.translate(
        "Spoken", "Your payment is being confirmed. You will never be charged twice. Please do "
                "not pay again.")]
    if payment is not None:
        if payment.psn_cash_pay_fen > 0:
            parts.append(QCoreApplication.translate(
                "Spoken", "Amount: {amount}.").format(amount=money(payment.psn_cash_pay_fen)))
        parts.append(QCoreApplication.translate(
            "Spoken", "Your reference number is {reference}.").format(
            reference=" ".join(payment.reference)))
    parts.append(messages.tr(messages.GO_TO_COUNTER))
    return _join(*parts)


def _error(view: SessionView) -> str:
    text = messages.for_error(view.error) if view.error else messages.UNKNOWN
    return _join(*messages.tr_message(text))


def _not_eligible(view: SessionView) -> str:
    codes = (view.eligibility.reasons if view.eligibility else ()) or ("not_eligible",)
    parts = [QCoreApplication.translate("Spoken", "Pay-later is not available today.")]
    for code in dict.fromkeys(codes):
        parts.append(messages.tr(messages.for_reason(code).message))
    parts.append(messages.tr(messages.TRADITIONAL_WAY))
    return _join(*dict.fromkeys(parts))


def _scan(view: SessionView) -> str:
    """The attract screen's word on the QR scanner (``kiosk.ui.screens.scan``)."""
    if view.scanner == ScannerState.READY:
        return QCoreApplication.translate(
            "Spoken", "No card with you? Open your medical insurance app and hold its QR code "
                      "under the scanner.")
    if view.scanner in (ScannerState.MISSING, ScannerState.REMOVED):
        return QCoreApplication.translate(
            "Spoken", "The code scanner is not working right now.")
    return ""


def prompt(view: SessionView) -> str:
    """What the voice says when ``view`` is shown (the repeat button says it again)."""
    if view.idle_warning:
        return QCoreApplication.translate("Spoken", "Do you need more time? Press More time.")
    state = view.state
    if state == State.ATTRACT:
        if view.out_of_service:
            return _join(QCoreApplication.translate("Spoken", "This kiosk is out of service."),
                         messages.tr(messages.GO_TO_COUNTER))
        card = QCoreApplication.translate(
            "Spoken", "Please insert your medical insurance card: chip first, face up, into the "
                  "slot below the screen.")
        return _join(card, _scan(view))
    if state == State.READING:
        if view.by_voucher:
            return QCoreApplication.translate(
                "Spoken", "Checking your insurance code. Please wait.")
        return (QCoreApplication.translate(
            "Spoken", "Reading your card. Please wait.") if view.patient is None
                else QCoreApplication.translate("Spoken", "Checking. Please wait."))
    if state == State.CHECK_IN:
        text = _check_in(view)
        if view.care_offer:
            text = _join(text, QCoreApplication.translate(
                "Spoken", "For larger text and voice guidance, press Care mode."))
        return text
    if state == State.TICKET:
        return _ticket(view)
    if state == State.ITINERARY:
        return _itinerary(view)
    if state == State.BILL:
        return _bill(view)
    if state == State.SETTLING:
        return (QCoreApplication.translate(
            "Spoken", "Your payment is being confirmed. Please do not pay again.")
                if view.confirming else QCoreApplication.translate(
                    "Spoken", "Paying. Please keep your card in the reader."))
    if state == State.PAYMENT_PENDING:
        return _pending(view)
    if state == State.NOT_PAID:
        return QCoreApplication.translate(
            "Spoken", "Not paid yet. Your card was taken out before you paid. Nothing was charged. "
                  "To pay, insert your card again.")
    if state == State.RECEIPT:
        return _receipt(view)
    if state == State.FIRST_TIME:
        return _join(*messages.tr_message(messages.REASON_MESSAGES[messages.Reason.NOT_LINKED]),
                     messages.tr(messages.COUNTER_LOCATION))
    if state == State.NOT_ELIGIBLE:
        return _not_eligible(view)
    if state == State.ERROR:
        return _error(view)
    return QCoreApplication.translate("Spoken", "Please take your card. Thank you.")  # TAKE_CARD


def focus_text(text: str, enabled: bool = True) -> str:
    """What the keypad's focus says on a button: its label (one line), and if it cannot be
    chosen now, that."""
    said = " ".join(text.split())
    return said if enabled else QCoreApplication.translate(
        "Spoken", "{button}, not available").format(button=said)


def keypad_help(view: SessionView) -> str:
    return _join(QCoreApplication.translate(CONTEXT, KEYPAD_HELP), prompt(view))
