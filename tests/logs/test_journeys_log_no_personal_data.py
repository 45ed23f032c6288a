"""Whole journeys of all three programs leave no personal data in any log file.

The kiosk (a card read, check-in, the department's charges, the bill, the one-tap settlement)
and the counter station (staff sign in, find a patient by ID number, open the patient) run in
this process with the kiosk's logging installed at DEBUG; the backend runs as its own process
with its logging at DEBUG in a folder of the test's. Requests carrying personal data the
backend must refuse (an ID number, a Latin-script name, a phone number and a birth date in a
malformed body, an ID number in a query) are sent too. Then every log file of the three is
read: none holds a demo patient's name, ID number, card number or birth date, nor the injected
phone number or Latin-script name, while each shows its journey was logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.citizen_id import check_digit
from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.journal.logs import log_files, remove_handlers, setup_logging
from tests.app.conftest import kiosk as kiosk  # the whole kiosk, as the app tests build it
from tests.support import server_proc

PHONE = "13812345678"
LATIN_NAME = "Zhang Weiming"
UNKNOWN_ID = "99010119800101123" + check_digit("99010119800101123")  # nobody's: not found


@pytest.fixture
def backend(tmp_path: Path, backend_template: Any,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[server_proc.Backend]:
    """The seeded backend of ``tests/conftest.py``, logging at DEBUG into the test's folder."""
    monkeypatch.setenv("KIOSK_SERVER_LOG_DIR", str(tmp_path / "server-logs"))
    server = server_proc.Backend(tmp_path / "backend", template=backend_template,
                                 log_level="debug")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def secrets() -> list[str]:
    found = [PHONE, LATIN_NAME, UNKNOWN_ID]
    for patient in DEMO_PATIENTS:
        found += [patient.name, patient.ssn, patient.card_number,
                  patient.birth_date.isoformat(), patient.birth_date.strftime("%Y%m%d")]
    return found


def refused_requests(backend: server_proc.Backend) -> None:
    """Requests that carry personal data and that the backend refuses: none may reach a log."""
    patient = DEMO_PATIENTS[0]
    http = server_proc.session()
    kiosk_auth = {"Authorization": f"Bearer {backend.kiosk_token}"}
    bad_card = {"ssn": patient.ssn, "name": LATIN_NAME, "phone": PHONE,
                "birth_date": patient.birth_date.isoformat(), "card_number": 7}
    answer = http.post(f"{backend.base_url}/v1/eligibility", json={"card": bad_card},
                       headers=kiosk_auth, timeout=30)
    assert answer.status_code == 422
    answer = http.post(f"{backend.base_url}/v1/eligibility",
                       data=f'{{"card": {{"ssn": "{patient.ssn}", "name": "{LATIN_NAME}"'.encode(),
                       headers={**kiosk_auth, "Content-Type": "application/json"}, timeout=30)
    assert answer.status_code == 422
    answer = http.get(f"{backend.base_url}/v1/patients", params={"ssn": patient.ssn,
                                                                "phone": PHONE},
                      headers=kiosk_auth, timeout=30)
    assert answer.status_code in (401, 403, 404, 405, 422)


@pytest.mark.pcsc
def test_whole_journeys_of_kiosk_counter_and_backend_log_no_personal_data(
        qtbot, kiosk, backend, virtual_card, tmp_path: Path) -> None:
    from tests.counter.conftest import open_counter
    from tests.printing.test_printing import _settle_journey

    app_logs = tmp_path / "app-logs"
    setup_logging(app_logs, level="DEBUG", console=False)
    try:
        # the kiosk: a whole journey to the receipt
        app = kiosk()
        _settle_journey(qtbot, app, backend, virtual_card)
        # the counter: staff find a patient by ID number and open the patient's account
        counter = open_counter(qtbot, backend, tmp_path / "counter")
        counter.sign_in("clerk")
        counter.find("not_eligible")
        counter.window.patient.ssn_edit.setText(UNKNOWN_ID)  # a search that finds nobody
        counter.click(counter.window.patient.find_button)
        counter.wait(lambda: counter.controller.busy)
        counter.idle()
        refused_requests(backend)
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        remove_handlers()
    backend.stop()  # its logs written out

    app_text = "\n".join(p.read_text(encoding="utf-8") for p in log_files(app_logs))
    server_files = sorted((tmp_path / "server-logs").glob("*.log*"))
    server_text = "\n".join(p.read_text(encoding="utf-8") for p in server_files)
    # each program's journey was logged (so the scan below means something)
    assert "card event" in app_text
    assert "find_patient" in app_text  # the counter's search that found nobody
    assert server_files and "/v1/eligibility" in server_text and "/v1/visits/{visit_id}" in \
        server_text
    for secret in secrets():
        assert secret not in app_text, f"personal data in the kiosk's or counter's logs: {secret}"
        assert secret not in server_text, f"personal data in the backend's logs: {secret}"
