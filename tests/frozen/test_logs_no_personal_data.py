"""The kiosk's log files hold no personal data: a whole journey (check in, departments post
charges, settle, receipt) runs with the rotating log file installed, then the files are
scanned for the demo patients' names, ID numbers and card numbers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.journal.logs import PersonalDataFilter, log_files, scrub, setup_logging
from kiosk.printing.printers import make_printer
from kiosk.printing.service import ReceiptPrinting


def test_the_filter_scrubs_what_slips_through(tmp_path: Path) -> None:
    patient = DEMO_PATIENTS[0]
    assert scrub(f"{patient.name} {patient.ssn} {patient.card_number} rid=ab12") == \
        "[text] [id] [card] rid=ab12"
    path = setup_logging(tmp_path, console=False)
    logging.getLogger("kiosk.test").warning("holder %s id %s", patient.name, patient.ssn)
    try:
        raise ValueError(patient.card_number)
    except ValueError:
        logging.getLogger("kiosk.test").exception("failed")
    text = path.read_text(encoding="utf-8")
    assert patient.name not in text and patient.ssn not in text
    assert patient.card_number not in text and "[card]" in text
    assert any(isinstance(f, PersonalDataFilter) for h in logging.getLogger().handlers
               for f in h.filters)


@pytest.mark.pcsc
def test_journey_logs_hold_no_personal_data(qtbot, kiosk, backend, virtual_card,
                                            tmp_path: Path) -> None:
    from tests.printing.test_printing import _settle_journey

    log_dir = tmp_path / "logs"
    setup_logging(log_dir, level="DEBUG", console=False)
    app = kiosk()
    pdf = tmp_path / "receipt.pdf"
    printing = ReceiptPrinting(make_printer(f"pdf:{pdf}"), app.background)
    printing.attach(app.controller)
    _settle_journey(qtbot, app, backend, virtual_card)
    qtbot.waitUntil(lambda: printing.status.state == "ok", timeout=10000)
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = log_files(log_dir)
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    assert "card event" in text and "receipt printed" in text  # the journey was logged
    for patient in DEMO_PATIENTS:
        for secret in (patient.name, patient.ssn, patient.card_number):
            assert secret not in text, f"{patient.key}: personal data in the logs"
