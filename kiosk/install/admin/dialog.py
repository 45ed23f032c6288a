"""Admin mode's widgets and the kiosk lockdown.

- ``KioskLock``: an event filter on the kiosk window. Outside admin mode the window stays
  frameless and full screen and close requests are ignored; ``allow_close()`` (admin's
  "leave the kiosk") lets the next close through. It also watches presses in the window's
  top-left corner for the hidden gesture (``kiosk.install.admin.gesture.CornerTaps``) and
  emits
  ``gesture``.
- ``PinPad``: the PIN entry (big keypad, touch-friendly), checking through a ``PinGate``
  (wrong PIN: tries left; too many: locked for minutes, longer each time). Each wrong PIN and
  each lock goes to the event log it is given (``Journal.log_event``: ``admin.pin_failed``,
  ``admin.pin_locked``, with the count and the wait, never the PIN).
- ``AdminPanel``: reader, QR scanner (where one is configured), backend, printer and
  journal status, "diagnostics bundle",
  "re-run setup", "leave the kiosk" and "back to the kiosk".
- ``AdminMode``: joins them: gesture -> PIN -> panel.

Screens only show and emit; the facts come from ``kiosk.install.admin.status.gather_status``
and the bundle from ``kiosk.install.admin.diagnostics.write_bundle``, both run through the
``Background`` the app hands in.

Threads: GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.install.admin.gesture import CornerTaps
from kiosk.install.admin.status import AdminStatus
from kiosk.install.pin import Attempt, PinGate, Settings
from kiosk.qt.background import Background
from kiosk.qt.widgets import button, label

log = logging.getLogger(__name__)


class KioskLock(QObject):
    """Keeps the window full screen, frameless and open; reports the hidden gesture."""

    gesture = Signal()

    def __init__(self, window: QWidget, taps: CornerTaps | None = None,
                 fullscreen: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.taps = taps or CornerTaps()
        self._close_allowed = False
        self._last_press: tuple[int, tuple[int, int]] | None = None
        self.fullscreen = fullscreen
        if fullscreen:
            was_visible = window.isVisible()
            window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
            if was_visible:  # changing the flags hides a shown window
                window.showFullScreen()
        window.installEventFilter(self)
        for child in window.findChildren(QWidget):
            child.installEventFilter(self)

    def allow_close(self) -> None:
        self._close_allowed = True

    def release(self) -> None:
        """Let the window close and stop watching it (before the window goes away)."""
        self._close_allowed = True
        self.window.removeEventFilter(self)
        for child in self.window.findChildren(QWidget):
            child.removeEventFilter(self)

    @property
    def close_allowed(self) -> bool:
        return self._close_allowed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Close and not self._close_allowed:
            event.ignore()
            log.info("close request ignored outside admin mode")
            return True
        if (watched is self.window and kind == QEvent.Type.WindowStateChange
                and self.fullscreen and not self._close_allowed
                and not self.window.isFullScreen() and self.window.isVisible()):
            self.window.showFullScreen()
        if kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            # One press reaches every ancestor that did not accept it: count it once.
            key = (event.timestamp(), event.globalPosition().toPoint().toTuple())
            if key == self._last_press:
                return False
            self._last_press = key
            point = watched.mapTo(self.window, event.position().toPoint()) \
                if watched is not self.window else event.position().toPoint()
            if self.taps.tap(point.x(), point.y()):
                self.gesture.emit()
        return False


EventLog = Callable[[str, None, dict[str, Any]], Any]  # Journal.log_event(kind, None, detail)


def record_refusal(log_event: EventLog | None, result: Attempt) -> None:
    """A refused PIN in the event log: ``admin.pin_failed`` for each wrong PIN,
    ``admin.pin_locked`` when it locked the gate; an attempt while locked is not a new
    failure. The backend has no endpoint for these yet: they stay in the kiosk's journal
    (and its diagnostics bundle)."""
    if log_event is None or not result.failures:
        return
    log_event("admin.pin_failed", None, {"failures": result.failures})
    if result.outcome == "locked":
        log_event("admin.pin_locked", None, {"failures": result.failures,
                                             "wait_seconds": result.wait_seconds})


class PinPad(QDialog):
    """PIN entry with a big keypad. ``accepted`` after the right PIN."""

    def __init__(self, gate: PinGate, parent: QWidget | None = None,
                 log_event: EventLog | None = None) -> None:
        super().__init__(parent)
        self.gate = gate
        self.log_event = log_event
        self.setWindowTitle(self.tr("Admin PIN"))
        self.setModal(True)
        box = QVBoxLayout(self)
        box.setSpacing(16)
        self.prompt = label("title", center=True)
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setMinimumHeight(80)
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label("alert", center=True)
        self.message.hide()
        box.addWidget(self.prompt)
        box.addWidget(self.entry)
        box.addWidget(self.message)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789C0K"):
            key_button = button("primary" if key == "K" else "secondary")
            key_button.setMinimumSize(120, 100)
            key_button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.keys[key] = key_button
            grid.addWidget(key_button, index // 3, index % 3)
        box.addLayout(grid)
        self.cancel = button()
        self.cancel.clicked.connect(self.reject)
        box.addWidget(self.cancel)
        self.translateUI()
        self._show_lock()

    def translateUI(self) -> None:
        self.prompt.setText(self.tr("Enter the admin PIN"))
        for key, key_button in self.keys.items():
            key_button.setText({"C": self.tr("Clear"), "K": self.tr("OK")}.get(key, key))
        self.cancel.setText(self.tr("Cancel"))

    def press(self, key: str) -> None:
        if key == "C":
            self.entry.clear()
        elif key == "K":
            self.submit()
        else:
            self.entry.setText(self.entry.text() + key)

    def _show_lock(self) -> bool:
        wait = self.gate.locked_for()
        if wait:
            self.message.setText(self.tr("Too many wrong PINs. Try again in {minutes} min.")
                                 .format(minutes=max(1, (wait + 59) // 60)))
            self.message.show()
        return bool(wait)

    def submit(self) -> None:
        pin, _ = self.entry.text(), self.entry.clear()
        result = self.gate.attempt(pin)
        if result.outcome == "ok":
            log.info("admin mode entered")
            self.accept()
            return
        log.warning("admin PIN refused outcome=%s failures=%d wait=%d", result.outcome,
                    result.failures, result.wait_seconds)
        record_refusal(self.log_event, result)
        if result.outcome == "locked":
            self._show_lock()
        else:
            self.message.setText(self.tr("Wrong PIN. {left} tries left.").format(
                left=result.left))
            self.message.show()


class AdminPanel(QDialog):
    """Status and the admin's actions. Emits what the admin asked for."""

    refresh_requested = Signal()
    diagnostics_requested = Signal()
    setup_requested = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kiosk administration"))
        box = QVBoxLayout(self)
        box.setSpacing(14)
        self.title = label("title")
        box.addWidget(self.title)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        grid = QGridLayout()
        for row, key in enumerate(("reader", "scanner", "backend", "printer", "journal")):
            name, value = label("big"), label()
            self.rows[key] = (name, value)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
        box.addLayout(grid)
        self.note = label("notice")
        self.note.hide()
        box.addWidget(self.note)
        actions = QHBoxLayout()
        self.refresh = button()
        self.diagnostics = button()
        self.setup = button()
        self.leave = button("pay")
        self.back = button("primary")
        for action_button, signal in ((self.refresh, self.refresh_requested),
                                      (self.diagnostics, self.diagnostics_requested),
                                      (self.setup, self.setup_requested),
                                      (self.leave, self.leave_requested)):
            action_button.clicked.connect(signal)
            actions.addWidget(action_button)
        self.back.clicked.connect(self.accept)
        box.addLayout(actions)
        box.addWidget(self.back)
        self.translateUI()

    def translateUI(self) -> None:
        self.title.setText(self.tr("Kiosk administration"))
        names = {"reader": self.tr("Card reader"), "scanner": self.tr("Code scanner"),
                 "backend": self.tr("Backend"),
                 "printer": self.tr("Printer"), "journal": self.tr("Settlements")}
        for key, (name, _) in self.rows.items():
            name.setText(names[key])
        self.refresh.setText(self.tr("Refresh"))
        self.diagnostics.setText(self.tr("Diagnostics bundle"))
        self.setup.setText(self.tr("Run setup again"))
        self.leave.setText(self.tr("Leave the kiosk"))
        self.back.setText(self.tr("Back to the kiosk"))

    def show_status(self, status: AdminStatus) -> None:
        for key, text, ok in (("reader", status.reader, status.reader_ok),
                              ("backend", status.backend, status.backend_ok),
                              ("printer", status.printer, status.printer_ok),
                              ("journal", status.journal, status.journal_ok),
                              ("scanner", status.scanner, status.scanner_ok)):
            name, value = self.rows[key]
            value.setText(("✔ " if ok else "✖ ") + text)
            value.setProperty("ok", ok)
            for shown in (name, value):  # no line for a scanner that is not fitted
                shown.setVisible(bool(text))

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()


