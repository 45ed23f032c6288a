"""``kiosk counter``: start the counter station; the one place that assembles it.

``kiosk counter --backend https://backend.example:8443 [--ca-bundle ca.pem]
[--idle-minutes 10] [--data-dir DIR] [--lang zh_CN|en]`` (``KIOSK_COUNTER_BACKEND`` may give
the URL). Builds the QApplication, the shipped CJK font, the language and the station
(``build_station``: the counter's journal, the runner with the card reader, the background
pool, the controller), then the window.

The counter's journal is a file of its own, ``<data dir>/counter-journal.sqlite3`` (mode 0600:
it holds payment keys and amounts, no names), so a payment whose outcome is not known yet
survives a restart of the counter and is finished on the next sign-in.

Threads: ``main`` and ``build_station`` run on the GUI thread; ``main`` returns when the
window closes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kiosk.client.transport import BackendConfig
from kiosk.counter.controller import DEFAULT_IDLE_MINUTES, CounterController
from kiosk.counter.runner import CardReader, CounterRunner
from kiosk.counter.session import Timing
from kiosk.journal.store import Journal
from kiosk.qt.background import Background

JOURNAL_NAME = "counter-journal.sqlite3"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("kiosk-counter", appauthor=False))


def open_journal(data_dir: Path) -> Journal:
    """The counter's journal in ``data_dir`` (created 0700), its file readable by us only."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = data_dir / JOURNAL_NAME
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)
    return Journal.open(path)


@dataclass
class CounterStation:
    """The assembled station; ``close`` takes it down in order."""

    controller: CounterController
    runner: CounterRunner
    journal: Journal
    background: Background

    def close(self) -> None:
        self.controller.stop()
        self.background.shutdown(10.0)
        self.runner.close()
        self.journal.close()


def build_station(config: BackendConfig, data_dir: Path, *,
                  idle_seconds: float = DEFAULT_IDLE_MINUTES * 60.0,
                  read_card: CardReader | None = None,
                  clock: Callable[[], float] | None = None) -> CounterStation:
    """Assemble a station on an existing ``QApplication`` (GUI thread)."""
    if read_card is None:
        from kiosk.flow.counter_effects import read_counter_card

        read_card = read_counter_card
    journal = open_journal(data_dir)
    runner = CounterRunner(config, journal, read_card)
    background = Background(threads=2)
    controller = CounterController(runner, background=background,
                                   timing=Timing(idle_seconds=idle_seconds),
                                   clock=clock or time.monotonic)
    return CounterStation(controller, runner, journal, background)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk counter",
                                     description="the payment counter's staff application")
    parser.add_argument("--backend", default=os.environ.get("KIOSK_COUNTER_BACKEND", ""),
                        help="backend base URL (https, or http to a loopback address)")
    parser.add_argument("--ca-bundle", default=None, help="CA certificate(s) for the backend")
    parser.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES,
                        help="sign staff out after this many minutes without input")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir(),
                        help="where the counter keeps its journal of payments")
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

    from kiosk.counter.i18n import install_language
    from kiosk.counter.window import CounterWindow
    from kiosk.qt.theme import load_fonts

    app = QApplication.instance() or QApplication([sys.argv[0]])
    font = app.font()
    font.setFamily(load_fonts())
    app.setFont(font)
    install_language(app, args.lang)
    station = build_station(config, args.data_dir, idle_seconds=args.idle_minutes * 60.0)
    window = CounterWindow(station.controller)
    window.show()
    try:
        return int(app.exec())
    finally:
        station.close()
