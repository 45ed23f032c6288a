"""The serial (CDC) scanner on the real pty stack: pyserial reading a virtual scanner.

``VirtualSerialScanner`` is a pseudo-terminal published under a link, as udev publishes a USB
scanner under ``/dev/serial/by-id``; unplugging it closes the pair, and the reader gets the
same EIO an unplugged USB device gives. Every wait is on an event (``Collector.next``).
"""

from __future__ import annotations

import errno

import pytest
import serial

from kiosk.domain.scan import ScannerErrorCode, ScannerKind
from kiosk.scanner.events import ScanEventKind as K
from kiosk.scanner.serial_scanner import SerialScanner, open_error
from kiosk.scanner.virtual import VirtualSerialScanner
from tests.scanner.listener import Collector

FAST_BACKOFF = (0.02, 0.05)
VOUCHER = "KIOSK-DEMO-VOUCHER/1;p=eligible;n=5f2c9a;sig=UNSIGNED"


@pytest.fixture
def link(tmp_path):
    return tmp_path / "usb-Acme_QR_Scanner-if00"


@pytest.fixture
def scanner(link):
    with VirtualSerialScanner(link) as virtual:
        yield virtual


@pytest.fixture
def watch(link):
    watchers = []

    def start(baudrate: int = 9600) -> Collector:
        events = Collector()
        watcher = SerialScanner(str(link), events, baudrate=baudrate, backoff=FAST_BACKOFF)
        watchers.append(watcher)
        watcher.start()
        return events

    yield start
    for watcher in watchers:
        watcher.stop()
        assert not watcher.running


@pytest.mark.parametrize("baudrate", [9600, 115200])
def test_a_plugged_scanner_connects_and_delivers_each_scan(scanner, watch, baudrate):
    events = watch(baudrate)
    connected = events.next()
    assert connected.kind is K.SCANNER_CONNECTED and connected.error is None
    scanner.scan(VOUCHER)
    scanner.scan("second-code", terminator=b"\r")
    first, second = events.next(), events.next()
    assert first.kind is K.CODE_SCANNED and first.code.text == VOUCHER
    assert first.code.kind is ScannerKind.SERIAL
    assert second.code.text == "second-code"


def test_a_slow_scanner_and_a_crlf_split_across_writes_give_whole_codes(scanner, watch):
    events = watch()
    events.next(K.SCANNER_CONNECTED)
    scanner.scan("ONE-BYTE-AT-A-TIME", chunk=1, char_delay=0.002)
    scanner.send(b"CUT\r")
    scanner.send(b"\nAFTER\r\n")
    assert [events.next().code.text for _ in range(3)] == ["ONE-BYTE-AT-A-TIME", "CUT", "AFTER"]


def test_garbage_is_unreadable_and_the_next_code_still_reads(scanner, watch):
    events = watch()
    events.next(K.SCANNER_CONNECTED)
    scanner.send(b"\xff\xfe\x00\r\n")
    scanner.send(b"no-terminator-at-all")  # abandoned once the line goes quiet
    bad = events.next()
    assert bad.kind is K.SCAN_UNREADABLE and bad.error is ScannerErrorCode.UNREADABLE
    cut = events.next()
    assert cut.kind is K.SCAN_UNREADABLE and "no terminator" in cut.detail
    scanner.scan("GOOD")
    assert events.next().code.text == "GOOD"


def test_unplug_and_replug_mid_session_gives_named_events_and_scanning_resumes(scanner, watch):
    events = watch()
    events.next(K.SCANNER_CONNECTED)
    scanner.scan("before")
    assert events.next().code.text == "before"

    scanner.unplug()
    removed = events.next()
    assert removed.kind is K.SCANNER_REMOVED
    assert removed.error is ScannerErrorCode.SCANNER_REMOVED

    scanner.plug()  # a new terminal under the same link, as udev does for a replugged USB
    assert events.next().kind is K.SCANNER_CONNECTED  # never "missing" while it was away
    scanner.scan("after")
    assert events.next().code.text == "after"

    for _ in range(3):  # again and again: the watcher never gives up
        scanner.unplug()
        assert events.next().kind is K.SCANNER_REMOVED
        scanner.plug()
        assert events.next().kind is K.SCANNER_CONNECTED
    scanner.scan("still")
    assert events.next().code.text == "still"


def test_a_code_cut_by_unplugging_never_sticks_to_the_next_one(scanner, watch):
    events = watch()
    events.next(K.SCANNER_CONNECTED)
    scanner.send(b"HALF-A-CO")
    scanner.unplug()  # the half code is reported unreadable if it was read at all
    removed = events.next(K.SCANNER_REMOVED)
    assert all(e.kind is K.SCAN_UNREADABLE for e in events.seen[1:-1])
    assert removed.error is ScannerErrorCode.SCANNER_REMOVED
    scanner.plug()
    events.next(K.SCANNER_CONNECTED)
    scanner.scan("WHOLE")
    assert events.next().code.text == "WHOLE"


def test_no_scanner_at_start_is_missing_once_then_connected_when_plugged(link, watch):
    virtual = VirtualSerialScanner(link, plugged=False)
    try:
        events = watch()
        missing = events.next()
        assert missing.kind is K.SCANNER_MISSING
        assert missing.error is ScannerErrorCode.NO_SCANNER
        virtual.plug()
        assert events.next().kind is K.SCANNER_CONNECTED  # no repeated "missing" between
        virtual.scan("late")
        assert events.next().code.text == "late"
    finally:
        virtual.close()


def test_a_port_held_by_another_program_is_unavailable_until_freed(scanner, link, watch):
    other = serial.Serial(str(link), 9600, exclusive=True)
    try:
        events = watch()
        busy = events.next()
        assert busy.kind is K.SCANNER_MISSING
        assert busy.error is ScannerErrorCode.SCANNER_UNAVAILABLE
    finally:
        other.close()
    assert events.next().kind is K.SCANNER_CONNECTED
    scanner.scan("mine now")
    assert events.next().code.text == "mine now"


def test_stop_is_prompt_and_the_watcher_can_be_stopped_while_the_scanner_is_away(link, watch):
    watcher = SerialScanner(str(link), Collector(), backoff=(5.0,))
    watcher.start()
    watcher.stop(timeout=10)
    assert not watcher.running


@pytest.mark.parametrize(("err", "code"), [
    (errno.ENOENT, ScannerErrorCode.NO_SCANNER),
    (errno.ENODEV, ScannerErrorCode.NO_SCANNER),
    (errno.EACCES, ScannerErrorCode.SCANNER_UNAVAILABLE),
    (errno.EBUSY, ScannerErrorCode.SCANNER_UNAVAILABLE),
    (errno.EWOULDBLOCK, ScannerErrorCode.SCANNER_UNAVAILABLE),
    (errno.EIO, ScannerErrorCode.SCANNER_UNAVAILABLE),
])
def test_open_error(err, code):
    error = open_error(serial.SerialException(err, "could not open port"), "/dev/ttyACM0")
    assert error.code is code and "/dev/ttyACM0" in error.detail


def test_codes_never_reach_the_log(scanner, watch, caplog):
    caplog.set_level("DEBUG")
    events = watch()
    events.next(K.SCANNER_CONNECTED)
    scanner.scan(VOUCHER)
    assert events.next().code.text == VOUCHER
    scanner.unplug()
    events.next(K.SCANNER_REMOVED)
    assert "eligible" not in caplog.text and "5f2c9a" not in caplog.text
    assert f"length={len(VOUCHER)}" in caplog.text
