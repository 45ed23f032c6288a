"""A keyboard-mode QR scanner read from the kiosk's own window (``scanner = "keyboard:window"``).

Where the kiosk cannot grab the scanner's own input device (Windows; a Linux kiosk whose
installer cannot give the kiosk user the evdev device), the scanner's keys reach the kiosk
like any keyboard's: through the windowing system, to whatever widget has the focus.
``KeyboardWindowScanner`` puts an application-wide event filter in their way. Every key press
that could belong to a scan (a character, or Enter while characters are held) is held back and
fed, with the event's own timestamp (``QKeyEvent.timestamp()``, ms), to a ``KeyGate``
(``kiosk.scanner.keyboard_gate``, the pure decisions around ``KeyboardDecoder``):

- a scan, or a scanner-fast burst that is no code, is swallowed: none of its characters nor
  its final Enter reaches a widget (an Enter on the keypad's focused "Pay" would press it),
  and the code (or the unreadable scan) is reported as a ``ScanEvent``, the same the other
  watchers report, to the same listener (``kiosk.app.scanning.ScanSignals``);
- typing (too slow, too short) is delivered to the object it was going to, in order, as
  copies of the original events: a person's characters arrive up to about twice
  ``KeyboardTiming.max_gap`` late (the keypad's Space and "?"); keys no scanner sends (the
  keypad's arrows, Escape, Backspace, F1) and an Enter with nothing held go on at once.

The scanner must type a US layout's characters and end with Enter, as for evdev. It is
"present" (``scanner_connected``) from ``start`` to ``stop``: a scanner that only types cannot
be seen plugged or unplugged from here, so the attract screen, the heartbeat and the fleet
say "ready" even with no scanner in the socket. A key that is typed while a Qt shortcut
would take it is kept for the filter (the shortcut's override is accepted) when it could be
part of a scan.

The one limit: ``idle`` closes a quiet burst by the local clock (the events' clock cannot be
read directly). A GUI thread held up in the middle of a scan for longer than the idle wait can
have part of it delivered as typing; the rest, its Enter included, is then swallowed
(``KeyGate`` sees by the keys' own times that the burst went on).

Threads: GUI thread only (the filter, the timer, ``start`` and ``stop``); the listener is
called on the GUI thread too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent

from kiosk.domain.scan import ScannedCode, ScannerError
from kiosk.scanner.events import CONNECTED, ScanEventListener
from kiosk.scanner.keyboard import DEFAULT_TIMING, ENTER, KeyboardTiming
from kiosk.scanner.keyboard_gate import Action, Deliver, KeyGate
from kiosk.scanner.spec import WINDOW
from kiosk.scanner.watch import ScannerWatcher

_MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
})
_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
_COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)


def scan_key(key: int, text: str, command: bool) -> str | None:
    """What a pressed key is to the scan decoder (pure): its character, ``ENTER``, a name
    (``KEY_<hex>``) for a key that gives none or is a command (Ctrl, Alt, Meta held), or None
    for a modifier of its own (Shift before a capital: not a press the decoder hears)."""
    if key in _MODIFIER_KEYS:
        return None
    if key in _ENTER_KEYS:
        return ENTER
    if len(text) == 1 and text.isprintable() and not command:
        return text
    return f"KEY_{key:x}"


def idle_now(last_t: float, last_seen: float, now_local: float) -> float:
    """Now on the keys' clock (pure): the last press's event time plus the local time passed
    since it was seen (the events' clock cannot be read directly)."""
    return last_t + max(0.0, now_local - last_seen)


class _KeyFilter(QObject):
    def __init__(self, on_key: Callable[[QObject, QKeyEvent], bool]) -> None:
        super().__init__()
        self._on_key = on_key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                            QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            return self._on_key(watched, event)
        return False


class KeyboardWindowScanner(ScannerWatcher[None]):
    """The keyboard-mode scanner as its keys reach this application (see the module's text).

    A watcher without a thread: ``start`` puts the filter on the application and reports the
    scanner connected, ``stop`` takes it off; ``open``/``pump``/``close`` are never run."""

    def __init__(self, listener: ScanEventListener, *, timing: KeyboardTiming = DEFAULT_TIMING,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(f"keyboard:{WINDOW}", listener)
        self.timing = timing
        self._clock = clock
        self._gate: KeyGate[tuple[Any, QKeyEvent]] = KeyGate(timing)
        self._filter = _KeyFilter(self._on_key)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(round(2000 * timing.max_gap))
        self._timer.timeout.connect(self._idle)
        self._last = (0.0, 0.0)  # the last press: (its event time, the local time it came)
        self._replaying = False
        self._installed = False

    def start(self) -> None:
        if self._installed:
            return
        app = QCoreApplication.instance()
        assert app is not None, "the kiosk's QApplication comes first"
        app.installEventFilter(self._filter)
        self._installed = True
        self._tell(CONNECTED)

    def stop(self, timeout: float = 5.0) -> None:
        if not self._installed:
            return
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self._filter)
        self._installed = False
        self._timer.stop()
        self._gate = KeyGate(self.timing)  # what was held is dropped with the kiosk

    @property
    def running(self) -> bool:
        return self._installed

    def _on_key(self, receiver: QObject, event: QKeyEvent) -> bool:
        """The filter: True when the event is held or swallowed here."""
        if self._replaying:
            return False
        command = bool(event.modifiers() & _COMMAND_MODIFIERS)
        key = scan_key(event.key(), event.text(), command)
        if event.type() == QEvent.Type.ShortcutOverride:
            if key is not None and (len(key) == 1 or key == ENTER):
                event.accept()  # the key goes to the focus, past the filter, not to a shortcut
                return True
            return False
        item = (receiver, event.clone())
        if event.type() == QEvent.Type.KeyRelease:
            actions = self._gate.other(item, event.key(), release=True)
        elif key is None or event.isAutoRepeat():
            actions = self._gate.other(item, event.key(), release=False)
        else:
            t = event.timestamp() / 1000
            self._last = (t, self._clock())
            actions = self._gate.press(key, t, item, event.key())
        last = actions[-1] if actions else None
        through = False
        if isinstance(last, Deliver) and last.items[-1] is item:  # nothing held after it
            through = True  # the original goes on itself, after what was held before it
            actions = [*actions[:-1], Deliver(last.items[:-1])]
        self._act(actions)
        return not through

    def _idle(self) -> None:
        last_t, last_seen = self._last
        self._act(self._gate.idle(idle_now(last_t, last_seen, self._clock())))

    def _act(self, actions: Sequence[Action[tuple[Any, QKeyEvent]]]) -> None:
        for action in actions:
            if isinstance(action, Deliver):
                self._replay(action.items)
            elif isinstance(action, ScannedCode | ScannerError):
                self.deliver(action)
        if self._gate.holding:
            self._timer.start()
        else:
            self._timer.stop()

    def _replay(self, items: Sequence[tuple[Any, QKeyEvent]]) -> None:
        """Typed keys to where they were going, in order (a receiver deleted since: skipped)."""
        self._replaying = True
        try:
            for receiver, event in items:
                if shiboken6.isValid(receiver):
                    QCoreApplication.sendEvent(receiver, event)
        finally:
            self._replaying = False


__all__ = ["KeyboardWindowScanner", "idle_now", "scan_key"]
