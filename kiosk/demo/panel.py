"""The demo panel: a small window that inserts the demo patients' virtual cards.

Only shown where pcscd offers the vpcd virtual reader (never on a real kiosk: anyone on the
network could insert a card). One button per demo patient (eligible, first time, not
eligible, expired card, third-generation card), "remove card", and "add charges", which plays
the departments of the demo journey (explained in words under the button): it finds the
eligible patient's open visit and posts a consultation, a blood test and a prescription to it
through the backend's department API (``DepartmentClient``), as a hospital information system
would. Below: each demo patient's e-insurance voucher QR code (pick the patient; a new code
every minute, as in the phone app): a real token the backend's reference insurer signed
(``kiosk.demo.fixtures.fetch_demo_voucher``: valid two minutes, single use), to hold up to a
scanner, and, with the demo's virtual scanner (``scanner``), "scan this code", which sends it
through that scanner as a patient holding up the phone would; then the backend's address and
the demo staff logins, for the counter station.

``kiosk.demo.fixtures.post_demo_charges(...)`` is the plain function behind that button.

``show_beside(window)`` puts the panel next to the kiosk window, never over it
(``panel_position``): without a window manager nothing else would move it off the kiosk's
header.

Threads: the panel lives on the GUI thread; inserting a card (a TCP connection to vpcd),
posting charges and fetching a voucher (HTTP) and scanning run through the ``Background`` the
app hands in (a panel built without
one makes its own and shuts it down in ``shutdown``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.card.virtual import DEFAULT_PORT, CardBehaviour, VirtualCard
from kiosk.client import BackendConfig
from kiosk.demo.fixtures import DemoVoucher, fetch_demo_voucher, post_demo_charges
from kiosk.qt.background import Background
from kiosk.qt.qr import qr_image

log = logging.getLogger(__name__)

DEMO_CARDS: tuple[tuple[str, str], ...] = (
    ("eligible", QT_TRANSLATE_NOOP("DemoPanel", "Insert: eligible patient")),
    ("first_time", QT_TRANSLATE_NOOP("DemoPanel", "Insert: first time (not linked)")),
    ("not_eligible", QT_TRANSLATE_NOOP("DemoPanel", "Insert: not eligible")),
    ("expired", QT_TRANSLATE_NOOP("DemoPanel", "Insert: expired card")),
    ("third_generation", QT_TRANSLATE_NOOP("DemoPanel", "Insert: third-generation card")),
    ("in_province", QT_TRANSLATE_NOOP("DemoPanel",
                                      "Insert: insured in another city of the province")),
    ("cross_filed", QT_TRANSLATE_NOOP("DemoPanel",
                                      "Insert: insured in another province, filed")),
    ("cross_unfiled", QT_TRANSLATE_NOOP("DemoPanel",
                                        "Insert: insured in another province, not filed")),
)

DEMO_VOUCHERS: tuple[tuple[str, str], ...] = (
    ("eligible", QT_TRANSLATE_NOOP("DemoPanel", "Voucher QR: eligible patient")),
    ("first_time", QT_TRANSLATE_NOOP("DemoPanel", "Voucher QR: first time (not linked)")),
    ("not_eligible", QT_TRANSLATE_NOOP("DemoPanel", "Voucher QR: not eligible")),
    ("expired", QT_TRANSLATE_NOOP("DemoPanel", "Voucher QR: patient whose card expired")),
    ("third_generation", QT_TRANSLATE_NOOP("DemoPanel",
                                           "Voucher QR: third-generation card holder")),
    ("in_province", QT_TRANSLATE_NOOP("DemoPanel",
                                      "Voucher QR: insured in another city of the province")),
    ("cross_filed", QT_TRANSLATE_NOOP("DemoPanel",
                                      "Voucher QR: insured in another province, filed")),
    ("cross_unfiled", QT_TRANSLATE_NOOP("DemoPanel",
                                        "Voucher QR: insured in another province, not filed")),
)
VOUCHER_REFRESH_MS = 60_000  # the phone app shows a new code about every minute
VOUCHER_QR_SCALE = 4

class DemoPanel(QWidget):
    """Buttons that insert and pull the demo cards and post the demo charges."""

    def __init__(self, backend: BackendConfig, credentials: dict[str, Any],
                 background: Background, port: int = DEFAULT_PORT, scanner: Any = None) -> None:
        super().__init__()
        self.scanner = scanner  # the demo's VirtualSerialScanner, if the kiosk watches one
        self.background = background  # the program's one background helper
        self.backend = backend
        self.department_tokens: dict[str, str] = dict(credentials.get("department_tokens", {}))
        self.port = port
        self.card: VirtualCard | None = None
        layout = QVBoxLayout(self)
        self.buttons: list[tuple[QPushButton, str]] = []
        for key, label in DEMO_CARDS:
            button = QPushButton()
            self.buttons.append((button, label))
            button.setObjectName(f"demo_insert_{key}")
            button.clicked.connect(lambda _=False, k=key: self.insert(k))
            layout.addWidget(button)
        remove = QPushButton()
        self.buttons.append((remove, QT_TRANSLATE_NOOP("DemoPanel", "Remove card")))
        remove.setObjectName("demo_remove")
        remove.clicked.connect(self.remove)
        layout.addWidget(remove)
        charges = QPushButton()
        self.buttons.append((charges, QT_TRANSLATE_NOOP("DemoPanel", "Add charges")))
        charges.setObjectName("demo_charges")
        charges.clicked.connect(self.post_charges)
        charges.setEnabled(bool(self.department_tokens))
        layout.addWidget(charges)
        self.charges_help = _text_label("demo_charges_help")
        layout.addWidget(self.charges_help)
        self.voucher_patient = QComboBox()
        self.voucher_patient.setObjectName("demo_voucher_patient")
        for key, _label in DEMO_VOUCHERS:
            self.voucher_patient.addItem("", key)
        self.voucher_patient.currentIndexChanged.connect(lambda _=0: self.show_voucher())
        layout.addWidget(self.voucher_patient)
        self.voucher_qr = QLabel()
        self.voucher_qr.setObjectName("demo_voucher_qr")
        self.voucher_qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.voucher_qr)
        self.voucher_help = _text_label("demo_voucher_help")
        layout.addWidget(self.voucher_help)
        self.scan_button = QPushButton()
        self.buttons.append((self.scan_button, QT_TRANSLATE_NOOP("DemoPanel",
                                                                 "Scan this code")))
        self.scan_button.setObjectName("demo_scan")
        self.scan_button.clicked.connect(self.scan_voucher)
        self.scan_button.setVisible(scanner is not None)
        self.scan_button.setEnabled(False)  # until a code is shown
        layout.addWidget(self.scan_button)
        self.voucher = ""  # the token shown now (tests read it back from the picture)
        self._asked = 0  # which fetch the panel waits for: a late answer for another is dropped
        self.status = _text_label("demo_status")
        self.voucher_timer = QTimer(self)
        self.voucher_timer.setInterval(VOUCHER_REFRESH_MS)
        self.voucher_timer.timeout.connect(self.show_voucher)
        self.voucher_timer.start()
        self.show_voucher()
        layout.addWidget(self.status)
        self.backend_info = _text_label("demo_backend_info")
        self.backend_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.backend_info)
        self.staff_logins: list[tuple[str, str, str]] = [
            (role, str(login.get("username", "")), str(login.get("password", "")))
            for role, login in dict(credentials.get("staff", {})).items()]
        self.setMaximumWidth(PANEL_WIDTH)
        self.translateUI()

    def translateUI(self) -> None:
        self.setWindowTitle(self.tr("Kiosk demo panel"))
        for button, text in self.buttons:
            button.setText(self.tr(text))
        self.charges_help.setText(self.tr(
            "Add charges: plays the hospital's departments. It adds a consultation fee, a "
            "blood test and a prescription to the eligible patient's open visit. Check the "
            "patient in at the kiosk first; insert the card again afterwards to see the bill "
            "and pay."))
        for index, (_key, label) in enumerate(DEMO_VOUCHERS):
            self.voucher_patient.setItemText(index, self.tr(label))
        self.voucher_help.setText(self.tr(
            "The patient's e-insurance voucher, as the phone app shows it: signed by the demo "
            "insurer, valid for two minutes and for one scan. A new code comes every minute."))
        lines = [self.tr("Demo backend: {url}").format(url=self.backend.base_url)]
        if self.staff_logins:
            lines.append(self.tr("Counter staff logins (kiosk counter --backend-url {url}):")
                         .format(url=self.backend.base_url))
            lines += [f"  {role}: {user} / {password}"
                      for role, user, password in self.staff_logins]
        self.backend_info.setText("\n".join(lines))

    def show_voucher(self) -> None:
        """Fetch a fresh signed voucher for the chosen demo patient (in the background) and
        show its QR code; until it comes the old code is cleared, so a stale one is never
        scanned for the wrong patient."""
        key = str(self.voucher_patient.currentData())
        self._asked += 1
        asked = self._asked
        self.voucher = ""
        self.voucher_qr.clear()
        self.scan_button.setEnabled(False)
        self.background.run(lambda: fetch_demo_voucher(self.backend, key),
                            lambda voucher: self._voucher_came(asked, voucher),
                            lambda e: self._voucher_failed(asked, e))

    def _voucher_came(self, asked: int, voucher: DemoVoucher) -> None:
        if asked != self._asked:
            return  # the patient was changed meanwhile: another code is on its way
        self.voucher = voucher.token
        image = qr_image(voucher.token, scale=VOUCHER_QR_SCALE)
        self.voucher_qr.setPixmap(QPixmap.fromImage(image))
        self.scan_button.setEnabled(True)

    def _voucher_failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            self.status.setText(self.tr("could not get a voucher: {error}").format(
                error=type(error).__name__))

    def scan_voucher(self) -> None:
        """Send the code shown through the demo's virtual scanner."""
        token, scanner = self.voucher, self.scanner
        if not token or scanner is None:
            return
        self.background.run(lambda: scanner.scan(token),
                            lambda _: self.status.setText(self.tr("code scanned")),
                            lambda e: self.status.setText(
                                self.tr("scan failed: {error}").format(error=type(e).__name__)))

    def show_beside(self, window: QWidget, screen: QRect | None = None) -> None:
        """Show the panel next to ``window``, never over it, inside ``screen`` (default: the
        available area of the window's screen)."""
        self.adjustSize()
        area = screen if screen is not None else window.screen().availableGeometry()
        self.move(panel_position(window.frameGeometry(), self.frameGeometry().size(), area))
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)

    def insert(self, key: str) -> None:
        old, self.card = self.card, VirtualCard.from_demo(key, CardBehaviour(), port=self.port)
        card = self.card

        def swap() -> str:
            if old is not None:
                old.remove()
            card.insert()
            return key

        self.background.run(
            swap,
            lambda k: self.status.setText(self.tr("card inserted: {key}").format(key=k)),
            lambda e: self.status.setText(
                self.tr("insert failed: {error}").format(error=type(e).__name__)))

    def remove(self) -> None:
        card, self.card = self.card, None
        if card is not None:
            self.background.run(card.remove, lambda _: self.status.setText(self.tr("card removed")))

    def post_charges(self) -> None:
        self.background.run(
            lambda: post_demo_charges(self.backend, self.department_tokens),
            lambda visit: self.status.setText(
                self.tr("charges posted to visit {visit}").format(visit=visit)),
            lambda e: self.status.setText(
                self.tr("could not post charges: {error}").format(error=type(e).__name__)),
        )

    def shutdown(self) -> None:
        if self.card is not None:
            self.card.remove()
            self.card = None


