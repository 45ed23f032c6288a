"""Private files and the one logging setup of the kiosk, the counter and the backend.

Everything these programs write holds (or may hold) personal data or secrets: the backend's
database, the kiosk's journal, logs, diagnostics bundles, setup output, credentials. So every
such file is created 0600 and its folder 0700, whatever the process's umask:
``private_dir(path)``, ``private_file(path)`` and ``private_database(path)`` make them so (and
take the group and other bits off a file that already exists).

``install_logging(path)`` is the one logging setup: the root logger goes to a rotating file at
``path`` (0600, rotated files too; 1 MB, 5 kept, UTF-8) and, optionally, stderr; every record
first passes ``kiosk.domain.privacy.PersonalDataFilter``. It also routes unhandled exceptions
(``sys.excepthook``, ``threading.excepthook``) through the same handlers, so a crash's message
is scrubbed like any other line. The Qt programs add a Qt message handler that logs through it
(``kiosk.qt.messages_log``). It lives in the domain, stdlib only, because the backend may
import nothing else of ours; the kiosk's and the backend's wrappers choose the folder.

Threads: call ``install_logging`` once on the main thread before anything logs (again in tests:
it replaces what it installed); the handlers are thread-safe.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.domain.privacy import PersonalDataFilter

FILE_MODE = 0o600
DIR_MODE = 0o700
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s %(threadName)s %(message)s"
_OURS = "_kiosk_handler"
_crash_log = logging.getLogger("kiosk.crash")


def private_dir(path: str | os.PathLike[str], *, tighten: bool = True) -> Path:
    """Create ``path`` and its missing parents 0700; returns it.

    With ``tighten`` (a folder of our own: logs, the journal's) an existing ``path`` is made
    0700 too; without it (the folder a database URL happens to name) it is left as it is.
    """
    directory = Path(path)
    missing = [p for p in (directory, *directory.parents) if not p.exists()]
    directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    for created in missing:
        os.chmod(created, DIR_MODE)
    if tighten:
        os.chmod(directory, DIR_MODE)
    return directory


def private_database(path: str | os.PathLike[str]) -> Path:
    """A SQLite file 0600 before SQLite opens it (its -wal and -shm take the file's mode),
    and any -wal/-shm left from before made 0600 too."""
    file = private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{file}{suffix}")
        if side.exists():
            os.chmod(side, FILE_MODE)
    return file


def private_file(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` empty if missing, without a moment at a wider mode, and make it 0600.

    An existing file keeps its content but loses any group and other permission, and is
    never opened: closing any descriptor of a SQLite file drops every POSIX lock this process
    holds on it (SQLite's locks are per process), so another connection's next checkpoint
    could take the write-ahead log from under a live connection and lose its commits.
    """
    file = Path(path)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    os.chmod(file, FILE_MODE)
    return file


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A ``RotatingFileHandler`` whose current and rotated files are all 0600."""

    def _open(self) -> Any:
        private_file(self.baseFilename)
        return super()._open()

    def doRollover(self) -> None:
        super().doRollover()
        for number in range(1, self.backupCount + 1):
            rotated = Path(f"{self.baseFilename}.{number}")
            if rotated.exists():
                os.chmod(rotated, FILE_MODE)


def _log_unhandled(kind: type[BaseException], value: BaseException,
                   tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    _crash_log.critical("unhandled %s", kind.__name__, exc_info=(kind, value, tb))


def _log_unhandled_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    thread = args.thread.name if args.thread else "?"
    _crash_log.critical("unhandled %s in thread %s", args.exc_type.__name__, thread,
                        exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


def install_logging(path: str | os.PathLike[str], *, level: str | int = "INFO",
                    console: bool = True) -> Path:
    """Send the root logger to ``path`` (and stderr), scrubbed; returns the file's path.

    Its folder is made 0700 and the files 0600. Calling it again replaces the handlers it
    installed before.
    """
    file = Path(path)
    private_dir(file.parent)  # the log folder is ours
    remove_logging()
    root = logging.getLogger()
    scrubber = PersonalDataFilter()
    formatter = logging.Formatter(FORMAT)
    handlers: list[logging.Handler] = [PrivateRotatingFileHandler(
        file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        setattr(handler, _OURS, True)
        handler.addFilter(scrubber)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    sys.excepthook = _log_unhandled
    threading.excepthook = _log_unhandled_in_thread
    return file


def remove_logging() -> None:
    """Take off the handlers ``install_logging`` installed and restore the exception hooks."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()
    if sys.excepthook is _log_unhandled:
        sys.excepthook = sys.__excepthook__
    if threading.excepthook is _log_unhandled_in_thread:
        threading.excepthook = threading.__excepthook__


def log_files(path: str | os.PathLike[str]) -> list[Path]:
    """The log file at ``path`` and its rotated predecessors (``.1``, ``.2``...), by name."""
    file = Path(path)
    return sorted(file.parent.glob(file.name + "*"), key=lambda p: p.name)
