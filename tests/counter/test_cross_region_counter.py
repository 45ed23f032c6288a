"""Patients insured elsewhere at the counter, against the real backend on loopback: staff see
the insured place, its class and the filing, and the decision a credit check-in really gets
(an unfiled cross-province patient is not eligible, with the reason in words), in English and
in Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.counter import messages as cm
from kiosk.counter.i18n import install_language
from kiosk.domain.reasons import Reason


@pytest.mark.parametrize(("key", "decision", "region", "reason"), [
    ("in_province", "Decision: eligible (pay later)",
     "Insured at: 990201 (another city of this province)", None),
    ("cross_filed", "Decision: eligible (pay later)",
     "Insured at: 980101 (another province)\nFiled for direct settlement here: yes", None),
    ("cross_unfiled", "Decision: not eligible (pays at the counter)",
     "Insured at: 980101 (another province)\nFiled for direct settlement here: no",
     Reason.CROSS_PROVINCE_NOT_FILED),
])
def test_staff_see_the_region_and_the_true_decision(make_counter, key, decision, region,
                                                    reason) -> None:
    counter = make_counter()
    counter.sign_in("clerk")
    counter.find(key)
    screen = counter.window.patient
    assert screen.decision.text().splitlines()[0] == decision
    assert screen.region.text() == region
    expected = [] if reason is None else ["• " + cm.reason_text(reason)]
    assert screen.reasons.text().splitlines() == expected
    view = counter.controller.patient
    assert view is not None and view.eligibility.region is not None
    assert view.eligibility.region.treatment_admdvs == "990101"  # the demo hospital's


def test_a_local_patient_shows_their_place_as_local(make_counter) -> None:
    counter = make_counter()
    counter.sign_in("clerk")
    counter.find("eligible")
    assert counter.window.patient.region.text() == "Insured at: 990101 (this city)"


def test_the_region_and_its_reason_in_chinese(make_counter) -> None:
    counter = make_counter(lang="zh_CN")
    try:
        counter.sign_in("clerk")
        counter.find("cross_unfiled")
        screen = counter.window.patient
        assert screen.decision.text().splitlines()[0] == "评估结果：不符合条件（窗口缴费）"
        assert screen.region.text() == "参保地：980101（外省）\n已办理异地就医直接结算备案：否"
        assert screen.reasons.text() == (
            "• 外省参保且未在本地办理异地就医直接结算备案：不能先诊疗后付费；患者在柜台付费"
            "（医保报销比例较低），可向参保地医保部门办理备案。")
    finally:
        install_language(QApplication.instance(), "en")
