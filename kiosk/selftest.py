"""``kiosk --self-test``: can this installed kiosk run? Checks without a screen.

One line per check, ``<name>: ok[ (detail)]`` or ``<name>: FAIL: <reason>``, exit status 1 if
any check failed, 0 otherwise. The checks, in order:

- ``config``: the configuration file (``kiosk.config``) exists and is valid;
- ``qt``: a ``QApplication`` starts on the offscreen platform;
- ``font``: the shipped CJK font loads;
- ``translations``: the compiled translations of every language load;
- ``pcsc``: pyscard's native module loads and the PC/SC service answers
  (``SCardEstablishContext`` + ``SCardListReaders``); the configured reader, if any, is present;
- ``journal``: the journal in the data directory opens and takes a write;
- ``backend``: ``/v1/health`` answers;
- ``backend-auth``: an authenticated call (``GET /v1/departments``) with this kiosk's token.

Reasons are codes and exception class names, never tokens or personal data.
Runs on the main thread; the backend calls block (there is no event loop yet).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk import config as kconfig


class CheckFailed(Exception):
    pass


@dataclass
class Context:
    config: kconfig.KioskConfig | None = None
    app: Any = None


def check_config(ctx: Context) -> str:
    try:
        ctx.config = kconfig.load_config_file(kconfig.config_path())
    except kconfig.ConfigError as exc:
        raise CheckFailed(f"{exc.code} ({exc.key})" if exc.key else exc.code) from exc
    return str(kconfig.config_path())


def check_qt(ctx: Context) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    ctx.app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "kiosk"])
    return f"PySide6 {pyside_version}, platform {ctx.app.platformName()}"


def check_font(ctx: Context) -> str:
    if ctx.app is None:
        raise CheckFailed("qt_not_started")
    from kiosk.qt import theme

    return theme.load_fonts()


def check_translations(ctx: Context) -> str:
    if ctx.app is None:
        raise CheckFailed("qt_not_started")
    from PySide6.QtCore import QTranslator

    from kiosk.qt import i18n

    loaded = []
    for lang in i18n.LANGUAGES:
        qm = i18n.translations_dir() / f"kiosk_{lang}.qm"
        translator = QTranslator()
        if not qm.exists() or not translator.load(str(qm)):
            raise CheckFailed(f"cannot_load {qm.name}")
        loaded.append(lang)
    zh = QTranslator()
    zh.load(str(i18n.translations_dir() / "kiosk_zh_CN.qm"))
    if not zh.translate("TopBar", "Large text"):
        raise CheckFailed("zh_CN has no text for the top bar")
    return ", ".join(loaded)


def check_pcsc(ctx: Context) -> str:
    try:
        from kiosk.card import list_readers
    except ImportError as exc:
        raise CheckFailed(f"pyscard_missing ({type(exc).__name__})") from exc
    from kiosk.domain.card import CardError, CardErrorCode

    try:
        readers = list_readers()
    except CardError as exc:
        if exc.code == CardErrorCode.READER_SERVICE_UNAVAILABLE:
            raise CheckFailed(f"no_pcsc_service ({exc.detail})") from exc
        raise CheckFailed(f"list_readers ({exc.detail})") from exc
    wanted = ctx.config.reader if ctx.config else ""
    if wanted and wanted not in readers:
        raise CheckFailed(f"configured reader not present ({len(readers)} readers seen)")
    return f"{len(readers)} reader(s)"


def data_dir(config: kconfig.KioskConfig | None) -> Path:
    if config and config.data_dir:
        return Path(config.data_dir)
    if os.environ.get("KIOSK_DATA_DIR"):
        return Path(os.environ["KIOSK_DATA_DIR"])
    return kconfig.default_data_dir()


def check_journal(ctx: Context) -> str:
    from kiosk.journal import Journal

    directory = data_dir(ctx.config)
    directory.mkdir(parents=True, exist_ok=True)
    with Journal.open(directory / "journal.sqlite3") as journal:
        journal.set_setting("last_self_test", datetime.now(UTC).isoformat(timespec="seconds"))
        pending = len(journal.open_entries())
    return f"{pending} open settlement(s)"


def _client(ctx: Context):  # type: ignore[no-untyped-def]
    if ctx.config is None:
        raise CheckFailed("no_config")
    from kiosk.client import BackendClient, BackendConfig

    cfg = ctx.config
    cert = (cfg.client_cert, cfg.client_key) if cfg.client_cert and cfg.client_key else None
    return BackendClient(BackendConfig(base_url=cfg.backend_url, token=cfg.token,
                                       ca_bundle=cfg.ca_bundle, client_cert=cert))


def _backend_error(exc: Exception) -> CheckFailed:
    code = getattr(exc, "code", None) or type(exc).__name__
    return CheckFailed(str(code))


def _ask_backend(ctx: Context, question: Callable[[Any], Any]) -> Any:
    """``question(client)``; a backend failure becomes the check's failure code."""
    from kiosk.client import BackendError

    with _client(ctx) as client:
        try:
            return question(client)
        except BackendError as exc:
            raise _backend_error(exc) from exc


def check_backend(ctx: Context) -> str:
    return f"status {_ask_backend(ctx, lambda client: client.health()).status}"


def check_backend_auth(ctx: Context) -> str:
    departments = _ask_backend(ctx, lambda client: client.departments())
    return f"{len(departments)} department(s)"


CHECKS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("config", check_config),
    ("qt", check_qt),
    ("font", check_font),
    ("translations", check_translations),
    ("pcsc", check_pcsc),
    ("journal", check_journal),
    ("backend", check_backend),
    ("backend-auth", check_backend_auth),
)


def run(out: Callable[[str], None] = print) -> int:
    ctx = Context()
    failed = 0
    for name, check in CHECKS:
        try:
            detail = check(ctx)
        except CheckFailed as exc:
            failed += 1
            out(f"{name}: FAIL: {exc}")
        except Exception as exc:  # a self-test reports everything, it never crashes
            failed += 1
            out(f"{name}: FAIL: {type(exc).__name__}: {str(exc)[:200]}")
        else:
            out(f"{name}: ok" + (f" ({detail})" if detail else ""))
    out("self-test: " + ("ok" if not failed else f"FAIL ({failed} check(s) failed)"))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    def out(line: str) -> None:
        print(line, flush=True)

    return run(out)