PANEL_WIDTH = 420
HEADER_HEIGHT = 240  # the kiosk's top area: its title, language and text-size buttons


def panel_position(kiosk: QRect, panel: QSize, screen: QRect) -> QPoint:
    """Where the panel goes: beside the kiosk window (right, then left), else below or above
    it, inside ``screen``. With no room outside the kiosk, the screen's bottom right corner:
    over the kiosk's bottom rather than its header."""
    w, h = panel.width(), panel.height()
    top = max(screen.top(), min(kiosk.top(), screen.bottom() + 1 - h))
    left = max(screen.left(), min(kiosk.left(), screen.right() + 1 - w))
    candidates = (
        QPoint(kiosk.right() + 1, top), QPoint(kiosk.left() - w, top),
        QPoint(left, kiosk.bottom() + 1), QPoint(left, kiosk.top() - h),
    )
    for spot in candidates:
        placed = QRect(spot, panel)
        if screen.contains(placed) and not placed.intersects(kiosk):
            return spot
    corner = QPoint(screen.right() + 1 - w, screen.bottom() + 1 - h)
    return QPoint(corner.x(), max(corner.y(), kiosk.top() + HEADER_HEIGHT))


def _text_label(name: str) -> QLabel:
    label = QLabel("")
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


__all__ = ["DEMO_CARDS", "DEMO_VOUCHERS", "DemoPanel", "panel_position"]
