"""The customer-facing screen of clinic mode: what the patient must see, in the patient's
language, on a second screen turned to the patient.

A top-level window of its own (``CustomerWindow``), never the staff's screens: the patient's
masked name, where the journey stands (``kiosk.counter.clinic_rules.customer_panel``), the
ticket, the bill split with "your share" and the one confirm button
(``kiosk.counter.clinic_rules.may_confirm``; it emits ``ConfirmPayment``, the patient
session's own intent), then "paying", "being confirmed, never charged twice" with the
reference, or the receipt. Built from the shared Qt kit (``kiosk.qt.widgets``,
``kiosk.qt.theme``), not from the kiosk's screens.

The patient's language is the window's own, apart from the staff's: Simplified Chinese by
default, the patient may switch (the language button), and each new patient starts in Chinese
again. Its texts (``QT_TRANSLATE_NOOP("CustomerScreen", ...)``, in ``counter_*.ts``) go
through a translator this window holds and does not install, so the staff's screens keep
their language.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTranslator, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.counter.clinic_rules import Panel, customer_panel, may_confirm
from kiosk.counter.i18n import build_counter_translations
from kiosk.domain.money import format_yuan
from kiosk.flow import session as fs
from kiosk.flow.events import SessionView, State
from kiosk.qt import i18n as qt_i18n
from kiosk.qt.theme import stylesheet
from kiosk.qt.widgets import button, label, panel

CONTEXT = "CustomerScreen"

HEADLINES: dict[Panel, str] = {
    Panel.WELCOME: QT_TRANSLATE_NOOP("CustomerScreen", "Welcome. Staff will read your card."),
    Panel.WAIT: QT_TRANSLATE_NOOP("CustomerScreen", "One moment: staff are helping you."),
    Panel.CHECK_IN: QT_TRANSLATE_NOOP(
        "CustomerScreen", "You can see the doctor first and pay later. Staff are checking "
                          "you in."),
    Panel.TICKET: QT_TRANSLATE_NOOP("CustomerScreen", "You are checked in."),
    Panel.ITINERARY: QT_TRANSLATE_NOOP("CustomerScreen", "Your next stops"),
    Panel.BILL: QT_TRANSLATE_NOOP("CustomerScreen", "Your bill: please check and confirm"),
    Panel.SETTLING: QT_TRANSLATE_NOOP("CustomerScreen", "Paying… please wait."),
    Panel.PENDING: QT_TRANSLATE_NOOP(
        "CustomerScreen", "Your payment is being confirmed. You will not be charged twice."),
    Panel.NOT_PAID: QT_TRANSLATE_NOOP("CustomerScreen", "You have not paid yet."),
    Panel.RECEIPT: QT_TRANSLATE_NOOP("CustomerScreen", "Paid. Thank you."),
    Panel.NOT_ELIGIBLE: QT_TRANSLATE_NOOP(
        "CustomerScreen", "Pay-later is not available for you today. Staff will help you "
                          "pay the usual way."),
    Panel.FIRST_TIME: QT_TRANSLATE_NOOP(
        "CustomerScreen", "Your card is not linked to pay-later yet. Staff will help you "
                          "link it."),
}
TEXTS: dict[str, str] = {
    "patient": QT_TRANSLATE_NOOP("CustomerScreen", "Patient: {name}"),
    "ticket": QT_TRANSLATE_NOOP("CustomerScreen", "Number {number} · {department} · room "
                                                  "{room}"),
    "stop": QT_TRANSLATE_NOOP("CustomerScreen", "{department}, room {room}"),
    "split": QT_TRANSLATE_NOOP(
        "CustomerScreen", "Total {total}\nInsurance fund pays {fund}\nPersonal account pays "
                          "{account}"),
    "share": QT_TRANSLATE_NOOP("CustomerScreen", "Your share: {amount}"),
    "confirm": QT_TRANSLATE_NOOP("CustomerScreen", "Confirm and pay {amount}"),
    "reference": QT_TRANSLATE_NOOP("CustomerScreen", "Reference {reference}"),
    "receipt": QT_TRANSLATE_NOOP("CustomerScreen", "Receipt {number}"),
    "debt": QT_TRANSLATE_NOOP("CustomerScreen", "Owed on pay-later: {amount}, due {date}"),
    "changed": QT_TRANSLATE_NOOP(
        "CustomerScreen", "The bill has changed: please check the new amounts."),
    "title": QT_TRANSLATE_NOOP("CustomerScreen", "Clinic · see the doctor first, pay later"),
}
LANGUAGE_BUTTON = {"zh_CN": "English", "en": "中文"}


class CustomerWindow(QWidget):
    intent = Signal(object)  # the patient's ConfirmPayment

    def __init__(self, language: str = "zh_CN") -> None:
        super().__init__()
        self.setObjectName("customerWindow")
        self.setStyleSheet(stylesheet())
        self.view: SessionView | None = None
        self.language = language
        self._translator = QTranslator(self)
        self.title = label("small")
        self.language_button = button()
        self.language_button.setObjectName("customerLanguage")
        self.headline = label("title")
        self.headline.setObjectName("customerHeadline")
        self.patient = label()
        self.patient.setObjectName("customerPatient")
        self.details = label("big")
        self.details.setObjectName("customerDetails")
        self.split = label()
        self.split.setObjectName("customerSplit")
        self.share = label("display")
        self.share.setObjectName("customerShare")
        self.confirm_button = button("pay")
        self.confirm_button.setObjectName("customerConfirm")
        frame, inner = panel()
        for widget in (self.headline, self.patient, self.details, self.split, self.share):
            inner.addWidget(widget)
        inner.addStretch(1)
        inner.addWidget(self.confirm_button)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.language_button)
        self.language_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.addLayout(top)
        layout.addWidget(frame, 1)
        self.confirm_button.clicked.connect(lambda: self.intent.emit(fs.ConfirmPayment()))
        self.language_button.clicked.connect(self.toggle_language)
        self.set_language(language)

    # --- language --------------------------------------------------------------------------
    def t(self, source: str) -> str:
        """``source`` in the patient's language."""
        if self.language == "en":
            return source
        return self._translator.translate(CONTEXT, source) or source

    def set_language(self, language: str) -> None:
        if language != "en":
            build_counter_translations()
            qm = qt_i18n.translations_dir() / f"counter_{language}.qm"
            if not self._translator.load(str(qm)):
                raise RuntimeError(f"could not load translations {qm}")
        self.language = language
        self.render()

    def toggle_language(self) -> None:
        self.set_language("en" if self.language == "zh_CN" else "zh_CN")

    # --- showing ---------------------------------------------------------------------------
    def show_view(self, view: SessionView) -> None:
        if view.state == State.ATTRACT and self.view is not None \
                and self.view.state != State.ATTRACT and self.language != "zh_CN":
            self.view = view
            self.set_language("zh_CN")  # the next patient starts in Chinese
            return
        if view != self.view:
            self.view = view
            self.render()

    def _department(self, dept: object) -> str:
        return str(getattr(dept, "name_en" if self.language == "en" else "name_zh"))

    def render(self) -> None:
        t = self.t
        self.title.setText(t(TEXTS["title"]))
        self.language_button.setText(LANGUAGE_BUTTON[self.language])
        view = self.view
        which = Panel.WELCOME if view is None else customer_panel(view)
        self.headline.setText(t(HEADLINES[which]))
        patient = None if view is None else view.patient
        self.patient.setText(t(TEXTS["patient"]).format(name=patient.masked_name)
                             if patient is not None and which != Panel.WELCOME else "")
        details: list[str] = []
        split = None
        if view is not None:
            if which == Panel.TICKET and view.ticket is not None:
                ticket = view.ticket
                details.append(t(TEXTS["ticket"]).format(
                    number=ticket.ticket_number, department=self._department(ticket.department),
                    room=ticket.department.room))
            if which == Panel.ITINERARY and view.itinerary is not None:
                details += [t(TEXTS["stop"]).format(department=self._department(s.department),
                                                    room=s.department.room)
                            for s in view.itinerary.stops]
            if which in (Panel.BILL, Panel.SETTLING) and view.bill is not None:
                split = view.bill.split
                if view.bill_changed:
                    details.append(t(TEXTS["changed"]))
            if which == Panel.PENDING and view.payment is not None:
                details.append(t(TEXTS["reference"]).format(reference=view.payment.reference))
                details.append(t(TEXTS["share"]).format(
                    amount=format_yuan(view.payment.psn_cash_pay_fen)))
            if which == Panel.RECEIPT and view.receipt is not None:
                receipt = view.receipt
                split = receipt.split
                details.append(t(TEXTS["receipt"]).format(number=receipt.settlement_id))
                if receipt.debt_fen:
                    details.append(t(TEXTS["debt"]).format(
                        amount=format_yuan(receipt.debt_fen), date=receipt.debt_due_date or "—"))
        self.details.setText("\n".join(details))
        self.details.setVisible(bool(details))
        if split is None:
            self.split.clear()
            self.share.clear()
        else:
            self.split.setText(t(TEXTS["split"]).format(
                total=format_yuan(split.medfee_sumamt_fen),
                fund=format_yuan(split.fund_pay_sumamt_fen),
                account=format_yuan(split.acct_pay_fen)))
            self.share.setText(t(TEXTS["share"]).format(
                amount=format_yuan(split.psn_cash_pay_fen)))
        self.split.setVisible(split is not None)
        self.share.setVisible(split is not None)
        confirm = view is not None and may_confirm(view)
        self.confirm_button.setVisible(confirm)
        if confirm and view is not None and view.bill is not None:
            self.confirm_button.setText(t(TEXTS["confirm"]).format(
                amount=format_yuan(view.bill.split.psn_cash_pay_fen)))
        self.setWindowTitle(t(TEXTS["title"]))
