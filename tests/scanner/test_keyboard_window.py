"""A keyboard-mode scanner read from the kiosk's own window (``keyboard:window``), on the real
kiosk against the real backend: the scanner's keys are real ``QKeyEvent``s with their
timestamps, sent to the window that has the keyboard focus, as the windowing system delivers
them. A scan drives a whole journey to settlement; a person's typing is never a scan and
reaches the window (the accessibility keypad's keys keep working); no scan's Enter ever
presses the keypad's focused control.

``kiosk`` and ``voucher_backend`` come from ``tests/scanner/conftest.py``; the journey's
steps from ``test_voucher_journeys``. Waits are ``qtbot.waitUntil``, never sleeps.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from kiosk.app import backend_config
from kiosk.app.keyboard_window import KeyboardWindowScanner, idle_now, scan_key
from kiosk.app.scanning import ScannerSpec, attach_scanner, parse_scanner
from kiosk.demo.fixtures import post_demo_charges
from kiosk.flow.session import State
from kiosk.install import health
from kiosk.scanner.events import ScanEventKind
from kiosk.scanner.keyboard import ENTER
from kiosk.scanner.spec import WINDOW, is_window, probe
from tests.app.screens import wait_screen
from tests.scanner.listener import Collector
from tests.scanner.test_voucher_journeys import check_in, checks, pay, scanner_ready, voucher

WINDOW_SPEC = ScannerSpec("keyboard", WINDOW)
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


class Keyboard:
    """Key events into the kiosk as the windowing system would send them: to the window with
    the focus, each stamped with its time (ms); a capital with Shift around it."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.ms = int(time.monotonic() * 1000)

    def send(self, kind: QEvent.Type, key: int, text: str = "",
             modifiers: Qt.KeyboardModifier = NONE) -> None:
        event = QKeyEvent(kind, key, modifiers, text)
        event.setTimestamp(self.ms)
        QApplication.sendEvent(self.window.windowHandle(), event)

    def key(self, key: int, text: str = "", gap_ms: int = 0) -> None:
        self.ms += gap_ms
        shifted = text.isupper() or text in '_:?"'
        if shifted:
            self.send(QEvent.Type.KeyPress, Qt.Key.Key_Shift, "", SHIFT)
        modifiers = SHIFT if shifted else NONE
        self.send(QEvent.Type.KeyPress, key, text, modifiers)
        self.send(QEvent.Type.KeyRelease, key, text, modifiers)
        if shifted:
            self.send(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, "", NONE)

    def type(self, text: str, gap_ms: int, enter: bool = True, pause: bool = True) -> None:
        """``text`` (then Enter), one key every ``gap_ms`` by the events' clock; after a
        ``pause`` (a burst of its own) or right on from the last key."""
        self.ms += 1000 if pause else 0
        for i, char in enumerate(text):
            self.key(ord(char.upper()), char, gap_ms if i or not pause else 0)
        if enter:
            self.key(Qt.Key.Key_Return, "\r", gap_ms)


class Heard(QObject):
    """What reached ``widget`` (its own filter runs after the application's)."""

    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.keys: list[str] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self.keys.append(event.text() or f"KEY_{event.key():x}")
        return False

    def text(self) -> str:
        return "".join(k for k in self.keys if len(k) == 1 and k.isprintable())


def ready(qtbot: Any, app: Any) -> Keyboard:
    app.window.activateWindow()
    app.window.setFocus()
    scanner_ready(qtbot, app)  # "present" as soon as the kiosk runs
    wait_screen(qtbot, app, State.ATTRACT)
    return Keyboard(app.window)


def focus_language(qtbot: Any, app: Any, keyboard: Keyboard) -> Any:
    """The keypad's focus on the language button: an Enter now would switch the language."""
    button = app.window.top_bar.language_button
    for _ in range(30):
        keyboard.key(Qt.Key.Key_Down, "", 300)
        if app.window.keypad.focused is button:
            return button
    raise AssertionError("the keypad never reached the language button")


