"""The kiosk's main window: a persistent top bar, one screen per session state in a stacked
widget, and the idle-warning overlay.

``MainWindow.show_view(view)`` is the only way the window changes: it switches to the screen
of ``view.state`` and lets it render the view (busy -> "please wait", buttons disabled).
What the patient asks for comes out of ``MainWindow.intent`` as a flow intent instance
(``ChooseDepartment("INT")``, ``ConfirmPayment()``...; ``now`` left at its default, the
controller stamps the time). The window never talks to the card reader or the backend.

The top bar, on every screen, has the language button (中文/English, switches live) and the
large-text toggle (大字/Large text). Both are the patient's choices: when the session ends
(the attract screen comes back: the card came out, or the session timed out and the card was
taken) they return to the kiosk's defaults, so the next patient starts fresh.

Taps cannot slip through: for ``TAP_GUARD_SECONDS`` after the screen changes, presses on the
window are dropped (a double tap on "pay" must not land on the next screen's button).

Threads: GUI thread only.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLayout,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.session import ExtendTime, Session, SessionView, State
from kiosk.qt import i18n, theme
from kiosk.qt.widgets import button, label
from kiosk.ui.screens import SCREEN_CLASSES
from kiosk.ui.widgets import Screen

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
TAP_GUARD_SECONDS = 0.5
_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.TouchEnd)


class TopBar(QWidget):
    """Hospital name, the masked patient, the language button and the large-text toggle."""

    language_requested = Signal(str)
    large_text_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(32, 12, 32, 12)
        layout.setSpacing(20)
        self.hospital = label(wrap=True)
        self.hospital.setObjectName("hospital")
        self.patient = label(wrap=True)
        self.patient.setObjectName("patient")
        self.language_button = button("bar")
        self.language_button.clicked.connect(self._toggle_language)
        self.large_button = button("bar")
        self.large_button.setCheckable(True)
        self.large_button.toggled.connect(self.large_text_toggled)
        for bar_button in (self.language_button, self.large_button):
            bar_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.hospital, 2)
        layout.addWidget(self.patient, 2)
        layout.addWidget(self.large_button, 0)
        layout.addWidget(self.language_button, 0)
        self._language = i18n.DEFAULT_LANGUAGE
        self.translateUI()

    def _toggle_language(self) -> None:
        self.language_requested.emit("en" if self._language == "zh_CN" else "zh_CN")

    def set_language(self, lang: str) -> None:
        self._language = lang
        self.translateUI()

    def show_patient(self, masked_name: str | None, masked_id: str | None) -> None:
        self.patient.setText(f"{masked_name}  {masked_id}" if masked_name else "")

    def translateUI(self) -> None:
        self.hospital.setText(self.tr("Self-service: see the doctor first, pay later"))
        other = "en" if self._language == "zh_CN" else "zh_CN"
        self.language_button.setText(LANGUAGE_NAMES[other])
        self.large_button.setText(self.tr("Large text"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)


class IdleOverlay(QWidget):
    """"Do you need more time?" with the seconds left and a big "More time" button."""

    more_time = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(64, 64, 64, 64)
        self.panel = QFrame()
        self.panel.setObjectName("idlePanel")
        self.panel.setMinimumWidth(860)  # the countdown on one line, even in English
        self.panel.setMaximumWidth(900)
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(48, 48, 48, 48)
        box.setSpacing(28)
        self.question = label("title", center=True)
        self.countdown = label("big", center=True)
        self.button = button("primary")
        self.button.setMinimumHeight(120)
        self.button.clicked.connect(self.more_time)
        box.addWidget(self.question)
        box.addWidget(self.countdown)
        box.addWidget(self.button)
        outer.addStretch(1)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self._seconds: int | None = None
        self.hide()
        self.translateUI()

    def show_view(self, view: SessionView) -> None:
        self._seconds = (None if view.seconds_left is None
                         else max(0, math.ceil(view.seconds_left)))
        self.translateUI()
        if view.idle_warning:
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
            self.show()
        else:
            self.hide()

    def translateUI(self) -> None:
        self.question.setText(self.tr("Do you need more time?"))
        self.button.setText(self.tr("More time"))
        if self._seconds is None:
            self.countdown.setText("")
        else:
            self.countdown.setText(self.tr("This screen will close in {seconds} seconds.")
                                   .format(seconds=self._seconds))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)


class _Central(QWidget):
    def __init__(self, overlay_holder: MainWindow) -> None:
        super().__init__()
        self.setObjectName("central")
        self._holder = overlay_holder

    def resizeEvent(self, event) -> None:
        overlay = getattr(self._holder, "idle_overlay", None)
        if overlay is not None:
            overlay.setGeometry(self.rect())
        super().resizeEvent(event)


class MainWindow(QMainWindow):
    """The kiosk window. See the module docstring."""

    intent = Signal(object)  # a kiosk.flow.session intent instance
    language_changed = Signal(str)  # "zh_CN" | "en"
    large_text_changed = Signal(bool)

    def __init__(self, language: str | None = None, large_text: bool = False,
                 parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 tap_guard: float = TAP_GUARD_SECONDS) -> None:
        super().__init__(parent)
        theme.load_fonts()
        language = language or i18n.current_language()  # the kiosk's configured language
        self._language = language
        self._large = large_text
        self._defaults = (language, large_text)  # what every new patient starts with
        self._clock = clock
        self._tap_guard = tap_guard
        self._taps_from = 0.0
        self._guard_timer = QTimer(self)
        self._guard_timer.setSingleShot(True)
        self._guard_timer.setInterval(int(tap_guard * 1000) + 50)
        self._guard_timer.timeout.connect(self._guard_over)
        self._view: SessionView = Session().view()
        central = _Central(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.top_bar = TopBar()
        self.top_bar.language_requested.connect(self.set_language)
        self.top_bar.large_text_toggled.connect(self.set_large_text)
        self.stack = QStackedWidget()
        self.screens: dict[State, Screen] = {}
        for state in State:
            screen = SCREEN_CLASSES[state]()
            screen.setObjectName(f"screen_{state.value}")
            screen.intent.connect(self.intent)
            self.screens[state] = screen
            self.stack.addWidget(screen)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # The window is the kiosk's screen: its size is given (fullscreen, or the configured
        # size), never grown by what a screen would like. Screens are made to fit it, and
        # tests/ui/test_fit.py checks that every widget does, at both sizes.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.idle_overlay = IdleOverlay(central)
        self.idle_overlay.more_time.connect(lambda: self.intent.emit(ExtendTime()))
        self.setStyleSheet(theme.stylesheet(large_text))
        self.top_bar.large_button.setChecked(large_text)
        self.set_language(language)
        self.show_view(self._view)

    # -- public API --------------------------------------------------------------------------

    def show_view(self, view: SessionView) -> None:
        """Show the screen of ``view.state`` rendering ``view``; the overlay if idle_warning."""
        previous = self._view.state
        self._view = view
        if view.state == State.ATTRACT and previous != State.ATTRACT:
            self.start_fresh()
        screen = self.screens[view.state]
        screen.show_view(view)
        if screen is not self.stack.currentWidget() and self._tap_guard > 0:
            self._taps_from = self._clock() + self._tap_guard
            # Filtering every event of the app costs: only while the guard lasts.
            QApplication.instance().installEventFilter(self)
            self._guard_timer.start()
        self.stack.setCurrentWidget(screen)
        patient = view.patient
        self.top_bar.show_patient(patient.masked_name if patient else None,
                                  patient.masked_id if patient else None)
        self.idle_overlay.show_view(view)

    def set_defaults(self, language: str, large_text: bool = False) -> None:
        """The language and text size every new patient starts with (the kiosk's
        configuration); applied now."""
        self._defaults = (language, bool(large_text))
        self.start_fresh()

    def start_fresh(self) -> None:
        """The kiosk's default language and text size, for the next patient."""
        language, large = self._defaults
        if self._language != language:
            self.set_language(language)
        if self._large != large:
            self.set_large_text(large)

    def accepts_taps(self) -> bool:
        """Whether a tap now reaches the screen (not within the guard after a change)."""
        return self._clock() >= self._taps_from

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() in _PRESSES and isinstance(watched, QWidget)
                and watched.window() is self and not self.accepts_taps()):
            return True  # a tap meant for the screen before: dropped
        return super().eventFilter(watched, event)

    def _guard_over(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def current_screen(self) -> Screen:
        return self.stack.currentWidget()

    def set_language(self, lang: str) -> None:
        """Switch the whole app to ``zh_CN`` or ``en``, live."""
        app = QApplication.instance()
        i18n.install_translator(app, lang)
        changed = lang != self._language
        self._language = lang
        self.top_bar.set_language(lang)
        if changed:
            self.language_changed.emit(lang)

    def language(self) -> str:
        return self._language

    def set_large_text(self, large: bool) -> None:
        """Large-text mode for elderly patients: bigger text and buttons everywhere."""
        large = bool(large)
        if self.top_bar.large_button.isChecked() != large:
            self.top_bar.large_button.setChecked(large)  # comes back here through toggled
            return
        changed = large != self._large
        self._large = large
        self.setStyleSheet(theme.stylesheet(large))
        self.current_screen().show_view(self._view, force=True)
        if changed:
            self.large_text_changed.emit(large)

    def large_text(self) -> bool:
        return self._large

    # -- Qt ----------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        size = event.size()
        for screen in self.screens.values():
            screen.set_orientation(size.height() >= size.width())
        super().resizeEvent(event)

    def translateUI(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Hospital kiosk"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)
