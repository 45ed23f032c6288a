"""The one set of health checks: can this kiosk read cards, reach its backend with its token,
write its journal, show its texts and print?

``kiosk --self-test`` (``kiosk.install.selftest``), admin mode's status
(``kiosk.install.admin.status``) and the setup (``kiosk.install.setup``) all call these; none
of them checks anything by itself. Each check returns a ``CheckResult(name, ok, code,
detail, count, items)``:

- ``code``: ``"ok"`` or a machine-readable failure code; ``detail``: a short fact (a version,
  a file name, the failing key); ``count`` and ``items``: what was counted or seen (readers,
  departments, open settlements and their states). Never a token, a PIN or patient data.

The checks:

- ``check_config(path)``: the installed file exists and validates (codes of
  ``kiosk.install.config.ConfigError``);
- ``check_qt()``, ``check_fonts()``, ``check_translations()``: a ``QApplication`` starts
  (offscreen when there is no platform), the shipped CJK font loads, every language's
  compiled translations load (``qt_not_started``, ``cannot_load``, ``zh_CN_incomplete``);
- ``check_speech()``: the offline voice (espeak-ng from the ``espeakng-loader`` wheel, in the
  packaged build too) renders a short Mandarin phrase to sound (``speech_unavailable``,
  ``silent``; detail: the phrase's length in seconds);
- ``check_reader(wanted)``: pyscard loads, the PC/SC service answers, a reader is present and
  so is one the reader pin takes (``pyscard_missing``, ``no_pcsc_service``, ``no_reader``,
  ``reader_missing``); ``seen_readers()`` is the list behind it (the setup's choice);
- ``check_scanner(spec, live)``: the QR scanner the configuration's ``scanner`` key names
  opens as its watcher would open it, then is let go (``kiosk.scanner.spec.probe``); None
  when none is configured (nothing to say; ``scanner_checks`` then gives no result). Its
  codes, each with words for the installer in ``SCANNER_FINDINGS`` (the detail: the
  configured place, then those words):
  ``scanner_invalid``, ``scanner_baudrate_invalid`` (the key itself), ``scanner_missing``
  (nothing there: not plugged in, or another path), ``scanner_no_permission`` (the kiosk's
  user may not open it: the dialout group, or the udev rule of ``docs/deploy-linux.md``),
  ``scanner_in_use`` (another program holds it), ``scanner_unavailable`` (there but not
  usable otherwise). ``live``: the running kiosk's own view (``Heartbeat.scanner``): while
  its watcher reads the scanner the device is not opened a second time. ``keyboard:window``
  has nothing to open on any system and passes, its words (``window``) saying that a
  scanner not plugged in cannot be seen from the window;
- ``check_backend(url, token, ...)``: two results, ``backend`` (``/v1/health`` answers) and
  ``backend-auth`` (``GET /v1/departments`` with the token); failures are classified by
  ``kiosk.client.errors.classify``, the one classifier (``offline``, ``timeout``,
  ``failure``, ``tls``, the backend's refusal code such as ``unauthenticated``), or the
  configuration's codes for answers that cannot work (``backend_url_invalid``...);
- ``check_clock(config)``: the kiosk's clock against the backend's (the offset, with the round
  trip's uncertainty: ``kiosk.domain.clock``); ``clock_off`` (detail: the offset) when it is
  surely off by more than two minutes, ok with the offset otherwise, or with "not told" when
  the backend tells no time. Each reading also corrects the kiosk's dated records
  (``kiosk.domain.clock.backend_clock``);
- ``check_journal(journal)`` / ``check_journal_dir(directory)``: the journal takes a write
  and counts the settlements still open;
- ``check_printer(spec, status, reach)``: the printer string is valid; with ``reach``, a
  network printer accepts a connection and a Qt printer is installed; a fault the receipt
  printing remembered (``status``) fails it.

The safety checks, ``safety_checks(config)``: what an installed kiosk needs to be safe. If
one fails the kiosk does not serve patients: it shows the out-of-service screen naming it
(``kiosk.install.outofservice``), and the self-test fails with the same lines:

- ``check_tls_material(config)`` (``tls``): the configured CA bundle, client certificate and
  key exist and load (``file_missing``, ``tls_material_invalid``, detail: the key);
- ``check_pin_gate(config)`` (``pin``): the admin PIN hash is usable (``pin_hash_invalid``);
- ``check_reader_pin(pattern)`` (``reader-pin``): the reader is pinned, and not to a virtual
  reader (``reader_not_pinned``, ``reader_pin_virtual``; ``kiosk.install.readerpin``);
- ``check_no_virtual_reader()`` (``virtual-reader``): PC/SC offers no virtual reader
  (``virtual_reader_present``, items: those readers).

``run_checks(checks)`` runs a sequence of ``(name, check)`` and turns any exception into a
failing result (``code``: the exception's class name), so a caller never crashes on one.

Threads: every check blocks (PC/SC, HTTP, files); from the GUI, call them through the app's
``kiosk.qt.background.Background``. ``check_qt``, ``check_fonts`` and
``check_translations`` touch Qt and run on the main thread (the self-test has no event loop).
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.install import config as kconfig
from kiosk.install import readerpin
from kiosk.install.pin import is_pin_hash

OK = "ok"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's answer; no personal data, no secrets."""

    name: str
    ok: bool
    code: str = OK
    detail: str = ""
    count: int = 0
    items: tuple[str, ...] = ()


