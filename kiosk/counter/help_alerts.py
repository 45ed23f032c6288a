"""Calls for help from kiosks at the counter (issue 15 item 6): the open requests (kiosk,
location, screen, age) with a sound that repeats until a member of staff acknowledges them.

``HelpDesk`` asks the backend for the open requests every ``POLL_MS`` while staff are signed
in, on the counter's one background helper (``kiosk.qt.background``), and acknowledges one for
staff ("on my way"); its ``Chime`` rings every ``RING_MS`` while any request is open. The chime
plays a ``QSoundEffect`` when Qt Multimedia is installed, else ``QApplication.beep()``; it counts
its plays (``plays``) so tests hear it. ``HelpAlerts`` is the panel above the counter's screens
that lists the requests, each with its acknowledge button (hidden when there are none).
``age_text`` and ``should_ring`` are the pure decisions.

Threads: construct and call on the GUI thread; only the backend calls (``op``) run on the
pool's threads, and they touch no Qt object.
"""

from __future__ import annotations

import logging
import math
import struct
import tempfile
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.client.errors import BackendError
from kiosk.client.help import HelpRequest, acknowledge_help, open_help_requests
from kiosk.client.staff import StaffClient
from kiosk.qt.background import Background

log = logging.getLogger("kiosk.counter")

POLL_MS = 5_000  # how often the open requests are asked for
RING_MS = 4_000  # how often the chime repeats while a request is open

ClientOf = Callable[[], StaffClient | None]

# the kiosk's screens (kiosk.flow.events.State values) in staff's words
_SCREENS = {
    "attract": QT_TRANSLATE_NOOP("HelpAlerts", "welcome (no card)"),
    "reading": QT_TRANSLATE_NOOP("HelpAlerts", "reading the card"),
    "check_in": QT_TRANSLATE_NOOP("HelpAlerts", "check-in"),
    "ticket": QT_TRANSLATE_NOOP("HelpAlerts", "queue ticket"),
    "itinerary": QT_TRANSLATE_NOOP("HelpAlerts", "next stops"),
    "bill": QT_TRANSLATE_NOOP("HelpAlerts", "bill"),
    "settling": QT_TRANSLATE_NOOP("HelpAlerts", "paying"),
    "payment_pending": QT_TRANSLATE_NOOP("HelpAlerts", "payment not confirmed"),
    "not_paid": QT_TRANSLATE_NOOP("HelpAlerts", "not paid"),
    "receipt": QT_TRANSLATE_NOOP("HelpAlerts", "receipt"),
    "first_time": QT_TRANSLATE_NOOP("HelpAlerts", "first visit"),
    "not_eligible": QT_TRANSLATE_NOOP("HelpAlerts", "not eligible"),
    "error": QT_TRANSLATE_NOOP("HelpAlerts", "error"),
    "take_card": QT_TRANSLATE_NOOP("HelpAlerts", "take the card"),
}


def screen_text(screen: str) -> str:
    """A kiosk screen's name as staff know it (an unknown one as the kiosk named it)."""
    known = _SCREENS.get(screen)
    return QCoreApplication.translate("HelpAlerts", known) if known else screen

def should_ring(requests: Sequence[HelpRequest]) -> bool:
    """The chime rings while any request is open (not yet acknowledged)."""
    return any(not r.acknowledged for r in requests)


