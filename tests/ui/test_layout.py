"""Long-text mode (after Vorta): every translated string doubled, no label or button may be
clipped on any screen, portrait or landscape, in either language."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget

from kiosk.flow import samples
from kiosk.flow.session import State
from kiosk.qt import i18n
from tests.ui.conftest import LANDSCAPE, PORTRAIT, settle, show

VIEWS = samples.every_screen()
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped(window) -> list[str]:
    """Visible labels and buttons smaller than their text needs."""
    problems = []
    for widget in window.findChildren(QLabel):
        if not widget.isVisible() or not widget.text():
            continue
        if widget.wordWrap():
            need_h = widget.heightForWidth(widget.width())
            # a word wider than the label cannot wrap (Chinese wraps between any characters)
            words = [w for w in widget.text().split() if not CJK.search(w)]
            need_w = max((widget.fontMetrics().horizontalAdvance(w) for w in words), default=0)
        else:
            hint = widget.sizeHint()
            need_w, need_h = hint.width(), hint.height()
        if need_h > widget.height() + 1 or need_w > widget.width() + 1:
            problems.append(f"label {widget.text()[:40]!r}: needs {need_w}x{need_h}, "
                            f"has {widget.width()}x{widget.height()}")
    for widget in window.findChildren(QPushButton):
        if not widget.isVisible() or not widget.text():
            continue
        hint = widget.sizeHint()
        if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
            problems.append(f"button {widget.text()[:40]!r}: needs {hint.width()}x"
                            f"{hint.height()}, has {widget.width()}x{widget.height()}")
    # the screen itself must fit the window: nothing pushed off the bottom
    screen = window.current_screen()
    for widget in screen.findChildren(QWidget):
        if widget.isVisible() and not _inside_scroll_area(widget):
            bottom = widget.mapTo(screen, widget.rect().bottomLeft()).y()
            if bottom > screen.height() + 1:
                problems.append(f"{type(widget).__name__} ends below the screen")
    return problems


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_nothing_is_clipped_with_doubled_texts(make_window, monkeypatch, lang, size):
    monkeypatch.setenv(i18n.LONG_TEXT_ENV, "1")
    try:
        window = make_window(size, language=lang)
        problems = {}
        for state in State:
            show(window, VIEWS[state])
            settle()
            if found := clipped(window):
                problems[state.value] = found
        assert not problems
    finally:
        monkeypatch.delenv(i18n.LONG_TEXT_ENV)
        i18n.install_translator(QApplication.instance(), i18n.DEFAULT_LANGUAGE)


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_nothing_is_clipped_in_large_text_mode(make_window, size):
    window = make_window(size, large_text=True)
    problems = {}
    for lang in ("zh_CN", "en"):
        window.set_language(lang)
        for state in State:
            show(window, VIEWS[state])
            if found := clipped(window):
                problems[f"{state.value}-{lang}"] = found
    assert not problems