def test_a_window_scan_drives_a_whole_journey_to_settlement(qtbot, kiosk, voucher_backend):
    app = kiosk(scanner=WINDOW_SPEC, watch_cards=False)
    assert isinstance(app.scanner, KeyboardWindowScanner)
    asked = checks(app)
    keyboard = ready(qtbot, app)
    heard = Heard(app.window)
    token = voucher(voucher_backend)
    keyboard.type(token, gap_ms=150)  # someone typing the very same text, Enter and all
    keyboard.type(token[:6], gap_ms=4)  # a scanner-fast burst too short to be a code
    qtbot.waitUntil(lambda: heard.text() == token + token[:6], timeout=5000)
    assert app.controller.session.view().state == State.ATTRACT
    keyboard.type(token, gap_ms=4)  # the scanner: a key every 4 ms, then Enter
    visit_id = check_in(qtbot, app)
    assert [effect.voucher for effect in asked] == [token]  # the typing asked nothing
    assert heard.text() == token + token[:6]  # and the scan reached no widget
    post_demo_charges(backend_config(voucher_backend.base_url, voucher_backend.kiosk_token),
                      voucher_backend.department_tokens, visit_id=visit_id)
    keyboard.type(voucher(voucher_backend), gap_ms=2)
    pay(qtbot, app, voucher_backend, visit_id)


def test_a_scans_enter_never_presses_the_keypads_focused_control(qtbot, kiosk,
                                                                 voucher_backend):
    app = kiosk(scanner=WINDOW_SPEC, watch_cards=False)
    keyboard = ready(qtbot, app)
    heard = Heard(app.window)
    button = focus_language(qtbot, app, keyboard)
    language = app.window._language
    keyboard.type(voucher(voucher_backend), gap_ms=3)
    wait_screen(qtbot, app, State.CHECK_IN)
    assert app.window._language == language  # the scan's Enter did not press it
    assert ENTER not in heard.keys and "\r" not in heard.keys
    if app.window.keypad.focused is not button:
        focus_language(qtbot, app, keyboard)
    qtbot.waitUntil(app.window.accepts_taps, timeout=2000)  # the screen change's tap guard
    keyboard.key(Qt.Key.Key_Return, "\r", 1000)  # a person's Enter: pressed at once
    assert app.window._language != language


def test_a_scan_cut_by_a_held_up_window_never_lets_its_enter_through(qtbot, kiosk,
                                                                    voucher_backend):
    app = kiosk(scanner=WINDOW_SPEC, watch_cards=False)
    keyboard = ready(qtbot, app)
    heard = Heard(app.window)
    focus_language(qtbot, app, keyboard)
    language = app.window._language
    token = voucher(voucher_backend)
    keyboard.type(token[:5], gap_ms=4, enter=False)
    # the window is held up here: its idle timer comes before the rest of the scan
    qtbot.waitUntil(lambda: not app.scanner._gate.holding, timeout=5000)
    assert heard.text() == token[:5]  # taken for typing: too short for a scan
    keyboard.type(token[5:9], gap_ms=4, pause=False)  # the rest, 4 ms on, and its Enter
    keyboard.key(Qt.Key.Key_Escape, "\x1b", 1000)  # a key that goes on at once: a marker
    assert heard.keys[-1] == "\x1b"
    assert heard.text() == token[:5] and "\r" not in heard.keys
    assert app.window._language == language  # the Enter did not press the focused control


def test_the_keypad_keeps_working_through_the_filter(qtbot, kiosk, voucher_backend):
    app = kiosk(scanner=WINDOW_SPEC, watch_cards=False)
    keyboard = ready(qtbot, app)
    focus_language(qtbot, app, keyboard)  # the arrows go through at once
    language = app.window._language
    keyboard.key(Qt.Key.Key_Space, " ", 1000)  # could start a scan: held, then delivered
    qtbot.waitUntil(lambda: app.window._language != language, timeout=5000)
    keyboard.key(Qt.Key.Key_Escape, "\x1b", 1000)
    keyboard.type("4711", gap_ms=200, enter=False)  # digits typed: no scan, nothing asked
    qtbot.waitUntil(lambda: not app.scanner._gate.holding, timeout=5000)
    assert app.controller.session.view().state == State.ATTRACT


