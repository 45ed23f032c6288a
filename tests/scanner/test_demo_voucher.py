"""The demo panel shows each demo patient's voucher QR, and the camera path reads it back."""

from __future__ import annotations

import pytest

from kiosk.demo.fixtures import DEMO_VOUCHER_PREFIX, demo_voucher_payload
from kiosk.domain.demo import demo_patient
from kiosk.domain.scan import ScannedCode
from kiosk.scanner.camera import Frame, PixelFormat, decode_frame


def test_the_demo_voucher_is_marked_unsigned_and_names_no_person():
    payload = demo_voucher_payload("eligible", issued_at=1_800_000_000, nonce="00ff")
    assert payload == (f"{DEMO_VOUCHER_PREFIX};patient=eligible;issued=1800000000;"
                       "nonce=00ff")
    assert "UNSIGNED" in payload
    patient = demo_patient("eligible")
    for personal in (patient.ssn, patient.name, patient.card_number):
        assert personal not in payload
    assert demo_voucher_payload("eligible") != demo_voucher_payload("eligible")  # fresh nonce
    with pytest.raises(KeyError):
        demo_voucher_payload("nobody")


def test_the_panel_shows_every_demo_patients_voucher_qr_and_it_decodes(qtbot, background):
    from PySide6.QtGui import QImage

    from kiosk.client import BackendConfig
    from kiosk.demo.panel import DEMO_VOUCHERS, DemoPanel

    panel = DemoPanel(BackendConfig(base_url="https://127.0.0.1:9", token="t"), {}, background)
    qtbot.addWidget(panel)
    panel.show()
    for index, (key, _label) in enumerate(DEMO_VOUCHERS):
        panel.voucher_patient.setCurrentIndex(index)
        assert f";patient={key};" in panel.voucher
        image = panel.voucher_qr.pixmap().toImage().convertToFormat(
            QImage.Format.Format_Grayscale8)
        frame = Frame(bytes(image.constBits()), image.width(), image.height(),
                      PixelFormat.GREY, stride=image.bytesPerLine())
        found = decode_frame(frame)
        assert [c.text for c in found if isinstance(c, ScannedCode)] == [panel.voucher]
    shown = panel.voucher
    panel.voucher_timer.timeout.emit()  # the minute is up: a new code, as in the phone app
    assert panel.voucher != shown and f";patient={DEMO_VOUCHERS[-1][0]};" in panel.voucher
