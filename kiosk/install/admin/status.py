"""What admin mode shows: the reader, the QR scanner (where one is configured), the backend,
the clock, the printer and the journal, as plain data.

``gather_status(config, journal, printer_status, scanner_live)`` runs the health checks of
``kiosk.install.health`` (the same ones ``--self-test`` and the setup run) and words their
results for the admin panel. Every answer is a short code or count, never personal data. A
clock more than two minutes off the backend's also turns the backend's line into a warning
(the panel has no line of its own for it yet), saying by how much.

The texts are English templates (context ``AdminStatus`` in ``kiosk_*.ts``) shown in the
app's language where a translator is installed (admin mode); ``kiosk admin`` on a shell has
no Qt app and prints English.

Threads: ``gather_status`` blocks (PC/SC, HTTP, a journal write): call it through the app's
``kiosk.qt.background.Background``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.install import health
from kiosk.install.config import KioskConfig
from kiosk.install.health import CheckResult


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
    clock: str = ""
    clock_ok: bool = True
    scanner: str = ""  # "" where no QR scanner is configured: the panel shows no line for it
    scanner_ok: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def reader_text(result: CheckResult, wanted: str) -> str:
    if result.code == "pyscard_missing":
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "pyscard missing"))
    if result.code == "no_pcsc_service":
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "PC/SC service not available"))
    if wanted:
        template = (QT_TRANSLATE_NOOP("AdminStatus", "{reader}: present") if result.ok
                    else QT_TRANSLATE_NOOP("AdminStatus", "{reader}: MISSING"))
        return _say(template, reader=wanted)
    return (", ".join(result.items) if result.items
            else _say(QT_TRANSLATE_NOOP("AdminStatus", "no reader")))


def backend_text(results: list[CheckResult], configured: bool) -> str:
    if not configured:
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "not configured"))
    failure = health.first_failure(results)
    if failure is not None:
        return f"{failure.name}: {failure.code}"
    return _say(QT_TRANSLATE_NOOP("AdminStatus", "ok, token accepted, {count} departments"),
                count=results[-1].count)


def clock_text(result: CheckResult) -> str:
    if result.code == "clock_off":
        return _say(QT_TRANSLATE_NOOP("AdminStatus",
                                      "clock OFF by {offset}: set this PC's time"),
                    offset=result.detail)
    if not result.ok:
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "clock not checked ({error})"),
                    error=result.code)
    if not result.detail or result.detail.startswith("not told"):
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "clock unknown: the backend tells no time"))
    return _say(QT_TRANSLATE_NOOP("AdminStatus", "clock ok ({offset})"), offset=result.detail)


def journal_text(result: CheckResult) -> str:
    if result.code == "not_open":
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "not open"))
    if not result.ok:
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "error {error}"), error=result.code)
    if not result.count:
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "ok, no settlement waiting"))
    return _say(QT_TRANSLATE_NOOP("AdminStatus", "{count} settlement(s) waiting ({states})"),
                count=result.count, states=", ".join(result.items))


def printer_text(result: CheckResult, spec: str, printer_status: Any) -> str:
    if printer_status is not None and printer_status.state == "fault":
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "{printer}: FAULT {fault} at {at}"),
                    printer=printer_status.printer, fault=printer_status.fault,
                    at=printer_status.at)
    if spec == "none" and printer_status is None:
        return _say(QT_TRANSLATE_NOOP("AdminStatus", "no printer"))
    name = printer_status.printer if printer_status is not None else spec
    state = printer_status.state if printer_status is not None else "idle"
    return f"{name}: {state if result.ok else result.code}"


def scanner_text(result: CheckResult, spec: str) -> str:
    """The configured scanner and what the installer should do about it, in words."""
    words = health.SCANNER_FINDINGS.get(result.code)
    return f"{spec.strip()}: {_say(words) if words is not None else result.code}"


def gather_status(config: KioskConfig | None, journal: Any, printer_status: Any,
                  scanner_live: str | None = None) -> AdminStatus:
    """``scanner_live``: the running kiosk's scanner state (``Heartbeat.scanner``), None
    where no kiosk runs (``kiosk admin status`` on a shell)."""
    wanted = config.reader if config else ""
    scanner_spec = config.scanner if config else ""
    scanner = health.scanner_checks(scanner_spec, scanner_live)
    spec = config.printer if config else "none"
    reader, printer, journal_result = health.run_checks([
        ("reader", lambda: health.check_reader(wanted)),
        ("printer", lambda: health.check_printer(spec, printer_status)),
        ("journal", lambda: health.check_journal(journal)),
    ])
    backend = health.check_backend_config(config)
    backend_ok = health.first_failure(backend) is None
    [clock] = (health.run_checks([("clock", lambda: health.check_clock(config))])
               if backend_ok else [health.failed("clock", "not_reached")])
    backend_line = backend_text(backend, config is not None)
    if clock.code == "clock_off":
        backend_line += "; " + clock_text(clock)
    return AdminStatus(reader_text(reader, wanted), reader.ok,
                       backend_line, backend_ok and clock.code != "clock_off",
                       printer_text(printer, spec, printer_status), printer.ok,
                       journal_text(journal_result), journal_result.ok, journal_result.count,
                       clock_text(clock), clock.ok,
                       scanner=scanner_text(scanner[0], scanner_spec) if scanner else "",
                       scanner_ok=all(result.ok for result in scanner))
