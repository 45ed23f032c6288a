"""The runner's side of a call for help: the blocking calls behind ``RequestHelp`` and
``CheckHelp`` (``kiosk.client.help``), answered as the session's events. A call that does
not get through is ``HelpFailed``, never an exception: the patient is told at once to go to
the counter (a request) or the next check follows (an open request).

Threads: the functions block up to ``kiosk.client.help.HELP_DEADLINE``: worker threads only.
"""

from __future__ import annotations

import logging

from kiosk.client.api import BackendClient
from kiosk.client.errors import BackendError
from kiosk.client.help import ask_for_help, help_request
from kiosk.flow.events import CheckHelp, Event, HelpAnswered, HelpFailed, RequestHelp

log = logging.getLogger(__name__)


def request_help(client: BackendClient, effect: RequestHelp) -> tuple[Event, ...]:
    try:
        asked = ask_for_help(client, effect.screen)
    except BackendError as error:
        log.warning("call for help on screen %s not sent: %s", effect.screen,
                    type(error).__name__)
        return (HelpFailed(),)
    log.info("call for help %d on screen %s", asked.help_id, effect.screen)
    return (HelpAnswered(asked.help_id, asked.acknowledged),)


def check_help(client: BackendClient, effect: CheckHelp) -> tuple[Event, ...]:
    try:
        asked = help_request(client, effect.help_id)
    except BackendError as error:
        log.info("call for help %d not checked: %s", effect.help_id, type(error).__name__)
        return (HelpFailed(effect.help_id),)
    return (HelpAnswered(asked.help_id, asked.acknowledged),)
