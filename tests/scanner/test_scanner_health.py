"""The QR scanner where installers and IT meet it: the health check (``kiosk --self-test``, admin
mode's status), the admin panel's line, "run setup again" keeping the scanner, and the
heartbeat a kiosk with a scanner sends to the real backend's fleet view.

Real parts: a virtual serial scanner on a pseudo-terminal opened by the real ``SerialScanner``
(unplugged, and held by another program), the real kiosk on the development backend
(``kiosk``, ``voucher_backend`` of ``tests/scanner/conftest.py``).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
import serial
from PySide6.QtCore import QCoreApplication

from kiosk.app.scanning import ScannerSpec
from kiosk.domain.scan import ScannerError, ScannerErrorCode
from kiosk.install import config as kconfig
from kiosk.install import health, selftest
from kiosk.install.admin.dialog import AdminPanel
from kiosk.install.admin.status import AdminStatus, gather_status
from kiosk.install.pin import hash_pin
from kiosk.install.setup.flow import SetupFlow
from kiosk.scanner.spec import parse_scanner, probe, probe_finding
from kiosk.scanner.virtual import VirtualSerialScanner
from tests.scanner.test_voucher_journeys import scanner, scanner_ready
from tests.support.server_proc import session

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"),
                                reason="the virtual serial scanner needs a POSIX pty")

__all__ = ["scanner"]  # the virtual serial scanner's fixture, shared


# -- the pure parts -----------------------------------------------------------------------------


def _failed_open(code: ScannerErrorCode, err: int | None) -> ScannerError:
    error = ScannerError(code, "/dev/ttyACM0: ...")
    if err is not None:
        error.__cause__ = serial.SerialException(err, "could not open port")
    return error


@pytest.mark.parametrize(("code", "err", "finding"), [
    (ScannerErrorCode.NO_SCANNER, errno.ENOENT, "scanner_missing"),
    (ScannerErrorCode.SCANNER_REMOVED, None, "scanner_missing"),
    (ScannerErrorCode.SCANNER_UNAVAILABLE, errno.EACCES, "scanner_no_permission"),
    (ScannerErrorCode.SCANNER_UNAVAILABLE, errno.EPERM, "scanner_no_permission"),
    (ScannerErrorCode.SCANNER_UNAVAILABLE, errno.EAGAIN, "scanner_in_use"),  # pyserial's lock
    (ScannerErrorCode.SCANNER_UNAVAILABLE, errno.EBUSY, "scanner_in_use"),  # evdev's grab
    (ScannerErrorCode.SCANNER_UNAVAILABLE, errno.EIO, "scanner_unavailable"),
    (ScannerErrorCode.SCANNER_UNAVAILABLE, None, "scanner_unavailable"),
])
def test_a_failed_open_is_named_for_the_installer(code: ScannerErrorCode, err: int | None,
                                                  finding: str) -> None:
    assert probe_finding(_failed_open(code, err)) == finding
    assert health.SCANNER_FINDINGS[finding]  # and has words


@pytest.mark.parametrize("spec", ["", "none", "  "])
def test_no_scanner_configured_is_nothing_to_say(spec: str) -> None:
    assert health.check_scanner(spec) is None
    assert health.scanner_checks(spec) == []


@pytest.mark.parametrize(("spec", "code"), [
    ("usb:/dev/ttyACM0", "scanner_invalid"), ("serial:", "scanner_invalid"),
    ("serial:/dev/ttyACM0@fast", "scanner_baudrate_invalid"),
    ("serial:/dev/ttyACM0@10", "scanner_baudrate_invalid")])
def test_a_scanner_setting_that_names_no_scanner_is_a_finding(spec: str, code: str) -> None:
    [result] = health.scanner_checks(spec)
    assert (result.name, result.ok, result.code) == ("scanner", False, code)
    assert result.detail == health.SCANNER_FINDINGS[code]


# -- the check on real devices ------------------------------------------------------------------


def test_a_serial_scanner_that_opens_passes_and_is_let_go(scanner: VirtualSerialScanner
                                                          ) -> None:
    spec = f"serial:{scanner.link}"
    [result] = health.scanner_checks(spec)
    assert result.ok and result.detail == f"{spec}: ready"
    assert probe(parse_scanner(spec)) is None  # let go: it opens again at once


def test_an_unplugged_scanner_is_missing_with_words(scanner: VirtualSerialScanner) -> None:
    scanner.unplug()
    [result] = health.scanner_checks(f"serial:{scanner.link}@115200")
    assert (result.ok, result.code) == (False, "scanner_missing")
    assert result.detail == f"serial:{scanner.link}: {health.SCANNER_FINDINGS['scanner_missing']}"
    assert selftest.line(result).startswith("scanner: FAIL: scanner_missing (serial:")


def test_a_scanner_another_program_holds_is_in_use(scanner: VirtualSerialScanner) -> None:
    spec = f"serial:{scanner.link}"
    with serial.Serial(str(scanner.link), exclusive=True):  # e.g. a terminal program
        [held] = health.scanner_checks(spec)
        [kiosk_reads_it] = health.scanner_checks(spec, live="ok")
    assert (held.ok, held.code) == (False, "scanner_in_use")
    assert kiosk_reads_it.ok  # the kiosk's own watcher holds it: not opened a second time


def test_a_keyboard_mode_device_that_is_not_there_or_not_a_device(tmp_path: Path) -> None:
    [gone] = health.scanner_checks(f"keyboard:{tmp_path / 'event-kbd'}")
    assert (gone.ok, gone.code) == (False, "scanner_missing")
    not_input = tmp_path / "not-an-input-device"
    not_input.write_bytes(b"")
    [odd] = health.scanner_checks(f"keyboard:{not_input}")
    assert (odd.ok, odd.code) == (False, "scanner_unavailable")


# -- self-test, admin status and panel, setup -------------------------------------------------


def _config(tmp_path: Path, scanner: str) -> kconfig.KioskConfig:
    return kconfig.validate({"backend_url": "http://127.0.0.1:9", "token": "t",
                             "admin_pin_hash": hash_pin("482913"), "data_dir": str(tmp_path),
                             "scanner": scanner, "reader": "ACS ACR39U *"})


def test_the_self_test_names_a_missing_scanner_and_says_nothing_of_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def scanner_lines(spec: str) -> list[str]:
        path = kconfig.write_config(_config(tmp_path, spec), tmp_path / f"kiosk{len(spec)}.toml")
        monkeypatch.setenv(kconfig.CONFIG_ENV, str(path))
        return [selftest.line(r) for r in selftest.results() if r.name == "scanner"]

    assert scanner_lines("none") == []
    gone = tmp_path / "ttyACM9"
    assert scanner_lines(f"serial:{gone}") == [
        f"scanner: FAIL: scanner_missing (serial:{gone}: "
        f"{health.SCANNER_FINDINGS['scanner_missing']})"]


def test_admin_status_and_panel_show_the_scanner_only_where_one_is_configured(
        qtbot: Any, tmp_path: Path, scanner: VirtualSerialScanner) -> None:
    panel = AdminPanel()
    qtbot.addWidget(panel)
    panel.show()
    name, value = panel.rows["scanner"]
    spec = f"serial:{scanner.link}"

    def said(code: str) -> str:  # in the language installed (other tests may install one)
        return f"{spec}: " + QCoreApplication.translate("AdminStatus",
                                                        health.SCANNER_FINDINGS[code])

    ready = gather_status(_config(tmp_path, spec), None, None)
    assert (ready.scanner, ready.scanner_ok) == (said("ok"), True)
    panel.show_status(ready)
    assert name.isVisible() and value.text() == f"✔ {said('ok')}"
    scanner.unplug()
    missing = gather_status(_config(tmp_path, spec), None, None, scanner_live="no_scanner")
    assert (missing.scanner, missing.scanner_ok) == (said("scanner_missing"), False)
    panel.show_status(missing)
    assert value.text().startswith("✖ ") and value.isVisible()
    none = gather_status(_config(tmp_path, "none"), None, None)
    assert (none.scanner, none.scanner_ok) == ("", True)
    assert none.as_dict()["scanner"] == ""  # the diagnostics bundle's status.json
    panel.show_status(none)
    assert not name.isVisible() and not value.isVisible()
    assert AdminStatus("r", True, "b", True, "p", True, "j", True, 0).scanner == ""


def test_running_setup_again_keeps_the_configured_scanner(tmp_path: Path) -> None:
    existing = _config(tmp_path, "keyboard:/dev/input/by-id/usb-Scanner-event-kbd")
    flow = SetupFlow(existing)
    flow.check_passed("backend", flow.backend_answers())
    flow.next()
    flow.answer(readers_seen=["ACS ACR39U 00 00"])
    flow.next()
    flow.next()
    flow.next()
    assert flow.next() is None
    assert flow.config().scanner == "keyboard:/dev/input/by-id/usb-Scanner-event-kbd"


# -- the heartbeat, on the real stack -----------------------------------------------------------


def _fleet(backend: Any) -> dict[str, Any]:
    r = session().get(f"{backend.base_url}/v1/fleet", timeout=10, headers={
        "Authorization": f"Bearer {backend.staff_token('supervisor')}"})
    assert r.status_code == 200, r.text
    (kiosk,) = r.json()["kiosks"]
    return dict(kiosk)


def test_the_heartbeat_tells_the_fleet_the_scanners_state(qtbot, kiosk, voucher_backend,
                                                         scanner) -> None:
    with serial.Serial(str(scanner.link), exclusive=True):  # another program holds it
        app = kiosk(scanner=ScannerSpec("serial", str(scanner.link)), watch_cards=False)
        qtbot.waitUntil(lambda: app.heartbeat.scanner == "fault", timeout=10_000)
        assert app.heartbeat.send()
        seen = _fleet(voucher_backend)
        assert (seen["scanner_state"], seen["problems"]) == ("fault", ["scanner_fault"])
        assert seen["last_error_code"] == "scanner_unavailable"
    scanner_ready(qtbot, app)  # let go: the kiosk's watcher opens it
    # the heartbeat hears the same event in its own queued slot, which the GUI thread may
    # run one pass after the session's: wait for it rather than assume the order
    qtbot.waitUntil(lambda: app.heartbeat.scanner == "ok", timeout=10_000)
    assert app.heartbeat.send()
    seen = _fleet(voucher_backend)
    assert (seen["scanner_state"], seen["problems"]) == ("ok", [])
    scanner.unplug()
    qtbot.waitUntil(lambda: app.heartbeat.scanner == "no_scanner", timeout=10_000)
    assert app.heartbeat.send()
    seen = _fleet(voucher_backend)
    assert (seen["scanner_state"], seen["problems"]) == ("no_scanner", [])


def test_a_kiosk_without_a_scanner_says_none(qtbot, kiosk, voucher_backend) -> None:
    app = kiosk(watch_cards=False)
    assert app.heartbeat.scanner == "none" and app.heartbeat.send()
    assert _fleet(voucher_backend)["scanner_state"] == "none"
