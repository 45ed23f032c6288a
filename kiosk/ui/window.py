"""The kiosk's main window: a persistent top bar, one screen per session state in a stacked
widget, and the idle-warning overlay.

``MainWindow.show_view(view)`` is the only way the window changes: it switches to the screen
of ``view.state`` and lets it render the view (busy -> "please wait", buttons disabled).
What the patient asks for comes out of ``MainWindow.intent`` as a flow intent instance
(``ChooseDepartment("INT")``, ``ConfirmPayment()``...; ``now`` left at its default, the
controller stamps the time). The window never talks to the card reader or the backend.

The top bar, on every screen, has the language button (中文/English, switches live), the
large-text toggle (大字/Large text), care mode (长辈模式), voice guidance (语音), with voice
on "say it again" (重听), and help (求助, ``kiosk.ui.help``: its banner under the top bar says
whether someone is coming). Language and text size are the patient's choices: when the
session ends (the attract screen comes back: the card came out, or the session timed out and
the card was taken) they return to the kiosk's defaults, so the next patient starts fresh;
care mode and voice are the session's (``SessionView.care``, ``.voice``) and end with it.
Care mode restyles everything (``theme.stylesheet(care=True)``); its one-time offer to a
patient of 65 or more is a banner under the top bar. With voice on, each view's prompt
(``kiosk.ui.spoken.prompt``) is said once when it changes, through a ``Speaker``
(``kiosk.qt.speech``; the kiosk's own is made when voice is first switched on).

The keypad (``kiosk.ui.keypad``) works every screen: arrows, Enter, Back, Help. Reach mode
(``set_reach_band``) keeps the top bar, the screen and its action bar inside the rows of the
window a seated user reaches; what lies above is left empty.

Taps cannot slip through: for ``TAP_GUARD_SECONDS`` after the screen changes, presses on the
window are dropped (a double tap on "pay" must not land on the next screen's button).

Threads: GUI thread only.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.session import (
    CallForHelp,
    ExtendTime,
    Session,
    SessionView,
    SetCareMode,
    SetVoice,
    State,
)
from kiosk.qt import i18n, speech, theme
from kiosk.qt.reach import reach_band
from kiosk.qt.widgets import StackHolder, button, label
from kiosk.ui import spoken
from kiosk.ui.help import (
    HelpBanner,
    dock_banner,
    help_button,
    help_text,
    names_shown,
    place_help_button,
    translate_button,
)
from kiosk.ui.keypad import FocusRing, Keypad, keep_arrows
from kiosk.ui.screens import SCREEN_CLASSES
from kiosk.ui.widgets import Screen


class Voice(Protocol):
    """What the window needs of a speaker (``kiosk.qt.speech.Speaker``)."""

    def say(self, text: str, language: str, *, slow: bool = False) -> None: ...

    def stop(self) -> None: ...

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
TAP_GUARD_SECONDS = 0.5
_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.TouchEnd)


class TopBar(QWidget):
    """Hospital name, the masked patient, and the patient's switches: large text, care mode,
    voice, say it again, language. On a tall screen the switches get a row of their own."""

    language_requested = Signal(str)
    large_text_toggled = Signal(bool)
    care_toggled = Signal(bool)
    voice_toggled = Signal(bool)
    repeat_requested = Signal()
    help_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QGridLayout(self)
        layout.setContentsMargins(32, 12, 32, 12)
        layout.setSpacing(12)
        self.hospital = label(wrap=True)
        self.hospital.setObjectName("hospital")
        self.patient = label(wrap=True)
        self.patient.setObjectName("patient")
        self.language_button = button("bar")
        self.language_button.clicked.connect(self._toggle_language)
        self.large_button = button("bar")
        self.large_button.setCheckable(True)
        self.large_button.toggled.connect(self.large_text_toggled)
        self.care_button = button("bar")
        self.care_button.setObjectName("careButton")
        self.care_button.setCheckable(True)
        self.care_button.clicked.connect(self.care_toggled)
        self.voice_button = button("bar")
        self.voice_button.setCheckable(True)
        self.voice_button.clicked.connect(self.voice_toggled)
        self.repeat_button = button("bar")
        self.repeat_button.clicked.connect(self.repeat_requested)
        self.repeat_button.hide()
        self.help_button = help_button()
        self.help_button.clicked.connect(self.help_requested)
        self.switches = (self.care_button, self.voice_button, self.repeat_button,
                         self.large_button, self.language_button)
        self._reach_on = False  # reach mode, for place_help
        for bar_button in self.switches:
            bar_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.names = QHBoxLayout()
        self.names.setSpacing(20)
        self.names.addWidget(self.hospital, 2)
        self.names.addWidget(self.patient, 2)
        self.row = QHBoxLayout()
        self.row.setSpacing(16)
        for bar_button in self.switches:
            self.row.addWidget(bar_button, 0)
        self._layout = self.grid = layout
        self._portrait: bool | None = None
        self.set_orientation(False)
        self._language = i18n.DEFAULT_LANGUAGE
        self.translateUI()

    def set_orientation(self, portrait: bool) -> None:
        """Names and switches side by side on a wide screen, one above the other on a tall."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        for part in (self.names, self.row):
            self._layout.removeItem(part)
        self._layout.addLayout(self.names, 0, 0)
        self._layout.addLayout(self.row, 1 if portrait else 0, 0 if portrait else 1)
        self._layout.setColumnStretch(0, 1)
        self._layout.setColumnStretch(1, 0)
        self.place_help(self._reach_on)

    def place_help(self, reach: bool) -> None:
        """Where the help button goes: first in the switches' row on a wide screen and in
        reach mode (whose band holds that row, not the names above it); beside the names
        otherwise on a tall screen, whose switches' row is full."""
        self._reach_on = reach
        place_help_button(self.help_button, self.row, self.names, reach or not self._portrait)

    def show_choices(self, care: bool, voice: bool) -> None:
        """The session's care mode and voice, shown on their switches (no signal)."""
        for switch, on in ((self.care_button, care), (self.voice_button, voice)):
            switch.blockSignals(True)
            switch.setChecked(on)
            switch.blockSignals(False)
        self.repeat_button.setVisible(voice)
        self.large_button.setVisible(not care)  # care mode is larger than large text

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
        self.care_button.setText(self.tr("Care mode"))
        self.voice_button.setText(self.tr("Voice"))
        self.repeat_button.setText(self.tr("Say again"))
        translate_button(self.help_button)

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


