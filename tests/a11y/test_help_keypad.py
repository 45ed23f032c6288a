"""The call for help on every screen (issue 15 item 6): the top bar's "call staff" button is
there on each screen, in normal and care mode and in reach mode's band; the keypad reaches it
with arrows and Enter asks for help naming that screen; the banner then tells what became of
the call, in both languages, and the voice says it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from kiosk.flow import samples
from kiosk.flow import session as fs
from kiosk.flow.events import HelpAnswered, HelpFailed, HelpStage
from kiosk.flow.session import Session, State
from kiosk.ui.help import help_text
from tests.ui.conftest import PORTRAIT, settle
from tests.ui.test_fit import on_screen

SCREENS = samples.every_screen()


def _reach_help(window, qtbot) -> None:
    """Arrow down until the focus is on the help button (the keypad's own order)."""
    for _ in range(60):
        qtbot.keyClick(window, Qt.Key.Key_Down)
        settle()
        if window.keypad.focused is window.top_bar.help_button:
            return
    raise AssertionError(f"help not reachable on {window._view.state}: "
                         f"{[b.text() for b in window.keypad.ordered()]}")


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_every_screen_has_help_reached_by_keypad(make_window, qtbot, speaker, care):
    window = make_window(PORTRAIT, speaker=speaker)
    asked: list[object] = []
    window.intent.connect(asked.append)
    for state, view in SCREENS.items():
        shown = samples.in_care(view) if care else view
        window.show_view(shown)
        settle()
        assert window.top_bar.help_button.isVisible(), state
        del asked[:]
        _reach_help(window, qtbot)
        if care:  # voice on: the focused button is read out
            assert window.top_bar.help_button.text() in speaker.last_text
        qtbot.keyClick(window, Qt.Key.Key_Return)
        settle()
        assert [type(a) for a in asked] == [fs.CallForHelp], state


@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_help_is_in_reach_modes_band_on_every_screen(make_window, care):
    window = make_window(PORTRAIT)
    for state, view in SCREENS.items():
        window.show_view(samples.in_care(view) if care else view)
        window.set_reach(True)
        settle()
        top, bottom = window._reach
        where = on_screen(window, window.top_bar.help_button)
        assert window.top_bar.help_button.isVisible(), state
        assert where.top() >= top and where.bottom() < bottom, (state, where, top, bottom)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_banner_tells_and_the_voice_says_what_became_of_the_call(make_window, qtbot,
                                                                     speaker, lang):
    window = make_window(PORTRAIT, language=lang, speaker=speaker)
    session = Session()
    window.intent.connect(lambda event: session.handle(event))
    for event in (fs.CardInserted(samples.READER),
                  fs.CardReadOk(session.generation + 1, samples.RECORD,
                                today=samples.TODAY)):
        session.handle(event)
    session.handle(fs.EligibilityReceived(session.generation, samples.eligible(),
                                          samples.DEPARTMENTS))
    session.handle(fs.SetVoice(True))
    window.show_view(session.view())
    qtbot.mouseClick(window.top_bar.help_button, Qt.MouseButton.LeftButton)
    assert session.view().help == HelpStage.SENDING
    said = {}
    for event in (None, HelpAnswered(7, acknowledged=False), None,
                  HelpAnswered(7, acknowledged=True)):
        if event is not None:
            session.handle(event)
        window.show_view(session.view())
        settle()
        stage = session.view().help
        assert window.help_banner.isVisible()
        assert window.help_banner.text.text() == help_text(stage)
        assert speaker.last_text == help_text(stage)
        said[stage] = speaker.last_text
    assert said[HelpStage.COMING] != said[HelpStage.ON_THE_WAY]
    if lang == "zh_CN":
        assert "工作人员" in said[HelpStage.COMING]
    else:
        assert "Someone is coming" in said[HelpStage.COMING]
    assert session.state == State.CHECK_IN  # the patient's screen is where it was


def test_a_call_that_could_not_be_sent_says_go_to_the_counter(make_window):
    window = make_window(PORTRAIT, language="en")
    view = replace(SCREENS[State.BILL], help=HelpStage.FAILED)
    window.show_view(view)
    settle()
    assert "counter" in window.help_banner.text.text()
    assert window.help_banner.text.property("role") == "alert"
    session = Session()
    session.handle(fs.CallForHelp())
    session.handle(HelpFailed())
    assert session.view().help == HelpStage.FAILED


def test_in_reach_mode_the_banner_takes_the_names_place_and_comes_back(make_window):
    window = make_window(PORTRAIT, language="en")
    window.show_view(samples.help_screens()["attract_help_failed"])
    window.set_reach(True)
    settle()
    top, bottom = window._reach
    assert window.top_bar.isAncestorOf(window.help_banner)  # in the names' rows
    assert not window.top_bar.hospital.isVisible()
    assert on_screen(window, window.help_banner).bottom() < bottom
    for control in (window.top_bar.help_button, window.top_bar.care_button):
        where = on_screen(window, control)  # the controls stay in the band
        assert where.top() >= top and where.bottom() < bottom
    window.set_reach(False)
    settle()
    assert not window.top_bar.isAncestorOf(window.help_banner)
    assert window.help_banner.isVisible() and window.top_bar.hospital.isVisible()
    assert window.help_banner.y() >= window.top_bar.geometry().bottom()
