"""What every counter screen is built from: labels, buttons and tables set up alike, and the
``CounterScreen`` base whose ``translateUI`` runs again on ``LanguageChange``.

Threads: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kiosk.client.models import Department
from kiosk.counter.i18n import current_language


def label(name: str = "", *, wrap: bool = True, role: str = "") -> QLabel:
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        widget.setObjectName(name)
    if role:
        widget.setProperty("role", role)
    return widget


def button(name: str, role: str = "") -> QPushButton:
    widget = QPushButton()
    widget.setObjectName(name)
    widget.setMinimumHeight(34)
    if role:
        widget.setProperty("role", role)
    return widget


def table(name: str, columns: int) -> QTableWidget:
    widget = QTableWidget(0, columns)
    widget.setObjectName(name)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.verticalHeader().setVisible(False)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return widget


def fill(grid: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
    """Rows of (id, cells); the id rides in the first cell's user data."""
    grid.setRowCount(len(rows))
    for r, (row_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, row_id)
            grid.setItem(r, c, item)
    if rows:
        grid.selectRow(0)


def selected_id(grid: QTableWidget) -> int | None:
    rows = grid.selectionModel().selectedRows() if grid.selectionModel() else []
    if not rows:
        return None
    item = grid.item(rows[0].row(), 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def department_name(departments: tuple[Department, ...], code: str | None) -> str:
    """A department's name in the counter's language ("—" for none; the code only for a
    department the backend did not list)."""
    if not code:
        return "—"
    en = current_language() == "en"
    return next((d.name_en if en else d.name_zh for d in departments if d.code == code), code)


def date_text(value: object) -> str:
    return value.isoformat() if value is not None else "—"  # type: ignore[attr-defined]


class CounterScreen(QWidget):
    """Base: ``translateUI`` on language change."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)

    def translateUI(self) -> None:
        raise NotImplementedError
