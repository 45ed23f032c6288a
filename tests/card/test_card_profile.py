"""The profile parser as pure functions: records, BCD, GB 18030 names, checks, and fuzzing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.card import profile as P
from kiosk.card.virtual import CardData
from kiosk.domain.card import CardError, CardErrorCode, CardRecord, Gender

TODAY = date(2026, 6, 1)


def files(data: CardData) -> tuple[list[bytes], list[bytes]]:
    ef05 = [P.tlv(t, v) for t, v in data.issuer_fields().items()]
    ef06 = [P.tlv(t, v) for t, v in data.holder_fields().items()]
    return ef05, ef06


def code_of(exc_info) -> CardErrorCode:
    return exc_info.value.code


def test_a_valid_card_gives_every_field():
    record = P.record_from_raw(*files(CardData()), TODAY)
    assert record.to_dict() == {
        "ssn": "11010519491231002X", "name": "测试", "gender": "male",
        "birth_date": "1949-12-31", "card_number": "A00000001", "region_code": "990101",
        "issue_date": "2020-01-01", "expiry_date": "2035-01-01", "spec_version": "3.00",
        "card_type": "1", "card_sn": "990101" + b"A000000010000".hex().upper(),
    }


def test_region_code_from_tag_01():
    assert P.region_code(bytes.fromhex("990101") + b"x" * 13) == "990101"
    with pytest.raises(CardError):
        P.region_code(b"\x35\x01")
    with pytest.raises(CardError):
        P.region_code(bytes.fromhex("3A0128"))


def test_bcd_dates():
    assert P.bcd_date(bytes.fromhex("20310510")) == date(2031, 5, 10)
    assert P.bcd_date(b"") is None
    assert P.bcd_date(bytes(4)) is None
    for bad in ("20311310", "2031051", "2031A510", "20230229"):
        with pytest.raises(CardError) as err:
            P.bcd_date(bytes.fromhex(bad) if len(bad) % 2 == 0 else b"\x20\x31\x05")
        assert code_of(err) is CardErrorCode.INVALID_CARD_DATA


@pytest.mark.parametrize("pad", [b"\x00", b" ", b"\xff"])
def test_names_are_gb18030_with_padding_stripped(pad):
    assert P.decode_name(P.encode_name("李䶮", pad=pad)) == "李䶮"
    assert P.decode_name("林秀英".encode("gbk") + pad * 24) == "林秀英"


def test_rare_character_needs_gb18030_not_gbk():
    raw = "䶮".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gbk")
    assert P.decode_name(raw) == "䶮"


@pytest.mark.parametrize("raw", [b"", bytes(30), b"\x81", b"\xc1\xd6\x01"])
def test_bad_names_are_invalid_data(raw):
    with pytest.raises(CardError) as err:
        P.decode_name(raw)
    assert code_of(err) is CardErrorCode.INVALID_CARD_DATA


def test_gender():
    assert P.decode_gender(b"1") is Gender.MALE
    assert P.decode_gender(b"2") is Gender.FEMALE
    assert P.decode_gender(b"") is None
    with pytest.raises(CardError):
        P.decode_gender(b"3")


def test_the_profile_example_ssn_is_valid_and_a_wrong_check_digit_is_not():
    assert P.decode_ssn(b"11010519491231002X") == "11010519491231002X"
    assert P.decode_ssn(b"11010519491231002x") == "11010519491231002X"
    with pytest.raises(CardError) as err:
        P.decode_ssn(b"110105194912310021")
    assert code_of(err) is CardErrorCode.INVALID_CARD_DATA


@pytest.mark.parametrize("tag", [0x08, 0x09])
def test_missing_ssn_or_name_is_invalid(tag):
    with pytest.raises(CardError) as err:
        P.record_from_raw(*files(CardData(omit_tags=frozenset({tag}))), TODAY)
    assert code_of(err) is CardErrorCode.INVALID_CARD_DATA


def test_other_missing_fields_are_empty_not_errors():
    data = CardData(omit_tags=frozenset({0x01, 0x02, 0x03, 0x05, 0x06, 0x07, 0x0A, 0x0D}))
    record = P.record_from_raw(*files(data), TODAY)
    assert record.region_code == "" and record.expiry_date is None and record.gender is None


def test_expiry_uses_the_injected_today():
    data = CardData(expiry_date=date(2026, 6, 1))
    assert P.record_from_raw(*files(data), date(2026, 6, 1)).expiry_date == date(2026, 6, 1)
    with pytest.raises(CardError) as err:
        P.record_from_raw(*files(data), date(2026, 6, 2))
    assert code_of(err) is CardErrorCode.CARD_EXPIRED


def test_dispatch_on_the_tag_not_the_record_number():
    ef05, ef06 = files(CardData())
    shuffled = [b"", b"\xff" * 8, P.tlv(0x30, b"??"), *reversed(ef06), b"\x00" * 4]
    assert P.record_from_raw(ef05, shuffled, TODAY).ssn == "11010519491231002X"


def test_first_occurrence_wins_and_unknown_tags_are_ignored():
    fields = P.collect_fields([P.tlv(0x07, b"A"), P.tlv(0x07, b"B"), P.tlv(0x99, b"?")],
                              P.EF05_TAGS)
    assert fields == {0x07: b"A"}


def test_truncated_record_is_invalid():
    with pytest.raises(CardError) as err:
        P.parse_record(b"\x09\x1e\xc1\xd6")
    assert code_of(err) is CardErrorCode.INVALID_CARD_DATA


def test_records_never_leak_personal_data_in_repr():
    record = P.record_from_raw(*files(CardData()), TODAY)
    assert "测试" not in repr(record) and "1101" not in str(record)


# --- properties: any bytes end in a record or a CardError, never another exception --------

record_bytes = st.binary(max_size=40)


def _outcome(ef05, ef06):
    try:
        return P.record_from_raw(ef05, ef06, TODAY)
    except CardError as exc:
        assert exc.code in CardErrorCode
        return exc


@settings(max_examples=300, deadline=None)
@given(st.lists(record_bytes, max_size=10), st.lists(record_bytes, max_size=10))
def test_random_records_give_a_record_or_a_card_error(ef05, ef06):
    assert isinstance(_outcome(ef05, ef06), CardRecord | CardError)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_truncated_and_mutated_real_records_give_a_record_or_a_card_error(data):
    ef05, ef06 = files(CardData(name="李䶮"))
    records = ef05 + ef06
    index = data.draw(st.integers(0, len(records) - 1))
    record = records[index]
    cut = data.draw(st.integers(0, len(record)))
    mutated = bytearray(record[:cut])
    if mutated and data.draw(st.booleans()):
        pos = data.draw(st.integers(0, len(mutated) - 1))
        mutated[pos] = data.draw(st.integers(0, 255))
    records[index] = bytes(mutated)
    outcome = _outcome(records[: len(ef05)], records[len(ef05):])
    assert isinstance(outcome, CardRecord | CardError)
    if isinstance(outcome, CardRecord):
        assert outcome.ssn and outcome.name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="gb18030", exclude_categories=("Cc", "Cf", "Cs", "Zs",
                                                                          "Zl", "Zp", "Co", "Cn")),
               min_size=1, max_size=7))
def test_any_gb18030_name_round_trips(name):
    raw = name.encode("gb18030")
    if len(raw) > 30:
        return
    assert P.decode_name(P.encode_name(name)) == name.strip()
