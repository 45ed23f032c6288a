"""A fresh kiosk goes through the first-run setup by taps and typing: the backend is tested
live (health + the token), the reader list comes from the test's own pcscd (a virtual reader
is shown but cannot be chosen), a wrong answer holds the step, and the configuration lands
atomically in the config file, pinned to the reader chosen. Run again, a changed backend
address empties the token field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.install import config as kconfig
from kiosk.install.pin import hash_pin, verify_pin
from kiosk.install.setup.wizard import SetupWizard
from kiosk.qt.background import Background
from tests.frozen.support import PINNABLE_PIN, PINNABLE_READER, PinnablePcscd

pytestmark = pytest.mark.pcsc


def tap(qtbot: Any, widget: Any) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.text()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: Any, edit: Any, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_fresh_configuration_through_setup(qtbot, backend, pinnable_pcscd, tmp_path: Path,
                                           monkeypatch) -> None:
    pinnable_pcscd.set_virtual(True)
    path = tmp_path / "config" / "kiosk.toml"
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    pool = Background()
    wizard = SetupWizard(background=pool)
    qtbot.addWidget(wizard)
    wizard.resize(1080, 1920)
    wizard.show()
    assert wizard.step == "backend" and not wizard.next.isEnabled()

    # A wrong token: the backend answers but refuses it; the step holds.
    type_into(qtbot, wizard.url, backend.base_url)
    type_into(qtbot, wizard.token, "not-a-real-token")
    tap(qtbot, wizard.test_backend)
    qtbot.waitUntil(lambda: "refused the token" in wizard.status.text(), timeout=15000)
    assert not wizard.next.isEnabled()

    type_into(qtbot, wizard.token, backend.kiosk_token)
    assert not wizard.next.isEnabled()  # changed answers must be tested again
    tap(qtbot, wizard.test_backend)
    qtbot.waitUntil(lambda: wizard.next.isEnabled(), timeout=15000)
    assert "accepted the token" in wizard.status.text()
    tap(qtbot, wizard.next)

    assert wizard.step == "reader"
    qtbot.waitUntil(lambda: wizard.reader_list.count() > 1, timeout=10000)
    names = [wizard.reader_list.item(i).text() for i in range(wizard.reader_list.count())]
    assert PINNABLE_READER in names
    virtual = [i for i, name in enumerate(names) if "Virtual PCD" in name]
    assert virtual and all("demo machines only" in names[i] for i in virtual)
    assert not wizard.reader_list.item(virtual[0]).flags() & Qt.ItemFlag.ItemIsEnabled
    wizard.reader_list.setCurrentRow(names.index(PINNABLE_READER))
    tap(qtbot, wizard.next)

    assert wizard.step == "printer"
    escpos_row = wizard.printer_list.count() - 1
    wizard.printer_list.setCurrentRow(escpos_row)
    assert wizard.step_label.text() == "Step 3 of 6"
    tap(qtbot, wizard.next)  # a network printer: its address has a step of its own

    assert wizard.step == "printer_address"
    type_into(qtbot, wizard.escpos_address, "127.0.0.1:1")
    assert not wizard.next.isEnabled()
    tap(qtbot, wizard.test_printer)
    qtbot.waitUntil(lambda: "did not answer" in wizard.status.text(), timeout=10000)
    assert not wizard.next.isEnabled()
    tap(qtbot, wizard.back)
    assert wizard.step == "printer"
    wizard.printer_list.setCurrentRow(0)  # no printer
    assert wizard.step_label.text() == "Step 3 of 5"
    tap(qtbot, wizard.next)

    assert wizard.step == "display"
    tap(qtbot, wizard.landscape)
    tap(qtbot, wizard.lang_en)
    type_into(qtbot, wizard.screen_bottom, "700")  # reach mode's band: both or neither
    tap(qtbot, wizard.next)
    assert wizard.step == "display" and "or neither" in wizard.status.text()
    type_into(qtbot, wizard.pixel, "0.2745")
    tap(qtbot, wizard.next)

    assert wizard.step == "pin"
    type_into(qtbot, wizard.pin, "135790")
    type_into(qtbot, wizard.pin2, "135791")
    tap(qtbot, wizard.next)
    assert "differ" in wizard.status.text() and not path.exists()
    type_into(qtbot, wizard.pin2, "135790")
    with qtbot.waitSignal(wizard.completed, timeout=10000) as done:
        tap(qtbot, wizard.next)
    assert done.args == [path]

    cfg = kconfig.load_config_file(path)
    assert cfg.backend_url == backend.base_url and cfg.token == backend.kiosk_token
    assert cfg.reader == PINNABLE_PIN and cfg.printer == "none"
    assert cfg.orientation == "landscape" and cfg.language == "en" and cfg.fullscreen
    assert (cfg.screen_bottom_mm, cfg.pixel_mm) == (700.0, 0.2745)
    assert verify_pin("135790", cfg.admin_pin_hash)
    assert "135790" not in path.read_text()
    pool.shutdown(5)


def test_setup_takes_no_virtual_reader_and_says_when_none_is_present(
        qtbot, backend, pcscd, tmp_path: Path) -> None:
    pool = Background()
    wizard = SetupWizard(config_path=tmp_path / "kiosk.toml", background=pool)
    qtbot.addWidget(wizard)
    wizard.show()
    type_into(qtbot, wizard.url, backend.base_url)
    type_into(qtbot, wizard.token, backend.kiosk_token)
    tap(qtbot, wizard.test_backend)
    qtbot.waitUntil(lambda: wizard.next.isEnabled(), timeout=15000)
    tap(qtbot, wizard.next)
    qtbot.waitUntil(lambda: "Only a virtual reader" in wizard.status.text(), timeout=10000)
    wizard.reader_list.setCurrentRow(0)  # a greyed-out row cannot be chosen
    assert not wizard.next.isEnabled()
    pcscd.remove_reader()
    tap(qtbot, wizard.refresh_readers)
    qtbot.waitUntil(lambda: "No card reader" in wizard.status.text(), timeout=10000)
    assert not wizard.next.isEnabled()
    pcscd.stop()
    with PinnablePcscd(tmp_path / "pinnable"):
        tap(qtbot, wizard.refresh_readers)
        qtbot.waitUntil(lambda: wizard.reader_list.count() > 0, timeout=10000)
        wizard.reader_list.setCurrentRow(0)
        qtbot.waitUntil(lambda: wizard.next.isEnabled(), timeout=10000)
        pool.shutdown(5)


def test_a_changed_backend_address_empties_the_token(qtbot, tmp_path: Path) -> None:
    existing = kconfig.validate({"backend_url": "https://credit.example.org", "token": "tok-9",
                                 "admin_pin_hash": hash_pin("482913"),
                                 "reader": PINNABLE_PIN})
    pool = Background()
    wizard = SetupWizard(config_path=tmp_path / "kiosk.toml", background=pool,
                         existing=existing)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.token.text() == "tok-9"
    qtbot.keyClicks(wizard.url, "/")  # the same backend
    assert wizard.token.text() == "tok-9"
    type_into(qtbot, wizard.url, "https://elsewhere.example")
    assert wizard.token.text() == "" and "enter the token" in wizard.status.text()
    assert not wizard.next.isEnabled()
    pool.shutdown(5)
