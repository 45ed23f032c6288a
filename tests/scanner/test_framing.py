"""The serial scanner's framing and the code checks, directly (pure)."""

from __future__ import annotations

import pytest

from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode, ScannerKind
from kiosk.scanner.framing import LineFramer, check_code, decode_line


def texts(items: list[ScannedCode | ScannerError]) -> list[str]:
    return [i.text if isinstance(i, ScannedCode) else f"!{i.code.value}" for i in items]


@pytest.mark.parametrize("stream", [
    b"ABC123\r", b"ABC123\n", b"ABC123\r\n", b"\r\nABC123\r\n\r\n",
])
def test_every_terminator_ends_a_code_and_empty_lines_are_dropped(stream):
    assert texts(LineFramer().feed(stream)) == ["ABC123"]


def test_codes_split_at_every_byte_boundary_come_out_the_same():
    stream = b"first-code\r\nsecond\rthird\n"
    for cut in range(len(stream) + 1):
        for cut2 in range(cut, len(stream) + 1):
            framer = LineFramer()
            out = framer.feed(stream[:cut]) + framer.feed(stream[cut:cut2])
            out += framer.feed(stream[cut2:])
            assert texts(out) == ["first-code", "second", "third"], (cut, cut2)
            assert not framer.pending


def test_a_crlf_split_between_reads_gives_no_empty_code():
    framer = LineFramer()
    assert texts(framer.feed(b"CODE\r")) == ["CODE"]
    assert framer.feed(b"\n") == []
    assert texts(framer.feed(b"NEXT\r\n")) == ["NEXT"]


def test_a_code_without_terminator_is_pending_and_abandoned_as_unreadable():
    framer = LineFramer()
    assert framer.feed(b"half") == []
    assert framer.pending
    error = framer.abandon()
    assert isinstance(error, ScannerError) and error.code is ScannerErrorCode.UNREADABLE
    assert "4 bytes" in error.detail
    assert not framer.pending
    assert framer.abandon() is None


def test_an_overlong_line_is_one_unreadable_scan_and_the_next_code_is_whole():
    framer = LineFramer(max_length=8)
    out = framer.feed(b"0123456789ABCDEF" * 4)
    assert texts(out) == ["!unreadable"]
    assert framer.pending
    assert texts(framer.feed(b"MORE\r\nok\r\n")) == ["ok"]


def test_invalid_utf8_and_control_characters_are_unreadable_without_content_in_detail():
    framer = LineFramer()
    out = framer.feed(b"\xff\xfesecret\r\n" + b"se\x07cret\r\n" + "医保-ok\r\n".encode())
    assert texts(out) == ["!unreadable", "!unreadable", "医保-ok"]
    assert all("secret" not in i.detail for i in out if isinstance(i, ScannerError))


def test_check_code_bounds():
    assert isinstance(check_code("x" * 10, ScannerKind.CAMERA, max_length=10), ScannedCode)
    too_long = check_code("x" * 11, ScannerKind.CAMERA, max_length=10)
    assert isinstance(too_long, ScannerError) and "11" in too_long.detail
    assert isinstance(check_code("", ScannerKind.KEYBOARD), ScannerError)
    assert isinstance(check_code("a\u0085b", ScannerKind.KEYBOARD), ScannerError)
    assert isinstance(decode_line(b"plain", ScannerKind.SERIAL), ScannedCode)


def test_a_scanned_code_never_shows_its_text():
    code = ScannedCode("TOKEN-SECRET-123", ScannerKind.SERIAL)
    for shown in (repr(code), str(code), f"{code}", repr([code])):
        assert "SECRET" not in shown
        assert "length=16" in shown
