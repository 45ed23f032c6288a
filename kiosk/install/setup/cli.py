"""``kiosk setup``: the first-run setup screen, or a roll-out file.

    kiosk setup                      the touch setup (full screen with --fullscreen)
    kiosk setup --from-file FILE     validate FILE and install it as this kiosk's configuration
    kiosk setup --check FILE         validate FILE only (exit 0 valid, 2 invalid)

Errors print as ``kiosk setup: <code> (<key>)`` and exit 2; nothing is written then.
``run_wizard`` is also what ``kiosk.app`` shows at the first start of a packaged kiosk, with
the app's ``Background``. Threads: main (GUI) thread.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.install import config as kconfig

if TYPE_CHECKING:
    from kiosk.qt.background import Background


def run_wizard(fullscreen: bool = False, language: str = "zh_CN",
               background: Background | None = None) -> int:
    """Show the setup until it completes (0) or the window is closed (1). Without a
    ``background`` (``kiosk setup`` on its own) it runs its checks on one of its own."""
    from PySide6.QtWidgets import QApplication

    from kiosk.install.setup.wizard import SetupWizard
    from kiosk.qt import background as qt_background
    from kiosk.qt import i18n, theme

    app = QApplication.instance() or QApplication([sys.argv[0]])
    theme.apply_app_font(app)
    with contextlib.suppress(RuntimeError, OSError):
        i18n.install_translator(app, language)
    existing = None
    with contextlib.suppress(kconfig.ConfigError):
        existing = kconfig.load_config_file(check_files=False)
    own = background is None
    pool = qt_background.Background() if background is None else background
    wizard = SetupWizard(existing=existing, background=pool)
    done: list[Path] = []
    wizard.completed.connect(lambda path: (done.append(path), app.quit()))
    if fullscreen:
        wizard.showFullScreen()
    else:
        wizard.resize(1080, 1920)
        wizard.show()
    app.exec()
    wizard.close()
    if own:
        pool.shutdown()
    return 0 if done else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk setup", description=__doc__.splitlines()[0])
    parser.add_argument("--from-file", type=Path)
    parser.add_argument("--check", type=Path)
    parser.add_argument("--fullscreen", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.check:
            data = tomllib.loads(args.check.read_text(encoding="utf-8"))
            kconfig.check_rollout(data)
            print(f"kiosk setup: {args.check} is valid")
            return 0
        if args.from_file:
            path = kconfig.install_from_file(args.from_file)
            print(f"kiosk setup: configuration installed at {path}")
            return 0
    except kconfig.ConfigError as exc:
        print(f"kiosk setup: {exc.code}" + (f" ({exc.key})" if exc.key else ""),
              file=sys.stderr)
        return 2
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"kiosk setup: cannot read the file ({type(exc).__name__})", file=sys.stderr)
        return 2
    return run_wizard(fullscreen=args.fullscreen)