def passed(name: str, detail: str = "", count: int = 0,
           items: Iterable[str] = ()) -> CheckResult:
    return CheckResult(name, True, OK, detail, count, tuple(items))


def failed(name: str, code: str, detail: str = "") -> CheckResult:
    return CheckResult(name, False, code, detail)


def first_failure(results: Sequence[CheckResult]) -> CheckResult | None:
    return next((result for result in results if not result.ok), None)


def run_checks(checks: Iterable[tuple[str, Callable[[], CheckResult]]]) -> list[CheckResult]:
    """Each check in turn; an exception is that check's failure, not the caller's crash."""
    results = []
    for name, check in checks:
        try:
            results.append(check())
        except Exception as exc:  # a health check reports everything, it never crashes
            results.append(failed(name, type(exc).__name__))
    return results


# -- configuration ----------------------------------------------------------------------------


def check_config(path: Path | None = None) -> tuple[CheckResult, kconfig.KioskConfig | None]:
    """The installed file validates (its certificate files are ``check_tls_material``'s)."""
    path = path or kconfig.config_path()
    try:
        config = kconfig.load_config_file(path, check_files=False)
    except kconfig.ConfigError as exc:
        return failed("config", exc.code, exc.key), None
    return passed("config", str(path)), config


# -- Qt: the application, fonts, translations -------------------------------------------------


def check_qt() -> CheckResult:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "kiosk"])
    return passed("qt", f"PySide6 {pyside_version}, platform {app.platformName()}")


def _qt_started() -> bool:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() is not None


def check_fonts() -> CheckResult:
    if not _qt_started():
        return failed("font", "qt_not_started")
    from kiosk.qt import theme

    return passed("font", theme.load_fonts())


def check_translations() -> CheckResult:
    if not _qt_started():
        return failed("translations", "qt_not_started")
    from PySide6.QtCore import QTranslator

    from kiosk.qt import i18n

    loaded = []
    for lang in i18n.LANGUAGES:
        qm = i18n.translations_dir() / f"kiosk_{lang}.qm"
        translator = QTranslator()
        if not qm.exists() or not translator.load(str(qm)):
            return failed("translations", "cannot_load", qm.name)
        loaded.append(lang)
    zh = QTranslator()
    zh.load(str(i18n.translations_dir() / "kiosk_zh_CN.qm"))
    if not zh.translate("TopBar", "Large text"):
        return failed("translations", "zh_CN_incomplete")
    return passed("translations", ", ".join(loaded), len(loaded))


SPEECH_PROBE = "请插入医保卡"  # "please insert your medical insurance card": no personal data


def check_speech() -> CheckResult:
    """The voice guidance's engine loads and says a Mandarin phrase out loud (rendered to
    samples, not played): at least a quarter second of sound, not all silence. For the
    self-test only: espeak-ng is one per process, and a running kiosk's ``Speaker`` owns it."""
    from kiosk.qt import speech

    try:
        synthesizer = speech.Synthesizer()
    except speech.SpeechUnavailable as error:
        return failed("speech", "speech_unavailable", str(error)[:80])
    pcm = synthesizer.render(SPEECH_PROBE, "zh_CN")
    samples = memoryview(pcm).cast("h") if len(pcm) % 2 == 0 else memoryview(b"").cast("h")
    seconds = len(samples) / synthesizer.rate
    if seconds < 0.25 or max((abs(v) for v in samples), default=0) < 500:
        return failed("speech", "silent", f"{seconds:.1f} s")
    return passed("speech", f"cmn, {seconds:.1f} s")


