"""The first-run setup screen: five touch-friendly steps, each answer tested as it is given.

1. Backend: URL, CA certificate, optional client certificate and key, the kiosk's token
   (enrolment: IT creates it with ``kiosk server create-token --kiosk NAME``). "Test" asks
   the backend (health, then an authenticated call); "Next" opens only after a pass with
   exactly these answers.
2. Reader: the readers PC/SC sees live ("Refresh" looks again); one must be present.
3. Printer: none, a Qt printer (QPrinterInfo), or an ESC/POS network printer host:port
   (tested by opening a connection).
4. Display: orientation and default language.
5. Admin PIN, twice (4-12 digits; stored only as a scrypt hash).

"Finish" validates the whole configuration (``kiosk.config.validate``) and writes it
atomically; ``completed(Path)`` then carries the file's path. Simplified Chinese is the
default; every text goes through ``tr()`` and ``translateUI()`` runs again on a language
change. The wizard only shows and collects: the checks run through ``kiosk.qt.background``.

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

from kiosk import config as kconfig
from kiosk.admin.pin import PinError, hash_pin
from kiosk.qt import theme
from kiosk.qt.background import Background, default_background
from kiosk.qt.widgets import button, label
from kiosk.setup_wizard import checks

log = logging.getLogger(__name__)

STEPS = ("backend", "reader", "printer", "display", "pin")
ANY_READER = ""
ESCPOS = "escpos"


def _field(echo_password: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setMinimumHeight(72)
    if echo_password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class SetupWizard(QWidget):
    completed = Signal(object)  # Path of the written configuration
    step_changed = Signal(str)

    def __init__(self, config_path: Path | None = None, background: Background | None = None,
                 existing: kconfig.KioskConfig | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        # Its own stylesheet: it is a window of its own, at first run and from admin mode.
        self.setStyleSheet(theme.stylesheet(False))
        self.config_path = config_path or kconfig.config_path()
        self.background = background or default_background()
        self.tested_backend: tuple[str, ...] | None = None
        self.printer_ok = True
        self.readers: list[str] = []
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
        self._build_display()
        self._build_pin()
        if existing is not None:
            self._prefill(existing)
        self.translateUI()
        self._show_step(0)

    # -- pages -------------------------------------------------------------------------------

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setSpacing(12)
        self.stack.addWidget(page)
        return page, box

    def _build_backend(self) -> None:
        _, box = self._page()
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
            edit.textChanged.connect(self._backend_edited)
        self.test_backend = button("primary")
        self.test_backend.clicked.connect(self.run_backend_check)
        box.addWidget(self.test_backend)
        box.addStretch(1)

    def _build_reader(self) -> None:
        _, box = self._page()
        self.reader_hint = label()
        self.reader_list = QListWidget()
        self.reader_list.setMinimumHeight(300)
        self.refresh_readers = button()
        self.refresh_readers.clicked.connect(self.run_reader_check)
        self.reader_list.currentItemChanged.connect(lambda *_: self._update_next())
        box.addWidget(self.reader_hint)
        box.addWidget(self.reader_list, 1)
        box.addWidget(self.refresh_readers)

    def _build_printer(self) -> None:
        _, box = self._page()
        self.printer_hint = label()
        self.printer_list = QListWidget()
        self.printer_list.setMinimumHeight(240)
        self.printer_list.currentItemChanged.connect(self._printer_chosen)
        self.escpos_label, self.escpos_address = label(), _field()
        self.escpos_address.textChanged.connect(self._printer_chosen)
        self.test_printer = button()
        self.test_printer.clicked.connect(self.run_printer_check)
        for widget in (self.printer_hint, self.printer_list, self.escpos_label,
                       self.escpos_address, self.test_printer):
            box.addWidget(widget)
        box.addStretch(1)

    def _build_display(self) -> None:
        _, box = self._page()
        self.orientation_label = label("big")
        row = QHBoxLayout()
        self.portrait, self.landscape = button(), button()
        self.orientation_group = QButtonGroup(self)
        for choice in (self.portrait, self.landscape):
            choice.setCheckable(True)
            self.orientation_group.addButton(choice)
            row.addWidget(choice)
        self.portrait.setChecked(True)
        self.language_label = label("big")
        lang_row = QHBoxLayout()
        self.lang_zh, self.lang_en = button(), button()
        self.language_group = QButtonGroup(self)
        for choice in (self.lang_zh, self.lang_en):
            choice.setCheckable(True)
            self.language_group.addButton(choice)
            lang_row.addWidget(choice)
        self.lang_zh.setChecked(True)
        box.addWidget(self.orientation_label)
        box.addLayout(row)
        box.addWidget(self.language_label)
        box.addLayout(lang_row)
        box.addStretch(1)

    def _build_pin(self) -> None:
        _, box = self._page()
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
        (self.landscape if cfg.orientation == "landscape" else self.portrait).setChecked(True)
        (self.lang_en if cfg.language == "en" else self.lang_zh).setChecked(True)

    # -- texts -------------------------------------------------------------------------------

    def translateUI(self) -> None:
        self.title.setText(self.tr("Kiosk setup"))
        self.back.setText(self.tr("Back"))
        last = self.stack.currentIndex() == len(STEPS) - 1
        self.next.setText(self.tr("Finish") if last else self.tr("Next"))
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
        self.pin_label.setText(self.tr("Admin PIN (4 to 12 digits)"))
        self.pin2_label.setText(self.tr("Admin PIN again"))
        self.step_label.setText(self.tr("Step {n} of {total}").format(
            n=self.stack.currentIndex() + 1, total=len(STEPS)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)

    def say(self, text: str, good: bool = False) -> None:
        self.status.setText(("✔ " if good else "") + text)
        self.status.setProperty("good", good)
        self.status.show()

    # -- navigation --------------------------------------------------------------------------

    @property
    def step(self) -> str:
        return STEPS[self.stack.currentIndex()]

    def _show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.status.hide()
        self.back.setEnabled(index > 0)
        self.translateUI()
        step = STEPS[index]
        if step == "reader":
            self.run_reader_check()
        elif step == "printer" and self.printer_list.count() == 0:
            self._fill_printers()
        self._update_next()
        self.step_changed.emit(step)

    def go_back(self) -> None:
        if self.stack.currentIndex() > 0:
            self._show_step(self.stack.currentIndex() - 1)

    def go_next(self) -> None:
        if not self._step_done():
            return
        if self.stack.currentIndex() == len(STEPS) - 1:
            self.finish()
        else:
            self._show_step(self.stack.currentIndex() + 1)

    def _step_done(self) -> bool:
        step = self.step
        if step == "backend":
            return self.tested_backend == self._backend_answers()
        if step == "reader":
            item = self.reader_list.currentItem()
            return item is not None and bool(self.readers)
        if step == "printer":
            return self.printer_ok and self.printer_list.currentItem() is not None
        return True

    def _update_next(self) -> None:
        self.next.setEnabled(self._step_done())

    # -- backend -----------------------------------------------------------------------------

    def _backend_answers(self) -> tuple[str, ...]:
        return tuple(edit.text().strip() for edit in
                     (self.url, self.token, self.ca, self.cert, self.key))

    def _backend_edited(self) -> None:
        self.tested_backend = None
        self._update_next()

    def run_backend_check(self) -> None:
        answers = self._backend_answers()
        self.test_backend.setEnabled(False)
        self.say(self.tr("Testing the connection…"))

        def done(result: checks.CheckResult) -> None:
            self.test_backend.setEnabled(True)
            if result.ok and answers == self._backend_answers():
                self.tested_backend = answers
                self.say(self.tr("The backend answered and accepted the token ({detail}).")
                         .format(detail=result.detail), good=True)
            else:
                self.say(self.backend_message(result.code))
            self._update_next()

        self.background.run(lambda: checks.check_backend(*answers), done)

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
            current = self.reader_list.currentItem()
            keep = current.data(Qt.ItemDataRole.UserRole) if current else None
            self.reader_list.clear()
            self.readers = readers or []
            if readers is None:
                self.say(self.tr("The smart card service is not running."))
            elif not readers:
                self.say(self.tr("No card reader found. Connect one and look again."))
            else:
                any_item = QListWidgetItem(self.tr("Any reader"))
                any_item.setData(Qt.ItemDataRole.UserRole, ANY_READER)
                self.reader_list.addItem(any_item)
                for name in readers:
                    item = QListWidgetItem(name)
                    item.setData(Qt.ItemDataRole.UserRole, name)
                    self.reader_list.addItem(item)
                    if name == keep or (keep is None and self.reader_list.currentRow() < 0):
                        self.reader_list.setCurrentItem(item)
                self.say(self.tr("{count} reader(s) present.").format(count=len(readers)),
                         good=True)
            self._update_next()

        self.background.run(checks.seen_readers, done)

    # -- printer -----------------------------------------------------------------------------

    def _fill_printers(self) -> None:
        from kiosk.printing.printers import available_qt_printers

        none_item = QListWidgetItem(self.tr("No printer"))
        none_item.setData(Qt.ItemDataRole.UserRole, "none")
        self.printer_list.addItem(none_item)
        for name in available_qt_printers():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, f"qt:{name}")
            self.printer_list.addItem(item)
        escpos = QListWidgetItem(self.tr("ESC/POS network printer"))
        escpos.setData(Qt.ItemDataRole.UserRole, ESCPOS)
        self.printer_list.addItem(escpos)
        self.printer_list.setCurrentItem(none_item)

    def printer_spec(self) -> str:
        item = self.printer_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else "none"
        if value == ESCPOS:
            return f"escpos:{self.escpos_address.text().strip()}"
        return str(value)

    def _printer_chosen(self, *_: Any) -> None:
        spec = self.printer_spec()
        escpos = spec.startswith("escpos:")
        self.escpos_label.setVisible(escpos)
        self.escpos_address.setVisible(escpos)
        self.test_printer.setVisible(escpos)
        self.printer_ok = not escpos  # a network printer must answer first
        self._update_next()

    def run_printer_check(self) -> None:
        spec = self.printer_spec()
        try:
            _kind, host, port = kconfig.parse_printer(spec)
        except kconfig.ConfigError:
            self.say(self.tr("Enter the printer as host:port, e.g. 10.0.0.20:9100."))
            return

        def done(result: checks.CheckResult) -> None:
            self.printer_ok = result.ok and spec == self.printer_spec()
            self.say(self.tr("The printer answered.") if result.ok
                     else self.tr("The printer did not answer ({code}).").format(
                         code=result.code), good=result.ok)
            self._update_next()

        self.background.run(lambda: checks.check_escpos(host, port), done)

    # -- finish ------------------------------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        url, token, ca, cert, key = self._backend_answers()
        reader_item = self.reader_list.currentItem()
        return {
            "backend_url": url, "token": token, "ca_bundle": ca, "client_cert": cert,
            "client_key": key,
            "reader": reader_item.data(Qt.ItemDataRole.UserRole) if reader_item else "",
            "printer": self.printer_spec(),
            "orientation": "landscape" if self.landscape.isChecked() else "portrait",
            "language": "en" if self.lang_en.isChecked() else "zh_CN",
            "fullscreen": True,
        }

    def finish(self) -> Path | None:
        pin, again = self.pin.text(), self.pin2.text()
        if pin != again:
            self.say(self.tr("The two PINs differ."))
            return None
        try:
            pin_hash = hash_pin(pin)
        except PinError:
            self.say(self.tr("The PIN must be 4 to 12 digits."))
            return None
        values = {k: v for k, v in self.answers().items() if v not in ("", None)}
        values["admin_pin_hash"] = pin_hash
        try:
            config = kconfig.validate(values)
            path = kconfig.write_config(config, self.config_path)
        except kconfig.ConfigError as exc:
            self.say(self.tr("The configuration is not valid ({code}: {key}).").format(
                code=exc.code, key=exc.key))
            return None
        except OSError as exc:
            self.say(self.tr("The configuration could not be saved ({error}).").format(
                error=type(exc).__name__))
            return None
        log.info("kiosk configuration written by setup")
        self.say(self.tr("Setup is complete."), good=True)
        self.completed.emit(path)
        return path
