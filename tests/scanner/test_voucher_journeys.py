"""The e-insurance QR voucher as a second way in, end to end: the real kiosk (window, controller,
runner, journal, client) against the real backend, the demo patients' vouchers signed by its
reference insurer, scanned by a virtual serial scanner on a pseudo-terminal (the real
``SerialScanner`` reads it). A keyboard-mode scan's journey, its keys typed into the real
window, is in ``test_keyboard_window.py``. Taps are ``qtbot.mouseClick`` on the real screens;
waits are ``qtbot.waitUntil``, never sleeps.

No card reader is used: the voucher is the way in (``watch_cards=False``). ``kiosk`` and
``voucher_backend`` come from ``tests/scanner/conftest.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import backend_config
from kiosk.app.scanning import ScannerSpec
from kiosk.demo.fixtures import fetch_demo_voucher, post_demo_charges
from kiosk.domain.reasons import Reason
from kiosk.flow import session as fs
from kiosk.flow.session import ScannerState, State
from kiosk.scanner.virtual import VirtualSerialScanner
from kiosk.server.insurer import open_voucher, sign_voucher
from kiosk.ui import messages
from tests.app.screens import Taps, receipt_screen_shows, texts, wait_screen

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "openpty"),
                                reason="the virtual serial scanner needs a POSIX pty")


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[VirtualSerialScanner]:
    with VirtualSerialScanner(tmp_path / "scanner") as virtual:
        yield virtual


def voucher(backend: Any, key: str = "eligible") -> str:
    return fetch_demo_voucher(backend_config(backend.base_url, backend.kiosk_token), key).token


def checks(app: Any) -> list[fs.CheckVoucher]:
    """Every voucher the kiosk has asked the backend about (from now on)."""
    asked: list[fs.CheckVoucher] = []
    app.controller.effect_started.connect(
        lambda effect: asked.append(effect) if isinstance(effect, fs.CheckVoucher) else None)
    return asked


def scanner_ready(qtbot: Any, app: Any) -> None:
    qtbot.waitUntil(lambda: app.controller.session.view().scanner == ScannerState.READY,
                    timeout=10_000)


def check_in(qtbot: Any, app: Any) -> int:
    taps = Taps(qtbot)
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    taps.tap(screen.tiles["INT"])
    qtbot.waitUntil(lambda: screen.confirm.isVisible())
    taps.tap(screen.confirm)
    ticket = wait_screen(qtbot, app, State.TICKET)
    visit_id = app.controller.session.view().ticket.visit_id
    taps.tap(ticket.done)  # no card to take: straight back to the attract screen
    wait_screen(qtbot, app, State.ATTRACT)
    assert taps.count == 3
    return int(visit_id)


def pay(qtbot: Any, app: Any, backend: Any, visit_id: int) -> None:
    taps = Taps(qtbot)
    taps.tap(wait_screen(qtbot, app, State.ITINERARY).pay)
    bill = wait_screen(qtbot, app, State.BILL)
    taps.tap(bill.pay)
    wait_screen(qtbot, app, State.RECEIPT)
    receipt = app.controller.session.view().receipt
    assert receipt is not None and receipt.visit_id == visit_id
    receipt_screen_shows(app.window, receipt)
    assert backend.counts(visit_id)["settlements"] == 1
    taps.tap(app.window.screens[State.RECEIPT].done)
    wait_screen(qtbot, app, State.ATTRACT)
    assert app.controller.session.view().patient is None  # the session's data is wiped


def test_a_serial_scan_drives_a_whole_journey_to_settlement(qtbot, kiosk, voucher_backend,
                                                            scanner) -> None:
    app = kiosk(scanner=ScannerSpec("serial", str(scanner.link)), watch_cards=False)
    scanner_ready(qtbot, app)
    attract = wait_screen(qtbot, app, State.ATTRACT)
    assert attract.scan.title.isVisible()  # the second way in, said before any scan
    assert attract.scan.title.text() in texts(attract)
    scanner.scan(voucher(voucher_backend))
    visit_id = check_in(qtbot, app)
    post_demo_charges(backend_config(voucher_backend.base_url, voucher_backend.kiosk_token),
                      voucher_backend.department_tokens, visit_id=visit_id)
    scanner.scan(voucher(voucher_backend))  # the phone app's next code
    pay(qtbot, app, voucher_backend, visit_id)


def insurer_key(backend: Any) -> bytes:
    with sqlite3.connect(backend.db_path) as conn:
        (key_hex,) = conn.execute("SELECT key_hex FROM ref_insurer_keys").fetchone()
    return bytes.fromhex(key_hex)


def refused_with(qtbot: Any, app: Any, code: str) -> Any:
    """The error screen for ``code`` shows its words (in the kiosk's language), "scan again"
    among them."""
    qtbot.waitUntil(lambda: getattr(app.controller.session.view().error, "code", "") == code,
                    timeout=10_000)
    screen = wait_screen(qtbot, app, State.ERROR)
    error = app.controller.session.view().error
    message = (messages.SCAN_MESSAGES[code] if error.source == "scan"
               else messages.for_reason(code))
    assert message.next_step in (messages.SCAN_AGAIN, messages.SCAN_MESSAGES["unreadable"]
                                 .next_step)
    shown = texts(screen)
    for words in messages.tr_message(message):
        assert words in shown, shown
    return screen


def test_expired_forged_and_reused_codes_are_refused_with_their_words_then_scan_again(
        qtbot, kiosk, voucher_backend, scanner) -> None:
    app = kiosk(scanner=ScannerSpec("serial", str(scanner.link)), watch_cards=False)
    scanner_ready(qtbot, app)
    wait_screen(qtbot, app, State.ATTRACT)
    good = voucher(voucher_backend)
    token_id, _expires = open_voucher(insurer_key(voucher_backend), good)
    expired = sign_voucher(insurer_key(voucher_backend), bytes.fromhex(token_id),
                           datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5))
    scanner.scan(expired)
    refused_with(qtbot, app, Reason.VOUCHER_EXPIRED)
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    scanner.scan(forged)  # a new scan is taken on the refusal's screen
    refused_with(qtbot, app, Reason.VOUCHER_FORGED)
    scanner.scan(good)
    wait_screen(qtbot, app, State.CHECK_IN)
    Taps(qtbot).tap(app.window.screens[State.CHECK_IN].finish)
    wait_screen(qtbot, app, State.ATTRACT)
    scanner.scan(good)  # the same code a second time
    screen = refused_with(qtbot, app, Reason.VOUCHER_REUSED)
    Taps(qtbot).tap(screen.finish)  # "Back": the attract screen, no card to take
    wait_screen(qtbot, app, State.ATTRACT)
    scanner.send(b"\x00\x01\x02garbage\r\n")  # not a code at all
    refused_with(qtbot, app, "unreadable")


def test_scanner_unplugged_and_plugged_again_mid_session(qtbot, kiosk, voucher_backend,
                                                        scanner) -> None:
    app = kiosk(scanner=ScannerSpec("serial", str(scanner.link)), watch_cards=False)
    scanner_ready(qtbot, app)
    scanner.scan(voucher(voucher_backend))
    screen = wait_screen(qtbot, app, State.CHECK_IN)
    scanner.unplug()
    qtbot.waitUntil(lambda: app.controller.session.view().scanner == ScannerState.REMOVED,
                    timeout=10_000)
    assert app.controller.session.view().state == State.CHECK_IN  # the patient carries on
    assert app.window.current_screen() is screen
    scanner.plug()
    scanner_ready(qtbot, app)
    check_in_taps = Taps(qtbot)
    check_in_taps.tap(screen.tiles["INT"])
    qtbot.waitUntil(lambda: screen.confirm.isVisible())
    check_in_taps.tap(screen.confirm)
    Taps(qtbot).tap(wait_screen(qtbot, app, State.TICKET).done)
    attract = wait_screen(qtbot, app, State.ATTRACT)
    scanner.unplug()
    qtbot.waitUntil(lambda: attract.scan.notice.isVisible(), timeout=10_000)
    assert attract.scan.notice.text() in texts(attract)  # "the code scanner was unplugged"
    scanner.plug()
    qtbot.waitUntil(lambda: attract.scan.title.isVisible(), timeout=10_000)
    scanner.scan(voucher(voucher_backend))  # scans work again after the replug
    wait_screen(qtbot, app, State.ITINERARY)