# -- the card reader --------------------------------------------------------------------------


class _NoReaders(Exception):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _readers() -> list[str]:
    """The readers PC/SC offers now. Raises ``_NoReaders(code)`` without PC/SC."""
    try:
        from kiosk.card import list_readers
    except ImportError as exc:
        raise _NoReaders("pyscard_missing") from exc
    from kiosk.domain.card import CardError, CardErrorCode

    try:
        return list(list_readers())
    except CardError as exc:
        if exc.code == CardErrorCode.NO_READER:
            return []
        raise _NoReaders("no_pcsc_service") from exc


def seen_readers() -> list[str] | None:
    """The readers seen now; ``None`` when pyscard or the PC/SC service is missing."""
    try:
        return _readers()
    except _NoReaders:
        return None


def check_reader(wanted: str = "") -> CheckResult:
    """A reader is present, and so is one the pin ``wanted`` takes if one is configured."""
    try:
        readers = _readers()
    except _NoReaders as exc:
        return failed("reader", exc.code)
    if wanted and not any(readerpin.matches(wanted, reader) for reader in readers):
        return CheckResult("reader", False, "reader_missing", wanted, len(readers),
                           tuple(readers))
    if not readers:
        return failed("reader", "no_reader")
    return passed("reader", f"{len(readers)} reader(s)", len(readers), readers)


def check_reader_pin(pattern: str) -> CheckResult:
    problem = readerpin.pin_problem(pattern)
    if problem:
        return failed("reader-pin", problem, pattern)
    return passed("reader-pin", pattern)


def check_no_virtual_reader() -> CheckResult:
    """No virtual reader is offered (without PC/SC there is none: ``reader`` says so)."""
    try:
        readers = _readers()
    except _NoReaders:
        return passed("virtual-reader", "no PC/SC")
    virtual = readerpin.virtual_readers(readers)
    if virtual:
        return CheckResult("virtual-reader", False, "virtual_reader_present",
                           ", ".join(virtual), len(virtual), tuple(virtual))
    return passed("virtual-reader", "none")


# -- the QR scanner ---------------------------------------------------------------------------

# What each scanner finding asks of the installer: English here (the self-test's lines), the
# admin panel shows them translated (context AdminStatus).
SCANNER_FINDINGS: dict[str, str] = {
    "ok": QT_TRANSLATE_NOOP("AdminStatus", "ready"),
    "window": QT_TRANSLATE_NOOP(
        "AdminStatus", "read through the kiosk's window: ready while the kiosk runs, plugged in "
                       "or not (test it with a scan)"),
    "scanner_invalid": QT_TRANSLATE_NOOP(
        "AdminStatus",
        "the scanner setting is not none, serial:PORT[@BAUD], keyboard:DEVICE or camera:DEVICE"),
    "scanner_baudrate_invalid": QT_TRANSLATE_NOOP(
        "AdminStatus", "the scanner's speed must be a number from 300 to 4000000"),
    "scanner_missing": QT_TRANSLATE_NOOP(
        "AdminStatus", "no scanner there: plug it in, or set the path `kiosk scanner list` shows"),
    "scanner_no_permission": QT_TRANSLATE_NOOP(
        "AdminStatus", "the kiosk's user may not open it: add the dialout group (serial), the "
                       "video group (camera) or the scanner's udev rule (keyboard mode), see "
                       "deploy-linux.md"),
    "scanner_in_use": QT_TRANSLATE_NOOP(
        "AdminStatus",
        "another program holds it (a running kiosk, a terminal): close that program"),
    "scanner_unavailable": QT_TRANSLATE_NOOP(
        "AdminStatus", "there but cannot be opened: unplug it and plug it in again"),
}


