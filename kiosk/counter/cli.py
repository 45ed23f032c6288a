"""``kiosk counter ...``: the console entry of the counter station (see ``kiosk.counter.app``)."""

from __future__ import annotations


def main(argv: list[str]) -> int:
    from kiosk.counter.app import main as app_main

    return app_main(argv)
