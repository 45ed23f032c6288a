"""The card record and card errors: round trips, hidden personal data, expiry, codes."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.card import CardError, CardErrorCode, CardRecord, Gender

RECORD = CardRecord(
    ssn="990101195603140023", name="林秀英", gender=Gender.FEMALE, birth_date=date(1956, 3, 14),
    card_number="A01234567", region_code="990101", issue_date=date(2021, 5, 10),
    expiry_date=date(2031, 5, 10), spec_version="3.00", card_type="1",
)


def test_to_dict_is_json_ready_strings():
    data = RECORD.to_dict()
    assert data == {
        "ssn": "990101195603140023", "name": "林秀英", "gender": "female",
        "birth_date": "1956-03-14", "card_number": "A01234567", "region_code": "990101",
        "issue_date": "2021-05-10", "expiry_date": "2031-05-10", "spec_version": "3.00",
        "card_type": "1", "card_sn": "",
    }
    assert CardRecord.from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == RECORD


def test_from_dict_fills_missing_optional_fields():
    record = CardRecord.from_dict({"ssn": "990101195603140023", "name": "林秀英"})
    assert record.gender is None and record.birth_date is None and record.expiry_date is None
    assert (record.card_number, record.region_code, record.spec_version) == ("", "", "")
    assert CardRecord.from_dict(record.to_dict()) == record
    with_nones = CardRecord.from_dict({**record.to_dict(), "gender": "", "issue_date": None})
    assert with_nones == record


def test_from_dict_refuses_bad_data():
    with pytest.raises(KeyError):
        CardRecord.from_dict({"name": "x"})
    with pytest.raises(ValueError):
        CardRecord.from_dict({**RECORD.to_dict(), "gender": "other"})
    with pytest.raises(ValueError):
        CardRecord.from_dict({**RECORD.to_dict(), "expiry_date": "2031-02-30"})


def test_repr_and_str_hide_personal_data():
    for text in (repr(RECORD), str(RECORD), f"{RECORD}", repr([RECORD])):
        for secret in (RECORD.ssn, RECORD.name, RECORD.card_number, "1956"):
            assert secret not in text
        assert "990101" in text and "hidden" in text


def test_record_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RECORD.name = "x"  # type: ignore[misc]


def test_expiry_is_exclusive_of_the_last_day():
    assert not RECORD.is_expired(date(2031, 5, 10))
    assert RECORD.is_expired(date(2031, 5, 11))
    assert not RECORD.is_expired(date(2021, 5, 10))
    assert not dataclasses.replace(RECORD, expiry_date=None).is_expired(date(2999, 1, 1))


def test_card_error_codes():
    error = CardError("no_card")
    assert error.code is CardErrorCode.NO_CARD and error.detail == "" and str(error) == "no_card"
    error = CardError(CardErrorCode.CARD_REMOVED, "SCARD_W_REMOVED_CARD during read")
    assert str(error) == "card_removed: SCARD_W_REMOVED_CARD during read"
    with pytest.raises(ValueError):
        CardError("card_on_fire")
    assert {code.value for code in CardErrorCode} >= {
        "no_reader", "reader_service_unavailable", "no_card", "card_removed",
        "card_unresponsive", "unsupported_card", "secure_module_required",
        "invalid_card_data", "card_expired",
    }


@pytest.mark.parametrize("detail", ["", "timeout after 3 APDUs"])
def test_card_error_survives_copy_and_pickle(detail):
    error = CardError(CardErrorCode.CARD_UNRESPONSIVE, detail)
    for again in (copy.copy(error), copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
        assert type(again) is CardError
        assert (again.code, again.detail, str(again)) == (error.code, error.detail, str(error))


optional_dates = st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31)))
records = st.builds(
    CardRecord,
    ssn=st.text(min_size=1), name=st.text(min_size=1),
    gender=st.one_of(st.none(), st.sampled_from(list(Gender))),
    birth_date=optional_dates, card_number=st.text(), region_code=st.text(),
    issue_date=optional_dates, expiry_date=optional_dates, spec_version=st.text(),
    card_type=st.text(),
)


@given(records)
def test_any_record_round_trips_through_json(record):
    text = json.dumps(record.to_dict(), ensure_ascii=False)
    assert CardRecord.from_dict(json.loads(text)) == record


def test_the_proof_travels_next_to_the_record_not_in_it():
    from dataclasses import replace

    from kiosk.domain.card import CardProof

    proof = CardProof("00" * 16, None, "card_not_authenticable")
    with_proof = replace(RECORD, card_sn="AB" * 16, proof=proof)
    assert "proof" not in with_proof.to_dict() and with_proof.to_dict()["card_sn"] == "AB" * 16
    assert with_proof == replace(RECORD, card_sn="AB" * 16)  # the proof is not the card's data
    assert CardRecord.from_dict(with_proof.to_dict()).card_sn == "AB" * 16
    assert proof.to_body() == {"challenge": "00" * 16, "cryptogram": None,
                               "authentication_error": "card_not_authenticable"}
    assert "AB" not in repr(with_proof)

