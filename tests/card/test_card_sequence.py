"""The reading sequence over the real card applet, in-process: every profile variant, every
card-side error, and no APDU the card does not need."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.card import apdu as A
from kiosk.card.reader import read_card_files, record_from_files
from kiosk.card.transport import exchange
from kiosk.card.virtual import CardApplet, CardBehaviour, CardData, card_data_for_demo
from kiosk.domain.card import CardError, CardErrorCode
from kiosk.domain.demo import DEMO_PATIENTS

TODAY = date(2026, 6, 1)


class InProcessCard:
    def __init__(self, data: CardData | None = None, behaviour: CardBehaviour | None = None):
        self.applet = CardApplet(data or CardData(), behaviour or CardBehaviour())
        self.sent: list[bytes] = []

    def raw(self, command: bytes) -> bytes:
        self.sent.append(command)
        return self.applet.process(command)

    def send(self, command: bytes, fetch_more: bool = True) -> A.Response:
        return exchange(self.raw, command, fetch_more)

    def read(self):
        return record_from_files(read_card_files(self.send), TODAY)


VARIANTS = {
    "plain": CardBehaviour(),
    "t1": CardBehaviour(protocol="T=1"),
    "chaining": CardBehaviour(chaining=8),
    "chaining_big": CardBehaviour(chaining=200),
    "wrong_le": CardBehaviour(wrong_le=True),
    "sparse": CardBehaviour(sparse_records=True),
    "select_p1_zero": CardBehaviour(select_p1_zero_only=True),
    "sfi_only": CardBehaviour(sfi_only=True),
    "record_id": CardBehaviour(record_id_only=True),
    "everything": CardBehaviour(chaining=8, wrong_le=True, sparse_records=True,
                                select_p1_zero_only=True),
    "sfi_sparse_chained": CardBehaviour(sfi_only=True, sparse_records=True, chaining=5),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_reads_the_same_record(variant):
    expected = InProcessCard().read()
    assert InProcessCard(behaviour=VARIANTS[variant]).read() == expected


@pytest.mark.parametrize("patient", [p.key for p in DEMO_PATIENTS
                                     if p.key not in ("expired", "third_generation")])
def test_demo_patients_read_back(patient):
    record = InProcessCard(card_data_for_demo(patient)).read()
    demo = next(p for p in DEMO_PATIENTS if p.key == patient)
    assert (record.ssn, record.name, record.gender.value, record.birth_date) == (
        demo.ssn, demo.name, demo.gender, demo.birth_date)
    assert record.card_number == demo.card_number and record.region_code == "990101"


def test_plain_card_gets_exactly_the_needed_apdus():
    card = InProcessCard()
    card.read()
    assert card.sent == [
        A.select_df(), A.select_ef(A.EF05), *[A.read_record(n) for n in range(1, 8)],
        A.select_ef(A.EF06), *[A.read_record(n) for n in range(1, 7)],
    ]


def test_sparse_card_reads_up_to_record_7_and_stops():
    card = InProcessCard(behaviour=CardBehaviour(sparse_records=True))
    card.read()
    ef06 = card.sent[card.sent.index(A.select_ef(A.EF06)) + 1:]
    assert ef06 == [A.read_record(n) for n in range(1, 8)]


def test_select_p1_zero_retries_the_select_only():
    card = InProcessCard(behaviour=CardBehaviour(select_p1_zero_only=True))
    card.read()
    assert card.sent[1:3] == [A.select_ef(A.EF05), A.select_ef(A.EF05, 0x00)]


def test_sfi_only_reads_without_select():
    card = InProcessCard(behaviour=CardBehaviour(sfi_only=True))
    card.read()
    assert A.read_record_sfi(1, 5) in card.sent and A.read_record_sfi(1, 6) in card.sent
    assert A.read_record(1) not in card.sent


def test_record_identifier_addressing_reads_by_tag():
    card = InProcessCard(behaviour=CardBehaviour(record_id_only=True))
    card.read()
    assert A.read_record_by_id(0x09) in card.sent and A.read_record_by_id(0x01) in card.sent


def test_missing_record_ends_at_6a83():
    data = CardData(omit_tags=frozenset({0x07}))  # EF05 ends after 6 records
    card = InProcessCard(data)
    assert card.read().card_number == ""
    assert A.read_record(7) in card.sent  # answered 6A83


@pytest.mark.parametrize(
    ("data", "behaviour", "code"),
    [
        (None, CardBehaviour(not_social_security=True), CardErrorCode.UNSUPPORTED_CARD),
        (None, CardBehaviour(third_generation=True), CardErrorCode.SECURE_MODULE_REQUIRED),
        (card_data_for_demo("expired"), None, CardErrorCode.CARD_EXPIRED),
        (CardData(ssn="11010519491231002"[:17] + "1"), None, CardErrorCode.INVALID_CARD_DATA),
        (CardData(omit_tags=frozenset({0x09})), None, CardErrorCode.INVALID_CARD_DATA),
        (CardData(omit_tags=frozenset({0x08})), None, CardErrorCode.INVALID_CARD_DATA),
    ],
)
def test_card_side_errors(data, behaviour, code):
    with pytest.raises(CardError) as err:
        InProcessCard(data, behaviour).read()
    assert err.value.code is code


def test_third_generation_reads_issuer_data_first():
    card = InProcessCard(behaviour=CardBehaviour(third_generation=True))
    with pytest.raises(CardError):
        card.read()
    assert card.sent[-1] == A.read_record(1) and A.select_ef(A.EF06) in card.sent


def test_an_unexpected_status_word_is_unresponsive():
    class Odd(InProcessCard):
        def raw(self, command):
            return b"\x6f\x00" if command[1] == 0xB2 else super().raw(command)

    with pytest.raises(CardError) as err:
        Odd().read()
    assert err.value.code is CardErrorCode.CARD_UNRESPONSIVE


def test_applet_resets_on_power_events():
    applet = CardApplet(CardData(), CardBehaviour(chaining=4))
    assert applet.process(A.select_df())[-2] == 0x61
    applet.reset()
    assert applet.process(A.get_response(4)) == b"\x69\x85"  # pending data gone
    assert applet.process(A.select_ef(A.EF05)) == b"\x6a\x82"  # DF no longer selected


def test_a_card_without_the_files_in_any_form_is_unsupported():
    class NoFiles(InProcessCard):
        def raw(self, command):
            if (command[1] == 0xA4 and command[2] != 0x04) or command[1] == 0xB2:
                self.sent.append(command)
                return b"\x6a\x82"
            return super().raw(command)

    card = NoFiles()
    with pytest.raises(CardError) as err:
        card.read()
    assert err.value.code is CardErrorCode.UNSUPPORTED_CARD
    assert card.sent[-1] == A.read_record_sfi(1, 5)
