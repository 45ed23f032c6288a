"""``kiosk counter``: start the counter station; the one place that assembles it.

``kiosk counter --backend-url https://backend.example:8443 [--ca-bundle ca.pem]
[--idle-minutes 10] [--data-dir DIR] [--language zh_CN|en] [--clinic
[--customer-screen auto|on|off]]``: the same flag names as ``kiosk app`` (the older
``--backend`` and ``--lang`` still work, unlisted).
``KIOSK_COUNTER_BACKEND`` may give the URL and ``KIOSK_COUNTER_IDLE_MINUTES`` the idle time:
after that long without keyboard, mouse, touch or pen input the station locks (staff are
signed out, the patient is cleared) and needs the staff password again. Builds the
QApplication, the shipped CJK font, the language and the station (``open_station``: the
counter's journal, the runner with the card reader, the background pool, the controller),
then the window.

The counter's journal is a file of its own, ``<data dir>/counter-journal.sqlite3`` (mode 0600:
it holds payment keys and amounts, no names), so a payment whose outcome is not known yet
survives a restart of the counter and is finished on the next sign-in.

``--clinic`` (or ``KIOSK_COUNTER_CLINIC=1``) is clinic mode, for a clinic whose one PC is both
counter and kiosk: after sign-in staff are at the clinic desk, where they run the patient's
whole journey with the kiosk's own patient session and runner (``kiosk.counter.clinic``); its
settlements go through a second journal, ``<data dir>/clinic-journal.sqlite3``, by the
kiosk's outbox and recovery rules. The patient's view goes to a customer-facing window
(``kiosk.counter.customer_window``) on the second screen: ``--customer-screen auto`` (the
default) opens it when the PC has a second screen, ``on`` always, ``off`` never (the staff
screen then carries the patient's confirmation tap).

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
from typing import TYPE_CHECKING

import platformdirs

from kiosk.client.transport import BackendConfig
from kiosk.counter.clinic import ClinicController
from kiosk.counter.controller import DEFAULT_IDLE_MINUTES, CounterController
from kiosk.counter.runner import CardReader, CounterRunner
from kiosk.counter.session import CounterView, Timing
from kiosk.flow import events as fe
from kiosk.flow.runner import Runner
from kiosk.journal.store import Journal
from kiosk.qt.background import Background

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.counter.customer_window import CustomerWindow

JOURNAL_NAME = "counter-journal.sqlite3"
CLINIC_JOURNAL_NAME = "clinic-journal.sqlite3"
CUSTOMER_SCREEN = ("auto", "on", "off")
MAX_IDLE_MINUTES = 240.0  # a station that never locks is not an option
LANGUAGES = ("zh_CN", "en")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("kiosk-counter", appauthor=False))


def open_journal(data_dir: Path, name: str = JOURNAL_NAME) -> Journal:
    """The journal ``name`` in ``data_dir`` (created 0700), its file readable by us only."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = data_dir / name
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
    clinic: ClinicController | None = None
    clinic_journal: Journal | None = None

    def close(self) -> None:
        self.controller.stop()
        if self.clinic is not None:
            self.clinic.stop()
        self.background.shutdown(10.0)
        self.runner.close()
        self.journal.close()
        if self.clinic_journal is not None:
            self.clinic_journal.close()


def build_station(config: BackendConfig, data_dir: Path, *,
                  idle_seconds: float = DEFAULT_IDLE_MINUTES * 60.0,
                  read_card: CardReader | None = None,
                  clock: Callable[[], float] | None = None, clinic: bool = False,
                  clinic_timing: fe.Timing | None = None) -> CounterStation:
    """Assemble a station on an existing ``QApplication`` (GUI thread); with ``clinic``, the
    clinic desk's patient journey too (its own journal, the same pool)."""
    if read_card is None:
        from kiosk.flow.counter_effects import read_counter_card

        read_card = read_counter_card
    journal = open_journal(data_dir)
    runner = CounterRunner(config, journal, read_card)
    background = Background(threads=2)
    controller = CounterController(runner, background=background,
                                   timing=Timing(idle_seconds=idle_seconds),
                                   clock=clock or time.monotonic, clinic=clinic)
    station = CounterStation(controller, runner, journal, background)
    if clinic:
        station.clinic_journal = clinic_journal = open_journal(data_dir, CLINIC_JOURNAL_NAME)
        card_reader = read_card

        def clinic_runner(generation: int) -> Runner | None:
            client = runner.staff_client(generation)
            if client is None:
                return None
            return Runner(client, clinic_journal, lambda _reader, _challenge: card_reader())

        station.clinic = desk = ClinicController(clinic_runner, background=background,
                                                 timing=clinic_timing,
                                                 clock=clock or time.monotonic)

        def follow(_view: CounterView) -> None:
            desk.follow_staff(controller.staff_generation)

        controller.view_changed.connect(follow)
    return station


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
    parser.add_argument("--clinic", action="store_true",
                        default=env.get("KIOSK_COUNTER_CLINIC", "") == "1",
                        help="clinic mode: staff run the patient's whole journey at this PC "
                             "(or KIOSK_COUNTER_CLINIC=1)")
    parser.add_argument("--customer-screen", choices=CUSTOMER_SCREEN, default="auto",
                        help="clinic mode: the patient's window on a second screen (auto: "
                             "when there is one)")
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
    return build_station(config, args.data_dir, idle_seconds=args.idle_minutes * 60.0,
                         clinic=args.clinic)


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
    customer = open_customer_window(app, args.customer_screen) if station.clinic else None
    window = CounterWindow(station.controller, clinic=station.clinic, customer=customer)
    window.show()
    try:
        return int(app.exec())
    finally:
        station.close()


def open_customer_window(app: QApplication, where: str) -> CustomerWindow | None:
    """Clinic mode's customer-facing window, full screen on the PC's second screen (``auto``:
    only when there is one; ``on``: a window on the first screen without one)."""
    from kiosk.counter.customer_window import CustomerWindow

    screens = app.screens()
    if where == "off" or (where == "auto" and len(screens) < 2):
        return None
    customer = CustomerWindow()
    if len(screens) >= 2:
        customer.setScreen(screens[1])
        customer.setGeometry(screens[1].geometry())
        customer.showFullScreen()
    else:
        customer.resize(1024, 768)
        customer.show()
    return customer
