"""The composition root: ``kiosk`` (no arguments) starts the patient kiosk, wired in one place.

``main(argv)`` builds everything and runs the Qt event loop:

- the configuration: the one ``KioskConfig`` (``kiosk.install.config.start_config``) from the
  installed file (``$KIOSK_CONFIG``, default ``<user config dir>/kiosk/kiosk.toml``), then
  ``KIOSK_BACKEND_URL`` / ``KIOSK_BACKEND_TOKEN`` / ``KIOSK_BACKEND_CA`` / ``KIOSK_DATA_DIR``,
  then the command line (``--backend-url``, ``--fullscreen``, ``--landscape``,
  ``--data-dir``, ``--language``; ``--no-demo-panel``), through the one validator;
- the packaged kiosk with no configuration first shows the setup (``first_run_setup``);
- ONE ``kiosk.qt.background.Background``, handed to everything that works off the GUI thread:
  the kiosk controller, receipt printing, admin mode, the setup and the demo panel;
- with no backend configured, the reference backend (``python -m kiosk server``) on a free
  loopback port with a SQLite file in the data directory, seeded with ``seed-demo`` once
  (``kiosk.demo.backend.EmbeddedBackend``);
- the journal in the data directory, the ``BackendClient``, the ``Runner``, the
  ``MainWindow``, the ``KioskController``, the reader watcher with its ``CardSignals``
  (``build_kiosk``);
- an installed kiosk (``install_kiosk``): receipts printed after settlement, the window
  locked down (frameless, full screen, close ignored), admin mode behind the hidden gesture
  and the PIN, and "run setup again" from admin mode;
- where pcscd offers the vpcd reader and the kiosk is not installed, the demo panel
  (``kiosk.demo.panel``) to insert the demo patients' virtual cards.

The window is 1080x1920 portrait (``--landscape``: 1920x1080) when windowed: the start
without an installed file (the demo). An installed kiosk is full screen unless its file says
``fullscreen = false``. Shutdown stops the watcher, waits for background work, closes the
journal and stops the embedded backend.

``build_kiosk(...)`` is the same assembly without ``QApplication`` or ``exec()``, for the
tests and the benchmark.

Threads: GUI thread only, except ``EmbeddedBackend.wait_ready`` and
``vpcd_reader_present`` (blocking, on the background helper).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.client import BackendClient, BackendConfig
from kiosk.demo.backend import EmbeddedBackend
from kiosk.domain.card import CardRecord
from kiosk.flow.runner import Runner
from kiosk.flow.session import Timing
from kiosk.install import config as kconfig
from kiosk.journal import Journal
from kiosk.journal.logs import LOG_MARKER_ATTRACT, log_dir
from kiosk.qt.background import Background

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# The start's configuration: the command line over the environment over the installed file


@dataclass(frozen=True)
class Start:
    """What ``kiosk app`` runs on: the one configuration, whether it is an installed kiosk,
    and whether to offer the demo panel (None: where the vpcd reader is present)."""

    config: kconfig.KioskConfig
    installed: bool
    demo_panel: bool | None


def read_start(argv: list[str], env: Mapping[str, str]) -> Start:
    """The command line and environment, through ``kiosk.install.config.start_config``.
    Raises ``ConfigError`` (a ``ValueError``) or ``OSError``."""
    parser = argparse.ArgumentParser(prog="kiosk app", description="Start the patient kiosk.")
    parser.add_argument("--backend-url")
    parser.add_argument("--fullscreen", action="store_true")
    parser.add_argument("--landscape", action="store_true")
    parser.add_argument("--data-dir")
    parser.add_argument("--no-demo-panel", action="store_true")
    parser.add_argument("--language", choices=list(kconfig.LANGUAGES))
    args = parser.parse_args(argv)
    overrides: dict[str, Any] = {}
    for key, value in (("backend_url", args.backend_url), ("data_dir", args.data_dir),
                       ("language", args.language)):
        if value:
            overrides[key] = value
    if args.fullscreen:
        overrides["fullscreen"] = True
    if args.landscape:
        overrides["orientation"] = "landscape"
    config, installed = kconfig.start_config(kconfig.config_path(env), env, overrides)
    # An installed kiosk never offers the demo panel, whatever readers are attached.
    return Start(config, installed, False if args.no_demo_panel or installed else None)


# ---------------------------------------------------------------------------------------------
# The assembled kiosk


def vpcd_reader_present() -> bool:
    """Whether pcscd offers the vpcd virtual reader (blocking PC/SC call: not on the GUI
    thread once the event loop runs)."""
    from kiosk.card import list_readers
    from kiosk.domain.card import CardError

    try:
        return any("Virtual PCD" in reader for reader in list_readers())
    except CardError:
        return False


# The GUI thread shares the interpreter with the card read and the backend calls running on
# worker threads. A thread that wants the GIL back waits for the holder's switch interval
# (5 ms by default): the GUI thread woken by a finished read, or a worker woken by the
# network, waited up to that long while another thread ran Python. 1 ms keeps those waits
# short at a negligible cost in switches.
SWITCH_INTERVAL = 0.001


def tune_process() -> None:
    """Process settings for a running kiosk (``main`` calls it once the kiosk is up; the
    latency benchmark too): a short GIL switch interval (``SWITCH_INTERVAL``), and the
    objects built at start-up (modules, widgets, translations) moved out of the garbage
    collector's reach, so a full collection walks only what sessions allocate and does not
    stall the screen for tens of milliseconds."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.collect()
    gc.freeze()