def check_scanner(spec: str, live: str | None = None) -> CheckResult | None:
    """``scanner``: the configured QR scanner can be opened; None when none is configured.
    ``live``: the running kiosk's scanner state (``kiosk.flow.heartbeat``), ``ok`` while its
    watcher reads the device (then it is not opened again), None where no kiosk runs."""
    from kiosk.scanner.spec import (
        ScannerSpecError,
        is_window,
        parse_scanner,
        probe,
        probe_finding,
    )

    try:
        parsed = parse_scanner(spec)
    except ScannerSpecError as exc:
        return failed("scanner", str(exc), SCANNER_FINDINGS[str(exc)])
    if parsed is None:
        return None
    where = f"{parsed.kind}:{parsed.where}"
    if is_window(parsed):  # nothing to open, on any system: the kiosk's window reads it
        return passed("scanner", f"{where}: {SCANNER_FINDINGS['window']}")
    if live == "ok":
        return passed("scanner", f"{where}: {SCANNER_FINDINGS['ok']}")
    error = probe(parsed)
    if error is None:
        return passed("scanner", f"{where}: {SCANNER_FINDINGS['ok']}")
    code = probe_finding(error)
    return failed("scanner", code, f"{where}: {SCANNER_FINDINGS[code]}")


def scanner_checks(spec: str, live: str | None = None) -> list[CheckResult]:
    """``check_scanner`` for a list of results: none where no scanner is configured; an
    exception is the check's failure, as in ``run_checks``."""
    try:
        found = check_scanner(spec, live)
    except Exception as exc:  # a health check reports everything, it never crashes
        return [failed("scanner", type(exc).__name__)]
    return [] if found is None else [found]


# -- safety: what an installed kiosk needs to be safe -----------------------------------------


def check_tls_material(config: kconfig.KioskConfig) -> CheckResult:
    """The configured CA bundle and client certificate and key exist and load."""
    import ssl

    for key in ("ca_bundle", "client_cert", "client_key"):
        path = getattr(config, key)
        if path and not Path(path).is_file():
            return failed("tls", "file_missing", key)
    context = ssl.create_default_context()
    for key, load in (("ca_bundle", lambda: context.load_verify_locations(config.ca_bundle)),
                      ("client_cert", lambda: context.load_cert_chain(config.client_cert or "",
                                                                      config.client_key))):
        if getattr(config, key):
            try:
                load()
            except (ssl.SSLError, OSError, ValueError):
                return failed("tls", "tls_material_invalid", key)
    return passed("tls", "CA bundle " + ("configured" if config.ca_bundle else "default"))


def check_pin_gate(config: kconfig.KioskConfig) -> CheckResult:
    if not is_pin_hash(config.admin_pin_hash):
        return failed("pin", "pin_hash_invalid")
    return passed("pin")


def safety_checks(config: kconfig.KioskConfig) -> list[CheckResult]:
    """Everything an installed kiosk needs to be safe, in order (see the module docstring)."""
    return run_checks([
        ("tls", lambda: check_tls_material(config)),
        ("pin", lambda: check_pin_gate(config)),
        ("reader-pin", lambda: check_reader_pin(config.reader)),
        ("virtual-reader", check_no_virtual_reader),
    ])


# -- the backend ------------------------------------------------------------------------------


def failure_code(error: BaseException) -> str:
    """A backend failure as a check's code, through the one classifier."""
    from kiosk.client.errors import BackendTlsError, FailureKind, classify

    if isinstance(error, BackendTlsError):
        return "tls"  # a certificate problem, not a network blip: say so
    failure = classify(error)
    if failure.kind is FailureKind.REJECTED:
        return failure.code or "rejected"
    return failure.kind.value


def check_backend(url: str, token: str, ca_bundle: str = "", client_cert: str = "",
                  client_key: str = "", *, deadline: float = 8.0,
                  check_files: bool = True) -> list[CheckResult]:
    """``backend`` (the backend answers ``/v1/health``) and ``backend-auth`` (it accepts the
    token for ``GET /v1/departments``; ``count``: the departments). When the first fails the
    second fails with ``not_reached``."""
    from kiosk.client import BackendConfig

    try:
        url = kconfig.check_backend_answers(url.strip(), token.strip(), ca_bundle,
                                            client_cert, client_key, check_files=check_files)
    except kconfig.ConfigError as exc:
        return [failed("backend", exc.code, exc.key), failed("backend-auth", "not_reached")]
    backend = BackendConfig(base_url=url, token=token.strip(), ca_bundle=ca_bundle or None,
                            client_cert=(client_cert, client_key) if client_cert else None,
                            deadline=deadline)
    [reached] = run_checks([("backend", lambda: _ask(backend, "health"))])
    if not reached.ok:
        return [reached, failed("backend-auth", "not_reached")]
    return [reached, *run_checks([("backend-auth", lambda: _ask(backend, "departments"))])]