def age_text(seconds: int) -> str:
    """How long ago a request was made: "45 s", "3 min", "1 h 05 min"."""
    if seconds < 60:
        return QCoreApplication.translate("HelpAlerts", "{n} s").format(n=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("HelpAlerts", "{n} min").format(n=minutes)
    return QCoreApplication.translate("HelpAlerts", "{h} h {m:02d} min").format(
        h=minutes // 60, m=minutes % 60)


def _tone(path: Path) -> Path:
    """A short two-note chime as a WAV file (made once; no asset to ship)."""
    rate = 22_050
    frames = bytearray()
    for freq in (880.0, 660.0):
        for i in range(int(rate * 0.18)):
            fade = min(1.0, (int(rate * 0.18) - i) / 800)
            frames += struct.pack("<h", int(12_000 * fade * math.sin(2 * math.pi * freq * i
                                                                       / rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def default_sound() -> Callable[[], None]:
    """The station's way to make a sound: a ``QSoundEffect`` chime where Qt Multimedia is
    installed, else the desktop's beep."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError:
        return QApplication.beep
    effect = QSoundEffect()
    effect.setSource(QUrl.fromLocalFile(str(_tone(Path(tempfile.mkdtemp()) / "chime.wav"))))
    return effect.play


class Chime(QObject):
    """A sound repeated every ``interval_ms`` while ``ringing``; ``plays`` counts them."""

    def __init__(self, sound: Callable[[], None] | None = None, interval_ms: int = RING_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sound = sound
        self.plays = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._play)

    @property
    def ringing(self) -> bool:
        return self._timer.isActive()

    def ring(self, on: bool) -> None:
        if on and not self.ringing:
            self._play()  # at once, then every interval
            self._timer.start()
        elif not on:
            self._timer.stop()

    def _play(self) -> None:
        if self._sound is None:
            self._sound = default_sound()
        self.plays += 1
        self._sound()


class HelpDesk(QObject):
    """The open calls for help, kept fresh while staff are signed in. ``changed`` is emitted
    with the requests after every answer."""

    changed = Signal(object)  # tuple[HelpRequest, ...]

    def __init__(self, client_of: ClientOf, background: Background, *,
                 chime: Chime | None = None, poll_ms: int = POLL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client_of = client_of
        self._background = background
        self.chime = chime or Chime(parent=self)
        self.requests: tuple[HelpRequest, ...] = ()
        self._asking = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        """Staff signed in: ask now and every ``poll_ms``."""
        if not self._timer.isActive():
            self._timer.start()
            self.refresh()

    def stop(self) -> None:
        """Signed out (or closing): no more asking, no sound, nothing shown."""
        self._timer.stop()
        self._show(())

    def refresh(self) -> None:
        client = self._client_of()
        if client is None or self._asking:
            return
        self._asking = True
        self._background.run(lambda: open_help_requests(client), self._answered,
                             self._failed)

    def acknowledge(self, help_id: int) -> None:
        """Staff are on their way to the kiosk of request ``help_id``."""
        client = self._client_of()
        if client is None:
            return
        self._background.run(lambda: acknowledge_help(client, help_id),
                             lambda _answer: self._acknowledged(help_id), self._failed)

    def _acknowledged(self, help_id: int) -> None:
        self._show(tuple(r for r in self.requests if r.help_id != help_id))
        self.refresh()

    def _answered(self, requests: tuple[HelpRequest, ...]) -> None:
        self._asking = False
        if self._timer.isActive():
            self._show(requests)

    def _failed(self, error: BaseException) -> None:
        self._asking = False
        if isinstance(error, BackendError):
            log.info("help requests not read: %s", type(error).__name__)  # asked again soon
        else:
            log.error("help requests: %r", error)

    def _show(self, requests: tuple[HelpRequest, ...]) -> None:
        self.requests = requests
        self.chime.ring(should_ring(requests))
        self.changed.emit(requests)


class HelpAlerts(QFrame):
    """The open calls for help above the counter's screens, each with "on my way"."""

    def __init__(self, desk: HelpDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpAlerts")
        self.setProperty("role", "alert")
        self.desk = desk
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel()
        self.title.setProperty("role", "big")
        self._box.addWidget(self.title)
        self.rows: list[tuple[QLabel, QPushButton]] = []
        desk.changed.connect(self.show_requests)
        self.translateUI()
        self.hide()

    def show_requests(self, requests: tuple[HelpRequest, ...]) -> None:
        for text, _button in self.rows:
            text.parentWidget().deleteLater()
        self.rows = []
        for request in requests:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(self._describe(request))
            text.setProperty("role", "alert")
            button = QPushButton(self.tr("On my way"))
            button.setObjectName(f"acknowledge_{request.help_id}")
            button.setProperty("role", "primary")
            button.clicked.connect(lambda _=False, h=request.help_id: self.desk.acknowledge(h))
            line.addWidget(text, 1)
            line.addWidget(button)
            self._box.addWidget(row)
            self.rows.append((text, button))
        self.setVisible(bool(requests))

    def _describe(self, request: HelpRequest) -> str:
        return self.tr("Kiosk {kiosk} · {location} · screen: {screen} · {age} ago").format(
            kiosk=request.kiosk, location=request.location or self.tr("location not set"),
            screen=screen_text(request.screen), age=age_text(request.age_seconds))

    def translateUI(self) -> None:
        self.title.setText(self.tr("A patient at a kiosk needs help"))
        for (text, button), request in zip(self.rows, self.desk.requests, strict=False):
            text.setText(self._describe(request))
            button.setText(self.tr("On my way"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)
