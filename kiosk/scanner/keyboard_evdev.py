"""A keyboard-mode scanner on Linux, read through evdev with an exclusive grab.

The scanner is a USB keyboard of its own: ``/dev/input/by-id/usb-<maker>-event-kbd`` names it
for good. ``EvdevKeyboardScanner`` opens that event device and grabs it (``EVIOCGRAB``): from
then on no key it "types" reaches the console, the X server, Qt or anything else, so a scan
can never land in a text field or type into another program. It asks the kernel to stamp
events with the monotonic clock (``EVIOCSCLOCKID``), follows Shift and Caps Lock, turns key
presses into characters (``kiosk.scanner.keyboard.key_char``; auto-repeats are ignored) and
feeds them to a ``KeyboardDecoder``, which tells a scan from typing by timing and the final
Enter. A device that goes away (``ENODEV``) is ``scanner_removed``; the watcher opens it again
with backoff. A device another program has grabbed is ``scanner_unavailable``.

Reading ``/dev/input`` needs the ``input`` group (or a udev rule for the scanner):
``docs/deploy-linux.md`` is where an installer would look for it. Linux only.

Threads: see ``kiosk.scanner.watch``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import select
import struct
import time
from collections.abc import Sequence

import evdev

from kiosk.domain.scan import ScannerError, ScannerErrorCode
from kiosk.scanner.events import ScanEventListener
from kiosk.scanner.keyboard import (
    CAPSLOCK_CODE,
    DEFAULT_TIMING,
    SHIFT_CODES,
    KeyboardDecoder,
    KeyboardTiming,
    KeyPress,
    Outcome,
    Typed,
    key_char,
)
from kiosk.scanner.watch import BACKOFF, READ_TIMEOUT, ScannerWatcher

EVIOCSCLOCKID = 0x400445A0  # _IOW('E', 0xa0, int)
KEY_DOWN, KEY_UP = 1, 0  # value 2 is auto-repeat: never a scanner's press


def _error(exc: OSError, path: str, *, opening: bool) -> ScannerError:
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        code = ScannerErrorCode.NO_SCANNER if opening else ScannerErrorCode.SCANNER_REMOVED
        return ScannerError(code, f"{path}: gone")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE, f"{path}: no permission")
    if exc.errno == errno.EBUSY:
        return ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE,
                            f"{path}: grabbed by another program")
    code = ScannerErrorCode.SCANNER_UNAVAILABLE if opening else ScannerErrorCode.SCANNER_REMOVED
    return ScannerError(code, f"{path}: {errno.errorcode.get(exc.errno or 0, 'error')}")


class EvdevKeyboardScanner(ScannerWatcher[evdev.InputDevice[str]]):
    """Watches the keyboard-mode scanner at ``path`` (an evdev event device), grabbed."""

    thread_name = "scanner-keyboard"

    def __init__(self, path: str, listener: ScanEventListener, *,
                 timing: KeyboardTiming = DEFAULT_TIMING,
                 backoff: Sequence[float] = BACKOFF) -> None:
        super().__init__(path, listener, backoff)
        self.path = path
        self.timing = timing
        self._clock = time.monotonic

    def open(self) -> evdev.InputDevice[str]:
        try:
            device = evdev.InputDevice(self.path)
        except OSError as exc:
            raise _error(exc, self.path, opening=True) from exc
        try:
            device.grab()
        except OSError as exc:
            device.close()
            raise _error(exc, self.path, opening=True) from exc
        try:
            fcntl.ioctl(device.fd, EVIOCSCLOCKID, struct.pack("i", time.CLOCK_MONOTONIC))
            self._clock = time.monotonic
        except OSError:
            self._clock = time.time  # an old kernel: events keep wall-clock stamps
        return device

    def pump(self, handle: evdev.InputDevice[str]) -> None:
        decoder = KeyboardDecoder(self.timing)
        shift: set[int] = set()
        caps_lock = False
        while not self.should_stop():
            try:
                ready, _, _ = select.select([handle.fd], [], [], READ_TIMEOUT)
                events = list(handle.read()) if ready else []
            except BlockingIOError:
                events = []
            except OSError as exc:
                raise _error(exc, self.path, opening=False) from exc
            for event in events:
                if event.type != evdev.ecodes.EV_KEY or event.value not in (KEY_DOWN, KEY_UP):
                    continue
                if event.code in SHIFT_CODES:
                    (shift.add if event.value == KEY_DOWN else shift.discard)(event.code)
                    continue
                if event.value != KEY_DOWN:
                    continue
                if event.code == CAPSLOCK_CODE:
                    caps_lock = not caps_lock
                    continue
                key = key_char(event.code, bool(shift), caps_lock) or f"KEY_{event.code}"
                self._report(decoder.feed(KeyPress(key, event.timestamp())))
            self._report(decoder.idle(self._clock()))

    def _report(self, outcomes: Sequence[Outcome]) -> None:
        for outcome in outcomes:
            if not isinstance(outcome, Typed):  # keys typed on the grabbed device: for nobody
                self.deliver(outcome)

    def close(self, handle: evdev.InputDevice[str]) -> None:
        with contextlib.suppress(OSError):
            handle.ungrab()
        handle.close()


def keyboard_devices() -> list[tuple[str, str]]:
    """``(path, name)`` of the event devices that have keys, for ``kiosk scanner`` and setup
    (the stable ``/dev/input/by-id`` links first, where udev made them)."""
    by_id = "/dev/input/by-id"
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    links = sorted(os.listdir(by_id)) if os.path.isdir(by_id) else []
    paths = [os.path.join(by_id, n) for n in links if n.endswith("-event-kbd")]
    paths += evdev.list_devices()
    for path in paths:
        real = os.path.realpath(path)
        if real in seen:
            continue
        try:
            device = evdev.InputDevice(path)
        except OSError:
            continue
        try:
            if evdev.ecodes.EV_KEY in device.capabilities():
                found.append((path, device.name))
                seen.add(real)
        finally:
            device.close()
    return found
