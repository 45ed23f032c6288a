"""What admin mode shows: the reader, the backend, the printer and the journal, as plain data.

``gather_status(config, journal, printer_status)`` asks PC/SC for its readers, the backend for
its health and (with the kiosk's token) its departments, and the journal for its open
settlements. Every answer is a short code or count, never personal data.

The texts are English templates (context ``AdminStatus`` in ``kiosk_*.ts``) shown in the
app's language where a translator is installed (admin mode); ``kiosk admin`` on a shell has
no Qt app and prints English.

Threads: ``gather_status`` blocks (PC/SC, HTTP): call it through ``kiosk.qt.background``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.config import KioskConfig


def _say(template: str, **values: Any) -> str:
    return QCoreApplication.translate("AdminStatus", template).format(**values)


@dataclass(frozen=True, slots=True)
class AdminStatus:
    reader: str
    reader_ok: bool
    backend: str
    backend_ok: bool
    printer: str
    printer_ok: bool
    journal: str
    journal_ok: bool
    open_settlements: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def reader_status(wanted: str) -> tuple[str, bool]:
    try:
        from kiosk.card import list_readers
    except ImportError:
        return (_say(QT_TRANSLATE_NOOP("AdminStatus", "pyscard missing")), False)
    from kiosk.domain.card import CardError, CardErrorCode

    try:
        readers = list_readers()
    except CardError as exc:
        if exc.code != CardErrorCode.NO_READER:
            return (_say(QT_TRANSLATE_NOOP("AdminStatus", "PC/SC service not available")),
                    False)
        readers = []
    if wanted:
        template = (QT_TRANSLATE_NOOP("AdminStatus", "{reader}: present") if wanted in readers
                    else QT_TRANSLATE_NOOP("AdminStatus", "{reader}: MISSING"))
        return (_say(template, reader=wanted), wanted in readers)
    return (", ".join(readers) if readers else _say(QT_TRANSLATE_NOOP("AdminStatus", "no reader")),
            bool(readers))


def backend_status(config: KioskConfig | None) -> tuple[str, bool]:
    if config is None:
        return (_say(QT_TRANSLATE_NOOP("AdminStatus", "not configured")), False)
    from kiosk.client import BackendClient, BackendConfig, BackendError

    cert = (config.client_cert, config.client_key) if config.client_cert else None
    backend = BackendConfig(base_url=config.backend_url, token=config.token,
                            ca_bundle=config.ca_bundle, client_cert=cert, deadline=8.0)
    try:
        with BackendClient(backend) as client:
            client.health()
            count = len(client.departments())
    except BackendError as exc:
        return (f"{type(exc).__name__} {getattr(exc, 'code', '') or ''}".strip(), False)
    return (_say(QT_TRANSLATE_NOOP("AdminStatus", "ok, token accepted, {count} departments"),
                 count=count), True)


def journal_status(journal: Any) -> tuple[str, bool, int]:
    if journal is None:
        return (_say(QT_TRANSLATE_NOOP("AdminStatus", "not open")), False, 0)
    try:
        entries = journal.open_entries()
    except Exception as exc:  # a broken journal is exactly what admin mode must show
        return (_say(QT_TRANSLATE_NOOP("AdminStatus", "error {error}"),
                     error=type(exc).__name__), False, 0)
    if not entries:
        return (_say(QT_TRANSLATE_NOOP("AdminStatus", "ok, no settlement waiting")), True, 0)
    states = sorted({str(e.state) for e in entries})
    return (_say(QT_TRANSLATE_NOOP("AdminStatus", "{count} settlement(s) waiting ({states})"),
                 count=len(entries), states=", ".join(states)), True, len(entries))


def printer_text(printer_status: Any) -> tuple[str, bool]:
    if printer_status is None:
        return (_say(QT_TRANSLATE_NOOP("AdminStatus", "no printer")), True)
    if printer_status.state == "fault":
        return (_say(QT_TRANSLATE_NOOP("AdminStatus", "{printer}: FAULT {fault} at {at}"),
                     printer=printer_status.printer, fault=printer_status.fault,
                     at=printer_status.at), False)
    return (f"{printer_status.printer}: {printer_status.state}", True)


def gather_status(config: KioskConfig | None, journal: Any, printer_status: Any) -> AdminStatus:
    reader, reader_ok = reader_status(config.reader if config else "")
    backend, backend_ok = backend_status(config)
    printer, printer_ok = printer_text(printer_status)
    journal_text, journal_ok, pending = journal_status(journal)
    return AdminStatus(reader, reader_ok, backend, backend_ok, printer, printer_ok,
                       journal_text, journal_ok, pending)
