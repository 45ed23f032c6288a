"""``kiosk --self-test``: can this installed kiosk run? The health checks, without a screen.

One line per check of ``kiosk.install.health``, ``<name>: ok[ (detail)]`` or
``<name>: FAIL: <code>[ (detail)]``, then ``self-test: ok`` or ``self-test: FAIL (n check(s)
failed)``; exit status 1 if any check failed, 0 otherwise. The checks, in order: ``config``,
``qt``, ``font``, ``translations``, ``speech`` (the voice renders a Mandarin phrase),
``reader``, ``scanner`` (only where a QR scanner is configured: it opens, or what the
installer should do), ``journal``, ``printer`` (the printer string only: an unreachable
printer never keeps the kiosk from starting), ``backend``, ``backend-auth``.

Codes and counts only, never tokens or personal data.
Threads: the main thread; the checks block (there is no event loop yet).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from kiosk.install import config as kconfig
from kiosk.install import health
from kiosk.install.health import CheckResult

SAFETY = ("tls", "pin", "reader-pin", "virtual-reader")


def data_dir(config: kconfig.KioskConfig | None) -> Path:
    if config and config.data_dir:
        return Path(config.data_dir)
    if os.environ.get("KIOSK_DATA_DIR"):
        return Path(os.environ["KIOSK_DATA_DIR"])
    return kconfig.default_data_dir()


def line(result: CheckResult) -> str:
    if result.ok:
        return f"{result.name}: ok" + (f" ({result.detail})" if result.detail else "")
    return f"{result.name}: FAIL: {result.code}" + (f" ({result.detail})" if result.detail
                                                     else "")


def results() -> list[CheckResult]:
    config_result, config = health.check_config()
    wanted = config.reader if config else ""
    out = [config_result]
    if config is not None:
        out += health.safety_checks(config)
    else:
        out += [health.failed(name, "no_config") for name in SAFETY]
    out += health.run_checks([
        ("qt", health.check_qt),
        ("font", health.check_fonts),
        ("translations", health.check_translations),
        ("speech", health.check_speech),
        ("reader", lambda: health.check_reader(wanted)),
    ])
    out += health.scanner_checks(config.scanner if config else "")
    out += health.run_checks([
        ("journal", lambda: health.check_journal_dir(data_dir(config))),
        ("printer", lambda: health.check_printer(config.printer if config else "none",
                                                 reach=False)),
    ])
    backend = health.check_backend_config(config)
    clock = (health.run_checks([("clock", lambda: health.check_clock(config))])
             if backend[0].ok else [health.failed("clock", "not_reached")])
    return out + backend + clock


def run(out: Callable[[str], None] = print) -> int:
    checked = results()
    for result in checked:
        out(line(result))
    failures = sum(not result.ok for result in checked)
    out("self-test: " + ("ok" if not failures else f"FAIL ({failures} check(s) failed)"))
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """``kiosk --self-test [--output FILE]``: the lines on stdout, and in FILE if given (the
    Windows build has no console)."""
    parser = argparse.ArgumentParser(prog="kiosk --self-test")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    lines: list[str] = []

    def out(text: str) -> None:
        lines.append(text)
        print(text, flush=True)

    code = run(out)
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return code
