"""Whole setups through the step model (``kiosk.install.setup.flow.SetupFlow``), without a
widget: the happy path, going back, answers that hold a step, and each branch (a network
printer's address step, running the setup again on an installed kiosk), the reader pin, and
the token that stays with its backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.install import config as kconfig
from kiosk.install.pin import hash_pin, verify_pin
from kiosk.install.setup.flow import STEPS, SetupFlow, StepInvalid

URL = "https://credit.example.org"
READERS = ["ACS ACR39U 00 00", "Virtual PCD 00 00"]
PIN_OF_READER_0 = "ACS ACR39U *"


def problem(flow: SetupFlow) -> tuple[str, str] | None:
    found = flow.problem()
    return None if found is None else (found.code, found.key)


def refused(flow: SetupFlow) -> str:
    with pytest.raises(StepInvalid) as err:
        flow.next()
    return err.value.problem.code


def through_backend(flow: SetupFlow, url: str = URL, token: str = "tok-1") -> None:
    flow.answer(backend_url=url, token=token)
    assert flow.check_passed("backend", flow.backend_answers())  # the live test passed
    assert flow.next() == "reader"


def at_printer() -> SetupFlow:
    """A flow past the backend and the reader, on the printer step."""
    flow = SetupFlow()
    through_backend(flow)
    flow.answer(readers_seen=READERS, reader=READERS[0])
    assert flow.next() == "printer"
    return flow


def test_the_happy_path_writes_the_configuration() -> None:
    flow = SetupFlow()
    assert flow.current == "backend" and flow.path() == STEPS and flow.position() == (1, 5)
    assert not flow.can_go_back() and not flow.offers_next()
    through_backend(flow)
    flow.answer(readers_seen=READERS, reader=READERS[0])
    assert flow.next() == "printer"
    assert flow.next() == "display"  # "none" is the default printer
    flow.answer(orientation="landscape", language="en")
    assert flow.next() == "pin" and flow.is_last() and flow.position() == (5, 5)
    flow.answer(pin="135790", pin_again="135790")
    assert flow.next() is None and flow.done
    config = flow.config()
    assert (config.backend_url, config.token, config.reader) == (URL, "tok-1", PIN_OF_READER_0)
    assert (config.printer, config.orientation, config.language) == ("none", "landscape", "en")
    assert config.fullscreen and verify_pin("135790", config.admin_pin_hash)
    assert "135790" not in kconfig.dumps(config)
    assert config == kconfig.loads(kconfig.dumps(config))  # what it writes reads back


def test_going_back_keeps_the_answers_and_retraces_the_path() -> None:
    flow = at_printer()
    assert flow.back() == "reader" and flow.back() == "backend"
    assert flow.back() == "backend"  # nothing before the first step
    assert flow.problem() is None  # the passed test still counts for the same answers
    assert flow.next() == "reader" and flow.next() == "printer"
    assert not flow.done


@pytest.mark.parametrize(("answers", "code", "key"), [
    ({"backend_url": "ftp://x", "token": "t"}, "backend_url_invalid", "backend_url"),
    ({"backend_url": "http://credit.example.org", "token": "t"}, "backend_url_plain_http",
     "backend_url"),
    ({"backend_url": URL, "token": ""}, "token_missing", "token"),
    ({"backend_url": URL, "token": "a b"}, "token_invalid", "token"),
    ({"backend_url": URL, "token": "t", "client_cert": "/c.pem"}, "client_cert_needs_key",
     "client_cert"),
    ({"backend_url": URL, "token": "t"}, "not_tested", "backend_url"),
])
def test_backend_answers_that_hold_the_step(answers, code, key) -> None:
    flow = SetupFlow()
    flow.answer(**answers)
    assert problem(flow) == (code, key) and not flow.offers_next()
    assert refused(flow) == code and flow.current == "backend"


def test_a_test_passed_with_other_answers_does_not_count() -> None:
    flow = SetupFlow()
    flow.answer(backend_url=URL, token="old")
    tested = flow.backend_answers()
    flow.answer(token="new")  # typed on while the test ran
    assert not flow.check_passed("backend", tested)
    assert problem(flow) == ("not_tested", "backend_url")
    assert flow.check_passed("backend", flow.backend_answers())
    flow.answer(backend_url=URL + "/")
    assert problem(flow) == ("not_tested", "backend_url")  # changed again: test again


@pytest.mark.parametrize(("seen", "chosen", "code"), [
    (None, None, "no_pcsc_service"),
    ([], None, "no_reader"),
    (READERS, None, "reader_not_chosen"),
    (READERS, "Gone Reader 00 00", "reader_missing"),
    (READERS, "", "reader_not_chosen"),  # "any reader" is no longer a choice
    (READERS, "Virtual PCD 00 00", "reader_pin_virtual"),
    (["Virtual PCD 00 00"], "*", "reader_not_pinned"),
])
def test_the_reader_step_needs_a_reader_seen(seen, chosen, code) -> None:
    flow = SetupFlow()
    through_backend(flow)
    flow.answer(readers_seen=seen)
    if chosen is not None:
        flow.answer(reader=chosen)
    assert refused(flow) == code and not flow.offers_next()
    flow.answer(readers_seen=READERS, reader=READERS[0])  # plugged in, looked again
    assert flow.next() == "printer"


def test_a_network_printer_has_an_address_step_that_must_answer() -> None:
    flow = at_printer()
    flow.answer(printer="escpos")
    assert flow.path() == ("backend", "reader", "printer", "printer_address", "display",
                           "pin")
    assert flow.position() == (3, 6)
    assert flow.next() == "printer_address"
    flow.answer(printer_address="10.0.0.20")
    assert problem(flow) == ("printer_invalid", "printer_address")
    flow.answer(printer_address="10.0.0.20:9100")
    assert problem(flow) == ("not_tested", "printer_address")
    assert flow.check_passed("printer_address", "escpos:10.0.0.20:9100")
    assert flow.next() == "display"
    flow.next()
    flow.answer(pin="246810", pin_again="246810")
    assert flow.next() is None
    assert flow.config().printer == "escpos:10.0.0.20:9100"


def test_choosing_no_printer_after_all_skips_the_address_step() -> None:
    flow = at_printer()
    flow.answer(printer="escpos")
    assert flow.next() == "printer_address"
    assert flow.back() == "printer"
    flow.answer(printer="none")
    assert flow.next() == "display" and flow.path() == STEPS


@pytest.mark.parametrize(("choice", "seen", "code"), [
    ("qt:Front desk", ["Back office"], "printer_missing"),
    ("laser", None, "printer_invalid"),
    ("qt:", None, "printer_invalid"),
])
def test_a_printer_choice_that_holds_the_step(choice, seen, code) -> None:
    flow = at_printer()
    flow.answer(printer=choice, printers_seen=seen)
    assert refused(flow) == code


def test_a_qt_printer_seen_is_written_as_chosen() -> None:
    flow = at_printer()
    flow.answer(printer="qt:Front desk", printers_seen=["Front desk"])
    assert flow.next() == "display"
    flow.next()
    flow.answer(pin="246810", pin_again="246810")
    flow.next()
    assert flow.config().printer == "qt:Front desk" and flow.config().reader == PIN_OF_READER_0


@pytest.mark.parametrize(("pin", "again", "code"), [
    ("135790", "135791", "pins_differ"),
    ("12", "12", "pin_format"),
    ("1234", "1234", "pin_format"),
    ("12345", "12345", "pin_format"),
    ("12ab", "12ab", "pin_format"),
    ("", "", "pin_format"),
])
def test_pins_that_hold_the_last_step(pin, again, code) -> None:
    flow = at_printer()
    flow.next()
    flow.answer(orientation="sideways")
    assert flow.offers_next()  # typed answers: judged on "Next"
    assert refused(flow) == "orientation_invalid"
    flow.answer(orientation="portrait")
    flow.next()
    flow.answer(pin=pin, pin_again=again)
    assert flow.offers_next() and refused(flow) == code and not flow.done
    with pytest.raises(StepInvalid):
        flow.config()


def test_running_setup_again_starts_from_the_installed_answers(tmp_path: Path) -> None:
    existing = kconfig.validate({
        "backend_url": URL, "token": "tok-9", "admin_pin_hash": hash_pin("482913"),
        "reader": PIN_OF_READER_0, "printer": "escpos:10.0.0.9:9100", "orientation": "landscape",
        "language": "en", "data_dir": str(tmp_path), "screen_bottom_mm": 700,
        "pixel_mm": 0.2745})
    flow = SetupFlow(existing)
    assert flow.backend_answers()["token"] == "tok-9"
    assert problem(flow) == ("not_tested", "backend_url")  # the backend is tested again
    flow.check_passed("backend", flow.backend_answers())
    flow.next()
    flow.answer(readers_seen=READERS)
    assert flow.data["reader"] == PIN_OF_READER_0  # the installed pin, still matching
    flow.next()
    assert flow.next() == "printer_address"  # the network printer, tested again
    flow.check_passed("printer_address", flow.printer_spec())
    flow.next()
    flow.next()
    assert flow.next() is None  # both PINs empty: keep the current one
    config = flow.config()
    assert verify_pin("482913", config.admin_pin_hash)
    assert config.data_dir == str(tmp_path) and config.printer == "escpos:10.0.0.9:9100"
    assert config.reader == PIN_OF_READER_0
    assert (config.orientation, config.language) == ("landscape", "en")
    assert (config.screen_bottom_mm, config.pixel_mm) == (700.0, 0.2745)  # reach kept


@pytest.mark.parametrize(("bottom", "pixel", "code"), [
    ("700", "", "reach_needs_both"),
    ("", "0.2745", "reach_needs_both"),
    ("seven hundred", "0.2745", "reach_invalid"),
    ("-700", "0.2745", "reach_invalid"),
    ("3000", "0.2745", "reach_invalid"),  # above 2.5 m: a typo
    ("700", "nan", "reach_invalid"),
])
def test_reach_answers_that_hold_the_display_step(bottom, pixel, code) -> None:
    flow = at_printer()
    assert flow.next() == "display"
    flow.answer(screen_bottom_mm=bottom, pixel_mm=pixel)
    assert flow.offers_next() and refused(flow) == code


def test_reach_answers_reach_the_configuration_or_leave_the_lower_half() -> None:
    flow = at_printer()
    flow.next()
    flow.answer(screen_bottom_mm=" 700 ", pixel_mm="0,2745")  # a decimal comma too
    assert flow.next() == "pin"
    flow.answer(pin="135790", pin_again="135790")
    config = flow.config()
    assert (config.screen_bottom_mm, config.pixel_mm) == (700.0, 0.2745)
    flow.answer(screen_bottom_mm="", pixel_mm="")  # neither: reach mode's default band
    config = flow.config()
    assert (config.screen_bottom_mm, config.pixel_mm) == (None, None)


def test_a_certificate_file_that_is_gone_fails_the_result(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    flow = SetupFlow()
    flow.answer(backend_url=URL, token="t", ca_bundle=str(ca))
    flow.check_passed("backend", flow.backend_answers())
    flow.next()
    flow.answer(readers_seen=READERS, reader=READERS[0])
    for _ in range(3):
        flow.next()
    flow.answer(pin="246810", pin_again="246810")
    ca.unlink()
    assert flow.next() is None
    with pytest.raises(StepInvalid) as err:
        flow.config()
    assert (err.value.problem.code, err.value.problem.key) == ("file_missing", "ca_bundle")


def test_unknown_answers_are_refused() -> None:
    with pytest.raises(KeyError):
        SetupFlow().answer(colour="blue")


def test_changing_the_backend_url_clears_the_installed_token() -> None:
    existing = kconfig.validate({"backend_url": URL, "token": "tok-9",
                                 "admin_pin_hash": hash_pin("482913"),
                                 "reader": PIN_OF_READER_0})
    flow = SetupFlow(existing)
    flow.answer(backend_url=URL + "/", token="tok-9")  # the same backend, written otherwise
    assert flow.backend_answers()["token"] == "tok-9"
    flow.answer(backend_url="https://elsewhere.example", token="tok-9")
    assert flow.backend_answers()["token"] == ""  # it never goes to the new host
    assert problem(flow) == ("token_missing", "token")
    flow.answer(backend_url=URL, token="")  # and coming back does not bring it back
    assert problem(flow) == ("token_missing", "token")
    flow.answer(backend_url="https://elsewhere.example", token="tok-new")
    assert flow.check_passed("backend", flow.backend_answers())
    assert flow.backend_answers()["token"] == "tok-new"


def test_a_token_tested_with_one_backend_is_cleared_when_the_url_changes() -> None:
    flow = SetupFlow()
    flow.answer(token="tok-1")
    for partial in ("h", "https://cr", URL):  # typed after the token: nothing is cleared
        flow.answer(backend_url=partial)
    assert flow.backend_answers()["token"] == "tok-1"
    assert flow.check_passed("backend", flow.backend_answers())
    flow.answer(backend_url="https://credit.example.net")
    assert flow.backend_answers()["token"] == "" and not flow.offers_next()
