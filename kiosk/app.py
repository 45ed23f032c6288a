"""The composition root: ``kiosk`` (no arguments) starts the patient kiosk.

``main(argv)`` builds everything and runs the Qt event loop:

- the backend: ``KIOSK_BACKEND_URL`` / ``KIOSK_BACKEND_TOKEN`` (and ``KIOSK_BACKEND_CA``), or
  the TOML file named by ``KIOSK_CONFIG`` (default ``<user config dir>/kiosk/kiosk.toml``;
  keys ``backend_url``, ``token``, ``ca_bundle``, ``client_cert``, ``client_key``,
  ``fullscreen``, ``orientation``, ``data_dir``). With no backend configured it starts the
  reference backend (``python -m kiosk server``) on a free loopback port with a SQLite file in
  the user data directory, seeded with ``seed-demo`` once, and takes the kiosk token from the
  seed's credentials (``EmbeddedBackend``);
- the journal in the data directory, the ``BackendClient``, the ``Runner``, the
  ``MainWindow``, the ``KioskController``, the reader watcher with its ``CardSignals``;
- where pcscd offers the vpcd reader, the demo panel (``kiosk.demo.panel``) to insert the
  demo patients' virtual cards.

The window is 1080x1920 portrait (``--landscape``: 1920x1080) in demo mode and full screen
when configured for a real kiosk (``fullscreen = true`` or ``--fullscreen``). Shutdown stops
the watcher, waits for background work, closes the journal and stops the embedded backend.

``build_kiosk(...)`` is the same assembly without ``QApplication`` or ``exec()``, for the
tests and the benchmark.

Threads: GUI thread only, except ``EmbeddedBackend.wait_ready`` (blocking, background).
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
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.client import BackendClient, BackendConfig
from kiosk.demo.backend import EmbeddedBackend
from kiosk.domain.card import CardRecord
from kiosk.flow.runner import Runner
from kiosk.flow.session import Timing
from kiosk.journal import Journal

log = logging.getLogger(__name__)

APP_NAME = "kiosk"
PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


# ---------------------------------------------------------------------------------------------
# Configuration (pure: env and file in, AppConfig out)


@dataclass(frozen=True)
class AppConfig:
    backend_url: str | None = None
    token: str = field(default="", repr=False)
    ca_bundle: str | None = None
    client_cert: tuple[str, str] | None = None
    fullscreen: bool = False
    orientation: str = "portrait"
    data_dir: Path = field(
        default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
    demo_panel: bool | None = None  # None: where the vpcd reader is present
    language: str = "zh_CN"
    reader: str = ""  # the configured reader; "" = a card in any reader starts a session

    @property
    def embedded(self) -> bool:
        return not self.backend_url

    @property
    def size(self) -> tuple[int, int]:
        return LANDSCAPE if self.orientation == "landscape" else PORTRAIT


def default_config_path(env: dict[str, str]) -> Path:
    if env.get("KIOSK_CONFIG"):
        return Path(env["KIOSK_CONFIG"])
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml"


def load_config(argv: list[str], env: dict[str, str]) -> AppConfig:
    """Command line over environment over config file over defaults. Raises ``ValueError``."""
    parser = argparse.ArgumentParser(prog="kiosk app", description="Start the patient kiosk.")
    parser.add_argument("--backend-url")
    parser.add_argument("--fullscreen", action="store_true", default=None)
    parser.add_argument("--landscape", action="store_true")
    parser.add_argument("--data-dir")
    parser.add_argument("--no-demo-panel", action="store_true")
    parser.add_argument("--language", choices=["zh_CN", "en"])
    args = parser.parse_args(argv)
    values: dict[str, Any] = {}
    path = default_config_path(env)
    installed = path.exists()
    if installed:
        # The installed file goes through the one validator that setup and roll-out use.
        from kiosk.config import load_config_file

        cfg = load_config_file(path, check_files=False)
        values.update(
            backend_url=cfg.backend_url, token=cfg.token, ca_bundle=cfg.ca_bundle,
            client_cert=cfg.client_cert, client_key=cfg.client_key, fullscreen=cfg.fullscreen,
            orientation=cfg.orientation, language=cfg.language, reader=cfg.reader,
        )
        if cfg.data_dir:
            values["data_dir"] = cfg.data_dir
    for key, name in (("backend_url", "KIOSK_BACKEND_URL"), ("token", "KIOSK_BACKEND_TOKEN"),
                      ("ca_bundle", "KIOSK_BACKEND_CA"), ("data_dir", "KIOSK_DATA_DIR")):
        if env.get(name):
            values[key] = env[name]
    if args.backend_url:
        values["backend_url"] = args.backend_url
    if args.data_dir:
        values["data_dir"] = args.data_dir
    if args.fullscreen:
        values["fullscreen"] = True
    if args.landscape:
        values["orientation"] = "landscape"
    if args.language:
        values["language"] = args.language
    cert, key = values.pop("client_cert", None), values.pop("client_key", None)
    if values.get("orientation", "portrait") not in ("portrait", "landscape"):
        raise ValueError("orientation must be portrait or landscape")
    if values.get("backend_url") and not values.get("token"):
        raise ValueError("a configured backend needs its kiosk token (KIOSK_BACKEND_TOKEN)")
    if "data_dir" in values:
        values["data_dir"] = Path(values["data_dir"])
    return AppConfig(
        **values,
        client_cert=(cert, key) if cert and key else None,
        # An installed kiosk never offers the demo panel, whatever readers are attached.
        demo_panel=False if args.no_demo_panel or installed else None,
    )


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
                 background: Any) -> None:
        self.window = window
        self.controller = controller
        self.runner = runner
        self.journal = journal
        self.client = client
        self.card_signals = card_signals
        self.watcher = watcher
        self.background = background
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
) -> Kiosk:
    """Assemble a kiosk on an existing ``QApplication`` (GUI thread). Not started yet."""
    from kiosk.card import ReaderWatcher, read_insurance_card
    from kiosk.qt.background import Background
    from kiosk.qt.card_signals import CardSignals
    from kiosk.ui.controller import KioskController

    if window is None:
        from kiosk.ui.window import MainWindow

        window = MainWindow()
    journal_path.parent.mkdir(parents=True, exist_ok=True)
    journal = Journal.open(journal_path)
    client = BackendClient(backend)
    runner = Runner(client, journal, read_card or read_insurance_card)
    background = Background()
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


def main(argv: list[str] | None = None) -> int:
    from kiosk.admin.hooks import attach_installed, first_run_setup
    from kiosk.journal.logs import setup_logging

    setup_logging()  # rotating files in the platform log dir, personal data scrubbed
    setup_code = first_run_setup()  # the packaged kiosk without a configuration
    if setup_code:
        return setup_code
    try:
        config = load_config(list(sys.argv[1:] if argv is None else argv), dict(os.environ))
    except (ValueError, OSError, tomllib.TOMLDecodeError) as exc:
        print(f"kiosk: bad configuration: {exc}", file=sys.stderr)
        return 2

    embedded: EmbeddedBackend | None = None
    if config.embedded:
        embedded = EmbeddedBackend(config.data_dir / "demo-backend")
        try:
            embedded.start()  # seeds on the first run only; does not wait for the server
        except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as exc:
            print(f"kiosk: cannot start the embedded backend: {exc}", file=sys.stderr)
            return 1
        backend = backend_config(embedded.base_url, embedded.kiosk_token)
    else:
        assert config.backend_url is not None
        backend = backend_config(config.backend_url, config.token, config.ca_bundle,
                                 config.client_cert)

    from PySide6.QtWidgets import QApplication

    from kiosk.qt import i18n, theme
    from kiosk.qt.background import run_in_background, shutdown_background

    app = QApplication.instance() or QApplication([sys.argv[0]])
    theme.apply_app_font(app)
    try:
        i18n.install_translator(app, config.language)
    except (RuntimeError, OSError) as exc:
        log.warning("translations unavailable, showing source texts: %s", exc)
    kiosk = build_kiosk(backend=backend, journal_path=config.data_dir / "journal.sqlite3",
                        reader=config.reader)
    window = kiosk.window
    if config.fullscreen:
        window.showFullScreen()
    else:
        window.resize(*config.size)
        window.show()
    kiosk.start()
    kiosk.installed = attach_installed(app, kiosk)  # printing, lockdown, admin (if configured)
    tune_process()

    panel_holder: list[Any] = []
    if embedded is not None:
        run_in_background(embedded.wait_ready, lambda ok: ok or log.error(
            "embedded backend did not come up; see %s", embedded.log_path))
    if config.demo_panel is not False:
        def show_panel(present: bool) -> None:
            if not present:
                return
            from kiosk.demo.panel import DemoPanel

            panel = DemoPanel(backend, embedded.credentials if embedded else {})
            panel.show()
            panel_holder.append(panel)

        run_in_background(vpcd_reader_present, show_panel)

    # Ctrl-C / SIGTERM end the event loop cleanly; the timer lets Python see the signal.
    from PySide6.QtCore import QTimer

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(250)

    code = app.exec()
    wake.stop()
    for panel in panel_holder:
        panel.shutdown()
    kiosk.shutdown()
    shutdown_background()
    if embedded is not None:
        embedded.stop()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
