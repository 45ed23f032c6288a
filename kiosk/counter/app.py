"""``kiosk counter``: start the counter station.

``kiosk counter --backend https://backend.example:8443 [--ca-bundle ca.pem]
[--idle-minutes 10] [--lang zh_CN|en]`` (``KIOSK_COUNTER_BACKEND`` may give the URL). Builds
the QApplication, the shipped CJK font, the language, the controller and the window.

Threads: ``main`` runs on the GUI thread and returns when the window closes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from kiosk.client.transport import BackendConfig
from kiosk.counter.controller import DEFAULT_IDLE_MINUTES


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk counter",
                                     description="the payment counter's staff application")
    parser.add_argument("--backend", default=os.environ.get("KIOSK_COUNTER_BACKEND", ""),
                        help="backend base URL (https, or http to a loopback address)")
    parser.add_argument("--ca-bundle", default=None, help="CA certificate(s) for the backend")
    parser.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES,
                        help="sign staff out after this many minutes without input")
    parser.add_argument("--lang", choices=("zh_CN", "en"), default="zh_CN")
    args = parser.parse_args(argv)
    if not args.backend:
        parser.error("--backend (or KIOSK_COUNTER_BACKEND) is required")
    if args.idle_minutes <= 0:
        parser.error("--idle-minutes must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        config = BackendConfig(base_url=args.backend, ca_bundle=args.ca_bundle)
        from kiosk.client.transport import check_config

        check_config(config)
    except ValueError as exc:
        print(f"kiosk counter: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from PySide6.QtWidgets import QApplication

    from kiosk.counter.controller import CounterController
    from kiosk.counter.i18n import install_language
    from kiosk.counter.window import CounterWindow
    from kiosk.qt.theme import load_fonts

    app = QApplication.instance() or QApplication([sys.argv[0]])
    font = app.font()
    font.setFamily(load_fonts())
    app.setFont(font)
    install_language(app, args.lang)
    controller = CounterController(config, idle_timeout_ms=int(args.idle_minutes * 60_000))
    window = CounterWindow(controller)
    window.show()
    try:
        return int(app.exec())
    finally:
        controller.shutdown()