def test_the_window_scanner_is_present_while_the_kiosk_runs_and_gone_after(qtbot, kiosk,
                                                                           voucher_backend):
    app = kiosk(scanner=parse_scanner("keyboard:window"), watch_cards=False)
    ready(qtbot, app)
    assert app.scanner.running
    qtbot.waitUntil(lambda: app.heartbeat.scanner == "ok", timeout=5000)  # the fleet's view
    app.shutdown()
    assert not app.scanner.running
    keyboard = Keyboard(app.window)
    heard = Heard(app.window)
    keyboard.key(Qt.Key.Key_A, "a")  # no filter any more: straight through
    assert heard.keys == ["a"]


def test_a_scan_into_a_dialog_never_presses_its_default_button(qtbot):
    """Any window of the application (admin mode's dialogs too): a focused default button
    takes Enter itself, and the scan's Enter must not reach it."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    button = QPushButton("OK", dialog)
    button.setDefault(True)
    pressed: list[bool] = []
    button.clicked.connect(lambda: pressed.append(True))
    dialog.show()
    button.setFocus()
    events = Collector()
    scanner = KeyboardWindowScanner(events)
    scanner.start()
    try:
        assert events.next().kind is ScanEventKind.SCANNER_CONNECTED
        keyboard = Keyboard(dialog)
        keyboard.type("NHSAQR1.E4B1C0FFEE2026DEMO77", gap_ms=3)
        code = events.next(ScanEventKind.CODE_SCANNED).code
        assert code is not None and code.text == "NHSAQR1.E4B1C0FFEE2026DEMO77"
        assert pressed == []
        keyboard.key(Qt.Key.Key_Return, "\r", 1000)  # a person's Enter
        assert pressed == [True]
    finally:
        scanner.stop()


# --- the pure parts -------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "text", "command", "expected"), [
    (Qt.Key.Key_A, "a", False, "a"),
    (Qt.Key.Key_A, "A", False, "A"),
    (Qt.Key.Key_Period, ".", False, "."),
    (Qt.Key.Key_Space, " ", False, " "),
    (Qt.Key.Key_Question, "?", False, "?"),
    (Qt.Key.Key_Return, "\r", False, ENTER),
    (Qt.Key.Key_Enter, "\r", False, ENTER),
    (Qt.Key.Key_Shift, "", False, None),
    (Qt.Key.Key_CapsLock, "", False, None),
    (Qt.Key.Key_Down, "", False, "KEY_1000015"),
    (Qt.Key.Key_Escape, "\x1b", False, "KEY_1000000"),
    (Qt.Key.Key_Backspace, "\b", False, "KEY_1000003"),
    (Qt.Key.Key_C, "\x03", True, "KEY_43"),
    (Qt.Key.Key_C, "c", True, "KEY_43"),
])
def test_scan_key_is_what_the_decoder_hears_of_a_key(key, text, command, expected):
    assert scan_key(int(key), text, command) == expected


def test_idle_reads_now_on_the_keys_clock():
    assert idle_now(5.000, 100.0, 100.08) == pytest.approx(5.08)
    assert idle_now(5.000, 100.0, 99.0) == 5.0  # a local clock never runs backwards here


def test_keyboard_window_is_a_spec_of_its_own_with_nothing_to_open():
    spec = parse_scanner(" keyboard:window ")
    assert spec == WINDOW_SPEC and is_window(spec)
    assert not is_window(ScannerSpec("keyboard", "/dev/input/kiosk-scanner"))
    assert probe(spec) is None  # on any system: the self-test does not fail it


@pytest.mark.parametrize("live", [None, "ok", "no_scanner"])
def test_the_self_test_passes_keyboard_window_on_any_system_and_says_what_it_cannot_see(live):
    [result] = health.scanner_checks("keyboard:window", live)
    assert (result.name, result.ok) == ("scanner", True)
    assert result.detail == f"keyboard:window: {health.SCANNER_FINDINGS['window']}"


def test_attach_scanner_builds_the_window_scanner_for_keyboard_window(qapp):
    class Nobody:
        def dispatch(self, event: Any) -> None:
            raise AssertionError("nothing is dispatched before start")

    watcher, signals = attach_scanner(Nobody(), WINDOW_SPEC)
    assert isinstance(watcher, KeyboardWindowScanner) and signals is not None
    assert watcher.name == "keyboard:window"
    assert not watcher.running
