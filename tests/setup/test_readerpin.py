"""The reader pin (``kiosk.install.readerpin``), without a reader: which names a pin takes, which
pins are refused, which cards an installed kiosk refuses, and the listener in front of the
kiosk that drops card events while a virtual reader is present."""

from __future__ import annotations

import pytest

from kiosk.card.watcher import EventKind, ReaderEvent
from kiosk.install import readerpin

ACS = "ACS ACR39U ICC Reader 00 00"
ACS_OTHER_PORT = "ACS ACR39U ICC Reader 01 00"
VIRTUAL = "Virtual PCD 00 00"


def test_the_setup_pins_the_model_in_any_slot() -> None:
    pin = readerpin.pattern_for(ACS)
    assert pin == "ACS ACR39U ICC Reader *"
    assert readerpin.matches(pin, ACS) and readerpin.matches(pin, ACS_OTHER_PORT)
    assert not readerpin.matches(pin, "Gemalto PC Twin Reader 00 00")
    assert readerpin.pattern_for("Reader without slots") == "Reader without slots"
    assert readerpin.matches(ACS, ACS) and not readerpin.matches(ACS, ACS_OTHER_PORT)
    assert readerpin.matches("Reader [a] (1) *", "Reader [a] (1) 00 00")  # no other magic


@pytest.mark.parametrize(("pin", "code"), [
    ("", "reader_not_pinned"),
    ("  ", "reader_not_pinned"),
    ("*", "reader_not_pinned"),
    ("* *", "reader_not_pinned"),
    ("Virtual PCD *", "reader_pin_virtual"),
    ("Virtual*", "reader_pin_virtual"),
    ("*PCD 00 00", "reader_pin_virtual"),
    ("virtual pcd 00 00", "reader_pin_virtual"),
    ("ACS ACR39U ICC Reader *", None),
])
def test_pins_that_cannot_pin_an_installed_kiosk(pin: str, code: str | None) -> None:
    assert readerpin.pin_problem(pin) == code


def test_a_virtual_reader_never_matches_and_refuses_every_card() -> None:
    assert not readerpin.matches("*PCD*", VIRTUAL)
    pin = "ACS ACR39U ICC Reader *"
    assert readerpin.card_refusal(pin, ACS, [ACS]) is None
    assert readerpin.card_refusal(pin, ACS, [ACS, VIRTUAL]) == "virtual_reader_present"
    assert readerpin.card_refusal(pin, "Other 00 00", [ACS, "Other 00 00"]) == \
        "reader_not_pinned"


class Seen:
    def __init__(self) -> None:
        self.events: list[ReaderEvent] = []

    def on_event(self, event: ReaderEvent) -> None:
        self.events.append(event)


def test_the_pinned_listener_drops_cards_while_a_virtual_reader_is_present() -> None:
    seen, alarms = Seen(), []
    guard = readerpin.PinnedReaders(seen, "ACS ACR39U ICC Reader *", alarms.append)
    card_in = ReaderEvent(EventKind.CARD_INSERTED, ACS, "3b00")
    for event in (ReaderEvent(EventKind.READER_ADDED, ACS),
                  ReaderEvent(EventKind.READER_ADDED, "Other 00 00"),
                  ReaderEvent(EventKind.CARD_INSERTED, "Other 00 00", "3b00"),
                  card_in, ReaderEvent(EventKind.CARD_REMOVED, ACS)):
        guard.on_event(event)
    assert [(e.kind, e.reader) for e in seen.events] == [
        (EventKind.READER_ADDED, ACS), (EventKind.CARD_INSERTED, ACS),
        (EventKind.CARD_REMOVED, ACS)]
    assert alarms == [] and not guard.virtual_present

    seen.events.clear()
    guard.on_event(ReaderEvent(EventKind.READER_ADDED, VIRTUAL))
    assert alarms == [True] and guard.virtual_present
    guard.on_event(ReaderEvent(EventKind.CARD_INSERTED, VIRTUAL, "3b00"))
    guard.on_event(card_in)  # even in the pinned reader
    assert seen.events == []
    guard.on_event(ReaderEvent(EventKind.SERVICE_UNAVAILABLE))
    assert alarms == [True, False]  # the service took every reader with it
    assert seen.events == [ReaderEvent(EventKind.SERVICE_UNAVAILABLE)]
    for event in (ReaderEvent(EventKind.READER_ADDED, ACS),
                  ReaderEvent(EventKind.READER_ADDED, VIRTUAL)):
        guard.on_event(event)
    guard.on_event(ReaderEvent(EventKind.READER_REMOVED, VIRTUAL))
    guard.on_event(card_in)
    assert alarms == [True, False, True, False] and seen.events[-1] == card_in