class Kiosk:
    """Window, controller, runner, journal, client and card watcher, started and stopped
    together. Build it with ``build_kiosk``."""

    def __init__(self, window: Any, controller: Any, runner: Runner, journal: Journal,
                 client: BackendClient, card_signals: Any, watcher: Any,
                 background: Background) -> None:
        self.window = window
        self.controller = controller
        self.runner = runner
        self.journal = journal
        self.client = client
        self.card_signals = card_signals
        self.watcher = watcher
        self.background = background
        self.installed: Installed | None = None
        self._closed = False

    def start(self) -> None:
        self.controller.start()
        if self.watcher is not None:
            self.watcher.start()

    def shutdown(self, timeout: float = 15.0) -> None:
        """Stop the watcher, the controller's timers and every background job; close."""
        if self._closed:
            return
        self._closed = True
        if self.watcher is not None:
            self.watcher.stop()
        self.controller.stop()
        self.background.shutdown(timeout)
        self.client.close()
        self.journal.close()


def build_kiosk(
    *,
    backend: BackendConfig,
    journal_path: Path,
    window: Any = None,
    timing: Timing | None = None,
    read_card: Callable[[str], CardRecord] | None = None,
    watch_cards: bool = True,
    finish_every: float = 30.0,
    tick_seconds: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    reader: str = "",
    busy_delay: float = 0.15,
    background: Background | None = None,
) -> Kiosk:
    """Assemble a kiosk on an existing ``QApplication`` (GUI thread). Not started yet.
    ``background``: the app's one helper (a new one when not given, for the tests); the
    kiosk's ``shutdown`` shuts it down."""
    from kiosk.card import ReaderWatcher, read_insurance_card
    from kiosk.qt.card_signals import CardSignals
    from kiosk.ui.controller import KioskController

    if window is None:
        from kiosk.ui.window import MainWindow

        window = MainWindow()
    journal_path.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal.open(journal_path)
    client = BackendClient(backend)
    runner = Runner(client, journal, read_card or read_insurance_card)
    background = background if background is not None else Background()
    controller = KioskController(window, runner, timing=timing, background=background,
                                 finish_every=finish_every, tick_seconds=tick_seconds,
                                 clock=clock, reader=reader, busy_delay=busy_delay)
    signals = CardSignals()
    controller.attach_card_signals(signals)
    watcher = ReaderWatcher(signals) if watch_cards else None
    return Kiosk(window, controller, runner, journal, client, signals, watcher, background)


def backend_config(url: str, token: str, ca_bundle: str | None = None,
                   client_cert: tuple[str, str] | None = None) -> BackendConfig:
    return BackendConfig(base_url=url, token=token, ca_bundle=ca_bundle, client_cert=client_cert,
                         allow_plain_http=False)


def first_run_setup(background: Background) -> int | None:
    """The packaged kiosk with no configuration shows the setup first
    (``kiosk.install.config.needs_setup``); returns its exit code, or None when no setup was
    needed."""
    if not kconfig.needs_setup():
        return None
    log.info("no configuration: starting the first-run setup")
    from kiosk.install.setup.cli import run_wizard

    return run_wizard(fullscreen=True, background=background)


def mark_attract(controller: Any) -> None:
    """Log ``LOG_MARKER_ATTRACT`` once, when the attract screen is first shown (the start-up
    benchmark and the packaging tests wait for it)."""
    shown: list[bool] = []

    def on_view(view: Any) -> None:
        if not shown and str(getattr(view, "state", "")) == "attract":
            shown.append(True)
            log.info(LOG_MARKER_ATTRACT)
            print(LOG_MARKER_ATTRACT, flush=True)

    controller.view_shown.connect(on_view)
    on_view(controller.session.view())


@dataclass
class Installed:
    """What an installed kiosk adds to the kiosk: receipt printing and admin mode."""

    config: kconfig.KioskConfig
    printing: Any
    admin: Any


