"""The watcher's pure decisions: what a change of ``dwEventState`` or of the reader list means."""

from __future__ import annotations

from smartcard import scard

from kiosk.card.watcher import EventKind, ReaderEvent, card_events, reader_events

EMPTY = scard.SCARD_STATE_EMPTY
PRESENT = scard.SCARD_STATE_PRESENT


def state(flags: int, counter: int) -> int:
    return (counter << 16) | flags


def kinds(events):
    return [e.kind for e in events]


def test_insert_and_remove():
    inserted = card_events("R", state(EMPTY, 1), state(PRESENT, 2), b"\x3b\x68")
    assert inserted == [ReaderEvent(EventKind.CARD_INSERTED, "R", "3B68")]
    assert kinds(card_events("R", state(PRESENT, 2), state(EMPTY, 3))) == [EventKind.CARD_REMOVED]


def test_quick_swap_is_seen_through_the_event_counter():
    events = card_events("R", state(PRESENT, 2), state(PRESENT, 4), b"\x3b")
    assert kinds(events) == [EventKind.CARD_REMOVED, EventKind.CARD_INSERTED]


def test_no_change_no_event():
    assert card_events("R", state(PRESENT, 2), state(PRESENT | scard.SCARD_STATE_INUSE, 2)) == []
    assert card_events("R", state(EMPTY, 2), state(EMPTY, 2)) == []


def test_counters_of_a_new_context_are_not_compared():
    assert card_events("R", state(PRESENT, 9), state(PRESENT, 1), compare_counter=False) == []


def test_first_sight_of_a_card():
    assert kinds(card_events("R", scard.SCARD_STATE_UNAWARE, state(PRESENT, 0))) == [
        EventKind.CARD_INSERTED]


def test_reader_list_changes():
    events = reader_events(["A", "B"], ["B", "C"])
    assert events == [ReaderEvent(EventKind.READER_REMOVED, "A"),
                      ReaderEvent(EventKind.READER_ADDED, "C")]
    assert reader_events([], []) == []


def test_event_as_json():
    assert ReaderEvent(EventKind.SERVICE_UNAVAILABLE).to_dict() == {
        "event": "service_unavailable"}
    assert ReaderEvent(EventKind.CARD_INSERTED, "R", "3B").to_dict() == {
        "event": "card_inserted", "reader": "R", "atr": "3B"}
