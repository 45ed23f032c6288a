"""Fixtures for the screen tests: a real MainWindow (pytest-qt, offscreen), fed SessionViews
made by driving a real kiosk.flow Session (kiosk.flow.samples), and helpers to read what is on
the screen the way a patient sees it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.flow.session import Session, SessionView
from kiosk.qt import i18n
from kiosk.ui.window import MainWindow

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


def settle() -> None:
    """Let Qt finish deferred deletes and pending layouts (no sleeping)."""
    for _ in range(6):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root.window()) or not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QPushButton) and widget.text():
            texts.append(widget.text())
    return texts


def all_text(root: QWidget) -> str:
    return "\n".join(visible_texts(root))


def find_button(root: QWidget, text: str) -> QPushButton:
    """The one visible button whose text contains ``text``."""
    found = [b for b in root.findChildren(QPushButton)
             if b.isVisible() and text in b.text()]
    assert len(found) == 1, f"expected one visible button with {text!r}, found {len(found)}: " \
                            f"{[b.text() for b in root.findChildren(QPushButton) if b.isVisible()]}"
    return found[0]


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    made: list[MainWindow] = []

    def make(size: tuple[int, int] = PORTRAIT, **kwargs) -> MainWindow:
        # Screen tests tap at once; the tap guard has its own test (test_journeys_ui).
        kwargs.setdefault("tap_guard", 0.0)
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        settle()
        return window

    yield make
    i18n.install_translator(QApplication.instance(), i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def show(window: MainWindow, source: Session | SessionView) -> SessionView:
    view = source.view() if isinstance(source, Session) else source
    window.show_view(view)
    settle()
    return view
