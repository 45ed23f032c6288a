"""The first-run setup screen: one touch-friendly page per step of the setup's step model.

The steps, what each accepts and which follows which live in ``kiosk.install.setup.flow``
(``SetupFlow``, no Qt); this widget attaches a page to each step by name, hands the
installer's answers to the flow and shows its verdicts:

1. ``backend``: URL, CA certificate, optional client certificate and key, the kiosk's token
   (enrolment: IT creates it with ``kiosk server create-token --kiosk NAME``); changing the
   address away from the backend the token belongs to empties the token field. "Test" asks
   the backend (``kiosk.install.health.check_backend``: health, then an authenticated call);
   "Next" opens only after a pass with exactly these answers.
2. ``reader``: the readers PC/SC sees live ("Look again" looks again); one must be present
   and chosen (a virtual reader is shown greyed out); the kiosk is pinned to its model.
3. ``printer``: none, a Qt printer (QPrinterInfo), or an ESC/POS network printer, whose
   ``printer_address`` page asks for host:port and tests it by opening a connection.
4. ``display``: orientation and default language; for reach mode (wheelchair), the height of
   the screen's lowest row above the floor and the pixel size in millimetres (optional, both
   or neither; empty: reach mode uses the lower half of the screen).
5. ``pin``: the admin PIN twice (6-12 digits; stored only as a scrypt hash).

"Finish" writes ``SetupFlow.config()`` atomically (``kiosk.install.config.write_config``);
``completed(Path)`` then carries the file's path. Simplified Chinese is the default; every
text goes through ``tr()`` and ``translateUI()`` runs again on a language change. The wizard
only shows and collects: the checks run through the ``Background`` it is given.

Threads: GUI thread only.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.install import config as kconfig
from kiosk.install import health, readerpin
from kiosk.install.health import CheckResult
from kiosk.install.setup.flow import (
    ESCPOS,
    PRINTER_ADDRESS,
    STEPS,
    SetupFlow,
    StepInvalid,
    StepProblem,
)
from kiosk.qt import theme
from kiosk.qt.background import Background
from kiosk.qt.widgets import button, label

log = logging.getLogger(__name__)

__all__ = ["STEPS", "SetupWizard"]


def _field(echo_password: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setMinimumHeight(72)
    if echo_password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class SetupWizard(QWidget):
    completed = Signal(object)  # Path of the written configuration
    step_changed = Signal(str)

    def __init__(self, background: Background, config_path: Path | None = None,
                 existing: kconfig.KioskConfig | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        # Its own stylesheet: it is a window of its own, at first run and from admin mode.
        self.setStyleSheet(theme.stylesheet(False))
        self.config_path = config_path or kconfig.config_path()
        self.background = background  # the program's one background helper
        self.flow = SetupFlow(existing)
        self.pages: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.setSpacing(20)
        self.title = label("title")
        self.step_label = label("small")
        outer.addWidget(self.title)
        outer.addWidget(self.step_label)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.status = label("notice")
        self.status.hide()
        outer.addWidget(self.status)
        nav = QHBoxLayout()
        self.back = button()
        self.next = button("primary")
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        nav.addWidget(self.back, 1)
        nav.addWidget(self.next, 2)
        outer.addLayout(nav)
        self._build_backend()
        self._build_reader()
        self._build_printer()
        self._build_printer_address()
        self._build_display()
        self._build_pin()
        if existing is not None:
            self._prefill(existing)
        self.translateUI()
        self._show(self.flow.current)

    # -- pages, one per step ------------------------------------------------------------------

    def _page(self, step: str) -> QVBoxLayout:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setSpacing(12)
        self.stack.addWidget(page)
        self.pages[step] = page
        return box

    def _build_backend(self) -> None:
        box = self._page("backend")
        self.url_label, self.url = label(), _field()
        self.token_label, self.token = label(), _field(echo_password=True)
        self.ca_label, self.ca = label(), _field()
        self.cert_label, self.cert = label(), _field()
        self.key_label, self.key = label(), _field()
        for caption, edit in ((self.url_label, self.url), (self.token_label, self.token),
                              (self.ca_label, self.ca), (self.cert_label, self.cert),
                              (self.key_label, self.key)):
            box.addWidget(caption)
            box.addWidget(edit)
            edit.textChanged.connect(self._update_next)
        self.test_backend = button("primary")
        self.test_backend.clicked.connect(self.run_backend_check)
        box.addWidget(self.test_backend)
        box.addStretch(1)

    def _build_reader(self) -> None:
        box = self._page("reader")
        self.reader_hint = label()
        self.reader_list = QListWidget()
        self.reader_list.setMinimumHeight(300)
        self.refresh_readers = button()
        self.refresh_readers.clicked.connect(self.run_reader_check)
        self.reader_list.currentItemChanged.connect(self._update_next)
        box.addWidget(self.reader_hint)
        box.addWidget(self.reader_list, 1)
        box.addWidget(self.refresh_readers)

    def _build_printer(self) -> None:
        box = self._page("printer")
        self.printer_hint = label()
        self.printer_list = QListWidget()
        self.printer_list.setMinimumHeight(240)
        self.printer_list.currentItemChanged.connect(self._update_next)
        box.addWidget(self.printer_hint)
        box.addWidget(self.printer_list)
        box.addStretch(1)

    def _build_printer_address(self) -> None:
        box = self._page(PRINTER_ADDRESS)
        self.escpos_label, self.escpos_address = label(), _field()
        self.escpos_address.textChanged.connect(self._update_next)
        self.test_printer = button()
        self.test_printer.clicked.connect(self.run_printer_check)
        for widget in (self.escpos_label, self.escpos_address, self.test_printer):
            box.addWidget(widget)
        box.addStretch(1)

    def _build_display(self) -> None:
        box = self._page("display")
        self.orientation_label = label("big")
        self.portrait, self.landscape = button(), button()
        self.orientation_group = self._one_of(self.portrait, self.landscape)
        self.language_label = label("big")
        self.lang_zh, self.lang_en = button(), button()
        self.language_group = self._one_of(self.lang_zh, self.lang_en)
        for caption, group in ((self.orientation_label, self.orientation_group),
                               (self.language_label, self.language_group)):
            row = QHBoxLayout()
            for choice in group.buttons():
                row.addWidget(choice)
            box.addWidget(caption)
            box.addLayout(row)
        self.reach_hint = label("small", wrap=True)
        self.screen_bottom_label, self.screen_bottom = label(), _field()
        self.pixel_label, self.pixel = label(), _field()
        box.addWidget(self.reach_hint)
        for caption, field in ((self.screen_bottom_label, self.screen_bottom),
                               (self.pixel_label, self.pixel)):
            field.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
            box.addWidget(caption)
            box.addWidget(field)
        box.addStretch(1)

    def _one_of(self, first: Any, *others: Any) -> QButtonGroup:
        """Checkable buttons of which exactly one is checked, ``first`` to begin with."""
        group = QButtonGroup(self)
        for choice in (first, *others):
            choice.setCheckable(True)
            group.addButton(choice)
        first.setChecked(True)
        return group

    def _build_pin(self) -> None:
        box = self._page("pin")
        self.pin_label, self.pin = label(), _field(echo_password=True)
        self.pin2_label, self.pin2 = label(), _field(echo_password=True)
        for widget in (self.pin_label, self.pin, self.pin2_label, self.pin2):
            box.addWidget(widget)
        box.addStretch(1)

    def _prefill(self, cfg: kconfig.KioskConfig) -> None:
        self.url.setText(cfg.backend_url)
        self.token.setText(cfg.token)
        self.ca.setText(cfg.ca_bundle or "")
        self.cert.setText(cfg.client_cert or "")
        self.key.setText(cfg.client_key or "")
        self.escpos_address.setText(self.flow.data.get("printer_address", ""))
        (self.landscape if cfg.orientation == "landscape" else self.portrait).setChecked(True)
        (self.lang_en if cfg.language == "en" else self.lang_zh).setChecked(True)
        self.screen_bottom.setText(self.flow.data.get("screen_bottom_mm", ""))
        self.pixel.setText(self.flow.data.get("pixel_mm", ""))

    # -- texts -------------------------------------------------------------------------------

    def translateUI(self) -> None:
        self.title.setText(self.tr("Kiosk setup"))
        self.back.setText(self.tr("Back"))
        self.url_label.setText(self.tr("Backend address (https://...)"))
        self.token_label.setText(self.tr("Kiosk token (from hospital IT)"))
        self.ca_label.setText(self.tr("CA certificate file (optional)"))
        self.cert_label.setText(self.tr("Client certificate file (optional)"))
        self.key_label.setText(self.tr("Client key file (optional)"))
        self.test_backend.setText(self.tr("Test the connection"))
        self.reader_hint.setText(self.tr("Choose the card reader. Readers seen now:"))
        self.refresh_readers.setText(self.tr("Look again"))
        self.printer_hint.setText(self.tr("Choose the receipt printer:"))
        self.escpos_label.setText(self.tr("Network printer address (host:port)"))
        self.test_printer.setText(self.tr("Test the printer"))
        self.orientation_label.setText(self.tr("Screen orientation"))
        self.portrait.setText(self.tr("Portrait"))
        self.landscape.setText(self.tr("Landscape"))
        self.language_label.setText(self.tr("Default language"))
        self.lang_zh.setText("中文")
        self.lang_en.setText("English")
        self.reach_hint.setText(self.tr(
            "Reach mode (wheelchair) moves every control to the part of the screen a seated "
            "person reaches (380 to 1220 mm above the floor). Leave both empty to use the "
            "lower half of the screen."))
        self.screen_bottom_label.setText(self.tr(
            "Height of the screen's lowest edge above the floor (mm)"))
        self.pixel_label.setText(self.tr("Pixel size (mm, e.g. 0.2745)"))
        self.pin_label.setText(self.tr("Admin PIN (6 to 12 digits)"))
        self.pin2_label.setText(self.tr("Admin PIN again"))
        self._show_position()

    def _show_position(self) -> None:
        """"Step n of total" and "Next" or "Finish": the path depends on the answers."""
        n, total = self.flow.position()
        self.step_label.setText(self.tr("Step {n} of {total}").format(n=n, total=total))
        self.next.setText(self.tr("Finish") if self.flow.is_last() else self.tr("Next"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)

    def say(self, text: str, good: bool = False) -> None:
        self.status.setText(("✔ " if good else "") + text)
        self.status.setProperty("good", good)
        self.status.show()

    def problem_message(self, problem: StepProblem) -> str:
        """A step's problem in words (the backend's codes in ``backend_message``)."""
        if problem.code == "pins_differ":
            return self.tr("The two PINs differ.")
        if problem.code == "pin_format":
            return self.tr("The PIN must be 6 to 12 digits.")
        if problem.code == "printer_invalid" and problem.key == PRINTER_ADDRESS:
            return self.tr("Enter the printer as host:port, e.g. 10.0.0.20:9100.")
        if problem.code == "reach_invalid":
            return self.tr("Enter millimetres as numbers, e.g. 700 and 0.2745.")
        if problem.code == "reach_needs_both":
            return self.tr("Enter both the screen's height above the floor and the pixel "
                           "size, or neither.")
        if problem.key in ("backend_url", "token", "ca_bundle", "client_cert", "client_key"):
            return self.backend_message(problem.code)
        return self.tr("The configuration is not valid ({code}: {key}).").format(
            code=problem.code, key=problem.key)

    # -- navigation: the flow decides, the pages follow ----------------------------------------

    @property
    def step(self) -> str:
        return self.flow.current

    def _show(self, step: str) -> None:
        self.stack.setCurrentWidget(self.pages[step])
        self.status.hide()
        self.back.setEnabled(self.flow.can_go_back())
        self.translateUI()
        if step == "reader":
            self.run_reader_check()
        elif step == "printer" and self.printer_list.count() == 0:
            self._fill_printers()
        self._update_next()
        self.step_changed.emit(step)

    def _show_step(self, index: int) -> None:
        """Show the page of ``STEPS[index]`` as it is, without the flow's checks (for
        tools/screenshots)."""
        self.flow.current = STEPS[index]
        self._show(STEPS[index])

    def go_back(self) -> None:
        if self.flow.can_go_back():
            self._collect()
            self._show(self.flow.back())

    def go_next(self) -> None:
        self._collect()
        try:
            step = self.flow.next()
        except StepInvalid as exc:
            self.say(self.problem_message(exc.problem))
            self._update_next()
            return
        if step is None:
            self.finish()
        else:
            self._show(step)

    def _collect(self) -> None:
        """Hand what the pages show to the flow."""
        answers: dict[str, Any] = {
            "backend_url": self.url.text(), "token": self.token.text(),
            "ca_bundle": self.ca.text(), "client_cert": self.cert.text(),
            "client_key": self.key.text(), "printer_address": self.escpos_address.text(),
            "orientation": "landscape" if self.landscape.isChecked() else "portrait",
            "language": "en" if self.lang_en.isChecked() else "zh_CN",
            "pin": self.pin.text(), "pin_again": self.pin2.text(),
            "screen_bottom_mm": self.screen_bottom.text(), "pixel_mm": self.pixel.text(),
        }
        for key, choices in (("reader", self.reader_list), ("printer", self.printer_list)):
            if choices.count():
                item = choices.currentItem()
                answers[key] = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.flow.answer(**answers)
        if self.token.text() and not self.flow.data.get("token"):
            self.token.clear()  # the backend changed: its token must be entered again
            self.say(self.tr("The backend address changed: enter the token for it again."))

    def _update_next(self, *_: Any) -> None:
        self._collect()
        self.next.setEnabled(self.flow.offers_next())
        self._show_position()

    # -- backend -----------------------------------------------------------------------------

    def run_backend_check(self) -> None:
        self._collect()
        answers = self.flow.backend_answers()
        self.test_backend.setEnabled(False)
        self.say(self.tr("Testing the connection…"))

        def done(results: list[CheckResult]) -> None:
            self.test_backend.setEnabled(True)
            failure = health.first_failure(results)
            self._collect()
            if failure is None and self.flow.check_passed("backend", answers):
                self.say(self.tr("The backend answered and accepted the token ({detail}).")
                         .format(detail=results[-1].detail), good=True)
            elif failure is not None:
                self.say(self.backend_message(failure.code))
            self._update_next()

        url, rest = answers["backend_url"], {k: v for k, v in answers.items()
                                             if k != "backend_url"}
        self.background.run(lambda: health.check_backend(url, **rest), done)

    def backend_message(self, code: str) -> str:
        messages = {
            "backend_url_invalid": self.tr("The address is not a valid https:// address."),
            "backend_url_plain_http": self.tr("Use https:// (plain http only on this PC)."),
            "token_missing": self.tr("Enter the kiosk token from hospital IT."),
            "file_missing": self.tr("A certificate file was not found."),
            "client_cert_needs_key": self.tr("The client certificate needs its key file."),
            "offline": self.tr("The backend cannot be reached. Check the address and network."),
            "timeout": self.tr("The backend did not answer in time."),
            "tls": self.tr("The backend's certificate was not accepted. Check the CA file."),
            "unauthenticated": self.tr("The backend refused the token."),
            "forbidden": self.tr("This token is not a kiosk token."),
        }
        return messages.get(code, self.tr("The backend check failed ({code}).").format(code=code))

    # -- reader ------------------------------------------------------------------------------

    def run_reader_check(self) -> None:
        self.refresh_readers.setEnabled(False)

        def done(readers: list[str] | None) -> None:
            self.refresh_readers.setEnabled(True)
            self._collect()
            keep = self.flow.data.get("reader")
            self.reader_list.blockSignals(True)
            self.reader_list.clear()
            self.flow.answer(readers_seen=readers)
            if readers is None:
                self.say(self.tr("The smart card service is not running."))
            elif not readers:
                self.say(self.tr("No card reader found. Connect one and look again."))
            else:
                self._fill_readers(readers, keep)
            self.reader_list.blockSignals(False)
            self._update_next()

        self.background.run(health.seen_readers, done)

    def _fill_readers(self, readers: list[str], keep: str | None) -> None:
        """The readers seen, a virtual one greyed out (never on a real kiosk); the installed
        pin's reader (the setup ran again) chosen again."""
        for name in readers:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            if readerpin.is_virtual(name):
                item.setText(self.tr("{reader} (virtual: demo machines only)").format(
                    reader=name))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.reader_list.addItem(item)
            if keep and self.reader_list.currentRow() < 0 and (
                    name == keep or readerpin.matches(keep, name)):
                self.reader_list.setCurrentItem(item)
        usable = [name for name in readers if not readerpin.is_virtual(name)]
        if usable:
            self.say(self.tr("{count} reader(s) present.").format(count=len(usable)),
                     good=True)
        else:
            self.say(self.tr("Only a virtual reader is present: connect the card reader "
                             "and look again."))

    # -- printer -----------------------------------------------------------------------------

    def _fill_printers(self) -> None:
        from kiosk.printing.printers import available_qt_printers

        names = available_qt_printers()
        self.flow.answer(printers_seen=names)
        wanted = self.flow.data.get("printer", "none")
        none_item = QListWidgetItem(self.tr("No printer"))
        none_item.setData(Qt.ItemDataRole.UserRole, "none")
        self.printer_list.addItem(none_item)
        for name in names:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, f"qt:{name}")
            self.printer_list.addItem(item)
        escpos = QListWidgetItem(self.tr("ESC/POS network printer"))
        escpos.setData(Qt.ItemDataRole.UserRole, ESCPOS)
        self.printer_list.addItem(escpos)
        chosen = [self.printer_list.item(row) for row in range(self.printer_list.count())
                  if self.printer_list.item(row).data(Qt.ItemDataRole.UserRole) == wanted]
        self.printer_list.setCurrentItem(chosen[0] if chosen else none_item)

    def printer_spec(self) -> str:
        self._collect()
        return self.flow.printer_spec()

    def run_printer_check(self) -> None:
        spec = self.printer_spec()
        try:
            _kind, host, port = kconfig.check_printer_spec(spec)
        except kconfig.ConfigError:
            self.say(self.tr("Enter the printer as host:port, e.g. 10.0.0.20:9100."))
            return

        def done(result: CheckResult) -> None:
            self._collect()
            if result.ok:
                self.flow.check_passed(PRINTER_ADDRESS, spec)
            self.say(self.tr("The printer answered.") if result.ok
                     else self.tr("The printer did not answer ({code}).").format(
                         code=result.code), good=result.ok)
            self._update_next()

        self.background.run(lambda: health.check_escpos(host, port), done)

    # -- finish ------------------------------------------------------------------------------

    def finish(self) -> Path | None:
        """Write what the flow says the setup writes; ``completed(path)`` on success."""
        self._collect()
        try:
            config = self.flow.config()
        except StepInvalid as exc:
            self.say(self.problem_message(exc.problem))
            return None
        try:
            path = kconfig.write_config(config, self.config_path)
        except OSError as exc:
            self.say(self.tr("The configuration could not be saved ({error}).").format(
                error=type(exc).__name__))
            return None
        log.info("kiosk configuration written by setup")
        self.say(self.tr("Setup is complete."), good=True)
        self.completed.emit(path)
        return path
