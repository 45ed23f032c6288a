"""Admin mode on the real kiosk window: the hidden gesture, the PIN with its lockout, the
status (reader, backend, printer, journal), the diagnostics bundle, and the lockdown that
ignores close requests until admin leaves the kiosk."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.install import config as kconfig
from kiosk.install.admin import diagnostics
from kiosk.install.admin.dialog import AdminPanel, PinPad, install_admin
from kiosk.install.admin.status import gather_status
from kiosk.install.pin import hash_pin
from kiosk.journal import Journal
from kiosk.journal.logs import setup_logging
from kiosk.printing.service import PrinterStatus
from kiosk.qt.background import Background
from tests.frozen.support import PINNABLE_PIN

PIN = "482913"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def corner_taps(qtbot: Any, window: Any, n: int = 5) -> None:
    for _ in range(n):
        qtbot.mouseClick(window.top_bar, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def enter_pin(qtbot: Any, pad: PinPad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.keys["K"], Qt.MouseButton.LeftButton)


def installed_config(backend: Any, tmp_path: Path, printer: str = "none") -> kconfig.KioskConfig:
    return kconfig.validate({"backend_url": backend.base_url, "token": backend.kiosk_token,
                             "admin_pin_hash": hash_pin(PIN), "printer": printer,
                             "reader": PINNABLE_PIN, "data_dir": str(tmp_path)})


@pytest.mark.pcsc
def test_gesture_then_pin_then_status_bundle_and_leave(qtbot, kiosk, backend, pinnable_pcscd,
                                                       tmp_path: Path) -> None:
    from kiosk.ui.window import MainWindow

    log_path = setup_logging(tmp_path / "logs", console=False)
    app = kiosk(window=MainWindow(language="en"))  # the assertions below read English texts
    cfg = installed_config(backend, tmp_path)
    quits: list[bool] = []
    printer_status = PrinterStatus("escpos:127.0.0.1:9", "fault", "offline", "2024-01-01")
    bundle_path = tmp_path / "diag.zip"
    admin = install_admin(
        app.window, pin_hash=cfg.admin_pin_hash,
        status=lambda: gather_status(cfg, app.journal, printer_status),
        bundle=lambda: diagnostics.write_bundle(
            bundle_path, config=cfg, journal=app.journal,
            status=gather_status(cfg, app.journal, printer_status).as_dict(),
            log_dir=log_path.parent),
        quit_app=lambda: quits.append(True), fullscreen=True, background=app.background)
    window = app.window
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint

    # Outside admin mode the window refuses to close.
    assert not window.close()
    assert window.isVisible()

    corner_taps(qtbot, window, 4)
    assert admin.pin_pad is None  # four taps are not the gesture
    corner_taps(qtbot, window, 1)
    qtbot.waitUntil(lambda: admin.pin_pad is not None and admin.pin_pad.isVisible())
    enter_pin(qtbot, admin.pin_pad, PIN)
    qtbot.waitUntil(lambda: admin.panel is not None and admin.panel.isVisible())
    panel: AdminPanel = admin.panel
    qtbot.waitUntil(lambda: panel.rows["backend"][1].text() != "", timeout=15000)
    assert "token accepted" in panel.rows["backend"][1].text()
    assert PINNABLE_PIN in panel.rows["reader"][1].text()
    assert "present" in panel.rows["reader"][1].text()
    assert "FAULT offline" in panel.rows["printer"][1].text()
    assert "no settlement waiting" in panel.rows["journal"][1].text()

    with qtbot.waitSignal(admin.bundle_written, timeout=15000):
        qtbot.mouseClick(panel.diagnostics, Qt.MouseButton.LeftButton)
    with zipfile.ZipFile(bundle_path) as bundle:
        names = set(bundle.namelist())
        assert {"versions.json", "config.toml", "status.json", "journal.json"} <= names
        assert "logs/kiosk.log" in names
        everything = "\n".join(bundle.read(n).decode("utf-8", "replace") for n in names)
        status = json.loads(bundle.read("status.json"))
    assert status["backend_ok"] and status["printer_ok"] is False
    assert backend.kiosk_token not in everything
    assert cfg.admin_pin_hash not in everything and "<redacted>" in everything
    for patient in DEMO_PATIENTS:
        assert patient.name not in everything and patient.ssn not in everything
        assert patient.card_number not in everything

    qtbot.mouseClick(panel.leave, Qt.MouseButton.LeftButton)
    assert quits == [True]
    assert window.close()  # admin allowed it


def test_wrong_pins_lock_admin_mode_out_in_the_journal(qtbot, tmp_path: Path) -> None:
    from kiosk.ui.window import MainWindow

    window = MainWindow(language="en")  # the assertions below read the English texts
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    clock = Clock()
    pool = Background()
    journal = Journal.open(tmp_path / "journal.sqlite3")

    def admin_mode() -> Any:
        return install_admin(window, pin_hash=hash_pin(PIN),
                             status=lambda: gather_status(None, None, None),
                             bundle=lambda: tmp_path, quit_app=lambda: None,
                             fullscreen=False, clock=clock, background=pool,
                             settings=journal, log_event=journal.log_event)

    admin = admin_mode()
    corner_taps(qtbot, window)
    qtbot.waitUntil(lambda: admin.pin_pad is not None and admin.pin_pad.isVisible())
    pad = admin.pin_pad
    for attempt in range(4):
        enter_pin(qtbot, pad, "000000")
        assert f"{4 - attempt} tries left" in pad.message.text()
    enter_pin(qtbot, pad, "000000")
    assert "Try again in 5 min" in pad.message.text()
    enter_pin(qtbot, pad, PIN)  # locked: the right PIN does not open it either
    assert admin.panel is None and pad.isVisible()
    failed = journal.events(kind="admin.pin_failed")
    assert [event.detail for event in failed] == [{"failures": n} for n in range(1, 6)]
    [locked] = journal.events(kind="admin.pin_locked")
    assert locked.detail == {"failures": 5, "wait_seconds": 300}
    assert all(PIN not in str(event.detail) for event in journal.events())
    pad.reject()

    # The kiosk restarts: admin mode comes up locked still, from the journal.
    admin = admin_mode()
    admin.ask_pin()
    assert "Try again in 5 min" in admin.pin_pad.message.text()
    clock.now += 301
    enter_pin(qtbot, admin.pin_pad, PIN)
    qtbot.waitUntil(lambda: admin.panel is not None and admin.panel.isVisible())
    admin.panel.accept()
    admin.lock.allow_close()
    window.close()
    QApplication.processEvents()
    pool.shutdown(5)
    journal.close()
