"""The kiosk's log files: rotating files in the platform's log directory, no personal data.

``setup_logging()`` sends the root logger to ``<log dir>/kiosk.log`` (``$KIOSK_LOG_DIR``, else
platformdirs' user log dir: ``~/.local/state/kiosk/log`` on Linux, ``%LOCALAPPDATA%\\kiosk\\Logs``
on Windows), rotated at 1 MB with 5 old files kept, UTF-8, and to stderr. Every record passes
``PersonalDataFilter`` first: the rooms log correlation ids and codes only, and this filter is
the second line of defence - anything that still looks like a resident ID number, an insurance
card number or a Chinese name (CJK text) is replaced before it is written.

``LOG_MARKER_ATTRACT`` is the line the app logs when the attract screen is first shown
(``bench/startup_frozen.py`` waits for it).

Threads: set up once on the main thread before anything logs; handlers are thread-safe.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "kiosk"
LOG_FILE = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s %(threadName)s %(message)s"
LOG_MARKER_ATTRACT = "kiosk.ready attract screen shown"

_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
# Insurance card numbers: a letter and 8 digits (EF05 tag 07), standing alone.
_CARD_NUMBER = re.compile(r"(?<![0-9A-Za-z])[A-Z][0-9]{8}(?![0-9A-Za-z])")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def scrub(text: str) -> str:
    """``text`` with ID numbers, card numbers and CJK text replaced by placeholders."""
    text = _ID_NUMBER.sub("[id]", text)
    text = _CARD_NUMBER.sub("[card]", text)
    return _CJK.sub("[text]", text)


class PersonalDataFilter(logging.Filter):
    """Rewrites each record's message (and exception text) through ``scrub``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template only
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def log_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if env.get("KIOSK_LOG_DIR"):
        return Path(env["KIOSK_LOG_DIR"])
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(directory: Path | None = None, level: str | int | None = None,
                  console: bool = True) -> Path:
    """Install the rotating file handler (and stderr); returns the log file's path.

    Calling it again replaces the handlers it installed before (tests call it per test).
    """
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE
    remove_handlers()
    root = logging.getLogger()
    scrubber = PersonalDataFilter()
    formatter = logging.Formatter(FORMAT)
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handlers: list[logging.Handler] = [file_handler]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler._kiosk_handler = True  # type: ignore[attr-defined]  # marks ours: remove_handlers
        handler.addFilter(scrubber)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    level = level or os.environ.get("KIOSK_LOG_LEVEL", "INFO")
    root.setLevel(level.upper() if isinstance(level, str) else level)
    return path


def remove_handlers() -> None:
    """Take the handlers ``setup_logging`` installed off the root logger (tests)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk_handler", False):
            root.removeHandler(handler)
            handler.close()


def log_files(directory: Path | None = None) -> list[Path]:
    """The current log file and its rotated predecessors, newest first."""
    directory = directory or log_dir()
    return sorted(directory.glob(LOG_FILE + "*"), key=lambda p: p.name)
