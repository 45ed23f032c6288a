"""Qt's own messages (warnings, criticals, fatals from Qt and QML) into our logging.

Without a handler Qt prints them to stderr, and from there they reach the system journal
unscrubbed. ``install()`` routes each through the logger ``qt``, so they pass the one logging
setup's personal-data scrubber like any other line (``kiosk.domain.files.install_logging``).

Threads: Qt may call the handler from any thread; logging is thread-safe. Call ``install``
once, on the GUI thread, after the logging setup.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "default"
    log.log(_LEVELS.get(kind, logging.WARNING), "%s: %s", category, message)


def install() -> None:
    """Send Qt's messages to the logger ``qt`` from now on."""
    qInstallMessageHandler(_handle)
