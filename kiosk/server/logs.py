"""The backend's log files: the one logging setup (``kiosk.domain.files.install_logging``:
rotating ``server.log``, folder 0700, files 0600, every line through the personal-data
scrubber, unhandled exceptions too), in the folder ``--log-dir``, ``$KIOSK_SERVER_LOG_DIR``,
else platformdirs' user log dir for ``kiosk-server`` (``~/.local/state/kiosk-server/log``).

uvicorn is run with ``log_config=None``, so its own loggers (``uvicorn``, ``uvicorn.error``)
propagate to these handlers instead of writing unscrubbed to stderr; each uvicorn worker
process calls ``setup_server_logging`` again from the environment (``LOG_DIR_ENV``).

Threads: set up once per process on its main thread, before the app is built.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kiosk.domain.files import install_logging

LOG_DIR_ENV = "KIOSK_SERVER_LOG_DIR"
LOG_LEVEL_ENV = "KIOSK_SERVER_LOG_LEVEL"
LOG_FILE = "server.log"


def server_log_dir(given: str | None = None) -> Path:
    if given:
        return Path(given)
    if os.environ.get(LOG_DIR_ENV):
        return Path(os.environ[LOG_DIR_ENV])
    return Path(platformdirs.user_log_dir("kiosk-server", appauthor=False))


def setup_server_logging(directory: str | None = None, level: str | None = None,
                         console: bool = True) -> Path:
    """Install the backend's logging; returns the log file's path. Records the folder and
    level in the environment, for uvicorn's worker processes."""
    folder = server_log_dir(directory)
    level = (level or os.environ.get(LOG_LEVEL_ENV) or "info").upper()
    os.environ[LOG_DIR_ENV] = str(folder)
    os.environ[LOG_LEVEL_ENV] = level
    return install_logging(folder / LOG_FILE, level=level, console=console)
