"""What the counter's window shows beside its screens for the hospital floor: the calls for
help from kiosks (``kiosk.counter.help_alerts``, for every member of staff signed in), the
fleet view (``kiosk.counter.fleet_view``) and the finance window (``kiosk.counter.finance_view``:
unknown payment outcomes, reconciliation), top-bar buttons for supervisors and admins.

``Supervision.follow(staff)`` is called with each view's signed-in staff member: it starts the
help desk's polling on sign-in and stops it (and its sound) on sign-out, and shows the fleet
button only to supervisors and admins. Both use the signed-in staff's client and the
controller's one background helper.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QPushButton

from kiosk.client.staff import StaffClient, StaffSession
from kiosk.counter.controller import CounterController
from kiosk.counter.finance_view import FinanceWindow
from kiosk.counter.fleet_view import FleetWindow
from kiosk.counter.help_alerts import Chime, HelpAlerts, HelpDesk

FLEET_ROLES = ("supervisor", "admin")


class Supervision(QObject):
    def __init__(self, controller: CounterController, *, chime: Chime | None = None) -> None:
        super().__init__(controller)
        self.controller = controller
        self.help_desk = HelpDesk(self._client, controller.background, chime=chime,
                                  parent=self)
        self.help_alerts = HelpAlerts(self.help_desk)
        self.fleet_window = FleetWindow(self._client, controller.background)
        self.fleet_button = QPushButton()
        self.fleet_button.setObjectName("fleet")
        self.fleet_button.clicked.connect(self.open_fleet)
        self.fleet_button.hide()
        self.fleet_button.installEventFilter(self)
        self.finance_window = FinanceWindow(self._client, controller.background)
        self.finance_button = QPushButton()
        self.finance_button.setObjectName("finance")
        self.finance_button.clicked.connect(self.open_finance)
        self.finance_button.hide()
        self._staff: StaffSession | None = None
        self.translateUI()

    def _client(self) -> StaffClient | None:
        generation = self.controller.staff_generation
        return None if generation is None else self.controller.runner.staff_client(generation)

    def follow(self, staff: StaffSession | None) -> None:
        if staff == self._staff:
            return
        self._staff = staff
        if staff is None:
            self.help_desk.stop()
            self.fleet_window.hide()
            self.finance_window.hide()
        else:
            self.help_desk.start()
        self.fleet_button.setVisible(staff is not None and staff.role in FLEET_ROLES)
        self.finance_button.setVisible(staff is not None and staff.role in FLEET_ROLES)

    def open_fleet(self) -> None:
        self.fleet_window.setStyleSheet(self.help_alerts.window().styleSheet())  # the counter's
        self.fleet_window.show()
        self.fleet_window.raise_()

    def open_finance(self) -> None:
        self.finance_window.setStyleSheet(self.help_alerts.window().styleSheet())
        self.finance_window.show()
        self.finance_window.raise_()

    def close(self) -> None:
        self.help_desk.stop()
        self.fleet_window.close()
        self.finance_window.close()

    def translateUI(self) -> None:
        self.fleet_button.setText(self.tr("Kiosk fleet"))
        self.finance_button.setText(self.tr("Finance"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.fleet_button and event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        return False
