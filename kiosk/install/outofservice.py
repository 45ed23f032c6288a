"""The out-of-service screen: what an installed kiosk shows instead of serving patients when
something it needs to be safe cannot be set up (``kiosk.install.health.safety_checks``, the
window lock and admin mode, the configuration).

It names each problem for hospital IT - the check's name in words, its code and detail, the
same ``name: code (detail)`` the self-test prints - and offers nothing to touch: no button, no
gesture, no way into admin mode. Patients read one line: this kiosk is out of service, please
go to the counter. ``VirtualReaderAlarm`` carries the reader guard's news
(``kiosk.install.readerpin.PinnedReaders.on_virtual``) from the watcher thread to the GUI.

Threads: GUI thread only, except ``VirtualReaderAlarm.on_virtual`` (any thread: it only emits
a queued signal).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.install.health import CheckResult
from kiosk.qt import theme
from kiosk.qt.widgets import label

CHECK_NAMES = {
    "config": QT_TRANSLATE_NOOP("OutOfService", "Configuration"),
    "tls": QT_TRANSLATE_NOOP("OutOfService", "Backend certificates"),
    "pin": QT_TRANSLATE_NOOP("OutOfService", "Admin PIN"),
    "reader-pin": QT_TRANSLATE_NOOP("OutOfService", "Card reader pin"),
    "virtual-reader": QT_TRANSLATE_NOOP("OutOfService", "Virtual card reader present"),
    "lockdown": QT_TRANSLATE_NOOP("OutOfService", "Window lock and admin mode"),
    "demo": QT_TRANSLATE_NOOP("OutOfService", "Demo mode"),
}


def problem_line(result: CheckResult) -> str:
    """One problem as IT reads it: the check in words, then the self-test's words."""
    name = QCoreApplication.translate("OutOfService", CHECK_NAMES.get(result.name, result.name))
    detail = f" ({result.detail})" if result.detail else ""
    return f"{name} - {result.name}: {result.code}{detail}"


class OutOfService(QWidget):
    """Full screen, nothing to touch; ``show_problems`` replaces what it names."""

    def __init__(self, problems: Iterable[CheckResult] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outOfService")
        self.setStyleSheet(theme.stylesheet(False))
        self.setCursor(Qt.CursorShape.BlankCursor)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 96, 64, 96)
        box.setSpacing(32)
        self.title = label("title", center=True)
        self.patients = label("big", center=True)
        self.for_it = label("small")
        self.details = label("alert")
        box.addStretch(1)
        for widget in (self.title, self.patients):
            box.addWidget(widget)
        box.addStretch(1)
        box.addWidget(self.for_it)
        box.addWidget(self.details)
        self.problems: list[CheckResult] = []
        self.show_problems(problems)

    def show_problems(self, problems: Iterable[CheckResult]) -> None:
        self.problems = list(problems)
        self.translateUI()

    def translateUI(self) -> None:
        self.title.setText(self.tr("Out of service"))
        self.patients.setText(self.tr("This kiosk is out of service. Please go to the counter."))
        self.for_it.setText(self.tr("For hospital IT: the kiosk will not serve patients until "
                                    "this is fixed. Check with: kiosk --self-test"))
        self.details.setText("\n".join(problem_line(result) for result in self.problems))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)


class VirtualReaderAlarm(QObject):
    """``present(bool)``, queued to the GUI thread, each time a virtual reader comes or goes."""

    present = Signal(bool)

    def on_virtual(self, present: bool) -> None:  # the reader watcher's thread
        self.present.emit(present)
