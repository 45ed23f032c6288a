"""An insurer that does not answer a scanned voucher, on the real stack: the development backend's
reference insurer is scripted to time out (``POST /v1/admin/rehearsal/faults``, the rehearsal
of ``kiosk.server.rehearsal``), a demo patient's signed voucher is scanned by the virtual
serial scanner at the real kiosk, and:

- the patient is told the insurance service is not answering, in the kiosk's words, with the
  way on (the card, or scan again in a moment);
- the kiosk is not put out of service (the backend answered: it is the insurer that did not);
- once the fault is used up and cleared, the next scan goes through to check-in.

``kiosk``, ``voucher_backend`` and ``scanner`` as in ``test_voucher_journeys``.
"""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.app.scanning import ScannerSpec
from kiosk.domain.reasons import Reason
from kiosk.flow.session import State
from kiosk.ui import messages
from tests.app.screens import texts, wait_screen
from tests.scanner.test_voucher_journeys import checks, scanner, scanner_ready, voucher
from tests.support.server_proc import session

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "openpty"),
                                reason="the virtual serial scanner needs a POSIX pty")

__all__ = ["scanner"]  # the virtual serial scanner's fixture, shared


def rehearse(backend: Any, method: str, body: dict[str, Any] | None = None) -> Any:
    """Script (POST) or clear (DELETE) the reference services' faults, as a supervisor."""
    r = session().request(method, f"{backend.base_url}/v1/admin/rehearsal/faults", json=body,
                          headers={"Authorization":
                                   f"Bearer {backend.staff_token('supervisor')}"},
                          timeout=30)
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_an_insurer_that_does_not_answer_a_scan_is_told_and_the_kiosk_stays_in_service(
        qtbot, kiosk, voucher_backend, scanner) -> None:
    app = kiosk(scanner=ScannerSpec("serial", str(scanner.link)), watch_cards=False)
    scanner_ready(qtbot, app)
    wait_screen(qtbot, app, State.ATTRACT)
    asked = checks(app)
    fault = rehearse(voucher_backend, "POST", {"target": "insurer", "operation": "eligibility",
                                               "fault": "timeout", "times": 3})
    assert fault["remaining"] == 3
    for attempt in (1, 2):  # the patient scans, is told, and tries again: told again
        scanner.scan(voucher(voucher_backend))
        qtbot.waitUntil(lambda n=attempt: len(asked) == n, timeout=15_000)
        insurer_unavailable_shown(qtbot, app)
    assert rehearse(voucher_backend, "DELETE") == {"cleared": 1}  # the insurer answers again
    scanner.scan(voucher(voucher_backend))  # taken on the refusal's screen, like a card
    wait_screen(qtbot, app, State.CHECK_IN)
    assert len(asked) == 3
    assert not app.controller.session.view().out_of_service


def insurer_unavailable_shown(qtbot: Any, app: Any) -> None:
    """The error screen says the insurance service is not answering, in the kiosk's words,
    and the kiosk stays in service: the backend answered, only the insurer did not."""
    qtbot.waitUntil(lambda: getattr(app.controller.session.view().error, "code", "")
                    == Reason.INSURER_UNAVAILABLE, timeout=15_000)
    screen = wait_screen(qtbot, app, State.ERROR)
    shown = texts(screen)
    for words in messages.tr_message(messages.for_reason(Reason.INSURER_UNAVAILABLE)):
        assert words in shown, shown
    assert not app.controller.session.view().out_of_service
