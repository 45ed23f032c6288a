"""The bill of a visit from elsewhere says, in one line, that it was settled under the policy
of the patient's insured place (in Chinese by default, in English after switching); a local
bill says nothing of the kind."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from kiosk.flow import samples
from kiosk.flow.session import State
from tests.ui.conftest import all_text, find_button, show

ZH = "按您参保地（980101）的医保政策结算。"
EN = "Settled under the policy of your insured place, 980101."


def _bill_from_elsewhere():  # type: ignore[no-untyped-def]
    view = samples.every_screen()[State.BILL]
    assert view.bill is not None
    return replace(view, bill=replace(view.bill, insured_admdvs="980101"))


def test_a_bill_from_elsewhere_names_the_insured_place(qtbot, window) -> None:
    show(window, _bill_from_elsewhere())
    assert ZH in all_text(window)
    qtbot.mouseClick(find_button(window.top_bar, "English"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: EN in all_text(window))
    assert ZH not in all_text(window)


def test_a_local_bill_has_no_such_note(window) -> None:
    show(window, samples.every_screen()[State.BILL])
    text = all_text(window)
    assert "参保地" not in text and "insured place" not in text
