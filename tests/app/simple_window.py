"""A minimal window for the glue tests: the ``MainWindow`` interface and nothing else.

``show_view(view)`` records what the controller showed; ``intent`` is the signal the real
window emits with the patient's intents. The journeys use the real ``MainWindow``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class SimpleWindow(QWidget):
    intent = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.views: list[Any] = []

    def show_view(self, view: Any) -> None:
        self.views.append(view)

    @property
    def view(self) -> Any:
        return self.views[-1] if self.views else None
