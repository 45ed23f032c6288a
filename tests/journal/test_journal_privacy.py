"""The personal-data guard of the event log and the outbox ids."""

from __future__ import annotations

import pytest

from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.journal.privacy import PersonalDataError, check_opaque_id, encode_detail


@pytest.mark.parametrize(
    ("detail", "code", "path"),
    [
        ({"ssn_hint": "990101195603140023"}, "citizen_id_pattern", "ssn_hint"),
        ({"x": "99010119560314002X"}, "citizen_id_pattern", "x"),
        ({"x": "id=990101195603140029;"}, "citizen_id_pattern", "x"),  # wrong check digit too
        ({"x": 990101195603140023}, "citizen_id_pattern", "x"),
        ({"x": ["ok", {"y": "990101195603140023"}]}, "citizen_id_pattern", "x[1].y"),
        ({"patient": "林秀英"}, "cjk_text", "patient"),
        ({"who": "李䶮"}, "cjk_text", "who"),  # CJK extension A
        ({"姓名": "x"}, "cjk_text", "姓名"),
        ({"name": "Lin"}, "personal_field", "name"),
        ({"Patient-Name": ""}, "personal_field", "Patient-Name"),
        ({"card": {"card_number": "A01234567"}}, "personal_field", "card.card_number"),
        ({"psn_cert_no": None}, "personal_field", "psn_cert_no"),
        ({"ID_Number": 1}, "personal_field", "ID_Number"),
        ({"amount": 1.5}, "float_not_allowed", "amount"),
        ({"x": object()}, "not_json", "x"),
        ({1: "x"}, "non_string_key", ""),
        ({"blob": "a" * 5000}, "too_large", ""),
    ],
)
def test_refused(detail: dict, code: str, path: str) -> None:
    with pytest.raises(PersonalDataError) as info:
        encode_detail(detail)
    assert (info.value.code, info.value.path) == (code, path)
    assert "990101" not in str(info.value) and "林" not in str(info.value)


def test_every_demo_patient_is_refused() -> None:
    for patient in DEMO_PATIENTS:
        for value in (patient.ssn, patient.name, f"x {patient.ssn} y"):
            with pytest.raises(PersonalDataError):
                encode_detail({"note": value})
        with pytest.raises(PersonalDataError):
            encode_detail({"card_number": patient.card_number})


@pytest.mark.parametrize(
    "detail",
    [
        None,
        {},
        {"visit_id": "V20250301-0007", "medfee_sumamt_fen": 12_345, "ok": True, "none": None},
        {"request_id": "3f2a9c1e-4b7d-4e1a-9c3b-123456789012"},
        {"digits": "12345678901234567"},  # 17 digits: not an ID number
        {"digits": "1234567890123456789"},  # 19 digits: not an ID number either
        {"codes": ["card_expired", "no_reader"], "nested": {"attempt": 2}},
    ],
)
def test_allowed(detail: dict | None) -> None:
    text = encode_detail(detail)
    assert (text is None) == (detail is None)


def test_not_an_object() -> None:
    with pytest.raises(PersonalDataError) as info:
        encode_detail(["a"])  # type: ignore[arg-type]
    assert info.value.code == "not_an_object"


@pytest.mark.parametrize("value", ["visit-1", "V20250301-0007", "p_00042"])
def test_opaque_ids_allowed(value: str) -> None:
    assert check_opaque_id(value, "visit_id") == value


@pytest.mark.parametrize(
    "value", ["", "a" * 129, "林", "990101195603140023", "tab\there", 5, None]
)
def test_opaque_ids_refused(value: object) -> None:
    with pytest.raises(PersonalDataError):
        check_opaque_id(value, "visit_id")  # type: ignore[arg-type]
