"""Card authentication (profile 2) without a reader: the pure SM4 against the profile's
vectors and against ``cryptography``'s SM4, the INTERNAL AUTHENTICATE command, and
``authenticate``/``read_card_files`` over the virtual card's applet in-process, with every
answer a card may give (9000, 6110 + GET RESPONSE, 6C10, 6D00, 6A81, a forger)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from kiosk.card import apdu as A
from kiosk.card import sm4
from kiosk.card.reader import authenticate, read_card_files, record_from_files
from kiosk.card.virtual import CardApplet, CardBehaviour, CardData
from kiosk.domain.card import CARD_NOT_AUTHENTICABLE, TEST_ISSUER_KEY, CardRecord
from tests.card.test_card_sequence import InProcessCard as SequenceCard

TODAY = date(2026, 6, 1)
CHALLENGE = bytes.fromhex("000102030405060708090A0B0C0D0E0F")


def lib_sm4(key: bytes, block: bytes) -> bytes:
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def test_sm4_standard_vector():
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    out = sm4.encrypt_block(key, key)
    assert out.hex().upper() == "681EDF34D206965E86B3E94F536E4246"
    assert sm4.decrypt_block(key, out) == key


def test_card_authentication_vectors():
    assert TEST_ISSUER_KEY.hex().upper() == "4B494F534B2D544553542D4B45592D31"
    k_card = sm4.encrypt_block(TEST_ISSUER_KEY,
                               bytes.fromhex("350128D1560000050000000000000001"))
    assert k_card.hex().upper() == "7E9E24231E77C2B1A26EB7E46D95315D"
    assert sm4.encrypt_block(k_card, CHALLENGE).hex().upper() == \
        "417694745A11F0050808221FE5FAE2CE"


def test_sm4_agrees_with_cryptography_on_random_blocks():
    for _ in range(200):
        key, block = os.urandom(16), os.urandom(16)
        assert sm4.encrypt_block(key, block) == lib_sm4(key, block)
        assert sm4.decrypt_block(key, lib_sm4(key, block)) == block


def test_sm4_refuses_wrong_sizes():
    with pytest.raises(ValueError):
        sm4.encrypt_block(b"short", bytes(16))
    with pytest.raises(ValueError):
        sm4.encrypt_block(bytes(16), b"short")


def test_internal_authenticate_bytes():
    assert A.internal_authenticate(CHALLENGE) == bytes.fromhex("0088000010") + CHALLENGE + b"\x10"
    with pytest.raises(ValueError):
        A.internal_authenticate(b"\x00" * 8)


class InProcessCard(SequenceCard):
    """The applet in-process (``test_card_sequence``), read with a challenge."""

    def __init__(self, behaviour: CardBehaviour | None = None, data: CardData | None = None):
        super().__init__(data, behaviour)

    def read(self, challenge: bytes | None = CHALLENGE) -> CardRecord:  # type: ignore[override]
        return record_from_files(read_card_files(self.send, challenge), TODAY)


def expected_cryptogram(data: CardData, challenge: bytes = CHALLENGE) -> str:
    k_card = lib_sm4(TEST_ISSUER_KEY, data.card_id)
    return lib_sm4(k_card, challenge).hex().upper()


GOOD = {
    "plain": CardBehaviour(),
    "t0_6110_get_response": CardBehaviour(auth_get_response=True),
    "6c10_wrong_le": CardBehaviour(wrong_le=True),
    "chaining": CardBehaviour(chaining=5),
    "t1": CardBehaviour(protocol="T=1"),
}


@pytest.mark.parametrize("variant", GOOD)
def test_a_card_with_the_key_answers_the_right_cryptogram(variant):
    card = InProcessCard(GOOD[variant])
    record = card.read()
    assert record.card_sn == CardData().card_id.hex().upper() and len(record.card_sn) == 32
    assert record.proof is not None and record.proof.error is None
    assert record.proof.challenge == CHALLENGE.hex().upper()
    assert record.proof.cryptogram == expected_cryptogram(CardData())
    # INTERNAL AUTHENTICATE right after the SELECT of the directory, in the same read
    assert card.sent[0][:4] == bytes.fromhex("00A40400")
    assert card.sent[1][:2] == b"\x00\x88"


def test_the_virtual_cards_key_is_diversified_from_the_issuer_key():
    data = replace(CardData(), region_code="350128", card_number="B00000002")
    assert CardApplet(data).card_key() == lib_sm4(TEST_ISSUER_KEY, data.card_id)
    assert CardApplet(data).card_key() != CardApplet(CardData()).card_key()


@pytest.mark.parametrize("auth", ["keyless", "keyless_6a81"])
def test_a_card_without_the_key_is_still_read(auth):
    record = InProcessCard(CardBehaviour(auth=auth)).read()
    assert record == InProcessCard().read()  # the same record, fields and card_sn
    assert record.proof is not None
    assert record.proof.cryptogram is None and record.proof.error == CARD_NOT_AUTHENTICABLE


def test_a_forger_answers_a_cryptogram_that_is_not_the_issuers():
    record = InProcessCard(CardBehaviour(auth="forger")).read()
    assert record.proof is not None and record.proof.cryptogram is not None
    assert record.proof.cryptogram != expected_cryptogram(CardData())


def test_authenticate_on_an_odd_status_is_not_authenticable():
    def send(command: bytes, fetch_more: bool = True) -> A.Response:
        return A.Response(b"", 0x6985)

    proof = authenticate(send, CHALLENGE)
    assert proof.cryptogram is None and proof.error == CARD_NOT_AUTHENTICABLE


def test_authenticate_on_a_short_answer_is_not_authenticable():
    def send(command: bytes, fetch_more: bool = True) -> A.Response:
        return A.Response(b"\x01\x02", 0x9000)

    assert authenticate(send, CHALLENGE).cryptogram is None


def test_without_a_challenge_no_internal_authenticate_is_sent():
    card = InProcessCard()
    record = card.read(None)
    assert record.proof is None and record.card_sn
    assert all(c[1] != 0x88 for c in card.sent)


def test_each_challenge_gets_its_own_answer():
    other = bytes(range(16, 32))
    a = InProcessCard().read(CHALLENGE).proof
    b = InProcessCard().read(other).proof
    assert a is not None and b is not None and a.cryptogram != b.cryptogram
    assert b.cryptogram == expected_cryptogram(CardData(), other)


def test_proof_body():
    record = InProcessCard(CardBehaviour(auth="keyless")).read()
    assert record.proof is not None
    assert record.proof.to_body() == {"challenge": CHALLENGE.hex().upper(), "cryptogram": None,
                                      "authentication_error": "card_not_authenticable"}
    assert "proof" not in record.to_dict() and record.to_dict()["card_sn"] == record.card_sn
