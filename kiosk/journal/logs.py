"""The kiosk's and the counter's log files: rotating files in the platform's log directory,
no personal data.

``setup_logging()`` sends the root logger to ``<log dir>/kiosk.log`` (``file_name`` chooses
another, e.g. the counter's ``counter.log``; the folder is ``$KIOSK_LOG_DIR``, else
platformdirs' user log dir: ``~/.local/state/kiosk/log`` on Linux, ``%LOCALAPPDATA%\\kiosk\\Logs``
on Windows) through the one logging setup, ``kiosk.domain.files.install_logging``: folder 0700,
files 0600, every record through ``kiosk.domain.privacy.scrub`` (the rooms log correlation ids
and codes only; the scrubber is the second line of defence), unhandled exceptions logged the
same way.

``LOG_MARKER_ATTRACT`` is the line the app logs when the attract screen is first shown
(``bench/startup_frozen.py`` waits for it).

Threads: set up once on the main thread before anything logs; handlers are thread-safe.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kiosk.domain import files
from kiosk.domain.privacy import PersonalDataFilter, scrub

__all__ = ["LOG_FILE", "LOG_MARKER_ATTRACT", "PersonalDataFilter", "log_dir", "log_files",
           "remove_handlers", "scrub", "setup_logging"]

APP_NAME = "kiosk"
LOG_FILE = "kiosk.log"
COUNTER_LOG_FILE = "counter.log"
LOG_MARKER_ATTRACT = "kiosk.ready attract screen shown"


def log_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if env.get("KIOSK_LOG_DIR"):
        return Path(env["KIOSK_LOG_DIR"])
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(directory: Path | None = None, level: str | int | None = None,
                  console: bool = True, file_name: str = LOG_FILE) -> Path:
    """Install the rotating file handler (and stderr); returns the log file's path.

    Calling it again replaces the handlers it installed before (tests call it per test).
    """
    level = level or os.environ.get("KIOSK_LOG_LEVEL", "INFO")
    return files.install_logging((directory or log_dir()) / file_name, level=level,
                                 console=console)


def remove_handlers() -> None:
    """Take the handlers ``setup_logging`` installed off the root logger (tests)."""
    files.remove_logging()


def log_files(directory: Path | None = None) -> list[Path]:
    """The kiosk's and the counter's log files and their rotated predecessors, by name."""
    directory = directory or log_dir()
    return sorted(files.log_files(directory / LOG_FILE)
                  + files.log_files(directory / COUNTER_LOG_FILE), key=lambda p: p.name)
