"""What the counter's window shows beside its screens for the hospital floor: the calls for
help from kiosks (``kiosk.counter.help_alerts``, for every member of staff signed in), and
three windows behind top-bar buttons for supervisors and admins: the fleet view
(``kiosk.counter.fleet_view``), the finance window (``kiosk.counter.finance_view``: unknown
payment outcomes, reconciliation) and partial refunds (``kiosk.counter.refund_view``).

``Supervision.follow(staff)`` is called with each view's signed-in staff member: it starts the
help desk's polling on sign-in and stops it (and its sound) on sign-out, and shows the
windows' buttons only to supervisors and admins (and closes the windows on sign-out). All use
the signed-in staff's client and the controller's one background helper.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.client.staff import StaffClient, StaffSession
from kiosk.counter.controller import CounterController
from kiosk.counter.finance_view import FinanceWindow
from kiosk.counter.fleet_view import FleetWindow
from kiosk.counter.help_alerts import Chime, HelpAlerts, HelpDesk
from kiosk.counter.refund_view import RefundWindow

FLEET_ROLES = ("supervisor", "admin")

# each supervisor window's button: object name and words
BUTTONS = {
    "fleet": QT_TRANSLATE_NOOP("Supervision", "Kiosk fleet"),
    "finance": QT_TRANSLATE_NOOP("Supervision", "Finance"),
    "refunds": QT_TRANSLATE_NOOP("Supervision", "Refunds"),
}


class Supervision(QObject):
    def __init__(self, controller: CounterController, *, chime: Chime | None = None) -> None:
        super().__init__(controller)
        self.controller = controller
        self.help_desk = HelpDesk(self._client, controller.background, chime=chime,
                                  parent=self)
        self.help_alerts = HelpAlerts(self.help_desk)
        background = controller.background
        self.windows: dict[str, QWidget] = {
            "fleet": FleetWindow(self._client, background),
            "finance": FinanceWindow(self._client, background),
            # the refund receipt is shown on screen; the counter has no receipt printer wired
            "refunds": RefundWindow(self._client, background),
        }
        self.buttons: dict[str, QPushButton] = {}
        for name in self.windows:
            button = QPushButton()
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, n=name: self.open(n))
            button.hide()
            self.buttons[name] = button
        self.buttons["fleet"].installEventFilter(self)  # one is enough to hear the language
        self._staff: StaffSession | None = None
        self.translateUI()

    # the windows and buttons by name, as the window's bar and the tests take them
    @property
    def fleet_button(self) -> QPushButton:
        return self.buttons["fleet"]

    @property
    def finance_button(self) -> QPushButton:
        return self.buttons["finance"]

    @property
    def refunds_button(self) -> QPushButton:
        return self.buttons["refunds"]

    @property
    def fleet_window(self) -> FleetWindow:
        return self.windows["fleet"]  # type: ignore[return-value]

    @property
    def finance_window(self) -> FinanceWindow:
        return self.windows["finance"]  # type: ignore[return-value]

    @property
    def refund_window(self) -> RefundWindow:
        return self.windows["refunds"]  # type: ignore[return-value]

    def _client(self) -> StaffClient | None:
        generation = self.controller.staff_generation
        return None if generation is None else self.controller.runner.staff_client(generation)

    def follow(self, staff: StaffSession | None) -> None:
        if staff == self._staff:
            return
        self._staff = staff
        if staff is None:
            self.help_desk.stop()
            for window in self.windows.values():
                window.hide()
        else:
            self.help_desk.start()
        for button in self.buttons.values():
            button.setVisible(staff is not None and staff.role in FLEET_ROLES)

    def open(self, name: str) -> None:
        window = self.windows[name]
        window.setStyleSheet(self.help_alerts.window().styleSheet())  # the counter's
        window.show()
        window.raise_()

    def open_fleet(self) -> None:
        self.open("fleet")

    def open_finance(self) -> None:
        self.open("finance")

    def close(self) -> None:
        self.help_desk.stop()
        for window in self.windows.values():
            window.close()

    def translateUI(self) -> None:
        for name, text in BUTTONS.items():
            self.buttons[name].setText(QCoreApplication.translate("Supervision", text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.buttons["fleet"] and event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        return False
