"""The attract screen's second way in: "no card? scan your e-insurance code", and what the QR
scanner's state means for the patient (``SessionView.scanner``, ``kiosk.flow.voucher``).

``ScanPrompt`` shows, under the card prompt: with the scanner ready, how to scan the code
from the medical insurance app; with the scanner missing or unplugged, that it is not working
and the card still is (it comes back by itself when the scanner is plugged in again); with no
scanner fitted, or the kiosk out of service, nothing.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.flow.session import ScannerState, SessionView
from kiosk.qt.widgets import label


class ScanPrompt(QFrame):
    """The scan prompt under the card prompt; ``render(view)`` sets it (texts included, so a
    language switch, which renders again, translates it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("scanPrompt")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 24, 0, 0)  # apart from the card's steps above
        box.setSpacing(8)
        self.title = label("big", center=True)
        self.title.setObjectName("scanPromptTitle")
        self.how = label(center=True)
        self.notice = label("notice", center=True)
        self.notice.setObjectName("scanPromptNotice")
        for widget in (self.title, self.how, self.notice):
            box.addWidget(widget)

    def render(self, view: SessionView) -> None:
        scanner = view.scanner
        self.setVisible(scanner != ScannerState.NONE and not view.out_of_service)
        ready = scanner == ScannerState.READY
        self.title.setVisible(ready)
        self.how.setVisible(ready)
        self.notice.setVisible(not ready)
        self.title.setText(self.tr("No card with you? Scan your e-insurance code"))
        self.how.setText(self.tr("Open your medical insurance app, show the QR code and hold "
                                 "it under the scanner."))
        if scanner == ScannerState.REMOVED:
            self.notice.setText(self.tr("The code scanner was unplugged, so codes cannot be "
                                        "scanned right now. Please insert your medical "
                                        "insurance card."))
        else:
            self.notice.setText(self.tr("The code scanner is not working right now. Please "
                                        "insert your medical insurance card."))


__all__ = ["ScanPrompt"]
