"""The card layer: reads the insurance card on the PC/SC stack and watches the readers.

Public API: ``read_insurance_card(reader=None, timeout=5.0, challenge=None) -> CardRecord``
(raises ``CardError``; blocking, never call it on the GUI thread; with a backend challenge the
record carries the card's INTERNAL AUTHENTICATE answer) and ``ReaderWatcher`` (its own thread,
reports ``ReaderEvent``s to a listener). ``kiosk.card.virtual`` is the vpcd test card.
Imports only ``kiosk.domain``.
"""

from kiosk.card.reader import read_insurance_card
from kiosk.card.transport import list_readers
from kiosk.card.watcher import EventKind, ReaderEvent, ReaderEventListener, ReaderWatcher

__all__ = ["EventKind", "ReaderEvent", "ReaderEventListener", "ReaderWatcher",
           "list_readers", "read_insurance_card"]