def _ask(backend: Any, question: str) -> CheckResult:
    from kiosk.client import BackendClient, BackendError

    name = "backend" if question == "health" else "backend-auth"
    with BackendClient(backend) as client:
        try:
            answer = getattr(client, question)()
        except BackendError as exc:
            return failed(name, failure_code(exc))
    if question == "health":
        return passed(name, f"status {answer.status}")
    return passed(name, f"{len(answer)} department(s)", len(answer))


def check_backend_config(config: kconfig.KioskConfig | None,
                         deadline: float = 8.0) -> list[CheckResult]:
    if config is None or config.embedded:
        return [failed("backend", "no_config"), failed("backend-auth", "not_reached")]
    return check_backend(config.backend_url, config.token, config.ca_bundle or "",
                         config.client_cert or "", config.client_key or "",
                         deadline=deadline, check_files=False)


def check_clock(config: kconfig.KioskConfig | None, deadline: float = 8.0) -> CheckResult:
    """``clock``: is this PC's clock within two minutes of the backend's?"""
    from kiosk.client import BackendClient, BackendConfig, BackendError
    from kiosk.domain.clock import clock_verdict

    if config is None or config.embedded:
        return failed("clock", "no_config")
    backend = BackendConfig(
        base_url=config.backend_url, token=config.token, ca_bundle=config.ca_bundle or None,
        client_cert=(config.client_cert, config.client_key or "") if config.client_cert
        else None, deadline=deadline)
    with BackendClient(backend) as client:
        try:
            offset = client.server_clock()
        except BackendError as exc:
            return failed("clock", failure_code(exc))
    if offset is None:
        return passed("clock", "not told by the backend")
    verdict = clock_verdict(offset)
    if verdict == "off":
        return failed("clock", "clock_off", offset.describe())
    if verdict == "unsure":
        return passed("clock", f"{offset.describe()}, the round trip too long to be sure")
    return passed("clock", offset.describe())


# -- the journal ------------------------------------------------------------------------------


def check_journal(journal: Any) -> CheckResult:
    """The open journal takes a write; ``count``: open settlements, ``items``: their states."""
    if journal is None:
        return failed("journal", "not_open")
    journal.set_setting("last_health_check", datetime.now(UTC).isoformat(timespec="seconds"))
    entries = journal.open_entries()
    states = sorted({str(entry.state) for entry in entries})
    return passed("journal", f"{len(entries)} open settlement(s)", len(entries), states)


def check_journal_dir(directory: Path) -> CheckResult:
    """The journal in ``directory`` opens and takes a write."""
    from kiosk.journal import Journal

    directory.mkdir(parents=True, exist_ok=True)
    with Journal.open(directory / "journal.sqlite3") as journal:
        return check_journal(journal)


# -- the printer ------------------------------------------------------------------------------


def check_escpos(host: str, port: int, timeout: float = 3.0) -> CheckResult:
    """A network printer accepts a TCP connection."""
    if not host or not 0 < port < 65536:
        return failed("printer", "printer_invalid")
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return passed("printer", f"escpos:{host}:{port}")
    except TimeoutError:
        return failed("printer", "timeout")
    except OSError:
        return failed("printer", "offline")


def check_printer(spec: str, status: Any = None, *, reach: bool = True) -> CheckResult:
    """The configured printer. ``status``: the receipt printing's ``PrinterStatus`` (a fault
    it remembered fails the check, ``detail``: the fault code); ``reach``: also knock on the
    printer (a network printer's port, a Qt printer's installation). The self-test does not
    knock: a printer fault never keeps the kiosk from running."""
    try:
        kind, where, port = kconfig.check_printer_spec(spec)
    except kconfig.ConfigError as exc:
        return failed("printer", exc.code)
    if status is not None and status.state == "fault":
        return failed("printer", "fault", str(status.fault))
    if reach and kind == "escpos":
        return check_escpos(where, port)
    if reach and kind == "qt":
        from kiosk.printing.printers import available_qt_printers

        if where not in available_qt_printers():
            return failed("printer", "not_installed")
    return passed("printer", spec)
