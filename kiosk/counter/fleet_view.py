"""The supervisors' fleet view at the counter (issue 18 item 6): the kiosks that need someone,
from ``GET /v1/fleet``: silent for longer than the backend's ``silent_after_seconds`` (2
minutes), out of paper, with a reader or printer fault, or with a settlement outbox that keeps
growing. Kiosks without a problem are counted, not listed.

``FleetWindow`` is a window of its own (opened from the counter's top bar by supervisors and
admins); it asks for the fleet when shown, on "refresh", and every ``REFRESH_MS`` while shown,
on the counter's one background helper. ``problem_rows`` and ``problem_text`` are the pure
decisions (which kiosks, in which words).

Threads: construct and call on the GUI thread; only the backend call runs on a pool thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.client.errors import BackendError
from kiosk.client.help import Fleet, FleetKiosk, fleet
from kiosk.client.staff import StaffClient
from kiosk.qt.background import Background

log = logging.getLogger("kiosk.counter")

REFRESH_MS = 30_000


@dataclass(frozen=True, slots=True)
class FleetRow:
    kiosk: str
    problems: tuple[str, ...]  # the backend's codes, most urgent first
    kiosk_state: FleetKiosk


def problem_rows(answer: Fleet) -> tuple[list[FleetRow], int]:
    """The kiosks with a problem (as the backend orders them) and how many have none."""
    rows = [FleetRow(k.kiosk, k.problems, k) for k in answer.kiosks if k.problems]
    return rows, len(answer.kiosks) - len(rows)


def problem_text(code: str, kiosk: FleetKiosk) -> str:
    """One problem in the supervisor's words."""
    if code == "silent":
        return QCoreApplication.translate("FleetWindow", "silent for {minutes} min").format(
            minutes=kiosk.silent_seconds // 60)
    if code == "outbox_growing":
        return QCoreApplication.translate(
            "FleetWindow", "payments waiting to be sent: {n}, growing").format(
            n=kiosk.outbox_depth)
    words = {"out_of_paper": QCoreApplication.translate("FleetWindow", "out of paper"),
             "reader_fault": QCoreApplication.translate("FleetWindow", "card reader fault"),
             "printer_fault": QCoreApplication.translate("FleetWindow", "printer fault")}
    return words.get(code, code)


class FleetWindow(QWidget):
    """The kiosks that need someone. ``load()`` asks the backend; ``show_fleet`` shows."""

    COLUMNS = 4

    def __init__(self, client_of: Callable[[], StaffClient | None], background: Background,
                 *, refresh_ms: int = REFRESH_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fleetWindow")
        self.resize(1000, 600)
        self._client_of = client_of
        self._background = background
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.summary = QLabel()
        self.summary.setObjectName("fleetSummary")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("fleetRefresh")
        self.refresh_button.clicked.connect(self.load)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("fleetTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.rows: list[FleetRow] = []
        self._healthy = 0
        self._failed = False
        self.loads = 0  # answers shown (tests wait on it)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.load)
        self.translateUI()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.load()
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._timer.stop()
        super().hideEvent(event)

    def load(self) -> None:
        client = self._client_of()
        if client is None:
            return
        self._background.run(lambda: fleet(client), self.show_fleet, self._load_failed)

    def _load_failed(self, error: BaseException) -> None:
        log.info("fleet not read: %s", type(error).__name__)
        self._failed = isinstance(error, BackendError)
        self.translateUI()

    def show_fleet(self, answer: Fleet) -> None:
        self.rows, self._healthy = problem_rows(answer)
        self._failed = False
        self.loads += 1
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            k = row.kiosk_state
            cells = (row.kiosk, "; ".join(problem_text(p, k) for p in row.problems),
                     k.version, k.last_error_code or "")
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.translateUI()

    def translateUI(self) -> None:
        self.setWindowTitle(self.tr("Kiosk fleet"))
        self.title.setText(self.tr("Kiosks that need someone"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kiosk"), self.tr("Problems"), self.tr("Version"), self.tr("Last error")])
        if self._failed:
            self.summary.setText(self.tr("The fleet could not be read; it is asked again "
                                         "shortly."))
        else:
            self.summary.setText(self.tr("{problems} need someone, {healthy} without a "
                                         "problem.").format(problems=len(self.rows),
                                                            healthy=self._healthy))
        for i, row in enumerate(self.rows):
            item = self.table.item(i, 1)
            if item is not None:
                item.setText("; ".join(problem_text(p, row.kiosk_state) for p in row.problems))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)
