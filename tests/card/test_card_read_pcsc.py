"""Reading cards on the real stack: private pcscd + vpcd + the virtual card, through the Python
API and through ``kiosk card read --json`` in a subprocess."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from smartcard import scard

from kiosk.card import list_readers, read_insurance_card
from kiosk.card.reader import read_connected
from kiosk.card.transport import PcscSession
from kiosk.card.virtual import CardBehaviour, CardData, card_data_for_demo
from kiosk.domain.card import CardError, CardErrorCode
from tests.support import pcsc

pytestmark = pytest.mark.pcsc

ROOT = Path(__file__).resolve().parents[2]
ELIGIBLE = {
    "ssn": "990101195603140023", "name": "林秀英", "gender": "female",
    "birth_date": "1956-03-14", "card_number": "A01234567", "region_code": "990101",
    "issue_date": "2021-05-10", "expiry_date": "2031-05-10", "spec_version": "3.00",
    "card_type": "1", "card_sn": "990101" + b"A012345670000".hex().upper(),
}
PLAIN_APDUS = 16  # SELECT DF, SELECT EF05, 7 records, SELECT EF06, 6 records


def kiosk_card(*args: str, timeout: float = 30) -> tuple[int, dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "card", *args], capture_output=True, text=True,
        timeout=timeout, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout.strip(), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def read_error(**kwargs) -> CardError:
    with pytest.raises(CardError) as err:
        read_insurance_card(**kwargs)
    return err.value


VARIANTS = {
    "t0": CardBehaviour(protocol="T=0"),
    "t1": CardBehaviour(protocol="T=1"),
    "chaining_61xx": CardBehaviour(chaining=8),
    "wrong_le_6cxx": CardBehaviour(wrong_le=True),
    "sparse_records": CardBehaviour(sparse_records=True),
    "select_p1_00": CardBehaviour(select_p1_zero_only=True),
    "sfi_only": CardBehaviour(sfi_only=True),
    "record_identifier": CardBehaviour(record_id_only=True),
    "all_quirks_t1": CardBehaviour(protocol="T=1", chaining=6, wrong_le=True,
                                   sparse_records=True, select_p1_zero_only=True),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_profile_variant_reads(virtual_card, variant):
    virtual_card("eligible", VARIANTS[variant])
    assert read_insurance_card(timeout=5).to_dict() == ELIGIBLE


def test_rare_name_through_the_cli(virtual_card):
    virtual_card("rare_name", CardBehaviour(protocol="T=1"))
    code, out = kiosk_card("read", "--json")
    assert code == 0 and out["name"] == "李䶮" and out["ssn"] == "990101199004150068"


def test_cli_reads_a_named_reader(virtual_card):
    virtual_card("first_time", port=pcsc.PORT_1)
    code, out = kiosk_card("read", "--json", "--reader", pcsc.READER_1)
    assert code == 0 and out["name"] == "陈建国"
    code, out = kiosk_card("read", "--json", "--reader", pcsc.READER_0)
    assert code == 1 and out["error"]["code"] == "no_card"


def test_cli_plain_output(virtual_card):
    virtual_card("eligible")
    proc = subprocess.run([sys.executable, "-m", "kiosk", "card", "read"], capture_output=True,
                          text=True, timeout=30, cwd=ROOT)
    assert proc.returncode == 0
    assert "card_number" in proc.stdout and "A01234567" in proc.stdout


def test_the_first_reader_holding_a_card_is_chosen(virtual_card):
    virtual_card("eligible", port=pcsc.PORT_1)
    assert read_insurance_card().ssn == ELIGIBLE["ssn"]


@pytest.mark.parametrize(
    ("key", "behaviour", "data", "code"),
    [
        ("expired", None, None, "card_expired"),
        ("third_generation", None, None, "secure_module_required"),
        ("eligible", CardBehaviour(not_social_security=True), None, "unsupported_card"),
        (None, None, CardData(ssn="110105194912310021"), "invalid_card_data"),
        (None, None, CardData(omit_tags=frozenset({0x09})), "invalid_card_data"),
        ("eligible", CardBehaviour(garbage_after=4), None, "card_unresponsive"),
    ],
)
def test_card_errors_through_the_cli(virtual_card, key, behaviour, data, code):
    virtual_card(key, behaviour, data=data)
    exit_code, out = kiosk_card("read", "--json")
    assert exit_code == 1
    assert out["error"]["code"] == code and out["error"]["message"]


@pytest.mark.parametrize(
    ("key", "behaviour", "code"),
    [
        ("expired", None, CardErrorCode.CARD_EXPIRED),
        ("third_generation", None, CardErrorCode.SECURE_MODULE_REQUIRED),
        ("eligible", CardBehaviour(not_social_security=True), CardErrorCode.UNSUPPORTED_CARD),
        ("eligible", CardBehaviour(garbage_after=0), CardErrorCode.CARD_UNRESPONSIVE),
    ],
)
def test_card_errors_through_the_api(virtual_card, key, behaviour, code):
    virtual_card(key, behaviour)
    assert read_error(timeout=5).code is code


def test_no_card(pcscd):
    assert read_error().code is CardErrorCode.NO_CARD
    code, out = kiosk_card("read", "--json")
    assert code == 1 and out["error"]["code"] == "no_card"


def test_no_reader(pcscd):
    pcscd.remove_reader()
    assert read_error().code is CardErrorCode.NO_READER
    assert read_error(reader="Virtual PCD 00 00").code is CardErrorCode.NO_READER
    code, out = kiosk_card("read", "--json")
    assert code == 1 and out["error"]["code"] == "no_reader"


def test_unknown_reader_name(pcscd):
    assert read_error(reader="No Such Reader 00 00").code is CardErrorCode.NO_READER


def test_list_readers_names_the_readers_and_reports_the_service_down(pcscd):
    assert list_readers() == [pcsc.READER_0, pcsc.READER_1]
    pcscd.stop()
    with pytest.raises(CardError) as err:
        list_readers()
    assert err.value.code is CardErrorCode.READER_SERVICE_UNAVAILABLE
    pcscd.start()
    assert list_readers() == [pcsc.READER_0, pcsc.READER_1]


def test_service_down_and_back(virtual_card, pcscd):
    card = virtual_card("eligible")
    pcscd.stop()
    assert read_error().code is CardErrorCode.READER_SERVICE_UNAVAILABLE
    code, out = kiosk_card("read", "--json")
    assert code == 1 and out["error"]["code"] == "reader_service_unavailable"
    pcscd.start()
    card.remove()
    card.insert()
    pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0), what="card")
    assert read_insurance_card().to_dict() == ELIGIBLE  # a new context after the restart


@pytest.mark.parametrize("index", range(PLAIN_APDUS))
def test_card_pulled_at_each_step_of_the_read(virtual_card, index):
    card = virtual_card("eligible", CardBehaviour(pull_after=index))
    assert read_error(timeout=5).code is CardErrorCode.CARD_REMOVED
    assert card.apdu_count == index + 1


def test_card_pulled_after_the_last_apdu_still_reads(virtual_card):
    virtual_card("eligible", CardBehaviour(pull_after=PLAIN_APDUS))
    assert read_insurance_card().to_dict() == ELIGIBLE


@pytest.mark.parametrize("mute_after", [0, 7])
def test_mute_card_gives_up(virtual_card, mute_after):
    # how soon it gives up after its timeout: bench/card_read.py
    card = virtual_card("eligible", CardBehaviour(mute_after=mute_after))
    error = read_error(timeout=1.0)
    assert error.code is CardErrorCode.CARD_UNRESPONSIVE
    # the abandoned read lets go of the reader once the mute card is pulled
    card.remove()
    pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0) is False, what="removal")
    virtual_card("eligible")
    assert read_insurance_card(timeout=5).to_dict() == ELIGIBLE


def test_mute_card_through_the_cli_exits_with_its_code(virtual_card):
    virtual_card("eligible", CardBehaviour(mute_after=0))
    code, out = kiosk_card("read", "--json", "--timeout", "1")
    assert code == 1 and out["error"]["code"] == "card_unresponsive"


def test_slow_card_reads(virtual_card):
    card = virtual_card("eligible", CardBehaviour(delay=0.045))
    assert read_insurance_card(timeout=5).to_dict() == ELIGIBLE
    assert card.apdu_count == PLAIN_APDUS


def test_reset_by_another_application_reconnects_and_reads_again(virtual_card, caplog):
    virtual_card("eligible")
    caplog.set_level(logging.INFO, logger="kiosk.card.reader")
    with PcscSession() as ours, PcscSession() as other:
        ours.connect(pcsc.READER_0)
        other.connect(pcsc.READER_0)
        hr, _ = scard.SCardReconnect(other.card, scard.SCARD_SHARE_SHARED,
                                     scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
                                     scard.SCARD_RESET_CARD)
        assert hr == scard.SCARD_S_SUCCESS
        files = read_connected(ours)
    assert "card was reset" in caplog.text
    assert len(files.ef06) == 6


def test_no_personal_data_in_logs(virtual_card, caplog):
    virtual_card("eligible", CardBehaviour(pull_after=12))
    caplog.set_level(logging.DEBUG, logger="kiosk")
    read_error(timeout=5)
    virtual_card("eligible", port=pcsc.PORT_1)
    read_insurance_card(reader=pcsc.READER_1)
    for secret in ("990101195603140023", "林秀英", "A01234567", "3335303132"):
        assert secret not in caplog.text


def test_demo_data_matches_the_demo_patients(virtual_card):
    virtual_card("not_eligible")
    record = read_insurance_card()
    data = card_data_for_demo("not_eligible")
    assert (record.ssn, record.name, record.expiry_date) == (data.ssn, data.name,
                                                           data.expiry_date)


def test_virtual_card_command_line(pcscd):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.card.virtual", "--demo", "third_generation"], cwd=ROOT,
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert "inserted" in proc.stdout.readline()
        pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0), what="card")
        assert read_error().code is CardErrorCode.SECURE_MODULE_REQUIRED
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
        pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0) is False, what="removal")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_virtual_card_command_line_refuses_an_unknown_patient():
    proc = subprocess.run([sys.executable, "-m", "kiosk.card.virtual", "--demo", "nobody"],
                          capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert proc.returncode == 2 and "nobody" in proc.stderr


def test_read_after_pcscd_restart_uses_a_new_context(virtual_card, pcscd):
    card = virtual_card("eligible")
    assert read_insurance_card().ssn == ELIGIBLE["ssn"]  # leaves its context for reuse
    pcscd.restart()  # that context now answers SCARD_E_NO_SERVICE forever
    card.remove()
    card.insert()
    pcsc.wait_for(lambda: pcsc.card_present(pcsc.READER_0), what="card")
    assert read_insurance_card().ssn == ELIGIBLE["ssn"]


# --- card authentication (profile 2) on the real stack -------------------------------------

CHALLENGE_HEX = "000102030405060708090A0B0C0D0E0F"


def _cryptogram_for(card_sn: str, challenge_hex: str = CHALLENGE_HEX) -> str:
    from kiosk.card import sm4
    from kiosk.domain.card import TEST_ISSUER_KEY

    k_card = sm4.encrypt_block(TEST_ISSUER_KEY, bytes.fromhex(card_sn))
    return sm4.encrypt_block(k_card, bytes.fromhex(challenge_hex)).hex().upper()


@pytest.mark.parametrize("behaviour", [CardBehaviour(), CardBehaviour(auth_get_response=True),
                                       CardBehaviour(protocol="T=1", wrong_le=True)],
                         ids=["t0", "t0_6110", "t1_6c10"])
def test_internal_authenticate_through_pcscd(virtual_card, behaviour):
    virtual_card("eligible", behaviour)
    record = read_insurance_card(timeout=5, challenge=bytes.fromhex(CHALLENGE_HEX))
    assert record.to_dict() == ELIGIBLE
    assert record.proof is not None
    assert record.proof.cryptogram == _cryptogram_for(ELIGIBLE["card_sn"])


def test_cli_read_with_a_challenge(virtual_card):
    virtual_card("eligible")
    code, out = kiosk_card("read", "--json", "--challenge", CHALLENGE_HEX.lower())
    assert code == 0
    assert out == {**ELIGIBLE, "cryptogram": _cryptogram_for(ELIGIBLE["card_sn"])}
    code, out = kiosk_card("read", "--json", "--challenge", "00")
    assert code == 2 and out["error"]["code"] == "usage"


def test_cli_read_of_a_card_without_the_key(virtual_card):
    virtual_card("eligible", CardBehaviour(auth="keyless"))
    code, out = kiosk_card("read", "--json", "--challenge", CHALLENGE_HEX)
    assert code == 0
    assert out == {**ELIGIBLE, "cryptogram": None,
                   "authentication_error": "card_not_authenticable"}