class CareOffer(QFrame):
    """The one-time offer of care mode to a patient of 65 or more: one tap turns it on; no
    tap keeps the normal mode (the banner goes with the screen it came on)."""

    accepted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("careOffer")
        self.setProperty("role", "panel")
        box = QHBoxLayout(self)
        box.setContentsMargins(32, 12, 32, 12)
        box.setSpacing(24)
        self.text = label("big")
        self.button = button("primary")
        self.button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.button.clicked.connect(self.accepted)
        box.addWidget(self.text, 1)
        box.addWidget(self.button, 0)
        self.hide()
        self.translateUI()

    def translateUI(self) -> None:
        self.text.setText(self.tr("Larger text and a voice that reads the screen?"))
        self.button.setText(self.tr("Care mode"))

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
        keypad = getattr(self._holder, "keypad", None)
        if keypad is not None:
            keypad.refresh()


class MainWindow(QMainWindow):
    """The kiosk window. See the module docstring."""

    intent = Signal(object)  # a kiosk.flow.session intent instance
    language_changed = Signal(str)  # "zh_CN" | "en"
    large_text_changed = Signal(bool)

    def __init__(self, language: str | None = None, large_text: bool = False,
                 parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 tap_guard: float = TAP_GUARD_SECONDS,
                 speaker: Voice | None = None) -> None:
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
        self._care = False
        self._speaker = speaker
        self._said = ""
        central = _Central(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.top_bar = TopBar()
        self.top_bar.language_requested.connect(self.set_language)
        self.top_bar.large_text_toggled.connect(self.set_large_text)
        self.top_bar.care_toggled.connect(lambda on: self.intent.emit(SetCareMode(on)))
        self.top_bar.voice_toggled.connect(lambda on: self.intent.emit(SetVoice(on)))
        self.top_bar.repeat_requested.connect(self.repeat)
        self.top_bar.help_requested.connect(self.call_for_help)
        self.help_banner = HelpBanner()
        self.care_offer = CareOffer()
        self.care_offer.accepted.connect(lambda: self.intent.emit(SetCareMode(True)))
        self.reach_above = QWidget()
        self.reach_below = QWidget()
        for filler in (self.reach_above, self.reach_below):
            filler.setFixedHeight(0)
            filler.hide()
        self._reach: tuple[int, int] | None = None
        self._reach_mm: tuple[float | None, float | None] = (None, None)
        self.stack = QStackedWidget()
        self.screens: dict[State, Screen] = {}
        for state in State:
            screen = SCREEN_CLASSES[state]()
            screen.setObjectName(f"screen_{state.value}")
            screen.intent.connect(self.intent)
            self.screens[state] = screen
            self.stack.addWidget(screen)
        layout.addWidget(self.reach_above)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.care_offer)
        layout.addWidget(self.help_banner)
        layout.addWidget(StackHolder(self.stack), 1)  # pages laid out one at a time
        layout.addWidget(self.reach_below)
        self.setCentralWidget(central)
        # The window is the kiosk's screen: its size is given (fullscreen, or the configured
        # size), never grown by what a screen would like. Screens are made to fit it, and
        # tests/ui/test_fit.py checks that every widget does, at both sizes.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.idle_overlay = IdleOverlay(central)
        self.idle_overlay.more_time.connect(lambda: self.intent.emit(ExtendTime()))
        self.screens[State.ATTRACT].reach.toggled.connect(self.set_reach)
        self.focus_ring = FocusRing(central)
        self.keypad = Keypad(self.focus_ring, controls=self._controls, say=self._say_focus,
                             help=self._help, back=self._back, allowed=self.accepts_taps,
                             describe=self._describe)
        keep_arrows(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
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
        if view.care != self._care:
            self._care = view.care
            self.setStyleSheet(theme.stylesheet(self._large, care=view.care))
            self.screens[view.state].show_view(view, force=True)
        self.top_bar.show_choices(view.care, view.voice)
        self.care_offer.setVisible(view.care_offer)
        if self.help_banner.show_stage(view.help):
            self.say(help_text(view.help))
        self._fit_help()
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
        self.keypad.refresh()
        self._speak(view)

    # -- voice, keypad, help -----------------------------------------------------------------

    def speaker(self) -> Voice:
        """The voice: the one given, or the kiosk's own, made when first needed."""
        if self._speaker is None:
            self._speaker = speech.default_speaker()
        return self._speaker

    def _speak(self, view: SessionView, *, again: bool = False) -> None:
        """Say the view's prompt once when it changes (or ``again``), if voice is on."""
        if not view.voice:
            if self._said:
                self._said = ""
                if self._speaker is not None:
                    self._speaker.stop()
            return
        text = spoken.prompt(view)
        if again or text != self._said:
            self._said = text
            self.speaker().say(text, self._language, slow=view.care)

    def say(self, text: str) -> None:
        """Say ``text`` now if voice is on (the keypad's focus, the help key)."""
        if self._view.voice and text:
            self.speaker().say(text, self._language, slow=self._view.care)

    def repeat(self) -> None:
        """The repeat button: the screen's prompt again."""
        self._speak(self._view, again=True)

    def call_for_help(self) -> None:
        """Ask for staff: the top bar's help button, on every screen (``kiosk.ui.help``)."""
        self.intent.emit(CallForHelp())

    def _controls(self) -> list[QPushButton]:
        if self.idle_overlay.isVisible():
            return [self.idle_overlay.button]
        return [*self.top_bar.findChildren(QPushButton), self.care_offer.button,
                *self.current_screen().findChildren(QPushButton)]

    def _describe(self, control: QPushButton) -> str:
        text = spoken.focus_text(control.text())
        if control.isCheckable():
            state = (QCoreApplication.translate("MainWindow", "on") if control.isChecked()
                     else QCoreApplication.translate("MainWindow", "off"))
            text = f"{text}, {state}"
        return text

    def _say_focus(self, text: str) -> None:
        self.say(text)

    def _help(self) -> None:
        """The help key: how the keys work, then the screen again (voice on or not: pressing
        help is asking to hear)."""
        self.speaker().say(spoken.keypad_help(self._view), self._language,
                           slow=self._view.care)

    def _back(self) -> None:
        """The Back key: the screen's way back or out (the left of its action bar); on the
        idle warning, "more time"."""
        if self.idle_overlay.isVisible():
            self.idle_overlay.button.click()
            return
        for control in self.current_screen().leave_slot.findChildren(QPushButton):
            if control.isVisible() and control.isEnabled():
                control.click()
                return

    def keyPressEvent(self, event) -> None:
        if not self.keypad.key(Qt.Key(event.key())):
            super().keyPressEvent(event)

    # -- reach mode --------------------------------------------------------------------------

    def set_reach_geometry(self, screen_bottom_mm: float | None,
                           pixel_mm: float | None) -> None:
        """The installation's screen height above the floor and pixel size (setup), from
        which reach mode's band is computed; unset: the lower half."""
        self._reach_mm = (screen_bottom_mm, pixel_mm)
        if self._reach is not None:
            self._apply_reach()

    def set_reach(self, on: bool) -> None:
        """Reach mode (wheelchair): every control moves into the rows a seated user reaches
        (``kiosk.qt.reach.reach_band``); the patient's choice, undone for the next one."""
        button = self.screens[State.ATTRACT].reach
        if button.isChecked() != on:
            button.setChecked(on)  # comes back here through toggled
            return
        self._reach = (0, self.height()) if on else None
        self._apply_reach()

    def reach(self) -> bool:
        return self._reach is not None

    def _apply_reach(self) -> None:
        height = self.height()
        if self._reach is not None:
            self._reach = reach_band(height, *self._reach_mm)
        top, bottom = self._reach if self._reach else (0, height)
        above, below = max(0, top), max(0, height - bottom)
        for filler, size in ((self.reach_above, above), (self.reach_below, below)):
            filler.setFixedHeight(size)
            filler.setVisible(size > 0)
        for screen in self.screens.values():
            screen.set_scrolling(self._reach is not None)
        self.top_bar.place_help(self._reach is not None)
        self._fit_help()

    def _fit_help(self) -> None:
        bar = self.top_bar
        dock_banner(self.help_banner, self.centralWidget().layout(), bar, bar.grid, bar.names,
                    in_top_bar=not names_shown(self._reach is not None, self.help_banner.stage))

    def set_defaults(self, language: str, large_text: bool = False) -> None:
        """The language and text size every new patient starts with (the kiosk's
        configuration); applied now."""
        self._defaults = (language, bool(large_text))
        self.start_fresh()

    def start_fresh(self) -> None:
        """The kiosk's default language and text size, for the next patient (care mode and
        voice end with the session)."""
        self.keypad.clear()
        self._said = ""
        self.set_reach(False)
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
            self._said = ""
            self._speak(self._view)  # the same prompt, in the new language

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
        self.setStyleSheet(theme.stylesheet(large, care=self._care))
        self.current_screen().show_view(self._view, force=True)
        if changed:
            self.large_text_changed.emit(large)

    def large_text(self) -> bool:
        return self._large

    # -- Qt ----------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        size = event.size()
        self.top_bar.set_orientation(size.height() >= size.width())
        for screen in self.screens.values():
            screen.set_orientation(size.height() >= size.width())
        super().resizeEvent(event)
        if self._reach is not None:
            self._apply_reach()

    def translateUI(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Hospital kiosk"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)