def install_kiosk(qt_app: Any, kiosk: Kiosk, config: kconfig.KioskConfig) -> Installed:
    """Receipts printed after settlement, the window locked down, admin mode behind the hidden
    gesture and the PIN, and "run setup again" from admin mode. GUI thread."""
    from kiosk.install.admin import diagnostics
    from kiosk.install.admin.dialog import install_admin
    from kiosk.install.admin.status import gather_status
    from kiosk.printing.printers import make_printer
    from kiosk.printing.service import ReceiptPrinting
    from kiosk.qt import i18n

    background = kiosk.background
    printing = ReceiptPrinting(make_printer(config.printer), background,
                               language=i18n.current_language)
    printing.attach(kiosk.controller)

    def status() -> Any:
        return gather_status(config, kiosk.journal, printing.status)

    def bundle() -> Path:
        dest = config.data_path / "diagnostics" / diagnostics.default_bundle_name()
        return diagnostics.write_bundle(dest, config=config, journal=kiosk.journal,
                                        status=status().as_dict(), log_dir=log_dir())

    admin = install_admin(kiosk.window, pin_hash=config.admin_pin_hash, status=status,
                          bundle=bundle, quit_app=qt_app.quit, fullscreen=config.fullscreen,
                          background=background)

    def rerun_setup() -> None:
        from PySide6.QtCore import Qt

        from kiosk.install.setup.wizard import SetupWizard

        wizard = SetupWizard(existing=config, background=background)
        wizard.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)

        def done(_: Path) -> None:
            log.info("setup ran again from admin mode: restarting with the new configuration")
            admin.lock.allow_close()
            qt_app.quit()  # the service manager starts the kiosk again (docs/deploy-*.md)

        wizard.completed.connect(done)
        wizard.showFullScreen()
        admin.setup_wizard = wizard

    admin.setup_requested.connect(rerun_setup)
    return Installed(config, printing, admin)


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.journal.logs import setup_logging
    from kiosk.qt import i18n, theme

    setup_logging()  # rotating files in the platform log dir, personal data scrubbed
    app = QApplication.instance() or QApplication([sys.argv[0]])
    theme.apply_app_font(app)
    background = Background()  # the one helper for work off the GUI thread
    setup_code = first_run_setup(background)  # the packaged kiosk without a configuration
    if setup_code:
        background.shutdown()
        return setup_code
    try:
        start = read_start(list(sys.argv[1:] if argv is None else argv), os.environ)
    except (ValueError, OSError) as exc:
        print(f"kiosk: bad configuration: {exc}", file=sys.stderr)
        background.shutdown()
        return 2
    config = start.config

    embedded: EmbeddedBackend | None = None
    if config.embedded:
        embedded = EmbeddedBackend(config.data_path / "demo-backend")
        try:
            embedded.start()  # seeds on the first run only; does not wait for the server
        except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as exc:
            print(f"kiosk: cannot start the embedded backend: {exc}", file=sys.stderr)
            background.shutdown()
            return 1
        backend = backend_config(embedded.base_url, embedded.kiosk_token)
    else:
        backend = backend_config(config.backend_url, config.token, config.ca_bundle,
                                 config.client_cert_pair)

    try:
        i18n.install_translator(app, config.language)
    except (RuntimeError, OSError) as exc:
        log.warning("translations unavailable, showing source texts: %s", exc)
    kiosk = build_kiosk(backend=backend, journal_path=config.data_path / "journal.sqlite3",
                        reader=config.reader, background=background)
    window = kiosk.window
    if config.fullscreen:
        window.showFullScreen()
    else:
        window.resize(*config.size)
        window.show()
    kiosk.start()
    mark_attract(kiosk.controller)
    if start.installed:
        kiosk.installed = install_kiosk(app, kiosk, config)
    tune_process()

    panel_holder: list[Any] = []
    if embedded is not None:
        background.run(embedded.wait_ready, lambda ok: ok or log.error(
            "embedded backend did not come up; see %s", embedded.log_path))
    if start.demo_panel is not False:
        def show_panel(present: bool) -> None:
            if not present:
                return
            from kiosk.demo.panel import DemoPanel

            panel = DemoPanel(backend, embedded.credentials if embedded else {},
                              background=background)
            panel.show()
            panel_holder.append(panel)

        background.run(vpcd_reader_present, show_panel)

    # Ctrl-C / SIGTERM end the event loop cleanly; the timer lets Python see the signal.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(250)

    code = app.exec()
    wake.stop()
    for panel in panel_holder:
        panel.shutdown()
    kiosk.shutdown()  # and the background helper with it
    if embedded is not None:
        embedded.stop()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
