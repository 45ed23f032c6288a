"""Which connection event a change of state gives (pure), and the events' JSON."""

from __future__ import annotations

import pytest

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode, ScannerKind
from kiosk.scanner.events import (
    CONNECTED,
    ScanEvent,
    availability_event,
)
from kiosk.scanner.events import ScanEventKind as K

NO = ScannerErrorCode.NO_SCANNER
BUSY = ScannerErrorCode.SCANNER_UNAVAILABLE
GONE = ScannerErrorCode.SCANNER_REMOVED

CASES = [
    # (told, now, event)
    (None, CONNECTED, K.SCANNER_CONNECTED),
    (None, NO, K.SCANNER_MISSING),
    (None, BUSY, K.SCANNER_MISSING),
    (None, GONE, None),  # cannot be lost before it was there
    (CONNECTED, CONNECTED, None),
    (CONNECTED, GONE, K.SCANNER_REMOVED),
    (CONNECTED, NO, K.SCANNER_MISSING),
    (CONNECTED, BUSY, K.SCANNER_MISSING),
    (NO, NO, None),  # never repeated while the watcher retries
    (NO, BUSY, K.SCANNER_MISSING),  # a different reason is news
    (NO, CONNECTED, K.SCANNER_CONNECTED),
    (NO, GONE, None),
    (BUSY, BUSY, None),
    (BUSY, NO, K.SCANNER_MISSING),
    (BUSY, CONNECTED, K.SCANNER_CONNECTED),
    (BUSY, GONE, None),
    (GONE, NO, None),  # told "removed"; that it is still away is no news
    (GONE, GONE, None),
    (GONE, BUSY, K.SCANNER_MISSING),
    (GONE, CONNECTED, K.SCANNER_CONNECTED),
]


@pytest.mark.parametrize(("told", "now", "expected"), CASES)
def test_availability_event(told, now, expected):
    assert availability_event(told, now) is expected


def test_every_pair_of_states_is_covered():
    states = [None, CONNECTED, NO, BUSY, GONE]
    assert {(t, n) for t, n, _ in CASES} >= {(t, n) for t in states for n in states[1:]}


def test_event_json_has_lengths_and_kinds_and_the_text_only_on_request():
    event = ScanEvent(K.CODE_SCANNED, "/dev/ttyACM0",
                      code=ScannedCode("OPAQUE-TOKEN", ScannerKind.SERIAL))
    assert event.to_dict() == {"event": "code_scanned", "scanner": "/dev/ttyACM0",
                               "source": "serial", "length": 12}
    assert event.to_dict(with_text=True)["text"] == "OPAQUE-TOKEN"
    assert "OPAQUE" not in repr(event)
    missing = ScanEvent(K.SCANNER_MISSING, "x", error=NO, detail="x: not found")
    assert missing.to_dict() == {"event": "scanner_missing", "scanner": "x",
                                 "error": "no_scanner", "detail": "x: not found"}


def test_scanner_error_round_trips_through_pickle():
    import pickle

    error = pickle.loads(pickle.dumps(ScannerError(BUSY, "in use")))
    assert error.code is BUSY and error.detail == "in use"
