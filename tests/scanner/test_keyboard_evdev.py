"""The keyboard-mode scanner on Linux: evdev with an exclusive grab.

A real input device needs ``/dev/uinput``; where the machine has none (containers, CI
sandboxes) those tests are skipped with that reason, and what can be tested without one is:
the decoder (``test_keyboard.py``), the error mapping, and the watcher's named events for a
device that is not there or is not an input device.
"""

from __future__ import annotations

import errno
import os
import sys

import pytest

if sys.platform != "linux":
    pytest.skip("evdev is Linux-only", allow_module_level=True)

from kiosk.domain.scan import ScannerErrorCode
from kiosk.scanner.events import ScanEventKind as K
from kiosk.scanner.keyboard_evdev import EvdevKeyboardScanner, _error
from tests.scanner.listener import Collector


def uinput_usable() -> str | None:
    """Why a virtual input device cannot be made here, or None."""
    if not os.path.exists("/dev/uinput"):
        return "no /dev/uinput on this machine (the uinput module is not loaded, or a sandbox)"
    if not os.access("/dev/uinput", os.W_OK):
        return "/dev/uinput is not writable for this user"
    return None


needs_uinput = pytest.mark.skipif(uinput_usable() is not None,
                                  reason=str(uinput_usable()))


@pytest.mark.parametrize(("err", "opening", "code"), [
    (errno.ENOENT, True, ScannerErrorCode.NO_SCANNER),
    (errno.ENODEV, False, ScannerErrorCode.SCANNER_REMOVED),
    (errno.EACCES, True, ScannerErrorCode.SCANNER_UNAVAILABLE),
    (errno.EBUSY, True, ScannerErrorCode.SCANNER_UNAVAILABLE),
    (errno.ENOTTY, True, ScannerErrorCode.SCANNER_UNAVAILABLE),
    (errno.EIO, False, ScannerErrorCode.SCANNER_REMOVED),
])
def test_error_mapping(err, opening, code):
    error = _error(OSError(err, os.strerror(err)), "/dev/input/event7", opening=opening)
    assert error.code is code


def test_a_missing_device_is_no_scanner(tmp_path):
    events = Collector()
    with EvdevKeyboardScanner(str(tmp_path / "usb-Acme-event-kbd"), events, backoff=(0.02,)):
        missing = events.next()
    assert missing.kind is K.SCANNER_MISSING and missing.error is ScannerErrorCode.NO_SCANNER


def test_a_device_that_is_no_input_device_is_unavailable():
    events = Collector()
    with EvdevKeyboardScanner("/dev/null", events, backoff=(0.02,)):
        missing = events.next()
    assert missing.kind is K.SCANNER_MISSING
    assert missing.error is ScannerErrorCode.SCANNER_UNAVAILABLE


@needs_uinput
def test_a_uinput_scanner_is_grabbed_read_and_unplugged():
    import evdev
    from evdev import ecodes as e

    keys = [e.KEY_A, e.KEY_B, e.KEY_1, e.KEY_2, e.KEY_LEFTSHIFT, e.KEY_ENTER, e.KEY_MINUS]
    device = evdev.UInput({e.EV_KEY: keys}, name="kiosk-test QR scanner")
    events = Collector()
    try:
        path = device.device.path
        with EvdevKeyboardScanner(path, events, backoff=(0.02,)):
            events.next(K.SCANNER_CONNECTED)
            other = evdev.InputDevice(path)
            try:  # the grab is exclusive: nobody else can have the keys
                with pytest.raises(OSError):
                    other.grab()
            finally:
                other.close()
            typed = [e.KEY_A, e.KEY_B, e.KEY_MINUS, e.KEY_1, e.KEY_2, e.KEY_A, e.KEY_B,
                     e.KEY_1, e.KEY_2, e.KEY_ENTER]
            device.write(e.EV_KEY, e.KEY_LEFTSHIFT, 1)
            device.write(e.EV_KEY, e.KEY_A, 1)
            device.write(e.EV_KEY, e.KEY_A, 0)
            device.write(e.EV_KEY, e.KEY_LEFTSHIFT, 0)
            for key in typed:
                device.write(e.EV_KEY, key, 1)
                device.write(e.EV_KEY, key, 0)
            device.syn()
            scanned = events.next(K.CODE_SCANNED)
            assert scanned.code.text == "Aab-12ab12"
            device.close()
            assert events.next(K.SCANNER_REMOVED).error is ScannerErrorCode.SCANNER_REMOVED
    finally:
        device.close()
