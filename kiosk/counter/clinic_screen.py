"""The clinic desk (clinic mode): staff run the patient's whole journey, step by step.

Shows the patient session's ``SessionView`` (``kiosk.flow.session``) for staff: where the
journey stands, the patient (masked, as the session keeps it), the eligibility decision with
every reason in words, the departments to check in to, the ticket, the next stops, the bill and
its split, and what became of the payment. The buttons are the ones
``kiosk.counter.clinic_rules.staff_actions`` allows; each emits what staff asked for: the
patient session's intents (``intent``), "read card" and "patient leaves". The pay button is
labelled as the patient's confirmation and shows only when no customer-facing screen is
attached (the patient confirms there otherwise).

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout

from kiosk.counter import messages as cm
from kiosk.counter.clinic_rules import Action, staff_actions
from kiosk.counter.i18n import current_language
from kiosk.counter.screen_kit import CounterScreen, button, fill, label, selected_id, table
from kiosk.domain.money import format_yuan
from kiosk.domain.reasons import Decision
from kiosk.flow import session as fs
from kiosk.flow.events import SessionView, State
from kiosk.flow.models import DepartmentView, ErrorInfo


def error_text(error: ErrorInfo) -> str:
    """Staff's words for the patient session's one error state."""
    if error.source == "card":
        return cm.card_text(error.code)
    if error.source == "backend":
        return cm.tr(cm.NETWORK.get(error.code, cm.NETWORK["failure"]))
    return cm.reason_text(error.code)


class ClinicScreen(CounterScreen):
    intent = Signal(object)  # a kiosk.flow.session intent
    read_card_requested = Signal()
    end_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.view: SessionView | None = None
        self.customer_screen = False
        self.title = label("clinicTitle", role="title")
        self.status = label("clinicStatus", role="big")
        self.patient_line = label("clinicPatient")
        self.details = label("clinicDetails")
        self.customer_note = label("clinicCustomerNote", role="notice")
        self.departments = table("clinicDepartments", 3)
        self.rows = table("clinicRows", 3)  # the next stops, or the bill's lines
        self.summary = label("clinicSummary")
        self.share = label("clinicShare", role="big")
        self.buttons = {
            Action.READ_CARD: button("clinicReadCard", "primary"),
            Action.CHECK_IN: button("clinicCheckIn", "primary"),
            Action.SHOW_BILL: button("clinicShowBill", "primary"),
            Action.PATIENT_CONFIRMS: button("clinicPatientConfirms", "pay"),
            Action.BACK: button("clinicBack"),
            Action.RETRY: button("clinicRetry"),
            Action.MORE_TIME: button("clinicMoreTime"),
            Action.END: button("clinicEnd"),
        }
        box = QGroupBox()
        self.box = box
        inner = QVBoxLayout(box)
        inner.addWidget(self.patient_line)
        inner.addWidget(self.details)
        inner.addWidget(self.departments, 10)
        inner.addWidget(self.rows, 10)
        inner.addWidget(self.summary)
        inner.addWidget(self.share)
        inner.addStretch(1)  # short steps keep their lines together at the top
        row = QHBoxLayout()
        for action in (Action.END, Action.BACK, Action.MORE_TIME):
            row.addWidget(self.buttons[action])
        row.addStretch(1)
        for action in (Action.RETRY, Action.READ_CARD, Action.CHECK_IN, Action.SHOW_BILL,
                       Action.PATIENT_CONFIRMS):
            row.addWidget(self.buttons[action])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.customer_note)
        layout.addWidget(box, 1)
        layout.addLayout(row)
        self._connect()
        self.translateUI()

    def _connect(self) -> None:
        send = self.intent.emit
        b = self.buttons
        b[Action.READ_CARD].clicked.connect(self.read_card_requested)
        b[Action.END].clicked.connect(self.end_requested)
        b[Action.CHECK_IN].clicked.connect(lambda: send(fs.ConfirmCheckIn()))
        b[Action.SHOW_BILL].clicked.connect(lambda: send(fs.ShowBill()))
        b[Action.PATIENT_CONFIRMS].clicked.connect(lambda: send(fs.ConfirmPayment()))
        b[Action.BACK].clicked.connect(lambda: send(fs.Back()))
        b[Action.RETRY].clicked.connect(lambda: send(fs.Retry()))
        b[Action.MORE_TIME].clicked.connect(lambda: send(fs.ExtendTime()))
        self.departments.itemSelectionChanged.connect(self._department_chosen)

    def _department_chosen(self) -> None:
        view = self.view
        index = selected_id(self.departments)
        if view is None or index is None or view.state != State.CHECK_IN:
            return
        code = view.departments[index].code
        if view.selected_department is None or view.selected_department.code != code:
            self.intent.emit(fs.ChooseDepartment(code))

    # --- showing ---------------------------------------------------------------------------
    def set_customer_screen(self, attached: bool) -> None:
        self.customer_screen = attached
        self.render()

    def show_view(self, view: SessionView) -> None:
        if view != self.view:
            self.view = view
            self.render()

    def render(self) -> None:
        view = self.view
        allowed = frozenset() if view is None else staff_actions(
            view, customer_screen=self.customer_screen)
        for action, widget in self.buttons.items():
            widget.setVisible(action in allowed)
        if view is None:
            return
        self.status.setText(self._status_text(view))
        patient = view.patient
        self.patient_line.setText("" if patient is None else self.tr(
            "Patient {name}, ID {id}").format(name=patient.masked_name, id=patient.masked_id))
        self.details.setText(self._details_text(view))
        if view.bill is not None:
            self.buttons[Action.PATIENT_CONFIRMS].setText(self.tr(
                "Patient confirms: pay {amount}").format(
                amount=format_yuan(view.bill.split.psn_cash_pay_fen)))
        self.customer_note.setVisible(self.customer_screen and view.state == State.BILL)
        self._show_departments(view)
        self._show_rows(view)
        self.box.setVisible(patient is not None or view.error is not None
                            or view.receipt is not None or view.payment is not None)

    def _name(self, dept: DepartmentView) -> str:
        return dept.name_en if current_language() == "en" else dept.name_zh

    def _show_departments(self, view: SessionView) -> None:
        shown = view.state == State.CHECK_IN
        self.departments.setVisible(shown)
        if not shown:
            return
        rows = [(i, [self._name(d), f"{d.building} {d.floor}F {d.room}",
                     self.tr("{minutes} min").format(minutes=d.estimated_wait_minutes)])
                for i, d in enumerate(view.departments) if d.is_open]
        self.departments.blockSignals(True)
        fill(self.departments, rows)
        self.departments.clearSelection()
        if view.selected_department is not None:
            for r, (i, _cells) in enumerate(rows):
                if view.departments[i].code == view.selected_department.code:
                    self.departments.selectRow(r)
        self.departments.blockSignals(False)

    def _show_rows(self, view: SessionView) -> None:
        bill = view.bill if view.state in (State.BILL, State.SETTLING) else None
        if view.state == State.ITINERARY and view.itinerary is not None:
            self.rows.setHorizontalHeaderLabels(
                [self.tr("Next stop"), self.tr("Room"), self.tr("Wait")])
            fill(self.rows, [(i, [self._name(s.department), s.department.room,
                                  self.tr("{minutes} min").format(
                                      minutes=s.expected_wait_minutes)])
                             for i, s in enumerate(view.itinerary.stops)])
        elif bill is not None:
            self.rows.setHorizontalHeaderLabels(
                [self.tr("Item"), self.tr("Qty"), self.tr("Amount")])
            fill(self.rows, [(i, [line.name, str(line.quantity), format_yuan(line.amount_fen)])
                             for i, line in enumerate(bill.lines)])
        self.rows.setVisible(bill is not None or (
            view.state == State.ITINERARY and view.itinerary is not None))
        split = bill.split if bill is not None else (
            view.receipt.split if view.receipt is not None else None)
        if split is None:
            self.summary.clear()
            self.share.clear()
        else:
            self.summary.setText(self.tr(
                "Total {total}  Insurance fund {fund}  Personal account {account}").format(
                total=format_yuan(split.medfee_sumamt_fen),
                fund=format_yuan(split.fund_pay_sumamt_fen),
                account=format_yuan(split.acct_pay_fen)))
            self.share.setText(self.tr("Patient's share: {amount}").format(
                amount=format_yuan(split.psn_cash_pay_fen)))
        self.summary.setVisible(split is not None)
        self.share.setVisible(split is not None)

    def _status_text(self, view: SessionView) -> str:
        state = view.state
        if view.busy and state in (State.CHECK_IN, State.ITINERARY, State.BILL):
            return self.tr("Working…")
        texts = {
            State.ATTRACT: self.tr("Next patient: put the card in the reader and read it."),
            State.READING: self.tr("Reading the card and asking about eligibility…"),
            State.CHECK_IN: self.tr("Eligible: choose the department with the patient, then "
                                    "check in."),
            State.TICKET: self.tr("Checked in."),
            State.ITINERARY: self.tr("Open visit: the next stops. Show the bill when the "
                                     "patient is ready to pay."),
            State.BILL: self.tr("The bill: the patient confirms the payment."),
            State.SETTLING: self.tr("Paying… do not take payment again."),
            State.PAYMENT_PENDING: self.tr(
                "The payment is being confirmed. It is never taken twice; the station keeps "
                "asking with the same key."),
            State.NOT_PAID: self.tr("The patient left before paying: nothing was charged."),
            State.RECEIPT: self.tr("Paid."),
            State.FIRST_TIME: self.tr("This card is not linked to pay-later yet: link it at "
                                      "the counter desk."),
            State.NOT_ELIGIBLE: self.tr("Not eligible for pay-later: the patient pays the "
                                        "usual way."),
            State.ERROR: self.tr("Something went wrong."),
            State.TAKE_CARD: self.tr("Give the card back to the patient."),
        }
        text = texts[state]
        if view.out_of_service:
            text += " " + self.tr("The backend is not answering.")
        return text

    def _details_text(self, view: SessionView) -> str:
        lines: list[str] = []
        elig = view.eligibility
        if elig is not None and elig.decision == Decision.NOT_ELIGIBLE:
            lines += [cm.reason_text(r) for r in elig.reasons]
        if elig is not None and elig.available_credit_fen is not None and \
                view.state == State.CHECK_IN:
            lines.append(self.tr("Credit available: {amount}").format(
                amount=format_yuan(elig.available_credit_fen)))
        if elig is not None and view.state == State.CHECK_IN:
            lines += [self.tr("Appointment today {time}: {department}").format(
                time=a.time, department=self._name(a.department)) for a in elig.appointments]
        if view.ticket is not None:
            t = view.ticket
            lines.append(self.tr("Ticket {number}: {department}, {building} {floor}F room "
                                 "{room}").format(number=t.ticket_number,
                                                  department=self._name(t.department),
                                                  building=t.department.building,
                                                  floor=t.department.floor,
                                                  room=t.department.room))
        if view.bill_changed:
            lines.append(self.tr("The bill changed: show the new amounts to the patient."))
        if view.payment is not None:
            lines.append(self.tr("Payment reference {reference}: {amount}").format(
                reference=view.payment.reference,
                amount=format_yuan(view.payment.psn_cash_pay_fen)))
        if view.receipt is not None:
            r = view.receipt
            lines.append(self.tr("Settlement {number} for visit {visit}.").format(
                number=r.settlement_id, visit=r.visit_id))
            if r.debt_fen:
                lines.append(self.tr("Owed on pay-later: {amount}, due {date}.").format(
                    amount=format_yuan(r.debt_fen), date=r.debt_due_date or "—"))
        if view.error is not None:
            lines.append(error_text(view.error))
        if view.idle_warning:
            lines.append(self.tr("No input for a while: the patient's session ends soon."))
        return "\n".join(lines)

    def translateUI(self) -> None:
        self.title.setText(self.tr("Clinic desk: the patient's journey"))
        self.box.setTitle(self.tr("Patient"))
        self.customer_note.setText(self.tr(
            "The patient checks the amounts and confirms on the customer screen."))
        self.departments.setHorizontalHeaderLabels(
            [self.tr("Department"), self.tr("Room"), self.tr("Wait")])
        texts = {
            Action.READ_CARD: self.tr("Read card"),
            Action.CHECK_IN: self.tr("Check in"),
            Action.SHOW_BILL: self.tr("Show the bill"),
            Action.BACK: self.tr("Back"),
            Action.RETRY: self.tr("Try again"),
            Action.MORE_TIME: self.tr("More time"),
            Action.END: self.tr("Patient leaves: end"),
        }
        for action, text in texts.items():
            self.buttons[action].setText(text)
        self.render()
