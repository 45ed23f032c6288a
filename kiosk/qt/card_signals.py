"""Card events as queued Qt signals: the bridge from the reader watcher's thread to the GUI.

``CardSignals`` is the ``ReaderEventListener`` handed to ``kiosk.card.ReaderWatcher``. Its
``on_event`` is called ON THE WATCHER THREAD; it only emits ``event`` (a ``ReaderEvent``,
passed on untouched: the kit knows no card types),
and Qt queues the signal to the receivers' thread, so slots connected from the GUI thread run
on the GUI thread, in the order the watcher saw the events. Nothing here touches a widget.

Threads: create it and connect to ``event`` on the GUI thread; ``on_event`` from the watcher.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class CardSignals(QObject):
    """Re-emits each ``ReaderEvent`` as the Qt signal ``event``."""

    event = Signal(object)

    def on_event(self, event: object) -> None:  # watcher thread
        self.event.emit(event)


__all__ = ["CardSignals"]
