"""``kiosk counter``: start the counter station; the one place that assembles it.

``kiosk counter --backend-url https://backend.example:8443 [--ca-bundle ca.pem]
[--idle-minutes 10] [--data-dir DIR] [--language zh_CN|en]``: the same flag names as
``kiosk app`` (the older ``--backend`` and ``--lang`` still work, unlisted).
``KIOSK_COUNTER_BACKEND`` may give the URL and ``KIOSK_COUNTER_IDLE_MINUTES`` the idle time:
after that long without keyboard, mouse, touch or pen input the station locks (staff are
signed out, the patient is cleared) and needs the staff password again. Builds the
QApplication, the shipped CJK font, the language and the station (``open_station``: the
counter's journal, the runner with the card reader, the background pool, the controller),
then the window.

The counter's journal is a file of its own, ``<data dir>/counter-journal.sqlite3`` (mode 0600:
it holds payment keys and amounts, no names), so a payment whose outcome is not known yet
survives a restart of the counter and is finished on the next sign-in.

Threads: ``main`` and ``build_station`` run on the GUI thread; ``main`` returns when the
window closes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping
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
MAX_IDLE_MINUTES = 240.0  # a station that never locks is not an option
LANGUAGES = ("zh_CN", "en")


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


def idle_minutes(text: str) -> float:
    """The idle time in minutes, from the command line or the environment: more than 0, at
    most ``MAX_IDLE_MINUTES``. Raises ``ValueError``."""
    minutes = float(text)
    if not 0 < minutes <= MAX_IDLE_MINUTES:
        raise ValueError(f"idle minutes must be more than 0 and at most {MAX_IDLE_MINUTES:g}")
    return minutes


def parse_args(argv: list[str], env: Mapping[str, str] | None = None) -> argparse.Namespace:
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(prog="kiosk counter",
                                     description="the payment counter's staff application")
    parser.add_argument("--backend-url", default=env.get("KIOSK_COUNTER_BACKEND", ""),
                        help="backend base URL (https, or http to a loopback address); "
                             "for the demo: the address `kiosk demo info` shows")
    parser.add_argument("--backend", dest="backend_url", default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)
    parser.add_argument("--ca-bundle", default=None, help="CA certificate(s) for the backend")
    parser.add_argument("--idle-minutes", default=env.get("KIOSK_COUNTER_IDLE_MINUTES",
                                                          str(DEFAULT_IDLE_MINUTES)),
                        help="lock the station (sign staff out) after this many minutes "
                             f"without input (default {DEFAULT_IDLE_MINUTES}, "
                             "or KIOSK_COUNTER_IDLE_MINUTES)")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir(),
                        help="where the counter keeps its journal of payments")
    parser.add_argument("--language", choices=LANGUAGES, default="zh_CN")
    parser.add_argument("--lang", dest="language", choices=LANGUAGES,
                        default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.backend_url:
        parser.error("--backend-url (or KIOSK_COUNTER_BACKEND) is required; against the "
                     "demo kiosk's backend: --backend-url \"$(kiosk demo info --url)\"")
    try:
        args.idle_minutes = idle_minutes(args.idle_minutes)
    except ValueError as exc:
        parser.error(f"--idle-minutes: {exc}")
    return args


def open_station(args: argparse.Namespace) -> CounterStation:
    """The station the command line asks for (GUI thread, on an existing ``QApplication``).
    Raises ``ValueError`` for a backend address or CA bundle that cannot be used."""
    from kiosk.client.transport import check_config

    config = BackendConfig(base_url=args.backend_url, ca_bundle=args.ca_bundle)
    check_config(config)
    return build_station(config, args.data_dir, idle_seconds=args.idle_minutes * 60.0)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    from kiosk.journal.logs import COUNTER_LOG_FILE, setup_logging
    from kiosk.qt import messages_log

    setup_logging(file_name=COUNTER_LOG_FILE)  # the kiosk's setup: 0600 files, scrubbed
    messages_log.install()

    from PySide6.QtWidgets import QApplication

    from kiosk.counter.i18n import install_language
    from kiosk.counter.window import CounterWindow
    from kiosk.qt.theme import load_fonts

    app = QApplication.instance() or QApplication([sys.argv[0]])
    try:
        station = open_station(args)
    except ValueError as exc:
        print(f"kiosk counter: {exc}", file=sys.stderr)
        return 2
    font = app.font()
    font.setFamily(load_fonts())
    app.setFont(font)
    install_language(app, args.language)
    window = CounterWindow(station.controller)
    window.show()
    try:
        return int(app.exec())
    finally:
        station.close()
