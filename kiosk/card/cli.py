"""``kiosk card ...``: read the insurance card and watch the readers from a shell.

``kiosk card read [--reader NAME] [--json] [--timeout S] [--challenge HEX32]`` prints the card
record by the profile's field names (``card_sn`` included), or ``{"error": {"code": ...,
"message": ...}}`` and exits 1. With ``--challenge`` the same card transaction runs INTERNAL
AUTHENTICATE and the record gains ``cryptogram`` (or ``null`` with ``authentication_error``).
``kiosk card watch`` prints one JSON object a line for every reader and card event until
Ctrl-C or SIGTERM. The record is printed because that is this command's job; nothing personal
ever goes to ``logging``. Runs on the main thread; the watcher calls back on its own thread
and only puts events on a queue.
"""

from __future__ import annotations

import argparse
import json
import logging
import queue
import signal
import sys
from typing import TYPE_CHECKING

from kiosk.domain.card import CardError, CardErrorCode

if TYPE_CHECKING:  # imported for real only by `watch`, which needs pyscard's scard
    from kiosk.card.watcher import ReaderEvent

# For operators at a shell; the kiosk screens take their wording from kiosk.ui.
ERROR_MESSAGES: dict[CardErrorCode, str] = {
    CardErrorCode.NO_READER: "No card reader is attached.",
    CardErrorCode.READER_SERVICE_UNAVAILABLE: "The PC/SC service (pcscd) is not running.",
    CardErrorCode.NO_CARD: "The reader is empty: insert the insurance card.",
    CardErrorCode.CARD_REMOVED: "The card was taken out during the read.",
    CardErrorCode.CARD_UNRESPONSIVE: "The card does not answer or answers badly.",
    CardErrorCode.UNSUPPORTED_CARD: "This is not a social security card.",
    CardErrorCode.SECURE_MODULE_REQUIRED: (
        "This card's holder data needs a secure access module: use the counter or the "
        "electronic insurance QR code."
    ),
    CardErrorCode.INVALID_CARD_DATA: "The card's data is missing or malformed.",
    CardErrorCode.CARD_EXPIRED: "The card has expired.",
}

EXIT_OK = 0
EXIT_CARD_ERROR = 1
EXIT_USAGE = 2


def error_payload(error: CardError) -> dict[str, dict[str, str]]:
    body = {"code": error.code.value, "message": ERROR_MESSAGES[error.code]}
    if error.detail:
        body["detail"] = error.detail
    return {"error": body}


def parse_challenge(text: str) -> bytes | None:
    """``--challenge``'s 16 bytes, or ``None`` when it is not 32 hex characters."""
    if len(text) != 32:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk card", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    read = sub.add_parser("read", help="read the insurance card once")
    read.add_argument("--reader", help="reader name (default: the first reader holding a card)")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    read.add_argument("--challenge", help="a backend challenge, 32 hex characters: run "
                                          "INTERNAL AUTHENTICATE with it")
    sub.add_parser("watch", help="print reader and card events, one JSON object a line")
    return parser


def _read(args: argparse.Namespace) -> int:
    from kiosk.card.reader import read_insurance_card

    if args.timeout <= 0:
        print(json.dumps({"error": {"code": "usage", "message": "--timeout must be > 0"}}))
        return EXIT_USAGE
    challenge = parse_challenge(args.challenge) if args.challenge is not None else None
    if args.challenge is not None and challenge is None:
        print(json.dumps({"error": {"code": "usage",
                                    "message": "--challenge is 32 hex characters"}}))
        return EXIT_USAGE
    try:
        record = read_insurance_card(args.reader, timeout=args.timeout,
                                     challenge=challenge)
    except CardError as error:
        payload = error_payload(error)
        if args.json:
            print(json.dumps(payload, ensure_ascii=False), flush=True)
        else:
            print(f"error: {error.code.value}: {payload['error']['message']}", file=sys.stderr)
        return EXIT_CARD_ERROR
    data = record.to_dict()
    if record.proof is not None:
        data["cryptogram"] = record.proof.cryptogram
        if record.proof.error:
            data["authentication_error"] = record.proof.error
    if args.json:
        print(json.dumps(data, ensure_ascii=False), flush=True)
    else:
        width = max(map(len, data))
        for key, value in data.items():
            print(f"{key:<{width}}  {value if value is not None else ''}")
    return EXIT_OK


class _QueueListener:
    """Hands watcher events (watcher thread) to the main thread; None asks it to stop."""

    def __init__(self) -> None:
        self.events: queue.Queue[ReaderEvent | None] = queue.Queue()

    def on_event(self, event: ReaderEvent) -> None:
        self.events.put(event)


def _watch() -> int:
    from kiosk.card.watcher import ReaderWatcher

    listener = _QueueListener()
    previous = signal.signal(signal.SIGTERM, lambda *_: listener.events.put(None))
    watcher = ReaderWatcher(listener)
    watcher.start()
    try:
        while True:
            try:
                event = listener.events.get(timeout=0.5)
            except queue.Empty:
                continue
            if event is None:
                break
            print(json.dumps(event.to_dict()), flush=True)
    except (KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        watcher.stop()
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command == "read":
        return _read(args)
    return _watch()


if __name__ == "__main__":
    raise SystemExit(main())