class AdminMode(QObject):
    """Gesture -> PIN -> panel, with the actions wired to the kiosk."""

    entered = Signal()
    bundle_written = Signal(object)  # Path
    setup_requested = Signal()

    def __init__(self, lock: KioskLock, gate: PinGate, *,
                 status: Callable[[], AdminStatus], bundle: Callable[[], Path],
                 quit_app: Callable[[], None], background: Background,
                 log_event: EventLog | None = None) -> None:
        super().__init__(lock)
        self.lock = lock
        self.gate = gate
        self.log_event = log_event
        self._status = status
        self._bundle = bundle
        self._quit = quit_app
        self.background = background
        self.pin_pad: PinPad | None = None
        self.panel: AdminPanel | None = None
        lock.gesture.connect(self.ask_pin)

    def ask_pin(self) -> None:
        if self.pin_pad is not None and self.pin_pad.isVisible():
            return
        self.pin_pad = PinPad(self.gate, self.lock.window, self.log_event)
        self.pin_pad.accepted.connect(self.open_panel)
        self.pin_pad.open()

    def open_panel(self) -> None:
        panel = AdminPanel(self.lock.window)
        self.panel = panel
        panel.refresh_requested.connect(self.refresh)
        panel.diagnostics_requested.connect(self.write_bundle)
        panel.setup_requested.connect(self._setup)
        panel.leave_requested.connect(self.leave)
        panel.open()
        self.entered.emit()
        self.refresh()

    def refresh(self) -> None:
        panel = self.panel
        if panel is not None:
            self.background.run(self._status, panel.show_status)

    def write_bundle(self) -> None:
        def done(path: Path) -> None:
            if self.panel is not None:
                self.panel.show_note(QCoreApplication.translate(
                    "AdminPanel", "Diagnostics written to {path}").format(path=str(path)))
            self.bundle_written.emit(path)

        self.background.run(self._bundle, done)

    def _setup(self) -> None:
        if self.panel is not None:
            self.panel.accept()
        self.setup_requested.emit()

    def leave(self) -> None:
        log.info("admin left the kiosk")
        self.lock.allow_close()
        if self.panel is not None:
            self.panel.accept()
        self._quit()


def install_admin(window: QWidget, *, pin_hash: str, status: Callable[[], AdminStatus],
                  bundle: Callable[[], Path], quit_app: Callable[[], None],
                  background: Background, fullscreen: bool = True,
                  settings: Settings | None = None, log_event: EventLog | None = None,
                  clock: Any = None) -> AdminMode:
    """Lock the window down and put admin mode behind the gesture and the PIN. ``settings``
    keeps the PIN's failures and lock (the kiosk's journal); ``log_event`` records each
    refusal (``Journal.log_event``); ``clock``: wall-clock seconds (``time.time``)."""
    import time

    clock = clock or time.time
    lock = KioskLock(window, CornerTaps(clock=clock), fullscreen=fullscreen)
    gate = PinGate(pin_hash, settings=settings, clock=clock)
    return AdminMode(lock, gate, status=status, bundle=bundle, quit_app=quit_app,
                     background=background, log_event=log_event)
