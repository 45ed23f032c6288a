"""``kiosk scanner ...``: watch a QR scanner, read one code, list devices, run a virtual one.

``kiosk scanner watch --serial PORT [--baud N]`` (or ``--keyboard DEVICE`` or ``--camera
DEVICE`` on Linux) prints one JSON object a line for every scanner event (kinds and lengths,
never a code's text) until Ctrl-C or SIGTERM. ``kiosk scanner read ... [--timeout S]
[--json]`` waits for one code and prints it (printing it is that command's job; nothing read
ever goes to ``logging``), or ``{"error": {"code": ..., "message": ...}}`` and exits 1.
``kiosk scanner list`` shows the serial ports, keyboard devices and cameras a scanner could
be. ``kiosk scanner decode IMAGE`` prints the QR codes in a picture (a PNG of a voucher, a
photo taken with the kiosk's camera) as the camera path decodes them
(``kiosk.scanner.camera.decode_frame``), or exits 1. ``kiosk scanner virtual LINK`` (demo
machines) publishes a virtual serial scanner at LINK and scans each line typed on stdin.

Runs on the main thread; the watcher calls back on its own thread and only puts events on a
queue.
"""

from __future__ import annotations

import argparse
import json
import logging
import queue
import signal
import sys
import time
from typing import Any

from kiosk.domain.scan import ScannerErrorCode
from kiosk.scanner.events import ScanEvent, ScanEventKind
from kiosk.scanner.spec import ScannerSpec, make_watcher
from kiosk.scanner.watch import ScannerWatcher

# For operators at a shell; the kiosk screens take their wording from kiosk.ui.
ERROR_MESSAGES: dict[str, str] = {
    ScannerErrorCode.NO_SCANNER: "No scanner at that place: is it plugged in?",
    ScannerErrorCode.SCANNER_REMOVED: "The scanner was unplugged.",
    ScannerErrorCode.SCANNER_UNAVAILABLE: "The scanner is there but cannot be opened "
                                          "(in use, or no permission).",
    ScannerErrorCode.UNREADABLE: "Something was scanned, but it is not a usable code.",
    "timeout": "No code was scanned in time.",
    "no_code": "No QR code found in that picture.",
    "unreadable_image": "That file is not a picture this command can read.",
}

EXIT_OK = 0
EXIT_SCAN_ERROR = 1
EXIT_USAGE = 2


class _QueueListener:
    """Hands watcher events (watcher thread) to the main thread; None asks it to stop."""

    def __init__(self) -> None:
        self.events: queue.Queue[ScanEvent | None] = queue.Queue()

    def on_event(self, event: ScanEvent) -> None:
        self.events.put(event)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk scanner", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("watch", "print scanner events, one JSON object a line"),
                       ("read", "wait for one code and print it")):
        cmd = sub.add_parser(name, help=text)
        where = cmd.add_mutually_exclusive_group(required=True)
        where.add_argument("--serial", metavar="PORT", help="a serial (CDC) scanner's port")
        where.add_argument("--keyboard", metavar="DEVICE",
                           help="a keyboard-mode scanner's evdev device (Linux; grabbed)")
        where.add_argument("--camera", metavar="DEVICE",
                           help="a camera's V4L2 device, e.g. /dev/video0 (Linux)")
        cmd.add_argument("--baud", type=int, default=9600, help="serial speed (default 9600)")
        if name == "read":
            cmd.add_argument("--timeout", type=float, default=30.0, help="seconds (default 30)")
            cmd.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("list", help="serial ports, keyboard devices and cameras")
    decode = sub.add_parser("decode", help="print the QR codes in a picture (a PNG)")
    decode.add_argument("image", help="the picture's file")
    decode.add_argument("--json", action="store_true", help="print JSON")
    virtual = sub.add_parser("virtual", help="demo machines: a virtual serial scanner at LINK")
    virtual.add_argument("link", help="where to publish it, e.g. /tmp/kiosk-scanner")
    return parser


def _watcher(args: argparse.Namespace, listener: _QueueListener) -> ScannerWatcher[Any]:
    kind = "serial" if args.serial else "keyboard" if args.keyboard else "camera"
    return make_watcher(ScannerSpec(kind, getattr(args, kind), args.baud), listener)


def _error(code: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": {"code": code, "message": ERROR_MESSAGES[code]}}), flush=True)
    else:
        print(f"error: {code}: {ERROR_MESSAGES[code]}", file=sys.stderr)
    return EXIT_SCAN_ERROR


def _run(args: argparse.Namespace) -> int:
    listener = _QueueListener()
    previous = signal.signal(signal.SIGTERM, lambda *_: listener.events.put(None))
    watcher = _watcher(args, listener)
    watcher.start()
    reading = args.command == "read"
    deadline = time.monotonic() + args.timeout if reading else float("inf")
    try:
        while time.monotonic() < deadline:
            try:
                event = listener.events.get(timeout=min(0.5, max(0.01, deadline
                                                                 - time.monotonic())))
            except queue.Empty:
                continue
            if event is None:
                return EXIT_OK
            if not reading:
                print(json.dumps(event.to_dict()), flush=True)
            elif event.kind is ScanEventKind.CODE_SCANNED and event.code is not None:
                out = event.to_dict(with_text=True)
                print(json.dumps(out, ensure_ascii=False) if args.json else out["text"],
                      flush=True)
                return EXIT_OK
            elif event.error is not None:
                return _error(event.error.value, args.json)
        return _error("timeout", args.json)
    except (KeyboardInterrupt, BrokenPipeError):
        return EXIT_OK
    finally:
        watcher.stop()
        signal.signal(signal.SIGTERM, previous)


def _list() -> int:
    from serial.tools import list_ports

    for port in list_ports.comports():
        print(json.dumps({"serial": port.device, "description": port.description}))
    if sys.platform == "linux":
        from kiosk.scanner.keyboard_evdev import keyboard_devices

        for path, name in keyboard_devices():
            print(json.dumps({"keyboard": path, "description": name}, ensure_ascii=False))
        from kiosk.scanner.v4l2 import capture_devices

        for path, name in capture_devices():
            print(json.dumps({"camera": path, "description": name}, ensure_ascii=False))
    return EXIT_OK


def _decode(path: str, as_json: bool) -> int:
    from PySide6.QtGui import QImage

    from kiosk.scanner.qimage import codes_in

    image = QImage(path)
    if image.isNull():
        return _error("unreadable_image", as_json)
    codes = codes_in(image)
    if not codes:
        return _error("no_code", as_json)
    for text in codes:  # printing what was read is this command's job, as for `read`
        print(json.dumps({"text": text, "length": len(text)}, ensure_ascii=False)
              if as_json else text, flush=True)
    return EXIT_OK


def _virtual(link: str) -> int:
    from kiosk.scanner.virtual import VirtualSerialScanner

    with VirtualSerialScanner(link) as scanner:
        print(f"virtual scanner at {link} -> {scanner.device}; one code a line, Ctrl-D ends",
              file=sys.stderr)
        try:
            for line in sys.stdin:
                if line.strip():
                    scanner.scan(line.strip())
        except KeyboardInterrupt:
            pass
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command == "list":
        return _list()
    if args.command == "virtual":
        return _virtual(args.link)
    if args.command == "decode":
        return _decode(args.image, args.json)
    if args.command == "read" and args.timeout <= 0:
        print(json.dumps({"error": {"code": "usage", "message": "--timeout must be > 0"}}))
        return EXIT_USAGE
    return _run(args)


if __name__ == "__main__":
    raise SystemExit(main())
