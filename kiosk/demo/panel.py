"""The demo panel: a small window that inserts the demo patients' virtual cards.

Only shown where pcscd offers the vpcd virtual reader (never on a real kiosk: anyone on the
network could insert a card). One button per demo patient (eligible, first time, not
eligible, expired card, third-generation card), "remove card", and "department posts
charges", which plays the departments of the demo journey: it finds the eligible patient's
open visit and posts a consultation, a blood test and a prescription to it through the
backend's department API (``DepartmentClient``), as a hospital information system would.

``kiosk.demo.fixtures.post_demo_charges(...)`` is the plain function behind that button.

Threads: the panel lives on the GUI thread; inserting a card (a TCP connection to vpcd) and
posting charges (HTTP) run through the ``Background`` the app hands in (a panel built without
one makes its own and shuts it down in ``shutdown``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.card.virtual import DEFAULT_PORT, CardBehaviour, VirtualCard
from kiosk.client import BackendConfig
from kiosk.demo.fixtures import post_demo_charges
from kiosk.qt.background import Background

log = logging.getLogger(__name__)

DEMO_CARDS: tuple[tuple[str, str], ...] = (
    ("eligible", QT_TRANSLATE_NOOP("DemoPanel", "Insert: eligible patient")),
    ("first_time", QT_TRANSLATE_NOOP("DemoPanel", "Insert: first time (not linked)")),
    ("not_eligible", QT_TRANSLATE_NOOP("DemoPanel", "Insert: not eligible")),
    ("expired", QT_TRANSLATE_NOOP("DemoPanel", "Insert: expired card")),
    ("third_generation", QT_TRANSLATE_NOOP("DemoPanel", "Insert: third-generation card")),
)

class DemoPanel(QWidget):
    """Buttons that insert and pull the demo cards and post the demo charges."""

    def __init__(self, backend: BackendConfig, credentials: dict[str, Any],
                 background: Background, port: int = DEFAULT_PORT) -> None:
        super().__init__()
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
        self.buttons.append((charges, QT_TRANSLATE_NOOP("DemoPanel", "Department posts charges")))
        charges.setObjectName("demo_charges")
        charges.clicked.connect(self.post_charges)
        charges.setEnabled(bool(self.department_tokens))
        layout.addWidget(charges)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.translateUI()

    def translateUI(self) -> None:
        self.setWindowTitle(self.tr("Kiosk demo panel"))
        for button, text in self.buttons:
            button.setText(self.tr(text))

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


__all__ = ["DEMO_CARDS", "DemoPanel"]
