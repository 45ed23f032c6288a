"""The QR scanner in the composition root: which scanner the configuration names (none fitted:
no scanner and no error), a bad one failing an installed kiosk closed, scanner events turned
into the session's, and a configured scanner that is not there named on the attract screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app import read_start
from kiosk.app.scanning import ScannerSpec, ScannerSpecError, flow_event, parse_scanner
from kiosk.domain.scan import ScannedCode, ScannerErrorCode, ScannerKind
from kiosk.flow import session as fs
from kiosk.flow.session import ScannerState, State
from kiosk.install.pin import hash_pin
from kiosk.scanner.events import ScanEvent, ScanEventKind


@pytest.mark.parametrize(("spec", "expected"), [
    ("", None),
    ("none", None),
    ("  none ", None),
    ("serial:/dev/ttyACM0", ScannerSpec("serial", "/dev/ttyACM0")),
    ("serial:/dev/serial/by-id/usb-X-if00@115200",
     ScannerSpec("serial", "/dev/serial/by-id/usb-X-if00", 115200)),
    ("serial:COM3@9600", ScannerSpec("serial", "COM3", 9600)),
    ("keyboard:/dev/input/by-id/usb-Y-event-kbd",
     ScannerSpec("keyboard", "/dev/input/by-id/usb-Y-event-kbd")),
])
def test_parse_scanner_reads_each_kind(spec, expected):
    assert parse_scanner(spec) == expected


@pytest.mark.parametrize("spec", ["serial", "serial:", "camera:", "usb:/x",
                                  "serial:/dev/ttyACM0@fast", "serial:/dev/ttyACM0@10",
                                  "serial:@9600", "keyboard:"])
def test_parse_scanner_refuses_what_names_no_scanner(spec):
    with pytest.raises(ScannerSpecError) as refused:
        parse_scanner(spec)
    assert str(refused.value) in ("scanner_invalid", "scanner_baudrate_invalid")  # no value


def test_flow_event_maps_every_scanner_event():
    code = ScannedCode("opaque-token", ScannerKind.SERIAL)
    assert flow_event(ScanEvent(ScanEventKind.CODE_SCANNED, "s", code=code)) == \
        fs.VoucherScanned("opaque-token")
    assert flow_event(ScanEvent(ScanEventKind.SCAN_UNREADABLE, "s",
                                error=ScannerErrorCode.UNREADABLE)) == fs.ScanUnreadable()
    assert flow_event(ScanEvent(ScanEventKind.SCANNER_CONNECTED, "s")) == \
        fs.ScannerStatus(ScannerState.READY)
    assert flow_event(ScanEvent(ScanEventKind.SCANNER_MISSING, "s",
                                error=ScannerErrorCode.NO_SCANNER)) == \
        fs.ScannerStatus(ScannerState.MISSING)
    assert flow_event(ScanEvent(ScanEventKind.SCANNER_REMOVED, "s",
                                error=ScannerErrorCode.SCANNER_REMOVED)) == \
        fs.ScannerStatus(ScannerState.REMOVED)
    for kind in ScanEventKind:
        assert flow_event(ScanEvent(kind, "s", code=code)) is not None, kind


def _installed(tmp_path: Path, scanner: str | None) -> Path:
    path = tmp_path / "kiosk.toml"
    line = f'scanner = "{scanner}"\n' if scanner is not None else ""
    path.write_text('backend_url = "https://his.example"\ntoken = "t"\n'
                    f'admin_pin_hash = "{hash_pin("135790")}"\n{line}')
    return path


def test_the_installed_configuration_names_the_scanner_or_none(tmp_path: Path) -> None:
    env = {"KIOSK_CONFIG": str(_installed(tmp_path, None))}
    start = read_start([], env)
    assert start.problem is None and start.scanner is None  # none fitted: no error
    env = {"KIOSK_CONFIG": str(_installed(tmp_path, "serial:/dev/ttyACM0@115200"))}
    start = read_start([], env)
    assert start.problem is None
    assert start.scanner == ScannerSpec("serial", "/dev/ttyACM0", 115200)
    env = {"KIOSK_CONFIG": str(_installed(tmp_path, "scanner-on-the-left"))}
    start = read_start([], env)
    assert start.problem is not None  # fail closed, as for every bad configuration
    assert (start.problem.name, start.problem.code, start.problem.detail) == (
        "config", "scanner_invalid", "scanner")


def test_a_configured_scanner_that_is_not_there_is_named_on_the_attract_screen(
        qtbot, tmp_path: Path, background) -> None:
    from kiosk.app import backend_config, build_kiosk
    from kiosk.ui.window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    app = build_kiosk(backend=backend_config("http://127.0.0.1:9", "t"), window=window,
                      journal_path=tmp_path / "journal.sqlite3", watch_cards=False,
                      background=background,
                      scanner=ScannerSpec("serial", str(tmp_path / "no-scanner-here")))
    try:
        app.start()
        qtbot.waitUntil(lambda: app.controller.session.view().scanner == ScannerState.MISSING,
                        timeout=10_000)
        attract = window.screens[State.ATTRACT]
        assert attract.scan.notice.isVisible() and not attract.scan.title.isVisible()
    finally:
        app.shutdown()
    other = MainWindow()
    qtbot.addWidget(other)
    none = build_kiosk(backend=backend_config("http://127.0.0.1:9", "t"), window=other,
                       journal_path=tmp_path / "journal2.sqlite3", watch_cards=False)
    assert none.scanner is None and none.scan_signals is None  # none fitted: no watcher
    none.shutdown()


def test_a_scanner_kind_this_system_cannot_open_is_a_named_fault_not_a_crash(
        qtbot, tmp_path: Path, background, monkeypatch) -> None:
    """On Windows a camera (V4L2) or an evdev keyboard-mode scanner cannot even be imported:
    the kiosk still starts and takes cards, and the scanner shows as missing on the attract
    screen and as a fault in the heartbeat (it used to raise out of build_kiosk)."""
    import sys

    from kiosk.app import backend_config, build_kiosk
    from kiosk.ui.window import MainWindow

    monkeypatch.setitem(sys.modules, "kiosk.scanner.v4l2", None)  # as on Windows: no fcntl
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    app = build_kiosk(backend=backend_config("http://127.0.0.1:9", "t"), window=window,
                      journal_path=tmp_path / "journal.sqlite3", watch_cards=False,
                      background=background, scanner=ScannerSpec("camera", "/dev/video0"))
    try:
        app.start()
        qtbot.waitUntil(lambda: app.controller.session.view().scanner == ScannerState.MISSING,
                        timeout=10_000)
        # the heartbeat's own slot may run one event-loop pass after the session's
        qtbot.waitUntil(lambda: app.heartbeat.scanner == "fault", timeout=10_000)
        assert window.screens[State.ATTRACT].scan.notice.isVisible()
    finally:
        app.shutdown()


def test_the_demo_scans_with_a_virtual_scanner_unless_one_is_configured(tmp_path: Path):
    from kiosk.app import Start, demo_scanner
    from kiosk.install.config import KioskConfig

    env = {"KIOSK_CONFIG": str(tmp_path / "none.toml"), "KIOSK_DATA_DIR": str(tmp_path / "d")}
    spec, virtual = demo_scanner(read_start(["--demo"], env))
    try:
        assert virtual is not None and spec == ScannerSpec("serial", str(virtual.link))
        assert Path(virtual.link).exists()  # published where the kiosk's watcher looks
    finally:
        virtual.close()
    configured = ScannerSpec("serial", "/dev/ttyACM0")
    start = Start(KioskConfig(scanner="serial:/dev/ttyACM0"), True, True, scanner=configured)
    assert demo_scanner(start) == (configured, None)
