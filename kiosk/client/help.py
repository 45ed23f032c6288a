"""Calls for help and the fleet view, as the kiosk and the counter ask the backend for them
(docs/api.md "Calls for help", "Fleet"): the answers' dataclasses, their strict parsers and
one function per call.

A kiosk asks with its token alone (``ask_for_help``: the screen's name, nothing about the
patient) and follows its request (``help_request``); staff list the open requests
(``open_help_requests``), acknowledge one (``acknowledge_help``) and read the fleet
(``fleet``). Each call is bounded by ``HELP_DEADLINE`` and sent once: a call for help that
cannot be sent is said at once, never retried behind the patient's back.

Threads: every call blocks up to its deadline: worker threads only, never the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.client.api import BackendClient
from kiosk.client.models import _Obj, _root
from kiosk.client.transport import path_of

HELP_DEADLINE = 5.0  # seconds: the patient is waiting to hear whether anyone is coming


@dataclass(frozen=True, slots=True)
class HelpRequest:
    help_id: int
    kiosk: str
    location: str | None
    screen: str
    age_seconds: int
    acknowledged: bool


@dataclass(frozen=True, slots=True)
class FleetKiosk:
    """One kiosk's latest heartbeat and the problems a supervisor acts on."""

    kiosk: str
    silent_seconds: int
    version: str
    reader_state: str
    printer_state: str
    paper: str
    outbox_depth: int
    last_error_code: str | None
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fleet:
    kiosks: tuple[FleetKiosk, ...]
    silent_after_seconds: int


def _help(o: _Obj) -> HelpRequest:
    return HelpRequest(help_id=o.int("help_id", minimum=1), kiosk=o.str("kiosk"),
                       location=o.opt_str("location"), screen=o.str("screen"),
                       age_seconds=o.int("age_seconds", minimum=0),
                       acknowledged=o.str("state") == "acknowledged")


def parse_help_request(data: Any) -> HelpRequest:
    return _help(_root(data))


def parse_help_requests(data: Any) -> tuple[HelpRequest, ...]:
    return _root(data).list("help_requests", _help)


def _fleet_kiosk(o: _Obj) -> FleetKiosk:
    return FleetKiosk(kiosk=o.str("kiosk"), silent_seconds=o.int("silent_seconds", minimum=0),
                      version=o.str("version"), reader_state=o.str("reader_state"),
                      printer_state=o.str("printer_state"), paper=o.str("paper"),
                      outbox_depth=o.int("outbox_depth", minimum=0),
                      last_error_code=o.opt_str("last_error_code"),
                      problems=o.str_list("problems"))


def parse_fleet(data: Any) -> Fleet:
    root = _root(data)
    return Fleet(kiosks=root.list("kiosks", _fleet_kiosk),
                 silent_after_seconds=root.int("silent_after_seconds", minimum=0))


def ask_for_help(client: BackendClient, screen: str) -> HelpRequest:
    """The kiosk's open request (made now, or the one already open: never a second)."""
    return client._call("POST", "/v1/help-requests", "ask_for_help", parse_help_request,
                        body={"screen": screen}, deadline=HELP_DEADLINE)


def help_request(client: BackendClient, help_id: int) -> HelpRequest:
    """The kiosk's own request as it stands (acknowledged yet?)."""
    return client._call("GET", path_of("v1", "help-requests", help_id), "help_request",
                        parse_help_request, deadline=HELP_DEADLINE)


def open_help_requests(client: BackendClient) -> tuple[HelpRequest, ...]:
    """Staff: the open requests, oldest first."""
    return client._call("GET", "/v1/help-requests?open=1", "open_help_requests",
                        parse_help_requests, deadline=HELP_DEADLINE)


def acknowledge_help(client: BackendClient, help_id: int) -> HelpRequest:
    """Staff: someone is on the way (acknowledging twice is harmless)."""
    return client._call("POST", path_of("v1", "help-requests", help_id, "acknowledgement"),
                        "acknowledge_help", parse_help_request, deadline=HELP_DEADLINE)


def fleet(client: BackendClient) -> Fleet:
    """Supervisors: every kiosk's latest heartbeat, those with problems first."""
    return client._call("GET", "/v1/fleet", "fleet", parse_fleet, deadline=HELP_DEADLINE)
