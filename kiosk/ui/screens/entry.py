"""The screens around the card and the decision: attract, reading, first time, not eligible,
the one error screen, and "please take your card".

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.domain.money import format_yuan
from kiosk.flow.session import Finish, Retry, SessionView, SetCareMode
from kiosk.qt.widgets import Spinner, button, label, panel
from kiosk.ui import messages
from kiosk.ui.screens.scan import ScanPrompt
from kiosk.ui.widgets import CardArt, Screen


class AttractScreen(Screen):
    """"Please insert your medical insurance card", the card insertion guide (the card moving
    into the slot, chip first, face up), and the big care-mode button. Before a card goes in
    it says when the backend cannot be reached (out of service) or answers slowly (each step
    may take longer; the notice goes by itself when the link is quick again)."""

    def build(self) -> None:
        self.outer.addStretch(1)
        self.slogan = label("big", center=True)
        self.title = label("display", center=True)
        self.art = CardArt(outward=False, animated=True)
        self.care = button("primary")
        self.care.setObjectName("attractCare")
        self.care.setMinimumHeight(120)
        self.care.clicked.connect(self._care_clicked)
        # Reach mode is the window's (it moves the whole kiosk down): the window listens.
        self.reach = button()
        self.reach.setObjectName("attractReach")
        self.reach.setCheckable(True)
        self.set_actions(leave=(self.reach,), forward=(self.care,))
        self.steps = label(center=True)
        self.slow = label("notice", center=True)
        self.slow.setObjectName("attractSlowLink")
        self.outage_frame, box = panel()
        self.outage_title = label("title", center=True)
        self.outage_where = label("big", center=True)
        self.outage_back = label("muted", center=True)
        for widget in (self.outage_title, self.outage_where, self.outage_back):
            box.addWidget(widget)
        self.outer.addWidget(self.slogan)
        self.outer.addWidget(self.art, 4)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.steps)
        self.scan = ScanPrompt()  # no card: the e-insurance code (when a scanner is fitted)
        self.outer.addWidget(self.scan)
        self.outer.addWidget(self.slow)
        self.outer.addWidget(self.outage_frame)
        self.outer.addStretch(1)

    def translate_fixed(self) -> None:
        self.slogan.setText(self.tr("See the doctor first, pay once at the end"))
        self.outage_title.setText(self.tr("This kiosk cannot reach the hospital system "
                                          "right now"))
        self.outage_where.setText(messages.tr(messages.GO_TO_COUNTER))
        self.outage_back.setText(self.tr("It will be back by itself as soon as the "
                                         "connection returns."))
        self.reach.setText(self.tr("Wheelchair"))
        self.slow.setText(self.tr("The connection to the hospital system is slow right now: "
                                  "each step may take a little longer. You can still use "
                                  "this kiosk."))

    def _care_clicked(self) -> None:
        view = self.view()
        self.emit_intent(SetCareMode(not (view.care if view else False)))

    def render(self, view: SessionView) -> None:
        self.care.setText(self.tr("Care mode is on: tap to leave") if view.care
                          else self.tr("Care mode"))
        # Said before a card goes in: the patient does not insert a card for nothing.
        out = view.out_of_service
        self.outage_frame.setVisible(out)
        self.steps.setVisible(not out)
        self.slow.setVisible(view.link_slow and not out)
        self.art.setVisible(not out)  # no card should go in now
        self.title.setText(self.tr("Out of service") if out
                           else self.tr("Please insert your medical insurance card"))
        self.steps.setText(self.tr("Chip first, face up. Leave the card in until you finish."))
        self.scan.render(view)


class ReadingScreen(Screen):
    """"Reading your card…", then "Checking…"."""

    def build(self) -> None:
        self.outer.addStretch(1)
        self.spinner = Spinner(180)
        self.outer.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = label("title", center=True)
        self.patient = label("big", center=True)
        self.hint = label("muted", center=True)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.patient)
        self.outer.addWidget(self.hint)
        self.outer.addStretch(2)

    def render(self, view: SessionView) -> None:
        if view.by_voucher:  # no card: the backend asks the insurance office about the code
            self.title.setText(self.tr("Checking your insurance code…"))
            self.patient.hide()
            self.hint.setText(self.tr("Please wait a moment."))
            return
        if view.patient is None:
            self.title.setText(self.tr("Reading your card…"))
            self.patient.hide()
        else:
            self.title.setText(self.tr("Checking…"))
            self.patient.setText(f"{view.patient.masked_name}  {view.patient.masked_id}")
            self.patient.show()
        self.hint.setText(self.tr("Please leave your card in the reader."))

    def set_busy(self, busy: bool) -> None:
        super().set_busy(False)  # the spinner and title already say "wait"


class FirstTimeScreen(Screen):
    """Not linked yet: go to the payment counter once."""

    def build(self) -> None:
        self.title = label("title")
        self.frame, box = panel()
        self.message = label()
        self.next_step = label("big")
        self.where = label("muted")
        self.later = label()
        for widget in (self.message, self.next_step, self.where, self.later):
            box.addWidget(widget)
        self.done = button("primary")
        self.done.clicked.connect(lambda: self.emit_intent(Finish()))
        self.outer.addStretch(1)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.frame)
        self.outer.addStretch(1)
        self.set_actions(leave=(self.done,))

    def translate_fixed(self) -> None:
        text = messages.REASON_MESSAGES[messages.Reason.NOT_LINKED]
        self.title.setText(self.tr("Welcome! Please link your card first"))
        self.message.setText(messages.tr(text.message))
        self.next_step.setText(messages.tr(text.next_step))
        self.where.setText(messages.tr(messages.COUNTER_LOCATION))
        self.later.setText(self.tr("It only takes a few minutes. Next time you can see the "
                                   "doctor first and pay once at the end."))
        self.done.setText(self.tr("Done"))


class NotEligibleScreen(Screen):
    """Pay-later is not available: each reason explained, and the traditional way."""

    def build(self) -> None:
        self.title = label("title")
        self.frame, self.reasons_box = panel()
        self.reason_rows: list[tuple[QLabel, QLabel]] = []
        self.step_labels: list[QLabel] = []
        self.traditional = label("notice")
        self.done = button("primary")
        self.done.clicked.connect(lambda: self.emit_intent(Finish()))
        self.outer.addStretch(1)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.frame)
        self.outer.addWidget(self.traditional)
        self.outer.addStretch(1)
        self.set_actions(leave=(self.done,))

    def translate_fixed(self) -> None:
        self.title.setText(self.tr("Pay-later is not available today"))
        self.traditional.setText(messages.tr(messages.TRADITIONAL_WAY))
        self.done.setText(self.tr("Done"))

    def render(self, view: SessionView) -> None:
        codes = view.eligibility.reasons if view.eligibility else ()
        seen: set[messages.PatientMessage] = set()
        reasons: list[tuple[str, str]] = []
        next_steps: list[str] = []
        for code in codes or ("not_eligible",):
            text = messages.for_reason(code)
            if text in seen:
                continue
            seen.add(text)
            title, body, step = messages.tr_message(text)
            if code == messages.Reason.OVERDUE_DEBT and view.eligibility \
                    and view.eligibility.overdue_debt_fen > 0:
                # the amount itself, so the patient knows what to bring to the counter
                step = self.tr("Amount to pay: {amount}. {where}").format(
                    amount=format_yuan(view.eligibility.overdue_debt_fen),
                    where=messages.tr(messages.GO_TO_COUNTER))
            reasons.append((title, body))
            if text.next_step != messages.TRADITIONAL_WAY and step not in next_steps:
                next_steps.append(step)
        # The labels are kept and reused (only hidden when not needed): creating and
        # styling new ones on every decision cost about a millisecond per screen.
        while len(self.reason_rows) < len(reasons):
            head, detail = label("big"), label()
            at = 2 * len(self.reason_rows)  # reason rows come before the next steps
            self.reasons_box.insertWidget(at, head)
            self.reasons_box.insertWidget(at + 1, detail)
            self.reason_rows.append((head, detail))
        while len(self.step_labels) < len(next_steps):
            extra = label("muted")
            self.reasons_box.addWidget(extra)
            self.step_labels.append(extra)
        for i, (head, detail) in enumerate(self.reason_rows):
            shown = i < len(reasons)
            if shown:
                head.setText(reasons[i][0])
                detail.setText(reasons[i][1])
            head.setVisible(shown)
            detail.setVisible(shown)
        for i, extra in enumerate(self.step_labels):
            if i < len(next_steps):
                extra.setText(next_steps[i])
            extra.setVisible(i < len(next_steps))


class ErrorScreen(Screen):
    """The one error screen: what happened, what to do, "Try again" (if it can help), "Finish"."""

    def build(self) -> None:
        self.title = label("title")
        self.frame, box = panel()
        self.message = label("big")
        self.next_step = label()
        box.addWidget(self.message)
        box.addWidget(self.next_step)
        self.guide = CardArt(outward=False, animated=True, minimum=220)  # after a failed read
        self.retry = button("primary")
        self.retry.clicked.connect(lambda: self.emit_intent(Retry()))
        self.finish = button()
        self.finish.clicked.connect(lambda: self.emit_intent(Finish()))
        self.outer.addStretch(1)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.frame)
        self.outer.addWidget(self.guide, 2)
        self.outer.addStretch(1)
        self.set_actions(leave=(self.finish,), forward=(self.retry,))

    def translate_fixed(self) -> None:
        self.retry.setText(self.tr("Try again"))
        self.finish.setText(self.tr("Finish"))

    def render(self, view: SessionView) -> None:
        text = messages.for_error(view.error) if view.error else messages.UNKNOWN
        title, body, step = messages.tr_message(text)
        self.title.setText(title)
        self.message.setText(body)
        self.next_step.setText(step)
        can_retry = bool(view.error and view.error.can_retry)
        if view.by_voucher and view.eligibility is None and not can_retry:
            self.finish.setText(self.tr("Back"))  # a code refused: scan again, or back
        else:
            self.finish.setText(self.tr("Finish"))
        # A card that could not be read: show again which way it goes in, under the words.
        self.guide.setVisible(bool(view.error and view.error.source == "card" and can_retry))
        self.retry.setVisible(can_retry)
        self.retry.setProperty("allowed", can_retry)


class TakeCardScreen(Screen):
    """"Please take your card"."""

    def build(self) -> None:
        self.outer.addStretch(1)
        self.title = label("title", center=True)
        self.art = CardArt(outward=True)
        self.thanks = label("big", center=True)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.art, 4)
        self.outer.addWidget(self.thanks)
        self.outer.addStretch(1)

    def translate_fixed(self) -> None:
        self.title.setText(self.tr("Please take your card"))
        self.thanks.setText(self.tr("Thank you. We wish you good health."))
