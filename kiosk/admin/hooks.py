"""What ``kiosk.app`` calls to become an installed kiosk (small hooks, one call each).

- ``first_run_setup()``: before anything else, the packaged kiosk with no configuration
  shows the setup (``kiosk.config.needs_setup``); returns the setup's exit code, or None
  when no setup was needed.
- ``attach_installed(qt_app, kiosk)``: with a valid installed configuration, prints receipts
  after settlement (``ReceiptPrinting`` on the controller's views), locks the window down
  (frameless, full screen, close ignored) and puts admin mode behind the hidden gesture and
  the PIN. Without one (the demo defaults) it only logs the attract-screen marker.
  Returns an ``Installed`` holding what it made (or None).
- ``mark_attract(controller)``: logs ``LOG_MARKER_ATTRACT`` once, when the attract screen is
  first shown (the start-up benchmark waits for it).

Threads: GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import config as kconfig
from kiosk.journal.logs import LOG_MARKER_ATTRACT, log_dir

log = logging.getLogger(__name__)


def first_run_setup() -> int | None:
    if not kconfig.needs_setup():
        return None
    log.info("no configuration: starting the first-run setup")
    from kiosk.setup_wizard.cli import run_wizard

    return run_wizard(fullscreen=True)


def mark_attract(controller: Any) -> None:
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
    config: kconfig.KioskConfig
    printing: Any
    admin: Any


def attach_installed(qt_app: Any, kiosk: Any, config_file: Path | None = None) -> Installed | None:
    mark_attract(kiosk.controller)
    path = config_file or kconfig.config_path()
    if not path.exists():
        return None
    try:
        cfg = kconfig.load_config_file(path)
    except kconfig.ConfigError as exc:
        log.error("installed configuration invalid code=%s key=%s", exc.code, exc.key)
        return None
    from kiosk.admin import diagnostics
    from kiosk.admin.dialog import install_admin
    from kiosk.admin.status import gather_status
    from kiosk.printing.printers import make_printer
    from kiosk.printing.service import ReceiptPrinting
    from kiosk.qt import i18n

    printing = ReceiptPrinting(make_printer(cfg.printer), kiosk.background,
                               language=i18n.current_language)
    printing.attach(kiosk.controller)
    data_dir = Path(cfg.data_dir) if cfg.data_dir else kconfig.default_data_dir()

    def bundle() -> Path:
        status = gather_status(cfg, kiosk.journal, printing.status)
        dest = data_dir / "diagnostics" / diagnostics.default_bundle_name()
        return diagnostics.write_bundle(dest, config=cfg, journal=kiosk.journal,
                                        status=status.as_dict(), log_dir=log_dir())

    admin = install_admin(
        kiosk.window, pin_hash=cfg.admin_pin_hash,
        status=lambda: gather_status(cfg, kiosk.journal, printing.status),
        bundle=bundle, quit_app=qt_app.quit, fullscreen=cfg.fullscreen,
        background=kiosk.background)

    def rerun_setup() -> None:
        from PySide6.QtCore import Qt

        from kiosk.setup_wizard.wizard import SetupWizard

        wizard = SetupWizard(existing=cfg, background=kiosk.background)
        wizard.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)

        def done(_: Path) -> None:
            log.info("setup ran again from admin mode: restarting with the new configuration")
            admin.lock.allow_close()
            qt_app.quit()  # the service manager starts the kiosk again (docs/deploy-*.md)

        wizard.completed.connect(done)
        wizard.showFullScreen()
        admin.setup_wizard = wizard

    admin.setup_requested.connect(rerun_setup)
    if cfg.fullscreen:
        kiosk.window.showFullScreen()
    return Installed(cfg, printing, admin)
