"""Every demo person, of the hospital's own and insured elsewhere, is a virtual card by key
(``VirtualCard.from_demo``, as the demo panel and the tests insert them) that reads back
through the real stack (private pcscd + vpcd) to that person's record (the third-generation
card refuses its holder data to a reader without a security module, as it should)."""

from __future__ import annotations

import pytest

from kiosk.card import read_insurance_card
from kiosk.domain.card import CardError, CardErrorCode
from kiosk.domain.demo import DEMO_PATIENTS
from kiosk.domain.demo_regions import REGION_DEMO_PATIENTS
from tests.support import pcsc

pytestmark = pytest.mark.pcsc

EVERYONE = (*DEMO_PATIENTS, *(r.patient for r in REGION_DEMO_PATIENTS))
READABLE = tuple(p for p in EVERYONE if not p.third_generation)


def test_every_demo_person_reads_back_from_a_virtual_card(virtual_card) -> None:
    read = {}
    for p in EVERYONE:
        card = virtual_card(p.key)
        if p.third_generation:
            with pytest.raises(CardError) as err:
                read_insurance_card(timeout=5)
            assert err.value.code is CardErrorCode.SECURE_MODULE_REQUIRED
        else:
            # on its issue date, so the expired patient's card reads too
            record = read_insurance_card(timeout=5, today=p.issue_date)
            read[p.key] = (record.ssn, record.name, record.gender, record.birth_date,
                           record.card_number, record.region_code, record.expiry_date)
        card.remove()
        pcsc.wait_for(lambda: not pcsc.card_present(pcsc.READER_0), 5.0, what="card removal")
    assert read == {p.key: (p.ssn, p.name, p.gender, p.birth_date, p.card_number, p.ssn[:6],
                            p.expiry_date) for p in READABLE}
    # the places insured elsewhere are on the cards (the backend's person query uses them)
    assert [read[r.patient.key][5] for r in REGION_DEMO_PATIENTS] == [
        r.insuplc_admdvs for r in REGION_DEMO_PATIENTS]
