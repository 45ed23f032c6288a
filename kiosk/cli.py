"""The ``kiosk`` console command: dispatches subcommands to the room that owns them.

Each room keeps its own command-line module with a ``main(argv) -> int`` function, imported
only when its subcommand is used, so ``kiosk card read`` never loads the backend service and
``kiosk server`` never loads Qt.
"""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "app": ("kiosk.app", "start the patient kiosk (the default with no command)"),
    "card": ("kiosk.card.cli", "read the insurance card and watch the reader"),
    "scanner": ("kiosk.scanner.cli", "watch the QR scanner, read one code, run a virtual one"),
    "server": ("kiosk.server.cli", "run and manage the credit-eligibility backend"),
    "counter": ("kiosk.counter.cli", "start the payment counter's staff application"),
    "demo": ("kiosk.demo.cli", "demo machines: `kiosk demo info` (backend address, logins)"),
    "self-test": ("kiosk.install.selftest",
                  "check Qt, fonts, translations, PC/SC, journal, printer, backend"),
    "setup": ("kiosk.install.setup.cli", "first-run setup, or --from-file FILE for roll-out"),
    "admin": ("kiosk.install.admin.cli", "status and diagnostics bundle for hospital IT"),
}


def _usage() -> str:
    lines = ["usage: kiosk <command> [options]", "", "commands:"]
    lines += [f"  {name:<8} {help_text}" for name, (_, help_text) in SUBCOMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["app"]  # a bare ``kiosk`` starts the installed kiosk (``--demo``: the demo)
    if args[0] == "--self-test":
        args[0] = "self-test"  # ``kiosk --self-test``, what installers and CI run
    if args[0] in {"-h", "--help"}:
        print(_usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"kiosk: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(SUBCOMMANDS[name][0])
    except ModuleNotFoundError as error:
        if not getattr(sys, "frozen", False) or not (error.name or "").startswith("kiosk."):
            raise
        # the packaged kiosk leaves the demo room (and the virtual card) out on purpose
        print(f"kiosk: {name!r} is not part of this build", file=sys.stderr)
        return 2
    return int(module.main(rest) or 0)
