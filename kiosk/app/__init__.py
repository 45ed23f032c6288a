"""The composition root: ``kiosk`` (no arguments) starts the patient kiosk, wired in one place.

``main(argv)`` builds everything and runs the Qt event loop. There are two starts, and the
command line says which - it is never inferred:

- an installed kiosk (``kiosk app``): the one ``KioskConfig``
  (``kiosk.install.config.start_config``) from the installed file (``$KIOSK_CONFIG``,
  default ``<user config dir>/kiosk/kiosk.toml``, required), then ``KIOSK_BACKEND_URL`` /
  ``KIOSK_BACKEND_TOKEN`` / ``KIOSK_BACKEND_CA`` / ``KIOSK_DATA_DIR``, then the command line
  (``--backend-url``, ``--fullscreen``, ``--landscape``, ``--data-dir``, ``--language``),
  through the one validator. It fails closed: a configuration that does not validate, or a
  failing safety check (``kiosk.install.health.safety_checks``: backend TLS material, admin
  PIN, reader pin, no virtual reader), or a lockdown that cannot be set up
  (``install_kiosk``), and it shows only the out-of-service screen naming the problem
  (``show_out_of_service``). Otherwise: receipts printed after settlement, the window
  locked down (frameless, full screen, close ignored), admin mode behind the hidden gesture
  and the PIN, "run setup again" from admin mode; cards only from the pinned reader and none
  while a virtual reader is present (``kiosk.install.readerpin.PinnedReaders``; the
  out-of-service screen covers the window meanwhile);
- a demo machine (``kiosk app --demo``, what ``tools/kiosk`` runs; ``run_demo``): the file is
  optional; with no backend configured, the reference backend (``python -m kiosk server``) on
  a free loopback port with a SQLite file in the data directory, seeded with ``seed-demo``
  once (``kiosk.demo.backend.EmbeddedBackend``); any reader; where pcscd offers the vpcd
  reader, the demo panel (``kiosk.demo.panel``; ``--no-demo-panel``: none) to insert the demo
  patients' virtual cards, and a virtual QR scanner the panel scans each demo patient's
  voucher with (``demo_scanner``). The packaged kiosk carries no demo and refuses ``--demo``.

Both: the packaged kiosk with no configuration first shows the setup (``first_run_setup``);
ONE ``kiosk.qt.background.Background``, handed to everything that works off the GUI thread
(the kiosk controller, receipt printing, admin mode, the setup and the demo panel); the
journal in the data directory, the ``BackendClient``, the ``Runner``, the ``MainWindow``,
the ``KioskController``, the reader watcher with its ``CardSignals``, and the QR scanner the
configuration names (``scanner``; none fitted: none, no error), whose scans reach the
session on the attract screen (``kiosk.app.scanning``, ``build_kiosk``).

The window is 1080x1920 portrait (``--landscape``: 1920x1080) when windowed: the demo start.
An installed kiosk is full screen unless its file says ``fullscreen = false``. Shutdown stops
the watcher, waits for background work, closes the journal and stops the embedded backend.

``build_kiosk(...)`` (``kiosk.app.assembly``) is the same assembly without ``QApplication`` or
``exec()``, for the tests and the benchmark.

Threads: GUI thread only, except ``EmbeddedBackend.wait_ready`` and
``vpcd_reader_present`` (blocking, on the background helper) and the reader pin's listener
(the watcher thread: it only emits queued signals).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.app.assembly import (
    Kiosk,
    backend_config,
    build_kiosk,
    tune_process,
    vpcd_reader_present,
)
from kiosk.app.scanning import ScannerSpec, ScannerSpecError, parse_scanner
from kiosk.install import config as kconfig
from kiosk.install import health
from kiosk.install.health import CheckResult
from kiosk.journal.logs import LOG_MARKER_ATTRACT, log_dir
from kiosk.qt.background import Background

if TYPE_CHECKING:
    from kiosk.demo.backend import EmbeddedBackend

log = logging.getLogger(__name__)



# ---------------------------------------------------------------------------------------------
# The start's configuration: the command line over the environment over the installed file


@dataclass(frozen=True)
class Start:
    """What ``kiosk app`` runs on: the one configuration; ``demo`` (asked for with
    ``--demo``, never inferred); whether to offer the demo panel (demo only, where the vpcd
    reader is present); and, for an installed kiosk, the configuration's ``problem`` (it then
    starts out of service)."""

    config: kconfig.KioskConfig
    demo: bool
    demo_panel: bool
    problem: CheckResult | None = None
    scanner: ScannerSpec | None = None  # the QR scanner fitted (kiosk.app.scanning)


def read_start(argv: list[str], env: Mapping[str, str]) -> Start:
    """The command line and environment, through ``kiosk.install.config.start_config``. A
    demo start raises ``ConfigError`` (a ``ValueError``) or ``OSError``; an installed kiosk's
    bad configuration is its ``problem``."""
    parser = argparse.ArgumentParser(prog="kiosk app", description="Start the patient kiosk.")
    parser.add_argument("--demo", action="store_true",
                        help="a demo machine: embedded backend, demo panel, virtual reader")
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
    path = kconfig.config_path(env)
    if args.demo:
        config = kconfig.start_config(path, env, overrides, demo=True)
        return Start(config, True, not args.no_demo_panel,
                     scanner=parse_scanner(config.scanner))
    try:
        config = kconfig.start_config(path, env, overrides)
    except kconfig.ConfigError as exc:
        return Start(kconfig.KioskConfig(), False, False, health.failed("config", exc.code,
                                                                         exc.key))
    except OSError as exc:
        return Start(kconfig.KioskConfig(), False, False,
                     health.failed("config", "unreadable", type(exc).__name__))
    try:
        scanner = parse_scanner(config.scanner)
    except ScannerSpecError as exc:
        return Start(config, False, False, health.failed("config", str(exc), "scanner"))
    return Start(config, False, False, scanner=scanner)


def demo_available() -> bool:
    """Whether this build carries the demo (the packaged kiosk leaves ``kiosk.demo`` and the
    virtual card out: ``kiosk.spec``)."""
    import importlib.util

    try:
        return all(importlib.util.find_spec(name) is not None
                   for name in ("kiosk.demo", "kiosk.card.virtual"))
    except ImportError:
        return False


def safety_problems(start: Start) -> list[CheckResult]:
    """Why an installed kiosk must not serve patients (blocking: PC/SC), or nothing: the
    configuration's problem, else the failing ``kiosk.install.health.safety_checks``. A demo
    start has none."""
    if start.demo:
        return []
    if start.problem is not None:
        return [start.problem]
    return [result for result in health.safety_checks(start.config) if not result.ok]


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
    """What an installed kiosk adds to the kiosk: receipt printing, admin mode and the
    out-of-service screen shown while a virtual reader is present."""

    config: kconfig.KioskConfig
    printing: Any
    admin: Any
    virtual_reader_screen: Any = None


def install_kiosk(qt_app: Any, kiosk: Kiosk, config: kconfig.KioskConfig,
                  alarm: Any = None) -> Installed:
    """Receipts printed after settlement, the window locked down, admin mode behind the hidden
    gesture and the PIN (its failures and locks kept in the journal), "run setup again" from
    admin mode, and the out-of-service screen while ``alarm`` (a ``VirtualReaderAlarm``)
    reports a virtual reader. GUI thread. Raises whatever keeps any of it from being set
    up: the caller then shows the out-of-service screen."""
    from kiosk.flow.heartbeat import printer_state
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
    if getattr(kiosk, "heartbeat", None) is not None:
        kiosk.heartbeat.printer = lambda: printer_state(printing.status.fault)

    def status() -> Any:
        return gather_status(config, kiosk.journal, printing.status,
                             getattr(getattr(kiosk, "heartbeat", None), "scanner", None))

    def bundle() -> Path:
        dest = config.data_path / "diagnostics" / diagnostics.default_bundle_name()
        return diagnostics.write_bundle(dest, config=config, journal=kiosk.journal,
                                        status=status().as_dict(), log_dir=log_dir())

    admin = install_admin(kiosk.window, pin_hash=config.admin_pin_hash, status=status,
                          bundle=bundle, quit_app=qt_app.quit, fullscreen=config.fullscreen,
                          background=background, settings=kiosk.journal,
                          log_event=kiosk.journal.log_event)

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
    installed = Installed(config, printing, admin)
    if alarm is not None:
        alarm.present.connect(lambda present: virtual_reader_changed(installed, kiosk, present))
    return installed


def virtual_reader_changed(installed: Installed, kiosk: Kiosk, present: bool) -> None:
    """While a virtual reader is present the kiosk takes no card (``PinnedReaders``) and its
    out-of-service screen covers the window; it goes when the reader goes. GUI thread."""
    kind = "reader.virtual_present" if present else "reader.virtual_gone"
    kiosk.background.run(lambda: kiosk.journal.log_event(kind), lambda _: None)
    screen = installed.virtual_reader_screen
    if present and screen is None:
        installed.virtual_reader_screen = show_out_of_service(
            [health.failed("virtual-reader", "virtual_reader_present")],
            installed.config.fullscreen)
    elif not present and screen is not None:
        screen.lock.release()
        screen.close()
        screen.deleteLater()
        installed.virtual_reader_screen = None


STOP = threading.Event()  # Ctrl-C or SIGTERM arrived


def install_stop_signals(app: Any) -> None:
    """Ctrl-C and SIGTERM end the kiosk cleanly, also when they come before the event loop
    runs (``run_event_loop`` then returns at once)."""
    def stop(*_: Any) -> None:
        STOP.set()
        app.exit(0)  # not quit(): a locked window refuses the close that quit() asks for

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)


def run_event_loop(app: Any) -> int:
    """``app.exec()`` until Ctrl-C or SIGTERM (``install_stop_signals``): a timer lets Python
    see the signal, and ends the loop if it came before."""
    from PySide6.QtCore import QTimer

    wake = QTimer()
    wake.timeout.connect(lambda: app.exit(0) if STOP.is_set() else None)
    wake.start(250)
    code = app.exec()
    wake.stop()
    return int(code)


def show_out_of_service(problems: list[CheckResult], fullscreen: bool = True) -> Any:
    """The out-of-service screen naming ``problems``, locked like the kiosk window (close
    ignored, full screen) and with no way into admin mode. Logs and prints each problem as
    the self-test words it (codes only). GUI thread."""
    from kiosk.install.admin.dialog import KioskLock
    from kiosk.install.outofservice import OutOfService
    from kiosk.install.selftest import line

    for problem in problems:
        log.error("out of service: %s", line(problem))
        print(f"{OUT_OF_SERVICE_MARKER}: {line(problem)}", flush=True)
    screen = OutOfService(problems)
    screen.lock = KioskLock(screen, fullscreen=fullscreen)
    if fullscreen:
        screen.showFullScreen()
    else:
        screen.resize(*kconfig.PORTRAIT)
        screen.show()
    return screen


OUT_OF_SERVICE_MARKER = "kiosk out of service"


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from kiosk.journal.logs import setup_logging
    from kiosk.qt import i18n, theme

    setup_logging()  # rotating files in the platform log dir, personal data scrubbed
    from kiosk.qt import messages_log

    messages_log.install()  # Qt's own warnings through the same scrubbed handlers
    app = QApplication.instance() or QApplication([sys.argv[0]])
    install_stop_signals(app)
    theme.apply_app_font(app)
    args = list(sys.argv[1:] if argv is None else argv)
    if "--demo" in args and not demo_available():
        print("kiosk: this build has no demo mode (no demo panel, no virtual card)",
              file=sys.stderr)
        return 2
    background = Background()  # the one helper for work off the GUI thread
    setup_code = first_run_setup(background)  # the packaged kiosk without a configuration
    if setup_code:
        background.shutdown()
        return setup_code
    try:
        start = read_start(args, os.environ)
    except (ValueError, OSError) as exc:
        print(f"kiosk: bad configuration: {exc}", file=sys.stderr)
        background.shutdown()
        return 2
    config = start.config
    try:
        i18n.install_translator(app, config.language)
    except (RuntimeError, OSError) as exc:
        log.warning("translations unavailable, showing source texts: %s", exc)
    problems = safety_problems(start)
    if problems:  # fail closed: nothing of the kiosk runs
        background.shutdown()
        screen = show_out_of_service(problems, config.fullscreen)
        code = run_event_loop(app)
        screen.lock.release()
        return code
    if start.demo:
        return run_demo(app, start, background)

    from kiosk.install.outofservice import VirtualReaderAlarm

    alarm = VirtualReaderAlarm()
    kiosk = build_kiosk(backend=backend_config(config.backend_url, config.token,
                                               config.ca_bundle, config.client_cert_pair),
                        journal_path=config.data_path / "journal.sqlite3",
                        reader=config.reader, background=background,
                        on_virtual_reader=alarm.on_virtual, scanner=start.scanner)
    show_window(kiosk.window, config)
    try:
        kiosk.installed = install_kiosk(app, kiosk, config, alarm)
    except Exception as exc:  # fail closed: a kiosk that cannot lock down serves no one
        log.exception("the kiosk cannot lock down")
        kiosk.window.hide()
        kiosk.shutdown()
        screen = show_out_of_service([health.failed("lockdown", type(exc).__name__)],
                                     config.fullscreen)
        code = run_event_loop(app)
        screen.lock.release()
        return code
    kiosk.start()
    mark_attract(kiosk.controller)
    tune_process()
    code = run_event_loop(app)
    kiosk.shutdown()  # and the background helper with it
    return code


def show_window(window: Any, config: kconfig.KioskConfig) -> None:
    window.set_reach_geometry(config.screen_bottom_mm, config.pixel_mm)  # reach mode's band
    if config.fullscreen:
        window.showFullScreen()
    else:
        window.resize(*config.size)
        window.show()


def run_demo(app: Any, start: Start, background: Background) -> int:
    """``kiosk app --demo``: the embedded backend when none is configured, the demo panel
    where the vpcd reader is present, any reader, no lockdown."""
    from kiosk.demo.backend import EmbeddedBackend

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
    scanner, virtual = demo_scanner(start)
    kiosk = build_kiosk(backend=backend, journal_path=config.data_path / "journal.sqlite3",
                        reader=config.reader, background=background, scanner=scanner)
    show_window(kiosk.window, config)
    kiosk.start()
    mark_attract(kiosk.controller)
    tune_process()

    panel_holder: list[Any] = []
    if embedded is not None:
        background.run(embedded.wait_ready, lambda ok: ok or log.error(
            "embedded backend did not come up; see %s", embedded.log_path))
    if start.demo_panel:
        def show_panel(present: bool) -> None:
            if not present:
                return
            from kiosk.demo.panel import DemoPanel

            panel = DemoPanel(backend, embedded.credentials if embedded else {},
                              background=background, scanner=virtual)
            panel.show_beside(kiosk.window)  # never over the kiosk (no window manager)
            panel_holder.append(panel)

        background.run(vpcd_reader_present, show_panel)

    code = run_event_loop(app)
    for panel in panel_holder:
        panel.shutdown()
    kiosk.shutdown()  # and the background helper with it
    if virtual is not None:
        virtual.close()
    if embedded is not None:
        embedded.stop()
    return code


def demo_scanner(start: Start) -> tuple[ScannerSpec | None, Any]:
    """The demo's QR scanner: the configured one, else (POSIX) a virtual serial scanner in
    the data directory (``kiosk.scanner.virtual``), which the demo panel's "scan" button
    feeds with the shown voucher. Returns the spec and the virtual scanner (or None)."""
    if start.scanner is not None or os.name != "posix":
        return start.scanner, None
    from kiosk.scanner.virtual import VirtualSerialScanner

    start.config.data_path.mkdir(parents=True, exist_ok=True)
    virtual = VirtualSerialScanner(start.config.data_path / "virtual-scanner")
    return ScannerSpec("serial", str(virtual.link)), virtual


if __name__ == "__main__":
    raise SystemExit(main())
