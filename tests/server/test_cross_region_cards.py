"""The demo patients insured elsewhere carry card data valid for the card profile: their
virtual card (the real applet, in process) reads back through the card layer's parser to the
very record the backend seeds, and their ID numbers and card numbers are well-formed."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.card import apdu as A
from kiosk.card.reader import read_card_files, record_from_files
from kiosk.card.transport import exchange
from kiosk.card.virtual import CardApplet, CardBehaviour, CardData
from kiosk.domain.citizen_id import is_valid
from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.domain.demo_regions import REGION_DEMO_PATIENTS, demo_person


@pytest.mark.parametrize("region", REGION_DEMO_PATIENTS, ids=lambda r: r.patient.key)
def test_the_card_of_a_patient_from_elsewhere_reads_back(region) -> None:
    p = region.patient
    data = CardData(ssn=p.ssn, name=p.name, gender=p.gender, birth_date=p.birth_date,
                    card_number=p.card_number, issue_date=p.issue_date,
                    expiry_date=p.expiry_date, region_code=p.ssn[:6])
    applet = CardApplet(data, CardBehaviour())

    def send(command: bytes, fetch_more: bool = True) -> A.Response:
        return exchange(applet.process, command, fetch_more)

    record = record_from_files(read_card_files(send), date(2026, 11, 23))
    assert (record.ssn, record.name, record.gender, record.birth_date, record.card_number,
            record.region_code, record.expiry_date) == (
        p.ssn, p.name, p.gender, p.birth_date, p.card_number, p.ssn[:6], p.expiry_date)


def test_the_patients_from_elsewhere_are_well_formed_and_unique() -> None:
    everyone = [*DEMO_PATIENTS, *(r.patient for r in REGION_DEMO_PATIENTS)]
    for p in everyone:
        assert is_valid(p.ssn), p.key
        assert len(p.card_number) == 9 and p.card_number.isascii(), p.key
    for attribute in ("key", "ssn", "card_number"):
        values = [getattr(p, attribute) for p in everyone]
        assert len(values) == len(set(values)), attribute
    assert demo_person("cross_filed").ssn == "980101198808080054"
    assert demo_person("eligible") is DEMO_PATIENTS[0]
    with pytest.raises(KeyError):
        demo_person("nobody")
