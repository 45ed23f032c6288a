"""The demo panel shows each demo patient's voucher QR: a token the backend's reference insurer
signed, which the camera path reads back and the backend resolves to that patient."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.app import backend_config
from kiosk.client import BackendClient
from kiosk.client.errors import BackendRejected
from kiosk.demo.fixtures import fetch_demo_voucher
from kiosk.domain.demo import demo_patient
from kiosk.domain.reasons import Decision


def test_a_demo_voucher_is_signed_by_the_backend_names_no_person_and_is_single_use(
        voucher_backend):
    backend = voucher_backend
    config = backend_config(backend.base_url, backend.kiosk_token)
    voucher = fetch_demo_voucher(config, "eligible")
    assert voucher.token not in repr(voucher) and voucher.expires_at
    patient = demo_patient("eligible")
    for personal in (patient.ssn, patient.name, patient.card_number):
        assert personal not in voucher.token
    assert fetch_demo_voucher(config, "eligible").token != voucher.token  # a fresh one
    with BackendClient(config) as client:
        assert client.voucher_eligibility(voucher.token).decision is Decision.ELIGIBLE
        with pytest.raises(BackendRejected) as refused:
            client.voucher_eligibility(voucher.token)
    assert refused.value.code == "voucher_reused"
    with pytest.raises(BackendRejected):
        fetch_demo_voucher(config, "nobody")


def _shown(panel: Any) -> str:
    from kiosk.scanner.qimage import codes_in

    found = codes_in(panel.voucher_qr.pixmap().toImage())
    assert len(found) == 1
    return found[0]


def test_the_panel_shows_every_demo_patients_signed_voucher_and_it_decodes(
        qtbot, voucher_backend, background):
    from kiosk.demo.panel import DEMO_VOUCHERS, DemoPanel

    config = backend_config(voucher_backend.base_url, voucher_backend.kiosk_token)
    panel = DemoPanel(config, {}, background)
    qtbot.addWidget(panel)
    panel.show()
    expected = {"eligible": Decision.ELIGIBLE, "first_time": Decision.NOT_LINKED,
                "not_eligible": Decision.NOT_ELIGIBLE}
    with BackendClient(config) as client:
        for index, (key, _label) in enumerate(DEMO_VOUCHERS):
            panel.voucher_patient.setCurrentIndex(index)
            qtbot.waitUntil(lambda: bool(panel.voucher), timeout=10_000)
            assert _shown(panel) == panel.voucher
            if key in expected:
                assert client.voucher_eligibility(panel.voucher).decision is expected[key]
    shown = panel.voucher
    panel.voucher_timer.timeout.emit()  # the minute is up: a new code, as in the phone app
    qtbot.waitUntil(lambda: panel.voucher not in ("", shown), timeout=10_000)
    assert _shown(panel) == panel.voucher


def test_without_a_backend_the_panel_says_so_and_shows_no_stale_code(qtbot, background):
    from kiosk.client import BackendConfig
    from kiosk.demo.panel import DemoPanel

    panel = DemoPanel(BackendConfig(base_url="http://127.0.0.1:9", token="t",
                                    allow_plain_http=True), {}, background)
    qtbot.addWidget(panel)
    said = panel.tr("could not get a voucher: {error}").format(error="BackendOffline")
    qtbot.waitUntil(lambda: panel.status.text() == said, timeout=15_000)
    assert panel.voucher == "" and panel.voucher_qr.pixmap().isNull()
    assert not panel.scan_button.isEnabled()


def test_the_embedded_demo_backend_issues_the_demo_vouchers(tmp_path):
    from kiosk.demo.backend import EmbeddedBackend

    embedded = EmbeddedBackend(tmp_path / "demo-backend")
    embedded.start()
    try:
        assert embedded.wait_ready(60.0)
        config = backend_config(embedded.base_url, embedded.kiosk_token)
        token = fetch_demo_voucher(config, "cross_unfiled").token
        with BackendClient(config) as client:
            answer = client.voucher_eligibility(token)
        assert answer.decision is Decision.NOT_ELIGIBLE
        assert "cross_province_not_filed" in answer.reasons
        assert answer.region is not None and answer.region.cls == "cross_province"
        assert answer.region.filed is False
    finally:
        embedded.stop()
