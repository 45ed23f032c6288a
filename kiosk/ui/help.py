"""The patient's call for help on the kiosk (issue 15 item 6): the top bar's "call for help"
button (``HelpButton``, on every screen, reached by the keypad like every top-bar switch and
inside reach mode's band with the top bar) and the banner under the top bar
(``HelpBanner``) that tells what became of the call (``SessionView.help``,
``kiosk.flow.help``): being sent, someone is coming, staff are on the way, or it could not be
sent and the patient should go to the counter. ``help_text`` is the banner's words, which the
window also says when voice is on.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.events import HelpStage
from kiosk.qt import theme
from kiosk.qt.widgets import button, label, set_role

_TEXTS = {
    HelpStage.SENDING: QT_TRANSLATE_NOOP("Help", "Calling a member of staff…"),
    HelpStage.COMING: QT_TRANSLATE_NOOP(
        "Help", "Someone is coming to help you. Please stay at this kiosk."),
    HelpStage.ON_THE_WAY: QT_TRANSLATE_NOOP(
        "Help", "A member of staff is on the way to you."),
    HelpStage.FAILED: QT_TRANSLATE_NOOP(
        "Help", "We could not call a member of staff. Please go to the counter for help."),
}


def help_text(stage: HelpStage | None) -> str:
    """What the kiosk tells the patient about the call for help, in the current language."""
    return "" if stage is None else QCoreApplication.translate("Help", _TEXTS[stage])


def help_button() -> QPushButton:
    """The top bar's "call for help" button (``translate_button`` words it)."""
    widget = button("bar")
    widget.setObjectName("helpButton")
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    translate_button(widget)
    return widget


def place_help_button(widget: QPushButton, row: QBoxLayout, names: QBoxLayout,
                      in_row: bool) -> None:
    """The help button first in the top bar's switches' ``row``, or last beside the
    ``names``."""
    row.removeWidget(widget)
    names.removeWidget(widget)
    if in_row:
        row.insertWidget(0, widget, 0)
    else:
        names.addWidget(widget, 0)


def names_shown(reach: bool, stage: HelpStage | None) -> bool:
    """Whether the top bar shows the hospital's and the patient's names: not while the help
    banner is up in reach mode, whose band is short (the banner takes the names' rows)."""
    return not (reach and stage is not None)


def dock_banner(banner: HelpBanner, column: QBoxLayout, top_bar: QWidget, grid: QGridLayout,
                names: QBoxLayout, *, in_top_bar: bool) -> None:
    """Put the banner in the place of the top bar's ``names`` (its first cell of ``grid``;
    reach mode: ``names_shown``), or back under ``top_bar`` in the window's ``column``."""
    for i in range(names.count()):
        widget = names.itemAt(i).widget()
        if widget is not None and not isinstance(widget, QPushButton):
            widget.setVisible(not in_top_bar)
    if in_top_bar and grid.indexOf(banner) < 0:
        column.removeWidget(banner)
        grid.addWidget(banner, 0, 0)
    elif not in_top_bar and column.indexOf(banner) < 0:
        grid.removeWidget(banner)
        column.insertWidget(column.indexOf(top_bar) + 2, banner)  # under the care offer


def translate_button(widget: QPushButton) -> None:
    widget.setText(QCoreApplication.translate("Help", "Help"))


class HelpBanner(QFrame):
    """The call for help's state under the top bar; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpBanner")
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 8, 32, 8)
        self.text = label("notice")
        box.addWidget(self.text)
        # its own colours, also when docked on the top bar (whose labels are drawn on its blue)
        self.setStyleSheet("".join(
            f'QLabel[role="{role}"] {{ background-color: {theme.PALETTE[role]}; '
            f'color: {theme.PALETTE["on_" + role]}; }}' for role in ("notice", "alert")))
        self._stage: HelpStage | None = None
        self.hide()

    @property
    def stage(self) -> HelpStage | None:
        return self._stage

    def show_stage(self, stage: HelpStage | None) -> bool:
        """Show ``stage``; True when it changed (the window then says it)."""
        changed, self._stage = stage != self._stage, stage
        set_role(self.text, "alert" if stage == HelpStage.FAILED else "notice")
        self.translateUI()
        self.setVisible(stage is not None)
        return changed

    def translateUI(self) -> None:
        self.text.setText(help_text(self._stage))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)
