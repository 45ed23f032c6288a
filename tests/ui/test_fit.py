"""Screens that fit (issue 14, defect 10): every screen, at exactly 1080x1920 portrait and
1920x1080 landscape, in both languages, in normal and large text: the window keeps its size,
every visible widget lies inside it with the room its text needs, and every action sits in
the bottom action bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea, QWidget

from kiosk.flow import samples
from kiosk.qt import i18n
from tests.ui.conftest import LANDSCAPE, PORTRAIT, settle, show
from tests.ui.test_layout import _inside_scroll_area, clipped

VIEWS = {state.value: view for state, view in samples.every_screen().items()}
VIEWS.update(samples.extra_screens())
CHOICES = {"tile", "appointment"}  # choosing is content; acting is in the action bar


def misfits(window) -> list[str]:
    """Visible widgets outside the window, and actions outside the action bar."""
    problems = []
    inside = window.rect()
    screen = window.current_screen()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or _inside_scroll_area(widget):
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not inside.contains(rect):
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} at {rect} "
                            f"outside {inside}")
    for button in screen.findChildren(QPushButton):
        if (button.isVisible() and button.property("role") not in CHOICES
                and not screen.action_bar.isAncestorOf(button)):
            problems.append(f"action {button.text()!r} not in the action bar")
    return problems


def fit_problems(window, size: tuple[int, int], dress=lambda view: view) -> dict:
    """What does not fit, screen by screen, each sample view shown (``dress`` first)."""
    problems = {}
    for name, view in VIEWS.items():
        show(window, dress(view))
        if window.size() != QSize(*size):
            problems[name] = [f"window is {window.size()}, not {size}"]
        elif found := misfits(window) + clipped(window):
            problems[name] = found
    return problems


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_screen_fits_the_window_exactly(make_window, size, lang, large):
    window = make_window(size, language=lang, large_text=large)
    try:
        assert not fit_problems(window, size)
    finally:
        i18n.install_translator(QApplication.instance(), i18n.DEFAULT_LANGUAGE)


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_no_confirm_button_is_followed_by_another_action_in_its_place(make_window, size):
    # defect 1: the receipt's "完成" sat exactly where "确认支付" was
    window = make_window(size)

    def place(button: QPushButton) -> QRect:
        return QRect(button.mapTo(window, button.rect().topLeft()), button.size())

    followers = [
        ("bill", "pay", ["settling", "payment_pending", "receipt", "receipt_declined",
                         "bill_changed"]),
        ("check_in_confirm", "confirm", ["ticket"]),
    ]
    for before, name, afters in followers:
        show(window, VIEWS[before])
        confirm = place(getattr(window.current_screen(), name))
        for after in afters:
            show(window, VIEWS[after])
            for button in window.current_screen().findChildren(QPushButton):
                if button.isVisible() and button.text() != getattr(
                        window.screens[VIEWS[before].state], name).text():
                    assert not place(button).intersects(confirm), (before, after, button.text())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_screen_fits_in_care_mode(make_window, size, lang):
    # issue 15, item 1: care mode's sizes reflow everything, nothing clipped or off screen
    window = make_window(size, language=lang)
    try:
        assert not fit_problems(window, size, samples.in_care)
    finally:
        i18n.install_translator(QApplication.instance(), i18n.DEFAULT_LANGUAGE)


def on_screen(window, widget: QWidget) -> QRect:
    """The part of ``widget`` the window shows: its rectangle cut by every scroll area's
    viewport around it (what scrolls out of view is reached by scrolling in the band)."""
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            port = parent.viewport()
            rect = rect.intersected(QRect(port.mapTo(window, port.rect().topLeft()),
                                          port.size()))
        parent = parent.parentWidget()
    return rect


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_reach_mode_keeps_every_control_in_the_seated_band(make_window, lang):
    # issue 15, item 4: default band, the lower half of a portrait screen; care mode too
    window = make_window(PORTRAIT, language=lang)
    try:
        window.set_reach(True)
        top, bottom = window._reach
        assert (top, bottom) == (960, 1920)
        problems = {}
        for name, view in VIEWS.items():
            for shown in (view, samples.in_care(view)):
                show(window, shown)
                window.set_reach(True)  # chosen again: an attract screen ends the visit
                settle()
                found = misfits(window) + clipped(window)
                for button in window.findChildren(QPushButton):
                    if button.isVisible():
                        shown_at = on_screen(window, button)
                        if (window.current_screen().action_bar.isAncestorOf(button)
                                and shown_at.size() != button.size()):
                            found.append(f"action {button.text()[:30]!r} scrolled away")
                        if not shown_at.isEmpty() and (shown_at.top() < top
                                                       or shown_at.bottom() >= bottom):
                            found.append(f"{button.text()[:30]!r} at {shown_at} outside "
                                         "the band")
                if found:
                    problems[f"{name}{'-care' if shown.care else ''}"] = found
        assert not problems
    finally:
        i18n.install_translator(QApplication.instance(), i18n.DEFAULT_LANGUAGE)


def test_reach_band_follows_the_installation_and_ends_with_the_patient(make_window):
    # issue 15, item 4: setup's screen height above the floor and pixel size give the band
    # (kiosk/app.py passes them); the rows above it are left empty; the next patient starts
    # without reach mode
    window = make_window(PORTRAIT)
    window.set_reach_geometry(700, 0.5)  # top row at 1660 mm: 1220 mm is 880 rows down
    window.set_reach(True)
    assert window._reach == (880, 1920)
    assert window.reach_above.height() == 880 and not window.reach_below.isVisible()
    window.set_reach_geometry(None, None)  # unset: the lower half
    assert window._reach == (960, 1920)
    show(window, samples.check_in().view())
    show(window, samples.attract().view())  # the visit ended
    assert not window.reach() and not window.reach_above.isVisible()
